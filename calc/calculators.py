"""The calculators, declared once: each one's id, schedule and application, titles, fields, the parts of the
schedule it charges, its rule and an example request. The engine dispatches by this list and the site builds
its pages, forms, embeds and navigation from it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from calc.fields import (
    COMMON_FIELDS,
    M2_PER_FT2,
    MAX_MONTHS,
    MAX_YEARS,
    Choice,
    Field,
    area_field,
    boolean_field,
    count_field,
    floors_field,
    length_field,
    sanitary_field,
)
from calc.record import Record
from calc.rules import building_plan, deposit, planning_permission
from calc.schedules import SCHEDULE_IDS, Bilingual, Version, load_all
from calc.terms import AMENDMENT_TYPES_OF, BOARD_PURPOSE_CHOICES, BOARD_TYPE_CHOICES, HOARDING_PROJECT_CHOICES
from calc.validate import check_building_plan
from calc.wording import fill

__all__ = [
    "CALCULATORS", "DEPOSIT_TYPE_LABELS", "DEVELOPMENT", "Calculator", "calculator_for", "input_schema",
]


# A calculator's rule is called as rule(bill, values read) and charges the bill; its check as
# check(values read, the request as sent, problems, labels by field name).
Rule = Any
Check = Any


def _b(ms: str, en: str) -> Bilingual:
    return Bilingual(ms=ms, en=en)


class Calculator(Record):
    FIELDS = ("id", "schedule", "application", "title", "intro", "fields", "page_title", "nav_title", "parts",
              "rule", "check", "example")

    def __init__(
        self, id: str, schedule: str, application: str | None, title: Bilingual, intro: Bilingual,
        fields: tuple[Field, ...] = (), page_title: Bilingual | None = None, nav_title: Bilingual | None = None,
        parts: tuple[str, ...] | None = None, rule: Rule | None = None, check: Check | None = None,
        example: dict[str, Any] | None = None,
    ) -> None:
        self.id = id  # "building_plan/new", or "deposit"
        self.schedule = schedule
        self.application = application
        self.title = title
        self.intro = intro
        self.fields = fields
        self.page_title = page_title  # the page's heading after "Kalkulator:" / "Calculator:"
        self.nav_title = nav_title  # its entry under "Kalkulator" in the site's navigation
        self.parts = parts  # the parts of the schedule it charges ("schedule used"); None: all
        self.rule = rule  # the function that charges a valid request
        self.check = check  # what the fields alone cannot say, before the rule
        self.example = example if example is not None else {}  # fields of one valid request (bench, embeds)

    @property
    def slug(self) -> str:
        """Its page under calculators/ and embed/: `building_plan/new`, `deposit`."""
        return self.id

    def example_request(self) -> dict[str, Any]:
        """The example as a whole request."""
        request: dict[str, Any] = {"schedule": self.schedule}
        if self.application is not None:
            request["application"] = self.application
        request.update(self.example)
        return request

    def as_json(self, day: date) -> dict[str, Any]:
        """The calculator as the site's form reads it, its texts quoting the schedules in force on `day`."""
        versions = _versions_on(day, first=self.schedule)
        return {
            "id": self.id,
            "schedule": self.schedule,
            "application": self.application,
            "title": self.title.as_dict(),
            "intro": fill(self.intro, versions).as_dict(),
            "fields": [f.as_json(versions) for f in self.fields],
        }

    def has_areas(self) -> bool:
        """Whether any field, at any depth, is an area (read in the request's area unit)."""
        def any_area(fields: tuple[Field, ...]) -> bool:
            return any(f.kind == "area" or any_area(f.fields) for f in fields)
        return any_area(self.fields)


# ------------------------------------------------------------------------------------------ calculators

_BOARD_TYPES = tuple(Choice(key, name) for key, name in BOARD_TYPE_CHOICES)
_BOARD_PURPOSES = tuple(Choice(key, name) for key, name in BOARD_PURPOSE_CHOICES)


