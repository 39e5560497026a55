"""The words the rules (calc.rules) and the forms (calc.calculators) share: the names of the things a request
chooses among (board types and purposes, hoarding projects, sanitary fittings, amendment types, storeys).

They live here, beside neither, so each name is written once, the rules never read the forms' description, and
the forms ask exactly what the rules charge.
"""

from __future__ import annotations

from calc.schedules import Bilingual

__all__ = [
    "AMENDMENT_TYPES_OF", "BOARD_PURPOSES", "BOARD_TYPES", "EXEMPT_PURPOSES", "HOARDING_PROJECTS", "SANITARY_FITTINGS",
    "in_a_sentence", "storey_name",
]

# Item H: the amendment types each field is charged for (H2 and H3 on the area and fittings added, H3 on half of
# the earlier plan's fee, H4 on half of the floor-area fee of the refinished storeys). Other types ignore it.
AMENDMENT_FIELD_TYPES = (  # (field, types), in the order errors name them
    ("added_floors", (2, 3)), ("added_sanitary", (2, 3)), ("previous_plan_fee", (3,)), ("finish_floors", (4,)),
)
AMENDMENT_TYPES_OF = dict(AMENDMENT_FIELD_TYPES)

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


# Planning permission part C: the listed types of board, and what a board is for (three purposes pay nothing).
# (key, name) pairs in the order the form lists them, and the same as a dict to look a name up.
BOARD_TYPE_CHOICES = (
    ("billboard", Bilingual("Billboard", "Billboard")), ("twinpole", Bilingual("Twinpole", "Twinpole")),
    ("unipole", Bilingual("Unipole", "Unipole")), ("vertical_pole", Bilingual("Vertical pole", "Vertical pole")),
    ("gantry", Bilingual("Gantry di atas tanah", "Ground gantry")),
)
BOARD_TYPES = dict(BOARD_TYPE_CHOICES)
BOARD_PURPOSE_CHOICES = (
    ("commercial", Bilingual("Komersial", "Commercial")),
    ("non_commercial", Bilingual("Bukan komersial", "Non-commercial")),
    ("government", Bilingual("Iklan kerajaan", "Government")),
    ("charity", Bilingual("Iklan tujuan amal", "Charity")),
)
BOARD_PURPOSES = dict(BOARD_PURPOSE_CHOICES)
EXEMPT_PURPOSES = ("non_commercial", "government", "charity")

# Building plan item L: the kinds of project whose hoarding has its own minimum period (minimum_months).
HOARDING_PROJECT_CHOICES = (
    ("development", Bilingual("Projek pembangunan", "Development project")),
    ("detached_house", Bilingual("Rumah sesebuah", "Detached house")),
)
HOARDING_PROJECTS = dict(HOARDING_PROJECT_CHOICES)


def in_a_sentence(name: Bilingual) -> Bilingual:
    """A name as it reads inside a sentence: "Projek pembangunan" -> "projek pembangunan"."""
    return Bilingual(name.ms[:1].lower() + name.ms[1:], name.en[:1].lower() + name.en[1:])
