"""The council's fee schedules, read from the dated TOML files beside this module.

Each file holds one schedule; each schedule holds versions keyed by the date they come into force, and a
version holds until the next one. The loader is strict: an unknown key, a missing key or a malformed value
stops loading with an error that names the file and the key, so a typo in a rate can never pass silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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
    "Schedule",
    "ScheduleDataError",
    "Tier",
    "Version",
    "load",
    "load_all",
]

SCHEDULE_IDS = ("planning_permission", "building_plan", "deposit")
_HERE = Path(__file__).parent


class ScheduleDataError(ValueError):
    """A schedule data file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Bilingual:
    ms: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"ms": self.ms, "en": self.en}


@dataclass(frozen=True)
class Tier:
    """Units up to `up_to` (inclusive, counted from the previous tier) pay `rate`; the last tier is open."""

    up_to: int | None
    rate: Decimal


@dataclass(frozen=True)
class Band:
    """From the `start`-th building of a row on, each building pays `percent` of its floor-area fee."""

    start: int
    percent: Decimal
    label: Bilingual


@dataclass(frozen=True)
class Item:
    code: str
    key: str | None
    part: str
    label: Bilingual
    unit: Bilingual
    rate: Decimal | None = None
    block: Decimal | None = None
    minimum: Decimal | None = None
    fraction: Decimal | None = None
    note: Bilingual | None = None
    tiers: tuple[Tier, ...] = ()
    bands: tuple[Band, ...] = ()
    minimum_months: tuple[tuple[str, int], ...] = ()

    @property
    def ref(self) -> str:
        """The name a rule module looks the item up by: its request key where it has one, else its code."""
        return self.key or self.code


@dataclass(frozen=True)
class Version:
    in_force: date
    items: tuple[Item, ...]

    def item(self, ref: str) -> Item:
        for item in self.items:
            if item.ref == ref:
                return item
        raise KeyError(ref)


@dataclass(frozen=True)
class Schedule:
    id: str
    title: Bilingual
    document: Bilingual
    source_prefix: Bilingual
    form: str
    approved: Bilingual
    versions: tuple[Version, ...]  # oldest first

    @property
    def first_in_force(self) -> date:
        return self.versions[0].in_force

    def version_on(self, day: date) -> Version | None:
        """The version in force on `day`, or None before the first one."""
        current = None
        for version in self.versions:
            if version.in_force <= day:
                current = version
        return current


# ---------------------------------------------------------------------------------------------- loading

_SCHEDULE_KEYS = {"id", "title", "document", "source_prefix", "form", "approved", "versions"}
_VERSION_KEYS = {"in_force", "items"}
_ITEM_KEYS = {
    "code", "key", "part", "label", "unit", "rate", "block", "minimum", "fraction", "note",
    "tiers", "bands", "minimum_months",
}
_REQUIRED_ITEM_KEYS = {"code", "part", "label", "unit"}


def load(schedule_id: str) -> Schedule:
    return load_all()[schedule_id]


@cache
def load_all() -> dict[str, Schedule]:
    return {sid: _load_file(_HERE / f"{sid}.toml") for sid in SCHEDULE_IDS}


def _load_file(path: Path) -> Schedule:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ScheduleDataError(f"{path.name}: {error}") from None
    reader = _Reader(path.name)
    reader.keys(data, "", _SCHEDULE_KEYS, _SCHEDULE_KEYS)
    versions = tuple(_version(reader, v, f"versions[{i}]") for i, v in enumerate(data["versions"]))
    if not versions:
        raise ScheduleDataError(f"{path.name}: versions: at least one version is needed")
    days = [v.in_force for v in versions]
    if days != sorted(set(days)):
        raise ScheduleDataError(f"{path.name}: versions: dates must be distinct and in order, oldest first")
    if data["id"] != path.stem:
        raise ScheduleDataError(f"{path.name}: id: {data['id']!r} must match the file name")
    return Schedule(
        id=data["id"],
        title=reader.bilingual(data["title"], "title"),
        document=reader.bilingual(data["document"], "document"),
        source_prefix=reader.bilingual(data["source_prefix"], "source_prefix"),
        form=reader.text(data["form"], "form"),
        approved=reader.bilingual(data["approved"], "approved"),
        versions=versions,
    )


def _version(reader: _Reader, data: Any, where: str) -> Version:
    reader.keys(data, where, _VERSION_KEYS, _VERSION_KEYS)
    if not isinstance(data["in_force"], date) or isinstance(data["in_force"], datetime):
        reader.fail(f"{where}.in_force", "must be a date like 2021-11-11")
    items = tuple(_item(reader, it, f"{where}.items[{i}]") for i, it in enumerate(data["items"]))
    refs = [item.ref for item in items]
    duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
    if duplicates:
        reader.fail(f"{where}.items", f"duplicate item {', '.join(duplicates)}")
    return Version(in_force=data["in_force"], items=items)


def _item(reader: _Reader, data: Any, where: str) -> Item:
    reader.keys(data, where, _ITEM_KEYS, _REQUIRED_ITEM_KEYS)
    money = {
        name: reader.decimal(data[name], f"{where}.{name}")
        for name in ("rate", "block", "minimum", "fraction")
        if name in data
    }
    tiers = tuple(_tier(reader, t, f"{where}.tiers[{i}]") for i, t in enumerate(data.get("tiers", [])))
    bands = tuple(_band(reader, b, f"{where}.bands[{i}]") for i, b in enumerate(data.get("bands", [])))
    months = data.get("minimum_months", {})
    if not isinstance(months, dict) or not all(isinstance(v, int) for v in months.values()):
        reader.fail(f"{where}.minimum_months", "must be a table of whole numbers")
    return Item(
        code=reader.text(data["code"], f"{where}.code"),
        key=reader.text(data["key"], f"{where}.key") if "key" in data else None,
        part=reader.text(data["part"], f"{where}.part"),
        label=reader.bilingual(data["label"], f"{where}.label"),
        unit=reader.bilingual(data["unit"], f"{where}.unit"),
        note=reader.bilingual(data["note"], f"{where}.note") if "note" in data else None,
        tiers=tiers,
        bands=bands,
        minimum_months=tuple(sorted(months.items())),
        **money,
    )


def _tier(reader: _Reader, data: Any, where: str) -> Tier:
    reader.keys(data, where, {"up_to", "rate"}, {"rate"})
    up_to = data.get("up_to")
    if up_to is not None and (not isinstance(up_to, int) or isinstance(up_to, bool) or up_to < 1):
        reader.fail(f"{where}.up_to", "must be a whole number of units")
    return Tier(up_to=up_to, rate=reader.decimal(data["rate"], f"{where}.rate"))


def _band(reader: _Reader, data: Any, where: str) -> Band:
    reader.keys(data, where, {"from", "percent", "label"}, {"from", "percent", "label"})
    if not isinstance(data["from"], int) or isinstance(data["from"], bool) or data["from"] < 1:
        reader.fail(f"{where}.from", "must be a whole number of buildings")
    return Band(
        start=data["from"],
        percent=reader.decimal(data["percent"], f"{where}.percent"),
        label=reader.bilingual(data["label"], f"{where}.label"),
    )


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
