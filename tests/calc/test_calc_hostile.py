"""Hostile input: whatever JSON arrives, calc answers with an error document (exit 2), never an exception.

Each case goes through estimate_json (the browser's entry, also what Pyodide runs: tests/parity repeats these
there) and the CLI. Also the CLI's own limits: input size, the number of errors, Ctrl-C, a closed stdout.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import calc
from calc.engine import MAX_ERRORS, MAX_MEMBERS, MAX_NESTING, MAX_REQUEST_BYTES
from tests.data import hostile_requests
from tests.data.hostile_requests import DEPOSIT, HOSTILE, HOSTILE_1MB

ROOT = Path(__file__).resolve().parents[2]
def test_the_shared_rows_know_calcs_nesting_limit():
    assert hostile_requests.MAX_NESTING == MAX_NESTING
    assert hostile_requests.MAX_MEMBERS == MAX_MEMBERS


def _codes(document: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in document["errors"]]


def _check(document: dict, field: str | None, code: str) -> None:
    assert set(document) == {"errors"}
    assert (field, code) in _codes(document), document["errors"][:3]
    for error in document["errors"]:
        assert error["message"]["ms"].strip() and error["message"]["en"].strip()
        assert error["message"]["ms"] != error["message"]["en"]


def _cli(stdin: bytes, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", "estimate", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=timeout, check=False)


@pytest.mark.parametrize(("name", "text", "field", "code"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_estimate_json_refuses_hostile_input(name, text, field, code):
    status, output = calc.estimate_json(text)
    assert status == 2
    output.encode("utf-8")  # writable as UTF-8: no lone surrogate echoed back
    _check(json.loads(output), field, code)


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, subprocess.CompletedProcess]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda row: _cli(row[1].encode("utf-8", "surrogatepass")), HOSTILE)
        return {row[0]: run for row, run in zip(HOSTILE, runs, strict=True)}


@pytest.mark.parametrize(("name", "text", "field", "code"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_cli_refuses_hostile_input_with_exit_2(name, text, field, code, cli_runs):
    run = cli_runs[name]
    assert run.returncode == 2, run.stderr
    assert run.stderr == b""
    _check(json.loads(run.stdout.decode("utf-8")), field, code)


def test_a_lone_surrogate_escape_reads_as_the_replacement_character():
    # JSON text: "\ud83d" alone is no character; MicroPython cannot hold it, so both interpreters read U+FFFD
    status, output = calc.estimate_json(hostile_requests.NEW % '"Teres \\ud83d"')
    assert status == 0
    assert json.loads(output)["lines"][1]["detail"]["en"].startswith("Design Teres \ufffd: ")
    # A Python caller's text that holds one is refused at its field: it could not be written back
    request = json.loads(hostile_requests.NEW % '"Teres"')
    request["designs"][0]["name"] = "Teres \ud83d"
    assert _codes(calc.estimate(request)) == [("designs[0].name", "unreadable_text")]


@pytest.fixture(scope="module")
def cli_1mb_runs() -> dict[str, subprocess.CompletedProcess]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda row: _cli(row[1].encode("utf-8", "surrogatepass"), timeout=300), HOSTILE_1MB)
        return {row[0]: run for row, run in zip(HOSTILE_1MB, runs, strict=True)}


@pytest.mark.parametrize(("name", "text", "field", "code"), HOSTILE_1MB, ids=[row[0] for row in HOSTILE_1MB])
def test_cli_answers_the_reviews_1mb_requests(name, text, field, code, cli_1mb_runs):
    # Each once took minutes to an hour, or raised; the subprocess timeout is a guard, not a timed assertion.
    assert len(text.encode("utf-8", "surrogatepass")) < MAX_REQUEST_BYTES
    run = cli_1mb_runs[name]
    assert run.returncode == (0 if code is None else 2), run.stderr
    assert run.stderr == b""
    document = json.loads(run.stdout.decode("utf-8"))
    if code is None:
        assert "errors" not in document and document["total"]
    else:
        _check(document, field, code)
    assert len(run.stdout) < 30_000  # nothing of the request is echoed whole


def test_a_python_caller_may_nest_as_deep_as_it_likes():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    response = calc.estimate({"schedule": "deposit", "date": "2025-01-01", "items": deep})
    assert _codes(response) == [("items[0]", "not_an_object")]
    response = calc.estimate({"schedule": deep})
    assert _codes(response) == [("schedule", "not_a_choice")]
    assert "[…]" in response["errors"][0]["message"]["en"]


# ------------------------------------------------------------------------------------ size

def _padded(request: str, size: int) -> str:
    """The request followed by spaces (valid JSON whitespace) up to `size` characters."""
    return request + " " * (size - len(request))


VALID = '{"schedule": "deposit", "date": "2025-01-01", "items": [{"type": "shed", "units": 1}]}'


def test_a_request_of_exactly_the_limit_is_read():
    status, output = calc.estimate_json(_padded(VALID, MAX_REQUEST_BYTES))
    assert status == 0 and json.loads(output)["total"] == "200.00"  # item 14, shed: RM 200 × 1


def test_a_request_one_byte_over_the_limit_is_refused():
    status, output = calc.estimate_json(_padded(VALID, MAX_REQUEST_BYTES + 1))
    assert status == 2
    assert _codes(json.loads(output)) == [(None, "request_too_large")]
    assert "1,000,000" in json.loads(output)["errors"][0]["message"]["en"]


def test_the_limit_counts_utf8_bytes_not_characters():
    # 500,001 × "é" is 500,001 characters but 1,000,002 bytes, as the CLI would read them
    text = '{"schedule": "deposit", "note": "' + "é" * 500_001 + '"}'
    status, output = calc.estimate_json(text)
    assert status == 2 and _codes(json.loads(output)) == [(None, "request_too_large")]


def test_cli_at_the_limit_and_over_it():
    run = _cli(_padded(VALID, MAX_REQUEST_BYTES).encode())
    assert run.returncode == 0 and json.loads(run.stdout)["total"] == "200.00"
    run = _cli(_padded(VALID, MAX_REQUEST_BYTES + 1).encode())
    assert run.returncode == 2 and _codes(json.loads(run.stdout)) == [(None, "request_too_large")]


def test_cli_stops_reading_an_endless_input():
    # /dev/zero never ends: calc must stop after the limit rather than read until memory runs out. A hang guard,
    # not a timing assertion: reading 1 MB takes milliseconds, reading /dev/zero to the end takes forever.
    run = subprocess.run([sys.executable, "-m", "calc", "estimate", "/dev/zero"], cwd=ROOT, capture_output=True,
                         timeout=120, check=False)
    assert run.returncode == 2 and run.stderr == b""
    assert _codes(json.loads(run.stdout)) == [(None, "request_too_large")]
    with open("/dev/zero", "rb") as zeros:
        run = subprocess.run([sys.executable, "-m", "calc", "estimate"], stdin=zeros, cwd=ROOT, capture_output=True,
                             timeout=120, check=False)
    assert run.returncode == 2 and _codes(json.loads(run.stdout)) == [(None, "request_too_large")]


# ------------------------------------------------------------------------------------ number of errors

def _unknown_keys(count: int) -> str:
    return DEPOSIT % ", ".join(f'"typo{i}": 1' for i in range(count))


def test_errors_stop_at_the_cap_with_one_entry_saying_how_many_more():
    text = _unknown_keys(MAX_MEMBERS - 3)  # the object has 3 known keys
    status, output = calc.estimate_json(text)
    errors = json.loads(output)["errors"]
    assert status == 2 and len(errors) == MAX_ERRORS + 1
    # Unknown fields are listed sorted by name, whatever order the request's object had (MicroPython keeps none)
    assert [e["field"] for e in errors[:MAX_ERRORS]] == sorted(f"typo{i}" for i in range(997))[:MAX_ERRORS]
    assert (errors[-1]["field"], errors[-1]["code"]) == (None, "more_errors")
    assert errors[-1]["message"]["en"].startswith("And 947 more problems.")  # 997 unknown keys − 50 shown
    assert errors[-1]["message"]["ms"].startswith("Dan 947 masalah lagi.")
    assert len(output) < 30_000


def test_an_object_of_more_than_max_members_keys_is_refused_whole():
    status, output = calc.estimate_json(_unknown_keys(MAX_MEMBERS - 2))  # 3 known keys: one over
    assert status == 2
    assert _codes(json.loads(output)) == [(None, "too_many_members")]
    assert json.loads(output)["errors"][0]["message"]["en"] == (
        "The request has an object with too many fields: at most 1,000.")


def test_a_python_callers_project_part_of_125000_unknown_keys_is_capped_in_linear_time():
    # A Python caller's dict is not limited in members: the part's errors are counted past the cap, never compared
    # with each other (once 7 min 44 s for this request).
    part = {"schedule": "deposit", "items": [{"type": "shed", "units": 1}]}
    part.update({f"k{i}": 1 for i in range(125_000)})
    started = time.monotonic()
    errors = calc.estimate({"schedule": "project", "date": "2025-01-01", "parts": [part, part]})["errors"]
    assert len(errors) == MAX_ERRORS + 1
    assert errors[0]["field"] == "parts[0].k0" and errors[-1]["message"]["en"].startswith("And 249950 more")
    assert time.monotonic() - started < 60  # a guard against the quadratic de-duplication, far above its ~1 s


def test_one_error_over_the_cap_is_one_more_problem():
    errors = calc.estimate(json.loads(_unknown_keys(MAX_ERRORS + 1)))["errors"]
    assert len(errors) == MAX_ERRORS + 1 and errors[-1]["message"]["en"].startswith("And 1 more problem.")
    errors = calc.estimate(json.loads(_unknown_keys(MAX_ERRORS)))["errors"]
    assert len(errors) == MAX_ERRORS and all(e["code"] == "unknown_field" for e in errors)


# ------------------------------------------------------------------------------------ signals and pipes

def test_ctrl_c_exits_quietly_with_130():
    # As at a terminal: a test run started in the background (`make test &`) inherits SIGINT ignored, and Python
    # installs its Ctrl-C handler only where SIGINT has its default action.
    process = subprocess.Popen([sys.executable, "-m", "calc", "estimate"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wchan = Path(f"/proc/{process.pid}/wchan")
        if not wchan.exists():
            pytest.skip("needs Linux's /proc to see that calc is waiting for its input")
        # The condition, not a guess of time: the process is blocked reading its standard input.
        deadline = time.monotonic() + 60
        while "pipe_read" not in wchan.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "pipe_read" in wchan.read_text(), "calc never started reading its input"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert out == b"" and err == b""


@pytest.mark.parametrize("args", [["estimate"], ["schema"]], ids=["estimate", "schema"])
def test_a_closed_stdout_exits_quietly_with_141(args):
    # The reader is gone before calc writes (as `| head -c0`): no "internal error", no traceback.
    process = subprocess.Popen([sys.executable, "-m", "calc", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.close()
    _, err = process.communicate(VALID.encode(), timeout=60)
    assert process.returncode == 141
    assert err == b""


def test_a_design_name_of_200_characters_is_kept():
    request = {"schedule": "building_plan", "application": "new", "date": "2025-01-01",
               "designs": [{"name": "x" * 200, "units": 1, "floors": [{"level": 0, "area": 9}]}]}
    response = calc.estimate(request)
    assert response["total"] == "260.00"  # A 120 + ground floor 1 block of 9 m², at its minimum RM 140
    request["designs"][0]["name"] = "x" * 201
    assert _codes(calc.estimate(request)) == [("designs[0].name", "too_long")]
