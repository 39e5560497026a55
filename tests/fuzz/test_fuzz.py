"""Fuzzing `calc.estimate`: random and mutated requests give a response or structured errors, never an exception.

`make test` runs a sample (MPKJ_FUZZ_EXAMPLES, default 600); `make fuzz` runs the full 10,000 or more.
Every response must keep the contract's invariants: total is the sum of the lines, every amount is a string
with two decimals, every line names its item, labels and source in both languages.
"""

from __future__ import annotations

import copy
import json
import os
import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc
from calc.engine import MAX_NESTING
from tests.cases.load import worked_examples

EXAMPLES = int(os.environ.get("MPKJ_FUZZ_EXAMPLES", "600"))
SEEDS = [example["request"] for example in worked_examples()]
TWO_DECIMALS = re.compile(r"-?[0-9]+\.[0-9]{2}")


def _names(fields: list[dict[str, Any]]) -> set[str]:
    names = set()
    for field in fields:
        names.add(field["name"])
        names |= _names(field.get("fields", []))
    return names


NAMES = [
    *sorted(set().union(*(_names(c["fields"]) for c in calc.input_schema()["calculators"]))),
    "schedule", "application", "date", "area_unit", "parts",
]

# Hostile text: digits of other scripts (²  ①  ٢  １２), lone surrogates, digits longer than int()'s 4,300 (as JSON
# numbers in test_long_numbers_are_refused_at_their_field: json.dumps itself cannot write such an int).
HOSTILE_TEXT = ["²", "①", "٢", "１２", "\ud800", "x\udfff", "7" * 5000, "-" + "9" * 4400, "1,350", "12,5", "1.250,5"]
surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**7, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT), surrogates,
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from(["", "0", "1", "9", "9.01", "1,500", "NaN", "Infinity", "-1", "1e3", " 12 ", "2025-01-01",
                     "2000-01-01", "ft2", "m2", "new", "deposit", "building_plan", "planning_permission",
                     "billboard", "charity", "development", "detached_house", "town_house", "other", "project"]),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(NAMES), inner, max_size=5),
                            st.dictionaries(surrogates, inner, max_size=2)),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A worked example with a few fields replaced, removed or added, at any depth."""
    request = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        target = request
        while True:
            children = [k for k, v in (target.items() if isinstance(target, dict) else enumerate(target))
                        if isinstance(v, (dict, list)) and v]
            if not children or draw(st.booleans()):
                break
            target = target[draw(st.sampled_from(children))]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if isinstance(target, dict):
            key = draw(st.sampled_from(sorted(target) or NAMES)) if action != "add" else draw(st.sampled_from(NAMES))
            if action == "delete":
                target.pop(key, None)
            else:
                target[key] = draw(values)
        elif target:
            index = draw(st.integers(0, len(target) - 1))
            if action == "delete":
                target.pop(index)
            else:
                target[index] = draw(values)
    return request


def check_contract(response: dict[str, Any]) -> None:
    json.dumps(response, ensure_ascii=False).encode("utf-8")  # writable as UTF-8: no lone surrogate comes back
    if "errors" in response:
        assert set(response) == {"errors"} and response["errors"]
        for error in response["errors"]:
            assert set(error) == {"field", "code", "message"}
            assert error["field"] is None or isinstance(error["field"], str)
            assert error["message"]["ms"] and error["message"]["en"]
        return
    if response["schedule"] == "project":  # each part keeps the ordinary contract; the payments add up to the total
        for part in response["parts"]:
            check_contract(part)
        listed = sorted(tuple(ref) for payment in response["payments"] for ref in payment["lines"])
        assert listed == [(i, j) for i, part in enumerate(response["parts"]) for j in range(len(part["lines"]))]
        total = Decimal(response["total"])
        assert total == sum(Decimal(p["total"]) for p in response["parts"])
        assert total == sum(Decimal(p["total"]) for p in response["payments"])
        json.dumps(response)
        return
    assert response["lines"], "a response always has lines (else it is the `empty` error)"
    assert TWO_DECIMALS.fullmatch(response["total"])
    total = Decimal(0)
    for line in response["lines"]:
        assert TWO_DECIMALS.fullmatch(line["amount"]), line
        assert line["item"] and line["label"]["ms"] and line["label"]["en"]
        assert line["source"]["ms"] and line["source"]["en"]
        total += Decimal(line["amount"])
    assert Decimal(response["total"]) == total
    json.dumps(response)  # plain JSON all the way down


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(mutated(), values))
def test_random_and_mutated_requests_keep_the_contract(request: Any) -> None:
    check_contract(calc.estimate(request))


@settings(max_examples=max(EXAMPLES // 4, 50), deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_the_json_entry_agrees_with_the_dict_entry(request: Any) -> None:
    text = json.dumps(request, default=str)
    status, output = calc.estimate_json(text)
    response = json.loads(output)
    check_contract(response)
    assert status == (2 if "errors" in response else 0)


def _nested(depth: int, shape: str) -> str:
    if shape == "lists":
        return "[" * depth + "]" * depth
    if shape == "objects":
        return '{"designs": ' * depth + "1" + "}" * depth
    return '{"schedule": "deposit", "items": ' + "[" * depth + "]" * depth + "}"  # deep inside a field


@settings(max_examples=max(EXAMPLES // 10, 20), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(1, 6000), st.sampled_from(["lists", "objects", "field"]))
def test_any_nesting_is_an_error_document(depth: int, shape: str) -> None:
    status, output = calc.estimate_json(_nested(depth, shape))
    response = json.loads(output)
    check_contract(response)
    assert status == 2
    if depth + (shape == "field") > MAX_NESTING:
        assert [e["code"] for e in response["errors"]] == ["too_deep"]


@settings(max_examples=max(EXAMPLES // 10, 20), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(4000, 20000), st.sampled_from(["residential_units", "commercial_floor_area", "petil", "date",
                                                  "amendment_type"]), st.booleans())
def test_long_numbers_are_refused_at_their_field(digits: int, name: str, negative: bool) -> None:
    number = ("-" if negative else "") + "9" * digits
    text = f'{{"schedule": "building_plan", "application": "permits", "{name}": {number}}}'
    status, output = calc.estimate_json(text)
    response = json.loads(output)
    check_contract(response)
    assert status == 2
    assert name in [e["field"] for e in response["errors"]]
