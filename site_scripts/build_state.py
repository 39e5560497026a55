"""What the hooks need to know about the build in progress, read in this one place.

* The offline build: `MPKJ_OFFLINE` (mkdocs.yml passes the same variable to Material's offline plugin). Set to
  anything but empty, `0`, `false` or `no`, the site is built to be opened from file:// (see site_scripts/hooks/).
* The language being built. mkdocs-static-i18n builds the default language first, then each other language by
  running the whole build again inside its own on_post_build (priority -100); its per-build state lives in private
  attributes of the plugin (`current_language`, `building`) and of each page's file (`locale`, `alternates`).
  Without the plugin (a test calling a hook directly), the build is the default language's only one.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_LANGUAGE = "ms"
LANGUAGES = ("ms", "en")  # the languages of calc's Bilingual texts, in mkdocs.yml's order


def offline() -> bool:
    """Whether this is the offline build (MPKJ_OFFLINE)."""
    return os.environ.get("MPKJ_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def _i18n(config: Any) -> Any:
    plugins = getattr(config, "plugins", None) if config is not None else None
    return plugins.get("i18n") if plugins is not None else None


def language(config: Any) -> str:
    """The language this build writes."""
    return getattr(_i18n(config), "current_language", None) or DEFAULT_LANGUAGE


def first_build(config: Any) -> bool:
    """Whether this is the default language's build, the first one (site-wide files are written once, there)."""
    return language(config) == DEFAULT_LANGUAGE


def inner_build(config: Any) -> bool:
    """Whether this build runs inside the i18n plugin's loop over the other languages. The outer build's
    on_post_build at a priority below -100 runs once every language's pages exist."""
    return bool(getattr(_i18n(config), "building", False))


def page_language(page: Any) -> str:
    """The language of a page (its file's locale, as the i18n plugin sets it)."""
    found = getattr(page.file, "locale", None) or DEFAULT_LANGUAGE
    return found if found in LANGUAGES else DEFAULT_LANGUAGE


def alternates(page: Any) -> dict[str, Any]:
    """The page's file in each language: {"ms": File, "en": File} (the i18n plugin's map)."""
    return getattr(page.file, "alternates", None) or {}


def disclaimer(config: Any) -> str:
    """The site's disclaimer in the language being built: mkdocs.yml's `copyright`, which the i18n plugin sets to
    each language's own (`languages[].copyright`) for that language's build. Written there once, for the footer,
    the pages' warning, the embeds and the printed estimate."""
    return str(config.copyright or "")


def add_nav_translations(config: Any, titles: dict[str, dict[str, str]]) -> None:
    """Add nav titles to the i18n plugin's `nav_translations` of each other language:
    `titles[language]` maps a title in the default language to that language's."""
    i18n = _i18n(config)
    if i18n is None:
        return
    for language_config in i18n.config.languages:
        extra = titles.get(language_config.locale)
        if extra and language_config.locale != DEFAULT_LANGUAGE:
            language_config.nav_translations = {**(language_config.nav_translations or {}), **extra}


__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "add_nav_translations", "alternates", "disclaimer", "first_build", "inner_build",
    "language", "offline", "page_language",
]
