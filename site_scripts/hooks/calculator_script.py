"""MkDocs hook: javascripts/calculator.js, the calculator forms' script, joined from its parts.

The parts stay apart by job in docs/javascripts/calculator-*.js: the form's state, the result, the permalink, the
QR code and reference, the printed estimate, and the binding, which comes last. Every page loads the script
(Material's instant navigation keeps the first page's scripts), so one file saves every page five requests.
mkdocs.yml excludes the parts themselves from the site. The joined file is written to build/calculator.js beside
mkdocs.yml first: the i18n plugin needs every file of the site to have a source on disk.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

# In this order: each part adds to window.MPKjCalculator.
PARTS = ("form", "render", "permalink", "share", "print", "bind")
TARGET = "javascripts/calculator.js"


def joined(docs_dir: Path) -> str:
    """The parts, in order, as one script."""
    return "\n".join((docs_dir / "javascripts" / f"calculator-{part}.js").read_text("utf-8") for part in PARTS)


def on_files(files, config):
    source = Path(config.config_file_path).parent / "build" / "calculator.js"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(joined(Path(config.docs_dir)), encoding="utf-8")
    files.append(File.generated(config, TARGET, abs_src_path=str(source)))
    return files


__all__ = ["PARTS", "TARGET", "joined", "on_files"]
