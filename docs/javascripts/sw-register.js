// Registers the site's service worker (sw.js at the site root, written by site_scripts/assets/service_worker.py), which
// keeps the Python runtime and the pages for later visits and for use with no network. Over http(s) only, never on
// file:// (the downloaded site works without it), and not inside an embed on another website (that site's visitors
// would store this whole site in their browser for one calculator).
//
// Nothing happens on a page where no calculator is used: reading a schedule costs no extra download (Python started
// on a sign of intent, a pointer over a calculator link, is not a use). Once a calculator has answered (fees.js's
// "mpkj:answered"), the worker is registered and, when the browser is idle, asked to keep the runtime and then the
// rest of the site ("mpkj-keep"). Once per page session; MPKjFees survives Material's instant navigation. A page whose
// runtime file would not load asks the worker to drop it ("mpkj-drop", from fees.js).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || window.top !== window) return;
  var script = document.currentScript;
  if (!script || !script.src || !window.MPKjFees || window.MPKjServiceWorker) return;
  var root = new URL("../", script.src); // this file is <site>/javascripts/sw-register.js
  var registering = null;

  function register() {
    if (!registering) {
      registering = navigator.serviceWorker
        .register(new URL("sw.js", root).href, { scope: root.href, updateViaCache: "none" })
        .then(function () {
          return navigator.serviceWorker.ready;
        });
      registering.catch(function () {}); // no sw.js (e.g. the offline build served over http): the site works as before
    }
    return registering;
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) window.requestIdleCallback(callback, { timeout: 10000 });
    else setTimeout(callback, 2000);
  }

  // Stores the runtime, then the site; resolves when the worker says it is done.
  function keep() {
    return register().then(function (registration) {
      return new Promise(function (resolve) {
        navigator.serviceWorker.addEventListener("message", function done(event) {
          if (!event.data || event.data.type !== "mpkj-kept") return;
          navigator.serviceWorker.removeEventListener("message", done);
          resolve();
        });
        registration.active.postMessage({ type: "mpkj-keep" });
      });
    });
  }

  window.addEventListener(
    "mpkj:answered",
    function () {
      whenIdle(function () {
        keep().catch(function () {});
      });
    },
    { once: true },
  );

  window.MPKjServiceWorker = Object.freeze({
    keep: keep, // for a "keep for offline use" button
    drop: function (urls) {
      if (navigator.serviceWorker.controller)
        navigator.serviceWorker.controller.postMessage({ type: "mpkj-drop", urls: urls });
    },
  });
})();
