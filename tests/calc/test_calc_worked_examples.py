"""The public worked examples of fees.md (1-6 of §6, the projects 7-8 of §7), through calc.estimate,
calc.estimate_json and the CLI.

Each expected total is worked out here by hand from the schedules (seeds 001 and 002), independently of the
total written in tests/data/worked_examples.json; the test checks that both agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

import calc

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = json.loads((ROOT / "tests" / "data" / "worked_examples.json").read_text(encoding="utf-8"))

# Hand computations (ceil = whole blocks, "or part thereof"; max(..., minimum) per storey).
HAND = {
    # A1 i tiers 100×50 + 100×45 + 50×40; A1 ii 40×25
    "250 residential + 40 low-cost units": D(100 * 50 + 100 * 45 + 50 * 40 + 40 * 25),
    # A2: 1250.5 m² / 100 → 13 blocks × RM 50
    "1,250.5 m2 commercial floor area": D(13 * 50),
    # C: billboard 10×20 = 200 ft² → 200; 2 unipoles 8×12 = 96 ft² < 200 → 2×100; charity gantry → 0
    "three kinds of board": D(200 + 2 * 100 + 0),
    # B per building: ground 120/9 → 14 blocks × 14 = 196 (≥140); first 110/9 → 13 × 12 = 156 (≥120) → 352
    # G: 1 + 4×0.9 + 5×0.85 + 10×0.75 = 16.35 → 352 × 16.35 = 5755.20
    # C per building: 3 WC×5 + 1 sink×5 + 3 basin×2 + 1 GT×2 + 4 FT×2 + 2 shower×5
    #   = 15+5+6+2+8+10 = 46 → ×20 = 920
    # A 120
    "20 double-storey terraces of one design":
        D(352) * (1 + 4 * D("0.9") + 5 * D("0.85") + 10 * D("0.75")) + 46 * 20 + 120,
    # 1600 ft² × 0.09290304 = 148.644864 m² → 17 blocks × 14 = 238; 1400 ft² = 130.064256 m² → 15 × 12 = 180
    # A 120, F1 1 × 100
    "detached house in square feet with a fence": D(238 + 180 + 120 + 100),
    # 20 × 200 + 2 × 300
    "deposit for terraces and shop offices": D(20 * 200 + 2 * 300),
    # Project 7: planning permission A1 i 20 × 50; the building plan of example 4 (A 120 + B 352 × 16.35 + C 46 × 20);
    # deposit item 3, 20 × 200
    "the 20-terrace project": D(20 * 50) + (120 + D(352) * D("16.35") + 46 * 20) + D(20 * 200),
    # Project 8: A2 1,800 m² = 18 × 100 m² × 50 = 900.
    # Building plan: A 120; B per building ground 100/9 → 12 × 14 = 168, first 12 × 12 = 144, second 12 × 10 = 120
    #   = 432; G for 6 buildings 1 + 4 × 0.9 + 0.85 = 5.45 → 432 × 5.45 = 2354.40;
    #   C (3 WC × 5 + 3 basins × 2) × 6 = 126.
    # Deposit item 5, 6 × 300. Permits: L 100 m × 12 months × 6 = 7200; M 2 × 1 year × 100; N 10.
    # Advertisement C1: 20′ × 10′ = 200 ft², not under 200 → 200.
    # Cabins: K1 per cabin 30/9 → 4 × 14 = 56, minimum 140, × 2 = 280; K2 12/6 = 2 × 200 × 2 cabins = 800.
    "six shop offices with site works":
        D(18 * 50) + (120 + D(432) * D("5.45") + 126) + D(6 * 300) + D(7200 + 200 + 10) + D(200) + D(280 + 800),
}

IDS = [example["name"] for example in EXAMPLES]


def test_every_worked_example_has_a_hand_computation():
    assert len(EXAMPLES) == 8
    assert set(IDS) == set(HAND)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_hand_computation_matches_the_published_total(example):
    assert D(example["total"]) == HAND[example["name"]]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_estimate_gives_the_worked_total(example):
    response = calc.estimate(example["request"])
    assert "errors" not in response, response
    assert response["total"] == f"{HAND[example['name']]:.2f}"
    assert response["schedule"] == example["request"]["schedule"]  # "project" for 7 and 8
    assert response["currency"] == "MYR"
    assert response["date"] == example["request"]["date"]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_estimate_json_gives_the_worked_total(example):
    status, text = calc.estimate_json(json.dumps(example["request"]))
    assert status == 0
    assert json.loads(text)["total"] == f"{HAND[example['name']]:.2f}"


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", "estimate", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=60, check=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_cli_reads_the_request_on_stdin(example):
    text = json.dumps(example["request"])
    run = _cli(stdin=text.encode("utf-8"))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["total"] == f"{HAND[example['name']]:.2f}"
    assert run.stdout.decode("utf-8") == calc.estimate_json(text)[1]  # the very bytes the browser gets
    assert run.stderr == b""


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_cli_reads_the_request_from_a_file(example, tmp_path):
    path = tmp_path / "request.json"
    path.write_text(json.dumps(example["request"], ensure_ascii=False), encoding="utf-8")
    run = _cli(str(path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["total"] == f"{HAND[example['name']]:.2f}"
