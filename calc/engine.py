"""The shapes that recur across the schedules, and the bill that collects an estimate's lines.

Every shape works in exact decimals and constant time: a count of 20 or 20,000 is one multiplication.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from calc.money import blocks, format_rm, plain, to_sen
from calc.notes import INTERPRETATIONS, interpretations_for
from calc.schedules import Band, Bilingual, Item, Schedule, Tier, Version

__all__ = ["Bill", "Line", "per_block", "row_factor", "row_steps", "tier_slices"]


@dataclass(frozen=True)
class PerBlock:
    """A charge per block of measure with an optional minimum: `quantity` × `rate` before the minimum."""

    blocks: int
    amount: Decimal
    minimum_applies: bool


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
    start = 1
    for tier in tiers:
        end = units if tier.up_to is None else min(units, tier.up_to)
        if end >= start:
            slices.append((start, end, tier.rate))
        if tier.up_to is None or units <= tier.up_to:
            break
        start = tier.up_to + 1
    return slices


def row_steps(bands: tuple[Band, ...], buildings: int) -> list[tuple[int, Decimal]]:
    """(buildings in the band, percent paid) of each band `buildings` of one design reach: 20 buildings are
    1 at 100 %, 4 at 90 %, 5 at 85 % and 10 at 75 % under G."""
    steps = []
    for index, band in enumerate(bands):
        last = bands[index + 1].start - 1 if index + 1 < len(bands) else buildings
        in_band = max(0, min(buildings, last) - band.start + 1)
        if in_band:
            steps.append((in_band, band.percent))
    return steps


def row_factor(bands: tuple[Band, ...], buildings: int) -> Decimal:
    """How many full fees `buildings` of one design pay together: 20 buildings pay 16.35 under G."""
    return sum((count * percent / 100 for count, percent in row_steps(bands, buildings)), Decimal(0))


@dataclass
class Line:
    item: Item
    amount: Decimal  # exact; rounded once when the response is made
    quantity: Decimal | int
    rate: Decimal | None
    detail: Bilingual | None = None
    unit: Bilingual | None = None


@dataclass
class Bill:
    """The lines of one estimate under one version of one schedule."""

    schedule: Schedule
    version: Version
    lines: list[Line] = field(default_factory=list)
    extra_notes: list[Bilingual] = field(default_factory=list)

    def item(self, ref: str) -> Item:
        return self.version.item(ref)

    def charge(
        self, ref: str, amount: Decimal, quantity: Decimal | int, rate: Decimal | None,
        detail: Bilingual | None = None, unit: Bilingual | None = None,
    ) -> None:
        self.lines.append(Line(self.item(ref), amount, quantity, rate, detail, unit))

    def note(self, text: Bilingual) -> None:
        if text not in self.extra_notes:
            self.extra_notes.append(text)

    # ------------------------------------------------------------------------------------ the response

    def response_lines(self) -> list[dict]:
        prefix = self.schedule.source_prefix
        return [
            {
                "item": line.item.code,
                "label": line.item.label.as_dict(),
                "detail": (line.detail or line.item.label).as_dict(),
                "quantity": plain(line.quantity),
                "unit": (line.unit or line.item.unit).as_dict(),
                "rate": format_rm(line.rate) if line.rate is not None else None,
                "amount": format_rm(line.amount),
                "source": {"ms": f"{prefix.ms}, perkara {line.item.code}", "en": f"{prefix.en}, item {line.item.code}"},
            }
            for line in self.lines
        ]

    def total(self) -> str:
        return format_rm(sum((to_sen(line.amount) for line in self.lines), Decimal(0)))

    def response_notes(self, area_unit: str = "m2") -> list[dict[str, str]]:
        refs = {ref for line in self.lines for ref in (line.item.code, line.item.ref)}
        applying = [
            n for n in INTERPRETATIONS
            if n.schedule == self.schedule.id and n.area_unit in (None, area_unit)
            and any(n in interpretations_for(self.schedule.id, r) for r in refs)
        ]
        seen: list[Bilingual] = []
        for text in [n.text for n in applying] + self.extra_notes:
            if text not in seen:
                seen.append(text)
        return [text.as_dict() for text in seen]
