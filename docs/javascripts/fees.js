// window.MPKjFees: the page's door to the Python package `calc`, which runs on MicroPython's WebAssembly port in
// one module worker per page session (kept on window, so it survives Material's instant
// navigation). Defining the API starts nothing; the first boot() or estimate() loads Python.
//
//   MPKjFees.estimate(request)   -> Promise<object>  calc.estimate_json(JSON.stringify(request), today), parsed:
//                                   a response or an error document (both resolve)
//   MPKjFees.estimateJson(text)  -> Promise<[status, text]>  exactly what calc.estimate_json returns
//                                   (`today` is always the date in Malaysia, UTC+8, whatever the device's time zone)
//   MPKjFees.boot()              -> Promise<void>  start loading now; idempotent
//   MPKjFees.retry()             -> Promise<void>  after "failed": start again (a "try again" button); else boot()
//   MPKjFees.onStatus(callback)  -> unsubscribe function; callback({stage, code?, message?, loaded?, total?})
//                                   now and on change
//   MPKjFees.status              current {stage, ...}
// Stages: "idle", "loading_runtime", "loading_calc", "ready", "failed". While loading, `loaded` and `total` count the
// bytes of the wasm and calc.bundle downloads; `code: "restarted"` says Python is being started again after its
// worker died or hung. Promises reject with an Error whose `code` is "unsupported" | "load_failed" | "timeout" |
// "python_error" | "bad_request" | "new_deployment" (the page and the files it runs are of two deployments of the
// site, e.g. after instant navigation into a page published since: reload it; the URL keeps the inputs).
//
// The watchdog watches start-up only: it fires after STALL_MS without a sign of progress while Python starts, and a
// failed start is retried once on its own, then waits for retry(). Estimates have their own timeout, counted from
// when the worker takes them up (it answers in order), not while they wait in the queue; a hung or crashed
// interpreter (an abort of the wasm) has its worker replaced and the waiting estimates sent again.
(function () {
  "use strict";
  if (window.MPKjFees) return; // loaded again (instant navigation, or listed twice)

  // Material's offline build replaces window.Worker on file:// with an iframe shim that cannot
  // run module workers. Keep the real constructor if we run before the shim; otherwise
  // workerConstructor() takes one from a fresh same-origin iframe.
  const nativeWorker = window.Worker && window.Worker !== window.IFrameWorker ? window.Worker : null;

  const BUILD_ID = "__MPKJ_BUILD_ID__"; // stamped by site_scripts/assets/micropython_assets.py
  const DOWNLOAD_BYTES = Number("__MPKJ_DOWNLOAD_BYTES__") || 0; // likewise: the wasm and calc.bundle, for progress
  const STALL_MS = 20000; // a start gives up after this long without progress
  const CALL_MS = 30000; // an estimate the worker has taken up: far beyond any real request (calc caps their size)
  const version = BUILD_ID.startsWith("__") ? "" : "?v=" + BUILD_ID;

  // fees.js lives at <site>/javascripts/fees.js: everything else is found from its own URL,
  // so pages at any depth and sites under a sub-path (e.g. /mpkj/) work alike.
  const script = document.currentScript || document.querySelector('script[src*="javascripts/fees.js"]');
  const here = new URL(script ? script.src : "javascripts/fees.js", document.baseURI);
  const urls = {
    worker: new URL("fees-worker.mjs" + version, here).href,
    runtime: new URL("../assets/micropython/micropython.mjs" + version, here).href,
    wasm: new URL("../assets/micropython/micropython.wasm" + version, here).href,
    calc: new URL("../assets/calc.bundle" + version, here).href,
    offline: new URL("../assets/micropython-offline/offline.js" + version, here).href,
  };
  const offline = location.protocol === "file:";

  let status = { stage: "idle" };
  const listeners = new Set();
  let booting = null; // the boot promise of the current start, once started
  let resolveBoot = null;
  let rejectBoot = null;
  let watchdogTimer = 0;
  let worker = null;
  let ready = false; // the current worker answers estimates
  let autoRetried = false; // the one automatic retry of a failed start has been used
  let offlineData = null; // file:// runtime scripts' contents, kept for a restart
  let attempts = 0; // starts so far; a worker that comes up after it was given up on is dropped
  let nextId = 1;
  const calls = new Map(); // id -> {text, resolve, reject}, in the order sent; the worker answers in that order
  let callTimer = 0; // the per-call timeout of the oldest call

  function fail(code, message) {
    const error = new Error(message);
    error.code = code;
    return error;
  }

  function setStatus(next) {
    const same = next.stage === status.stage && next.code === status.code;
    if (same && next.loaded === status.loaded && next.total === status.total) return; // page and worker both say it
    status = Object.freeze(next);
    if (!same && performance.mark) performance.mark("mpkj:" + next.stage); // for `make bench` (bench/main.py)
    listeners.forEach((callback) => {
      try {
        callback(status);
      } catch (error) {
        console.error(error);
      }
    });
  }

  function workerConstructor() {
    if (nativeWorker) return nativeWorker;
    if (window.Worker && window.Worker !== window.IFrameWorker) return window.Worker;
    // The frame must outlive page swaps: it hangs off <html>, which instant navigation keeps.
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    document.documentElement.appendChild(frame);
    return frame.contentWindow.Worker;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = () => {
        tag.remove();
        resolve();
      };
      tag.onerror = () => {
        tag.remove();
        reject(fail("load_failed", "could not load " + src));
      };
      document.head.appendChild(tag);
    });
  }

  // file:// allows no fetch and no worker from a file URL, and Chromium refuses blob: module
  // workers there; data: module workers do work, but URLs over 2 MB don't. So a tiny data:
  // worker receives the bundle (micropython.mjs + fees-worker.mjs) as text,
  // imports it from a blob URL of its own, then hands itself the boot message. WebKit refuses
  // that import ("not allowed to load local resource": the data: worker's origin is opaque) but
  // runs a module worker from a blob: URL of the page: the bootstrap says so, and onMessage
  // starts the bundle that way (offlineRetry) instead of waiting for the watchdog.
  const OFFLINE_BOOTSTRAP =
    "self.onmessage = async ({ data }) => { self.onmessage = null;" +
    " try { await import(URL.createObjectURL(new Blob([data.module], { type: 'text/javascript' }))); }" +
    " catch (error) { self.postMessage({ type: 'import_refused', message: String(error) }); return; }" +
    " self.dispatchEvent(new MessageEvent('message', { data: data.boot })); };";
  let offlineRetry = null;

  // The interpreter, the wasm and calc.bundle arrive as one classic script written by install_runtime(offline=True),
  // inserted only now, so pages that never compute never load it.
  async function startOfflineWorker(Worker) {
    if (!offlineData) await loadScript(urls.offline);
    watchdog(); // they are in; the worker's start-up gets its full allowance
    if (!offlineData) offlineData = window.MPKjOffline;
    window.MPKjOffline = undefined;
    const data = offlineData; // kept for a restart: the scripts are not inserted twice
    const instance = new Worker("data:text/javascript," + encodeURIComponent(OFFLINE_BOOTSTRAP), { type: "module" });
    const boot = bootMessage({ wasm: data.wasm, calc: data.calc });
    instance.postMessage({ module: data.worker, boot });
    offlineRetry = () => {
      offlineRetry = null;
      const url = URL.createObjectURL(new Blob([data.worker], { type: "text/javascript" }));
      const retry = new Worker(url, { type: "module" });
      retry.postMessage(boot);
      return retry;
    };
    return instance;
  }

  function dropStored(list) {
    if (window.MPKjServiceWorker) window.MPKjServiceWorker.drop(list);
  }

  function stopWorker() {
    attempts++; // whatever start is still on its way is void
    clearTimeout(watchdogTimer);
    clearTimeout(callTimer);
    if (worker) worker.terminate();
    worker = null;
    ready = false;
  }

  // A start that failed: retried once on its own (a busy machine, a dropped connection), then reported as
  // "failed" until retry(). The estimates waiting for it are rejected then.
  function startFailed(error) {
    stopWorker();
    if (error.code !== "unsupported" && error.code !== "new_deployment" && !autoRetried) {
      autoRetried = true;
      console.warn("MPKjFees: starting Python again after: " + error.message);
      start({ stage: "loading_runtime", code: "retrying" });
      return;
    }
    calls.forEach((call) => call.reject(error));
    calls.clear();
    setStatus({ stage: "failed", code: error.code, message: error.message });
    rejectBoot(error);
  }

  // A worker that died or hung after it was ready: a new one, and the waiting estimates are sent to it.
  function restart(message) {
    console.warn("MPKjFees: restarting Python: " + message);
    stopWorker();
    booting = null;
    boot({ stage: "loading_runtime", code: "restarted", message });
  }

  // Restarted by every sign of life from the worker while Python starts; fires only on a real stall.
  function watchdog() {
    clearTimeout(watchdogTimer);
    if (ready) return;
    watchdogTimer = setTimeout(
      () => startFailed(fail("timeout", "Python did not start within " + STALL_MS / 1000 + " s")),
      STALL_MS,
    );
  }

  // The oldest call is the one the worker is on: it gets CALL_MS, from now (the previous answer came).
  function armCallTimer() {
    clearTimeout(callTimer);
    const oldest = calls.keys().next();
    if (!ready || oldest.done) return;
    const id = oldest.value;
    callTimer = setTimeout(() => {
      const call = calls.get(id);
      calls.delete(id);
      if (call) call.reject(fail("timeout", "calc did not answer within " + CALL_MS / 1000 + " s"));
      restart("an estimate did not finish"); // the interpreter is stuck on it: the others go to a new one
    }, CALL_MS);
  }

  // The date in Malaysia (UTC+8, no daylight saving), whatever the device's time zone: calc's "today".
  function malaysiaToday() {
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  function send(id, call) {
    worker.postMessage({ type: "estimate", id, text: call.text, today: call.today });
  }

  function onReady() {
    clearTimeout(watchdogTimer);
    ready = true;
    autoRetried = false; // a later failure gets its own automatic retry
    setStatus({ stage: "ready" });
    calls.forEach((call, id) => send(id, call));
    armCallTimer();
    resolveBoot();
  }

  // The worker's start-up moments as marks "mpkj:worker:<name>" on this page's clock (read by `make bench`).
  function markTimings(timings) {
    if (!timings || !performance.mark) return;
    Object.entries(timings).forEach(([name, at]) => {
      const startTime = at - performance.timeOrigin;
      if (startTime >= 0) performance.mark("mpkj:worker:" + name, { startTime });
    });
  }

  function onMessage({ data }) {
    if (data.type === "progress") {
      watchdog();
      if (data.total) setStatus({ stage: status.stage, code: status.code, loaded: data.loaded, total: data.total });
    } else if (data.type === "status") {
      watchdog();
      setStatus({ stage: data.stage, code: status.code });
    } else if (data.type === "ready") {
      markTimings(data.timings);
      onReady();
    } else if (data.type === "failed") {
      // A damaged file in the service worker's cache is fetched anew by the next start.
      if (data.code === "load_failed") dropStored([urls.wasm, urls.calc, urls.runtime, urls.worker]);
      if (ready) restart(data.message);
      else startFailed(fail(data.code, data.message));
    } else if (data.type === "fatal") {
      settle(data);
      restart(data.error.message); // an aborted interpreter cannot go on: a new one, and say so
    } else if (data.type === "result") settle(data);
    else if (data.type === "import_refused") retryOffline(data.message);
  }

  // The bundle from a blob: URL of the page, once; an engine that refuses that too gets the failure at once.
  function retryOffline(reason) {
    const refused = worker;
    try {
      if (!offlineRetry) throw new Error(reason);
      adopt(offlineRetry());
    } catch (error) {
      startFailed(fail("unsupported", "cannot start the offline worker: " + (error.message || reason)));
    }
    if (refused) refused.terminate();
  }

  function adopt(instance) {
    worker = instance;
    worker.addEventListener("message", (event) => {
      if (worker === instance) onMessage(event);
    });
    // A missing or broken worker script only shows up as an "error" event.
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      if (worker !== instance) return;
      const error = fail(
        "load_failed",
        "worker failed: " + (event.message || (offline ? "offline bootstrap" : urls.worker)),
      );
      if (ready) restart(error.message);
      else startFailed(error);
    });
  }

  function bootMessage(offlineFiles) {
    return {
      type: "boot",
      build: BUILD_ID,
      runtimeURL: urls.runtime,
      wasmURL: urls.wasm,
      calcURL: urls.calc,
      offline: offlineFiles,
      downloadBytes: DOWNLOAD_BYTES,
    };
  }

  function startWorker(Worker) {
    if (performance.mark) performance.mark("mpkj:worker_created");
    const instance = new Worker(urls.worker, { type: "module" });
    instance.postMessage(bootMessage(null));
    return instance;
  }

  function start(loading) {
    const Worker = workerConstructor();
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      startFailed(fail("unsupported", "this browser lacks WebAssembly or Web Workers"));
      return;
    }
    setStatus(loading);
    watchdog();
    const started = offline ? startOfflineWorker(Worker) : Promise.resolve(Worker).then(startWorker);
    const attempt = ++attempts;
    started.then(
      (instance) => {
        if (attempt !== attempts || status.stage === "failed") {
          instance.terminate();
          return;
        } // superseded
        adopt(instance);
      },
      (error) => startFailed(error.code ? error : fail("load_failed", String(error.message || error))),
    );
  }

  function boot(loading) {
    if (booting) return booting;
    booting = new Promise((resolve, reject) => {
      resolveBoot = resolve;
      rejectBoot = reject;
    });
    booting.catch(() => {}); // callers see the rejection; don't report it as unhandled too
    start(loading && loading.stage ? loading : { stage: "loading_runtime" });
    return booting;
  }

  function retry() {
    if (status.stage !== "failed") return boot();
    stopWorker();
    booting = null;
    autoRetried = true; // asked for: no second automatic attempt behind the visitor's back
    return boot();
  }

  function settle(data) {
    const call = calls.get(data.id);
    if (!call) return;
    calls.delete(data.id);
    armCallTimer();
    if (data.error) call.reject(fail(data.error.code, data.error.message));
    else {
      call.resolve([data.status, data.text]);
      window.dispatchEvent(new CustomEvent("mpkj:answered")); // a calculator was used (sw-register.js)
    }
  }

  // One deployment at a time: the build (site_scripts/hooks/runtime.py) stamps every calculator form with its build
  // id. After instant navigation into a page published since this script was loaded, the page's form is of another
  // build than this script and its worker: say so (the form offers a reload, and the URL keeps the inputs) rather
  // than answer beside a table of other rates.
  function checkDeployment() {
    const stamp = document.querySelector("form.mpkj-calculator[data-mpkj-build]");
    if (!stamp || BUILD_ID.startsWith("__") || stamp.dataset.mpkjBuild === BUILD_ID) return;
    const error = fail("new_deployment", "this page is of another deployment of the site than its calculator");
    if (status.stage !== "failed" || status.code !== "new_deployment") {
      stopWorker();
      calls.forEach((call) => call.reject(error));
      calls.clear();
      setStatus({ stage: "failed", code: error.code, message: error.message });
    }
    throw error;
  }

  async function estimateJson(text) {
    if (typeof text !== "string") throw fail("bad_request", "estimateJson takes JSON text");
    checkDeployment();
    await boot();
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const call = { text, today: malaysiaToday(), resolve, reject };
      calls.set(id, call);
      if (ready) {
        send(id, call);
        if (calls.size === 1) armCallTimer();
      }
      // else: sent by onReady once the (re)started worker is ready
    });
  }

  async function estimate(request) {
    let text;
    try {
      text = JSON.stringify(request);
    } catch (error) {
      throw fail("bad_request", error.message);
    }
    if (text === undefined) throw fail("bad_request", "the request is not JSON data");
    const [, out] = await estimateJson(text);
    return JSON.parse(out);
  }

  function onStatus(callback) {
    listeners.add(callback);
    callback(status);
    return () => listeners.delete(callback);
  }

  window.MPKjFees = Object.freeze({
    estimate,
    estimateJson,
    boot: () => boot(),
    retry,
    onStatus,
    get status() {
      return status;
    },
  });

  // A page that carries a calculator form will need Python: start now rather than when calculator.js binds the
  // form on DOMContentLoaded (measured by `make bench`: the boot starts about half a second earlier). Elsewhere, start
  // on a sign of intent: a pointer over, a touch on or the focus on a link to a calculator (the sidebar, the home
  // page's list). With instant navigation the calculator page then finds Python ready; without it, the browser has
  // the runtime in its cache. A visitor who only reads starts nothing.
  const onIntent = (event) => {
    if (status.stage !== "idle" || !(event.target instanceof Element)) return;
    const link = event.target.closest("a[href]");
    if (link && /(^|\/)(calculators|embed)\/[^?#]*\.html([?#]|$)/.test(link.getAttribute("href"))) boot();
  };
  // A page with a form links the calculators' style and scripts itself (docs/overrides/main.html); instant navigation
  // from a page without one brings a form but not those: they are added then, once (calculator.js binds the forms
  // of every later page itself; sw-register.js registers the service worker once a calculator has answered).
  function loadCalculatorFiles() {
    if (window.MPKjCalculator || document.querySelector('script[src*="javascripts/calculator.js"]')) return;
    ["calculator.css", "share.css"].forEach((name) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL(`../stylesheets/${name}`, here).href;
      document.head.appendChild(style);
    });
    const scripts = ["../assets/vendor/qrcode-generator/qrcode.js", "calculator.js", "project.js", "sw-register.js"];
    scripts.forEach((name) => {
      const tag = document.createElement("script");
      tag.src = new URL(name, here).href;
      tag.async = false; // in this order: calculator.js draws with the QR encoder; project.js uses its parts
      document.head.appendChild(tag);
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => {
      if (document.querySelector("form.mpkj-calculator")) loadCalculatorFiles();
    });
  }

  if (document.querySelector("form.mpkj-calculator")) boot();
  else
    ["pointerover", "touchstart", "focusin"].forEach((type) =>
      document.addEventListener(type, onIntent, { passive: true }),
    );
})();
