"""The language switch keeps the reader's place (docs/javascripts/language-switch.js): a schedule page opens in the
other language at the row that was being read, and a calculator at the field being read, with its inputs.

The switch is pressed as a person does, with the pointer or a finger at the link (no scrolling on the way, which
Playwright's own click would do), after Material's instant navigation is ready; on a desktop and a phone.
"""

from __future__ import annotations

import pytest
from host_guard import guarded_context

BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PREFIX = {"ms": "", "en": "en/"}
OTHER = {"ms": "en", "en": "ms"}

# The line a reader reads at: just under Material's sticky header.
READING_LINE = "document.querySelector('.md-header').getBoundingClientRect().bottom"


@pytest.fixture(params=[("desktop", "ms"), ("phone", "en")], ids=lambda p: f"{p[0]}-{p[1]}")
def reader(request, browser, site_url: str):
    """(a fresh page at a desktop or phone size, its size's name, the language it starts in)."""
    viewport, lang = request.param
    phone = viewport == "phone"
    with guarded_context(browser, [site_url], viewport=VIEWPORTS[viewport], is_mobile=phone,
                         has_touch=phone) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        yield page, viewport, lang


def _read_at(page, selector: str) -> None:
    """Scrolls as a reader would until `selector` is what they read: its top a little above the reading line."""
    page.evaluate(
        f"""(selector) => {{
          const box = document.querySelector(selector).getBoundingClientRect();
          window.scrollBy(0, box.top - {READING_LINE} + 10);
        }}""",
        selector,
    )
    assert _spans_the_reading_line(page, selector)


def _spans_the_reading_line(page, selector: str) -> bool:
    return page.evaluate(
        f"""(selector) => {{
          const box = document.querySelector(selector).getBoundingClientRect();
          const line = {READING_LINE};
          return box.top <= line && line < box.bottom;
        }}""",
        selector,
    )


def _switch_language(page, viewport: str, lang: str) -> None:
    """Opens the header's language menu and presses the other language, by pointer (desktop) or finger (phone)."""
    menu = page.locator(".md-header .md-select").first
    link = page.locator(f'.md-header .md-select__link[hreflang="{lang}"]').first
    if viewport == "phone":
        box = menu.locator(".md-header__button").first.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        link.wait_for(state="visible")
        box = link.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    else:
        box = menu.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        link.wait_for(state="visible")
        box = link.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _arrive(page, lang: str, path: str) -> None:
    page.wait_for_url(lambda url: url.split("?")[0].endswith(f"/{PREFIX[lang]}{path}"))
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)


def test_a_schedule_page_opens_at_the_row_being_read(reader, site_url: str) -> None:
    page, viewport, lang = reader
    path = "schedules/building_plan.html"
    page.goto(site_url + PREFIX[lang] + path, wait_until="networkidle")  # instant links once the sitemap is in
    row = 'tr[data-item="J2"]'  # temporary building, annual permit: far down the page, past eight screens
    _read_at(page, row)
    _switch_language(page, viewport, OTHER[lang])
    _arrive(page, OTHER[lang], path)
    page.wait_for_function(
        f"""() => {{
          const box = document.querySelector('{row}').getBoundingClientRect();
          const line = {READING_LINE};
          return box.top <= line && line < box.bottom;
        }}"""
    )
    assert page.evaluate("window.scrollY") > 0


def test_a_calculator_opens_at_the_field_being_read_with_its_inputs(reader, site_url: str) -> None:
    page, viewport, lang = reader
    path = "calculators/building_plan/new.html"
    page.goto(site_url + PREFIX[lang] + path, wait_until="networkidle")
    area = page.locator('form.mpkj-calculator [data-path="designs[0].floors[0].area"] input').first
    area.fill("120")
    pool = page.locator('form.mpkj-calculator [data-path="pool_area"] input').first
    pool.fill("30")
    pool.blur()
    page.wait_for_function("() => location.search.length > 1")  # the form has put its inputs in the address
    field = '[data-path="pool_area"]'
    _read_at(page, field)
    _switch_language(page, viewport, OTHER[lang])
    _arrive(page, OTHER[lang], path)
    page.wait_for_selector(f'form.mpkj-calculator[data-lang="{OTHER[lang]}"]')
    # The inputs came along, and once the form has answered them the field being read is still at the line.
    page.wait_for_function(
        "() => !['prompt', 'pending'].includes(document.querySelector('.mpkj-result').dataset.state)")
    assert page.locator(f"form.mpkj-calculator {field} input").first.input_value() == "30"
    assert area.input_value() == "120"
    assert _spans_the_reading_line(page, field)
