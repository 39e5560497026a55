"""Bilingual error messages. Each names the field by its label, in Bahasa Melayu and in English."""

from __future__ import annotations

from typing import Any

from calc.schedules import Bilingual

__all__ = ["message", "preview"]

_TEMPLATES: dict[str, tuple[str, str]] = {
    "invalid_json": ("Permintaan bukan JSON yang sah.", "The request is not valid JSON."),
    "not_an_object": ("{label}: mesti objek JSON (medan dan nilai).",
                      "{label}: must be a JSON object (fields and values)."),
    "not_a_list": ("{label}: mesti senarai.", "{label}: must be a list."),
    "required": ("{label}: wajib diisi.", "{label}: is required."),
    "unknown_field": ("{label}: medan tidak dikenali (semak ejaan).", "{label}: unknown field (check the spelling)."),
    "not_a_number": ("{label}: mesti nombor, contohnya 1250.5 (tanpa koma atau unit).",
                     "{label}: must be a number, for example 1250.5 (no commas or units)."),
    "not_finite": ("{label}: mesti nombor terhingga.", "{label}: must be a finite number."),
    "negative": ("{label}: tidak boleh negatif.", "{label}: cannot be negative."),
    "not_integer": ("{label}: mesti nombor bulat.", "{label}: must be a whole number."),
    "not_positive": ("{label}: mesti lebih daripada sifar.", "{label}: must be more than zero."),
    "too_small": ("{label}: mesti sekurang-kurangnya {limit}.", "{label}: must be at least {limit}."),
    "too_precise": ("{label}: terlalu banyak tempat perpuluhan (paling banyak {limit}).",
                    "{label}: too many decimal places (at most {limit})."),
    "too_large": ("{label}: mesti tidak melebihi {limit}.", "{label}: must be at most {limit}."),
    "not_boolean": ("{label}: mesti ya atau tidak (true/false).", "{label}: must be yes or no (true/false)."),
    "not_text": ("{label}: mesti teks.", "{label}: must be text."),
    "not_a_choice": ("{label}: \"{value}\" bukan pilihan yang sah. Pilihan: {choices}.",
                     "{label}: \"{value}\" is not one of the choices: {choices}."),
    "not_a_date": ("{label}: mesti tarikh yang sah dalam bentuk TTTT-BB-HH.",
                   "{label}: must be a real date written YYYY-MM-DD."),
    "too_early": ("{label}: tiada jadual berkuat kuasa sebelum {limit}.",
                  "{label}: no schedule is in force before {limit}."),
    "too_few": ("{label}: sekurang-kurangnya {limit} baris diperlukan.", "{label}: at least {limit} row(s) needed."),
    "too_many": ("{label}: paling banyak {limit} baris.", "{label}: at most {limit} rows."),
    "duplicate": ("{label}: aras {value} disebut lebih daripada sekali.",
                  "{label}: level {value} is given more than once."),
    "not_applicable": ("{label}: tidak berkenaan bagi {value}.", "{label}: does not apply to {value}."),
    "empty": ("Tiada apa-apa untuk dikira: isi sekurang-kurangnya satu perkara yang dikenakan fi.",
              "Nothing to charge: fill in at least one item that carries a fee."),
}


def message(code: str, label: Bilingual | None, **values: Any) -> dict[str, str]:
    ms, en = _TEMPLATES[code]
    label = label or Bilingual("Permintaan", "Request")
    return {
        "ms": ms.format(label=label.ms, **{k: _in("ms", v) for k, v in values.items()}),
        "en": en.format(label=label.en, **{k: _in("en", v) for k, v in values.items()}),
    }


def preview(value: Any) -> str:
    """The start of a value as the user gave it, for an error message; never fails on huge numbers."""
    try:
        return str(value)[:40]
    except ValueError:  # an integer too long to print
        return "…"


def _in(lang: str, value: Any) -> str:
    return getattr(value, lang) if isinstance(value, Bilingual) else str(value)
