"""The shapes that recur across the schedules: a rate per block with a minimum, marginal tiers, row bands.

Every shape works in exact decimals and constant time: a count of 20 or 20,000 is one multiplication.
"""

from __future__ import annotations

from decimal import Decimal

from calc.money import blocks
from calc.record import Record
from calc.schedules import Band, Item, Tier

__all__ = ["PerBlock", "per_block", "row_factor", "row_steps", "tier_slices"]


class PerBlock(Record):
    """A charge per block of measure with an optional minimum: `quantity` × `rate` before the minimum."""

    FIELDS = ("blocks", "amount", "minimum_applies")

    def __init__(self, blocks: int, amount: Decimal, minimum_applies: bool) -> None:
        self.blocks = blocks
        self.amount = amount
        self.minimum_applies = minimum_applies


def per_block(item: Item, measure: Decimal) -> PerBlock:
    """Rate × whole blocks ("or part thereof"), raised to the item's minimum when anything is charged."""
    assert item.rate is not None and item.block is not None, item.code
    count = blocks(measure, item.block)
    amount = item.rate * count
    if item.minimum is not None and count > 0 and amount < item.minimum:
        return PerBlock(count, item.minimum, True)
    return PerBlock(count, amount, False)


def tier_slices(tiers: tuple[Tier, ...], units: int) -> list[tuple[int, int, Decimal]]:
    """Marginal tiers: (first unit, last unit, rate) of each tier that the units reach."""
    slices = []
    for tier in tiers:
        last = units if tier.up_to is None else min(units, tier.up_to)
        if last >= tier.first:
            slices.append((tier.first, last, tier.rate))
    return slices


def row_steps(bands: tuple[Band, ...], buildings: int) -> list[tuple[int, Decimal]]:
    """(buildings in the band, percent paid) of each band that `buildings` of one design reach."""
    steps = []
    for band in bands:
        in_band = min(buildings, band.end or buildings) - band.start + 1
        if in_band > 0:
            steps.append((in_band, band.percent))
    return steps


def row_factor(bands: tuple[Band, ...], buildings: int) -> Decimal:
    """How many full fees `buildings` of one design pay together: 20 buildings pay 16.35 under G."""
    return sum((count * percent / 100 for count, percent in row_steps(bands, buildings)), Decimal(0))
