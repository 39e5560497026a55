"""The HTML of the schedules on the site's pages: rate tables of every version, the source box of a schedule, the
payments table of the project calculator, the short disclaimer. Every rate comes from `calc.schedules.load_all()`;
site_scripts/hooks/markers.py puts these where a page's markers ask for them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from mkdocs.utils import get_relative_url

from calc.engine import long_date
from calc.money import plain, to_sen
from calc.project import payments
from calc.readings import Reading, readings_for
from calc.schedules import Bilingual, Item, Schedule, Version, load_all
from calc.shapes import per_block
from calc.terms import HOARDING_PROJECTS, in_a_sentence
from site_scripts.build_state import DEFAULT_LANGUAGE

TEXT = {
    "ms": {
        "code": "Perkara", "item": "Butiran", "rate": "Kadar", "unit": "Unit", "minimum": "Minimum",
        "in_force": "Berkuat kuasa mulai {date}",
        "current": "berkuat kuasa sekarang",
        "upcoming": "akan berkuat kuasa",
        "older": "Versi terdahulu: berkuat kuasa mulai {date}",
        "units_tier": "unit {start}–{end}", "units_rest": "unit {start} dan seterusnya",
        "months": "{n} bulan",
        "interpretation": "Tafsiran", "applies_to": "Terpakai bagi perkara: {items}.",
        "document": "Dokumen", "form": "Borang", "approved": "Kelulusan", "dates": "Tarikh berkuat kuasa",
        "open_data": "Data terbuka", "schedule_page": "Lihat jadual",
        "disclaimer_link": "Penafian",
        "noscript": "Kalkulator ini memerlukan JavaScript. Tanpa JavaScript, kirakan fi menggunakan jadual di bawah.",
        "based_on": "Jadual yang digunakan",
        "zip": "Muat turun mpkj-fees-offline.zip",
        "noscript_project": "Kalkulator ini memerlukan JavaScript. Tanpa JavaScript, kirakan setiap fi menggunakan "
                            "jadual yang dipautkan di bawah.",
        "bigger_project": "Sebahagian daripada projek yang lebih besar?",
        "bigger_project_link": "Kira semua fi pembangunan sekali gus",
        "payments": "Bagaimana bayaran dikumpulkan",
        "payment": "Bayaran", "payment_items": "Perkara", "payment_due": "Bila dibayar", "payment_source": "Sumber",
        "all_items": "semua perkara {parts}", "except": "kecuali {codes}",
        "example": "Contoh", "blocks": "{measure} dikira {count} blok × {block}",
        "as_whole": "{measure} dikira {whole}",
        "below_minimum": "{amount}, kurang daripada minimum: {minimum}",
        "readings": "Cara jadual ini dibaca", "see_readings": "Tafsiran bagi jadual ini",
    },
    "en": {
        "code": "Item", "item": "Description", "rate": "Rate", "unit": "Unit", "minimum": "Minimum",
        "in_force": "In force from {date}",
        "current": "in force now",
        "upcoming": "comes into force later",
        "older": "Earlier version: in force from {date}",
        "units_tier": "units {start}–{end}", "units_rest": "unit {start} onward",
        "months": "{n} months",
        "interpretation": "How this is read", "applies_to": "Applies to items: {items}.",
        "document": "Document", "form": "Form", "approved": "Approval", "dates": "In force from",
        "open_data": "Open data", "schedule_page": "See the schedule",
        "disclaimer_link": "Disclaimer",
        "noscript": "This calculator needs JavaScript. Without it, work out the fee from the schedule below.",
        "based_on": "Schedule used",
        "zip": "Download mpkj-fees-offline.zip",
        "noscript_project": "This calculator needs JavaScript. Without it, work out each fee from the schedules "
                            "linked below.",
        "bigger_project": "Part of a bigger project?",
        "bigger_project_link": "Work out every fee of the development at once",
        "payments": "How the payments are grouped",
        "payment": "Payment", "payment_items": "Items", "payment_due": "When it is paid", "payment_source": "Source",
        "all_items": "all items {parts}", "except": "except {codes}",
        "example": "Example", "blocks": "{measure} counts as {count} blocks of {block}",
        "as_whole": "{measure} counts as {whole}",
        "below_minimum": "{amount}, below the minimum: {minimum}",
        "readings": "How these tables are read", "see_readings": "How this table is read",
    },
}



# ---------------------------------------------------------------------------------------------- formatting

def money(amount: Decimal) -> str:
    """An amount as the tables show it: ringgit with sen, thousands grouped."""
    return f"RM {amount:,.2f}"


def format_date(day: date, lang: str) -> str:
    """"11 November 2021" in the page's language, as calc writes dates in its notes."""
    return getattr(long_date(day), lang)


