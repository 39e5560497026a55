"""Runs a batch of cases through calc/json_text.py and `decimal`, printing one line per case.

The same file runs in CPython (with CPython's decimal) and in MicroPython (with calc/stand_ins/decimal.py), each
with `json_text` importable as a top-level module; tests/calc/test_stand_ins.py compares the two outputs line by
line. Input: the file named by CASES_PATH (set before this runs), a JSON list of cases:
["parse", text, max_depth] or ["dumps", value] or [op, prec, rounding, a, b] for a decimal operation.
Output lines are the same text in both interpreters when the results are the same.
"""

import json
from decimal import Decimal, localcontext

import json_text


def show(value):
    """A text that names `value` exactly and does not depend on the interpreter (dict order, repr of str)."""
    if value is None or value is True or value is False:
        return str(value)
    if isinstance(value, str):
        return "s" + ".".join([str(ord(character)) for character in value])
    if isinstance(value, int):
        return "i" + str(value)
    if isinstance(value, float):
        return "f" + str(value)
    if isinstance(value, Decimal):
        return "d" + str(value)
    if isinstance(value, list):
        return "[" + ",".join([show(member) for member in value]) + "]"
    if isinstance(value, dict):
        return "{" + ",".join([show(key) + ":" + show(value[key]) for key in sorted(value)]) + "}"
    return "?" + type(value).__name__


def decimal_case(op, prec, rounding, a, b):
    with localcontext() as context:
        context.prec = prec
        x = Decimal(a)
        y = Decimal(b) if isinstance(b, str) else b
        if op == "+":
            return str(x + y)
        if op == "-":
            return str(x - y)
        if op == "*":
            return str(x * y)
        if op == "/":
            return str(x / y)
        if op == "r+":
            return str(y + x)
        if op == "r-":
            return str(y - x)
        if op == "r*":
            return str(y * x)
        if op == "r/":
            return str(y / x)
        if op == "cmp":
            return " ".join([str(x < y), str(x <= y), str(x == y), str(x != y), str(x > y), str(x >= y)])
        if op == "quantize":
            return str(x.quantize(y, rounding=rounding))
        if op == "integral":
            return str(x.to_integral_value(rounding=rounding))
        if op == "unary":
            t = x.as_tuple()
            return " ".join([str(x), str(x.normalize()), str(-x), str(abs(x)), str(x.adjusted()), str(t.exponent),
                             "".join([str(d) for d in t.digits]), str(t.sign), str(x.is_finite()), str(bool(x)),
                             str(int(x)), str(hash(x) == hash(int(x)) if x == int(x) else "-")])
        raise ValueError(op)


def run(case):
    kind = case[0]
    try:
        if kind == "parse":
            return show(json_text.parse(case[1], case[2], case[3]))
        if kind == "dumps":
            return show(json_text.dumps(case[1]))
        return decimal_case(*case)
    except json_text.JsonTextError as error:
        return "JsonTextError " + error.code
    except ArithmeticError as error:  # InvalidOperation, DivisionByZero
        return type(error).__name__


with open(CASES_PATH) as cases_file:  # noqa: F821 - set by whoever runs this file
    for one in json.load(cases_file):
        print(run(one))
