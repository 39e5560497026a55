"""Zip a built offline site:
`python -m site_scripts.assets.offline_zip build/offline-site dist/mpkj-fees-offline.zip`.

The zip holds one folder, `mpkj-fees-offline/`, with the site in it; unzip it and open its index.html from disk
(file://): pages, search and every calculator work with no server and no network. Entries are sorted and dated
1980-01-01 so the same site gives the same bytes.

Only what file:// uses goes in. The offline build (MPKJ_OFFLINE=true, see site_scripts/hooks/offline.py) also carries
the http runtime (assets/micropython/, assets/calc.bundle, fetched by fees.js over http(s) only); from file:// fees.js
loads the classic script assets/micropython-offline/offline.js instead, so those are left out. A zip over MAX_BYTES
is refused: it is a download for slow connections.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

FOLDER = "mpkj-fees-offline"
MAX_BYTES = 5 * 1000 * 1000  # issue 17's budget
# Files of the offline build that nothing opened from file:// ever reads.
UNUSED_ON_FILE = ("assets/micropython/", "assets/calc.bundle", "sw.js")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def included(relative: str) -> bool:
    return not relative.startswith(UNUSED_ON_FILE)


def make_zip(site_dir: Path, zip_path: Path, *, max_bytes: int = MAX_BYTES) -> int:
    """Write the zip; returns its size in bytes."""
    if not (site_dir / "index.html").is_file():
        raise SystemExit(f"offline_zip: {site_dir}/index.html not found; build the offline site first")
    if not (site_dir / "assets" / "micropython-offline").is_dir():
        raise SystemExit(f"offline_zip: {site_dir} has no assets/micropython-offline/; build it with MPKJ_OFFLINE=true")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(site_dir).as_posix()
            if not included(relative):
                continue
            info = zipfile.ZipInfo(f"{FOLDER}/{relative}", _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    size = zip_path.stat().st_size
    if size > max_bytes:
        zip_path.unlink()
        raise SystemExit(
            f"offline_zip: {zip_path} would be {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.0f} MB"
        )
    return size


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m site_scripts.assets.offline_zip SITE_DIR ZIP_PATH", file=sys.stderr)
        return 2
    size = make_zip(Path(argv[0]), Path(argv[1]))
    print(f"wrote {argv[1]} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
