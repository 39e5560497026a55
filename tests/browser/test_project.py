"""The project calculator (calculators/project) and the home page's guided start, in Chromium on the built site.

The 20-terrace development (worked example 7) is typed into the page as a visitor would; its amounts are worked
by hand in tests/cases/project.yaml ("the 20-terrace project"): planning permission 20 × 50 = 1,000.00, building
plan 6,795.20 (worked example 4), deposit 20 × 200 = 4,000.00, in all 11,795.20.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from host_guard import guarded_context
from test_calculators import BOOT_MS, enter_request, settle, wait_for_total
from test_share import SMALLEST_TEXT_PX

PAGE = {"ms": "calculators/project.html", "en": "en/calculators/project.html"}
TERRACES = {  # what the visitor types: the design of form MPKj/JKB/B1-2013's own example, in m²
    "designs": [{
        "category": "terrace_double_storey", "name": "Teres 2 tingkat", "units": 20,
        "floors": [{"level": 0, "area": 120}, {"level": 1, "area": 110}],
        "sanitary": {"wc": 3, "basin": 3, "shower": 2, "sink": 1, "floor_trap": 4, "gully_trap": 1},
    }],
}
TOTAL = "11795.20"
# Worked example 7 by hand: fees 1,000.00 (planning permission) + 6,795.20 (plan processing) = 7,795.20, and the
# refundable deposit 4,000.00 paid with them: 11,795.20 to pay, said once.
TO_PAY = {"ms": "Fi RM 7,795.20 + cagaran boleh dituntut semula RM 4,000.00 = RM 11,795.20 perlu dibayar",
          "en": "Fees RM 7,795.20 + refundable deposit RM 4,000.00 = RM 11,795.20 to pay"}
PAYMENTS = {"planning_permission": "1,000.00", "plan_processing": "6,795.20", "plan_deposit": "4,000.00"}


@pytest.fixture(scope="module")
def context(browser, site_url: str):
    with guarded_context(browser, [site_url], viewport={"width": 1280, "height": 900}) as context:
        yield context


@pytest.fixture
def tab(context):
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    yield page
    page.close()


def open_project(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("form.mpkj-calculator .mpkj-result[data-state]", state="attached")


def shown_payments(page) -> dict[str, str]:
    """Each payment's total as the page shows it, by payment id."""
    return page.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll('details.mpkj-payment'),
        (d) => [d.dataset.payment, d.querySelector('.mpkj-payment-total').textContent.replace('RM', '').trim()]))""")


def compute_terraces(page, url: str) -> None:
    open_project(page, url)
    enter_request(page, TERRACES)
    wait_for_total(page, TOTAL)


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_the_twenty_terraces_in_each_language(tab, site_url: str, lang: str) -> None:
    compute_terraces(tab, site_url + PAGE[lang])
    assert tab.locator(".mpkj-result .mpkj-summary").inner_text() == TO_PAY[lang]
    result = tab.locator(".mpkj-result").inner_text()
    assert "Jumlah keseluruhan" not in result and "Grand total" not in result
    assert result.count("11,795.20") == 1  # the total to pay, once
    deposit_label = tab.locator('details.mpkj-payment[data-payment="plan_deposit"] .mpkj-payment-label')
    assert ("boleh dituntut semula" if lang == "ms" else "refundable") in deposit_label.inner_text()
    # The sticky total is a link to the breakdown.
    running = tab.locator(".mpkj-running a")
    assert running.inner_text() == TO_PAY[lang]
    assert running.get_attribute("href").endswith("#" + tab.locator(".mpkj-result h2").get_attribute("id"))
    assert shown_payments(tab) == PAYMENTS
    # The payments add up to the grand total.
    assert sum(Decimal(v.replace(",", "")) for v in shown_payments(tab).values()) == Decimal(TOTAL)
    due = tab.locator('details.mpkj-payment[data-payment="plan_deposit"] .mpkj-payment-due').inner_text()
    assert ("dikemukakan" in due or "mengemukakan" in due) if lang == "ms" else "submitted" in due
    counted = tab.locator(".mpkj-counted").inner_text()
    assert ("Unit kediaman: 20" if lang == "ms" else "Residential units: 20") in counted
    # Each payment opens into its lines, with their sources.
    deposit = tab.locator('details.mpkj-payment[data-payment="plan_deposit"]')
    deposit.locator("summary").click()
    row = deposit.locator('.mpkj-lines-table tbody tr[data-item="3"]')
    assert row.locator(".mpkj-line-source").is_visible()
    assert "4,000.00" in row.inner_text()
    assert tab.locator(".mpkj-error-summary").is_hidden()


SHOP_OFFICES = {  # worked example 8 described once: the buildings, then the permits, the board and the cabins
    "designs": [{"category": "shop_office_terrace", "units": 6,
                 "floors": [{"level": 0, "area": 100}, {"level": 1, "area": 100}, {"level": 2, "area": 100}],
                 "sanitary": {"wc": 3, "basin": 3}}],
    "cabins": {"cabins": 2, "floors": [{"level": 0, "area": 30}], "permit_months": 12},
    "permits": {"hoarding_length_m": 100, "hoarding_months": 12, "signboards": 2, "petil": 1},
    "advertisement": {"boards": [{"type": "billboard", "width_ft": 20, "height_ft": 10}]},
}


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_optional_sections_wait_behind_add_buttons(browser, site_url: str, lang: str) -> None:
    """A shorter phone form: the site office, cabins, permits and boards are folded behind "Add ..." buttons, not
    asked until opened; opened, the first field has the focus; "Remove this section" folds it again, emptied."""
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    with guarded_context(browser, [site_url], **phone) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        open_project(page, site_url + PAGE[lang])
        buttons = page.locator("form.mpkj-calculator .mpkj-unfold")
        assert buttons.count() == 4
        words = buttons.all_inner_texts()
        assert all(text.startswith("Tambah " if lang == "ms" else "Add ") for text in words), words
        for name in ("site_office", "cabins", "permits", "advertisement"):
            assert page.locator(f'form.mpkj-calculator [data-path="{name}"]').is_hidden()
        fields_folded = page.locator("form.mpkj-calculator .mpkj-field:visible").count()
        cabins = page.locator('form.mpkj-calculator [data-path="cabins"]')
        buttons.nth(1).tap()
        assert cabins.is_visible() and buttons.nth(1).is_hidden()
        assert page.evaluate("document.activeElement.name") == "cabins"
        assert page.locator("form.mpkj-calculator .mpkj-field:visible").count() > fields_folded
        page.keyboard.type("2")
        cabins.locator(":scope > .mpkj-fold").tap()
        assert cabins.is_hidden() and buttons.nth(1).is_visible()
        assert page.evaluate("document.activeElement.classList.contains('mpkj-unfold')")
        buttons.nth(1).tap()
        assert page.locator('[data-path="cabins.cabins"] input').input_value() == ""  # emptied as it was folded


def test_site_works_and_permits_are_paid_apart_and_petil_on_collecting_the_approval(tab, site_url: str) -> None:
    # By hand (tests/cases/project.yaml, worked example 8): One Stop Centre 900 + 200; plan processing
    # 2,600.40 + cabins K1 280; deposit 6 × 300; temporary permits 7,200 + 200 + K2 800; petil 10.
    open_project(tab, site_url + PAGE["en"])
    enter_request(tab, SHOP_OFFICES)
    wait_for_total(tab, "13990.40")
    assert shown_payments(tab) == {"planning_permission": "1,100.00", "plan_processing": "2,880.40",
                                   "plan_deposit": "1,800.00", "temporary_permits": "8,200.00",
                                   "on_collection": "10.00"}
    due = tab.locator('details.mpkj-payment[data-payment="on_collection"] .mpkj-payment-due').inner_text()
    assert "approval is collected" in due
    assert "Gross floor area" in tab.locator(".mpkj-counted").inner_text()


def test_a_phone_computes_the_project_in_one_column(browser, site_url: str) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    with guarded_context(browser, [site_url], **phone) as context:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        compute_terraces(page, site_url + PAGE["ms"])
        assert shown_payments(page) == PAYMENTS
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_permalink_and_the_language_switch_keep_the_project(tab, context, site_url: str) -> None:
    compute_terraces(tab, site_url + PAGE["en"])
    link = tab.url
    assert "?e=1" in link  # the short link (issue 18; tests/browser/test_share.py)
    again = context.new_page()
    again.set_default_timeout(BOOT_MS)
    try:
        open_project(again, link)
        wait_for_total(again, TOTAL)
        assert shown_payments(again) == PAYMENTS
        assert again.locator('[data-path="designs[0].units"] input').input_value() == "20"
    finally:
        again.close()
    # The language switch keeps the development too.
    tab.locator(".md-header .md-select").first.hover()
    tab.locator('.md-select__link[hreflang="ms"]').first.click()
    tab.wait_for_selector('form.mpkj-calculator[data-lang="ms"]')
    wait_for_total(tab, TOTAL)
    assert shown_payments(tab) == PAYMENTS
    assert "Bayaran cagaran pelan" in tab.locator(".mpkj-payment-label").nth(2).inner_text()


PRINTED_INPUTS = {  # what the print lists of TERRACES, in each language, as the form groups it (issue 18)
    "ms": {"design": "Rekabentuk bangunan 1", "category": "Rumah teres 2 tingkat",
           "storeys": [["Tingkat 1", "Tingkat tanah", "120 m²"], ["Tingkat 2", "Tingkat pertama", "110 m²"]],
           "today": "(hari ini)", "items_of": "Perkara daripada: Jadual Pertama UUKBSS 1986"},
    "en": {"design": "Building design 1", "category": "Double-storey terrace house",
           "storeys": [["Storey 1", "Ground floor", "120 m²"], ["Storey 2", "First floor", "110 m²"]],
           "today": "(today)", "items_of": "Items of: First Schedule, UUKBSS 1986"},
}


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_the_print_is_one_a4_page_with_its_inputs_and_every_payment_open(tab, site_url: str, lang: str) -> None:
    """Worked example 7 on paper: its inputs listed as the form groups them, every payment's lines, the total to pay
    once, body text at 9 pt at the least, one A4 sheet."""
    compute_terraces(tab, site_url + PAGE[lang])
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    tab.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".mpkj-actions", '[data-path="designs"]', ".mpkj-payments"):
            assert tab.locator(hidden).first.is_hidden(), hidden
        inputs = tab.locator(".mpkj-print-inputs")
        assert inputs.is_visible()
        words = PRINTED_INPUTS[lang]
        design = inputs.locator(".mpkj-print-row", has=tab.locator(f'dt:text-is("{words["design"]}")'))
        answers = design.inner_text()
        for typed in (words["category"], "Teres 2 tingkat", "20"):
            assert typed in answers, typed
        storeys = design.locator("table.mpkj-print-rows tbody tr")
        assert [row.locator("th, td").all_inner_texts() for row in storeys.all()] == words["storeys"]
        assert words["today"] in inputs.inner_text()  # no date typed: the date the estimate used, said so
        assert tab.locator(".mpkj-summary").inner_text() == TO_PAY[lang]  # the total to pay, first, once
        for payment in PAYMENTS:
            assert tab.locator(f'details.mpkj-payment[data-payment="{payment}"] .mpkj-lines-table').is_visible()
        # The plan processing lines all cite the First Schedule of UUKBSS 1986: named once, under the payment.
        processing = tab.locator('details.mpkj-payment[data-payment="plan_processing"]')
        assert processing.locator(".mpkj-payment-schedule").inner_text().startswith(words["items_of"])
        assert processing.locator(".mpkj-line-source").first.is_hidden()
        smallest = tab.evaluate(SMALLEST_TEXT_PX)
        assert smallest >= 12, f"text of {smallest} px (under 9 pt)"
        pdf = tab.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one sheet of paper
    finally:
        tab.emulate_media(media="screen")
        tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert tab.locator("details.mpkj-payment[open]").count() == 0  # closed again as the visitor left them
    processing.locator("summary").click()  # on screen each line keeps its own source
    assert processing.locator(".mpkj-line-source").first.is_visible()
    assert processing.locator(".mpkj-payment-schedule").is_hidden()


def test_errors_show_at_the_fields_of_the_development(tab, site_url: str) -> None:
    open_project(tab, site_url + PAGE["en"])
    enter_request(tab, {"designs": [{"category": "shop_office_terrace", "units": 6,
                                     "floors": [{"level": 0, "area": "100 m2"}]}]})
    tab.locator(".mpkj-calculate").click()  # errors show on a submit
    settle(tab, '.mpkj-result[data-state="invalid"]')
    error = tab.locator('[data-path="designs[0].floors[0].area"] .mpkj-error')
    # calc's words for an area it cannot read, without calc's path: the field says what to do
    assert error.inner_text() == "Enter the area in m², like 1,250.5."
    assert tab.locator(".mpkj-error-summary").is_visible()
    # The summary says where as the form's legends do (the development was entered without parts).
    legends = [tab.locator(f'[data-path="{path}"] > legend').inner_text()
               for path in ("designs[0]", "designs[0].floors[0]")]
    assert tab.locator(".mpkj-error-summary a").inner_text() == " › ".join(legends) + ": " + error.inner_text()


# ----------------------------------------------------------------------------------------------- the guided start

START = {  # each answer of "what are you applying for?" and the calculator it leads to
    "ms": [("Pembangunan baharu", "development"), ("Pindaan pelan", "building_plan/amendment"),
           ("Tambahan atau ubahsuai", "building_plan/addition"),
           ("Bangunan sementara", "building_plan/temporary_building"),
           ("Kabin", "building_plan/cabin"), ("Papan dendeng", "building_plan/permits"),
           ("Papan iklan", "planning_permission/advertisement"), ("Perlanjutan", "planning_permission/extension")],
    "en": [("A new development", "development"), ("An amendment", "building_plan/amendment"),
           ("An addition", "building_plan/addition"), ("A temporary building", "building_plan/temporary_building"),
           ("A cabin", "building_plan/cabin"), ("Hoarding", "building_plan/permits"),
           ("An outdoor advertisement", "planning_permission/advertisement"),
           ("An extension", "planning_permission/extension")],
}


def calculator_at(page, url: str) -> tuple[str | None, str | None]:
    """The calculator and language of the page at `url`, read from its HTML (no Python start for each page)."""
    response = page.request.get(url)
    assert response.ok, url
    form = re.search(r'<form class="mpkj-calculator"[^>]*>', response.text())
    if form is None:
        return None, None
    attributes = dict(re.findall(r'(data-calculator|data-lang)="([^"]*)"', form.group(0)))
    return attributes.get("data-calculator"), attributes.get("data-lang")


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_the_home_page_question_leads_to_each_calculator(tab, site_url: str, lang: str) -> None:
    home = site_url + ("" if lang == "ms" else "en/") + "index.html"
    tab.goto(home)
    answers = tab.locator(".mpkj-start li > a")
    assert answers.count() == len(START[lang])
    for index, (words, calculator) in enumerate(START[lang]):
        answer = answers.nth(index)
        assert answer.inner_text().startswith(words)
        assert calculator_at(tab, urljoin(home, answer.get_attribute("href"))) == (calculator, lang)
    answers.first.click()  # followed as a visitor would: a new development leads to the project calculator
    tab.wait_for_selector('form.mpkj-calculator[data-calculator="development"]', state="attached")


def test_on_a_phone_the_first_answer_is_visible_without_scrolling(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path in ("index.html", "en/index.html"):
            page.goto(site_url + path)
            box = page.locator(".mpkj-start li > a").first.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    finally:
        context.close()


@pytest.mark.parametrize("path", ["calculators/deposit.html", "en/calculators/building_plan/cabin.html"])
def test_single_calculators_link_to_the_project(tab, site_url: str, path: str) -> None:
    tab.goto(site_url + path)
    link = tab.locator(".mpkj-project-link a")
    assert link.is_visible()
    lang = "en" if path.startswith("en/") else "ms"
    assert calculator_at(tab, urljoin(tab.url, link.get_attribute("href"))) == ("development", lang)
