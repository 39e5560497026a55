"""`estimate(request)`: read the request, find the schedule version in force, charge, answer."""

from __future__ import annotations

from datetime import date
from decimal import localcontext
from typing import Any

from calc import json_text, project
from calc.bill import Bill
from calc.calculators import CALCULATORS, Calculator, calculator_for
from calc.fields import COMMON_FIELDS, Field
from calc.messages import preview
from calc.money import grouped
from calc.readings import AREAS_READ_IN
from calc.schedules import Bilingual, NotInForce, load
from calc.terms import in_a_sentence
from calc.validate import ARITHMETIC_PRECISION, MAX_ERRORS, Problems, read_date, read_fields

__all__ = ["MAX_ERRORS", "MAX_MEMBERS", "MAX_NESTING", "MAX_REQUEST_BYTES", "estimate", "estimate_json", "long_date",
           "request_too_large"]

MAX_REQUEST_BYTES = 1_000_000  # a real request is a few kilobytes; 100 designs of 100 storeys is under 500 kB
MAX_NESTING = 32  # the deepest real request (a project's part's design's storey) is 7 levels
# The largest object of a real request (a calculator's fields) has about 30 members. MicroPython hashes a str to
# 16 bits, so an object of 100,000 keys would take it minutes to read: over this limit the request is refused.
MAX_MEMBERS = 1000

