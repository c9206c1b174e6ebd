"""Chart builders: the figure carries title, unit, source line, Dutch/English separators, gaps and targets."""

from __future__ import annotations

import pandas as pd

from dashboard import charts


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
    assert list(segment.x) == [2018, 2019] and list(segment.y) == [5000.0, 5000.0]


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
