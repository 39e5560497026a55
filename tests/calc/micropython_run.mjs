// Runs one Python script in MicroPython (the npm WebAssembly port the site ships) and prints what it prints.
// stdin: {"files": {"/path/in/micropython/fs.py": "source", ...}, "script": "python source"}.
// Used by tests/calc/test_stand_ins.py to run calc's stand-ins and json_text in MicroPython, in one process.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript/micropython.mjs";

const request = JSON.parse(readFileSync(0, "utf8"));
const printed = [];
const mp = await loadMicroPython({
  heapsize: 256 * 1024 * 1024, // a 1 MB request, its UTF-8 bytes and what is read from it
  stdout: (line) => printed.push(line),
  stderr: (line) => process.stderr.write(line + "\n"),
});
for (const [path, source] of Object.entries(request.files)) {
  mp.FS.mkdirTree(dirname(path));
  mp.FS.writeFile(path, source);
}
try {
  mp.runPython(request.script);
} catch (error) {
  process.stdout.write(printed.join("\n") + "\n");
  // The error's message is the Python traceback; never the whole emscripten error (it quotes the module's source).
  process.stderr.write(`${error.type ?? "Error"}: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(printed.join("\n") + "\n");
