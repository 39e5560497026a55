"""Fast typing never shows an old answer as current (docs/javascripts/calculator.js `schedule` and `run`), in
Chromium: a 20-design building plan form, a field typed key by key as fast as the browser takes keys, several
times over. A MutationObserver in the page records every render of the result with the field's value at that
moment; every render shown as current ("ok", not busy, its total in the live region) must be the estimate of the
value in the field then, and the last one must be the estimate of the final input.

The form (a permalink): 20 designs, each one building with one ground storey of 9 m2, so each design is item B's
ground-storey minimum, RM 140 (RM 14 per 9 m2 is RM 14, under the minimum): 20 x 140 = 2,800, plus the processing
fee A, RM 120: 2,920.00. Typed: the centralised system area (item D: RM 10 per 9 m2, at least RM 100 when above 0),
"99999" key by key, so the field holds 9, 99, 999, 9999 or 99999 m2 (all whole multiples of 9 m2) or is empty.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from host_guard import WEB_SCHEMES, HostGuard

BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
DESIGNS = [{"units": 1, "floors": [{"level": 0, "area": 9}]} for _ in range(20)]
BASE = Decimal("2920.00")  # 20 x 140 (B, ground storey minimum) + 120 (A)


def item_d(typed: str) -> Decimal:
    """Item D for the typed area: RM 10 per 9 m2, at least RM 100; nothing when empty."""
    if not typed:
        return Decimal("0")
    return max(Decimal("100"), Decimal(typed) / 9 * 10)


EXPECTED = {typed: f"{BASE + item_d(typed):.2f}" for typed in ("", "9", "99", "999", "9999", "99999")}
# By hand: "" 2,920.00; "9" 2,920 + 100 (minimum) = 3,020.00; "99" 11 x 10 = 110, 3,030.00; "999" 1,110, 4,030.00;
# "9999" 11,110, 14,030.00; "99999" 111,110, 114,030.00.
assert EXPECTED == {"": "2920.00", "9": "3020.00", "99": "3030.00", "999": "4030.00", "9999": "14030.00",
                    "99999": "114030.00"}

RECORD = """() => {
  const form = document.querySelector("form.mpkj-calculator");
  const result = form.querySelector(".mpkj-result");
  const field = form.querySelector('[data-path="central_system_area"] input');
  window.mpkjRenders = [];
  new MutationObserver(() => {
    window.mpkjRenders.push({
      state: result.dataset.state, total: result.dataset.total || null, busy: result.getAttribute("aria-busy"),
      summary: result.querySelector(".mpkj-summary").textContent, typed: field.value,
    });
  }).observe(result, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


@pytest.fixture
def typing_page(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    yield page
    context.close()
    assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"


def ringgit(total: str) -> str:
    return f"RM {Decimal(total):,.2f}"


def test_fast_typing_never_shows_an_old_answer_as_current(typing_page, site_url: str) -> None:
    page = typing_page
    page.goto(site_url + "en/calculators/building_plan/new.html?date=2025-01-01&designs="
              + json.dumps(DESIGNS, separators=(",", ":")))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{EXPECTED[""]}"], '
                           '.mpkj-result[data-state="failed"]')
    assert page.locator(".mpkj-result").get_attribute("data-state") == "ok", "Python did not start in the page"
    page.evaluate(RECORD)
    field = page.locator('[data-path="central_system_area"] input')
    for _ in range(4):
        field.press_sequentially("99999")
        for _ in range(5):
            field.press("Backspace")
    field.press_sequentially("99999")
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{EXPECTED["99999"]}"]')
    assert page.locator(".mpkj-result .mpkj-total").inner_text().strip() == ringgit(EXPECTED["99999"])

    renders = page.evaluate("window.mpkjRenders")
    current = [r for r in renders if r["state"] == "ok"]
    print(f"\n{len(renders)} renders, {len(current)} shown as current")
    assert current, "no answer was shown while typing"
    for render in current:
        expected = EXPECTED[render["typed"]]
        assert render["total"] == expected, render  # an answer for other inputs, shown as current
        assert render["busy"] is None, render
        assert ringgit(expected) in render["summary"], render
    # Whatever the live region said while not busy was the prompt to wait or the answer for the inputs then.
    for render in renders:
        if render["busy"] is None and render["state"] != "ok":
            assert render["total"] is None and "RM" not in render["summary"], render
    assert renders[-1]["typed"] == "99999" and renders[-1]["total"] == EXPECTED["99999"]
