"""calc/json_text.py against CPython's json, calc/stand_ins/decimal.py against CPython's decimal (hypothesis, a few
thousand derandomized examples), and both in MicroPython against CPython (one Node process per batch).

The stand-in decimal is imported by file path under another name: in CPython, `decimal` stays the standard one.
"""

import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stdout
from decimal import Decimal, InvalidOperation, localcontext
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import json_text
from calc.json_text import JsonTextError, dumps, parse

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("micropython_run.mjs")
CASES_SCRIPT = Path(__file__).with_name("stand_in_cases.py")
SETTINGS = settings(max_examples=1500, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NESTED = settings(SETTINGS, max_examples=600)  # nested JSON values are slow to draw
ROUNDINGS = ("ROUND_DOWN", "ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_CEILING", "ROUND_FLOOR", "ROUND_UP",
             "ROUND_HALF_DOWN", "ROUND_05UP")


def _stand_in_decimal():
    spec = importlib.util.spec_from_file_location("stand_in_decimal", ROOT / "calc" / "stand_ins" / "decimal.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SD = _stand_in_decimal()

# ------------------------------------------------------------------------------------------------- json_text

_SURROGATE = re.compile("[\ud800-\udfff]")


def _canon(value):
    """`value` as nested tuples naming each type, dict order kept, so that 2.50 differs from 2.5 and 1 from 1.0.
    A lone surrogate reads as U+FFFD in json_text, by design."""
    if isinstance(value, dict):
        return ("dict", [(_SURROGATE.sub("\ufffd", key), _canon(member)) for key, member in value.items()])
    if isinstance(value, list):
        return ("list", [_canon(member) for member in value])
    if isinstance(value, str):
        return ("str", _SURROGATE.sub("\ufffd", value))
    if isinstance(value, (Decimal, float)):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _loads(text):
    try:
        return _canon(json.loads(text, parse_float=Decimal))
    except (ValueError, RecursionError):
        return "invalid_json"


def _parse(text, max_depth=100_000):
    try:
        return _canon(parse(text, max_depth))
    except JsonTextError as error:
        return error.code


_NUMBER = st.from_regex(r"-?(0|[1-9][0-9]{0,40})(\.[0-9]{1,25})?([eE][+-]?[0-9]{1,6})?", fullmatch=True)
_SCALARS = (st.none() | st.booleans() | st.integers(-10 ** 60, 10 ** 60) | st.text(max_size=12)
            | st.floats(allow_nan=False, allow_infinity=False) | _NUMBER.map(Decimal))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=5)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=5), max_leaves=25)


def _json_text(value, ensure_ascii, indent):
    """JSON text of a value that may hold Decimals (written as their exact text)."""
    def default(number):
        raise TypeError(number)
    text = json.dumps(_with_markers(value), ensure_ascii=ensure_ascii, indent=indent, default=default)
    return re.sub(r'"@@([^"]*)@@"', r"\1", text)


def _with_markers(value):
    if isinstance(value, Decimal):
        return f"@@{value}@@"
    if isinstance(value, list):
        return [_with_markers(member) for member in value]
    if isinstance(value, dict):
        return {key: _with_markers(member) for key, member in value.items()}
    return value


@NESTED
@given(_VALUES, st.booleans(), st.sampled_from([None, 0, 1, 2, "\t", " \r\n "]))
def test_parse_reads_what_json_loads_reads(value, ensure_ascii, indent):
    text = _json_text(value, ensure_ascii, indent)
    assert _parse(text) == _loads(text)


_EDITS = st.lists(st.tuples(st.integers(0, 10 ** 6), st.sampled_from(
    [*'[]{}",:\\ 0123456789.eE+-tfnulrsaINy', "\\u", "\\ud800", "\\udc00", "\x00", "\x1f", "\n", "\t", "é",
     "NaN", "-Infinity", "true", "\u2028", "\ufeff", ""])), max_size=4)


@NESTED
@given(_VALUES, st.booleans(), _EDITS)
def test_parse_refuses_what_json_loads_refuses(value, ensure_ascii, edits):
    """Random edits of valid texts: json_text accepts exactly what json.loads accepts, with the same value."""
    text = _json_text(value, ensure_ascii, None)
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + 1:]  # replace one character, or delete it
    assert _parse(text) == _loads(text)


