"""MkDocs hook: each schedule as open data, `data/<id>.json` and `data/<id>.csv`, written once per build (the
schedules are the same in every language). Every version and every item, amounts as exact decimal strings.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from calc.schedules import Reference, Schedule, load_all
from site_scripts.build_state import first_build

CSV_COLUMNS = (
    "code", "key", "part", "label_ms", "label_en", "rate", "unit_ms", "unit_en", "minimum", "block", "in_force",
    "source_ms", "source_en", "fraction", "tiers", "bands", "minimum_months", "remark_ms", "remark_en",
    "reference_item", "reference_page", "least_area_ft2",
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _reference(reference: Reference) -> dict:
    """Where the item is printed; the heading only where the document numbers under one (additional works)."""
    cited: dict = {"item": reference.item, "page": reference.page}
    if reference.heading is not None:
        cited["heading"] = reference.heading.as_dict()
    return cited


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
                        "least_area_ft2": _text(item.least_area_ft2),
                        "remark": item.remark.as_dict() if item.remark else None,
                        "tiers": [{"up_to": tier.up_to, "rate": str(tier.rate)} for tier in item.tiers],
                        "bands": [
                            {"first_building": band.start, "last_building": band.end, "percent": str(band.percent),
                             "label": band.label.as_dict()}
                            for band in item.bands
                        ],
                        "minimum_months": dict(item.minimum_months),
                        "source": schedule.source_of(item).as_dict(),
                        "reference": _reference(item.reference),
                    }
                    for item in version.items
                ],
            }
            for version in reversed(schedule.versions)
        ],
    }


def schedule_csv(schedule: Schedule) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for version in reversed(schedule.versions):
        for item in version.items:
            source = schedule.source_of(item)
            writer.writerow((
                item.code, item.key or "", item.part, item.label.ms, item.label.en, _text(item.rate) or "",
                item.unit.ms, item.unit.en, _text(item.minimum) or "", _text(item.block) or "",
                version.in_force.isoformat(), source.ms, source.en, _text(item.fraction) or "",
                ";".join(f"{tier.up_to or ''}:{tier.rate}" for tier in item.tiers),
                ";".join(f"{band.start}:{band.percent}" for band in item.bands),
                ";".join(f"{key}:{n}" for key, n in item.minimum_months),
                item.remark.ms if item.remark else "", item.remark.en if item.remark else "",
                item.reference.item, item.reference.page or "", _text(item.least_area_ft2) or "",
            ))
    return buffer.getvalue()



def on_post_build(config) -> None:
    if not first_build(config):
        return  # the i18n plugin builds each language in turn; the files are written once
    data_dir = Path(config.site_dir) / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for schedule in load_all().values():
        document = json.dumps(schedule_document(schedule), ensure_ascii=False, indent=2) + "\n"
        (data_dir / f"{schedule.id}.json").write_text(document, encoding="utf-8")
        (data_dir / f"{schedule.id}.csv").write_text(schedule_csv(schedule), encoding="utf-8", newline="")


__all__ = ["CSV_COLUMNS", "on_post_build", "schedule_csv", "schedule_document"]
