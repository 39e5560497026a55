// window.MPKjFees: the page's door to the Python package `calc`, which runs under Pyodide in
// one module worker per page session (kept on window, so it survives Material's instant
// navigation). Defining the API starts nothing; the first boot() or estimate() loads Python.
//
//   MPKjFees.estimate(request)   -> Promise<object>  calc.estimate_json(JSON.stringify(request)), parsed:
//                                   a response or an error document (both resolve)
//   MPKjFees.estimateJson(text)  -> Promise<[status, text]>  exactly what calc.estimate_json returns
//   MPKjFees.boot()              -> Promise<void>  start loading now; idempotent
//   MPKjFees.onStatus(callback)  -> unsubscribe function; callback({stage, code?, message?}) now and on change
//   MPKjFees.status              current {stage, ...}
// Stages: "idle", "loading_runtime", "loading_calc", "ready", "failed". Promises reject with an
// Error whose `code` is "unsupported" | "load_failed" | "timeout" | "python_error" | "bad_request".
// A failed boot stays failed for the page session (a reload retries).
(function () {
  "use strict";
  if (window.MPKjFees) return; // loaded again (instant navigation, or listed twice)

  // Material's offline build replaces window.Worker on file:// with an iframe shim that cannot
  // run module workers. Keep the real constructor if we run before the shim; otherwise
  // workerConstructor() takes one from a fresh same-origin iframe.
  const nativeWorker = window.Worker && window.Worker !== window.IFrameWorker ? window.Worker : null;

  const BUILD_ID = "__MPKJ_BUILD_ID__"; // stamped by site_scripts/pyodide_assets.py
  const STALL_MS = 15000; // give up after this long without progress
  const version = BUILD_ID.startsWith("__") ? "" : "?v=" + BUILD_ID;

  // fees.js lives at <site>/javascripts/fees.js: everything else is found from its own URL,
  // so pages at any depth and sites under a sub-path (e.g. /mpkj/) work alike.
  const script = document.currentScript || document.querySelector('script[src*="javascripts/fees.js"]');
  const here = new URL(script ? script.src : "javascripts/fees.js", document.baseURI);
  const urls = {
    worker: new URL("fees-worker.mjs" + version, here).href,
    index: new URL("../assets/pyodide/", here).href,
    calc: new URL("../assets/calc.zip" + version, here).href,
    offline: new URL("../assets/pyodide-offline/", here).href,
  };
  const offline = location.protocol === "file:";

  let status = { stage: "idle" };
  const listeners = new Set();
  let booting = null;       // the boot promise, once started
  let resolveBoot = null;
  let rejectBoot = null;
  let watchdogTimer = 0;
  let worker = null;
  let nextId = 1;
  const calls = new Map();  // id -> {resolve, reject, timer}

  function fail(code, message) {
    const error = new Error(message);
    error.code = code;
    return error;
  }

  function setStatus(next) {
    if (next.stage === status.stage && next.code === status.code) return; // page and worker both say it
    status = Object.freeze(next);
    if (performance.mark) performance.mark("mpkj:" + next.stage); // for `make bench` (site_scripts/bench.py)
    listeners.forEach((callback) => {
      try { callback(status); } catch (error) { console.error(error); }
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
      tag.onload = () => { tag.remove(); resolve(); };
      tag.onerror = () => { tag.remove(); reject(fail("load_failed", "could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  // file:// allows no fetch and no worker from a file URL, and Chromium refuses blob: module
  // workers there; data: module workers do work, but URLs over 2 MB don't. So a tiny data:
  // worker receives the bundle (pyodide.mjs + pyodide.asm.mjs + fees-worker.mjs) as text,
  // imports it from a blob URL of its own, then hands itself the boot message. WebKit refuses
  // that import ("not allowed to load local resource": the data: worker's origin is opaque) but
  // runs a module worker from a blob: URL of the page: the bootstrap says so, and onMessage
  // starts the bundle that way (offlineRetry) instead of waiting for the watchdog.
  const OFFLINE_BOOTSTRAP = "self.onmessage = async ({ data }) => { self.onmessage = null;"
    + " try { await import(URL.createObjectURL(new Blob([data.module], { type: 'text/javascript' }))); }"
    + " catch (error) { self.postMessage({ type: 'import_refused', message: String(error) }); return; }"
    + " self.dispatchEvent(new MessageEvent('message', { data: data.boot })); };";
  let offlineRetry = null;

  // The runtime arrives as classic scripts written by install_runtime(offline=True), inserted
  // only now (they are ~17 MB), so pages that never compute never load them.
  async function startOfflineWorker(Worker) {
    await Promise.all(["worker.js", "wasm.js", "stdlib.js", "calc.js"].map((name) => loadScript(urls.offline + name + version)));
    watchdog(); // they are in; the worker's start-up gets its full allowance
    const data = window.MPKjOffline;
    window.MPKjOffline = undefined; // the worker keeps its own copy
    const instance = new Worker("data:text/javascript," + encodeURIComponent(OFFLINE_BOOTSTRAP), { type: "module" });
    const files = { wasm: data.wasm, stdlib: data.stdlib, calc: data.calc, lock: data.lock };
    const boot = { type: "boot", indexURL: urls.index, calcURL: urls.calc, offline: files };
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

  // Ends the session for good: terminate the worker, reject everything waiting, report "failed".
  function shutDown(error) {
    clearTimeout(watchdogTimer);
    if (worker) worker.terminate();
    worker = null;
    calls.forEach((call) => { clearTimeout(call.timer); call.reject(error); });
    calls.clear();
    if (status.stage !== "failed") setStatus({ stage: "failed", code: error.code, message: error.message });
    rejectBoot(error);
    // Also after a successful boot (a wedged worker): later calls must fail, not wait.
    booting = Promise.reject(error);
    booting.catch(() => {});
  }

  // Restarted by every sign of life from the worker; fires only on a real stall.
  function watchdog() {
    clearTimeout(watchdogTimer);
    watchdogTimer = setTimeout(() => shutDown(fail("timeout", "Python did not start within " + STALL_MS / 1000 + " s")), STALL_MS);
  }

  function onMessage({ data }) {
    if (data.type === "progress") watchdog();
    else if (data.type === "status") { watchdog(); setStatus({ stage: data.stage }); }
    else if (data.type === "ready") { clearTimeout(watchdogTimer); setStatus({ stage: "ready" }); resolveBoot(); }
    else if (data.type === "failed") shutDown(fail(data.code, data.message));
    else if (data.type === "result") settle(data);
    else if (data.type === "import_refused") retryOffline(data.message);
  }

  // The bundle from a blob: URL of the page, once; an engine that refuses that too gets the failure at once.
  function retryOffline(reason) {
    worker.terminate();
    try {
      if (!offlineRetry) throw new Error(reason);
      adopt(offlineRetry());
    } catch (error) {
      shutDown(fail("unsupported", "cannot start the offline worker: " + (error.message || reason)));
    }
  }

  function adopt(instance) {
    worker = instance;
    worker.addEventListener("message", onMessage);
    // A missing or broken worker script only shows up as an "error" event.
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      shutDown(fail("load_failed", "worker failed: " + (event.message || (offline ? "offline bootstrap" : urls.worker))));
    });
  }

  function startWorker(Worker) {
    const instance = new Worker(urls.worker, { type: "module" });
    instance.postMessage({ type: "boot", indexURL: urls.index, calcURL: urls.calc, offline: null });
    return instance;
  }

  function boot() {
    if (booting) return booting;
    booting = new Promise((resolve, reject) => { resolveBoot = resolve; rejectBoot = reject; });
    booting.catch(() => {}); // callers see the rejection; don't report it as unhandled too
    const Worker = workerConstructor();
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      shutDown(fail("unsupported", "this browser lacks WebAssembly or Web Workers"));
      return booting;
    }
    setStatus({ stage: "loading_runtime" });
    watchdog();
    const started = offline ? startOfflineWorker(Worker) : Promise.resolve(Worker).then(startWorker);
    started.then((instance) => {
      if (status.stage === "failed") { instance.terminate(); return; } // timed out meanwhile
      adopt(instance);
    }, (error) => shutDown(error.code ? error : fail("load_failed", String(error.message || error))));
    return booting;
  }

  function settle(data) {
    const call = calls.get(data.id);
    if (!call) return;
    calls.delete(data.id);
    clearTimeout(call.timer);
    if (data.error) call.reject(fail(data.error.code, data.error.message));
    else call.resolve([data.status, data.text]);
  }

  async function estimateJson(text) {
    if (typeof text !== "string") throw fail("bad_request", "estimateJson takes JSON text");
    await boot();
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        shutDown(fail("timeout", "calc did not answer within " + STALL_MS / 1000 + " s")); // worker wedged
      }, STALL_MS);
      calls.set(id, { resolve, reject, timer });
      worker.postMessage({ type: "estimate", id, text });
    });
  }

  async function estimate(request) {
    let text;
    try { text = JSON.stringify(request); } catch (error) { throw fail("bad_request", error.message); }
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
    boot,
    onStatus,
    get status() { return status; },
  });

  // A page that carries a calculator form will need Python: start now rather than when calculator.js binds the
  // form on DOMContentLoaded (measured by `make bench`: the boot starts about half a second earlier). Other pages
  // start nothing. Instant navigation to a calculator boots from calculator.js as before.
  if (document.querySelector("form.mpkj-calculator")) boot();
})();
