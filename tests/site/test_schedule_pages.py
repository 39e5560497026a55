"""The schedule pages explain themselves: a worked example under each per-block rate, and each reading that
concerns several tables (the rounding of part blocks above all) once near the top, linked from each table.

Expected amounts are worked out by hand from the schedules as printed (form MPKj/OSC/KM/PB-3, part A item 2;
form MPKj/JKB/B1-2013, items B to L), not read from the code: e.g. 250 m² at RM 50 per 100 m² or part thereof is
3 blocks, RM 150.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from site_scripts.hooks import markers

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = {"ms": "schedules/{id}.md", "en": "schedules/{id}.en.md"}


def _page_html(schedule: str, lang: str) -> str:
    """The schedule page's Markdown with its markers expanded, as the build makes it."""
    src = PAGES[lang].format(id=schedule)
    url = ("" if lang == "ms" else "en/") + f"schedules/{schedule}.html"
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src, locale=lang), url=url)
    return markers.on_page_markdown((DOCS / src).read_text("utf-8"), page, config=None, files=None)


def _examples(html: str) -> dict[str, str]:
    """The worked example of each row that has one: item code -> its text."""
    found = {}
    for row in re.finditer(r'<tr data-item="([^"]+)">(.*?)</tr>', html, re.DOTALL):
        example = re.search(r'<small class="mpkj-example">(.*?)</small>', row.group(2))
        if example:
            found[row.group(1)] = unescape(example.group(1)).replace("\u00a0", " ")  # kept on one line
    return found


# Hand-worked from the printed rates. B1-B5, D and J2 have a minimum: 94.5 m² is 10 whole blocks of 9 m² and a
# part (10.5), so 11 blocks; 49.5 m² is 5.5, so 6 blocks, and 6 × the rate is under the minimum, which is paid.
BUILDING_PLAN_EN = {
    "B1": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 14.00 = RM 154.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 14.00 = RM 84.00, below the minimum: RM 140.00.",
    "B2": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 12.00 = RM 132.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 12.00 = RM 72.00, below the minimum: RM 120.00.",
    "B3": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 10.00 = RM 110.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 10.00 = RM 60.00, below the minimum: RM 100.00.",
    "B4": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 8.00 = RM 88.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 8.00 = RM 48.00, below the minimum: RM 80.00.",
    "B5": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 6.00 = RM 66.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 6.00 = RM 36.00, below the minimum: RM 60.00.",
    "D": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 10.00 = RM 110.00; 49.5 m² counts as 6 blocks of "
         "9 m² → 6 × RM 10.00 = RM 60.00, below the minimum: RM 100.00.",
    # Half the rate per 9 m²: 22.5 m² is 2.5 blocks, so 3; ½ × 3 × 14 = 21.
    "E": "Example: 22.5 m² counts as 3 blocks of 9 m² → ½ × 3 × RM 14.00 = RM 21.00.",
    "F2": "Example: 2.5 m counts as 3 m → 3 × RM 6.00 = RM 18.00.",
    "I5": "Example: 22.5 m² counts as 3 blocks of 9 m² → 3 × RM 10.00 = RM 30.00.",
    "J2": "Example: 94.5 m² counts as 11 blocks of 9 m² → 11 × RM 10.00 = RM 110.00; 49.5 m² counts as 6 blocks of "
          "9 m² → 6 × RM 10.00 = RM 60.00, below the minimum: RM 100.00.",
    "J3": "Example: 2.5 m counts as 3 m → 3 × RM 6.00 = RM 18.00.",
    # RM 200 per cabin per 6 months: 15 months is 2.5 periods, so 3.
    "K2": "Example: 15 months counts as 3 blocks of 6 months → 3 × RM 200.00 = RM 600.00.",
    "L": "Example: 2.5 m counts as 3 m → 3 × RM 6.00 = RM 18.00.",
}


def test_every_per_block_rate_of_the_building_plan_has_its_worked_example() -> None:
    assert _examples(_page_html("building_plan", "en")) == BUILDING_PLAN_EN


