"""The views redesigned for briefings, on the shipped data: the justice chain of one year, the dark number against
each estimate, Trends by dimension. Numbers are the sources' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import breakdowns, catalogue, charts, queries, views
from dashboard.views import chain, trends
from etl.build import DEFAULT_DATA


@pytest.fixture(autouse=True)
def shipped(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))


def _view(link: str, language: str = "nl"):
    page, values, _ = views.parse(link)
    return views.charts_of(page, values, language)


def test_chain_opens_on_the_newest_year_with_the_most_steps_of_one_unit_and_scope() -> None:
    """2012 has four steps counted in cases for all forms (OM cases, the OM's and the NR's court counts,
    convictions); 2015 has one (217 OM cases) beside counts in persons and suspects that cannot share its funnel."""
    assert chain.best_year("totaal") == 2012
    assert {2012, 2013} <= set(chain.funnel_years("totaal")) and chain.funnel_years("arbeid") == [2023, 2022]
    assert views.params("strafrechtketen")[2].default == 2012
    steps = set(_view("strafrechtketen").spec("chain-totaal").data["indicator"])
    assert {"om_cases_registered", "court_decisions_first_instance", "convictions_nr"} <= steps


def test_chain_of_one_year_draws_one_unit_and_scope_with_ratios_only_within_one_organisation() -> None:
    """2012: 311 OM cases; 153 decided by the court at first instance (49,2%); 109 convictions (71,2% of 153). The
    OM's own count of 315 court cases, once '101,3% of the previous step', is off the chain (second audit, finding 6:
    probably OM inflow), and so are La Strada's 'prosecutions' (finding 12)."""
    result = _view("strafrechtketen?year=2012")
    spec = result.spec("chain-totaal")
    assert spec.title.startswith("Waar vallen zaken uit?") and "2012" in spec.title and "alle vormen" in spec.title
    bars = spec.data.set_index("indicator")
    assert bars.loc["om_cases_registered", "y"] == 311
    assert "49,2% van Bij het OM ingeschreven mensenhandelzaken" in bars.loc["court_decisions_first_instance", "x"]
    assert "71,2% van Door de rechter" in bars.loc["convictions_nr", "x"]
    assert not {"court_cases_om", "om_prosecutions"} & set(bars.index)
    assert not spec.data["x"].str.contains("101,3").any()
    # persons and suspects are not in the funnel of cases: they are charts of their own over the years
    assert "convictions_rechtspraak" not in bars.index and "victims_registered_comensha" not in bars.index
    assert spec.data["text"].str.len().gt(0).all(), "every bar carries its value or says 'geen cijfer'"
    persons = result.spec("chain-steps-persons-totaal")
    assert "convictions_rechtspraak" in set(persons.data["indicator"])
    investigations = result.spec("chain-steps-investigations-totaal")
    assert any("alleen arbeidsuitbuiting" in s for s in investigations.data["series"])
    assert ("caption", "Voor 2012 ontbreken cijfers van: Verdachten, Sepots, Dagvaardingen.") in result.messages


def test_chain_table_lists_the_newest_year_first() -> None:
    table = _view("strafrechtketen?years=2010-2023").table
    years = [c for c in table.columns if c.isdigit()]
    assert years == sorted(years, reverse=True) and years[0] == "2023"


def test_chain_breakdown_opens_on_its_own_year() -> None:
    spec = _view("strafrechtketen?bd=arbeid&year=2013", "en").spec("chain-arbeid")
    assert spec.title.startswith("Where do cases drop out?") and "2023" in spec.title
    assert "labour exploitation" in spec.title.lower()
    drawn = spec.data[spec.data["y"].notna()]
    assert set(drawn["indicator"]) == {"om_cases_registered", "court_decisions_first_instance"}
    assert set(spec.data.loc[spec.data["y"].isna(), "text"]) == {"no figure"}, "the steps without a figure say so"


