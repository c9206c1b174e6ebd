"""A briefing's exports: a PowerPoint deck, a PDF and an Excel appendix, byte-identical for the same briefing and
database (every timestamp inside them is the database build time, and each states that build)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import charts, export, tables
from .alttext import describe
from .briefing import Briefing, Slide, all_sources, built_at, slides
from .charts import ChartSpec
from .db import Build
from .i18n import t, value_label

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


# --- PowerPoint ------------------------------------------------------------------------------------------------------

TABLE_ROWS = 12      # rows of a table slide: at 14 pt they fill the slide below the title
MAX_PANELS = 2       # native charts side by side on one slide (one per unit); more units: the picture
LABEL_SIZE = 12      # pt, the values written on bars and points
SLIDE_W, SLIDE_H, MARGIN = 13.333, 7.5, 0.6   # inches


def text_lines(text: str, size: float, width: float, bold: bool = False) -> int:
    """Lines `text` takes at `size` pt in a text box `width` inches wide, measured with DejaVu Sans (wider than the
    Arial/Liberation Sans the deck names, so a box sized by it never runs short)."""
    from PIL import ImageFont

    room = (width - 0.2) * 720   # a text box keeps 0.1 in each side; measured at 720 px per inch (1 pt = 10 px)
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        font = ImageFont.truetype(str(path), size=round(size * 10))

        def length(part: str) -> float:
            return float(font.getlength(part))
    else:   # no font file: a generous average character width
        def length(part: str) -> float:
            return len(part) * size * 10 * (0.66 if bold else 0.6)
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        lines += 1
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and length(candidate) > room:
                lines += 1
                line = word
            else:
                line = candidate
    return max(lines, 1)


def text_height(text: str, size: float, width: float, bold: bool = False) -> float:
    """Inches a text box needs for `text`: its lines at 1.2 line spacing and the box's 0.05 in above and below."""
    return text_lines(text, size, width, bold) * size * 1.2 / 72 + 0.1


