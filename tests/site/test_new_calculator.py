"""A calculator is one entry of calc/calculators.py: a copy of the repository with one more entry appended to
CALCULATORS (a second cabin calculator, reusing the cabin rule under its own id, titles and application), and no
other file touched, builds with `mkdocs build --strict` into a site where the new calculator has its page in both
languages with its form and schedule table, its embed pages, its embed snippets and its navigation entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.repository_copy import build_changed_copy

NEW_ENTRY = '''

# ---- added by tests/site/test_new_calculator.py
EXTRA_CABIN = BUILDING_CABIN.replace(
    id="building_plan/extra_cabin",
    application="extra_cabin",
    title=_b("Kabin tambahan", "Extra cabins"),
    page_title=_b("kabin tambahan", "extra cabins"),
    nav_title=_b("Pelan bangunan: kabin tambahan", "Building plan: extra cabins"),
)
CALCULATORS = CALCULATORS + (EXTRA_CABIN,)  # the common subset: no starred tuple display
'''
NEW_ID = "building_plan/extra_cabin"
PAGE_TITLES = {"": "Kalkulator: kabin tambahan", "en/": "Calculator: extra cabins"}
NAV_TITLES = {"": "Pelan bangunan: kabin tambahan", "en/": "Building plan: extra cabins"}


def _append_the_entry(copy: Path) -> None:
    with (copy / "calc" / "calculators.py").open("a", encoding="utf-8") as manifest:
        manifest.write(NEW_ENTRY)


@pytest.fixture(scope="module")
def extended_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_changed_copy(tmp_path_factory.mktemp("repository"), _append_the_entry)


@pytest.mark.parametrize("prefix", PAGE_TITLES)
def test_the_new_calculator_has_its_page_with_its_form_and_schedule(extended_site: Path, prefix: str) -> None:
    html = (extended_site / f"{prefix}calculators/{NEW_ID}.html").read_text("utf-8")
    assert re.search(rf"<h1[^>]*>{re.escape(PAGE_TITLES[prefix])}<", html)
    form = re.search(r'<form class="mpkj-calculator"[^>]*>', html).group()
    for attribute in ('id="mpkj-building_plan-extra_cabin"', f'data-calculator="{NEW_ID}"',
                      'data-schedule="building_plan"', 'data-application="extra_cabin"'):
        assert attribute in form, attribute
    assert html.count(f'data-calculator="{NEW_ID}"') == 1
    assert 'data-parts="K,B"' in html  # the schedule parts of the cabin calculator it copies
    assert "mpkj-disclaimer" in html


@pytest.mark.parametrize("prefix", PAGE_TITLES)
def test_the_new_calculator_has_its_embed_page_and_snippets(extended_site: Path, prefix: str) -> None:
    html = (extended_site / f"{prefix}embed/{NEW_ID}.html").read_text("utf-8")
    assert html.count(f'data-calculator="{NEW_ID}"') == 1
    assert 'class="md-header' not in html  # the bare embed template
    snippets = (extended_site / f"{prefix}embed.html").read_text("utf-8")
    assert f"{prefix}embed/{NEW_ID}.html" in snippets


@pytest.mark.parametrize("prefix", PAGE_TITLES)
def test_the_new_calculator_is_last_in_the_navigation(extended_site: Path, prefix: str) -> None:
    html = (extended_site / f"{prefix}index.html").read_text("utf-8")
    links = re.findall(r'<a href="([^"]*calculators/[^"]+\.html)" class="md-nav__link">\s*<span class="md-ellipsis">'
                       r"\s*(.*?)\s*</span>", html, re.DOTALL)
    assert links, "no calculator in the navigation"
    assert links[0][0].endswith("calculators/project.html")
    assert links[-1] == (f"calculators/{NEW_ID}.html", NAV_TITLES[prefix])
    assert len(links) == len({href for href, _ in links})
