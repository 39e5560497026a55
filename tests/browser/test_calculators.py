"""The calculator forms: their HTML (site_scripts/forms.py) and, in Chromium against the built site, the worked
examples (hand-worked cases of tests/cases) typed into the forms, errors at their
fields, permalinks, the language switch, print, a phone-sized screen, a failed Python start, and
`MPKjFees.estimate` equal to CPython's `calc.estimate_json`.

One browser context serves the whole module (each page load boots Python once, which is the slow part)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from host_guard import guarded_context

import calc
from site_scripts.forms import render_calculator
from tests.cases.load import worked_examples

EXAMPLES = worked_examples()
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
    html = render_calculator(calculator_id, lang, disclaimer="Estimates only.")
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
    # Area unit only where the calculator has an area; one row template per list; lists open with their first rows.
    has_area = '"area"' in json.dumps(spec)
    assert ("area_unit" in names) == has_area
    lists = [f for f in spec["fields"] if f["kind"] == "list"]
    for field in lists:
        assert field["name"] in parsed.templates
        prefix = f'mpkj-{calculator_id.replace("/", "-")}-{field["name"]}-0-'
        rows = sum(1 for _, a in parsed.tags if a.get("id", "").startswith(prefix))
        assert (rows > 0) == (field["start_items"] >= 1)  # a first row to fill
    assert sum(1 for tag, a in parsed.tags if a.get("aria-live") == "polite") == 1
    assert any("mpkj-error-summary" in a.get("class", "") for _, a in parsed.tags)


def test_form_text_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["calculators"][0]["fields"][0]["label"]["en"] = '<img src=x onerror="alert(1)">'
    schema["calculators"][0]["fields"][0]["help"]["en"] = "</script><b>"
    monkeypatch.setattr("site_scripts.forms.input_schema", lambda: schema)
    html = render_calculator(schema["calculators"][0]["id"], "en", disclaimer="Estimates only.")
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


# ----------------------------------------------------------------------------------------------- browser helpers

@pytest.fixture(scope="module")
def calc_page(browser, site_url: str):
    """One page for the module; any request to a host other than the site fails the module's last test."""
    with guarded_context(browser, [site_url], viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        yield page


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
        target.blur()  # done with the field: its error, if any, shows now (not while typing)


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
            unfold = page.locator(f'form.mpkj-calculator [aria-controls$="-{path}"].mpkj-unfold')
            if unfold.count() and unfold.is_visible():
                unfold.click()  # an optional section folded behind its "Add ..." button
            enter_request(page, value, f"{path}.")
        else:
            enter(page, path, value)


def submit(page) -> None:
    """Presses Calculate: calc's errors show on a submit, never as a field is left (GOV.UK)."""
    page.locator(".mpkj-calculate").click()


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

# Projects (examples 7 and 8) have their own page and tests: tests/browser/test_project.py.
SINGLE = [e for e in EXAMPLES if e["request"]["schedule"] != "project"]
GROUPS = sorted({page_of(e["request"]) for e in SINGLE})


@pytest.mark.parametrize("path", GROUPS)
def test_worked_examples_typed_into_the_form(calc_page, site_url: str, path: str) -> None:
    page = calc_page
    open_calculator(page, site_url + path)
    examples = [e for e in SINGLE if page_of(e["request"]) == path]
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
    assert page.locator(".mpkj-error-summary").is_hidden()  # leaving the field shows nothing yet
    submit(page)
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
    submit(page)
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
    submit(page)
    settle(page, '[data-path="designs[0].floors[0].area"] > .mpkj-error:not([hidden])')
    # What to do, in the field's own words; where it is only in the summary, as the legends say it.
    message = page.locator('[data-path="designs[0].floors[0].area"] > .mpkj-error').inner_text()
    assert message == "Enter a floor area of zero or more, not a negative number."
    assert page.locator(".mpkj-error-summary a").inner_text() == "Building design 1 › Storey 1: " + message
    assert page.locator(".mpkj-result").get_attribute("data-state") == "invalid"
    # Add a design, then remove it again: rows renumber, and "Add another building design" adds exactly one.
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
    # The short link (issue 18): one parameter, the inputs compressed with a checksum, read by the page's own reader.
    value = parse_qs(urlsplit(link).query)["e"][0]
    inputs = page.evaluate("(value) => window.MPKjCalculator.permalink.decode(value)", value)
    assert [b["type"] for b in inputs["boards"]] == [b["type"] for b in example["request"]["boards"]]
    assert inputs["date"] == example["request"]["date"]
    # Before issue 11 these three boards were 409 characters of percent-encoded JSON without the date; 258 with it
    # after issue 11 (defaults left out, whole numbers unquoted); compressed (issue 18), under 150.
    assert len(urlsplit(link).query) < 150, urlsplit(link).query

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


@pytest.mark.parametrize("relative", ["schedules/building_plan.html", "en/schedules/planning_permission.html",
                                      "en/calculators/deposit.html"])
def test_schedule_tables_fit_a_phone(calc_page, site_url: str, relative: str) -> None:
    """At 390 px each item of a schedule table is a stacked card naming its columns: nothing wider than the screen."""
    page = calc_page
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(site_url + relative)
        table = page.locator(".mpkj-schedule-table").first
        table.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        widths = page.evaluate("""() => Array.from(document.querySelectorAll('.mpkj-schedule-table'),
            (t) => Math.ceil(t.getBoundingClientRect().right))""")
        assert max(widths) <= 390, widths
        label = table.locator("tbody td").first.evaluate("el => getComputedStyle(el, '::before').content")
        assert label.strip('"').startswith(("Perkara", "Item")), label
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


# ----------------------------------------------------------------------------------------------- forms people finish

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANG_PREFIX = {"ms": "", "en": "en/"}


@pytest.fixture(params=[(v, lang) for v in VIEWPORTS for lang in LANG_PREFIX], ids=lambda p: f"{p[0]}-{p[1]}")
def sized_page(request, browser, site_url: str):
    """A fresh page at a desktop or phone size: (page, the site's URL in one language)."""
    viewport, lang = request.param
    phone = viewport == "phone"
    with guarded_context(browser, [site_url], viewport=VIEWPORTS[viewport], is_mobile=phone,
                         has_touch=phone) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        yield page, site_url + LANG_PREFIX[lang]


def settled(page) -> str:
    """Waits until the form has answered every keystroke so far; returns the result's state."""
    page.evaluate("new Promise((done) => setTimeout(done, 0))")  # the form's own 0 ms timer has run before this one
    page.wait_for_function("() => document.querySelector('.mpkj-result').dataset.state !== 'pending'")
    state = page.locator(".mpkj-result").get_attribute("data-state")
    if state == "failed":
        reason = page.locator(".mpkj-status").get_attribute("data-reason")
        pytest.fail(f"Python did not start in the page: {reason}")
    return state


def type_key_by_key(page, path: str, text: str) -> list[str]:
    """Types `text` one key at a time into the emptied field, staying in it; after every key, checks that no error
    is shown. Returns the result's state after each key."""
    target = control(page, path)
    target.fill("")
    target.focus()
    states = []
    for key in text:
        page.keyboard.type(key)
        states.append(settled(page))
        shown = page.locator(".mpkj-error:not([hidden])")
        assert shown.count() == 0, (text, key, shown.all_inner_texts())
        assert page.locator(".mpkj-error-summary").is_hidden(), (text, key)
    return states


def test_no_error_while_typing_and_the_total_follows_every_whole_value(sized_page) -> None:
    page, base = sized_page
    open_calculator(page, base + "calculators/building_plan/new.html")
    enter(page, "designs[0].units", "1")
    # 12.5 m² on the ground floor: 2 blocks × RM 14 = RM 28, below the RM 140 minimum; + A RM 120 = RM 260.
    states = type_key_by_key(page, "designs[0].floors[0].area", "12.5")
    assert states[-1] == "ok"
    assert page.locator(".mpkj-result").get_attribute("data-total") == "260.00"
    assert states[2] == "incomplete"  # "12." is half-typed: no new total, and nothing red
    # "-5": nothing red while typing, nor when the field is left; Enter (a submit) shows the error there, no total.
    type_key_by_key(page, "designs[0].floors[0].area", "-5")
    page.keyboard.press("Tab")
    assert settled(page) == "incomplete"
    assert page.locator(".mpkj-error-summary").is_hidden()
    control(page, "designs[0].floors[0].area").press("Enter")
    settle(page, '[data-path="designs[0].floors[0].area"] > .mpkj-error:not([hidden])')
    assert page.locator(".mpkj-result").get_attribute("data-total") is None
    assert page.locator(".mpkj-error-summary").is_visible()
    # Typing a right value clears the errors with the new total; 900 m² = 100 blocks × RM 14
    # = RM 1,400, + RM 120 = RM 1,520.
    type_key_by_key(page, "designs[0].floors[0].area", "900")
    wait_for_total(page, "1520.00")


def test_thousands_separator_typed_key_by_key_computes(sized_page) -> None:
    page, base = sized_page
    open_calculator(page, base + "calculators/building_plan/new.html")
    enter(page, "designs[0].units", "1")
    type_key_by_key(page, "designs[0].floors[0].area", "1,350")
    # 1,350 m² = 150 blocks of 9 m² × RM 14 = RM 2,100 (above the RM 140 minimum); + A RM 120 = RM 2,220.
    wait_for_total(page, "2220.00")


def test_the_running_total_is_in_sight_while_typing_the_last_field(sized_page) -> None:
    page, base = sized_page
    open_calculator(page, base + "calculators/building_plan/new.html")
    enter(page, "designs[0].units", "2")
    enter(page, "designs[0].floors[0].area", "100")
    last = control(page, "fence_length_m")  # the form's last field
    last.scroll_into_view_if_needed()
    type_key_by_key(page, "fence_length_m", "10")
    # 100 m² = 12 blocks × RM 14 = RM 168 a building; two of one design pay 1 × 100% + 1 × 90% = 1.9 × RM 168
    # = RM 319.20; + A RM 120 + F2 10 m × RM 6 = RM 60: RM 499.20.
    wait_for_total(page, "499.20")
    running = page.locator(".mpkj-running")
    box = running.bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert "499.20" in running.inner_text()
    assert last.evaluate("el => el === document.activeElement")


PRESS_SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("lang", ["ms", "en"])
@pytest.mark.parametrize("size", PRESS_SIZES)
def test_a_press_on_calculate_after_a_mistyped_field_is_never_lost(browser, site_url: str, size: str,
                                                                   lang: str) -> None:
    """A person leaves a mistyped field by pressing Calculate (pointer down, 120 ms, up; or a tap on a phone): the
    press is not lost to words that push the button away (an error under the field just above it did, on a
    desktop, every time), and the error summary takes the focus, each time."""
    phone = size == "phone"
    with guarded_context(browser, [site_url], viewport=PRESS_SIZES[size], is_mobile=phone,
                         has_touch=phone) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        open_calculator(page, site_url + LANG_PREFIX[lang] + "calculators/building_plan/new.html")
        enter(page, "designs[0].units", "1")
        enter(page, "designs[0].floors[0].area", "100")
        wait_for_total(page, "288.00")  # 100 m² = 12 blocks of 9 m² × RM 14 = RM 168; + A RM 120
        fence = control(page, "fence_length_m")  # the last field above the button
        button = page.locator(".mpkj-calculate")
        for mistake in ("12,5", "abc", "-3"):
            fence.fill("")
            fence.press_sequentially(mistake)  # still in the field: the press is what leaves it
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            if phone:
                page.touchscreen.tap(x, y)
            else:
                page.mouse.move(x, y)
                page.mouse.click(x, y, delay=120)
            page.wait_for_function("() => document.activeElement?.matches('.mpkj-error-heading')")
            slot = page.locator('[data-path="fence_length_m"] > .mpkj-error')
            assert slot.is_visible()
            message = slot.inner_text()
            assert "›" not in message and message[0].isupper(), message  # what to do, no path
            assert page.locator(".mpkj-error-summary a").inner_text() == message
            assert page.locator(".mpkj-result").get_attribute("data-total") is None


def test_amendment_form_asks_only_the_chosen_types_sections(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "en/calculators/building_plan/amendment.html")
    sections = ("added_floors", "added_sanitary", "previous_plan_fee", "finish_floors")
    shown_for = {"1": set(), "2": {"added_floors", "added_sanitary"},
                 "3": {"added_floors", "added_sanitary", "previous_plan_fee"}, "4": {"finish_floors"}}
    for kind, expected in shown_for.items():
        enter(page, "amendment_type", kind)
        visible = {name for name in sections if page.locator(f'form [data-path="{name}"]').is_visible()}
        assert visible == expected, (kind, visible)
    # A value typed into a section that is then hidden is not sent: type 3 with a previous fee, then type 1.
    enter(page, "amendment_type", "3")
    enter(page, "sheets", "2")
    enter(page, "previous_plan_fee", "7091")
    # H3: RM 120 application + 2 sheets × RM 120 + ½ × RM 7,091 = 120 + 240 + 3,545.50 = RM 3,905.50.
    wait_for_total(page, "3905.50")
    enter(page, "amendment_type", "1")
    wait_for_total(page, "360.00")  # H1: RM 120 + 2 × RM 120, the hidden fee is not asked
    assert page.locator(".mpkj-error:visible").count() == 0


def test_h3_without_its_previous_fee_is_an_error_at_that_field(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "calculators/building_plan/amendment.html")
    enter(page, "amendment_type", "3")
    enter(page, "sheets", "1")
    page.locator(".mpkj-calculate").click()
    settle(page, '[data-path="previous_plan_fee"] > .mpkj-error:not([hidden])')
    assert page.locator(".mpkj-result").get_attribute("data-total") is None


def test_levels_are_chosen_from_a_list_and_an_added_storey_is_the_next(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "en/calculators/building_plan/new.html")
    level = control(page, "designs[0].floors[0].level")
    assert level.evaluate("el => el.tagName") == "SELECT"
    assert level.evaluate("el => el.selectedOptions[0].textContent") == "Ground floor"
    names = level.evaluate("el => Array.from(el.options, (o) => o.textContent)")
    assert names[:3] == ["Ground floor", "First floor", "Second floor"] and "Basement 1" in names
    floors = page.locator('[data-path="designs[0].floors"]')
    add = floors.locator(":scope > .mpkj-add")
    assert add.inner_text() == "Add storey"
    assert floors.locator(":scope > .mpkj-rows > .mpkj-row > legend").first.inner_text() == "Storey 1"
    add.click()
    assert control(page, "designs[0].floors[1].level").input_value() == "1"
    assert page.locator('[data-path="designs"] > .mpkj-add').inner_text() == "Add another building design"


def test_a_floor_in_parts_adds_up_and_each_design_has_its_subtotal(calc_page, site_url: str) -> None:
    """The house and its porch on one ground floor: "Add another part of this floor" adds a row of the same level,
    calc adds the parts up (a line says so), no "level 0" anywhere; two designs, a subtotal under each."""
    assert "Tambah bahagian lain tingkat ini" in render_calculator("building_plan/new", "ms", disclaimer="")
    page = calc_page
    open_calculator(page, site_url + "en/calculators/building_plan/new.html")
    enter(page, "designs[0].units", "2")
    enter(page, "designs[0].floors[0].area", "100")
    page.locator('[data-path="designs[0].floors[0]"] > .mpkj-add-part').click()
    assert control(page, "designs[0].floors[1].level").evaluate("el => el.selectedOptions[0].textContent") \
        == "Ground floor"
    assert control(page, "designs[0].floors[1].area").evaluate("el => el === document.activeElement")
    enter(page, "designs[0].floors[1].area", "20")
    page.locator('[data-path="designs[0].floors"] > .mpkj-add').click()
    assert control(page, "designs[0].floors[2].level").input_value() == "1"  # the storey above
    enter(page, "designs[0].floors[2].area", "90")
    page.locator('[data-path="designs"] > .mpkj-add').click()
    enter(page, "designs[1].units", "1")
    enter(page, "designs[1].floors[0].area", "50")
    # By hand: design 1, ground 100 + 20 = 120 m² = 14 blocks of 9 m² × RM 14 = RM 196; first floor 90 m² =
    # 10 blocks × RM 12 = RM 120; one building RM 316, two of one design 1 × 100% + 1 × 90%: 392 + 240 - 31.60
    # = RM 600.40. Design 2: 50 m² = 6 blocks × RM 14 = RM 84, below the RM 140 minimum: RM 140. + A RM 120.
    wait_for_total(page, "860.40")
    assert "the sum of 2 parts" in page.locator(".mpkj-lines-table").inner_text()
    subtotals = page.locator(".mpkj-lines-table tbody.mpkj-group .mpkj-subtotal").all_inner_texts()
    assert [re.sub(r"\s+", " ", text).strip() for text in subtotals] == [
        "Subtotal: Design #1 RM 600.40", "Subtotal: Design #2 RM 140.00"]
    assert page.locator(".mpkj-lines-table tbody:not(.mpkj-group) tr[data-item=A]").count() == 1  # no design's
    assert not re.search(r"\blevel -?\d", page.locator("form.mpkj-calculator").inner_text(), re.IGNORECASE)


ZERO_AREA = {  # a design whose every storey is 0 m² (issue 18): what to do, at its first area
    "ms": ("", "Masukkan keluasan lantai lebih daripada sifar bagi sekurang-kurangnya satu tingkat."),
    "en": ("en/", "Enter a floor area of more than zero for at least one storey."),
}


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_a_design_of_no_area_at_all_is_asked_for_an_area_not_charged_the_minimum(calc_page, site_url: str,
                                                                                 lang: str) -> None:
    """0 and 0.00 m² on every storey: calc refuses the design at its first area instead of charging the RM 120
    processing fee alone, and the page says what to do (calc's own tests read a JSON 0E+21 as zero too)."""
    prefix, words = ZERO_AREA[lang]
    page = calc_page
    open_calculator(page, site_url + prefix + "calculators/building_plan/new.html")
    enter(page, "designs[0].units", "1")
    enter(page, "designs[0].floors[0].area", "0")
    page.locator('[data-path="designs[0].floors"] > .mpkj-add').click()
    enter(page, "designs[0].floors[1].area", "0.00")
    page.locator(".mpkj-calculate").click()
    settle(page, '[data-path="designs[0].floors[0].area"] > .mpkj-error:not([hidden])')
    assert page.locator('[data-path="designs[0].floors[0].area"] > .mpkj-error').inner_text() == words
    assert page.locator(".mpkj-error:visible").count() == 1  # one word for the design, at its first area
    assert page.locator(".mpkj-result").get_attribute("data-total") is None
    enter(page, "designs[0].floors[1].area", "90")
    # By hand: A RM 120; first floor 90 m² = 10 blocks × RM 12 = RM 120 (its minimum, RM 120); the 0 m² ground
    # floor charges nothing once another storey has an area: RM 240.
    wait_for_total(page, "240.00")


def test_the_area_unit_comes_before_the_first_area_and_the_result_names_it(calc_page, site_url: str) -> None:
    page = calc_page
    open_calculator(page, site_url + "en/calculators/building_plan/new.html")
    order = page.evaluate("""() => Array.from(document.querySelectorAll(
        'form.mpkj-calculator .mpkj-field[data-kind="area"], form.mpkj-calculator [name="area_unit"]'),
        (el) => el.name === "area_unit" ? "unit" : "area")""")
    assert order[0] == "unit", order
    enter(page, "area_unit", "ft2")
    enter(page, "designs[0].units", "1")
    enter(page, "designs[0].floors[0].area", "1000")
    # 1,000 ft² = 92.90304 m² = 11 blocks of 9 m² × RM 14 = RM 154; + A RM 120 = RM 274.
    wait_for_total(page, "274.00")
    notes = page.locator(".mpkj-notes").inner_text()
    assert "square feet" in notes
    enter(page, "area_unit", "m2")
    # 1,000 m² = 112 blocks × RM 14 = RM 1,568; + RM 120 = RM 1,688.
    wait_for_total(page, "1688.00")
    notes = page.locator(".mpkj-notes").inner_text()
    assert "square metres" in notes and "square feet" not in notes


def test_deposit_form_opens_with_a_row_and_says_what_to_fill(calc_page, site_url: str) -> None:
    page = calc_page
    for prefix, heading, words in (("", "Anggaran cagaran", "Pilih jenis pembangunan."),
                                   ("en/", "Deposit estimate", "Choose the type of development.")):
        open_calculator(page, site_url + prefix + "calculators/deposit.html")
        assert page.locator('[data-path="items"] > .mpkj-rows > .mpkj-row').count() == 1
        assert page.locator(".mpkj-result h2").inner_text() == heading
        page.locator(".mpkj-calculate").click()
        settle(page, '[data-path="items[0].type"] > .mpkj-error:not([hidden])')
        assert page.locator('[data-path="items[0].type"] > .mpkj-error').inner_text() == words  # what to do
        enter(page, "items[0].type", "shed")
        enter(page, "items[0].units", "3")
        wait_for_total(page, "600.00")  # item 14, shed: 3 units × RM 200
        assert page.locator(".mpkj-notes").inner_text().count("90") >= 1  # when it can be claimed back


# ----------------------------------------------------------------------------------------------- search

@pytest.mark.parametrize(("prefix", "words"), [("", "cagaran"), ("", "deposit"), ("en/", "deposit"),
                                               ("en/", "billboard")])
def test_search_returns_pages_of_the_sites_language(calc_page, site_url: str, prefix: str, words: str) -> None:
    """The Malay site finds Malay pages, the English site English ones (one index holds both: the page's language
    picks its half), and snippets keep table cells apart."""
    page = calc_page
    page.goto(site_url + prefix + "schedules/deposit.html")
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    search.click()
    search.press_sequentially(words)
    results.first.wait_for()
    links = results.locator("a").evaluate_all("links => links.map((a) => a.href)")
    english = [link for link in links if link.startswith(site_url + "en/")]
    assert links and (english == links if prefix else not english), links
    text = " ".join(results.all_inner_texts())
    assert "PerkaraButiran" not in text and "ItemDescription" not in text
    page.keyboard.press("Escape")
