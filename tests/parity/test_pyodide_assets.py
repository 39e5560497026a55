"""Build-time assets of the browser runtime (site_scripts/assets/pyodide_assets.py)."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from site_scripts.assets.pyodide_assets import build_calc_zip, install_runtime

ROOT = Path(__file__).resolve().parents[2]


def test_calc_zip_is_deterministic_and_complete() -> None:
    data = build_calc_zip(ROOT)
    assert data == build_calc_zip(ROOT)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    expected = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "calc").rglob("*")
        if p.suffix in (".py", ".toml") and "__pycache__" not in p.parts
    )
    assert names == expected
    assert "calc/__init__.py" in names
    assert any(n.endswith(".toml") for n in names)


def test_install_runtime_writes_the_site_assets(tmp_path: Path) -> None:
    install_runtime(tmp_path, ROOT, offline=True)
    assets = tmp_path / "assets"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (assets / "pyodide" / name).stat().st_size > 0
    assert json.loads((assets / "pyodide" / "pyodide-lock.json").read_text())["packages"] == {}
    assert (assets / "calc.zip").read_bytes() == build_calc_zip(ROOT)
    assert (assets / "calc-snapshot.bin").read_bytes()[:2] == b"\x1f\x8b"  # gzip (pyodide_snapshot.py)
    fees = (tmp_path / "javascripts" / "fees.js").read_text()
    assert re.search(r'BUILD_ID = "[0-9a-f]{12}"', fees), "fees.js was not stamped with the build id"
    assert re.search(r'SNAPSHOT_KEY = "[0-9a-f]{16}"', fees), "fees.js was not stamped with the snapshot key"
    worker_module = (assets / "pyodide-offline" / "worker.js").read_text()
    assert "export default" not in worker_module and "MPKjCreatePyodideModule=" in worker_module
    for name in ("wasm.js", "stdlib.js", "calc.js", "snapshot.js"):
        assert (assets / "pyodide-offline" / name).read_text().startswith("var MPKjOffline=")


def test_install_runtime_without_offline_writes_no_offline_scripts(tmp_path: Path) -> None:
    install_runtime(tmp_path, ROOT, offline=False)
    assert (tmp_path / "assets" / "calc.zip").exists()
    assert not (tmp_path / "assets" / "pyodide-offline").exists()


def test_install_runtime_needs_npm_ci(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "calc").mkdir(parents=True)
    (repo / "calc" / "__init__.py").write_text("")
    with pytest.raises(FileNotFoundError, match="npm ci"):
        install_runtime(tmp_path / "site", repo, offline=False)
