"""Privacy and security: the Content-Security-Policy of every page (site_scripts/hooks/csp.py) allows the site's own
files, WebAssembly and the hashed inline scripts, nothing else; the pages run under it with no violation (online, and
offline from file:// with its few extra allowances); no inline event handlers; permalink and embed values are shown as
text, never run as HTML; no cookies, analytics, or third-party fonts or scripts."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from host_guard import HostGuard

from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = worked_examples()
WAIT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
JS_TYPES = ("", "text/javascript", "module", "application/javascript")

# Sources each directive may list; "sha256" stands for any 'sha256-…' hash.
ALLOWED = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "sha256"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "frame-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}
# Online, MicroPython compiles WebAssembly in a worker of its own URL, which the page's policy does not cover; offline
# the worker is a data: URL (or, in WebKit, a blob: URL of the page: fees.js), which inherits the page's policy: only
# then does the page need 'wasm-unsafe-eval'.
OFFLINE_ONLY = {"script-src": {"'wasm-unsafe-eval'", "blob:"}, "worker-src": {"data:", "blob:"}}
REQUIRED = {"default-src": "'self'", "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'"}

# Records every CSP violation in the page and in its same-origin frames.
WATCH = """
window.mpkjViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  (window.top.mpkjViolations || window.mpkjViolations).push(
    [e.violatedDirective, e.blockedURI, (e.sample || "").slice(0, 80), e.sourceFile + ":" + e.lineNumber].join(" | "));
});
"""
SCRIPT_PAYLOAD = "<script>window.mpkjXss = 1</script>"
IMG_PAYLOAD = '"><img src=x onerror="window.mpkjXss = 2">'


class _Page(HTMLParser):
    """What a built page holds that the policy cares about."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.first_policy_at: int | None = None  # index among head resources
        self.head_resources = 0
        self.in_head = False
        self.handlers: list[str] = []
        self.scripts: list[str] = []  # texts of inline scripts a browser runs
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self.in_head = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.handlers.append(f"<{tag} style> (inline style)")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.handlers.append(f"<{tag} {name}=javascript:>")
        if tag == "style":
            self.handlers.append("<style> element")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
            if self.first_policy_at is None:
                self.first_policy_at = self.head_resources
        if self.in_head and tag in ("script", "link", "style", "base"):
            self.head_resources += 1
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() in JS_TYPES:
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def parse_policy(text: str) -> dict[str, list[str]]:
    directives = {}
    for part in text.split(";"):
        words = part.split()
        if words:
            assert words[0] not in directives, f"{words[0]} given twice"
            directives[words[0]] = words[1:]
    return directives


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def check_site_policy(site: Path, *, offline: bool) -> dict[str, list[str]]:
    """Checks every page of a built site; returns the (one) policy."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    policies: set[str] = set()
    for path in pages:
        relative = path.relative_to(site).as_posix()
        parsed = _Page()
        parsed.feed(path.read_text("utf-8"))
        assert len(parsed.policies) == 1, f"{relative}: {len(parsed.policies)} CSP <meta> elements"
        assert parsed.first_policy_at == 0, f"{relative}: the CSP <meta> comes after a script or stylesheet"
        assert not parsed.handlers, f"{relative}: {parsed.handlers}"
        directives = parse_policy(parsed.policies[0])
        for script in parsed.scripts:
            assert sha256(script) in directives["script-src"], f"{relative}: an inline script is not allowed"
        policies.add(parsed.policies[0])
    assert len(policies) == 1, "pages differ in policy (instant navigation would intersect them)"
    directives = parse_policy(policies.pop())
    for name, value in REQUIRED.items():
        assert directives.get(name) == [value], (name, directives.get(name))
    assert set(directives) == set(ALLOWED), sorted(set(directives) ^ set(ALLOWED))
    for name, sources in directives.items():
        allowed = ALLOWED[name] | (OFFLINE_ONLY.get(name, set()) if offline else set())
        kinds = {"sha256" if s.startswith("'sha256-") else s for s in sources}
        assert kinds <= allowed, f"{name}: {sorted(kinds - allowed)}"
        if offline:
            assert OFFLINE_ONLY.get(name, set()) <= kinds, f"{name} lacks what file:// needs"
    assert ("'wasm-unsafe-eval'" in directives["script-src"]) == offline
    return directives


def watched_page(browser, site_url: str = "", *, service_workers: str = "block"):
    """A page recording CSP violations; a request to any host but the site's (or file://) fails the test."""
    context = browser.new_context(service_workers=service_workers)
    context.add_init_script(WATCH)
    guard = HostGuard(context, [site_url] if urlsplit(site_url).netloc else [])
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.mpkj_requests = requests
    page.set_default_timeout(WAIT_MS)
    page.mpkj_foreign = guard.refused
    return context, page


