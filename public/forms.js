// One submission per tap: while a form is on its way, further submits of that
// form are ignored and its buttons say so (the server also ignores a repeated
// one-time token, see src/server/submissions.rs). Works without this file too.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (button) {
    button.setAttribute("aria-disabled", "true");
  });
});
// Coming back with the back button shows the page as it was left: sendable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sending]").forEach(function (form) {
    delete form.dataset.sending;
    form.querySelectorAll("button[aria-disabled]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
  });
});