def test_detection_ratio_against_each_estimate() -> None:
    """2019: 1,372 registered by CoMensha against about 5,000 a year (WODC, 2018–2019): 27,4%."""
    result = _view("opvang")
    ratio = result.spec("dark-number-ratio").data
    row = ratio[(ratio["x"] == 2019) & ratio["series"].str.contains("2018–2019")].iloc[0]
    assert round(row["y"], 1) == 27.4 and row["registered"] == "1.372"
    assert ratio.groupby(["series", "x"]).size().max() == 1   # one registration count per year and estimate
    assert len(result.shares) == len(ratio)            # the table shows exactly the chart's points


def test_estimates_are_drawn_over_the_years_they_cover() -> None:
    spans = _view("opvang").spec("dark-number").spans
    wodc = spans[spans["period"] == "2018–2019"].iloc[0]
    assert (wodc["x0"], wodc["x1"], wodc["y"], wodc["low"], wodc["high"]) == (2018, 2019, 5000, 4000, 7000)
    unodc = spans[spans["indicator"] == "victims_estimated_unodc"].iloc[0]
    assert (unodc["x0"], unodc["x1"], unodc["y"], unodc["low"], unodc["high"]) == (2010, 2015, 6250, 5000, 7500)
    assert "2025" not in set(spans["period"])   # a restatement in a 2025 document is not a new estimate


def test_trends_by_dimension_draws_its_values_only() -> None:
    spec = _view("trends?ind=victims_registered_nr&bd=dim:leeftijd").spec("trends")
    assert set(spec.data["breakdown"]) <= {"leeftijd:minderjarig", "leeftijd:18-22", "leeftijd:jonger dan 23"}
    assert len(spec.data) > 0


def test_breakdown_widget_offers_dimensions_in_both_languages() -> None:
    choices = trends.breakdown_choices("totaal", ["victims_registered_nr"])
    assert choices[:2] == ["totaal", "dim:vorm"] and "dim:leeftijd" in choices and "leeftijd:minderjarig" not in choices
    assert breakdowns.choice_label("dim:seksueel_herkomst", "en") == "by region of origin (sexual exploitation)"
    assert breakdowns.choice_label("dim:leeftijd", "nl") == "per leeftijd"
    # an older link naming one code keeps working, and the widget then offers that code too
    assert trends.breakdown_choices("arbeid", ["victims_registered_nr"])[-1] == "arbeid"


# --- Vintages side by side: the latest figures against those known on a date -----------------------------------------

def test_compare_vintages_shows_the_labour_inspectorate_recount() -> None:
    """Known on 20 Oct 2024: 15 (2022) and 8 (2023) investigations; the recount of 29 Nov 2024 made them 28 and 21."""
    result = _view("trends?ind=labour_exploitation_investigations&vintage=compare&asof=2024-10-20")
    spec = result.spec("trends")
    name = "Opsporingsonderzoeken arbeidsuitbuiting (Arbeidsinspectie)"
    older = f"{name} — bekend op 20 okt 2024"
    drawn = spec.data.set_index(["series", "x"])["y"]
    assert drawn[(older, 2022)] == 15 and drawn[(older, 2023)] == 8
    assert drawn[(name, 2022)] == 28 and drawn[(name, 2023)] == 21
    # the older version: dotted, in the series' own colour; every revised point carries a ring on its latest value
    assert spec.dotted == (older,) and spec.colours[older] == spec.colours[name]
    assert sorted(zip(spec.rings["x"], spec.rings["y"])) == [(2022, 28), (2023, 21)]
    assert spec.rings_label == "herzien na 20 okt 2024"
    assert "bekend op 20 okt 2024" in spec.unit
    # the table holds exactly the chart's points: value then, latest, difference, status
    table = spec.table
    assert list(table["Periode"]) == ["2022", "2023"]
    assert list(table["Bekend op 20 okt 2024"]) == ["15", "8"] and list(table["Laatste"]) == ["28", "21"]
    assert list(table["Verschil"]) == ["+13", "+13"] and list(table["Verschil (%)"]) == ["+86,7%", "+162,5%"]
    assert set(table["Status"]) == {"herzien na 20 okt 2024"}
    # and so does the download, numbers as numbers
    download = spec.download
    assert list(download["Bekend op 20 okt 2024"]) == [15, 8] and list(download["Laatste"]) == [28, 21]
    assert list(download["Verschil"]) == [13, 13]
    assert ("caption", "Sinds 20 okt 2024 herzien: 2 van 2 cijfers die toen bekend waren; 0 cijfers zijn daarna "
                       "nieuw verschenen.") in result.messages
    # the chart is exported like any other: the legend keeps the date of the older version
    english = _view("trends?ind=labour_exploitation_investigations&vintage=compare&asof=2024-10-20", "en")
    assert english.spec("trends").rings_label == "revised after 20 Oct 2024"
    assert "Known on 20 Oct 2024" in english.spec("trends").table.columns
    # a PowerPoint chart cannot carry the rings: the deck takes the exported picture
    from dashboard import decks
    assert not decks.native(spec)


