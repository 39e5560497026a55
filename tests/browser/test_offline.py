"""The downloaded site: `make offline`'s zip (built here as that target builds it: MPKJ_OFFLINE=true mkdocs build,
then site_scripts.assets.offline_zip), unzipped and opened from file:// in Chromium with no server. It stays under 25
MB, leaves out what file:// never uses, computes a worked example of each schedule (planning permission typed into its
form; building plan and deposit from their permalinks), and its search finds a fee item. Nothing is requested from
any host at all: only file:, data:, blob: and about: URLs."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from host_guard import HostGuard
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from site_scripts.assets.offline_zip import FOLDER, MAX_BYTES
from site_scripts.site_url import default_site_url
from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = worked_examples()
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time


@pytest.fixture(scope="module")
def file_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = HostGuard(context, hosts=[])  # from disk: no host at all
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    yield page
    context.close()
    assert guard.requested, "the guard saw no request at all"
    assert not guard.refused, f"the downloaded site asked the network for: {sorted(set(guard.refused))}"


def example(schedule: str) -> dict:
    return next(e for e in EXAMPLES if e["request"]["schedule"] == schedule)


def page_of(request: dict) -> str:
    if request["schedule"] == "deposit":
        return "calculators/deposit.html"
    return f"calculators/{request['schedule']}/{request['application']}.html"


def permalink(request: dict) -> str:
    """The calculator UI's permalink: one query parameter per top-level field, lists and objects as JSON."""
    params = {name: json.dumps(value) if isinstance(value, list | dict) else str(value)
              for name, value in request.items() if name not in ("schedule", "application")}
    return "?" + urlencode(params)


def wait_for_total(page, total: str) -> None:
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{total}"]')
    shown = page.locator(".mpkj-result .mpkj-total").inner_text().strip()
    assert shown == f"RM {Decimal(total):,.2f}"


def test_zip_is_small_and_holds_only_what_file_urls_use(offline_zip: Path, unzipped: Path) -> None:
    size = offline_zip.stat().st_size
    assert size <= MAX_BYTES, f"{size / 1e6:.1f} MB"
    names = zipfile.ZipFile(offline_zip).namelist()
    assert all(name.startswith(FOLDER + "/") for name in names)
    for needed in ("index.html", "en/index.html", "search/search_index.js", "assets/vendor/iframe-worker/shim.js",
                   "assets/micropython-offline/offline.js", "embed/deposit.html",
                   "en/downloads.html"):
        assert (unzipped / needed).is_file(), needed
    assert not (unzipped / "assets" / "micropython").exists()  # the http runtime: file:// uses micropython-offline
    assert not (unzipped / "assets" / "calc.bundle").exists()
    assert not (unzipped / "sw.js").exists()


def test_planning_example_typed_into_the_form_from_file(file_page, unzipped: Path) -> None:
    page = file_page
    request = example("planning_permission")["request"]
    url = (unzipped / page_of(request)).as_uri()
    page.goto(url)
    assert page.evaluate("location.protocol") == "file:"
    for name, value in request.items():
        if name in ("schedule", "application"):
            continue
        field = page.locator(f'form.mpkj-calculator .mpkj-field[data-name="{name}"]').locator("input, select").first
        if field.evaluate("el => el.type") == "date":
            field.fill(str(value))
        else:
            field.press_sequentially(str(value))
    wait_for_total(page, example("planning_permission")["total"])


@pytest.mark.parametrize("schedule", ["building_plan", "deposit"])
def test_examples_from_permalinks_from_file(file_page, unzipped: Path, schedule: str) -> None:
    page = file_page
    request = example(schedule)["request"]
    page.goto((unzipped / page_of(request)).as_uri() + permalink(request))
    wait_for_total(page, example(schedule)["total"])
    elapsed = page.evaluate("performance.now()")  # from navigation start: the figure `make offline` users see
    print(f"\nfile:// {schedule}: first result {elapsed / 1000:.1f} s after the page was opened")


@pytest.mark.parametrize(("home", "words"), [("index.html", "papan dendeng"), ("en/index.html", "hoarding")])
def test_search_finds_a_fee_item_from_file(file_page, unzipped: Path, home: str, words: str) -> None:
    """Item L of the building plan schedule, searched for in each language from that language's home page."""
    page = file_page
    page.goto((unzipped / home).as_uri())
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    for _ in range(20):  # the search worker may still be loading its index: type again until it answers
        search.click()
        search.fill("")
        search.press_sequentially(words)
        try:
            results.first.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    links = results.locator("a").evaluate_all("links => links.map((a) => a.href)")
    prefix = (unzipped / home).parent.as_uri() + "/"
    assert any(link.startswith(prefix + "schedules/building_plan.html") for link in links), links


def test_copy_link_gives_the_public_address_with_the_inputs_and_date(file_page, unzipped: Path) -> None:
    """From the zip (file://), "Copy link" gives the same calculator at site_url with the inputs and the date, not a
    file:/// path nobody else can open (issue 11). The copy button needs no Python: the form writes the link."""
    page = file_page
    page.add_init_script("""Object.defineProperty(navigator, "clipboard", {configurable: true, value: {
        writeText: (text) => { window.copiedText = text; return Promise.resolve(); }}});""")
    page.goto((unzipped / "en/calculators/deposit.html").as_uri())
    page.locator('.mpkj-field[data-path="items[0].units"] input').fill("3")
    page.locator(".mpkj-copy").click()
    page.wait_for_function("() => typeof window.copiedText === 'string'")
    copied = page.evaluate("window.copiedText")
    site = default_site_url(ROOT / "mkdocs.yml")
    assert copied.startswith(site.rstrip("/") + "/en/calculators/deposit.html?"), copied
    # The short link (issue 18), read by the page's own reader.
    inputs = page.evaluate("(value) => window.MPKjCalculator.permalink.decode(value)",
                           parse_qs(urlsplit(copied).query)["e"][0])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", inputs["date"])  # the date the estimate was made on
    assert inputs["items"] == [{"units": 3}]
