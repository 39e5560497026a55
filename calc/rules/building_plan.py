"""Building plan fees (Jadual Pertama, Fi bagi Menimbangkan Pelan, Permit dan Lain-lain, UUKBSS 1986)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc.bill import Bill
from calc.money import fixed, fraction_text, grouped, plain, shown_measure
from calc.schedules import Bilingual, NotInForce
from calc.shapes import PerBlock, per_block, row_factor, row_steps
from calc.terms import HOARDING_PROJECTS, SANITARY_FITTINGS, in_a_sentence, storey_name

__all__ = ["addition", "amendment", "cabin", "new", "permits", "temporary_building"]

_MINIMUM_UNIT = Bilingual("minimum setiap tingkat", "minimum per storey")
_BUILDINGS = Bilingual("bangunan", "buildings")
_FITTING_NAMES = {key: Bilingual(ms, en) for key, ms, en in SANITARY_FITTINGS}


def storey_item(bill: Bill, level: int) -> str:
    """The item of part B whose rates a storey at `level` pays (each B item names its levels in the data)."""
    for item in bill.version.items:
        if item.part != "B":
            continue
        if level < 0 and item.basements:
            return item.ref
        if item.storeys is not None and level >= 0:
            lowest, highest = item.storeys
            if lowest <= level and (highest is None or level <= highest):
                return item.ref
    raise NotInForce(f"B ({storey_name(level).en})")


def _context(prefix: Bilingual | None, text: Bilingual) -> Bilingual:
    return text if prefix is None else Bilingual(f"{prefix.ms}: {text.ms}", f"{prefix.en}: {text.en}")


# ------------------------------------------------------------------------------------------ shared shapes


def storeys_by_level(floors: list[dict[str, Any]]) -> list[tuple[int, Decimal, int]]:
    """Each level once, in the order it was first given: (level, area, parts with an area). A storey given in parts
    (the house and its porch on the ground floor) is one storey: its blocks and minimum are taken once, on the
    sum."""
    levels: list[int] = []
    areas: dict[int, Decimal] = {}
    parts: dict[int, int] = {}
    for storey in floors:
        level = storey["level"]
        if level not in areas:
            levels.append(level)
            areas[level], parts[level] = Decimal(0), 0
        areas[level] += storey["area"]
        parts[level] += 1 if storey["area"] > 0 else 0
    return [(level, areas[level], parts[level]) for level in levels]


def charge_storeys(
    bill: Bill, floors: list[dict[str, Any]], *, times: int = 1, charged_as: str | None = None,
    fraction: Decimal | None = None, prefix: Bilingual | None = None, times_word: Bilingual = _BUILDINGS,
) -> Decimal:
    """Item B on each storey (rate × blocks, at least the minimum), for `times` buildings.

    `charged_as` names the item the lines belong to when B only gives the rates (J1, K1, H4); `fraction`
    halves each line (H4). Returns the exact B fee of one building, before any fraction.
    """
    per_building = Decimal(0)
    for level, storey_area, parts in storeys_by_level(floors):
        if storey_area == 0:
            continue  # a storey of no area is not charged, not even its minimum
        b_code = storey_item(bill, level)
        b_item = bill.item(b_code)
        fee = per_block(b_item, storey_area)
        per_building += fee.amount
        area = shown_measure(storey_area)
        name = storey_name(level)
        rate_note = Bilingual(f" (kadar {b_code})", f" ({b_code} rate)") if charged_as else Bilingual("", "")
        added_up = (Bilingual(f" (jumlah {parts} bahagian)", f" (the sum of {parts} parts)") if parts > 1
                    else Bilingual("", ""))
        block = plain(b_item.block) if b_item.block is not None else ""
        detail = Bilingual(f"{name.ms} {area} m²{added_up.ms} = {fee.blocks} × {block} m²{rate_note.ms}",
                           f"{name.en} {area} m²{added_up.en} = {fee.blocks} × {block} m²{rate_note.en}")
        amount, quantity, rate, detail, unit = _scaled(fee, b_item.rate, detail, times=times, times_word=times_word,
                                                       fraction=fraction, minimum_unit=_MINIMUM_UNIT)
        bill.charge(charged_as or b_code, amount, quantity, rate, _context(prefix, detail), unit)
    return per_building


def charge_sanitary(bill: Bill, fittings: dict[str, int], *, times: int = 1, prefix: Bilingual | None = None) -> None:
    """Item C: each fitting at its rate, for `times` buildings; never discounted."""
    for key, _, _ in SANITARY_FITTINGS:  # in the schedule's order, whatever order the request gave
        count = fittings.get(key)
        if not count:
            continue
        item = bill.item(key)
        assert item.rate is not None
        name = _FITTING_NAMES[key]
        detail = Bilingual(f"{name.ms}: {count}", f"{name.en}: {count}")
        if times > 1:
            detail = Bilingual(f"{detail.ms} × {times} bangunan", f"{detail.en} × {times} buildings")
        bill.charge(key, item.rate * count * times, count * times, item.rate, _context(prefix, detail))


def _per_block_line(bill: Bill, code: str, measure: Decimal, unit_word: Bilingual, *, times: int = 1,
                    fraction: Decimal | None = None, times_word: Bilingual | None = None) -> None:
    item = bill.item(code)
    fee = per_block(item, measure)
    block = plain(item.block) if item.block is not None else "1"
    shown = shown_measure(measure)
    detail = Bilingual(f"{shown} {unit_word.ms} = {fee.blocks} × {block} {unit_word.ms}",
                       f"{shown} {unit_word.en} = {fee.blocks} × {block} {unit_word.en}")
    amount, quantity, rate, detail, unit = _scaled(fee, item.rate, detail, times=times, times_word=times_word,
                                                   fraction=fraction, minimum_unit=Bilingual("minimum", "minimum"))
    bill.charge(code, amount, quantity, rate, detail, unit)


def _scaled(fee: PerBlock, rate: Decimal | None, detail: Bilingual, *, times: int, times_word: Bilingual | None,
            fraction: Decimal | None, minimum_unit: Bilingual,
            ) -> tuple[Decimal, Decimal | int, Decimal | None, Bilingual, Bilingual | None]:
    """A per-block fee as a line for `times` buildings (cabins, years): (amount, quantity, rate, detail, unit).
    The detail says where the minimum applies, then the multiplier, then the fraction (H4, E)."""
    quantity: Decimal | int = fee.blocks * times
    unit = None
    if fee.minimum_applies:
        minimum = fixed(fee.amount, 2)
        detail = Bilingual(f"{detail.ms}; minimum RM {minimum}", f"{detail.en}; minimum RM {minimum}")
        quantity, rate, unit = times, fee.amount, minimum_unit
    if times > 1 and times_word is not None:
        detail = Bilingual(f"{detail.ms}; × {times} {times_word.ms}", f"{detail.en}; × {times} {times_word.en}")
    amount = fee.amount * times
    if fraction is not None:
        amount *= fraction
        shown = fraction_text(fraction)
        detail = Bilingual(f"{shown} × ({detail.ms})", f"{shown} × ({detail.en})")
    return amount, quantity, rate, detail, unit


def _flat(bill: Bill, code: str, count: int = 1, detail: Bilingual | None = None) -> None:
    rate = bill.item(code).rate
    assert rate is not None
    bill.charge(code, rate * count, count, rate, detail)


_M2 = Bilingual("m²", "m²")
_METRE = Bilingual("m", "m")
_YEARS = Bilingual("tahun", "years")
_CABINS = Bilingual("kabin", "cabins")


def _count_of(n: int, ms: str, one: str, many: str) -> Bilingual:
    """"1 year" / "2 years" (Malay nouns do not change)."""
    return Bilingual(f"{n} {ms}", f"{n} {one if n == 1 else many}")

# ------------------------------------------------------------------------------------------ applications


def new(bill: Bill, request: dict[str, Any]) -> None:
    """A new building plan: A once; B per storey with the row discount G per design; C; D, E, F."""
    _flat(bill, "A")
    for number, design in enumerate(request["designs"], start=1):
        name = design["name"] or f"#{number}"
        prefix = Bilingual(f"Rekabentuk {name}", f"Design {name}")
        first_line = len(bill.lines)
        units = design["units"]
        per_building = charge_storeys(bill, design["floors"], times=units, prefix=prefix)
        factor = row_factor(bill.item("G").bands, units)
        if units > 1 and factor != units:
            steps = row_steps(bill.item("G").bands, units)
            shown = " + ".join(f"{count} × {plain(percent)}%" for count, percent in steps)
            fee = fixed(per_building, 2)
            bill.charge(
                "G", per_building * (factor - units), units, None,
                Bilingual(f"{prefix.ms}: {units} bangunan membayar {shown} = {plain(factor)} × RM {fee}",
                          f"{prefix.en}: {units} buildings pay {shown} = {plain(factor)} × RM {fee}"),
                _BUILDINGS,
            )
        charge_sanitary(bill, design["sanitary"], times=units, prefix=prefix)
        bill.group(prefix, first_line)  # the design's subtotal
    if request["central_system_area"] > 0:
        _per_block_line(bill, "D", request["central_system_area"], _M2)
    if request["pool_area"] > 0:
        _per_block_line(bill, "E", request["pool_area"], _M2, fraction=bill.item("E").fraction)
    if request["residential_fences"]:
        _flat(bill, "F1", request["residential_fences"])
    if request["fence_length_m"] > 0:
        _per_block_line(bill, "F2", request["fence_length_m"], _METRE)


def amendment(bill: Bill, request: dict[str, Any]) -> None:
    """Item H: the application and sheet fees, plus what each type of amendment adds."""
    kind = request["amendment_type"]
    _flat(bill, "amendment_application", 1, Bilingual(f"Pindaan jenis H{kind}", f"Amendment type H{kind}"))
    _flat(bill, "amendment_sheet", request["sheets"])
    if kind in (2, 3):
        added = Bilingual("Tambahan", "Added")
        charge_storeys(bill, request["added_floors"], prefix=added)
        charge_sanitary(bill, request["added_sanitary"], prefix=added)
    if kind == 3 and request["previous_plan_fee"] > 0:
        previous, half = request["previous_plan_fee"], bill.item("H3").fraction
        assert half is not None
        bill.charge("H3", previous * half, 1, None,
                    Bilingual(f"{fraction_text(half)} × RM {grouped(previous, 2)} (fi pelan terdahulu)",
                              f"{fraction_text(half)} × RM {grouped(previous, 2)} (earlier plan fee)"))
    if kind == 4:
        charge_storeys(bill, request["finish_floors"], charged_as="H4", fraction=bill.item("H4").fraction)


def addition(bill: Bill, request: dict[str, Any]) -> None:
    """Item I: additions and alterations to an existing building, and the permits that go with them."""
    _flat(bill, "I1")
    added = Bilingual("Tambahan (I2)", "Added (I2)")
    charge_storeys(bill, request["added_floors"], prefix=added)
    charge_sanitary(bill, request["added_sanitary"], prefix=added)
    for field, code in (("partitioned_rooms", "I3"), ("facade_storeys", "I4"),
                        ("material_placement_months", "I6"), ("roro_bin_months", "I7")):
        if request[field]:
            _flat(bill, code, request[field])
    if request["permit_area"] > 0:
        _per_block_line(bill, "I5", request["permit_area"], _M2)


def temporary_building(bill: Bill, request: dict[str, Any]) -> None:
    """Item J: processing at the B rates, then a yearly permit on the whole floor area and the fence."""
    charge_storeys(bill, request["floors"], charged_as="J1")
    total_area = sum((storey["area"] for storey in request["floors"]), Decimal(0))
    years = request["permit_years"]
    if total_area > 0:
        _per_block_line(bill, "J2", total_area, _M2, times=years, times_word=_YEARS)
    if request["guarded_fence_length_m"] > 0:
        _per_block_line(bill, "J3", request["guarded_fence_length_m"], _METRE, times=years, times_word=_YEARS)


def cabin(bill: Bill, request: dict[str, Any]) -> None:
    """Item K: processing at the B rates for each cabin, and a permit per cabin for every block of months."""
    cabins = request["cabins"]
    charge_storeys(bill, request["floors"], times=cabins, charged_as="K1", times_word=_CABINS)
    _per_block_line(bill, "K2", Decimal(request["permit_months"]), Bilingual("bulan", "months"),
                    times=cabins, times_word=_CABINS)


def permits(bill: Bill, request: dict[str, Any]) -> None:
    """Items L, M and N: hoarding by the metre and month, signboards by the year, petil each."""
    length = request["hoarding_length_m"]
    if length > 0:
        item = bill.item("L")
        project = request["hoarding_project"]
        least = dict(item.minimum_months)[project]
        asked = request["hoarding_months"] or least
        months = max(asked, least)
        if asked < least:
            name = in_a_sentence(HOARDING_PROJECTS[project])
            bill.add_note(Bilingual(f"Papan dendeng {name.ms} dikenakan minimum {least} bulan, bukan {asked}.",
                                f"Hoarding for a {name.en} is charged for at least {least} months, not {asked}."))
        metres = per_block(item, length).blocks
        assert item.rate is not None
        shown = shown_measure(length)
        bill.charge("L", item.rate * metres * months, metres * months, item.rate,
                    Bilingual(f"{shown} m → {metres} m × {months} bulan", f"{shown} m → {metres} m × {months} months"),
                    Bilingual("meter sebulan", "metre-months"))
    if request["signboards"]:
        signboards, years = request["signboards"], request["signboard_years"]
        boards = _count_of(signboards, "papan tanda", "signboard", "signboards")
        period = _count_of(years, "tahun", "year", "years")
        _flat(bill, "M", signboards * years, Bilingual(f"{boards.ms} × {period.ms}", f"{boards.en} × {period.en}"))
    if request["petil"]:
        _flat(bill, "N", request["petil"])
