"""calc on MicroPython in the page's worker (docs/javascripts/fees.js, fees-worker.mjs; site_scripts/assets/
micropython_assets.py): the worked examples answered byte for byte as CPython answers them, the date always the one
in Malaysia whatever the device's clock zone, Python started on intent and kept across pages, and the progress bar
counting the real download."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from answers import parsed
from host_guard import WEB_SCHEMES, HostGuard

import calc
from tests.cases.load import worked_examples

EXAMPLES = worked_examples()
BOOT_MS = 120_000  # a start on a busy machine; nothing here asserts on time
RUNTIME = re.compile(r"micropython\.wasm|calc\.bundle")


def _malaysia_today() -> date:
    return (datetime.now(UTC) + timedelta(hours=8)).date()


def _answers(page, requests: list[dict]) -> list[list]:
    texts = [json.dumps(request, ensure_ascii=False) for request in requests]
    page.wait_for_function("() => window.MPKjFees && MPKjFees.status.stage === 'ready'", timeout=BOOT_MS, polling=100)
    return page.evaluate("texts => Promise.all(texts.map((t) => MPKjFees.estimateJson(t)))", texts)


def test_the_worked_examples_answer_as_in_cpython(browser, site_url: str) -> None:
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    try:
        page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        requests = [example["request"] for example in EXAMPLES]
        answers = _answers(page, requests)
        today = _malaysia_today()
        cpython = [calc.estimate_json(json.dumps(r, ensure_ascii=False), today=today) for r in requests]
        assert parsed(answers) == parsed(cpython)  # equal as JSON: MicroPython's dicts keep no key order
        assert [json.loads(text)["total"] for _, text in answers] == [e["total"] for e in EXAMPLES]  # by hand
    finally:
        context.close()


def test_the_page_sends_the_date_in_malaysia(browser, site_url: str) -> None:
    """At 20:00 UTC on 31 December 2025 a device set to UTC (or to New York) is still in 2025; in Kajang it is
    04:00 on 1 January 2026, and that is the date an estimate without one is made for."""
    for zone in ("UTC", "America/New_York"):
        context = browser.new_context(service_workers="block", timezone_id=zone)
        HostGuard(context, [site_url], schemes=WEB_SCHEMES)
        page = context.new_page()
        try:
            page.clock.install(time=datetime(2025, 12, 31, 20, 0, tzinfo=UTC))
            page.clock.resume()
            page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
            request = {"schedule": "deposit", "items": [{"type": "shed", "units": 1}]}
            [[_, text]] = _answers(page, [request])
            assert json.loads(text)["date"] == "2026-01-01", text
        finally:
            context.close()


def test_python_starts_on_intent_and_is_kept_across_pages(browser, site_url: str) -> None:
    """The home page starts nothing; pointing at a link to a calculator starts Python, and following the link (instant
    navigation: the same document) finds it ready, computes, and keeps it through the language switch: one worker and
    one download of the wasm and of calc.bundle for the whole visit."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(site_url + "index.html", wait_until="networkidle")
        assert page.evaluate("() => MPKjFees.status.stage") == "idle"
        assert not [url for url in requests if RUNTIME.search(url)]

        link = page.locator('.md-content a[href$="calculators/planning_permission/new.html"]').first
        link.hover()
        page.wait_for_function("() => MPKjFees.status.stage !== 'idle'", timeout=BOOT_MS, polling=100)
        page.evaluate("() => { window.mpkjSameDocument = true; }")
        link.click()
        page.wait_for_url("**/calculators/planning_permission/new.html")
        page.locator('.mpkj-field[data-path="residential_units"] input').fill("10")
        page.locator(".mpkj-result[data-state=ok]").wait_for(timeout=BOOT_MS)

        page.locator(".md-select a[hreflang=en]").first.dispatch_event("click")  # the language switch
        page.wait_for_url("**/en/calculators/planning_permission/new.html*")
        page.locator(".mpkj-result[data-state=ok]").wait_for(timeout=BOOT_MS)
        assert page.evaluate("() => window.mpkjSameDocument === true"), "Material did not navigate instantly"
        assert sum(1 for worker in page.workers if "fees-worker.mjs" in worker.url) == 1
        assert len([url for url in requests if "micropython.wasm" in url]) == 1
        assert len([url for url in requests if "calc.bundle" in url]) == 1
    finally:
        context.close()


def test_the_progress_bar_counts_the_real_download(browser, site_url: str, site_dir: Path) -> None:
    """While Python loads, a <progress> beside the status counts the bytes of the wasm and calc.bundle against their
    sizes in this build ("Dimuat turun n daripada m MB"), and goes away once the calculator is ready. On loopback the
    whole download takes a few milliseconds, so the wasm is held back until the bar has shown calc.bundle's part."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    held: list = []
    context.route("**/assets/micropython/micropython.wasm*", lambda route: held.append(route))
    page = context.new_page()
    page.add_init_script("""
      window.mpkjBars = [];
      new MutationObserver(() => {
        const bar = document.querySelector("progress.mpkj-progress");
        if (bar) window.mpkjBars.push([bar.value, bar.max, bar.getAttribute("aria-label")]);
      }).observe(document, { subtree: true, childList: true, attributes: true });
    """)
    try:
        page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        page.locator("progress.mpkj-progress").wait_for(timeout=BOOT_MS)
        assert len(held) == 1
        held.pop().continue_()
        page.wait_for_function("() => MPKjFees.status.stage === 'ready'", timeout=BOOT_MS, polling=100)
        bars = page.evaluate("() => window.mpkjBars")
        wasm, bundle = (site_dir / p for p in ("assets/micropython/micropython.wasm", "assets/calc.bundle"))
        size = wasm.stat().st_size + bundle.stat().st_size
        assert {total for _, total, _ in bars} == {size}
        assert min(value for value, _, _ in bars) <= bundle.stat().st_size  # the bundle's part, before the wasm
        assert max(value for value, _, _ in bars) > size / 2  # it moved
        assert all(re.fullmatch(r"Dimuat turun \d+\.\d daripada \d+\.\d MB", label) for _, _, label in bars)
        assert page.locator("progress.mpkj-progress").count() == 0
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
