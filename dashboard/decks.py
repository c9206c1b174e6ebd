"""A briefing's exports: a PowerPoint deck, a PDF and an Excel appendix, byte-identical for the same briefing and
database (every timestamp inside them is the database build time, and each states that build)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import charts, export
from .alttext import describe
from .briefing import Briefing, Slide, all_sources, built_at, slides
from .charts import ChartSpec
from .db import Build
from .i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FOOTNOTE_ROOM, MIN_IMAGE_HEIGHT = 22, 90   # mm kept below a PDF chart for its first footnotes; the smallest chart


# --- PowerPoint ------------------------------------------------------------------------------------------------------

TABLE_ROWS = 12   # rows of a table slide: at 14 pt they fill the slide below the title


def _table_slides(prs, layout, part: Slide, text, stamp: str, language: str) -> None:
    """The chart's table (what changed: old → new per figure) as native PowerPoint tables, TABLE_ROWS rows a slide."""
    from pptx.util import Inches, Pt

    if part.spec.slide_table is None:
        return
    frame = part.spec.slide_table.astype(str).replace({"nan": "", "None": ""})
    pages = [frame.iloc[n:n + TABLE_ROWS] for n in range(0, len(frame), TABLE_ROWS)]
    for number, rows in enumerate(pages, start=1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        text(slide, 0.6, 0.35, 12.1, 0.7, [f"{part.title}{suffix}"], 28, bold=True)
        shape = slide.shapes.add_table(len(rows) + 1, len(rows.columns), Inches(0.6), Inches(1.3), Inches(12.1),
                                       Inches(0.4 * (len(rows) + 1)))
        table = shape.table
        for column, name in enumerate(rows.columns):
            table.cell(0, column).text = str(name)
            for row, value in enumerate(rows[name], start=1):
                table.cell(row, column).text = value
        for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(rows.columns))):
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(14)
        _set_alt_text(shape, t("brief.table_alt", language, title=part.title, rows=len(rows)))
        text(slide, 0.6, 6.9, 12.1, 0.4, [stamp], 10, colour="555555")
        slide.notes_slide.notes_text_frame.text = "\n".join(footnotes(part.spec, stamp))