def _fraction(value: Decimal) -> str:
    return "½" if value == Decimal("0.5") else str(value.normalize())



def page_link(page, root_path: str) -> str:
    """A link from `page` to a file at `root_path` under the site root, relative so sub-paths and file:// work."""
    return get_relative_url(root_path, page.url or "index.html")


# ---------------------------------------------------------------------------------------------- table cells

def _rate_cell(item: Item, lang: str) -> str:
    t = TEXT[lang]
    if item.tiers:
        lines = []
        for tier in item.tiers:
            if tier.up_to is None:
                span = t["units_rest"].format(start=tier.first)
            else:
                span = t["units_tier"].format(start=tier.first, end=tier.up_to)
            lines.append(f"{money(tier.rate)} ({span})")
        return "<br>".join(escape(line) for line in lines)
    if item.bands:
        return "<br>".join(escape(getattr(band.label, lang)) for band in item.bands)
    if item.rate is not None and item.fraction is not None:
        return escape(f"{_fraction(item.fraction)} × {money(item.rate)}")
    if item.rate is not None:
        return escape(money(item.rate))
    if item.fraction is not None:
        return escape(_fraction(item.fraction))
    return "—"


def _minimum_cell(item: Item, lang: str) -> str:
    t = TEXT[lang]
    if item.minimum is not None:
        return escape(money(item.minimum))
    if item.minimum_months:
        return "<br>".join(
            escape(f"{t['months'].format(n=n)} ({getattr(in_a_sentence(HOARDING_PROJECTS[key]), lang)})")
            for key, n in item.minimum_months
        )
    return "—"


# A short name for each reading (calc/readings.py), for its box's title and for the links to it.
READING_TITLES = {
    "part_thereof": Bilingual("blok dan sebahagian blok", "blocks and part blocks"),
    "square_feet": Bilingual("keluasan dalam kaki persegi", "areas in square feet"),
    "halves": Bilingual("separuh (½)", "halves (½)"),
    "payable_on_collection": Bilingual("dibayar semasa mengambil kelulusan", "paid when the approval is collected"),
    "storey_minimum": Bilingual("minimum setiap tingkat", "the minimum of each storey"),
    "row_discount": Bilingual("potongan deretan", "the row discount"),
    "residential_tiers": Bilingual("kadar kediaman berperingkat", "residential tiers"),
    "billboard_size": Bilingual("saiz papan iklan", "the size of a board"),
    "deposit_minimum": Bilingual("cagaran minimum", "a minimum deposit"),
}


# ---------------------------------------------------------------------------------------------- worked examples

# What a per-block item measures, told by the words of its unit (the rules pass the same measure to per_block).
_MEASURES = (("m²", Bilingual("m²", "m²")), ("metre", Bilingual("m", "m")), ("month", Bilingual("bulan", "months")))


def _measure_word(item: Item) -> Bilingual:
    for word, measure in _MEASURES:
        if word in item.unit.en:
            return measure
    raise ValueError(f"site_scripts/tables.py: item {item.code}: no worked example for a rate {item.unit.en!r}; "
                     f"name its measure in _MEASURES")