PLANNING_NEW = Calculator(
    "planning_permission/new", "planning_permission", "new",
    _b("Permohonan kebenaran merancang", "Planning permission application"),
    _b("Anggaran fi permohonan kebenaran merancang bagi pemajuan baharu: rumah, ruang perdagangan, stesen minyak, "
       "tambahan dan penukaran penggunaan. Isi yang berkenaan sahaja (jadual kebenaran merancang, bahagian A).",
       "Estimate the planning permission fee for a new development: homes, commercial space, petrol stations, "
       "additions and change of use. Fill in only what applies (planning permission schedule, part A)."),
    (
        count_field("residential_units", "Unit kediaman", "Residential units",
                    "Berperingkat: {A1i.tiers} seunit.",
                    "Tiered: {A1i.tiers}."),
        count_field("low_cost_units", "Unit rumah kos rendah", "Low-cost units"),
        count_field("malay_reserve_units", "Unit di kawasan Rezab Melayu", "Units in a Malay Reserve area"),
        area_field("commercial_floor_area", "Keluasan lantai kasar perdagangan/perusahaan/institusi swasta/hotel",
                   "Gross floor area: commercial, industrial, private institution, hotel",
                   "Dikenakan bagi setiap {A2.block} m² atau sebahagian daripadanya.",
                   "Charged per {A2.block} m² or part thereof."),
        count_field("petrol_stations", "Stesen minyak (tanpa kemudahan servis)",
                    "Petrol stations (no service facilities)"),
        count_field("petrol_stations_with_service", "Stesen minyak dengan kemudahan servis",
                    "Petrol stations with service facilities"),
        boolean_field("building_alteration", "Tambahan/perubahan ke atas bangunan",
                      "Addition or alteration to a building",
                      "Unit dan keluasan yang diisi ialah tambahan sahaja.",
                      "Units and areas entered are the added ones."),
        boolean_field("site_plan_alteration", "Tambahan/perubahan ke atas pelan pertapakan",
                      "Addition or alteration to a site plan",
                      "Unit dan keluasan yang diisi ialah tambahan sahaja.",
                      "Units and areas entered are the added ones."),
        boolean_field("change_of_use", "Penukaran penggunaan tanah/bangunan", "Change of use of land or building"),
    ),
    page_title=_b("kebenaran merancang baharu", "new planning permission"),
    nav_title=_b("Kebenaran merancang: baharu", "Planning permission: new"),
    parts=("A",),
    rule=planning_permission.new,
    example={"residential_units": 250, "low_cost_units": 40},
)

PLANNING_EXTENSION = Calculator(
    "planning_permission/extension", "planning_permission", "extension",
    _b("Perlanjutan kebenaran merancang", "Extension of planning permission"),
    _b("Anggaran fi untuk memohon perlanjutan kebenaran merancang: satu fi bagi setiap permohonan, mengikut jenis "
       "pemajuan (bahagian B).",
       "Estimate the fee to ask for more time on a planning permission: one fee for each application, by type of "
       "development (part B)."),
    (
        Field("development_type", "choice", _b("Jenis pemajuan", "Type of development"), required=True, choices=(
            Choice("residential", _b("Kediaman", "Residential")),
            Choice("commercial", _b("Perdagangan, perusahaan, institusi swasta dan hotel",
                                    "Commercial, industrial, private institution and hotel")),
            Choice("petrol_station", _b("Stesen minyak", "Petrol station")),
            Choice("building_alteration", _b("Tambahan/perubahan ke atas bangunan",
                                             "Addition or alteration to a building")),
            Choice("site_plan_alteration", _b("Tambahan/perubahan ke atas pelan pertapakan",
                                              "Addition or alteration to a site plan")),
            Choice("mixed", _b("Pemajuan campur", "Mixed development")),
        )),
    ),
    page_title=_b("perlanjutan kebenaran merancang", "extension of planning permission"),
    nav_title=_b("Kebenaran merancang: perlanjutan", "Planning permission: extension"),
    parts=("B",),
    rule=planning_permission.extension,
    example={"development_type": "residential"},
)

