"""The calculator forms: their HTML (site_scripts/forms.py) and, in Chromium against the built site, the worked
examples of fees.md typed into the forms, errors at their fields, permalinks, the language switch, print, a
phone-sized screen, a failed Python start, and `MPKjFees.estimate` equal to CPython's `calc.estimate_json`.

One browser context serves the whole module (each page load boots Python once, which is the slow part)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from host_guard import HostGuard

import calc
from site_scripts.forms import render_calculator

EXAMPLES = json.loads((Path(__file__).parents[1] / "data" / "worked_examples.json").read_text(encoding="utf-8"))
SCHEMA = calc.input_schema()
CALCULATOR_IDS = [c["id"] for c in SCHEMA["calculators"]]
BOOT_MS = 120_000  # generous: the first Python start on a slow, busy machine; the tests never assert on time


def page_of(request: dict) -> str:
    """The calculator page of a request: calculators/<schedule>/<application>.html, or calculators/deposit.html."""
    if request["schedule"] == "deposit":
        return "calculators/deposit.html"
    return f"calculators/{request['schedule']}/{request['application']}.html"


def ringgit(total: str) -> str:
    return f"RM {Decimal(total):,.2f}"


# ----------------------------------------------------------------------------------------------- HTML, no browser

class _Elements(HTMLParser):
    """Start tags outside <template> (what the page shows), and the ids inside and outside."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.template_depth = 0
        self.templates: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "template":
            self.template_depth += 1
            self.templates.append(attributes.get("data-template", ""))
        elif self.template_depth == 0:
            self.tags.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template_depth -= 1


def _names(fields: list[dict]) -> set[str]:
    out = set()
    for spec in fields:
        out.add(spec["name"])
        out |= _names(spec.get("fields", []))
    return out


@pytest.mark.parametrize("lang", ["ms", "en"])
@pytest.mark.parametrize("calculator_id", CALCULATOR_IDS)
def test_form_html_is_built_from_the_schema(calculator_id: str, lang: str) -> None:
    spec = next(c for c in SCHEMA["calculators"] if c["id"] == calculator_id)
    html = render_calculator(calculator_id, lang)
    assert "\n\n" not in html  # one raw HTML block for Markdown
    parsed = _Elements()
    parsed.feed(html)
    ids = {attrs["id"] for _, attrs in parsed.tags if "id" in attrs}
    labels = {attrs["for"] for tag, attrs in parsed.tags if tag == "label" and "for" in attrs}
    controls = [attrs for tag, attrs in parsed.tags if tag in ("input", "select")
                and attrs.get("type") != "hidden" and "mpkj-copy-url" not in attrs.get("class", "")]
    allowed = _names(spec["fields"]) | {"date"} | ({"area_unit"} if "area_unit" in html else set())
    for attrs in controls:
        assert attrs["name"] in allowed, attrs
        assert attrs["id"] in labels, f"{attrs['id']} has no <label for>"
        described = attrs["aria-describedby"].split()
        assert all(ref in ids for ref in described), described
        assert f"{attrs['id']}-error" in described  # the error slot is announced with the field
    names = [attrs["name"] for attrs in controls]
    assert "date" in names
    hidden = {a["name"]: a["value"] for tag, a in parsed.tags if tag == "input" and a.get("type") == "hidden"}
    assert hidden.get("schedule") == spec["schedule"]
    assert hidden.get("application") == spec["application"]  # None: the deposit has no application
    # Labels and help come from the schema, in the page's language, escaped.
    for field in spec["fields"]:
        assert escape(field["label"][lang]) in html
    # Area unit only where the calculator has an area; one row template per list; lists with min_items start filled.
    has_area = '"area"' in json.dumps(spec)
    assert ("area_unit" in names) == has_area
    lists = [f for f in spec["fields"] if f["kind"] == "list"]
    for field in lists:
        assert field["name"] in parsed.templates
        prefix = f'mpkj-{calculator_id.replace("/", "-")}-{field["name"]}-0-'
        rows = sum(1 for _, a in parsed.tags if a.get("id", "").startswith(prefix))
        assert (rows > 0) == (field["min_items"] >= 1)
    assert sum(1 for tag, a in parsed.tags if a.get("aria-live") == "polite") == 1
    assert any("mpkj-error-summary" in a.get("class", "") for _, a in parsed.tags)


