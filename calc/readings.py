"""How the schedules are read where their wording leaves a choice, and the fixed notes of an estimate.

The site shows each reading beside the items it applies to, and `estimate()` adds it to a response's notes when
a line it charges was worked out under that reading. A reading's text is a template (calc.wording): it quotes
the rates of the schedule version it is shown with.
"""

from __future__ import annotations

from calc.record import Record
from calc.schedules import Bilingual, Version
from calc.wording import fill

__all__ = ["AREAS_READ_IN", "DEPOSIT_CLAIM", "READINGS", "Reading", "readings_for"]


class Reading(Record):
    FIELDS = ("id", "schedule", "items", "text", "area_unit")

    def __init__(self, id: str, schedule: str, items: tuple[str, ...], text: Bilingual,
                 area_unit: str | None = None) -> None:
        self.id = id
        self.schedule = schedule
        self.items = items  # item codes (or keys) the reading applies to
        self.text = text  # a template until filled by readings_for
        self.area_unit = area_unit  # in an estimate, only for requests whose areas are in this unit


READINGS: tuple[Reading, ...] = (
    Reading(
        "part_thereof", "planning_permission", ("A2",),
        Bilingual(
            ms="Kadar \"bagi {A2.block} m² atau sebahagian daripadanya\" dikenakan bagi setiap blok penuh, dibundarkan "
               "ke atas: {A2.one_block_more} m² ialah 2 blok.",
            en="A rate \"per {A2.block} m² or part thereof\" is charged for whole blocks, rounding up: "
               "{A2.one_block_more} m² is 2 blocks.",
        ),
    ),
    Reading(
        "part_thereof", "building_plan", ("B1", "B2", "B3", "B4", "B5", "D", "E", "F2", "I5", "J2", "J3", "K2", "L"),
        Bilingual(
            ms="Kadar \"per {B1.block} m²\", \"per meter\" atau \"per {K2.block} bulan\" dikenakan bagi setiap blok "
               "penuh, dibundarkan ke atas, seperti \"atau sebahagian daripadanya\": {B1.one_block_more} m² ialah "
               "2 blok {B1.block} m².",
            en="A rate \"per {B1.block} m²\", \"per metre\" or \"per {K2.block} months\" is charged for whole blocks, "
               "rounding up, as if \"or part thereof\": {B1.one_block_more} m² is 2 blocks of {B1.block} m².",
        ),
    ),
    Reading(
        "storey_minimum", "building_plan", ("B1", "B2", "B3", "B4", "B5", "J1", "K1", "H4"),
        Bilingual(
            ms="Setiap tingkat setiap bangunan dikenakan yang lebih tinggi antara kadar × blok dan bayaran minimumnya. "
               "Tingkat keempat ke atas dan setiap besmen dikenakan kadar B5.",
            en="Each storey of each building pays the higher of rate × blocks and its minimum. The fourth floor and "
               "above, and every basement, pay the B5 rate.",
        ),
    ),
    Reading(
        "row_discount", "building_plan", ("G",),
        Bilingual(
            ms="Potongan deretan dikenakan pada bayaran keluasan lantai (B) bangunan sama rekabentuk yang dikemukakan "
               "bersama kali pertama: {G.bands}. "
               "Tidak dikenakan pada alat kebersihan (C) atau perkara A, D, E, F. Setiap rekabentuk dikira berasingan.",
            en="The row discount applies to the floor-area fee (B) of buildings of one design submitted together for "
               "the first time: {G.bands}. It never applies "
               "to sanitary fittings (C) or to items A, D, E, F. Each design is counted on its own.",
        ),
    ),
    Reading(
        "residential_tiers", "planning_permission", ("A1i", "A1ii", "A1iii"),
        Bilingual(
            ms="Kadar kediaman adalah berperingkat: {A1i.tiers}. Unit kos rendah ({A1ii.rate} seunit) dan unit "
               "Rezab Melayu ({A1iii.rate} seunit) tidak dikira dalam peringkat ini.",
            en="Residential rates are marginal tiers: {A1i.tiers}. Low-cost units ({A1ii.rate} each) and Malay "
               "Reserve units ({A1iii.rate} each) are not counted in the tiers.",
        ),
    ),
    Reading(
        "billboard_size", "planning_permission", ("C1", "C2", "C3"),
        Bilingual(
            ms="Papan yang keluasannya (lebar × tinggi, dalam kaki) kurang daripada {C1.least_area_ft2} kps "
               "dikenakan {C2.rate}; papan lain jenis tersenarai {C1.rate}. Papan bukan komersial, kerajaan dan amal "
               "tidak dikenakan bayaran.",
            en="A board whose area (width × height, in feet) is under {C1.least_area_ft2} ft² pays {C2.rate}; any "
               "other board of the listed types pays {C1.rate}. Non-commercial, government and charity boards pay "
               "nothing.",
        ),
    ),
    Reading(
        "square_feet", "building_plan", ("B1", "B2", "B3", "B4", "B5", "D", "E", "H4", "I5", "J1", "J2", "K1"),
        Bilingual(
            ms="Keluasan dalam kaki persegi (kps) ditukar kepada m² (1 kps = {m2_per_ft2} m² tepat) sebelum blok "
               "dikira, pada keluasan tepat yang ditukar.",
            en="Areas in square feet are converted to m² (1 ft² = {m2_per_ft2} m² exactly) before blocks are counted, "
               "on the exact converted area.",
        ),
        area_unit="ft2",
    ),
    Reading(
        "halves", "building_plan", ("E", "H3", "H4"),
        Bilingual(
            ms="Separuh (½) dikira pada amaun tepat dan dibundarkan sekali ke sen terdekat (setengah ke atas).",
            en="A half (½) is computed on the exact amount and rounded once to the sen, half up.",
        ),
    ),
    Reading(
        "deposit_minimum", "deposit", ("sports_office_commercial_complex",),
        Bilingual(
            ms="Cagaran kompleks sukan / pejabat / komersil {sports_office_commercial_complex.rate} seunit ialah "
               "minima: Majlis boleh mengenakan amaun yang lebih tinggi.",
            en="The deposit of {sports_office_commercial_complex.rate} a unit for a sports, office or commercial "
               "complex is a minimum: the council may require more.",
        ),
    ),


    Reading(
        "payable_on_collection", "building_plan", ("I6", "I7", "N"),
        Bilingual(
            ms="Permit meletak bahan binaan (I6), permit meletak tong roro (I7) dan petil (N) dijelaskan semasa "
               "mengambil kelulusan, bukan semasa permohonan dikemukakan.",
            en="The permit to place building materials (I6), the roll-on/roll-off bin permit (I7) and petil (N) are "
               "paid when the approval is collected, not when the application is made.",
        ),
    ),
)