@NESTED
@given(_NUMBER)
def test_numbers_are_ints_or_exact_decimals(number):
    assert _parse(f"[{number}]") == _loads(f"[{number}]")


def test_surrogate_escapes():
    assert parse('"\\ud83d\\ude00"', 1) == "\U0001f600"
    assert parse('["\\ud800", "\\udc00x", "\\ud800\\ud800", "\\ud83d\\u0041"]', 2) == [
        "\ufffd", "\ufffdx", "\ufffd\ufffd", "\ufffdA"]
    assert parse('{"\\udfff": 1}', 2) == {"\ufffd": 1}


def test_constants_and_absurd_exponents():
    values = parse("[NaN, Infinity, -Infinity, 1e9999999999999999999, -2.5E-99999999999999999999999,"
                   " 0e99999999999999999999, 1e99999999999999999, 1e100000000000000001]", 2)
    assert [repr(v) for v in values[:3]] == ["nan", "inf", "-inf"]  # as json.loads: calc's validation refuses them
    assert [str(v) for v in values[3:]] == ["1E+100000000000000000", "-2.5E-100000000000000000",
                                            "0E+100000000000000000", "1E+99999999999999999", "1E+100000000000000000"]
    assert values[5] == 0


def test_depth_and_members():
    assert parse("[" * 32 + "]" * 32, 32) == parse("[" * 32 + "]" * 32, 100)
    for deep in ("[" * 33 + "]" * 33, '{"a":' * 33 + "1" + "}" * 33, "[" * 33, "[" * 33 + "}" * 33, "[" * 33 + "x"):
        with pytest.raises(JsonTextError) as refused:
            parse(deep, 32)
        assert refused.value.code == "too_deep"
    assert parse('{"a": 1, "a": 2, "b": 3}', 1, max_members=2) == {"a": 2, "b": 3}  # the last value of a key wins
    with pytest.raises(JsonTextError) as refused:
        parse('{"a": 1, "b": 2, "c": 3}', 1, max_members=2)
    assert refused.value.code == "too_many_members"


_DUMPED = st.recursive(st.none() | st.booleans() | st.integers(-10 ** 40, 10 ** 40) | st.text(),
                       lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
                       max_leaves=30)


