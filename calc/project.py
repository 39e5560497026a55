"""A project: every fee of one development, computed together and grouped as the council collects them.

A project request (`"schedule": "project"`) holds 1 to 20 ordinary requests in `parts`; its `date` and
`area_unit` apply to every part. Each part is estimated as it would be alone; the answer adds `payments`, the
lines grouped by the payment they belong to (calc/schedules/payments.toml says which, with its citation).

A development request (`"schedule": "development"`) describes the buildings once, as form MPKj/JKB/B1-2013
lists them; `development_parts` turns it into the project's parts by the rule in CATEGORY_PLANNING.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from calc.calculators import DEPOSIT_TYPE_LABELS, DEVELOPMENT, PLANNING_NEW
from calc.fields import COMMON_FIELDS, M2_PER_FT2, Field
from calc.money import format_rm, grouped, plain
from calc.record import Record
from calc.schedules import Bilingual, _Memo, _Reader, data_path, file_name, load_all, read_data
from calc.validate import Problems, add_unknown_fields, read_date, read_fields

__all__ = ["CATEGORY_PLANNING", "MAX_PARTS", "Payment", "estimate_development", "estimate_project", "payments"]

MAX_PARTS = 20
# estimate_part(request, today, problems): a part's estimate, or its problems filled and their document returned.
EstimatePart = Any

_COMMON = {f.name: f for f in COMMON_FIELDS}
_PROJECT_KEYS = frozenset({"schedule", "date", "area_unit", "parts"})
_GIVEN_ONCE = ("date", "area_unit")  # on the project only: they apply to every part
_PARTS_LABEL = Bilingual("Bahagian projek", "Project parts")
_GIVEN_ON_PROJECT = Bilingual("satu bahagian projek (beri sekali pada projek)",
                              "a part of a project (give it once, on the project)")
_NESTED = frozenset({"project", "development"})


# ---------------------------------------------------------------------------------------------- payments

class Payment(Record):
    """One payment the council collects: the schedule's items it takes (by part, or by code first)."""

    FIELDS = ("id", "schedule", "parts", "codes", "label", "due", "source", "refundable")

    def __init__(self, id: str, schedule: str, parts: tuple[str, ...], codes: tuple[str, ...],
                 label: Bilingual, due: Bilingual, source: Bilingual, refundable: bool) -> None:
        self.id = id
        self.schedule = schedule
        self.parts = parts
        self.codes = codes
        self.label = label
        self.due = due
        self.source = source
        self.refundable = refundable  # a deposit: paid now, claimed back later (not a fee)


def _payments_of_file() -> tuple[Payment, ...]:
    """The payments of payments.toml, checked: every item of every schedule version is in exactly one."""
    path = data_path("payments")
    reader = _Reader(file_name(path))
    data = read_data(path)
    reader.keys(data, "", {"payments"}, {"payments"})
    keys = {"id", "schedule", "parts", "codes", "label", "due", "source", "refundable"}
    found = []
    for index, entry in enumerate(data["payments"]):
        where = f"payments[{index}]"
        reader.keys(entry, where, keys, keys - {"parts", "codes", "refundable"})
        if entry["schedule"] not in load_all():
            reader.fail(f"{where}.schedule", f"unknown schedule {entry['schedule']!r}")
        lists = {name: entry.get(name, []) for name in ("parts", "codes")}
        for name in ("parts", "codes"):
            values = lists[name]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                reader.fail(f"{where}.{name}", "must be a list of strings")
        found.append(Payment(
            id=reader.text(entry["id"], f"{where}.id"), schedule=entry["schedule"],
            parts=tuple(lists["parts"]), codes=tuple(lists["codes"]),
            label=reader.bilingual(entry["label"], f"{where}.label"),
            due=reader.bilingual(entry["due"], f"{where}.due"),
            source=reader.bilingual(entry["source"], f"{where}.source"),
            refundable=reader.flag(entry.get("refundable", False), f"{where}.refundable"),
        ))
    result = tuple(found)
    for schedule in load_all().values():  # (any order: this only checks)
        for version in schedule.versions:
            for item in version.items:
                by_code = [p.id for p in result if p.schedule == schedule.id and item.code in p.codes]
                by_part = [p.id for p in result if p.schedule == schedule.id and item.part in p.parts]
                if len(by_code) > 1 or (not by_code and len(by_part) != 1):
                    reader.fail("payments", f"{schedule.id} item {item.code} is in {len(by_code or by_part)} "
                                            "payments; it must be in exactly one")
    return result


