"""`Record`: the base of calc's small value classes (a bilingual text, a schedule item, a field).

Each subclass sets its attributes in its own `__init__` and names them, in order, in `FIELDS`; a record equals
another of the same class whose fields are equal, hashes by them and shows them. (MicroPython has no
`dataclasses`, so calc spells its classes out.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Record"]


class Record:
    FIELDS: tuple[str, ...] = ()

    def field_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (the fields are the constructor's keyword arguments)."""
        for name in changes:
            if name not in self.FIELDS:
                raise TypeError(f"{type(self).__name__} has no field {name}")
        arguments = {name: changes[name] if name in changes else getattr(self, name) for name in self.FIELDS}
        return type(self)(**arguments)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.field_values() == other.field_values()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.field_values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"
