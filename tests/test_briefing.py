"""Briefings: the file round trip and its checks, and the exports read back (deck, PDF, workbook), reproducibly.

The numbers are the sources': labour-exploitation investigations 28 (2022) and 21 (2023) after the recount.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

from dashboard import briefing, db, decks
from tests.helpers import two_chart_briefing


@pytest.fixture
def build(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return db.build_info()


def test_file_round_trip_is_small_and_readable(build) -> None:
    raw = briefing.dumps(two_chart_briefing())
    body = json.loads(raw)
    assert body["format"] == "mensenhandel-briefing" and body["version"] == 1
    assert body["items"][0]["takeaway"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "–" in raw.decode("utf-8"), "written as readable UTF-8, not \\u escapes"
    assert briefing.loads(raw) == two_chart_briefing()


@pytest.mark.parametrize("change, expected", [
    (lambda b: b["items"][0].update(view="trends?ind=no_such_indicator"), "Onderdeel 1: Ongeldige waarde voor 'ind'"),
    (lambda b: b["items"][0].update(view="trends?vintage='; DROP TABLE figures; --"), "'vintage'"),
    (lambda b: b["items"][1].update(view="doelen?junk=1"), "Onderdeel 2: Onbekende parameter 'junk'"),
    (lambda b: b["items"][1].update(view="../../etc/passwd"), "Onbekende pagina"),
    (lambda b: b.update(version=7), "Versie 7"),
    (lambda b: b.update(language="fr"), "'fr'"),
    (lambda b: b["items"][0].update(title=123), "veld 'title'"),
])
def test_bad_files_are_refused_with_every_problem_named(build, change, expected: str) -> None:
    body = json.loads(briefing.dumps(two_chart_briefing()))
    change(body)
    with pytest.raises(briefing.BriefingError) as caught:
        briefing.loads(json.dumps(body).encode())
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_not_a_briefing_at_all(build) -> None:
    for data in (b"not json {", b'{"a": 1}', b"x" * 300_000):
        with pytest.raises(briefing.BriefingError):
            briefing.loads(data, "en")


def test_line_chart_is_a_native_chart_with_the_figures_colours_alt_text_and_notes(build) -> None:
    """No browser needed: a native chart is no picture."""
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    from dashboard import charts, views

    one = two_chart_briefing()
    one.items = one.items[:1]
    slide = list(Presentation(io.BytesIO(decks.deck(one, build))).slides)[1]
    frame = next(shape for shape in slide.shapes if shape.has_chart)
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert list(chart.plots[0].categories) == ["2022", "2023"]
    (series,) = chart.plots[0].series
    assert list(series.values) == [28, 21], "the corrected figures, from the chart's own workbook"
    spec = views.charts_of("trends", views.parse(one.items[0].view)[1], "nl").spec("trends")
    assert f"#{series.format.line.color.rgb}" == charts.build(spec).data[0].line.color.upper()
    assert chart.value_axis.tick_labels.font.size.pt >= 12 and chart.category_axis.tick_labels.font.size.pt >= 12
    assert chart.value_axis.axis_title.text_frame.text.startswith("Personen") or chart.value_axis.has_title
    alt = frame._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    assert alt.startswith("Lijngrafiek: Opsporingsonderzoeken arbeidsuitbuiting in Nederland, ")
    assert "Laatste waarde 2023: 21 (-7 t.o.v. 2022)." in alt
    notes = slide.notes_slide.notes_text_frame.text
    assert "Aanhangsel Handelingen, 2024Z16674" in notes and "[1] De Arbeidsinspectie had" in notes


def test_native_chart_shows_a_missing_year_as_a_gap(build) -> None:
    import pandas as pd
    from pptx import Presentation
    from pptx.util import Inches

    from dashboard import charts

    spec = charts.ChartSpec(key="k", title="Gaten", unit="Personen", language="nl", data=pd.DataFrame({
        "series": ["A", "A", "B", "B"], "x": [2019, 2021, 2019, 2021], "y": [10.0, 12.0, 5.0, None],
        "period": ["2019", "2021", "2019", "2021"], "text": ["10", "12", "5", "–"]}))
    categories, series = decks._series_values(spec)
    assert categories == [2019, 2020, 2021]
    assert series == [("A", [10.0, None, 12.0], "data"), ("B", [5.0, None, None], "data")], "no zero for a gap"
    prs = Presentation()
    frame = decks._native_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Inches(8), Inches(4))
    assert list(frame.chart.plots[0].series[0].values) == [10, None, 12]
    assert b'<c:dispBlanksAs val="gap"/>' in frame.chart.part.blob
    assert frame.chart.has_legend and frame.chart.legend.font.size.pt >= 12


def test_horizontal_bars_are_native_unless_they_need_a_reference_line(build) -> None:
    import pandas as pd
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    from dashboard import charts

    chain = charts.ChartSpec(key="chain", title="Keten", unit="Personen", language="nl", kind="barh",
                             categorical_x=True, x_order=["Registraties", "Verdachten<br>bij de politie"],
                             data=pd.DataFrame({"series": ["2023", "2023"], "x": ["Registraties", "Verdachten<br>bij "
                                                                                 "de politie"],
                                                "y": [868.0, None], "period": ["2023"] * 2, "text": ["868", "–"]}))
    assert decks.native(chain) and not decks.native(dataclasses.replace(chain, reference=100))
    prs = Presentation()
    chart = decks._native_chart(prs.slides.add_slide(prs.slide_layouts[6]), chain, 0, 0, Inches(8), Inches(4)).chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED and chart.category_axis.reverse_order
    assert list(chart.plots[0].categories) == ["Registraties", "Verdachten\nbij de politie"], "the screen's breaks"
    assert list(chart.plots[0].series[0].values) == [868, None]


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_estimates_drawn_dashed_or_hatched_stay_so_in_the_native_chart(monkeypatch, kind: str) -> None:
    """An estimate is dashed with an open marker on a line (and the stretches into it dashed), a hatched bar: the
    native chart decides it from the spec's data, as charts.py does, without drawing a plotly figure."""
    import pandas as pd
    from pptx import Presentation
    from pptx.util import Inches

    from dashboard import charts

    spec = charts.ChartSpec(key="k", title="Schatting", unit="Personen", language="nl", kind=kind, data=pd.DataFrame({
        "series": ["A"] * 3, "x": [2019, 2020, 2021], "y": [10.0, 11.0, 5000.0], "period": ["2019", "2020", "2021"],
        "text": ["10", "11", "ca. 5.000"], "status": ["reported", "reported", "estimate"]}))

    def no_figure(*_args, **_kwargs):
        raise AssertionError("the deck reads no style back from a plotly figure")

    monkeypatch.setattr(charts, "build", no_figure)
    prs = Presentation()
    chart = decks._native_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Inches(8), Inches(4)).chart
    xml = chart.part.blob.decode()
    points = re.findall(r'<c:dPt>.*?</c:dPt>', xml, flags=re.S)
    assert len(points) == 1 and '<c:idx val="2"/>' in points[0], "only the estimate (2021) is drawn differently"
    if kind == "line":
        assert '<a:prstDash val="dash"/>' in points[0] and '<a:srgbClr val="FFFFFF"/>' in points[0]
    else:
        assert '<a:pattFill prst="wdUpDiag">' in points[0]
    assert list(chart.plots[0].series[0].values) == [10, 11, 5000]


