"""Chart builders: the figure carries title, unit, source line, Dutch/English separators, gaps and targets."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, db, export, vocabulary


def _points(years: list[int], values: list[float], series: str = "Opsporingsonderzoeken") -> pd.DataFrame:
    return pd.DataFrame({"series": series, "x": years, "y": values, "period": [str(y) for y in years],
                         "text": [str(v) for v in values]})


def _spec(**kw) -> charts.ChartSpec:
    base = dict(key="k", title="Titel", unit="Onderzoeken", data=_points([2019, 2020, 2023], [10, 12, 21]),
                language="nl", sources=["Nationaal Rapporteur, 18-10-2024"])
    return charts.ChartSpec(**{**base, **kw})


def test_missing_years_are_gaps_not_zeros() -> None:
    fig = charts.build(_spec())
    line = fig.data[0]
    assert list(line.x) == [2019, 2020, 2021, 2022, 2023]
    assert list(line.y)[2:4] == [None, None] or all(pd.isna(v) for v in list(line.y)[2:4])
    assert line.connectgaps is False


def test_year_labels_only_where_the_chart_has_years_not_on_the_air_around_them() -> None:
    """The labour recount (2022 and 2023) was drawn on an axis labelled 2020-2025: four empty years that read as
    missing figures. The air stays (one bar must not fill the chart); the labels stop at the data."""
    fig = charts.build(_spec(kind="bar", data=_points([2022, 2023], [28, 21])))
    axis = fig.layout.xaxis
    assert list(axis.tickvals) == [2022, 2023]
    assert axis.range[0] < 2021 and axis.range[1] > 2024   # the air around two bars
    wide = charts.build(_spec(data=_points(list(range(2007, 2025)), list(range(18))))).layout.xaxis
    assert min(wide.tickvals) >= 2007 and max(wide.tickvals) <= 2024 and len(wide.tickvals) < 18


def test_separators_follow_language() -> None:
    assert charts.build(_spec()).layout.separators == ",."
    assert charts.build(_spec(language="en")).layout.separators == ".,"


def test_title_unit_and_source_line_are_in_the_figure() -> None:
    fig = charts.build(_spec())
    assert "Titel" in fig.layout.title.text and fig.layout.title.subtitle.text == "Onderzoeken"
    footer = [a.text for a in fig.layout.annotations if "Bron" in (a.text or "")]
    assert footer == ["Bron: Nationaal Rapporteur, 18-10-2024"]
    assert fig.layout.xaxis.tickformat == "d", "years never get a thousands separator"


def test_targets_drawn_with_due_year() -> None:
    targets = pd.DataFrame({"series": ["Verdachten — Doel"], "base_series": ["Verdachten"], "x": [2024],
                            "y": [220.0], "period": ["2024"], "text": ["220"]})
    fig = charts.build(_spec(data=_points([2022, 2023], [150, 187], "Verdachten"), targets=targets))
    target = next(tr for tr in fig.data if tr.name == "Verdachten — Doel")
    assert list(target.y) == [220.0] and list(target.text) == ["doel 2024"]
    assert target.line.dash == "dot" and target.line.color == fig.data[0].line.color


def test_span_figures_are_segments_over_their_years() -> None:
    spans = pd.DataFrame({"series": ["Schatting"], "x0": [2018], "x1": [2019], "y": [5000.0],
                          "period": ["2018–2019"], "text": ["ca. 5.000"]})
    fig = charts.build(_spec(data=_points([], []), spans=spans))
    segment = fig.data[-1]
    # over the whole width of both years (a one-year estimate is then a short segment, not an invisible point)
    assert list(segment.x) == [2017.6, 2019.4] and list(segment.y) == [5000.0, 5000.0]


def test_estimate_range_is_a_band_behind_its_segment() -> None:
    """The WODC estimate for 2018–2019: about 5,000 a year, 4,000 to 6,300."""
    spans = pd.DataFrame({"series": ["Schatting"], "x0": [2018], "x1": [2019], "y": [5000.0], "low": [4000.0],
                          "high": [6300.0], "period": ["2018–2019"], "text": ["ca. 5.000"], "status": ["estimate"]})
    fig = charts.build(_spec(data=_points([], []), spans=spans))
    band = next(d for d in fig.data if d.fill == "toself")
    segment = next(d for d in fig.data if d.name == "Schatting" and d.fill != "toself")
    assert set(band.y) == {4000.0, 6300.0} and min(band.x) == 2017.6
    assert segment.line.dash == "dash" and list(segment.y) == [5000.0, 5000.0]


def test_ratio_points_carry_their_range_as_error_bars() -> None:
    data = _points([2018, 2019], [13.4, 27.4]).assign(y_low=[10.6, 21.8], y_high=[16.8, 34.3])
    fig = charts.build(_spec(data=data))
    error = fig.data[0].error_y
    assert [round(v, 1) for v in error.array] == [3.4, 6.9] and [round(v, 1) for v in error.arrayminus] == [2.8, 5.6]


def test_colour_follows_the_series_not_its_place() -> None:
    """The same series keeps its colour whatever else is drawn and in whatever order; colours are Okabe-Ito."""
    a, b, c = (_points([2020], [v], name).assign(indicator=name, breakdown="totaal")
               for v, name in ((1, "victims_registered_comensha"), (2, "om_cases_registered"), (3, "om_sepot_share")))
    colours = [{tr.name: tr.line.color for tr in charts.build(_spec(data=pd.concat(frames))).data}
               for frames in ([a, b], [b, a], [c, b, a], [a])]
    assert len({tuple(sorted(d.items())) for d in colours[:2]}) == 1, "order does not change a colour"
    assert {d["victims_registered_comensha"] for d in colours} == {vocabulary.colours()["victims_registered_comensha"]}
    assert colours[0]["om_cases_registered"] == colours[2]["om_cases_registered"]
    assert len(set(colours[2].values())) == 3 and set(colours[2].values()) <= set(charts.OKABE_ITO)


def test_two_series_with_the_same_colour_get_different_colours_decided_by_identity() -> None:
    keys = {"x": "victims_estimated", "y": "victims_registered_nr", "z": "police_suspects_to_om"}
    first = charts.colour_map(keys)
    assert len(set(first.values())) == 3
    assert charts.colour_map(dict(reversed(list(keys.items())))) == first


def test_mixed_units_become_one_panel_per_unit_each_axis_with_its_unit() -> None:
    data = pd.concat([_points([2021, 2022], [800, 868], "Slachtoffers").assign(unit="persons"),
                      _points([2021, 2022], [40, 45], "Sepots").assign(unit="percent")])
    fig = charts.build(_spec(data=data))
    titles = {fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text}
    assert titles == {"Personen", "Procent"}
    assert {tr.yaxis for tr in fig.data if tr.name == "Sepots"} != {tr.yaxis for tr in fig.data
                                                                    if tr.name == "Slachtoffers"}
    assert fig.layout.yaxis2.ticksuffix == "%" or fig.layout.yaxis.ticksuffix == "%"


def test_every_value_axis_says_its_unit() -> None:
    fig = charts.build(_spec(data=_points([2021, 2022], [40, 45]).assign(unit="percent")))
    assert fig.layout.yaxis.title.text == "Procent"


def test_estimates_are_drawn_open_and_dashed_and_named_in_the_legend() -> None:
    data = _points([2020, 2021, 2022], [100, 120, 130]).assign(status=["reported", "reported", "provisional"])
    fig = charts.build(_spec(data=data, language="en"))
    dashed = [tr for tr in fig.data if tr.line.dash == "dash"]
    assert dashed and dashed[0].marker.color == "white", "open marker on the provisional figure"
    solid = fig.data[0]
    assert list(solid.y)[:2] == [100, 120] and pd.isna(list(solid.y)[2]), "the count line stops at the count"
    assert any(tr.name == "Estimate or provisional figure" for tr in fig.data)


def test_at_most_eight_series_the_largest_kept() -> None:
    data = pd.concat([_points([2022], [float(n)], f"s{n}") for n in range(12)])
    kept, _, dropped = charts.limit_series(data)
    assert dropped == 4 and sorted(kept["series"].unique()) == sorted(f"s{n}" for n in range(4, 12))


def test_an_empty_chart_says_why() -> None:
    spec = _spec(data=_points([], []), empty_reason="Geen cijfer in het basisjaar 2007.")
    assert charts.is_empty(spec) and charts.empty_message(spec) == "Geen cijfer in het basisjaar 2007."


def test_text_sizes_meet_the_standard() -> None:
    fig = charts.build(_spec(), canvas=charts.SLIDE)
    assert fig.layout.title.font.size >= 20 and fig.layout.xaxis.tickfont.size >= 12
    smallest = min(a.font.size for a in fig.layout.annotations)
    assert smallest >= 10.5, "1 layout px = 1 pt on a 960 px slide canvas"


def test_empty_spec_says_so() -> None:
    fig = charts.build(_spec(data=_points([], []), sources=[]))
    assert any(a.text == "Geen cijfers voor deze keuze." for a in fig.layout.annotations)


def test_source_lines_name_each_document_once_with_its_date() -> None:
    figs = pd.DataFrame({"source_reference": ["Nationaal Rapporteur, 18-10-2024", "Aanhangsel Handelingen, 2024Z16674",
                                              "Nationaal Rapporteur, 18-10-2024"],
                         "published": ["2024-10-18", "2024", "2024-10-18"]})
    assert charts.source_lines(figs, "nl") == ["Aanhangsel Handelingen, 2024Z16674",
                                               "Nationaal Rapporteur, 18-10-2024"]


def test_a_reference_holding_a_semicolon_stays_one_source_and_a_ratio_names_both_documents() -> None:
    """The Rapporteur's 2024 figures are referenced as "jaarcijfers 2024-10-18 (eigen tekst niet opgeslagen; cijfers
    geciteerd in ...)": split at "; ", the image listed two half sentences as two sources."""
    own = "Nationaal Rapporteur, jaarcijfers 2024-10-18 (eigen tekst niet opgeslagen; cijfers geciteerd in nr. 544)"
    figs = pd.DataFrame({"source_reference": [own], "published": ["2024-10-18"]})
    assert charts.source_lines(figs, "nl") == [own]   # its date is in it already
    ratio = pd.DataFrame({"source_reference": [f"{own}; OM, jaarbericht"], "published": ["2024-10-18"],
                          "source_references": [(own, "OM, jaarbericht")]})
    assert charts.source_lines(ratio, "nl") == [own, "OM, jaarbericht (18 okt 2024)"]


