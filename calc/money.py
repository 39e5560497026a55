"""Ringgit amounts: exact decimals, rounded once per line to the sen, half up."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

__all__ = ["SEN", "blocks", "fixed", "format_rm", "fraction_text", "grouped", "plain", "shown_measure", "to_sen"]

SEN = Decimal("0.01")


def to_sen(amount: Decimal) -> Decimal:
    return amount.quantize(SEN, rounding=ROUND_HALF_UP)


def format_rm(amount: Decimal) -> str:
    """The amount as the response carries it: a plain string with exactly two decimals."""
    return fixed(to_sen(amount), 2)


def fixed(number: Decimal, places: int | None = None) -> str:
    """A finite decimal written without an exponent, as f"{number:f}" writes it (or f"{number:.2f}" with `places`
    2). Spelled out because MicroPython never passes a format spec to a Decimal."""
    if places is not None:
        number = number.quantize(Decimal(f"1E-{places}"), rounding=ROUND_HALF_EVEN)  # the rounding of format()
    sign, digits, exponent = number.as_tuple()
    text = "".join(str(digit) for digit in digits)
    if exponent >= 0:
        text = text + "0" * exponent if text != "0" else "0"
    else:
        text = "0" * (1 - exponent - len(text)) + text  # at least one digit before the point
        text = f"{text[:exponent]}.{text[exponent:]}"
    return f"-{text}" if sign else text


def grouped(number: Decimal | int, places: int | None = None) -> str:
    """A number as plain() writes it, its whole part grouped in thousands as drawings do: "11,200", "1,250.5"; with
    `places`, to that many decimals: "1,250.50" (as f"{number:,.2f}")."""
    text = plain(number) if places is None else fixed(number, places)
    sign = "-" if text.startswith("-") else ""
    whole, point, decimals = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + point + decimals


def blocks(measure: Decimal, block: Decimal) -> int:
    """Whole blocks of `block` in `measure`, a part block counting as one ("or part thereof")."""
    with localcontext() as exact:
        exact.prec = 60  # enough that no accepted input is rounded before the ceiling is taken
        return int((measure / block).to_integral_value(rounding=ROUND_CEILING))


def plain(number: Decimal | int) -> str:
    """A number as people write it: no exponent, no trailing zeros ("250", "0.5")."""
    return str(number) if isinstance(number, int) else fixed(number.normalize())


def shown_measure(measure: Decimal) -> str:
    """A measure in a line's detail, to two decimals at most (the exact value is what is charged), rounded up so
    that the blocks it shows agree with the blocks charged (90.0001 m² is shown as 90.01 m², never as 90 m²)."""
    return plain(measure.quantize(SEN, rounding=ROUND_CEILING))


_VULGAR = {(1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾"}


def fraction_text(fraction: Decimal) -> str:
    """A fraction as a line's detail writes it: "½" for 0.5, else "3/8" or the plain decimal."""
    numerator, denominator = _ratio(fraction)
    if (numerator, denominator) in _VULGAR:
        return _VULGAR[(numerator, denominator)]
    return f"{numerator}/{denominator}" if denominator < 100 else plain(fraction)


def _ratio(number: Decimal) -> tuple[int, int]:
    """`number` as a fraction in lowest terms (numerator, denominator); a decimal is digits over a power of ten."""
    sign, digits, exponent = number.as_tuple()
    numerator = int("".join(str(digit) for digit in digits) or "0")
    denominator = 1
    if exponent >= 0:
        numerator *= 10 ** exponent
    else:
        denominator = 10 ** -exponent
    divisor = _gcd(numerator, denominator)
    numerator, denominator = numerator // divisor, denominator // divisor
    return (-numerator if sign else numerator), denominator


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a or 1