PLANNING_ADVERTISEMENT = Calculator(
    "planning_permission/advertisement", "planning_permission", "advertisement",
    _b("Papan iklan luar", "Outdoor advertisement boards"),
    _b("Anggaran fi kebenaran merancang untuk mendirikan papan iklan luar, mengikut jenis, saiz dan tujuan setiap "
       "papan (bahagian C).",
       "Estimate the planning permission fee to put up outdoor advertisement boards, by the type, size and purpose "
       "of each board (part C)."),
    (
        Field("boards", "list", _b("Papan iklan", "Boards"), _b(
            "Satu baris bagi setiap saiz dan jenis papan.", "One row for each size and type of board."),
            required=True, min_items=1, row_label=_b("Papan", "Board"), add_label=_b("Tambah papan", "Add board"),
            fields=(
                Field("type", "choice", _b("Jenis papan", "Board type"), required=True, choices=_BOARD_TYPES),
                Field("width_ft", "feet", _b("Lebar (kaki)", "Width (feet)"), required=True, positive=True),
                Field("height_ft", "feet", _b("Tinggi (kaki)", "Height (feet)"), required=True, positive=True),
                Field("purpose", "choice", _b("Tujuan", "Purpose"), _b(
                    "Papan bukan komersial, kerajaan dan amal tidak dikenakan bayaran.",
                    "Non-commercial, government and charity boards pay nothing."),
                    default="commercial", choices=_BOARD_PURPOSES),
                count_field("count", "Bilangan papan", "Number of boards", default=1, minimum=1),
            )),
    ),
    page_title=_b("papan iklan luar", "outdoor advertisement boards"),
    nav_title=_b("Kebenaran merancang: papan iklan", "Planning permission: advertisement"),
    parts=("C",),
    rule=planning_permission.advertisement,
    example={"boards": [{"type": "billboard", "width_ft": 10, "height_ft": 20}]},
)

_ADDED_FLOORS_HELP = ("Keluasan tambahan mengikut aras; dikenakan kadar B dengan minimum setiap tingkat.",
                      "Added floor area by level; charged at the B rates with each storey's minimum.")
_ADDED_SANITARY_HELP = ("Alat kebersihan tambahan (perkara C).", "Added sanitary fittings (item C).")

BUILDING_NEW = Calculator(
    "building_plan/new", "building_plan", "new",
    _b("Pelan bangunan baharu", "New building plan"),
    _b("Anggaran fi pelan bangunan baharu: fi proses, keluasan setiap tingkat, alat kebersihan, kolam dan pagar. "
       "Bangunan yang sama rekabentuk membayar kurang (potongan deretan) (perkara A hingga G).",
       "Estimate the fee for a new building plan: the processing fee, the area of each storey, sanitary fittings, "
       "pools and fences. Buildings of one design pay less together (the row discount) (items A to G)."),
    (
        Field("designs", "list", _b("Rekabentuk bangunan", "Building designs"), _b(
            "Satu kumpulan bagi setiap rekabentuk; bangunan sama rekabentuk mendapat potongan deretan (G).",
            "One group for each design; buildings of one design get the row discount (G)."),
            required=True, min_items=1, row_label=_b("Rekabentuk bangunan", "Building design"),
            add_label=_b("Tambah rekabentuk bangunan", "Add another building design"), fields=(
                Field("name", "text", _b("Nama rekabentuk", "Design name"),
                      _b("Contoh: Teres 2 tingkat.", "For example: two-storey terrace.")),
                count_field("units", "Bilangan bangunan (unit)",
                            "Number of buildings (units)", required=True, minimum=1),
                floors_field("floors", "Tingkat", "Storeys",
                             "Keluasan setiap tingkat bagi satu bangunan.", "The area of each storey of one building.",
                             required=True),
                sanitary_field("sanitary", "Alat kebersihan (satu bangunan)", "Sanitary fittings (one building)",
                               "Bilangan bagi satu bangunan; didarab dengan bilangan unit.",
                               "Counts for one building; multiplied by the number of units."),
            )),
        area_field("central_system_area", "Sistem Pembetulan Berpusat (Kekotak/U/V/Ø): keluasan",
                   "Centralised system area (Sistem Pembetulan Berpusat: box, U, V or round sections)",
                   "Perkara D: {D.rate} per {D.block} m², minimum {D.minimum}.",
                   "Item D: {D.rate} per {D.block} m², minimum {D.minimum}."),
        area_field("pool_area", "Kolam renang / kolam air: keluasan", "Swimming pool or pond area",
                   "Perkara E: separuh daripada {E.rate} per {E.block} m².",
                   "Item E: half of {E.rate} per {E.block} m²."),
        count_field("residential_fences", "Pagar unit kediaman", "Residential unit fences",
                    "Perkara F1: {F1.rate} setiap satu.", "Item F1: {F1.rate} each."),
        length_field("fence_length_m", "Panjang pagar lain / perumahan berpagar (meter)",
                     "Other or gated-housing fence length (metres)",
                     "Perkara F2: {F2.rate} bagi setiap meter.", "Item F2: {F2.rate} per metre."),
    ),
    page_title=_b("pelan bangunan baharu", "new building plan"),
    nav_title=_b("Pelan bangunan: baharu", "Building plan: new"),
    parts=("A", "B", "C", "D", "E", "F", "G"),
    rule=building_plan.new,
    check=check_building_plan,
    example={"designs": [{"units": 20, "floors": [{"level": 0, "area": 120}, {"level": 1, "area": 110}]}]},
)


