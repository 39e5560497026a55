"""Short, sturdy share links, the estimate's QR code and reference, the printed check-answers page and a shared
link's arrival (issue 18), in Chromium on a 1366 x 768 desktop and a 390 x 844 phone, in both languages.

* The address bar, "Copy link", the QR code and the print carry the short link: `?e=1…`, the inputs' JSON
  compressed (deflate-raw) after its CRC-32, always with the application date. An older long link still opens.
* The QR code on the printed page is read with a real decoder (jsQR, tests/browser/qr_decode.mjs) and what it reads
  is opened in a fresh browser: the same inputs, date, total and reference.
* A damaged link (any one character changed, or cut short) is refused whole and said so; never read wrongly.
* The worked examples print on one A4 sheet, text at 9 pt at the least, the inputs grouped as the form groups them.

Totals are the hand-worked ones of tests/cases (worked examples); the 3-design link is only measured and reopened.
"""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from host_guard import WEB_SCHEMES, HostGuard

from site_scripts.site_url import default_site_url
from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = default_site_url(ROOT / "mkdocs.yml")  # the address a printed link carries once deployed
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
PROFILES = {
    "desktop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 3},
}
EXAMPLES = {example["name"]: example for example in worked_examples()}
HOUSE = EXAMPLES["detached house in square feet with a fence"]  # worked example 5: RM 638.00, in ft², 2025-01-01
REFERENCE = re.compile(r"MPKJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")  # Crockford's base 32: no I L O U
WORDS = {
    "ms": {"shared": "Anggaran yang dikongsi", "damaged": "Pautan ini rosak", "reference": "Rujukan"},
    "en": {"shared": "A shared estimate", "damaged": "This link is damaged", "reference": "Reference"},
}
# Where the form's first words sit on the page (document coordinates) when the link has been restored: the test
# compares it with the same place once the engine has loaded and answered (no jump).
WATCH = """
document.addEventListener("mpkj:restored", () => {
  const intro = document.querySelector("form.mpkj-calculator .mpkj-intro");
  window.mpkjIntroTop = intro.getBoundingClientRect().top + window.scrollY;
  window.mpkjSummaryAtRestore = document.querySelector("form.mpkj-calculator .mpkj-summary").textContent;
  window.mpkjStateAtRestore = document.querySelector("form.mpkj-calculator .mpkj-result").dataset.state;
}, { once: true });
"""


@pytest.fixture
def open_page(browser, site_url: str):
    """open_page(profile) -> a fresh page in a fresh context of that profile; no host but the site, no page error."""
    contexts = []
    errors: list[str] = []

    def opened(profile: str):
        context = browser.new_context(**PROFILES[profile])
        guard = HostGuard(context, [site_url], schemes=WEB_SCHEMES)
        context.add_init_script(WATCH)
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        page.on("pageerror", lambda error: errors.append(str(error)))
        contexts.append((context, guard))
        return page

    yield opened
    for context, guard in contexts:
        context.close()
        assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"
    assert not errors, errors


def page_of(request: dict) -> str:
    if request["schedule"] == "deposit":
        return "calculators/deposit.html"
    return f"calculators/{request['schedule']}/{request['application']}.html"


def long_link(site_url: str, lang: str, request: dict) -> str:
    """The older link, still opened: a parameter per top-level field, lists and objects as JSON."""
    query = "&".join(
        f"{name}={json.dumps(value, separators=(',', ':')) if isinstance(value, list | dict) else value}"
        for name, value in request.items() if name not in ("schedule", "application"))
    return f"{site_url}{'' if lang == 'ms' else 'en/'}{page_of(request)}?{query}"


def settle(page, total: str) -> None:
    """Waits for the estimate with `total` and its QR code, or fails at once if Python could not start."""
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{total}"] .mpkj-share svg.mpkj-qr, '
                           '.mpkj-result[data-state="failed"]')
    if page.locator('.mpkj-result[data-state="failed"]').count():
        pytest.fail(f"Python did not start in the page: {page.locator('.mpkj-status').get_attribute('data-reason')}")


SHORT_LINK = re.compile(r"\?e=1")  # the short link's parameter and format


def field(page, path: str):
    return page.locator(f'form.mpkj-calculator .mpkj-field[data-path="{path}"]').locator("input, select")


def ringgit(total: str) -> str:
    return f"RM {Decimal(total):,.2f}"


def printed(page):
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")


