// Copy a preview link's address (templates/admin/articles/article/preview_links.html);
// selecting the field by hand works where the clipboard is refused. A file of its own:
// the admin's Content Security Policy runs no inline script without a nonce. "Copied" is
// in the admin's language: the page loads the admin's JavaScript catalog (admin:jsi18n).
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      field.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = gettext("Copied");
        });
      }
    });
  });
})();
