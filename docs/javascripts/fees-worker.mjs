// Module worker running the Python package `calc` under Pyodide (started by fees.js).
// Protocol, page -> worker: {type: "boot", build, indexURL, calcURL, snapshot: {url, key} | null, offline,
//   downloadBytes}
//   then {type: "estimate", id, text}.
// Worker -> page: {type: "status", stage} | {type: "progress"} | {type: "ready", from: "snapshot" | "boot", timings}
//   | {type: "progress", loaded, total} | {type: "snapshot_failed", message} | {type: "failed", code, message}
//   | {type: "snapshot_kept"} (the unpacked snapshot is in Cache Storage for the next page)
//   | {type: "fatal", id, error} (the interpreter is dead)
//   | {type: "result", id, status, text} | {type: "result", id, error}.
// Python starts from the memory snapshot (site_scripts/assets/pyodide_snapshot.py) when there is one and it checks out,
// else by an ordinary boot that unpacks calc.zip.
// Offline (file://) the page passes the files' bytes as base64 in `offline`, and this file is
// bundled after pyodide.mjs/pyodide.asm.mjs, which then define MPKjLoadPyodide/MPKjCreatePyodideModule.
// No fee logic here: calc.estimate_json does all of it, so the text equals CPython's byte for byte.

const CALC_DIR = "/home/pyodide/mpkj"; // unpacked calc.zip; put first on sys.path
// Stamped by site_scripts/assets/pyodide_assets.py (left as placeholders in the file:// bundle, which has only one build).
// A page of one deployment must not run another deployment's worker or calc (issue 13): checked at boot.
const BUILD_ID = "__MPKJ_BUILD_ID__";
const CALC_SHA256 = "__MPKJ_CALC_SHA256__";
const stamped = (value) => !value.startsWith("__");

const post = (message) => self.postMessage(message);
// Moments of the start-up (ms since the epoch, so the page can place them on its own clock), sent with "ready":
// `make bench` reports where a start's time goes.
const timings = {};
const mark = (name) => {
  if (!(name in timings)) timings[name] = performance.timeOrigin + performance.now();
};
mark("worker");
let estimateJson = null; // calc.estimate_json once ready
const pending = []; // estimate messages that arrived before ready
let failed = false; // a failure was reported (it may be seen twice: fetch wrapper, then boot)
let keepAfterReady = null; // stores the unpacked snapshot once the first answers are out

function failure(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function decodeBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Wraps fetch so that (1) offline, the runtime's own URLs are answered from memory, (2) a missing
// file fails the boot at once (Pyodide only logs a failed wasm load and then waits forever), and
// (3) each downloaded chunk pings the page, whose watchdog only fires on a real stall.
function installFetch(indexURL, offlineFiles) {
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (earlyWasm && url === earlyWasm.url) return earlyWasm.response;
    const local = offlineFiles && offlineFiles[url];
    if (local) {
      const type = url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
      return new Response(local, { headers: { "Content-Type": type } });
    }
    let response;
    try {
      response = await realFetch(input, init);
    } catch (cause) {
      if (!url.startsWith(indexURL)) throw cause;
      const error = failure("load_failed", `${url}: ${cause && cause.message}`);
      reportFailure(error); // a network error: say so now rather than at the stall timeout
      throw error;
    }
    if (!url.startsWith(indexURL)) return response;
    mark("fetched:" + url.slice(indexURL.length));
    if (!response.ok) {
      const error = failure("load_failed", `${url}: HTTP ${response.status}`);
      reportFailure(error); // Pyodide would swallow the rejection below
      throw error;
    }
    // Pings come from reading a clone, so Pyodide gets the fetched response itself: a Response built anew has no
    // URL, and Chromium then keeps no compiled code for the wasm (a repeat visit would compile it again).
    drain(response.clone().body, url.endsWith(".wasm")); // the wasm counts towards the progress bar; all ping
    return response;
  };
}

// The wasm, compiled as soon as the boot starts, side by side with the snapshot's download and unpacking and the
// runtime's scripts (Pyodide itself would start compiling only once it has the snapshot and pyodide.asm.mjs). Pyodide
// then gets the same, already-read response, and its instantiateStreaming call gets the compiled module. Compiled from
// the fetched response itself, so Chromium's code cache for the wasm works as before.
let earlyWasm = null;

function compileWasmEarly(url) {
  const response = self.fetch(url); // through installFetch: progress, load failures
  const module = response.then((fetched) => WebAssembly.compileStreaming(fetched));
  // A damaged wasm: fail the start now (Pyodide would only log it and wait for ever).
  module.then(
    () => mark("wasm_compiled"),
    (error) => reportFailure(failure("load_failed", `${url}: ${error.message}`)),
  );
  earlyWasm = { url, response, module };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if ((await source) !== (await response)) return instantiateStreaming(source, imports);
    const compiled = await module;
    mark("wasm_instantiating");
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };
}

