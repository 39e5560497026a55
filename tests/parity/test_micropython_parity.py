"""CPython and MicroPython (the npm WebAssembly port, 1.27.0, under Node) give the same answers to every request
of the parity corpus (tests/parity/corpus.py): every hand-worked case, every hostile row and the review's 1 MB
requests, and a fuzz corpus of 2,400 requests from a fixed seed. Equal as parsed JSON: totals, lines, notes, errors
(MicroPython's dicts keep no order, so the key order of objects is not compared; the order of lists is).

calc goes to MicroPython as the page boots it (contract 5): its .py files unchanged, the schedules exported as
JSON by calc.schedules.export_json, the stand-ins after the package on sys.path; one Node process answers all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import calc
from calc.schedules import data_path, load_all, load_file, read_data
from calc.schedules.export_json import DATA_FILES, export
from tests.parity import corpus

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("run_micropython.mjs")
TODAY = date(2025, 6, 1)  # the date the page sends (MicroPython's own date.today() is UTC)


def _package(into: Path) -> None:
    """calc's .py files (stand-ins included) and the schedules as JSON, as the build ships them."""
    for source in (ROOT / "calc").rglob("*.py"):
        target = into / "calc" / source.relative_to(ROOT / "calc")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    export(str(into / "calc" / "schedules"))


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int, str, int]]:
    """Each request's (text, MicroPython's status, MicroPython's answer, its time in ms), by name."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "@micropython").is_dir():
        pytest.fail("needs Node and node_modules (make node_modules/.mpkj-installed)")
    work = tmp_path_factory.mktemp("micropython")
    _package(work)
    texts = corpus.corpus()
    (work / "requests").mkdir()
    for number, text in enumerate(texts.values()):
        (work / "requests" / f"{number}.json").write_bytes(text.encode("utf-8", "surrogatepass"))
    (work / "today.txt").write_text(TODAY.isoformat(), encoding="utf-8")
    run = subprocess.run(["node", str(RUNNER), str(work)], cwd=ROOT, capture_output=True, text=True, timeout=900,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    timings = json.loads((work / "timings.json").read_text(encoding="utf-8"))
    found = {}
    for number, (name, text) in enumerate(texts.items()):
        status, _, answer = (work / "answers" / f"{number}.json").read_text(encoding="utf-8").partition("\n")
        found[name] = (text, int(status), answer, timings[number])
    return found


def test_the_corpus_is_as_large_as_promised(answers):
    names = list(answers)
    assert sum(name.startswith("case: ") for name in names) >= 190
    assert sum(name.startswith("hostile") for name in names) >= 45
    assert sum(name.startswith("fuzz ") for name in names) >= 2000


def test_micropython_answers_as_cpython(answers):
    differing = []
    for name, (text, status, answer, _) in answers.items():
        expected_status, expected = calc.estimate_json(text, today=TODAY)
        if status != expected_status or json.loads(answer) != json.loads(expected):
            differing.append(f"{name}: CPython {expected_status} {expected[:300]!r}\nMicroPython {status} "
                             f"{answer[:600]!r}")
    assert not differing, f"{len(differing)} of {len(answers)} differ:\n" + "\n".join(differing[:5])


def test_micropython_answers_each_1mb_request_in_seconds(answers):
    # Measured in MicroPython itself; a guard far above the few seconds they take, not a benchmark.
    slow = {name: ms for name, (_, _, _, ms) in answers.items() if ms > 60_000}
    assert not slow


@pytest.mark.parametrize("name", DATA_FILES)
def test_the_exported_json_loads_as_the_toml(name, tmp_path):
    export(str(tmp_path))
    assert read_data(tmp_path / f"{name}.json") == read_data(data_path(name))  # dates and all, as TOML gave them
    if name == "payments":
        return
    assert load_file(tmp_path / f"{name}.json") == load_all()[name]
    assert load_file(tmp_path / f"{name}.json").versions == load_all()[name].versions
