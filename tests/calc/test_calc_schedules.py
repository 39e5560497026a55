"""The schedule data: a version in force today, the first dates of the council's documents, rates as printed,
and a strict loader that names the file and the key of any mistake.

Documents: form MPKj/OSC/KM/PB-3 (Third Schedule, Planning Control (General)(Selangor) Rules 1996, rule 4; approved
by the OSC Committee on 9 September 2009) and form MPKj/JKB/B1-2013 (First Schedule, Selangor Uniform Building
By-Laws 1986, pp. 4-5, in use from 11 November 2021; Deposit Calculation Formula of the full Council meeting
no. 6/2000 of 27 June 2000, p. 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

import calc
from calc.calculators import CALCULATORS
from calc.schedules import ScheduleDataError, load_all, load_file

ROOT = Path(__file__).resolve().parents[2]
SCHEDULES = ROOT / "calc" / "schedules"


def test_every_schedule_has_a_version_in_force_today():
    schedules = load_all()
    assert set(schedules) == {"planning_permission", "building_plan", "deposit"}
    for schedule in schedules.values():
        assert schedule.version_on(date.today()) is not None, schedule.id


FIRST = [
    ("planning permission: OSC Committee, 9 September 2009", "planning_permission", date(2009, 9, 9)),
    ("building plan: form in use from 11/11/2021", "building_plan", date(2021, 11, 11)),
    ("deposit: Full Council Meeting 6/2000 of 27/06/2000", "deposit", date(2000, 6, 27)),
]


@pytest.mark.parametrize(("name", "schedule_id", "first"), FIRST, ids=[r[0] for r in FIRST])
def test_first_version_is_in_force_from_the_documents_date(name, schedule_id, first):
    schedule = load_all()[schedule_id]
    assert schedule.first_in_force == first
    assert schedule.version_on(first) is not None
    assert schedule.version_on(date.fromordinal(first.toordinal() - 1)) is None


# Rates of the building plan schedule as printed on form MPKj/JKB/B1-2013, First Schedule, Selangor Uniform
# Building By-Laws 1986 (items A-I p. 4, J-N p. 5) (code: rate, block, minimum).
BUILDING_RATES = [
    ("A processing fee", "A", "120", None, None),
    ("B1 ground", "B1", "14", "9", "140"), ("B2 first", "B2", "12", "9", "120"),
    ("B3 second", "B3", "10", "9", "100"), ("B4 third", "B4", "8", "9", "80"),
    ("B5 fourth and above, basements", "B5", "6", "9", "60"),
    ("D central system", "D", "10", "9", "100"), ("E pool (halved)", "E", "14", "9", None),
    ("F1 residential fence", "F1", "100", None, None), ("F2 other fence per metre", "F2", "6", "1", None),
    ("I1", "I1", "120", None, None), ("I3 per room", "I3", "50", None, None), ("I4 per storey", "I4", "36", None, None),
    ("I5 per 9 m²", "I5", "10", "9", None), ("I6 per month", "I6", "100", None, None),
    ("I7 per month", "I7", "100", None, None), ("J2 per 9 m² a year", "J2", "10", "9", "100"),
    ("J3 per metre a year", "J3", "6", "1", None), ("K2 per 6 months", "K2", "200", "6", None),
    ("L per metre a month", "L", "6", "1", None), ("M per signboard a year", "M", "100", None, None),
    ("N petil", "N", "10", None, None),
]


@pytest.mark.parametrize(("name", "code", "rate", "block", "minimum"), BUILDING_RATES,
                         ids=[r[0] for r in BUILDING_RATES])
def test_building_plan_rates_match_the_form(name, code, rate, block, minimum):
    version = load_all()["building_plan"].version_on(date(2025, 1, 1))
    item = version.item(code)
    assert item.rate == D(rate)
    assert item.block == (D(block) if block else None)
    assert item.minimum == (D(minimum) if minimum else None)


# ------------------------------------------------------------------------------------ loader strictness

def _mutated(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (SCHEDULES / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name  # same file name: the loader checks that `id` matches it
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_unmodified_copy_loads(tmp_path):
    path = _mutated(tmp_path, "deposit.toml", 'value = "300.00"', 'value = "300.00"')
    assert load_file(path).versions[0].item("detached_or_semi_detached").rate == D(300)


STRICT = [
    # name, file, old text, new text, key path the error must name
    ("an unknown key in an item", "deposit.toml", 'from = 2000-06-27\n', 'from = 2000-06-27\ncolour = "red"\n',
     "items[0].colour"),
    ("a missing unit", "deposit.toml", 'unit = { ms = "seunit", en = "per unit" }\n', "", "items[0].unit"),
    ("a float rate", "deposit.toml", 'value = "300.00"', "value = 300.0", "items[0].rate[0].value"),
    ("an integer rate", "building_plan.toml", 'value = "120.00"', "value = 120", "items[0].rate[0].value"),
    ("a rate that is not a number", "building_plan.toml", 'value = "14.00"', 'value = "14,00"',
     "items[1].rate[0].value"),
    ("a negative rate", "planning_permission.toml", 'value = "25.00"', 'value = "-25.00"',
     "items[1].rate[0].value"),
    ("an unknown top-level key", "planning_permission.toml", 'form = "MPKj/OSC/KM/PB-3"',
     'form = "MPKj/OSC/KM/PB-3"\nowner = "x"', "owner"),
    ("a date that is a string", "deposit.toml", "{ from = 2000-06-27,", '{ from = "2000-06-27",',
     "items[0].rate[0].from"),
    ("a rate change dated before the item", "deposit.toml", '{ from = 2000-06-27, value = "300.00" },',
     '{ from = 1999-01-01, value = "300.00" },', "items[0].rate[0].from"),
    ("rate changes out of order", "deposit.toml", '{ from = 2000-06-27, value = "300.00" },',
     '{ from = 2000-06-27, value = "300.00" },\n  { from = 2030-01-01, value = "350.00" },\n'
     '  { from = 2029-01-01, value = "320.00" },', "items[0].rate"),
    ("a withdrawal before the start", "deposit.toml", "from = 2000-06-27\n", "from = 2000-06-27\nuntil = 1999-01-01\n",
     "items[0].until"),
    ("a missing reference", "deposit.toml", 'reference = { item = "1" }\n', "", "items[0].reference"),
    ("a missing English label", "building_plan.toml", 'label = { ms = "Fi proses", en = "Processing fee" }',
     'label = { ms = "Fi proses" }', "items[0].label.en"),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "key"), STRICT, ids=[r[0] for r in STRICT])
def test_loader_names_the_file_and_the_key(tmp_path, name, file, old, new, key):
    path = _mutated(tmp_path, file, old, new)
    with pytest.raises(ScheduleDataError) as raised:
        load_file(path)
    message = str(raised.value)
    assert file in message
    assert key in message


def test_loader_reports_toml_syntax_errors_with_the_file_name(tmp_path):
    path = _mutated(tmp_path, "deposit.toml", 'value = "300.00"', 'value = "300.00')
    with pytest.raises(ScheduleDataError, match=r"deposit\.toml"):
        load_file(path)


# ------------------------------------------------------------------------------------ the input schema

def test_input_schema_is_json_and_lists_every_calculator():
    schema = calc.input_schema()
    json.dumps(schema)  # JSON-able
    assert [c["id"] for c in schema["calculators"]] == [c.id for c in CALCULATORS]
    assert schema["m2_per_ft2"] == "0.09290304"
    for calculator in schema["calculators"]:
        for field in calculator["fields"]:
            assert field["label"]["ms"] and field["label"]["en"]


def test_cli_prints_the_schema():
    run = subprocess.run([sys.executable, "-m", "calc", "schema"], cwd=ROOT, capture_output=True, timeout=60,
                         check=False)
    assert run.returncode == 0
    assert json.loads(run.stdout) == json.loads(json.dumps(calc.input_schema()))
