"""Bad requests: each is refused with an error document naming the field, through estimate, estimate_json and
the CLI (exit 2, no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

import calc

ROOT = Path(__file__).resolve().parents[2]
DATE = "2025-01-01"

PLAN = '{"schedule": "planning_permission", "application": "new", "date": "2025-01-01", %s}'
BUILD = ('{"schedule": "building_plan", "application": "new", "date": "2025-01-01", '
         '"designs": [{"units": 1, "floors": [{"level": 0, "area": %s}]}]%s}')
BOARD = ('{"schedule": "planning_permission", "application": "advertisement", "date": "2025-01-01", '
         '"boards": [{"type": %s, "width_ft": %s, "height_ft": 20}]}')
DEPOSIT = '{"schedule": "deposit", "date": %s, "items": [{"type": "town_house", "units": %s}]}'

# name, request as JSON text, the field path named, the error code
BAD = [
    ("a negative count", PLAN % '"residential_units": -1', "residential_units", "negative"),
    ("a negative area", BUILD % ("-1", ""), "designs[0].floors[0].area", "negative"),
    ("a negative area as a string", BUILD % ('"-0.5"', ""), "designs[0].floors[0].area", "negative"),
    ("a negative length", BUILD % ("9", ', "fence_length_m": -3'), "fence_length_m", "negative"),
    ("NaN as a JSON constant", PLAN % '"commercial_floor_area": NaN', "commercial_floor_area", "not_finite"),
    ("Infinity as a JSON constant", PLAN % '"commercial_floor_area": Infinity', "commercial_floor_area",
     "not_finite"),
    ("-Infinity as a JSON constant", BUILD % ("-Infinity", ""), "designs[0].floors[0].area", "not_finite"),
    ("NaN as a count", PLAN % '"residential_units": NaN', "residential_units", "not_finite"),
    ('"NaN" as a string', PLAN % '"commercial_floor_area": "NaN"', "commercial_floor_area", "not_finite"),
    ('"Infinity" as a string', PLAN % '"commercial_floor_area": "Infinity"', "commercial_floor_area", "not_finite"),
    ('"Infinity" as a count string', PLAN % '"low_cost_units": "Infinity"', "low_cost_units", "not_finite"),
    ("true as a count", PLAN % '"residential_units": true', "residential_units", "not_a_number"),
    ("false as a count", DEPOSIT % ('"2025-01-01"', "false"), "items[0].units", "not_a_number"),
    ("a fractional count", PLAN % '"residential_units": 2.5', "residential_units", "not_integer"),
    ("a fractional count as a string", PLAN % '"petrol_stations": "2.5"', "petrol_stations", "not_integer"),
    ("a fractional level", (BUILD % ("9", "")).replace('"level": 0', '"level": 0.5'), "designs[0].floors[0].level",
     "not_integer"),
    ('"12,5" with a decimal comma', PLAN % '"commercial_floor_area": "12,5"', "commercial_floor_area",
     "decimal_comma"),
    ('"12 m2" with a unit', PLAN % '"commercial_floor_area": "12 m2"', "commercial_floor_area", "not_a_number"),
    ("a number as a list", PLAN % '"residential_units": [1]', "residential_units", "not_a_number"),
    ("a typo: residental_units", PLAN % '"residental_units": 10', "residental_units", "unknown_field"),
    ("a typo inside a storey", BUILD % ('9, "areaa": 1', ""), "designs[0].floors[0].areaa", "unknown_field"),
    ("a typo inside a board", BOARD % ('"billboard", "purpse": "charity"', 10), "boards[0].purpse", "unknown_field"),
    ("an unknown development type",
     '{"schedule": "planning_permission", "application": "extension", "date": "2025-01-01", '
     '"development_type": "industrial"}', "development_type", "not_a_choice"),
    ("an unknown board type", BOARD % ('"banner"', 10), "boards[0].type", "not_a_choice"),
    ("an unknown deposit type", '{"schedule": "deposit", "date": "2025-01-01", "items": [{"type": "castle", '
     '"units": 1}]}', "items[0].type", "not_a_choice"),
    ("an unknown schedule", '{"schedule": "parking", "date": "2025-01-01"}', "schedule", "not_a_choice"),
    ("an unknown application", '{"schedule": "building_plan", "application": "demolition"}', "application",
     "not_a_choice"),
    ("an unknown area unit", BUILD % ("9", ', "area_unit": "acre"'), "area_unit", "not_a_choice"),
    ("an amendment type 5",
     '{"schedule": "building_plan", "application": "amendment", "date": "2025-01-01", "amendment_type": 5, '
     '"sheets": 1}', "amendment_type", "not_a_choice"),
    ("a month 13", DEPOSIT % ('"2025-13-01"', 1), "date", "not_a_date"),
    ("a day/month/year date", DEPOSIT % ('"01/02/2025"', 1), "date", "not_a_date"),
    ("a date as a number", DEPOSIT % ("20250101", 1), "date", "not_a_date"),
    ("30 February", DEPOSIT % ('"2025-02-30"', 1), "date", "not_a_date"),
    ("a date before any deposit schedule", DEPOSIT % ('"1999-12-31"', 1), "date", "too_early"),
    ("a count of 100001", PLAN % '"residential_units": 100001', "residential_units", "too_large"),
    ("10000001 m² of commercial floor", PLAN % '"commercial_floor_area": 10000001', "commercial_floor_area",
     "too_large"),
    ("10000001 m² on a storey", BUILD % ("10000001", ""), "designs[0].floors[0].area", "too_large"),
    # 107639105 ft² × 0.09290304 = 10000000.0871… m², just over the bound
    ("107639105 ft² is over 10,000,000 m²", BUILD % ("107639105", ', "area_unit": "ft2"'),
     "designs[0].floors[0].area", "too_large"),
    ("100001 buildings of a design", (BUILD % ("9", "")).replace('"units": 1', '"units": 100001'),
     "designs[0].units", "too_large"),
    ("a board of zero width", BOARD % ('"billboard"', 0), "boards[0].width_ft", "not_positive"),
    ("zero buildings of a design", (BUILD % ("9", "")).replace('"units": 1', '"units": 0'), "designs[0].units",
     "too_small"),
    ("no designs", '{"schedule": "building_plan", "application": "new", "date": "2025-01-01", "designs": []}',
     "designs", "too_few"),
    ("designs as an object", '{"schedule": "building_plan", "application": "new", "date": "2025-01-01", '
     '"designs": {"units": 1}}', "designs", "not_a_list"),
    ("a storey as a number", '{"schedule": "building_plan", "application": "new", "date": "2025-01-01", '
     '"designs": [{"units": 1, "floors": [9]}]}', "designs[0].floors[0]", "not_an_object"),
    # A building of no floor area at all would be charged item A alone, with no word: its first area is asked for.
    ("every storey 0 m²", BUILD % ('0}, {"level": 1, "area": "0.00"', ""), "designs[0].floors[0].area", "required"),
    ("every storey 0E+21 m²", BUILD % ("0E+21", ""), "designs[0].floors[0].area", "required"),
    ("a yes/no box given 1", PLAN % '"change_of_use": 1', "change_of_use", "not_boolean"),
    ("no schedule", '{"date": "2025-01-01"}', "schedule", "required"),
    ("no application", '{"schedule": "planning_permission"}', "application", "required"),
    ("a list instead of an object", "[]", None, "not_an_object"),
    ("a string instead of an object", '"deposit"', None, "not_an_object"),
    ("nothing to charge", PLAN % '"residential_units": 0', None, "empty"),
]

# Requests that are not JSON at all: CLI and estimate_json only.
NOT_JSON = [
    ("plain words", b"estimate my fees please"),
    ("an empty body", b""),
    ("a truncated object", b'{"schedule": "deposit", '),
    ("single quotes", b"{'schedule': 'deposit'}"),
    ("bytes that are not UTF-8", b"\xff\xfe\x00{"),
    ("a trailing comma", b'{"schedule": "deposit",}'),
]


def _check_errors(document: dict, field: str | None, code: str) -> None:
    assert set(document) == {"errors"}
    matching = [e for e in document["errors"] if e["field"] == field and e["code"] == code]
    assert matching, document["errors"]
    for error in document["errors"]:
        assert set(error) == {"field", "code", "message"}
        assert error["message"]["ms"].strip() and error["message"]["en"].strip()
        assert error["message"]["ms"] != error["message"]["en"]


@pytest.mark.parametrize(("name", "text", "field", "code"), BAD, ids=[row[0] for row in BAD])
def test_estimate_refuses(name, text, field, code):
    _check_errors(calc.estimate(json.loads(text)), field, code)  # NaN/Infinity arrive as Python floats
    _check_errors(calc.estimate(json.loads(text, parse_float=Decimal)), field, code)


@pytest.mark.parametrize(("name", "text", "field", "code"), BAD, ids=[row[0] for row in BAD])
def test_estimate_json_refuses(name, text, field, code):
    status, output = calc.estimate_json(text)
    assert status == 2
    _check_errors(json.loads(output), field, code)


def _cli(stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", "estimate"], input=stdin, cwd=ROOT, capture_output=True,
                          timeout=60, check=False)


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, subprocess.CompletedProcess]:
    """Every BAD row through the CLI, a few processes at a time (each run is still its own process)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda row: _cli(row[1].encode("utf-8")), BAD)
        return {row[0]: run for row, run in zip(BAD, runs, strict=True)}


