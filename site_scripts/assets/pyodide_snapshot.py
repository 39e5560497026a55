"""The Pyodide memory snapshot the browser starts from: Python with `calc` imported and every schedule loaded.

Restoring it takes about a quarter of an ordinary boot (issue 9). It is made in Node from the exact vendored Pyodide
and calc.zip (site_scripts/pyodide_snapshot.mjs), restored once more and checked against CPython's answers to the
worked examples and a few bad requests before it is published: a snapshot that answers differently fails the build.

Published file (assets/calc-snapshot.bin), gzip-compressed as a whole (31 MB to about 6 MB; compressed by us, so
no host has to):

    b"MPKJSNAP" | header length (uint32, little-endian) | header JSON, space-padded | Pyodide's snapshot
    header: {"key": snapshot key, "check": {"request": text, "status": int, "text": text}}

The snapshot starts at a multiple of 16 bytes (Pyodide reads it as 32-bit words). fees-worker.mjs refuses a file whose
key is not the one its page was built with (another Pyodide or another calc), restores it, answers `check` and
compares: any failure there, or a missing or corrupt file (gzip's CRC), falls back to an ordinary boot.

After a restore, Python needs no standard library file: what calc uses is in memory (every module calc's source
imports anywhere is imported before the snapshot), so the worker mounts an empty zip instead of the 2.5 MB
python_stdlib.zip. The check below runs the same way, so a module missing from memory fails the build.

Making one takes a few seconds; the result is cached under build/pyodide-snapshot/, named by a hash of everything that
goes into it, so the repeated builds of the test suite reuse it.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from calc.calculators import CALCULATORS

MAGIC = b"MPKJSNAP"
SCRIPT = Path(__file__).with_name("pyodide_snapshot.mjs")
# The zip the worker mounts as the standard library after a restore: an empty one (end-of-central-directory only).
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)
BAD_REQUESTS = ("{not json", "[1, 2]", '{"schedule": "no_such_schedule"}', '{"schedule": "deposit", "x": 1}')
# The Pyodide files a snapshot depends on (their bytes go into its key).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json", "package.json")


class SnapshotError(RuntimeError):
    """The snapshot could not be made, or answered differently from CPython."""


def requests() -> list[str]:
    """What the snapshot answers before it is taken (so lazily loaded code is in memory) and is checked against:
    each calculator's example (calc/calculators.py), all of them as one project, and requests calc refuses."""
    examples = [calculator.example_request() for calculator in CALCULATORS]
    project = {"schedule": "project", "parts": examples}
    return [json.dumps(request, ensure_ascii=False) for request in (*examples, project)] + list(BAD_REQUESTS)


def imported_modules(repo_root: Path) -> list[str]:
    """Every module calc's source imports anywhere, at the top or inside a function."""
    names = set()
    for path in sorted((repo_root / "calc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(names - {"__future__"})


def snapshot_key(repo_root: Path, calc_zip: bytes) -> str:
    pyodide_dir = repo_root / "node_modules" / "pyodide"
    digest = hashlib.sha256()
    for part in (
        *(pyodide_dir / name for name in PYODIDE_FILES), SCRIPT, Path(__file__),
    ):
        digest.update(hashlib.sha256(part.read_bytes()).digest())
    digest.update(hashlib.sha256(calc_zip).digest())
    digest.update(json.dumps(requests()).encode("utf-8"))
    return digest.hexdigest()[:16]


def published_snapshot(
    repo_root: Path, calc_zip: bytes, expected: list[tuple[int, str]], *, cache_dir: Path | None = None
) -> tuple[str, bytes]:
    """(key, bytes of assets/calc-snapshot.bin), from `cache_dir` (build/pyodide-snapshot/) when an identical one was
    made and checked before.

    `expected` are CPython's answers to requests(), in order (calc.estimate_json)."""
    key = snapshot_key(repo_root, calc_zip)
    cache = (cache_dir or repo_root / "build" / "pyodide-snapshot") / f"{key}.bin"
    if cache.is_file():
        data = cache.read_bytes()
        try:
            if read_header(gzip.decompress(data))["key"] == key:  # gzip checks its CRC: a damaged file is made anew
                return key, data
        except (OSError, ValueError, EOFError, KeyError):
            pass
    texts = requests()
    with tempfile.TemporaryDirectory(prefix="mpkj-snapshot-") as tmp:
        work = Path(tmp)
        raw = _make_raw(repo_root, calc_zip, texts, work)
        answers = _restored_answers(repo_root, raw, texts, work)
    for text, got, want in zip(texts, answers, expected, strict=True):
        if tuple(got) != tuple(want):
            raise SnapshotError(f"the restored snapshot answers {text[:80]!r} differently from CPython")
    check = {"request": texts[0], "status": expected[0][0], "text": expected[0][1]}
    data = gzip.compress(with_header(key, check, raw), compresslevel=6, mtime=0)
    cache.parent.mkdir(parents=True, exist_ok=True)
    for old in cache.parent.glob("*.bin"):  # one snapshot kept: the directory does not grow build after build
        old.unlink()
    partial = cache.with_suffix(".part")
    partial.write_bytes(data)
    os.replace(partial, cache)
    return key, data


def with_header(key: str, check: dict[str, object], raw: bytes) -> bytes:
    header = json.dumps({"key": key, "check": check}, ensure_ascii=False).encode("utf-8")
    start = len(MAGIC) + 4 + len(header)
    header += b" " * (-start % 16)
    return MAGIC + struct.pack("<I", len(header)) + header + raw


def read_header(data: bytes) -> dict:
    if data[: len(MAGIC)] != MAGIC:
        raise ValueError("not an MPKj snapshot")
    (length,) = struct.unpack_from("<I", data, len(MAGIC))
    return json.loads(data[len(MAGIC) + 4 : len(MAGIC) + 4 + length])


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("node (v20+) is needed to make the Pyodide snapshot")
    return node


def _run(args: list[str]) -> str:
    proc = subprocess.run([_node(), str(SCRIPT), *args], capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:  # Pyodide's stack traces quote its one-line bundle: keep the end
        raise SnapshotError(f"pyodide_snapshot.mjs {args[0]} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def _make_raw(repo_root: Path, calc_zip: bytes, texts: list[str], work: Path) -> bytes:
    (work / "calc.zip").write_bytes(calc_zip)
    warm = "import " + ", ".join(imported_modules(repo_root)) + "; calc.schedules.load_all(); calc.input_schema()"
    (work / "requests.json").write_text(json.dumps({"warm": warm, "requests": texts}), "utf-8")
    pyodide_dir = repo_root / "node_modules" / "pyodide"
    _run(["make", str(pyodide_dir), str(work / "calc.zip"), str(work / "requests.json"), str(work / "raw.bin")])
    return (work / "raw.bin").read_bytes()


def _restored_answers(repo_root: Path, raw: bytes, texts: list[str], work: Path) -> list[list]:
    """Restore in Node as the browser does: the snapshot's bytes and an empty standard library."""
    index = work / "index"
    index.mkdir()
    for name in PYODIDE_FILES:
        shutil.copyfile(repo_root / "node_modules" / "pyodide" / name, index / name)
    (index / "python_stdlib.zip").write_bytes(EMPTY_ZIP)
    (work / "raw.bin").write_bytes(raw)
    return json.loads(_run(["check", str(index), str(work / "raw.bin"), str(work / "requests.json")]))
