// Corpus pages. A passage used to live at /sources/<slug>/#p-<anchor>; now that episodes have
// their own pages, a fragment this page does not hold goes through the passage's permalink.
(function () {
  "use strict";
  var match = /^#p-([a-z0-9-]+)$/.exec(window.location.hash);
  if (match && !document.getElementById("p-" + match[1])) {
    window.location.replace("/p/" + match[1] + "/");
  }
})();