def _for_amendment_types(name: str) -> tuple[str, tuple[int, ...]]:
    """A field of the amendment form asked only for the types of amendment charged on it."""
    return "amendment_type", AMENDMENT_TYPES_OF[name]


BUILDING_AMENDMENT = Calculator(
    "building_plan/amendment", "building_plan", "amendment",
    _b("Pindaan pelan", "Plan amendment"),
    _b("Anggaran fi untuk meminda pelan yang telah diluluskan. Pilih jenis pindaan dahulu: borang hanya "
       "menanyakan apa yang dikenakan bagi jenis itu (perkara H).",
       "Estimate the fee to amend an approved plan. Choose the type of amendment first: the form then asks only "
       "what that type is charged on (item H)."),
    (
        Field("amendment_type", "choice", _b("Jenis pindaan", "Type of amendment"), required=True, choices=(
            Choice(1, _b("H1 Pelan pindaan (tidak melibatkan tambahan keluasan)", "H1 Amended plan (no added area)")),
            Choice(2, _b("H2 Perubahan melibatkan tambahan keluasan dan sanitari",
                         "H2 Change adding floor area and sanitary fittings")),
            Choice(3, _b("H3 Pindaan keseluruhan rekabentuk dan jenis bangunan",
                         "H3 Whole redesign and change of building type")),
            Choice(4, _b("H4 Perubahan kemasan lantai", "H4 Change of floor finishes")),
        )),
        count_field("sheets", "Bilangan helaian pindaan (1 set)", "Amended sheets (one set)", required=True, minimum=1),
        floors_field("added_floors", "Tambahan keluasan (H2, H3)", "Added floor area (H2, H3)", *_ADDED_FLOORS_HELP,
                     shown_when=_for_amendment_types("added_floors")),
        sanitary_field("added_sanitary", "Tambahan alat kebersihan (H2, H3)", "Added sanitary fittings (H2, H3)",
                       *_ADDED_SANITARY_HELP, shown_when=_for_amendment_types("added_sanitary")),
        Field("previous_plan_fee", "money", _b("Fi pelan yang diluluskan terdahulu (RM) (H3)",
                                               "Fee of the plan approved before (RM) (H3)"),
              _b("Separuh daripada fi ini dikenakan.", "Half of this fee is charged."),
              shown_when=_for_amendment_types("previous_plan_fee")),
        floors_field("finish_floors", "Tingkat yang ditukar kemasan lantai (H4)",
                     "Storeys with new floor finishes (H4)",
                     "Separuh daripada fi keluasan lantai (B) tingkat ini dikenakan.",
                     "Half of the floor-area fee (B) of these storeys is charged.",
                     shown_when=_for_amendment_types("finish_floors")),
    ),
    page_title=_b("pindaan pelan bangunan", "building plan amendment"),
    nav_title=_b("Pelan bangunan: pindaan", "Building plan: amendment"),
    parts=("H", "B", "C"),
    rule=building_plan.amendment,
    check=check_building_plan,
    example={"amendment_type": 1, "sheets": 2},
)

