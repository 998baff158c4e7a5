/* Accessibility fixes for Material markup we cannot change without copying its files.
   Material's search overlay has role="dialog" but no accessible name (axe/Lighthouse
   "aria-dialog-name"); name it after its own search field's label. */
(function () {
  "use strict";
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameSearchDialog);
  } else {
    nameSearchDialog();
  }
})();
