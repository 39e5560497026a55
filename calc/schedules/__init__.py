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

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from calc.money import plain
from calc.record import Record

try:
    import tomllib
except ImportError:  # MicroPython: the build exports each schedule as JSON (python -m calc.schedules.export_json)
    tomllib = None

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
_HERE: Any = __file__[:__file__.rfind("/")]  # the directory of the data files (a test may point it elsewhere)
DATE_TAG = "$date"  # a date in an exported JSON file: {"$date": "2021-11-11"} (JSON has no dates)


class ScheduleDataError(ValueError):
    """A schedule data file is malformed; the message names the file and the key."""


class NotInForce(LookupError):
    """A rule asked for an item that the schedule does not have on the request's date."""

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref


class Bilingual(Record):
    FIELDS = ("ms", "en")

    def __init__(self, ms: str, en: str) -> None:
        self.ms = ms
        self.en = en

    def as_dict(self) -> dict[str, str]:
        return {"ms": self.ms, "en": self.en}


class Tier(Record):
    """Units `first` to `up_to` (inclusive) pay `rate`; the last tier is open (`up_to` is None)."""

    FIELDS = ("first", "up_to", "rate")

    def __init__(self, first: int, up_to: int | None, rate: Decimal) -> None:
        self.first = first
        self.up_to = up_to
        self.rate = rate


class Band(Record):
    """Buildings `start` to `end` of a row (the last band is open: `end` is None) each pay `percent` of their
    floor-area fee."""

    FIELDS = ("start", "end", "percent")

    def __init__(self, start: int, end: int | None, percent: Decimal) -> None:
        self.start = start
        self.end = end
        self.percent = percent

    @property
    def label(self) -> Bilingual:
        """The band as a row of the schedule's table: its buildings and the percentage of the fee they pay."""
        percent = f"{plain(self.percent)}%"
        if self.end is None:
            return Bilingual(f"Bangunan {self.start} dan seterusnya: {percent} daripada bayaran",
                             f"Building {self.start} onward: {percent} of the fee")
        if self.end == self.start:
            return Bilingual(f"Bangunan {self.start}: {percent} daripada bayaran",
                             f"Building {self.start}: {percent} of the fee")
        return Bilingual(f"Bangunan {self.start} – {self.end}: {percent} daripada bayaran",
                         f"Buildings {self.start} to {self.end}: {percent} of the fee")


class Reference(Record):
    """Where the item is printed: its number in the document, the page where the document has pages, and the
    heading it is numbered under where the document numbers more than one list from 1 (the deposit's additional
    works)."""

    FIELDS = ("item", "page", "heading")

    def __init__(self, item: str, page: int | None = None, heading: Bilingual | None = None) -> None:
        self.item = item
        self.page = page
        self.heading = heading


# What an item keeps whatever the date: its code, part, words, reference and the storeys it charges.
_WORDS = ("code", "key", "part", "label", "unit", "reference", "remark", "storeys", "basements")


class ItemWords(Record):
    """What an item keeps whatever the date: its code, part, words, reference and the storeys it charges."""

    FIELDS = _WORDS

    def __init__(self, *, code: str, key: str | None, part: str, label: Bilingual, unit: Bilingual,
                 reference: Reference, remark: Bilingual | None = None,
                 storeys: tuple[int, int | None] | None = None, basements: bool = False) -> None:
        self.code = code
        self.key = key
        self.part = part
        self.label = label
        self.unit = unit  # may name its block: "per {block} m²"
        self.reference = reference
        self.remark = remark
        self.storeys = storeys  # (lowest, highest or None) levels charged at this item's rate
        self.basements = basements  # basements are charged at this item's rate

    @property
    def ref(self) -> str:
        """The name a rule looks the item up by: its request key where it has one, else its code."""
        return self.key or self.code

    def words(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _WORDS}


# The values an item may hold, each a dated list in the file.
_DATED = ("rate", "block", "minimum", "fraction", "least_area_ft2", "tiers", "bands", "minimum_months")


class Item(ItemWords):
    """One item as in force on one day: every dated value resolved to the one that applies."""

    FIELDS = _WORDS + _DATED

    def __init__(self, *, rate: Decimal | None = None, block: Decimal | None = None,
                 minimum: Decimal | None = None, fraction: Decimal | None = None,
                 least_area_ft2: Decimal | None = None, tiers: tuple[Tier, ...] = (), bands: tuple[Band, ...] = (),
                 minimum_months: tuple[tuple[str, int], ...] = (), **words: Any) -> None:
        super().__init__(**words)
        self.rate = rate
        self.block = block
        self.minimum = minimum
        self.fraction = fraction
        self.least_area_ft2 = least_area_ft2  # the smallest board area charged at this item's rate
        self.tiers = tiers
        self.bands = bands
        self.minimum_months = minimum_months


class Version(Record):
    """The schedule as in force from `in_force` until the next date on which something changes."""

    FIELDS = ("in_force", "items")

    def __init__(self, in_force: date, items: tuple[Item, ...]) -> None:
        self.in_force = in_force
        self.items = items

    def item(self, ref: str) -> Item:
        for item in self.items:
            if item.ref == ref:
                return item
        raise NotInForce(ref)

    def has(self, ref: str) -> bool:
        return any(item.ref == ref for item in self.items)


