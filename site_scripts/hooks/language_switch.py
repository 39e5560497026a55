"""MkDocs hook: the language switch in the header leads to the same page in the other language.

The i18n plugin links the other language's home page by absolute path, which breaks under a sub-path and on
file://; each page's switch gets relative links to its own alternates instead. docs/overrides/main.html refreshes
them after each instant navigation (Material keeps the header when it swaps pages), so the i18n plugin's warning
that its per-page links go stale under navigation.instant, which would fail `mkdocs build --strict`, is dropped.
"""

from __future__ import annotations

import logging

from site_scripts.build_state import DEFAULT_LANGUAGE, alternates


class InstantSwitchNotice(logging.Filter):
    """Drops mkdocs-static-i18n's "not compatible with theme.features = navigation.instant" warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


_LOGGER = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
if not any(isinstance(f, InstantSwitchNotice) for f in _LOGGER.filters):
    _LOGGER.addFilter(InstantSwitchNotice())


def on_page_context(context, page, config, nav):
    """Point the language switch at this page in each language, by a relative link."""
    found = alternates(page)
    for alternate in config.extra.get("alternate") or []:
        target = found.get(alternate.get("lang"))
        if target is not None:
            alternate["link"] = target.url or "index.html"
    return context


def on_template_context(context, template_name, config):
    """The 404 page, shown at any address, has no page in the other language: its switch leads to each home page
    (rather than to whichever page was built before it)."""
    if template_name == "404.html":
        # The i18n plugin gives the other languages' builds their own list as an attribute, which the theme reads.
        for links in (config.extra.get("alternate"), getattr(config.extra, "alternate", None)):
            for alternate in links or []:
                lang = alternate.get("lang")
                alternate["link"] = "index.html" if lang == DEFAULT_LANGUAGE else f"{lang}/index.html"
    return context


__all__ = ["InstantSwitchNotice", "on_page_context", "on_template_context"]