def _text_box(slide, left, top, width, lines, size, bold=False, colour=None, height=None):
    """A text box sized to its text (Arial; its height measured, never guessed); returns the shape."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    height = height or text_height("\n".join(lines), size, width, bold)
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text, run.font.size, run.font.bold, run.font.name = line, Pt(size), bold, "Arial"
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    return shape


def _heading(slide, title: str, takeaway: str = "") -> float:
    """Title and takeaway, each box as tall as its text, the takeaway below the title; returns the inches below
    them where the content may start. A title over more than two lines at 28 pt is set at 24 pt."""
    width = SLIDE_W - 2 * MARGIN
    size = 28 if text_lines(title, 28, width, bold=True) <= 2 else 24
    box = _text_box(slide, MARGIN, 0.3, width, [title], size, bold=True)
    bottom = 0.3 + box.height.inches
    if takeaway:
        box = _text_box(slide, MARGIN, bottom + 0.05, width, [takeaway], 18, colour="333333")
        bottom += 0.05 + box.height.inches
    return bottom + 0.1


def _footer(slide, lines: list[str]) -> float:
    """The source line and build at the foot of the slide, as tall as they need; returns where they start."""
    width = SLIDE_W - 2 * MARGIN
    height = text_height("\n".join(lines), 10, width)
    top = SLIDE_H - 0.15 - height
    _text_box(slide, MARGIN, top, width, lines, 10, colour="555555", height=height)
    return top


def _table_slides(prs, layout, part: Slide, stamp: str, language: str) -> None:
    """The chart's table (what changed: old → new per figure) as native PowerPoint tables, TABLE_ROWS rows a slide."""
    from pptx.util import Inches, Pt

    table_rows = part.spec.slide_table if part.spec.slide_table is not None else pd.DataFrame()
    frame = table_rows.astype(str).replace({"nan": "", "None": ""})
    pages = [frame.iloc[n:n + TABLE_ROWS] for n in range(0, len(frame), TABLE_ROWS)]
    for number, rows in enumerate(pages, start=1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        top = _heading(slide, f"{part.title}{suffix}")
        shape = slide.shapes.add_table(len(rows) + 1, len(rows.columns), Inches(MARGIN), Inches(top),
                                       Inches(SLIDE_W - 2 * MARGIN), Inches(0.4 * (len(rows) + 1)))
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
        _footer(slide, [stamp])
        slide.notes_slide.notes_text_frame.text = "\n".join(footnotes(part.spec, stamp))


def deck(briefing: Briefing, build: Build) -> bytes:
    """One slide per chart (title, takeaway, chart, sources and build), a closing slide with every source.

    A chart whose series share one unit is a native PowerPoint chart (editable, its figures in the embedded
    workbook); series of two units are two native charts side by side, each with its own axis; more units, and
    charts a PowerPoint chart cannot draw, are the exported picture. Native charts carry the values on their bars
    and points as the screen writes them, estimate ranges as error bars and targets with their due year. Every chart
    carries alt text from `alttext.describe`, and the slide's notes pane holds all of its sources and notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    width = SLIDE_W - 2 * MARGIN

    cover = prs.slides.add_slide(blank)
    box = _text_box(cover, 0.8, 2.6, 11.7, [briefing.title or t("brief.untitled", language)], 36, bold=True)
    _text_box(cover, 0.8, 2.7 + box.height.inches, 11.7, [t("brief.cover", language, n=len(parts)), stamp], 16,
              colour="555555")

    for part in parts:
        slide = prs.slides.add_slide(blank)
        top = _heading(slide, part.title, part.takeaway)
        label = t("c.source" if len(part.spec.sources) == 1 else "c.sources", language)
        bottom = _footer(slide, [f"{label}: " + "; ".join(part.spec.sources), stamp]) - 0.1
        height = max(bottom - top, 2.0)
        panels = native_charts(part.spec)
        if panels:
            gap = 0.3
            each = (width - gap * (len(panels) - 1)) / len(panels)
            for n, panel in enumerate(panels):
                shape = _native_chart(slide, panel, Inches(MARGIN + n * (each + gap)), Inches(top), Inches(each),
                                      Inches(height), styles=series_styles(part.spec))
                _set_alt_text(shape, describe(panel))
        else:
            picture_w = min(width, height * 16 / 9)
            shape = slide.shapes.add_picture(io.BytesIO(export.png(part.spec, build, "slide")),
                                             Emu(int(Inches((SLIDE_W - picture_w) / 2))), Inches(top),
                                             Inches(picture_w), Inches(picture_w * 9 / 16))
            _set_alt_text(shape, describe(part.spec))
        slide.notes_slide.notes_text_frame.text = "\n".join(footnotes(part.spec, stamp))
        if part.spec.slide_table is not None and not part.spec.slide_table.empty:
            _table_slides(prs, blank, part, stamp, language)

    closing = prs.slides.add_slide(blank)
    top = _heading(closing, t("c.sources", language))
    _text_box(closing, MARGIN, top, width, [f"• {s}" for s in all_sources(parts)] + ["", stamp], 12)

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
    """Whether the deck draws this chart as editable PowerPoint chart(s) rather than the picture."""
    return bool(native_charts(spec))


def native_charts(spec: ChartSpec) -> list[ChartSpec]:
    """The native charts that draw `spec`: the spec itself when its series share one unit, one spec per unit for
    two units (each with its own axis), none (the picture) for more units or for what a PowerPoint chart cannot
    hold: progress towards targets carries a reference line (100%), a comparison of vintages rings revised points,
    and horizontal bars of several units (the justice chain across organisations) have no one axis to share."""
    if spec.rings is not None and not spec.rings.empty:
        return []
    if spec.data.empty or spec.kind not in ("line", "bar", "barh"):
        return []
    if spec.kind == "barh" and spec.reference is not None:
        return []
    panels = by_unit(spec)
    if len(panels) > MAX_PANELS or (spec.kind == "barh" and len(panels) > 1):
        return []
    return panels


def _row_units(spec: ChartSpec, frame: pd.DataFrame | None) -> pd.Series | None:
    """The unit of each row of one of the spec's frames: its own `unit` column, else its indicator's unit as the
    download names it, else (targets) the unit of the series it belongs to; None when nothing says."""
    if frame is None or frame.empty:
        return None
    if "unit" in frame:
        return frame["unit"]
    known = spec.download if spec.download is not None else pd.DataFrame()
    if "indicator" in frame and {"indicator", "unit"} <= set(known.columns):
        return frame["indicator"].map(dict(zip(known["indicator"], known["unit"])))
    if "base_series" in frame and "unit" in spec.data:
        return frame["base_series"].map(dict(zip(spec.data["series"], spec.data["unit"])))
    return None


def units_of(spec: ChartSpec) -> list[str]:
    """Every unit the chart's points, spans and targets are in, in order of appearance."""
    units: list[str] = []
    for frame in (spec.data, spec.spans, spec.targets):
        found = _row_units(spec, frame)
        if found is not None:
            units += [u for u in dict.fromkeys(found.dropna().astype(str)) if u not in units]
    return units


def by_unit(spec: ChartSpec) -> list[ChartSpec]:
    """The spec as one spec per unit (each with that unit's axis title and number format); itself for one unit."""
    units = units_of(spec)
    if len(units) <= 1:
        return [spec]
    out = []
    for unit in units:
        def keep(frame: pd.DataFrame | None, unit: str = unit) -> pd.DataFrame | None:
            found = _row_units(spec, frame)
            return frame if found is None or frame is None else frame[(found.astype(str) == unit).to_numpy()]

        axis, title = charts.unit_axis(unit, spec.language), charts.unit_title(unit, spec.language)
        out.append(dataclasses.replace(spec, data=keep(spec.data), spans=keep(spec.spans), targets=keep(spec.targets),
                                       unit=title, y_title=title, y_format=axis.get("y_format", ",.0f"),
                                       y_suffix=axis.get("y_suffix", ""), y_prefix=axis.get("y_prefix", "")))
    return [part for part in out if not part.data.empty or (part.spans is not None and not part.spans.empty)]


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
    """How the dashboard draws one series: colour, dash, and the categories it draws dashed (estimates and the
    stretches into them), with open markers, or hatched (estimated bars)."""

    colour: str
    dash: str | None = None
    dashed: set = field(default_factory=set)
    hollow: set = field(default_factory=set)
    hatched: set = field(default_factory=set)


def series_styles(spec: ChartSpec) -> dict[str, _Style]:
    """Every series' style, from `series_style`."""
    names = list(dict.fromkeys(s for f in (spec.data, spec.spans, spec.targets) if f is not None and not f.empty
                               for s in f["series"]))
    colours, decided = charts._colours(spec), _model_styles(spec)
    return {name: series_style(spec, name, colours, decided.get(name)) for name in names}


def _model_styles(spec: ChartSpec) -> dict[str, tuple[str, str]]:
    """Each series' colour and dash as the chart model decides them once per series (`charts.model`, keyed on the
    series' indicator, breakdown and counting basis), by the series' name; empty while charts.py has no model."""
    make = getattr(charts, "model", None)
    if make is None:
        return {}
    return {str(s.label): (s.colour, s.dash) for s in make(spec).series}


def series_style(spec: ChartSpec, series: str, colours: dict[str, str] | None = None,
                 decided: tuple[str, str] | None = None) -> _Style:
    """One series' style: its colour and dash as the chart model decided them (`decided`), else by the rules
    charts.py draws with (its colour from the series' identity, dotted when it is an older version); which of its
    points are estimates (dashed with open markers, or hatched) from their status, as charts.py marks them. Never
    read back from a plotly figure."""
    if decided is not None:
        colour, dash = decided[0], None if decided[1] == "solid" else decided[1]
    else:
        colour = (colours if colours is not None else charts._colours(spec)).get(series, "#555555")
        dash = "dot" if series in spec.dotted else None
    style = _Style(colour, dash)
    points = spec.data[spec.data["series"] == series] if not spec.data.empty else spec.data
    if points.empty or "status" not in points:
        return style
    estimated = {_category(x, spec) for x, status in zip(points["x"], points["status"]) if status in charts.ESTIMATED}
    if spec.kind == "bar":
        style.hatched = estimated
    elif spec.kind == "line" and estimated and series not in spec.dotted:
        drawn = sorted(_category(x, spec) for x, y in zip(points["x"], points["y"]) if pd.notna(y))
        style.hollow = estimated
        if spec.categorical_x:
            style.dashed = estimated
        else:   # a dashed stretch runs into and out of an estimate from its neighbours in adjacent years
            style.dashed = {x for x in drawn if x in estimated or x - 1 in estimated or x + 1 in estimated}
    return style


def _category(x, spec: ChartSpec):
    """A figure's x as the deck's category: a year as int, a category as itself."""
    return x if spec.categorical_x else int(float(x))


@dataclass
class _Series:
    """One series of a native chart: its name, a value per category (None: no figure, a gap), what it is
    ('data', 'span', 'span-estimate' or 'target'), the series whose style it takes, the text to write on each
    value (as the screen writes it) and the range of each value (low, high) where one is published."""

    name: str
    values: list
    role: str
    style_of: str
    labels: list = field(default_factory=list)
    ranges: list = field(default_factory=list)


def _series_values(spec: ChartSpec) -> tuple[list, list[tuple[str, list, str]]]:
    """Categories and (name, values, role) per series: the shape older callers read."""
    categories, series = _native_series(spec)
    return categories, [(s.name, s.values, s.role if s.role in ("data", "target") else f"{s.role}:{s.style_of}")
                        for s in series]


def _native_series(spec: ChartSpec) -> tuple[list, list[_Series]]:
    """Categories (every year from first to last, or the categories in order) and the series, one value per
    category, None where there is no figure: PowerPoint leaves an empty cell as a gap, never a zero."""
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

    def one(name: str, points: pd.DataFrame, role: str, label=None) -> _Series:
        values: list = [None] * len(categories)
        labels: list = [None] * len(categories)
        ranges: list = [None] * len(categories)
        for row in points.itertuples(index=False):
            key = row.x if spec.categorical_x else int(row.x)
            if key not in position or pd.isna(row.y):
                continue
            n = position[key]
            values[n] = float(row.y)
            text = getattr(row, "text", None)
            labels[n] = label(key, text) if label else (str(text) if text is not None and pd.notna(text) else None)
            low, high = getattr(row, "y_low", None), getattr(row, "y_high", None)
            if low is not None and high is not None and pd.notna(low) and pd.notna(high):
                ranges[n] = (float(low), float(high))
        return _Series(name, values, role, name, labels, ranges)

    out = [one(name, points, "data") for name, points in spec.data.groupby("series", sort=False)]
    if spec.spans is not None and not spec.spans.empty and not spec.categorical_x:
        for span in spec.spans.itertuples():   # a figure about several years: the same value over those years
            covered = range(int(span.x0), int(span.x1) + 1)
            values: list = [float(span.y) if c in covered else None for c in categories]
            labels: list = [str(span.text) if c == int(span.x0) else None for c in categories]   # once, at its start
            low, high = getattr(span, "low", None), getattr(span, "high", None)
            ranged = low is not None and high is not None and pd.notna(low) and pd.notna(high)
            ranges: list = [(float(low), float(high)) if ranged and c in covered else None  # type: ignore[arg-type]
                            for c in categories]
            estimate = getattr(span, "status", None) in charts.ESTIMATED
            name = span.series if f"({span.period})" in str(span.series) else f"{span.series} ({span.period})"
            out.append(_Series(name, values, "span-estimate" if estimate else "span", span.series, labels, ranges))
    if spec.targets is not None and not spec.targets.empty:
        # a target bar stands in its year and says so in the legend: its value will do; a target on a line is named
        target = t("c.target", spec.language)
        out += [one(name, points, "target", (lambda year, text: str(text)) if spec.kind != "line"
                    else (lambda year, text: f"{target}: {text}"))
                for name, points in spec.targets.groupby("series", sort=False)]
    return categories, out


def _number_format(spec: ChartSpec) -> str:
    decimals = re.search(r"\.(\d)f", spec.y_format)
    body = "#,##0" + ("." + "0" * int(decimals.group(1)) if decimals and int(decimals.group(1)) else "")
    return (f'"{spec.y_prefix}"' if spec.y_prefix else "") + body + (f'"{spec.y_suffix}"' if spec.y_suffix else "")


def _labelled(spec: ChartSpec, series: list[_Series], categories: list) -> dict[str, set[int]]:
    """Which values carry their text: every bar, spans and targets always; on lines every point when there are few
    (two series, twelve years), else the last point of each line (an end label)."""
    out: dict[str, set[int]] = {}
    data = [s for s in series if s.role == "data"]
    every = spec.kind in ("bar", "barh") or (len(data) <= 2 and len(categories) <= 12)
    for s in series:
        have = [n for n, v in enumerate(s.values) if v is not None and s.labels and s.labels[n]]
        if s.role != "data" or every:
            out[s.name] = set(have)
        else:
            out[s.name] = set(have[-1:])
    return out


def _native_chart(slide, spec: ChartSpec, left, top, width, height, styles: dict[str, _Style] | None = None):
    """An editable chart (data in its embedded workbook) drawn as the screen draws it: the same series colours,
    dashes where the figure is dashed, the values as the screen writes them on bars and points, estimate ranges as
    error bars, targets with their due year; ticks and legend at 14 pt, the unit as the value axis title, gaps as
    gaps. `styles`: the series' styles when `spec` is one unit's part of a larger chart."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import (
        XL_AXIS_CROSSES,
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_MARKER_STYLE,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
    from pptx.util import Pt

    categories, series = _native_series(spec)
    styles = styles if styles is not None else series_styles(spec)
    data = CategoryChartData(number_format=_number_format(spec))
    data.categories = [_category_label(c, spec) for c in categories]
    for one in series:
        data.add_series(one.name, one.values)
    kind = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "barh": XL_CHART_TYPE.BAR_CLUSTERED}[spec.kind]
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    chart = frame.chart
    chart.font.size, chart.font.name = Pt(14), "Arial"
    chart.has_title = False   # the slide title above names the chart

    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        chart.legend.font.size = Pt(14 if len(series) <= 3 else 12)   # a long legend leaves the plot its height
        _one_legend_entry_per_series(chart, series)

    values_axis, category_axis = chart.value_axis, chart.category_axis
    values_axis.tick_labels.font.size = category_axis.tick_labels.font.size = Pt(14)
    values_axis.tick_labels.number_format, values_axis.tick_labels.number_format_is_linked = _number_format(spec), False
    values_axis.has_major_gridlines = True
    values_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E5E5")
    values_axis.format.line.fill.background()
    lowest = min((v for one in series for v in one.values if v is not None), default=0)
    lowest = min([lowest] + [r[0] for one in series for r in one.ranges if r is not None])
    if lowest >= 0:
        values_axis.minimum_scale = 0   # counts start at zero, as on screen
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    for axis, title in ((values_axis, _value_title(spec)),
                        (category_axis, spec.x_title)):   # years need no axis title, as on screen
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
    labelled = _labelled(spec, series, categories)
    for plotted, one in zip(chart.plots[0].series, series):
        span = one.role.startswith("span")
        style = styles.get(one.style_of) or _Style("#555555")
        rgb = RGBColor.from_string(_hex(style.colour))
        for n in sorted(labelled.get(one.name, ())):   # the value as the screen writes it ("ca. 5.000 (4.000–7.000)")
            label = plotted.points[n].data_label
            label.has_text_frame = True
            aside = _aside(categories[n]) if one.role == "data" else ""
            label.text_frame.text = f"{one.labels[n]} · {aside}" if aside else one.labels[n]
            label.text_frame.word_wrap = False   # one line beside its bar, however long the step's name
            label.text_frame.paragraphs[0].runs[0].font.size = Pt(LABEL_SIZE)
            label.text_frame.paragraphs[0].runs[0].font.color.rgb = rgb if one.role != "data" else RGBColor(34, 34, 34)
            label.position = (XL_LABEL_POSITION.OUTSIDE_END if spec.kind in ("bar", "barh")
                              else XL_LABEL_POSITION.BELOW if one.role == "target" else XL_LABEL_POSITION.ABOVE)
        if any(r is not None for r in one.ranges):
            _error_bars(plotted, one.values, one.ranges, _hex(style.colour))
        if spec.kind in ("bar", "barh"):
            if one.role == "target":   # a target as an open, dotted bar in its series' colour
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
        width = Pt(4 if span else 1.5 if one.role == "target" else 2.25)
        line = plotted.format.line
        line.color.rgb, line.width = rgb, width
        dash = {"span-estimate": "dash", "span": None, "target": "dot"}.get(one.role, style.dash)
        if dash in _DASHES:
            line.dash_style = getattr(MSO_LINE_DASH_STYLE, _DASHES[dash])
        marker = plotted.marker
        marker.style = XL_MARKER_STYLE.X if one.role == "target" else XL_MARKER_STYLE.CIRCLE
        marker.size = 9 if one.role == "target" else 7
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = rgb
        marker.format.line.color.rgb = rgb
        if one.role != "data":
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


def _one_legend_entry_per_series(chart, series: list[_Series]) -> None:
    """A series drawn as several spans (an estimate for 2010, 2012 and 2018–2019) is one legend entry, as on screen:
    the legend entries of its later spans are deleted (each span keeps its period in its label)."""
    from lxml import etree
    from pptx.oxml.ns import qn

    seen: set[str] = set()
    position = chart.legend._element.find(qn("c:legendPos"))
    for n, one in enumerate(series):
        if one.role.startswith("span") and one.style_of in seen:
            entry = etree.SubElement(chart.legend._element, qn("c:legendEntry"))
            etree.SubElement(entry, qn("c:idx")).set("val", str(n))
            etree.SubElement(entry, qn("c:delete")).set("val", "1")
            position.addnext(entry)
            position = entry
        seen.add(one.style_of)


def _category_label(category, spec: ChartSpec) -> str:
    """A category as the screen labels it, in plain text with its line breaks; what the screen sets in italics under
    it (a step's share of the step before) goes on the bar with its value instead (`_aside`). On horizontal bars a step
    without a value says why ('geen cijfer'), as its bar does on screen."""
    text = re.sub(r"\s*<br\s*/?>\s*<i>.*?</i>", "", str(category))
    text = re.sub(r"<[^>]+>", "", re.sub(r"\s*<br\s*/?>\s*", "\n", text)).strip()
    if spec.kind == "barh" and "text" in spec.data:
        rows = spec.data[(spec.data["x"] == category) & spec.data["y"].isna()]
        said = [str(v) for v in rows["text"].dropna() if str(v).strip(" –-")]
        if said and len(rows) == len(spec.data[spec.data["x"] == category]):
            text += f" — {said[0]}"
    return text


def _aside(category) -> str:
    """What the screen writes in italics under a category (the chain: '49,2% van <the step before>'), as plain text."""
    return " ".join(re.sub(r"<[^>]+>", "", part).strip() for part in re.findall(r"<i>(.*?)</i>", str(category)))


def _value_title(spec: ChartSpec) -> str:
    """The value axis' title: the unit of its one unit, never a list of units."""
    if spec.y_title is not None:
        return spec.y_title
    units = units_of(spec)
    return charts.unit_title(units[0], spec.language) if len(units) == 1 else spec.unit.split(" · ")[0]


def _error_bars(plotted, values: list, ranges: list, colour: str) -> None:
    """Each value's published range (low–high) as a custom error bar on the series: PowerPoint has no band, and
    python-pptx no API for error bars, so the element is written as DrawingML defines it (before c:cat)."""
    from lxml import etree
    from pptx.oxml.ns import qn

    def literal(side: int) -> str:
        points = "".join(f'<c:pt idx="{n}"><c:v>{abs(r[side] - v):g}</c:v></c:pt>'
                         for n, (v, r) in enumerate(zip(values, ranges)) if r is not None and v is not None)
        return (f"<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"{len(values)}\"/>{points}"
                "</c:numLit>")

    xml = (f'<c:errBars xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
           f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           f'<c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>'
           f"<c:plus>{literal(1)}</c:plus><c:minus>{literal(0)}</c:minus>"
           f'<c:spPr><a:ln w="19050"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></c:spPr>'
           "</c:errBars>")
    ser = plotted._element
    ser.find(qn("c:cat")).addprevious(etree.fromstring(xml))


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

PDF_MIN_CHART = 120     # mm: the smallest chart (a legend of seven two-line entries beside it still fits)
PDF_MAX_SHARE = 0.62    # the chart's largest height as a share of its width
PDF_FOOTNOTE_ROOM = 18                      # mm kept below the chart for the first footnotes


def pdf(briefing: Briefing, build: Build) -> bytes:
    """A4 landscape, per chart: its title and takeaway as text, the chart printed at the full text width (rendered
    for that area at 300 dpi, its text at print size), then every source and note once, and the table of changes the
    deck shows; long lists flow on to the next page. A closing page lists every source."""
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

    # Each chart flows down its page: title, takeaway, chart, footnotes, each below the one before (get_y), so a
    # title over three lines makes the chart shorter (never narrower) instead of printing over it.
    usable = document.w - document.l_margin - document.r_margin
    for part in parts:
        document.add_page()
        document.start_section(_printable(part.title, family))   # the PDF's outline: one entry per chart
        write(part.title, 18, "B", height=8.5)
        if part.takeaway:
            write(part.takeaway, 12, colour=40, height=6)
        document.ln(2)
        notes = _pdf_footnotes(part.spec, stamp)
        room = document.h - document.b_margin - document.get_y()
        # the footnotes stay on the chart's page while the chart keeps its minimum: at 9 pt, else at 8 pt
        for size, leading in ((9, 4.3), (8, 3.7)):
            document.set_font(family, "", size)
            lines = sum(len(document.multi_cell(usable, leading, _printable(line, family), dry_run=True,  # type: ignore
                                                output="LINES")) for line in notes)
            below = (lines + 1) * leading + 2   # the footnotes, a line to spare, and the space before them
            if room - below >= PDF_MIN_CHART:
                break
        height = max(min(room - below, usable * PDF_MAX_SHARE), min(PDF_MIN_CHART, room - PDF_FOOTNOTE_ROOM))
        if document.get_y() + height > document.h - document.b_margin:
            document.add_page()
        document.image(io.BytesIO(export.print_png(part.spec, build, usable, height)), x=document.l_margin,
                       w=usable, h=height, alt_text=describe(part.spec))
        document.ln(2)
        for line in notes:
            write(line, size, colour=70, height=leading)
        if part.spec.slide_table is not None and not part.spec.slide_table.empty:
            if document.get_y() > document.h - document.b_margin - 40:   # its heading and first rows together
                document.add_page()
            document.ln(3)
            write(part.title, 14, "B", height=7)   # the table's own heading, as the deck's table slides have
            _pdf_table(document, part.spec.slide_table, family)

    document.add_page()
    document.start_section(_printable(t("c.sources", language), family))
    write(t("c.sources", language), 18, "B", height=9)
    for source in all_sources(parts):
        write(f"• {source}", 10, height=5)
    write(stamp, 9, colour=85, height=6)
    return bytes(document.output())


def _pdf_footnotes(spec: ChartSpec, stamp: str) -> list[str]:
    """The chart's one source list (as a paragraph: on paper a list of a dozen sources would push the chart off its
    page), each note, and the build."""
    label = t("c.source" if len(spec.sources) == 1 else "c.sources", spec.language)
    lines = [f"{label}: " + "; ".join(spec.sources)] if spec.sources else []
    if spec.notes:
        lines += [t("c.notes", spec.language) + ":"]
        lines += [f"[{note.number}] {note.text}" + (f" — {note.source}" if note.source else "")
                  for note in spec.notes]
    return lines + [stamp]


def _pdf_table(document, frame: pd.DataFrame, family: str) -> None:
    """A table (the changes a 'what changed' chart lists) as the deck shows it, its header repeated on each page."""
    frame = frame.astype(str).replace({"nan": "", "None": "", "<NA>": ""})
    document.set_font(family, "", 9)
    document.set_text_color(0)
    with document.table(text_align="LEFT", line_height=4.5, repeat_headings=1,
                        headings_style=_heading_style(family)) as table:
        table.row([_printable(str(c), family) for c in frame.columns])
        for values in frame.itertuples(index=False):
            table.row([_printable(str(v), family) for v in values])


def _heading_style(family: str):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(235, 235, 235))


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

# raw column -> label key, beyond the figure columns tables.DOWNLOAD_HEADERS names; `x` is the year (or category)
APPENDIX_HEADERS = {
    **tables.DOWNLOAD_HEADERS, "series": "xl.series", "x": "c.year", "y": "col.value", "y_low": "col.low",
    "y_high": "col.high", "text": "xl.as_shown", "registered": "xl.registered", "registered_by": "xl.registered_by",
    "estimate": "xl.estimate", "estimate_period": "xl.estimate_period", "estimate_indicator": "xl.estimate_indicator",
    "change": "xl.change", "year": "col.year", "difference": "xl.difference", "difference_pct": "xl.difference_pct",
    "superseded": "xl.superseded", "note": "xl.note", "id": "xl.id", "indicator_name": "col.indicator",
    "target_value": "xl.target_value", "direction": "xl.direction", "due": "xl.due",
    "baseline_value": "xl.baseline_value", "baseline_period": "xl.baseline_period", "source": "xl.source_id",
    "source_published": "xl.source_published", "source_organisation": "xl.source_organisation",
    "published_on": "xl.published_on", "interpretation": "xl.interpretation", "is_current": "xl.is_current",
    "actual_value": "xl.actual_value", "actual_year": "xl.actual_year", "trajectory_value": "xl.trajectory_value",
    "first_value": "xl.first_value", "first_status": "xl.first_status", "basis": "xl.basis",
    "is_current_basis": "xl.is_current_basis",
}
# raw column -> the kind of value_label that translates its codes
APPENDIX_VALUES = {**tables.DOWNLOAD_VALUES, "change": "change", "direction": "direction", "first_status":
                   "target_status", "source_kind": "source_kind"}
MIN_WIDTH, MAX_WIDTH = 8, 60   # characters, an appendix column's width


def workbook(briefing: Briefing, build: Build) -> bytes:
    """The figures behind every chart, one sheet per chart, in the briefing's language: headers and codes
    translated, numbers as numbers and a year as a number (a period that is not a year as text), the counting basis
    of each figure where the data says it; a sheet with the targets the charts draw; and a contents sheet naming
    each chart's sheet, view, all its sources and notes, its description (alt text) and the build. Every sheet has
    its header row frozen, filters on it and its columns set to their width."""
    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    names = sheet_names(parts, language)
    contents = pd.DataFrame({
        t("brief.col_number", language): [p.number for p in parts],
        t("brief.col_sheet", language): [names[p.number] for p in parts],
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
    targets = targets_drawn(parts, names, language)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        contents.to_excel(writer, index=False, sheet_name=t("brief.contents", language))
        for part in parts:
            frame = part.spec.download if part.spec.download is not None else part.spec.data
            appendix_frame(frame, language).to_excel(writer, index=False, sheet_name=names[part.number])
        if not targets.empty:
            targets.to_excel(writer, index=False, sheet_name=names["targets"])
        for sheet in writer.book.worksheets:
            _readable(sheet)
        props = writer.book.properties
        props.title, props.creator, props.lastModifiedBy = briefing.title, t("app.title", language), None
        props.subject = props.description = stamp
        props.created = props.modified = built_at(build)
    # openpyxl stamps `modified` with the time of saving, whatever it was set to: put the build time back
    return _fixed_zip(buffer.getvalue(), built_at(build), _core_dated(built_at(build)))


def sheet_names(parts: list[Slide], language: str) -> dict:
    """Each chart's sheet name (by its number; 'targets' for the targets sheet): its number and slide title, cut at
    a word to Excel's 31 characters, without the characters Excel refuses, each unique."""
    taken = {t("brief.contents", language).lower()}
    out: dict = {}
    for key, text in [(p.number, f"{p.number} {p.title}") for p in parts] + [("targets", t("xl.targets_sheet",
                                                                                           language))]:
        name = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", text)).strip().strip("'")
        if len(name) > 31:
            name = name[:31].rsplit(" ", 1)[0] if " " in name[:31] else name[:31]
            name = name.rstrip(" –-,;(")
        base, n = name, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)].rstrip() + suffix, n + 1
        taken.add(name.lower())
        out[key] = name
    return out


def appendix_frame(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """A chart's download for the appendix: the briefing language's columns (name_nl in a Dutch one; the other
    language's dropped), codes as words, the counting basis as its label, headers translated, a year as a number."""
    other = [code for code in ("nl", "en") if code != language]
    out = _excel_ready(frame)
    out = out.drop(columns=[c for c in out.columns if any(str(c).endswith(f"_{o}") for o in other)])
    out = out.rename(columns={c: str(c)[:-len(language) - 1] for c in out.columns
                              if str(c).endswith(f"_{language}") and str(c)[:-len(language) - 1] not in out.columns})
    if "basis_label" in out.columns:   # the contract's basis id and its label: the reader gets the label
        label = out["basis_label"].where(out["basis_label"].notna() & (out["basis_label"].astype(str) != ""))
        out["basis"] = label.fillna(out["basis"]) if "basis" in out.columns else label
        out = out.drop(columns=["basis_label"])
    for column in out.columns:
        raw = str(column).removeprefix("old_").removeprefix("new_")
        kind = "target_status" if raw == "status" and "target_value" in out.columns else APPENDIX_VALUES.get(raw)
        if kind:
            out[column] = [value_label(kind, v, language) if isinstance(v, str) else v
                           for v in out[column]]
        if raw in ("period", "baseline_period", "estimate_period", "x", "year", "due", "actual_year"):
            out[column] = [_year_or_text(v) for v in out[column]]
    headers = {c: _header(str(c), language) for c in out.columns}
    if "target_value" in out.columns and "name" in out.columns:   # a target's own name beside its indicator's
        headers["name"] = t("c.target", language)
    return out.rename(columns=headers)


def _header(column: str, language: str) -> str:
    """A column's header in `language`; an old_/new_ pair names which; an unknown column in words, not snake_case."""
    for prefix, key in (("old_", "xl.old"), ("new_", "xl.new")):
        if column.startswith(prefix) and column[len(prefix):] in APPENDIX_HEADERS:
            return t(key, language, label=t(APPENDIX_HEADERS[column[len(prefix):]], language))
    if column in APPENDIX_HEADERS:
        return t(APPENDIX_HEADERS[column], language)
    return column.replace("_", " ").capitalize() if re.fullmatch(r"[a-z0-9_]+", column) else column


def _year_or_text(value):
    """A year ('2023', 2023.0) as the number 2023; any other period ('2018–2019', '2019-11-13') as text."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    return text


def targets_drawn(parts: list[Slide], names: dict, language: str) -> pd.DataFrame:
    """Every target a chart of the briefing draws, with the sheet of its chart, its due year (a number) and value."""
    rows = []
    for part in parts:
        targets = part.spec.targets
        if targets is None or targets.empty:
            continue
        for row in targets.itertuples(index=False):
            rows.append({
                t("brief.col_number", language): part.number,
                t("brief.col_sheet", language): names[part.number],
                t("xl.series", language): getattr(row, "base_series", row.series),
                t("col.indicator_id", language): getattr(row, "indicator", None),
                t("col.breakdown", language): value_label("breakdown", getattr(row, "breakdown", None), language),
                t("xl.due", language): _year_or_text(row.x),
                t("xl.target_value", language): row.y,
                t("xl.as_shown", language): getattr(row, "text", None),
            })
    return pd.DataFrame(rows)


def _readable(sheet) -> None:
    """The header row bold, frozen and filtered; each column as wide as its longest line (within limits), long
    text wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if sheet.max_row < 1 or sheet.max_column < 1:
        return
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, column in enumerate(sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 500)), start=1):
        longest = max((len(line) for cell in column if cell.value is not None
                       for line in str(cell.value).split("\n")), default=0)
        sheet.column_dimensions[get_column_letter(n)].width = max(MIN_WIDTH, min(longest + 2, MAX_WIDTH))
        if longest > MAX_WIDTH or any(cell.value is not None and "\n" in str(cell.value) for cell in column):
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _core_dated(when: dt.datetime) -> dict:
    """A `_fixed_zip` rewrite setting a workbook's created and modified dates to `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)",
        rb"\g<1>" + stamp + rb"\g<2>", xml)}


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
