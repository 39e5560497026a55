"""Numbers as people write them, messages that fit the field, no value dropped without a word, and an item not
in force on the request's date (the calc contract's request fields; issue 11)."""

from __future__ import annotations

import importlib
from decimal import Decimal as D

import pytest
from estimates import DATE, amounts, ok

import calc

ESTIMATE_MODULE = importlib.import_module("calc.engine")

PLAN = {"schedule": "planning_permission", "application": "new", "date": DATE}
AMENDMENT = {"schedule": "building_plan", "application": "amendment", "date": DATE, "sheets": 1}
PERMITS = {"schedule": "building_plan", "application": "permits", "date": DATE}


def codes(response: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in response["errors"]]


# ------------------------------------------------------------------------------------ thousands separators

WRITTEN = [
    # A2: RM 50 per 100 m² or part (planning schedule, item A2)
    ('"1,350" m²: 14 blocks × 50', {"commercial_floor_area": "1,350"}, "A2", 14 * 50),
    ('"6,000" m² (as the council\'s form writes "6,000kps"): 60 blocks × 50', {"commercial_floor_area": "6,000"},
     "A2", 60 * 50),
    ('"1,250.5" m²: 13 blocks × 50 (worked example 2)', {"commercial_floor_area": "1,250.5"}, "A2", 13 * 50),
    ('"1,000,000" m²: 10,000 blocks × 50', {"commercial_floor_area": "1,000,000"}, "A2", 10_000 * 50),
    ('" 1,350 " with spaces around', {"commercial_floor_area": " 1,350 "}, "A2", 14 * 50),
    # A1 i, marginal tiers: 100 × 50 + 100 × 45 + 800 × 40
    ('a count of "1,000" residential units', {"residential_units": "1,000"}, "A1i", 100 * 50 + 100 * 45 + 800 * 40),
    # A1 ii: RM 25 a unit
    ('a count of "1,500" low-cost units', {"low_cost_units": "1,500"}, "A1ii", 1500 * 25),
]


@pytest.mark.parametrize(("name", "fields", "item", "expected"), WRITTEN, ids=[row[0] for row in WRITTEN])
def test_thousands_separators_are_read(name, fields, item, expected):
    assert sum(amounts(ok({**PLAN, **fields}), item)) == expected


def test_a_thousands_separator_in_square_feet():
    # 1,600 ft² × 0.09290304 = 148.644864 m² → 17 blocks of 9 m² × RM 14 = 238 (worked example 5's ground floor)
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE, "area_unit": "ft2",
                   "designs": [{"units": 1, "floors": [{"level": 0, "area": "1,600"}]}]})
    assert amounts(response, "B1") == [238]


COMMAS = [
    ('"12,5" (a decimal comma)', "12,5"), ('"1,35"', "1,35"), ('"1,3500"', "1,3500"), ('"1.250,5"', "1.250,5"),
    ('"1,250,5"', "1,250,5"), ('"-1,5"', "-1,5"),
]


@pytest.mark.parametrize(("name", "text"), COMMAS, ids=[row[0] for row in COMMAS])
def test_a_comma_that_cannot_group_thousands_says_use_a_point(name, text):
    response = calc.estimate({**PLAN, "commercial_floor_area": text})
    assert codes(response) == [("commercial_floor_area", "decimal_comma")]
    message = response["errors"][0]["message"]
    assert "use a point for decimals" in message["en"] and "gunakan titik untuk perpuluhan" in message["ms"]


def test_a_count_with_a_decimal_comma_asks_for_a_whole_number():
    response = calc.estimate({**PLAN, "residential_units": "1,5"})
    assert codes(response) == [("residential_units", "decimal_comma")]
    assert "enter a whole number, like 20 or 1,350" in response["errors"][0]["message"]["en"]


NOT_NUMBERS = [",5", "1,,000", "12,", "12 m2", "RM 100", "1_000", "1 350", "abc"]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_what_is_not_a_number_at_all_stays_not_a_number(text):
    assert codes(calc.estimate({**PLAN, "commercial_floor_area": text})) == [("commercial_floor_area", "not_a_number")]


# ------------------------------------------------------------------------------------ messages fit the field

def _message(request: dict) -> dict[str, str]:
    response = calc.estimate(request)
    assert len(response["errors"]) == 1, response["errors"]
    return response["errors"][0]["message"]


def test_a_whole_number_field_asks_for_a_whole_number():
    for text in ("x", "2.5"):
        message = _message({**PLAN, "residential_units": text})
        assert message["en"] == "Residential units: enter a whole number, like 20."
        assert message["ms"] == "Unit kediaman: masukkan nombor bulat, contohnya 20."


def test_an_area_asks_for_an_area_in_the_unit_of_the_request():
    message = _message({**PLAN, "commercial_floor_area": "lots"})
    assert message["en"].endswith(": enter the area in m², like 1,250.5.")
    assert "(no commas or units)" not in message["en"]
    message = _message({"schedule": "building_plan", "application": "new", "date": DATE, "area_unit": "ft2",
                        "designs": [{"units": 1, "floors": [{"level": 0, "area": "big"}]}]})
    assert message["en"].endswith(": enter the area in square feet (ft²), like 1,250.5.")
    assert message["ms"].endswith(": masukkan keluasan dalam kaki persegi (kps), contohnya 1,250.5.")


