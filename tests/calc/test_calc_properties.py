"""Property tests (hypothesis): invariants of every response, a hand-formula model of the building plan, the
row-discount bound, monotonicity, and robustness against arbitrary input."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc

DATE = "2025-01-01"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{2}")
SANITARY_RATES = {"wc": 5, "sink": 5, "basin": 2, "gully_trap": 2, "floor_trap": 2, "long_bath": 5, "shower": 5,
                  "urinal": 5, "manhole": 25, "septic_tank": 25}

# ------------------------------------------------------------------------------------ strategies

areas = st.one_of(
    st.decimals(min_value=0, max_value=5000, places=2).map(str),
    st.integers(0, 5000),
    st.sampled_from(["9", "9.01", "90", "90.01", "100", "100.01", "0.01"]),
)
floors = st.lists(st.tuples(st.integers(-3, 12), areas), min_size=1, max_size=5, unique_by=lambda t: t[0]).map(
    lambda rows: [{"level": level, "area": area} for level, area in rows])
# A building design has some floor area (all storeys at 0 m² is refused: test_calc_bad_input.py).
floors_with_area = floors.filter(lambda rows: any(D(row["area"]) > 0 for row in rows))
sanitary = st.dictionaries(st.sampled_from(sorted(SANITARY_RATES)), st.integers(0, 20), max_size=4)


@st.composite
def designs(draw, max_units=300):
    count = draw(st.integers(1, 3))
    return [{"name": f"D{i}", "units": draw(st.integers(1, max_units)), "floors": draw(floors_with_area),
             "sanitary": draw(sanitary)} for i in range(count)]


building_new = st.builds(
    lambda designs_, central, pool, fences, fence, unit: {
        "schedule": "building_plan", "application": "new", "date": DATE, "designs": designs_,
        "central_system_area": central, "pool_area": pool, "residential_fences": fences, "fence_length_m": fence,
        "area_unit": unit},
    designs(), areas, areas, st.integers(0, 50), areas, st.sampled_from(["m2", "ft2"]))

planning_new = st.fixed_dictionaries(
    {"schedule": st.just("planning_permission"), "application": st.just("new"), "date": st.just(DATE)},
    optional={"residential_units": st.integers(0, 2000), "low_cost_units": st.integers(0, 500),
              "malay_reserve_units": st.integers(0, 500), "commercial_floor_area": areas,
              "petrol_stations": st.integers(0, 5), "petrol_stations_with_service": st.integers(0, 5),
              "building_alteration": st.booleans(), "site_plan_alteration": st.booleans(),
              "change_of_use": st.booleans()})
extension = st.builds(lambda kind: {"schedule": "planning_permission", "application": "extension", "date": DATE,
                                    "development_type": kind},
                      st.sampled_from(["residential", "commercial", "petrol_station", "building_alteration",
                                       "site_plan_alteration", "mixed"]))
board = st.fixed_dictionaries(
    {"type": st.sampled_from(["billboard", "twinpole", "unipole", "vertical_pole", "gantry"]),
     "width_ft": st.decimals(min_value="0.5", max_value=100, places=1).map(str),
     "height_ft": st.decimals(min_value="0.5", max_value=100, places=1).map(str)},
    optional={"purpose": st.sampled_from(["commercial", "non_commercial", "government", "charity"]),
              "count": st.integers(1, 10)})
advertisement = st.builds(lambda boards: {"schedule": "planning_permission", "application": "advertisement",
                                          "date": DATE, "boards": boards}, st.lists(board, min_size=1, max_size=4))


@st.composite
def amendment(draw):
    kind = draw(st.integers(1, 4))
    request = {"schedule": "building_plan", "application": "amendment", "date": DATE, "amendment_type": kind,
               "sheets": draw(st.integers(1, 30))}
    if kind in (2, 3):
        request["added_floors"] = draw(floors)
        request["added_sanitary"] = draw(sanitary)
    if kind == 3:
        request["previous_plan_fee"] = str(draw(st.decimals(min_value="0.01", max_value=100000, places=2)))
    if kind == 4:
        request["finish_floors"] = draw(floors)
    return request


addition = st.fixed_dictionaries(
    {"schedule": st.just("building_plan"), "application": st.just("addition"), "date": st.just(DATE)},
    optional={"added_floors": floors, "added_sanitary": sanitary, "partitioned_rooms": st.integers(0, 20),
              "facade_storeys": st.integers(0, 20), "permit_area": areas,
              "material_placement_months": st.integers(0, 24), "roro_bin_months": st.integers(0, 24)})
temporary = st.builds(lambda f, years, fence: {"schedule": "building_plan", "application": "temporary_building",
                                               "date": DATE, "floors": f, "permit_years": years,
                                               "guarded_fence_length_m": fence},
                      floors, st.integers(1, 10), areas)
cabin = st.builds(lambda cabins, f, months: {"schedule": "building_plan", "application": "cabin", "date": DATE,
                                             "cabins": cabins, "floors": f, "permit_months": months},
                  st.integers(1, 50), floors, st.integers(1, 60))


@st.composite
def permits(draw):
    """Hoarding months and project only with a length, signboard years only with signboards: without them the
    request is refused (`required`), not charged."""
    request = draw(st.fixed_dictionaries(
        {"schedule": st.just("building_plan"), "application": st.just("permits"), "date": st.just(DATE)},
        optional={"hoarding_length_m": areas, "signboards": st.integers(0, 20), "petil": st.integers(0, 5)}))
    if D(str(request.get("hoarding_length_m", 0))) > 0:
        request.update(draw(st.fixed_dictionaries({}, optional={
            "hoarding_months": st.integers(0, 36),
            "hoarding_project": st.sampled_from(["development", "detached_house"])})))
    if request.get("signboards"):
        request.update(draw(st.fixed_dictionaries({}, optional={"signboard_years": st.integers(1, 5)})))
    return request


DEPOSIT_KEYS = ["detached_or_semi_detached", "terrace_single_storey", "terrace_double_storey",
                "shop_office_individual", "shop_office_terrace", "flat_apartment", "town_house",
                "sports_office_commercial_complex", "industry_individual", "factory_terrace", "private_institution",
                "petrol_station", "electric_substation", "shed", "other_building"]
deposit = st.builds(
    lambda items, works: {"schedule": "deposit", "date": DATE, "items": items, "additional_works": works},
    st.lists(st.fixed_dictionaries({"type": st.sampled_from(DEPOSIT_KEYS), "units": st.integers(1, 1000)}),
             max_size=5),
    st.lists(st.fixed_dictionaries({"category": st.sampled_from(["office_factory_industry", "other"]),
                                    "units": st.integers(1, 100)}), max_size=2))

any_request = st.one_of(planning_new, extension, advertisement, building_new, amendment(), addition, temporary,
                        cabin, permits(), deposit)


# ------------------------------------------------------------------------------------ the hand formula

def blocks(measure, size) -> int:
    return math.ceil(Fraction(str(measure)) / Fraction(size))


def m2(area, unit) -> Fraction:
    return Fraction(str(area)) * (Fraction("0.09290304") if unit == "ft2" else 1)


STOREY = {0: (14, 140), 1: (12, 120), 2: (10, 100), 3: (8, 80)}  # others and basements: (6, 60)


def storey_fee(level: int, area: Fraction) -> int:
    rate, minimum = STOREY.get(level, (6, 60))
    return 0 if area == 0 else max(rate * blocks(area, 9), minimum)


def row_factor(units: int) -> Fraction:
    # building 1: 100 %; 2–5: 90 %; 6–10: 85 %; 11–25: 75 %; 26 on: 60 %
    bands = [(1, 1, Fraction(1)), (2, 5, Fraction(9, 10)), (6, 10, Fraction(85, 100)), (11, 25, Fraction(3, 4)),
             (26, None, Fraction(6, 10))]
    return sum((max(0, min(units, last or units) - first + 1) * share for first, last, share in bands), Fraction(0))


def building_new_total(request: dict) -> Fraction:
    unit = request.get("area_unit", "m2")
    total = Fraction(120)  # A
    for design in request["designs"]:
        per_building = sum(storey_fee(f["level"], m2(f["area"], unit)) for f in design["floors"])
        fittings = sum(SANITARY_RATES[k] * n for k, n in design.get("sanitary", {}).items())
        total += per_building * row_factor(design["units"]) + fittings * design["units"]
    central = m2(request.get("central_system_area", 0), unit)
    if central > 0:
        total += max(10 * blocks(central, 9), 100)  # D
    pool = m2(request.get("pool_area", 0), unit)
    if pool > 0:
        total += Fraction(14 * blocks(pool, 9), 2)  # E
    total += 100 * request.get("residential_fences", 0)  # F1
    fence = Fraction(str(request.get("fence_length_m", 0)))
    if fence > 0:
        total += 6 * blocks(fence, 1)  # F2
    return total


def assert_well_formed(response: dict) -> None:
    if "errors" in response:
        assert [e["code"] for e in response["errors"]] == ["empty"], response["errors"]
        return
    assert AMOUNT.fullmatch(response["total"])
    assert response["lines"]
    for line in response["lines"]:
        assert AMOUNT.fullmatch(line["amount"]), line["amount"]
        assert isinstance(line["item"], str) and line["item"]
        for key in ("label", "source"):
            assert set(line[key]) == {"ms", "en"}
            assert line[key]["ms"].strip() and line[key]["en"].strip()
        assert line["item"] in line["source"]["ms"] and line["item"] in line["source"]["en"]
    assert D(response["total"]) == sum((D(line["amount"]) for line in response["lines"]), D(0))
    for note in response["notes"]:
        assert note["ms"].strip() and note["en"].strip()


# ------------------------------------------------------------------------------------ properties

@SETTINGS
@given(any_request)
def test_every_response_is_well_formed_and_its_total_is_the_sum_of_its_lines(request):
    assert_well_formed(calc.estimate(request))


@SETTINGS
@given(any_request)
def test_estimate_json_says_what_estimate_says(request):
    status, text = calc.estimate_json(json.dumps(request))
    response = json.loads(text)
    assert status == (2 if "errors" in response else 0)
    direct = calc.estimate(request)
    assert response.get("total") == direct.get("total")
    assert_well_formed(response)


@SETTINGS
@given(building_new)
def test_building_new_total_follows_the_hand_formula(request):
    response = calc.estimate(request)
    assert "errors" not in response, response["errors"]
    assert Fraction(response["total"]) == building_new_total(request)


@SETTINGS
@given(building_new)
def test_row_discount_never_exceeds_40_percent_of_the_floor_area_fee(request):
    response = calc.estimate(request)
    for design in request["designs"]:
        prefix = f"Design {design['name']}:"
        mine = [line for line in response["lines"] if line["detail"]["en"].startswith(prefix)]
        b_fee = sum((D(line["amount"]) for line in mine if line["item"] in {"B1", "B2", "B3", "B4", "B5"}), D(0))
        g = sum((D(line["amount"]) for line in mine if line["item"] == "G"), D(0))
        assert g <= 0
        assert -g <= b_fee * D("0.4")
        if design["units"] == 1:
            assert g == 0


# ------------------------------------------------------------------------------------ monotonicity

def total_of(request: dict) -> D:
    response = calc.estimate(request)
    if "errors" in response:  # nothing charged: nothing at all, or a building with no floor area
        assert [e["code"] for e in response["errors"]] in (["empty"], ["required"]), response["errors"]
        return D(0)
    return D(response["total"])


more_count = st.tuples(st.integers(0, 5000), st.integers(0, 5000)).map(sorted)
more_area = st.tuples(st.decimals(0, 100000, places=2), st.decimals(0, 100000, places=2)).map(sorted)


@SETTINGS
@given(more_count, st.integers(0, 300))
def test_more_residential_units_never_lower_the_planning_fee(pair, low_cost):
    small, large = pair
    base = {"schedule": "planning_permission", "application": "new", "date": DATE, "low_cost_units": low_cost}
    assert total_of({**base, "residential_units": small}) <= total_of({**base, "residential_units": large})


@SETTINGS
@given(more_area)
def test_more_commercial_area_never_lowers_the_planning_fee(pair):
    small, large = (str(a) for a in pair)
    base = {"schedule": "planning_permission", "application": "new", "date": DATE}
    assert total_of({**base, "commercial_floor_area": small}) <= total_of({**base, "commercial_floor_area": large})


@SETTINGS
@given(more_area, st.integers(-3, 8), st.tuples(st.integers(1, 2000), st.integers(1, 2000)).map(sorted),
       st.sampled_from(["m2", "ft2"]))
def test_more_area_or_more_buildings_never_lower_the_building_plan_fee(pair, level, units_pair, unit):
    small, large = (str(a) for a in pair)
    few, many = units_pair

    def request(area, units):
        return {"schedule": "building_plan", "application": "new", "date": DATE, "area_unit": unit,
                "designs": [{"units": units, "floors": [{"level": level, "area": area}]}]}

    assert total_of(request(small, few)) <= total_of(request(large, few))
    assert total_of(request(small, few)) <= total_of(request(small, many))
    assert total_of(request(large, few)) <= total_of(request(large, many))


@SETTINGS
@given(more_area, st.tuples(st.integers(1, 100), st.integers(1, 100)).map(sorted))
def test_more_area_or_years_never_lower_the_temporary_building_fee(pair, years_pair):
    small, large = (str(a) for a in pair)
    short, long_ = years_pair

    def request(area, years):
        return {"schedule": "building_plan", "application": "temporary_building", "date": DATE,
                "floors": [{"level": 0, "area": area}], "permit_years": years}

    assert total_of(request(small, short)) <= total_of(request(large, short))
    assert total_of(request(small, short)) <= total_of(request(small, long_))


@SETTINGS
@given(st.tuples(st.integers(1, 1200), st.integers(1, 1200)).map(sorted), st.integers(1, 100))
def test_more_months_never_lower_the_cabin_fee(months_pair, cabins):
    def request(months):
        return {"schedule": "building_plan", "application": "cabin", "date": DATE, "cabins": cabins,
                "floors": [{"level": 0, "area": 9}], "permit_months": months}

    assert total_of(request(months_pair[0])) <= total_of(request(months_pair[1]))


@SETTINGS
@given(st.tuples(st.integers(1, 1000), st.integers(1, 1000)).map(sorted), st.sampled_from(DEPOSIT_KEYS))
def test_more_units_never_lower_the_deposit(units_pair, key):
    def request(units):
        return {"schedule": "deposit", "date": DATE, "items": [{"type": key, "units": units}]}

    assert total_of(request(units_pair[0])) <= total_of(request(units_pair[1]))


# ------------------------------------------------------------------------------------ cost independent of count

def test_twenty_and_twenty_thousand_buildings_of_one_design():
    def request(units):
        return {"schedule": "building_plan", "application": "new", "date": DATE,
                "designs": [{"units": units, "floors": [{"level": 0, "area": 120}, {"level": 1, "area": 110}],
                             "sanitary": {"wc": 3, "basin": 3, "shower": 2, "sink": 1, "floor_trap": 4,
                                          "gully_trap": 1}}]}

    # per building B = 14 blocks × 14 + 13 blocks × 12 = 196 + 156 = 352; C = 46
    # G factor for 20 000: 1 + 4×0.9 + 5×0.85 + 15×0.75 + (20000 − 25)×0.6 = 20.1 + 11985 = 12005.1
    factor_20000 = 1 + 4 * D("0.9") + 5 * D("0.85") + 15 * D("0.75") + (20000 - 25) * D("0.6")
    assert factor_20000 == D("12005.1")
    assert calc.estimate(request(20))["total"] == "6795.20"  # worked example 4
    assert D(calc.estimate(request(20000))["total"]) == 352 * factor_20000 + 46 * 20000 + 120  # 5,145,915.20
    # the largest count accepted
    factor_max = 1 + 4 * D("0.9") + 5 * D("0.85") + 15 * D("0.75") + (100000 - 25) * D("0.6")
    assert D(calc.estimate(request(100000))["total"]) == 352 * factor_max + 46 * 100000 + 120


# ------------------------------------------------------------------------------------ arbitrary input

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10 ** 30, 10 ** 30) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


def assert_answered(response: object) -> None:
    assert isinstance(response, dict)
    if "errors" in response:
        assert set(response) == {"errors"}
        assert response["errors"]
        for error in response["errors"]:
            assert set(error) == {"field", "code", "message"}
            assert error["field"] is None or isinstance(error["field"], str)
            assert error["message"]["ms"] and error["message"]["en"]
    else:
        assert_well_formed(response)


@SETTINGS
@given(json_values)
def test_any_json_value_is_answered_never_raised(value):
    assert_answered(calc.estimate(value))
    status, text = calc.estimate_json(json.dumps(value))
    assert status in (0, 2)
    assert_answered(json.loads(text))


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_is_answered_never_raised(text):
    status, output = calc.estimate_json(text)
    assert status in (0, 2)
    assert_answered(json.loads(output))


def _field_names(fields: list[dict]) -> set[str]:
    names = set()
    for field in fields:
        names.add(field["name"])
        names |= _field_names(field.get("fields", []))
    return names


SCHEMA = calc.input_schema()
FIELD_NAMES = sorted(_field_names(SCHEMA["common"]) | {n for c in SCHEMA["calculators"] for n in
                                                      _field_names(c["fields"])})
CALCULATORS = [(c["schedule"], c["application"]) for c in SCHEMA["calculators"]]
CHOICES = sorted({str(choice["value"]) for c in SCHEMA["calculators"] for f in c["fields"]
                  for choice in f.get("choices", [])})

scalar = (st.none() | st.booleans() | st.integers(-10 ** 9, 10 ** 9) | st.floats()
          | st.sampled_from(["NaN", "Infinity", "-1", "1,500", "2.5", "0", "12", "", "2025-13-01", *CHOICES])
          | st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str))
real_valued = st.recursive(
    scalar,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=4),
    max_leaves=20,
)


@st.composite
def real_named_requests(draw):
    schedule, application = draw(st.sampled_from(CALCULATORS))
    request = {"schedule": schedule, "date": draw(st.sampled_from([DATE, "2009-09-09", "1999-01-01", None]))}
    if application is not None:
        request["application"] = application
    request.update(draw(st.dictionaries(st.sampled_from(FIELD_NAMES), real_valued, max_size=6)))
    return {k: v for k, v in request.items() if v is not None or draw(st.booleans())}


@SETTINGS
@given(real_named_requests())
def test_real_field_names_with_random_values_are_answered_never_raised(request):
    assert_answered(calc.estimate(request))
    status, text = calc.estimate_json(json.dumps(request))
    assert status in (0, 2)
    assert_answered(json.loads(text))
