"""MkDocs hooks of the MPKj fee site.

Every rate on the site comes from `calc.schedules.load_all()`; the Markdown pages hold only prose and markers,
each marker a whole line:

    <!-- schedule: building_plan -->              every item of the schedule (all versions, newest first)
    <!-- schedule: building_plan part=B,C -->     only the items of those parts
    <!-- schedule-source: building_plan -->       document, form, approval, dates in force, open data links
    <!-- calculator: building_plan/new -->        the calculator (site_scripts.forms) + a <noscript> notice
                                                  + the schedule items it is based on
    <!-- sources -->                              the source box of every schedule (sources page)
    <!-- offline-zip-link -->                     a link to downloads/mpkj-fees-offline.zip

A line `<!-- name ... -->` whose name is lowercase letters, digits, `-` or `_` is a marker: an unknown name or a
bad argument stops the build with a message naming the page. Pages with a schedule or calculator marker also get
a short disclaimer under their title.

After the build, each schedule is written as open data (`data/<id>.json`, `data/<id>.csv`), the iframe-worker
shim is vendored from node_modules, and `site_scripts.pyodide_assets.install_runtime` is called if it exists.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import logging
import os
import re
import sys
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # calc and site_scripts run from the repository, uninstalled
    sys.path.insert(0, str(REPO_ROOT))

from calc.engine import long_date  # noqa: E402  (needs the sys.path line above)
from calc.project import payments  # noqa: E402
from calc.readings import interpretations_for  # noqa: E402
from calc.schedules import Item, Schedule, Version, load_all  # noqa: E402
from site_scripts import csp  # noqa: E402

IFRAME_WORKER_SRC = REPO_ROOT / "node_modules" / "iframe-worker"
IFRAME_WORKER_DEST = "assets/vendor/iframe-worker"
OFFLINE_ZIP = "downloads/mpkj-fees-offline.zip"
DEFAULT_LANG = "ms"

# Calculator id -> (schedule, parts of the schedule the calculator charges; None = all parts).
CALCULATORS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "planning_permission/new": ("planning_permission", ("A",)),
    "planning_permission/extension": ("planning_permission", ("B",)),
    "planning_permission/advertisement": ("planning_permission", ("C",)),
    "building_plan/new": ("building_plan", ("A", "B", "C", "D", "E", "F", "G")),
    "building_plan/amendment": ("building_plan", ("H", "B", "C")),
    "building_plan/addition": ("building_plan", ("I", "B", "C")),
    "building_plan/temporary_building": ("building_plan", ("J", "B")),
    "building_plan/cabin": ("building_plan", ("K", "B")),
    "building_plan/permits": ("building_plan", ("L", "M", "N")),
    "deposit": ("deposit", None),
}
PROJECT_CALCULATOR = "development"  # calculators/project: every schedule, grouped by payment (calc/project.py)

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
        "disclaimer": "Anggaran sahaja. Taksiran Majlis Perbandaran Kajang adalah muktamad.",
        "disclaimer_link": "Penafian",
        "noscript": "Kalkulator ini memerlukan JavaScript. Tanpa JavaScript, kirakan fi menggunakan jadual di bawah.",
        "based_on": "Jadual yang digunakan",
        "zip": "Muat turun mpkj-fees-offline.zip",
        "minimum_months": {"development": "projek pembangunan", "detached_house": "rumah sesebuah"},
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
        "disclaimer": "Estimates only. The Kajang Municipal Council's own assessment is final.",
        "disclaimer_link": "Disclaimer",
        "noscript": "This calculator needs JavaScript. Without it, work out the fee from the schedule below.",
        "based_on": "Schedule used",
        "zip": "Download mpkj-fees-offline.zip",
        "minimum_months": {"development": "development project", "detached_house": "detached house"},
        "noscript_project": "This calculator needs JavaScript. Without it, work out each fee from the schedules "
                            "linked below.",
        "bigger_project": "Part of a bigger project?",
        "bigger_project_link": "Work out every fee of the development at once",
        "payments": "How the payments are grouped",
        "payment": "Payment", "payment_items": "Items", "payment_due": "When it is paid", "payment_source": "Source",
        "all_items": "all items {parts}", "except": "except {codes}",
    },
}


class _InstantSwitchNotice(logging.Filter):
    """mkdocs-static-i18n warns that its per-page language links go stale under navigation.instant (Material
    keeps the header when it swaps pages). docs/overrides/main.html refreshes the links after each instant
    navigation, so the warning, which would fail `mkdocs build --strict`, is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_InstantSwitchNotice())

MARKER = re.compile(r"^[ \t]*<!--\s*([a-z][a-z0-9_-]*)(?::\s*|\s+|(?=\s*-->))(.*?)\s*-->[ \t]*$", re.MULTILINE)


