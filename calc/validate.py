"""Reads a request against the input schema: typed values out, every problem reported at once.

Numbers arrive as JSON numbers (already `Decimal` when the request came as JSON text) or as decimal strings
written the way people write them, optionally grouped in thousands ("1,350", "1,250.5"). Digits are ASCII
only, everywhere: "٢" or "²" is not a number and not a choice. Areas come out in m² whatever `area_unit` the
request used.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from calc.fields import FLOOR_AREA_LABEL, M2_PER_FT2, MAX_LIST, Field, default_maximum
from calc.messages import message, preview, readable
from calc.money import grouped
from calc.schedules import Bilingual
from calc.terms import AMENDMENT_FIELD_TYPES

__all__ = ["MAX_ERRORS", "Problems", "add_unknown_fields", "check_building_plan", "read_date", "read_fields",
           "stripped"]

MAX_ERRORS = 50  # then one "and N more" entry: nobody reads a thousand errors, and they cost time to make
_LARGEST_EXPONENT = 20  # every documented bound is far below 10**20
# With at most 20 decimal places and every bound under 10**8, each number, its conversion from ft² and any sum of
# them fit in ARITHMETIC_PRECISION digits: every computation in calc is exact.
MAX_DECIMAL_PLACES = 20
MAX_TEXT = 200  # characters of a text field (a design's name)
ARITHMETIC_PRECISION = 60


class Problems:
    """The errors found so far, in the response's error-document shape: the first MAX_ERRORS of them, and how
    many more there are (those are only counted: a request of 100,000 mistakes costs no more than its reading)."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []
        self.more = 0
        self._seen: set[tuple[Any, ...]] = set()  # the errors kept, for merge()

    def add(self, path: str | None, code: str, label: Bilingual | None, variant: str | None = None,
            **values: Any) -> None:
        """One error; `variant` picks the code's message for a kind of field ("count", "area", "for")."""
        if len(self.errors) >= MAX_ERRORS:
            self.more += 1
            return
        self._keep({"field": path, "code": code, "message": message(code, label, variant, **values)})

    def merge(self, error: dict[str, Any]) -> None:
        """An error found elsewhere (a project's part), unless the same error is already listed."""
        if _key(error) in self._seen:
            return
        if len(self.errors) >= MAX_ERRORS:
            self._seen.add(_key(error))
            self.more += 1
            return
        self._keep(error)

    def is_full(self) -> bool:
        """Whether a further error would only be counted."""
        return len(self.errors) >= MAX_ERRORS

    def _keep(self, error: dict[str, Any]) -> None:
        self.errors.append(error)
        self._seen.add(_key(error))

    def listing(self) -> list[dict[str, Any]]:
        """The errors as the response lists them: the kept ones, then one entry saying how many more."""
        if not self.more:
            return self.errors
        more = Problems()
        more.add(None, "more_errors", None, count=self.more)
        return self.errors + more.errors

    def document(self) -> dict[str, Any]:
        return {"errors": self.listing()}

    def __bool__(self) -> bool:
        return bool(self.errors) or self.more > 0


def _key(error: dict[str, Any]) -> tuple[Any, ...]:
    return (error["field"], error["code"], error["message"]["ms"], error["message"]["en"])


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


_AREA_UNITS = {"m2": Bilingual("m²", "m²"), "ft2": Bilingual("kaki persegi (kps)", "square feet (ft²)")}


def _has_surrogate(text: str) -> bool:
    return readable(text) != text


# What CPython's str.strip() removes (every character whose isspace() is true); MicroPython's strips ASCII only.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def stripped(text: str) -> str:
    """`text` without whitespace at either end, Unicode's as well as ASCII's (a number pasted with a no-break
    space is still a number). One pass over the characters: MicroPython indexes its strings from the start."""
    text = text.strip()
    if not text or (text[0] not in WHITESPACE and text[-1] not in WHITESPACE):
        return text
    first, last = None, 0
    for index, character in enumerate(text):
        if character not in WHITESPACE:
            if first is None:
                first = index
            last = index
    return "" if first is None else text[first:last + 1]


