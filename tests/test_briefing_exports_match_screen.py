"""The deck, the PDF and the Excel appendix say what the screen says: one unit per axis, estimate ranges, values on
bars and points, targets, titles that never overprint the takeaway, a PDF chart printed at 300 dpi over the full text
width with one title and one source list, and an appendix in the briefing's language that a reader can filter.

The deck and workbook tests build purpose-made charts and need no browser; the PDF and a real briefing, which render
images (kaleido), are tests/render/test_briefing_exports_rendered.py."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import briefing, charts, db, decks
from tests.helpers import chart_labels, dark_number_spec, slides_of, spec_points


@pytest.fixture
def build(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    return db.build_info()


def two_units() -> charts.ChartSpec:
    """Registered victims (persons) and the sepot share (percent): what the deck once drew on one 0–1,800 axis."""
    return charts.ChartSpec(
        key="trends", title="Trend", unit="Personen / Procent", language="nl", kind="line",
        data=spec_points([("Slachtoffers", "persons", 2019, 1372.0, "1.372"),
                      ("Slachtoffers", "persons", 2022, 800.0, "800"),
                      ("Sepots", "percent", 2019, 40.0, "ruim 40%"), ("Sepots", "percent", 2022, 45.0, "45%")]),
        targets=pd.DataFrame({"series": ["Slachtoffers — Doel"], "base_series": ["Slachtoffers"], "x": [2024],
                              "y": [1000.0], "period": ["2024"], "text": ["1.000"], "indicator": ["victims"],
                              "breakdown": ["totaal"]}),
        sources=["CoMensha, 2023", "Nationaal Rapporteur, 2023"])


def chain() -> charts.ChartSpec:
    """A chain of one unit, each bar with its value and its share of the step before, as the screen writes it."""
    steps = ["Verdachten", "Naar het OM", "Veroordeeld"]
    return charts.ChartSpec(
        key="chain-2023", title="De strafrechtketen in 2023", unit="Verdachten", language="nl", kind="barh",
        categorical_x=True, x_order=steps, bar_values=True,
        data=pd.DataFrame({"series": ["2023"] * 3, "x": steps, "y": [300.0, 150.0, 60.0], "period": ["2023"] * 3,
                           "text": ["300", "150 (50% van de vorige stap)", "60 (40% van de vorige stap)"]}))


def _deck(monkeypatch, build, parts) -> object:
    from pptx import Presentation

    monkeypatch.setattr(decks, "slides", lambda _briefing: parts)
    return Presentation(io.BytesIO(decks.deck(briefing.Briefing(title="Test"), build)))


# --- The deck ---------------------------------------------------------------------------------------------------------

def test_two_units_are_two_native_charts_each_on_its_own_axis(monkeypatch, build) -> None:
    deck = _deck(monkeypatch, build, slides_of([two_units()]))
    charts_ = [shape.chart for shape in list(deck.slides)[1].shapes if shape.has_chart]
    assert len(charts_) == 2, "one native chart per unit"
    found = {}
    for chart in charts_:
        title = chart.value_axis.axis_title.text_frame.text
        assert "/" not in title, f"one unit per axis, not {title!r}"
        found[title] = {s.name for s in chart.plots[0].series}
    assert found == {"Personen": {"Slachtoffers", "Slachtoffers — Doel"}, "Procent": {"Sepots"}}
    percent = next(c for c in charts_ if c.value_axis.axis_title.text_frame.text == "Procent")
    assert percent.value_axis.tick_labels.number_format.endswith('"%"')


def test_three_units_go_in_as_the_picture_that_panels_them() -> None:
    spec = two_units()
    third = spec_points([("Verdachten", "suspects", 2019, 170.0, "170")])
    spec = charts.ChartSpec(**{**spec.__dict__, "data": pd.concat([spec.data, third], ignore_index=True)})
    assert decks.units_of(spec) == ["persons", "percent", "suspects"]
    assert decks.native_charts(spec) == [] and not decks.native(spec)
    assert len(decks.native_charts(two_units())) == 2


def test_chain_across_units_is_no_native_chart_on_one_axis() -> None:
    """Steps counted in persons and in cases (their units in the download) are never bars on one value axis."""
    mixed = chain()
    mixed.data = mixed.data.assign(indicator=["suspects_ind", "cases_ind", "cases_ind"])
    mixed.download = pd.DataFrame({"indicator": ["suspects_ind", "cases_ind"], "unit": ["suspects", "cases"]})
    assert decks.native_charts(mixed) == []


def test_estimate_range_and_its_text_are_in_the_native_chart(monkeypatch, build) -> None:
    deck = _deck(monkeypatch, build, slides_of([dark_number_spec()]))
    (chart,) = [shape.chart for shape in list(deck.slides)[1].shapes if shape.has_chart]
    xml = chart.part.blob.decode()
    bars = re.findall(r"<c:errBars>.*?</c:errBars>", xml, flags=re.DOTALL)
    assert len(bars) == 1, "the estimate's range as error bars"
    plus, minus = (re.findall(r"<c:v>([^<]+)</c:v>", part) for part in
                   re.findall(r"<c:(?:plus|minus)>(.*?)</c:(?:plus|minus)>", bars[0], flags=re.DOTALL))
    assert plus == ["2000", "2000"] and minus == ["1000", "1000"], "5.000 up to 7.000 and down to 4.000, both years"
    assert "ca. 5.000 (4.000–7.000)" in chart_labels(chart)
    assert {"668", "1.372"} <= set(chart_labels(chart)), "two short lines: every point carries its value"


def test_targets_are_drawn_and_labelled_with_their_value(monkeypatch, build) -> None:
    """On a line the target is named ('Doel: 1.000'); as an open bar in its year its legend names it, the bar its
    value."""
    bars = two_units()
    bars.kind, bars.data = "bar", bars.data[bars.data["unit"] == "persons"]
    deck = _deck(monkeypatch, build, slides_of([two_units(), bars]))
    line, column = ([shape.chart for shape in slide.shapes if shape.has_chart] for slide in list(deck.slides)[1:3])
    persons = next(c for c in line if c.value_axis.axis_title.text_frame.text == "Personen")
    target = next(s for s in persons.plots[0].series if s.name == "Slachtoffers — Doel")
    assert list(target.values) == [None] * 5 + [1000], "the target in its due year, 2024"
    assert "Doel: 1.000" in chart_labels(persons)
    assert "1.000" in chart_labels(column[0]) and [s.name for s in column[0].plots[0].series][-1] == "Slachtoffers — Doel"


def test_bars_carry_their_values_and_the_chain_its_percentages(monkeypatch, build) -> None:
    bars = charts.ChartSpec(key="b", title="Staven", unit="Verdachten", language="nl", kind="bar",
                            data=spec_points([("Verdachten", "suspects", 2015, 230.0, "230"),
                                          ("Verdachten", "suspects", 2016, 285.0, "285"),
                                          ("Verdachten", "suspects", 2019, 170.0, "170")]))
    deck = _deck(monkeypatch, build, slides_of([bars, chain()]))
    (columns,) = [shape.chart for shape in list(deck.slides)[1].shapes if shape.has_chart]
    assert sorted(chart_labels(columns)) == ["170", "230", "285"], "a value on every bar, none on the empty years"
    (barh,) = [shape.chart for shape in list(deck.slides)[2].shapes if shape.has_chart]
    assert chart_labels(barh) == ["300", "150 (50% van de vorige stap)", "60 (40% van de vorige stap)"]


def test_style_comes_from_the_chart_model_where_charts_has_one(monkeypatch, build) -> None:
    """The chart model decides each series' colour once (by its id, never its label): the deck takes it from there."""
    from types import SimpleNamespace

    from pptx import Presentation
    from pptx.util import Inches

    spec = dark_number_spec()
    model = SimpleNamespace(series=[SimpleNamespace(label="Gemeld", colour="#123456", dash="solid"),
                                    SimpleNamespace(label="Schatting (WODC)", colour="#654321", dash="dash")])
    monkeypatch.setattr(charts, "model", lambda _spec, *a, **k: model, raising=False)
    assert decks.series_styles(spec)["Gemeld"].colour == "#123456"
    prs = Presentation()
    chart = decks._native_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Inches(8), Inches(4)).chart
    colours = {s.name: str(s.format.line.color.rgb) for s in chart.plots[0].series}
    assert colours == {"Gemeld": "123456", "Schatting (WODC) (2018–2019)": "654321"}