def deck(briefing: Briefing, build: Build) -> bytes:
    """One slide per chart (title, takeaway, chart, sources and build), a closing slide with every source.

    Line and column charts are native PowerPoint charts (editable, their figures in the embedded workbook); the
    others are the exported picture. Every chart carries alt text from `alttext.describe`, and the slide's notes pane
    holds all of its sources and notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    def text(slide, left, top, width, height, lines, size, bold=False, colour=None):
        frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text, run.font.size, run.font.bold = line, Pt(size), bold
            if colour:
                from pptx.dml.color import RGBColor

                run.font.color.rgb = RGBColor.from_string(colour)
        return frame

    cover = prs.slides.add_slide(blank)
    text(cover, 0.8, 2.6, 11.7, 1.2, [briefing.title or t("brief.untitled", language)], 36, bold=True)
    text(cover, 0.8, 3.9, 11.7, 0.8, [t("brief.cover", language, n=len(parts)), stamp], 16, colour="555555")

    for part in parts:
        slide = prs.slides.add_slide(blank)
        text(slide, 0.6, 0.35, 12.1, 0.7, [part.title], 28, bold=True)
        if part.takeaway:
            text(slide, 0.6, 1.05, 12.1, 0.6, [part.takeaway], 18, colour="333333")
        if native(part.spec):
            shape = _native_chart(slide, part.spec, Inches(0.6), Inches(1.7), Inches(12.1), Inches(4.75))
        else:
            height = Inches(4.75)
            width = Emu(int(height * 16 / 9))
            shape = slide.shapes.add_picture(io.BytesIO(export.png(part.spec, build, "slide")),
                                             Emu(int((prs.slide_width - width) / 2)), Inches(1.7), width, height)
        _set_alt_text(shape, describe(part.spec))
        label = t("c.source" if len(part.spec.sources) == 1 else "c.sources", language)
        text(slide, 0.6, 6.5, 12.1, 0.9, [f"{label}: " + "; ".join(part.spec.sources), stamp], 10,
             colour="555555")
        slide.notes_slide.notes_text_frame.text = "\n".join(footnotes(part.spec, stamp))
        if part.spec.slide_table is not None and not part.spec.slide_table.empty:
            _table_slides(prs, blank, part, text, stamp, language)

    closing = prs.slides.add_slide(blank)
    text(closing, 0.6, 0.35, 12.1, 0.7, [t("c.sources", language)], 28, bold=True)
    text(closing, 0.6, 1.2, 12.1, 5.6, [f"• {s}" for s in all_sources(parts)] + ["", stamp], 12)

    when = built_at(build)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = briefing.title, t("app.title", language), t("app.title",
                                                                                                   language)
    props.subject, props.comments, props.revision = stamp, stamp, 1
    props.created = props.modified = props.last_printed = when
    buffer = io.BytesIO()
    prs.save(buffer)
    # each native chart embeds its data as a workbook, which xlsxwriter stamps with the time of saving
    return _fixed_zip(buffer.getvalue(), when, _EmbeddedWorkbooks(when))


def native(spec: ChartSpec) -> bool:
    """Whether the deck draws this chart as an editable PowerPoint chart: lines and columns over years or
    categories, and horizontal bars (the justice chain). Progress towards targets carries a reference line (100%)
    that a PowerPoint bar chart cannot hold: it goes in as the exported picture, and so do the rings on revised
    points of a comparison of vintages."""
    if spec.rings is not None and not spec.rings.empty:
        return False
    return not spec.data.empty and (spec.kind in ("line", "bar") or (spec.kind == "barh" and spec.reference is None))


def footnotes(spec: ChartSpec, stamp: str) -> list[str]:
    """Every source and note of a chart, and the build: the slide's notes pane and the PDF's footnote block."""
    language = spec.language
    lines = [t("c.source" if len(spec.sources) == 1 else "c.sources", language) + ":"]
    lines += [f"• {source}" for source in spec.sources]
    if spec.notes:
        lines += [t("c.notes", language) + ":"]
        lines += [f"[{note.number}] {note.text}" + (f" — {note.source}" if note.source else "")
                  for note in spec.notes]
    return lines + [stamp]


# --- Native PowerPoint charts ----------------------------------------------------------------------------------------

_DASHES = {"dash": "DASH", "dot": "ROUND_DOT", "dashdot": "DASH_DOT", "longdash": "LONG_DASH",
           "longdashdot": "LONG_DASH_DOT"}


@dataclass
class _Style:
    """How the dashboard draws one series: colour, dash, and the years it draws dashed (estimates), with open
    markers, or hatched (estimated bars)."""

    colour: str
    dash: str | None = None
    dashed: set = field(default_factory=set)
    hollow: set = field(default_factory=set)
    hatched: set = field(default_factory=set)


def _styles(spec: ChartSpec) -> dict[str, _Style]:
    """Each series' style read from the plotly figure, so the deck follows whatever charts.py decides. A series may
    be drawn as several traces of one legend group (a solid line and, over its estimates, a dashed one)."""
    out: dict[str, _Style] = {}
    for trace in charts.build(spec).data:
        key = trace.legendgroup or trace.name
        if key is None:
            continue
        xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
        drawn = [_category(x, spec) for x, y in zip(xs, ys) if y is not None and not pd.isna(y)]
        if trace.type == "bar":
            style = out.setdefault(key, _Style(str(trace.marker.color)))
            shapes = trace.marker.pattern.shape if trace.marker.pattern is not None else None
            if isinstance(shapes, (list, tuple)) and spec.kind == "bar":
                style.hatched |= {_category(x, spec) for x, shape in zip(xs, shapes) if shape}
            continue
        if key not in out:
            out[key] = _Style(str(trace.line.color or trace.marker.color), trace.line.dash)
        elif trace.line.dash in _DASHES and trace.line.dash != out[key].dash:
            out[key].dashed |= set(drawn)
            sizes = trace.marker.size
            if isinstance(sizes, (list, tuple)):
                out[key].hollow |= {_category(x, spec) for x, size in zip(xs, sizes) if size}
    return out


def _category(x, spec: ChartSpec):
    """A figure's x as the deck's category: a year as int, a category as itself."""
    return x if spec.categorical_x else int(float(x))


def _series_values(spec: ChartSpec) -> tuple[list, list[tuple[str, list, str]]]:
    """Categories (every year from first to last, or the categories in order) and the series as rows of values,
    one per category, None where there is no figure: PowerPoint leaves an empty cell as a gap, never a zero.
    Each series is (name, values, role) with role 'data', 'span' or 'target'."""
    frames = [spec.data[["series", "x", "y"]]]
    if spec.targets is not None and not spec.targets.empty:
        frames.append(spec.targets[["series", "x", "y"]])
    if spec.categorical_x:
        categories = list(spec.x_order or dict.fromkeys(pd.concat(frames)["x"]))
    else:
        years = [int(x) for frame in frames for x in frame["x"]]
        if spec.spans is not None and not spec.spans.empty:
            years += [int(x) for x in spec.spans["x0"]] + [int(x) for x in spec.spans["x1"]]
        categories = list(range(min(years), max(years) + 1))
    position = {c: n for n, c in enumerate(categories)}

    def row(points: pd.DataFrame) -> list:
        values: list = [None] * len(categories)
        for x, y in zip(points["x"], points["y"]):
            key = x if spec.categorical_x else int(x)
            if key in position and not pd.isna(y):
                values[position[key]] = float(y)
        return values

    out = [(name, row(points), "data") for name, points in spec.data.groupby("series", sort=False)]
    if spec.spans is not None and not spec.spans.empty and not spec.categorical_x:
        for span in spec.spans.itertuples():   # a figure about several years: the same value over those years
            values: list = [None] * len(categories)
            for year in range(int(span.x0), int(span.x1) + 1):
                values[position[year]] = float(span.y)
            estimate = getattr(span, "status", None) in getattr(charts, "ESTIMATED", ())
            out.append((f"{span.series} ({span.period})", values, ("span-estimate:" if estimate else "span:")
                        + span.series))
    if spec.targets is not None and not spec.targets.empty:
        out += [(name, row(points), "target") for name, points in spec.targets.groupby("series", sort=False)]
    return categories, out


def _number_format(spec: ChartSpec) -> str:
    decimals = re.search(r"\.(\d)f", spec.y_format)
    body = "#,##0" + ("." + "0" * int(decimals.group(1)) if decimals and int(decimals.group(1)) else "")
    return (f'"{spec.y_prefix}"' if spec.y_prefix else "") + body + (f'"{spec.y_suffix}"' if spec.y_suffix else "")


def _native_chart(slide, spec: ChartSpec, left, top, width, height):
    """An editable chart (data in its embedded workbook) styled like the dashboard: the same series colours, dashes
    where the figure is dashed, ticks and legend at 14 pt, the unit as the value axis title, gaps as gaps."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import (
        XL_AXIS_CROSSES,
        XL_CHART_TYPE,
        XL_LEGEND_POSITION,
        XL_MARKER_STYLE,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
    from pptx.util import Pt

    categories, series = _series_values(spec)
    styles = _styles(spec)
    data = CategoryChartData(number_format=_number_format(spec))
    data.categories = [re.sub(r"\s*<br\s*/?>\s*", " ", str(c)) for c in categories]
    for name, values, _ in series:
        data.add_series(name, values)
    kind = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "barh": XL_CHART_TYPE.BAR_CLUSTERED}[spec.kind]
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    chart = frame.chart
    chart.font.size, chart.font.name = Pt(14), "Arial"
    chart.has_title = False   # the slide title above names the chart

    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        chart.legend.font.size = Pt(14)

    values_axis, category_axis = chart.value_axis, chart.category_axis
    values_axis.tick_labels.font.size = category_axis.tick_labels.font.size = Pt(14)
    values_axis.tick_labels.number_format, values_axis.tick_labels.number_format_is_linked = _number_format(spec), False
    values_axis.has_major_gridlines = True
    values_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E5E5")
    values_axis.format.line.fill.background()
    lowest = min((v for _, values, _ in series for v in values if v is not None), default=0)
    if lowest >= 0:
        values_axis.minimum_scale = 0   # counts start at zero, as on screen
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    for axis, title in ((values_axis, spec.unit),
                        (category_axis, spec.x_title if spec.x_title is not None else t("c.year", spec.language))):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False

    if spec.kind in ("bar", "barh"):
        chart.plots[0].gap_width, chart.plots[0].overlap = 60, 0
    if spec.kind == "barh":   # the first category on top, as on screen, with the value axis still below
        category_axis.reverse_order = True
        category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM
    for plotted, (name, _, role) in zip(chart.plots[0].series, series):
        span = role.startswith("span")
        style = styles.get(role.split(":", 1)[1] if span else name) or _Style("#555555")
        rgb = RGBColor.from_string(_hex(style.colour))
        if spec.kind in ("bar", "barh"):
            if role == "target":   # a target as an open, dotted bar in its series' colour
                plotted.format.fill.background()
                plotted.format.line.color.rgb, plotted.format.line.width = rgb, Pt(2)
                plotted.format.line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT
                continue
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = rgb
            for n, category in enumerate(categories):   # an estimated bar is hatched, as on screen
                if category in style.hatched:
                    fill = plotted.points[n].format.fill
                    fill.patterned()
                    fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
                    fill.fore_color.rgb, fill.back_color.rgb = rgb, RGBColor(255, 255, 255)
            continue
        plotted.smooth = False
        width = Pt(4 if span else 1.5 if role == "target" else 2.25)
        line = plotted.format.line
        line.color.rgb, line.width = rgb, width
        dash = "dash" if role.startswith("span-estimate:") else None if span else style.dash
        if dash in _DASHES:
            line.dash_style = getattr(MSO_LINE_DASH_STYLE, _DASHES[dash])
        marker = plotted.marker
        marker.style = XL_MARKER_STYLE.X if role == "target" else XL_MARKER_STYLE.CIRCLE
        marker.size = 9 if role == "target" else 7
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = rgb
        marker.format.line.color.rgb = rgb
        if role != "data":
            continue
        for n, category in enumerate(categories):
            # PowerPoint styles the stretch of line that ends in a point with that point: dashed where the figure
            # dashes both ends (an estimate and its neighbours), the marker open on an estimate itself
            if n and category in style.dashed and categories[n - 1] in style.dashed:
                point_line = plotted.points[n].format.line
                point_line.color.rgb, point_line.width = rgb, width
                point_line.dash_style = MSO_LINE_DASH_STYLE.DASH
            if category in style.hollow:
                point_marker = plotted.points[n].marker
                point_marker.style, point_marker.size = XL_MARKER_STYLE.CIRCLE, 8
                point_marker.format.fill.solid()
                point_marker.format.fill.fore_color.rgb = RGBColor(255, 255, 255)
                point_marker.format.line.color.rgb = rgb
    return frame