def _is_digits(text: str, least: int = 1, most: int | None = None) -> bool:
    """ASCII digits only ([0-9], never another script's: "٢" and "²" are not numbers), `least` to `most` of them.
    No regular expression: MicroPython's has no {m,n} and overflows its stack on long text."""
    return least <= len(text) and (most is None or len(text) <= most) and not text.strip("0123456789")


def _unsigned(text: str) -> str:
    return text[1:] if text.startswith("-") else text


def _is_written_decimal(text: str) -> bool:
    """A decimal as people write it: "-1350", "1,350", "1,250.5". Thousands are grouped by commas, three digits a
    group after a first group of one to three; decimals follow one point."""
    whole, point, decimals = _unsigned(text).partition(".")
    if point and not _is_digits(decimals):
        return False
    groups = whole.split(",")
    if len(groups) == 1:
        return _is_digits(whole)
    thousands = groups[1:]
    return _is_digits(groups[0], 1, 3) and set(map(len, thousands)) == {3} and _is_digits("".join(thousands))


def _is_comma_number(text: str) -> bool:
    """Digits separated by single commas or points, at least one separator: "12,5", "1,2.3"."""
    pieces = _unsigned(text).replace(".", ",").split(",")
    return len(pieces) > 1 and all(_is_digits(piece) for piece in pieces)


def _is_iso_date(text: str) -> bool:
    """YYYY-MM-DD, in ASCII digits."""
    return (len(text) == 10 and text[4] == "-" and text[7] == "-" and _is_digits(text[:4], 4, 4)
            and _is_digits(text[5:7], 2, 2) and _is_digits(text[8:], 2, 2))


def _described(label: Bilingual, context: Bilingual | None) -> Bilingual:
    """A nested field's label with where it stands: "Reka bentuk 1 › Tingkat 2 › Keluasan lantai"."""
    if context is None:
        return label
    return Bilingual(f"{context.ms} › {label.ms}", f"{context.en} › {label.en}")


def add_unknown_fields(problems: Problems, names: Any, place: Any) -> None:
    """An `unknown_field` error for each name, in sorted order, until the error list is full (the rest are only
    counted). `place(shown)` gives the error's path and label for the name as shown: cut to 40 characters, and
    writable whatever the key holds."""
    unknown = sorted_keys(names)
    for index, name in enumerate(unknown):
        if problems.is_full():
            problems.more += len(unknown) - index
            break
        path, label = place(preview(name))
        problems.add(path, "unknown_field", label)


