"""Comparing the page's answers with CPython's: (status, JSON text) pairs, equal as parsed JSON. MicroPython's dicts
keep no key order, so the page's text may list an object's keys in another order than CPython's; every value,
list and its order must still be the same."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def parsed(answers: Iterable[Any]) -> list[tuple[int, Any]]:
    return [(status, json.loads(text)) for status, text in answers]