payments = _Memo(_payments_of_file)


def payment_of(schedule: str, code: str) -> Payment:
    """The payment a line of `schedule`'s item `code` belongs to: by its code first, else by its part."""
    version_items = (item for version in load_all()[schedule].versions for item in version.items)
    part = next(item.part for item in version_items if item.code == code)
    candidates = [p for p in payments() if p.schedule == schedule]
    return next((p for p in candidates if code in p.codes), None) or next(p for p in candidates if part in p.parts)


def _payments(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts' lines grouped by payment, in the order of payments.toml; payments with no line are left out."""
    grouped: dict[str, list[tuple[int, int, Decimal]]] = {}
    for part_index, part in enumerate(parts):
        for line_index, line in enumerate(part["lines"]):
            payment = payment_of(part["schedule"], line["item"])
            grouped.setdefault(payment.id, []).append((part_index, line_index, Decimal(line["amount"])))
    return [
        {
            "id": p.id, "label": p.label.as_dict(), "due": p.due.as_dict(), "source": p.source.as_dict(),
            "refundable": p.refundable,
            "total": format_rm(sum((amount for _, _, amount in grouped[p.id]), Decimal(0))),
            "lines": [[part_index, line_index] for part_index, line_index, _ in grouped[p.id]],
        }
        for p in payments() if p.id in grouped
    ]


# ---------------------------------------------------------------------------------------------- project

def _read_settings(request: dict[str, Any], problems: Problems, today: date) -> None:
    """The project's own date and area unit, checked as any request's (the parts repeat the same checks)."""
    read_date(request.get("date"), problems, _COMMON["date"].label, today)
    if "area_unit" in request:
        read_fields({"area_unit": request["area_unit"]}, (_COMMON["area_unit"],), problems)


def _within(part: Bilingual, label: Bilingual) -> Bilingual:
    return Bilingual(f"{part.ms} › {label.ms}", f"{part.en} › {label.en}")


def _in_part(index: int, error: dict[str, Any]) -> dict[str, Any]:
    """A part's error as the project reports it: its path from the project, its message saying which part."""
    field = error["field"]
    if field in _GIVEN_ONCE:
        return error  # the project's own date or area unit
    path = f"parts[{index}]" if field is None else f"parts[{index}].{field}"
    message = {"ms": f"Bahagian {index + 1} › {error['message']['ms']}",
               "en": f"Part {index + 1} › {error['message']['en']}"}
    return {"field": path, "code": error["code"], "message": message}


def estimate_project(request: dict[str, Any], today: date | None, estimate_part: EstimatePart) -> dict[str, Any]:
    """Every part estimated as alone, with the project's date and area unit; all errors of all parts at once."""
    problems = Problems()
    _read_settings(request, problems, today or date.today())  # first: the parts' copies of its errors merge into it
    add_unknown_fields(problems, (name for name in request if name not in _PROJECT_KEYS),
                       lambda shown: (shown, Bilingual(shown, shown)))
    parts = request.get("parts")
    if parts is None:
        problems.add("parts", "required", _PARTS_LABEL)
    elif not isinstance(parts, list):
        problems.add("parts", "not_a_list", _PARTS_LABEL)
    elif not parts:
        problems.add("parts", "too_few", _PARTS_LABEL, limit=1)
    elif len(parts) > MAX_PARTS:
        problems.add("parts", "too_many", _PARTS_LABEL, limit=MAX_PARTS)
    if not isinstance(parts, list) or not 1 <= len(parts) <= MAX_PARTS:
        return problems.document()

    settings = {name: request[name] for name in _GIVEN_ONCE if name in request}
    responses: list[dict[str, Any]] = []
    part_problems: list[tuple[int, Problems]] = []
    for index, part in enumerate(parts):
        where = f"parts[{index}]"
        label = Bilingual(f"Bahagian {index + 1}", f"Part {index + 1}")
        if not isinstance(part, dict):
            problems.add(where, "not_an_object", label)
            continue
        if isinstance(part.get("schedule"), str) and part["schedule"] in _NESTED:
            schedules = ", ".join(c.value for c in _COMMON["schedule"].choices)
            problems.add(f"{where}.schedule", "not_a_choice", _within(label, _COMMON["schedule"].label),
                         value=part["schedule"], choices=schedules)
            continue
        for name in _GIVEN_ONCE:
            if name in part:
                problems.add(f"{where}.{name}", "not_applicable", _within(label, _COMMON[name].label),
                             value=_GIVEN_ON_PROJECT)
        ordinary = {k: v for k, v in part.items() if k not in _GIVEN_ONCE}
        ordinary.update(settings)
        found = Problems()
        response = estimate_part(ordinary, today, found)
        if found:
            part_problems.append((index, found))
        else:
            responses.append(response)
    every_part_empty = len(part_problems) == len(parts) and all(
        not found.more and [e["code"] for e in found.errors] == ["empty"] for _, found in part_problems)
    if every_part_empty and not problems:
        problems.add(None, "empty", None)
        return problems.document()
    for index, found in part_problems:
        for error in found.errors:
            problems.merge(_in_part(index, error))  # the project's date error comes once, not once per part
        problems.more += found.more  # errors past a part's cap are its own, each at its own path
    if problems:
        return problems.document()

    total = sum((Decimal(part["total"]) for part in responses), Decimal(0))
    notes: list[dict[str, str]] = [{
        "ms": "Bayaran dikumpulkan seperti Majlis memungutnya: borang MPKj/OSC/KM/PB-3 (Unit Pusat Setempat) dan "
              "ruang pejabat borang MPKj/JKB/B1-2013.",
        "en": "Payments are grouped as the council collects them: form MPKj/OSC/KM/PB-3 (One Stop Centre) and the "
              "office box of form MPKj/JKB/B1-2013.",
    }]
    for part in responses:
        for note in part["notes"]:
            if note not in notes:
                notes.append(note)
    payments_made = _payments(responses)
    refundable = sum((Decimal(p["total"]) for p in payments_made if p["refundable"]), Decimal(0))
    return {
        "schedule": "project",
        "date": responses[0]["date"],
        "currency": "MYR",
        "total": format_rm(total),
        "fees_total": format_rm(total - refundable),  # what the council keeps
        "refundable_total": format_rm(refundable),  # the deposits, claimed back later
        "parts": responses,
        "payments": payments_made,
        "notes": notes,
    }


# ---------------------------------------------------------------------------------------------- development

# How a building of each category of the deposit schedule counts under Part A of the planning permission
# schedule (Jadual Ketiga): dwellings by the unit (A1 i), business, industry and institutions by gross floor area
# (A2), petrol stations by the station (A3 i). Substations, sheds and other buildings have no Part A item of their
# own: they count for nothing unless the visitor says otherwise (`planning_as`).
CATEGORY_PLANNING: dict[str, str] = {
    "detached_or_semi_detached": "residential", "terrace_single_storey": "residential",
    "terrace_double_storey": "residential", "flat_apartment": "residential", "town_house": "residential",
    "shop_office_individual": "commercial", "shop_office_terrace": "commercial",
    "sports_office_commercial_complex": "commercial", "industry_individual": "commercial",
    "factory_terrace": "commercial", "private_institution": "commercial",
    "petrol_station": "petrol_station",
    "electric_substation": "none", "shed": "none", "other_building": "none",
}
# Each way of counting: the planning permission field it fills (units, or the floor area of all the buildings).
PLANNING_FIELDS: dict[str, str | None] = {
    "residential": "residential_units", "low_cost": "low_cost_units", "malay_reserve": "malay_reserve_units",
    "commercial": "commercial_floor_area", "petrol_station": "petrol_stations",
    "petrol_station_with_service": "petrol_stations_with_service", "none": None,
}
_PLANNING_LABELS = {f.name: f.label for f in PLANNING_NEW.fields}
# The development's sections that are ordinary requests of their own, and the calculator each one is.
_SECTIONS = (
    ("site_office", "building_plan", "temporary_building"),
    ("cabins", "building_plan", "cabin"),
    ("permits", "building_plan", "permits"),
    ("advertisement", "planning_permission", "advertisement"),
)
_SITE_WORKS = ("central_system_area", "pool_area", "residential_fences", "fence_length_m")


def _floor_area(design: dict[str, Any], area_unit: str) -> Decimal:
    """One building's floor area in the request's own unit (the values read are in m²; the division is exact)."""
    area = sum((storey["area"] for storey in design["floors"]), Decimal(0))
    return area / M2_PER_FT2 if area_unit == "ft2" else area


def _add_units(counts: list[list[Any]], key: str, units: Any) -> None:
    """Adds `units` to `key`'s entry of `counts`, or appends the key (a list of pairs keeps its order)."""
    for entry in counts:
        if entry[0] == key:
            entry[1] += units
            return
    counts.append([key, units])


def development_parts(raw: dict[str, Any], values: dict[str, Any], area_unit: str) -> tuple[list, list, list]:
    """The project parts of a development, where each part comes from, and how each design is counted."""
    planning: list[list[Any]] = []  # [planning permission field, units or area], in the order first counted
    deposit_units: list[list[Any]] = []  # [category, units], in the order the designs first name them
    counted = []
    for design in values["designs"]:
        way = design["planning_as"] if design["planning_as"] != "auto" else CATEGORY_PLANNING[design["category"]]
        field = PLANNING_FIELDS[way]
        units = design["units"]
        category = DEPOSIT_TYPE_LABELS[design["category"]]
        if field == "commercial_floor_area":
            area = units * _floor_area(design, area_unit)
            _add_units(planning, field, area)
            unit_word = "kps" if area_unit == "ft2" else "m²"
            amount = Bilingual(f"{grouped(area)} {unit_word}", f"{grouped(area)} {unit_word}")
        elif field is not None:
            _add_units(planning, field, units)
            amount = Bilingual(f"{units}", f"{units}")
        _add_units(deposit_units, design["category"], units)
        label = _PLANNING_LABELS[field] if field else None
        counted.append({
            "planning_as": way,
            "planning_permission": (
                {"ms": f"{label.ms}: {amount.ms}", "en": f"{label.en}: {amount.en}"} if label else
                {"ms": "Tidak dikira (tiada perkara Bahagian A)", "en": "Not counted (no Part A item)"}),
            "building_plan": {"ms": f"{units} bangunan sama rekabentuk (perkara B, C; potongan deretan G)",
                              "en": (f"{units} buildings of one design (items B, C; row discount G)" if units > 1
                                     else "1 building (items B, C)")},
            "deposit": {"ms": f"{category.ms}: {units} unit",
                        "en": f"{category.en}: {units} {'unit' if units == 1 else 'units'}"},
        })
    parts: list[dict[str, Any]] = []
    origins: list[str | None] = []  # the development field a part's errors point to (None: the same names)
    if planning:
        planning_part: dict[str, Any] = {"schedule": "planning_permission", "application": "new"}
        for name, amount in planning:
            planning_part[name] = plain(amount) if isinstance(amount, Decimal) else amount
        parts.append(planning_part)
        origins.append("designs")
    design_keys = ("name", "units", "floors", "sanitary")
    building: dict[str, Any] = {"schedule": "building_plan", "application": "new",
                                "designs": [{k: d[k] for k in design_keys if k in d} for d in raw["designs"]]}
    building.update({k: raw[k] for k in _SITE_WORKS if k in raw})
    parts.append(building)
    origins.append(None)
    parts.append({"schedule": "deposit",
                  "items": [{"type": key, "units": units} for key, units in deposit_units]})
    origins.append("designs")
    for name, schedule, application in _SECTIONS:
        if raw.get(name) is not None:
            section = {"schedule": schedule, "application": application}
            section.update(raw[name])
            parts.append(section)
            origins.append(name)
    return parts, origins, counted


def _as_json(value: Any) -> Any:
    """The request as plain JSON (numbers read from JSON text are Decimals): the response echoes its parts."""
    if isinstance(value, Decimal):
        return plain(value)  # exact; the value has been validated, so it is small
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def _from_part(error: dict[str, Any], origins: list[str | None]) -> dict[str, Any]:
    """A project error as the development form reports it: at the development field the part came from."""
    field = error["field"]
    if not field or not field.startswith("parts["):
        return error
    index_text, _, rest = field[len("parts["):].partition("]")
    origin = origins[int(index_text)]
    if rest.startswith("."):
        rest = rest[1:]
    if origin is None:
        path = rest or None
    elif origin == "designs":
        path = origin
    else:
        path = f"{origin}.{rest}" if rest else origin
    # The visitor entered a development, not parts: the message loses its "Part N ›".
    number = int(index_text) + 1
    message = {lang: _without_prefix(error["message"][lang], f"{part} {number} › ")
               for lang, part in (("ms", "Bahagian"), ("en", "Part"))}
    return {"field": path, "code": error["code"], "message": message}


def _without_prefix(text: str, prefix: str) -> str:
    return text[len(prefix):] if text.startswith(prefix) else text


def _blank(value: Any, spec: Field) -> bool:
    """Nothing typed: empty, or only what the form shows before anyone types (defaults, empty starting rows)."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    if spec.kind == "level":
        return True  # every storey row shows a level chosen from a list: a level alone is nothing typed
    if spec.kind == "list" and isinstance(value, list):
        return all(isinstance(row, dict) and _all_blank(row, spec.fields) for row in value)
    if spec.kind == "object" and isinstance(value, dict):
        return _all_blank(value, spec.fields)
    return spec.default is not None and str(value) == str(spec.default)


def _all_blank(data: dict[str, Any], fields: tuple[Field, ...]) -> bool:
    specs = {f.name: f for f in fields}
    return all(name in specs and _blank(value, specs[name]) for name, value in data.items())


def estimate_development(request: dict[str, Any], today: date | None, estimate_part: EstimatePart) -> dict[str, Any]:
    """The project of a development described once: its estimate, with the parts and how each design counts.

    A section of the form left as it was shown (say, the cabin section with its empty starting storey) is not part
    of the development: nothing was typed in it, so nothing is dropped.
    """
    sections = {f.name: f for f in DEVELOPMENT.fields if f.kind == "object"}
    request = {k: v for k, v in request.items() if not (k in sections and _blank(v, sections[k]))}
    problems = Problems()
    _read_settings(request, problems, today or date.today())
    area_unit = request.get("area_unit", "m2") if request.get("area_unit") in ("m2", "ft2") else "m2"
    values = read_fields(request, DEVELOPMENT.fields, problems, area_unit=area_unit,
                         ignore=frozenset(("schedule",) + _GIVEN_ONCE))
    if problems:
        return problems.document()
    parts, origins, counted = development_parts(_as_json(request), values, area_unit)
    project: dict[str, Any] = {"schedule": "project"}
    project.update({k: request[k] for k in _GIVEN_ONCE if k in request})
    project["parts"] = parts
    response = estimate_project(project, today, estimate_part)
    if "errors" in response:
        return {"errors": [_from_part(e, origins) for e in response["errors"]]}
    response["development"] = {"designs": counted, "project": project}
    return response