def test_the_worked_examples_in_malay() -> None:
    examples = _examples(_page_html("building_plan", "ms"))
    assert set(examples) == set(BUILDING_PLAN_EN)
    assert examples["B2"] == ("Contoh: 94.5 m² dikira 11 blok × 9 m² → 11 × RM 12.00 = RM 132.00; 49.5 m² dikira "
                              "6 blok × 9 m² → 6 × RM 12.00 = RM 72.00, kurang daripada minimum: RM 120.00.")
    assert examples["K2"] == "Contoh: 15 bulan dikira 3 blok × 6 bulan → 3 × RM 200.00 = RM 600.00."
    assert examples["L"] == "Contoh: 2.5 m dikira 3 m → 3 × RM 6.00 = RM 18.00."


@pytest.mark.parametrize(("lang", "example"), [
    ("ms", "Contoh: 250 m² dikira 3 blok × 100 m² → 3 × RM 50.00 = RM 150.00."),
    ("en", "Example: 250 m² counts as 3 blocks of 100 m² → 3 × RM 50.00 = RM 150.00."),
])
def test_the_planning_permission_rate_per_100_m2(lang: str, example: str) -> None:
    assert _examples(_page_html("planning_permission", lang)) == {"A2": example}


def test_the_examples_follow_the_data() -> None:
    """A rate changed in the data changes its example: the amounts are worked out by calc, not written."""
    from decimal import Decimal

    from calc.schedules import load
    from site_scripts.tables import worked_example

    b2 = load("building_plan").versions[-1].item("B2")
    raised = b2.replace(rate=Decimal("13.00"), minimum=Decimal("150.00"))
    # 150 / 13 = 11.5: 12 blocks pay more than the minimum (11 × 9 + 4.5 = 103.5 m²); 6 blocks pay 78, under it.
    assert worked_example(raised).en.replace("\u00a0", " ") == (
        "Example: 103.5 m² counts as 12 blocks of 9 m² → 12 × RM 13.00 = RM 156.00; 49.5 m² counts as 6 blocks "
        "of 9 m² → 6 × RM 13.00 = RM 78.00, below the minimum: RM 150.00.")


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_the_rounding_box_is_shown_once_near_the_top_and_each_table_links_to_it(lang: str) -> None:
    html = _page_html("building_plan", lang)
    assert html.count('data-note="part_thereof"') == 1
    box = html.index('id="reading-building_plan-part_thereof"')
    assert box < html.index("## A.")  # before the first table
    # Every table with a rate per block links to the box instead of repeating it: parts B, D, E, F, I, J, K, L.
    linking = re.findall(r'data-parts="([A-Z,]+)">(?:(?!</div>\n\n).)*?href="#reading-building_plan-part_thereof"',
                         html, re.DOTALL)
    assert linking == ["B", "D", "E", "F", "I", "J", "K", "L"]
    # The other readings that concern several tables are shown once too; a reading of one table stays beside it.
    for shared in ("square_feet", "halves", "payable_on_collection", "storey_minimum", "row_discount"):
        assert html.count(f'data-note="{shared}"') == 1, shared
    assert html.index('data-note="row_discount"') > html.index("## G.")


def test_a_page_with_one_table_per_reading_keeps_each_beside_its_table() -> None:
    html = _page_html("planning_permission", "en")
    assert "How these tables are read" not in html and "mpkj-reading-links" not in html
    assert html.index("## A.") < html.index('data-note="part_thereof"') < html.index("## B.")


def test_the_calculator_pages_keep_their_readings_beside_their_table() -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="calculators/building_plan/new.en.md", locale="en"),
                           url="en/calculators/building_plan/new.html")
    html = markers.on_page_markdown("# Calculator\n\n<!-- calculator: building_plan/new -->\n", page, config=None,
                                    files=None)
    assert html.count('data-note="part_thereof"') == 1 and "mpkj-reading-links" not in html
    assert "mpkj-example" not in html  # the form is the worked example there


def test_the_by_law_is_named_uukbss_on_the_pages() -> None:
    """The First Schedule's by-law, as form MPKj/JKB/B1-2013 heads it: Undang-Undang Kecil Bangunan Seragam Selangor
    (UUKBSS) 1986, never "UUKBS"."""
    wrong = [f"{path.relative_to(DOCS)}: {line}" for path in DOCS.rglob("*.md")
             for line in path.read_text("utf-8").splitlines() if re.search(r"UUKBS(?!S)", line)]
    assert not wrong, wrong
    for home in ("index.md", "index.en.md"):
        assert "UUKBSS 1986" in (DOCS / home).read_text("utf-8"), home
