"""The parity corpus: requests as JSON text that CPython and MicroPython must answer alike.

Every hand-worked case of tests/cases, every hostile row of tests/data/hostile_requests.py (with the 1 MB rows
of HOSTILE_1MB) and a fuzz corpus drawn from a fixed seed: the worked examples mutated at any depth and random
values, with the same ingredients as tests/fuzz/test_fuzz.py (hostile text, lone surrogates, NaN and infinities,
long digit strings, numbers written with commas, deep and wide nesting).
"""

from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from typing import Any

from tests.cases.load import load_cases
from tests.data.hostile_requests import HOSTILE, HOSTILE_1MB

SEED = 17  # issue 17
FUZZ_REQUESTS = 2400

_SURROGATES = ["\ud800", "\udfff", "x\udc00\ud800", "\ud83d"]
_TEXTS = ["", "0", "1", "9", "9.01", "1,500", "1,350", "12,5", "1.250,5", "NaN", "Infinity", "-1", "1e3", " 12 ",
          "\xa012\u3000", "2025-01-01", "2000-01-01", "2030-02-30", "ft2", "m2", "new", "amendment", "addition",
          "deposit", "building_plan", "planning_permission", "project", "development", "billboard", "charity",
          "development", "detached_house", "town_house", "shed", "other", "²", "①", "٢", "１２", "7" * 5000,
          "-" + "9" * 4400, "Teres A", "x" * 201, "3", "4", "H2"]
_NUMBERS = [0, 1, 2, 3, 4, 20, -1, -5, 100_000, 100_001, 10**12, Decimal("0.5"), Decimal("1250.5"),
            Decimal("0.001"), Decimal("1E+21"), Decimal("-0.0"), Decimal("123.456"), Decimal("1E-25"),
            float("nan"), float("inf"), float("-inf"), 1.5, 2.25]


def _names() -> list[str]:
    import calc

    def collect(fields: list[dict[str, Any]]) -> set[str]:
        names = set()
        for field in fields:
            names.add(field["name"])
            names |= collect(field.get("fields", []))
        return names

    schema = calc.input_schema()
    found: set[str] = set()
    for calculator in [*schema["calculators"], schema["development"]]:
        found |= collect(calculator["fields"])
    return [*sorted(found), "schedule", "application", "date", "area_unit", "parts", "typo"]


class _Draw:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.names = _names()

    def scalar(self) -> Any:
        kind = self.random.randrange(7)
        if kind == 0:
            return self.random.choice([None, True, False])
        if kind == 1:
            return self.random.choice(_NUMBERS)
        if kind == 2:
            return self.random.randint(-10**7, 10**12)
        if kind == 3:
            return Decimal(self.random.randint(-10**9, 10**9)).scaleb(-self.random.randrange(4))
        if kind == 4:
            return self.random.choice(_SURROGATES)
        if kind == 5:
            return "".join(chr(self.random.randrange(32, 0x3000)) for _ in range(self.random.randrange(12)))
        return self.random.choice(_TEXTS)

    def value(self, depth: int = 0) -> Any:
        kind = self.random.randrange(6) if depth < 3 else 0
        if kind <= 2:
            return self.scalar()
        if kind == 3:
            return [self.value(depth + 1) for _ in range(self.random.randrange(5))]
        if kind == 4:
            return {self.random.choice(self.names): self.value(depth + 1) for _ in range(self.random.randrange(6))}
        return {self.random.choice(_SURROGATES + self.names): self.value(depth + 1)
                for _ in range(self.random.randrange(3))}

    def mutated(self, seeds: list[Any]) -> Any:
        """A seed request with a few fields replaced, removed or added, at any depth (as test_fuzz.mutated)."""
        request = copy.deepcopy(self.random.choice(seeds))
        for _ in range(self.random.randint(1, 4)):
            target = request
            while True:
                items = target.items() if isinstance(target, dict) else enumerate(target)
                children = [k for k, v in items if isinstance(v, (dict, list)) and v]
                if not children or self.random.random() < 0.5:
                    break
                target = target[self.random.choice(children)]
            action = self.random.choice(["set", "delete", "add"])
            if isinstance(target, dict):
                pool = sorted(target) if action != "add" and target else self.names
                key = self.random.choice(pool)
                if action == "delete":
                    target.pop(key, None)
                else:
                    target[key] = self.value()
            elif target:
                index = self.random.randrange(len(target))
                if action == "delete":
                    target.pop(index)
                else:
                    target[index] = self.value()
        return request


def _text(request: Any) -> str:
    """JSON text as a page sends it: ASCII, surrogates and non-ASCII as escapes, NaN and Infinity as words, and a
    Decimal as its own digits ("1E+21", "0.10")."""
    decimals: list[Decimal] = []

    def marked(value: Any) -> Any:
        if isinstance(value, Decimal):
            decimals.append(value)
            return f"@decimal{len(decimals) - 1}@"
        if isinstance(value, dict):
            return {key: marked(member) for key, member in value.items()}
        if isinstance(value, list):
            return [marked(member) for member in value]
        return value

    text = json.dumps(marked(request))
    for index, number in enumerate(decimals):
        text = text.replace(f'"@decimal{index}@"', str(number), 1)
    return text


def hand_worked() -> dict[str, str]:
    return {f"case: {case['name']}": _text(case["request"]) for case in load_cases()}


def hostile() -> dict[str, str]:
    rows = {f"hostile: {name}": text for name, text, _, _ in HOSTILE}
    rows.update({f"hostile 1 MB: {name}": text for name, text, _, _ in HOSTILE_1MB})
    return rows


def fuzz(count: int = FUZZ_REQUESTS, seed: int = SEED) -> dict[str, str]:
    draw = _Draw(seed)
    seeds = [case["request"] for case in load_cases()]
    texts = {}
    for index in range(count):
        request = draw.mutated(seeds) if index % 4 else draw.value()
        texts[f"fuzz {index}"] = _text(request)
    return texts


def corpus() -> dict[str, str]:
    texts = hand_worked()
    texts.update(hostile())
    texts.update(fuzz())
    return texts