BUILDING_ADDITION = Calculator(
    "building_plan/addition", "building_plan", "addition",
    _b("Pelan tambahan / ubahsuai", "Addition or alteration plan"),
    _b("Anggaran fi untuk menambah atau mengubahsuai bangunan sediaada, dan permit yang berkaitan (perkara I).",
       "Estimate the fee to add to or alter an existing building, and the permits that go with it (item I)."),
    (
        floors_field("added_floors", "Tambahan keluasan", "Added floor area", *_ADDED_FLOORS_HELP),
        sanitary_field("added_sanitary", "Tambahan alat kebersihan", "Added sanitary fittings", *_ADDED_SANITARY_HELP),
        count_field("partitioned_rooms", "Bilik dipecah ke bilik lebih kecil", "Rooms partitioned into smaller rooms",
                    "Perkara I3: {I3.rate} setiap bilik.", "Item I3: {I3.rate} per room."),
        count_field("facade_storeys", "Tingkat yang diubah fasad", "Storeys with a changed facade",
                    "Perkara I4: {I4.rate} setiap tingkat.", "Item I4: {I4.rate} per storey."),
        area_field("permit_area", "Keluasan binaan tambahan (permit)", "Additional construction area (permit)",
                   "Perkara I5: {I5.rate} per {I5.block} m².", "Item I5: {I5.rate} per {I5.block} m²."),
        count_field("material_placement_months", "Permit meletak bahan binaan (bulan)",
                    "Permit to place building materials (months)",
                    "Perkara I6: {I6.rate} sebulan.", "Item I6: {I6.rate} a month.",
                    maximum=MAX_MONTHS),
        count_field("roro_bin_months", "Permit meletak tong roro (bulan)", "Permit for a roll-on/roll-off bin (months)",
                    "Perkara I7: {I7.rate} sebulan.", "Item I7: {I7.rate} a month.", maximum=MAX_MONTHS),
    ),
    page_title=_b("pelan tambahan / ubahsuai", "addition or alteration plan"),
    nav_title=_b("Pelan bangunan: tambahan/ubahsuai", "Building plan: addition/alteration"),
    parts=("I", "B", "C"),
    rule=building_plan.addition,
    check=check_building_plan,
    example={"added_floors": [{"level": 0, "area": 50}]},
)

BUILDING_TEMPORARY = Calculator(
    "building_plan/temporary_building", "building_plan", "temporary_building",
    _b("Bangunan sementara", "Temporary building"),
    _b("Anggaran fi bangunan sementara: fi proses mengikut keluasan setiap tingkat, permit tahunan dan pagar "
       "pembangunan berpengawal (perkara J).",
       "Estimate the fee for a temporary building: the processing fee by the area of each storey, the annual "
       "permit and the fence of a guarded development (item J)."),
    (
        floors_field("floors", "Tingkat", "Storeys", "Keluasan setiap tingkat bangunan sementara.",
                     "The area of each storey of the temporary building.", required=True),
        count_field("permit_years", "Tempoh permit (tahun)", "Permit period (years)", required=True, minimum=1,
                    maximum=MAX_YEARS),
        length_field("guarded_fence_length_m", "Panjang pagar pembangunan guarded (meter)",
                     "Guarded development fence length (metres)", "Perkara J3: {J3.rate} setiap meter setahun.",
                     "Item J3: {J3.rate} per metre a year."),
    ),
    page_title=_b("bangunan sementara", "temporary building"),
    nav_title=_b("Pelan bangunan: bangunan sementara", "Building plan: temporary building"),
    parts=("J", "B"),
    rule=building_plan.temporary_building,
    check=check_building_plan,
    example={"floors": [{"level": 0, "area": 100}], "permit_years": 1},
)

