"""A copy of the repository with one change, built with `mkdocs build --strict`: how the tests show that a change
to the data or the manifest alone reaches every page (CONTRIBUTING.md's recipes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("calc", "site_scripts", "docs", "mkdocs.yml", "pyproject.toml", "package.json", "tests/data")


def build_changed_copy(directory: Path, change: Callable[[Path], None]) -> Path:
    """Copy the repository into `directory`, apply `change` to the copy, build it; the built site's folder."""
    for name in COPIED:
        source, target = ROOT / name, directory / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (directory / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    change(directory)
    out = directory / "site"
    env = {key: value for key, value in os.environ.items() if key != "MPKJ_OFFLINE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(directory)  # the copy's calc and site_scripts, not the installed ones
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=directory, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr, done.stdout + done.stderr
    return out
