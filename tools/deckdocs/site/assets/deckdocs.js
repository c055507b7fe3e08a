/* deckdocs: small accessibility fixes Material leaves to the site, and search highlighting on
 * pages opened from disk (runs after every page load, instant navigation included). */
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

  // Slide pictures: readers who only want the text hide them all; the choice is remembered.
  var SLIDES_KEY = "deckdocs.slidePictures";
  var root = document.documentElement;

  function slidesHidden() {
    try {
      return window.localStorage.getItem(SLIDES_KEY) === "hidden";
    } catch (e) {
      return false;  // storage blocked: pictures stay shown
    }
  }

  function showSlides(show) {
    root.classList.toggle("dd-slides-hidden", !show);
    document.querySelectorAll(".dd-slides-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", show ? "false" : "true");
      button.textContent = show ? "隐藏幻灯片图片" : "显示幻灯片图片";
    });
  }

  function addSlidesToggle() {
    var first = document.querySelector("article figure.dd-slide-picture");
    if (!first || document.querySelector(".dd-slides-toggle")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "dd-slides-toggle md-button";
    button.addEventListener("click", function () {
      var show = root.classList.contains("dd-slides-hidden");
      try {
        window.localStorage.setItem(SLIDES_KEY, show ? "shown" : "hidden");
      } catch (e) {
        // storage blocked: the choice holds for this page only
      }
      showSlides(show);
    });
    var heading = document.querySelector("article h1");
    (heading || first).insertAdjacentElement(heading ? "afterend" : "beforebegin", button);
    showSlides(!slidesHidden());
  }

  root.classList.toggle("dd-slides-hidden", slidesHidden());

  // Search highlighting from disk. Material marks the words of a result link's ?h= only once it
  // has the search index, which it never loads on a page opened from file:// (only the search
  // box does); the words are marked here then, as Material marks them (mark[data-md-highlight]).
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function highlightFromDisk() {
    if (location.protocol !== "file:" || document.querySelector("mark[data-md-highlight]")) return;
    var query = new URLSearchParams(location.search).get("h") || "";
    var terms = query.split(/\s+/).filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var content = document.querySelector('[data-md-component="content"]');
    if (!terms.length || !content) return;
    var pattern = new RegExp(terms.map(escapeRegExp).join("|"), "gi");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent && parent.offsetHeight && !parent.closest("script, style, mark") && pattern.test(node.data)) {
        found.push(node);
      }
      pattern.lastIndex = 0;
    }
    found.forEach(function (text) {
      var fragment = document.createDocumentFragment();
      var last = 0;
      text.data.replace(pattern, function (match, at) {
        fragment.appendChild(document.createTextNode(text.data.slice(last, at)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match;
        fragment.appendChild(mark);
        last = at + match.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(text.data.slice(last)));
      text.replaceWith(fragment);
    });
  }

  function onPage() {
    fix();
    highlightFromDisk();
    addSlidesToggle();
  }

  if (window.document$ && location.protocol !== "file:") {
    window.document$.subscribe(onPage);  // Material's page-load observable
  } else if (document.readyState === "loading") {
    // From disk Material's document$ never fires here (and instant navigation is off there).
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
