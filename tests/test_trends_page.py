"""The Trends page with Streamlit's AppTest on the fixture database: vintages from the URL (first, latest, as known
on a date, two vintages compared), the typed date, every widget restored from its link, an index to a base year.

In the fixture data (tests/fixtures/data) the Labour Inspectorate's recount gives 15 -> 28 (2022) and 8 -> 21 (2023)
labour-exploitation investigations, published 2024-10-18 and recounted in January 2025."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import views
from tests.helpers import page_frames, page_text


@pytest.mark.parametrize("vintage, extra, expected", [
    ("latest", {}, {"28", "21"}),
    ("first", {}, {"15", "8"}),
    ("asof", {"asof": "2024-10-20"}, {"15", "8"}),   # before the recount was published
    ("asof", {"asof": "2025-01-01"}, {"28", "21"}),
])
def test_trends_vintage_from_url(app, vintage: str, extra: dict, expected: set[str]) -> None:
    at = app("trends", ind="labour_investigations", bd="arbeid", vintage=vintage, **extra)
    assert not at.exception
    table = page_frames(at)[0]
    assert set(table["Waarde"]) == expected
    assert at.query_params["vintage"] == vintage and at.query_params["ind"] == "labour_investigations"


def test_a_typed_date_applies_as_dutch_readers_write_it_and_a_bad_one_is_named(app) -> None:
    """The "Bekend op" field takes 20-10-2024 (applied on Enter, which AppTest's input+run stands for): the view and
    the URL follow. A date that does not exist, or lies ahead, is named in a warning and the view keeps its date."""
    at = app("trends", ind="labour_investigations", bd="arbeid", vintage="asof", asof="2025-01-01")
    assert at.text_input[0].value == "01-01-2025"
    assert set(page_frames(at)[0]["Waarde"]) == {"28", "21"}
    at.text_input[0].input("20-10-2024").run()
    assert not at.exception
    assert at.query_params["asof"] == "2024-10-20" and set(page_frames(at)[0]["Waarde"]) == {"15", "8"}
    assert not at.warning
    at.text_input[0].input("31-02-2024").run()
    assert "31-02-2024 is geen bestaande datum" in page_text(at)
    assert at.query_params["asof"] == "2024-10-20" and set(page_frames(at)[0]["Waarde"]) == {"15", "8"}
    at.text_input[0].input("1-1-2999").run()
    assert "01-01-2999 ligt buiten" in page_text(at) and at.query_params["asof"] == "2024-10-20"
    at.text_input[0].input("2025-01-01").run()   # an ISO date, as in the URL, is read too
    assert at.query_params["asof"] == "2025-01-01" and not at.warning
    assert at.text_input[0].value == "01-01-2025"


def test_the_date_pattern_the_browser_checks_matches_what_the_server_reads() -> None:

    from dashboard import datefield

    for text in ("20-10-2024", "1-1-2024", "20/10/2024", "20.10.2024", "2024-10-20", " 20-10-2024 "):
        assert re.search(datefield.PATTERN, text), text
        assert datefield.parse(text).isoformat() in ("2024-10-20", "2024-01-01")
    for text in ("20-10-24", "oktober 2024", "2024/10/20", "20-10-2024x"):
        assert not re.search(datefield.PATTERN, text), text
        with pytest.raises(ValueError):
            datefield.parse(text)


def test_trends_compare_vintages_from_url(app) -> None:
    """The page renders the comparison: the date widget is shown, the table has both values and the difference."""
    at = app("trends", ind="labour_investigations", bd="arbeid", vintage="compare", asof="2024-10-20")
    assert not at.exception
    assert at.text_input[0].value == "20-10-2024"
    table = page_frames(at)[0]
    assert list(table["Bekend op 20 okt 2024"]) == ["15", "8"] and list(table["Laatste"]) == ["28", "21"]
    assert list(table["Verschil"]) == ["+13", "+13"] and set(table["Status"]) == {"herzien na 20 okt 2024"}
    assert at.query_params["vintage"] == "compare" and at.query_params["asof"] == "2024-10-20"


def test_trends_url_restores_every_widget(app) -> None:
    at = app("trends", ind="victims_registered_comensha,victims_estimated", bd="totaal", years="2022-2024",
             chart="bar", index="1", base="2023", yoy="1")
    assert at.multiselect[0].value == ["victims_registered_comensha", "victims_estimated"]
    assert at.slider[0].value == (2022, 2024)
    assert at.toggle[0].value is True and at.selectbox[1].value == 2023
    assert at.query_params["years"] == "2022-2024" and at.query_params["chart"] == "bar"
    assert not at.warning


def test_trends_index_to_base_year(app) -> None:
    at = app("trends", ind="victims_registered_comensha", bd="totaal", index="1", base="2023")
    assert not at.exception
    assert any("Index (2023 = 100)" in str(e.proto) for e in at.get("plotly_chart"))


def _view(link: str, language: str = "nl"):
    page, values, _ = views.parse(link)
    return views.charts_of(page, values, language)


@pytest.fixture
def fixture(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))


def test_rate_view_divides_by_the_population_on_1_january(fixture) -> None:
    from dashboard import queries

    rates = queries.rates(["victims_registered_comensha", "labour_investigations"])
    row = rates[rates["indicator"] == "victims_registered_comensha"].iloc[0]
    assert (row["count"], row["population"], row["population_period"]) == (868, 17811291, "2023-01-01")
    assert round(row["rate"], 3) == round(868 / 17811291 * 100000, 3) == 4.873
    assert row["count_source"] != row["population_source"]
    # no population for 2022: the 2022 labour investigations get no rate, rather than another year's population
    assert set(rates.loc[rates["indicator"] == "labour_investigations", "period"]) == {"2023"}


def test_trends_per_100k_shows_only_years_with_both_numbers(fixture) -> None:
    result = _view("trends?ind=labour_investigations&bd=arbeid&rate=1")
    spec = result.spec("trends")
    assert list(spec.data["x"]) == [2023] and round(spec.data["y"].iloc[0], 3) == round(21 / 17811291 * 1e5, 3)
    assert any("CBS StatLine" in s for s in spec.sources) and len(spec.sources) >= 2
    assert any(kind == "warning" and "2022" in text for kind, text in result.messages)
    assert any("16.2.2" in text for _, text in result.messages)
    assert list(spec.table["Per 100.000 inwoners"]) == ["0,12"]


def test_trends_offers_only_the_years_with_figures(app) -> None:
    """The year range offered 2007-2027 for a series with figures for 2023 only."""
    at = app("trends", ind="victims_registered_comensha")
    assert not at.slider, "one year: nothing to choose"
    assert any("alleen 2023 heeft een cijfer" in c.value for c in at.caption)


def test_chain_offers_only_the_years_of_its_charts(app, fixture) -> None:
    """The chain's year range offered the database's whole span (targets due in 2027 included), not the years its
    counts and ratios have figures for."""
    from dashboard import queries
    from dashboard.views import chain

    span, offered = queries.year_range(), chain.year_span()
    assert offered is not None and span is not None and offered != span
    at = app("strafrechtketen")
    assert not at.exception
    slider = at.slider[0]
    assert (slider.min, slider.max) == offered