def test_form_text_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["calculators"][0]["fields"][0]["label"]["en"] = '<img src=x onerror="alert(1)">'
    schema["calculators"][0]["fields"][0]["help"]["en"] = "</script><b>"
    monkeypatch.setattr("site_scripts.forms.input_schema", lambda: schema)
    html = render_calculator(schema["calculators"][0]["id"], "en")
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


# ----------------------------------------------------------------------------------------------- browser helpers

@pytest.fixture(scope="module")
def calc_page(browser, site_url: str):
    """One page for the module; any request to a host other than the site fails the module's last test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = HostGuard(context, [site_url])
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    yield page
    context.close()
    assert not guard.refused, f"the calculator pages requested other hosts: {sorted(set(guard.refused))}"


def open_calculator(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("form.mpkj-calculator .mpkj-result[data-state]", state="attached")


def control(page, path: str):
    return page.locator(f'form.mpkj-calculator [data-path="{path}"]').locator("input, select").first


def enter(page, path: str, value) -> None:
    """Sets one control the way a reader does: typing into text fields, choosing in lists, ticking boxes."""
    target = control(page, path)
    kind = target.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "select":
        target.select_option(str(value))
    elif kind == "checkbox":
        target.set_checked(bool(value))
    elif kind == "date":
        target.fill(str(value))
    else:
        target.fill("")
        target.press_sequentially(str(value))


def enter_request(page, request: dict, prefix: str = "") -> None:
    for name, value in request.items():
        if not prefix and name in ("schedule", "application"):
            continue
        path = prefix + name
        if isinstance(value, list):
            group = page.locator(f'form.mpkj-calculator [data-path="{path}"]')
            rows = group.locator(":scope > .mpkj-rows > .mpkj-row")
            while rows.count() < len(value):
                group.locator(":scope > .mpkj-add").click()
            for index, row in enumerate(value):
                enter_request(page, row, f"{path}[{index}].")
        elif isinstance(value, dict):
            enter_request(page, value, f"{path}.")
        else:
            enter(page, path, value)


def clear_form(page) -> None:
    """Empties every field (as a reader deleting each value would), keeping the rows."""
    page.evaluate("""() => {
      const form = document.querySelector('form.mpkj-calculator');
      form.querySelectorAll('.mpkj-field input').forEach((el) => {
        if (el.type === 'checkbox') el.checked = false; else el.value = '';
      });
      form.querySelectorAll('.mpkj-field select').forEach((el) => {
        const initial = Array.from(el.options).findIndex((o) => o.defaultSelected);
        el.selectedIndex = Math.max(initial, 0);
      });
      form.querySelector('.mpkj-field input').dispatchEvent(new Event('change', { bubbles: true }));
    }""")


def settle(page, selector: str) -> None:
    """Waits for `selector`, or fails at once with the reason if Python could not start in the page."""
    page.wait_for_selector(f'{selector}, .mpkj-result[data-state="failed"]')
    if page.locator('.mpkj-result[data-state="failed"]').count():
        reason = page.locator(".mpkj-status").get_attribute("data-reason")
        pytest.fail(f"Python did not start in the page: {reason}")


def wait_for_total(page, total: str) -> None:
    settle(page, f'.mpkj-result[data-state="ok"][data-total="{total}"]')


def shown_total(page) -> str:
    return page.locator(".mpkj-result .mpkj-total").inner_text().strip()


# ----------------------------------------------------------------------------------------------- worked examples

GROUPS = sorted({page_of(e["request"]) for e in EXAMPLES})


@pytest.mark.parametrize("path", GROUPS)
def test_worked_examples_typed_into_the_form(calc_page, site_url: str, path: str) -> None:
    page = calc_page
    open_calculator(page, site_url + path)
    examples = [e for e in EXAMPLES if page_of(e["request"]) == path]
    assert examples
    for example in examples:
        clear_form(page)
        enter_request(page, example["request"])
        wait_for_total(page, example["total"])
        assert shown_total(page) == ringgit(example["total"]), example["name"]
        assert page.locator(".mpkj-lines-table tbody tr").count() >= 1
        assert page.locator(".mpkj-error-summary").is_hidden()


# ----------------------------------------------------------------------------------------------- errors

def test_errors_at_their_fields_in_the_page_language(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "calculators/planning_permission/new.html")
    enter(page, "residential_units", "250")
    wait_for_total(page, "11500.00")

    enter(page, "commercial_floor_area", "-5")
    settle(page, '.mpkj-result[data-state="invalid"]')
    slot = page.locator('[data-path="commercial_floor_area"] > .mpkj-error')
    assert "negatif" in slot.inner_text()  # Bahasa Melayu on the BM page
    assert control(page, "commercial_floor_area").get_attribute("aria-invalid") == "true"
    assert slot.get_attribute("id") in control(page, "commercial_floor_area").get_attribute("aria-describedby")
    summary = page.locator(".mpkj-error-summary")
    assert summary.is_visible()
    link = summary.locator("a")
    assert link.count() == 1
    assert link.get_attribute("href") == "#" + control(page, "commercial_floor_area").get_attribute("id")
    # No total is shown as current while the input is wrong.
    assert page.locator(".mpkj-result").get_attribute("data-total") is None
    assert page.locator(".mpkj-total").count() == 0 or page.locator(".mpkj-total").is_hidden()

    # A comma that cannot group thousands is calc's error too, at its field; correcting both brings the total back.
    enter(page, "low_cost_units", "1,5")
    page.locator(".mpkj-error-summary li").nth(1).wait_for()
    assert page.locator('[data-path="low_cost_units"] > .mpkj-error').is_visible()
    link.first.click()
    assert page.evaluate("document.activeElement.name") in ("commercial_floor_area", "low_cost_units")
    enter(page, "commercial_floor_area", "100")
    enter(page, "low_cost_units", "1500")
    wait_for_total(page, "49050.00")  # 11,500 (250 units) + 50 (100 m², one block) + 1,500 × 25
    assert page.locator(".mpkj-error:visible").count() == 0
    assert control(page, "commercial_floor_area").get_attribute("aria-invalid") is None

    # A page swap by Material's instant loading emits document$ again: the form must not be bound twice.
    page.evaluate("window.document$ && window.document$.next(document)")
    enter(page, "residential_units", "1")
    wait_for_total(page, "37600.00")  # 50 (1 unit) + 50 + 37,500


def test_nested_error_in_english(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "en/calculators/building_plan/new.html")
    enter(page, "designs[0].units", "2")
    enter(page, "designs[0].floors[0].level", "0")
    enter(page, "designs[0].floors[0].area", "-1")
    settle(page, '[data-path="designs[0].floors[0].area"] > .mpkj-error:not([hidden])')
    message = page.locator('[data-path="designs[0].floors[0].area"] > .mpkj-error').inner_text()
    assert "negative" in message
    assert page.locator(".mpkj-result").get_attribute("data-state") == "invalid"
    # Add a design, then remove it again: rows renumber, and "Add row" adds exactly one row.
    designs = page.locator('[data-path="designs"]')
    designs.locator(":scope > .mpkj-add").click()
    assert designs.locator(":scope > .mpkj-rows > .mpkj-row").count() == 2
    assert page.locator('[data-path="designs[1].floors[0].area"]').count() == 1
    designs.locator(":scope > .mpkj-rows > .mpkj-row").nth(1).locator(":scope > .mpkj-remove").click()
    assert designs.locator(":scope > .mpkj-rows > .mpkj-row").count() == 1
    assert designs.locator(":scope > .mpkj-rows > .mpkj-row > .mpkj-remove").is_hidden()  # min_items 1


# ----------------------------------------------------------------------------------------------- permalinks

def test_permalink_restores_rows_and_result(calc_page, site_url: str) -> None:
    page = calc_page
    example = next(e for e in EXAMPLES if e["request"].get("application") == "advertisement")
    open_calculator(page, site_url + "en/" + page_of(example["request"]))
    enter_request(page, example["request"])
    wait_for_total(page, example["total"])
    link = page.url
    query = parse_qs(urlsplit(link).query)
    boards = json.loads(query["boards"][0])
    assert [b["type"] for b in boards] == [b["type"] for b in example["request"]["boards"]]
    assert query["date"] == [example["request"]["date"]]

    page.goto("about:blank")
    open_calculator(page, link)
    wait_for_total(page, example["total"])
    rows = page.locator('[data-path="boards"] > .mpkj-rows > .mpkj-row')
    assert rows.count() == 3
    assert control(page, "boards[2].purpose").input_value() == "charity"
    assert control(page, "boards[1].width_ft").input_value() == "8"
    assert shown_total(page) == ringgit(example["total"])


def test_permalink_values_are_text_and_unknown_names_are_ignored(calc_page, site_url: str) -> None:
    page = calc_page
    query = "?residential_units=<img src=x id=injected>&no_such_field=1&low_cost_units=40"
    open_calculator(page, site_url + "calculators/planning_permission/new.html" + query)
    settle(page, '.mpkj-result[data-state="invalid"]')
    assert control(page, "residential_units").input_value() == "<img src=x id=injected>"
    assert page.locator("#injected").count() == 0
    assert page.locator('[data-path="residential_units"] > .mpkj-error').is_visible()
    assert control(page, "low_cost_units").input_value() == "40"
    assert page.locator(".mpkj-error-summary li").count() == 1  # no_such_field never reached calc


# ----------------------------------------------------------------------------------------------- language switch

def test_language_switch_keeps_the_calculator_and_inputs(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "calculators/planning_permission/new.html?residential_units=250&low_cost_units=40")
    wait_for_total(page, "12500.00")
    assert page.locator(".mpkj-summary").inner_text().startswith("Jumlah")
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    page.wait_for_url("**/en/calculators/planning_permission/new.html?*")
    page.wait_for_selector('form.mpkj-calculator[data-lang="en"]')
    wait_for_total(page, "12500.00")
    assert page.locator(".mpkj-summary").inner_text().startswith("Total")
    assert control(page, "low_cost_units").input_value() == "40"


# ----------------------------------------------------------------------------------------------- print, phone

def test_print_is_a_one_page_estimate(calc_page, site_url: str) -> None:
    page = calc_page
    example = next(e for e in EXAMPLES if "designs" in e["request"] and "area_unit" not in e["request"])
    open_calculator(page, site_url + page_of(example["request"]))
    enter_request(page, example["request"])
    wait_for_total(page, example["total"])
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".mpkj-actions", ".mpkj-calculate",
                       '[data-path="designs"]', ".mpkj-schedule"):
            assert page.locator(hidden).first.is_hidden(), hidden
        for shown in (".mpkj-print-inputs", ".mpkj-lines-table", ".mpkj-total", ".mpkj-print-disclaimer",
                      ".mpkj-line-source"):
            assert page.locator(shown).first.is_visible(), shown
        assert page.locator(".mpkj-print-url").inner_text() == page.url
        assert page.locator(".mpkj-print-date").inner_text().strip()
        assert "2021" in page.locator(".mpkj-print-version").inner_text()  # the schedule version in force
        assert "20" in page.locator(".mpkj-print-inputs").inner_text()
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one sheet of paper
    finally:
        page.emulate_media(media="screen")


def test_phone_layout_is_one_column(calc_page, site_url: str) -> None:
    page = calc_page
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        open_calculator(page, site_url + "calculators/building_plan/new.html")
        left = page.evaluate("""() => Array.from(
            document.querySelectorAll('form.mpkj-calculator > .mpkj-members > .mpkj-field'),
            (el) => Math.round(el.getBoundingClientRect().left))""")
        assert len(left) >= 2 and len(set(left)) == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# ----------------------------------------------------------------------------------------------- runtime

def test_estimate_in_the_page_equals_cpython(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "calculators/deposit.html")
    requests = [e["request"] for e in EXAMPLES] + [
        {"schedule": "planning_permission", "application": "new", "commercial_floor_area": "1,500"},
        {"schedule": "building_plan", "application": "new",
         "designs": [{"units": 1, "floors": [{"level": 0, "area": -1}]}]},
    ]
    in_page = page.evaluate("(requests) => Promise.all(requests.map((r) => MPKjFees.estimate(r)))", requests)
    for request, got in zip(requests, in_page, strict=True):
        _, text = calc.estimate_json(json.dumps(request))
        assert got == json.loads(text), request


def test_python_failure_is_explained_with_a_way_to_the_schedule(browser, site_url: str) -> None:
    context = browser.new_context()
    context.route("**/*", lambda route: route.abort() if "fees-worker" in route.request.url or
                  urlsplit(route.request.url).netloc != urlsplit(site_url).netloc else route.continue_())
    try:
        page = context.new_page()
        page.goto(site_url + "calculators/planning_permission/new.html?residential_units=5")
        status = page.locator(".mpkj-status[data-stage='failed']")
        status.wait_for(timeout=BOOT_MS)
        assert "tidak dapat dimulakan" in status.inner_text()
        target = status.locator("a").get_attribute("href")
        assert target.startswith("#") and page.locator(target).locator("table").count() >= 1
        assert page.locator(".mpkj-result").get_attribute("data-state") == "failed"
    finally:
        context.close()
