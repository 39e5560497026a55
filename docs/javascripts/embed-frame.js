// Inside an embed page (docs/overrides/embed.html), shown in an iframe by docs/javascripts/embed.js on another
// website: reports the page's height to the parent, only to the origin whose parent window said hello.
(function () {
  "use strict";
  // The full calculator page (new tab) opens with the inputs entered here.
  document.addEventListener(
    "click",
    function (event) {
      var link =
        event.target instanceof Element ? event.target.closest(".mpkj-embed-full, .mpkj-embed-bar a[hreflang]") : null;
      if (link && location.search) link.search = location.search;
    },
    true,
  );
  if (window.parent === window || typeof ResizeObserver !== "function") return;
  var parentOrigin = null; // set by the parent's hello: heights go to that origin only
  var sent = 0;
  function report() {
    if (!parentOrigin) return;
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: "mpkj-embed:height", height: height }, parentOrigin);
  }
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "mpkj-embed:hello") return;
    if (typeof event.origin !== "string" || !/^https?:\/\//.test(event.origin)) return;
    parentOrigin = event.origin;
    sent = 0;
    report();
  });
  new ResizeObserver(report).observe(document.body);
})();
