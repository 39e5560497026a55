"""Shared set-up of the calc tests: make the repository root importable (calc is not installed).

There is deliberately no ``__init__.py`` here: with one, pytest would import this directory as a package named
``calc`` (``tests/calc``) and shadow the real ``calc`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
