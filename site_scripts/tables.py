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
from calc.project import payments
from calc.readings import Reading, readings_for
from calc.schedules import Item, Schedule, Version, load_all
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


# ---------------------------------------------------------------------------------------------- tables

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


def _table(version: Version, items: list[Item], lang: str) -> str:
    t = TEXT[lang]
    # Each cell names its column (data-label): on a phone the rows stack and show it (docs/stylesheets/mpkj.css).
    code, item_, rate, unit, minimum = (escape(t[key]) for key in ("code", "item", "rate", "unit", "minimum"))
    rows = []
    for item in items:
        label = escape(getattr(item.label, lang))
        if item.remark is not None:
            label += f'<br><small class="mpkj-note">{escape(getattr(item.remark, lang))}</small>'
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


def _readings(schedule: Schedule, version: Version, items: list[Item], lang: str) -> str:
    """The readings (calc.readings) that concern the items shown, each once, as admonitions quoting `version`."""
    t = TEXT[lang]
    found: dict[str, tuple[Reading, list[str]]] = {}
    for item in items:
        refs = {item.code, item.ref}
        for ref in sorted(refs):
            for reading in readings_for(schedule.id, ref, version):
                entry = found.setdefault(reading.id, (reading, []))
                if item.code not in entry[1]:
                    entry[1].append(item.code)
    blocks = []
    for note, codes in found.values():
        blocks.append(
            f'<div class="admonition info mpkj-interpretation" data-note="{escape(note.id)}">'
            f'<p class="admonition-title">{t["interpretation"]}</p>'
            f"<p>{escape(getattr(note.text, lang))}</p>"
            f'<p><small>{escape(t["applies_to"].format(items=", ".join(codes)))}</small></p></div>'
        )
    return "\n".join(blocks)


def _version_items(version: Version, parts: tuple[str, ...] | None) -> list[Item]:
    if parts is None:
        return list(version.items)
    return [item for part in parts for item in version.items if item.part == part]


def render_schedule(schedule: Schedule, parts: tuple[str, ...] | None, lang: str, *, today: date) -> str:
    """Tables of the items of `parts` in every version, newest first; versions before the current one folded."""
    t = TEXT[lang]
    current = schedule.version_on(today)
    out = [f'<div class="mpkj-schedule" data-schedule="{schedule.id}" data-parts="{",".join(parts or ())}">']
    for version in reversed(schedule.versions):
        items = _version_items(version, parts)
        if not items:
            continue
        when = format_date(version.in_force, lang)
        table = _table(version, items, lang)
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
            out.append(_readings(schedule, version, items, lang))
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
    "TEXT", "disclaimer", "format_date", "money", "page_link", "project_link", "render_payments", "render_schedule",
    "render_source",
]
