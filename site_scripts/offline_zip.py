"""Zip a built offline site: `python -m site_scripts.offline_zip build/offline-site dist/mpkj-fees-offline.zip`.

The zip holds one folder, `mpkj-fees-offline/`, with the site in it; open its index.html from disk. Entries are
sorted and dated 1980-01-01 so the same site gives the same bytes.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

FOLDER = "mpkj-fees-offline"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def make_zip(site_dir: Path, zip_path: Path) -> None:
    if not (site_dir / "index.html").is_file():
        raise SystemExit(f"offline_zip: {site_dir}/index.html not found; build the offline site first")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m site_scripts.offline_zip SITE_DIR ZIP_PATH", file=sys.stderr)
        return 2
    make_zip(Path(argv[0]), Path(argv[1]))
    print(f"wrote {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
