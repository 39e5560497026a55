"""MkDocs hook: the site as an installable web app (issue 17, item 7). Once every language is built:

* assets/icons/icon.svg, icon-192.png, icon-512.png: the site's logo (mkdocs.yml `theme.icon.logo`) in white on the
  palette's indigo, made by site_scripts/assets/icons.py;
* manifest.webmanifest (Bahasa Melayu, starting at the home page) and en/manifest.webmanifest (English, starting at
  en/index.html), each with its language's site name and description from mkdocs.yml, the whole site as its scope;
  docs/overrides/main.html links each page to its language's manifest.

The service worker stores them with the rest of the site, so after one calculator visit the app opens with no
network.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from site_scripts.assets.icons import FOREGROUND, icon_svg, logo_path, logo_svg, png, rasterise
from site_scripts.build_state import DEFAULT_LANGUAGE, LANGUAGES, first_build, inner_build

ICON_DIR = "assets/icons"
PNG_SIZES = (192, 512)
SHORT_NAMES = {"ms": "Fi MPKj", "en": "MPKj Fees"}
THEME_COLOUR = "#3f51b5"  # the palette's indigo (mkdocs.yml), as the icons' background


_default_names: tuple[str, str] | None = None  # the default language's, read during its own build


def _names(config) -> dict[str, tuple[str, str]]:
    """language -> (site name, description), as mkdocs.yml gives them (the i18n plugin's per-language values)."""
    names = {DEFAULT_LANGUAGE: _default_names or (config.site_name, config.site_description or "")}
    i18n = config.plugins.get("i18n")
    for language in getattr(getattr(i18n, "config", None), "languages", None) or []:
        if language.locale != DEFAULT_LANGUAGE:
            names[language.locale] = (language.site_name or config.site_name,
                                      language.site_description or config.site_description or "")
    return names


def manifest(language: str, name: str, description: str) -> dict[str, object]:
    root = "./" if language == DEFAULT_LANGUAGE else "../"
    icons = [{"src": f"{root}{ICON_DIR}/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}]
    icons += [{"src": f"{root}{ICON_DIR}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
               "purpose": "any maskable"} for size in PNG_SIZES]
    return {
        "name": name, "short_name": SHORT_NAMES[language], "description": description, "lang": language,
        "start_url": "./index.html", "scope": root, "display": "standalone", "id": "./index.html",
        "background_color": "#{:02x}{:02x}{:02x}".format(*FOREGROUND), "theme_color": THEME_COLOUR, "icons": icons,
    }


@event_priority(0)  # the default language's build, before the i18n plugin (-100) sets another language's names
def remember_names(config) -> None:
    global _default_names
    if first_build(config) and not inner_build(config):
        _default_names = (config.site_name, config.site_description or "")


@event_priority(-150)  # after the i18n plugin (-100) built every language; before sw.js (-300) hashes the files
def write_web_app(config) -> None:
    if inner_build(config):
        return
    site = Path(config.site_dir)
    icons = site / ICON_DIR
    icons.mkdir(parents=True, exist_ok=True)
    glyph = logo_path(logo_svg(config.theme["icon"]["logo"]))
    (icons / "icon.svg").write_text(icon_svg(glyph), "utf-8")
    for size in PNG_SIZES:
        (icons / f"icon-{size}.png").write_bytes(png(rasterise(glyph, size), size))
    for language, (name, description) in _names(config).items():
        if language not in LANGUAGES:
            continue
        folder = site if language == DEFAULT_LANGUAGE else site / language
        text = json.dumps(manifest(language, name, description), ensure_ascii=False, indent=2)
        (folder / "manifest.webmanifest").write_text(text + "\n", "utf-8")


on_post_build = CombinedEvent(remember_names, write_web_app)


__all__ = ["manifest", "on_post_build", "remember_names", "write_web_app"]
