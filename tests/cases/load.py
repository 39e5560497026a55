"""Reads the hand-worked cases of this folder (*.yaml, see README.md) and compares a response with a case.

Used by tests/calc/test_cases.py (calc.estimate and the command line) and tests/parity/test_parity.py (Pyodide).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent
FILES = ("planning_permission.yaml", "building_plan.yaml", "deposit.yaml", "project.yaml")
KEYS = {"name", "date", "request", "expected", "arithmetic", "source"}
LINE_KEYS = {"item", "amount", "quantity", "rate"}
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# The worked examples of the product contract, by case name, in its order: the browser tests type them into the
# forms and check the hand-worked totals.
WORKED_EXAMPLES = (
    "250 residential + 40 low-cost units", "1,250.5 m2 commercial floor area", "three kinds of board",
    "20 double-storey terraces of one design", "detached house in square feet with a fence",
    "deposit for terraces and shop offices", "the 20-terrace project", "six shop offices with site works",
)


class CaseError(ValueError):
    """A case file is not in the documented format; the message names the file and the case."""


def load_cases() -> list[dict[str, Any]]:
    """Every case of every file, in file order; each case also gets `file` (the file's name)."""
    cases: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for file in FILES:
        path = FOLDER / file
        with path.open(encoding="utf-8") as stream:  # so that a YAML error names the file and line
            loaded = yaml.safe_load(stream)
        if not isinstance(loaded, list) or not loaded:
            raise CaseError(f"{file}: expected a list of cases (each starting with '- name: ...')")
        for number, case in enumerate(loaded, 1):
            where = f"{file}, case {number}" + (f" ({case.get('name')!r})" if isinstance(case, dict) else "")
            _validate(case, where)
            if case["name"] in names:
                raise CaseError(f"{where}: the name is already used in {names[case['name']]}; names must be unique")
            names[case["name"]] = file
            cases.append({**case, "file": file})
    return cases


def worked_examples() -> list[dict[str, Any]]:
    """The worked examples as {"name", "request", "total"}, from their cases."""
    by_name = {case["name"]: case for case in load_cases()}
    return [{"name": name, "request": by_name[name]["request"], "total": money(by_name[name]["expected"]["total"])}
            for name in WORKED_EXAMPLES]


def money(value: Any) -> str:
    """An amount as the response writes it: a string with two decimals ("650.00")."""
    return f"{Decimal(str(value)):.2f}"


def differences(case: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """What in `response` differs from the case's `expected` (an empty list: the response is right)."""
    if "errors" in response:
        return [f"the request was refused: {response['errors']}"]
    expected = case["expected"]
    found: list[str] = []
    if "parts" in expected:
        parts = response.get("parts", [])
        if len(parts) != len(expected["parts"]):
            found.append(f"{len(parts)} parts, expected {len(expected['parts'])}")
        for number, (want, got) in enumerate(zip(expected["parts"], parts, strict=False), 1):
            found += [f"part {number}: {text}" for text in _lines_and_total(want, got)]
        if "payments" in expected:
            want = [(p["id"], money(p["total"]), p.get("refundable", False)) for p in expected["payments"]]
            got = [(p["id"], p["total"], p.get("refundable")) for p in response.get("payments", [])]
            if got != want:
                found.append(f"payments {got}, expected {want}")
        for name in ("fees_total", "refundable_total"):
            if name in expected and response.get(name) != money(expected[name]):
                found.append(f"{name} {response.get(name)}, expected {money(expected[name])}")
        if response.get("total") != money(expected["total"]):
            found.append(f"total {response.get('total')}, expected {money(expected['total'])}")
        return found
    return _lines_and_total(expected, response)


def _lines_and_total(expected: dict[str, Any], response: dict[str, Any]) -> list[str]:
    found = []
    lines = response.get("lines", [])
    want = [_expected_line(line) for line in expected["lines"]]
    got = [{key: line.get(key) for key in wanted} for line, wanted in zip(lines, want, strict=False)]
    if len(lines) != len(want) or got != want:
        shown = [{key: line.get(key) for key in ("item", "quantity", "rate", "amount")} for line in lines]
        found.append(f"lines {shown}, expected {want}")
    if response.get("total") != money(expected["total"]):
        found.append(f"total {response.get('total')}, expected {money(expected['total'])}")
    return found


def _expected_line(line: dict[str, Any]) -> dict[str, Any]:
    wanted = {"item": str(line["item"]), "amount": money(line["amount"])}
    if "quantity" in line:
        wanted["quantity"] = str(line["quantity"])
    if "rate" in line:
        wanted["rate"] = None if line["rate"] is None else money(line["rate"])
    return wanted


# ---------------------------------------------------------------------------------------------- validation

def _validate(case: Any, where: str) -> None:
    if not isinstance(case, dict):
        raise CaseError(f"{where}: a case is a set of 'key: value' lines")
    if set(case) != KEYS:
        missing, unknown = KEYS - set(case), set(case) - KEYS
        raise CaseError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}; a case has {sorted(KEYS)}")
    for key in ("name", "date", "arithmetic", "source"):
        if not isinstance(case[key], str) or not case[key].strip():
            raise CaseError(f"{where}: {key} must be text (put quotes around a date: date: \"2025-01-01\")")
    if not DATE.fullmatch(case["date"]):
        raise CaseError(f"{where}: date must be written \"YYYY-MM-DD\"")
    request = case["request"]
    if not isinstance(request, dict) or request.get("date") != case["date"]:
        raise CaseError(f"{where}: request must be the JSON request, with the case's date as its \"date\"")
    _json_only(request, where)
    if not re.search(r"MPKj/\S+", case["source"]) or not re.search(r"\bp\. [0-9]", case["source"]):
        raise CaseError(f"{where}: source must name the council's form (MPKj/...) and the page (p. N)")
    expected = case["expected"]
    if not isinstance(expected, dict) or "total" not in expected:
        raise CaseError(f"{where}: expected needs lines (or parts) and total")
    if request.get("schedule") in ("project", "development"):
        if set(expected) - {"parts", "payments", "fees_total", "refundable_total", "total"} or "parts" not in expected:
            raise CaseError(f"{where}: a project's expected has parts (each with lines and total), payments, "
                            "fees_total, refundable_total, total")
        if "fees_total" in expected and "refundable_total" in expected:
            paid = Decimal(money(expected["fees_total"])) + Decimal(money(expected["refundable_total"]))
            if paid != Decimal(money(expected["total"])):
                raise CaseError(f"{where}: fees_total + refundable_total must be the total")
        for part in expected["parts"]:
            _validate_lines(part, where)
        for payment in expected.get("payments", []):
            if set(payment) - {"refundable"} != {"id", "total"}:
                raise CaseError(f"{where}: a payment is {{id: ..., total: ...}}, with refundable: true for a deposit")
            _amount(payment["total"], where)
    else:
        if set(expected) != {"lines", "total"}:
            raise CaseError(f"{where}: expected has exactly lines and total")
        _validate_lines(expected, where)
    _amount(expected["total"], where)


def _validate_lines(expected: Any, where: str) -> None:
    if not isinstance(expected, dict) or set(expected) != {"lines", "total"} or not isinstance(expected["lines"], list):
        raise CaseError(f"{where}: lines must be a list of {{item: ..., amount: ...}}, followed by total")
    for line in expected["lines"]:
        if not isinstance(line, dict) or not {"item", "amount"} <= set(line) <= LINE_KEYS:
            raise CaseError(f"{where}: a line is {{item: ..., amount: ...}} (quantity and rate optional): {line}")
        _amount(line["amount"], where)
    _amount(expected["total"], where)
    total = sum(Decimal(money(line["amount"])) for line in expected["lines"])
    if total != Decimal(money(expected["total"])):
        raise CaseError(f"{where}: the lines add up to {total:.2f}, not the total {money(expected['total'])}")


def _amount(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CaseError(f"{where}: an amount is written like \"650.00\": {value!r}")
    try:
        Decimal(str(value))
    except InvalidOperation:
        raise CaseError(f"{where}: an amount is written like \"650.00\": {value!r}") from None


def _json_only(value: Any, where: str) -> None:
    """The request must be plain JSON (YAML would also read dates and other types: quote them)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CaseError(f"{where}: request key {key!r} must be text")
            _json_only(item, where)
    elif isinstance(value, list):
        for item in value:
            _json_only(item, where)
    elif value is not None and not isinstance(value, str | int | float | bool):
        raise CaseError(f"{where}: {value!r} in the request is not JSON (a date must be in quotes)")