_COMMON = {f.name: f for f in COMMON_FIELDS}
_MONTHS_MS = ("Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober",
              "November", "Disember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def long_date(day: date) -> Bilingual:
    """"11 November 2021" in each language."""
    return Bilingual(f"{day.day} {_MONTHS_MS[day.month - 1]} {day.year}",
                     f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}")


def estimate(request: object, *, today: date | None = None) -> dict[str, Any]:
    """The itemised estimate for one request, or the document listing every problem in it (at most
    MAX_ERRORS of them, then one entry saying how many more there are)."""
    with localcontext() as exact:
        exact.prec = ARITHMETIC_PRECISION
        return _estimate(request, today, Problems())


def _estimate(request: object, today: date | None, problems: Problems) -> dict[str, Any]:
    """The estimate, or `problems` filled and their error document (a project estimates each part so)."""
    if not isinstance(request, dict):
        problems.add(None, "not_an_object", None)
        return problems.document()
    if request.get("schedule") == "project":  # several ordinary requests, each estimated as alone
        return project.estimate_project(request, today, _estimate)
    if request.get("schedule") == "development":  # a development described once, turned into a project
        return project.estimate_development(request, today, _estimate)
    calculator = _calculator(request, problems)
    area_unit = _area_unit(request, problems)
    day = read_date(request.get("date"), problems, _COMMON["date"].label, today or date.today())
    version = None
    if calculator is not None and day is not None:
        schedule = load(calculator.schedule)
        version = schedule.version_on(day)
        if version is None:
            problems.add("date", "too_early", _COMMON["date"].label, limit=long_date(schedule.first_in_force))
    values: dict[str, Any] = {}
    if calculator is not None:
        values = read_fields(request, calculator.fields, problems, area_unit=area_unit, ignore=frozenset(_COMMON))
        if calculator.check is not None and not problems:
            calculator.check(values, request, problems, {f.name: f.label for f in calculator.fields})
    if problems or calculator is None or version is None or day is None:
        return problems.document()

    bill = Bill(load(calculator.schedule), version)
    try:
        assert calculator.rule is not None, calculator.id
        calculator.rule(bill, values)
    except NotInForce as missing:  # the request needs an item that the schedule does not have on its date
        _not_in_force(calculator, bill, values, day, missing.ref, problems)
        return problems.document()
    if not bill.lines:
        problems.add(None, "empty", None)
        return problems.document()
    in_force = long_date(version.in_force)
    version_note = {"ms": f"Kadar daripada jadual yang berkuat kuasa mulai {in_force.ms}.",
                    "en": f"Rates of the schedule in force from {in_force.en}."}
    response = {
        "schedule": calculator.schedule,
        "application": calculator.application,
        "date": day.isoformat(),
        "currency": "MYR",
        "total": bill.total(),
        "lines": bill.response_lines(),
        "notes": [version_note] + bill.response_notes(area_unit) + _areas_note(calculator, area_unit),
    }
    if bill.groups:
        response["designs"] = bill.response_groups()  # a subtotal for each building design
    return response


def _areas_note(calculator: Calculator, area_unit: str) -> list[dict[str, str]]:
    """The unit the areas were read in, for a calculator that has areas."""
    return [AREAS_READ_IN[area_unit].as_dict()] if calculator.has_areas() else []


def _not_in_force(calculator: Calculator, bill: Bill, values: dict[str, Any], day: date, ref: str,
                  problems: Problems) -> None:
    """The error for an item not in force on `day`, at the field that would charge it, saying from when (or
    until when) the item is in force."""
    history = bill.schedule.item_history(ref)
    if history is None:
        raise NotInForce(ref)  # no date has this item: a bug in a rule, not a request to refuse
    if day < history.start:
        start = long_date(history.start)
        when = Bilingual(f"mulai {start.ms}", f"from {start.en}")
    else:
        assert history.until is not None and day >= history.until
        end = long_date(history.until)
        when = Bilingual(f"sebelum {end.ms}", f"before {end.en}")
    field = _charging_field(calculator, bill, values, ref)
    problems.add(field.name, "not_in_force", field.label, item=history.code, name=history.label, when=when)


def _charging_field(calculator: Calculator, bill: Bill, values: dict[str, Any], ref: str) -> Field:
    """The field whose value makes the rule charge `ref`: the first one that, left empty, no longer needs it.
    A choice (an extension's type of development) charges the item it names; an item charged on every request
    (a processing fee) is the date's fault."""
    for spec in calculator.fields:
        if spec.kind == "choice" or not values.get(spec.name):
            continue
        trial = Bill(bill.schedule, bill.version)
        try:
            assert calculator.rule is not None
            without = dict(values)
            without[spec.name] = _empty(values[spec.name])
            calculator.rule(trial, without)
        except NotInForce as missing:
            if missing.ref == ref:
                continue
        return spec
    choices = [spec for spec in calculator.fields if spec.kind == "choice" and spec.required]
    return choices[0] if choices else _COMMON["date"]


def _empty(value: Any) -> Any:
    """A value of the same shape that charges nothing."""
    if isinstance(value, dict):
        return {key: _empty(member) for key, member in value.items()}
    if isinstance(value, list):
        return []
    if isinstance(value, bool):
        return False
    return type(value)(0)


def _calculator(request: dict[str, Any], problems: Problems) -> Calculator | None:
    schedule_field, application_field = _COMMON["schedule"], _COMMON["application"]
    schedule = request.get("schedule")
    choices = [c.value for c in schedule_field.choices]
    if schedule is None:
        problems.add("schedule", "required", schedule_field.label)
        return None
    if not isinstance(schedule, str) or schedule not in choices:
        problems.add("schedule", "not_a_choice", schedule_field.label, value=preview(schedule),
                     choices=", ".join(map(str, choices)))
        return None
    application = request.get("application")
    only = calculator_for(schedule, None)  # a schedule with one calculator has no applications to choose among
    if only is not None:
        if application is not None:
            problems.add("application", "not_applicable", application_field.label,
                         value=in_a_sentence(load(schedule).title))
        return only
    applications = [c.application for c in CALCULATORS if c.schedule == schedule]
    if application is None:
        problems.add("application", "required", application_field.label)
        return None
    calculator = calculator_for(schedule, application) if isinstance(application, str) else None
    if calculator is None:
        problems.add("application", "not_a_choice", application_field.label, value=preview(application),
                     choices=", ".join(str(a) for a in applications))
    return calculator


def _area_unit(request: dict[str, Any], problems: Problems) -> str:
    spec = _COMMON["area_unit"]
    unit = request.get("area_unit", spec.default)
    allowed = [c.value for c in spec.choices]
    if unit not in allowed:
        problems.add("area_unit", "not_a_choice", spec.label, value=preview(unit),
                     choices=", ".join(map(str, allowed)))
        return "m2"
    return str(unit)


def estimate_json(text: str, *, today: date | None = None) -> tuple[int, str]:
    """The CLI's and the browser's entry: JSON text in, (exit status 0 or 2, JSON text) out.

    Whatever the text, the answer is an estimate or an error document: a request over MAX_REQUEST_BYTES
    (in UTF-8) is `request_too_large`, one nested deeper than MAX_NESTING is `too_deep`, one with an object of
    more than MAX_MEMBERS keys is `too_many_members`, and text that is not JSON is `invalid_json`. `today` is the
    date a request without one is estimated on: the page always sends it (MicroPython's date.today() is UTC)."""
    if len(text) > MAX_REQUEST_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_REQUEST_BYTES:
        return request_too_large()
    try:
        request = json_text.parse(text, MAX_NESTING, MAX_MEMBERS)
    except json_text.JsonTextError as error:  # not JSON, nested deeper than MAX_NESTING, or too wide an object
        problems = Problems()
        if error.code == "too_deep":
            problems.add(None, "too_deep", None, limit=MAX_NESTING)
        elif error.code == "too_many_members":
            problems.add(None, "too_many_members", None, limit=grouped(MAX_MEMBERS))
        else:
            problems.add(None, "invalid_json", None)
        response = problems.document()
    else:
        response = estimate(request, today=today)
    return (2 if "errors" in response else 0), json_text.dumps(response, indent=2) + "\n"


def request_too_large() -> tuple[int, str]:
    """estimate_json's answer to a request over MAX_REQUEST_BYTES, for a reader that stopped reading at the limit."""
    problems = Problems()
    problems.add(None, "request_too_large", None, limit=grouped(MAX_REQUEST_BYTES))
    return 2, json_text.dumps(problems.document(), indent=2) + "\n"
