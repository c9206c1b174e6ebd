"""Number, value and date formatting per language: what a reader sees in tables, metrics and hovers."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.i18n import (
    format_change,
    format_date,
    format_number,
    format_period,
    format_value,
    separators,
    value_label,
)


@pytest.mark.parametrize("value, lang, expected", [
    (1234.5, "nl", "1.234,5"), (1234.5, "en", "1,234.5"), (868, "nl", "868"), (1711.0, "nl", "1.711"),
    (2300000, "nl", "2.300.000"), (0.45, "nl", "0,45"), (None, "nl", "–"), (float("nan"), "en", "–"),
    (pd.NA, "nl", "–"),
])
def test_format_number(value, lang: str, expected: str) -> None:
    assert format_number(value, lang) == expected


@pytest.mark.parametrize("args, lang, expected", [
    ((5000, "persons", "about"), "nl", "ca. 5.000"),
    ((5000, "persons", "about"), "en", "about 5,000"),
    ((1700, "persons", "more_than"), "nl", "ruim 1.700"),
    ((1700, "persons", "more_than"), "en", "more than 1,700"),
    ((45, "percent", None), "nl", "45%"),
    # CLDR's short amounts (they were written by hand as '€ 2,3 mln' and '€2.3 million'): Dutch abbreviates miljoen
    # as 'mln.' with its full stop, and keeps the euro sign and the word on the number's line with no-break spaces;
    # British English writes '€2.3m'
    ((2300000, "euros", None), "nl", "€\u00a02,3\u00a0mln."),
    ((2300000, "euros", None), "en", "€2.3m"),
    ((2000000, "euros", None), "nl", "€\u00a02\u00a0mln."),
    ((1250, "euros", None), "nl", "€\u00a01.250"),
    ((1250, "euros", None), "en", "€1,250"),
    ((12.5, "percent", None), "nl", "12,5%"),
    ((6250, "persons", "about", 5000, 7500), "nl", "ca. 6.250 (5.000–7.500)"),
])
def test_format_value_keeps_qualifier_and_range(args: tuple, lang: str, expected: str) -> None:
    assert format_value(*args, language=lang) == expected


def test_format_change_signs_and_percentage() -> None:
    assert format_change(13, 86.666, "investigations", "nl") == "+13 (+86,7%)"
    assert format_change(-7, -25.0, "investigations", "en") == "-7 (-25.0%)"
    assert format_change(5, 12.5, "percent", "nl") == "+5 procentpunt"


@pytest.mark.parametrize("value, lang, expected", [
    ("2024-10-18", "nl", "18 okt 2024"), ("2024-10-18", "en", "18 Oct 2024"), ("2024-05", "nl", "mei 2024"),
    ("2024", "en", "2024"), (None, "nl", "–"),
])
def test_format_date(value, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected


def test_format_period_spans_and_dates() -> None:
    assert format_period("2018-2019", "nl") == "2018–2019"
    assert format_period("2025-04-15", "nl") == "15 apr 2025"
    assert format_period("2023", "en") == "2023"


def test_value_labels_translate_and_pass_unknown_through() -> None:
    assert value_label("status", "corrected", "nl") == "gecorrigeerd"
    assert value_label("target_status", "on_track", "en") == "on track"
    assert value_label("breakdown", "arbeid", "en") == "labour exploitation"
    assert value_label("breakdown", "aanmelder:FairWork", "nl") == "aanmelder: FairWork"
    assert value_label("unit", "furlongs", "nl") == "furlongs"


def test_separators_are_the_locales() -> None:
    assert separators("nl") == ",." and separators("en") == ".,"


def test_the_language_is_an_argument_not_a_session() -> None:
    """No default reads a session: a call without the language is refused, not answered in Dutch."""
    with pytest.raises(TypeError):
        format_value(5000, "persons")
    with pytest.raises(TypeError):
        format_number(5000)  # type: ignore[call-arg]
