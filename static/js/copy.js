// "Copy" buttons: the regulator-form page, the peer link, the supervision agenda.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-copy");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-target"));
    var done = function () {
      var original = button.innerHTML;
      button.textContent = "Copied";
      window.setTimeout(function () { button.innerHTML = original; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done);
    } else {
      field.select();
      document.execCommand("copy");
      done();
    }
  });
})();

// "Print" buttons (the supervision agenda).
document.addEventListener("click", function (event) {
  if (event.target.closest(".js-print")) window.print();
});