def test_compare_vintages_as_bars_rings_the_latest_bar() -> None:
    from dashboard import charts

    spec = _view("trends?ind=labour_exploitation_investigations&vintage=compare&asof=2024-10-20&chart=bar").spec(
        "trends")
    fig = charts.build(spec)
    latest = next(tr for tr in fig.data if tr.type == "bar" and tr.legendrank == 1000)
    older = next(tr for tr in fig.data if tr.type == "bar" and tr.legendrank == 1001)   # lighter, listed after
    assert older.opacity == 0.45 and older.marker.color == latest.marker.color
    ring = next(tr for tr in fig.data if tr.name == "herzien na 20 okt 2024")
    centres = [x + latest.offset + latest.width / 2 for x in latest.x]
    assert list(ring.x) == centres and list(ring.y) == [28, 21] and list(older.y) == [15, 8]


def test_compare_vintages_says_which_figures_are_new() -> None:
    """On 1 Jun 2023 the National Rapporteur had not yet published 2022 or later: those are new, not revised."""
    spec = _view("trends?ind=victims_registered_nr&vintage=compare&asof=2023-06-01").spec("trends")
    table = spec.table.set_index("Periode")
    assert table.loc["2022", "Bekend op 1 jun 2023"] == "–" and table.loc["2022", "Laatste"] == "814"
    assert table.loc["2022", "Status"] == "nieuw na 1 jun 2023"
    assert table.loc["2021", "Status"] == "ongewijzigd"
    assert 2022 not in set(spec.rings["x"])   # a point new since is not marked as revised
    assert len(spec.table) == spec.data[~spec.data["series"].isin(spec.dotted)]["x"].nunique()


def test_compare_with_today_draws_no_revision() -> None:
    import datetime as dt

    spec = _view(f"trends?ind=labour_exploitation_investigations&vintage=compare&asof={dt.date.today()}").spec(
        "trends")
    assert spec.rings.empty and set(spec.table["Status"]) == {"ongewijzigd"}


# --- Rates per 100,000 inhabitants (fixture: 868 registered victims in 2023, 17,811,291 inhabitants on 1 Jan 2023) ---


# --- Coverage on Bronnen ------------------------------------------------------------------------------------------------

def test_coverage_matrix_marks_each_year_and_lists_known_gaps() -> None:
    """The Labour Inspectorate's investigations: 2022 and 2023 corrected after the recount; the suspects delivered to
    the OM: 2021 missing, not found in a public source."""
    result = _view("bronnen")
    matrix = result.coverage.set_index("Indicator")
    labour = matrix.loc["Opsporingsonderzoeken arbeidsuitbuiting (Arbeidsinspectie)"]
    assert (labour["2022"], labour["2023"]) == ("✎", "✎")
    suspects = matrix.loc["Door de politie bij het OM aangeleverde verdachten"]
    assert suspects["2021"] == "–" and suspects["2019"] in ("●", "↻", "◐")
    missing = result.missing
    row = missing[(missing["Periode"] == "2021") & missing["Indicator"].str.startswith("Door de politie bij het OM")]
    assert list(row["Reden"]) == ["niet gevonden in een openbare bron"]
    download = result.coverage_download
    assert set(download["Status"]) >= {"gecorrigeerd", "ontbreekt"} and len(download) == (matrix != "").sum().sum()


