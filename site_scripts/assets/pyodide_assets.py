"""Build-time assets that let the browser run the `calc` package under Pyodide.

Layout written into the built site (fees.js derives every URL from its own address,
so the site may live under any sub-path):

    javascripts/fees.js, javascripts/fees-worker.mjs   glue, stamped with the build id
    assets/calc.zip                                     calc/**/*.py|toml, fetched as calc.zip?v=<build id>
    assets/calc-snapshot.bin                            Python with calc loaded (pyodide_snapshot.py),
                                                        fetched as calc-snapshot.bin?v=<build id>
    assets/pyodide/                                     the Pyodide runtime files actually used
    assets/pyodide-offline/*.js                         (offline=True only) classic scripts for file://

Versioning: calc.zip and calc-snapshot.bin keep a stable name (a stale cached page never asks for a file that the
new deployment removed); the glue asks for it as `calc.zip?v=<build id>`, where the build id
hashes calc.zip, the worker, the Pyodide version and the snapshot's key, so browsers never pair an old cached
calc with a new page. The Pyodide files can't carry a query (Pyodide builds their URLs
itself); a mismatch there is caught by Pyodide's own version check and reported as a load failure.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import calc
from site_scripts.assets import pyodide_snapshot

# Runtime files Pyodide fetches for a stdlib-only program (pyodide.js is the classic-script
# loader, unused here; the lock file is written trimmed, see _trimmed_lock).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
GLUE_FILES = ("fees.js", "fees-worker.mjs")
BUILD_ID_PLACEHOLDER = "__MPKJ_BUILD_ID__"
SNAPSHOT_KEY_PLACEHOLDER = "__MPKJ_SNAPSHOT_KEY__"
DOWNLOAD_BYTES_PLACEHOLDER = "__MPKJ_DOWNLOAD_BYTES__"
CALC_SHA256_PLACEHOLDER = "__MPKJ_CALC_SHA256__"
SNAPSHOT_NAME = "calc-snapshot.bin"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # earliest zip timestamp: same bytes on every build


def build_calc_zip(repo_root: Path) -> bytes:
    """Deterministic zip of calc/**/*.py and calc/**/*.toml, names like `calc/__init__.py`."""
    calc_dir = repo_root / "calc"
    files = sorted(
        p for p in calc_dir.rglob("*")
        if p.is_file() and p.suffix in (".py", ".toml") and "__pycache__" not in p.parts
    )
    if not any(p.name == "__init__.py" and p.parent == calc_dir for p in files):
        raise FileNotFoundError(f"{calc_dir / '__init__.py'} not found: is repo_root right?")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(files, key=lambda p: p.relative_to(repo_root).as_posix()):
            info = zipfile.ZipInfo(path.relative_to(repo_root).as_posix(), _ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def install_runtime(site_dir: Path, repo_root: Path, *, offline: bool) -> None:
    """Write the runtime, calc.zip and the glue into a built site (MkDocs on_post_build)."""
    pyodide_dir = repo_root / "node_modules" / "pyodide"
    missing = [n for n in (*RUNTIME_FILES, "pyodide-lock.json") if not (pyodide_dir / n).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Pyodide runtime files missing in {pyodide_dir}: {', '.join(missing)}. "
            "Run `npm ci` in the repository root to install node_modules (see package.json)."
        )
    calc_zip = build_calc_zip(repo_root)
    worker_src = (repo_root / "docs" / "javascripts" / "fees-worker.mjs").read_text("utf-8")
    version = json.loads((pyodide_dir / "package.json").read_text("utf-8"))["version"]
    expected = [calc.estimate_json(text) for text in pyodide_snapshot.requests()]
    snapshot_key, snapshot = pyodide_snapshot.published_snapshot(repo_root, calc_zip, expected)
    stamp = calc_zip + worker_src.encode() + version.encode() + snapshot_key.encode()
    build_id = hashlib.sha256(stamp).hexdigest()[:12]

    assets = site_dir / "assets"
    runtime_dir = assets / "pyodide"
    runtime_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(pyodide_dir / name, runtime_dir / name)
    lock = _trimmed_lock(pyodide_dir)
    (runtime_dir / "pyodide-lock.json").write_text(json.dumps(lock), "utf-8")
    (assets / "calc.zip").write_bytes(calc_zip)
    (assets / SNAPSHOT_NAME).write_bytes(snapshot)

    # MkDocs already copied docs/javascripts/; rewrite both so they carry the build id
    # (and exist even if the site config does not list them).
    js_dir = site_dir / "javascripts"
    js_dir.mkdir(parents=True, exist_ok=True)
    for name in GLUE_FILES:
        src = (repo_root / "docs" / "javascripts" / name).read_text("utf-8")
        download = (runtime_dir / "pyodide.asm.wasm").stat().st_size + len(snapshot)  # what the progress bar counts
        stamped = (
            src.replace(BUILD_ID_PLACEHOLDER, build_id)
            .replace(SNAPSHOT_KEY_PLACEHOLDER, snapshot_key)
            .replace(DOWNLOAD_BYTES_PLACEHOLDER, str(download))
            .replace(CALC_SHA256_PLACEHOLDER, hashlib.sha256(calc_zip).hexdigest())
        )
        (js_dir / name).write_text(stamped, "utf-8")

    if offline:
        _write_offline_scripts(assets / "pyodide-offline", pyodide_dir, calc_zip, worker_src, lock, snapshot)


def _trimmed_lock(pyodide_dir: Path) -> dict[str, object]:
    """The lock file without its package list: calc is stdlib-only and no wheels are shipped,
    so a loadPackage() call fails at once instead of fetching files that aren't there."""
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text("utf-8"))
    return {"info": lock["info"], "packages": {}}


