"""The hand-worked cases of tests/cases/*.yaml, each through calc.estimate and through the command line.

A case passes when the response's lines (item and amount, in order; quantity and rate where the case gives
them) and total are the case's `expected`. The MicroPython run of the same cases is
tests/parity/test_micropython_parity.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import calc
from calc.schedules import load_all
from tests.cases.load import WORKED_EXAMPLES, differences, load_cases

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases()
BY_NAME = {case["name"]: case for case in CASES}


def _text(case: dict) -> str:
    return json.dumps(case["request"], ensure_ascii=False)


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", "estimate", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize("case", CASES, ids=list(BY_NAME))
def test_estimate(case):
    assert differences(case, calc.estimate(case["request"])) == []


# The command line for every case in one Python process (a process per case costs ~70 ms, ~15 s in all): each
# case runs calc/__main__.py as `python -m calc estimate` does (runpy, as __main__), the request on its standard
# input, its standard output and exit status collected. The worked examples also run in a process of their own.
BATCH = """
import io, json, runpy, sys
results = []
for text in json.load(sys.stdin):
    stdin, stdout = io.BytesIO(text.encode("utf-8")), io.BytesIO()
    sys.stdin, sys.stdout = io.TextIOWrapper(stdin), io.TextIOWrapper(stdout)
    sys.argv = ["calc", "estimate"]
    try:
        runpy.run_module("calc", run_name="__main__", alter_sys=True)
        status = 0
    except SystemExit as exit:
        status = exit.code
    sys.stdout.flush()
    results.append([status, stdout.getvalue().decode("utf-8")])
sys.stdin, sys.stdout = sys.__stdin__, sys.__stdout__
json.dump(results, sys.stdout)
"""
WORKED = [case for case in CASES if case["name"] in WORKED_EXAMPLES]


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, tuple[int, str]]:
    run = subprocess.run([sys.executable, "-c", BATCH], input=json.dumps([_text(case) for case in CASES]).encode(),
                         cwd=ROOT, capture_output=True, timeout=300, check=False)
    assert run.returncode == 0 and run.stderr == b"", run.stderr.decode()
    return {name: (status, text) for name, (status, text) in zip(BY_NAME, json.loads(run.stdout), strict=True)}


@pytest.mark.parametrize("case", CASES, ids=list(BY_NAME))
def test_command_line(case, cli_runs):
    status, text = cli_runs[case["name"]]
    assert status == 0, text
    assert differences(case, json.loads(text)) == []
    assert text == calc.estimate_json(_text(case))[1]  # the very bytes the browser gets


@pytest.mark.parametrize("case", WORKED, ids=[case["name"] for case in WORKED])
def test_command_line_in_its_own_process(case):
    run = _cli(stdin=_text(case).encode("utf-8"))
    assert run.returncode == 0, run.stderr
    assert run.stderr == b""
    assert differences(case, json.loads(run.stdout)) == []


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


# Items charged only through other items' lines: H1 and H2 are the H lines (and B, C for H2); I2 is B and C lines.
CHARGED_AS_OTHER_ITEMS = {"building_plan": {"H1", "H2", "I2"}}


def test_every_item_of_every_schedule_has_a_case():
    charged: dict[str, set[str]] = {}
    for case in CASES:
        parts = case["expected"].get("parts", [case["expected"]])
        requests = case["request"].get("parts") or [case["request"]] * len(parts)
        for request, part in zip(requests, parts, strict=False):
            charged.setdefault(request["schedule"], set()).update(str(line["item"]) for line in part["lines"])
    for schedule in load_all().values():
        codes = {item.code for version in schedule.versions for item in version.items}
        codes -= CHARGED_AS_OTHER_ITEMS.get(schedule.id, set())
        assert codes - charged.get(schedule.id, set()) == set(), schedule.id
