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
})();
