"""Resilience: when Python cannot start — WebAssembly refused by a Content-Security-Policy, the runtime file missing
or cut off, a stalled download — the calculator says so in plain words and links to the schedule table; never an
endless spinner. With JavaScript off, schedule pages read fully and calculator pages show their table and a notice.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from host_guard import WEB_SCHEMES, HostGuard

ROOT = Path(__file__).resolve().parents[2]
STALL_S = 15  # docs/javascripts/fees.js gives up after this long without progress
FAILED = ".mpkj-status[data-stage=failed]"
JARGON = re.compile(r"WebAssembly|wasm|pyodide|Content.Security|CSP|error|exception|undefined|null|timeout|HTTP",
                    re.IGNORECASE)
CALCULATORS = sorted(
    path.relative_to(ROOT / "docs").with_suffix(".html").as_posix()
    for path in (ROOT / "docs" / "calculators").rglob("*.md") if not path.name.endswith(".en.md")
)
SCHEDULES = sorted(
    path.relative_to(ROOT / "docs").with_suffix(".html").as_posix()
    for path in (ROOT / "docs" / "schedules").glob("*.md") if not path.name.endswith(".en.md")
)


def _context(browser, site_url: str):
    """A context that refuses any host but the site's, with no service worker (whose cache would answer for the
    files these tests take away, and whose background downloads would outlive the test)."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    return context


def assert_plain_failure(page, lang: str) -> None:
    """The status says, in the page's language and without jargon, that the calculator cannot start, and links to
    the schedule table on the page; nothing is left busy."""
    status = page.locator(FAILED)
    text = status.inner_text()
    assert text.strip() and not JARGON.search(text), text
    assert status.evaluate("el => el.closest('[role=status], [aria-live]') !== null"), "the failure is not announced"
    assert page.evaluate("document.documentElement.lang") == lang
    link = status.locator("a")
    assert link.count() == 1
    href = link.get_attribute("href")
    if href.startswith("#"):
        target = page.locator(f"[id='{href[1:]}']")
        assert target.count() == 1 and target.locator("table").count() >= 1, href
    else:
        assert re.search(r"schedules/\w+\.html$", href), href
    assert page.locator(".mpkj-result").get_attribute("data-state") == "failed"
    assert page.locator("[aria-busy=true]").count() == 0


def test_webassembly_refused_by_the_server_policy(browser, site_url: str) -> None:
    """A host that sends a CSP header without 'wasm-unsafe-eval' (the worker takes its policy from the header):
    the calculator gives up at once, well within the stall allowance."""
    context = _context(browser, site_url)

    own = urlsplit(site_url).netloc

    def with_header(route) -> None:
        if urlsplit(route.request.url).netloc != own:
            route.fallback()
            return
        response = route.fetch()
        body = response.body()
        headers = {**response.headers, "content-security-policy": "default-src 'self'; script-src 'self'"}
        route.fulfill(response=response, body=body, headers=headers)

    context.route(re.compile(r".*\.(html|js|mjs)(\?.*)?$"), with_header)
    page = context.new_page()
    try:
        page.goto(site_url + "en/calculators/building_plan/cabin.html", wait_until="domcontentloaded")
        page.locator(FAILED).wait_for(timeout=STALL_S * 1000)
        assert page.locator(FAILED).get_attribute("data-reason") == "unsupported"
        assert_plain_failure(page, "en")
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_missing_cut_off_or_stalled_runtime(browser, site_url: str) -> None:
    """pyodide.asm.wasm answered 404, cut off (network error), or never answered: each page says so plainly. The
    three run side by side; the stall needs the whole allowance."""
    held = []
    cases = {
        "missing": lambda route: route.fulfill(status=404, body="Not found"),
        "cut off": lambda route: route.abort("connectionreset"),
        "stalled": lambda route: held.append(route),  # never answered (until the end)
    }
    contexts, pages = [], {}
    try:
        for name, handler in cases.items():
            context = _context(browser, site_url)
            context.route("**/assets/pyodide/pyodide.asm.wasm", handler)
            contexts.append(context)
            pages[name] = context.new_page()
            pages[name].goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        pages["missing"].locator(FAILED).wait_for(timeout=STALL_S * 1000)
        assert pages["missing"].locator(FAILED).get_attribute("data-reason") == "load_failed"
        for page in pages.values():
            page.locator(FAILED).wait_for(timeout=(STALL_S + 30) * 1000)  # the allowance plus a busy machine's slack
            assert_plain_failure(page, "ms")
        assert pages["stalled"].locator(FAILED).get_attribute("data-reason") == "timeout"
    finally:
        for route in held:
            route.abort()
        for context in contexts:
            context.unroute_all(behavior="ignoreErrors")
            context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_without_javascript(browser, site_url: str, prefix: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for relative in SCHEDULES:
            page.goto(site_url + prefix + relative)
            tables = page.locator(".mpkj-schedule table")
            assert tables.count() >= 1, relative
            for index in range(tables.count()):
                table = tables.nth(index)
                if table.evaluate("t => !t.closest('details')"):  # earlier versions fold away, as with JavaScript
                    assert table.is_visible(), f"{relative}: table {index} is hidden"
            assert page.locator(".mpkj-schedule table td").count() > 3
            assert page.locator("noscript, .mpkj-noscript").count() == 0  # nothing is missing here
        assert len(CALCULATORS) == 11
        for relative in CALCULATORS:
            page.goto(site_url + prefix + relative)
            notice = page.locator(".mpkj-noscript")
            assert notice.is_visible(), relative
            assert 20 < len(notice.inner_text()) < 200, relative  # a short notice
            if relative == "calculators/project.html":  # every schedule: linked from the source boxes below
                assert page.locator(".mpkj-source a[href*='schedules/']").count() == 3
                continue
            table = page.locator(".mpkj-schedule table").first
            assert table.is_visible() and table.locator("td").count() > 3, relative
            assert not page.locator("form.mpkj-calculator").is_visible(), f"{relative}: a form that cannot work"
    finally:
        context.close()