// Bytes of the runtime and the snapshot received so far, against what the page expects (the build's sizes): the
// page's progress bar. Every chunk is also a sign of life for the page's watchdog.
let loadedBytes = 0;
let expectedBytes = 0;

async function drain(body, counted) {
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!counted) {
        post({ type: "progress" });
        continue;
      }
      loadedBytes += chunk.value.byteLength;
      post({ type: "progress", loaded: loadedBytes, total: Math.max(expectedBytes, loadedBytes) });
    }
  } catch {
    // the real response reports its own errors
  }
}

// A CSP without 'wasm-unsafe-eval' makes Pyodide hang rather than fail; find out up front.
async function checkWasmAllowed() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw failure("unsupported", `WebAssembly is blocked here: ${error.message}`);
  }
}

// The unpacked snapshot (31 MB) is kept in Cache Storage after a restore that checked out, so the next page of this
// browser reads it as is instead of unpacking the 6 MB download again (measured: 0.3-0.6 s of a repeat visit). One
// entry per site, named by the snapshot's key: another build's is replaced. No Cache Storage (file://, some private modes):
// nothing kept.
const RAW_CACHE = "mpkj-snapshot-unpacked";
const rawKey = (snapshot) => new URL("calc-snapshot.unpacked?key=" + snapshot.key, snapshot.url).href;

