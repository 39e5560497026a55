"""Building plan deposits (Formula Perkiraan Bayaran Cagaran, Mesyuarat Penuh Majlis Bil. 6/2000)."""

from __future__ import annotations

from typing import Any

from calc.bill import Bill
from calc.readings import DEPOSIT_CLAIM

__all__ = ["deposit"]


def deposit(bill: Bill, request: dict[str, Any]) -> None:
    """RM per unit for each type of development, and for additional works or amendments."""
    for row in request["items"] + request["additional_works"]:
        key = row.get("type") or row["category"]
        rate = bill.item(key).rate
        assert rate is not None
        bill.charge(key, rate * row["units"], row["units"], rate)
    bill.add_note(DEPOSIT_CLAIM)
