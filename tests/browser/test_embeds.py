"""Embedded calculators (docs/javascripts/embed.js + the embed pages), in Chromium, on a page of another site: a host
page served from a second origin (localhost on another port; the site itself is at 127.0.0.1) pastes the one-line
snippet twice. Both calculators compute the worked examples given as data-* attributes, each iframe follows its
content's height as results and errors appear, forged height messages are ignored, and attribute values stay text.
No request goes to any host but the site and the host page's server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from host_guard import WEB_SCHEMES, HostGuard
from local_server import serving

from calc.calculators import CALCULATORS
from tests.cases.load import worked_examples

EXAMPLES = worked_examples()
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def host_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("host")


@pytest.fixture(scope="module")
def host_url(host_dir: Path) -> Iterator[str]:
    """Another site: `localhost` (not 127.0.0.1) on its own port."""
    with serving(host_dir, _Handler) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture(scope="module")
def host_context(browser, site_url: str, host_url: str):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    guard = HostGuard(context, [site_url, host_url], schemes=WEB_SCHEMES)
    yield context
    context.close()
    assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"


def snippet(site_url: str, request: dict, lang: str) -> str:
    """The one-line snippet for a worked example: every request field but schedule/application as data-*."""
    calculator = "deposit" if request["schedule"] == "deposit" else f"{request['schedule']}/{request['application']}"
    attributes = [f'data-calculator="{calculator}"', f'data-lang="{lang}"']
    for name, value in request.items():
        if name in ("schedule", "application"):
            continue
        text = json.dumps(value) if isinstance(value, list | dict) else str(value)
        attributes.append(f'data-{name}="{escape(text)}"')
    return f'<script src="{site_url}javascripts/embed.js" {" ".join(attributes)}></script>'


def host_page(host_dir: Path, name: str, body: str) -> None:
    (host_dir / name).write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council announcement</title>'
        "<style>body{font:16px serif;max-width:900px;margin:auto} iframe{outline:1px solid red}</style></head>"
        f"<body><h1>Announcement</h1>{body}<p id='end'>End of announcement.</p></body></html>",
        "utf-8",
    )


def frame_of(page, index: int):
    handle = page.locator("iframe.mpkj-embed").nth(index).element_handle()
    frame = handle.content_frame()
    assert frame is not None
    return frame


def iframe_height(page, index: int) -> float:
    return page.locator("iframe.mpkj-embed").nth(index).evaluate("el => el.getBoundingClientRect().height")


def content_height(frame) -> int:
    return frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")


def wait_fitted(page, index: int) -> None:
    """Until the iframe is as tall as its page's content (what embed-frame.js reports). Chromium pauses the
    rendering, and so the ResizeObserver, of a cross-origin iframe out of view: it is scrolled into view first."""
    page.locator("iframe.mpkj-embed").nth(index).scroll_into_view_if_needed()
    frame = frame_of(page, index)
    for _ in range(200):
        if abs(iframe_height(page, index) - content_height(frame)) <= 1:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"iframe {index}: height {iframe_height(page, index)} != content {content_height(frame)}")


def test_two_embeds_on_another_site_compute_and_resize(host_context, host_dir: Path, host_url: str,
                                                       site_url: str) -> None:
    planning = next(e for e in EXAMPLES if e["request"]["schedule"] == "planning_permission"
                    and "residential_units" in e["request"])
    deposit = next(e for e in EXAMPLES if e["request"]["schedule"] == "deposit")
    host_page(host_dir, "two.html",
              "<p>Planning fees:</p>" + snippet(site_url, planning["request"], "en")
              + "<p>Deposit:</p>" + snippet(site_url, deposit["request"], "ms"))
    page = host_context.new_page()
    page.set_default_timeout(BOOT_MS)
    page.goto(host_url + "two.html")

    # Each iframe sits right after its own script tag, on the site's origin, in the language asked for.
    placed = page.evaluate("""() => Array.from(document.querySelectorAll('script[data-calculator]'),
                               (s) => s.nextElementSibling && s.nextElementSibling.src)""")
    assert [urlsplit(src).path for src in placed] == ["/en/embed/planning_permission/new.html", "/embed/deposit.html"]
    assert all(urlsplit(src).netloc == urlsplit(site_url).netloc for src in placed)

    frames = [frame_of(page, 0), frame_of(page, 1)]
    for index, (frame, example) in enumerate(zip(frames, (planning, deposit), strict=True)):
        page.locator("iframe.mpkj-embed").nth(index).scroll_into_view_if_needed()
        frame.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{example["total"]}"]')
    assert frames[0].evaluate("document.documentElement.lang") == "en"
    assert frames[1].evaluate("document.documentElement.lang") == "ms"
    # Embeds store nothing in the visitor's browser (issue 17, item 6): no Cache Storage, no service worker (where
    # the browser lets a frame of another site reach them at all).
    stored = """async () => {
      try { return (await caches.keys()).length + (await navigator.serviceWorker.getRegistrations()).length; }
      catch (error) { return error.name; }
    }"""
    for frame in frames:
        assert frame.evaluate(stored) in (0, "SecurityError")
    assert not page.locator("header, nav.md-tabs").count()  # the host page has none, and none leaked in
    assert frames[0].locator(".md-header, .md-sidebar, .md-footer").count() == 0
    for index in (0, 1):
        wait_fitted(page, index)
        assert iframe_height(page, index) != 700  # moved off the starting height

    # An error in the first calculator: its iframe grows with the error summary; the second is left alone.
    before, other = iframe_height(page, 0), iframe_height(page, 1)
    page.locator("iframe.mpkj-embed").nth(0).scroll_into_view_if_needed()
    field = frames[0].locator('form.mpkj-calculator [data-path="residential_units"] input')
    field.fill("")
    field.press_sequentially("-5")
    field.press("Enter")  # errors show on a submit (issue 18), not while typing nor as the field is left
    frames[0].wait_for_selector('.mpkj-result[data-state="invalid"]')
    frames[0].wait_for_selector(".mpkj-error-summary:not([hidden])")
    wait_fitted(page, 0)
    assert iframe_height(page, 0) != before
    assert iframe_height(page, 1) == other
    assert frames[1].locator(".mpkj-result").get_attribute("data-total") == deposit["total"]

    # A height message from anything but the iframe's own window is ignored.
    page.evaluate("window.postMessage({type: 'mpkj-embed:height', height: 60}, '*')")
    page.wait_for_timeout(300)
    assert iframe_height(page, 0) > 60 and iframe_height(page, 1) > 60
    page.close()


def test_attribute_values_are_text_only(host_context, host_dir: Path, host_url: str, site_url: str) -> None:
    evil = '"><img src=x onerror="window.pwned=1">'
    host_page(host_dir, "evil.html",
              f'<script src="{site_url}javascripts/embed.js" data-calculator="planning_permission/new" '
              f'data-lang="en" data-residential_units="{escape(evil)}"></script>'
              f'<script src="{site_url}javascripts/embed.js" data-calculator="../../index"></script>')
    page = host_context.new_page()
    page.set_default_timeout(BOOT_MS)
    page.goto(host_url + "evil.html")
    assert page.locator("iframe.mpkj-embed").count() == 1  # no iframe for a calculator id that isn't one
    src = page.locator("iframe.mpkj-embed").get_attribute("src")
    assert urlsplit(src).path == "/en/embed/planning_permission/new.html"
    assert "<" not in src and '"' not in src
    frame = frame_of(page, 0)
    frame.wait_for_selector("form.mpkj-calculator .mpkj-result[data-state]")
    assert frame.locator('[data-path="residential_units"] input').input_value() == evil
    assert page.locator("img").count() == 0
    assert frame.locator(".md-content img").count() == 0
    assert page.evaluate("window.pwned") is None and frame.evaluate("window.pwned") is None
    page.close()


CALCULATOR_IDS = [calculator.id for calculator in CALCULATORS]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_calculator_has_a_bare_embed_page(site_dir: Path, prefix: str) -> None:
    for calculator in CALCULATOR_IDS:
        page = site_dir / f"{prefix}embed/{calculator}.html"
        html = page.read_text("utf-8")
        assert html.count(f'data-calculator="{calculator}"') == 1, page
        for chrome in ('class="md-header', 'class="md-tabs', 'class="md-sidebar', 'class="md-footer'):
            assert chrome not in html, (page, chrome)
        assert '<meta name="robots" content="noindex">' in html
        full = re.search(r'class="mpkj-embed-full" href="([^"]+)"', html).group(1)
        assert (page.parent / full).resolve() == (site_dir / f"{prefix}calculators/{calculator}.html").resolve()
    index = json.loads((site_dir / "search/search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in index["docs"] if "embed/" in d["location"]]  # not found by search


def test_embed_documentation_shows_snippets_and_live_examples(host_context, site_url: str) -> None:
    page = host_context.new_page()
    page.goto(site_url + "en/embed.html")
    code = page.locator(".md-content pre code").all_inner_texts()
    for calculator in CALCULATOR_IDS:
        assert any(f'data-calculator="{calculator}"' in text and "/javascripts/embed.js" in text for text in code)
        assert any(f"/en/embed/{calculator}.html" in text and "<iframe" in text for text in code)
    # The live script example put its iframe right after itself; the plain iframe is there too.
    placed = page.evaluate("""() => {
      const script = document.querySelector('.md-content script[data-calculator]');
      return script.nextElementSibling && script.nextElementSibling.getAttribute('src');
    }""")
    assert placed is not None and urlsplit(placed).path.endswith("/en/embed/planning_permission/new.html")
    assert page.locator('.md-content iframe[src*="/en/embed/deposit.html?items="]').count() == 1
    page.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_embed_page_logs_no_error(host_context, site_url: str, prefix: str) -> None:
    """Each embed page, opened alone, runs Material's script and ours without an uncaught error or a console error
    (Material once threw for the missing header, and then language-switch.js for the missing document$)."""
    page = host_context.new_page()
    page.set_default_timeout(BOOT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    for calculator in CALCULATOR_IDS:
        page.goto(f"{site_url}{prefix}embed/{calculator}.html")
        page.wait_for_selector("form.mpkj-calculator .mpkj-result[data-state]")
        # Material ran to the end: its document$ exists and has told language-switch.js about the page, which
        # pointed the bar's language link at this embed page in the other language.
        assert page.evaluate("typeof window.document$") == "object"
        other = "" if prefix else "en/"
        href = page.locator(".mpkj-embed-bar a[hreflang]").get_attribute("href")
        assert href.endswith(f"{other}embed/{calculator}.html"), href
        assert not errors, (calculator, errors)
    page.close()


def test_data_names_and_heights(host_context, host_dir: Path, host_url: str, site_url: str) -> None:
    """Every data-* name becomes a query parameter, also those named like Object.prototype's members; data-height
    is read as a number, held within 50-20,000 px, and 700 px when it is not a number."""
    heights = {"1e9": 20000, "480": 480, "480px": 480, " 333.4 ": 333, "10": 50, "-5": 50, "abc": 700, "": 700,
               None: 700}
    scripts = "".join(
        f'<script src="{site_url}javascripts/embed.js" data-calculator="deposit" data-lang="en"'
        + ("" if height is None else f' data-height="{escape(height)}"')
        + ' data-constructor="c" data-tostring="t" data-hasownproperty="h" data-__proto__="p"'
        ' data-items="[]" data-title="Deposit"></script>'
        for height in heights
    )
    host_page(host_dir, "names.html", scripts)
    page = host_context.new_page()
    page.set_default_timeout(BOOT_MS)
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    # The embed pages are not loaded: their own height reports would replace the starting height.
    page.route("**/embed/deposit.html?*", lambda route: route.fulfill(body="<!doctype html><title>x</title>",
                                                                     content_type="text/html"))
    page.goto(host_url + "names.html")
    frames = page.locator("iframe.mpkj-embed")
    assert frames.count() == len(heights)
    for index, expected in enumerate(heights.values()):
        frame = frames.nth(index)
        assert frame.evaluate("el => el.style.height") == f"{expected}px"
        query = parse_qs(urlsplit(frame.get_attribute("src")).query)
        assert query == {"constructor": ["c"], "tostring": ["t"], "hasownproperty": ["h"], "items": ["[]"]}
        assert frame.get_attribute("title") == "Deposit"
    # What was left out or changed is said in the console, for the person pasting the snippet.
    assert any("data-__proto__" in warning for warning in warnings), warnings
    assert any("1e9" in warning for warning in warnings), warnings
    assert any('"abc"' in warning for warning in warnings), warnings
    page.close()
