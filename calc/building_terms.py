"""Facts of the building-plan schedule that its rules (calc.rules) and its form (calc.calculators) both use.

They live here, beside neither, so the rules never read the form's description and the form asks exactly what
the rules charge.
"""

from __future__ import annotations

from calc.schedules import Bilingual

__all__ = ["AMENDMENT_TYPES_OF", "SANITARY_FITTINGS", "storey_name"]

# Item H: the amendment types each field is charged for (H2 and H3 on the area and fittings added, H3 on half of
# the earlier plan's fee, H4 on half of the floor-area fee of the refinished storeys). Other types ignore it.
AMENDMENT_TYPES_OF = {
    "added_floors": (2, 3), "added_sanitary": (2, 3), "previous_plan_fee": (3,), "finish_floors": (4,),
}

# Item C: the fittings charged per piece, as (field name, Malay, English).
SANITARY_FITTINGS = (
    ("wc", "W.C./bidet", "W.C./bidet"),
    ("sink", "Sink", "Sink"),
    ("basin", "Basin", "Basin"),
    ("gully_trap", "Gully trap", "Gully trap"),
    ("floor_trap", "Floor trap", "Floor trap"),
    ("long_bath", "Long bath", "Long bath"),
    ("shower", "Shower", "Shower"),
    ("urinal", "Urinal", "Urinal"),
    ("manhole", "Manhole", "Manhole"),
    ("septic_tank", "Tangki septik individu", "Individual septic tank"),
)

_STOREY_NAMES = {
    0: Bilingual("tingkat tanah", "ground floor"), 1: Bilingual("tingkat pertama", "first floor"),
    2: Bilingual("tingkat kedua", "second floor"), 3: Bilingual("tingkat ketiga", "third floor"),
}


def storey_name(level: int) -> Bilingual:
    """"ground floor", "first floor", ..., "floor 4", ...; "basement 1" for level -1 (lower case, as in a line)."""
    if level in _STOREY_NAMES:
        return _STOREY_NAMES[level]
    if level < 0:
        return Bilingual(f"besmen {-level}", f"basement {-level}")
    return Bilingual(f"tingkat {level}", f"floor {level}")