def test_chain_categories_are_plain_text_and_a_step_without_a_figure_says_so() -> None:
    """The screen's funnel writes a step's share in italics under its name and 'geen cijfer' where a bar is missing."""
    from pptx import Presentation
    from pptx.util import Inches

    spec = chain()
    spec.x_order = spec.data["x"] = ["Verdachten", "Naar het OM<br><i>50% van de vorige stap</i>", "Dagvaardingen"]
    spec.data.loc[1, "text"] = "150"
    spec.data.loc[2, ["y", "text"]] = [None, "geen cijfer"]
    prs = Presentation()
    chart = decks._native_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Inches(8), Inches(4)).chart
    assert list(chart.plots[0].categories) == ["Verdachten", "Naar het OM", "Dagvaardingen — geen cijfer"]
    assert chart_labels(chart) == ["300", "150 · 50% van de vorige stap"], \
        "the share the screen sets under the step goes on its bar, with the value"


def test_a_two_line_title_pushes_the_takeaway_and_chart_down(monkeypatch, build) -> None:
    long_title = "Gemelde mogelijke slachtoffers en geseponeerde zaken in Nederland, 2011–2024, volgens CoMensha"
    takeaway = "Meer meldingen, minder sepots; de schattingen van het werkelijke aantal liggen vele malen hoger."
    assert decks.text_lines(long_title, 28, 12.133, bold=True) == 2
    deck = _deck(monkeypatch, build, slides_of([dark_number_spec()], [long_title], [takeaway]))
    shapes = list(list(deck.slides)[1].shapes)
    title = next(s for s in shapes if s.has_text_frame and s.text_frame.text == long_title)
    lesson = next(s for s in shapes if s.has_text_frame and s.text_frame.text == takeaway)
    chart = next(s for s in shapes if s.has_chart)
    assert title.height.inches >= 2 * 28 * 1.2 / 72, "the box holds both lines of the title"
    assert lesson.top >= title.top + title.height, "the takeaway starts below the title's box"
    assert chart.top >= lesson.top + lesson.height, "the chart starts below the takeaway"
    footer = next(s for s in shapes if s.has_text_frame and s.text_frame.text.startswith("Bron"))
    assert chart.top + chart.height <= footer.top and footer.top + footer.height <= deck.slide_height


