"""The service worker `sw.js` at the root of the hosted site (written by site_scripts/hooks/service_worker.py, last).

`sw.js` is sw_template.js beside this file with, filled in at build time, the SHA-256 of every built file (each
stored file, whatever its size, is checked against it on every use), the files to store for offline use once a
calculator was used (pages, styles, scripts, search index, open data) and the runtime files stored first
(assets/micropython/, assets/calc.bundle). Its version, and so its cache's name, is a hash of all of them: any
change in the build gives a new cache, and the old one is deleted when the new worker activates.
docs/javascripts/sw-register.js registers it (over http(s) only; never on file://).
`python -m site_scripts.assets.service_worker SITE_DIR` writes it by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("sw_template.js")
SW_NAME = "sw.js"
RUNTIME_PREFIXES = ("assets/micropython/", "assets/calc.bundle")
# Kept out of the precache: the runtime (stored when used), what is only fetched on demand if ever (other search
# languages, source maps, the gzipped sitemap), and files added to the site after the build (downloads/).
LAZY_PREFIXES = ("assets/javascripts/lunr/",)
LAZY_SUFFIXES = (".map", ".gz")
SKIP_PREFIXES = ("downloads/", "assets/micropython-offline/")


# Files fees.js asks for as `<path>?v=<build id>` (micropython_assets.py); the worker asks for the same URLs.
VERSIONED = (
    "javascripts/fees-worker.mjs", "assets/micropython/micropython.mjs", "assets/micropython/micropython.wasm",
    "assets/calc.bundle",
)


def versioned_queries(site_dir: Path) -> dict[str, str]:
    fees = site_dir / "javascripts" / "fees.js"
    found = re.search(r'BUILD_ID = "([0-9a-f]+)"', fees.read_text("utf-8")) if fees.is_file() else None
    return {path: f"?v={found.group(1)}" for path in VERSIONED} if found else {}


def file_hashes(site_dir: Path) -> dict[str, str]:
    """Site-relative path -> SHA-256 (hex) of every file the worker may serve."""
    hashes = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative == SW_NAME or relative.startswith(SKIP_PREFIXES):
            continue
        hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def render(site_dir: Path) -> str:
    files = file_hashes(site_dir)
    runtime = [p for p in files if p.startswith(RUNTIME_PREFIXES)]
    precache = [
        p for p in files if not p.startswith((*RUNTIME_PREFIXES, *LAZY_PREFIXES)) and not p.endswith(LAZY_SUFFIXES)
    ]
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    source = TEMPLATE.read_text("utf-8")
    for name, value in (
        ("__MPKJ_SW_VERSION__", version),
        ("__MPKJ_SW_FILES__", json.dumps(files, indent=0)),
        ("__MPKJ_SW_PRECACHE__", json.dumps(precache)),
        ("__MPKJ_SW_RUNTIME__", json.dumps(runtime)),
        ("__MPKJ_SW_QUERY__", json.dumps(versioned_queries(site_dir))),
    ):
        if name not in source:
            raise ValueError(f"{TEMPLATE}: placeholder {name} is missing")
        source = source.replace(name, value)
    return source


def write_service_worker(site_dir: Path) -> Path:
    target = site_dir / SW_NAME
    target.write_text(render(site_dir), "utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m site_scripts.assets.service_worker SITE_DIR")
    print(f"wrote {write_service_worker(Path(sys.argv[1]))}")
