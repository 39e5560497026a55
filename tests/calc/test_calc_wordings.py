"""The words of an estimate, as the council's documents give them (issue 11, item 12): checked against form
MPKj/JKB/B1-2013 (First Schedule of UUKBSS 1986; Formula Perkiraan Bayaran Cagaran; Surat Akuan-Janji Pendeposit).
Only words here; every amount is checked by the other calc tests."""

from __future__ import annotations

import calc

DATE = "2024-01-15"


def estimate(fields: dict) -> dict:
    response = calc.estimate({**fields, "date": DATE})
    assert "errors" not in response, response
    return response


def details(response: dict, lang: str = "en") -> list[str]:
    return [line["detail"][lang] for line in response["lines"]]


def notes(response: dict, lang: str = "en") -> str:
    return " ".join(note[lang] for note in response["notes"])


def test_cabin_lines_count_cabins_and_the_permit_is_annual() -> None:
    response = estimate({"schedule": "building_plan", "application": "cabin", "cabins": 3,
                         "floors": [{"level": 0, "area": 20}], "permit_months": 6})
    assert all("buildings" not in d for d in details(response)), details(response)
    assert any("× 3 cabins" in d for d in details(response))
    assert any("× 3 kabin" in d for d in details(response, "ms"))
    permit = next(line for line in response["lines"] if line["item"] == "K2")
    assert permit["label"] == {"ms": "Kabin: permit tahunan", "en": "Cabin: annual permit (Permit Tahunan)"}


def test_one_signboard_for_one_year_is_singular() -> None:
    response = estimate({"schedule": "building_plan", "application": "permits", "signboards": 1, "signboard_years": 1})
    assert details(response) == ["1 signboard × 1 year"]
    response = estimate({"schedule": "building_plan", "application": "permits", "signboards": 2, "signboard_years": 3})
    assert details(response) == ["2 signboards × 3 years"]


def test_row_discount_line_shows_its_steps() -> None:
    # 20 buildings of one design: 1 at 100 %, 4 at 90 %, 5 at 85 %, 10 at 75 % (item G's bands).
    response = estimate({"schedule": "building_plan", "application": "new",
                         "designs": [{"units": 20, "floors": [{"level": 0, "area": 100}]}]})
    discount = next(line for line in response["lines"] if line["item"] == "G")
    assert "1 × 100% + 4 × 90% + 5 × 85% + 10 × 75% = 16.35 ×" in discount["detail"]["en"]


def test_square_feet_note_only_for_square_feet_and_the_unit_is_named() -> None:
    base = {"schedule": "building_plan", "application": "new", "designs": [{"units": 1, "floors": [
        {"level": 0, "area": 100}]}]}
    in_m2 = notes(estimate(base))
    assert "square feet" not in in_m2 and "Areas were read in square metres (m²)." in in_m2
    in_ft2 = notes(estimate({**base, "area_unit": "ft2"}))
    assert "Areas in square feet are converted" in in_ft2 and "read in square feet" in in_ft2
    no_areas = notes(estimate({"schedule": "building_plan", "application": "permits", "petil": 1}))
    assert "Areas were read" not in no_areas


def test_lines_paid_when_the_approval_is_collected_say_so() -> None:
    for fields in ({"application": "addition", "material_placement_months": 1},
                   {"application": "addition", "roro_bin_months": 1},
                   {"application": "permits", "petil": 1}):
        response = estimate({"schedule": "building_plan", **fields})
        assert "paid when the approval is collected" in notes(response), fields
        assert "semasa mengambil kelulusan" in notes(response, "ms"), fields
    response = estimate({"schedule": "building_plan", "application": "addition", "partitioned_rooms": 1})
    assert "approval is collected" not in notes(response)


def test_deposit_estimate_says_when_it_is_claimed_and_when_the_council_may_deduct() -> None:
    response = estimate({"schedule": "deposit", "additional_works": [{"category": "other", "units": 1}]})
    assert "90 days" in notes(response) and "deduct all or part" in notes(response)
    assert "memotong keseluruhan atau sebahagian" in notes(response, "ms")
    line = response["lines"][0]
    assert line["item"] == "2"  # the document numbers the additional-works deposits 1 and 2
    assert line["source"]["en"].endswith("item 2")
