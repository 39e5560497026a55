"""MPKj fee engine (stub: being written)."""
from __future__ import annotations
import json

__all__ = ["estimate", "estimate_json", "input_schema"]


def estimate(request: object) -> dict:
    return {"errors": [{"field": None, "code": "empty", "message": {"ms": "Stub.", "en": "Stub."}}]}


def estimate_json(text: str) -> tuple[int, str]:
    try:
        request = json.loads(text)
    except ValueError:
        request = None
    response = estimate(request)
    return (2 if "errors" in response else 0), json.dumps(response, ensure_ascii=False, indent=2) + "\n"


def input_schema() -> dict:
    return {"calculators": []}
