"""MkDocs hook: the iframe-worker shim, vendored from node_modules/iframe-worker into the site.

Material's offline plugin (the offline build) would add this shim from a third-party host; mkdocs.yml's
`extra.polyfills` names this local copy instead. It does nothing unless the site is opened from file://, where it
runs the search worker in an iframe.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "iframe-worker"
DEST = "assets/vendor/iframe-worker"


def on_config(config):
    if not (SOURCE / "shim" / "index.js").is_file():
        raise PluginError(
            f"site_scripts/hooks/iframe_worker.py: {SOURCE}/shim/index.js is missing; run `npm ci` (or `make site`)"
        )
    return config


def on_files(files, config):
    for source, name in ((SOURCE / "shim" / "index.js", "shim.js"), (SOURCE / "LICENSE", "LICENSE")):
        uri = f"{DEST}/{name}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


__all__ = ["DEST", "on_config", "on_files"]
