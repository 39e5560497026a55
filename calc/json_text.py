"""JSON text in and out, the same in CPython and in MicroPython, in time linear in the text's length.

`parse(text, max_depth)` reads a request: objects, arrays, strings, `true`/`false`/`null`, integers as `int`, every
other number as a `Decimal` built from its exact text. `dumps(value, indent=2)` writes a response exactly as
CPython's `json.dumps(value, ensure_ascii=False, indent=2)` does.

Why not the `json` module: MicroPython's has no `parse_float`, `indent` or `ensure_ascii`, and CPython's recurses
once per nesting level. This reader keeps the open arrays and objects on a list of its own, so a text nested 500,000
deep is refused (`too_deep`) as soon as it passes `max_depth`, in either interpreter.

Why it reads bytes: MicroPython keeps a `str` as UTF-8 and finds its n-th character by walking from the start, so
`text[i]` costs time in proportion to i; indexing `bytes` costs the same everywhere. The reader therefore works on
the UTF-8 encoding of the text, finds quotes and backslashes with `bytes.find`, and decodes each run of plain
characters in one slice (a byte below 0x80 is never part of a longer UTF-8 sequence, so no slice cuts a character).

Choices where JSON or the interpreters leave room:
- a key given twice keeps its last value (as CPython's `json`);
- `\\ud800` and any other lone surrogate escape reads as U+FFFD (MicroPython cannot hold a lone surrogate);
- `NaN`, `Infinity` and `-Infinity` read as the floats CPython's `json` gives, which calc's validation refuses;
- an integer of more than `INT_DIGITS` characters reads as a `Decimal` (CPython's `int()` refuses longer text,
  and MicroPython's takes time in proportion to the square of the length);
- an exponent beyond `EXPONENT_LIMIT` (CPython's `Decimal` raises on one of about 19 digits) is clamped to that
  limit with the same sign: such a number is refused by every bound of calc either way (too large, or too
  precise), and a zero stays zero;
- with `max_members`, an object of more distinct keys is refused ("too_many_members"): MicroPython hashes a str
  to 16 bits, so building a dict of 100,000 keys takes minutes there.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["EXPONENT_LIMIT", "INT_DIGITS", "JsonTextError", "dumps", "parse"]

INT_DIGITS = 4300  # CPython's default sys.get_int_max_str_digits()
EXPONENT_LIMIT = 10 ** 17  # CPython's Decimal holds every exponent up to it, with a coefficient of a million digits


class JsonTextError(ValueError):
    """Text that is not JSON (`code` "invalid_json"), nests deeper than allowed ("too_deep") or has an object
    with more members than allowed ("too_many_members")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _invalid() -> JsonTextError:
    return JsonTextError("invalid_json")


# ------------------------------------------------------------------------------------------------- reading

_SPACE = b" \t\n\r"
_DIGITS = b"0123456789"
_HEX = b"0123456789abcdefABCDEF"
_ESCAPES = {0x22: '"', 0x5C: "\\", 0x2F: "/", 0x62: "\b", 0x66: "\f", 0x6E: "\n", 0x72: "\r", 0x74: "\t"}
_WORDS = {0x74: (b"true", True), 0x66: (b"false", False), 0x6E: (b"null", None), 0x4E: (b"NaN", float("nan")),
          0x49: (b"Infinity", float("inf"))}
# Control characters are never allowed inside a string; outside one, only tab, line feed and carriage return.
_FORBIDDEN_CONTROLS = tuple(bytes((code,)) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))


def _skip(data: bytes, i: int, allowed: bytes) -> int:
    """The index of the first byte at or after `i` that is not in `allowed`: chunks of doubling length are
    stripped in C, so a run of a million spaces or digits takes a few dozen steps."""
    step = 16
    while True:
        chunk = data[i:i + step]
        rest = chunk.lstrip(allowed)
        if rest or len(chunk) < step:
            return i + len(chunk) - len(rest)
        i += step
        step *= 2


def _digits_end(data: bytes, i: int, end: int) -> int:
    """The index after the digits at `i`: byte by byte for a short number, in chunks for a long one."""
    short_end = i + 16 if i + 16 < end else end
    while i < short_end and 0x30 <= data[i] <= 0x39:
        i += 1
    return _skip(data, i, _DIGITS) if i == short_end < end else i


def _find(data: bytes, byte: bytes, i: int) -> int:
    found = data.find(byte, i)
    return len(data) if found < 0 else found