# The unit every area of a request was read in: one note in each estimate of a calculator with areas.
AREAS_READ_IN = {
    "m2": Bilingual(ms="Keluasan dibaca dalam meter persegi (m²).", en="Areas were read in square metres (m²)."),
    "ft2": Bilingual(ms="Keluasan dibaca dalam kaki persegi (kps) dan ditukar kepada m².",
                     en="Areas were read in square feet (ft²) and converted to m²."),
}

# Every deposit estimate ends with when the deposit comes back and when the council may keep part of it, as the
# depositor's declaration on form MPKj/JKB/B1-2013 (Surat Akuan-Janji Pendeposit) gives it.
DEPOSIT_CLAIM = Bilingual(
    ms="Cagaran dituntut semula dalam masa 90 hari dari tarikh Perakuan Siap dan Pematuhan (CCC) / Borang F diterima "
       "(Pelan Setara dan permit kerja-kerja kecil: 90 hari dari tarikh kelulusan pelan bangunan). Majlis boleh "
       "memotong keseluruhan atau sebahagian cagaran jika pendeposit gagal atau cuai mematuhi apa-apa peraturan, "
       "syarat atau arahan Majlis, jika cagaran tidak dituntut dalam masa itu, atau jika ia tidak dituntut dalam "
       "180 hari dari tempoh keseluruhannya atau tiada permohonan CCC/CFO dalam 12 bulan dari tarikh kelulusan "
       "pelan bangunan.",
    en="Claim the deposit back within 90 days of receiving the Certificate of Completion and Compliance (CCC) / Form F "
       "(Pelan Setara and minor works permits: 90 days from the building plan's approval). The council may deduct "
       "all or part of it if the depositor fails, or neglects, to keep any of the council's rules, conditions or "
       "instructions; if it is not claimed in that time; or if it is not claimed within 180 days from the whole "
       "period, or no CCC/CFO application is made within 12 months from the date of the building plan approval.",
)


def readings_for(schedule: str, ref: str, version: Version) -> tuple[Reading, ...]:
    """The readings that apply to one item (by code or request key) of one schedule, quoting `version`."""
    return tuple(reading.replace(text=fill(reading.text, [version]))
                 for reading in READINGS if reading.schedule == schedule and ref in reading.items)
