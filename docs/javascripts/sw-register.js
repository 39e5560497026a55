// Registers the site's service worker (sw.js at the site root, written by site_scripts/service_worker.py), which
// keeps the pages, the Python runtime and calc for use with no network. Over http(s) only, never on file:// (the
// downloaded site works without it), and not inside an embed on another website (that site's visitors would
// store this whole site in their browser for one calculator).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || window.top !== window) return;
  var script = document.currentScript;
  if (!script || !script.src) return;
  var root = new URL("../", script.src); // this file is <site>/javascripts/sw-register.js
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href, updateViaCache: "none" })
    .catch(function () {}); // no sw.js (e.g. the offline build served over http): the site works as before

  // Python started on this page: have the worker store the runtime (this first page may have fetched it before the
  // worker took control). Once per page session; MPKjFees survives Material's instant navigation.
  if (!window.MPKjFees) return;
  var asked = false;
  window.MPKjFees.onStatus(function (status) {
    if (status.stage !== "ready" || asked) return;
    asked = true;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "mpkj-cache-runtime" });
    });
  });
})();
