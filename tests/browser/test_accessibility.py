"""Accessibility: axe-core (node_modules/axe-core, injected from disk) finds no WCAG 2.0/2.1/2.2 A or AA violation
(target size included) on any built page, in the light and the dark scheme; on calculator pages also with a result
and with errors showing.
Every calculator can be filled in and computed with the keyboard alone; errors are summarised at the top of the
form and linked to their fields; the result is announced politely; every page declares its language.

Here the calculators compute with CPython's `calc.estimate_json` behind a stand-in for javascripts/fees.js (the
same text MicroPython returns: tests/parity), so ten Python start-ups don't dominate the run; the real runtime is
exercised by test_calculators.py, test_security.py and test_resilience.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from host_guard import WEB_SCHEMES, guarded_context

import calc

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # wcag22aa: target-size (24 × 24 px)
SCHEMES = {"default": "light", "slate": "dark"}  # Material's scheme -> prefers-color-scheme
WAIT_MS = 20_000  # generous on a busy machine; nothing here asserts on time

# A small valid request per calculator (hand-picked inputs; the expected total is what CPython's calc says), and an
# input that makes it invalid (a negative count, or no choice where one is required).
VALID: dict[str, dict] = {
    "planning_permission/new": {"residential_units": 10},
    "planning_permission/extension": {"development_type": "residential"},
    "planning_permission/advertisement": {"boards": [{"type": "billboard", "width_ft": 10, "height_ft": 20}]},
    "building_plan/new": {"designs": [{"units": 2, "floors": [{"level": 0, "area": 100}]}]},
    "building_plan/amendment": {"amendment_type": 1, "sheets": 2},
    "building_plan/addition": {"partitioned_rooms": 2},
    "building_plan/temporary_building": {"floors": [{"level": 0, "area": 50}], "permit_years": 1},
    "building_plan/cabin": {"cabins": 1, "floors": [{"level": 0, "area": 20}], "permit_months": 6},
    "building_plan/permits": {"signboards": 1, "signboard_years": 1},
    "deposit": {"items": [{"type": "terrace_single_storey", "units": 2}]},
    "development": {"designs": [{"category": "terrace_single_storey", "units": 2,
                                 "floors": [{"level": 0, "area": 100}]}]},
}
INVALID: dict[str, tuple[str, str]] = {
    "planning_permission/new": ("residential_units", "-1"),
    "planning_permission/extension": ("development_type", ""),
    "planning_permission/advertisement": ("boards[0].width_ft", "-1"),
    "building_plan/new": ("designs[0].units", "-1"),
    "building_plan/amendment": ("sheets", "-1"),
    "building_plan/addition": ("partitioned_rooms", "-1"),
    "building_plan/temporary_building": ("permit_years", "-1"),
    "building_plan/cabin": ("cabins", "-1"),
    "building_plan/permits": ("signboards", "-1"),
    "deposit": ("items[0].units", "-1"),
    "development": ("designs[0].units", "-1"),
}
PAGE_OF = {"development": "project"}  # the calculator pages not named after their calculator

# Stands in for javascripts/fees.js: the same API, answered by CPython (exposed to the page as mpkjCPython).
FEES_STUB = """
(function () {
  "use strict";
  if (window.MPKjFees) return;
  const status = Object.freeze({ stage: "ready" });
  const estimateJson = async (text) => JSON.parse(await window.mpkjCPython(text));
  window.MPKjFees = Object.freeze({
    estimateJson,
    estimate: async (request) => JSON.parse((await estimateJson(JSON.stringify(request)))[1]),
    boot: () => Promise.resolve(),
    onStatus: (callback) => { callback(status); return () => {}; },
    get status() { return status; },
  });
})();
"""
# Stands in for javascripts/fees.js when Python cannot start (test_resilience.py makes that happen for real).
FEES_FAILED = """
(function () {
  "use strict";
  const status = Object.freeze({ stage: "failed", code: "unsupported", message: "WebAssembly is blocked" });
  const refuse = () => Promise.reject(Object.assign(new Error(status.message), { code: status.code }));
  window.MPKjFees = Object.freeze({ estimate: refuse, estimateJson: refuse, boot: refuse,
    onStatus: (callback) => { callback(status); return () => {}; }, get status() { return status; } });
})();
"""
FORM = "form.mpkj-calculator"
# Material fades colours when the scheme changes: axe must see the end state.
NO_TRANSITIONS = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.append(style);
});"""
# The rules whose outcome depends on the colour scheme; the others are checked once per page and state.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def request_of(calculator_id: str, fields: dict) -> dict:
    schedule, _, application = calculator_id.partition("/")
    return {"schedule": schedule, **({"application": application} if application else {}), **fields}


