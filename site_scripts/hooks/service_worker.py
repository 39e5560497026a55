"""MkDocs hook: the service worker `sw.js` (site_scripts/assets/service_worker.py), written after everything else
has written its files, the other languages included. The offline build gets none: a browser can't register one
from file://.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from site_scripts.assets.service_worker import SW_NAME, write_service_worker
from site_scripts.build_state import inner_build, offline


@event_priority(-300)  # last: after the i18n plugin (-100) built the other languages, and the CSP (-200)
def on_post_build(config) -> None:
    if inner_build(config):
        return  # a language built inside the i18n plugin's loop; the outer build writes sw.js once, last
    if offline():
        (Path(config.site_dir) / SW_NAME).unlink(missing_ok=True)
        return
    write_service_worker(Path(config.site_dir))


__all__ = ["on_post_build"]
