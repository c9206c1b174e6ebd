"""Every word the interface shows, in Dutch and English, and numbers and dates in the reader's language.

- Interface strings live in one gettext catalogue per language (`dashboard/locale/<language>/LC_MESSAGES/messages.po`),
  read with Babel. A msgid is a key (`"chart.line"`), not a sentence: both languages are translations of it
  (docs/developing.md#a-label says why and how to add one).
- Numbers, percentages, amounts and dates come from Babel's CLDR data for nl_NL and en_GB.
- The language is always an argument: this module knows no session. The web layer asks the session which language
  it is (`dashboard/state.py`, `lang()`) and passes it on.

Indicator, target and note names come bilingual from the database (`name_nl` / `name_en`); `name_column` picks one.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd
from babel import Locale, dates
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, parse_pattern

if TYPE_CHECKING:
    from typing_extensions import TypeIs

log = logging.getLogger(__name__)
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALES = {"nl": "nl_NL", "en": "en_GB"}   # the CLDR locale of each language: Dutch as in the Netherlands, British English
CATALOGUES = Path(__file__).with_name("locale")
# the kinds of data value whose words are interface words, in the catalogues as `value.<kind>.<value>`
INTERFACE_KINDS = ("status", "target_status", "change", "note_kind", "missing_reason", "source_kind", "period_kind",
                   "qualifier", "direction")


class MissingLabel(KeyError):
    """A key that neither catalogue has: a bug (tests/test_catalogues.py finds every key the code names)."""


def catalogue_path(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The catalogue of `language` as key -> text, read once per process (about 10 ms). Fuzzy entries are left out,
    as gettext leaves them out: a translation marked unsure is not shown."""
    with catalogue_path(language).open("rb") as file:
        messages = read_po(file, locale=language, abort_invalid=True)
    return {str(m.id): str(m.string) for m in messages if m.id and m.string and not m.fuzzy}


def t(key: str, language: str, **fmt: Any) -> str:
    """The text of `key` in `language`, its `{placeholders}` filled from `fmt`.

    A key missing from `language`'s catalogue shows in the other language and is logged (a reader gets words, never
    the key); a key neither catalogue has raises MissingLabel. The catalogue test keeps both from happening.
    """
    text = catalogue(language).get(key)
    if text is None:
        text = _fallback(key, language)
    return text.format(**fmt) if fmt else text


@functools.cache
def _fallback(key: str, language: str) -> str:
    for other in (code for code in LANGUAGES if code != language):
        text = catalogue(other).get(key)
        if text is not None:
            log.error("label %r is missing from the %s catalogue: shown in %s", key, language, other)
            return text
    raise MissingLabel(f"no catalogue has the label {key!r} ({catalogue_path(language)})")


def has_label(key: str) -> bool:
    """Whether the catalogues know `key`: for labels of data that may have none (a new breakdown dimension)."""
    return key in catalogue(DEFAULT_LANGUAGE)


def value_label(kind: str, value: str | None, language: str) -> str:
    """A data value (status, unit, domain, breakdown, …) in `language`; unknown values pass through.

    Breakdowns written `dimension:value` (aanmelder:FairWork) show as `dimension: value`, each part translated; a
    dimension after a form of exploitation (seksueel_herkomst:Afrika) names the form first.
    """
    if missing(value):
        return ""
    if kind in INTERFACE_KINDS:
        return catalogue(language).get(f"value.{kind}.{value}", str(value))
    if kind in VOCABULARY_KINDS:
        return _vocabulary().label(kind, str(value), language)
    return str(value)


# The kinds of value whose labels are data (data/units.csv, domains.csv, breakdown_dimensions.csv, breakdowns.csv).
VOCABULARY_KINDS = ("unit", "domain", "breakdown", "breakdown_dimension", "breakdown_value")


class Vocabulary(Protocol):
    def label(self, kind: str, value: str, language: str) -> str: ...
    def unit_style(self, unit: str | None) -> str: ...


_VOCABULARY: list[Vocabulary] = []


def use_vocabulary(vocabulary: Vocabulary) -> None:
    """Called by dashboard.vocabulary when it is imported. It reads the database, whose module uses this one for its
    messages, so this module cannot import it: it registers itself instead."""
    _VOCABULARY[:] = [vocabulary]


def _vocabulary() -> Vocabulary:
    if not _VOCABULARY:
        raise RuntimeError("the vocabulary is not loaded: import dashboard.vocabulary before labelling its words")
    return _VOCABULARY[0]


def name_column(language: str, base: str = "name") -> str:
    """The bilingual column to show: name_nl or name_en (also text_nl/text_en, definition_nl/definition_en)."""
    return f"{base}_{language}"


@functools.cache
def locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language])