def parse(text: str, max_depth: int, max_members: int | None = None) -> Any:
    """The value of the JSON `text`; JsonTextError if it is not JSON ("invalid_json"), nests more than
    `max_depth` arrays and objects deep ("too_deep") or, when `max_members` is given, has an object with more
    than that many distinct keys ("too_many_members": MicroPython hashes a str to 16 bits, so a dict of 100,000
    keys takes minutes to build there)."""
    try:
        data = text.encode("utf-8", "surrogatepass")  # CPython: a raw lone surrogate in the text stays one
    except UnicodeError:  # pragma: no cover - MicroPython's str is UTF-8 already
        raise _invalid() from None
    end = len(data)
    # The first control character that is wrong wherever it is, found once and checked against each string.
    control_at = min([at for at in [data.find(code) for code in _FORBIDDEN_CONTROLS] if at >= 0], default=end)
    # The next quote and backslash at or after the position, each searched for once: a string of a million
    # escapes must not search the rest of the text for its closing quote a million times.
    quote_at = backslash_at = -1
    open_values = []  # the arrays and objects being read, innermost last
    keys = []  # for each open object, the key of the member being read
    expect_key = False  # after "{" or a "," in an object
    i = 0
    while True:
        # A value (or, in an object, a key) starts at i, after spaces.
        if i < end and data[i] <= 0x20:  # a space or a control character
            i = _skip(data, i, _SPACE)
        if i >= end:
            raise _invalid()
        first = data[i]
        if first == 0x22:  # "
            if quote_at <= i:
                quote_at = _find(data, b'"', i + 1)
            if backslash_at <= i:
                backslash_at = _find(data, b"\\", i + 1)
            if quote_at < backslash_at:  # no escape: one slice
                if control_at < quote_at:
                    raise _invalid()
                run = data[i + 1:quote_at]
                if b"\n" in run or b"\t" in run or b"\r" in run:
                    raise _invalid()
                value, i = run.decode("utf-8", "surrogatepass"), quote_at + 1
            else:
                value, i = _escaped_string(data, i, control_at)
            if expect_key:
                if i < end and data[i] <= 0x20:  # a space or a control character
                    i = _skip(data, i, _SPACE)
                if i >= end or data[i] != 0x3A:  # :
                    raise _invalid()
                keys.append(value)
                expect_key = False
                i += 1
                continue
        elif expect_key:
            raise _invalid()
        elif first == 0x5B or first == 0x7B:  # [ {
            if len(open_values) >= max_depth:
                raise JsonTextError("too_deep")
            i = _skip(data, i + 1, _SPACE)
            if i < end and data[i] == first + 2:  # ] or }: empty
                value, i = ([] if first == 0x5B else {}), i + 1
            else:
                open_values.append([] if first == 0x5B else {})
                expect_key = first == 0x7B
                continue
        elif first == 0x2D or 0x30 <= first <= 0x39:  # - or a digit
            value, i = _number(data, i, end)
        elif first in _WORDS and data.startswith(_WORDS[first][0], i):
            word, value = _WORDS[first]
            i += len(word)
        else:
            raise _invalid()
        # A value has been read: put it in its array or object, and close those that end here.
        while True:
            if i < end and data[i] <= 0x20:  # a space or a control character
                i = _skip(data, i, _SPACE)
            if not open_values:
                if i != end:
                    raise _invalid()  # more after the value
                return value
            container = open_values[-1]
            if type(container) is list:
                container.append(value)
                closing = 0x5D
            else:
                container[keys.pop()] = value
                closing = 0x7D
                if max_members is not None and len(container) > max_members:
                    raise JsonTextError("too_many_members")
            if i >= end:
                raise _invalid()
            if data[i] == 0x2C:  # ,
                expect_key = closing == 0x7D
                i += 1
                break
            if data[i] != closing:
                raise _invalid()
            value = open_values.pop()
            i += 1


def _hex4(data: bytes, i: int) -> int | None:
    """The code unit of the four hexadecimal digits at `i`, or None."""
    digits = data[i:i + 4]
    if len(digits) != 4 or digits.lstrip(_HEX):
        return None
    return int(digits, 16)


