// The email code page: "Send a new code" is greyed while allauth would refuse another code,
// and offered again once the wait the server gave (data-wait-seconds) is over. Without
// JavaScript, the page says from when, and reloading it offers the button.
(function () {
  "use strict";
  var button = document.querySelector("button[data-wait-seconds]");
  if (!button) return;
  var wait = parseInt(button.getAttribute("data-wait-seconds"), 10) || 0;
  window.setTimeout(function () {
    button.disabled = false;
    button.removeAttribute("aria-describedby");
    var note = document.getElementById("resend-when");
    if (note) note.hidden = true;
  }, wait * 1000);
})();
