"""MkDocs hook: the embeddable calculators.

Embed pages: `embed/<calculator id>.md` and `.en.md` (made by site_scripts/hooks/calculator_pages.py for every
calculator of calc/calculators.py) hold only front matter

    ---
    template: embed.html       docs/overrides/embed.html: no header, navigation or footer
    embed: building_plan/new
    search:
      exclude: true
    ---

and this hook writes their content: the calculator's title, its form (site_scripts.forms), a <noscript> notice and
the disclaimer. They are built at `embed/<id>.html` and `en/embed/<id>.html`; docs/javascripts/embed.js, pasted
on another website, shows one in an iframe (docs/embed.md explains how).

The marker `<!-- embed-snippets -->` (docs/embed.md) becomes, for each calculator, the two ways to embed it, with
the site's public address (site_url); `<!-- embed-example: script deposit -->` (or `iframe`) one of them. Each
snippet holds a link to the calculator's page, left in the embed's place if the script or iframe cannot load, and
the calculator's example request (calc/calculators.py) as data-* attributes. Both are expanded before
site_scripts/hooks/markers.py reads the page's markers.
"""

from __future__ import annotations

import re
from html import escape

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from calc.calculators import CALCULATORS, Calculator
from site_scripts.build_state import DEFAULT_LANGUAGE, disclaimer, page_language
from site_scripts.forms import permalink_query, render_calculator

SNIPPETS_MARKER = re.compile(r"^[ \t]*<!--\s*embed-snippets\s*-->[ \t]*$", re.MULTILINE)
# `<!-- embed-example: script deposit -->`: one snippet as a code block, for the page's own explanation.
EXAMPLE_MARKER = re.compile(r"^[ \t]*<!--\s*embed-example:\s*(script|iframe)\s+([a-z_/]+)\s*-->[ \t]*$", re.MULTILINE)

TEXT = {
    "ms": {
        "noscript": "Kalkulator ini memerlukan JavaScript.",
        "script": "Skrip (saiz menyesuaikan kandungan)",
        "iframe": "iframe biasa (tinggi tetap)",
        "fallback": "{title}: kalkulator fi Majlis Perbandaran Kajang (buka di laman fi MPKj)",
    },
    "en": {
        "noscript": "This calculator needs JavaScript.",
        "script": "Script (resizes to its content)",
        "iframe": "Plain iframe (fixed height)",
        "fallback": "{title}: Kajang Municipal Council fee calculator (open on the MPKj fee site)",
    },
}


def calculator(calculator_id: str, where: str = "") -> Calculator:
    found = next((c for c in CALCULATORS if c.id == calculator_id), None)
    if found is None:
        raise PluginError(f"site_scripts/hooks/embeds.py: unknown calculator {calculator_id!r}{where}")
    return found


def embed_path(calculator_id: str, lang: str) -> str:
    """The embed page's path under the site root: `embed/deposit.html`, `en/embed/building_plan/new.html`."""
    return f"{'' if lang == DEFAULT_LANGUAGE else lang + '/'}embed/{calculator_id}.html"


def render_embed(calculator_id: str, lang: str, warning: str) -> str:
    """The Markdown of one embed page: title, form, <noscript>, disclaimer."""
    title = getattr(calculator(calculator_id).title, lang)
    t = TEXT[lang]
    return "\n\n".join((
        f"# {title}",
        render_calculator(calculator_id, lang, disclaimer=warning),
        f'<noscript><p class="mpkj-noscript">{escape(t["noscript"])}</p></noscript>',
        f'<p class="mpkj-embed-disclaimer"><small>{escape(warning)}</small></p>',
    )) + "\n"


def _fallback_link(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    """A link to the calculator's own page, in the embed's place: what the reader has if the script or the
    iframe cannot load (blocked, offline); beside a working embed it opens the full page."""
    page = f"{'' if lang == DEFAULT_LANGUAGE else lang + '/'}calculators/{calculator_id}.html"
    words = escape(TEXT[lang]["fallback"].format(title=title))
    return f'<p class="mpkj-embed-fallback"><a href="{site_url}{page}">{words}</a></p>'


def _attribute(value: str) -> str:
    """A value for a single-quoted attribute (the example's JSON keeps its double quotes, readable)."""
    return value.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")


def _script_snippet(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    query = permalink_query(calculator(calculator_id))
    values = "".join(f" data-{name}='{_attribute(value)}'" for name, value in query.items())
    return (f'<div class="mpkj-embed">{_fallback_link(site_url, calculator_id, lang, title)}'
            f'<script src="{site_url}javascripts/embed.js" data-calculator="{calculator_id}" '
            f'data-lang="{lang}"{values}></script></div>')


def _iframe_snippet(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    return (f'<div class="mpkj-embed">{_fallback_link(site_url, calculator_id, lang, title)}'
            f'<iframe src="{site_url}{embed_path(calculator_id, lang)}" title="{escape(title)}" '
            'width="100%" height="900"></iframe></div>')


def render_example(kind: str, calculator_id: str, site_url: str, lang: str) -> str:
    """One snippet as an HTML code block (the page's explanation of the two ways to embed)."""
    snippet = _script_snippet if kind == "script" else _iframe_snippet
    title = getattr(calculator(calculator_id, " in embed-example").title, lang)
    return f"```html\n{snippet(site_url, calculator_id, lang, title)}\n```\n"


def render_snippets(site_url: str, lang: str) -> str:
    """For each calculator: a heading, the script snippet and the plain iframe snippet, as code blocks."""
    t = TEXT[lang]
    out = []
    for each in CALCULATORS:
        title = getattr(each.title, lang)
        out.append(f"### {title}\n\n`data-calculator=\"{each.id}\"`\n")
        out.append(f"{t['script']}:\n\n```html\n{_script_snippet(site_url, each.id, lang, title)}\n```\n")
        out.append(f"{t['iframe']}:\n\n```html\n{_iframe_snippet(site_url, each.id, lang, title)}\n```\n")
    return "\n".join(out)


@event_priority(50)  # before site_scripts/hooks/markers.py, which refuses markers it does not know
def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page_language(page)
    calculator_id = page.meta.get("embed")
    if calculator_id is not None:
        if page.meta.get("template") != "embed.html":
            raise PluginError(f"site_scripts/hooks/embeds.py: {page.file.src_uri}: needs template: embed.html")
        return render_embed(str(calculator_id), lang, disclaimer(config))
    site_url = (config.site_url or "").rstrip("/") + "/"
    markdown = EXAMPLE_MARKER.sub(
        lambda match: "\n" + render_example(match.group(1), match.group(2), site_url, lang) + "\n", markdown)
    return SNIPPETS_MARKER.sub(lambda _: "\n" + render_snippets(site_url, lang) + "\n", markdown)


__all__ = ["embed_path", "on_page_markdown", "render_embed", "render_example", "render_snippets"]