def _escaped_string(data: bytes, i: int, control_at: int) -> tuple[str, int]:
    """The string with escapes whose opening quote is at `i`, and the index after its closing quote: each run
    of plain characters is decoded in one slice, each escape on its own."""
    end = len(data)
    escapes = _ESCAPES  # a local name: a million escapes look it up a million times
    pieces = []
    quote_at = backslash_at = i
    i += 1
    while True:
        if quote_at < i:
            quote_at = _find(data, b'"', i)
        if backslash_at < i:
            backslash_at = _find(data, b"\\", i)
        stop = quote_at if quote_at < backslash_at else backslash_at
        if stop >= end:
            raise _invalid()  # unterminated
        if stop > i:
            run = data[i:stop]
            if control_at < stop or b"\n" in run or b"\t" in run or b"\r" in run:
                raise _invalid()  # a control character inside a string
            pieces.append(run.decode("utf-8", "surrogatepass"))
        if stop == quote_at:
            return "".join(pieces), quote_at + 1
        kind = data[stop + 1] if stop + 1 < end else -1
        if kind in escapes:
            pieces.append(escapes[kind])
            i = stop + 2
            continue
        if kind != 0x75:  # not \uXXXX either
            raise _invalid()
        unit = _hex4(data, stop + 2)
        if unit is None:
            raise _invalid()
        i = stop + 6
        if 0xD800 <= unit <= 0xDBFF and data[i:i + 2] == b"\\u":
            low = _hex4(data, i + 2)
            if low is not None and 0xDC00 <= low <= 0xDFFF:
                pieces.append(chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                i += 6
                continue
        pieces.append("\ufffd" if 0xD800 <= unit <= 0xDFFF else chr(unit))


def _number(data: bytes, i: int, end: int) -> tuple[Any, int]:
    """The number starting at `i` (a minus sign or a digit), and the index after it."""
    start = i
    if data[i] == 0x2D:  # -
        if data.startswith(b"-Infinity", i):
            return float("-inf"), i + 9
        i += 1
    digits_end = _digits_end(data, i, end)
    if digits_end == i or (data[i] == 0x30 and digits_end > i + 1):  # no digits, or a leading zero
        raise _invalid()
    i = digits_end
    after = data[i] if i < end else 0
    if after != 0x2E and after != 0x65 and after != 0x45:  # not . e E: an integer
        if i - start > INT_DIGITS:
            return Decimal(data[start:i].decode()), i
        try:
            return int(data[start:i]), i
        except ValueError:  # CPython with a lower int_max_str_digits set by the host
            return Decimal(data[start:i].decode()), i
    if after == 0x2E:  # .
        digits_end = _digits_end(data, i + 1, end)
        if digits_end == i + 1:
            raise _invalid()
        i = digits_end
    if i == end or data[i] not in b"eE":
        return Decimal(data[start:i].decode()), i
    exponent_at = i
    i += 1
    if i < end and data[i] in b"+-":
        i += 1
    digits_end = _digits_end(data, i, end)
    if digits_end == i:
        raise _invalid()
    return _decimal(data[start:exponent_at].decode(), data[exponent_at + 1:digits_end].decode()), digits_end


def _decimal(mantissa: str, exponent: str) -> Decimal:
    """mantissa × 10**exponent; an exponent beyond EXPONENT_LIMIT is clamped to it (see the module's docstring)."""
    magnitude = exponent.lstrip("+-").lstrip("0")
    if len(magnitude) > 18 or int(magnitude or "0") > EXPONENT_LIMIT:
        return Decimal(mantissa + ("E-" if exponent.startswith("-") else "E+") + str(EXPONENT_LIMIT))
    return Decimal(mantissa + "E" + exponent)


# ------------------------------------------------------------------------------------------------- writing

# What CPython's json.dumps(ensure_ascii=False) escapes: the quote, the backslash and every control character.
_WRITTEN = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
for _code in range(0x20):
    _WRITTEN.setdefault(chr(_code), "\\u00" + "0123456789abcdef"[_code >> 4] + "0123456789abcdef"[_code & 15])


def _quoted(text: str) -> str:
    for special in _WRITTEN:
        if special in text:
            return '"' + "".join([_WRITTEN.get(character, character) for character in text]) + '"'
    return '"' + text + '"'


def dumps(value: Any, indent: int = 2) -> str:
    """`value` (dicts with str keys, lists, str, int, bool, None) as JSON text, exactly as CPython's
    json.dumps(value, ensure_ascii=False, indent=indent) writes it; TypeError for anything else."""
    pieces = []
    _write(value, pieces, "\n", " " * indent)
    return "".join(pieces)


def _write(value: Any, pieces: list[str], newline: str, indent: str) -> None:
    if value is None:
        pieces.append("null")
    elif value is True:
        pieces.append("true")
    elif value is False:
        pieces.append("false")
    elif isinstance(value, str):
        pieces.append(_quoted(value))
    elif isinstance(value, int):
        pieces.append(str(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            pieces.append("[]")
            return
        inner = newline + indent
        separator = "["
        for member in value:
            pieces.append(separator + inner)
            _write(member, pieces, inner, indent)
            separator = ","
        pieces.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            pieces.append("{}")
            return
        inner = newline + indent
        separator = "{"
        for key, member in value.items():
            if not isinstance(key, str):
                raise TypeError(f"a JSON key must be a str, not {type(key).__name__}")
            pieces.append(separator + inner + _quoted(key) + ": ")
            _write(member, pieces, inner, indent)
            separator = ","
        pieces.append(newline + "}")
    else:
        raise TypeError(f"{type(value).__name__} is not written as JSON here")
