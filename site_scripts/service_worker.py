"""MkDocs hook (mkdocs.yml `hooks:`) writing the service worker `sw.js` at the root of the hosted site.

`sw.js` is site_scripts/sw_template.js with, filled in at build time, the SHA-256 of every built file, the files to
store on install (pages, styles, scripts, search index, open data) and the runtime files stored on first use
(assets/pyodide/, assets/calc.zip). Its version, and so its cache's name, is a hash of all of them: any change in
the build gives a new cache, and the old one is deleted when the new worker activates. docs/javascripts/
sw-register.js registers it (over http(s) only; never on file://).

The offline build (MPKJ_OFFLINE) gets no service worker: a browser can't register one from file://.
Run after everything else has written its files, including the other languages (the i18n plugin builds them
inside its own on_post_build, priority -100): `python -m site_scripts.service_worker SITE_DIR` does the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

TEMPLATE = Path(__file__).with_name("sw_template.js")
SW_NAME = "sw.js"
RUNTIME_PREFIXES = ("assets/pyodide/", "assets/calc.zip")
# Kept out of the precache: the runtime (stored when used), what is only fetched on demand if ever (other search
# languages, source maps, the gzipped sitemap), and files added to the site after the build (downloads/).
LAZY_PREFIXES = ("assets/javascripts/lunr/",)
LAZY_SUFFIXES = (".map", ".gz")
SKIP_PREFIXES = ("downloads/", "assets/pyodide-offline/")


def _offline() -> bool:
    return os.environ.get("MPKJ_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


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
    ):
        if name not in source:
            raise ValueError(f"{TEMPLATE}: placeholder {name} is missing")
        source = source.replace(name, value)
    return source


def write_service_worker(site_dir: Path) -> Path:
    target = site_dir / SW_NAME
    target.write_text(render(site_dir), "utf-8")
    return target


@event_priority(-300)  # last: after the i18n plugin (-100) built the other languages, and the CSP (-200)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built inside the i18n plugin's loop; the outer build writes sw.js once, last
    target = Path(config.site_dir) / SW_NAME
    if _offline():
        target.unlink(missing_ok=True)
        return
    write_service_worker(Path(config.site_dir))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m site_scripts.service_worker SITE_DIR")
    print(f"wrote {write_service_worker(Path(sys.argv[1]))}")