# ---------------------------------------------------------------------------------------------- formatting

def money(amount: Decimal) -> str:
    """An amount as the tables show it: ringgit with sen, thousands grouped."""
    return f"RM {amount:,.2f}"


def format_date(day: date, lang: str) -> str:
    """"11 November 2021" in the page's language, as calc writes dates in its notes."""
    return getattr(long_date(day), lang)


def _fraction(value: Decimal) -> str:
    return "½" if value == Decimal("0.5") else str(value.normalize())


def _page_lang(page) -> str:
    lang = getattr(page.file, "locale", None) or DEFAULT_LANG
    return lang if lang in TEXT else DEFAULT_LANG


def _page_link(page, root_path: str) -> str:
    """A link from `page` to a file at `root_path` under the site root, relative so sub-paths and file:// work."""
    return get_relative_url(root_path, page.url or "index.html")


# ---------------------------------------------------------------------------------------------- tables

def _rate_cell(item: Item, lang: str) -> str:
    t = TEXT[lang]
    if item.tiers:
        lines, start = [], 1
        for tier in item.tiers:
            if tier.up_to is None:
                span = t["units_rest"].format(start=start)
            else:
                span = t["units_tier"].format(start=start, end=tier.up_to)
                start = tier.up_to + 1
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
        names = t["minimum_months"]
        return "<br>".join(
            escape(f"{t['months'].format(n=n)} ({names.get(key, key)})") for key, n in item.minimum_months
        )
    return "—"


def _table(version: Version, items: list[Item], lang: str) -> str:
    t = TEXT[lang]
    # Each cell names its column (data-label): on a phone the rows stack and show it (docs/stylesheets/mpkj.css).
    code, item_, rate, unit, minimum = (escape(t[key]) for key in ("code", "item", "rate", "unit", "minimum"))
    rows = []
    for item in items:
        label = escape(getattr(item.label, lang))
        if item.note is not None:
            label += f'<br><small class="mpkj-note">{escape(getattr(item.note, lang))}</small>'
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


def _notes(schedule: Schedule, items: list[Item], lang: str) -> str:
    """The interpretation notes (calc.readings) that concern the items shown, each once, as admonitions."""
    t = TEXT[lang]
    found: dict[int, tuple[object, list[str]]] = {}
    for item in items:
        refs = {item.code, item.ref}
        for ref in sorted(refs):
            for note in interpretations_for(schedule.id, ref):
                entry = found.setdefault(id(note), (note, []))
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
            out.append(_notes(schedule, items, lang))
    out.append("</div>")
    return "\n".join(out)


def render_source(schedule: Schedule, lang: str, page, *, schedule_link: bool = False) -> str:
    t = TEXT[lang]
    dates = ", ".join(format_date(v.in_force, lang) for v in reversed(schedule.versions))
    json_link = _page_link(page, f"data/{schedule.id}.json")
    csv_link = _page_link(page, f"data/{schedule.id}.csv")
    rows = [
        (t["document"], escape(getattr(schedule.document, lang))),
        (t["form"], escape(schedule.form)),
        (t["approved"], escape(getattr(schedule.approved, lang))),
        (t["dates"], escape(dates)),
        (t["open_data"], f'<a href="{json_link}">{schedule.id}.json</a> · <a href="{csv_link}">{schedule.id}.csv</a>'),
    ]
    if schedule_link:
        prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
        href = _page_link(page, f"{prefix}schedules/{schedule.id}.html")
        rows.append(("", f'<a href="{href}">{t["schedule_page"]}: {escape(getattr(schedule.title, lang))}</a>'))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" if name else f"<dd>{value}</dd>" for name, value in rows)
    return f'<dl class="mpkj-source" data-schedule="{schedule.id}">{body}</dl>'


def _disclaimer(lang: str, page) -> str:
    t = TEXT[lang]
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    href = _page_link(page, f"{prefix}disclaimer.html")
    return (
        f'<div class="admonition warning mpkj-disclaimer"><p>{escape(t["disclaimer"])} '
        f'<a href="{href}">{t["disclaimer_link"]}</a></p></div>'
    )


def _project_link(lang: str, page) -> str:
    """Every single calculator's way to the project calculator, which adds all of a development's fees up."""
    t = TEXT[lang]
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    href = _page_link(page, f"{prefix}calculators/project.html")
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


def _render_calculator(calculator_id: str, lang: str, site_url: str) -> str:
    forms = _optional_module("site_scripts.forms")
    if forms is None:
        return f'<div class="mpkj-calculator" data-calculator="{escape(calculator_id)}" data-lang="{lang}"></div>'
    return forms.render_calculator(calculator_id, lang, site_url)


