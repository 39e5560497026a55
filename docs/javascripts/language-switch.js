// Material's instant navigation swaps the page but keeps the header: after each swap, point the language switch
// at the new page in each language (the links Material copies into <head>; see docs/overrides/main.html).
// A file rather than an inline script, so the Content-Security-Policy needs no hash for it (site_scripts/csp.py).
document$.subscribe(function () {
  document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
    var alternate = document.head.querySelector('link[rel="mpkj-alternate"][hreflang="' + link.hreflang + '"]');
    if (alternate) link.href = alternate.href;
  });
});