def decode_qr(png: Path) -> str:
    done = subprocess.run(["node", str(ROOT / "tests/browser/qr_decode.mjs"), str(png)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("profile", "lang"), [("desktop", "ms"), ("phone", "en")])
def test_the_printed_qr_code_opens_the_same_estimate(open_page, site_url: str, tmp_path: Path,
                                                     profile: str, lang: str) -> None:
    page = open_page(profile)
    page.goto(long_link(site_url, lang, HOUSE["request"]))  # an older long link still opens
    settle(page, HOUSE["total"])
    page.wait_for_url(SHORT_LINK)  # the address bar is rewritten once typing pauses (issue 17, item 8)
    share = page.locator(".mpkj-result .mpkj-share")
    link = share.get_attribute("data-link")
    assert link == page.url and "?e=1" in link and "designs" not in link  # the address bar holds the short link
    reference = share.locator(".mpkj-reference strong").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    assert share.locator(".mpkj-reference").inner_text().startswith(WORDS[lang]["reference"])

    printed(page)
    try:
        qr = page.locator(".mpkj-share svg.mpkj-qr")
        assert qr.is_visible() and page.locator(".mpkj-reference").is_visible()
        assert page.locator(".mpkj-print-url").inner_text() == link  # the printed address is the short link too
        qr.screenshot(path=tmp_path / "qr.png")
    finally:
        page.emulate_media(media="screen")
    read = decode_qr(tmp_path / "qr.png")
    assert read == link

    # Opened on another device: the same inputs, date, total and reference, and it says it is a shared estimate.
    again = open_page(profile)
    again.goto(read)
    again.wait_for_function("() => window.mpkjIntroTop !== undefined")
    # Restored at once, before the engine answered: the inputs are there and the form does not ask to be filled in.
    assert again.evaluate("window.mpkjStateAtRestore") == "pending"
    assert again.evaluate("window.mpkjSummaryAtRestore") not in ("Isi borang untuk melihat anggaran fi.",
                                                                 "Fill in the form to see the fee estimate.")
    assert field(again, "designs[0].floors[0].area").input_value() == "1600"
    assert again.locator(".mpkj-shared").inner_text().startswith(WORDS[lang]["shared"])
    settle(again, HOUSE["total"])
    assert field(again, "date").input_value() == HOUSE["request"]["date"]
    assert field(again, "area_unit").input_value() == "ft2"
    assert field(again, "designs[0].units").input_value() == "1"
    assert field(again, "designs[0].floors[1].level").input_value() == "1"
    assert field(again, "designs[0].floors[1].area").input_value() == "1400"
    assert field(again, "residential_fences").input_value() == "1"
    assert again.locator(".mpkj-summary").inner_text().endswith(ringgit(HOUSE["total"]))
    assert again.locator(".mpkj-reference strong").inner_text() == reference
    # No jump when loading ended, and the answer brought into view.
    top = again.evaluate("() => document.querySelector('form.mpkj-calculator .mpkj-intro')"
                         ".getBoundingClientRect().top + window.scrollY")
    assert top == again.evaluate("window.mpkjIntroTop")
    box = again.locator(".mpkj-result h2").bounding_box()
    header = again.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] < PROFILES[profile]["viewport"]["height"], (header, box)


def test_a_3_design_building_plan_in_square_feet_makes_a_short_link(open_page, site_url: str) -> None:
    """The building plan's example (20 units, two storeys) made three designs, in square feet: measured."""
    request = {"area_unit": "ft2", "date": "2025-01-01", "designs": [
        {"units": 20, "floors": [{"level": 0, "area": 1292}, {"level": 1, "area": 1184}]},
        {"units": 12, "floors": [{"level": 0, "area": 1400}, {"level": 1, "area": 1400}, {"level": 2, "area": 1100}]},
        {"units": 2, "floors": [{"level": 0, "area": 2500}, {"level": 1, "area": 2200}]},
    ], "schedule": "building_plan", "application": "new"}
    page = open_page("desktop")
    old = long_link(site_url, "en", request)
    page.goto(old)
    page.wait_for_selector('.mpkj-result[data-state="ok"] .mpkj-share')
    total = page.locator(".mpkj-result").get_attribute("data-total")
    link = page.locator(".mpkj-share").get_attribute("data-link")
    public = len(PUBLIC_URL) + len(link) - len(site_url)  # as printed from the deployed site
    old_public = len(PUBLIC_URL) + len(old) - len(site_url)
    print(f"\n3 designs in ft², English page: short link {public} characters at {PUBLIC_URL} "
          f"(the older link: {old_public} unencoded)")
    assert public <= 250
    again = open_page("desktop")
    again.goto(link)
    again.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{total}"]')
    assert again.locator('[data-path="designs"] > .mpkj-rows > .mpkj-row').count() == 3
    assert field(again, "designs[1].floors[2].level").input_value() == "2"
    assert field(again, "designs[2].floors[1].area").input_value() == "2200"
    assert field(again, "date").input_value() == "2025-01-01"


