"""The HTML of each calculator form, generated from `calc.input_schema()`.

Nothing about the fees is typed here: labels, help, bounds, choices and defaults all come from the schema.
Only the words of the form's chrome ("Remove", "Total", ...) live in TEXT below; they reach the calculator scripts
(docs/javascripts/calculator*.js) as JSON in the form's `data-text` attribute, never through generated JS.

The DOM contract with the calculator scripts (docs/javascripts/calculator*.js, which point here), written here once:

* `<form class="mpkj-calculator" id="mpkj-<calc id>" data-calculator data-schedule data-application data-lang
  data-in-force data-schedule-href data-public-url data-ids data-text>`: one calculator. data-text: the form's own
  words (TEXT, as JSON); data-in-force: the schedule versions; data-public-url: the page at site_url (what "Copy
  link" gives from a copy opened as a file); data-ids: ID_RULE as JSON. Hidden constants `schedule` and
  `application` (`input.mpkj-constant`) are always sent.
* a leaf control sits in `.mpkj-field[data-name][data-kind][data-default]` and its `name` is the request field's
  own name; lists are `fieldset.mpkj-list[data-name][data-template][data-min-items][data-max-items]
  [data-row-label]` whose `.mpkj-rows` hold `fieldset.mpkj-row` elements (a legend, the members, a `.mpkj-remove`
  button), with the list's own `.mpkj-add` button after them; objects are `fieldset.mpkj-object[data-name]`. The
  nesting of these elements is the nesting of the request; the scripts write each one's `data-path`, the request
  path that is also the `field` of calc's errors (`designs[0].floors[1].area`).
* `<template class="mpkj-template" data-template="designs.floors">` holds one row of that list, which the list's
  add button clones. A row with a level also has a `.mpkj-add-part` button: another part of the same floor (a row
  of the same level after it; calc adds the parts up).
* an optional top-level section (`fieldset.mpkj-object[data-folded]`, hidden, so not asked) follows its
  `button.mpkj-unfold[aria-controls=<its id>]` ("Add ...") and ends with a `.mpkj-fold` button that empties and
  folds it again.
* ids follow ID_RULE: the element at a request path gets `<form id>-<path>` with every run of characters outside
  `[A-Za-z0-9_-]` made one `-` (`designs[0].floors` -> `mpkj-building_plan-new-designs-0-floors`); its help
  paragraph `.mpkj-help` and error slot `.mpkj-error` add `-help` and `-error` and are linked by
  `aria-describedby`. The scripts read the rule from data-ids and renumber the rows after one is added or removed.
* a level is a `<select>` of the schema's levels (ground first, then the floors above, then the basements);
  a member asked only for some values of another field carries `data-shown-field` and `data-shown-values`, and is
  hidden and left out of the request otherwise (the amendment types' sections); `[data-area-unit]` elements show
  the unit that area_unit chooses.
* `.mpkj-status` is the engine's start-up status; `.mpkj-error-summary` (heading `.mpkj-error-heading`) the errors
  at the top, written on a submit only; `.mpkj-running` the running total, sticky at the bottom of the screen on a
  long form, a link (`.mpkj-running-text`) to the result's heading;
  `section.mpkj-result[data-state=prompt|pending|ok|incomplete|invalid|failed][data-total]` the estimate
  (`.mpkj-summary`, `.mpkj-lines`, `.mpkj-notes`; incomplete: calc's errors are not shown yet, a field is still
  being typed); `.mpkj-copy`, `.mpkj-print` and the `.mpkj-print-*` elements the copy link and the printed
  estimate.

The whole form has no blank line and no indentation, so Markdown passes it through as one raw HTML block.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from calc import input_schema
from calc.calculators import Calculator
from calc.schedules import load_all

NUMBER_KINDS = ("count", "area", "length", "feet", "money", "level")

# The words of the form itself (not of the fees): bilingual, passed to the calculator scripts as JSON.
TEXT: dict[str, dict[str, str]] = {
    "ms": {
        "remove_row": "Buang",
        "remove_row_label": "Buang {row}",
        "add_part": "Tambah bahagian lain tingkat ini",
        "add_part_label": "Tambah bahagian lain tingkat ini ({row})",
        "add_section": "Tambah {label}",
        "fold_section": "Buang bahagian ini",
        "fold_section_label": "Buang {label}",
        "row": "{label} {n}",
        "choose": "— pilih —",
        "settings": "Tetapan",
        "calculate": "Kira anggaran",
        "copy_link": "Salin pautan",
        "copied": "Pautan disalin.",
        "copy_manual": "Salin pautan ini:",
        "print": "Cetak",
        "result": "Anggaran fi",
        "total": "Jumlah",
        "col_item": "Perkara",
        "col_label": "Butiran",
        "col_quantity": "Kuantiti",
        "col_unit": "Unit",
        "col_rate": "Kadar (RM)",
        "col_amount": "Amaun (RM)",
        "col_source": "Sumber",
        "notes": "Nota",
        "errors_heading": "Sila betulkan perkara berikut",
        "no_estimate_one": "Tiada anggaran: betulkan 1 perkara dalam borang.",
        "no_estimate_many": "Tiada anggaran: betulkan {n} perkara dalam borang.",
        "incomplete": "Anggaran dikemas kini apabila nilai yang ditaip lengkap.",
        "to_correct": "Tiada anggaran lagi: tekan Kira anggaran untuk melihat apa yang perlu dibetulkan.",
        "result_deposit": "Anggaran cagaran",
        "total_deposit": "Jumlah cagaran",
        "subtotal": "Jumlah kecil",
        "to_pay": "Fi {currency} {fees} + cagaran boleh dituntut semula {currency} {deposit} = {currency} {total} "
                  "perlu dibayar",
        "to_pay_fees": "Fi {currency} {total} perlu dibayar",
        "area_unit_legend": "Keluasan dalam borang ini",
        "prompt": "Isi borang untuk melihat anggaran fi.",
        "updating": "Mengemas kini…",
        "link_too_many": "Pautan ini tidak dipulihkan: {field} mempunyai {n} baris, melebihi had {max} baris.",
        "link_too_large": "Pautan ini tidak dipulihkan: ia mengandungi lebih daripada {max} baris kesemuanya.",
        "link_unreadable": "Pautan ini tidak dipulihkan: nilai {field} di dalamnya tidak dapat dibaca.",
        "loading_runtime": "Memuatkan enjin kiraan (Python) dalam pelayar…",
        "downloaded": "Dimuat turun {n} daripada {m} MB",
        "restarted": "Enjin kiraan berhenti; memulakannya semula…",
        "retry": "Cuba lagi",
        "new_deployment": "Versi baharu laman ini telah diterbitkan.",
        "reload": "Muat semula halaman",
        "loading_calc": "Memuatkan kalkulator fi…",
        "failed": "Kalkulator tidak dapat dimulakan dalam pelayar ini. Kirakan fi secara manual menggunakan",
        "schedule_link": "jadual fi",
        "inputs": "Maklumat yang diisi",
        "printed_on": "Dicetak pada",
        "page_url": "Halaman",
        "version": "Versi jadual",
        "yes": "Ya",
        "unit_m2": "m²",
        "unit_ft2": "kps",
        "unit_m": "m",
        "unit_ft": "kaki",
        "currency": "RM",
        # [share-print] short links, the QR code and reference, a shared link's arrival (calculator-share.js)
        "link_damaged": "Pautan ini rosak: ada aksara yang berubah atau hilang, jadi tiada input dipulihkan. "
                        "Minta pautan sekali lagi, atau imbas kod QR pada anggaran yang dicetak.",
        "link_unsupported": "Pelayar ini tidak dapat membuka pautan ringkas ini. Bukalah dalam pelayar yang "
                            "lebih baharu.",
        "shared": "Anggaran yang dikongsi: input di bawah datang daripada pautan yang dibuka.",
        "opening": "Membuka anggaran yang dikongsi…",
        "reference": "Rujukan",
        "qr_label": "Kod QR pautan anggaran ini",
        "share_note": "Imbas kod QR atau buka pautan untuk melihat anggaran ini semula, dengan input dan tarikh "
                      "yang sama.",
        "date_today": "hari ini",
    },
    "en": {
        "remove_row": "Remove",
        "remove_row_label": "Remove {row}",
        "add_part": "Add another part of this floor",
        "add_part_label": "Add another part of this floor ({row})",
        "add_section": "Add {label}",
        "fold_section": "Remove this section",
        "fold_section_label": "Remove {label}",
        "row": "{label} {n}",
        "choose": "— choose —",
        "settings": "Settings",
        "calculate": "Calculate",
        "copy_link": "Copy link",
        "copied": "Link copied.",
        "copy_manual": "Copy this link:",
        "print": "Print",
        "result": "Fee estimate",
        "total": "Total",
        "col_item": "Item",
        "col_label": "Description",
        "col_quantity": "Quantity",
        "col_unit": "Unit",
        "col_rate": "Rate (RM)",
        "col_amount": "Amount (RM)",
        "col_source": "Source",
        "notes": "Notes",
        "errors_heading": "Please correct the following",
        "no_estimate_one": "No estimate: correct 1 thing in the form.",
        "no_estimate_many": "No estimate: correct {n} things in the form.",
        "incomplete": "The estimate updates when the value being typed is complete.",
        "to_correct": "No estimate yet: press Calculate to see what to correct.",
        "result_deposit": "Deposit estimate",
        "total_deposit": "Total deposit",
        "subtotal": "Subtotal",
        "to_pay": "Fees {currency} {fees} + refundable deposit {currency} {deposit} = {currency} {total} to pay",
        "to_pay_fees": "Fees {currency} {total} to pay",
        "area_unit_legend": "Areas on this form",
        "prompt": "Fill in the form to see the fee estimate.",
        "updating": "Updating…",
        "link_too_many": "This link was not restored: {field} has {n} rows, more than the limit of {max}.",
        "link_too_large": "This link was not restored: it holds more than {max} rows in all.",
        "link_unreadable": "This link was not restored: its value for {field} cannot be read.",
        "loading_runtime": "Loading the calculation engine (Python) in your browser…",
        "downloaded": "Downloaded {n} of {m} MB",
        "restarted": "The calculation engine stopped; starting it again…",
        "retry": "Try again",
        "new_deployment": "A new version of this site has been published.",
        "reload": "Reload the page",
        "loading_calc": "Loading the fee calculator…",
        "failed": "The calculator could not start in this browser. Work out the fee by hand from the",
        "schedule_link": "fee schedule",
        "inputs": "Details entered",
        "printed_on": "Printed on",
        "page_url": "Page",
        "version": "Schedule version",
        "yes": "Yes",
        "unit_m2": "m²",
        "unit_ft2": "ft²",
        "unit_m": "m",
        "unit_ft": "ft",
        "currency": "RM",
        # [share-print] short links, the QR code and reference, a shared link's arrival (calculator-share.js)
        "link_damaged": "This link is damaged: a character was changed or lost, so no input was restored. Ask for "
                        "the link again, or scan the QR code on the printed estimate.",
        "link_unsupported": "This browser cannot open this short link. Open it in a newer browser.",
        "shared": "A shared estimate: the inputs below came from the link you opened.",
        "opening": "Opening the shared estimate…",
        "reference": "Reference",
        "qr_label": "QR code of this estimate's link",
        "share_note": "Scan the QR code or open the link to see this estimate again, with the same inputs and date.",
        "date_today": "today",
    },
}


# What to do about an error, beside its field and in the summary, in the field's own words (GOV.UK: "Enter the
# number of buildings", not "Number of buildings: is required"). Keyed by calc's error code, or "code/kind" for one
# kind of field (forms.py's data-kind), or "code/kind/zero" where the field holds a number calc read as nothing (a
# design whose storeys are all 0 m² lacks its area at the first storey); {label} is the field's label inside a
# sentence, {Label} as shown, {said} what calc says after the label ("Enter the area in m², like 1,250.5"). A code
# without an entry keeps calc's words after the field's own label (never calc's whole path: the legends say where).
TODO: dict[str, dict[str, str]] = {
    "ms": {
        "required": "Masukkan {label}.",
        "required/area": "Masukkan {label}, contohnya 120.",
        "required/area/zero": "Masukkan {label} lebih daripada sifar bagi sekurang-kurangnya satu tingkat.",
        "required/choice": "Pilih {label}.",
        "required/level": "Pilih {label}.",
        "required/date": "Masukkan {label}, contohnya 2026-03-31.",
        "not_a_number": "{said}.",
        "not_integer": "{said}.",
        "decimal_comma": "{said}.",
        "not_positive": "Masukkan {label} lebih daripada sifar.",
        "negative": "Masukkan {label} sifar atau lebih, bukan negatif.",
    },
    "en": {
        "required": "Enter the {label}.",
        "required/area": "Enter the {label}, like 120.",
        "required/area/zero": "Enter a {label} of more than zero for at least one storey.",
        "required/choice": "Choose the {label}.",
        "required/level": "Choose the {label}.",
        "required/date": "Enter the {label}, like 2026-03-31.",
        "not_a_number": "{said}.",
        "not_integer": "{said}.",
        "decimal_comma": "{said}.",
        "not_positive": "Enter a {label} of more than zero.",
        "negative": "Enter a {label} of zero or more, not a negative number.",
    },
}


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


# How ids are made from request paths: the one rule. The form carries it (data-ids) for the calculator scripts,
# which apply it to the rows they add, remove and restore; the patterns mean the same in Python and JavaScript.
ID_RULE: dict[str, str] = {
    "separators": "[^A-Za-z0-9_-]+",  # each run of these becomes one separator
    "separator": "-",
    "ends": "^-+|-+$",  # then removed at both ends
    "help": "-help",  # the suffix of a member's help paragraph
    "error": "-error",  # and of its error slot
}


def _slug(text: str) -> str:
    """An id fragment by ID_RULE: `designs[0].floors` -> `designs-0-floors`."""
    return re.sub(ID_RULE["ends"], "", re.sub(ID_RULE["separators"], ID_RULE["separator"], text))


class _Renderer:
    """Renders one calculator in one language. `path` is the request path (`designs[0].floors[1].area`),
    `key` the schema path without indices (`designs.floors`), used to name row templates."""

    def __init__(self, calculator: dict[str, Any], common: dict[str, dict[str, Any]], lang: str,
                 site_url: str, disclaimer: str) -> None:
        self.calculator = calculator
        self.site_url = site_url
        self.disclaimer = disclaimer
        self.common = common
        self.lang = lang
        self.text = TEXT[lang]
        self.form_id = "mpkj-" + _slug(calculator["id"])
        self.templates: list[str] = []

    def t(self, bilingual: dict[str, str]) -> str:
        return escape(bilingual[self.lang])

    def control_id(self, path: str) -> str:
        return self.form_id + ID_RULE["separator"] + _slug(path)

    # ------------------------------------------------------------------ one field of any kind

    def field(self, spec: dict[str, Any], path: str, key: str) -> str:
        kind = spec["kind"]
        if kind == "list":
            return self.list(spec, path, key)
        if kind == "object":
            return self.object(spec, path, key)
        return self.leaf(spec, path)

    def _describe(self, spec: dict[str, Any], cid: str) -> tuple[str, str]:
        """The help paragraph and error slot of a field, and the ids for aria-describedby."""
        ids, out = [], []
        help_id, error_id = cid + ID_RULE["help"], cid + ID_RULE["error"]
        if spec.get("help"):
            ids.append(help_id)
            out.append(f'<p class="mpkj-help" id="{help_id}">{self.t(spec["help"])}</p>')
        ids.append(error_id)
        out.append(f'<p class="mpkj-error" id="{error_id}" hidden></p>')
        return "".join(out), " ".join(ids)

    def leaf(self, spec: dict[str, Any], path: str) -> str:
        kind, name = spec["kind"], spec["name"]
        cid = self.control_id(path)
        below, described = self._describe(spec, cid)
        common = (f'id="{cid}" name="{_attr(name)}" aria-describedby="{described}"'
                  + (' aria-required="true"' if spec.get("required") else ""))
        default = spec.get("default")
        data = f'data-name="{_attr(name)}" data-kind="{kind}"' + _shown_when(spec)
        if default is not None and not isinstance(default, bool):
            data += f' data-default="{_attr(default)}"'
        label = f'<label for="{cid}">{self.t(spec["label"])}</label>'
        if kind == "boolean":
            control = f'<input type="checkbox" value="true" {common}>'
            return (f'<div class="mpkj-field mpkj-field--boolean" {data}>{control} {label}{below}</div>')
        if kind == "level":
            # Chosen from a list (ground, first, ..., basement 1, ...), never typed; a new storey starts at ground
            # and calculator-form.js moves an added one to the level above the list's highest.
            options = [f'<option value="{_attr(choice["value"])}"{" selected" if choice["value"] == 0 else ""}>'
                       f'{self.t(choice["label"])}</option>' for choice in spec["choices"]]
            control = f'<select {common}>{"".join(options)}</select>'
        elif kind == "choice":
            options = []
            if default is None:  # no default: an empty choice, omitted from the request
                options.append(f'<option value="">{escape(self.text["choose"])}</option>')
            for choice in spec["choices"]:
                selected = " selected" if choice["value"] == default else ""
                options.append(f'<option value="{_attr(choice["value"])}"{selected}>{self.t(choice["label"])}</option>')
            control = f'<select {common}>{"".join(options)}</select>'
        elif kind in NUMBER_KINDS:
            # type="text", not "number": the typed text goes to calc as is, so calc reads "1,500" as people write
            # it and explains what is wrong with "12,5", where a number input would silently report it empty.
            mode = "numeric" if kind == "count" else "decimal"
            if kind == "level":
                mode = "text"  # phone number pads often lack the minus sign of a basement level
            bounds = " ".join(f'data-{key}="{_attr(spec[key])}"' for key in ("minimum", "maximum", "step"))
            placeholder = f' placeholder="{_attr(default)}"' if default is not None else ""
            control = (f'<input type="text" inputmode="{mode}" autocomplete="off" spellcheck="false" {bounds}'
                       f'{placeholder} {common}>')
            unit = {"area": ("unit_m2", " data-area-unit"), "length": ("unit_m", ""), "money": ("currency", "")}
            unit = unit.get(kind)
            if unit:
                word, marker = unit
                before = kind == "money"
                suffix = f'<span class="mpkj-affix" aria-hidden="true"{marker}>{escape(self.text[word])}</span>'
                control = (f'<span class="mpkj-input">{suffix}{control}</span>' if before
                           else f'<span class="mpkj-input">{control}{suffix}</span>')
        elif kind == "date":
            control = f'<input type="date" {common}>'
        else:  # text
            control = f'<input type="text" autocomplete="off" {common}>'
        return f'<div class="mpkj-field mpkj-field--{kind}" {data}>{label}{control}{below}</div>'

    def members(self, specs: list[dict[str, Any]], prefix: str, key: str) -> str:
        return "".join(self.field(spec, f"{prefix}{spec['name']}", f"{key}{spec['name']}") for spec in specs)

    def object(self, spec: dict[str, Any], path: str, key: str) -> str:
        cid = self.control_id(path)
        below, described = self._describe(spec, cid)
        inner = self.members(spec["fields"], f"{path}.", f"{key}.")
        # An optional section of the form itself (a development's site office, cabins, permits, boards) is folded
        # behind an "Add ..." button, so a phone reaches the answer without scrolling past it; folded, it is hidden
        # and so not asked. A section shown for some choices only (the amendment types') is not folded.
        folded = "." not in path and not spec.get("required") and not spec.get("shown_when")
        unfold = fold = ""
        if folded:
            label = spec["label"][self.lang]
            words = spec["add_label"][self.lang] if spec.get("add_label") else self.text["add_section"].format(
                label=_in_sentence(label))
            unfold = (f'<button type="button" class="md-button mpkj-unfold" aria-controls="{cid}">'
                      f'{escape(words)}</button>')
            fold = (f'<button type="button" class="md-button mpkj-fold" '
                    f'aria-label="{_attr(self.text["fold_section_label"].format(label=label))}">'
                    f'{escape(self.text["fold_section"])}</button>')
        return (f'{unfold}<fieldset class="mpkj-object" data-name="{_attr(spec["name"])}"{_shown_when(spec)} '
                f'id="{cid}" aria-describedby="{described}"{" data-folded hidden" if folded else ""}>'
                f'<legend>{self.t(spec["label"])}</legend>{below}'
                f'<div class="mpkj-members">{inner}</div>{fold}</fieldset>')

    def row(self, spec: dict[str, Any], path: str, key: str, index: int) -> str:
        row_path = f"{path}[{index}]"
        legend = escape(self.text["row"].format(label=spec["row_label"][self.lang], n=index + 1))
        remove = escape(self.text["remove_row"])
        remove_label = _attr(self.text["remove_row_label"].format(row=legend))
        inner = self.members(spec["fields"], f"{row_path}.", f"{key}.")
        # A storey may be given in parts (the house and its porch on the ground floor): calc adds up the parts of
        # one level, so a row with a level offers another part of its floor, a row of the same level after it.
        part = ""
        if any(member["kind"] == "level" for member in spec["fields"]):
            part_label = _attr(self.text["add_part_label"].format(row=legend))
            part = (f'<button type="button" class="mpkj-add-part md-button" aria-label="{part_label}">'
                    f'{escape(self.text["add_part"])}</button>')
        return (f'<fieldset class="mpkj-row"><legend>{legend}</legend><div class="mpkj-members">{inner}</div>'
                f'{part}<button type="button" class="mpkj-remove md-button" aria-label="{remove_label}">{remove}'
                f'</button></fieldset>')

    def list(self, spec: dict[str, Any], path: str, key: str) -> str:
        cid = self.control_id(path)
        below, described = self._describe(spec, cid)
        # One template per list key; calculator-form.js renumbers ids and paths after cloning it.
        self.templates.append(f'<template class="mpkj-template" data-template="{_attr(key)}">'
                              f'{self.row(spec, path, key, 0)}</template>')
        rows = "".join(self.row(spec, path, key, i) for i in range(spec["start_items"]))
        return (f'<fieldset class="mpkj-list" data-name="{_attr(spec["name"])}" data-template="{_attr(key)}" '
                f'data-min-items="{spec.get("min_items", 0)}" data-max-items="{spec.get("max_items", 100)}" '
                f'data-start-items="{spec["start_items"]}" data-row-label="{self.t(spec["row_label"])}"'
                f'{_shown_when(spec)} id="{cid}" aria-describedby="{described}">'
                f'<legend>{self.t(spec["label"])}</legend>{below}<div class="mpkj-rows">{rows}</div>'
                f'<button type="button" class="mpkj-add md-button">{self.t(spec["add_label"])}</button>'
                f'</fieldset>')

    # ------------------------------------------------------------------ the form

    def public_url(self) -> str:
        """The calculator page at the site's public address (site_url), which the copy button gives from a copy
        opened as a file (the offline zip): a file:/// path opens on nobody else's computer. "" without site_url."""
        if not self.site_url:
            return ""
        prefix = "" if self.lang == "ms" else f"{self.lang}/"
        return self.site_url.rstrip("/") + f"/{prefix}calculators/{self.calculator['id']}.html"

    def form(self) -> str:
        c = self.calculator
        deposit = c["schedule"] == "deposit"  # refundable: a deposit estimate and a total deposit, not a fee
        text = {**self.text, "todo": TODO[self.lang]}
        if deposit:
            text["total"] = self.text["total_deposit"]
        # A development (the project calculator) uses every schedule: its way on is the sources page.
        schedules = [load_all()[c["schedule"]]] if c["schedule"] in load_all() else list(load_all().values())
        in_force = " ".join(sorted({v.in_force.isoformat() for s in schedules for v in s.versions}))
        # The schedule's own page, relative to the calculator page (calculators/<id>.html in either language);
        # calculator-render.js prefers the schedule table shown on the calculator page itself.
        target = f"schedules/{c['schedule']}.html" if len(schedules) == 1 else "sources.html"
        schedule_href = "../" * (1 + c["id"].count("/")) + target
        constants = f'<input type="hidden" class="mpkj-constant" name="schedule" value="{_attr(c["schedule"])}">'
        if c["application"] is not None:
            constants += (f'<input type="hidden" class="mpkj-constant" name="application" '
                          f'value="{_attr(c["application"])}">')
        fields = self.members(c["fields"], "", "")
        # The unit before the first area: a square-feet figure typed as m² would be charged about 9 times over.
        unit_first = self.leaf(self.common["area_unit"], "area_unit") if _has_area(c["fields"]) else ""
        settings = self.leaf(self.common["date"], "date")
        # In an attribute, not a <script type="application/json">: Material's instant navigation re-creates the
        # <script> elements of a new page as scripts to run, which the Content-Security-Policy then refuses.
        chrome = _attr(json.dumps(text, ensure_ascii=False))
        id_rule = _attr(json.dumps(ID_RULE, separators=(",", ":")))
        heading_id = f"{self.form_id}-result-heading"
        return "".join((
            f'<form class="mpkj-calculator" id="{self.form_id}" data-calculator="{_attr(c["id"])}" '
            f'data-schedule="{_attr(c["schedule"])}" data-application="{_attr(c["application"] or "")}" '
            f'data-lang="{self.lang}" data-in-force="{in_force}" data-schedule-href="{_attr(schedule_href)}" '
            f'data-public-url="{_attr(self.public_url())}" data-ids="{id_rule}" '
            f'data-text="{chrome}" lang="{self.lang}" novalidate>',
            constants,
            '<p class="mpkj-status" role="status"></p>',
            f'<div class="mpkj-error-summary" hidden><h2 class="mpkj-error-heading" tabindex="-1" '
            f'id="{self.form_id}-errors">{escape(text["errors_heading"])}</h2><ul></ul></div>',
            f'<p class="mpkj-intro">{self.t(c["intro"])}</p>',
            f'<div class="mpkj-members mpkj-unit-first">{unit_first}</div>' if unit_first else "",
            f'<div class="mpkj-members">{fields}</div>',
            # The running total, kept in sight (sticky) on a long form; calculator-render.js mirrors the summary. A
            # link to the breakdown; its height is kept (calculator.css) so a new total never moves the buttons below.
            f'<p class="mpkj-running"><a class="mpkj-running-text" href="#{heading_id}">{escape(text["prompt"])}'
            f'</a></p>',
            f'<fieldset class="mpkj-settings"><legend>{escape(text["settings"])}</legend>'
            f'<div class="mpkj-members">{settings}</div></fieldset>',
            f'<div class="mpkj-actions"><button type="submit" class="md-button md-button--primary mpkj-calculate">'
            f'{escape(text["calculate"])}</button>'
            f'<button type="button" class="md-button mpkj-copy">{escape(text["copy_link"])}</button>'
            f'<button type="button" class="md-button mpkj-print">{escape(text["print"])}</button>'
            f'<span class="mpkj-copy-status" role="status"></span>'
            f'<label class="mpkj-copy-fallback" hidden>{escape(text["copy_manual"])} '
            f'<input type="text" readonly class="mpkj-copy-url"></label></div>',
            # Print only, before the estimate: the inputs in brief (calculator-print.js fills the list).
            f'<div class="mpkj-print-only mpkj-print-inputs-block"><h2>{escape(text["inputs"])}</h2>'
            f'<dl class="mpkj-print-inputs"></dl></div>',
            f'<section class="mpkj-result" aria-labelledby="{heading_id}">'
            f'<h2 id="{heading_id}">{escape(text["result_deposit" if deposit else "result"])}</h2>'
            f'<p class="mpkj-summary" aria-live="polite" aria-atomic="true">{escape(text["prompt"])}</p>'
            f'<div class="mpkj-lines" hidden></div><ul class="mpkj-notes" hidden></ul></section>',
            # Print only, after it: the schedule version, when and where it was printed, the disclaimer.
            f'<div class="mpkj-print-only mpkj-print-meta"><p>{escape(text["version"])}: '
            f'<span class="mpkj-print-version">{escape(in_force)}</span></p>'
            f'<p>{escape(text["printed_on"])}: <span class="mpkj-print-date"></span></p>'
            f'<p>{escape(text["page_url"])}: <span class="mpkj-print-url"></span></p>'
            f'<p class="mpkj-print-disclaimer">{escape(self.disclaimer)}</p></div>',
            "".join(self.templates),
            "</form>",
        ))