def test_one_line_title_box_is_one_line_high(monkeypatch, build) -> None:
    deck = _deck(monkeypatch, build, slides_of([dark_number_spec()], ["Dark number"], ["Kort."]))
    title = next(s for s in list(deck.slides)[1].shapes if s.has_text_frame and s.text_frame.text == "Dark number")
    assert title.height.inches < 2 * 28 * 1.2 / 72


# --- The Excel appendix -----------------------------------------------------------------------------------------------

def _with_download(spec: charts.ChartSpec) -> charts.ChartSpec:
    """The chart's figures as a download carries them, with the counting basis the bases contract adds."""
    spec.download = pd.DataFrame({
        "indicator": ["victims", "victims", "estimate"], "name": ["Gemeld", "Gemeld", "Schatting (WODC)"],
        "unit": ["persons"] * 3, "period": ["2018", "2019", "2018–2019"], "period_kind": ["year", "year", "span"],
        "breakdown": ["totaal"] * 3, "value": [668.0, 1372.0, 5000.0], "qualifier": [None, None, "about"],
        "low": [None, None, 4000.0], "high": [None, None, 7000.0], "status": ["reported", "reported", "estimate"],
        "published": ["2019-10-18", "2021-10", "2021-06"], "vintage": [1, 1, 1], "vintages": [1, 1, 1],
        "source_reference": ["NR", "CoMensha", "WODC"], "source_title": ["a", "b", "c"], "source_url": ["", "", ""],
        "quote": ["q", "q", "q"], "basis": ["nr_monitor", "comensha_count", ""],
        "basis_label_nl": ["monitor Nationaal Rapporteur", "telling CoMensha", ""],
        "basis_label_en": ["National Rapporteur monitor", "CoMensha count", ""]})
    return spec


def _workbook(monkeypatch, build, language: str = "nl"):
    import openpyxl

    title = "Gemelde slachtoffers tegenover de schatting van het WODC, 2018–2019"
    parts = slides_of([_with_download(dark_number_spec()), two_units()], [title, title])
    monkeypatch.setattr(decks, "slides", lambda _briefing: parts)
    data = decks.workbook(briefing.Briefing(title="Test", language=language), build)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_appendix_sheets_are_frozen_filtered_and_sized(monkeypatch, build) -> None:
    book = _workbook(monkeypatch, build)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(w and w >= decks.MIN_WIDTH for w in widths), (sheet.title, widths)
    figures = book.worksheets[1]
    width = {cell.value: figures.column_dimensions[cell.column_letter].width for cell in figures[1]}
    assert width["Indicator"] > width["Eenheid"], "columns follow their contents"


