"""Planning permission fees (Jadual Ketiga, Kaedah-Kaedah Pengawalan Perancangan (Am)(Selangor) 1996)."""

from __future__ import annotations

from typing import Any

from calc.bill import Bill
from calc.money import plain, shown_measure
from calc.schedules import Bilingual
from calc.shapes import per_block, tier_slices
from calc.terms import BOARD_PURPOSES, BOARD_TYPES, EXEMPT_PURPOSES, in_a_sentence

__all__ = ["advertisement", "extension", "new"]

# Part A: the items charged once per application when their box is ticked.
_FLAT_PER_APPLICATION = (("building_alteration", "A4"), ("site_plan_alteration", "A5"), ("change_of_use", "A6"))
_PER_UNIT = (("low_cost_units", "A1ii"), ("malay_reserve_units", "A1iii"),
             ("petrol_stations", "A3i"), ("petrol_stations_with_service", "A3ii"))


def new(bill: Bill, request: dict[str, Any]) -> None:
    """Part A: a new development, any combination of items."""
    residential = bill.item("A1i")
    for first, last, rate in tier_slices(residential.tiers, request["residential_units"]):
        units = last - first + 1
        shown = Bilingual(f"Unit kediaman {first}", f"Residential unit {first}") if first == last else Bilingual(
            f"Unit kediaman {first}–{last}", f"Residential units {first}–{last}")
        bill.charge("A1i", rate * units, units, rate, shown)
    for field, code in _PER_UNIT:
        count = request[field]
        if count:
            item = bill.item(code)
            assert item.rate is not None
            bill.charge(code, item.rate * count, count, item.rate)
    area = request["commercial_floor_area"]
    if area > 0:
        charge = per_block(bill.item("A2"), area)
        block = plain(bill.item("A2").block or 0)
        bill.charge("A2", charge.amount, charge.blocks, bill.item("A2").rate,
                    Bilingual(f"{shown_measure(area)} m² keluasan lantai kasar = {charge.blocks} × {block} m²",
                              f"{shown_measure(area)} m² gross floor area = {charge.blocks} × {block} m²"))
    for field, code in _FLAT_PER_APPLICATION:
        if request[field]:
            rate = bill.item(code).rate
            assert rate is not None
            bill.charge(code, rate, 1, rate)


_EXTENSION_ITEMS = {
    "residential": "B1", "commercial": "B2", "petrol_station": "B3",
    "building_alteration": "B4", "site_plan_alteration": "B5", "mixed": "B6",
}


def extension(bill: Bill, request: dict[str, Any]) -> None:
    """Part B: one fee for each application to extend a planning permission."""
    code = _EXTENSION_ITEMS[request["development_type"]]
    rate = bill.item(code).rate
    assert rate is not None
    bill.charge(code, rate, 1, rate)


def advertisement(bill: Bill, request: dict[str, Any]) -> None:
    """Part C: each board by its size; non-commercial, government and charity boards are exempt."""
    for board in request["boards"]:
        name = BOARD_TYPES[board["type"]]
        width, height, count = board["width_ft"], board["height_ft"], board["count"]
        size = f"{plain(width)}′ × {plain(height)}′"
        exemption = in_a_sentence(BOARD_PURPOSES[board["purpose"]]) if board["purpose"] in EXEMPT_PURPOSES else None
        if exemption:
            code = "C3"
            detail = Bilingual(f"{name.ms} {size}: dikecualikan ({exemption.ms})",
                               f"{name.en} {size}: exempt ({exemption.en})")
        else:
            least = bill.item("C1").least_area_ft2  # smaller boards pay the lower rate of C2 (rule 5)
            assert least is not None
            code = "C2" if width * height < least else "C1"
            detail = Bilingual(f"{name.ms} {size}", f"{name.en} {size}")
        rate = bill.item(code).rate
        assert rate is not None
        bill.charge(code, rate * count, count, rate, detail)