# ------------------------------------------------------------------------------------------------ the built site

def test_every_page_has_the_strict_policy(site_dir: Path) -> None:
    directives = check_site_policy(site_dir, offline=False)
    assert not any(s in ("blob:", "data:") for s in directives["script-src"] + directives["worker-src"])


def test_no_analytics_cookies_or_third_party_fonts(site_dir: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^\s+font:\s*false\s*$", config, re.MULTILINE), "theme.font must be false (no Google Fonts)"
    assert not re.search(r"^\s+(analytics|consent|cookies):", config, re.MULTILINE)
    trackers = re.compile(r"googletagmanager|google-analytics|gtag\(|plausible|matomo|fonts\.googleapis|fonts\.gstatic"
                          r"|document\.cookie\s*=", re.IGNORECASE)
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".html", ".js", ".mjs", ".css") and not path.is_relative_to(site_dir / "assets/micropython"):
            text = path.read_text("utf-8", errors="replace")
            hit = trackers.search(text)
            assert hit is None, f"{path.relative_to(site_dir)}: {hit.group(0)}"


def test_own_scripts_have_no_html_sinks() -> None:
    """The site's own scripts put text into the page, never markup, and evaluate no strings as code."""
    sinks = re.compile(r"\.innerHTML\b|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\("
                       r"|setTimeout\(\s*['\"`]|setInterval\(\s*['\"`]|\.on[a-z]+\s*=\s*['\"`]|setAttribute\(\s*['\"]on")
    scripts = sorted((ROOT / "docs" / "javascripts").glob("*.*js"))
    assert len(scripts) >= 3
    for path in scripts:
        hit = sinks.search(path.read_text("utf-8"))
        assert hit is None, f"{path.name}: {hit.group(0)}"


# ------------------------------------------------------------------------------------------------ in Chromium