def _hex(colour: object) -> str:
    """'#0072B2', '#07b', 'rgb(0, 114, 178)' or 'rgba(…)' as 'RRGGBB'; anything else (a list, a name) as grey."""
    text = str(colour).strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return text[1:].upper()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
        return "".join(c * 2 for c in text[1:]).upper()
    channels = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,[^)]*)?\)", text)
    if channels:
        return "".join(f"{min(int(c), 255):02X}" for c in channels.groups())
    return "555555"


def _set_alt_text(shape, text: str) -> None:
    """The shape's alt text (PowerPoint's 'Alt Text' pane): the descr attribute of its non-visual properties."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


class _EmbeddedWorkbooks(dict):
    """Rewrites for `_fixed_zip`: each chart's embedded workbook dated `when`, like the deck around it."""

    def __init__(self, when: dt.datetime):
        super().__init__()
        self.when = when

    def get(self, name, default=None):
        if name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
            return lambda data: _fixed_zip(data, self.when, _core_dated(self.when))
        return default


# --- PDF -------------------------------------------------------------------------------------------------------------

def pdf(briefing: Briefing, build: Build) -> bytes:
    """A4 landscape, a page per chart with the same content as the deck (the image carries the alt text, every
    source and note follows it and flows on to the next page when long), and a closing page with every source."""
    from fpdf import FPDF

    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    document = FPDF(orientation="L", unit="mm", format="A4")
    document.set_auto_page_break(True, margin=12)   # a long source list flows on to the next page
    document.set_creation_date(built_at(build).replace(tzinfo=dt.UTC))
    document.set_title(briefing.title or t("brief.untitled", language))
    document.set_author(t("app.title", language))
    document.set_subject(stamp)
    document.set_lang(language)
    family = _fonts(document)

    def write(text: str, size: float, style: str = "", colour: int = 0, height: float | None = None) -> None:
        document.set_font(family, style, size)
        document.set_text_color(colour)
        document.multi_cell(0, height or size * 0.5, _printable(text, family), align="L", new_x="LMARGIN",
                            new_y="NEXT")

    document.set_margins(15, 12, 15)
    document.add_page()
    document.set_y(80)
    write(briefing.title or t("brief.untitled", language), 28, "B", height=13)
    write(t("brief.cover", language, n=len(parts)), 13, colour=85)
    write(stamp, 11, colour=85)

    # Each chart flows down its page: title, takeaway, image, footnotes, each below the one before (get_y), so a
    # title over three lines pushes the image down instead of printing over it.
    usable = document.w - document.l_margin - document.r_margin
    for part in parts:
        document.add_page()
        write(part.title, 18, "B", height=9)
        if part.takeaway:
            write(part.takeaway, 12, colour=40, height=6)
        document.ln(2)
        room = document.h - document.b_margin - document.get_y() - FOOTNOTE_ROOM
        height = max(min(usable * 9 / 16, room, 236 * 9 / 16), MIN_IMAGE_HEIGHT)
        width = height * 16 / 9
        # y left to fpdf2: it breaks the page first when even the smallest image does not fit
        document.image(io.BytesIO(export.png(part.spec, build, "slide")), x=(document.w - width) / 2, w=width,
                       h=height, alt_text=describe(part.spec))
        document.ln(2)
        for line in footnotes(part.spec, stamp):
            write(line, 8, colour=85, height=3.8)

    document.add_page()
    write(t("c.sources", language), 18, "B", height=9)
    for source in all_sources(parts):
        write(f"• {source}", 10, height=5)
    write(stamp, 9, colour=85, height=6)
    return bytes(document.output())