@pytest.mark.parametrize(("name", "text", "field", "code"), BAD, ids=[row[0] for row in BAD])
def test_cli_exits_2_with_the_error_document(name, text, field, code, cli_runs):
    run = cli_runs[name]
    assert run.returncode == 2, run.stderr
    assert b"Traceback" not in run.stderr
    _check_errors(json.loads(run.stdout), field, code)


@pytest.mark.parametrize(("name", "raw"), NOT_JSON, ids=[row[0] for row in NOT_JSON])
def test_cli_refuses_what_is_not_json(name, raw):
    run = _cli(raw)
    assert run.returncode == 2, run.stderr
    assert b"Traceback" not in run.stderr
    _check_errors(json.loads(run.stdout), None, "invalid_json")


@pytest.mark.parametrize(("name", "raw"), NOT_JSON, ids=[row[0] for row in NOT_JSON])
def test_estimate_json_refuses_what_is_not_json(name, raw):
    status, output = calc.estimate_json(raw.decode("utf-8", errors="replace"))
    assert status == 2
    _check_errors(json.loads(output), None, "invalid_json")


def test_cli_reads_a_bad_request_from_a_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(PLAN % '"residental_units": 10', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "calc", "estimate", str(path)], cwd=ROOT, capture_output=True,
                         timeout=60, check=False)
    assert run.returncode == 2
    _check_errors(json.loads(run.stdout), "residental_units", "unknown_field")