def test_series_colours_are_read_whatever_way_the_figure_writes_them() -> None:
    assert [decks._hex(c) for c in ("#0072B2", "#07b", "rgba(0, 114, 178, 0.5)", "rgb(230,159,0)")] == [
        "0072B2", "0077BB", "0072B2", "E69F00"]


def test_english_deck_describes_its_charts_in_english(build) -> None:
    from pptx import Presentation

    one = two_chart_briefing("en")
    one.items = one.items[:1]
    slide = list(Presentation(io.BytesIO(decks.deck(one, build))).slides)[1]
    frame = next(shape for shape in slide.shapes if shape.has_chart)
    assert frame._element.xpath("./*[1]/p:cNvPr")[0].get("descr").startswith("Line chart: ")
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith("Source:\n• Aanhangsel Handelingen, 2024Z16674") and "Notes:\n[1] The Labour" in notes


def test_a_version_1_file_saved_earlier_still_opens(build) -> None:
    saved = (b'{"format": "mensenhandel-briefing", "version": 1, "title": "Debat", "language": "nl", "items": '
             b'[{"view": "trends?ind=labour_investigations&bd=arbeid", "chart": "trends", "title": "", '
             b'"takeaway": ""}]}')
    opened = briefing.loads(saved)
    assert [s.spec.key for s in briefing.slides(opened)] == ["trends"]


def test_workbook_holds_the_numbers_with_sources_and_vintages(build) -> None:
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(decks.workbook(two_chart_briefing(), build)), sheet_name=None)
    assert list(sheets) == ["Inhoud", "1 Onderzoeken naar", "2 Doelen"], "sheets named after the slide titles"
    contents = sheets["Inhoud"]
    assert contents.loc[0, "Kernboodschap"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert contents.loc[0, "Blad"] == "1 Onderzoeken naar"
    assert contents.loc[0, "Noten"].startswith("[1] De Arbeidsinspectie had onderzoeken abusievelijk")
    assert contents.loc[0, "Beschrijving"].startswith("Lijngrafiek: ") and "2023: 21" in contents.loc[0, "Beschrijving"]
    assert build.input_checksum[:8] in contents.loc[0, "Databasebuild"]
    figures = sheets["1 Onderzoeken naar"]
    assert sorted(figures["Waarde"]) == [21, 28]
    assert set(figures["Status"]) == {"gecorrigeerd"} and figures["Bron"].str.contains("2024Z16674").all()
    assert {"Gepubliceerd", "Versie"} <= set(figures.columns)
    assert sorted(figures["Periode"]) == [2022, 2023], "a year is a number"


def test_english_briefing_has_no_dutch_labels(build) -> None:
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(decks.workbook(two_chart_briefing("en"), build)), sheet_name=None)
    assert "Contents" in sheets and "Inhoud" not in sheets
    assert "Database build" in sheets["Contents"].columns


def test_a_view_without_that_chart_is_named(build) -> None:
    bad = two_chart_briefing()
    bad.items[1].chart = "no-such-chart"
    with pytest.raises(briefing.BriefingError, match="Onderdeel 2: grafiek 'no-such-chart'"):
        briefing.slides(bad)


