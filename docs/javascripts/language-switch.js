// Material's instant navigation swaps the page but keeps the header and <html lang>: after each swap, point the
// language switch at the new page in each language (the links Material copies into <head>; see
// docs/overrides/main.html) and set <html lang> to the new page's language.
// A file rather than an inline script, so the Content-Security-Policy needs no hash for it (site_scripts/hooks/csp.py).
(function () {
  "use strict";
  // A page's address without its "index.html", as a link to it and the address bar may differ only by that.
  function pathOf(url) {
    return new URL(url, location.href).pathname.replace(/index\.html$/, "");
  }

  function pointSwitch() {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var alternate = document.head.querySelector('link[rel="mpkj-alternate"][hreflang="' + link.hreflang + '"]');
      if (alternate) link.href = alternate.href;
    });
    // Material keeps the first page's <html lang> too: take the language of the page's own alternate link (the
    // one to this address), so screen readers, hyphenation and calculator.js read the page in its language.
    document.head.querySelectorAll('link[rel="mpkj-alternate"][hreflang]').forEach(function (alternate) {
      if (pathOf(alternate.href) === pathOf(location.href)) document.documentElement.lang = alternate.hreflang;
    });
  }
  // document$ is Material's; a page where its script did not run (or not yet) still gets its links once.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(pointSwitch);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pointSwitch);
  else pointSwitch();
})();
