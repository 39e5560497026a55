"""Every application of every schedule, table-driven; expected amounts worked by hand from seeds 001 and 002."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from estimates import DATE, amounts, ok

import calc


def ids(rows):
    return [row[0] for row in rows]


# ------------------------------------------------------------------------------------ planning A (flat items)

PLANNING_NEW = [
    ("one petrol station without service", {"petrol_stations": 1}, {"A3i": 250}),
    ("three petrol stations without service", {"petrol_stations": 3}, {"A3i": 3 * 250}),
    ("two petrol stations with service", {"petrol_stations_with_service": 2}, {"A3ii": 2 * 500}),
    ("four Malay Reserve units", {"malay_reserve_units": 4}, {"A1iii": 4 * 25}),
    ("building alteration alone", {"building_alteration": True}, {"A4": 50}),
    ("site plan alteration alone", {"site_plan_alteration": True}, {"A5": 50}),
    ("change of use alone", {"change_of_use": True}, {"A6": 200}),
    ("building alteration adding 10 units and 150 m²",
     {"building_alteration": True, "residential_units": 10, "commercial_floor_area": 150},
     {"A4": 50, "A1i": 10 * 50, "A2": 2 * 50}),
    ("everything at once",
     {"residential_units": 201, "low_cost_units": 1, "malay_reserve_units": 1, "commercial_floor_area": 1,
      "petrol_stations": 1, "petrol_stations_with_service": 1, "building_alteration": True,
      "site_plan_alteration": True, "change_of_use": True},
     {"A1i": 100 * 50 + 100 * 45 + 1 * 40, "A1ii": 25, "A1iii": 25, "A2": 50, "A3i": 250, "A3ii": 500,
      "A4": 50, "A5": 50, "A6": 200}),
]


@pytest.mark.parametrize(("name", "fields", "expected"), PLANNING_NEW, ids=ids(PLANNING_NEW))
def test_planning_new(name, fields, expected):
    response = ok({"schedule": "planning_permission", "application": "new", "date": DATE, **fields})
    for item, amount in expected.items():
        assert sum(amounts(response, item)) == amount, item
    assert {line["item"] for line in response["lines"]} == set(expected)
    assert D(response["total"]) == sum(expected.values())


def test_unticked_boxes_charge_nothing():
    response = ok({"schedule": "planning_permission", "application": "new", "date": DATE, "residential_units": 1,
                   "building_alteration": False, "site_plan_alteration": False, "change_of_use": False})
    assert [line["item"] for line in response["lines"]] == ["A1i"]


# ------------------------------------------------------------------------------------ planning B

EXTENSION = [
    ("residential", "residential", "B1", 50),
    ("commercial", "commercial", "B2", 50),
    ("petrol station", "petrol_station", "B3", 50),
    ("building alteration", "building_alteration", "B4", 50),
    ("site plan alteration", "site_plan_alteration", "B5", 50),
    ("mixed development", "mixed", "B6", 100),
]


@pytest.mark.parametrize(("name", "kind", "item", "expected"), EXTENSION, ids=ids(EXTENSION))
def test_planning_extension(name, kind, item, expected):
    response = ok({"schedule": "planning_permission", "application": "extension", "date": DATE,
                   "development_type": kind})
    assert [(line["item"], D(line["amount"])) for line in response["lines"]] == [(item, expected)]
    assert D(response["total"]) == expected


# ------------------------------------------------------------------------------------ planning C purposes

PURPOSES = [
    ("a commercial board pays", "commercial", "C1", 200),
    ("purpose defaults to commercial", None, "C1", 200),
    ("a non-commercial board is exempt", "non_commercial", "C3", 0),
    ("a government board is exempt", "government", "C3", 0),
    ("a charity board is exempt", "charity", "C3", 0),
]


@pytest.mark.parametrize(("name", "purpose", "item", "expected"), PURPOSES, ids=ids(PURPOSES))
@pytest.mark.parametrize("board_type", ["billboard", "twinpole", "unipole", "vertical_pole", "gantry"])
def test_advertisement_purposes(name, purpose, item, expected, board_type):
    board = {"type": board_type, "width_ft": 20, "height_ft": 40}
    if purpose is not None:
        board["purpose"] = purpose
    response = ok({"schedule": "planning_permission", "application": "advertisement", "date": DATE,
                   "boards": [board]})
    assert [(line["item"], D(line["amount"])) for line in response["lines"]] == [(item, expected)]
    assert response["total"] == f"{expected:.2f}"


def test_a_charity_board_alone_is_a_zero_line_not_an_empty_request():
    response = ok({"schedule": "planning_permission", "application": "advertisement", "date": DATE,
                   "boards": [{"type": "gantry", "width_ft": 20, "height_ft": 40, "purpose": "charity"}]})
    assert response["total"] == "0.00"
    assert [line["amount"] for line in response["lines"]] == ["0.00"]


# ------------------------------------------------------------------------------------ building new: D, E, F

# The base: one building, ground floor 9 m² → max(1 × 14, 140) = 140; with A 120 → 260.
BASE = 120 + 140
EXTRAS = [
    ("central system 9 m² → 1 block × 10, raised to RM 100", {"central_system_area": 9}, "D", 100),
    ("central system 90 m² → 10 blocks × 10 = 100", {"central_system_area": 90}, "D", 10 * 10),
    ("central system 90.01 m² → 11 blocks × 10", {"central_system_area": "90.01"}, "D", 11 * 10),
    ("pool 9 m² → ½ × (1 × 14) = 7.00", {"pool_area": 9}, "E", D(1 * 14) / 2),
    ("pool 18.01 m² → ½ × (3 × 14) = 21.00", {"pool_area": "18.01"}, "E", D(3 * 14) / 2),
    ("pool 50 m² → ½ × (6 × 14) = 42.00", {"pool_area": 50}, "E", D(6 * 14) / 2),
    ("pool 0.5 m² → ½ × (1 × 14), no minimum", {"pool_area": "0.5"}, "E", D(14) / 2),
    ("one residential fence → 100", {"residential_fences": 1}, "F1", 100),
    ("three residential fences → 3 × 100", {"residential_fences": 3}, "F1", 3 * 100),
    ("other fence 10 m → 10 × 6", {"fence_length_m": 10}, "F2", 10 * 6),
    ("other fence 10.5 m → 11 m × 6 (part of a metre)", {"fence_length_m": "10.5"}, "F2", 11 * 6),
]


@pytest.mark.parametrize(("name", "fields", "item", "expected"), EXTRAS, ids=ids(EXTRAS))
def test_building_new_items_d_e_f(name, fields, item, expected):
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE,
                   "designs": [{"units": 1, "floors": [{"level": 0, "area": 9}]}], **fields})
    assert amounts(response, item) == [D(expected)]
    assert D(response["total"]) == BASE + expected


def test_zero_d_e_f_fields_add_no_lines():
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE,
                   "designs": [{"units": 1, "floors": [{"level": 0, "area": 9}]}],
                   "central_system_area": 0, "pool_area": 0, "residential_fences": 0, "fence_length_m": 0})
    assert [line["item"] for line in response["lines"]] == ["A", "B1"]


SANITARY = [
    ("W.C.", "wc", 5), ("sink", "sink", 5), ("basin", "basin", 2), ("gully trap", "gully_trap", 2),
    ("floor trap", "floor_trap", 2), ("long bath", "long_bath", 5), ("shower", "shower", 5),
    ("urinal", "urinal", 5), ("manhole", "manhole", 25), ("septic tank", "septic_tank", 25),
]


@pytest.mark.parametrize(("name", "key", "rate"), SANITARY, ids=ids(SANITARY))
def test_each_sanitary_fitting_rate_times_count_times_buildings(name, key, rate):
    # 3 fittings per building, 4 buildings of the design; the ground floor 9 m² → 140 per building, G on it only
    response = ok({"schedule": "building_plan", "application": "new", "date": DATE,
                   "designs": [{"units": 4, "floors": [{"level": 0, "area": 9}], "sanitary": {key: 3}}]})
    fitting = [D(line["amount"]) for line in response["lines"] if line["item"].startswith("C")]
    assert fitting == [D(rate * 3 * 4)]
    assert D(response["total"]) == 120 + 140 * (1 + 3 * D("0.9")) + rate * 3 * 4


# ------------------------------------------------------------------------------------ amendments (H)

AMENDMENTS = [
    ("H1 with one sheet: 120 + 120 × 1", {"amendment_type": 1, "sheets": 1}, 120 + 120 * 1),
    ("H1 with three sheets: 120 + 120 × 3", {"amendment_type": 1, "sheets": 3}, 120 + 120 * 3),
    ("H2 adds B on 90.01 m² ground (11 × 14) and 2 WC (2 × 5)",
     {"amendment_type": 2, "sheets": 2, "added_floors": [{"level": 0, "area": "90.01"}],
      "added_sanitary": {"wc": 2}},
     120 + 120 * 2 + 11 * 14 + 2 * 5),
    ("H2 with a small added first floor pays that storey's minimum",
     {"amendment_type": 2, "sheets": 1, "added_floors": [{"level": 1, "area": 5}]}, 120 + 120 + 120),
    ("H2 with no added area is just the application and sheets", {"amendment_type": 2, "sheets": 1}, 120 + 120),
    ("H3 adds B on 100 m² second floor (12 × 10) and half of RM 1000.01 (500.005 → 500.01)",
     {"amendment_type": 3, "sheets": 1, "added_floors": [{"level": 2, "area": 100}],
      "previous_plan_fee": "1000.01"},
     120 + 120 + 12 * 10 + D("500.01")),
    ("H3 half of RM 0.01 rounds half up to 0.01",
     {"amendment_type": 3, "sheets": 1, "previous_plan_fee": "0.01"}, 120 + 120 + D("0.01")),
    ("H3 half of RM 6795.20", {"amendment_type": 3, "sheets": 1, "previous_plan_fee": "6795.20"},
     120 + 120 + D("3397.60")),
    ("H3 adds sanitary on the added fittings",
     {"amendment_type": 3, "sheets": 1, "added_sanitary": {"manhole": 1, "basin": 2}, "previous_plan_fee": 1000},
     120 + 120 + 25 + 2 * 2 + D(1000) / 2),
    ("H4 halves the B fee of the refinished storeys: ½ × (11 × 14 + max(5 × 12, 120))",
     {"amendment_type": 4, "sheets": 1, "finish_floors": [{"level": 0, "area": "90.01"}, {"level": 1, "area": 45}]},
     120 + 120 + (11 * 14 + 120) / 2),
    ("H4 on a fourth floor of 9 m²: ½ × max(1 × 6, 60)",
     {"amendment_type": 4, "sheets": 2, "finish_floors": [{"level": 4, "area": 9}]}, 120 + 120 * 2 + D(60) / 2),
]


@pytest.mark.parametrize(("name", "fields", "expected"), AMENDMENTS, ids=ids(AMENDMENTS))
def test_amendment_types(name, fields, expected):
    response = ok({"schedule": "building_plan", "application": "amendment", "date": DATE, **fields})
    assert D(response["total"]) == D(expected)


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


# ------------------------------------------------------------------------------------ addition (I)

ADDITIONS = [
    ("processing fee alone", {}, 120),
    ("three partitioned rooms: 3 × 50", {"partitioned_rooms": 3}, 120 + 3 * 50),
    ("two facade storeys: 2 × 36", {"facade_storeys": 2}, 120 + 2 * 36),
    ("permit area 10 m²: 2 blocks × 10", {"permit_area": 10}, 120 + 2 * 10),
    ("permit area 9 m²: 1 block × 10, no minimum", {"permit_area": 9}, 120 + 1 * 10),
    ("four months of building materials: 4 × 100", {"material_placement_months": 4}, 120 + 4 * 100),
    ("two months of a roro bin: 2 × 100", {"roro_bin_months": 2}, 120 + 2 * 100),
    ("added ground 45 m²: 5 × 14 = 70, minimum 140", {"added_floors": [{"level": 0, "area": 45}]}, 120 + 140),
    ("added third floor 99.01 m²: 12 × 8", {"added_floors": [{"level": 3, "area": "99.01"}]}, 120 + 12 * 8),
    ("a manhole and a septic tank: 25 + 25", {"added_sanitary": {"manhole": 1, "septic_tank": 1}}, 120 + 25 + 25),
]


@pytest.mark.parametrize(("name", "fields", "expected"), ADDITIONS, ids=ids(ADDITIONS))
def test_addition(name, fields, expected):
    response = ok({"schedule": "building_plan", "application": "addition", "date": DATE, **fields})
    assert D(response["total"]) == expected


# ------------------------------------------------------------------------------------ temporary building (J)

TEMPORARY = [
    # J1 = B rates on the floors; J2 = max(10 × ceil(total/9), 100) a year; J3 = 6 × ceil(metres) a year
    ("ground 9 m², one year: J1 max(14, 140) + J2 max(10, 100)",
     {"floors": [{"level": 0, "area": 9}], "permit_years": 1}, 140 + 100),
    ("two storeys, two years, a guarded fence",
     {"floors": [{"level": 0, "area": "90.01"}, {"level": 1, "area": 18}], "permit_years": 2,
      "guarded_fence_length_m": "10.5"},
     # J1: 11×14 = 154 + max(2×12, 120) = 120; J2: 108.01 m² → 13 blocks × 10 = 130 × 2 years; J3: 11 m × 6 × 2
     (154 + 120) + 130 * 2 + 11 * 6 * 2),
    ("a big floor for three years",
     {"floors": [{"level": 0, "area": 900}], "permit_years": 3}, 100 * 14 + 100 * 10 * 3),
]


@pytest.mark.parametrize(("name", "fields", "expected"), TEMPORARY, ids=ids(TEMPORARY))
def test_temporary_building(name, fields, expected):
    response = ok({"schedule": "building_plan", "application": "temporary_building", "date": DATE, **fields})
    assert D(response["total"]) == expected
    assert {line["item"] for line in response["lines"]} <= {"J1", "J2", "J3"}


# ------------------------------------------------------------------------------------ cabin (K)

CABINS = [
    # K1 = B rates on one cabin's floors × cabins; K2 = 200 × ceil(months / 6) × cabins
    ("one cabin, one month", 1, 1, 140 + 200 * 1),
    ("one cabin, six months is one period", 1, 6, 140 + 200 * 1),
    ("one cabin, seven months is two periods", 1, 7, 140 + 200 * 2),
    ("two cabins, twelve months", 2, 12, 140 * 2 + 200 * 2 * 2),
    ("two cabins, thirteen months is three periods", 2, 13, 140 * 2 + 200 * 3 * 2),
]


@pytest.mark.parametrize(("name", "cabins", "months", "expected"), CABINS, ids=ids(CABINS))
def test_cabin(name, cabins, months, expected):
    # one cabin: ground 9 m² → max(14, 140)
    response = ok({"schedule": "building_plan", "application": "cabin", "date": DATE, "cabins": cabins,
                   "floors": [{"level": 0, "area": 9}], "permit_months": months})
    assert D(response["total"]) == expected
    assert sum(amounts(response, "K2")) == expected - 140 * cabins


# ------------------------------------------------------------------------------------ permits (L, M, N)

PERMITS = [
    ("development hoarding defaults to 12 months", {"hoarding_length_m": 10}, 6 * 10 * 12),
    ("detached-house hoarding defaults to 6 months",
     {"hoarding_length_m": 10, "hoarding_project": "detached_house"}, 6 * 10 * 6),
    ("development hoarding for 6 months is raised to 12", {"hoarding_length_m": 10, "hoarding_months": 6},
     6 * 10 * 12),
    ("development hoarding for 12 months", {"hoarding_length_m": 10, "hoarding_months": 12}, 6 * 10 * 12),
    ("development hoarding for 18 months", {"hoarding_length_m": 10, "hoarding_months": 18}, 6 * 10 * 18),
    ("detached-house hoarding for 3 months is raised to 6",
     {"hoarding_length_m": 10, "hoarding_months": 3, "hoarding_project": "detached_house"}, 6 * 10 * 6),
    ("detached-house hoarding for 7 months",
     {"hoarding_length_m": 10, "hoarding_months": 7, "hoarding_project": "detached_house"}, 6 * 10 * 7),
    ("10.5 m of hoarding is 11 metres", {"hoarding_length_m": "10.5"}, 6 * 11 * 12),
    ("three signboards for the default one year", {"signboards": 3}, 100 * 3 * 1),
    ("three signboards for two years", {"signboards": 3, "signboard_years": 2}, 100 * 3 * 2),
    ("two petil", {"petil": 2}, 10 * 2),
    ("all three", {"hoarding_length_m": 1, "signboards": 1, "petil": 1}, 6 * 1 * 12 + 100 + 10),
]


@pytest.mark.parametrize(("name", "fields", "expected"), PERMITS, ids=ids(PERMITS))
def test_permits(name, fields, expected):
    response = ok({"schedule": "building_plan", "application": "permits", "date": DATE, **fields})
    assert D(response["total"]) == expected


def test_hoarding_below_its_minimum_says_so_in_a_note():
    response = ok({"schedule": "building_plan", "application": "permits", "date": DATE,
                   "hoarding_length_m": 10, "hoarding_months": 6})
    assert any("12" in note["en"] and "6" in note["en"] for note in response["notes"])


# ------------------------------------------------------------------------------------ deposits

DEPOSITS = [
    # name, key, RM per unit as printed on the form (seed 002, "Formula Perkiraan Bayaran Cagaran")
    ("1 detached or semi-detached", "detached_or_semi_detached", 300),
    ("2 single-storey terrace", "terrace_single_storey", 200),
    ("3 double-storey terrace", "terrace_double_storey", 200),
    ("4 shop office (individual)", "shop_office_individual", 500),
    ("5 shop office (terrace)", "shop_office_terrace", 300),
    ("6 flat / apartment", "flat_apartment", 50),
    ("7 town house", "town_house", 200),
    ("8 sports / office / commercial complex (minimum)", "sports_office_commercial_complex", 10000),
    ("9 industry (individual)", "industry_individual", 5000),
    ("10 industry / factory (terrace)", "factory_terrace", 500),
    ("11 private institution", "private_institution", 5000),
    ("12 petrol station", "petrol_station", 1000),
    ("13 electric substation", "electric_substation", 200),
    ("14 shed (Bangsai)", "shed", 200),
    ("15 other buildings / workers' quarters / cabins", "other_building", 200),
]


@pytest.mark.parametrize(("name", "key", "rate"), DEPOSITS, ids=ids(DEPOSITS))
def test_deposit_type_rate(name, key, rate):
    response = ok({"schedule": "deposit", "date": DATE, "items": [{"type": key, "units": 3}]})
    assert D(response["total"]) == 3 * rate
    assert [D(line["amount"]) for line in response["lines"]] == [D(3 * rate)]


def test_every_deposit_type_is_covered():
    schema = calc.input_schema()
    deposit = next(c for c in schema["calculators"] if c["id"] == "deposit")
    items = next(f for f in deposit["fields"] if f["name"] == "items")
    kinds = next(f for f in items["fields"] if f["name"] == "type")
    assert {c["value"] for c in kinds["choices"]} == {row[1] for row in DEPOSITS}


ADDITIONAL_WORKS = [
    ("office, factory and industry", "office_factory_industry", 500),
    ("other categories", "other", 300),
]


@pytest.mark.parametrize(("name", "category", "rate"), ADDITIONAL_WORKS, ids=ids(ADDITIONAL_WORKS))
def test_deposit_for_additional_works(name, category, rate):
    response = ok({"schedule": "deposit", "date": DATE, "additional_works": [{"category": category, "units": 2}]})
    assert D(response["total"]) == 2 * rate


def test_deposit_types_and_additional_works_together():
    response = ok({"schedule": "deposit", "date": DATE,
                   "items": [{"type": "flat_apartment", "units": 400}, {"type": "petrol_station", "units": 1}],
                   "additional_works": [{"category": "other", "units": 1}]})
    assert D(response["total"]) == 400 * 50 + 1 * 1000 + 1 * 300


def test_the_complex_deposit_is_noted_as_a_minimum():
    response = ok({"schedule": "deposit", "date": DATE,
                   "items": [{"type": "sports_office_commercial_complex", "units": 1}]})
    assert any("minimum" in note["en"] and "minima" in note["ms"] for note in response["notes"])