def flatten(value, prefix: str = "") -> list[tuple[str, str]]:
    """Request fields as (form data-path, text to enter), in form order: `designs[0].floors[0].area`."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in flatten(item, f"{prefix}.{key}" if prefix else key)]
    if isinstance(value, list):
        return [pair for index, item in enumerate(value) for pair in flatten(item, f"{prefix}[{index}]")]
    return [(prefix, str(value))]


def total_of(calculator_id: str) -> str:
    """What CPython's calc says the VALID request costs, e.g. "1234.00"."""
    answer = calc.estimate(request_of(calculator_id, VALID[calculator_id]))
    assert "total" in answer, answer
    return answer["total"]


@pytest.fixture(scope="module")
def a11y_context(browser, site_url: str):
    """One context for the module: axe in every page (the CSP bypassed to let it in), fees.js answered by CPython,
    no service worker (test_service_worker.py), no request to any other host."""
    with guarded_context(browser, [site_url], WEB_SCHEMES, bypass_csp=True, service_workers="block",
                         viewport={"width": 1280, "height": 900}) as context:
        context.route(re.compile(r".*/javascripts/fees\.js(\?.*)?$"),
                      lambda route: route.fulfill(body=FEES_STUB, content_type="text/javascript"))
        context.expose_function("mpkjCPython", lambda text: json.dumps(calc.estimate_json(text)))
        context.add_init_script(path=str(AXE))  # from node_modules, into every page before its own scripts
        context.add_init_script(NO_TRANSITIONS)
        yield context


@pytest.fixture
def a11y_page(a11y_context):
    page = a11y_context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    page.close()


# ------------------------------------------------------------------------------------------------ helpers

def control(page, path: str):
    return page.locator(f'.mpkj-field[data-path="{path}"]').locator("input, select, textarea").first


def ensure_rows(page, path: str) -> None:
    """Adds rows (by the form's own button) until the row of every `[n]` in `path` exists."""
    for match in re.finditer(r"\[(\d+)\]", path):
        row = path[:match.end()]
        if page.locator(f'[data-path="{row}"]').count():
            continue
        page.locator(f'.mpkj-list[data-path="{path[:match.start()]}"] > .mpkj-add').click()
        page.locator(f'[data-path="{row}"]').wait_for()


def enter(page, path: str, value: str) -> None:
    """Sets a field the way typing reaches the form's script (an input event, or change for a select, then the
    focusout of leaving it), leaving nothing focused: no later blur starts another computation while axe looks
    (the keyboard test types for real)."""
    ensure_rows(page, path)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    control(page, path).evaluate(
        """(el, value) => {
            el.value = value;
            el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
            el.dispatchEvent(new FocusEvent("focusout", {bubbles: true}));  // done with it
        }""", value)


def wait_total(page, total: str) -> None:
    """Waits for the estimate of calc's `total` (a decimal string), nothing pending."""
    page.wait_for_function(
        "t => { const r = document.querySelector('.mpkj-result');"
        " return r.dataset.state === 'ok' && r.dataset.total === t; }",
        arg=total)


def wait_error_at(page, path: str) -> None:
    page.wait_for_function(
        """p => document.querySelector('.mpkj-result').dataset.state === 'invalid' && [...document
               .querySelectorAll('.mpkj-field[data-path="' + p + '"] > .mpkj-error')].some(e => !e.hidden)""",
        arg=path)


def wait_state(page, state: str) -> None:
    page.wait_for_function("s => [...document.querySelectorAll('.mpkj-result')].every(r => r.dataset.state === s)",
                           arg=state)


def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def has_palette_toggle(page) -> bool:
    return page.locator("label.md-header__button[for^='__palette_']:visible").count() > 0


def toggle_scheme(page) -> str:
    """Material's own palette toggle; the emulated system preference follows it."""
    before = scheme_of(page)
    page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=before)
    after = scheme_of(page)
    page.emulate_media(color_scheme=SCHEMES[after])
    return after


def axe(page, scope: str | None = None, rules: list[str] | None = None) -> list[dict]:
    """axe's violations in the page (or the elements matching `scope`): of AXE_TAGS, or only of `rules`."""
    return page.evaluate(
        """([tags, scope, rules]) => axe.run(scope ? {include: [[scope]]} : document, {
              runOnly: rules ? {type: "rule", values: rules} : {type: "tag", values: tags},
              resultTypes: ["violations"],
            }).then(result => result.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
            })))""",
        [AXE_TAGS, scope, rules],
    )


