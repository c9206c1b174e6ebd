"""Breakdowns grouped by dimension: a reader chooses "age" or "form of exploitation", not one of dozens of codes.

A breakdown code is `totaal`, a form of exploitation (`seksueel`, `arbeid`, `crimineel`, `overig`), or
`dimension:value` (`leeftijd:minderjarig`, `seksueel_herkomst:Afrika`: the origin of victims of sexual exploitation).
A dimension is chosen in a link as `dim:<dimension>` (`dim:leeftijd`, `dim:vorm` for the forms of exploitation).
"""

from __future__ import annotations

from .i18n import has_label, t, value_label

FORMS = ("seksueel", "arbeid", "crimineel", "overig")
FORM_DIMENSION = "vorm"
PREFIX = "dim:"


def dimension(code: str) -> str | None:
    """The dimension a breakdown code belongs to; None for the total."""
    if code == "totaal":
        return None
    if code in FORMS:
        return FORM_DIMENSION
    return code.partition(":")[0] if ":" in code else None


def dimensions(codes: list[str]) -> list[str]:
    """The dimensions of these codes, the forms of exploitation first, then by name."""
    found = {d for c in codes if (d := dimension(c)) is not None}
    return sorted(found, key=lambda d: (d != FORM_DIMENSION, d))


def codes_of(dimension_name: str, codes: list[str]) -> list[str]:
    return [c for c in codes if dimension(c) == dimension_name]


def dimension_label(name: str, language: str) -> str:
    """'leeftijd' -> 'leeftijd' / 'age'; 'seksueel_herkomst' -> 'herkomst (seksuele uitbuiting)'."""
    form, _, rest = name.partition("_")
    if rest and form in FORMS:
        return f"{dimension_label(rest, language)} ({value_label('breakdown', form, language)})"
    return t(f"dim.{name}", language) if has_label(f"dim.{name}") else name


def choice_label(choice: str, language: str) -> str:
    """The label of a choice in the breakdown widget: the total, everything, a dimension or one code."""
    if choice == "*":
        return t("all", language)
    if choice.startswith(PREFIX):
        return t("dim.by", language, dimension=dimension_label(choice[len(PREFIX):], language))
    return value_label("breakdown", choice, language)
