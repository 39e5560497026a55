// Material's instant navigation swaps the page but keeps the header: after each swap, point the language switch
// at the new page in each language (the links Material copies into <head>; see docs/overrides/main.html).
// A file rather than an inline script, so the Content-Security-Policy needs no hash for it (site_scripts/csp.py).
(function () {
  "use strict";
  function pointSwitch() {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var alternate = document.head.querySelector('link[rel="mpkj-alternate"][hreflang="' + link.hreflang + '"]');
      if (alternate) link.href = alternate.href;
    });
  }
  // document$ is Material's; a page where its script did not run (or not yet) still gets its links once.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(pointSwitch);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pointSwitch);
  else pointSwitch();
})();