# Every one-character change and every cut of a short link's value, decoded by the page's own reader.
EVERY_DAMAGE = """async (value) => {
  const { decode } = window.MPKjCalculator.permalink;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const read = [];
  for (let at = 0; at < value.length; at++) {
    for (const step of [1, 17, 40]) {
      const other = alphabet[(alphabet.indexOf(value[at]) + step) % alphabet.length];
      const changed = value.slice(0, at) + other + value.slice(at + 1);
      if (await decode(changed)) read.push(changed);
    }
    if (at > 0 && (await decode(value.slice(0, at)))) read.push(value.slice(0, at));
  }
  return { whole: await decode(value), read };
}"""


@pytest.mark.parametrize(("profile", "lang"), [("desktop", "en"), ("phone", "ms")])
def test_a_damaged_link_is_refused_whole_and_said_so(open_page, site_url: str, profile: str, lang: str) -> None:
    page = open_page(profile)
    page.goto(long_link(site_url, lang, HOUSE["request"]))
    settle(page, HOUSE["total"])
    page.wait_for_url(SHORT_LINK)
    link = page.url
    value = link.split("?e=", 1)[1]
    checked = page.evaluate(EVERY_DAMAGE, value)
    assert checked["whole"]["residential_fences"] == 1 and checked["whole"]["date"] == "2025-01-01"
    assert checked["read"] == []  # no damaged value is ever read as inputs

    changed = value[:20] + ("B" if value[20] != "B" else "C") + value[21:]
    for damaged in (link.replace(value, changed), link[:-7]):
        again = open_page(profile)
        again.goto(damaged)
        note = again.locator("form.mpkj-calculator .mpkj-link-problem[role=alert]")
        assert note.inner_text().startswith(WORDS[lang]["damaged"])
        # Refused whole: nothing of the link is in the form, which shows its first rows and the prompt.
        assert field(again, "designs[0].floors[0].area").input_value() == ""
        assert field(again, "residential_fences").input_value() == ""
        assert again.locator(".mpkj-result").get_attribute("data-state") == "prompt"
        assert again.locator(".mpkj-shared").count() == 0


# Holds every short link's compression until the address moves to another page (Material's instant navigation, when
# window.mpkjOpenOnLeaving is set) or the test opens the gate, and notes every address written with
# history.replaceState: a link still being written as the visitor follows a link to another calculator.
HELD_LINKS = """
(() => {
  const Real = CompressionStream;
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  window.mpkjHeld = 0;
  window.mpkjOpenGate = () => open();
  window.CompressionStream = class {
    constructor(format) {
      const real = new Real(format);
      window.mpkjHeld += 1;
      this.writable = real.writable;
      this.readable = real.readable.pipeThrough(new TransformStream({
        async transform(chunk, controller) { await gate; controller.enqueue(chunk); },
      }));
    }
  };
  window.mpkjWritten = [];
  // Material moves the address to the next page before it swaps the page in: the gate opens then.
  const pushState = history.pushState.bind(history);
  history.pushState = (...args) => {
    pushState(...args);
    if (window.mpkjOpenOnLeaving) open();
  };
  const replaceState = history.replaceState.bind(history);
  history.replaceState = (data, unused, url) => {
    if (url) window.mpkjWritten.push(new URL(url, location.href).href);
    return replaceState(data, unused, url);
  };
})();
"""


