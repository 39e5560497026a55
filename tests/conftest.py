"""Shared fixtures: the site, built once per test session with `mkdocs build --strict` into a temporary folder.

Set MPKJ_SITE_DIR to a site already built (e.g. `make site` then `MPKJ_SITE_DIR=site pytest tests/browser`) to
skip the build while working on the browser tests; the test of the build itself is then skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteBuild:
    path: Path
    returncode: int | None  # None: not built here (MPKJ_SITE_DIR)
    log: str


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    given = os.environ.get("MPKJ_SITE_DIR")
    if given:
        return SiteBuild(Path(given).resolve(), None, "")
    out = tmp_path_factory.mktemp("built") / "site"
    env = {key: value for key, value in os.environ.items() if key != "MPKJ_OFFLINE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    return SiteBuild(out, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def site_dir(site_build: SiteBuild) -> Path:
    """The built site (online build: MPKJ_OFFLINE unset)."""
    if site_build.returncode not in (0, None):
        pytest.fail(f"mkdocs build --strict failed:\n{site_build.log}")
    if not (site_build.path / "index.html").is_file():
        pytest.fail(f"no built site at {site_build.path}")
    return site_build.path
