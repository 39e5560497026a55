// Module worker running the Python package `calc` on MicroPython's WebAssembly port (started by fees.js).
// Protocol, page -> worker: {type: "boot", build, runtimeURL, wasmURL, calcURL, offline, downloadBytes}
//   then {type: "estimate", id, text, today} (today: the page's date in Malaysia, YYYY-MM-DD).
// Worker -> page: {type: "status", stage} | {type: "progress"} | {type: "progress", loaded, total}
//   | {type: "ready", timings} | {type: "failed", code, message}
//   | {type: "fatal", id, error} (the interpreter is dead) | {type: "result", id, status, text} | {type: "result", id, error}.
// Boot (contract 5): the files of calc.bundle (calc as .mpy, its schedules as JSON; site_scripts/assets/
// micropython_assets.py) are written under CALC_DIR, which goes first on sys.path, calc/stand_ins second.
// Offline (file://) the page passes the wasm and the bundle as base64 in `offline`, and this file is bundled after
// micropython.mjs, which then has set globalThis.loadMicroPython.
// No fee logic here: calc.estimate_json does all of it, so the text equals CPython's byte for byte.

const CALC_DIR = "/mpkj";
// Stamped by site_scripts/assets/micropython_assets.py. A page of one deployment must not run another deployment's
// worker or calc: both are checked at boot.
const BUILD_ID = "__MPKJ_BUILD_ID__";
const CALC_SHA256 = "__MPKJ_CALC_SHA256__";
const stamped = (value) => !value.startsWith("__");
// MicroPython's heap (a fixed size): room for a request at calc's cap of 1 MB parsed into objects.
const HEAP_BYTES = 64 * 1024 * 1024;

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
let failed = false; // a failure was reported once
let dead = false; // the interpreter aborted: every later call fails the same way

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

// Bytes of the wasm and the bundle received so far, against what the page expects (the build's sizes): the page's
// progress bar. Every chunk is also a sign of life for the page's watchdog.
let loadedBytes = 0;
let expectedBytes = 0;

async function drain(body) {
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      loadedBytes += chunk.value.byteLength;
      post({ type: "progress", loaded: loadedBytes, total: Math.max(expectedBytes, loadedBytes) });
    }
  } catch {
    // the real response reports its own errors
  }
}

async function fetchChecked(url) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch (cause) {
    throw failure("load_failed", `${url}: ${cause && cause.message}`);
  }
  if (!response.ok) throw failure("load_failed", `${url}: HTTP ${response.status}`);
  mark("fetched:" + new URL(url).pathname.split("/").pop());
  return response;
}

// The wasm: fetched and compiled here, side by side with the bundle's download, so that a missing or damaged file
// fails the start at once (Emscripten would only log it and abort later). The interpreter's own instantiateStreaming
// then gets the compiled module. Offline, its bytes come from the page.
function compileWasm(url, offlineBytes) {
  let compiled;
  if (offlineBytes) compiled = WebAssembly.compile(offlineBytes);
  else {
    compiled = fetchChecked(url).then((response) => {
      drain(response.clone().body);
      // Compiled from the fetched response itself, so Chromium keeps its code cache for the next visit.
      return WebAssembly.compileStreaming(response);
    });
  }
  compiled = compiled.then(
    (module) => {
      mark("wasm_compiled");
      return module;
    },
    (error) => {
      throw error.code ? error : failure("load_failed", `${url}: ${error.message}`);
    },
  );
  // The interpreter fetches the wasm's URL, then instantiates the response: both answered here, from the module
  // compiled above (no second download, no second compilation).
  const prepared = { url };
  const realFetch = self.fetch.bind(self);
  self.fetch = (input, init) => {
    const asked = String(input instanceof Request ? input.url : input);
    return asked === url ? Promise.resolve(prepared) : realFetch(input, init);
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if ((await source) !== prepared) return instantiateStreaming(source, imports);
    const module = await compiled;
    mark("wasm_instantiating");
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  return compiled;
}

// A CSP without 'wasm-unsafe-eval' blocks WebAssembly; find out up front and say so.
async function checkWasmAllowed() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw failure("unsupported", `WebAssembly is blocked here: ${error.message}`);
  }
}

async function bundleBytes(url) {
  const response = await fetchChecked(url);
  drain(response.clone().body);
  const bytes = new Uint8Array(await response.arrayBuffer());
  mark("bundle");
  return bytes;
}

