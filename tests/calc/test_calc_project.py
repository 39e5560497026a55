"""A project (several applications of one development): how its parts and payments are built, and every way a
project can be wrong.

The hand-worked amounts of projects and developments (worked examples 7 and 8 among them), part by part and
payment by payment, are the cases of tests/cases/project.yaml (tests/calc/test_cases.py).
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
from tests.cases.load import load_cases

ROOT = Path(__file__).resolve().parents[2]
CASES = {case["name"]: case["request"] for case in load_cases()}
TERRACES = CASES["the 20-terrace project"]
SHOP_OFFICES = CASES["six shop offices with site works"]
# Deposit item 7, town house: 3 × RM 200.00 = RM 600.00 (Deposit Calculation Formula, Council meeting 6/2000 of
# 27 June 2000, form MPKj/JKB/B1-2013 p. 5)
DEPOSIT_PART = {"schedule": "deposit", "items": [{"type": "town_house", "units": 3}]}


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

def test_the_petil_is_paid_when_the_approval_is_collected():
    # Item N: "to be paid when collecting the approval" (form MPKj/JKB/B1-2013, First Schedule, item N, p. 5)
    payments_ = by_id(ok(SHOP_OFFICES))
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


def test_the_date_of_the_project_is_every_part_s_date():
    # The amounts (the area unit applies to every part too) are the case "the date and area unit of the project
    # apply to every part" of tests/cases/project.yaml.
    response = ok(CASES["the date and area unit of the project apply to every part"])
    assert all(part["date"] == DATE for part in response["parts"])


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


def test_a_development_of_twenty_terraces_echoes_the_project_of_worked_example_seven():
    response = ok(development())
    assert response["development"]["project"]["parts"] == TERRACES["parts"]
    assert response["development"]["designs"][0]["planning_as"] == "residential"


def test_shop_offices_say_they_count_by_floor_area():
    response = ok(CASES["shop offices count by floor area"])
    assert response["development"]["designs"][0]["planning_permission"]["en"].endswith("1,800 m²")


def test_a_design_in_square_feet_passes_its_floor_area_on_in_square_feet():
    response = ok(CASES["a design in square feet counts its floor area in square feet"])
    assert response["development"]["project"]["parts"][0]["commercial_floor_area"] == "2000"


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


def test_worked_example_eight_described_once_has_its_parts_in_order():
    response = ok(CASES["worked example 8 described once"])
    schedules = [(p["schedule"], p["application"]) for p in response["parts"]]
    assert schedules == [("planning_permission", "new"), ("building_plan", "new"), ("deposit", None),
                         ("building_plan", "cabin"), ("building_plan", "permits"),
                         ("planning_permission", "advertisement")]
