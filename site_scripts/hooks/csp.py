"""MkDocs hook: the Content-Security-Policy of every built page, as a `<meta http-equiv>` (GitHub Pages sends no
custom headers).

After the whole site is built (both languages), every `*.html` file under the site gets one policy, placed right
after `<meta charset>` so that it precedes every script and stylesheet:

    default-src 'self'; script-src 'self' 'sha256-…' …; style-src 'self'; img-src 'self' data:;
    font-src 'self'; connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self';
    form-action 'self'

* Inline scripts (Material's few, e.g. the palette and `__md_scope` ones) are allowed by their sha256 hashes
  only — never 'unsafe-inline'. Every page carries the same policy, the hashes of the inline scripts of all pages:
  Material's instant navigation keeps the first page's document (and so its policy) and re-runs the scripts of
  the next page's content; a per-page policy would also be appended to <head> and intersect with the first.
* No 'wasm-unsafe-eval' online: MicroPython compiles its WebAssembly in a module worker loaded from its own URL, and
  such a worker takes its policy from its own response's headers (none on GitHub Pages), not from the page's.
  Nothing in the page itself compiles WebAssembly or evaluates code (the calculator tests run under this policy).
* img-src data: Material's icons are data: SVGs in its stylesheet.
* frame-ancestors, report-uri and sandbox cannot be set by a <meta> policy (browsers ignore them there), so this
  policy does not restrict who may frame the pages: hosts that can send headers should (hosting/_headers, every
  page but the embed pages); elsewhere javascripts/frame-guard.js replaces a page framed by another website.

The offline build (MPKJ_OFFLINE=true, opened from file://) adds only what file:// needs:

* worker-src data: — fees.js starts MicroPython in a `data:` module worker (a file:// URL cannot be a worker), which
  inherits this policy, so offline the page's policy must also allow 'wasm-unsafe-eval' for MicroPython;
* script-src blob: — that worker imports the runtime from a `blob:` URL it makes from the bundled source;
* worker-src blob: — WebKit refuses that import, and fees.js then starts the bundle as a module worker from a
  `blob:` URL of the page;
* the hash of the inline script Material's iframe-worker shim writes into its search iframe (one per page depth,
  as the script names the search worker's relative URL).

`'self'` covers the site's own files on file:// in Chromium (tests/browser/test_security.py opens the offline build
from file:// and computes and searches with no violation).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from site_scripts.build_state import inner_build, offline

OFFLINE_SHIM = "assets/vendor/iframe-worker/shim.js"

BASE_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("frame-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
OFFLINE_EXTRA: dict[str, tuple[str, ...]] = {"script-src": ("'wasm-unsafe-eval'", "blob:"),
                                             "worker-src": ("data:", "blob:")}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_CSP_META = re.compile(r"""[ \t]*<meta\s+http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>\n?""", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CONFIG = re.compile(r"""<script\s+id="__config"\s+type="application/json">(.*?)</script>""", re.DOTALL)
_JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript",
    "application/x-javascript", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
}


def sha256_source(text: str) -> str:
    """The CSP source expression allowing an inline script whose text is `text` (newlines as the parser sees them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """Texts of the scripts in `html` that a browser would run from the page itself (no src, a JavaScript type)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, text = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip().lower().split(";")[0] in _JS_TYPES:
            found.append(text)
    return found


def policy(hashes: set[str], *, offline: bool) -> str:
    parts = []
    for name, sources in BASE_DIRECTIVES:
        values = list(sources)
        if offline:
            values += OFFLINE_EXTRA.get(name, ())
        if name == "script-src":
            values += sorted(hashes)
        parts.append(" ".join((name, *values)))
    return "; ".join(parts)


def shim_script(shim_source: str, worker_url: str) -> str:
    """The inline script iframe-worker's shim writes into its iframe for `new Worker(worker_url)`.

    The shim builds it as `postMessage=${c};importScripts=${d};addEventListener("error",…"${url}"…)` from two of
    its own functions' source text; this reads that template and those functions from the shim itself.
    """
    template = re.search(r"<script>(postMessage=\$\{(\w+)\};importScripts=\$\{(\w+)\};.*?)<\\/script>", shim_source)
    if template is None:
        raise ValueError("iframe-worker shim: its inline script template was not found (the shim changed?)")
    text = template.group(1)
    for name in (template.group(2), template.group(3)):
        text = text.replace("${" + name + "}", _function_source(shim_source, name))
    if re.findall(r"\$\{(\w+)\}", text) != ["e"]:
        raise ValueError("iframe-worker shim: unexpected placeholders in its inline script template")
    return text.replace("${e}", worker_url)


def _function_source(source: str, name: str) -> str:
    start = source.find(f"function {name}(")
    if start < 0:
        raise ValueError(f"iframe-worker shim: function {name} not found")
    depth = 0
    for at in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[at], 0)
        if depth == 0:
            return source[start:at + 1]
    raise ValueError(f"iframe-worker shim: function {name} does not end")


def _with_meta(html: str, content: str, where: Path) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    html = _CSP_META.sub("", html)
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise PluginError(f"site_scripts/hooks/csp.py: {where} has no <head>, so no Content-Security-Policy")
    return f"{html[:anchor.end()]}\n    {meta}{html[anchor.end():]}"


def apply(site_dir: Path, *, offline: bool) -> int:
    """Write the policy into every HTML file under `site_dir`; returns how many files it wrote."""
    pages = {path: path.read_text("utf-8") for path in sorted(site_dir.rglob("*.html"))}
    hashes = {sha256_source(text) for html in pages.values() for text in inline_scripts(html)}
    shim = site_dir / OFFLINE_SHIM
    if offline and shim.is_file():
        shim_source = shim.read_text("utf-8")
        for html in pages.values():
            config = _CONFIG.search(html)  # script text: no character references to decode
            search = json.loads(config.group(1)).get("search") if config else None
            if search:
                hashes.add(sha256_source(shim_script(shim_source, search)))
    content = policy(hashes, offline=offline)
    for path, html in pages.items():
        path.write_text(_with_meta(html, content, path.relative_to(site_dir)), "utf-8")
    return len(pages)


@event_priority(-200)  # after the i18n plugin's on_post_build (-100), which builds the other languages
def on_post_build(config) -> None:
    if inner_build(config):
        return  # one language's inner build; the outer one writes the policy once every page exists
    apply(Path(config.site_dir), offline=offline())


__all__ = ["apply", "inline_scripts", "on_post_build", "policy", "sha256_source", "shim_script"]
