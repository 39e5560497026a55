"""MkDocs hook: the browser runtime of the calculators written into the built site, once per build: MicroPython's
WebAssembly port, calc.bundle (calc as .mpy and its schedules as JSON) and the stamped glue
(site_scripts/assets/micropython_assets.py); in the offline build also the classic script that file:// needs.

Once every language is built, every calculator form is stamped with the build id (`data-mpkj-build`): fees.js
compares it with its own, so a page that Material's instant navigation brought in from a newer deployment never gets
an answer from the older deployment's calc still running in the page (it says a new version is out instead).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from site_scripts.assets.micropython_assets import install_runtime
from site_scripts.build_state import first_build, inner_build, offline

REPO_ROOT = Path(__file__).resolve().parents[2]
_FORM = re.compile(r'<form class="mpkj-calculator"')
_build_id: str | None = None


@event_priority(0)
def install(config) -> None:
    global _build_id
    if not first_build(config):
        return  # the i18n plugin builds each language in turn; the runtime is written once
    _build_id = install_runtime(Path(config.site_dir), REPO_ROOT, offline=offline())


@event_priority(-150)  # after the i18n plugin (-100) built the other languages; before the CSP (-200) and sw.js
def stamp_forms(config) -> None:
    if inner_build(config) or _build_id is None:
        return
    stamp = f'<form class="mpkj-calculator" data-mpkj-build="{_build_id}"'
    for page in Path(config.site_dir).rglob("*.html"):
        text = page.read_text("utf-8")
        stamped, count = _FORM.subn(stamp, text)
        if count:
            page.write_text(stamped, "utf-8")


on_post_build = CombinedEvent(install, stamp_forms)


__all__ = ["install", "on_post_build", "stamp_forms"]
