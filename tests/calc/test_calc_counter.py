"""What people met at the counter (issue 18), calc's side: the refundable deposit apart from the fees, a storey given
in parts, a building with no floor area, a subtotal for each design, and the words the audit against form
MPKj/JKB/B1-2013 and form MPKj/OSC/KM/PB-3 found wrong. Amounts are worked by hand from the First Schedule of
UUKBSS 1986 (form MPKj/JKB/B1-2013 p. 4, in force from 11 November 2021) and the Deposit Calculation Formula
(Council meeting 6/2000, p. 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import calc
from calc.schedules import load
from tests.cases.load import load_cases

ROOT = Path(__file__).resolve().parents[2]
CASES = {case["name"]: case["request"] for case in load_cases()}
DATE = "2025-01-01"


def ok(request: dict) -> dict:
    response = calc.estimate(request)
    assert "errors" not in response, response
    return response


def cli(request: dict) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "calc", "estimate"], input=json.dumps(request), cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, json.loads(done.stdout)


def building(*floors: tuple[int, object], units: int = 1, name: str = "Banglo") -> dict:
    return {"schedule": "building_plan", "application": "new", "date": DATE,
            "designs": [{"name": name, "units": units, "floors": [{"level": lv, "area": a} for lv, a in floors]}]}


# ------------------------------------------------------------------------------ the deposit apart, one total

def test_worked_example_7_gives_fees_and_the_refundable_deposit_apart():
    # Fees: planning permission 20 × RM 50.00 = 1,000.00 and the plan fee of worked example 4, 6,795.20: 7,795.20.
    # Refundable: the plan deposit, 20 double-storey terraces × RM 200.00 = 4,000.00. To pay: 11,795.20.
    for response in (ok(CASES["the 20-terrace project"]), cli(CASES["the 20-terrace project"])[1]):
        assert (response["fees_total"], response["refundable_total"], response["total"]) == (
            "7795.20", "4000.00", "11795.20")
        refundable = {p["id"]: p["refundable"] for p in response["payments"]}
        assert refundable == {"planning_permission": False, "plan_processing": False, "plan_deposit": True}


def test_a_development_also_gives_the_deposit_apart():
    response = ok(CASES["a development of twenty terraces is worked example 7"])
    assert (response["fees_total"], response["refundable_total"]) == ("7795.20", "4000.00")


# ------------------------------------------------------------------------------ a storey given in parts

def test_parts_of_one_storey_are_added_up_before_blocks_and_minimum():
    # Ground floor 100 m² + a 20 m² porch = 120 m²: 14 blocks × RM 14.00 = RM 196.00 (not 168.00 + the RM 140.00
    # minimum for the porch); processing RM 120.00. Total RM 316.00.
    request = building((0, 100), (0, "20"))
    for response in (ok(request), cli(request)[1]):
        assert [(line["item"], line["amount"]) for line in response["lines"]] == [("A", "120.00"), ("B1", "196.00")]
        assert response["total"] == "316.00"
        ground = response["lines"][1]["detail"]
        assert "120 m² (the sum of 2 parts) = 14 × 9 m²" in ground["en"]
        assert "120 m² (jumlah 2 bahagian) = 14 × 9 m²" in ground["ms"]
        assert "level" not in ground["en"].lower() and "aras" not in ground["ms"]


# ------------------------------------------------------------------------------ a building of no floor area

def test_a_building_whose_storeys_are_all_zero_is_asked_for_its_first_area():
    request = building((0, 0), (1, "0.00"))
    status, answer = cli(request)
    assert status == 2
    for response in (calc.estimate(request), answer):
        assert [(e["field"], e["code"]) for e in response["errors"]] == [("designs[0].floors[0].area", "required")]
        assert response["errors"][0]["message"]["en"].startswith("Building designs 1 › Storeys 1 › Floor area")


def test_zero_written_with_an_exponent_is_zero():
    # "0E+21" is zero: not "at most 10,000,000 m²". Commercial floor area 0 and 20 houses: 20 × RM 50.00.
    response = ok({"schedule": "planning_permission", "application": "new", "date": DATE, "residential_units": 20,
                   "commercial_floor_area": D("0E+21")})
    assert response["total"] == "1000.00"
    done = subprocess.run(
        [sys.executable, "-m", "calc", "estimate"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        input='{"schedule": "planning_permission", "application": "new", "date": "2025-01-01", '
              '"residential_units": 20, "commercial_floor_area": 0E+21}')
    assert (done.returncode, json.loads(done.stdout)["total"]) == (0, "1000.00")


# ------------------------------------------------------------------------------ a subtotal for each design

def test_each_design_has_its_subtotal():
    # Design "Teres 2 tingkat" of worked example 4 without item A: 6,795.20 − 120.00 = 6,675.20.
    # Design "Pondok": one building, ground floor 50 m², 6 blocks × RM 14.00 = 84.00, raised to the RM 140.00 minimum.
    request = dict(CASES["20 double-storey terraces of one design"])
    request["designs"] = [*request["designs"], {"name": "Pondok", "units": 1, "floors": [{"level": 0, "area": 50}]}]
    response = ok(request)
    assert response["total"] == "6935.20"
    subtotals = [(d["label"]["en"], d["total"]) for d in response["designs"]]
    assert subtotals == [("Design Teres 2 tingkat", "6675.20"), ("Design Pondok", "140.00")]
    listed = [i for d in response["designs"] for i in d["lines"]]
    assert listed == list(range(1, len(response["lines"])))  # every line but item A, each once, in order


# ------------------------------------------------------------------------------ the audit's words

def test_the_by_law_is_uukbss_in_the_payments():
    response = ok(CASES["six shop offices with site works"])
    sources = " ".join(p["source"][lang] for p in response["payments"] for lang in ("ms", "en"))
    assert "UUKBSS 1986" in sources and "UUKBS 1986" not in sources


def test_additional_works_deposits_cite_their_own_heading():
    response = ok({"schedule": "deposit", "date": DATE, "items": [
        {"type": "detached_or_semi_detached", "units": 1}],
        "additional_works": [{"category": "office_factory_industry", "units": 1}]})
    main, additional = (line["source"] for line in response["lines"])
    assert main["en"].endswith(", item 1") and "Additional works" not in main["en"]
    assert additional["en"].endswith("Additional works or amendments, item 1")
    assert additional["ms"].endswith("Kerja tambahan/pindaan, perkara 1")


def test_the_deposit_note_gives_every_ground_of_the_declaration():
    # Surat Akuan-Janji Pendeposit, form MPKj/JKB/B1-2013: (i) fails or neglects the rules, conditions or
    # instructions; (iii) no CCC/CFO application within 12 months from the date of the building plan approval.
    response = ok({"schedule": "deposit", "date": DATE, "items": [{"type": "town_house", "units": 1}]})
    text = {lang: " ".join(note[lang] for note in response["notes"]) for lang in ("ms", "en")}
    assert "gagal atau cuai mematuhi apa-apa peraturan, syarat atau arahan" in text["ms"]
    assert "fails, or neglects, to keep any of the council's rules, conditions or instructions" in text["en"]
    assert "12 bulan dari tarikh kelulusan pelan bangunan" in text["ms"]
    assert "12 months from the date of the building plan approval" in text["en"]


def test_industry_is_english_in_english():
    response = ok({"schedule": "deposit", "date": DATE, "items": [{"type": "industry_individual", "units": 1}]})
    assert response["lines"][0]["label"]["en"] == "Industry (individual)"


def test_one_house_is_singular_and_a_tier_of_one_unit_is_one_unit():
    response = ok({"schedule": "planning_permission", "application": "new", "date": DATE, "residential_units": 1})
    assert response["lines"][0]["detail"] == {"ms": "Unit kediaman 1", "en": "Residential unit 1"}
    development = ok({"schedule": "development", "date": DATE, "designs": [
        {"category": "detached_or_semi_detached", "units": 1, "floors": [{"level": 0, "area": 100}]}]})
    counted = development["development"]["designs"][0]
    assert counted["building_plan"]["en"].startswith("1 building ")
    assert counted["deposit"]["en"].endswith(": 1 unit")


def test_a_large_floor_area_is_grouped_in_thousands():
    development = ok({"schedule": "development", "date": DATE, "area_unit": "ft2", "designs": [
        {"category": "shop_office_terrace", "units": 4, "floors": [{"level": 0, "area": 2800}]}]})
    assert development["development"]["designs"][0]["planning_permission"]["en"].endswith(": 11,200 kps")


def test_a_development_error_names_no_part():
    errors = calc.estimate({"schedule": "development", "date": DATE, "designs": [
        {"category": "town_house", "units": 1, "floors": [{"level": 0, "area": 100}]}],
        "cabins": {"cabins": 1, "floors": [{"level": 0, "area": -1}], "permit_months": 1}})["errors"]
    assert errors and all(not e["message"]["en"].startswith("Part ") for e in errors), errors
    assert all(not e["message"]["ms"].startswith("Bahagian ") for e in errors), errors


def test_the_storey_minimum_is_read_wherever_it_applies():
    for request in ({"application": "temporary_building", "floors": [{"level": 0, "area": 9}], "permit_years": 1},
                    {"application": "cabin", "cabins": 1, "floors": [{"level": 0, "area": 9}], "permit_months": 1},
                    {"application": "amendment", "amendment_type": 4, "sheets": 1,
                     "finish_floors": [{"level": 0, "area": 9}]}):
        response = ok({"schedule": "building_plan", "date": DATE, **request})
        assert any("pays the higher of rate × blocks and its minimum" in note["en"] for note in response["notes"])


def test_a_measure_is_shown_rounded_up_so_its_blocks_agree():
    # 90.0001 m² is 11 blocks of 9 m² (10 blocks hold 90 m²): shown as 90.01 m², never as "90 m² = 11 × 9 m²".
    response = ok(building((0, "90.0001")))
    assert "ground floor 90.01 m² = 11 × 9 m²" in response["lines"][1]["detail"]["en"]


def test_planning_permission_extension_items_charge_no_storeys():
    for item in load("planning_permission").history:
        assert item.storeys is None and not item.basements, item.code