BUILDING_CABIN = Calculator(
    "building_plan/cabin", "building_plan", "cabin",
    _b("Kabin", "Cabins"),
    _b("Anggaran fi kabin: fi proses mengikut keluasan setiap tingkat, dan permit tahunan {K2.rate} sekabin "
       "bagi setiap {K2.block} bulan (perkara K).",
       "Estimate the fee for cabins: the processing fee by the area of each storey, and the annual permit of "
       "{K2.rate} a cabin for every {K2.block} months (item K)."),
    (
        count_field("cabins", "Bilangan kabin", "Number of cabins", required=True, minimum=1),
        floors_field("floors", "Tingkat (satu kabin)", "Storeys (one cabin)", "Keluasan setiap tingkat satu kabin.",
                     "The area of each storey of one cabin.", required=True),
        count_field("permit_months", "Tempoh permit tahunan (bulan)", "Annual permit period (months)",
                    "Permit tahunan (K2) dikenakan {K2.rate} sekabin bagi setiap {K2.block} bulan atau sebahagian "
                    "daripadanya.",
                    "The annual permit (K2) is {K2.rate} a cabin for every {K2.block} months or part of "
                    "{K2.block} months.",
                    required=True, minimum=1, maximum=MAX_MONTHS),
    ),
    page_title=_b("kabin", "cabins"),
    nav_title=_b("Pelan bangunan: kabin", "Building plan: cabin"),
    parts=("K", "B"),
    rule=building_plan.cabin,
    check=check_building_plan,
    example={"cabins": 1, "floors": [{"level": 0, "area": 20}], "permit_months": 6},
)

BUILDING_PERMITS = Calculator(
    "building_plan/permits", "building_plan", "permits",
    _b("Permit papan dendeng, papan tanda dan petil", "Hoarding, signboard and petil permits"),
    _b("Anggaran fi permit papan dendeng (hoarding) di sekeliling tapak, papan tanda dan petil (perkara L, M "
       "dan N).",
       "Estimate the permit fees for a hoarding around the site, signboards and petil (items L, M and N)."),
    (
        length_field("hoarding_length_m", "Panjang papan dendeng (meter)", "Hoarding length (metres)",
                     "Perkara L: {L.rate} setiap meter sebulan.", "Item L: {L.rate} per metre a month."),
        count_field("hoarding_months", "Tempoh papan dendeng (bulan)", "Hoarding period (months)",
                    "Minimum {L.minimum_months.development} bulan bagi projek pembangunan dan "
                    "{L.minimum_months.detached_house} bulan bagi rumah sesebuah; lalai: minimum itu.",
                    "At least {L.minimum_months.development} months for a development project and "
                    "{L.minimum_months.detached_house} for a detached house; default: that minimum.",
                    maximum=MAX_MONTHS),
        Field("hoarding_project", "choice", _b("Jenis projek", "Project type"), default="development",
              choices=tuple(Choice(key, name) for key, name in HOARDING_PROJECT_CHOICES)),
        count_field("signboards", "Bilangan papan tanda", "Number of signboards",
                    "Perkara M: {M.rate} seunit setahun.", "Item M: {M.rate} a unit a year."),
        count_field("signboard_years", "Tempoh papan tanda (tahun)", "Signboard period (years)", default=1, minimum=1,
                    maximum=MAX_YEARS),
        count_field("petil", "Bilangan petil", "Number of petil",
                    "Petil ialah nama perkara N pada borang Majlis: {N.rate} setiap satu, dijelaskan semasa mengambil "
                    "kelulusan. Tanya Jabatan Kawalan Bangunan jika tidak pasti berapa yang perlu.",
                    "Petil is the council form's own (Malay) name for item N: {N.rate} each, paid when the approval is "
                    "collected. The form does not say more; ask the Building Control Department how many apply."),
    ),
    page_title=_b("papan dendeng, papan tanda dan petil", "hoarding, signboards and petil"),
    nav_title=_b("Pelan bangunan: permit", "Building plan: permits"),
    parts=("L", "M", "N"),
    rule=building_plan.permits,
    check=check_building_plan,
    example={"signboards": 2, "signboard_years": 1},
)

