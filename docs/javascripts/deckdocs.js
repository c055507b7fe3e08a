/* deckdocs: small accessibility fixes Material leaves to the site (runs after every page load,
 * instant navigation included). */
(function () {
  "use strict";

  function fix() {
    // The search overlay is a dialog; a dialog needs a name (axe: aria-dialog-name).
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
      dialog.setAttribute("aria-label", "搜索");
    });
    // Material wraps wide tables in a box that scrolls sideways; keyboard users must be able to
    // focus it to scroll it (WCAG 2.1.1; axe: scrollable-region-focusable).
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "表格（可左右滚动）");
    });
  }

  if (window.document$) {
    window.document$.subscribe(fix);  // Material's page-load observable
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();