class ItemHistory(ItemWords):
    """One item as the file holds it: its words, and each value as (from, value) pairs, oldest first."""

    FIELDS = _WORDS + ("start", "until", "values")

    def __init__(self, *, start: date, until: date | None,
                 values: tuple[tuple[str, tuple[tuple[date, Any], ...]], ...], **words: Any) -> None:
        super().__init__(**words)
        self.start = start
        self.until = until
        self.values = values

    def in_force_on(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day < self.until)

    def change_dates(self) -> set[date]:
        dates = {self.start}
        for _, history in self.values:
            dates.update(since for since, _ in history)
        if self.until:
            dates.add(self.until)
        return dates

    def on(self, day: date) -> Item:
        resolved = {}
        for name, history in self.values:
            current = [value for since, value in history if since <= day]
            if current:
                resolved[name] = current[-1]
        words = self.words()
        if "block" in resolved:  # "per {block} m²": the unit names the block in force
            block = plain(resolved["block"])
            words["unit"] = Bilingual(self.unit.ms.replace("{block}", block), self.unit.en.replace("{block}", block))
        words.update(resolved)
        return Item(**words)


class Schedule(Record):
    FIELDS = ("id", "title", "document", "source_prefix", "form", "approved", "history")

    def __init__(self, *, id: str, title: Bilingual, document: Bilingual, source_prefix: Bilingual,
                 form: str, approved: Bilingual, history: tuple[ItemHistory, ...]) -> None:
        self.id = id
        self.title = title
        self.document = document
        self.source_prefix = source_prefix
        self.form = form
        self.approved = approved
        self.history = history
        # The schedule at each date on which an item starts, ends or changes a value; oldest first.
        self.versions = tuple(
            Version(day, tuple(item.on(day) for item in history if item.in_force_on(day)))
            for day in sorted(_change_dates(history))
        )

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
        for item in self.history:
            if item.ref == ref:
                return item
        return None


def _change_dates(history: tuple[ItemHistory, ...]) -> set[date]:
    days: set[date] = set()
    for item in history:
        days.update(item.change_dates())
    return days


# ---------------------------------------------------------------------------------------------- loading

_SCHEDULE_KEYS = {"id", "title", "document", "source_prefix", "form", "approved", "items"}
_ITEM_KEYS = {"code", "key", "part", "label", "unit", "reference", "from", "until", "remark", "storeys",
              "basements"} | set(_DATED)
_REQUIRED_ITEM_KEYS = {"code", "part", "label", "unit", "reference", "from"}


def load(schedule_id: str) -> Schedule:
    return load_all()[schedule_id]


class _Memo:
    """A function of no arguments computed once, on its first call (MicroPython has no functools.cache);
    `cache_clear()` forgets the result."""

    def __init__(self, compute: Any) -> None:
        self.compute = compute
        self.cache_clear()

    def __call__(self) -> Any:
        if not self.done:
            self.result = self.compute()
            self.done = True
        return self.result

    def cache_clear(self) -> None:
        self.result = None
        self.done = False


def _load_all() -> dict[str, Schedule]:
    return {sid: load_file(data_path(sid)) for sid in SCHEDULE_IDS}


load_all = _Memo(_load_all)


def data_path(name: str) -> str:
    """The file of data `name` (a schedule's id, or "payments"): its TOML file, or where CPython's tomllib is
    missing (MicroPython), the JSON file exported from it."""
    return f"{_HERE}/{name}.toml" if tomllib is not None else f"{_HERE}/{name}.json"


def file_name(path: Any) -> str:
    text = str(path)
    return text[text.rfind("/") + 1:]


def read_data(path: Any) -> dict[str, Any]:
    """A data file's tables: TOML read by tomllib, or the JSON that export_json wrote from it (dates tagged)."""
    name = file_name(path)
    if name.endswith(".json"):
        import json
        with open(str(path)) as handle:
            return _untagged(json.loads(handle.read()))
    try:
        with open(str(path), "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ScheduleDataError(f"{name}: {error}") from None


def _untagged(value: Any) -> Any:
    """The exported JSON's values as TOML gave them: {"$date": "2021-11-11"} back to a date."""
    if isinstance(value, dict):
        if len(value) == 1 and DATE_TAG in value:
            return date.fromisoformat(value[DATE_TAG])
        return {key: _untagged(member) for key, member in value.items()}
    if isinstance(value, list):
        return [_untagged(member) for member in value]
    return value


def load_file(path: Any) -> Schedule:
    """One schedule file, checked; the schedule's id must be the file's name."""
    name = file_name(path)
    data = read_data(path)
    reader = _Reader(name)
    reader.keys(data, "", _SCHEDULE_KEYS, _SCHEDULE_KEYS)
    if not isinstance(data["items"], list) or not data["items"]:
        reader.fail("items", "at least one item is needed")
    history = tuple(_item(reader, it, f"items[{i}]") for i, it in enumerate(data["items"]))
    for day in sorted(_change_dates(history)):
        refs = [item.ref for item in history if item.in_force_on(day)]
        duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
        if duplicates:
            reader.fail("items", f"two items {', '.join(duplicates)} in force on {day.isoformat()}")
    if data["id"] != name[:name.rfind(".")]:
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
    return tuple(Band(starts[i], ends[i], percents[i]) for i in range(len(starts)))


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