def _line_colours(spec: charts.ChartSpec) -> dict[str, str]:
    fig = charts.build(spec)
    return {tr.legendgroup or tr.name: tr.line.color for tr in fig.data if tr.showlegend is not False and tr.line.color}


def test_comensha_has_one_colour_on_every_page(shipped) -> None:
    """It was orange on Trends, blue in the bar chart and green on Opvang."""
    name = "Gemelde (mogelijke) slachtoffers (CoMensha)"
    seen = [_line_colours(_view("trends?ind=victims_registered_comensha,om_cases_registered").spec("trends"))[name],
            _line_colours(_view("revisies").spec("pair-victims_registered_comensha-victims_registered_nr"))[name],
            _line_colours(_view("opvang").spec("dark-number"))[name]]
    assert seen == [charts.HOME_COLOURS["victims_registered_comensha"]] * 3
    # the Rapporteur's series is drawn per counting basis (data/series_breaks.csv): its current basis here
    nr = "Gemelde (mogelijke) slachtoffers (Nationaal Rapporteur) — telwijze van de Rapporteur (sinds oktober 2017)"
    assert (_line_colours(_view("revisies").spec("pair-victims_registered_comensha-victims_registered_nr"))[nr]
            == _line_colours(_view("opvang").spec("dark-number"))[nr])


def test_trends_of_mixed_units_draw_one_panel_per_unit(shipped) -> None:
    spec = _view("trends?ind=victims_registered_comensha,om_cases_registered,om_sepot_share").spec("trends")
    fig = charts.build(spec)
    titles = [fig.layout[f"yaxis{n if n > 1 else ''}"].title.text for n in (1, 2, 3)]
    assert sorted(titles) == ["Personen", "Procent", "Zaken"]


def test_index_base_year_defaults_to_the_first_year_every_series_has(shipped) -> None:
    """With the default base year (the first year of the data, 2007) the index used to be empty."""
    view = _view("trends?ind=victims_registered_comensha&index=1")
    spec = view.spec("trends")
    assert not charts.is_empty(spec)
    base = int(spec.data.loc[spec.data["y"].round(6) == 100, "x"].min())
    assert base == int(spec.data["x"].min()) and str(base) in spec.unit
    assert list(spec.table.columns)[-1] == f"Index ({base} = 100)", "the table shows the index the chart shows"


def test_breakdown_all_draws_every_breakdown_one_chart_per_dimension(shipped) -> None:
    """With bd=* sex, nationality, form and "loverboy victims" shared one axis and 8 of 15 were drawn: now every
    breakdown is drawn, one chart per dimension, each saying which part it is."""
    view = _view("trends?ind=victims_registered_nr&bd=*", "en")
    codes = set(queries.figures(["victims_registered_nr"], None, (1990, 2100))["breakdown"])
    drawn: set[str] = set()
    for spec in view.charts:
        series = set(spec.data["series"]) | set(spec.spans["series"] if spec.spans is not None else [])
        assert len(series) <= charts.STANDARD.max_series
        assert not [s for s in series if "_" in s or "seksueel" in s], "no raw breakdown codes in English"
        assert f"of {len(view.charts)}" in spec.unit
        drawn |= set(spec.data["breakdown"]) | set(spec.spans["breakdown"] if spec.spans is not None else [])
    assert drawn == codes
    assert len({s.key for s in view.charts}) == len(view.charts) > 1
    assert any("Every breakdown shown" in text for _, text in view.messages)


