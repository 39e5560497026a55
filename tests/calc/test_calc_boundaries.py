"""Table-driven boundary cases. Every expected amount is worked out by hand from the seeds (001, 002).

Conventions: "ceil(x / 9)" is the number of whole 9 m² blocks ("or part thereof", fees.md §2 rule 1); each
storey pays max(rate × blocks, minimum) (rule 2). Building plan requests always include item A (RM 120).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from estimates import DATE, amounts, ok

import calc


def planning_new(**fields) -> dict:
    return {"schedule": "planning_permission", "application": "new", "date": DATE, **fields}


def building_new(floors, units=1, **fields) -> dict:
    return {"schedule": "building_plan", "application": "new", "date": DATE,
            "designs": [{"units": units, "floors": floors}], **fields}


# ------------------------------------------------------------------------------------ planning A1 i tiers

RESIDENTIAL = [
    ("one unit pays the first-tier rate", 1, 50),
    ("unit 100 is the last at RM 50", 100, 100 * 50),
    ("unit 101 is the first at RM 45", 101, 100 * 50 + 1 * 45),
    ("unit 200 is the last at RM 45", 200, 100 * 50 + 100 * 45),
    ("unit 201 is the first at RM 40", 201, 100 * 50 + 100 * 45 + 1 * 40),
    ("a thousand units", 1000, 100 * 50 + 100 * 45 + 800 * 40),
]


@pytest.mark.parametrize(("name", "units", "expected"), RESIDENTIAL, ids=[r[0] for r in RESIDENTIAL])
def test_residential_tiers_are_marginal(name, units, expected):
    response = ok(planning_new(residential_units=units))
    assert D(response["total"]) == expected
    assert sum(amounts(response, "A1i")) == expected


def test_low_cost_and_malay_reserve_units_are_not_counted_in_the_tiers():
    # 100 residential at RM 50 stay in tier 1; 50 low-cost × 25; 30 Malay Reserve × 25
    response = ok(planning_new(residential_units=100, low_cost_units=50, malay_reserve_units=30))
    assert D(response["total"]) == 100 * 50 + 50 * 25 + 30 * 25
    assert amounts(response, "A1ii") == [D(50 * 25)]
    assert amounts(response, "A1iii") == [D(30 * 25)]


# ------------------------------------------------------------------------------------ planning A2

COMMERCIAL = [
    ("a sliver of floor area is one block", "0.01", 1 * 50),
    ("exactly 100 m² is one block", "100", 1 * 50),
    ("100.01 m² is two blocks", "100.01", 2 * 50),
    ("250 m² is three blocks (the rule-1 example)", "250", 3 * 50),
    ("exactly 1000 m² is ten blocks", "1000", 10 * 50),
]


@pytest.mark.parametrize(("name", "area", "expected"), COMMERCIAL, ids=[r[0] for r in COMMERCIAL])
def test_commercial_floor_area_per_100_m2_or_part(name, area, expected):
    for value in (area, float(area)):  # a decimal string and a JSON number give the same answer
        response = ok(planning_new(commercial_floor_area=value))
        assert amounts(response, "A2") == [D(expected)]


# ------------------------------------------------------------------------------------ building B per storey

# 90 m² is exactly 10 blocks of 9 m², and every storey minimum is exactly 10 × its rate, so 90 m² pays the
# minimum on every level and 90.01 m² (11 blocks) is the first area above it.
STOREYS = [
    # name, level, area (m²), item, expected B amount
    ("ground 9 m² is 1 block, raised to the minimum", 0, "9", "B1", max(1 * 14, 140)),
    ("ground 9.01 m² is 2 blocks, still the minimum", 0, "9.01", "B1", max(2 * 14, 140)),
    ("ground 90 m² is 10 blocks = the minimum", 0, "90", "B1", max(10 * 14, 140)),
    ("ground 90.01 m² is 11 blocks", 0, "90.01", "B1", 11 * 14),
    ("ground 99 m² is 11 blocks", 0, "99", "B1", 11 * 14),
    ("ground 99.01 m² is 12 blocks", 0, "99.01", "B1", 12 * 14),
    ("first floor 1 m² pays its minimum", 1, "1", "B2", 120),
    ("first floor 90 m²", 1, "90", "B2", 10 * 12),
    ("first floor 90.01 m²", 1, "90.01", "B2", 11 * 12),
    ("second floor 1 m² pays its minimum", 2, "1", "B3", 100),
    ("second floor 90 m²", 2, "90", "B3", 10 * 10),
    ("second floor 90.01 m²", 2, "90.01", "B3", 11 * 10),
    ("third floor 1 m² pays its minimum", 3, "1", "B4", 80),
    ("third floor 90 m²", 3, "90", "B4", 10 * 8),
    ("third floor 90.01 m²", 3, "90.01", "B4", 11 * 8),
    ("fourth floor 1 m² pays the B5 minimum", 4, "1", "B5", 60),
    ("fourth floor 90 m²", 4, "90", "B5", 10 * 6),
    ("fourth floor 90.01 m²", 4, "90.01", "B5", 11 * 6),
    ("seventh floor is B5", 7, "90.01", "B5", 11 * 6),
    ("seventh floor 1 m² pays the B5 minimum", 7, "1", "B5", 60),
    ("basement -1 is B5 (minimum)", -1, "1", "B5", 60),
    ("basement -1 is B5", -1, "90.01", "B5", 11 * 6),
    ("basement -2 is B5", -2, "180.5", "B5", 21 * 6),  # 180.5 / 9 = 20.06 → 21 blocks
]


@pytest.mark.parametrize(("name", "level", "area", "item", "expected"), STOREYS, ids=[r[0] for r in STOREYS])
def test_each_storey_pays_rate_times_blocks_or_its_minimum(name, level, area, item, expected):
    response = ok(building_new([{"level": level, "area": area}]))
    assert amounts(response, item) == [D(expected)]
    assert D(response["total"]) == 120 + expected  # + A


def test_a_storey_of_no_area_pays_nothing_not_even_its_minimum():
    response = ok(building_new([{"level": 0, "area": 0}, {"level": 1, "area": 90.01}]))
    assert amounts(response, "B1") == []
    assert D(response["total"]) == 120 + 11 * 12


# ------------------------------------------------------------------------------------ ft² conversion

# 1 ft² = 0.09290304 m² exactly, so 9 m² = 96.875 ft² and 90 m² = 968.75 ft² exactly.
SQUARE_FEET = [
    ("968.75 ft² is exactly 90 m², 10 ground blocks", {"designs_area": "968.75"}, "B1", 10 * 14),
    ("968.76 ft² is just over 90 m², 11 ground blocks", {"designs_area": "968.76"}, "B1", 11 * 14),
    ("96.875 ft² pool is exactly 9 m², 1 block, half of 14", {"pool_area": "96.875"}, "E", D(1 * 14) / 2),
    ("96.876 ft² pool is 2 blocks, half of 28", {"pool_area": "96.876"}, "E", D(2 * 14) / 2),
    ("96.875 ft² central system is 1 block → the RM 100 minimum", {"central_system_area": "96.875"}, "D", 100),
    ("1937.5 ft² central system is exactly 180 m², 20 blocks", {"central_system_area": "1937.5"}, "D", 20 * 10),
    ("1937.51 ft² central system is 21 blocks", {"central_system_area": "1937.51"}, "D", 21 * 10),
]


@pytest.mark.parametrize(("name", "fields", "item", "expected"), SQUARE_FEET, ids=[r[0] for r in SQUARE_FEET])
def test_square_feet_are_converted_exactly_before_blocks_are_counted(name, fields, item, expected):
    fields = dict(fields)
    ground = fields.pop("designs_area", "968.75")
    response = ok(building_new([{"level": 0, "area": ground}], area_unit="ft2", **fields))
    assert amounts(response, item) == [D(expected)]


PERMIT_AREA_FT2 = [
    ("96.875 ft² addition permit is 1 block", "96.875", 1 * 10),
    ("96.876 ft² addition permit is 2 blocks", "96.876", 2 * 10),
]


@pytest.mark.parametrize(("name", "area", "expected"), PERMIT_AREA_FT2, ids=[r[0] for r in PERMIT_AREA_FT2])
def test_square_feet_block_edge_on_an_item_without_minimum(name, area, expected):
    response = ok({"schedule": "building_plan", "application": "addition", "date": DATE, "area_unit": "ft2",
                   "permit_area": area})
    assert amounts(response, "I5") == [D(expected)]
    assert D(response["total"]) == 120 + expected  # + I1


# Blocks are counted on the exact area (rules 1 and 6), up to the 20 decimal places calc accepts.
LONG_DECIMALS = [
    # 90 m² is 968.75193750387500775001…ft² (90 / 0.09290304 does not terminate): the two 20-decimal neighbours
    ("ft² a hair above 90 m² (20 decimals) is 11 ground blocks", "ft2", "968.75193750387500775002", 11 * 14),
    ("ft² a hair below 90 m² (20 decimals) is 10 ground blocks", "ft2", "968.75193750387500775001", 10 * 14),
    ("m² a hair above 90 m² (20 decimals) is 11 ground blocks", "m2", "90." + "0" * 19 + "1", 11 * 14),
    ("m² exactly 90 with 20 decimals is 10 ground blocks", "m2", "90." + "0" * 20, 10 * 14),
]


@pytest.mark.parametrize(("name", "unit", "area", "expected"), LONG_DECIMALS, ids=[r[0] for r in LONG_DECIMALS])
def test_blocks_are_counted_on_the_exact_area_even_with_many_digits(name, unit, area, expected):
    response = ok(building_new([{"level": 0, "area": area}], area_unit=unit))
    assert amounts(response, "B1") == [D(expected)]


# More than 20 decimal places is refused by name rather than rounded: no number is ever silently changed.
TOO_PRECISE = ["90." + "0" * 20 + "1", D("1e-9999999"), "0.000000000000000000001"]


@pytest.mark.parametrize("area", TOO_PRECISE)
def test_more_than_twenty_decimal_places_is_refused(area):
    response = calc.estimate(building_new([{"level": 0, "area": area}]))
    assert [(e["field"], e["code"]) for e in response["errors"]] == [("designs[0].floors[0].area", "too_precise")]


# ------------------------------------------------------------------------------------ row discount G

# One ground storey of 90.01 m² → 11 blocks × 14 = RM 154 per building (above the RM 140 minimum).
PER_BUILDING = D(11 * 14)
ROW = [
    # name, units, factor sum worked by hand
    ("one building pays in full", 1, D(1)),
    ("two buildings: 1 + 0.9", 2, 1 + 1 * D("0.9")),
    ("five buildings: 1 + 4×0.9", 5, 1 + 4 * D("0.9")),
    ("six buildings: 1 + 4×0.9 + 0.85", 6, 1 + 4 * D("0.9") + 1 * D("0.85")),
    ("ten buildings: 1 + 4×0.9 + 5×0.85", 10, 1 + 4 * D("0.9") + 5 * D("0.85")),
    ("eleven buildings: … + 0.75", 11, 1 + 4 * D("0.9") + 5 * D("0.85") + 1 * D("0.75")),
    ("25 buildings: … + 15×0.75", 25, 1 + 4 * D("0.9") + 5 * D("0.85") + 15 * D("0.75")),
    ("26 buildings: … + 0.6", 26, 1 + 4 * D("0.9") + 5 * D("0.85") + 15 * D("0.75") + 1 * D("0.6")),
    ("30 buildings: … + 5×0.6", 30, 1 + 4 * D("0.9") + 5 * D("0.85") + 15 * D("0.75") + 5 * D("0.6")),
]


@pytest.mark.parametrize(("name", "units", "factor"), ROW, ids=[r[0] for r in ROW])
def test_row_discount_band_edges(name, units, factor):
    response = ok(building_new([{"level": 0, "area": "90.01"}], units=units))
    b_total = sum(amounts(response, "B1"))
    g_total = sum(amounts(response, "G"))
    assert b_total == PER_BUILDING * units  # B before the discount: every building in full
    assert b_total + g_total == PER_BUILDING * factor
    assert D(response["total"]) == 120 + PER_BUILDING * factor
    if units == 1:
        assert amounts(response, "G") == []


def test_row_discount_applies_to_the_minimum_raised_fee_and_never_to_sanitary():
    # 2 buildings, ground 9 m² → max(14, 140) = 140 each; 2 WC each at RM 5 (never discounted)
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE,
                   "designs": [{"units": 2, "floors": [{"level": 0, "area": 9}], "sanitary": {"wc": 2}}]})
    assert D(response["total"]) == 120 + 140 * (1 + D("0.9")) + 2 * 5 * 2


def test_each_design_counts_its_own_buildings():
    # two designs of 5 buildings each: each pays 1 + 4×0.9 = 4.6 (not 10 buildings' 8.85)
    floors = [{"level": 0, "area": "90.01"}]
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE,
                   "designs": [{"name": "P", "units": 5, "floors": floors},
                               {"name": "Q", "units": 5, "floors": floors}]})
    assert D(response["total"]) == 120 + 2 * PER_BUILDING * (1 + 4 * D("0.9"))


# ------------------------------------------------------------------------------------ billboards (rule 5)

BOARDS = [
    # name, width_ft, height_ft, count, item, expected
    ("exactly 10′ × 20′ = 200 ft² pays RM 200", 10, 20, 1, "C1", 200),
    ("20′ × 10′ is the same size", 20, 10, 1, "C1", 200),
    ("10′ × 19.999′ = 199.99 ft² pays RM 100", 10, "19.999", 1, "C2", 100),
    ("199.99 ft² the other way round", "19.999", 10, 1, "C2", 100),
    ("5′ × 40′ = 200 ft² pays RM 200 (area decides)", 5, 40, 1, "C1", 200),
    ("20′ × 80′ (a listed size) pays RM 200", 20, 80, 1, "C1", 200),
    ("three 8′ × 12′ boards pay 3 × 100", 8, 12, 3, "C2", 3 * 100),
    ("two 10′ × 40′ boards pay 2 × 200", 10, 40, 2, "C1", 2 * 200),
]


@pytest.mark.parametrize(("name", "width", "height", "count", "item", "expected"), BOARDS, ids=[r[0] for r in BOARDS])
def test_billboard_size_edge(name, width, height, count, item, expected):
    response = ok({"schedule": "planning_permission", "application": "advertisement", "date": DATE,
                   "boards": [{"type": "billboard", "width_ft": width, "height_ft": height, "count": count}]})
    assert amounts(response, item) == [D(expected)]
    assert D(response["total"]) == expected


# ------------------------------------------------------------------------------------ first dates in force

FIRST_DATES = [
    ("planning permission", {"schedule": "planning_permission", "application": "extension",
                             "development_type": "mixed"}, "2009-09-09", "2009-09-08", D(100)),
    ("building plan", {"schedule": "building_plan", "application": "permits", "petil": 1},
     "2021-11-11", "2021-11-10", D(10)),
    ("deposit", {"schedule": "deposit", "items": [{"type": "town_house", "units": 1}]},
     "2000-06-27", "2000-06-26", D(200)),
]


@pytest.mark.parametrize(("name", "request_", "first", "before", "expected"), FIRST_DATES,
                         ids=[r[0] for r in FIRST_DATES])
def test_first_day_in_force_and_the_day_before(name, request_, first, before, expected):
    response = ok({**request_, "date": first})
    assert D(response["total"]) == expected
    assert response["date"] == first
    refused = calc.estimate({**request_, "date": before})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("date", "too_early")]
    message = refused["errors"][0]["message"]
    assert message["ms"] and message["en"] and message["ms"] != message["en"]


def test_date_defaults_to_today():
    from datetime import date

    request = {"schedule": "deposit", "items": [{"type": "town_house", "units": 1}]}
    assert calc.estimate(request, today=date(2024, 2, 29))["date"] == "2024-02-29"
    assert calc.estimate(request, today=date(2000, 6, 26))["errors"][0]["code"] == "too_early"