@NESTED
@given(_DUMPED)
def test_dumps_writes_what_json_dumps_writes(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dumps_escapes_like_json():
    every_control = "".join(chr(code) for code in range(0x20)) + '"\\/\x7f\u2028é\U0001f600'
    assert dumps({every_control: [every_control]}) == json.dumps({every_control: [every_control]},
                                                                  ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps({1: 2})
    with pytest.raises(TypeError):
        dumps(Decimal(1))


# ------------------------------------------------------------------------------------------------- decimal

def _number_text(coefficient, exponent, form):
    number = Decimal(coefficient).scaleb(exponent)
    return (str(number), f"{number:f}", f"{number:e}".replace("e", "E"))[form]


_DECIMALS = st.builds(_number_text, st.integers(-10 ** 45, 10 ** 45) | st.integers(-1000, 1000),
                      st.integers(-30, 30), st.integers(0, 2))
_OPERANDS = _DECIMALS | st.integers(-10 ** 30, 10 ** 30)


def _both(operation, prec):
    """operation(decimal module) in CPython's decimal and in the stand-in: str of the result or the error's name."""
    outcomes = []
    for module in (__import__("decimal"), SD):
        with module.localcontext() as context:
            context.prec = prec
            try:
                outcomes.append(str(operation(module)))
            except (ArithmeticError, ValueError) as error:
                outcomes.append(type(error).__name__)
    return outcomes


@SETTINGS
@given(_DECIMALS, _OPERANDS, st.sampled_from([28, 60, 1, 2, 5, 9, 40]), st.sampled_from(ROUNDINGS))
def test_arithmetic_as_cpython(a, b, prec, rounding):
    def number(module, value):
        return module.Decimal(value) if isinstance(value, str) else value
    operations = [
        lambda m: number(m, a) + number(m, b), lambda m: number(m, a) - number(m, b),
        lambda m: number(m, a) * number(m, b), lambda m: number(m, a) / number(m, b),
        lambda m: number(m, b) + number(m, a), lambda m: number(m, b) - number(m, a),
        lambda m: number(m, b) * number(m, a), lambda m: number(m, b) / number(m, a),
        lambda m: [number(m, a) < number(m, b), number(m, a) <= number(m, b), number(m, a) == number(m, b),
                   number(m, a) != number(m, b), number(m, a) > number(m, b), number(m, a) >= number(m, b)],
        lambda m: sum([number(m, a), number(m, b)], m.Decimal(0)),
        lambda m: number(m, a).quantize(m.Decimal("0.01"), rounding=getattr(m, rounding)),
        lambda m: number(m, a).quantize(m.Decimal("0.01")),
        lambda m: number(m, a).quantize(m.Decimal(1), rounding=getattr(m, rounding)),
        lambda m: number(m, a).quantize(m.Decimal("1E+2"), rounding=getattr(m, rounding)),
        lambda m: number(m, a).to_integral_value(rounding=getattr(m, rounding)),
        lambda m: number(m, a).to_integral_value(),
        lambda m: number(m, a).normalize(),
        lambda m: (-number(m, a), abs(number(m, a)), +number(m, a)),
        lambda m: (number(m, a).adjusted(), number(m, a).as_tuple().exponent, number(m, a).as_tuple().digits,
                   number(m, a).as_tuple().sign, number(m, a).is_finite(), bool(number(m, a)), int(number(m, a)),
                   float(number(m, a)), repr(number(m, a))),
    ]
    for operation in operations:
        cpython, stand_in = _both(operation, prec)
        assert stand_in == cpython


@SETTINGS
@given(_DECIMALS | st.integers(-10 ** 30, 10 ** 30).map(str))
def test_hash_and_equality_with_int(text):
    number = SD.Decimal(text)
    if number == number.to_integral_value():
        whole = int(Decimal(text))
        assert number == whole and hash(number) == hash(whole)
        assert hash(number) == hash(SD.Decimal(str(whole)))  # the same value written another way
    assert str(SD.Decimal(text)) == str(Decimal(text))


def test_decimal_texts_and_specials():
    for text in ("0", "-0", "1.", ".5", "+7", " 12.50 ", "1e5", "1E-7", "-0.000", "0E+5", "123456789E-20",
                 "NaN", "-nan", "Infinity", "-inf", "1e000000000000000000005"):
        assert str(SD.Decimal(text)) == str(Decimal(text))
        assert SD.Decimal(text).is_finite() == Decimal(text).is_finite()
    for text in ("", ".", "e5", "1e", "--1", "1.2.3", "x", "1e5.5", "1e9999999999999999999"):
        with pytest.raises(SD.InvalidOperation):
            SD.Decimal(text)
        with pytest.raises(InvalidOperation):
            Decimal(text)
    with pytest.raises(SD.InvalidOperation):
        SD.Decimal("١")  # CPython reads every script's digits; calc never passes it any but ASCII ones
    with pytest.raises(SD.DivisionByZero):
        SD.Decimal(1) / 0
    with pytest.raises(SD.InvalidOperation):
        SD.Decimal(0) / 0
    assert SD.ROUND_HALF_UP == "ROUND_HALF_UP" and SD.getcontext().prec == 28
    assert str(SD.Decimal(True)) == str(Decimal(True)) == "1"
    assert str(SD.Decimal("2.345").quantize(1)) == str(Decimal("2.345").quantize(1)) == "2"


def test_calc_context():
    """The operations calc does, in calc's context (prec 60), on the kind of numbers it sees."""
    with localcontext() as cpython, SD.localcontext() as stand_in:
        cpython.prec = stand_in.prec = 60
        results = []
        for module in (__import__("decimal"), SD):
            area = module.Decimal("1234.5678") * module.Decimal("0.09290304")
            share = sum((count * percent / 100 for count, percent in ((3, module.Decimal(100)),
                                                                      (17, module.Decimal("80.5")))),
                        module.Decimal(0))
            blocks = (area / module.Decimal("92.9")).to_integral_value(rounding=module.ROUND_CEILING)
            sen = (area * share).quantize(module.Decimal("0.01"), rounding=module.ROUND_HALF_UP)
            results.append([str(area), str(share), str(blocks), str(sen)])
        assert results[1] == results[0]


def test_long_numbers_take_linear_time():
    """A coefficient of a million digits is read, compared and printed without converting it to an int."""
    digits = "7" * 1_000_000
    started = time.perf_counter()
    number = SD.Decimal(digits + ".5")
    assert number > SD.Decimal(10 ** 20) and number.adjusted() == 999_999 and number.as_tuple().exponent == -1
    assert str(number).endswith("7.5") and number != number.to_integral_value()
    assert str(SD.Decimal("1E+100000000000000000").to_integral_value()) == "1E+100000000000000000"
    assert str(SD.Decimal("1E-100000000000000000").to_integral_value(rounding=SD.ROUND_CEILING)) == "1"
    print(f"million-digit Decimal: {time.perf_counter() - started:.3f} s")


# ------------------------------------------------------------------------------------------------- MicroPython

_node = shutil.which("node")
_micropython = pytest.mark.skipif(
    _node is None or not (ROOT / "node_modules" / "@micropython" / "micropython-webassembly-pyscript").is_dir(),
    reason="node and the npm packages are installed by `make`")


def _in_micropython(script, inputs=None):
    """stdout of `script` run in MicroPython with json_text and the stand-ins importable as top-level modules."""
    stand_ins = ROOT / "calc" / "stand_ins"
    files = {f"/lib/{path.name}": path.read_text(encoding="utf-8") for path in stand_ins.glob("*.py")
             if path.name != "__init__.py"}
    files["/lib/json_text.py"] = (ROOT / "calc" / "json_text.py").read_text(encoding="utf-8")
    for name, text in (inputs or {}).items():
        files[f"/data/{name}"] = text
    request = json.dumps({"files": files, "script": "import sys\nsys.path.insert(0, '/lib')\n" + script})
    done = subprocess.run([_node, str(RUNNER)], input=request, capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _in_cpython(script, inputs, monkeypatch):
    """stdout of the same script in this CPython, with calc.json_text as `json_text` and CPython's decimal."""
    monkeypatch.setitem(sys.modules, "json_text", json_text)
    out = StringIO()
    with redirect_stdout(out):
        exec(compile(script, "stand_in_cases", "exec"), {"__name__": "stand_in_cases", **inputs})
    return out.getvalue()


def _batch():
    """3,400 seeded cases: JSON texts (valid, edited, deep), values to write, decimal operations."""
    draw = random.Random(17)

    def value(depth=0):
        kind = draw.randrange(9 if depth < 3 else 6)
        if kind == 0:
            return draw.choice([None, True, False])
        if kind == 1:
            return draw.randrange(-10 ** draw.randrange(1, 40), 10 ** draw.randrange(1, 40))
        if kind == 2:
            return "".join(draw.choice('ab "\\/\n\t\x01\x1féü€\U0001f600\u2028') for _ in range(draw.randrange(8)))
        if kind in (3, 4, 5):
            return f"@@{draw.choice(['', '-'])}{draw.randrange(10 ** 6)}.{draw.randrange(10 ** 4):04d}" + (
                draw.choice(["", "e5", "E-3", "e+0", "E99999999999999999999"]) + "@@")
        if kind in (6, 7):
            return [value(depth + 1) for _ in range(draw.randrange(4))]
        return {"k" + str(draw.randrange(5)): value(depth + 1) for _ in range(draw.randrange(4))}

    cases = []
    for _ in range(700):
        one = value(1)
        text = re.sub(r'"@@([^"]*)@@"', r"\1", json.dumps(one, ensure_ascii=draw.random() < 0.5,
                                                          indent=draw.choice([None, 2])))
        cases.append(["parse", text, 32, None])
        for _ in range(draw.randrange(3)):
            at = draw.randrange(len(text) + 1)
            text = text[:at] + draw.choice([*'[]{}",:\\ 0.eE-x', "\\ud800", "\\u00e9", "\x00", ""]) + text[at:]
        cases.append(["parse", text, draw.choice([1, 2, 32]), draw.choice([None, 1, 3])])
        dumped = json.loads(json.dumps(one).replace("@@", ""))
        cases.append(["dumps", _one_key_dicts(dumped)])
    numbers = ["0", "-0", "0.00", "1", "-1", "0.5", "2.5", "-2.5", "0.125", "12.345", "0.09290304", "1E+2", "1E-7",
               "99.995", "-0.005", "123456789012345678901234567890.123456789", "7", "3", "100", "0.01", "250"]
    for _ in range(1300):
        op = draw.choice(["+", "-", "*", "/", "r+", "r-", "r*", "r/", "cmp", "quantize", "integral", "unary"])
        a = draw.choice([draw.choice(numbers), f"{draw.randrange(-10 ** 12, 10 ** 12)}E{draw.randrange(-15, 6)}"])
        if op == "quantize":
            b = draw.choice(["0.01", "1", "1E+1", "0.001"])
        elif op.startswith("r") or draw.random() < 0.2:
            b = draw.randrange(-1000, 1000)
        else:
            b = draw.choice([draw.choice(numbers), f"{draw.randrange(-10 ** 9, 10 ** 9)}E{draw.randrange(-9, 4)}"])
        cases.append([op, draw.choice([28, 60, 3]), draw.choice(ROUNDINGS), a, b])
    return cases


def _one_key_dicts(value):
    """`value` with each dict of several keys made a list of one-key dicts: MicroPython's json.load does not keep
    the order of a dict's keys, and dumps writes them in the dict's order."""
    if isinstance(value, list):
        return [_one_key_dicts(member) for member in value]
    if isinstance(value, dict):
        pairs = [{key: _one_key_dicts(member)} for key, member in value.items()]
        return pairs[0] if len(pairs) == 1 else pairs
    return value


@_micropython
def test_micropython_gives_cpythons_results(tmp_path, monkeypatch):
    cases = _batch()
    script = CASES_SCRIPT.read_text(encoding="utf-8")
    cases_text = json.dumps(cases, ensure_ascii=False)  # MicroPython's json reads "\\ud83d\\ude00" as two characters
    micropython = _in_micropython("CASES_PATH = '/data/cases.json'\n" + script, {"cases.json": cases_text})
    path = tmp_path / "cases.json"
    path.write_text(cases_text, encoding="utf-8")
    cpython = _in_cpython(script, {"CASES_PATH": str(path)}, monkeypatch)
    cpython_lines, micropython_lines = cpython.splitlines(), micropython.splitlines()
    assert len(cpython_lines) == len(micropython_lines) == len(cases)
    differences = [(case, mine, theirs) for case, mine, theirs in zip(cases, micropython_lines, cpython_lines,
                                                                       strict=True) if mine != theirs]
    assert differences[:5] == []


# ------------------------------------------------------------------------------------------------- hostile

# Recipes, not texts: the same source makes them in CPython and in MicroPython (17 MB through a pipe would cost more).
_HOSTILE_RECIPES = r"""
M = 1000000
A = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
HOSTILE = [
    ("escaped quotes, unterminated", '{"a": "' + '\\"' * (M // 2 - 8)),
    ("escaped quotes, closed", '["' + '\\"' * (M // 2 - 8) + '"]'),
    ("unterminated string", '"' + "a" * (M - 1)),
    ("nested arrays", "[" * (M // 2)),
    ("nested objects", '{"a":' * (M // 5)),
    ("125k keys", "{" + ",".join(['"' + A[i % 62] + A[i // 62 % 62] + A[i // 3844] + '":1' for i in range(124999)])
     + "}"),
    ("long integer", "1" * M),
    ("long fraction", "0." + "1" * (M - 2)),
    ("long exponent", "1e" + "9" * (M - 2)),
    ("long number and exponent", "1" * (M // 2) + "e-" + "9" * (M // 2 - 2)),
    ("990 KB key", '{"' + "k" * 990000 + '": 1}'),
    ("array of ones", "[" + "1," * (M // 2 - 2) + "1]"),
    ("array of strings", "[" + '"ab",' * (M // 5 - 2) + '"ab"]'),
    ("unicode escapes", '"' + "\\u00e9" * (M // 6 - 1) + '"'),
    ("spaces", " " * (M - 1) + "1"),
    ("4300-digit integers", "[" + ",".join(["7" * 4300] * 232) + "]"),
    ("non-ASCII text", '["' + "é" * (M // 2 - 4) + '"]'),
]
"""
_namespace: dict = {}
exec(_HOSTILE_RECIPES, _namespace)
HOSTILE = dict(_namespace["HOSTILE"])
EXPECTED = {"escaped quotes, unterminated": "invalid_json", "escaped quotes, closed": "list",
            "unterminated string": "invalid_json", "nested arrays": "too_deep", "nested objects": "too_deep",
            "125k keys": "dict", "long integer": "Decimal", "long fraction": "Decimal", "long exponent": "Decimal",
            "long number and exponent": "Decimal", "990 KB key": "dict", "array of ones": "list",
            "array of strings": "list", "unicode escapes": "str", "spaces": "int", "4300-digit integers": "list",
            "non-ASCII text": "list"}


def _outcome(text, max_members=None):
    try:
        return type(parse(text, 32, max_members)).__name__
    except JsonTextError as error:
        return error.code


def test_hostile_texts_are_read_in_linear_time(capsys):
    """Each 1 MB text is read or refused; a quadratic reader would take minutes to hours (no timed assertion)."""
    timings = []
    assert list(HOSTILE) == list(EXPECTED)
    for name, text in HOSTILE.items():
        assert len(text.encode()) <= 1_000_000, name
        started = time.perf_counter()
        assert _outcome(text) == EXPECTED[name], name
        timings.append(f"{name}: {time.perf_counter() - started:.2f} s")
    assert _outcome(HOSTILE["125k keys"], max_members=1000) == "too_many_members"
    with capsys.disabled():
        print("\nCPython json_text on 1 MB hostile texts:", "; ".join(timings))


# The review's texts (issue 17); the others are read in CPython only, to keep the suite short.
IN_MICROPYTHON = ("escaped quotes, unterminated", "escaped quotes, closed", "unterminated string", "nested arrays",
                  "nested objects", "125k keys", "long integer", "long fraction", "long exponent",
                  "long number and exponent", "990 KB key", "non-ASCII text")
_HOSTILE_SCRIPT = """
import time
import json_text
from hostile import HOSTILE
for name, text in HOSTILE:
    if name not in IN_MICROPYTHON:
        continue
    started = time.ticks_ms()
    try:
        outcome = type(json_text.parse(text, 32, MAX_MEMBERS.get(name))).__name__
    except json_text.JsonTextError as error:
        outcome = error.code
    print(name + "|" + outcome + "|" + str(time.ticks_diff(time.ticks_ms(), started)))
"""


@_micropython
def test_hostile_texts_in_micropython(capsys):
    """MicroPython reads each hostile text as CPython does. An object of 125,000 keys is read with max_members
    there: MicroPython hashes a str to 16 bits, and its dict of that many keys takes minutes to build."""
    script = (f"import sys\nsys.path.insert(0, '/data')\nMAX_MEMBERS = {{'125k keys': 1000}}\n"
              f"IN_MICROPYTHON = {IN_MICROPYTHON!r}\n{_HOSTILE_SCRIPT}")
    output = _in_micropython(script, {"hostile.py": _HOSTILE_RECIPES})
    seen = {}
    for line in output.splitlines():
        name, outcome, milliseconds = line.split("|")
        seen[name] = (outcome, int(milliseconds))
    expected = {name: EXPECTED[name] for name in IN_MICROPYTHON} | {"125k keys": "too_many_members"}
    assert {name: outcome for name, (outcome, _) in seen.items()} == expected
    with capsys.disabled():
        print("\nMicroPython json_text on 1 MB hostile texts:",
              "; ".join(f"{name}: {ms / 1000:.2f} s" for name, (_, ms) in seen.items()))
