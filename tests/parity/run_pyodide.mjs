// Runs calc.estimate_json under Pyodide in Node, for tests/parity/test_parity.py.
// Usage: node run_pyodide.mjs CALC_ZIP REQUESTS_JSON
//   CALC_ZIP: the zip from site_scripts/assets/pyodide_assets.build_calc_zip (what the browser gets)
//   REQUESTS_JSON: a JSON list of request texts
// Prints a JSON list of [status, text], one per request. One process for all cases: boot is ~2 s.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const [zipPath, requestsPath] = process.argv.slice(2);
if (!zipPath || !requestsPath) {
  console.error("usage: node run_pyodide.mjs CALC_ZIP REQUESTS_JSON");
  process.exit(64);
}
const indexURL = fileURLToPath(new URL("../../node_modules/pyodide/", import.meta.url));
const { loadPyodide } = await import(new URL("../../node_modules/pyodide/pyodide.mjs", import.meta.url));

const pyodide = await loadPyodide({ indexURL });
// Same steps as docs/javascripts/fees-worker.mjs, so the test covers what the browser runs.
const CALC_DIR = "/home/pyodide/mpkj";
pyodide.unpackArchive(new Uint8Array(await readFile(zipPath)), "zip", { extractDir: CALC_DIR });
pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(CALC_DIR)})`);
const estimateJson = pyodide.pyimport("calc").estimate_json;

const results = JSON.parse(await readFile(requestsPath, "utf8")).map((text) => {
  const result = estimateJson(text);
  const pair = result.toJs();
  result.destroy();
  return pair;
});
process.stdout.write(JSON.stringify(results));
