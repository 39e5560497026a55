"""The build's memory snapshot (site_scripts/assets/pyodide_snapshot.py): made in Node from the vendored Pyodide,
restored with an empty standard library as the browser does, and refused when it answers differently from CPython."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import calc
from calc.calculators import CALCULATORS
from site_scripts.assets.pyodide_assets import build_calc_zip
from site_scripts.assets.pyodide_snapshot import MAGIC, SnapshotError, published_snapshot, read_header, requests

ROOT = Path(__file__).resolve().parents[2]


def _expected() -> list[tuple[int, str]]:
    return [calc.estimate_json(text) for text in requests()]


def test_the_checks_cover_every_calculator_a_project_and_bad_requests() -> None:
    texts, count = requests(), len(CALCULATORS)
    assert [json.loads(text) for text in texts[:count]] == [c.example_request() for c in CALCULATORS]
    assert json.loads(texts[count])["schedule"] == "project"
    statuses = [status for status, _ in _expected()]
    assert statuses[:count + 1] == [0] * (count + 1)
    assert set(statuses[count + 1:]) == {2}


def test_a_snapshot_is_made_checked_and_reused(tmp_path: Path) -> None:
    calc_zip = build_calc_zip(ROOT)
    key, data = published_snapshot(ROOT, calc_zip, _expected(), cache_dir=tmp_path)
    raw = gzip.decompress(data)
    assert raw.startswith(MAGIC)
    header = read_header(raw)
    assert header["key"] == key
    first = requests()[0]
    assert header["check"] == {"request": first, "status": 0, "text": calc.estimate_json(first)[1]}
    start = len(MAGIC) + 4 + int.from_bytes(raw[len(MAGIC):len(MAGIC) + 4], "little")
    assert start % 16 == 0  # Pyodide reads the snapshot as 32-bit words
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.bin"]
    # The second build reuses it: the same bytes, even with answers that would fail a new check.
    assert published_snapshot(ROOT, calc_zip, [], cache_dir=tmp_path) == (key, data)


def test_a_snapshot_that_answers_differently_fails_the_build(tmp_path: Path) -> None:
    expected = _expected()
    status, text = expected[-1]
    expected[-1] = (status, text.replace("e", "E"))
    with pytest.raises(SnapshotError, match="differently from CPython"):
        published_snapshot(ROOT, build_calc_zip(ROOT), expected, cache_dir=tmp_path)
    assert not list(tmp_path.glob("*.bin"))
