"""CPython and Pyodide (the browser's runtime, here under Node) give byte-identical answers, and Pyodide gives
the hand-worked lines and totals of every case of tests/cases/*.yaml.

All cases go through one Node process (Pyodide boots in ~2 s). The Pyodide side gets calc
the way the browser does: as the zip from site_scripts/assets/pyodide_assets.build_calc_zip.
"""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import calc
from site_scripts.assets.pyodide_assets import build_calc_zip
from tests.cases.load import differences, load_cases
from tests.data.hostile_requests import HOSTILE

ROOT = Path(__file__).resolve().parents[2]

RUNNER = Path(__file__).with_name("run_pyodide.mjs")
HAND_WORKED = {f"case: {case['name']}": case for case in load_cases()}


def _set_first(node: Any, key: str, value: Any) -> bool:
    """Set the first `key` found in a nested request (depth first); True if one was found."""
    if isinstance(node, dict):
        if key in node:
            node[key] = value
            return True
        return any(_set_first(v, key, value) for v in node.values())
    if isinstance(node, list):
        return any(_set_first(v, key, value) for v in node)
    return False


def _invalid_cases() -> dict[str, str]:
    requests = [case["request"] for case in HAND_WORKED.values()]
    requests.append({"schedule": "building_plan", "application": "new", "designs": [{"floors": [{"area": 100}]}]})
    negative = next(r for r in (copy.deepcopy(r) for r in requests) if _set_first(r, "area", -5))
    unknown = {**requests[0], "no_such_field": 1}
    project = next(r for r in requests if r["schedule"] == "project")
    bad_project = {**project, "parts": [*project["parts"], {"schedule": "project", "parts": []}, {"date": "x"}]}
    return {
        "invalid: a project with a nested project and a bad part": json.dumps(bad_project),
        "invalid: not JSON": "{not json",
        "invalid: a list": "[1, 2]",
        "invalid: negative area": json.dumps(negative),
        "invalid: unknown field": json.dumps(unknown),
    }


def _development() -> dict[str, Any]:
    """The 20-terrace project described once, as the project page sends it (typed text, in square feet)."""
    return {"schedule": "development", "date": "2025-01-01", "area_unit": "ft2", "designs": [
        {"category": "terrace_double_storey", "units": "20", "planning_as": "auto",
         "floors": [{"level": "0", "area": "1291.67"}, {"level": "1", "area": "1184.03"}], "sanitary": {"wc": "3"}}],
        "permits": {"petil": "1", "hoarding_project": "development"}}


def _hostile_cases() -> dict[str, str]:
    """The inputs that once crashed calc or answered differently in the browser (issue 13, item 5): the same
    bytes in Pyodide as in CPython, so the same error code; plus the size limit and the cap on errors."""
    return {
        **{f"invalid: {name}": text for name, text, _field, _code in HOSTILE},
        "invalid: over 1 MB": '{"schedule": "deposit"}' + " " * 1_000_000,
        "invalid: 60,000 unknown fields": '{"schedule": "deposit", ' + ", ".join(f'"x{i}": 1' for i in range(60_000))
        + "}",
    }


CASES: dict[str, str] = {
    **{name: json.dumps(case["request"], ensure_ascii=False) for name, case in HAND_WORKED.items()},
    "example: a development in square feet": json.dumps(_development()),
    **_invalid_cases(),
    **_hostile_cases(),
}


@pytest.fixture(scope="module")
def pyodide_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    node = shutil.which("node")
    assert node, "node (v20+) is needed for the Pyodide parity test"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(), "run `npm ci` first"
    tmp = tmp_path_factory.mktemp("parity")
    (tmp / "calc.zip").write_bytes(build_calc_zip(ROOT))
    (tmp / "requests.json").write_text(json.dumps(list(CASES.values())), "utf-8")
    proc = subprocess.run(
        [node, str(RUNNER), str(tmp / "calc.zip"), str(tmp / "requests.json")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    # Pyodide's stack traces quote its one-line 1 MB bundle: keep the end only.
    assert proc.returncode == 0, f"run_pyodide.mjs failed:\n{proc.stderr[-3000:]}"
    results = json.loads(proc.stdout)
    assert len(results) == len(CASES)
    return {name: (status, text) for name, (status, text) in zip(CASES, results, strict=True)}


def test_every_hand_worked_case_is_covered() -> None:
    assert len(HAND_WORKED) > 100, "the parity test needs the cases of tests/cases/*.yaml"
    assert all(name in CASES for name in HAND_WORKED)


@pytest.mark.parametrize("name", list(HAND_WORKED))
def test_hand_worked_case_in_pyodide(name: str, pyodide_results: dict[str, tuple[int, str]]) -> None:
    status, text = pyodide_results[name]
    assert status == 0, text
    assert differences(HAND_WORKED[name], json.loads(text)) == []


@pytest.mark.parametrize("name", list(CASES))
def test_same_bytes_as_cpython(name: str, pyodide_results: dict[str, tuple[int, str]]) -> None:
    expected = calc.estimate_json(CASES[name])
    status, text = pyodide_results[name]
    assert (status, text) == expected
    if name.startswith("invalid:"):
        assert status == 2 and "errors" in json.loads(text)