def _deposit_choices(part: str) -> tuple[Choice, ...]:
    """The deposit formula's types of development (part 1) or categories of additional works (part 2), as its
    data names them: every item the schedule has ever had (one not in force on a request's date is an error)."""
    return tuple(Choice(item.ref, item.label) for item in load_all()["deposit"].history if item.part == part)


DEPOSIT = Calculator(
    "deposit", "deposit", None,
    _b("Bayaran cagaran", "Deposit"),
    _b("Anggaran wang cagaran yang dibayar bersama permohonan pelan bangunan, mengikut jenis pembangunan dan "
       "bilangan unit. Cagaran boleh dituntut semula; syaratnya ada di bawah anggaran.",
       "Estimate the deposit paid with a building plan application, by type of development and number of units. "
       "The deposit can be claimed back; the conditions are under the estimate."),
    (
        Field("items", "list", _b("Jenis pembangunan", "Types of development"), _b(
            "Satu baris bagi setiap jenis pembangunan.", "One row for each type of development."),
            start_items=1, row_label=_b("Jenis pembangunan", "Type of development"),
            add_label=_b("Tambah jenis pembangunan", "Add another type of development"), fields=(
                Field("type", "choice", _b("Jenis pembangunan", "Type of development"), required=True,
                      choices=_deposit_choices("1")),
                count_field("units", "Bilangan unit", "Units", required=True, minimum=1),
            )),
        Field("additional_works", "list", _b("Kerja tambahan / pindaan", "Additional works or amendments"),
              row_label=_b("Kerja tambahan / pindaan", "Additional works or amendment"),
              add_label=_b("Tambah kerja tambahan / pindaan", "Add additional works or an amendment"), fields=(
            Field("category", "choice", _b("Kategori", "Category"), required=True, choices=_deposit_choices("2")),
            count_field("units", "Bilangan unit", "Units", required=True, minimum=1),
        )),
    ),
    page_title=_b("cagaran pelan bangunan", "building plan deposit"),
    nav_title=_b("Cagaran pelan bangunan", "Building plan deposit"),
    parts=None,
    rule=deposit.deposit,
    example={"items": [{"type": "terrace_double_storey", "units": 20}]},
)

CALCULATORS: tuple[Calculator, ...] = (
    PLANNING_NEW, PLANNING_EXTENSION, PLANNING_ADVERTISEMENT,
    BUILDING_NEW, BUILDING_AMENDMENT, BUILDING_ADDITION, BUILDING_TEMPORARY, BUILDING_CABIN, BUILDING_PERMITS,
    DEPOSIT,
)


# ------------------------------------------------------------------------------------------ a development

DEPOSIT_TYPE_LABELS = {choice.value: choice.label for choice in _deposit_choices("1")}
_DESIGN_FIELDS = next(f for f in BUILDING_NEW.fields if f.name == "designs")

