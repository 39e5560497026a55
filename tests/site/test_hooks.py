"""The markers hook (site_scripts/hooks/markers.py), checked without a build, and the rule that no rate is typed into
the pages."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from site_scripts import tables
from site_scripts.hooks import markers

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _page(src_uri: str = "schedules/example.md", url: str = "schedules/example.html", locale: str = "ms"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, locale=locale), url=url)


def _render(markdown: str, **page) -> str:
    return markers.on_page_markdown(markdown, _page(**page), config=None, files=None)


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- schedul: building_plan -->",  # a typo in the marker name
        "<!-- schedule: building_plans -->",  # an unknown schedule
        "<!-- schedule: building_plan part=Z -->",  # a part the schedule does not have
        "<!-- schedule: building_plan B -->",  # a malformed argument
        "<!-- calculator: building_plan/demolition -->",  # an unknown calculator
        "<!-- sources: all -->",  # an argument where none is taken
    ],
)
def test_a_bad_marker_stops_the_build_naming_the_page(marker: str) -> None:
    with pytest.raises(PluginError, match=r"schedules/example\.md"):
        _render(f"# Title\n\n{marker}\n")


def test_ordinary_comments_are_left_alone() -> None:
    text = "# Title\n\n<!-- TODO: Check the wording with the council -->\n"
    assert _render(text) == text


def test_a_part_marker_shows_only_that_part_with_its_notes() -> None:
    html = _render("# Fi\n\n<!-- schedule: building_plan part=G -->\n")
    assert re.findall(r'data-item="([^"]+)"', html) == ["G"]
    assert 'data-note="row_discount"' in html
    assert "mpkj-disclaimer" in html  # a page with a schedule gets the short disclaimer


def test_calculator_marker_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _render("# Calculator\n\n<!-- calculator: deposit -->\n", locale="en",
                   src_uri="calculators/deposit.en.md", url="en/calculators/deposit.html")
    assert html.count('data-calculator="deposit"') == 1
    assert "<noscript>" in html
    assert "This calculator needs JavaScript" in html
    assert "RM 10,000.00" in html  # the deposit table under the calculator (item 8 of the form)
    assert 'href="../../data/deposit.json"' in html


def test_dates_are_written_out_in_each_language() -> None:
    from datetime import date

    assert tables.format_date(date(2021, 11, 11), "ms") == "11 November 2021"
    assert tables.format_date(date(2000, 6, 27), "ms") == "27 Jun 2000"
    assert tables.format_date(date(2000, 6, 27), "en") == "27 June 2000"
    assert tables.format_date(date(2009, 9, 9), "en") == "9 September 2009"


def test_no_rate_is_typed_into_the_pages() -> None:
    """Every amount on the site comes from calc's data; the Markdown holds prose and markers only."""
    typed = [
        f"{path.relative_to(DOCS)}: {match.group(0)}"
        for path in DOCS.rglob("*.md")
        for match in re.finditer(r"RM\s?\d[\d,.]*", path.read_text("utf-8"))
    ]
    assert not typed, typed


def test_a_hand_written_calculator_page_stops_the_build(tmp_path: Path) -> None:
    """calc/calculators.py is the one place a calculator is declared: its pages are made, never written in docs/."""
    from mkdocs.structure.files import File, Files

    from site_scripts.hooks import calculator_pages

    config = SimpleNamespace(docs_dir=str(tmp_path), site_dir=str(tmp_path / "site"), use_directory_urls=False)
    files = Files([File("calculators/deposit.en.md", str(tmp_path), str(tmp_path / "site"), False)])
    with pytest.raises(PluginError, match=r"docs/calculators/deposit\.en\.md is written by hand"):
        calculator_pages.add_pages(files, config)


def test_the_calculator_pages_follow_the_manifest() -> None:
    from calc.calculators import CALCULATORS
    from site_scripts.hooks.calculator_pages import pages

    made = pages()
    assert len(made) == 4 * len(CALCULATORS)  # a page and an embed page, in two languages
    assert made["calculators/building_plan/new.md"] == (
        "# Kalkulator: pelan bangunan baharu\n\n<!-- calculator: building_plan/new -->\n")
    assert made["calculators/deposit.en.md"].startswith("# Calculator: building plan deposit\n")
    assert "embed: deposit\n" in made["embed/deposit.en.md"]
