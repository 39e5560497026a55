"""What an application's response says besides its lines and total: refused fields, notes, the deposit types.

The hand-worked lines and totals of every application are the cases of tests/cases/*.yaml (tests/calc/test_cases.py).
"""

from __future__ import annotations

import pytest
from estimates import DATE, ok

import calc
from tests.cases.load import load_cases


def ids(rows):
    return [row[0] for row in rows]


NOT_APPLICABLE = [
    ("added floors on an H1", {"amendment_type": 1, "added_floors": [{"level": 0, "area": 10}]}, "added_floors"),
    ("added fittings on an H4", {"amendment_type": 4, "added_sanitary": {"wc": 1},
                                 "finish_floors": [{"level": 0, "area": 10}]}, "added_sanitary"),
    ("previous plan fee on an H2", {"amendment_type": 2, "previous_plan_fee": 100}, "previous_plan_fee"),
    ("finish floors on an H3", {"amendment_type": 3, "finish_floors": [{"level": 0, "area": 10}],
                                "previous_plan_fee": 100}, "finish_floors"),
]


@pytest.mark.parametrize(("name", "fields", "field"), NOT_APPLICABLE, ids=ids(NOT_APPLICABLE))
def test_amendment_fields_of_another_type_are_refused(name, fields, field):
    response = calc.estimate({"schedule": "building_plan", "application": "amendment", "date": DATE, "sheets": 1,
                              **fields})
    assert [(e["field"], e["code"]) for e in response["errors"]] == [(field, "not_applicable")]


def test_hoarding_below_its_minimum_says_so_in_a_note():
    response = ok({"schedule": "building_plan", "application": "permits", "date": DATE,
                   "hoarding_length_m": 10, "hoarding_months": 6})
    assert any("12" in note["en"] and "6" in note["en"] for note in response["notes"])


def test_every_deposit_type_has_a_case():
    schema = calc.input_schema()
    deposit = next(c for c in schema["calculators"] if c["id"] == "deposit")
    items = next(f for f in deposit["fields"] if f["name"] == "items")
    kinds = next(f for f in items["fields"] if f["name"] == "type")
    covered = {item["type"] for case in load_cases() if case["request"]["schedule"] == "deposit"
               for item in case["request"].get("items", [])}
    assert {c["value"] for c in kinds["choices"]} == covered


def test_the_complex_deposit_is_noted_as_a_minimum():
    response = ok({"schedule": "deposit", "date": DATE,
                   "items": [{"type": "sports_office_commercial_complex", "units": 1}]})
    assert any("minimum" in note["en"] and "minima" in note["ms"] for note in response["notes"])