def test_source_line_of_horizontal_bars_starts_at_the_figure_edge() -> None:
    """x=0 'paper' is the left edge of the plot area, which sits right of the category names: the source line is
    shifted back by the names' room so it starts at the figure's edge, on screen and in every export."""
    names = ["Veiligheidsagenda: 190 OM-verdachten in 2020 (norm 2019 gehandhaafd) (2020)", "FairWork (2019)"]
    data = pd.DataFrame({"series": "op koers", "x": names, "y": [80.0, 122.2], "period": ["2020", "2019"],
                         "text": ["152 / 190", "22 / 18"]})
    sources = ["Kamerstuk 28 638, nr. 176", "Kamerstuk 36 410 VI, nr. 2", "Veiligheidsagenda 2023-2026 (1 jan 2023)",
               "Aanhangsel Handelingen 2024–2025, nr. 1651"]
    build = db.Build(path="x.duckdb", inode=1, mtime_ns=1, schema_version=1, built_at="2025-05-01 09:30",
                     input_checksum="1a2b3c4d5e", newest_source=None, figures=1, indicators=1, sources=1)
    edge = charts.STANDARD.pad
    for language in ("nl", "en"):
        spec = _spec(data=data, kind="barh", categorical_x=True, x_order=names, language=language, sources=sources)
        for fig, width in ((charts.build(spec), charts.STANDARD.screen_width),
                           (export.export_figure(spec, build, "a4"), export.SIZES["a4"][0])):
            footer = next(a for a in fig.layout.annotations if (a.text or "").startswith(("Bronnen", "Sources")))
            assert fig.layout.margin.l >= 6 * 30, "the names have their room in the margin"
            assert fig.layout.margin.l + footer.xshift == edge, "the source line starts at the figure's edge"
            widest = max(len(line) for line in footer.text.split("<br>"))
            assert edge + charts.text_width("x" * widest, charts.STANDARD.footer) <= width, "and ends inside it"