def test_appendix_speaks_dutch_with_years_as_numbers_and_the_counting_basis(monkeypatch, build) -> None:
    book = _workbook(monkeypatch, build)
    figures = book.worksheets[1]
    headers = [cell.value for cell in figures[1]]
    assert not [h for h in headers if "_" in h], f"no snake_case: {headers}"
    assert {"Indicator", "Periode", "Waarde", "Ondergrens", "Bovengrens", "Status", "Telwijze"} <= set(headers)
    rows = [dict(zip(headers, (c.value for c in row))) for row in figures.iter_rows(min_row=2)]
    assert [r["Periode"] for r in rows] == [2018, 2019, "2018–2019"], "a year a number, a span text"
    assert [r["Telwijze"] for r in rows] == ["monitor Nationaal Rapporteur", "telling CoMensha", None]
    assert [r["Status"] for r in rows][2] == "schatting" and rows[2]["Aanduiding"] == "ongeveer"


def test_appendix_in_english_for_an_english_briefing(monkeypatch, build) -> None:
    book = _workbook(monkeypatch, build, "en")
    headers = [cell.value for cell in book.worksheets[1][1]]
    assert {"Period", "Value", "Counting basis"} <= set(headers) and "Periode" not in headers
    assert book.worksheets[0].title == "Contents"


def test_appendix_sheet_names_are_readable_and_unique(monkeypatch, build) -> None:
    names = [sheet.title for sheet in _workbook(monkeypatch, build).worksheets]
    assert names == ["Inhoud", "1 Gemelde slachtoffers", "2 Gemelde slachtoffers", "Doelen"]
    assert all(len(n) <= 31 for n in names) and len(set(names)) == len(names)


def test_appendix_holds_the_targets_the_charts_draw(monkeypatch, build) -> None:
    sheet = _workbook(monkeypatch, build)["Doelen"]
    headers = [cell.value for cell in sheet[1]]
    (row,) = [dict(zip(headers, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    assert row["Blad"] == "2 Gemelde slachtoffers" and row["Reeks"] == "Slachtoffers"
    assert row["Doeljaar"] == 2024 and row["Doelwaarde"] == 1000 and row["Zoals getoond"] == "1.000"


def test_appendix_columns_of_other_downloads_are_words_and_never_repeat() -> None:
    """The targets' and the changes' downloads: every header in Dutch, none twice, a missing year left empty."""
    targets = pd.DataFrame({"id": ["t1"], "indicator": ["x"], "indicator_name_nl": ["Verdachten"],
                            "indicator_name_en": ["Suspects"], "name_nl": ["Veiligheidsagenda: 240 in 2022"],
                            "name_en": ["Security Agenda: 240 in 2022"], "target_value": [240.0],
                            "direction": ["at_least"], "due": [2022], "status": ["missed"]})
    frame = decks.appendix_frame(targets, "nl")
    assert list(frame.columns) == ["Code", "Indicator-code", "Indicator", "Doel", "Doelwaarde", "Richting", "Doeljaar",
                                   "Status"]
    assert frame.loc[0, "Richting"] == "ten minste" and frame.loc[0, "Doeljaar"] == 2022
    changes = pd.DataFrame({"change": ["corrected"], "period": ["2022"], "year": pd.array([pd.NA], dtype="Int64"),
                            "old_value": [15.0], "new_value": [28.0], "old_status": ["reported"],
                            "difference_pct": [86.7]})
    frame = decks.appendix_frame(changes, "nl")
    assert list(frame.columns) == ["Soort wijziging", "Periode", "Jaar", "Waarde (oud)", "Waarde (nieuw)",
                                   "Status (oud)", "Verschil (%)"]
    assert frame.loc[0, "Periode"] == 2022 and frame.loc[0, "Jaar"] is None
    assert frame.loc[0, "Status (oud)"] == "gemeld"


def test_sheet_names_never_repeat_even_when_titles_do() -> None:
    parts = slides_of([dark_number_spec()] * 3, ["Doelen"] * 3)
    names = decks.sheet_names(parts, "nl")
    assert [names[1], names[2], names[3], names["targets"]] == ["1 Doelen", "2 Doelen", "3 Doelen", "Doelen"]
    parts = slides_of([dark_number_spec()] * 2, ["x" * 40, "x" * 40])
    assert len({decks.sheet_names(parts, "nl")[n] for n in (1, 2)}) == 2