# ------------------------------------------------------------------------------------------------ tests

def test_every_page_declares_its_language(site_dir: Path) -> None:
    """<html lang> is ms under the site root and en under en/, and the page's title is in that language (the root
    404.html, which the i18n plugin writes last, is the English one)."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    names = {
        "ms": re.search(r"^site_name:\s*(.+)$", config, re.MULTILINE).group(1).strip(),
        "en": re.search(r"^\s+site_name:\s*(.+)$", config, re.MULTILINE).group(1).strip(),
    }
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        relative = path.relative_to(site_dir).as_posix()
        html = path.read_text("utf-8")
        match = re.search(r'<html\b[^>]*\blang="([^"]+)"', html)
        assert match, f"{relative}: no <html lang>"
        lang = match.group(1)
        if relative != "404.html":
            assert lang == ("en" if relative.startswith("en/") else "ms"), relative
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        assert title.strip().endswith(names[lang]), (relative, lang, title)


def test_axe_finds_no_violations(a11y_page, site_dir: Path, site_url: str, capsys) -> None:
    """Every built page in both schemes: all of AXE_TAGS in the scheme it opens in, the colour rules in the other.
    Calculators also with a result and with errors showing (the form only: the rest of the page is unchanged).
    Embed pages have no palette toggle (light only) and the same form as their calculator pages, so they are
    checked as they open."""
    page = a11y_page
    pages = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    found: list[str] = []
    runs = 0
    schemes_seen: dict[str, set[str]] = {}

    def check(relative: str, state: str, scope: str | None = None, rules: list[str] | None = None) -> None:
        nonlocal runs
        runs += 1
        scheme = scheme_of(page)
        schemes_seen.setdefault(relative, set()).add(scheme)
        for violation in axe(page, scope, rules):
            found.append(f"{relative} [{state}, {scheme}] {violation['id']} ({violation['impact']}): "
                         f"{violation['help']}\n      " + "\n      ".join(violation["nodes"]))

    def both_schemes(relative: str, state: str, scope: str | None = None) -> None:
        check(relative, state, scope)
        toggle_scheme(page)
        check(relative, state, scope, COLOUR_RULES)

    page.emulate_media(color_scheme="light")
    for relative in pages:
        page.goto(site_url + relative)
        page.emulate_media(color_scheme=SCHEMES[scheme_of(page)])
        toggles = has_palette_toggle(page)
        forms = page.locator("form.mpkj-calculator")
        if forms.count():
            wait_state(page, "prompt")
        if not toggles:  # an embed page: light only; its form is checked in each state on its calculator page
            check(relative, "page")
            continue
        both_schemes(relative, "page")
        if not forms.count():
            continue
        calculator_id = forms.first.get_attribute("data-calculator")
        for path, value in flatten(VALID[calculator_id]):
            enter(page, path, value)
        wait_total(page, total_of(calculator_id))
        both_schemes(relative, "result", FORM)
        enter(page, *INVALID[calculator_id])
        page.evaluate("document.querySelector('form.mpkj-calculator').requestSubmit()")  # errors show on a submit
        wait_error_at(page, INVALID[calculator_id][0])
        both_schemes(relative, "errors", FORM)

    with capsys.disabled():
        one_scheme = sorted(p for p, seen in schemes_seen.items() if len(seen) < 2)
        print(f"\naxe: {len(pages)} pages, {runs} checks, {len(found)} violations"
              + (f"; light scheme only (no palette toggle): {len(one_scheme)} embed pages" if one_scheme else ""))
    assert not found, "axe found WCAG A/AA violations:\n" + "\n".join(found)
    assert len(pages) == len(schemes_seen) > 20
    # Only pages without Material's header (the embed pages, shown in other sites' iframes) lack the dark scheme.
    assert all("/embed/" in f"/{p}" for p in one_scheme), one_scheme


@pytest.mark.parametrize("relative", ["calculators/building_plan/new.html", "en/calculators/deposit.html"])
def test_axe_on_the_failure_message(a11y_page, site_url: str, relative: str) -> None:
    """The calculator's "cannot start" message, in both schemes."""
    page = a11y_page
    page.route(re.compile(r".*/javascripts/fees\.js(\?.*)?$"),
               lambda route: route.fulfill(body=FEES_FAILED, content_type="text/javascript"))
    page.goto(site_url + relative)
    page.locator(".mpkj-status[data-stage=failed] a").wait_for()
    page.emulate_media(color_scheme=SCHEMES[scheme_of(page)])
    found = axe(page, FORM)
    toggle_scheme(page)
    found += axe(page, FORM, COLOUR_RULES)
    assert found == [], found


