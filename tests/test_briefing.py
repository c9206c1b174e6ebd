"""Briefings: the file round trip and its checks, and the exports read back (deck, PDF, workbook), reproducibly.

The numbers are the sources': labour-exploitation investigations 28 (2022) and 21 (2023) after the recount.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from dashboard import briefing, db, decks

BROWSER = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(not BROWSER, reason="no Chrome/Chromium for kaleido")


@pytest.fixture
def build(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    return db.build_info()


def _briefing(language: str = "nl") -> briefing.Briefing:
    return briefing.Briefing(title="Debat mensenhandel – mei", language=language, items=[
        briefing.Item(view="trends?ind=labour_investigations&bd=arbeid&lang=nl", chart="trends",
                      title="Onderzoeken naar arbeidsuitbuiting", takeaway="Na de hertelling: 28 en 21 onderzoeken."),
        briefing.Item(view="doelen", chart="targets-progress", title="Doelen", takeaway="Geen cijfers na 2020."),
    ])


def test_file_round_trip_is_small_and_readable(build) -> None:
    raw = briefing.dumps(_briefing())
    body = json.loads(raw)
    assert body["format"] == "mensenhandel-briefing" and body["version"] == 1
    assert body["items"][0]["takeaway"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "–" in raw.decode("utf-8"), "written as readable UTF-8, not \\u escapes"
    assert briefing.loads(raw) == _briefing()


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
    body = json.loads(briefing.dumps(_briefing()))
    change(body)
    with pytest.raises(briefing.BriefingError) as caught:
        briefing.loads(json.dumps(body).encode())
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_not_a_briefing_at_all(build) -> None:
    for data in (b"not json {", b'{"a": 1}', b"x" * 300_000):
        with pytest.raises(briefing.BriefingError):
            briefing.loads(data, "en")


@needs_browser
def test_deck_holds_titles_takeaways_sources_and_build(build) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(decks.deck(_briefing(), build)))
    slides = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]
    assert len(slides) == 1 + 2 + 1, "cover, one slide per chart, closing slide with the sources"
    assert slides[1][0] == "Onderzoeken naar arbeidsuitbuiting"
    assert slides[1][1] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "Aanhangsel Handelingen, 2024Z16674" in slides[1][2] and "Databasebuild" in slides[1][2]
    assert sum(1 for shape in list(deck.slides)[1].shapes if shape.has_chart) == 1, "a line chart is a native chart"
    assert sum(1 for shape in list(deck.slides)[2].shapes if shape.shape_type == 13) == 1, "progress bars: a picture"
    assert slides[3][0] == "Bronnen"
    assert "Kamerstuk 36410 VI nr. 2" in slides[3][1] and "Aanhangsel Handelingen, 2024Z16674" in slides[3][1]
    assert deck.core_properties.created.strftime("%Y-%m-%d %H:%M") == build.built_at


@needs_browser
def test_pdf_one_page_per_chart_with_the_same_content(build) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(decks.pdf(_briefing(), build)))
    assert len(reader.pages) == 1 + 2 + 1
    page = reader.pages[1].extract_text()
    assert "Onderzoeken naar arbeidsuitbuiting" in page and "Na de hertelling: 28 en 21 onderzoeken." in page
    assert "2024Z16674" in page and build.input_checksum[:8] in page
    assert page.index("Onderzoeken naar arbeidsuitbuiting") < page.index("Na de hertelling") < page.index("Bron")
    assert "[1] De Arbeidsinspectie had onderzoeken abusievelijk anders geregistreerd" in page, "notes under it"
    alts = _pdf_alt_texts(reader)
    assert alts[0].startswith("Lijngrafiek: Opsporingsonderzoeken arbeidsuitbuiting in Nederland, ")
    assert "Laatste waarde 2023: 21 (-7 t.o.v. 2022)." in alts[0], "the newest figure and its change, in Dutch"
    assert alts[1].startswith("Liggende staafgrafiek: ")


def _pdf_alt_texts(reader) -> list[str]:
    """The /Alt of every figure in the PDF's structure tree, in document order."""
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@needs_browser
def test_pdf_titles_never_overprint_and_long_source_lists_flow_on(build, monkeypatch) -> None:
    """A title over several lines pushes the chart down; sixty sources run on to the next page instead of off it."""

    from pypdf import PdfReader

    long_title = "Een titel die zo lang is dat hij over meerdere regels loopt, " * 4
    real_slides = decks.slides

    def crowded(briefing_):
        parts = real_slides(briefing_)
        return [dataclasses.replace(parts[0], title=long_title, spec=dataclasses.replace(
            parts[0].spec, sources=[f"Kamerstuk 99 999, nr. {n}" for n in range(1, 61)]))]

    monkeypatch.setattr(decks, "slides", crowded)
    one = _briefing()
    one.items = one.items[:1]
    reader = PdfReader(io.BytesIO(decks.pdf(one, build)))
    assert len(reader.pages) > 1 + 1 + 1, "the source list continues on a next page"
    first = reader.pages[1].extract_text()
    assert first.index("meerdere regels") < first.index("Na de hertelling") < first.index("Bronnen:")
    later = "".join(page.extract_text() for page in reader.pages[2:])
    assert "Kamerstuk 99 999, nr. 60" in later and "Kamerstuk 99 999, nr. 60" not in first


