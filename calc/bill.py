"""The bill that collects an estimate's lines under one version of one schedule, and writes them out."""

from __future__ import annotations

from decimal import Decimal

from calc.money import format_rm, plain, to_sen
from calc.readings import READINGS
from calc.record import Record
from calc.schedules import Bilingual, Item, Schedule, Version
from calc.wording import fill

__all__ = ["Bill", "Line"]


class Line(Record):
    FIELDS = ("item", "amount", "quantity", "rate", "detail", "unit")

    def __init__(self, item: Item, amount: Decimal, quantity: Decimal | int, rate: Decimal | None,
                 detail: Bilingual | None = None, unit: Bilingual | None = None) -> None:
        self.item = item
        self.amount = amount  # exact; rounded once when the response is made
        self.quantity = quantity
        self.rate = rate
        self.detail = detail
        self.unit = unit


class Bill:
    """The lines of one estimate under one version of one schedule."""

    def __init__(self, schedule: Schedule, version: Version) -> None:
        self.schedule = schedule
        self.version = version
        self.lines: list[Line] = []
        self.extra_notes: list[Bilingual] = []
        # Lines that belong together (a building design's), as (label, index of the first line, index after the last).
        self.groups: list[tuple[Bilingual, int, int]] = []

    def item(self, ref: str) -> Item:
        return self.version.item(ref)

    def charge(
        self, ref: str, amount: Decimal, quantity: Decimal | int, rate: Decimal | None,
        detail: Bilingual | None = None, unit: Bilingual | None = None,
    ) -> None:
        self.lines.append(Line(self.item(ref), amount, quantity, rate, detail, unit))

    def group(self, label: Bilingual, first_line: int) -> None:
        """The lines charged since `first_line` belong together under `label` (a subtotal in the response)."""
        if len(self.lines) > first_line:
            self.groups.append((label, first_line, len(self.lines)))

    def add_note(self, text: Bilingual) -> None:
        if text not in self.extra_notes:
            self.extra_notes.append(text)

    # ------------------------------------------------------------------------------------ the response

    def response_lines(self) -> list[dict]:
        return [
            {
                "item": line.item.code,
                "label": line.item.label.as_dict(),
                "detail": (line.detail or line.item.label).as_dict(),
                "quantity": plain(line.quantity),
                "unit": (line.unit or line.item.unit).as_dict(),
                "rate": format_rm(line.rate) if line.rate is not None else None,
                "amount": format_rm(line.amount),
                "source": self.schedule.source_of(line.item).as_dict(),
            }
            for line in self.lines
        ]

    def response_groups(self) -> list[dict]:
        """Each group's label, total (the sum of its rounded lines, as the bill's total) and line indices."""
        return [
            {
                "label": label.as_dict(),
                "total": format_rm(sum((to_sen(line.amount) for line in self.lines[first:end]), Decimal(0))),
                "lines": list(range(first, end)),
            }
            for label, first, end in self.groups
        ]

    def total(self) -> str:
        return format_rm(sum((to_sen(line.amount) for line in self.lines), Decimal(0)))

    def response_notes(self, area_unit: str = "m2") -> list[dict[str, str]]:
        """The readings under which a line was worked out (in READINGS order), then the rules' own notes."""
        refs = {ref for line in self.lines for ref in (line.item.code, line.item.ref)}
        applying = [
            fill(reading.text, [self.version]) for reading in READINGS
            if reading.schedule == self.schedule.id and reading.area_unit in (None, area_unit)
            and refs & set(reading.items)
        ]
        seen: list[Bilingual] = []
        for text in applying + self.extra_notes:
            if text not in seen:
                seen.append(text)
        return [text.as_dict() for text in seen]