def read_fields(
    data: dict[str, Any], fields: tuple[Field, ...], problems: Problems, *, path: str = "",
    context: Bilingual | None = None, area_unit: str = "m2", ignore: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Reads every field of `fields` from `data`; names not among them (nor in `ignore`) are errors."""
    known = {f.name for f in fields} | ignore
    add_unknown_fields(problems, (name for name in data if name not in known),
                       lambda shown: (_join(path, shown), _described(Bilingual(shown, shown), context)))
    values: dict[str, Any] = {}
    for spec in fields:
        where = _join(path, spec.name)
        label = _described(spec.label, context)
        raw = data.get(spec.name)
        if raw is None:
            if spec.required:
                problems.add(where, "required", label)
            values[spec.name] = _default(spec)
            continue
        values[spec.name] = _read(raw, spec, where, label, problems, area_unit)
    return values


def sorted_keys(names: Any) -> list[Any]:
    """Names in a defined order, whatever order the request's object had (MicroPython's dicts keep none)."""
    names = list(names)
    if all(isinstance(name, str) for name in names):  # as JSON gives them: no key function, ten times faster
        return sorted(names)
    return sorted(names, key=lambda name: name if isinstance(name, str) else preview(name))


def _default(spec: Field) -> Any:
    if spec.default is not None:
        return spec.default
    return {"count": 0, "area": Decimal(0), "length": Decimal(0), "feet": Decimal(0), "money": Decimal(0),
            "boolean": False, "list": [], "object": {f.name: _default(f) for f in spec.fields}}.get(spec.kind)


def _read(raw: Any, spec: Field, where: str, label: Bilingual, problems: Problems, area_unit: str) -> Any:
    kind = spec.kind
    if kind == "boolean":
        if not isinstance(raw, bool):
            problems.add(where, "not_boolean", label)
            return False
        return raw
    if kind == "text":
        if not isinstance(raw, str):
            problems.add(where, "not_text", label)
            return ""
        if _has_surrogate(raw):  # half of a UTF-16 pair: not a character, and it cannot be written back
            problems.add(where, "unreadable_text", label)
            return ""
        if len(raw) > MAX_TEXT:  # a name is repeated in every line of its design: a long one would flood the answer
            problems.add(where, "too_long", label, limit=MAX_TEXT)
            return ""
        return raw
    if kind == "choice":
        allowed = [c.value for c in spec.choices]
        # Integer choices (amendment types) may come as numbers or digit strings from a form.
        candidate = raw
        if isinstance(raw, str) and all(isinstance(v, int) for v in allowed) and _is_digits(stripped(raw), 1, 9):
            candidate = int(stripped(raw))
        elif isinstance(raw, (Decimal, float)) and _small_whole(raw):
            candidate = int(raw)
        if isinstance(candidate, bool) or candidate not in allowed:
            problems.add(where, "not_a_choice", label, value=preview(raw), choices=", ".join(map(str, allowed)))
            return None
        return candidate
    if kind == "object":
        if not isinstance(raw, dict):
            problems.add(where, "not_an_object", label)
            return _default(spec)
        return read_fields(raw, spec.fields, problems, path=where, context=label, area_unit=area_unit)
    if kind == "list":
        return _read_list(raw, spec, where, label, problems, area_unit)
    return _read_number(raw, spec, where, label, problems, area_unit)


def _small_whole(number: Decimal | float) -> bool:
    """A whole number small enough to be a choice (int() of 1e9999999 would take minutes)."""
    if isinstance(number, float):
        return number.is_integer() and abs(number) < 1e9
    return number.is_finite() and number.adjusted() < 9 and number == number.to_integral_value()


def _read_list(raw: Any, spec: Field, where: str, label: Bilingual, problems: Problems, area_unit: str) -> list:
    if not isinstance(raw, list):
        problems.add(where, "not_a_list", label)
        return []
    if len(raw) < spec.min_items:
        problems.add(where, "too_few", label, limit=spec.min_items)
    if len(raw) > MAX_LIST:
        problems.add(where, "too_many", label, limit=MAX_LIST)
        return []
    rows = []
    for index, element in enumerate(raw):
        row_where = f"{where}[{index}]"
        row_label = Bilingual(f"{label.ms} {index + 1}", f"{label.en} {index + 1}")
        if not isinstance(element, dict):
            problems.add(row_where, "not_an_object", row_label)
            continue
        rows.append(read_fields(element, spec.fields, problems, path=row_where, context=row_label, area_unit=area_unit))
    return rows


def _read_number(
    raw: Any, spec: Field, where: str, label: Bilingual, problems: Problems, area_unit: str,
) -> Any:
    fallback = _default(spec)
    number = _as_decimal(raw)
    if isinstance(number, str):
        problems.add(where, number, label, spec.kind, unit=_AREA_UNITS[area_unit])
        return fallback
    if number == 0:
        number = Decimal(0)  # "0E+21" and "0.000" are zero, whatever their exponent
    if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]  # finite: an int
        problems.add(where, "too_precise", label, limit=MAX_DECIMAL_PLACES)
        return fallback
    whole = spec.kind in ("count", "level")
    if whole and number != number.to_integral_value():
        problems.add(where, "not_integer", label, spec.kind)
        return fallback
    if number < 0 and spec.minimum >= 0:
        problems.add(where, "negative", label)
        return fallback
    if number < spec.minimum:
        problems.add(where, "too_small", label, limit=spec.minimum)
        return fallback
    if spec.positive and number == 0:
        problems.add(where, "not_positive", label)
        return fallback
    maximum = spec.maximum if spec.maximum is not None else default_maximum(spec.kind)
    # A number far beyond every bound is refused before any arithmetic could overflow.
    beyond_all_bounds = number.adjusted() > _LARGEST_EXPONENT
    if spec.kind == "area" and area_unit == "ft2" and not beyond_all_bounds:
        number = number * M2_PER_FT2  # exact: blocks are counted on the exact converted area
    if beyond_all_bounds or number > maximum:
        unit = {"area": " m²", "length": " m", "feet": " ft", "money": " RM"}.get(spec.kind, "")
        problems.add(where, "too_large", label, limit=f"{grouped(maximum)}{unit}")
        return fallback
    return int(number) if whole else number


def _as_decimal(raw: Any) -> Decimal | str:
    """The number in `raw`, or the error code saying why it is not one."""
    if isinstance(raw, bool):
        return "not_a_number"
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if raw == raw and raw not in (float("inf"), float("-inf")) else "not_finite"
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else "not_finite"
    if isinstance(raw, str):
        text = stripped(raw)
        if not _is_written_decimal(text):
            lowered = text.lower().lstrip("+-")
            if lowered in ("nan", "inf", "infinity"):
                return "not_finite"
            return "decimal_comma" if "," in text and _is_comma_number(text) else "not_a_number"
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return "not_a_number"
    return "not_a_number"


def read_date(raw: Any, problems: Problems, label: Bilingual, today: date) -> date | None:
    if raw is None:
        return today
    if not isinstance(raw, str) or not _is_iso_date(raw):
        problems.add("date", "not_a_date", label)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.add("date", "not_a_date", label)
        return None


# ------------------------------------------------------------------------------------------ building plan checks

# The part of the fee each type adds cannot be computed without these (H3: half of the earlier fee; H4: half of
# the B fee of the refinished storeys). H2 without added area stays valid: it is charged like H1.
_AMENDMENT_NEEDS = {3: ("previous_plan_fee",), 4: ("finish_floors",)}
# (a field given, the field it needs): hoarding months or project type without a length, years without boards.
_NEEDS_WITH = (("hoarding_months", "hoarding_length_m"), ("hoarding_project", "hoarding_length_m"),
               ("signboard_years", "signboards"))


def check_building_plan(request: dict[str, Any], raw: dict[str, Any], problems: Problems,
                        labels: dict[str, Bilingual]) -> None:
    """What the field descriptions alone cannot say: a design with some floor area, no field the amendment type
    ignores, and no value typed that would be dropped because the value it goes with is missing. (A level given
    twice is not a slip: a storey may be given in parts, which the rules add up.)"""
    if "designs" in labels:
        designs = labels["designs"]
        for index, design in enumerate(request["designs"]):
            _some_floor_area(design["floors"], f"designs[{index}].floors",
                             Bilingual(f"{designs.ms} {index + 1}", f"{designs.en} {index + 1}"), problems)
    kind = request.get("amendment_type")
    if kind is not None:
        amendment = Bilingual(f"pindaan jenis H{kind}", f"amendment type H{kind}")
        for name, types in AMENDMENT_FIELD_TYPES:
            if raw.get(name) not in (None, [], {}, 0, "0") and kind not in types:
                problems.add(name, "not_applicable", labels[name], value=amendment)
        for name in _AMENDMENT_NEEDS.get(kind, ()):
            if _given(request[name]):
                continue
            if name == "previous_plan_fee" and raw.get(name) is not None:
                problems.add(name, "not_positive", labels[name])  # an earlier fee of nothing is a slip
            else:
                problems.add(name, "required", labels[name], "for", value=amendment)
    # A value that only counts together with another: without it, what was typed would be dropped unseen.
    for given, needed in _NEEDS_WITH:
        if given in labels and raw.get(given) is not None and not _given(request[needed]):
            if given == "hoarding_project" and request[given] == "development":
                continue  # the form's default choice, sent with every request: the visitor chose nothing
            problems.add(needed, "required", labels[needed], "with", value=labels[given])


def _given(value: Any) -> bool:
    """Whether a field's read value charges anything: a number above zero, a storey, a fitting."""
    if isinstance(value, dict):
        return any(map(_given, value.values()))
    return bool(value)


def _some_floor_area(floors: list[dict[str, Any]], path: str, design: Bilingual, problems: Problems) -> None:
    """A building whose storeys are all 0 m² would be charged item A alone, with no word: its first area is asked
    for instead."""
    if floors and all(storey["area"] == 0 for storey in floors):
        storey = Bilingual(f"{design.ms} › Tingkat 1", f"{design.en} › Storeys 1")
        problems.add(f"{path}[0].area", "required", Bilingual(f"{storey.ms} › {FLOOR_AREA_LABEL.ms}",
                                                              f"{storey.en} › {FLOOR_AREA_LABEL.en}"))