def _in_sentence(label: str) -> str:
    """A label inside a sentence: "Cabins (K)" -> "cabins (K)"; "OSC" stays as written."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[0].isupper() and label[1].islower() else label


def _shown_when(spec: dict[str, Any]) -> str:
    """Attributes of a member asked only for some values of another field (the amendment's sections)."""
    condition = spec.get("shown_when")
    if condition is None:
        return ""
    values = " ".join(str(value) for value in condition["values"])
    return f' data-shown-field="{_attr(condition["field"])}" data-shown-values="{_attr(values)}"'


def _has_area(fields: list[dict[str, Any]]) -> bool:
    return any(f["kind"] == "area" or _has_area(f.get("fields", [])) for f in fields)


def render_calculator(calculator_id: str, lang: str, site_url: str = "", *, disclaimer: str) -> str:
    """The HTML of one calculator form in `lang` ("ms" or "en"); `site_url` is the site's public address,
    `disclaimer` the site's (mkdocs.yml `copyright`) for the printed estimate."""
    if lang not in TEXT:
        raise ValueError(f"unknown language {lang!r}")
    schema = input_schema()
    for calculator in [*schema["calculators"], schema.get("development")]:
        if calculator and calculator["id"] == calculator_id:
            common = {f["name"]: f for f in schema["common"]}
            return _Renderer(calculator, common, lang, site_url, disclaimer).form()
    raise ValueError(f"unknown calculator {calculator_id!r}")


def permalink_query(calculator: Calculator) -> dict[str, str]:
    """The calculator's example request (calc/calculators.py) as calculator.js reads a permalink's query: a flat field
    by its name, its value as text; a list or an object as one parameter holding JSON."""
    return {
        name: json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        if isinstance(value, list | dict | bool) else str(value)
        for name, value in calculator.example.items()
    }


__all__ = ["ID_RULE", "TEXT", "permalink_query", "render_calculator"]
