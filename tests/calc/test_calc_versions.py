"""Dated values for real: copies of the schedule data with a rate changed (one dated line), an item added later,
an item withdrawn, and all three at once (three versions). Each date gets its own rates, every text that quotes
a rate follows, and a request for an item not in force on its date is a bilingual error at the field."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import calc
import calc.schedules
from calc.schedules import load_all

ROOT = Path(__file__).resolve().parents[2]
SCHEDULES = ROOT / "calc" / "schedules"

# Building plan I3 (rooms partitioned): RM 50 a room on form MPKj/JKB/B1-2013, First Schedule, item I3.
I3_RATE = '  { from = 2021-11-11, value = "50.00" },\n'
I3_RAISED = I3_RATE + '  { from = 2030-01-01, value = "60.00" },\n'
ROOMS = {"schedule": "building_plan", "application": "addition", "partitioned_rooms": 3}


def _edit(data_dir: Path, name: str, old: str, new: str, *, after: str | None = None) -> None:
    """Replace `old` by `new` once in the copy of `name`, after the first occurrence of `after` if given."""
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A copy of calc/schedules that calc reads instead of its own, for this test only."""
    copy = tmp_path / "schedules"
    shutil.copytree(SCHEDULES, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(calc.schedules, "_HERE", copy)
    load_all.cache_clear()
    yield copy
    load_all.cache_clear()


def _reload() -> None:
    load_all.cache_clear()


def _rooms_on(day: str) -> dict:
    response = calc.estimate({**ROOMS, "date": day})
    assert "errors" not in response, response
    return {line["item"]: line for line in response["lines"]}


def test_a_rate_change_is_one_dated_line(data_dir):
    _edit(data_dir, "building_plan.toml", I3_RATE, I3_RAISED, after='code = "I3"')
    _reload()
    schedule = load_all()["building_plan"]
    assert [v.in_force for v in schedule.versions] == [date(2021, 11, 11), date(2030, 1, 1)]
    # 3 rooms × RM 50 the day before, 3 × RM 60 from the day the change comes into force
    assert _rooms_on("2029-12-31")["I3"]["amount"] == "150.00"
    assert _rooms_on("2030-01-01")["I3"]["amount"] == "180.00"
    assert _rooms_on("2030-01-01")["I1"]["amount"] == "120.00"  # every other rate is unchanged
    # The form's help text quotes the rate in force on the day the form is built
    def rooms_help(day: date) -> str:
        addition = next(c for c in calc.input_schema(day)["calculators"] if c["id"] == "building_plan/addition")
        return next(f["help"]["en"] for f in addition["fields"] if f["name"] == "partitioned_rooms")
    assert rooms_help(date(2029, 12, 31)) == "Item I3: RM 50 per room."
    assert rooms_help(date(2030, 1, 1)) == "Item I3: RM 60 per room."


def test_a_block_change_changes_the_explanation_and_the_reading(data_dir):
    # Planning A2: RM 50 per 100 m² or part thereof; from 2030 (in the copy) per 50 m²
    _edit(data_dir, "planning_permission.toml", '  { from = 2009-09-09, value = "100" },\n',
          '  { from = 2009-09-09, value = "100" },\n  { from = 2030-01-01, value = "50" },\n', after='code = "A2"')
    _reload()
    request = {"schedule": "planning_permission", "application": "new", "commercial_floor_area": 120}
    before = calc.estimate({**request, "date": "2029-01-01"})
    after = calc.estimate({**request, "date": "2030-01-01"})
    assert before["total"] == "100.00" and after["total"] == "150.00"  # 2 × 50, then 3 × 50
    assert before["lines"][0]["detail"]["en"] == "120 m² gross floor area = 2 × 100 m²"
    assert after["lines"][0]["detail"]["en"] == "120 m² gross floor area = 3 × 50 m²"
    assert after["lines"][0]["unit"]["en"] == "per 50 m² of gross floor area or part thereof"
    assert any("per 50 m² or part thereof" in note["en"] and "51 m² is 2 blocks" in note["en"]
               for note in after["notes"])


def _shed_from(data_dir: Path, start: str) -> None:
    """The shed (deposit item 14) comes into force only on `start` in the copy."""
    text = (data_dir / "deposit.toml").read_text(encoding="utf-8")
    at = text.index('key = "shed"')
    end = text.index("[[items]]", at)
    block = text[at:end].replace("2000-06-27", start)
    (data_dir / "deposit.toml").write_text(text[:at] + block + text[end:], encoding="utf-8")


SHED = {"schedule": "deposit", "items": [{"type": "shed", "units": 2}]}


def test_an_item_added_later_is_an_error_at_its_field_before_its_date(data_dir):
    _shed_from(data_dir, "2030-01-01")
    _reload()
    response = calc.estimate({**SHED, "date": "2029-12-31"})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("items", "not_in_force")]
    message = response["errors"][0]["message"]
    assert message["en"] == ("Types of development: item 14 (Shed (Bangsal; written Bangsai on the form)) is not in "
                             "force on this date; it is in force from 1 January 2030.")
    assert "mulai 1 Januari 2030" in message["ms"]
    # From that day it is charged: 2 × RM 200 (deposit formula, item 14)
    assert calc.estimate({**SHED, "date": "2030-01-01"})["total"] == "400.00"
    # The CLI answers the same request with exit status 2 and the error document, no traceback
    run = subprocess.run(
        [sys.executable, "-c", "import runpy, sys, calc.schedules as s; from pathlib import Path; "
                               "s._HERE = Path(sys.argv.pop(1)); s.load_all.cache_clear(); "
                               "runpy.run_module('calc', run_name='__main__')",
         str(data_dir), "estimate"],
        input=json.dumps({**SHED, "date": "2029-12-31"}), capture_output=True, text=True, cwd=ROOT, timeout=60,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert json.loads(run.stdout)["errors"][0]["code"] == "not_in_force"


def test_an_item_withdrawn_is_an_error_from_its_end(data_dir):
    _edit(data_dir, "deposit.toml", "from = 2000-06-27\n", "from = 2000-06-27\nuntil = 2030-01-01\n",
          after='key = "shed"')
    _reload()
    assert calc.estimate({**SHED, "date": "2029-12-31"})["total"] == "400.00"
    response = calc.estimate({**SHED, "date": "2030-06-01"})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("items", "not_in_force")]
    assert "before 1 January 2030" in response["errors"][0]["message"]["en"]
    assert "sebelum 1 Januari 2030" in response["errors"][0]["message"]["ms"]


