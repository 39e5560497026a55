"""The hand-worked cases of tests/cases/*.yaml, each through calc.estimate and through the command line.

A case passes when the response's lines (item and amount, in order; quantity and rate where the case gives
them) and total are the case's `expected`. The Pyodide run of the same cases is tests/parity/test_parity.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import calc
from calc.schedules import load_all
from tests.cases.load import differences, load_cases

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases()
BY_NAME = {case["name"]: case for case in CASES}
WORKED_EXAMPLES = ROOT / "tests" / "data" / "worked_examples.json"


def _text(case: dict) -> str:
    return json.dumps(case["request"], ensure_ascii=False)


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", "estimate", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize("case", CASES, ids=list(BY_NAME))
def test_estimate(case):
    assert differences(case, calc.estimate(case["request"])) == []


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, subprocess.CompletedProcess]:
    """`python -m calc estimate` once per case, the request on standard input; a few at a time (~70 ms each)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda case: _cli(stdin=_text(case).encode("utf-8")), CASES)
        return dict(zip(BY_NAME, runs, strict=True))


@pytest.mark.parametrize("case", CASES, ids=list(BY_NAME))
def test_command_line(case, cli_runs):
    run = cli_runs[case["name"]]
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == b""
    assert differences(case, json.loads(run.stdout)) == []
    assert run.stdout.decode("utf-8") == calc.estimate_json(_text(case))[1]  # the very bytes the browser gets


def test_command_line_reads_a_request_file(tmp_path):
    case = BY_NAME["20 double-storey terraces of one design"]
    path = tmp_path / "request.json"
    path.write_text(_text(case), encoding="utf-8")
    run = _cli(str(path))
    assert run.returncode == 0, run.stderr
    assert differences(case, json.loads(run.stdout)) == []


def test_each_file_holds_its_own_schedule():
    for case in CASES:
        schedule = case["request"]["schedule"]
        assert case["file"] == ("project.yaml" if schedule in ("project", "development") else f"{schedule}.yaml")


def test_every_item_of_every_schedule_has_a_case():
    charged: dict[str, set[str]] = {}
    for case in CASES:
        parts = case["expected"].get("parts", [case["expected"]])
        requests = case["request"].get("parts") or [case["request"]] * len(parts)
        for request, part in zip(requests, parts, strict=False):
            charged.setdefault(request["schedule"], set()).update(str(line["item"]) for line in part["lines"])
    for schedule in load_all().values():
        codes = {item.code for version in schedule.versions for item in version.items}
        assert codes - charged.get(schedule.id, set()) == set(), schedule.id


def test_the_worked_examples_json_is_a_copy_of_the_cases():
    """tests/data/worked_examples.json feeds the browser tests and the Pyodide snapshot (site_scripts); its
    requests and totals must be those of the hand-worked cases of the same name."""
    examples = json.loads(WORKED_EXAMPLES.read_text("utf-8"))
    assert len(examples) == 8
    for example in examples:
        case = BY_NAME[example["name"]]
        assert example["request"] == case["request"], example["name"]
        assert example["total"] == f"{case['expected']['total']}", example["name"]