async function importRuntime(url) {
  if (self.loadMicroPython) return self.loadMicroPython; // the file:// bundle carries it
  try {
    // eslint-disable-next-line no-unsanitized/method -- the interpreter's own module, at the URL fees.js gave
    return (await import(url)).loadMicroPython;
  } catch (error) {
    throw failure("load_failed", `${url}: ${error.message}`);
  }
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const newDeployment = (what) => failure("new_deployment", `${what} is of another deployment of the site`);

// calc.bundle: uint32 LE header length, header JSON [[path, size], ...], then the files' bytes in that order.
function unpackBundle(bytes) {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  let offset = 4 + length;
  return header.map(([path, size]) => {
    const file = { path, bytes: bytes.subarray(offset, offset + size) };
    offset += size;
    return file;
  });
}

function writeFiles(mp, files) {
  for (const { path, bytes } of files) {
    const full = CALC_DIR + "/" + path;
    mp.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    mp.FS.writeFile(full, bytes);
  }
}

async function boot({ build, runtimeURL, wasmURL, calcURL, offline, downloadBytes }) {
  mark("boot");
  expectedBytes = downloadBytes || 0;
  post({ type: "status", stage: "loading_runtime" });
  if (build && stamped(BUILD_ID) && build !== BUILD_ID) throw newDeployment("fees-worker.mjs");
  await checkWasmAllowed();
  // All at once: the wasm's download and compilation, the interpreter's script and calc's bundle.
  // Offline, the wasm's URL only names it (Emscripten would read a file: URL with XHR, which file:// refuses).
  const wasmName = offline ? "mpkj-offline:micropython.wasm" : wasmURL;
  const wasm = compileWasm(wasmName, offline ? decodeBase64(offline.wasm) : null);
  const bundle = offline ? Promise.resolve(decodeBase64(offline.calc)) : bundleBytes(calcURL);
  wasm.catch(() => {}); // awaited below
  bundle.catch(() => {});
  const loadMicroPython = await importRuntime(runtimeURL);
  mark("loader");
  await wasm; // a missing or damaged wasm fails here, with its URL
  const output = [];
  const mp = await loadMicroPython({
    url: wasmName,
    heapsize: HEAP_BYTES,
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
  mark("runtime_started");
  post({ type: "status", stage: "loading_calc" });
  const bytes = await bundle;
  if (stamped(CALC_SHA256) && (await sha256(bytes)) !== CALC_SHA256) throw newDeployment("calc.bundle");
  writeFiles(mp, unpackBundle(bytes));
  try {
    mp.runPython(
      `import sys\nsys.path.insert(0, ${JSON.stringify(CALC_DIR)})\n` +
        `sys.path.insert(1, ${JSON.stringify(CALC_DIR + "/calc/stand_ins")})\nimport calc`,
    );
  } catch (error) {
    throw failure("load_failed", `calc did not load: ${error.message} ${output.join("\n")}`.trim());
  }
  mark("calc_imported");
  // calc.estimate_json(text, today=<the page's date>) -> (status, text), handed over as "<status> <text>": one
  // string crosses the bridge rather than a proxy of a tuple.
  mp.runPython(
    "import datetime\n" +
      "def _mpkj_estimate(text, iso):\n" +
      "    today = datetime.date(int(iso[0:4]), int(iso[5:7]), int(iso[8:10]))\n" +
      "    status, out = calc.estimate_json(text, today=today)\n" +
      "    return str(status) + ' ' + out\n",
  );
  estimateJson = mp.globals.get("_mpkj_estimate"); // kept for the worker's lifetime
}

// Emscripten's string bridge cuts a text at a lone surrogate: those become U+FFFD, as calc's JSON reader makes of
// an escaped one.
const wellFormed = (text) =>
  text.toWellFormed
    ? text.toWellFormed()
    : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

function answer({ id, text, today }) {
  if (dead) {
    post({ type: "fatal", id, error: { code: "python_error", message: "the interpreter stopped" } });
    return;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today || "")) {
    post({ type: "result", id, error: { code: "bad_request", message: "the page sent no date (YYYY-MM-DD)" } });
    return;
  }
  try {
    const out = estimateJson(wellFormed(text), today);
    const space = out.indexOf(" ");
    post({ type: "result", id, status: Number(out.slice(0, space)), text: out.slice(space + 1) });
  } catch (error) {
    const message = String(error.message || error);
    // After an abort (out of memory, a stack overflow in wasm) the interpreter is unusable: the page starts a new one.
    dead = error instanceof WebAssembly.RuntimeError || /abort/i.test(message);
    post({ type: dead ? "fatal" : "result", id, error: { code: "python_error", message } });
  }
}

function reportFailure(error) {
  if (failed) return;
  failed = true;
  post({ type: "failed", code: error.code || "load_failed", message: String(error.message || error) });
}

self.addEventListener("message", ({ data }) => {
  if (data.type === "boot") {
    boot(data).then(() => {
      mark("ready");
      post({ type: "ready", timings });
      pending.splice(0).forEach(answer);
    }, reportFailure);
  } else if (data.type === "estimate") {
    if (estimateJson) answer(data);
    else pending.push(data);
  }
});