def example_measures(item: Item) -> list[Decimal]:
    """The measures a per-block item's worked example uses, chosen from its own rate, block and minimum.

    Each ends in half a block, which counts as a whole one: the first pays more than any minimum (without one, it
    is two blocks and a half, so three); where a minimum can apply, the second is one the minimum raises.
    """
    assert item.rate is not None and item.block is not None, item.code
    whole_units = _measure_word(item).en == "months"  # the forms take whole months
    part = Decimal(max(int(item.block) // 2, 1)) if whole_units else item.block / 2
    if item.minimum is None or item.rate <= 0:
        return [2 * item.block + part]
    over = int(item.minimum / item.rate) + 1  # the fewest blocks that pay more than the minimum
    measures = [(over - 1) * item.block + part]
    for under in ((over + 1) // 2 - 1) * item.block + part, part:
        if per_block(item, under).minimum_applies:
            measures.append(under)
            break
    return measures


def _unbroken(text: str) -> str:
    """An amount or a measure with its unit, kept on one line: a narrow column wraps between words."""
    return text.replace(" ", "\u00a0")


def worked_example(item: Item) -> Bilingual | None:
    """"Example: <measure> counts as <n> blocks of <block> → <n> × <rate> = <amount>; ...", each amount from
    calc.shapes' per_block (and the item's fraction, rounded to the sen as calc rounds a line); None for an item
    that is not charged per block."""
    if item.rate is None or item.block is None:
        return None
    word = _measure_word(item)
    texts = {}
    for lang in ("ms", "en"):
        t = TEXT[lang]
        unit = getattr(word, lang)
        sentences = []
        for measure in example_measures(item):
            fee = per_block(item, measure)
            shown = _unbroken(f"{plain(measure)} {unit}")
            if item.block == 1:
                counted = t["as_whole"].format(measure=shown, whole=_unbroken(f"{fee.blocks} {unit}"))
            else:
                counted = t["blocks"].format(measure=shown, count=fee.blocks,
                                             block=_unbroken(f"{plain(item.block)} {unit}"))
            charged = f"{fee.blocks} × {_unbroken(money(item.rate))}"
            if item.fraction is not None:
                charged = f"{_fraction(item.fraction)} × {charged}"
                total = to_sen(item.rate * fee.blocks * item.fraction)
            else:
                total = item.rate * fee.blocks
            result = _unbroken(money(total))
            if fee.minimum_applies:
                result = t["below_minimum"].format(amount=result, minimum=_unbroken(money(fee.amount)))
            sentences.append(f"{counted} → {charged} = {result}")
        texts[lang] = f"{t['example']}: " + "; ".join(sentences) + "."
    return Bilingual(**texts)


# ---------------------------------------------------------------------------------------------- tables

def _table(version: Version, items: list[Item], lang: str, *, examples: bool = False) -> str:
    t = TEXT[lang]
    # Each cell names its column (data-label): on a phone the rows stack and show it (docs/stylesheets/mpkj.css).
    code, item_, rate, unit, minimum = (escape(t[key]) for key in ("code", "item", "rate", "unit", "minimum"))
    rows = []
    for item in items:
        label = escape(getattr(item.label, lang))
        if item.remark is not None:
            label += f'<br><small class="mpkj-note">{escape(getattr(item.remark, lang))}</small>'
        example = worked_example(item) if examples else None
        if example is not None:
            label += f'<br><small class="mpkj-example">{escape(getattr(example, lang))}</small>'
        rows.append(
            f'<tr data-item="{escape(item.ref)}"><td data-label="{code}">{escape(item.code)}</td> '
            f'<td data-label="{item_}">{label}</td> '
            f'<td class="mpkj-amount" data-label="{rate}">{_rate_cell(item, lang)}</td> '
            f'<td data-label="{unit}">{escape(getattr(item.unit, lang))}</td> '
            f'<td class="mpkj-amount" data-label="{minimum}">{_minimum_cell(item, lang)}</td></tr>'
        )
    # Cells apart by a space: the search index reads the table as text ("Perkara Butiran", not "PerkaraButiran").
    head = " ".join(f'<th scope="col">{t[key]}</th>' for key in ("code", "item", "rate", "unit", "minimum"))
    body = "\n".join(rows)
    return (
        f'<table class="mpkj-schedule-table" data-in-force="{version.in_force.isoformat()}">\n'
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _found_readings(schedule: Schedule, version: Version, items: list[Item]) -> dict[str, tuple[Reading, list[str]]]:
    """The readings (calc.readings) that concern `items`, each once, quoting `version`: id -> (reading, codes)."""
    found: dict[str, tuple[Reading, list[str]]] = {}
    for item in items:
        for ref in sorted({item.code, item.ref}):
            for reading in readings_for(schedule.id, ref, version):
                entry = found.setdefault(reading.id, (reading, []))
                if item.code not in entry[1]:
                    entry[1].append(item.code)
    return found


def reading_anchor(schedule: Schedule, reading_id: str) -> str:
    return f"reading-{schedule.id}-{reading_id}"


def _reading_title(reading_id: str, lang: str) -> str:
    title = READING_TITLES.get(reading_id)
    return getattr(title, lang) if title is not None else TEXT[lang]["interpretation"]


def _reading_box(schedule: Schedule, reading: Reading, codes: list[str], lang: str, *, anchored: bool) -> str:
    t = TEXT[lang]
    heading = t["interpretation"] + (f": {_reading_title(reading.id, lang)}" if reading.id in READING_TITLES else "")
    anchor = f' id="{reading_anchor(schedule, reading.id)}"' if anchored else ""
    return (
        f'<div class="admonition info mpkj-interpretation"{anchor} data-note="{escape(reading.id)}">'
        f'<p class="admonition-title">{escape(heading)}</p>'
        f"<p>{escape(getattr(reading.text, lang))}</p>"
        f'<p><small>{escape(t["applies_to"].format(items=", ".join(codes)))}</small></p></div>'
    )


def _readings(schedule: Schedule, version: Version, items: list[Item], lang: str, shared: frozenset[str]) -> str:
    """The readings that concern the items shown, as boxes; those in `shared` (shown once, at the top of the page,
    by shared_readings) as links to that box."""
    t = TEXT[lang]
    found = _found_readings(schedule, version, items)
    boxes = [_reading_box(schedule, reading, codes, lang, anchored=False)
             for reading_id, (reading, codes) in found.items() if reading_id not in shared]
    links = [f'<a href="#{reading_anchor(schedule, reading_id)}">{escape(_reading_title(reading_id, lang))}</a>'
             for reading_id in found if reading_id in shared]
    if links:
        boxes.insert(0, f'<p class="mpkj-reading-links"><small>{escape(t["see_readings"])}: '
                        + " · ".join(links) + "</small></p>")
    return "\n".join(boxes)


def _readings_version(schedule: Schedule, today: date) -> Version:
    """The version whose readings a page shows: the one in force, or before any is, the first to come."""
    return schedule.version_on(today) or schedule.versions[0]


def shared_readings(schedule: Schedule, tables: list[tuple[str, ...] | None], lang: str, *, today: date,
                    ) -> tuple[frozenset[str], str]:
    """The readings that concern more than one of a page's `tables` (each the parts of one schedule marker): their
    ids, and their boxes to show once near the top of the page, each with the anchor the tables link to."""
    version = _readings_version(schedule, today)
    concerned: dict[str, tuple[Reading, list[str]]] = {}
    tables_of: dict[str, int] = {}
    for parts in tables:
        for reading_id, (reading, codes) in _found_readings(schedule, version, _version_items(version, parts)).items():
            tables_of[reading_id] = tables_of.get(reading_id, 0) + 1
            entry = concerned.setdefault(reading_id, (reading, []))
            entry[1].extend(code for code in codes if code not in entry[1])
    shared = frozenset(reading_id for reading_id, count in tables_of.items() if count > 1)
    boxes = [_reading_box(schedule, reading, codes, lang, anchored=True)
             for reading_id, (reading, codes) in concerned.items() if reading_id in shared]
    return shared, "\n".join(boxes)


def _version_items(version: Version, parts: tuple[str, ...] | None) -> list[Item]:
    if parts is None:
        return list(version.items)
    return [item for part in parts for item in version.items if item.part == part]


def render_schedule(schedule: Schedule, parts: tuple[str, ...] | None, lang: str, *, today: date,
                    examples: bool = False, shared: frozenset[str] = frozenset()) -> str:
    """Tables of the items of `parts` in every version, newest first; versions before the current one folded.
    `examples`: a worked example under each per-block rate; `shared`: readings shown once elsewhere on the page
    (shared_readings), linked to instead of repeated."""
    t = TEXT[lang]
    current = schedule.version_on(today)
    shown_once = _readings_version(schedule, today)
    out = [f'<div class="mpkj-schedule" data-schedule="{schedule.id}" data-parts="{",".join(parts or ())}">']
    for version in reversed(schedule.versions):
        items = _version_items(version, parts)
        if not items:
            continue
        when = format_date(version.in_force, lang)
        table = _table(version, items, lang, examples=examples)
        if current is not None and version.in_force < current.in_force:
            out.append(
                f'<details class="note mpkj-version" data-in-force="{version.in_force.isoformat()}">'
                f'<summary>{escape(t["older"].format(date=when))}</summary>\n{table}\n</details>'
            )
            continue
        status = t["current"] if version is current else t["upcoming"]
        out.append(
            f'<p class="mpkj-version" data-in-force="{version.in_force.isoformat()}"><strong>'
            f'{escape(t["in_force"].format(date=when))}</strong> ({status})</p>\n{table}'
        )
        if version is current or current is None:
            linked = shared if version.in_force == shown_once.in_force else frozenset()
            out.append(_readings(schedule, version, items, lang, linked))
    out.append("</div>")
    return "\n".join(out)


def render_source(schedule: Schedule, lang: str, page, *, schedule_link: bool = False) -> str:
    t = TEXT[lang]
    dates = ", ".join(format_date(v.in_force, lang) for v in reversed(schedule.versions))
    json_link = page_link(page, f"data/{schedule.id}.json")
    csv_link = page_link(page, f"data/{schedule.id}.csv")
    rows = [
        (t["document"], escape(getattr(schedule.document, lang))),
        (t["form"], escape(schedule.form)),
        (t["approved"], escape(getattr(schedule.approved, lang))),
        (t["dates"], escape(dates)),
        (t["open_data"], f'<a href="{json_link}">{schedule.id}.json</a> · <a href="{csv_link}">{schedule.id}.csv</a>'),
    ]
    if schedule_link:
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        href = page_link(page, f"{prefix}schedules/{schedule.id}.html")
        rows.append(("", f'<a href="{href}">{t["schedule_page"]}: {escape(getattr(schedule.title, lang))}</a>'))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" if name else f"<dd>{value}</dd>" for name, value in rows)
    return f'<dl class="mpkj-source" data-schedule="{schedule.id}">{body}</dl>'


def disclaimer(text: str, lang: str, page) -> str:
    t = TEXT[lang]
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    href = page_link(page, f"{prefix}disclaimer.html")
    return (
        f'<div class="admonition warning mpkj-disclaimer"><p>{escape(text)} '
        f'<a href="{href}">{t["disclaimer_link"]}</a></p></div>'
    )


def project_link(lang: str, page) -> str:
    """Every single calculator's way to the project calculator, which adds all of a development's fees up."""
    t = TEXT[lang]
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    href = page_link(page, f"{prefix}calculators/project.html")
    return (f'<p class="mpkj-project-link"><strong>{escape(t["bigger_project"])}</strong> '
            f'<a href="{href}">{escape(t["bigger_project_link"])}</a></p>')


def render_payments(lang: str) -> str:
    """The payments of calc/schedules/payments.toml as a table: which items each takes, when, on what authority."""
    t = TEXT[lang]
    titles = {s.id: getattr(s.title, lang) for s in load_all().values()}
    rows = []
    for payment in payments():
        items = t["all_items"].format(parts=", ".join(payment.parts)) if payment.parts else ""
        part_of = {item.code: item.part for v in load_all()[payment.schedule].versions for item in v.items}
        taken_by_code = [code for other in payments() if other.schedule == payment.schedule and other is not payment
                         for code in other.codes if part_of[code] in payment.parts]
        if payment.parts and taken_by_code:
            items += " (" + t["except"].format(codes=", ".join(taken_by_code)) + ")"
        items = "; ".join(part for part in (items, ", ".join(payment.codes)) if part)
        rows.append(
            f'<tr data-payment="{escape(payment.id)}"><td>{escape(getattr(payment.label, lang))}</td>'
            f"<td>{escape(titles[payment.schedule])}: {escape(items)}</td>"
            f"<td>{escape(getattr(payment.due, lang))}</td><td>{escape(getattr(payment.source, lang))}</td></tr>"
        )
    head = "".join(f'<th scope="col">{t[key]}</th>'
                   for key in ("payment", "payment_items", "payment_due", "payment_source"))
    # A plain <table> in a div: the theme wraps plain tables so that they scroll sideways on a phone.
    return (f'<div class="mpkj-payments">\n<table><thead><tr>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>")




__all__ = [
    "READING_TITLES", "TEXT", "disclaimer", "example_measures", "format_date", "money", "page_link", "project_link",
    "reading_anchor", "render_payments", "render_schedule", "render_source", "shared_readings", "worked_example",
]
