"""Boundary cases that are not a request's lines and total: numbers too precise to take, the first day a schedule
is in force and the day before it, the date a request without one is worked out on.

The hand-worked boundary amounts (house tiers, blocks of 100 m² and of 9 m², storey minimums, square feet, the row
discount, billboard sizes, the first day in force) are cases of tests/cases/*.yaml (tests/calc/test_cases.py).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from estimates import DATE

import calc


def building_new(floors, units=1, **fields) -> dict:
    return {"schedule": "building_plan", "application": "new", "date": DATE,
            "designs": [{"units": units, "floors": floors}], **fields}


# More than 20 decimal places is refused by name rather than rounded: no number is ever silently changed.
TOO_PRECISE = ["90." + "0" * 20 + "1", D("1e-9999999"), "0.000000000000000000001"]


@pytest.mark.parametrize("area", TOO_PRECISE)
def test_more_than_twenty_decimal_places_is_refused(area):
    response = calc.estimate(building_new([{"level": 0, "area": area}]))
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("designs[0].floors[0].area", "too_precise")]


# ------------------------------------------------------------------------------------ first dates in force

# The first day itself is a case of tests/cases/*.yaml: "the first day the ... is in force".
# Planning: the OSC Committee's approval of 9 September 2009 (form MPKj/OSC/KM/PB-3, p. 3); building plan: the
# form's footnote, in use from 11 November 2021 (form MPKj/JKB/B1-2013); deposit: full Council meeting 6/2000 of
# 27 June 2000 (form MPKj/JKB/B1-2013, p. 5).
FIRST_DATES = [
    ("planning permission", {"schedule": "planning_permission", "application": "extension",
                             "development_type": "mixed"}, "2009-09-08"),
    ("building plan", {"schedule": "building_plan", "application": "permits", "petil": 1}, "2021-11-10"),
    ("deposit", {"schedule": "deposit", "items": [{"type": "town_house", "units": 1}]}, "2000-06-26"),
]


@pytest.mark.parametrize(("name", "request_", "before"), FIRST_DATES, ids=[r[0] for r in FIRST_DATES])
def test_the_day_before_the_first_day_in_force_is_refused(name, request_, before):
    refused = calc.estimate({**request_, "date": before})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("date", "too_early")]
    message = refused["errors"][0]["message"]
    assert message["ms"] and message["en"] and message["ms"] != message["en"]


def test_date_defaults_to_today():
    from datetime import date

    request = {"schedule": "deposit", "items": [{"type": "town_house", "units": 1}]}
    assert calc.estimate(request, today=date(2024, 2, 29))["date"] == "2024-02-29"
    assert calc.estimate(request, today=date(2000, 6, 26))["errors"][0]["code"] == "too_early"
