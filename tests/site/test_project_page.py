"""The built project page and its ways in: the payments table states payments.toml, every single calculator links
to the project calculator, and the home page's guided start links each answer to a calculator page that exists."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from calc.calculators import CALCULATORS
from calc.project import payments

LANGS = {"ms": "", "en": "en/"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_project_page_states_every_payment_and_when_it_is_due(site_dir: Path, lang: str) -> None:
    html = (site_dir / LANGS[lang] / "calculators" / "project.html").read_text("utf-8")
    assert 'id="mpkj-development"' in html
    for payment in payments():
        row = re.search(rf'<tr data-payment="{payment.id}">(.*?)</tr>', html, re.DOTALL)
        assert row, payment.id
        due = getattr(payment.due, lang).replace('"', "&quot;")
        assert due in row.group(1), (payment.id, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_single_calculator_links_to_the_project(site_dir: Path, lang: str) -> None:
    for calculator in CALCULATORS:
        page = f"{LANGS[lang]}calculators/{calculator.id}.html"
        html = (site_dir / page).read_text("utf-8")
        link = re.search(r'<p class="mpkj-project-link">.*?<a href="([^"]+)"', html, re.DOTALL)
        assert link, page
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.group(1)))
        assert target == f"{LANGS[lang]}calculators/project.html", page


@pytest.mark.parametrize("lang", LANGS)
def test_each_answer_of_the_guided_start_is_a_calculator_page(site_dir: Path, lang: str) -> None:
    html = (site_dir / LANGS[lang] / "index.html").read_text("utf-8")
    start = re.search(r'<div class="mpkj-start">(.*?)</div>', html, re.DOTALL)
    assert start
    links = re.findall(r'<a href="([^"]+)"', start.group(1))
    assert len(links) == 8
    assert links[0] == "calculators/project.html"  # a new development: every fee at once
    for link in links:
        assert (site_dir / LANGS[lang] / link).is_file(), link