async function storedSnapshot(snapshot) {
  try {
    const hit = await (await caches.open(RAW_CACHE)).match(rawKey(snapshot));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function keepSnapshot(snapshot, bytes) {
  try {
    const cache = await caches.open(RAW_CACHE);
    const key = rawKey(snapshot);
    const site = new URL(key).pathname; // another site on this origin keeps its own entry
    for (const request of await cache.keys()) {
      if (request.url !== key && new URL(request.url).pathname === site) await cache.delete(request);
    }
    await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    post({ type: "snapshot_kept" });
  } catch {
    // quota, private mode: the next page unpacks the download again
  }
}

async function forgetSnapshot() {
  try {
    await caches.delete(RAW_CACHE);
  } catch {
    /* nothing kept */
  }
}

async function fetchBytes(url, { counted = false } = {}) {
  const response = await fetch(url);
  if (!response.ok) throw failure("load_failed", `${url}: HTTP ${response.status}`);
  if (counted) drain(response.clone().body, true);
  const bytes = new Uint8Array(await response.arrayBuffer());
  mark("downloaded:" + new URL(url).pathname.split("/").pop());
  return bytes;
}

async function importModule(url) {
  try {
    // eslint-disable-next-line no-unsanitized/method -- Pyodide's own module, at the URL fees.js (this page) gave
    return await import(url);
  } catch (error) {
    throw failure("load_failed", `${url}: ${error.message}`);
  }
}

// An empty zip: after a restore, what calc uses is already in memory (site_scripts/assets/pyodide_snapshot.py checks that at
// build time), so the 2.5 MB standard library is not fetched. Pyodide still mounts one.
const EMPTY_STDLIB = "data:application/zip;base64,UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==";
const SNAPSHOT_MAGIC = "MPKJSNAP";

// The snapshot file (site_scripts/assets/pyodide_snapshot.py): gzip of magic | header length | header JSON | Pyodide's
// snapshot. Rejects a file of another build (`key`) or a damaged one (gzip's CRC, a bad header).
async function unpackSnapshot({ compressed, unpacked }, key) {
  let bytes = unpacked;
  if (!bytes) {
    const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  mark(unpacked ? "snapshot_read" : "snapshot_unpacked"); // "read": the copy kept unpacked in Cache Storage
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== SNAPSHOT_MAGIC) throw new Error("not an MPKj snapshot");
  const length = new DataView(bytes.buffer).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  if (header.key !== key) throw new Error(`snapshot of another build (${header.key}, expected ${key})`);
  return { header, snapshot: bytes.subarray(12 + length), bytes, kept: Boolean(unpacked) };
}

// Python with calc loaded, from the snapshot; throws (and the caller boots as usual) if anything is off.
async function restore(loadPyodide, options, { key, bytes }) {
  const unpacked = bytes.then((file) => unpackSnapshot(file, key));
  unpacked.catch(() => {}); // awaited below, through Pyodide
  // Pyodide starts fetching the wasm at once and awaits the snapshot only when it needs it: both download together.
  const pyodide = await loadPyodide({
    ...options,
    stdLibURL: EMPTY_STDLIB,
    _loadSnapshot: unpacked.then(({ snapshot }) => snapshot),
  });
  mark("pyodide_loaded");
  const { check } = (await unpacked).header;
  const estimate = pyodide.pyimport("calc").estimate_json;
  const result = estimate(check.request);
  const [status, text] = result.toJs();
  result.destroy();
  if (status !== check.status || text !== check.text) throw new Error("the restored snapshot answers wrongly");
  mark("checked");
  return { estimate, unpacked: await unpacked };
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const newDeployment = (what) => failure("new_deployment", `${what} is of another deployment of the site`);

async function boot({ build, indexURL, calcURL, snapshot, offline, downloadBytes }) {
  mark("boot");
  expectedBytes = downloadBytes || 0;
  post({ type: "status", stage: "loading_runtime" });
  if (build && stamped(BUILD_ID) && build !== BUILD_ID) throw newDeployment("fees-worker.mjs");
  await checkWasmAllowed();
  // fsInit runs once the wasm is compiled, before Python starts: one more sign of life.
  let options = {
    indexURL,
    fsInit: () => {
      mark("wasm_instantiated");
      post({ type: "progress" });
    },
  };
  let calcBytes;
  let snapshotBytes = null;
  if (offline) {
    installFetch(indexURL, {
      [indexURL + "pyodide.asm.wasm"]: decodeBase64(offline.wasm),
      [indexURL + "python_stdlib.zip"]: decodeBase64(offline.stdlib),
    });
    options = { ...options, lockFileContents: offline.lock, createPyodideModule: self.MPKjCreatePyodideModule };
    calcBytes = async () => decodeBase64(offline.calc);
    if (snapshot && offline.snapshot) snapshotBytes = Promise.resolve({ compressed: decodeBase64(offline.snapshot) });
  } else {
    installFetch(indexURL, null);
    calcBytes = () => fetchBytes(calcURL);
    // All at once: the snapshot (unpacked from Cache Storage, else downloaded), the wasm's compilation and both of
    // the runtime's scripts (Pyodide would load them one after the other).
    if (snapshot) {
      snapshotBytes = storedSnapshot(snapshot).then(async (unpacked) =>
        unpacked ? { unpacked } : { compressed: await fetchBytes(snapshot.url, { counted: true }) },
      );
    }
    compileWasmEarly(indexURL + "pyodide.asm.wasm");
    const createModule = importModule(indexURL + "pyodide.asm.mjs").then((module) => {
      mark("runtime_script");
      return module.default;
    });
    createModule.catch(() => {}); // awaited by Pyodide
    options = { ...options, createPyodideModule: createModule };
  }
  const loadPyodide = self.MPKjLoadPyodide || (await importModule(indexURL + "pyodide.mjs")).loadPyodide;
  mark("loader");
  post({ type: "progress" }); // the watchdog's clock restarts for Python's (silent) start-up

  if (snapshotBytes) {
    try {
      const restored = await restore(loadPyodide, options, { key: snapshot.key, bytes: snapshotBytes });
      estimateJson = restored.estimate;
      if (!offline && !restored.unpacked.kept) keepAfterReady = () => keepSnapshot(snapshot, restored.unpacked.bytes);
      return "snapshot";
    } catch (error) {
      if (failed) throw error; // the runtime itself failed to load: no boot would do better
      if (!offline) await forgetSnapshot(); // a damaged copy in Cache Storage is not read again
      // Missing, stale or damaged: say so (the page logs it) and boot as usual, which always works.
      post({ type: "snapshot_failed", message: String((error && error.message) || error) });
    }
  }
  const calcPromise = calcBytes();
  calcPromise.catch(() => {}); // awaited below; no "unhandled rejection" if the runtime fails first
  const pyodide = await loadPyodide(options);
  post({ type: "status", stage: "loading_calc" });
  const calcZip = await calcPromise;
  if (!offline && stamped(CALC_SHA256) && (await sha256(calcZip)) !== CALC_SHA256) throw newDeployment("calc.zip");
  pyodide.unpackArchive(calcZip, "zip", { extractDir: CALC_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(CALC_DIR)})`);
  estimateJson = pyodide.pyimport("calc").estimate_json; // kept for the worker's lifetime
  return "boot";
}

function answer({ id, text }) {
  try {
    const result = estimateJson(text); // Python tuple (status, text)
    const [status, out] = result.toJs();
    result.destroy();
    post({ type: "result", id, status, text: out });
  } catch (error) {
    const message = String(error.message || error);
    // After "Pyodide has suffered a fatal error" the interpreter is unusable: the page starts a new worker.
    const type = /fatal error/i.test(message) ? "fatal" : "result";
    post({ type, id, error: { code: "python_error", message } });
  }
}

function reportFailure(error) {
  if (failed) return;
  failed = true;
  post({ type: "failed", code: error.code || "load_failed", message: String(error.message || error) });
}

self.addEventListener("message", ({ data }) => {
  if (data.type === "boot") {
    boot(data).then((from) => {
      mark("ready");
      post({ type: "ready", from, timings });
      pending.splice(0).forEach(answer);
      if (keepAfterReady) setTimeout(keepAfterReady, 1000); // not in the way of the page's first answers
    }, reportFailure);
  } else if (data.type === "estimate") {
    if (estimateJson) answer(data);
    else pending.push(data);
  }
});
