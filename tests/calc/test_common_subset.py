"""calc runs unchanged in CPython 3.11 and MicroPython 1.27 (contracts.md, item 1): an AST check over calc's
source (not calc/stand_ins, which is MicroPython's own) fails on each construct outside the common subset, so that
a later change cannot slip one in unnoticed. Each rule is proved on a sample (test_each_rule_catches_its_sample).
tests/parity/test_micropython_parity.py proves the rest by running calc in MicroPython.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CALC = ROOT / "calc"
# Modules MicroPython 1.27's WebAssembly port has (its help("modules")), the stand-ins of calc/stand_ins, and calc.
ALLOWED_MODULES = {"__future__", "typing", "decimal", "datetime", "json", "re", "sys", "os", "io", "time", "math",
                   "gc", "calc"}
# Modules that only CPython has, imported where their absence is handled (`except ImportError`).
OPTIONAL_MODULES = {"tomllib"}
_REPEAT = re.compile(r"(?<!\\)\{[0-9]*,?[0-9]*\}")  # a regular expression's {m}, {m,n}, {,n}
_RE_FUNCTIONS = {"compile", "match", "search", "sub", "split", "findall", "finditer", "fullmatch"}


def problems_in(source: str) -> list[str]:
    """Each construct of `source` outside the common subset, as "line N: what"."""
    tree = ast.parse(source)
    optional = _optional_imports(tree)
    found = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"line {node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                if top in OPTIONAL_MODULES and node in optional:
                    continue
                if top not in ALLOWED_MODULES:
                    flag(node, f"import of {name}, which MicroPython lacks")
        if isinstance(node, ast.Dict) and None in node.keys:
            flag(node, "a {**a} display")
        is_display = isinstance(node, ast.List | ast.Tuple | ast.Set) and not isinstance(
            getattr(node, "ctx", None), ast.Store)  # `a, *rest = values` unpacks, and MicroPython has that
        if is_display and any(isinstance(element, ast.Starred) for element in node.elts):
            flag(node, "a [*a] / (*a,) / {*a} display")
        if isinstance(node, ast.Call):
            function = node.func
            keywords = {keyword.arg for keyword in node.keywords}
            if isinstance(function, ast.Name) and function.id == "zip" and "strict" in keywords:
                flag(node, "zip(strict=)")
            if isinstance(function, ast.Name) and function.id == "format" and len(node.args) > 1:
                flag(node, "format() with a format spec")
            if isinstance(function, ast.Attribute):
                owner = function.value.id if isinstance(function.value, ast.Name) else None
                if function.attr in ("removeprefix", "removesuffix"):
                    flag(node, f".{function.attr}()")
                if function.attr == "fullmatch":
                    flag(node, "re's fullmatch")
                if owner == "json" and function.attr in ("dumps", "loads", "dump", "load") and node.keywords:
                    flag(node, f"json.{function.attr} with keyword arguments")
                if owner == "re" and function.attr in _RE_FUNCTIONS and node.args:
                    pattern = node.args[0]
                    if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and \
                            _REPEAT.search(pattern.value):
                        flag(node, "a regular expression with {m,n}")
        if isinstance(node, ast.Attribute) and node.attr in ("cache", "lru_cache", "cached_property") and \
                isinstance(node.value, ast.Name) and node.value.id == "functools":
            flag(node, f"functools.{node.attr}")
        if isinstance(node, ast.Name) and node.id in ("RecursionError", "dataclass", "dataclasses"):
            flag(node, node.id)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            flag(node, "a format spec in an f-string (MicroPython never passes one to a Decimal)")
        if isinstance(node, ast.Match):
            flag(node, "a match statement")
    return found


def _optional_imports(tree: ast.AST) -> set[ast.AST]:
    """Imports inside a `try` whose handler catches ImportError."""
    optional: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(handler.type, ast.Name) and handler.type.id in ("ImportError", "ModuleNotFoundError")
                for handler in node.handlers):
            optional.update(child for statement in node.body for child in ast.walk(statement)
                            if isinstance(child, ast.Import | ast.ImportFrom))
    return optional


def _calc_files() -> list[Path]:
    return sorted(path for path in CALC.rglob("*.py") if "stand_ins" not in path.relative_to(CALC).parts)


@pytest.mark.parametrize("path", _calc_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_calc_keeps_to_the_common_subset(path):
    assert problems_in(path.read_text(encoding="utf-8")) == []


SAMPLES = [
    ("from dataclasses import dataclass", "import of dataclasses"),
    ("@dataclass\nclass A: pass", "dataclass"),
    ("from fractions import Fraction", "import of fractions"),
    ("import tomllib", "import of tomllib"),
    ("from functools import cache", "import of functools"),
    ("import functools\nf = functools.cache(g)", "functools.cache"),
    ("from collections.abc import Sequence", "import of collections.abc"),
    ("import enum", "import of enum"),
    ("a = {**b, 'c': 1}", "{**a}"),
    ("a = [*b, 1]", "[*a]"),
    ("a = (*b, 1)", "[*a]"),
    ("a = {*b}", "[*a]"),
    ("pairs = zip(a, b, strict=True)", "zip(strict=)"),
    ("name = text.removeprefix('x')", ".removeprefix()"),
    ("name = text.removesuffix('x')", ".removesuffix()"),
    ("try:\n    f()\nexcept RecursionError:\n    pass", "RecursionError"),
    ("text = f'{amount:.2f}'", "a format spec"),
    ("text = f'{amount:,}'", "a format spec"),
    ("text = format(amount, 'f')", "format() with a format spec"),
    ("import re\nDIGITS = re.compile(r'[0-9]{1,3}')", "{m,n}"),
    ("ok = DIGITS.fullmatch(text)", "fullmatch"),
    ("import json\ntext = json.dumps(value, indent=2)", "json.dumps with keyword arguments"),
    ("import json\nvalue = json.loads(text, parse_float=Decimal)", "json.loads with keyword arguments"),
    ("match x:\n    case 1:\n        pass", "a match statement"),
]


@pytest.mark.parametrize(("source", "expected"), SAMPLES, ids=[sample[1] + ": " + sample[0] for sample in SAMPLES])
def test_each_rule_catches_its_sample(source, expected):
    found = problems_in(source)
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize("source", [
    "try:\n    import tomllib\nexcept ImportError:\n    tomllib = None",  # CPython's TOML, JSON where it lacks
    "a, *rest = values",  # unpacking in an assignment
    "f(*args, **kwargs)",  # unpacking in a call
    "text = f'{amount!r} {name}'",  # a conversion, no format spec
    "import json\nvalue = json.loads(text)",
    "from calc.money import plain",
    "import re\nWORD = re.compile(r'[a-z]+')",
])
def test_what_the_subset_allows_passes(source):
    assert problems_in(source) == []
