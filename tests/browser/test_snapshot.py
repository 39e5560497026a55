"""Python starts from the build's memory snapshot (site_scripts/assets/pyodide_snapshot.py), and when the snapshot is
missing, of another build, or damaged, from an ordinary boot instead: every case answers the worked examples exactly as
CPython does (calc.estimate_json here, byte for byte). Which way Python started is read from MPKjFees.status.from."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from host_guard import WEB_SCHEMES, HostGuard

import calc
from site_scripts.assets.pyodide_snapshot import MAGIC, read_header, with_header
from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = worked_examples()
BOOT_MS = 120_000  # a start on a busy machine; nothing here asserts on time
SNAPSHOT = "**/assets/calc-snapshot.bin*"


def _answers(page) -> list[list]:
    """[status, text] of each worked example through MPKjFees.estimateJson, the page's own door to calc."""
    texts = [json.dumps(example["request"], ensure_ascii=False) for example in EXAMPLES]
    page.wait_for_function("() => window.MPKjFees && MPKjFees.status.stage === 'ready'", timeout=BOOT_MS, polling=100)
    return page.evaluate("texts => Promise.all(texts.map((t) => MPKjFees.estimateJson(t)))", texts)


def _cpython() -> list[list]:
    return [list(calc.estimate_json(json.dumps(example["request"], ensure_ascii=False))) for example in EXAMPLES]


def _run(browser, site_url: str, route=None) -> tuple[str, list[list], list[str]]:
    """Open a calculator page in a fresh context (no service worker), optionally with the snapshot's route replaced;
    returns how Python started, the answers, and the console warnings."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    if route is not None:
        context.route(SNAPSHOT, route)
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    try:
        page.goto(site_url + "calculators/deposit.html", wait_until="domcontentloaded")
        answers = _answers(page)
        return page.evaluate("() => MPKjFees.status.from"), answers, warnings
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_the_site_starts_from_the_snapshot_and_answers_as_cpython(browser, site_url: str) -> None:
    started, answers, warnings = _run(browser, site_url)
    assert started == "snapshot", warnings
    assert answers == _cpython()
    totals = [json.loads(text)["total"] for _, text in answers]
    assert totals == [example["total"] for example in EXAMPLES]  # worked by hand in tests/cases


def _snapshot_file(site_dir: Path) -> bytes:
    return (site_dir / "assets" / "calc-snapshot.bin").read_bytes()


def _stale(site_dir: Path) -> bytes:
    """The same snapshot under another build's key: what an old cache would hold after a deployment."""
    data = gzip.decompress(_snapshot_file(site_dir))
    header = read_header(data)
    start = len(MAGIC) + 4 + int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "little")
    return gzip.compress(with_header("0" * 16, header["check"], data[start:]), mtime=0)


def _corrupt(site_dir: Path) -> bytes:
    """A byte changed in the middle of the file: gzip's check fails, or the restored memory is wrong."""
    data = bytearray(_snapshot_file(site_dir))
    data[len(data) // 2] ^= 0xFF
    return bytes(data)


def _wrong_answer(site_dir: Path) -> bytes:
    """A well-formed snapshot of this build whose self-check expects another answer (memory that answers wrongly)."""
    data = gzip.decompress(_snapshot_file(site_dir))
    header = read_header(data)
    start = len(MAGIC) + 4 + int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "little")
    check = {**header["check"], "text": header["check"]["text"].replace("0", "1")}
    return gzip.compress(with_header(header["key"], check, data[start:]), mtime=0)


