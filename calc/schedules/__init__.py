"""The council's fee schedules, read from the TOML files beside this module.

Each file holds one schedule as a list of items. An item has its printed code, its part, its words and its
reference in the council's document, the date it comes into force (`from`) and, once withdrawn, the date it
stops (`until`). Its values (rate, block, minimum, fraction, tiers, bands, minimum periods, thresholds) are each
a list of `{ from = <date>, value = ... }`, oldest first: a rate change is one dated line.

The schedule as in force on a day is resolved item by item (`Schedule.version_on`); `Schedule.versions` lists
it at every date on which something changes. The loader is strict: an unknown key, a missing key or a malformed
value stops loading with an error that names the file and the key, so a typo in a rate can never pass silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEDULE_IDS",
    "Band",
    "Bilingual",
    "Item",
    "NotInForce",
    "Reference",
    "Schedule",
    "ScheduleDataError",
    "Tier",
    "Version",
    "load",
    "load_all",
    "load_file",
]

SCHEDULE_IDS = ("planning_permission", "building_plan", "deposit")
_HERE = Path(__file__).parent


class ScheduleDataError(ValueError):
    """A schedule data file is malformed; the message names the file and the key."""


class NotInForce(LookupError):
    """A rule asked for an item that the schedule does not have on the request's date."""

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref


@dataclass(frozen=True)
class Bilingual:
    ms: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"ms": self.ms, "en": self.en}


@dataclass(frozen=True)
class Tier:
    """Units `first` to `up_to` (inclusive) pay `rate`; the last tier is open (`up_to` is None)."""

    first: int
    up_to: int | None
    rate: Decimal


@dataclass(frozen=True)
class Band:
    """Buildings `start` to `end` of a row (the last band is open: `end` is None) each pay `percent` of their
    floor-area fee."""

    start: int
    end: int | None
    percent: Decimal

    @property
    def label(self) -> Bilingual:
        """The band as a row of the schedule's table: its buildings and the percentage of the fee they pay."""
        percent = f"{self.percent.normalize():f}%"
        if self.end is None:
            return Bilingual(f"Bangunan {self.start} dan seterusnya: {percent} daripada bayaran",
                             f"Building {self.start} onward: {percent} of the fee")
        if self.end == self.start:
            return Bilingual(f"Bangunan {self.start}: {percent} daripada bayaran",
                             f"Building {self.start}: {percent} of the fee")
        return Bilingual(f"Bangunan {self.start} – {self.end}: {percent} daripada bayaran",
                         f"Buildings {self.start} to {self.end}: {percent} of the fee")


@dataclass(frozen=True)
class Reference:
    """Where the item is printed: its number in the document, the page where the document has pages, and the
    heading it is numbered under where the document numbers more than one list from 1 (the deposit's additional
    works)."""

    item: str
    page: int | None = None
    heading: Bilingual | None = None


@dataclass(frozen=True)
class ItemWords:
    """What an item keeps whatever the date: its code, part, words, reference and the storeys it charges."""

    code: str
    key: str | None
    part: str
    label: Bilingual
    unit: Bilingual  # may name its block: "per {block} m²"
    reference: Reference
    remark: Bilingual | None = None
    storeys: tuple[int, int | None] | None = None  # (lowest, highest or None) levels charged at this item's rate
    basements: bool = False  # basements are charged at this item's rate

    @property
    def ref(self) -> str:
        """The name a rule looks the item up by: its request key where it has one, else its code."""
        return self.key or self.code


@dataclass(frozen=True, kw_only=True)
class Item(ItemWords):
    """One item as in force on one day: every dated value resolved to the one that applies."""

    rate: Decimal | None = None
    block: Decimal | None = None
    minimum: Decimal | None = None
    fraction: Decimal | None = None
    least_area_ft2: Decimal | None = None  # the smallest board area charged at this item's rate
    tiers: tuple[Tier, ...] = ()
    bands: tuple[Band, ...] = ()
    minimum_months: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Version:
    """The schedule as in force from `in_force` until the next date on which something changes."""

    in_force: date
    items: tuple[Item, ...]

    def item(self, ref: str) -> Item:
        for item in self.items:
            if item.ref == ref:
                return item
        raise NotInForce(ref)

    def has(self, ref: str) -> bool:
        return any(item.ref == ref for item in self.items)


