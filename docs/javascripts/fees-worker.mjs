// Module worker running the Python package `calc` under Pyodide (started by fees.js).
// Protocol, page -> worker: {type: "boot", indexURL, calcURL, offline} then {type: "estimate", id, text}.
// Worker -> page: {type: "status", stage} | {type: "progress"} | {type: "ready"}
//   | {type: "failed", code, message} | {type: "result", id, status, text} | {type: "result", id, error}.
// Offline (file://) the page passes the files' bytes as base64 in `offline`, and this file is
// bundled after pyodide.mjs/pyodide.asm.mjs, which then define MPKjLoadPyodide/MPKjCreatePyodideModule.
// No fee logic here: calc.estimate_json does all of it, so the text equals CPython's byte for byte.

const CALC_DIR = "/home/pyodide/mpkj"; // unpacked calc.zip; put first on sys.path

const post = (message) => self.postMessage(message);
let estimateJson = null; // calc.estimate_json once ready
const pending = [];      // estimate messages that arrived before ready
let failed = false;      // a failure was reported (it may be seen twice: fetch wrapper, then boot)

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
    if (!response.ok) {
      const error = failure("load_failed", `${url}: HTTP ${response.status}`);
      reportFailure(error); // Pyodide would swallow the rejection below
      throw error;
    }
    // Pings come from reading a clone, so Pyodide gets the fetched response itself: a Response built anew has no
    // URL, and Chromium then keeps no compiled code for the wasm (a repeat visit would compile it again).
    drain(response.clone().body, () => post({ type: "progress" }));
    return response;
  };
}

async function drain(body, onChunk) {
  const reader = body.getReader();
  try {
    while (!(await reader.read()).done) onChunk();
  } catch (error) {
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

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw failure("load_failed", `${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function importLoader(url) {
  try {
    return (await import(url)).loadPyodide;
  } catch (error) {
    throw failure("load_failed", `${url}: ${error.message}`);
  }
}

async function boot({ indexURL, calcURL, offline }) {
  post({ type: "status", stage: "loading_runtime" });
  await checkWasmAllowed();
  // fsInit runs once the wasm is compiled, before Python starts: one more sign of life.
  let options = { indexURL, fsInit: () => post({ type: "progress" }) };
  let calcBytes;
  if (offline) {
    installFetch(indexURL, {
      [indexURL + "pyodide.asm.wasm"]: decodeBase64(offline.wasm),
      [indexURL + "python_stdlib.zip"]: decodeBase64(offline.stdlib),
    });
    options = { ...options, lockFileContents: offline.lock, createPyodideModule: self.MPKjCreatePyodideModule };
    calcBytes = Promise.resolve(decodeBase64(offline.calc));
  } else {
    installFetch(indexURL, null);
    calcBytes = fetchBytes(calcURL); // in parallel with the runtime
  }
  calcBytes.catch(() => {}); // awaited below; no "unhandled rejection" if the runtime fails first
  const loadPyodide = self.MPKjLoadPyodide || await importLoader(indexURL + "pyodide.mjs");
  post({ type: "progress" }); // the watchdog's clock restarts for Python's (silent) start-up
  const pyodide = await loadPyodide(options);

  post({ type: "status", stage: "loading_calc" });
  pyodide.unpackArchive(await calcBytes, "zip", { extractDir: CALC_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(CALC_DIR)})`);
  estimateJson = pyodide.pyimport("calc").estimate_json; // kept for the worker's lifetime
}

function answer({ id, text }) {
  try {
    const result = estimateJson(text); // Python tuple (status, text)
    const [status, out] = result.toJs();
    result.destroy();
    post({ type: "result", id, status, text: out });
  } catch (error) {
    post({ type: "result", id, error: { code: "python_error", message: String(error.message || error) } });
  }
}

function reportFailure(error) {
  if (failed) return;
  failed = true;
  post({ type: "failed", code: error.code || "load_failed", message: String(error.message || error) });
}

self.addEventListener("message", ({ data }) => {
  if (data.type === "boot") {
    boot(data).then(() => { post({ type: "ready" }); pending.splice(0).forEach(answer); }, reportFailure);
  } else if (data.type === "estimate") {
    if (estimateJson) answer(data); else pending.push(data);
  }
});
