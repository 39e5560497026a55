"""Framing (javascripts/frame-guard.js): another website that frames a page of the site gets a link to open it in
its own window, not the page; the embed pages still work in its frames; the site may frame its own pages. Also
the page policy: 'wasm-unsafe-eval' only where the page itself starts Python's WebAssembly (offline), and the
calculators compute online without it (test_calculators.py runs them all under that policy)."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from host_guard import WEB_SCHEMES, HostGuard
from local_server import serving

BOOT_MS = 240_000  # the first Python start on a slow machine shared by several test runs; no assertion on time


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Another website: `localhost` (not 127.0.0.1, the site's host) on its own port."""
    folder = tmp_path_factory.mktemp("other-site")
    with serving(folder, _Quiet) as port:
        yield folder, f"http://localhost:{port}/"


@pytest.fixture
def framing_page(browser, site_url: str, other_site: tuple[Path, str]):
    context = browser.new_context()
    guard = HostGuard(context, [site_url, other_site[1]], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    yield page
    context.close()
    assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"


def _frame_on_other_site(page, other_site: tuple[Path, str], src: str):
    folder, url = other_site
    name = f"frames-{abs(hash(src))}.html"
    (folder / name).write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other site</title>'
                               f'</head><body><iframe src="{src}" width="800" height="600"></iframe></body></html>',
                               "utf-8")
    page.goto(url + name)
    frame = page.locator("iframe").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state("load")
    return frame


@pytest.mark.parametrize(("path", "words"), [
    ("calculators/deposit.html", "dibuka dalam tetingkapnya sendiri"),
    ("en/calculators/building_plan/new.html", "opens in its own window only"),
    ("en/index.html", "opens in its own window only"),
])
def test_another_website_cannot_frame_a_page(framing_page, site_url, other_site, path, words):
    frame = _frame_on_other_site(framing_page, other_site, site_url + path)
    link = frame.locator(".mpkj-framed a")
    link.wait_for()
    assert words in link.inner_text()
    assert link.get_attribute("href") == site_url + path and link.get_attribute("target") == "_top"
    assert frame.locator("form, nav, input").count() == 0  # nothing of the page is left to click through


@pytest.mark.parametrize("path", ["embed/deposit.html", "en/embed/deposit.html"])
def test_an_embed_page_still_computes_in_another_websites_frame(framing_page, site_url, other_site, path):
    # 20 double-storey terraces: item 3, RM 200 a unit → RM 4,000.00
    src = f"{site_url}{path}?items=%5B%7B%22type%22%3A%22terrace_double_storey%22%2C%22units%22%3A%2220%22%7D%5D"
    frame = _frame_on_other_site(framing_page, other_site, src)
    frame.locator('.mpkj-result[data-state="ok"][data-total="4000.00"]').wait_for()
    assert frame.locator(".mpkj-framed").count() == 0


def test_the_site_may_frame_its_own_pages(page, site_url):
    page.goto(site_url + "index.html")
    page.evaluate("""(src) => { const frame = document.createElement("iframe"); frame.src = src;
                                document.body.append(frame); }""", site_url + "calculators/deposit.html")
    frame = page.locator("iframe").last.element_handle().content_frame()
    frame.wait_for_load_state("load")
    frame.locator("form").first.wait_for()
    assert frame.locator(".mpkj-framed").count() == 0
