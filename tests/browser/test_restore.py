"""Restoring a calculator from a link (docs/javascripts/calculator.js `restore`), in Chromium, on a desktop and a
phone profile: a short link of 100 empty designs and a 10 x 100 storey link restore every row and leave the page
responsive (the rows are built in slices, the page answering in between); links over the limits (a list over
calc's 100 rows, more than 1,200 rows in all, a list that is not JSON) are refused whole with a message in the
page's language. The embed pages restore through the same path.

The old restore numbered the whole form after every added row: 100 empty designs froze the tab for 20-30 s and
10 x 100 storeys for 545 s; then it built every row in one task (100 designs: 1.3 s). Now the rows are built in
slices. "Responsive" is measured as a condition with a generous bound, never as a speed claim: no task of the restore
lasts FROZEN_S, far below those freezes and far above the ~0.2 s the whole restore takes on a quiet machine.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from host_guard import WEB_SCHEMES, HostGuard

BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
FROZEN_S = 5
RESTORED_S = 30  # the whole restore, in slices, on a machine busy with other work (10 x 100 storeys once took 545 s)
PROFILES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 3},
}
# When the page is ready (DOMContentLoaded, first listener) and when the form has been restored (calculator.js's
# "mpkj:restored", also sent when a link is refused); mpkjTimerRan: whether a task queued when the page was ready ran
# before the restore ended (the restore builds rows in slices and lets the page answer in between).
WATCH = """
document.addEventListener("DOMContentLoaded", () => {
  window.mpkjReady = performance.now();
  setTimeout(() => { window.mpkjTimerRan = window.mpkjRestored === undefined; });
}, { once: true });
document.addEventListener("mpkj:restored", () => { window.mpkjRestored = performance.now(); }, { once: true });
window.mpkjTasks = [];
new PerformanceObserver((list) => {
  list.getEntries().forEach((task) => window.mpkjTasks.push([task.startTime, task.duration]));
}).observe({ type: "longtask", buffered: true });
"""
# The longest task that began while the form was being restored, in ms (0 if none took over 50 ms).
LONGEST_RESTORE_TASK_MS = """() => Math.max(0, ...window.mpkjTasks
  .filter(([start, duration]) => start + duration >= window.mpkjReady && start <= window.mpkjRestored)
  .map(([start, duration]) => duration))"""
# Dispatches an input event on a field and resolves, with the time it took, once the form's handler and the run it
# schedules (a timer of 0, queued before ours) have both been handled.
INPUT_HANDLED_MS = """(name) => new Promise((resolve) => {
  const field = document.querySelector(`form.mpkj-calculator .mpkj-field[data-path="${name}"] input`);
  const start = performance.now();
  field.dispatchEvent(new Event("input", { bubbles: true }));
  setTimeout(() => resolve(performance.now() - start), 0);
})"""


@pytest.fixture(params=list(PROFILES))
def profile_page(request, browser, site_url: str):
    context = browser.new_context(**PROFILES[request.param])
    guard = HostGuard(context, [site_url], schemes=WEB_SCHEMES)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"
    assert not errors, errors


def designs_link(site_url: str, designs: list, prefix: str = "") -> str:
    return f"{site_url}{prefix}calculators/building_plan/new.html?designs={json.dumps(designs, separators=(',', ':'))}"


def assert_responsive(page) -> None:
    """The form was restored without freezing the page (no task as long as a freeze, the whole within a bound far
    below the old freezes), and an edit is then handled at once."""
    page.wait_for_function("() => window.mpkjRestored !== undefined && window.mpkjReady !== undefined")
    restored_s = page.evaluate("(window.mpkjRestored - window.mpkjReady) / 1000")
    longest_s = page.evaluate(LONGEST_RESTORE_TASK_MS) / 1000
    print(f"\nrestored {restored_s:.2f} s after DOMContentLoaded, its longest task {longest_s:.2f} s")
    assert longest_s < FROZEN_S
    assert restored_s < RESTORED_S
    handled_s = page.evaluate(INPUT_HANDLED_MS, "central_system_area") / 1000
    print(f"an input event handled in {handled_s:.2f} s")
    assert handled_s < FROZEN_S


def settle(page, selector: str) -> None:
    """Waits for `selector`, or fails at once with the reason if Python could not start in the page."""
    page.wait_for_selector(f'{selector}, .mpkj-result[data-state="failed"]')
    if page.locator('.mpkj-result[data-state="failed"]').count():
        pytest.fail(f"Python did not start in the page: {page.locator('.mpkj-status').get_attribute('data-reason')}")


def rows(page, path: str):
    return page.locator(f'form.mpkj-calculator [data-path="{path}"] > .mpkj-rows > .mpkj-row')


def test_a_345_character_link_of_100_empty_designs(profile_page, site_url: str) -> None:
    page = profile_page
    link = designs_link(site_url, [{}] * 100)
    assert len(link) - len(site_url) == 344  # the 345-character link, less its leading slash
    page.goto(link)
    assert_responsive(page)
    assert page.evaluate("window.mpkjTimerRan")  # the page answered while the 100 designs were being built
    assert rows(page, "designs").count() == 100
    assert rows(page, "designs[99].floors").count() == 1  # each design starts with its one storey row
    # (text_content: a long list's rows out of sight are not rendered, so they have no innerText until scrolled to)
    assert page.locator('[data-path="designs[99]"] > legend').text_content() == "Rekabentuk bangunan 100"
    # Empty designs are not an estimate. 100 designs lack 2 values each (units, the storey's area): calc lists the
    # first 50 problems and says how many more there are (issue 13, item 6), so 25 designs show theirs.
    settle(page, '.mpkj-result[data-state="invalid"]')
    assert page.locator('[data-path="designs[0].units"] > .mpkj-error').is_visible()
    assert page.locator('[data-path="designs[24].floors[0].area"] > .mpkj-error').is_visible()
    assert not page.locator('[data-path="designs[25].units"] > .mpkj-error').is_visible()
    assert "Dan 150 masalah lagi." in page.locator(".mpkj-error-summary").inner_text()


def test_a_link_of_10_designs_of_100_storeys(profile_page, site_url: str) -> None:
    page = profile_page
    designs = [{"units": 1, "floors": [{"level": level, "area": 9} for level in range(100)]} for _ in range(10)]
    page.goto(designs_link(site_url, designs, "en/"))
    assert_responsive(page)
    assert rows(page, "designs").count() == 10
    assert rows(page, "designs[9].floors").count() == 100
    assert page.locator('[data-path="designs[9].floors[99].level"] select').input_value() == "99"
    assert page.locator('[data-path="designs[9].floors[99]"] > legend').text_content() == "Storey 100"
    # Each design, one building of 100 storeys of 9 m2 (item B, every storey at its minimum): ground 140 + first
    # 120 + second 100 + third 80 + 96 storeys from the fourth up at 60 (5,760) = 6,200; ten designs 62,000; plus
    # the processing fee A, RM 120, once: 62,120.00.
    settle(page, '.mpkj-result[data-state="ok"][data-total="62120.00"]')


@pytest.mark.parametrize(("prefix", "designs", "words"), [
    ("", [{}] * 101, ["101", "100", "Rekabentuk bangunan"]),
    ("en/", [{}] * 101, ["101", "100", "Building designs"]),
    # 100 designs of 100 storeys: within calc's 100 per list, but 10,100 rows in all.
    ("en/", [{"floors": [{}] * 100}] * 100, ["1200"]),
    ("", [{"floors": [{}] * 100}] * 100, ["1200"]),
])
def test_a_link_over_the_limits_is_refused_with_a_message(profile_page, site_url: str, prefix: str,
                                                          designs: list, words: list[str]) -> None:
    page = profile_page
    page.goto(designs_link(site_url, designs, prefix) + "&pool_area=90")
    note = page.locator("form.mpkj-calculator .mpkj-link-problem[role=alert]")
    text = note.inner_text()
    assert all(word in text.replace(",", "") for word in words), text
    assert text.startswith("This link was not restored" if prefix else "Pautan ini tidak dipulihkan"), text
    # Refused whole: nothing of the link is in the form, which shows its first rows and the prompt.
    assert rows(page, "designs").count() == 1
    assert page.locator('[data-path="pool_area"] input').input_value() == ""
    assert page.locator(".mpkj-result").get_attribute("data-state") == "prompt"
    assert_responsive(page)


@pytest.mark.parametrize("value", ["[{units:1}", '{"units":1}'])  # not JSON; JSON but not a list
def test_a_list_that_is_not_a_json_list_is_refused_with_a_message(profile_page, site_url: str, value: str) -> None:
    page = profile_page
    page.goto(site_url + "en/calculators/building_plan/new.html?" + urlencode({"designs": value, "pool_area": "90"}))
    page.wait_for_selector(".mpkj-link-problem")
    assert "Building designs" in page.locator(".mpkj-link-problem").inner_text()
    assert page.locator('[data-path="pool_area"] input').input_value() == ""


def test_an_embed_restores_through_the_same_path(profile_page, site_url: str) -> None:
    """An embed's data-* values arrive as the embed page's query (docs/javascripts/embed.js)."""
    page = profile_page
    page.goto(site_url + "embed/building_plan/new.html?designs=" + json.dumps([{}] * 100))
    assert_responsive(page)
    assert rows(page, "designs").count() == 100
    page.goto(site_url + "en/embed/building_plan/new.html?designs=" + json.dumps([{}] * 101))
    page.wait_for_selector(".mpkj-link-problem")
    assert "101" in page.locator(".mpkj-link-problem").inner_text()
