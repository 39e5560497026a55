"""Ringgit amounts: exact decimals, rounded once per line to the sen, half up."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

__all__ = ["SEN", "blocks", "format_rm", "fraction_text", "grouped", "plain", "shown_measure", "to_sen"]

SEN = Decimal("0.01")


def to_sen(amount: Decimal) -> Decimal:
    return amount.quantize(SEN, rounding=ROUND_HALF_UP)


def format_rm(amount: Decimal) -> str:
    """The amount as the response carries it: a plain string with exactly two decimals."""
    return f"{to_sen(amount):.2f}"


def blocks(measure: Decimal, block: Decimal) -> int:
    """Whole blocks of `block` in `measure`, a part block counting as one ("or part thereof")."""
    with localcontext() as exact:
        exact.prec = 60  # enough that no accepted input is rounded before the ceiling is taken
        return int((measure / block).to_integral_value(rounding=ROUND_CEILING))


def plain(number: Decimal | int) -> str:
    """A number as people write it: no exponent, no trailing zeros ("250", "0.5")."""
    return str(number) if isinstance(number, int) else f"{number.normalize():f}"


def grouped(number: Decimal | int) -> str:
    """A number as plain() writes it, its whole part grouped in thousands as drawings do: "11,200", "1,250.5"."""
    text = plain(number)
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ",".join([whole, *groups]) + point + fraction


def shown_measure(measure: Decimal) -> str:
    """A measure in a line's detail, to two decimals at most (the exact value is what is charged), rounded up so
    that the blocks it shows agree with the blocks charged (90.0001 m² is shown as 90.01 m², never as 90 m²)."""
    return plain(measure.quantize(SEN, rounding=ROUND_CEILING))


_VULGAR = {(1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾"}


def fraction_text(fraction: Decimal) -> str:
    """A fraction as a line's detail writes it: "½" for 0.5, else "3/8" or the plain decimal."""
    ratio = Fraction(fraction)
    pair = (ratio.numerator, ratio.denominator)
    if pair in _VULGAR:
        return _VULGAR[pair]
    return f"{ratio.numerator}/{ratio.denominator}" if ratio.denominator < 100 else plain(fraction)