# One development described once (calc/project.py): the buildings as form MPKj/JKB/B1-2013 lists them, and the
# site works, temporary structures and boards, each section the fields of its own calculator.
DEVELOPMENT = Calculator(
    "development", "development", None,
    _b("Projek pembangunan: semua fi", "Development project: every fee"),
    _b("Terangkan pembangunan sekali: kebenaran merancang, pelan bangunan, cagaran dan permit dikira bersama.",
       "Describe the development once: planning permission, building plan, deposit and permits worked out together."),
    (
        Field("designs", "list", _DESIGN_FIELDS.label, _b(
            "Satu kumpulan bagi setiap rekabentuk, seperti dalam borang MPKj/JKB/B1-2013.",
            "One group for each design, as form MPKj/JKB/B1-2013 lists them."),
            required=True, min_items=1, row_label=_b("Rekabentuk bangunan", "Building design"),
            add_label=_b("Tambah rekabentuk bangunan", "Add another building design"), fields=(
                Field("category", "choice", _b("Kategori (jenis pembangunan)", "Category (type of development)"),
                      _b("Jenis dalam jadual cagaran; menentukan cara dikira bagi kebenaran merancang.",
                         "The deposit schedule's type; it decides how planning permission counts the design."),
                      required=True, choices=DEPOSIT.fields[0].fields[0].choices),
            ) + _DESIGN_FIELDS.fields + (
                Field("planning_as", "choice", _b("Dikira bagi kebenaran merancang sebagai",
                                                  "Counted for planning permission as"),
                      _b("Lalai: mengikut kategori. Tukar bagi rumah kos rendah atau kawasan Rezab Melayu.",
                         "Default: by category. Change it for low-cost units or a Malay Reserve area."),
                      default="auto", choices=(
                          Choice("auto", _b("Mengikut kategori", "By category")),
                          Choice("residential", _b("Unit kediaman (A1 i)", "Residential units (A1 i)")),
                          Choice("low_cost", _b("Unit rumah kos rendah (A1 ii)", "Low-cost units (A1 ii)")),
                          Choice("malay_reserve", _b("Unit di kawasan Rezab Melayu (A1 iii)",
                                                     "Units in a Malay Reserve area (A1 iii)")),
                          Choice("commercial", _b("Keluasan lantai kasar (A2)", "Gross floor area (A2)")),
                          Choice("petrol_station", _b("Stesen minyak (A3 i)", "Petrol stations (A3 i)")),
                          Choice("petrol_station_with_service", _b("Stesen minyak dengan kemudahan servis (A3 ii)",
                                                                   "Petrol stations with service (A3 ii)")),
                          Choice("none", _b("Tidak dikira", "Not counted")),
                      )),
            )),
    ) + tuple(f for f in BUILDING_NEW.fields if f.name != "designs") + (
        Field("site_office", "object", _b("Pejabat tapak sementara (bangunan sementara, J)",
                                          "Temporary site office (temporary building, J)"),
              add_label=_b("Tambah pejabat tapak", "Add a site office"), fields=BUILDING_TEMPORARY.fields),
        Field("cabins", "object", _b("Kabin (K)", "Cabins (K)"), add_label=_b("Tambah kabin", "Add cabins"),
              fields=BUILDING_CABIN.fields),
        Field("permits", "object", _b("Papan dendeng, papan tanda dan petil (L, M, N)",
                                      "Hoarding, signboards and petil (L, M, N)"),
              add_label=_b("Tambah papan dendeng, papan tanda atau petil", "Add hoarding, signboards or petil"),
              fields=BUILDING_PERMITS.fields),
        Field("advertisement", "object", _b("Papan iklan luar (kebenaran merancang C)",
                                            "Outdoor advertisement boards (planning permission C)"),
              add_label=_b("Tambah papan iklan luar", "Add outdoor advertisement boards"),
              fields=PLANNING_ADVERTISEMENT.fields),
    ),
)


def calculator_for(schedule: str, application: str | None) -> Calculator | None:
    for calculator in CALCULATORS:
        if calculator.schedule == schedule and calculator.application == application:
            return calculator
    return None


def _versions_on(day: date, *, first: str) -> list[Version]:
    """The schedules in force on `day`, the calculator's own first: help texts name its items by code."""
    ids = [sid for sid in SCHEDULE_IDS if sid == first] + [sid for sid in SCHEDULE_IDS if sid != first]
    schedules = [load_all()[sid] for sid in ids]
    versions = [schedule.version_on(day) for schedule in schedules]
    return [version for version in versions if version is not None]


def input_schema(day: date | None = None) -> dict[str, Any]:
    """Every calculator's form as JSON-able data: what the site renders, what the validator enforces. Help texts
    quote the rates in force on `day` (default: today)."""
    day = day or date.today()
    return {
        "common": [f.as_json() for f in COMMON_FIELDS],
        "calculators": [c.as_json(day) for c in CALCULATORS],
        "development": DEVELOPMENT.as_json(day),
        "m2_per_ft2": str(M2_PER_FT2),
    }