# ------------------------------------------------------------------------------------ several problems at once

SEVERAL = [
    ("four problems in a planning request",
     {"schedule": "planning_permission", "application": "new", "date": DATE, "residential_units": -1,
      "low_cost_units": "x", "commercial_floor_area": "NaN", "petrol_station": 1},
     [("residential_units", "negative"), ("low_cost_units", "not_a_number"),
      ("commercial_floor_area", "not_finite"), ("petrol_station", "unknown_field")]),
    ("four problems in nested building designs",
     {"schedule": "building_plan", "application": "new", "date": DATE, "pool": 10,
      "designs": [{"units": 0, "floors": [{"level": 0, "area": -5}]},
                  {"units": 1, "floors": [{"level": "1.5", "area": 10}]}]},
     [("pool", "unknown_field"), ("designs[0].units", "too_small"), ("designs[0].floors[0].area", "negative"),
      ("designs[1].floors[0].level", "not_integer")]),
    ("three problems in a deposit request",
     {"schedule": "deposit", "date": "2025-02-30",
      "items": [{"type": "castle", "units": 1}, {"type": "shed", "units": 1.5}]},
     [("date", "not_a_date"), ("items[0].type", "not_a_choice"), ("items[1].units", "not_integer")]),
    ("a too-early date and a bad count together",
     {"schedule": "building_plan", "application": "permits", "date": "2021-11-10", "petil": -1},
     [("date", "too_early"), ("petil", "negative")]),
]


@pytest.mark.parametrize(("name", "request_", "expected"), SEVERAL, ids=[row[0] for row in SEVERAL])
def test_all_problems_are_reported_at_once(name, request_, expected):
    response = calc.estimate(request_)
    got = [(e["field"], e["code"]) for e in response["errors"]]
    assert len(got) == len(expected)
    assert sorted(got) == sorted(expected)


# ------------------------------------------------------------------------------------ empty requests

EMPTY = [
    ("planning, new, nothing filled in", {"schedule": "planning_permission", "application": "new"}),
    ("planning, new, everything zero or unticked",
     {"schedule": "planning_permission", "application": "new", "residential_units": 0, "commercial_floor_area": 0,
      "building_alteration": False}),
    ("deposit without rows", {"schedule": "deposit"}),
    ("deposit with empty lists", {"schedule": "deposit", "items": [], "additional_works": []}),
    ("permits with nothing", {"schedule": "building_plan", "application": "permits"}),
    ("permits with zeros", {"schedule": "building_plan", "application": "permits", "hoarding_length_m": 0,
                            "signboards": 0, "petil": 0}),
    ("a temporary building of no area and no fence",
     {"schedule": "building_plan", "application": "temporary_building", "floors": [{"level": 0, "area": 0}],
      "permit_years": 1}),
]


