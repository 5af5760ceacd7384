// Site-wide behaviour. Page-specific scripts live in their own files.
(function () {
  "use strict";
  // Forms with data-confirm ask before doing something destructive.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // An entry's page after a save: the editor's copy on this device has reached the server.
  var saved = document.getElementById("entry-saved");
  if (saved) {
    try {
      ["cpd-editor:" + saved.getAttribute("data-entry-id"), "cpd-editor:new"].forEach(function (key) {
        var kept = JSON.parse(window.localStorage.getItem(key) || "null");
        var mine = kept && kept.submitted &&
          (key !== "cpd-editor:new" || kept.formKey === saved.getAttribute("data-form-key"));
        if (mine) window.localStorage.removeItem(key);
      });
    } catch (e) { /* no storage: nothing to clear */ }
  }
})();
