"""Bilingual error messages. Each names the field by its label, in Bahasa Melayu and in English."""

from __future__ import annotations

from typing import Any

from calc.schedules import Bilingual

__all__ = ["message", "preview", "readable"]

_WHOLE_NUMBER = ("{label}: masukkan nombor bulat, contohnya 20.", "{label}: enter a whole number, like 20.")
_LEVEL = ("{label}: masukkan aras sebagai nombor bulat: 0 tingkat tanah, 1 tingkat pertama, -1 besmen 1.",
          "{label}: enter the level as a whole number: 0 ground floor, 1 first floor, -1 basement 1.")

# "code" is the message of an error code; "code/variant" the same code's message for one kind of field, and
# "code/one" its singular, used when the number it counts ({count} or {limit}) is 1.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "invalid_json": ("Permintaan bukan JSON yang sah.", "The request is not valid JSON."),
    "request_too_large": ("Permintaan terlalu besar: paling banyak {limit} bait.",
                          "The request is too large: at most {limit} bytes."),
    "too_deep": ("Permintaan bersarang terlalu dalam: paling banyak {limit} aras.",
                 "The request is nested too deeply: at most {limit} levels."),
    "too_many_members": ("Permintaan mempunyai objek dengan terlalu banyak medan: paling banyak {limit}.",
                         "The request has an object with too many fields: at most {limit}."),
    "more_errors": ("Dan {count} masalah lagi. Betulkan yang di atas dahulu.",
                    "And {count} more problems. Correct the ones above first."),
    "more_errors/one": ("Dan 1 masalah lagi. Betulkan yang di atas dahulu.",
                        "And 1 more problem. Correct the ones above first."),
    "not_an_object": ("{label}: mesti objek JSON (medan dan nilai).",
                      "{label}: must be a JSON object (fields and values)."),
    "not_a_list": ("{label}: mesti senarai.", "{label}: must be a list."),
    "required": ("{label}: wajib diisi.", "{label}: is required."),
    "unknown_field": ("{label}: medan tidak dikenali (semak ejaan).", "{label}: unknown field (check the spelling)."),
    "not_a_number": ("{label}: masukkan nombor, contohnya 1,250.5.", "{label}: enter a number, like 1,250.5."),
    "decimal_comma": ("{label}: gunakan titik untuk perpuluhan, contohnya 12.5; koma hanya untuk ribu, "
                      "contohnya 1,350.",
                      "{label}: use a point for decimals, like 12.5; a comma only separates thousands, like 1,350."),
    "not_finite": ("{label}: mesti nombor terhingga.", "{label}: must be a finite number."),
    "negative": ("{label}: tidak boleh negatif.", "{label}: cannot be negative."),
    "not_integer": ("{label}: mesti nombor bulat.", "{label}: must be a whole number."),
    # The number messages fit the kind of field, with an example written the way people write it.
    "not_a_number/count": _WHOLE_NUMBER,
    "not_integer/count": _WHOLE_NUMBER,
    "decimal_comma/count": ("{label}: masukkan nombor bulat, contohnya 20 atau 1,350 (koma hanya untuk ribu).",
                            "{label}: enter a whole number, like 20 or 1,350 (a comma only separates thousands)."),
    "not_a_number/level": _LEVEL,
    "not_integer/level": _LEVEL,
    "decimal_comma/level": _LEVEL,
    "not_a_number/area": ("{label}: masukkan keluasan dalam {unit}, contohnya 1,250.5.",
                          "{label}: enter the area in {unit}, like 1,250.5."),
    "not_a_number/length": ("{label}: masukkan panjang dalam meter, contohnya 12.5.",
                            "{label}: enter the length in metres, like 12.5."),
    "not_a_number/feet": ("{label}: masukkan ukuran dalam kaki, contohnya 10.",
                          "{label}: enter the size in feet, like 10."),
    "not_a_number/money": ("{label}: masukkan amaun dalam ringgit, contohnya 7,091.00.",
                           "{label}: enter the amount in ringgit, like 7,091.00."),
    "not_positive": ("{label}: mesti lebih daripada sifar.", "{label}: must be more than zero."),
    "too_small": ("{label}: mesti sekurang-kurangnya {limit}.", "{label}: must be at least {limit}."),
    "too_precise": ("{label}: terlalu banyak tempat perpuluhan (paling banyak {limit}).",
                    "{label}: too many decimal places (at most {limit})."),
    "too_large": ("{label}: mesti tidak melebihi {limit}.", "{label}: must be at most {limit}."),
    "not_boolean": ("{label}: mesti ya atau tidak (true/false).", "{label}: must be yes or no (true/false)."),
    "not_text": ("{label}: mesti teks.", "{label}: must be text."),
    "too_long": ("{label}: paling banyak {limit} aksara.", "{label}: at most {limit} characters."),
    "unreadable_text": ("{label}: mengandungi aksara yang tidak sah.",
                        "{label}: contains characters that are not valid."),
    "not_a_choice": ("{label}: \"{value}\" bukan pilihan yang sah. Pilihan: {choices}.",
                     "{label}: \"{value}\" is not one of the choices: {choices}."),
    "not_a_date": ("{label}: mesti tarikh yang sah dalam bentuk TTTT-BB-HH.",
                   "{label}: must be a real date written YYYY-MM-DD."),
    "too_early": ("{label}: tiada jadual berkuat kuasa sebelum {limit}.",
                  "{label}: no schedule is in force before {limit}."),
    "too_few": ("{label}: sekurang-kurangnya {limit} baris diperlukan.", "{label}: at least {limit} rows are needed."),
    "too_few/one": ("{label}: sekurang-kurangnya 1 baris diperlukan.", "{label}: at least 1 row is needed."),
    "too_many": ("{label}: paling banyak {limit} baris.", "{label}: at most {limit} rows."),
    "not_applicable": ("{label}: tidak berkenaan bagi {value}.", "{label}: does not apply to {value}."),
    "required/for": ("{label}: wajib diisi bagi {value}.", "{label}: is required for {value}."),
    "required/with": ("{label}: wajib diisi apabila \u201c{value}\u201d diisi.",
                      "{label}: is required when \u201c{value}\u201d is filled in."),
    "not_in_force": ("{label}: perkara {item} ({name}) tidak berkuat kuasa pada tarikh ini; ia berkuat kuasa {when}.",
                     "{label}: item {item} ({name}) is not in force on this date; it is in force {when}."),
    "empty": ("Tiada apa-apa untuk dikira: isi sekurang-kurangnya satu perkara yang dikenakan fi.",
              "Nothing to charge: fill in at least one item that carries a fee."),
}


