"""MkDocs hook: the markers of the Markdown pages. Every rate on the site comes from `calc.schedules.load_all()`; the
pages hold only prose and markers, each marker a whole line:

    <!-- schedule: building_plan -->              every item of the schedule (all versions, newest first)
    <!-- schedule: building_plan part=B,C -->     only the items of those parts
    <!-- schedule-source: building_plan -->       document, form, approval, dates in force, open data links
    <!-- calculator: building_plan/new -->        the calculator (site_scripts.forms) + a <noscript> notice
                                                  + the schedule parts it charges (calc/calculators.py)
    <!-- calculator: development -->              the project calculator, the payments, every schedule's source
    <!-- sources -->                              the source box of every schedule (sources page)
    <!-- offline-zip-link -->                     a link to downloads/mpkj-fees-offline.zip

A line `<!-- name ... -->` whose name is lowercase letters, digits, `-` or `_` is a marker: an unknown name or a
bad argument stops the build with a message naming the page. Pages with a schedule or calculator marker also get
a short disclaimer under their title. On a page of several `schedule` markers, a reading that concerns more than
one of their tables (the rounding of part blocks) is shown once, under its own heading before the page's first
section, and each table links to it; each per-block rate of a `schedule` marker gets a worked example. The HTML is
site_scripts/tables.py's.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from mkdocs.exceptions import PluginError

from calc.calculators import CALCULATORS, DEVELOPMENT
from calc.schedules import Schedule, load_all
from site_scripts.build_state import disclaimer as site_disclaimer
from site_scripts.build_state import page_language
from site_scripts.forms import render_calculator
from site_scripts.tables import (
    TEXT,
    disclaimer,
    page_link,
    project_link,
    render_payments,
    render_schedule,
    render_source,
    shared_readings,
)

OFFLINE_ZIP = "downloads/mpkj-fees-offline.zip"
PROJECT_CALCULATOR = DEVELOPMENT.id  # calculators/project: every schedule, grouped by payment (calc/project.py)
MARKER = re.compile(r"^[ \t]*<!--\s*([a-z][a-z0-9_-]*)(?::\s*|\s+|(?=\s*-->))(.*?)\s*-->[ \t]*$", re.MULTILINE)


def _fail(page, message: str) -> None:
    raise PluginError(f"site_scripts/hooks/markers.py: {page.file.src_uri}: {message}")


def _schedule_arg(page, value: str) -> Schedule:
    schedules = load_all()
    if value not in schedules:
        _fail(page, f"unknown schedule {value!r} (known: {', '.join(schedules)})")
    return schedules[value]


def _schedule_marker(page, args: str) -> tuple[Schedule, tuple[str, ...] | None]:
    """The schedule and the parts (None: all) of a `schedule` marker."""
    words = args.split()
    if not words or len(words) > 2 or (len(words) == 2 and not words[1].startswith("part=")):
        _fail(page, f"marker 'schedule' takes an id and optionally part=A,B; got {args!r}")
    schedule = _schedule_arg(page, words[0])
    parts = tuple(words[1].removeprefix("part=").split(",")) if len(words) == 2 else None
    known = {item.part for version in schedule.versions for item in version.items}
    for part in parts or ():
        if part not in known:
            _fail(page, f"schedule {schedule.id} has no part {part!r} (parts: {', '.join(sorted(known))})")
    return schedule, parts


def _shared_readings(markdown: str, page, lang: str, today: date) -> tuple[dict[str, frozenset[str]], str]:
    """A reading that concerns several tables of one page (the rounding of part blocks concerns eight on the
    building plan page) is shown once, near the top, and each table links to it: (the shared reading ids of each
    schedule, their boxes under a heading, or "")."""
    tables: dict[str, tuple[Schedule, list[tuple[str, ...] | None]]] = {}
    for match in MARKER.finditer(markdown):
        if match.group(1) == "schedule":
            schedule, parts = _schedule_marker(page, match.group(2))
            tables.setdefault(schedule.id, (schedule, []))[1].append(parts)
    shared: dict[str, frozenset[str]] = {}
    boxes = []
    for schedule, parts_of_tables in tables.values():
        shared[schedule.id], html = shared_readings(schedule, parts_of_tables, lang, today=today)
        if html:
            boxes.append(html)
    if not boxes:
        return shared, ""
    return shared, f"## {TEXT[lang]['readings']}\n\n" + "\n".join(boxes) + "\n"


def _expand(name: str, args: str, page, lang: str, today: date, site_url: str, warning: str,
            shared: dict[str, frozenset[str]]) -> str:
    words = args.split()
    if name == "schedule":
        schedule, parts = _schedule_marker(page, args)
        # On a schedule page each per-block rate gets a worked example; under a calculator the form is the example.
        return render_schedule(schedule, parts, lang, today=today, examples=True,
                               shared=shared.get(schedule.id, frozenset()))
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
                render_calculator(PROJECT_CALCULATOR, lang, site_url, disclaimer=warning),
                f'<noscript><p class="mpkj-noscript">{escape(TEXT[lang]["noscript_project"])}</p></noscript>',
                f"## {TEXT[lang]['payments']}",
                render_payments(lang),
                *(render_source(s, lang, page, schedule_link=True) for s in load_all().values()),
            ))
        calculators = {calculator.id: calculator for calculator in CALCULATORS}
        if len(words) != 1 or words[0] not in calculators:
            _fail(page, f"unknown calculator {args!r} (known: {', '.join([*calculators, PROJECT_CALCULATOR])})")
        calculator = calculators[words[0]]
        schedule = load_all()[calculator.schedule]
        return "\n\n".join((
            project_link(lang, page),
            render_calculator(calculator.id, lang, site_url, disclaimer=warning),
            f'<noscript><p class="mpkj-noscript">{escape(TEXT[lang]["noscript"])}</p></noscript>',
            f"## {TEXT[lang]['based_on']}",
            render_schedule(schedule, calculator.parts, lang, today=today),
            render_source(schedule, lang, page),
        ))
    if name == "offline-zip-link":
        if words:
            _fail(page, f"marker 'offline-zip-link' takes no arguments; got {args!r}")
        return f'<p><a class="md-button" href="{page_link(page, OFFLINE_ZIP)}" download>{TEXT[lang]["zip"]}</a></p>'
    _fail(page, f"unknown marker <!-- {name} ... --> (known: schedule, schedule-source, sources, calculator, "
                "offline-zip-link)")
    raise AssertionError  # unreachable: _fail raises


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page_language(page)
    today = date.today()
    site_url = (config.get("site_url") if config is not None else None) or ""
    warning = site_disclaimer(config) if config is not None else ""
    found: list[str] = []
    shared, readings = _shared_readings(markdown, page, lang, today)
    if readings:  # before the page's first section, after its introduction
        first_section = re.search(r"^## ", markdown, re.MULTILINE)
        at = first_section.start() if first_section else len(markdown)
        markdown = f"{markdown[:at]}{readings}\n{markdown[at:]}"

    def replace(match: re.Match) -> str:
        found.append(match.group(1))
        return "\n" + _expand(match.group(1), match.group(2), page, lang, today, site_url, warning, shared) + "\n"

    markdown = MARKER.sub(replace, markdown)
    if {"schedule", "calculator"} & set(found):
        title = re.search(r"^# .*$", markdown, re.MULTILINE)
        if title is None:
            _fail(page, "a page with a schedule or calculator needs a '# ' title line")
        at = title.end()
        markdown = f"{markdown[:at]}\n\n{disclaimer(warning, lang, page)}\n{markdown[at:]}"
    return markdown


__all__ = ["MARKER", "on_page_markdown"]
