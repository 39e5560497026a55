"""MkDocs hook: the QR code encoder, vendored from node_modules/qrcode-generator into the site.

qrcode-generator (Kazuhiko Arase, MIT; pinned in package.json "dependencies") draws the QR code of an estimate's
share link (docs/javascripts/calculator-share.js). Its classic script, whose header carries the licence, defines
`window.qrcode`; pages with a calculator form load it before javascripts/calculator.js (docs/overrides/main.html,
and docs/javascripts/fees.js after instant navigation). Copied as it is: no CDN, no build step.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "qrcode-generator" / "dist" / "qrcode.js"
TARGET = "assets/vendor/qrcode-generator/qrcode.js"


def on_config(config):
    if not SOURCE.is_file():
        raise PluginError(f"site_scripts/hooks/qr_encoder.py: {SOURCE} is missing; run `npm ci` (or `make site`)")
    return config


def on_files(files, config):
    if files.get_file_from_path(TARGET) is None:
        files.append(File.generated(config, TARGET, abs_src_path=str(SOURCE)))
    return files


__all__ = ["TARGET", "on_config", "on_files"]