def _optional_module(name: str):
    """Import a sibling module another part of the project provides, or None while it does not exist yet."""
    if str(REPO_ROOT) not in sys.path:  # MkDocs restores sys.path after loading this hook module
        sys.path.insert(0, str(REPO_ROOT))
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


# ---------------------------------------------------------------------------------------------- markers

def _fail(page, message: str) -> None:
    raise PluginError(f"site_scripts/hooks.py: {page.file.src_uri}: {message}")


def _schedule_arg(page, value: str) -> Schedule:
    schedules = load_all()
    if value not in schedules:
        _fail(page, f"unknown schedule {value!r} (known: {', '.join(schedules)})")
    return schedules[value]


def _expand(name: str, args: str, page, lang: str, today: date, site_url: str = "") -> str:
    words = args.split()
    if name == "schedule":
        if not words or len(words) > 2 or (len(words) == 2 and not words[1].startswith("part=")):
            _fail(page, f"marker 'schedule' takes an id and optionally part=A,B; got {args!r}")
        schedule = _schedule_arg(page, words[0])
        parts = tuple(words[1].removeprefix("part=").split(",")) if len(words) == 2 else None
        known = {item.part for version in schedule.versions for item in version.items}
        for part in parts or ():
            if part not in known:
                _fail(page, f"schedule {schedule.id} has no part {part!r} (parts: {', '.join(sorted(known))})")
        return render_schedule(schedule, parts, lang, today=today)
    if name == "schedule-source":
        if len(words) != 1:
            _fail(page, f"marker 'schedule-source' takes one schedule id; got {args!r}")
        return render_source(_schedule_arg(page, words[0]), lang, page)
    if name == "sources":
        if words:
            _fail(page, f"marker 'sources' takes no arguments; got {args!r}")
        return "\n\n".join(
            f"## {getattr(s.title, lang)}\n\n{render_source(s, lang, page, schedule_link=True)}"
            for s in load_all().values()
        )
    if name == "calculator":
        if words == [PROJECT_CALCULATOR]:
            return "\n\n".join((
                _render_calculator(PROJECT_CALCULATOR, lang, site_url),
                f'<noscript><p class="mpkj-noscript">{escape(TEXT[lang]["noscript_project"])}</p></noscript>',
                f"## {TEXT[lang]['payments']}",
                render_payments(lang),
                *(render_source(s, lang, page, schedule_link=True) for s in load_all().values()),
            ))
        if len(words) != 1 or words[0] not in CALCULATORS:
            _fail(page, f"unknown calculator {args!r} (known: {', '.join([*CALCULATORS, PROJECT_CALCULATOR])})")
        calculator_id = words[0]
        schedule_id, parts = CALCULATORS[calculator_id]
        schedule = load_all()[schedule_id]
        return "\n\n".join((
            _project_link(lang, page),
            _render_calculator(calculator_id, lang, site_url),
            f'<noscript><p class="mpkj-noscript">{escape(TEXT[lang]["noscript"])}</p></noscript>',
            f"## {TEXT[lang]['based_on']}",
            render_schedule(schedule, parts, lang, today=today),
            render_source(schedule, lang, page),
        ))
    if name == "offline-zip-link":
        if words:
            _fail(page, f"marker 'offline-zip-link' takes no arguments; got {args!r}")
        return f'<p><a class="md-button" href="{_page_link(page, OFFLINE_ZIP)}" download>{TEXT[lang]["zip"]}</a></p>'
    _fail(page, f"unknown marker <!-- {name} ... --> (known: schedule, schedule-source, sources, calculator, "
                "offline-zip-link)")
    raise AssertionError  # unreachable: _fail raises


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = _page_lang(page)
    today = date.today()
    site_url = (config.get("site_url") if config is not None else None) or ""
    found: list[str] = []

    def replace(match: re.Match) -> str:
        found.append(match.group(1))
        return "\n" + _expand(match.group(1), match.group(2), page, lang, today, site_url) + "\n"

    markdown = MARKER.sub(replace, markdown)
    if {"schedule", "calculator"} & set(found):
        title = re.search(r"^# .*$", markdown, re.MULTILINE)
        if title is None:
            _fail(page, "a page with a schedule or calculator needs a '# ' title line")
        at = title.end()
        markdown = f"{markdown[:at]}\n\n{_disclaimer(lang, page)}\n{markdown[at:]}"
    return markdown


# ---------------------------------------------------------------------------------------------- files, switch

def on_config(config):
    if not (IFRAME_WORKER_SRC / "shim" / "index.js").is_file():
        raise PluginError(
            f"site_scripts/hooks.py: {IFRAME_WORKER_SRC}/shim/index.js is missing; run `npm ci` (or `make site`)"
        )
    return config


