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
    # A lone surrogate escape in a design name reads as U+FFFD (calc.json_text): tests/calc/test_calc_hostile.py
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

# ------------------------------------------------------------------------------------ the review's 1 MB requests

# The security review of issue 17 (item 2): requests just under the 1 MB limit that once took minutes or an hour
# (a quadratic nesting pre-check, a quadratic de-duplication of errors), an exponent that raised, and a project's
# own unknown keys echoed whole. Each must be answered or refused in seconds, by the CLI
# (tests/calc/test_calc_hostile.py) and by MicroPython (tests/parity/test_micropython_parity.py).
MAX_MEMBERS = 1000  # calc.engine.MAX_MEMBERS: the most keys an object may have
MEMBERS = MAX_MEMBERS - 10  # unknown keys of each part in the row of twenty parts (it has a few known ones)
NEAR_LIMIT = 999_000  # bytes: under calc.engine.MAX_REQUEST_BYTES (1,000,000), so each is read whole
PROJECT = '{"schedule": "project", "date": "2025-01-01", %s"parts": [%s]}'
DEPOSIT_PART = '{"schedule": "deposit", "items": [{"type": "shed", "units": 1}]%s}'


def filled(before: str, unit: str, after: str, limit: int = NEAR_LIMIT) -> str:
    """`before`, `unit` repeated as often as fits in `limit` bytes, `after`."""
    room = limit - len(before.encode("utf-8")) - len(after.encode("utf-8"))
    return before + unit * (room // len(unit.encode("utf-8"))) + after


def _keys(prefix: str, count: int) -> str:
    return "".join(f', "{prefix}{i}": 1' for i in range(count))


def _part_with_keys() -> str:
    """One deposit part holding as many unknown keys as fit (about 125,000)."""
    head = PROJECT % ("", DEPOSIT_PART % "")
    count = (NEAR_LIMIT - len(head)) // len(', "k100000": 1')
    return PROJECT % ("", DEPOSIT_PART % _keys("k", count))


def _parts_with_keys() -> str:
    """Twenty deposit parts of MEMBERS long unknown keys each, the project's date wrong in each."""
    head = (PROJECT % ("", ", ".join([DEPOSIT_PART % ""] * 20))).replace("2025-01-01", "2025-13-01")
    prefix = "x" * ((NEAR_LIMIT - len(head)) // 20 // MEMBERS - len(', "000": 1'))
    parts = ", ".join(DEPOSIT_PART % _keys(prefix, MEMBERS) for _ in range(20))
    return (PROJECT % ("", parts)).replace("2025-01-01", "2025-13-01")


# name, JSON text, field path, error code (None, None: an estimate, exit 0).
HOSTILE_1MB = [
    ('an unterminated string of \\" pairs', filled('{"a": "', '\\"', ""), None, "invalid_json"),
    ("an unterminated string of backslashes and brackets", filled('["', '\\\\[{', ""), None, "invalid_json"),
    ("one project part with about 125,000 unknown keys", _part_with_keys(), None, "too_many_members"),
    ("twenty parts of 990 long unknown keys, the project's date wrong", _parts_with_keys(), "date", "not_a_date"),
    ("an exponent of 19 digits", "[1e9999999999999999999]", None, "not_an_object"),
    ("an area with an exponent of 19 digits", PLAN % '"commercial_floor_area": 1e9999999999999999999',
     "commercial_floor_area", "too_large"),
    ("a negative exponent of 19 digits", PLAN % '"commercial_floor_area": 1e-9999999999999999999',
     "commercial_floor_area", "too_precise"),
    ("a zero with an exponent of 19 digits reads as zero", PLAN % '"residential_units": 0e9999999999999999999',
     None, "empty"),
    ("a project's own unknown key a lone surrogate",
     PROJECT % ('"\\ud800": 1, ', DEPOSIT_PART % ""), "\ufffd", "unknown_field"),
    ("a project's own unknown key of 990 KB",
     PROJECT % (filled('"', "k", '": 1, ', 990_000), DEPOSIT_PART % ""), "k" * 40, "unknown_field"),
    ("a key of 1 MB of \\ud800 escapes", filled('{"schedule": "deposit", "', "\\ud800", '": 1}'), "\ufffd" * 40,
     "unknown_field"),
    ("1 MB of unknown keys", DEPOSIT % _keys("typo", (NEAR_LIMIT - len(DEPOSIT)) // len(', "typo10000": 1'))[2:],
     None, "too_many_members"),
    ("1 MB of opening brackets", filled("", "[", ""), None, "too_deep"),
    ("1 MB of opening brackets inside a string", DEPOSIT % filled('"note": "', "[", '"', NEAR_LIMIT - 100),
     "note", "unknown_field"),
    ("a count of 1 MB of digits as text", PLAN % filled('"residential_units": "', "7", '"', NEAR_LIMIT - 100),
     "residential_units", "too_large"),
    ("a count of 1 MB of digits", PLAN % filled('"residential_units": ', "7", "", NEAR_LIMIT - 100),
     "residential_units", "too_large"),
    ("an area padded with no-break spaces", PLAN % filled('"commercial_floor_area": "', "\\u00a0", '12"',
                                                          NEAR_LIMIT - 100), None, None),
    ("an area of digits grouped by 1 MB of commas", PLAN % filled('"commercial_floor_area": "1', ",000", '"',
                                                                  NEAR_LIMIT - 100),
     "commercial_floor_area", "too_large"),
    ("1 MB of spaces", filled("", " ", ""), None, "invalid_json"),
]