@pytest.mark.parametrize(("name", "request_"), EMPTY, ids=[row[0] for row in EMPTY])
def test_nothing_to_charge_is_an_empty_error(name, request_):
    response = calc.estimate({**request_, "date": DATE})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [(None, "empty")]
    status, _ = calc.estimate_json(json.dumps({**request_, "date": DATE}))
    assert status == 2


def test_a_charity_board_alone_is_not_empty():
    status, output = calc.estimate_json(json.dumps(
        {"schedule": "planning_permission", "application": "advertisement", "date": DATE,
         "boards": [{"type": "billboard", "width_ft": 10, "height_ft": 20, "purpose": "charity"}]}))
    assert status == 0
    response = json.loads(output)
    assert response["total"] == "0.00"
    assert [line["amount"] for line in response["lines"]] == ["0.00"]


# ------------------------------------------------------------------------------------ extreme numbers

# Absurd but well-formed JSON numbers must still be answered with an error document, never an exception.
EXTREME = [
    ("an area of 1e9999999 ft²", BUILD % ("1e9999999", ', "area_unit": "ft2"'), "designs[0].floors[0].area",
     "too_large"),
    ("an area of 1e9999999 m²", BUILD % ("1e9999999", ""), "designs[0].floors[0].area", "too_large"),
    ("a count of 1e9999999", PLAN % '"residential_units": 1e9999999', "residential_units", "too_large"),
    ("a money amount of 1e9999999",
     '{"schedule": "building_plan", "application": "amendment", "date": "2025-01-01", "amendment_type": 3, '
     '"sheets": 1, "previous_plan_fee": 1e9999999}', "previous_plan_fee", "too_large"),
]


@pytest.mark.parametrize(("name", "text", "field", "code"), EXTREME, ids=[row[0] for row in EXTREME])
def test_extreme_exponents_are_refused_not_raised(name, text, field, code):
    status, output = calc.estimate_json(text)
    assert status == 2
    _check_errors(json.loads(output), field, code)


def test_the_smallest_area_accepted_is_still_one_block():
    # "or part thereof": any positive area is at least one 9 m² block → the ground-floor minimum, RM 140
    status, output = calc.estimate_json(BUILD % ("1e-20", ""))
    assert status == 0
    lines = json.loads(output)["lines"]
    assert [(line["item"], line["amount"]) for line in lines] == [("A", "120.00"), ("B1", "140.00")]


def test_a_huge_python_integer_as_a_choice_is_an_error_not_an_exception():
    # Python callers may pass ints of any size; str() of an int over 4300 digits raises in CPython 3.11+.
    response = calc.estimate({"schedule": "deposit", "date": DATE, "items": [{"type": 10 ** 5000, "units": 1}]})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("items[0].type", "not_a_choice")]
    response = calc.estimate({"schedule": 10 ** 5000})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("schedule", "not_a_choice")]


def test_a_huge_exponent_as_an_amendment_type_is_refused_promptly():
    # A hang guard, not a timing assertion: the answer needs microseconds; converting 1E+9999999 to an int
    # (10**9999999) takes many minutes, so a child process that has not answered within 10 s is stuck.
    text = ('{"schedule": "building_plan", "application": "amendment", "date": "2025-01-01", '
            '"amendment_type": 1e9999999, "sheets": 1}')
    try:
        run = subprocess.run([sys.executable, "-m", "calc", "estimate"], input=text.encode(), cwd=ROOT,
                             capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("calc did not answer a request with amendment_type 1e9999999 within 10 s")
    assert run.returncode == 2
    _check_errors(json.loads(run.stdout), "amendment_type", "not_a_choice")


def test_a_list_short_of_its_one_row_says_row_in_the_singular():
    document = calc.estimate({"schedule": "building_plan", "application": "new", "date": "2025-01-01",
                              "designs": []})
    (error,) = [e for e in document["errors"] if e["code"] == "too_few"]
    assert error["message"]["en"].endswith("at least 1 row is needed.")
    assert error["message"]["ms"].endswith("sekurang-kurangnya 1 baris diperlukan.")