def test_pages_run_under_the_policy(browser, site_url: str) -> None:
    """Each kind of page, the service worker, the palette toggle, search and instant navigation: no violation, no
    cookie."""
    context, page = watched_page(browser, site_url, service_workers="allow")
    try:
        for relative in ("index.html", "en/index.html", "schedules/building_plan.html", "sources.html",
                         "embed.html", "calculators/deposit.html", "en/calculators/building_plan/new.html",
                         "embed/deposit.html", "en/embed/planning_permission/new.html", "404.html"):
            page.goto(site_url + relative, wait_until="load")
            assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
        page.goto(site_url + "index.html", wait_until="networkidle")
        page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
        page.keyboard.press("s")
        page.keyboard.type("cagaran")
        page.locator(".md-search-result__item").first.wait_for()
        page.keyboard.press("Escape")
        # Instant navigation keeps this document (and its policy) and runs the next page's scripts under it.
        page.evaluate("window.mpkjSameDocument = true")
        page.locator('.md-content a[href$="schedules/building_plan.html"]').first.click()
        page.wait_for_url("**/schedules/building_plan.html")
        page.locator('.md-nav a[href$="calculators/planning_permission/new.html"]').first.dispatch_event("click")
        page.wait_for_url("**/calculators/planning_permission/new.html")
        page.locator('.mpkj-field[data-path="residential_units"] input').fill("10")
        page.locator(".mpkj-result[data-state=ok]").wait_for()  # computed by MicroPython under the first page's policy
        # Once a calculator was used, sw-register.js registers the service worker (worker-src 'self'): the browser
        # fetches sw.js. Whether it installs is test_service_worker.py's business.
        page.wait_for_function("() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/sw.js'))"
                               " || navigator.serviceWorker.controller !== null", polling=200)
        assert any(url.endswith("/sw.js") for url in page.mpkj_requests)
        assert page.evaluate("window.mpkjSameDocument === true"), "Material did not navigate instantly"
        assert page.evaluate("window.mpkjViolations") == []
        assert page.mpkj_foreign == []
        assert page.evaluate("document.cookie") == ""
        assert context.cookies() == []
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_permalink_values_are_text(browser, site_url: str) -> None:
    """Payloads in a list's JSON, a flat field and a parameter name: shown as text, never run; calc's error for
    the flat field and then the estimate (MicroPython, under the page's policy) appear with no violation."""
    design = {"name": SCRIPT_PAYLOAD + IMG_PAYLOAD, "units": 1, "floors": [{"level": 0, "area": 100}]}
    query = ("designs=" + quote(json.dumps([design])) + "&residential_fences=" + quote(IMG_PAYLOAD)
             + "&" + quote(SCRIPT_PAYLOAD) + "=" + quote(IMG_PAYLOAD))
    context, page = watched_page(browser, site_url)
    try:
        page.goto(f"{site_url}calculators/building_plan/new.html?{query}")
        # The fences field takes text: calc refuses the payload, and its message does not repeat it.
        page.locator('.mpkj-field[data-path="residential_fences"] .mpkj-error:not([hidden])').wait_for()
        assert page.locator(".mpkj-result").get_attribute("data-state") == "invalid"
        fences = page.locator('.mpkj-field[data-path="residential_fences"] input')
        assert fences.input_value() == IMG_PAYLOAD
        name = page.locator('.mpkj-field[data-path="designs[0].name"] input')
        assert name.input_value() == design["name"]
        fences.fill("")
        page.locator(".mpkj-result[data-state=ok]").wait_for()
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # the print copy is made for a print
        assert design["name"] in page.locator(".mpkj-print-inputs").text_content()  # the inputs, for printing
        assert page.evaluate("window.mpkjXss") is None
        assert page.locator('img[src="x"]').count() == 0
        assert page.evaluate("[...document.scripts].some(s => s.textContent.includes('mpkjXss'))") is False
        assert page.evaluate("window.mpkjViolations") == []
        assert context.cookies() == []
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_embed_attributes_are_text(browser, site_url: str) -> None:
    """A host page pastes the embed snippet with payloads in its attributes (list JSON and the iframe's title)."""
    design = {"name": SCRIPT_PAYLOAD, "units": 1, "floors": [{"level": 0, "area": 100}]}
    attribute = json.dumps([design]).replace("&", "&amp;").replace("'", "&#39;")
    host = ("<!doctype html><html lang=en><title>host</title><body>"
            f"<script src='{site_url}javascripts/embed.js' data-calculator='building_plan/new' data-lang='en' "
            f"data-designs='{attribute}' data-title='{IMG_PAYLOAD}'></script></body></html>")
    context, page = watched_page(browser, site_url)
    try:
        page.route("**/mpkj-host.html", lambda route: route.fulfill(body=host, content_type="text/html"))
        page.goto(site_url + "mpkj-host.html")
        frame_element = page.locator("iframe.mpkj-embed")
        assert frame_element.get_attribute("title") == IMG_PAYLOAD
        frame = frame_element.element_handle().content_frame()
        frame.locator(".mpkj-result[data-state=ok]").wait_for()
        assert frame.locator('.mpkj-field[data-path="designs[0].name"] input').input_value() == SCRIPT_PAYLOAD
        assert page.locator('img[src="x"]').count() == 0
        assert page.evaluate("window.mpkjXss") is None
        assert frame.evaluate("window.mpkjXss") is None
        assert frame.evaluate("window.mpkjViolations") == []
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


# ------------------------------------------------------------------------------------------------ offline build

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "site"
    env = {**os.environ, "MPKJ_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_offline_build_policy_and_file_url(browser, offline_site: Path) -> None:
    """From file://, Python starts (data: worker importing a blob: module) and search runs (the iframe-worker
    shim's inline script, by hash), with no violation."""
    check_site_policy(offline_site, offline=True)
    example = EXAMPLES[0]
    context, page = watched_page(browser)
    try:
        page.goto((offline_site / "calculators" / "planning_permission" / "new.html").as_uri())
        total = page.evaluate("request => MPKjFees.estimate(request).then(r => r.total)", example["request"])
        assert total == example["total"]
        page.keyboard.press("s")
        page.keyboard.type("cagaran")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.evaluate("window.mpkjViolations") == []
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