def message(code: str, label: Bilingual | None, variant: str | None = None, **values: Any) -> dict[str, str]:
    if variant is None and values.get("count", values.get("limit")) == 1:
        variant = "one"
    ms, en = _TEMPLATES.get(f"{code}/{variant}") or _TEMPLATES[code]
    label = label or Bilingual("Permintaan", "Request")
    return {
        "ms": ms.format(label=label.ms, **{k: _in("ms", v) for k, v in values.items()}),
        "en": en.format(label=label.en, **{k: _in("en", v) for k, v in values.items()}),
    }


def preview(value: Any) -> str:
    """The start of a value as the user gave it, for an error message; never fails on huge numbers, deep lists
    or text that cannot be written out (a lone surrogate)."""
    if isinstance(value, (list, dict)):
        return "[…]" if isinstance(value, list) else "{…}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 40:
        return "…"  # str() of an integer over 4,300 digits raises, and a shorter one is cut anyway
    return readable(str(value)[:40])


def readable(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so that it can be written out as UTF-8."""
    if all(not 0xD800 <= ord(character) <= 0xDFFF for character in text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(character) <= 0xDFFF else character for character in text)


def _in(lang: str, value: Any) -> str:
    return getattr(value, lang) if isinstance(value, Bilingual) else str(value)