def on_files(files, config):
    vendored = ((IFRAME_WORKER_SRC / "shim" / "index.js", "shim.js"), (IFRAME_WORKER_SRC / "LICENSE", "LICENSE"))
    for source, name in vendored:
        uri = f"{IFRAME_WORKER_DEST}/{name}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_page_context(context, page, config, nav):
    """Point the language switch at this page in each language, by a relative link (the i18n plugin links the
    home pages by absolute path, which breaks under a sub-path and on file://)."""
    alternates = getattr(page.file, "alternates", None) or {}
    for alternate in config.extra.get("alternate") or []:
        target = alternates.get(alternate.get("lang"))
        if target is not None:
            alternate["link"] = target.url or "index.html"
    return context


# ---------------------------------------------------------------------------------------------- open data

CSV_COLUMNS = (
    "code", "key", "part", "label_ms", "label_en", "rate", "unit_ms", "unit_en", "minimum", "block", "in_force",
    "source_ms", "source_en", "fraction", "tiers", "bands", "minimum_months", "note_ms", "note_en",
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def schedule_document(schedule: Schedule) -> dict:
    """The schedule as JSON-able data: every version, every item, amounts as exact decimal strings."""
    return {
        "schedule": schedule.id,
        "title": schedule.title.as_dict(),
        "document": schedule.document.as_dict(),
        "source_prefix": schedule.source_prefix.as_dict(),
        "form": schedule.form,
        "approved": schedule.approved.as_dict(),
        "currency": "MYR",
        "versions": [
            {
                "in_force": version.in_force.isoformat(),
                "items": [
                    {
                        "code": item.code, "key": item.key, "part": item.part,
                        "label": item.label.as_dict(), "unit": item.unit.as_dict(),
                        "rate": _text(item.rate), "block": _text(item.block), "minimum": _text(item.minimum),
                        "fraction": _text(item.fraction),
                        "note": item.note.as_dict() if item.note else None,
                        "tiers": [{"up_to": tier.up_to, "rate": str(tier.rate)} for tier in item.tiers],
                        "bands": [
                            {"from": band.start, "percent": str(band.percent), "label": band.label.as_dict()}
                            for band in item.bands
                        ],
                        "minimum_months": dict(item.minimum_months),
                        "source": _item_source(schedule, item),
                    }
                    for item in version.items
                ],
            }
            for version in reversed(schedule.versions)
        ],
    }


def _item_source(schedule: Schedule, item: Item) -> dict[str, str]:
    return {
        "ms": f"{schedule.source_prefix.ms}, perkara {item.code}",
        "en": f"{schedule.source_prefix.en}, item {item.code}",
    }


def schedule_csv(schedule: Schedule) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for version in reversed(schedule.versions):
        for item in version.items:
            source = _item_source(schedule, item)
            writer.writerow((
                item.code, item.key or "", item.part, item.label.ms, item.label.en, _text(item.rate) or "",
                item.unit.ms, item.unit.en, _text(item.minimum) or "", _text(item.block) or "",
                version.in_force.isoformat(), source["ms"], source["en"], _text(item.fraction) or "",
                ";".join(f"{tier.up_to or ''}:{tier.rate}" for tier in item.tiers),
                ";".join(f"{band.start}:{band.percent}" for band in item.bands),
                ";".join(f"{key}:{n}" for key, n in item.minimum_months),
                item.note.ms if item.note else "", item.note.en if item.note else "",
            ))
    return buffer.getvalue()


def _offline() -> bool:
    return os.environ.get("MPKJ_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", DEFAULT_LANG) != DEFAULT_LANG:
        return  # the i18n plugin builds each language in turn; the site-wide files are written once
    site_dir = Path(config.site_dir)
    data_dir = site_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for schedule in load_all().values():
        document = json.dumps(schedule_document(schedule), ensure_ascii=False, indent=2) + "\n"
        (data_dir / f"{schedule.id}.json").write_text(document, encoding="utf-8")
        (data_dir / f"{schedule.id}.csv").write_text(schedule_csv(schedule), encoding="utf-8", newline="")
    assets = _optional_module("site_scripts.pyodide_assets")
    if assets is not None:
        assets.install_runtime(site_dir, REPO_ROOT, offline=_offline())


# Then, once every language is built, the Content-Security-Policy meta of every page (site_scripts/csp.py).
on_post_build = CombinedEvent(on_post_build, csp.after_build)


__all__ = [
    "CALCULATORS", "format_date", "money", "on_config", "on_files", "on_page_context", "on_page_markdown",
    "on_post_build", "render_payments", "render_schedule", "render_source", "schedule_csv", "schedule_document",
]
