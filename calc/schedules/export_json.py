"""`python -m calc.schedules.export_json OUT_DIR`: each data file of calc/schedules as JSON, for MicroPython.

MicroPython has no tomllib, so the build writes `<name>.json` beside the package's other files and the loader
reads those where tomllib is missing. JSON has no dates: a date is written {"$date": "2021-11-11"} (DATE_TAG),
which the loader turns back into a date. Run by CPython only.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

from calc.schedules import DATE_TAG, SCHEDULE_IDS, data_path, read_data

__all__ = ["DATA_FILES", "export", "main"]

DATA_FILES = SCHEDULE_IDS + ("payments",)


def tagged(value: Any) -> Any:
    """TOML's values as JSON can hold them: a date as {"$date": "YYYY-MM-DD"}."""
    if isinstance(value, datetime):
        raise ValueError(f"a date and time where a date was expected: {value}")
    if isinstance(value, date):
        return {DATE_TAG: value.isoformat()}
    if isinstance(value, dict):
        return {key: tagged(member) for key, member in value.items()}
    if isinstance(value, list):
        return [tagged(member) for member in value]
    return value


def export(out_dir: str) -> list[str]:
    """Writes OUT_DIR/<name>.json for each data file; returns the paths written."""
    written = []
    for name in DATA_FILES:
        path = f"{out_dir}/{name}.json"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(tagged(read_data(data_path(name)))))
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m calc.schedules.export_json OUT_DIR", file=sys.stderr)
        return 1
    export(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