def test_a_level_says_how_levels_are_numbered():
    message = _message({"schedule": "building_plan", "application": "new", "date": DATE,
                        "designs": [{"units": 1, "floors": [{"level": "G", "area": 9}]}]})
    assert "enter the level as a whole number: 0 ground floor, 1 first floor, -1 basement 1" in message["en"]
    assert "0 tingkat tanah" in message["ms"]


def test_money_and_lengths_have_their_own_words():
    message = _message({**AMENDMENT, "amendment_type": 3, "previous_plan_fee": "RM 100"})
    assert message["en"].endswith("enter the amount in ringgit, like 7,091.00.")
    message = _message({**PERMITS, "hoarding_length_m": "10m"})
    assert message["en"].endswith("enter the length in metres, like 12.5.")


# ------------------------------------------------------------------------------------ no silent drop

DROPPED = [
    ("H3 without the previous plan's fee", {**AMENDMENT, "amendment_type": 3}, "previous_plan_fee", "required"),
    ("H3 with an empty previous plan's fee", {**AMENDMENT, "amendment_type": 3, "previous_plan_fee": None},
     "previous_plan_fee", "required"),
    ("H3 with a previous plan's fee of 0", {**AMENDMENT, "amendment_type": 3, "previous_plan_fee": "0"},
     "previous_plan_fee", "not_positive"),
    ("H3 with added area but no previous fee",
     {**AMENDMENT, "amendment_type": 3, "added_floors": [{"level": 0, "area": 50}]}, "previous_plan_fee", "required"),
    ("H4 without storeys", {**AMENDMENT, "amendment_type": 4}, "finish_floors", "required"),
    ("H4 with an empty list of storeys", {**AMENDMENT, "amendment_type": 4, "finish_floors": []}, "finish_floors",
     "required"),
    ("hoarding months without a length", {**PERMITS, "hoarding_months": 12, "petil": 1}, "hoarding_length_m",
     "required"),
    ("hoarding months with a length of 0", {**PERMITS, "hoarding_months": 12, "hoarding_length_m": 0},
     "hoarding_length_m", "required"),
    ("a detached house hoarding without a length", {**PERMITS, "hoarding_project": "detached_house", "petil": 1},
     "hoarding_length_m", "required"),
    ("signboard years without signboards", {**PERMITS, "signboard_years": 2, "petil": 1}, "signboards", "required"),
    ("signboard years with 0 signboards", {**PERMITS, "signboard_years": 2, "signboards": 0}, "signboards",
     "required"),
]


@pytest.mark.parametrize(("name", "request_", "field", "code"), DROPPED, ids=[row[0] for row in DROPPED])
def test_a_value_that_would_be_dropped_is_an_error_at_its_field(name, request_, field, code):
    response = calc.estimate(request_)
    assert codes(response) == [(field, code)]
    message = response["errors"][0]["message"]
    assert message["ms"].strip() and message["en"].strip() and message["ms"] != message["en"]


def test_the_messages_say_what_the_field_is_needed_for():
    en = _message({**AMENDMENT, "amendment_type": 3})["en"]
    assert en == "Fee of the plan approved before (RM) (H3): is required for amendment type H3."
    en = _message({**PERMITS, "signboard_years": 2})["en"]
    assert en == "Number of signboards: is required when \u201cSignboard period (years)\u201d is filled in."


KEPT = [
    # H3: 120 application + 120 × 1 sheet + ½ × 7,091 = 3,545.50 → 3,785.50
    ("H3 with its previous fee", {**AMENDMENT, "amendment_type": 3, "previous_plan_fee": "7,091"}, D("3785.50")),
    # H4: 120 + 120 + ½ × max(10 blocks × 14, 140) = 70 → 310
    ("H4 with its storey", {**AMENDMENT, "amendment_type": 4, "finish_floors": [{"level": 0, "area": 90}]}, D(310)),
    # the form sends its default project type with every request: with signboards only, 2 × 100 × 1 year
    ("the default hoarding project with signboards only", {**PERMITS, "hoarding_project": "development",
                                                           "signboards": 2}, D(200)),
    # L: 10 m × 12 months × 6 = 720
    ("hoarding months with a length", {**PERMITS, "hoarding_months": 12, "hoarding_length_m": 10}, D(720)),
    # M: 2 signboards × 3 years × 100 = 600
    ("signboard years with signboards", {**PERMITS, "signboard_years": 3, "signboards": 2}, D(600)),
]


@pytest.mark.parametrize(("name", "request_", "total"), KEPT, ids=[row[0] for row in KEPT])
def test_the_same_values_with_what_they_need_are_charged(name, request_, total):
    assert D(ok(request_)["total"]) == total


