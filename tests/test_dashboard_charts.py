"""Chart builders: the figure carries title, unit, source line, Dutch/English separators, gaps and targets."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, db, export


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
    target = [tr for tr in fig.data if tr.name == "Verdachten — Doel"][0]
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
    band, segment = fig.data[-2], fig.data[-1]
    assert band.fill == "toself" and set(band.y) == {4000.0, 6300.0} and min(band.x) == 2017.6
    assert segment.line.dash == "dash"


def test_ratio_points_carry_their_range_as_error_bars() -> None:
    data = _points([2018, 2019], [13.4, 27.4]).assign(y_low=[10.6, 21.8], y_high=[16.8, 34.3])
    fig = charts.build(_spec(data=data))
    error = fig.data[0].error_y
    assert [round(v, 1) for v in error.array] == [3.4, 6.9] and [round(v, 1) for v in error.arrayminus] == [2.8, 5.6]


def test_okabe_ito_palette_in_order() -> None:
    data = pd.concat([_points([2020], [1], "a"), _points([2020], [2], "b")])
    fig = charts.build(_spec(data=data))
    assert [tr.line.color for tr in fig.data] == list(charts.OKABE_ITO[:2])


def test_empty_spec_says_so() -> None:
    fig = charts.build(_spec(data=_points([], []), sources=[]))
    assert any(a.text == "Geen cijfers voor deze keuze." for a in fig.layout.annotations)


def test_source_lines_name_each_document_once_with_its_date() -> None:
    figs = pd.DataFrame({"source_reference": ["Nationaal Rapporteur, 18-10-2024", "Aanhangsel Handelingen, 2024Z16674",
                                              "Nationaal Rapporteur, 18-10-2024"],
                         "published": ["2024-10-18", "2024", "2024-10-18"]})
    assert charts.source_lines(figs, "nl") == ["Aanhangsel Handelingen, 2024Z16674",
                                               "Nationaal Rapporteur, 18-10-2024"]


def test_source_line_of_horizontal_bars_starts_at_the_figure_edge() -> None:
    """x=0 'paper' is the left edge of the plot area, which sits right of the category names: without room for the
    names in the margin the source line started there and ran off the figure (on screen and in the A4 export)."""
    names = ["Veiligheidsagenda: 190 OM-verdachten in 2020 (norm 2019 gehandhaafd) (2020)", "FairWork (2019)"]
    data = pd.DataFrame({"series": "op koers", "x": names, "y": [80.0, 122.2], "period": ["2020", "2019"],
                         "text": ["152 / 190", "22 / 18"]})
    sources = ["Kamerstuk 28 638, nr. 176", "Kamerstuk 36 410 VI, nr. 2", "Veiligheidsagenda 2023-2026 (1 jan 2023)",
               "Aanhangsel Handelingen 2024–2025, nr. 1651"]
    build = db.Build(path="x.duckdb", inode=1, mtime_ns=1, schema_version=1, built_at="2025-05-01 09:30",
                     input_checksum="1a2b3c4d5e", newest_source=None, figures=1, indicators=1, sources=1)
    for language in ("nl", "en"):
        spec = _spec(data=data, kind="barh", categorical_x=True, x_order=names, language=language, sources=sources)
        for fig, edge in ((charts.build(spec), 10), (export.export_figure(spec, build), 40)):
            footer = [a for a in fig.layout.annotations if (a.text or "").startswith(("Bronnen", "Sources"))][0]
            assert fig.layout.margin.l >= 6 * len(names[0]) + edge, "the names have their room in the margin"
            assert fig.layout.margin.l + footer.xshift == edge, "the source line starts at the figure's edge"
            widest = max(len(line) for line in footer.text.split("<br>"))
            assert edge + 7 * widest <= export.SIZES["a4"][0], "and ends inside the narrowest export"


def test_source_line_of_other_charts_stays_under_the_plot_area() -> None:
    fig = charts.build(_spec())
    footer = [a for a in fig.layout.annotations if (a.text or "").startswith("Bron")][0]
    assert fig.layout.margin.l == 10 and not footer.xshift
