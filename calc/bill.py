"""The bill that collects an estimate's lines under one version of one schedule, and writes them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from calc.money import format_rm, plain, to_sen
from calc.readings import INTERPRETATIONS, interpretations_for
from calc.schedules import Bilingual, Item, Schedule, Version

__all__ = ["Bill", "Line"]


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
