// Keyboard access to what Material builds at run time (tests/browser/test_accessibility.py).
//
// Material wraps each table in a box that scrolls sideways when the table is wider than the page. A keyboard user
// can only scroll it if it can take the focus (WCAG 2.1.1): such a box becomes a focusable, named region.
(function () {
  "use strict";

  function headingBefore(element) {
    var found = null;
    document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3").forEach(function (heading) {
      if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) found = heading;
    });
    return found ? found.textContent.replace(/[¶#]\s*$/, "").trim() : document.title;
  }

  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", headingBefore(box));
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 100);
  }
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true); // a table in a <details> only has a width once opened
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      setTimeout(update, 0);
    }); // after Material has wrapped the tables
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
})();