def test_source_line_of_other_charts_stays_under_the_plot_area() -> None:
    fig = charts.build(_spec())
    footer = next(a for a in fig.layout.annotations if (a.text or "").startswith("Bron"))
    assert footer.y == 0 and footer.yref == "paper" and footer.yshift < 0, "under the plot area"
    assert fig.layout.margin.l + footer.xshift == charts.STANDARD.pad


# --- The standard on the pages' own views (the shipped data) ----------------------------------------------------------


def test_year_on_year_change_of_a_percentage_is_in_percentage_points() -> None:
    from dashboard.views.trends import year_on_year

    pts = pd.concat([_points([2021, 2022], [40.0, 45.0], "Sepots").assign(unit="percent"),
                     _points([2021, 2022], [800.0, 868.0], "Slachtoffers").assign(unit="persons")])
    change = year_on_year(pts, "nl").set_index("series")
    assert change.loc["Sepots", "y"] == 5.0 and change.loc["Sepots", "unit"] == "change_pp"
    assert change.loc["Sepots", "text"] == "+5,0 procentpunten"
    assert round(change.loc["Slachtoffers", "y"], 1) == 8.5 and change.loc["Slachtoffers", "unit"] == "change_pct"


def test_a_document_behind_a_computed_ratio_is_listed_once() -> None:
    """Convictions over court decisions of 2012: both counts come from one news item, which the source line names once."""
    news = "Nationaal Rapporteur, nieuwsbericht 2013"
    figs = pd.DataFrame({"source_reference": [news, f"{news}; {news}"], "published": ["2013", "2013"],
                         "source_references": [None, (news, news)]})   # the ratio's two documents (views/chain.py)
    assert charts.source_lines(figs, "nl") == ["Nationaal Rapporteur, nieuwsbericht 2013"]


def test_alt_text_of_a_chain_bar_is_plain_text() -> None:
    """The chain's labels carry plotly markup for the share (<i>…</i>); screen readers got the tags read aloud."""
    import pandas as pd

    from dashboard import alttext

    spec = charts.ChartSpec(key="chain", title="Keten", unit="Zaken", language="nl", kind="barh", categorical_x=True,
                            data=pd.DataFrame({"series": ["2012"], "x": ["Vonnissen<br><i>49,2% van OM-zaken</i>"],
                                               "y": [153.0], "text": ["153"], "period": ["2012"]}))
    text = alttext.describe(spec)
    assert "<i>" not in text and "</i>" not in text and "Vonnissen 49,2% van OM-zaken: 153" in text
