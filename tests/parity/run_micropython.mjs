// Answers many requests with calc in MicroPython (the npm WebAssembly port the site ships), in one Node process.
// usage: node run_micropython.mjs DIR
// DIR/calc/ holds calc's .py files and the schedules exported as JSON (calc/schedules/<id>.json), DIR/requests/
// one request per file (0.json, 1.json, ...) and DIR/today.txt the date the page would send. calc is booted as
// the page boots it (contract 5: the package under a directory D, its stand-ins after it on sys.path), each
// request answered by calc.estimate_json and written to DIR/answers/<n>.json as "<status>\n<JSON text>";
// DIR/timings.json gets each answer's time in milliseconds. Requests and answers cross as files of UTF-8, never
// as JavaScript strings (Emscripten's string bridge cuts text at a lone surrogate).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript/micropython.mjs";

const dir = process.argv[2];
const ROOT = "/mpkj"; // D of contract 5

const mp = await loadMicroPython({
  heapsize: 256 * 1024 * 1024, // a 1 MB request, its UTF-8 bytes and what is read from it
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});

function copyTree(hostDir, fsDir) {
  mp.FS.mkdirTree(fsDir);
  for (const name of readdirSync(hostDir)) {
    const hostPath = join(hostDir, name);
    if (statSync(hostPath).isDirectory()) {
      copyTree(hostPath, `${fsDir}/${name}`);
    } else {
      mp.FS.writeFile(`${fsDir}/${name}`, readFileSync(hostPath));
    }
  }
}

copyTree(join(dir, "calc"), `${ROOT}/calc`);
copyTree(join(dir, "requests"), "/requests");
mp.FS.mkdirTree("/answers");
const count = readdirSync(join(dir, "requests")).length;
const today = readFileSync(join(dir, "today.txt"), "utf8").trim();

try {
  mp.runPython(`
import sys
sys.path.insert(0, "${ROOT}")
sys.path.insert(1, "${ROOT}/calc/stand_ins")
import io
import time
from datetime import date
import calc

today = date.fromisoformat("${today}")
timings = []
for number in range(${count}):
    with open("/requests/%d.json" % number) as handle:
        text = handle.read()
    start = time.ticks_ms()
    try:
        status, answer = calc.estimate_json(text, today=today)
    except Exception as error:  # shown as the answer, so that the test names the request
        trace = io.StringIO()
        sys.print_exception(error, trace)
        status, answer = 1, trace.getvalue()
    timings.append(time.ticks_diff(time.ticks_ms(), start))
    with open("/answers/%d.json" % number, "w") as handle:
        handle.write("%d\\n%s" % (status, answer))
with open("/answers/timings.txt", "w") as handle:
    handle.write(" ".join(str(ms) for ms in timings))
`);
} catch (error) {
  // The message is the Python traceback; never the whole Emscripten error (it quotes the module's source).
  process.stderr.write(`${error.type ?? "Error"}: ${error.message}\n`);
  process.exit(1);
}

mkdirSync(join(dir, "answers"), { recursive: true });
for (let number = 0; number < count; number++) {
  writeFileSync(join(dir, "answers", `${number}.json`), mp.FS.readFile(`/answers/${number}.json`));
}
const timings = new TextDecoder().decode(mp.FS.readFile("/answers/timings.txt")).split(" ").map(Number);
writeFileSync(join(dir, "timings.json"), JSON.stringify(timings));
