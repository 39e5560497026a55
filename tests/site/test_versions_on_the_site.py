"""A rate change is one dated line, and every surface of the site follows it: a copy of the repository where
building plan item I3 (rooms partitioned into smaller rooms, RM 50.00 a room on form MPKj/JKB/B1-2013, p. 4)
gets two dated lines, RM 55.00 from 1 January 2026 (in force when the site is built) and RM 60.00 from
1 January 2099 (upcoming), and nothing else changed. The schedule page shows the table in force, the upcoming
one and the older one folded; the open data carries every version; the calculator's help text quotes the rate
in force; estimates on either side of each date use their own rate."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import calc
import calc.schedules
from calc.schedules import load_all
from tests.site.repository_copy import build_changed_copy

PRINTED = '  { from = 2021-11-11, value = "50.00" },\n'
CHANGED = PRINTED + '  { from = 2026-01-01, value = "55.00" },\n  { from = 2099-01-01, value = "60.00" },\n'


def _change_the_rate(copy: Path) -> None:
    path = copy / "calc" / "schedules" / "building_plan.toml"
    text = path.read_text(encoding="utf-8")
    at = text.index(PRINTED, text.index('code = "I3"'))
    path.write_text(text[:at] + CHANGED + text[at + len(PRINTED):], encoding="utf-8")


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_changed_copy(tmp_path_factory.mktemp("repository"), _change_the_rate)


def _i3_rates(html: str) -> list[tuple[str, str]]:
    """(data-in-force of its table, the rate cell) of every I3 row on a page, in page order."""
    found = []
    for table in re.finditer(r'<table class="mpkj-schedule-table" data-in-force="([0-9-]+)">(.*?)</table>', html,
                             re.DOTALL):
        row = re.search(r'<tr data-item="I3">.*?<td class="mpkj-amount" data-label="[^"]*">([^<]*)</td>',
                        table.group(2), re.DOTALL)
        if row:
            found.append((table.group(1), row.group(1)))
    return found


@pytest.mark.parametrize(("prefix", "upcoming", "older"), [("", "akan berkuat kuasa", "Versi terdahulu"),
                                                           ("en/", "comes into force later", "Earlier version")])
def test_the_schedule_page_shows_the_upcoming_the_current_and_the_older_table(changed_site, prefix, upcoming, older):
    html = (changed_site / prefix / "schedules" / "building_plan.html").read_text(encoding="utf-8")
    # Newest first: the upcoming table, the one in force, then the printed one folded
    assert _i3_rates(html) == [("2099-01-01", "RM 60.00"), ("2026-01-01", "RM 55.00"), ("2021-11-11", "RM 50.00")]
    assert upcoming in html
    assert re.search(r'<details class="note mpkj-version" data-in-force="2021-11-11">\s*<summary>' + older, html)


def test_the_open_data_carries_every_version(changed_site):
    document = json.loads((changed_site / "data" / "building_plan.json").read_text(encoding="utf-8"))
    by_date = {version["in_force"]: {item["code"]: item for item in version["items"]}
               for version in document["versions"]}
    assert list(by_date) == ["2099-01-01", "2026-01-01", "2021-11-11"]
    assert [by_date[day]["I3"]["rate"] for day in by_date] == ["60.00", "55.00", "50.00"]
    assert {by_date[day]["I4"]["rate"] for day in by_date} == {"36.00"}  # the others are unchanged in each
    assert by_date["2026-01-01"]["I3"]["reference"] == {"item": "I 3", "page": 4}
    rows = list(csv.DictReader(io.StringIO((changed_site / "data" / "building_plan.csv").read_text("utf-8"))))
    assert [(row["in_force"], row["rate"]) for row in rows if row["code"] == "I3"] == [
        ("2099-01-01", "60.00"), ("2026-01-01", "55.00"), ("2021-11-11", "50.00")]


@pytest.mark.parametrize(("prefix", "help_text"), [("", "Perkara I3: RM 55 setiap bilik."),
                                                   ("en/", "Item I3: RM 55 per room.")])
def test_the_form_quotes_the_rate_in_force(changed_site, prefix, help_text):
    html = (changed_site / prefix / "calculators" / "building_plan" / "addition.html").read_text(encoding="utf-8")
    assert help_text in html
    assert "RM 50 " not in html and "RM 60 " not in html


def test_estimates_use_the_rate_of_their_date(changed_site, monkeypatch):
    monkeypatch.setattr(calc.schedules, "_HERE", changed_site.parent / "calc" / "schedules")
    load_all.cache_clear()
    try:
        rooms = {"schedule": "building_plan", "application": "addition", "partitioned_rooms": 2}
        # 2 rooms × RM 50.00, × RM 55.00 from 1 January 2026, × RM 60.00 from 1 January 2099
        amounts = {day: next(line["amount"] for line in calc.estimate({**rooms, "date": day})["lines"]
                             if line["item"] == "I3")
                   for day in ("2025-12-31", "2026-01-01", "2098-12-31", "2099-01-01")}
        assert amounts == {"2025-12-31": "100.00", "2026-01-01": "110.00", "2098-12-31": "110.00",
                           "2099-01-01": "120.00"}
    finally:
        load_all.cache_clear()
