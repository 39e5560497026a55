"""The fee engine of Majlis Perbandaran Kajang: planning permission, building plan and deposit estimates.

    >>> import calc
    >>> calc.estimate({"schedule": "deposit", "date": "2025-01-01",
    ...                "items": [{"type": "town_house", "units": 3}]})["total"]
    '600.00'
"""

from __future__ import annotations

from calc.calculators import input_schema
from calc.engine import estimate, estimate_json

__all__ = ["estimate", "estimate_json", "input_schema"]
