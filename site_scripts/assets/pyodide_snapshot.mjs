// Makes and checks the Pyodide memory snapshot the site starts from (called by pyodide_snapshot.py beside it).
//
//   node pyodide_snapshot.mjs make  INDEX_DIR CALC_ZIP REQUESTS_JSON OUT   boot, import calc, answer every request
//                                                                         (so whatever calc loads lazily is in
//                                                                         memory), then write the raw snapshot
//   node pyodide_snapshot.mjs check INDEX_DIR SNAPSHOT REQUESTS_JSON       restore the raw snapshot and print a JSON
//                                                                         list of [status, text], one per request
//
// Same steps as docs/javascripts/fees-worker.mjs. Files unpacked before the snapshot are not on the file system
// after a restore: the calc modules and their schedules must already be loaded, which answering requests does.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CALC_DIR = "/home/pyodide/mpkj";
const [mode, indexDir, input, requestsPath, out] = process.argv.slice(2);
if (!["make", "check"].includes(mode) || !requestsPath || (mode === "make" && !out)) {
  console.error(
    "usage: node pyodide_snapshot.mjs make INDEX_DIR CALC_ZIP REQUESTS_JSON OUT\n" +
      "       node pyodide_snapshot.mjs check INDEX_DIR SNAPSHOT REQUESTS_JSON",
  );
  process.exit(64);
}
const indexURL = path.resolve(indexDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
// REQUESTS_JSON: {"warm": Python run before the requests (imports), "requests": [request text, ...]}
const { warm, requests } = JSON.parse(await readFile(requestsPath, "utf8"));

function answerAll(pyodide) {
  const estimateJson = pyodide.pyimport("calc").estimate_json;
  return requests.map((text) => {
    const result = estimateJson(text);
    const pair = result.toJs();
    result.destroy();
    return pair;
  });
}

if (mode === "make") {
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  pyodide.unpackArchive(new Uint8Array(await readFile(input)), "zip", { extractDir: CALC_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(CALC_DIR)})`);
  // Every module calc imports, every schedule read and cached (calc.schedules.load_all is functools.cache'd).
  pyodide.runPython(warm);
  answerAll(pyodide);
  await writeFile(out, pyodide.makeMemorySnapshot());
} else {
  // A Uint8Array, not a Buffer: Pyodide views the bytes as 32-bit words from offset 0.
  const bytes = new Uint8Array(await readFile(input));
  const pyodide = await loadPyodide({ indexURL, _loadSnapshot: bytes });
  process.stdout.write(JSON.stringify(answerAll(pyodide)));
}
