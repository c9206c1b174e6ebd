"""Breakdowns grouped by dimension: a reader chooses "age" or "form of exploitation", not one of dozens of codes.

A breakdown code is the total (`totaal`), a form of exploitation (`seksueel`), or `dimension:value`
(`leeftijd:minderjarig`, `seksueel_herkomst:Afrika`: the origin of victims of sexual exploitation); the codes, their
dimensions, labels and order are data (data/breakdowns.csv, data/breakdown_dimensions.csv, read through
dashboard/vocabulary.py). A dimension is chosen in a link as `dim:<dimension>` (`dim:leeftijd`, `dim:vorm` for the
forms of exploitation).
"""

from __future__ import annotations

from . import vocabulary
from .i18n import t, value_label

PREFIX = "dim:"


def dimension(code: str) -> str | None:
    """The dimension a breakdown code belongs to; None for the total."""
    return vocabulary.dimension_of(code)


def dimensions(codes: list[str]) -> list[str]:
    """The dimensions of these codes, in the order of data/breakdown_dimensions.csv (the forms of exploitation
    first); a dimension after a form right behind its own."""
    found = {d for c in codes if (d := dimension(c)) is not None}
    return sorted(found, key=vocabulary.dimension_order)


def codes_of(dimension_name: str, codes: list[str]) -> list[str]:
    """The codes of one dimension, in their order (data/breakdowns.csv)."""
    return sorted((c for c in codes if dimension(c) == dimension_name), key=vocabulary.code_order)


def dimension_label(name: str, language: str) -> str:
    """'leeftijd' -> 'leeftijd' / 'age'; 'seksueel_herkomst' -> 'herkomst (seksuele uitbuiting)'."""
    return vocabulary.dimension_name(name, language)


def choice_label(choice: str, language: str) -> str:
    """The label of a choice in the breakdown widget: the total, everything, a dimension or one code."""
    if choice == "*":
        return t("all", language)
    if choice.startswith(PREFIX):
        return t("dim.by", language, dimension=dimension_label(choice[len(PREFIX):], language))
    return value_label("breakdown", choice, language)
