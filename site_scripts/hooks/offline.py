"""MkDocs hook for the offline build (MPKJ_OFFLINE=true), the site opened from disk (file://) out of the zip that
site_scripts/assets/offline_zip.py makes.

* Material's iframe-worker shim (mkdocs.yml `extra.polyfills`) only there: it does nothing over http(s).
* No instant navigation: on file:// Material's instant navigation returns an empty stream that completes its
  `document$` before the page has loaded, so `document$` never emits and nothing subscribed to it (calculator.js,
  language-switch.js) ever starts. Full page loads work.
* The Downloads page states the zip's real size where `<!-- offline-zip-size -->` stands, read from
  dist/mpkj-fees-offline.zip when the online site is built after `make offline` (as the Pages workflow does);
  without a zip (a local `make site`) the size is left out rather than guessed.
* `search/search_index.js` (the index as a script, which is how search works from file://) is written again once
  every language is built: Material's offline plugin writes it before the i18n plugin has merged the languages'
  indexes (both at priority -100), which would leave the downloaded site searching the last language built only.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from site_scripts.build_state import inner_build, offline

OFFLINE_ZIP = Path(__file__).resolve().parents[2] / "dist" / "mpkj-fees-offline.zip"
SIZE_MARK = "<!-- offline-zip-size -->"


def on_config(config):
    if offline() and "navigation.instant" in config.theme.get("features", []):
        config.theme["features"] = [f for f in config.theme["features"] if not f.startswith("navigation.instant")]
    if not offline():
        config.extra["polyfills"] = []  # the iframe-worker shim does nothing over http(s): one request less a page
    return config


def zip_size_text(zip_path: Path = OFFLINE_ZIP) -> str:
    """" (1.2 MB)", the zip's size as the Downloads page states it; "" when there is no zip to measure."""
    if offline() or not zip_path.is_file():
        return ""
    return f" ({zip_path.stat().st_size / 1e6:.1f} MB)"


def on_page_markdown(markdown: str, page, config, files) -> str:
    return markdown.replace(SIZE_MARK, zip_size_text()) if SIZE_MARK in markdown else markdown


@event_priority(-300)  # after the i18n (-100) and offline (-100) plugins
def on_post_build(config) -> None:
    if not offline() or inner_build(config):
        return
    search = Path(config.site_dir) / "search"
    if (search / "search_index.json").is_file():
        data = (search / "search_index.json").read_text("utf-8")
        (search / "search_index.js").write_text(f"var __index = {data}", "utf-8")


__all__ = ["on_config", "on_page_markdown", "on_post_build", "zip_size_text"]
