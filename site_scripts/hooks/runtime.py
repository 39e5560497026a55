"""MkDocs hook: the browser runtime of the calculators written into the built site, once per build: Pyodide,
calc.zip, the memory snapshot and the stamped glue (site_scripts/assets/pyodide_assets.py); in the offline build
also the classic scripts that file:// needs.
"""

from __future__ import annotations

from pathlib import Path

from site_scripts.assets.pyodide_assets import install_runtime
from site_scripts.build_state import first_build, offline

REPO_ROOT = Path(__file__).resolve().parents[2]


def on_post_build(config) -> None:
    if not first_build(config):
        return  # the i18n plugin builds each language in turn; the runtime is written once
    install_runtime(Path(config.site_dir), REPO_ROOT, offline=offline())


__all__ = ["on_post_build"]