def _fonts(document) -> str:
    """DejaVu Sans (covers Dutch accents, the en dash and the euro sign) when installed, else a core font."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        document.add_font("DejaVu", "", str(regular))
        document.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "helvetica"


def _printable(text: str, family: str) -> str:
    if family != "helvetica":
        return text
    return text.replace("–", "-").replace("—", "-").replace("€", "EUR").replace("•", "-").encode(
        "latin-1", "replace").decode("latin-1")


# --- Appendix workbook -----------------------------------------------------------------------------------------------

def workbook(briefing: Briefing, build: Build) -> bytes:
    """The figures behind every chart (raw numbers, source, publication date: the vintage), one sheet per chart, and
    a contents sheet naming each chart's view, all its sources and notes, its description (alt text) and the build."""
    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    contents = pd.DataFrame({
        t("brief.col_number", language): [p.number for p in parts],
        t("brief.col_sheet", language): [_sheet_name(p) for p in parts],
        t("col.title", language): [p.title for p in parts],
        t("brief.takeaway", language): [p.takeaway for p in parts],
        t("brief.col_chart", language): [p.spec.title for p in parts],
        t("brief.view", language): [p.view for p in parts],
        t("c.sources", language): ["\n".join(p.spec.sources) for p in parts],
        t("c.notes", language): ["\n".join(f"[{n.number}] {n.text}" + (f" — {n.source}" if n.source else "")
                                            for n in p.spec.notes) for p in parts],
        t("alt.label", language): [describe(p.spec) for p in parts],
        t("brief.col_build", language): stamp,
    })
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        contents.to_excel(writer, index=False, sheet_name=t("brief.contents", language))
        for part in parts:
            frame = part.spec.download if part.spec.download is not None else part.spec.data
            _excel_ready(frame).to_excel(writer, index=False, sheet_name=_sheet_name(part))
        props = writer.book.properties
        props.title, props.creator, props.lastModifiedBy = briefing.title, t("app.title", language), None
        props.subject = props.description = stamp
        props.created = props.modified = built_at(build)
    # openpyxl stamps `modified` with the time of saving, whatever it was set to: put the build time back
    return _fixed_zip(buffer.getvalue(), built_at(build), _core_dated(built_at(build)))


def _core_dated(when: dt.datetime) -> dict:
    """A `_fixed_zip` rewrite setting a workbook's created and modified dates to `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)",
        rb"\g<1>" + stamp + rb"\g<2>", xml)}


def _sheet_name(part: Slide) -> str:
    return re.sub(r"[\[\]:*?/\\']", "", f"{part.number} {part.spec.key}")[:31]


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel holds no time-zone-aware datetimes or lists."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _fixed_zip(data: bytes, when: dt.datetime, rewrite: dict | None = None) -> bytes:
    """The same archive with every entry dated `when` (zip writers stamp entries with the current time), and the
    entries named in `rewrite` passed through their function."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            content = source.read(info.filename)
            change = (rewrite if rewrite is not None else {}).get(info.filename, lambda x: x)
            target.writestr(entry, change(content))
    return buffer.getvalue()