@pytest.mark.parametrize("calculator_id", sorted(VALID))
def test_calculator_by_keyboard_alone(a11y_page, site_url: str, calculator_id: str) -> None:
    """Tab to each field, type or pick with the arrow keys, add rows with Enter, compute with Enter; then an error:
    the summary at the top of the form takes the focus, its link leads to the field, which points to its message."""
    page = a11y_page
    page.goto(f"{site_url}calculators/{PAGE_OF.get(calculator_id, calculator_id)}.html")
    wait_state(page, "prompt")
    keys = page.keyboard

    def active(selector: str) -> bool:
        return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)

    def tab_to(selector: str, backwards: bool = False) -> None:
        for _ in range(400):
            if active(selector):
                return
            keys.press("Shift+Tab" if backwards else "Tab")
        pytest.fail(f"{calculator_id}: {selector} cannot be reached with the Tab key")

    def type_into(path: str, value: str) -> None:
        selector = f'.mpkj-field[data-path="{path}"] :is(input, select)'
        tab_to(selector)
        if page.evaluate("document.activeElement.tagName") == "SELECT":
            options = page.evaluate("[...document.activeElement.options].map(o => o.value)")
            assert value in options, (path, value, options)
            keys.press("Home")
            for _ in range(options.index(value)):
                keys.press("ArrowDown")
        else:
            keys.press("Control+A")
            keys.type(value)
        assert page.evaluate("document.activeElement.value") == value, path

    for path, value in flatten(VALID[calculator_id]):
        for match in re.finditer(r"\[(\d+)\]", path):
            row, list_path = path[:match.end()], path[:match.start()]
            while not page.locator(f'[data-path="{row}"]').count():
                tab_to(f'.mpkj-list[data-path="{list_path}"] > .mpkj-add')
                keys.press("Enter")
        type_into(path, value)
    tab_to("form.mpkj-calculator button[type=submit]")
    keys.press("Enter")
    total = total_of(calculator_id)
    wait_total(page, total)
    summary = page.locator(".mpkj-result .mpkj-summary")
    assert f"{float(total):,.2f}" in summary.inner_text()  # as the page writes amounts: 1,234.00
    assert summary.evaluate("el => el.closest('[aria-live=polite], [role=status]') !== null"), "result not announced"
    if summary.get_attribute("aria-live") == "polite":
        assert summary.get_attribute("aria-atomic") == "true"

    path, bad = INVALID[calculator_id]
    tab_to(f'.mpkj-field[data-path="{path}"] :is(input, select)', backwards=True)
    if page.evaluate("document.activeElement.tagName") == "SELECT":
        keys.press("Home")  # the first option: no choice
        assert page.evaluate("document.activeElement.value") == bad
    else:
        keys.press("Control+A")
        keys.type(bad)
    tab_to("form.mpkj-calculator button[type=submit]")
    keys.press("Enter")
    wait_error_at(page, path)

    summary_box = page.locator(".mpkj-error-summary")
    assert summary_box.is_visible()
    assert page.evaluate("""() => {
        const summary = document.querySelector('.mpkj-error-summary');
        const first = document.querySelector('form.mpkj-calculator .mpkj-field');
        return !!(summary.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
    }"""), "the error summary is not above the fields"
    page.wait_for_function("document.activeElement && document.activeElement.closest('.mpkj-error-summary')")
    links = summary_box.locator("a")
    assert links.count() >= 1
    tab_to(".mpkj-error-summary a")
    target = page.evaluate("document.activeElement.getAttribute('href')").removeprefix("#")
    message = page.evaluate("document.activeElement.textContent").strip()
    keys.press("Enter")
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target)
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        const described = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
            .map(id => document.getElementById(id)).filter(Boolean);
        return {invalid: el.getAttribute('aria-invalid'), tag: el.tagName,
                messages: described.filter(d => d.matches('.mpkj-error') && !d.hidden).map(d => d.textContent.trim())};
    }""")
    assert focused["tag"] in ("INPUT", "SELECT", "TEXTAREA"), focused
    assert focused["invalid"] == "true", focused
    # The summary names the place (the legends above the field) before the field's own message.
    assert any(message.endswith(text) for text in focused["messages"]), (message, focused)