def separators(language: str) -> str:
    """plotly's layout.separators: the locale's decimal sign, then its grouping sign."""
    symbols = locale(language).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


@functools.cache
def _pattern(decimals: int, percent: bool = False) -> Any:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "") + ("%" if percent else ""))


def _decimals(value: float) -> int:
    """Whole numbers show no decimals; others one from 10 up, two below."""
    return 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)


def format_number(value: float | int | None, language: str, decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5' in Dutch, '1,234.5' in English (CLDR). Whole numbers show no decimals unless asked."""
    if missing(value):
        return "–"
    return str(_pattern(_decimals(value) if decimals is None else decimals).apply(value, locale(language)))


def format_percent(value: float, language: str, decimals: int | None = None) -> str:
    """A percentage given in percent (45 -> '45%', 12.5 -> '12,5%'), in the locale's own percent format."""
    decimals = _decimals(value) if decimals is None else decimals
    return str(_pattern(decimals, percent=True).apply(Decimal(str(value)) / 100, locale(language)))


def format_value(value: float | None, unit: str | None = None, qualifier: str | None = None,
                 low: float | None = None, high: float | None = None, language: str | None = None) -> str:
    """A figure as a reader should see it: 'ca. 5.000 (5.000–7.500)', 'ruim 1.700', '45%', '€ 2,3 mln.'.
    `language` is required (None is refused): it sits last only because the callers name it."""
    if language is None:
        raise TypeError("format_value needs the language")
    if missing(value):
        return "–"
    text = _with_unit(value, unit, language)
    if isinstance(qualifier, str) and f"fmt.qualified.{qualifier}" in catalogue(language):
        text = t(f"fmt.qualified.{qualifier}", language, value=text)
    if _present(low) and _present(high):
        text += f" ({_with_unit(low, unit, language)}–{_with_unit(high, unit, language)})"
    return text


def missing(x: Any) -> TypeIs[None]:
    """None, NaN and pandas' NA alike (DuckDB hands pandas nullable columns). For the type checker: a value that is
    not missing is not None."""
    return x is None or (not isinstance(x, (str, list, tuple)) and bool(pd.isna(x)))


def _present(x: float | None) -> TypeIs[float]:
    return not missing(x)


def _style(unit: str | None) -> str:
    return _vocabulary().unit_style(unit) if unit else "count"   # data/units.csv


def _with_unit(value: float, unit: str | None, language: str) -> str:
    style = _style(unit)
    if style == "share":
        return format_percent(value, language)
    if style == "money":
        if abs(value) >= 1_000_000:   # CLDR's short form: € 2,3 mln. / €2.3m
            return str(format_compact_currency(value, "EUR", locale=locale(language), fraction_digits=1))
        return _euros(value, language)
    return format_number(value, language)


def _euros(value: float, language: str) -> str:
    """An amount in the locale's currency pattern (€ 1.234 / €1,234), with the decimals of any other number."""
    pattern = locale(language).currency_formats["standard"].pattern.split(";")[0]
    number = "#,##0" + ("." + "0" * _decimals(value) if _decimals(value) else "")
    return str(parse_pattern(pattern.replace("#,##0.00", number)).apply(value, locale(language), currency="EUR",
                                                                         currency_digits=False))


def format_change(delta: float | None, pct: float | None, unit: str | None, language: str) -> str:
    """'+12 (+1,4%)' — the signed change with its percentage; a change of a percentage in percentage points."""
    if missing(delta):
        return "–"
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    if _style(unit) == "share":
        return t("fmt.points", language, value=sign + format_number(abs(delta), language))
    text = sign + _with_unit(abs(delta), unit, language)
    if _present(pct):
        text += f" ({'+' if pct > 0 else '-' if pct < 0 else '±'}{format_percent(abs(pct), language, 1)})"
    return text


def format_date(value: Any, language: str) -> str:
    """A date (or a partial date as written: 2024, 2024-10) in the reader's language, CLDR's medium date and
    year-month: 18 okt 2024 / 18 Oct 2024, mei 2024 / May 2024."""
    if missing(value):
        return "–"
    text = str(value)[:10]
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return str(dates.format_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "medium",
                                         locale=locale(language)))
        if len(parts) == 2:
            return str(dates.format_skeleton("yMMM", dt.date(int(parts[0]), int(parts[1]), 1),
                                             locale=locale(language)))
    except ValueError:
        pass
    return text


def format_period(period: str, language: str) -> str:
    """'2023' stays; '2025-04-15' becomes a date; '2018-2019' becomes '2018–2019'."""
    if len(period) == 9 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit():
        return f"{period[:4]}–{period[5:]}"
    if len(period) in (7, 10):
        return format_date(period, language)
    return period