def test_line_chart_is_a_native_chart_with_the_figures_colours_alt_text_and_notes(build) -> None:
    """No browser needed: a native chart is no picture."""
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    from dashboard import charts, views

    one = _briefing()
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
    assert list(chart.plots[0].categories) == ["Registraties", "Verdachten bij de politie"]
    assert list(chart.plots[0].series[0].values) == [868, None]


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_estimates_drawn_dashed_or_hatched_stay_so_in_the_native_chart(monkeypatch, kind: str) -> None:
    """However charts.py marks an estimate (a dashed trace in the series' legend group over the estimate and its
    neighbours, with an open marker on it; a hatched bar), the native chart follows the figure."""
    import pandas as pd
    import plotly.graph_objects as go
    from pptx import Presentation
    from pptx.util import Inches

    from dashboard import charts

    spec = charts.ChartSpec(key="k", title="Schatting", unit="Personen", language="nl", kind=kind, data=pd.DataFrame({
        "series": ["A"] * 3, "x": [2019, 2020, 2021], "y": [10.0, 11.0, 5000.0], "period": ["2019", "2020", "2021"],
        "text": ["10", "11", "ca. 5.000"], "status": ["reported", "reported", "estimate"]}))
    figure = go.Figure()
    if kind == "line":
        figure.add_scatter(x=[2019, 2020, 2021], y=[10, 11, None], name="A", legendgroup="A",
                           line=dict(color="#D55E00"))
        figure.add_scatter(x=[2019, 2020, 2021], y=[None, 11, 5000], name="A", legendgroup="A", showlegend=False,
                           line=dict(color="#D55E00", dash="dash"), marker=dict(size=[0, 0, 9]))
    else:
        figure.add_bar(x=[2019, 2020, 2021], y=[10, 11, 5000], name="A", legendgroup="A", marker_color="#D55E00",
                       marker_pattern_shape=["", "", "/"])
    monkeypatch.setattr(charts, "build", lambda _spec, *a, **k: figure)
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

    one = _briefing("en")
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

    sheets = pd.read_excel(io.BytesIO(decks.workbook(_briefing(), build)), sheet_name=None)
    assert list(sheets) == ["Inhoud", "1 trends", "2 targets-progress"]
    contents = sheets["Inhoud"]
    assert contents.loc[0, "Kernboodschap"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert contents.loc[0, "Noten"].startswith("[1] De Arbeidsinspectie had onderzoeken abusievelijk")
    assert contents.loc[0, "Beschrijving"].startswith("Lijngrafiek: ") and "2023: 21" in contents.loc[0, "Beschrijving"]
    assert build.input_checksum[:8] in contents.loc[0, "Databasebuild"]
    figures = sheets["1 trends"]
    assert sorted(figures["value"]) == [21, 28]
    assert set(figures["status"]) == {"corrected"} and figures["source_reference"].str.contains("2024Z16674").all()
    assert {"published", "vintage"} <= set(figures.columns)


@needs_browser
@pytest.mark.parametrize("make", [decks.deck, decks.pdf, decks.workbook], ids=["pptx", "pdf", "xlsx"])
def test_same_briefing_and_data_give_byte_identical_files(build, make) -> None:
    first = make(_briefing(), build)
    time.sleep(1.1)   # writers stamp the current second (zip entries, document properties): none may leak through
    assert make(_briefing(), build) == first


def test_english_briefing_has_no_dutch_labels(build) -> None:
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(decks.workbook(_briefing("en"), build)), sheet_name=None)
    assert "Contents" in sheets and "Inhoud" not in sheets
    assert "Database build" in sheets["Contents"].columns


def test_a_view_without_that_chart_is_named(build) -> None:
    bad = _briefing()
    bad.items[1].chart = "no-such-chart"
    with pytest.raises(briefing.BriefingError, match="Onderdeel 2: grafiek 'no-such-chart'"):
        briefing.slides(bad)


def test_what_changed_goes_into_the_deck_as_a_table(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Labour Inspectorate's recount between October 2024 and January 2025: a native table slide after the
    chart, old → new per figure (15 → 28, 8 → 21)."""
    from pptx import Presentation

    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    item = briefing.Item(view="wijzigingen?from=2024-10-01&to=2025-01-01", chart="changes", title="Wat is er veranderd")
    deck = Presentation(io.BytesIO(decks.deck(briefing.Briefing(title="Kwartaal", items=[item]), db.build_info())))
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert tables, "a table slide"
    cells = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    assert cells[0][:4] == ["Indicator", "Periode", "Oud", "Nieuw"]
    labour = [row for row in cells if row[0].startswith("Opsporingsonderzoeken arbeidsuitbuiting")]
    assert {(row[1], row[2], row[3]) for row in labour} >= {("2022", "15 (gemeld)", "28 (gecorrigeerd)"),
                                                           ("2023", "8 (gemeld)", "21 (gecorrigeerd)")}
