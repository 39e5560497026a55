"""Resilience: when Python cannot start — WebAssembly refused by a Content-Security-Policy, the runtime file missing
or cut off, a stalled download — the calculator says so in plain words and links to the schedule table; never an
endless spinner. With JavaScript off, schedule pages read fully and calculator pages show their table and a notice.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from answers import parsed
from host_guard import WEB_SCHEMES, HostGuard
from playwright.sync_api import Route

import calc
from calc.calculators import CALCULATORS as MANIFEST
from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
STALL_S = 20  # docs/javascripts/fees.js gives up a start after this long without progress, then retries once
BOOT_MS = 120_000  # a start on a busy machine; nothing here asserts on time
EXAMPLES = worked_examples()
FAILED = ".mpkj-status[data-stage=failed]"
JARGON = re.compile(r"WebAssembly|wasm|pyodide|micropython|Content.Security|CSP|error|exception|undefined|null|timeout"
                    r"|HTTP", re.IGNORECASE)
CALCULATORS = sorted(["calculators/project.html", *(f"calculators/{c.slug}.html" for c in MANIFEST)])
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
    """micropython.wasm answered 404, cut off (network error), or never answered: each page says so plainly, after
    one automatic retry. The three run side by side; the stall needs the whole allowance twice. Then the network
    comes back: "Cuba lagi" (try again) starts Python without reloading the page, and the deposit gets its total."""
    held: list[Route] = []
    cases = {
        "missing": lambda route: route.fulfill(status=404, body="Not found"),
        "cut off": lambda route: route.abort("connectionreset"),
        "stalled": lambda route: held.append(route),  # held until the end
    }
    contexts, pages = [], {}
    try:
        for name, handler in cases.items():
            context = _context(browser, site_url)
            context.route("**/assets/micropython/micropython.wasm*", handler)
            contexts.append(context)
            pages[name] = context.new_page()
            pages[name].goto(site_url + "calculators/deposit.html" + DEPOSIT_LINK, wait_until="domcontentloaded")
        pages["missing"].locator(FAILED).wait_for(timeout=(2 * STALL_S + 30) * 1000)
        assert pages["missing"].locator(FAILED).get_attribute("data-reason") == "load_failed"
        for page in pages.values():
            page.locator(FAILED).wait_for(timeout=(2 * STALL_S + 30) * 1000)  # two allowances plus a busy machine's
            assert_plain_failure(page, "ms")
        assert pages["stalled"].locator(FAILED).get_attribute("data-reason") == "timeout"
        assert len(held) == 2, "the stalled start was not retried once on its own"

        while held:
            held.pop().abort()  # the stalled downloads end (their workers are gone already)
        for context in contexts:
            context.unroute_all(behavior="ignoreErrors")  # the network is back
        for page in pages.values():
            retry = page.locator(FAILED + " button")
            assert retry.inner_text() == "Cuba lagi"
            retry.click()
        for page in pages.values():
            page.locator('.mpkj-result[data-state="ok"]').wait_for(timeout=BOOT_MS)
            assert page.locator(".mpkj-result").get_attribute("data-total") == DEPOSIT["total"]
    finally:
        for route in held:
            route.abort()
        for context in contexts:
            context.unroute_all(behavior="ignoreErrors")
            context.close()


def _permalink(request: dict) -> str:
    """The calculator's permalink: one query parameter per top-level field, lists and objects as JSON."""
    from urllib.parse import urlencode

    params = {name: json.dumps(value) if isinstance(value, list | dict) else str(value)
              for name, value in request.items() if name not in ("schedule", "application")}
    return "?" + urlencode(params)


# 20 double-storey terraces and 2 shop offices: RM 4,600.00, worked by hand in tests/cases/deposit.yaml.
DEPOSIT = next(example for example in EXAMPLES if example["request"]["schedule"] == "deposit")
DEPOSIT_LINK = _permalink(DEPOSIT["request"])


def test_eight_calculator_tabs_opened_at_once_all_compute(browser, site_url: str) -> None:
    """Eight tabs of one browser on this 2-core machine start Python together; none gives up (issue 13)."""
    context = _context(browser, site_url)
    try:
        pages = [context.new_page() for _ in range(8)]
        for page in pages:
            page.goto(site_url + "calculators/deposit.html" + DEPOSIT_LINK, wait_until="commit")
        for page in pages:
            page.locator('.mpkj-result[data-state="ok"]').wait_for(timeout=BOOT_MS)
            assert page.locator(".mpkj-result").get_attribute("data-total") == DEPOSIT["total"]
    finally:
        context.close()


def _large_request(n: int) -> dict:
    """A building plan of 20 designs of 10 storeys each, design n having n + 1 units: a big request for calc."""
    designs = [
        {"units": n + 1, "floors": [{"level": level, "area": 100 + level} for level in range(10)]} for _ in range(20)
    ]
    return {"schedule": "building_plan", "application": "new", "date": "2025-01-01", "designs": designs}


def test_thirty_large_requests_at_once_all_answer(browser, site_url: str) -> None:
    """Queued estimates are not counted as a stalled start, nor time out while they wait their turn: all 30 answer,
    each exactly as CPython's calc answers it."""
    context = _context(browser, site_url)
    try:
        page = context.new_page()
        page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        texts = [json.dumps(_large_request(n)) for n in range(30)]
        answers = page.evaluate("texts => Promise.all(texts.map((t) => MPKjFees.estimateJson(t)))", texts)
        assert parsed(answers) == parsed(calc.estimate_json(text) for text in texts)
        assert all(status == 0 for status, _ in answers)
        assert page.evaluate("() => MPKjFees.status.stage") == "ready"
    finally:
        context.close()


def test_a_dead_or_hung_interpreter_is_replaced(browser, site_url: str) -> None:
    """A request nested 5,000 deep once gave a fatal error and a dead interpreter that kept answering (Pyodide):
    now it gets an answer and the next request is answered correctly. When the worker does report a fatal
    error (sent here from inside the worker, as fees-worker.mjs sends it), Python is restarted, the status says so
    (`restarted`), and the estimates waiting are answered by the new interpreter."""
    context = _context(browser, site_url)
    try:
        page = context.new_page()
        page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        page.evaluate("() => { window.seen = []; MPKjFees.onStatus((s) => window.seen.push(s.code || s.stage)); }")
        text = json.dumps(DEPOSIT["request"])
        deep = '{"schedule": "deposit", "items": ' + "[" * 5000 + "]" * 5000 + "}"
        page.evaluate("text => MPKjFees.estimateJson(text).catch((error) => error.code)", deep)
        answer = page.evaluate("text => MPKjFees.estimateJson(text)", text)
        assert parsed([answer]) == parsed([calc.estimate_json(text)])

        worker = next(w for w in page.workers if "fees-worker.mjs" in w.url)
        worker.evaluate("""() => self.postMessage({type: "fatal", id: -1,
            error: {code: "python_error", message: "the interpreter stopped"}})""")
        status, out = page.evaluate("text => MPKjFees.estimateJson(text)", text)
        assert parsed([(status, out)]) == parsed([calc.estimate_json(text)])
        assert Decimal(json.loads(out)["total"]) == Decimal(DEPOSIT["total"])
        seen = page.evaluate("() => window.seen")
        assert "restarted" in seen and seen[-1] == "ready", seen
        assert sum(1 for w in page.workers if "fees-worker.mjs" in w.url) == 1  # the dead one is gone
    finally:
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