# The values an item may hold, each a dated list in the file.
_DATED = ("rate", "block", "minimum", "fraction", "least_area_ft2", "tiers", "bands", "minimum_months")


@dataclass(frozen=True, kw_only=True)
class ItemHistory(ItemWords):
    """One item as the file holds it: its words, and each value as (from, value) pairs, oldest first."""

    start: date
    until: date | None
    values: tuple[tuple[str, tuple[tuple[date, Any], ...]], ...]

    def in_force_on(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day < self.until)

    def change_dates(self) -> set[date]:
        dates = {self.start, *(d for _, history in self.values for d, _ in history)}
        return dates | ({self.until} if self.until else set())

    def on(self, day: date) -> Item:
        resolved = {}
        for name, history in self.values:
            current = [value for since, value in history if since <= day]
            if current:
                resolved[name] = current[-1]
        words = {f.name: getattr(self, f.name) for f in fields(ItemWords)}
        if "block" in resolved:  # "per {block} m²": the unit names the block in force
            block = f"{resolved['block'].normalize():f}"
            words["unit"] = Bilingual(self.unit.ms.replace("{block}", block), self.unit.en.replace("{block}", block))
        return Item(**words, **resolved)


@dataclass(frozen=True)
class Schedule:
    id: str
    title: Bilingual
    document: Bilingual
    source_prefix: Bilingual
    form: str
    approved: Bilingual
    history: tuple[ItemHistory, ...]
    # The schedule at each date on which an item starts, ends or changes a value; oldest first.
    versions: tuple[Version, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        days = sorted({d for item in self.history for d in item.change_dates()})
        versions = tuple(
            Version(day, tuple(item.on(day) for item in self.history if item.in_force_on(day))) for day in days
        )
        object.__setattr__(self, "versions", versions)

    @property
    def first_in_force(self) -> date:
        return self.versions[0].in_force

    def version_on(self, day: date) -> Version | None:
        """The schedule as in force on `day`, or None before its first item comes into force."""
        current = None
        for version in self.versions:
            if version.in_force <= day:
                current = version
        return current

    def source_of(self, item: ItemWords) -> Bilingual:
        """Where an estimate's line, or the open data, says the item comes from: "<schedule>, item <code>", with the
        heading it is numbered under where it has one."""
        heading = item.reference.heading
        ms, en = self.source_prefix.ms, self.source_prefix.en
        if heading is not None:
            ms, en = f"{ms}, {heading.ms}", f"{en}, {heading.en}"
        return Bilingual(f"{ms}, perkara {item.code}", f"{en}, item {item.code}")

    def item_history(self, ref: str) -> ItemHistory | None:
        return next((item for item in self.history if item.ref == ref), None)


# ---------------------------------------------------------------------------------------------- loading

_SCHEDULE_KEYS = {"id", "title", "document", "source_prefix", "form", "approved", "items"}
_ITEM_KEYS = {"code", "key", "part", "label", "unit", "reference", "from", "until", "remark", "storeys", "basements",
              *_DATED}
_REQUIRED_ITEM_KEYS = {"code", "part", "label", "unit", "reference", "from"}


def load(schedule_id: str) -> Schedule:
    return load_all()[schedule_id]


@cache
def load_all() -> dict[str, Schedule]:
    return {sid: load_file(_HERE / f"{sid}.toml") for sid in SCHEDULE_IDS}


def load_file(path: Path) -> Schedule:
    """One schedule file, checked; the schedule's id must be the file's name."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ScheduleDataError(f"{path.name}: {error}") from None
    reader = _Reader(path.name)
    reader.keys(data, "", _SCHEDULE_KEYS, _SCHEDULE_KEYS)
    if not isinstance(data["items"], list) or not data["items"]:
        reader.fail("items", "at least one item is needed")
    history = tuple(_item(reader, it, f"items[{i}]") for i, it in enumerate(data["items"]))
    for day in sorted({d for item in history for d in item.change_dates()}):
        refs = [item.ref for item in history if item.in_force_on(day)]
        duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
        if duplicates:
            reader.fail("items", f"two items {', '.join(duplicates)} in force on {day.isoformat()}")
    if data["id"] != path.stem:
        reader.fail("id", f"{data['id']!r} must match the file name")
    return Schedule(
        id=data["id"],
        title=reader.bilingual(data["title"], "title"),
        document=reader.bilingual(data["document"], "document"),
        source_prefix=reader.bilingual(data["source_prefix"], "source_prefix"),
        form=reader.text(data["form"], "form"),
        approved=reader.bilingual(data["approved"], "approved"),
        history=history,
    )


def _item(reader: _Reader, data: Any, where: str) -> ItemHistory:
    reader.keys(data, where, _ITEM_KEYS, _REQUIRED_ITEM_KEYS)
    start = reader.day(data["from"], f"{where}.from")
    until = reader.day(data["until"], f"{where}.until") if "until" in data else None
    if until is not None and until <= start:
        reader.fail(f"{where}.until", "must be after `from`")
    values = []
    for name in _DATED:
        if name in data:
            history = _dated(reader, data[name], f"{where}.{name}", _VALUE_READERS[name])
            if history[0][0] != start:
                reader.fail(f"{where}.{name}[0].from", f"must be the item's `from` ({start.isoformat()})")
            values.append((name, history))
    reference = data["reference"]
    reader.keys(reference, f"{where}.reference", {"item", "page", "heading"}, {"item"})
    page = reference.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
        reader.fail(f"{where}.reference.page", "must be a page number")
    return ItemHistory(
        code=reader.text(data["code"], f"{where}.code"),
        key=reader.text(data["key"], f"{where}.key") if "key" in data else None,
        part=reader.text(data["part"], f"{where}.part"),
        label=reader.bilingual(data["label"], f"{where}.label"),
        unit=reader.bilingual(data["unit"], f"{where}.unit"),
        reference=Reference(reader.text(reference["item"], f"{where}.reference.item"), page,
                            reader.bilingual(reference["heading"], f"{where}.reference.heading")
                            if "heading" in reference else None),
        start=start,
        until=until,
        values=tuple(values),
        remark=reader.bilingual(data["remark"], f"{where}.remark") if "remark" in data else None,
        storeys=_storeys(reader, data["storeys"], f"{where}.storeys") if "storeys" in data else None,
        basements=reader.flag(data.get("basements", False), f"{where}.basements"),
    )


def _dated(reader: _Reader, data: Any, where: str, read_value) -> tuple[tuple[date, Any], ...]:
    if not isinstance(data, list) or not data:
        reader.fail(where, "must be a list of { from = <date>, value = ... }, oldest first")
    history = []
    for index, entry in enumerate(data):
        at = f"{where}[{index}]"
        reader.keys(entry, at, {"from", "value"}, {"from", "value"})
        history.append((reader.day(entry["from"], f"{at}.from"), read_value(reader, entry["value"], f"{at}.value")))
    days = [day for day, _ in history]
    if days != sorted(set(days)):
        reader.fail(where, "dates must be distinct and in order, oldest first")
    return tuple(history)


def _tiers(reader: _Reader, data: Any, where: str) -> tuple[Tier, ...]:
    if not isinstance(data, list) or not data:
        reader.fail(where, "must be a list of tiers")
    tiers: list[Tier] = []
    for index, tier in enumerate(data):
        at = f"{where}[{index}]"
        reader.keys(tier, at, {"up_to", "rate"}, {"rate"})
        up_to = tier.get("up_to")
        if up_to is not None:
            up_to = reader.count(up_to, f"{at}.up_to")
        first = tiers[-1].up_to + 1 if tiers and tiers[-1].up_to is not None else 1
        if up_to is not None and up_to < first:
            reader.fail(f"{at}.up_to", f"must be at least {first}, after the tier before")
        tiers.append(Tier(first=first, up_to=up_to, rate=reader.decimal(tier["rate"], f"{at}.rate")))
    if tiers[-1].up_to is not None or any(t.up_to is None for t in tiers[:-1]):
        reader.fail(where, "only the last tier is open (no up_to)")
    return tuple(tiers)


def _bands(reader: _Reader, data: Any, where: str) -> tuple[Band, ...]:
    if not isinstance(data, list) or not data:
        reader.fail(where, "must be a list of bands")
    starts, percents = [], []
    for index, band in enumerate(data):
        at = f"{where}[{index}]"
        reader.keys(band, at, {"first_building", "percent"}, {"first_building", "percent"})
        starts.append(reader.count(band["first_building"], f"{at}.first_building"))
        percents.append(reader.decimal(band["percent"], f"{at}.percent"))
    if starts[0] != 1 or starts != sorted(set(starts)):
        reader.fail(where, "bands start at building 1, in order")
    ends = [start - 1 for start in starts[1:]] + [None]
    return tuple(Band(start, end, percent) for start, end, percent in zip(starts, ends, percents, strict=True))


def _months(reader: _Reader, data: Any, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(data, dict) or not data:
        reader.fail(where, "must be a table of whole numbers of months")
    return tuple(sorted((key, reader.count(value, f"{where}.{key}")) for key, value in data.items()))


def _storeys(reader: _Reader, data: Any, where: str) -> tuple[int, int | None]:
    reader.keys(data, where, {"lowest", "highest"}, {"lowest"})
    lowest = data["lowest"]
    highest = data.get("highest")
    for name, value in (("lowest", lowest), ("highest", highest)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            reader.fail(f"{where}.{name}", "must be a level: 0 for the ground floor, 1 for the first floor, ...")
    return lowest, highest


_VALUE_READERS = {
    "rate": lambda reader, value, where: reader.decimal(value, where),
    "block": lambda reader, value, where: reader.decimal(value, where),
    "minimum": lambda reader, value, where: reader.decimal(value, where),
    "fraction": lambda reader, value, where: reader.decimal(value, where),
    "least_area_ft2": lambda reader, value, where: reader.decimal(value, where),
    "tiers": _tiers,
    "bands": _bands,
    "minimum_months": _months,
}


class _Reader:
    """Checks values of one file, naming the file and key in every error."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, key: str, problem: str) -> None:
        raise ScheduleDataError(f"{self.filename}: {key}: {problem}")

    def keys(self, data: Any, where: str, allowed: set[str], required: set[str]) -> None:
        if not isinstance(data, dict):
            self.fail(where or "(top)", "must be a table")
        for key in sorted(set(data) - allowed):
            self.fail(f"{where}.{key}" if where else key, "unknown key")
        for key in sorted(required - set(data)):
            self.fail(f"{where}.{key}" if where else key, "missing")

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return value

    def flag(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def day(self, value: Any, key: str) -> date:
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail(key, "must be a date like 2021-11-11")
        return value

    def count(self, value: Any, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(key, "must be a whole number, at least 1")
        return value

    def bilingual(self, value: Any, key: str) -> Bilingual:
        self.keys(value, key, {"ms", "en"}, {"ms", "en"})
        return Bilingual(ms=self.text(value["ms"], f"{key}.ms"), en=self.text(value["en"], f"{key}.en"))

    def decimal(self, value: Any, key: str) -> Decimal:
        # Amounts are strings so that TOML floats can never round a rate.
        if not isinstance(value, str):
            self.fail(key, 'must be a string such as "14.00"')
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number < 0:
            self.fail(key, f"{value!r} is not an amount")
        return number
