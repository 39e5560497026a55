"""Hostile requests as JSON text: each once crashed calc or answered differently in the browser (issue 13, item 5).

Every row must give exit 2 on the CLI (tests/calc/test_calc_hostile.py), the same bytes in Pyodide as in CPython
(tests/parity) and the same answer through the page's MPKjFees.estimateJson (tests/browser/test_hostile_api.py).
Surrogates are written as JSON escapes, as JSON.stringify writes them.
"""

from __future__ import annotations

MAX_NESTING = 32  # calc.engine.MAX_NESTING; the boundary rows below check that they agree

AMENDMENT = ('{"schedule": "building_plan", "application": "amendment", "date": "2025-01-01", "sheets": 1, '
             '"amendment_type": %s}')
PLAN = '{"schedule": "planning_permission", "application": "new", "date": "2025-01-01", %s}'
DEPOSIT = '{"schedule": "deposit", "date": "2025-01-01", "items": [{"type": "shed", "units": 1}], %s}'
NEW = ('{"schedule": "building_plan", "application": "new", "date": "2025-01-01", '
       '"designs": [{"name": %s, "units": 1, "floors": [{"level": 0, "area": 9}]}]}')
DIGITS_5000 = "7" * 5000  # over CPython's 4,300-digit limit of int(str)


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


def nested_objects(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


# name, JSON text, field path, error code. Each row is also a parity case (tests/parity/test_parity.py).
HOSTILE = [
    ('amendment type "²" (a superscript digit)', AMENDMENT % '"²"', "amendment_type", "not_a_choice"),
    ('amendment type "①" (a circled digit)', AMENDMENT % '"①"', "amendment_type", "not_a_choice"),
    ('amendment type "٢" (an Arabic-Indic 2)', AMENDMENT % '"٢"', "amendment_type", "not_a_choice"),
    ('amendment type "２" (a fullwidth 2)', AMENDMENT % '"２"', "amendment_type", "not_a_choice"),
    ("amendment type of 5,000 digits as text", AMENDMENT % f'"{DIGITS_5000}"', "amendment_type", "not_a_choice"),
    ("amendment type of 5,000 digits as a number", AMENDMENT % DIGITS_5000, "amendment_type", "not_a_choice"),
    ("amendment type a lone surrogate", AMENDMENT % '"\\ud800"', "amendment_type", "not_a_choice"),
    ("schedule a lone surrogate", '{"schedule": "\\udfff"}', "schedule", "not_a_choice"),
    ("a key that is a lone surrogate", DEPOSIT % '"\\ud800": 1', "\ufffd", "unknown_field"),
    ("a key of a surrogate pair written apart", DEPOSIT % '"x\\udc00\\ud800": 1', "x\ufffd\ufffd", "unknown_field"),
    ("a design name with a lone surrogate", NEW % '"Teres \\ud83d"', "designs[0].name", "unreadable_text"),
    ("a design name of 100,000 characters, repeated in every line", NEW % f'"{"x" * 100_000}"', "designs[0].name",
     "too_long"),
    ('a count "٢" (an Arabic-Indic 2)', PLAN % '"residential_units": "٢"', "residential_units", "not_a_number"),
    ('an area "１２" (fullwidth digits)', PLAN % '"commercial_floor_area": "１２"', "commercial_floor_area",
     "not_a_number"),
    ("a count of 5,000 digits", PLAN % f'"residential_units": {DIGITS_5000}', "residential_units", "too_large"),
    ("a count of 5,000 digits as text", PLAN % f'"residential_units": "{DIGITS_5000}"', "residential_units",
     "too_large"),
    ("an area of 5,000 digits", PLAN % f'"commercial_floor_area": -{DIGITS_5000}', "commercial_floor_area",
     "negative"),
    ("a date of 5,000 digits", DEPOSIT.replace('"2025-01-01"', DIGITS_5000) % '"petil": 1', "date", "not_a_date"),
    ("a deposit type of 5,000 digits", DEPOSIT.replace('"shed"', DIGITS_5000) % '"x": 1', "items[0].type",
     "not_a_choice"),
    ("990 nested lists", nested(990), None, "too_deep"),
    ("5,000 nested lists", nested(5000), None, "too_deep"),
    ("100,000 nested lists", nested(100_000), None, "too_deep"),
    ("5,000 nested objects", nested_objects(5000), None, "too_deep"),
    ("5,000 nested lists as a field", DEPOSIT % f'"designs": {nested(5000)}', None, "too_deep"),
    (f"{MAX_NESTING + 1} levels, one more than allowed", nested(MAX_NESTING + 1), None, "too_deep"),
    (f"{MAX_NESTING} levels is read, and refused for what it is", DEPOSIT % f'"x": {nested(MAX_NESTING - 1)}',
     "x", "unknown_field"),
    ("brackets inside a string are not nesting", DEPOSIT % f'"note": "{nested(5000)}"', "note", "unknown_field"),
    ("escaped quotes and brackets inside a string", DEPOSIT % '"note": "\\\\\\"[[[[\\\\"', "note", "unknown_field"),
]