@pytest.mark.parametrize("case", ["missing", "stale", "corrupt", "truncated", "wrong answer"])
def test_a_bad_snapshot_falls_back_to_an_ordinary_boot(browser, site_url: str, site_dir: Path, case: str) -> None:
    bodies = {
        "stale": _stale,
        "corrupt": _corrupt,
        "truncated": lambda site: _snapshot_file(site)[: len(_snapshot_file(site)) // 3],
        "wrong answer": _wrong_answer,
    }

    def route(r) -> None:
        if case == "missing":
            r.fulfill(status=404, body="Not found")
        else:
            r.fulfill(status=200, body=bodies[case](site_dir), headers={"Content-Type": "application/octet-stream"})

    started, answers, warnings = _run(browser, site_url, route)
    assert started == "boot"
    assert any(re.search("without the snapshot", text) for text in warnings), warnings
    assert answers == _cpython()


KEPT_CACHE = "mpkj-snapshot-unpacked"  # fees-worker.mjs keeps the unpacked snapshot here after a restore
WORKER_MARKS = """() => performance.getEntriesByType("mark").map((m) => m.name)
  .filter((name) => name.startsWith("mpkj:worker:snapshot_"))"""


def test_a_later_page_reads_the_unpacked_snapshot_and_a_stale_copy_is_dropped(browser, site_url: str) -> None:
    """The first page unpacks the downloaded snapshot and keeps it unpacked in Cache Storage; the next page of that
    browser starts from the kept copy without downloading the snapshot. A kept copy of another build (its header's
    key differs) is refused: that page boots as usual, still answers as CPython, and the copy is deleted."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    address = site_url + "calculators/deposit.html"
    try:
        first = context.new_page()
        first.goto(address, wait_until="domcontentloaded")
        _answers(first)
        assert first.evaluate(WORKER_MARKS) == ["mpkj:worker:snapshot_unpacked"]
        first.wait_for_function("() => performance.getEntriesByName('mpkj:snapshot_kept').length", timeout=BOOT_MS,
                                polling=100)
        assert first.evaluate(f"""async () => (await (await caches.open("{KEPT_CACHE}")).keys()).length""") == 1
        first.close()

        requests.clear()
        second = context.new_page()
        second.goto(address, wait_until="domcontentloaded")
        assert _answers(second) == _cpython()
        assert second.evaluate("() => MPKjFees.status.from") == "snapshot"
        assert second.evaluate(WORKER_MARKS) == ["mpkj:worker:snapshot_read"]
        assert not [url for url in requests if "calc-snapshot.bin" in url]

        # Another build's key in the kept copy's header (same length, so the layout is unchanged).
        second.evaluate(f"""async () => {{
          const cache = await caches.open("{KEPT_CACHE}");
          const [request] = await cache.keys();
          const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
          const text = new TextDecoder().decode(bytes.subarray(0, 4096));
          const at = text.indexOf('"key": "') + 8;
          bytes[at] = bytes[at] === 48 ? 49 : 48;  // one character of the key: '0' <-> another digit
          await cache.put(request, new Response(bytes));
        }}""")
        second.close()
        third = context.new_page()
        warnings: list[str] = []
        third.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        third.goto(address, wait_until="domcontentloaded")
        assert _answers(third) == _cpython()
        assert third.evaluate("() => MPKjFees.status.from") == "boot"
        assert any("another build" in text for text in warnings), warnings
        assert third.evaluate(f"""async () => (await caches.keys()).includes("{KEPT_CACHE}")""") is False
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_python_starts_on_intent_and_is_kept_across_pages(browser, site_url: str) -> None:
    """The home page starts nothing; pointing at a link to a calculator starts Python, and following the link (instant
    navigation: the same document) finds it ready, computes, and keeps it through the language switch: one worker and
    one download of the runtime and the snapshot for the whole visit."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    runtime = re.compile(r"pyodide\.asm\.wasm|calc-snapshot\.bin")
    try:
        page.goto(site_url + "index.html", wait_until="networkidle")
        assert page.evaluate("() => MPKjFees.status.stage") == "idle"
        assert not [url for url in requests if runtime.search(url)]

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
        assert len([url for url in requests if "pyodide.asm.wasm" in url]) == 1
        assert len([url for url in requests if "calc-snapshot.bin" in url]) == 1
    finally:
        context.close()


def test_the_progress_bar_counts_the_real_download(browser, site_url: str, site_dir: Path) -> None:
    """While Python loads, a <progress> beside the status counts the bytes of the wasm and the snapshot against their
    sizes in this build ("Dimuat turun n daripada m MB"), and goes away once the calculator is ready."""
    context = browser.new_context(service_workers="block")
    HostGuard(context, [site_url], schemes=WEB_SCHEMES)
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
        page.wait_for_function("() => MPKjFees.status.stage === 'ready'", timeout=BOOT_MS, polling=100)
        bars = page.evaluate("() => window.mpkjBars")
        size = (site_dir / "assets/pyodide/pyodide.asm.wasm").stat().st_size + _snapshot_file(site_dir).__len__()
        assert bars, "no progress bar was shown"
        assert {total for _, total, _ in bars} == {size}
        assert max(value for value, _, _ in bars) > size / 2  # it moved
        assert all(re.fullmatch(r"Dimuat turun \d+\.\d daripada \d+\.\d MB", label) for _, _, label in bars)
        assert page.locator("progress.mpkj-progress").count() == 0
    finally:
        context.close()
