"""Helpers the table-driven calc tests share."""

from __future__ import annotations

from decimal import Decimal

import calc

DATE = "2025-01-01"  # every schedule is in force: the rates of forms MPKj/OSC/KM/PB-3 and MPKj/JKB/B1-2013


def ok(request: dict) -> dict:
    """The estimate for a request that must be valid."""
    response = calc.estimate(request)
    assert "errors" not in response, response["errors"]
    return response


def amounts(response: dict, item: str) -> list[Decimal]:
    """The amounts of the lines charged under one schedule item."""
    return [Decimal(line["amount"]) for line in response["lines"] if line["item"] == item]