def test_a_series_has_one_colour_in_both_languages_and_on_every_page(shipped) -> None:
    """The same estimate had one colour in Dutch and another in English; the chain went from orange to blue."""
    seen: dict[str, set[str]] = {}
    for link in ("trends?ind=victims_registered_comensha,victims_estimated", "opvang", "revisies",
                 "strafrechtketen?year=2012", "strafrechtketen?year=2023"):
        for language in ("nl", "en"):
            for spec in _view(link, language).charts:
                if spec.kind == "barh" and not spec.key.startswith("chain-"):
                    continue   # status colours (Doelen), not series
                for series in charts.model(spec).series:
                    if ("|" in series.id or spec.key.startswith("chain-")) and "#" not in series.id:
                        seen.setdefault(series.id.split("#")[0], set()).add(series.colour)
    assert seen and "totaal" in seen, "series (and the chain, keyed on its breakdown) were compared"
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_compared_pairs_are_exactly_those_the_data_declares() -> None:
    cat = queries.catalogue()
    assert catalogue.compared_pairs(cat) == [("victims_registered_comensha", "victims_registered_nr")]
    declared = cat[cat.duplicated("measures", keep=False)]
    # om_inflow: the OM-registered suspects and cases are one quantity (second audit, finding 5), both counted by the
    # Rapporteur, so they are not a pair of two organisations
    assert set(declared["measures"]) == {"victims_registered", "om_inflow"}


def test_shipped_placements() -> None:
    cat = queries.catalogue()
    steps = dict(catalogue.chain_steps(cat))
    assert steps["registrations"] == ["victims_registered_comensha", "victims_registered_nr"]
    assert steps["suspects"] == ["police_suspects_identified", "police_suspects_to_om"]
    # second audit: the OM-registered suspects are OM inflow (finding 5); Nieuwsuur's "zaken voor de rechter" and
    # La Strada's "prosecutions" are probably OM inflow too and stay off the chain (findings 6 and 12)
    assert "om_suspects_registered" in steps["om_cases"]
    placed = {i for ids in steps.values() for i in ids}
    assert not {"court_cases_om", "om_prosecutions"} & placed
    assert steps["convictions"] == ["convictions_nr", "convictions_rechtspraak"]
    assert "om_sepot_share" in catalogue.chain_ratio_ids(cat)
    assert catalogue.headline_ids(cat)[:2] == ["victims_registered_comensha", "victims_registered_nr"]
    assert catalogue.topic_ids(cat, "places") == ["omm_places"]
    assert catalogue.per_pairs(cat) == [("omm_budget", "omm_places")]


def test_budget_per_place_comes_from_the_catalogue() -> None:
    """2,3 million euros for 31 places in 2025 (seed 004): about 74,194 euros a place."""
    page, values, _ = views.parse("opvang")
    sentences = views.charts_of(page, values, "nl").per_place
    assert any("31 plekken" in s and "74.194" in s for s in sentences), sentences


def test_revisions_page_offers_only_declared_pairs() -> None:
    assert views.params("revisies")[1].options == ("victims_registered_comensha|victims_registered_nr",)


# a value that reads the same in both languages by nature: a name or a number
SAME_BY_NATURE = {"FairWork", "18-22"}


def _breakdowns() -> set[str]:
    import csv

    root = DEFAULT_DATA / "figures"
    return {row["breakdown"] for path in root.glob("*.csv")
            for row in csv.DictReader(path.open(encoding="utf-8-sig"))}


def test_every_breakdown_in_the_data_has_an_english_label() -> None:
    from dashboard.i18n import VALUES, value_label

    codes = _breakdowns()
    assert len(codes) > 30
    for code in codes:
        english, dutch = value_label("breakdown", code, "en"), value_label("breakdown", code, "nl")
        assert english != dutch, f"{code}: English label {english!r} is the Dutch one"
        rest = code.partition(":")[2]
        if rest and rest not in SAME_BY_NATURE:
            assert rest in VALUES["breakdown_value"], f"{code}: no translation for {rest!r}"
            assert value_label("breakdown_value", rest, "en") != rest, f"{code}: {rest!r} stays Dutch in English"
    assert value_label("breakdown", "seksueel_herkomst:Afrika", "en") == "sexual exploitation, origin: Africa"
    assert value_label("breakdown", "aanmelder:KMar", "nl") == "aanmelder: KMar"