def test_three_versions_each_date_gets_its_own_rates(data_dir):
    # 2021: as printed; 2030: I3 raised to RM 60; 2031: I4 (facade) withdrawn
    _edit(data_dir, "building_plan.toml", I3_RATE, I3_RAISED, after='code = "I3"')
    _edit(data_dir, "building_plan.toml", "from = 2021-11-11\n", "from = 2021-11-11\nuntil = 2031-01-01\n",
          after='code = "I4"')
    _reload()
    schedule = load_all()["building_plan"]
    assert [v.in_force for v in schedule.versions] == [date(2021, 11, 11), date(2030, 1, 1), date(2031, 1, 1)]
    request = {**ROOMS, "facade_storeys": 2}
    totals = {day: calc.estimate({**request, "date": day}) for day in ("2025-01-01", "2030-06-01", "2031-06-01")}
    # I1 120 + I3 3 × 50 + I4 2 × 36 = 342; then I3 3 × 60 = 180 → 372; then I4 is gone
    assert totals["2025-01-01"]["total"] == "342.00"
    assert totals["2030-06-01"]["total"] == "372.00"
    assert totals["2031-06-01"]["errors"][0]["field"] == "facade_storeys"
    assert calc.estimate({**ROOMS, "date": "2031-06-01"})["total"] == "300.00"  # 120 + 3 × 60
    assert not schedule.versions[2].has("I4") and schedule.versions[1].has("I4")
