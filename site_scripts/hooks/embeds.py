"""MkDocs hook: the embeddable calculators.

Embed pages: `docs/embed/<calculator id>.md` and `.en.md` hold only front matter

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
snippet holds a link to the calculator's page, left in the embed's place if the script or iframe cannot load.
Both are expanded before site_scripts/hooks/markers.py reads the page's markers.
Every calculator must have its embed pages in both languages: a missing one stops the build.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from calc import input_schema
from site_scripts.build_state import DEFAULT_LANGUAGE, LANGUAGES, page_language
from site_scripts.forms import render_calculator

SNIPPETS_MARKER = re.compile(r"^[ \t]*<!--\s*embed-snippets\s*-->[ \t]*$", re.MULTILINE)
# `<!-- embed-example: script deposit -->`: one snippet as a code block, for the page's own explanation.
EXAMPLE_MARKER = re.compile(r"^[ \t]*<!--\s*embed-example:\s*(script|iframe)\s+([a-z_/]+)\s*-->[ \t]*$", re.MULTILINE)

# A worked example per calculator for the snippets (the first values a reader would type; any field may be left out).
EXAMPLE_VALUES: dict[str, dict[str, str]] = {
    "planning_permission/new": {"residential_units": "250", "low_cost_units": "40"},
    "planning_permission/advertisement": {},
    "building_plan/new": {
        "designs": '[{"units":20,"floors":[{"level":0,"area":120},{"level":1,"area":110}]}]',
    },
    "deposit": {"items": '[{"type":"terrace_double_storey","units":20}]'},
}

TEXT = {
    "ms": {
        "noscript": "Kalkulator ini memerlukan JavaScript.",
        "disclaimer": "Anggaran sahaja. Taksiran Majlis Perbandaran Kajang adalah muktamad.",
        "script": "Skrip (saiz menyesuaikan kandungan)",
        "iframe": "iframe biasa (tinggi tetap)",
        "fallback": "{title}: kalkulator fi Majlis Perbandaran Kajang (buka di laman fi MPKj)",
    },
    "en": {
        "noscript": "This calculator needs JavaScript.",
        "disclaimer": "Estimates only. The Kajang Municipal Council's own assessment is final.",
        "script": "Script (resizes to its content)",
        "iframe": "Plain iframe (fixed height)",
        "fallback": "{title}: Kajang Municipal Council fee calculator (open on the MPKj fee site)",
    },
}


def calculators() -> list[dict]:
    return input_schema()["calculators"]


def embed_path(calculator_id: str, lang: str) -> str:
    """The embed page's path under the site root: `embed/deposit.html`, `en/embed/building_plan/new.html`."""
    return f"{'' if lang == DEFAULT_LANGUAGE else lang + '/'}embed/{calculator_id}.html"


def render_embed(calculator_id: str, lang: str) -> str:
    """The Markdown of one embed page: title, form, <noscript>, disclaimer."""
    spec = next((c for c in calculators() if c["id"] == calculator_id), None)
    if spec is None:
        raise PluginError(f"site_scripts/hooks/embeds.py: unknown calculator {calculator_id!r}")
    t = TEXT[lang]
    return "\n\n".join((
        f"# {spec['title'][lang]}",
        render_calculator(calculator_id, lang),
        f'<noscript><p class="mpkj-noscript">{escape(t["noscript"])}</p></noscript>',
        f'<p class="mpkj-embed-disclaimer"><small>{escape(t["disclaimer"])}</small></p>',
    )) + "\n"


def _fallback_link(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    """A link to the calculator's own page, in the embed's place: what the reader has if the script or the
    iframe cannot load (blocked, offline); beside a working embed it opens the full page."""
    page = f"{'' if lang == DEFAULT_LANGUAGE else lang + '/'}calculators/{calculator_id}.html"
    words = escape(TEXT[lang]["fallback"].format(title=title))
    return f'<p class="mpkj-embed-fallback"><a href="{site_url}{page}">{words}</a></p>'


def _script_snippet(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    values = "".join(f" data-{name}='{value}'" for name, value in EXAMPLE_VALUES.get(calculator_id, {}).items())
    return (f'<div class="mpkj-embed">{_fallback_link(site_url, calculator_id, lang, title)}'
            f'<script src="{site_url}javascripts/embed.js" data-calculator="{calculator_id}" '
            f'data-lang="{lang}"{values}></script></div>')


def _iframe_snippet(site_url: str, calculator_id: str, lang: str, title: str) -> str:
    return (f'<div class="mpkj-embed">{_fallback_link(site_url, calculator_id, lang, title)}'
            f'<iframe src="{site_url}{embed_path(calculator_id, lang)}" title="{escape(title)}" '
            'width="100%" height="900"></iframe></div>')


def _title(calculator_id: str, lang: str) -> str:
    spec = next((c for c in calculators() if c["id"] == calculator_id), None)
    if spec is None:
        raise PluginError(f"site_scripts/hooks/embeds.py: unknown calculator {calculator_id!r} in embed-example")
    return spec["title"][lang]


def render_example(kind: str, calculator_id: str, site_url: str, lang: str) -> str:
    """One snippet as an HTML code block (the page's explanation of the two ways to embed)."""
    snippet = _script_snippet if kind == "script" else _iframe_snippet
    return f"```html\n{snippet(site_url, calculator_id, lang, _title(calculator_id, lang))}\n```\n"


def render_snippets(site_url: str, lang: str) -> str:
    """For each calculator: a heading, the script snippet and the plain iframe snippet, as code blocks."""
    t = TEXT[lang]
    out = []
    for spec in calculators():
        title = spec["title"][lang]
        out.append(f"### {title}\n\n`data-calculator=\"{spec['id']}\"`\n")
        out.append(f"{t['script']}:\n\n```html\n{_script_snippet(site_url, spec['id'], lang, title)}\n```\n")
        out.append(f"{t['iframe']}:\n\n```html\n{_iframe_snippet(site_url, spec['id'], lang, title)}\n```\n")
    return "\n".join(out)


def on_config(config):
    docs = Path(config.docs_dir)
    missing = [
        f"embed/{spec['id']}{'' if lang == DEFAULT_LANGUAGE else '.' + lang}.md"
        for spec in calculators() for lang in LANGUAGES
        if not (docs / f"embed/{spec['id']}{'' if lang == DEFAULT_LANGUAGE else '.' + lang}.md").is_file()
    ]
    if missing:
        raise PluginError(f"site_scripts/hooks/embeds.py: calculators without an embed page: {', '.join(missing)}")
    return config


@event_priority(50)  # before site_scripts/hooks/markers.py, which refuses markers it does not know
def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page_language(page)
    calculator_id = page.meta.get("embed")
    if calculator_id is not None:
        if page.meta.get("template") != "embed.html":
            raise PluginError(f"site_scripts/hooks/embeds.py: {page.file.src_uri}: needs template: embed.html")
        return render_embed(str(calculator_id), lang)
    site_url = (config.site_url or "").rstrip("/") + "/"
    markdown = EXAMPLE_MARKER.sub(
        lambda match: "\n" + render_example(match.group(1), match.group(2), site_url, lang) + "\n", markdown)
    return SNIPPETS_MARKER.sub(lambda _: "\n" + render_snippets(site_url, lang) + "\n", markdown)


__all__ = ["embed_path", "on_config", "on_page_markdown", "render_embed", "render_example", "render_snippets"]
