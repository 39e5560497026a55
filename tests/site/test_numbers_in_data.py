"""A number lives in the data, once: no amount, rate, percentage or block size is typed in the code, the pages or
the templates. Help texts, readings, units and line explanations quote calc/schedules/*.toml through the
templates of calc/wording.py instead, so that a rate change there reaches every text."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCANNED = [
    *(ROOT / "calc").rglob("*.py"),
    *(ROOT / "site_scripts").rglob("*.py"),
    *(ROOT / "site_scripts").rglob("*.js"),
    *(ROOT / "site_scripts").rglob("*.mjs"),
    *(path for path in (ROOT / "docs").rglob("*.md") if not path.name.startswith("performance")),  # measured speeds
    *(ROOT / "docs" / "overrides").rglob("*.html"),
    *(ROOT / "docs" / "javascripts").rglob("*.js"),
    *(ROOT / "docs" / "javascripts").rglob("*.mjs"),
]

TYPED = {
    "an amount": re.compile(r"RM\s?\d"),
    # not a CSS width (width="100%"), a format ({:.0%}) or a URL's escape (%22)
    "a percentage": re.compile(r"\d\s?%(?![;\"')}]|[0-9A-F]{2})"),
    "a block size": re.compile(
        r"(?:×|per|bagi|setiap|every|of)\s\d[\d,.]*\s?(?:m²|m2|kps|ft²|meter|metres?|bulan|months?|tahun|years?)\b"
    ),
}


def test_no_amount_rate_percentage_or_block_size_is_typed_outside_the_data():
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {kind}: {match.group(0)!r}"
        for path in SCANNED
        for text in [path.read_text(encoding="utf-8")]
        for kind, pattern in TYPED.items()
        for match in pattern.finditer(text)
    ]
    assert not found, "\n".join(found)


def test_the_scan_sees_the_files_and_would_catch_a_typed_rate():
    assert len([p for p in SCANNED if p.suffix == ".py"]) > 20
    for sample in ('"Item I3: RM 50 per room."', "building 1 pays 100%", "= 3 × 9 m²", "per 6 months"):
        assert any(pattern.search(sample) for pattern in TYPED.values()), sample
