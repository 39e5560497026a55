"""The kinds of input a calculator asks for: fields, their bounds and choices, and the fields common to every
request. calc.validate reads requests by these descriptions; calc.calculators declares each calculator with them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc.record import Record
from calc.schedules import Bilingual, Version
from calc.terms import SANITARY_FITTINGS, storey_name
from calc.wording import M2_PER_FT2, fill

__all__ = [
    "COMMON_FIELDS", "M2_PER_FT2", "MAX_LIST", "Choice", "Field", "area_field", "boolean_field", "count_field",
    "default_maximum", "floors_field", "length_field", "level_name", "sanitary_field",
]

# A field's kind: "count", "area", "length", "feet", "money", "level", "boolean", "choice", "date", "text",
# "list" or "object".

# Documented upper bounds: beyond them a request is refused with `too_large`.
MAX_COUNT = 100_000
MAX_AREA_M2 = Decimal("10000000")
MAX_LENGTH_M = Decimal("100000")
MAX_FEET = Decimal("1000")
MAX_MONEY = Decimal("100000000")
MAX_MONTHS = 1200
MAX_YEARS = 100
MAX_LIST = 100


def _b(ms: str, en: str) -> Bilingual:
    return Bilingual(ms=ms, en=en)


class Choice(Record):
    FIELDS = ("value", "label")

    def __init__(self, value: str | int, label: Bilingual) -> None:
        self.value = value
        self.label = label


class Field(Record):
    FIELDS = ("name", "kind", "label", "help", "required", "default", "minimum", "maximum", "choices", "fields",
              "min_items", "positive", "start_items", "row_label", "add_label", "shown_when")

    def __init__(
        self, name: str, kind: str, label: Bilingual, help: Bilingual | None = None,
        required: bool = False, default: Any = None, minimum: int | Decimal = 0,
        maximum: int | Decimal | None = None, choices: tuple[Choice, ...] = (), fields: tuple[Field, ...] = (),
        min_items: int = 0, positive: bool = False, start_items: int = 0, row_label: Bilingual | None = None,
        add_label: Bilingual | None = None, shown_when: tuple[str, tuple[Any, ...]] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.label = label
        self.help = help
        self.required = required
        self.default = default
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.fields = fields  # the members of an object, or of each element of a list
        self.min_items = min_items
        self.positive = positive  # zero is refused (a board of no size is a mistake, not a free board)
        self.start_items = start_items  # the rows a form opens with, when more than min_items (a first row to fill)
        self.row_label = row_label  # a list's one row, singular: "Storey" (legends read "Storey 1")
        self.add_label = add_label  # a list's add button: "Add storey"
        self.shown_when = shown_when  # (field, values): asked only for those values

    def levels(self) -> list[Choice]:
        """A level field's choices: ground, first, ... up to the maximum, then basement 1, 2, ... (minimum)."""
        above = range(0, int(self.maximum if self.maximum is not None else default_maximum(self.kind)) + 1)
        below = range(-1, int(self.minimum) - 1, -1)
        return [Choice(level, level_name(level)) for level in list(above) + list(below)]

    def as_json(self, versions: tuple[Version, ...] | list[Version] = ()) -> dict[str, Any]:
        """The field as the site's form reads it, its help filled from `versions` (the schedules in force)."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "label": self.label.as_dict()}
        if self.help:
            out["help"] = fill(self.help, versions).as_dict()
        out["required"] = self.required
        if self.default is not None:
            out["default"] = self.default
        if self.kind in ("count", "area", "length", "feet", "money", "level"):
            out["minimum"] = _number(self.minimum)
            out["maximum"] = _number(self.maximum if self.maximum is not None else default_maximum(self.kind))
            out["step"] = 1 if self.kind in ("count", "level") else "any"
            if self.positive:
                out["positive"] = True
        choices = self.levels() if self.kind == "level" else self.choices
        if choices:
            out["choices"] = [{"value": c.value, "label": c.label.as_dict()} for c in choices]
        if self.fields:
            out["fields"] = [f.as_json(versions) for f in self.fields]
        if self.kind == "list":
            out["min_items"] = self.min_items
            out["max_items"] = MAX_LIST
            out["start_items"] = max(self.min_items, self.start_items)
            out["row_label"] = (self.row_label or self.label).as_dict()
            out["add_label"] = (self.add_label or self.label).as_dict()
        elif self.kind == "object" and self.add_label is not None:
            out["add_label"] = self.add_label.as_dict()  # an optional section, folded behind its add button
        if self.shown_when is not None:
            out["shown_when"] = {"field": self.shown_when[0], "values": list(self.shown_when[1])}
        return out


def level_name(level: int) -> Bilingual:
    """"Ground floor", "First floor", ..., "Floor 4", ...; "Basement 1" for level -1: a storey's name as a label."""
    name = storey_name(level)
    return _b(name.ms[0].upper() + name.ms[1:], name.en[0].upper() + name.en[1:])


