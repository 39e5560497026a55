"""A project (fees.md §7): the parts, the payments they are collected in, and every way a project can be wrong.

Expected amounts are worked by hand from the schedules (seeds 001 and 002) beside each test.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from estimates import DATE, ok

import calc
from calc.project import payment_of, payments
from calc.schedules import load_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {e["name"]: e["request"] for e in json.loads((ROOT / "tests/data/worked_examples.json").read_text("utf-8"))}
TERRACES = EXAMPLES["the 20-terrace project"]
SHOP_OFFICES = EXAMPLES["six shop offices with site works"]
DEPOSIT_PART = {"schedule": "deposit", "items": [{"type": "town_house", "units": 3}]}  # 3 × 200 = 600


def errors(request: object) -> list[dict]:
    response = calc.estimate(request)
    assert "errors" in response, response
    for error in response["errors"]:
        assert error["message"]["ms"] and error["message"]["en"]
    return response["errors"]


def fields(request: object) -> list[str | None]:
    return [e["field"] for e in errors(request)]


def by_id(response: dict) -> dict[str, dict]:
    return {p["id"]: p for p in response["payments"]}


# ---------------------------------------------------------------------------------------------- payments

def test_twenty_terraces_are_paid_in_three_payments():
    response = ok(TERRACES)
    payments_ = by_id(response)
    assert list(payments_) == ["planning_permission", "plan_processing", "plan_deposit"]
    assert payments_["planning_permission"]["total"] == "1000.00"  # A1 i: 20 × 50
    assert payments_["plan_processing"]["total"] == "6795.20"  # worked example 4
    assert payments_["plan_deposit"]["total"] == "4000.00"  # item 3: 20 × 200
    assert response["total"] == "11795.20"


def test_six_shop_offices_payments_follow_the_forms():
    payments_ = by_id(ok(SHOP_OFFICES))
    # One Stop Centre: A2 900 + C1 board 200
    assert payments_["planning_permission"]["total"] == "1100.00"
    # Plan processing: the new plan 2,600.40 + the cabins' processing fee K1 2 × 140 = 280
    assert payments_["plan_processing"]["total"] == "2880.40"
    assert payments_["plan_deposit"]["total"] == "1800.00"  # 6 × 300
    # Temporary permits: hoarding 7,200 + signboards 200 + cabin permits K2 800
    assert payments_["temporary_permits"]["total"] == "8200.00"
    # Petil (N) is paid when the approval is collected: 1 × 10
    assert payments_["on_collection"]["total"] == "10.00"
    assert payments_["on_collection"]["due"]["en"] == "When the approval is collected"
    assert "mengambil kelulusan" in payments_["on_collection"]["due"]["ms"]


@pytest.mark.parametrize("request_", [TERRACES, SHOP_OFFICES], ids=["7", "8"])
def test_every_line_is_in_exactly_one_payment_and_the_sums_agree(request_):
    response = ok(request_)
    listed = [tuple(ref) for p in response["payments"] for ref in p["lines"]]
    every_line = [(i, j) for i, part in enumerate(response["parts"]) for j in range(len(part["lines"]))]
    assert sorted(listed) == every_line
    for payment in response["payments"]:
        amounts = [D(response["parts"][i]["lines"][j]["amount"]) for i, j in payment["lines"]]
        assert D(payment["total"]) == sum(amounts)
        assert set(payment) >= {"id", "label", "due", "total", "lines"}
        assert payment["label"]["ms"] and payment["label"]["en"] and payment["due"]["ms"] and payment["due"]["en"]
    total = D(response["total"])
    assert total == sum(D(p["total"]) for p in response["parts"]) == sum(D(p["total"]) for p in response["payments"])


def test_the_response_keeps_each_part_as_it_would_be_alone():
    response = ok(SHOP_OFFICES)
    assert response["schedule"] == "project" and response["currency"] == "MYR" and response["date"] == DATE
    for part, request in zip(response["parts"], SHOP_OFFICES["parts"], strict=True):
        alone = ok({**request, "date": DATE})
        assert part == alone


def test_date_and_area_unit_of_the_project_apply_to_every_part():
    # 1,000 ft² = 92.90304 m² → 11 blocks × 14 = 154 (ground floor), + A 120 = 274
    plan = {"schedule": "building_plan", "application": "new",
            "designs": [{"units": 1, "floors": [{"level": 0, "area": 1000}]}]}
    response = ok({"schedule": "project", "date": DATE, "area_unit": "ft2", "parts": [plan, DEPOSIT_PART]})
    assert response["parts"][0]["total"] == "274.00"
    assert all(part["date"] == DATE for part in response["parts"])
    assert response["total"] == "874.00"  # 274 + 600


def test_every_item_of_every_schedule_has_one_payment():
    ids = [p.id for p in payments()]
    assert len(ids) == len(set(ids))
    for schedule in load_all().values():
        for version in schedule.versions:
            for item in version.items:
                assert payment_of(schedule.id, item.code).schedule == schedule.id


@pytest.mark.parametrize(("schedule", "code", "payment"), [
    ("building_plan", "I5", "temporary_permits"),
    ("building_plan", "I6", "on_collection"),
    ("building_plan", "I7", "on_collection"),
    ("building_plan", "N", "on_collection"),
    ("building_plan", "J1", "plan_processing"),
    ("building_plan", "J2", "temporary_permits"),
    ("building_plan", "K2", "temporary_permits"),
    ("building_plan", "G", "plan_processing"),
    ("deposit", "2", "plan_deposit"),  # additional works item 2 (the form numbers both parts from 1)
    ("planning_permission", "C1", "planning_permission"),
])
def test_items_are_paid_where_payments_toml_says(schedule, code, payment):
    assert payment_of(schedule, code).id == payment


# ---------------------------------------------------------------------------------------------- bad input

def test_a_project_with_no_parts_is_an_error():
    assert fields({"schedule": "project", "date": DATE, "parts": []}) == ["parts"]
    assert fields({"schedule": "project", "date": DATE}) == ["parts"]
    assert fields({"schedule": "project", "date": DATE, "parts": {"schedule": "deposit"}}) == ["parts"]


def test_more_than_twenty_parts_is_an_error():
    assert ok({"schedule": "project", "date": DATE, "parts": [DEPOSIT_PART] * 20})["total"] == "12000.00"  # 20 × 600
    found = errors({"schedule": "project", "date": DATE, "parts": [DEPOSIT_PART] * 21})
    assert [(e["field"], e["code"]) for e in found] == [("parts", "too_many")]
    assert "20" in found[0]["message"]["en"]


def test_a_nested_project_is_an_error():
    nested = {"schedule": "project", "parts": [DEPOSIT_PART]}
    found = errors({"schedule": "project", "date": DATE, "parts": [DEPOSIT_PART, nested]})
    assert [(e["field"], e["code"]) for e in found] == [("parts[1].schedule", "not_a_choice")]
    assert found[0]["message"]["en"].startswith("Part 2 › Schedule")


def test_an_invalid_part_names_its_path_and_every_error_comes_at_once():
    broken = copy.deepcopy(TERRACES)
    broken["parts"][1]["designs"][0]["floors"][0]["area"] = "120 m2"
    broken["parts"][2]["items"][0]["units"] = -1
    broken["parts"][0]["no_such_field"] = 1
    found = errors(broken)
    assert [e["field"] for e in found] == [
        "parts[0].no_such_field", "parts[1].designs[0].floors[0].area", "parts[2].items[0].units"]
    area = found[1]["message"]
    assert area["ms"].startswith("Bahagian 2 › ") and area["en"].startswith("Part 2 › ")


def test_date_and_area_unit_inside_a_part_are_not_applicable():
    part = {**DEPOSIT_PART, "date": DATE, "area_unit": "ft2"}
    found = errors({"schedule": "project", "date": DATE, "parts": [part]})
    assert [(e["field"], e["code"]) for e in found] == [
        ("parts[0].date", "not_applicable"), ("parts[0].area_unit", "not_applicable")]
    assert "once, on the project" in found[0]["message"]["en"]


def test_a_bad_project_date_is_reported_once():
    found = errors({"schedule": "project", "date": "2025-02-30", "parts": [DEPOSIT_PART, DEPOSIT_PART]})
    assert [(e["field"], e["code"]) for e in found] == [("date", "not_a_date")]


def test_a_project_that_charges_nothing_is_empty():
    nothing = [{"schedule": "deposit"}, {"schedule": "planning_permission", "application": "new"}]
    found = errors({"schedule": "project", "date": DATE, "parts": nothing})
    assert [(e["field"], e["code"]) for e in found] == [(None, "empty")]


def test_one_empty_part_among_others_is_named():
    found = errors({"schedule": "project", "date": DATE, "parts": [DEPOSIT_PART, {"schedule": "deposit"}]})
    assert [(e["field"], e["code"]) for e in found] == [("parts[1]", "empty")]


def test_a_part_that_is_not_an_object_and_unknown_project_fields():
    found = errors({"schedule": "project", "date": DATE, "parts": [3], "application": "new"})
    assert [(e["field"], e["code"]) for e in found] == [("application", "unknown_field"), ("parts[0]", "not_an_object")]


def test_the_cli_exits_2_with_the_path_of_a_bad_part():
    broken = copy.deepcopy(TERRACES)
    broken["parts"][1]["designs"][0]["floors"][0]["area"] = -5
    run = subprocess.run([sys.executable, "-m", "calc", "estimate"], input=json.dumps(broken).encode(), cwd=ROOT,
                         capture_output=True, timeout=60, check=False)
    assert run.returncode == 2 and run.stderr == b""
    assert [e["field"] for e in json.loads(run.stdout)["errors"]] == ["parts[1].designs[0].floors[0].area"]


# ---------------------------------------------------------------------------------------------- development

TERRACE_DESIGN = TERRACES["parts"][1]["designs"][0]


def development(**extra) -> dict:
    return {"schedule": "development", "date": DATE,
            "designs": [{**TERRACE_DESIGN, "category": "terrace_double_storey"}], **extra}


def test_a_development_of_twenty_terraces_is_worked_example_seven():
    response = ok(development())
    assert response["total"] == "11795.20"
    assert [p["total"] for p in response["payments"]] == ["1000.00", "6795.20", "4000.00"]
    assert response["development"]["project"]["parts"] == TERRACES["parts"]
    assert response["development"]["designs"][0]["planning_as"] == "residential"


def test_shop_offices_count_by_floor_area_and_the_visitor_can_change_it():
    shops = {"category": "shop_office_terrace", "units": 6, "floors": [{"level": n, "area": 100} for n in range(3)]}
    response = ok({"schedule": "development", "date": DATE, "designs": [shops]})
    planning = response["parts"][0]
    assert planning["total"] == "900.00"  # 6 × 300 m² = 1,800 m² → 18 × 100 m² × 50
    assert response["development"]["designs"][0]["planning_permission"]["en"].endswith("1800 m²")
    low_cost = ok({"schedule": "development", "date": DATE, "designs": [{**shops, "planning_as": "low_cost"}]})
    assert low_cost["parts"][0]["total"] == "150.00"  # A1 ii: 6 × 25


def test_a_design_in_square_feet_counts_its_floor_area_in_square_feet():
    # 1,000 ft² × 2 units = 2,000 ft² = 185.806 m² → 2 × 100 m² × 50 = 100
    factory = {"category": "factory_terrace", "units": 2, "floors": [{"level": 0, "area": 1000}]}
    response = ok({"schedule": "development", "date": DATE, "area_unit": "ft2", "designs": [factory]})
    assert response["parts"][0]["lines"][0]["amount"] == "100.00"
    assert response["development"]["project"]["parts"][0]["commercial_floor_area"] == "2000"


def test_sections_left_as_shown_are_not_part_of_the_development():
    # A storey row shows its level (ground) chosen from a list before anyone types: the form sends it.
    untouched = {"cabins": {"floors": [{"level": "0"}]}, "site_office": {"floors": [{"level": "0"}]},
                 "permits": {"hoarding_project": "development", "signboard_years": "1"}}
    assert ok(development(**untouched))["total"] == "11795.20"
    with_petil = ok(development(permits={"petil": 1}))
    assert with_petil["total"] == "11805.20"  # + N 10
    assert by_id(with_petil)["on_collection"]["total"] == "10.00"


def test_a_development_reports_errors_at_its_own_fields():
    bad = development(cabins={"cabins": 2, "floors": [{"level": 0, "area": "x"}]})
    assert fields(bad) == ["cabins.floors[0].area", "cabins.permit_months"]
    assert fields({"schedule": "development", "date": DATE, "designs": []}) == ["designs"]


def test_a_development_from_json_text_echoes_its_parts_as_plain_json():
    # JSON numbers arrive as Decimals; the echoed project must still be JSON (the CLI and the browser print it).
    text = json.dumps(development(area_unit="ft2", pool_area=53.82)).replace('"area": 120', '"area": 1291.67')
    status, output = calc.estimate_json(text)
    assert status == 0
    echoed = json.loads(output)["development"]["project"]
    assert echoed["parts"][1]["pool_area"] == "53.82"
    assert echoed["parts"][1]["designs"][0]["floors"][0]["area"] == "1291.67"


def test_a_nested_schedule_that_is_not_text_is_an_ordinary_error():
    found = errors({"schedule": "project", "date": DATE, "parts": [{"schedule": [], "items": []}]})
    assert [(e["field"], e["code"]) for e in found] == [("parts[0].schedule", "not_a_choice")]


SHOP_OFFICE_DEVELOPMENT = {  # worked example 8 described once, as the project page sends it
    "schedule": "development", "date": DATE,
    "designs": [{"category": "shop_office_terrace", "name": "Kedai pejabat 3 tingkat", "units": 6,
                 "floors": [{"level": 0, "area": 100}, {"level": 1, "area": 100}, {"level": 2, "area": 100}],
                 "sanitary": {"wc": 3, "basin": 3}}],
    "permits": {"hoarding_length_m": 100, "hoarding_months": 12, "signboards": 2, "signboard_years": 1, "petil": 1},
    "advertisement": {"boards": [{"type": "billboard", "width_ft": 20, "height_ft": 10}]},
    "cabins": {"cabins": 2, "floors": [{"level": 0, "area": 30}], "permit_months": 12},
}


def test_worked_example_eight_described_once_gives_the_same_estimate():
    # Planning permission: 6 units × 300 m² = 1,800 m² → 18 × 50 = 900 (as example 8 gives it by hand)
    response = ok(SHOP_OFFICE_DEVELOPMENT)
    assert response["total"] == "13990.40"
    assert {p["id"]: p["total"] for p in response["payments"]} == {
        "planning_permission": "1100.00", "plan_processing": "2880.40", "plan_deposit": "1800.00",
        "temporary_permits": "8200.00", "on_collection": "10.00"}
    schedules = [(p["schedule"], p["application"]) for p in response["parts"]]
    assert schedules == [("planning_permission", "new"), ("building_plan", "new"), ("deposit", None),
                         ("building_plan", "cabin"), ("building_plan", "permits"),
                         ("planning_permission", "advertisement")]