@pytest.mark.parametrize("next_example", ["three kinds of board", "20 double-storey terraces of one design"])
def test_a_link_being_written_as_the_visitor_leaves_stays_with_its_own_page(open_page, site_url: str,
                                                                            next_example: str) -> None:
    """Calculator A's short link is still being compressed when the visitor follows a link to calculator B (Material's
    instant navigation: the same document): A's link must not be written into B's address, where a reload or a copy
    of the address bar would give B the inputs of A (found by make bench: B's first answer was A's errors). B is
    another calculator, or the same one with other inputs."""
    page = open_page("desktop")
    page.context.add_init_script(HELD_LINKS)
    house, following = HOUSE, EXAMPLES[next_example]
    answered = '.mpkj-result[data-state="ok"][data-total="{}"]'  # (its QR code waits for the held link)
    page.goto(long_link(site_url, "ms", house["request"]), wait_until="networkidle")
    page.wait_for_selector(answered.format(house["total"]))
    page.wait_for_function("() => window.mpkjHeld > 0")  # A's short link is being written, and held
    target = long_link(site_url, "ms", following["request"])
    page.evaluate("""(href) => {
      window.mpkjSameDocument = true;
      window.mpkjOpenOnLeaving = true;
      document.querySelector("form.mpkj-calculator").dataset.left = "A"; // B's form is the one without the mark
      const link = Object.assign(document.createElement("a"), { href, id: "next-calculator", textContent: "next" });
      document.querySelector("article").prepend(link);
    }""", target)
    page.click("#next-calculator")
    # B restored from its own link and answered (not with A's inputs: calc's errors for B's form)
    b_form = "form.mpkj-calculator:not([data-left])"
    page.wait_for_selector(f'{b_form} .mpkj-result[data-state="ok"], {b_form} .mpkj-result[data-state="invalid"]')
    assert page.locator(b_form + " " + answered.format(following["total"])).count() == 1, page.url
    assert page.evaluate("window.mpkjSameDocument === true"), "Material did not navigate instantly"
    b_path = "/" + page_of(following["request"])
    page.evaluate("window.mpkjOpenGate()")
    page.wait_for_function("""(path) => window.mpkjWritten.some((href) => {
      const url = new URL(href); return url.pathname === path && url.searchParams.has("e"); })""", arg=b_path)
    written = {href for href in page.evaluate("window.mpkjWritten") if href.split("?")[0].endswith(b_path)}
    links = {re.search(r"[?&]e=([^&]*)", href).group(1) for href in written if "e=" in href}
    assert len(links) == 1, f"B's address was written with more than one link: {sorted(written)}"
    again = open_page("phone")
    again.goto(page.url)
    settle(again, following["total"])  # the address bar holds B's own estimate


# The smallest text of the printed calculator, in CSS pixels (9 pt = 12 px), over every element that shows text.
SMALLEST_TEXT_PX = """() => Math.min(...Array.from(document.querySelectorAll("form.mpkj-calculator *"))
  .filter((el) => el.checkVisibility() && Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.data.trim()))
  .map((el) => parseFloat(getComputedStyle(el).fontSize)))"""


def test_the_worked_examples_print_as_one_a4_page_to_check_the_answers(open_page, site_url: str) -> None:
    page = open_page("desktop")
    singles = [e for e in EXAMPLES.values() if e["request"]["schedule"] != "project"
               and e["request"].get("application") != "project"]
    assert len(singles) >= 5
    for number, example in enumerate(singles):
        lang = "ms" if number % 2 == 0 else "en"
        page.goto(long_link(site_url, lang, example["request"]))
        settle(page, example["total"])
        printed(page)
        try:
            inputs = page.locator(".mpkj-print-inputs")
            assert inputs.is_visible()
            date = example["request"]["date"]  # "2025-01-01": 1 January / Januari 2025
            assert re.search(r"\b1 Januari 2025\b" if lang == "ms" else r"\b1 January 2025\b", inputs.inner_text())
            assert page.locator(".mpkj-print-version").inner_text().strip(), date
            assert page.locator(".mpkj-share svg.mpkj-qr").is_visible()
            if "designs" in example["request"]:
                # each storey on its own line: its level and its area in the unit typed
                storeys = page.locator(".mpkj-print-inputs table.mpkj-print-rows tbody tr")
                floors = example["request"]["designs"][0]["floors"]
                assert storeys.count() == sum(len(d["floors"]) for d in example["request"]["designs"])
                unit = {"ms": "kps", "en": "ft²"}[lang] if example["request"].get("area_unit") == "ft2" else "m²"
                assert storeys.first.locator("td").last.inner_text() == f"{floors[0]['area']} {unit}"
            smallest = page.evaluate(SMALLEST_TEXT_PX)
            assert smallest >= 12, f"{example['name']}: text of {smallest} px (under 9 pt)"
            pdf = page.pdf(format="A4")
            assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, example["name"]  # one sheet of paper
        finally:
            page.emulate_media(media="screen")
