"""Words that quote the schedules: help texts, readings and notes are templates filled from the data in force.

A template names an item's value in braces, `{D.rate}`, `{A2.block}`, `{L.minimum_months.development}`,
`{A1i.tiers}`, `{G.bands}`, and `{m2_per_ft2}` the conversion of areas, so that no amount, rate, percentage or
block size is typed outside calc/schedules/*.toml: a rate change there changes every text that quotes it.
"""

from __future__ import annotations

from decimal import Decimal

from calc.money import grouped, plain
from calc.schedules import Bilingual, Item, NotInForce, Version

__all__ = ["M2_PER_FT2", "fill", "rm"]

M2_PER_FT2 = Decimal("0.09290304")  # the international foot (exactly 0.3048 m), squared: a definition, not a rate

Sequence = tuple  # of versions: a tuple or a list
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz_0123456789"


def rm(amount: Decimal) -> str:
    """An amount as a sentence quotes it: whole ringgit without sen, thousands grouped."""
    if amount == amount.to_integral_value():
        return f"RM {grouped(int(amount))}"
    return f"RM {grouped(amount, 2)}"


def fill(text: Bilingual, versions: Sequence[Version]) -> Bilingual:
    """The template with each placeholder replaced by the value in the first of `versions` that has the item."""
    return Bilingual(_fill(text.ms, versions, "ms"), _fill(text.en, versions, "en"))


def _fill(text: str, versions: Sequence[Version], lang: str) -> str:
    pieces = []
    rest = text
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, closed, following = after.partition("}")
        parts = name.split(".")
        if not closed or not _is_placeholder(parts):
            pieces.append(before + "{")  # a brace that opens no placeholder stays as written
            rest = after
            continue
        pieces.append(before + _value(parts, versions, lang))
        rest = following
    pieces.append(rest)
    return "".join(pieces)


def _is_placeholder(parts: list[str]) -> bool:
    """{item}, {item.value} or {item.value.key}: an item's code or key (any case), then lower-case names."""
    return 1 <= len(parts) <= 3 and all(
        part and all(c in _NAME_CHARACTERS or (index == 0 and "A" <= c <= "Z") for c in part)
        for index, part in enumerate(parts))


def _value(parts: list[str], versions: Sequence[Version], lang: str) -> str:
    ref = parts[0]
    attribute = parts[1] if len(parts) > 1 else None
    key = parts[2] if len(parts) > 2 else None
    if ref == "m2_per_ft2" and attribute is None:
        return plain(M2_PER_FT2)
    item = _item(ref, versions)
    if attribute is None:
        raise ValueError(f"placeholder {{{ref}}} names no value of item {ref}")
    return _render(item, attribute, key, lang)


def _item(ref: str, versions: Sequence[Version]) -> Item:
    for version in versions:
        if version.has(ref):
            return version.item(ref)
    raise NotInForce(ref)


def _render(item: Item, attribute: str, key: str | None, lang: str) -> str:
    if attribute in ("rate", "minimum"):
        amount = getattr(item, attribute)
        assert amount is not None, (item.code, attribute)
        return rm(amount)
    if attribute in ("block", "least_area_ft2"):
        measure = getattr(item, attribute)
        assert measure is not None, (item.code, attribute)
        return plain(measure)
    if attribute == "one_block_more":  # an example measure just over one block: it counts as two
        assert item.block is not None, item.code
        return plain(item.block + 1)
    if attribute == "minimum_months":
        assert key is not None, item.code
        return str(dict(item.minimum_months)[key])
    if attribute == "tiers":
        return _tiers(item, lang)
    if attribute == "bands":
        return _bands(item, lang)
    raise ValueError(f"unknown placeholder value {attribute!r} of item {item.code}")


def _tiers(item: Item, lang: str) -> str:
    """The marginal tiers in words: each range of units and its rate, the last one open."""
    parts = []
    for tier in item.tiers:
        if tier.up_to is None:
            parts.append(f"unit seterusnya {rm(tier.rate)}" if lang == "ms"
                         else f"every unit after that at {rm(tier.rate)}")
        else:
            parts.append(f"unit {tier.first}–{tier.up_to} {rm(tier.rate)}" if lang == "ms"
                         else f"units {tier.first}–{tier.up_to} at {rm(tier.rate)}")
    return ", ".join(parts)


def _bands(item: Item, lang: str) -> str:
    """The row bands in words: each range of buildings and the percentage of the fee it pays."""
    parts = []
    for index, band in enumerate(item.bands):
        percent = f"{plain(band.percent)}%"
        if band.end is None:
            span = f"{band.start} dan seterusnya" if lang == "ms" else f"{band.start} onward"
        elif band.end == band.start:
            span = str(band.start)
        else:
            span = f"{band.start}–{band.end}"
        if index == 0:
            span = f"bangunan {span} bayar" if lang == "ms" else f"building {span} pays"
        parts.append(f"{span} {percent}")
    return ", ".join(parts)