def default_maximum(kind: str) -> int | Decimal:
    return {
        "count": MAX_COUNT, "area": MAX_AREA_M2, "length": MAX_LENGTH_M, "feet": MAX_FEET, "money": MAX_MONEY,
        "level": 200,
    }[kind]


def _number(value: int | Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


# ------------------------------------------------------------------------------------------ common fields

SCHEDULE_CHOICES = (
    Choice("planning_permission", _b("Kebenaran merancang", "Planning permission")),
    Choice("building_plan", _b("Pelan bangunan", "Building plan")),
    Choice("deposit", _b("Cagaran", "Deposit")),
)

COMMON_FIELDS: tuple[Field, ...] = (
    Field("schedule", "choice", _b("Jadual", "Schedule"), required=True, choices=SCHEDULE_CHOICES),
    Field("application", "text", _b("Jenis permohonan", "Application type")),
    Field(
        "date", "date", _b("Tarikh permohonan", "Application date"),
        _b("Tarikh yang menentukan versi jadual. Lalai: hari ini.",
           "The date that decides which version of the schedule applies. Default: today."),
    ),
    Field(
        "area_unit", "choice", _b("Unit keluasan", "Area unit"),
        _b("Unit bagi setiap keluasan dalam borang. Borang Majlis menggunakan kaki persegi (kps).",
           "The unit of every area on the form. The council's forms use square feet (kps)."),
        default="m2",
        choices=(Choice("m2", _b("meter persegi (m²)", "square metres (m²)")),
                 Choice("ft2", _b("kaki persegi (kps)", "square feet (ft²)"))),
    ),
)

# ------------------------------------------------------------------------------------------ building blocks


def count_field(name: str, ms: str, en: str, help_ms: str = "", help_en: str = "", **kw: Any) -> Field:
    return Field(name, "count", _b(ms, en), _b(help_ms, help_en) if help_ms else None, **kw)


def area_field(name: str, ms: str, en: str, help_ms: str = "", help_en: str = "", **kw: Any) -> Field:
    return Field(name, "area", _b(ms, en), _b(help_ms, help_en) if help_ms else None, **kw)


def length_field(name: str, ms: str, en: str, help_ms: str = "", help_en: str = "", **kw: Any) -> Field:
    return Field(name, "length", _b(ms, en), _b(help_ms, help_en) if help_ms else None, **kw)


def boolean_field(name: str, ms: str, en: str, help_ms: str = "", help_en: str = "") -> Field:
    return Field(name, "boolean", _b(ms, en), _b(help_ms, help_en) if help_ms else None, default=False)


FLOOR_AREA_LABEL = _b("Keluasan lantai", "Floor area")


def floors_field(name: str, ms: str, en: str, help_ms: str, help_en: str, *, required: bool = False,
            shown_when: tuple[str, tuple[Any, ...]] | None = None) -> Field:
    return Field(
        name, "list", _b(ms, en), _b(help_ms, help_en), required=required, min_items=1 if required else 0,
        row_label=_b("Tingkat", "Storey"), add_label=_b("Tambah tingkat", "Add storey"), shown_when=shown_when,
        fields=(
            Field("level", "level", _b("Aras", "Level"), required=True, minimum=-20, maximum=200),
            area_field("area", FLOOR_AREA_LABEL.ms, FLOOR_AREA_LABEL.en, required=True),
        ),
    )


def sanitary_field(name: str, ms: str, en: str, help_ms: str, help_en: str,
             shown_when: tuple[str, tuple[Any, ...]] | None = None) -> Field:
    return Field(
        name, "object", _b(ms, en), _b(help_ms, help_en), shown_when=shown_when,
        fields=tuple(count_field(key, f_ms, f_en) for key, f_ms, f_en in SANITARY_FITTINGS),
    )