def _write_offline_scripts(
    out: Path, pyodide_dir: Path, calc_zip: bytes, worker_src: str, lock: dict[str, object], snapshot: bytes
) -> None:
    """Classic scripts for file://, where fetch, module imports and Worker(fileURL) all fail.

    Each script only assigns to `MPKjOffline`; fees.js inserts them on first use and posts
    their contents to a small data: URL module worker, which imports worker.js's module source
    (pyodide.mjs + pyodide.asm.mjs with exports turned into globals + fees-worker.mjs) from a
    blob URL; the other scripts carry the wasm, the stdlib and calc.zip as base64.
    """
    out.mkdir(parents=True, exist_ok=True)
    loader = _replace_once(
        (pyodide_dir / "pyodide.mjs").read_text("utf-8"),
        r"export\s*\{\s*(\w+) as loadPyodide\s*,\s*\w+ as version\s*\};?",
        r"globalThis.MPKjLoadPyodide=\1;",
    )
    asm = _replace_once(
        (pyodide_dir / "pyodide.asm.mjs").read_text("utf-8"),
        r"export default _createPyodideModule;?",
        "globalThis.MPKjCreatePyodideModule=_createPyodideModule;",
    )
    # Blocks keep each part's top-level names (minified one-letter ones) from clashing.
    module = "{\n" + loader + "\n}\n{\n" + asm + "\n}\n{\n" + worker_src + "\n}\n"
    scripts = {
        "worker.js": {"worker": module, "lock": lock},
        "wasm.js": {"wasm": _b64(pyodide_dir / "pyodide.asm.wasm")},
        "stdlib.js": {"stdlib": _b64(pyodide_dir / "python_stdlib.zip")},
        "calc.js": {"calc": base64.b64encode(calc_zip).decode("ascii")},
        "snapshot.js": {"snapshot": base64.b64encode(snapshot).decode("ascii")},
    }
    for name, values in scripts.items():
        body = "".join(f"MPKjOffline.{k}={json.dumps(v)};\n" for k, v in values.items())
        (out / name).write_text("var MPKjOffline=self.MPKjOffline||{};\n" + body, "utf-8")


def _replace_once(text: str, pattern: str, repl: str) -> str:
    new, count = re.subn(pattern, repl, text)
    if count != 1:  # a Pyodide upgrade changed the bundle: fail the build, not the browser
        raise ValueError(f"expected exactly one match of {pattern!r} in the Pyodide bundle, found {count}")
    return new


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")
