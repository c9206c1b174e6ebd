"""plotly figure builders: a small chart spec in, a complete figure out (title, unit, source line, notes, targets).

What may be drawn together, and each series' colour, dash and marker, are decided in dashboard/chartmodel.py (the
chart model every renderer reads: `model(spec)`); this module lays out and draws.

A spec holds tidy data and its metadata; `build(spec)` makes the figure. The same figure serves the screen and the
PNG/SVG exports, so everything a reader needs is inside it: title, the unit as subtitle and on each value axis, note
markers and a source line.

One chart standard (`STANDARD`, below) holds for the screen and every export: text sizes in points on a full-width
16:9 slide, the plot's share of the height, one colour per series wherever it appears (`colour_of`), at most eight
series in one chart, one unit per axis (mixed units become small multiples, one panel per unit), estimates and
provisional figures drawn open and dashed, missing years as gaps (None, connectgaps off), never zeros. Number formats
come from `layout.separators` (Dutch ",." / English ".,"); years on the x axis are plain integers (no "2.023").
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import overload

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import vocabulary
from .chartmodel import (  # noqa: F401  # noqa: F401
    ESTIMATED,
    OKABE_ITO,
    check_line,
    colour_map,
    colour_of,
    identity,
    split_bases,
)
from .i18n import separators, t, value_label

# --- The chart standard -----------------------------------------------------------------------------------------------

STATUS_COLOURS = {"met": "#009E73", "missed": "#D55E00", "on_track": "#56B4E9", "off_track": "#E69F00",
                  "no_data": "#999999", "partial": "#CC79A7", "unconfirmed": "#BBBBBB"}
FONT = "Source Sans Pro, Arial, sans-serif"

@dataclass(frozen=True)
class Standard:
    """Sizes in layout px. The slide is laid out on 960 x 540 px (13.333 in wide: 1 px = 1 pt on a full-width 16:9
    slide), A4 on 877 x 620 px (11.69 in: 1 px = 0.96 pt), so these numbers are what a reader sees, in points."""

    title: int = 20
    subtitle: int = 14
    tick: int = 12
    legend: int = 12
    label: int = 12            # note markers, due years, a bar's missing-value text
    footer: int = 11           # source line, notes, build stamp: the smallest text
    line: float = 2.5
    marker: int = 8
    pad: int = 16              # air between the canvas edge and any text
    min_plot_share: float = 0.55
    max_series: int = 8
    note_lines: int = 2        # a note in an image takes at most two lines; the full text travels with the chart
    title_lines: int = 2
    char: float = 0.56         # an average character's width in em (DejaVu Sans, the widest fallback font, measured)
    bold_char: float = 0.64
    screen_width: int = 900    # the width the screen figure is laid out for (it stretches to the page)
    screen_text: int = 660     # the width titles and the footer are wrapped to on screen, for narrower pages too
    phone_width: int = 340     # a phone's page (390 px wide, less Streamlit's margins): the narrow screen layout


STANDARD = Standard()
SLIDE = (960, 540)
A4 = (877, 620)


@dataclass
class Note:
    """A numbered note: its marker sits on (series, x) when given."""

    number: int
    text: str
    source: str = ""
    series: str | None = None
    x: float | None = None
    y: float | None = None


@dataclass
class ChartSpec:
    """Everything a chart shows.

    data: one row per point with columns series, x, y, text (the value as a reader should see it, e.g. "ca. 5.000"),
          period (as written) and the traceability columns the table and downloads carry. Optional columns the
          standard reads: unit (one panel per unit), status (estimate / provisional drawn open and dashed),
          indicator and breakdown (the series' identity, for its colour) or colour_key (an identity given outright).
    spans: optional rows series, x0, x1, y, text for figures about several years together (drawn as segments).
    targets: optional rows series, x (due year), y, text: target values, drawn dotted with their due year.
    sources / notes: complete; an exported image carries all of them (notes without room on next images).
    data may also carry: basis (one series per counting basis: check_line refuses a line across two), missing and
          missing_reason (a year without a figure, marked in bars), panel (a panel of its own within a unit).
    empty_reason: why there is nothing to draw, said on the page and by the export instead of an empty image.
    """

    key: str
    title: str
    unit: str
    data: pd.DataFrame
    language: str
    kind: str = "line"
    sources: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    spans: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    y_format: str = ",.0f"
    y_suffix: str = ""
    y_prefix: str = ""
    x_title: str | None = None
    categorical_x: bool = False
    table: pd.DataFrame | None = None
    download: pd.DataFrame | None = None
    notes_in_figure: bool = False
    height: int = 440
    colours: dict[str, str] = field(default_factory=dict)
    reference: float | None = None   # a line across the value axis (100% on a progress chart)
    x_order: list[str] | None = None  # category order on a categorical axis
    bar_values: bool = False          # write each bar's value beside it (horizontal bars)
    slide_table: pd.DataFrame | None = None   # a table a deck shows on slides of its own after the chart
    stamp: str = ""                   # the database build, last line of the footer (exports)
    page: str = ""                    # the dashboard page (url path) the chart is on, for its permalink
    link: str = ""                    # the view's permalink (page and parameters), printed beside the build stamp
    y_title: str | None = None        # the value axis' title (its unit); default: the unit of the data or `unit`
    empty_reason: str = ""            # why the chart has nothing to draw (shown instead of an empty chart)
    dotted: tuple[str, ...] = ()      # series drawn dotted and lighter (an older version beside the latest)
    rings: pd.DataFrame | None = None  # rows series, x, y: points marked with an open ring (revised since)
    rings_label: str = ""             # the legend entry of the rings ("herzien na 20 okt 2024")


# --- Colours ----------------------------------------------------------------------------------------------------------

def _series_order(spec: ChartSpec) -> list[str]:
    names: list[str] = []
    for frame in (spec.data, spec.spans, spec.targets):
        if frame is not None and not frame.empty:
            names += [s for s in frame["series"].drop_duplicates() if s not in names]
    return names


def _colours(spec: ChartSpec) -> dict[str, str]:
    keys: dict[str, str] = {}
    for frame in (spec.data, spec.spans):
        if frame is not None and not frame.empty:
            keys.update({k: v for k, v in identity(frame).items() if k not in keys})
    colours = colour_map(keys)
    if spec.targets is not None and not spec.targets.empty:
        for name, base in zip(spec.targets["series"], spec.targets.get("base_series", spec.targets["series"])):
            colours.setdefault(name, colours.get(base, colour_of(str(base))))
    return {**colours, **spec.colours}


def title_with_when(spec: ChartSpec) -> str:
    """A title says what, where and when: one on a year axis that names no year gets ', Nederland, 2011–2024'."""
    import re

    if spec.categorical_x or spec.kind == "barh" or re.search(r"\b(19|20)\d\d\b", spec.title) or is_empty(spec):
        return spec.title
    from dataclasses import replace

    years = _years(replace(spec, targets=None))   # the years with figures, not the targets' due years
    if years.empty:
        return spec.title
    lo, hi = int(years.min()), int(years.max())
    return f"{spec.title}, {t('c.where', spec.language)}, {lo}–{hi}" if lo != hi else \
        f"{spec.title}, {t('c.where', spec.language)}, {lo}"


def colours_of(spec: ChartSpec) -> dict[str, str]:
    """Series name -> the colour this chart draws it in (what decks and manifest.json read)."""
    return _colours(spec)


def model(spec: ChartSpec, link: str = ""):
    """The renderer-neutral model of this chart (chartmodel.Model): series with their style, panels, notes,
    sources and link."""
    from .chartmodel import model_of

    return model_of(spec, _colours(spec), link or spec.page, lambda unit: unit_title(unit, spec.language))


# --- Limits: series, emptiness ----------------------------------------------------------------------------------------

@overload
def limit_series(points: pd.DataFrame, spans: pd.DataFrame, most: int = ...) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    ...
@overload
def limit_series(points: pd.DataFrame, spans: None = None, most: int = ...) -> tuple[pd.DataFrame, None, int]:
    ...
def limit_series(points: pd.DataFrame, spans: pd.DataFrame | None = None, most: int = STANDARD.max_series
                 ) -> tuple[pd.DataFrame, pd.DataFrame | None, int]:
    """At most `most` series (points and spans together): those with the largest value in their latest year.
    Returns (points, spans, number of series left out); the caller says so and keeps every series in the table."""
    frames = [points[["series", "x", "y"]]] if not points.empty else []
    if spans is not None and not spans.empty:
        frames.append(spans.assign(x=spans["x1"])[["series", "x", "y"]])
    every = pd.concat(frames) if frames else pd.DataFrame(columns=["series", "x", "y"])
    names = list(dict.fromkeys(every["series"]))
    if len(names) <= most:
        return points, spans, 0
    latest = every.dropna(subset=["y"]).sort_values("x", kind="stable").groupby("series")["y"].last().reindex(names)
    keep = set(latest.sort_values(ascending=False, kind="stable", na_position="last").index[:most])
    return (points[points["series"].isin(keep)],
            spans[spans["series"].isin(keep)] if spans is not None and not spans.empty else spans, len(names) - most)


def is_empty(spec: ChartSpec) -> bool:
    """Nothing to draw: no point with a value and no span (targets alone do not make a chart)."""
    drawn = 0 if spec.data is None or spec.data.empty else int(spec.data["y"].notna().sum())
    if spec.kind == "barh" and spec.data is not None and not spec.data.empty:
        drawn += len(spec.data)   # a bar without a value says why in words
    spans = 0 if spec.spans is None or spec.spans.empty else len(spec.spans)
    return drawn + spans == 0


def empty_message(spec: ChartSpec) -> str:
    return spec.empty_reason or t("c.no_data", spec.language)


# --- Text that fits ---------------------------------------------------------------------------------------------------

def text_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (STANDARD.bold_char if bold else STANDARD.char)


def wrap(text: str, width_px: float, size: float, lines: int, bold: bool = False) -> list[str]:
    """Lines of at most width_px, at most `lines` of them; a cut last line ends in an ellipsis."""
    chars = max(8, int(width_px / (size * (STANDARD.bold_char if bold else STANDARD.char))))
    out = textwrap.wrap(str(text), chars) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: chars - 1].rstrip(" ,;:–-") + "…"
    return out


def category_labels(categories: list, width_px: float, size: float, lines: int) -> dict:
    """Category names wrapped to `lines` lines; a name too long loses its middle, never its end (the year in
    'Doel … (2026)'), and two names never become one label."""
    out: dict = {}
    for category in categories:
        text = str(category).replace("<br>", " ")
        full = wrap(text, width_px, size, 99)
        if len(full) > lines:
            tail = text.rsplit(" ", 1)[-1] if len(text.rsplit(" ", 1)[-1]) <= 14 else ""
            head = wrap(text[: len(text) - len(tail)], width_px, size, lines)
            head[-1] = head[-1].rstrip("…")[: max(4, len(head[-1]) - len(tail) - 2)].rstrip(" ,;:(") + "… " + tail
            full = head
        out[category] = "<br>".join(full)
    seen: dict = {}
    for category, label in out.items():
        if label in seen.values():   # still the same after shortening: show it whole
            out[category] = "<br>".join(wrap(str(category).replace("<br>", " "), width_px, size, 99))
        seen[category] = out[category]
    return out


# --- The figure -------------------------------------------------------------------------------------------------------

def _with_gaps(points: pd.DataFrame) -> pd.DataFrame:
    """One row per year from first to last, missing years as None: plotly then breaks the line there."""
    if points.empty:
        return points
    years = range(int(points["x"].min()), int(points["x"].max()) + 1)
    return points.set_index("x").reindex(years).rename_axis("x").reset_index()


def _hover(language: str) -> str:
    return "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]}<extra></extra>"


def _units(spec: ChartSpec) -> list[str | None]:
    """The panels: one per unit in the data (in order of appearance), or one panel when the data names no unit."""
    frames = [f for f in (spec.data, spec.spans) if f is not None and not f.empty and "unit" in f]
    units = list(dict.fromkeys(u for f in frames for u in _panel_keys(f).dropna()))
    return units if len(units) > 1 and spec.kind != "barh" else [None]


def _panel_keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's panel: its unit, and within a unit its `panel` where the view sets one (shares of different
    denominators: one panel each, 'percent#om_cases'); the axis reads the unit before '#'."""
    if "panel" not in frame:
        return frame["unit"]
    return frame["unit"].where(frame["panel"].isna(), frame["unit"].astype(str) + "#" + frame["panel"].astype(str))


def _axis_format(spec: ChartSpec, unit: str | None) -> dict:
    unit = unit.split("#")[0] if unit else unit
    if unit is None:
        return dict(tickformat=spec.y_format, ticksuffix=spec.y_suffix, tickprefix=spec.y_prefix)
    axis = unit_axis(unit, spec.language)
    return dict(tickformat=axis.get("y_format", ",.0f"), ticksuffix=axis.get("y_suffix", ""),
                tickprefix=axis.get("y_prefix", ""))


def _axis_title(spec: ChartSpec, unit: str | None) -> str:
    if unit is not None:
        return unit_title(unit.split("#")[0], spec.language)
    if spec.y_title is not None:
        return spec.y_title
    units = [] if spec.data.empty or "unit" not in spec.data else list(spec.data["unit"].dropna().unique())
    return unit_title(units[0], spec.language) if len(units) == 1 else spec.unit.split(" · ")[0]


def _legend_names(spec: ChartSpec, width: float) -> dict[str, str]:
    """Legend entries: without the indicator name all of them share ('X — seksueel' -> 'seksueel'), then shortened
    to two lines of `width` px."""
    order = _series_order(spec)
    heads = {str(name).split(" — ")[0] for name in order}
    drop = len(order) > 1 and len(heads) == 1 and all(" — " in str(name) for name in order)
    short = {name: str(name).split(" — ", 1)[1] if drop else str(name) for name in order}
    out = {name: "<br>".join(wrap(text, width, STANDARD.legend, 4)) for name, text in short.items()}
    for name in spec.dotted:   # an older version keeps what tells it apart ('— bekend op 18 okt 2024') whole;
        head, _, tail = short.get(name, "").rpartition(" — ")   # its colour says which series, so a long name
        if head and len(wrap(short[name], width, STANDARD.legend, 99)) > 2:   # goes and the dash stays
            out[name] = "<br>".join(wrap(f"— {tail}", width, STANDARD.legend, 2))
    return out


def _legend_column(spec: ChartSpec, column: float, estimates: bool, rings: bool) -> tuple[dict[str, str], list[str]]:
    """Names and entries of a legend set as a list `column` px wide (beside the plot, or below it on a phone): each
    entry at most two lines, the estimate key and the rings' entry after the series."""
    names = _legend_names(spec, column)
    keys = ([t("c.estimate_key", spec.language)] if estimates else []) + ([spec.rings_label] if rings else [])
    return names, [names[n] for n in _series_order(spec)] + ["<br>".join(wrap(k, column, STANDARD.legend, 4))
                                                              for k in keys]


def _legend_rows(entries: list[str], width: float) -> float:
    """Rows (in legend text lines) a horizontal legend of these entries takes in `width` px."""
    if len(entries) <= 1:
        return 0
    used, lines, height = 0.0, 1, 0
    for entry in entries:
        parts = entry.split("<br>")
        w = 60 + max(text_width(p, STANDARD.legend) for p in parts)
        if used and used + w > width:
            height += lines
            used, lines = 0.0, 1
        used += w
        lines = max(lines, len(parts))
    return height + lines


def _footer_lines(spec: ChartSpec, width: float, room: int | None) -> list[str]:
    return _footer(spec, width, room)[0]


def _footer(spec: ChartSpec, width: float, room: int | None) -> tuple[list[str], list[Note], bool]:
    """Every source, then (in an export) every note in full, then the build stamp and the view's link; returns the
    lines, the notes that did not fit with the plot's share of the height and whether sources did not fit either
    (both go on a next image: notes_figure, which lists every source).
    Nothing is cut short and nothing is left to 'see elsewhere'."""
    size, language = STANDARD.footer, spec.language
    label = t("c.source" if len(spec.sources) == 1 else "c.sources", language)
    stamp = _stamp_lines(spec, width)
    sources = list(spec.sources)
    lines: list[str] = wrap(f"{label}: " + "; ".join(sources), width, size, 99) if sources else []
    if spec.notes_in_figure and room is not None and sources:
        # as many whole sources as leave the plot its share (one line kept for the pointer to the next image);
        # the others are listed in full on the next image
        while len(sources) > 1 and len(lines) + len(stamp) + 1 > room:
            sources.pop()
            lines = wrap(f"{label}: " + "; ".join(sources), width, size, 99)
    more_sources = len(spec.sources) - len(sources)
    rest: list[Note] = []
    if spec.notes_in_figure:
        budget = None if room is None else room - len(lines) - len(stamp) - 1
        for note in spec.notes:
            block = wrap(f"[{note.number}] {note.text}", width, size, 99)
            if rest or (budget is not None and len(block) > budget):
                rest.append(note)
                continue
            lines += block
            budget = None if budget is None else budget - len(block)
    if rest or more_sources:   # one line says what the next image holds
        numbers = [x.number for x in rest]
        said = (f"[{numbers[0]}]–[{numbers[-1]}]" if len(numbers) > 2
                and numbers == list(range(numbers[0], numbers[-1] + 1)) else ", ".join(f"[{x}]" for x in numbers))
        key = "c.both_next" if rest and more_sources else "c.notes_next" if rest else "c.sources_next"
        pointer = t(key, language, numbers=said, n=more_sources)
        if stamp and text_width(f"{stamp[-1]} · {pointer}", size) <= width:   # on the stamp's line when it fits
            stamp = [*stamp[:-1], f"{pointer} · {stamp[-1]}"]
        elif lines and len(rest) == len(spec.notes) and text_width(f"{lines[-1]} · {pointer}", size) <= width:
            lines = [*lines[:-1], f"{lines[-1]} · {pointer}"]   # else after the sources, on their last line
        else:
            lines += wrap(pointer, width, size, 2)
    return lines + stamp, rest, more_sources > 0


def _stamp_lines(spec: ChartSpec, width: float) -> list[str]:
    """The database build and, next to it, the view's permalink (exports)."""
    if not spec.stamp:
        return []
    text = spec.stamp + (f" · {t('c.view', spec.language)}: {spec.link}" if spec.link else "")
    return wrap(text, width, STANDARD.footer, 3, ) if text_width(text, STANDARD.footer) > width else [text]


def notes_figure(spec: ChartSpec, notes: list[Note], canvas: tuple[int, int]) -> list[go.Figure]:
    """The notes an exported chart had no room for, in full, on as many images of the same size as they need: each
    with the chart's title (continued), its sources, the build stamp and the view's link."""
    S = STANDARD
    width, height = canvas
    inner = width - 2 * S.pad
    title = wrap(f"{spec.title} — {t('c.notes_continued', spec.language)}", inner, S.title, 99, bold=True)
    label = t("c.source" if len(spec.sources) == 1 else "c.sources", spec.language)
    tail = (wrap(f"{label}: " + "; ".join(spec.sources), inner, S.footer, 99) if spec.sources else []) + _stamp_lines(
        spec, inner)
    line_h = S.footer * 1.3
    room = int((height - 2 * S.pad - len(title) * S.title * 1.25 - 16) // line_h) - len(tail) - 1
    pages: list[list[str]] = [[]]
    for note in notes:
        block = wrap(f"[{note.number}] {note.text}", inner, S.footer, 99)
        if pages[-1] and len(pages[-1]) + len(block) > room:
            pages.append([])
        pages[-1] += block
    figures = []
    for page in pages:
        fig = go.Figure()
        fig.add_annotation(x=0, y=1, xref="paper", yref="paper", xanchor="left", yanchor="top", showarrow=False,
                           align="left", text="<br>".join(page + [""] + tail),
                           font=dict(size=S.footer, color="#333333"))
        fig.update_layout(title=dict(text="<br>".join(f"<b>{line}</b>" for line in title), x=S.pad / width,
                                     xanchor="left", xref="container",
                                     y=1 - (S.pad + (len(title) - 1) * S.title * 1.2) / height, yanchor="top",
                                     yref="container", font=dict(size=S.title)),
                          font=dict(family=FONT, size=S.footer, color="#222222"), paper_bgcolor="white",
                          plot_bgcolor="white", width=width, height=height, showlegend=False,
                          margin=dict(l=S.pad, r=S.pad, t=S.pad + len(title) * S.title * 1.45 + 24, b=S.pad),
                          xaxis=dict(visible=False), yaxis=dict(visible=False), separators=separators(spec.language))
        figures.append(fig)
    return figures


def _ticks_room(spec: ChartSpec, units: list[str | None]) -> float:
    """Width of the widest value tick label plus the axis title, per panel."""
    values = pd.concat([f["y"] for f in (spec.data, spec.spans, spec.targets)
                        if f is not None and not f.empty and "y" in f]).dropna() if not is_empty(spec) else []
    top = float(pd.Series(values).abs().max()) if len(values) else 100.0
    digits = len(f"{top:,.0f}") + 2
    affix = max(len(spec.y_suffix) + len(spec.y_prefix), 2)
    return (digits + affix) * STANDARD.tick * STANDARD.char + STANDARD.tick * 1.6 + 10


def build(spec: ChartSpec, canvas: tuple[int, int] | None = None, narrow: bool = False) -> go.Figure:
    """The figure for a spec, laid out for `canvas` (width, height of an export) or for the screen; `narrow` lays
    the screen figure out for a phone: every text wrapped to its width, and the legend below the plot.

    An empty spec gives a figure that says why rather than blank axes (an export refuses it: see export.py)."""
    S, language = STANDARD, spec.language
    check_line(spec.data)   # one line never joins two counting bases: the view splits them (split_bases)
    narrow = narrow and not canvas
    width = canvas[0] if canvas else S.phone_width if narrow else S.screen_width
    colours = _colours(spec)
    units = _units(spec)
    panels = len(units)
    barh = spec.kind == "barh"
    inner = width - 2 * S.pad if canvas or narrow else S.screen_text   # a wide screen may be narrower than laid out

    # Horizontal room: value ticks and the unit left of each panel, or category names for horizontal bars.
    if barh:
        categories = list(spec.data["x"].unique()) if not spec.data.empty else []
        per_category = (0.62 * canvas[1] if canvas else spec.height) / max(len(categories), 1)
        lines = max(1, min(3, int(per_category // (S.tick * 1.15))))
        labels = category_labels(categories, min(inner * 0.42, 400), S.tick, lines)
        left = S.pad + max((text_width(line, S.tick) for v in labels.values() for line in v.split("<br>")),
                           default=40) + 12
    else:
        labels = {}
        left = S.pad + _ticks_room(spec, units)
    right: float = S.pad + 8
    plot_width = width - left - right

    # The legend: one row above the plot when it fits there; else a column right of it (a 16:9 slide has width to
    # spare, not height), each entry at most two lines.
    has_estimates = _has_estimates(spec)
    names = _legend_names(spec, max(plot_width / 3, 180))
    rings = spec.rings is not None and not spec.rings.empty
    entries = [names[n] for n in _series_order(spec)] + ([t("c.estimate_key", language)] if has_estimates else []) + (
        [spec.rings_label] if rings else [])
    legend_shown = len(entries) > 1
    legend_lines = _legend_rows(entries, plot_width) if legend_shown else 0
    legend_side = legend_shown and legend_lines > 2 and not narrow
    below_room = 0.0   # a phone: the legend as a list below the plot, each entry at most two lines of the width
    if legend_shown and narrow:
        names, entries = _legend_column(spec, width - 2 * S.pad - 44, has_estimates, rings)
        below_room = sum(len(e.split("<br>")) * S.legend * 1.3 + 8 for e in entries) + 8
        legend_lines = 0
    if canvas and legend_shown and not legend_side and not narrow:
        # a slide has width to spare, not height: the legend goes beside the plot when a row above it would leave
        # the plot less than its share with the least footer (one source line, the pointer, the stamp)
        heading = (len(wrap(spec.title, inner, S.title, 99, bold=True)) * (S.title * 1.2 + 12) + 7
                   + S.subtitle * 1.35 + 8)
        least_footer = (len(_stamp_lines(spec, inner)) + 2) * S.footer * 1.3
        free = (canvas[1] - 2 * S.pad - heading - (legend_lines * S.legend * 1.5 + 6) - (S.tick * 1.3 + 16) - 10
                - least_footer)
        if free < (S.min_plot_share + 0.03) * canvas[1] and not spec.dotted:   # a margin for the estimate
            _, side = _legend_column(spec, min(0.26 * width, 250), has_estimates, rings)
            heights = [len(e.split("<br>")) for e in side]
            # only where the column holds every entry whole, in three lines at most, within half the height
            legend_side = max(heights) <= 3 and sum(heights) * S.legend * 1.5 + 8 * len(heights) <= 0.5 * canvas[1]
    if legend_side:
        names, entries = _legend_column(spec, min(0.26 * width, 250), has_estimates, rings)
        column_height = sum(len(e.split("<br>")) * S.legend * 1.5 + 6 for e in entries)
        if canvas and column_height > S.min_plot_share * canvas[1]:   # a wider column, fewer lines: every
            names, entries = _legend_column(spec, min(0.34 * width, 340), has_estimates, rings)   # entry in sight
        right = S.pad + 52 + max(text_width(line, S.legend) for e in entries for line in e.split("<br>"))
        plot_width = width - left - right
        legend_lines = 0
    legend_room = legend_lines * S.legend * 1.5 + 6 if legend_lines else 0
    # the unit under the title: one line, or on a phone as many as its width needs
    unit_lines = wrap(spec.unit, inner, S.subtitle, 3) if narrow else [spec.unit]
    for _cap in range(S.title_lines + narrow, 0, -1):   # another title line only while the plot keeps its share
        title_lines = wrap(spec.title, inner, S.title, 99, bold=True)   # a title wraps, never cut
        # plotly puts the unit (subtitle) 7 + 12 px per title line below the title
        top = (S.pad + len(title_lines) * (S.title * 1.2 + 12) + 7 + len(unit_lines) * S.subtitle * 1.35 + 8
               + legend_room + 6 * narrow   # a phone's third title line sits a little lower than the formula says
               + (S.tick if narrow and _explicit_range(spec) else 0)   # the top tick label stands half above
               # measured in plotly's SVG: the anchor moves down one line at most (above), and from a title's
               # third line on each line moves the subtitle 1.3 title sizes, not 1.2 + 12 px
               - max(0, len(title_lines) - 2) * S.title * 0.5)
        if not canvas or canvas[1] - top - 150 >= S.min_plot_share * canvas[1]:
            break
    x_label_lines = 1
    if spec.categorical_x and not barh and not spec.data.empty:
        per = plot_width / max(spec.data["x"].nunique(), 1)
        x_label_lines = max(len(wrap(str(x), per - 8, S.tick, 3)) for x in spec.data["x"].unique())
    x_title = spec.x_title or ""   # a year axis needs no title: its ticks are years
    axis_below = S.tick * 1.3 * x_label_lines + 16 + (S.tick * 1.6 if x_title and not barh else 0)
    line_h = S.footer * 1.3
    if canvas:
        plot_min = S.min_plot_share * canvas[1]
        room = int((canvas[1] - top - axis_below - S.pad - 10 - plot_min) // line_h)
    else:
        room = None
    footer, notes_next, sources_next = _footer(spec, inner, room)
    bottom = axis_below + 10 + below_room + len(footer) * line_h + S.pad
    # On a phone the panels of several units stand under each other, each with its own years below it: side by
    # side they would get 70 px each.
    stacked = narrow and panels > 1
    gap = axis_below + 14 if stacked else 0
    plot_area = max(spec.height, 260) if not stacked else panels * max(spec.height * 0.55, 200) + (panels - 1) * gap
    height = canvas[1] if canvas else int(plot_area + top + bottom)
    plot_height = height - top - bottom

    spacing = min(0.3, _ticks_room(spec, units) / plot_width + 0.04)   # room for the next panel's ticks and unit
    if stacked:
        fig = make_subplots(rows=panels, cols=1, vertical_spacing=gap / plot_height)
    else:
        fig = make_subplots(rows=1, cols=panels, horizontal_spacing=spacing) if panels > 1 else go.Figure()
    where = {u: (dict(row=n + 1, col=1) if stacked else dict(row=1, col=n + 1)) if panels > 1 else {}
             for n, u in enumerate(units)}
    unit_of_series = _unit_of_series(spec) if panels > 1 else {}

    def place(series: str) -> dict:
        return where.get(unit_of_series.get(series), {}) if panels > 1 else {}

    _draw_data(fig, spec, colours, names, labels, place, plot_width)
    _draw_spans(fig, spec, colours, names, place)
    _draw_targets(fig, spec, colours, names, place)
    if has_estimates:
        fig.add_scatter(x=[None], y=[None], mode="lines+markers", name=t("c.estimate_key", language),
                        line=dict(color="#555555", width=S.line, dash="dash"),
                        marker=dict(symbol="circle-open", size=S.marker, color="#555555"), hoverinfo="skip",
                        **place(next(iter(unit_of_series), "")))
    if rings and spec.rings is not None:
        slots = _bar_slots(spec, place) if spec.kind == "bar" and not spec.categorical_x else {}
        for n, (name, marked) in enumerate(spec.rings.groupby("series", sort=False)):
            x = marked["x"]
            if name in slots:   # on the middle of the series' own bar, not between the bars of a year
                bar = _year_bar(*slots[name])
                x = x + bar["offset"] + bar["width"] / 2
            fig.add_scatter(x=x, y=marked["y"], mode="markers", name=spec.rings_label,
                            legendgroup="rings", showlegend=n == 0, hoverinfo="skip", legendrank=1002,
                            marker=dict(symbol="circle-open", size=S.marker + 10, color="#222222",
                                        line=dict(width=2, color="#222222")), **place(name))
    # one marker per place: notes on one point, or on points close together in one year, share it ("[1, 2]")
    # rather than print over each other
    placed = [n for n in spec.notes if n.x is not None and n.y is not None]
    # "close" in pixels of this canvas: markers whose labels would touch (within a label's width across, its height
    # up and down) in the same panel share one
    top_y = max((abs(float(v)) for v in spec.data["y"].dropna()), default=0.0) if not spec.data.empty else 0.0
    top_y = max(top_y, max((abs(float(n.y or 0)) for n in placed), default=0.0), 1e-9) * 1.1
    px_y = max(plot_height, 1) / (panels if stacked else 1) / top_y
    years = _years(spec) if not spec.categorical_x else pd.Series(dtype=float)
    px_x = (plot_width / (1 if stacked else panels) / max(float(years.max() - years.min()) + 1, 1)
            if len(years) else None)

    def close(a: Note, b: Note) -> bool:
        if place(a.series or "") != place(b.series or ""):
            return False
        if a.x != b.x and (px_x is None or abs(float(a.x or 0) - float(b.x or 0)) * px_x >= 44):
            return False
        return abs(float(a.y or 0) - float(b.y or 0)) * px_y < S.label * 2

    markers: list[list] = []
    for note in placed:
        group = next((g for g in markers if any(close(m, note) for m in g)), None)
        if group is None:
            markers.append([note])
        else:
            group.append(note)
    for notes_here in markers:
        note = notes_here[0]
        axis = place(note.series or "")
        panel = max(axis["row"], axis["col"]) if axis else 1   # a row of panels, or a column of them on a phone
        refs = dict(xref=f"x{panel}" if panel > 1 else "x", yref=f"y{panel}" if panel > 1 else "y")
        first_year = not spec.categorical_x and len(_years(spec)) and note.x <= _years(spec).min()
        numbers = ", ".join(str(n.number) for n in notes_here)
        fig.add_annotation(x=note.x, y=note.y, text=f"<b>[{numbers}]</b>", showarrow=True, arrowhead=0,
                           ax=14 if first_year else 0, ay=-44 if spec.kind == "bar" else -26, xanchor="left" if first_year else "auto",
                           font=dict(size=S.label, color="#333333"), bgcolor="rgba(255,255,255,0.85)", **refs)

    if is_empty(spec):
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text="<br>".join(wrap(empty_message(spec), plot_width * 0.8, 16, 4)),
                           font=dict(size=16, color="#666666"))

    fig.add_annotation(x=0, y=0, xref="paper", yref="paper", yanchor="top", xanchor="left",
                       yshift=-(axis_below + 10 + below_room), xshift=-(left - S.pad), showarrow=False, align="left",
                       text="<br>".join(footer), font=dict(size=S.footer, color="#444444"))
    fig.update_layout(
        title=dict(text="<br>".join(f"<b>{line}</b>" for line in title_lines),
                   subtitle=dict(text="<br>".join(unit_lines), font=dict(size=S.subtitle, color="#444444")),
                   x=S.pad / width, xanchor="left", xref="container",
                   y=1 - (S.pad + min(len(title_lines) - 1, 1) * S.title * 1.2) / height, yanchor="top",
                   yref="container", font=dict(size=S.title), automargin=False),
        separators=separators(language),
        font=dict(family=FONT, size=S.tick, color="#222222"),
        paper_bgcolor="white", plot_bgcolor="white",
        height=height,
        margin=dict(l=left, r=right, t=top, b=bottom, autoexpand=False),
        showlegend=legend_shown,
        legend=dict(x=1, xanchor="left", y=1, yanchor="top", orientation="v", font=dict(size=S.legend),
                    traceorder="normal", itemwidth=30, tracegroupgap=6) if legend_side else
        dict(orientation="v", x=-(left - S.pad) / plot_width, xanchor="left", y=-(axis_below + 2) / plot_height,
             yanchor="top", font=dict(size=S.legend), traceorder="normal", itemwidth=30, tracegroupgap=6)
        if below_room else
        dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", font=dict(size=S.legend),
             traceorder="normal", itemwidth=30),
        barmode="group",
        hoverlabel=dict(font=dict(family=FONT)),
    )
    _axes(fig, spec, units, labels, plot_width, stacked)
    # the export puts these on a next image
    fig.layout.meta = {"notes_next": [n.number for n in notes_next], "sources_next": sources_next}
    return fig


def _bar_slots(spec: ChartSpec, place) -> dict[str, tuple[int, int]]:
    """Each series' bar slot in its panel (index, series in the panel), as _draw_data places the bars."""
    names = list(dict.fromkeys(spec.data["series"])) if not spec.data.empty else []
    panels = [str(place(n)) for n in names]
    return {n: (panels[:i].count(panels[i]), panels.count(panels[i])) for i, n in enumerate(names)}


def _has_estimates(spec: ChartSpec) -> bool:
    frames = [f for f in (spec.data, spec.spans) if f is not None and not f.empty and "status" in f]
    return spec.kind != "barh" and any(f["status"].isin(ESTIMATED).any() for f in frames)


def _unit_of_series(spec: ChartSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    for frame in (spec.data, spec.spans):
        if frame is not None and not frame.empty and "unit" in frame:
            out.update(dict(zip(frame["series"], _panel_keys(frame))))
    if spec.targets is not None and not spec.targets.empty and "base_series" in spec.targets:
        out.update({s: out.get(b) for s, b in zip(spec.targets["series"], spec.targets["base_series"]) if b in out})
    return out


def _estimated(points: pd.DataFrame) -> pd.Series:
    return points["status"].isin(ESTIMATED) if "status" in points else pd.Series(False, index=points.index)


def _draw_data(fig: go.Figure, spec: ChartSpec, colours: dict, names: dict, labels: dict, place,
               plot_width: float) -> None:
    S, language = STANDARD, spec.language
    if spec.data.empty:
        return
    groups = list(spec.data.groupby("series", sort=False))
    per_panel: dict[str, int] = {}
    ends: list = []   # the end labels written so far: (panel, x, y)
    for name, points in groups:
        points = points.sort_values("x")
        colour, label = colours[name], names.get(name, name)
        where = place(name)
        panel = str(where)
        index = per_panel.get(panel, 0)
        per_panel[panel] = index + 1
        in_panel = sum(1 for n, _ in groups if str(place(n)) == panel)
        estimated = _estimated(points)
        custom = points[["period", "text"]].to_numpy()
        if spec.kind == "barh":
            fig.add_bar(y=points["x"].map(labels).fillna(points["x"]), x=points["y"], name=label, legendgroup=name,
                        marker_color=colour, orientation="h", customdata=custom, hovertemplate=_hover(language),
                        text=points["text"] if spec.bar_values else None, textposition="outside",
                        textfont=dict(size=S.label), cliponaxis=False)
            said = set()
            for row in points[points["y"].isna()].itertuples():  # no value to draw: say why instead of a bar
                if labels.get(row.x, row.x) in said:
                    continue
                said.add(labels.get(row.x, row.x))
                fig.add_annotation(x=0, y=labels.get(row.x, row.x), xanchor="left", showarrow=False,
                                   text="<br>".join(wrap(row.text, plot_width - 8, S.label, 3)),
                                   font=dict(size=S.label, color=colour), align="left")
        elif spec.kind == "bar":
            # every bar carries its value: upright when the bar's slot is narrower than the value
            slot = _bar_slot_px(spec, plot_width, in_panel, len({str(place(n)) for n, _ in groups}))
            widest = max((text_width(str(x), S.label) for x in points.loc[points["y"].notna(), "text"]), default=0)
            fig.add_bar(x=points["x"], y=points["y"], name=label, legendgroup=name, marker_color=colour,
                        text=points["text"].where(points["y"].notna(), ""), textposition="outside",
                        textangle=0 if widest <= slot else -90, textfont=dict(size=S.label, color="#222222"),
                        cliponaxis=False,
                        customdata=custom, opacity=0.45 if name in spec.dotted else None,
                        legendrank=1001 if name in spec.dotted else 1000,
                        marker_pattern_shape=["/" if e else "" for e in estimated],
                        hovertemplate=_hover(language),
                        **({} if spec.categorical_x else _year_bar(index, in_panel)), **where)
            _mark_missing(fig, points, colour, index, in_panel, where, spec)
        else:
            ranged = "y_low" in points and points["y_low"].notna().any()   # a range per point: error bars
            columns = ["x", "y", "period", "text"] + (["y_low", "y_high"] if ranged else [])
            full = points[columns].assign(_est=estimated.to_numpy())
            full = _with_gaps(full) if not spec.categorical_x else full
            if name in spec.dotted:   # an older version: dotted, thinner, open markers, under the latest
                fig.add_scatter(x=full["x"], y=full["y"], name=label, legendgroup=name, mode="lines+markers",
                                connectgaps=False, opacity=0.8, line=dict(color=colour, width=2, dash="dot"),
                                legendrank=1001,   # drawn first (under the latest), listed after it
                                marker=dict(size=S.marker - 1, color="white", symbol="circle",
                                            line=dict(color=colour, width=1.5)),
                                customdata=full[["period", "text"]].fillna("").to_numpy(),
                                hovertemplate=_hover(language), **where)
                continue
            est = full["_est"].fillna(False).astype(bool)
            solid = full["y"].where(~est)
            # a dashed stretch runs into and out of an estimate from its neighbours in adjacent years
            near = est | est.shift(1, fill_value=False) | est.shift(-1, fill_value=False)
            dashed = full["y"].where(near) if est.any() else None
            error = dict(type="data", array=(full["y_high"] - full["y"]).to_numpy(),
                         arrayminus=(full["y"] - full["y_low"]).to_numpy(), color=colour, thickness=1.5,
                         width=6) if ranged else None
            fig.add_scatter(x=full["x"], y=solid, name=label, legendgroup=name, mode="lines+markers",
                            connectgaps=False, line=dict(color=colour, width=S.line),
                            marker=dict(size=S.marker, color=colour, symbol=_basis_marker(spec, points)),
                            error_y=error,
                            customdata=full[["period", "text"]].fillna("").to_numpy(),
                            hovertemplate=_hover(language), **where)
            _end_label(fig, spec, name, full, colour, len(groups), where, ends)
            if dashed is not None:
                fig.add_scatter(x=full["x"], y=dashed, name=label, legendgroup=name, showlegend=False,
                                mode="lines+markers", connectgaps=False,
                                line=dict(color=colour, width=S.line, dash="dash"),
                                marker=dict(size=[S.marker + 1 if e else 0 for e in est], color="white",
                                            symbol="circle", line=dict(color=colour, width=2)),
                                customdata=full[["period", "text"]].fillna("").to_numpy(),
                                hovertemplate=_hover(language), **where)


def _bar_slot_px(spec: ChartSpec, plot_width: float, in_panel: int, panels: int) -> float:
    """The width in px of one series' bar in a year (or category)."""
    if spec.categorical_x:
        slots = max(spec.data["x"].nunique(), 1)
        return plot_width / panels / slots * 0.8 / max(in_panel, 1)
    rng = _year_range(spec) or [0, 1]
    return plot_width / panels / max(rng[1] - rng[0], 1) * _year_bar(0, in_panel)["width"]


def _explicit_range(spec: ChartSpec) -> bool:
    """Whether the value axis gets a range of its own (room for written values): its top tick may sit on the edge."""
    return (spec.kind == "line" and _labelled_ends(spec)) or (spec.kind == "bar" and not spec.categorical_x)


def _labelled_ends(spec: ChartSpec) -> bool:
    names = spec.data["series"].nunique() if not spec.data.empty else 0
    return 0 < names <= 3 and not spec.categorical_x


def _value_range(spec: ChartSpec, unit: str | None, units: list[str | None]) -> list[float] | None:
    """From zero (or the lowest value) to a sixth above the highest value of the panel: its end label fits."""
    frames = [f for f in (spec.data, spec.spans, spec.targets) if f is not None and not f.empty and "y" in f]
    if not frames:
        return None
    if len(units) > 1 and unit is not None:
        of = _unit_of_series(spec)
        frames = [f[f["series"].map(of) == unit] for f in frames]
    values = pd.concat([f["y"] for f in frames]).dropna().astype(float)
    if "y_high" in spec.data:
        values = pd.concat([values, spec.data["y_high"].dropna().astype(float)])
    if values.empty:
        return None
    lo, hi = min(0.0, float(values.min())), max(0.0, float(values.max()))
    span = (hi - lo) or 1.0
    return [lo - (span * 0.14 if lo < 0 else 0.0), hi + span * 0.16]


def _basis_marker(spec: ChartSpec, points: pd.DataFrame) -> str:
    """The mark of a series' counting basis: a circle for the newest, another shape for an older one."""
    from .chartmodel import BASIS_MARKERS, _basis_rank

    return BASIS_MARKERS[min(_basis_rank(spec, points), len(BASIS_MARKERS) - 1)]


def _end_label(fig: go.Figure, spec: ChartSpec, name: str, full: pd.DataFrame, colour: str, series: int,
               where: dict, ends: list) -> None:
    """A line's last value written above its last point, where few series are drawn (at most three) and no note
    marker sits there: the reader sees where it ends without the hover. A single point gets its value the same way."""
    drawn = full.dropna(subset=["y"])
    if not _labelled_ends(spec) or series > 3 or drawn.empty:
        return
    last = drawn.iloc[-1]
    span = float(spec.data["y"].abs().max() or 1)
    if any(str(w) == str(where) and abs(float(x) - float(last["x"])) <= 2 and abs(float(y) - float(last["y"])) < 0.08 * span
           for w, x, y in ends):
        return   # another line ends at (nearly) the same value here: one label, the hover has both
    ends.append((where, last["x"], last["y"]))
    # a note marker stands above this point (its own, or one of a series split by counting basis, or close by)
    noted = any((n.x == last["x"] and (n.series == name or str(name).startswith(f"{n.series} — ")))
                or (n.x is not None and n.y is not None and abs(float(n.x) - float(last["x"])) <= 1
                    and abs(float(n.y) - float(last["y"])) < 0.15 * span)
                for n in spec.notes)
    if noted:
        return   # the marker says there is more to read here; the value is in the hover and the table
    value = str(last["text"]).split(" (")[0]   # the value, not its published range (that is in the hover)
    fig.add_scatter(x=[last["x"]], y=[last["y"]], mode="text", text=[value], textposition="top center",
                    name=name, line=dict(color=colour),
                    textfont=dict(size=STANDARD.label, color=colour), showlegend=False, hoverinfo="skip",
                    cliponaxis=False, legendgroup=name, **where)


def _mark_missing(fig: go.Figure, points: pd.DataFrame, colour: str, index: int, in_panel: int, where: dict,
                  spec: ChartSpec) -> None:
    """A year without a figure, inside the chart's range: 'geen cijfer' written upright in the bar's slot, the reason
    (data/missing.csv) in its hover. Never an empty slot that reads as zero."""
    if "missing" not in points:
        return
    panel = max(where.get("row", 1), where.get("col", 1)) if where else 1
    refs = dict(xref=f"x{panel}" if panel > 1 else "x", yref=f"y{panel}" if panel > 1 else "y")
    for row in points[points["y"].isna() & points["missing"].notna()].itertuples():
        x = row.x
        if not spec.categorical_x:
            bar = _year_bar(index, in_panel)
            x = row.x + bar["offset"] + bar["width"] / 2
        why = str(getattr(row, "missing_reason", "") or "")
        fig.add_annotation(x=x, y=0, textangle=-90, yanchor="bottom", showarrow=False,
                           text=t("c.no_figure", spec.language), font=dict(size=STANDARD.label, color="#555555"),
                           hovertext="<br>".join(wrap(f"{row.text}{': ' + why if why else ''}", 360, 12, 8)),
                           bordercolor=colour, borderwidth=1, borderpad=2, bgcolor="white", **refs)


def _draw_spans(fig: go.Figure, spec: ChartSpec, colours: dict, names: dict, place) -> None:
    if spec.spans is None or spec.spans.empty:
        return
    shown = set(spec.data["series"]) if not spec.data.empty else set()
    for row in spec.spans.itertuples():
        estimate = getattr(row, "status", None) in ESTIMATED
        low, high = getattr(row, "low", None), getattr(row, "high", None)
        if pd.notna(low) and pd.notna(high):   # the published range of an estimate, as a band behind it
            fig.add_scatter(x=[row.x0 - 0.4, row.x1 + 0.4, row.x1 + 0.4, row.x0 - 0.4, row.x0 - 0.4],
                            y=[low, low, high, high, low], mode="lines", fill="toself", line=dict(width=0),
                            fillcolor=colours[row.series], opacity=0.18, hoverinfo="skip", showlegend=False,
                            legendgroup=row.series, **place(row.series))
        # over the whole width of the years it covers: a one-year estimate is a short segment, not a lost point
        fig.add_scatter(x=[row.x0 - 0.4, row.x1 + 0.4], y=[row.y, row.y], mode="lines+markers", name=names.get(row.series,
                        row.series), legendgroup=row.series, showlegend=row.series not in shown,
                        line=dict(color=colours[row.series], width=2 if row.series in spec.dotted else 4,
                                  dash="dot" if row.series in spec.dotted else "dash" if estimate else "solid"),
                        marker=dict(symbol="line-ns", size=12, line=dict(width=2, color=colours[row.series])),
                        customdata=[[row.period, row.text]] * 2, hovertemplate=_hover(spec.language),
                        **place(row.series))
        shown.add(row.series)


def _draw_targets(fig: go.Figure, spec: ChartSpec, colours: dict, names: dict, place) -> None:
    if spec.targets is None or spec.targets.empty:
        return
    S, language = STANDARD, spec.language
    for name, points in spec.targets.groupby("series", sort=False):
        points = points.sort_values("x")
        colour = colours.get(name, "#555555")
        fig.add_scatter(x=points["x"], y=points["y"], name=names.get(name, name), legendgroup=name,
                        mode="lines+markers+text",
                        line=dict(color=colour, width=1.5, dash="dot"),
                        marker=dict(symbol="x-thin", size=11, line=dict(width=2, color=colour)),
                        # the due year written at the first and last target only: in between they would collide
                        # (every target's year is on the axis and in its hover)
                        text=[t("c.due", language, year=int(x)) if n in (0, len(points) - 1) else ""
                              for n, x in enumerate(points["x"])], textposition="top center",
                        textfont=dict(size=S.label, color=colour), cliponaxis=False,
                        customdata=points[["period", "text"]].to_numpy(), hovertemplate=_hover(language),
                        **place(name))


def _axes(fig: go.Figure, spec: ChartSpec, units: list[str | None], labels: dict, plot_width: float,
          stacked: bool = False) -> None:
    S = STANDARD
    grid = dict(gridcolor="#E5E5E5", zerolinecolor="#BBBBBB", tickfont=dict(size=S.tick),
                title_font=dict(size=S.tick))
    if spec.kind == "barh":
        fig.update_xaxes(**grid, **_axis_format(spec, None), rangemode="tozero", automargin=False,
                         title=None)
        if spec.bar_values and not spec.data.empty and spec.data["y"].notna().any():   # room for the values
            # a quarter more than the longest bar, or as much as the widest value written beside it needs
            need = max(text_width(str(v), S.label) for v in spec.data.loc[spec.data["y"].notna(), "text"]) + 12
            fig.update_xaxes(range=[0, float(spec.data["y"].max()) * max(1.25, 1 / max(0.4, 1 - need / plot_width))])
        order = [labels.get(x, x) for x in (spec.x_order or list(dict.fromkeys(spec.data["x"])))]
        fig.update_yaxes(type="category", automargin=False, title=None, autorange="reversed",
                         categoryorder="array", categoryarray=order, tickfont=dict(size=S.tick))
        if spec.reference is not None:
            fig.add_vline(x=spec.reference, line=dict(color="#333333", width=1.5, dash="dash"))
        return
    spacing = fig.layout.xaxis2.domain[0] - fig.layout.xaxis.domain[1] if len(units) > 1 and not stacked else 0
    panel_width = plot_width if stacked else plot_width * (1 - spacing * (len(units) - 1)) / len(units)
    for n, unit in enumerate(units, start=1):
        sel = (dict(row=n, col=1) if stacked else dict(row=1, col=n)) if len(units) > 1 else {}
        if _explicit_range(spec):
            # room above the highest point (and below the lowest bar) for the value written there
            fig.update_yaxes(range=_value_range(spec, unit, units), **sel)
        fig.update_yaxes(**grid, **_axis_format(spec, unit), rangemode="tozero", automargin=False,
                         title=dict(text=_axis_title(spec, unit), standoff=6), **sel)
        x_axis = dict(title=dict(text=spec.x_title or None, standoff=4),
                      gridcolor="#F0F0F0", tickfont=dict(size=S.tick), title_font=dict(size=S.tick),
                      automargin=False)
        if spec.categorical_x:
            x_axis["type"] = "category"
            if spec.x_order:
                x_axis.update(categoryorder="array", categoryarray=spec.x_order)
        else:
            # years stand a little below the axis: the value axis' lowest label ("0") sits on it, half below
            x_axis.update(tickformat="d", range=_year_range(spec), tickangle=0, ticklabelstandoff=S.tick // 2 + 2,
                          **_year_ticks(spec, panel_width))
        fig.update_xaxes(**x_axis, **sel)
    if spec.reference is not None:
        fig.add_hline(y=spec.reference, line=dict(color="#333333", width=1.5, dash="dash"))


def _year_bar(index: int, series: int) -> dict:
    """Width and offset of a bar on a year axis, in years: every bar covers (part of) its own year only.

    plotly's automatic width is a share of the smallest gap between x values, so a series with figures for 2019 and
    2025 only would get bars six years wide, as if the years between had figures. The group of bars in one year
    takes 0.6 of that year (0.8 for several series); each series gets its own slot in it.
    """
    group = 0.6 if series <= 1 else 0.8
    width = group / max(series, 1)
    return dict(width=width, offset=-group / 2 + index * width)


def _years(spec: ChartSpec) -> pd.Series:
    """Every year the chart places something on: points, targets and both ends of spans."""
    xs = [spec.data["x"]] if not spec.data.empty else []
    if spec.targets is not None and not spec.targets.empty:
        xs.append(spec.targets["x"])
    if spec.spans is not None and not spec.spans.empty:
        xs += [spec.spans["x0"], spec.spans["x1"]]
    return pd.concat(xs).astype(float) if xs else pd.Series(dtype=float)


def _year_range(spec: ChartSpec) -> list[float] | None:
    """Half a year of air on both sides, and at least six years wide so one bar does not fill the chart."""
    values = _years(spec)
    if values.empty:
        return None
    lo, hi = values.min() - 0.6, values.max() + 0.6
    if values.nunique() == 1:   # one year: that year, not an axis over seven years with one dot on it
        return [values.min() - 1, values.max() + 1]
    if hi - lo < 6:
        pad = (6 - (hi - lo)) / 2
        lo, hi = lo - pad, hi + pad
    return [lo, hi]


def _year_ticks(spec: ChartSpec, panel_width: float = 700) -> dict:
    """Year labels from the first year the chart places something on to the last, never on the air around them: a
    recount of 2022 and 2023 drawn 2020-2025 read as if 2020, 2021, 2024 and 2025 had no figure (or zero)."""
    values, step = _years(spec), _year_step(spec, panel_width)
    if values.empty:
        return dict(dtick=step)
    first, last = int(values.min()), int(values.max())
    return dict(tickmode="array", tickvals=[year for year in range(first, last + 1) if year % step == 0])


def _year_step(spec: ChartSpec, panel_width: float = 700) -> int:
    """Every year if the labels fit side by side, else every 2nd, 5th or 10th."""
    values = _years(spec)
    span = float(values.max() - values.min()) + 1 if len(values) else 1
    fits = max(2, int(panel_width / (4 * STANDARD.tick * STANDARD.char + 22)))
    return next((step for step in (1, 2, 5, 10) if span / step <= fits), 20)


def unit_axis(unit: str, language: str) -> dict:
    """Tick format, suffix and prefix for a unit (its decimals and style in data/units.csv)."""
    return vocabulary.unit_axis(unit)


def unit_title(unit: str, language: str) -> str:
    return value_label("unit", unit, language).capitalize()


# --- From figures (rows of the figures_* views) to spec parts ---------------------------------------------------------

def series_label(row: pd.Series, language: str, with_breakdown: bool) -> str:
    name = row[f"name_{language}"]
    return f"{name} — {value_label('breakdown', row['breakdown'], language)}" if with_breakdown else name


def points(figs: pd.DataFrame, language: str, with_breakdown: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Year and date figures as points (a date figure sits on its year; its hover shows the date), span figures
    as segments over their years. Returns (points, spans), both with series, period, text and the value."""
    from .i18n import format_period, format_value

    if figs.empty:
        empty = pd.DataFrame(columns=["series", "x", "y", "period", "text"])
        return empty, empty.assign(x0=[], x1=[])
    frame = figs.copy()
    frame["series"] = [series_label(r, language, with_breakdown) for _, r in frame.iterrows()]
    frame = split_bases(frame, language)   # figures on two counting bases are two series, never one line
    frame["text"] = [format_value(r.value, r.unit, r.qualifier, r.low, r.high, language) for r in frame.itertuples()]
    frame["period_raw"] = frame["period"]
    frame["period_label"] = [format_period(p, language) for p in frame["period"]]
    frame["y"] = frame["value"]
    is_span = frame["period_kind"] == "span"
    pts = frame[~is_span].copy()
    pts["x"] = pts["year"].astype(int)
    # two figures in one year (a month or date series) keep the newest in the year on the chart; the table has all
    pts = pts.sort_values("period_end").drop_duplicates(["series", "x"], keep="last")
    pts = pts.assign(period=pts["period_label"])
    spans = frame[is_span].copy()
    spans["x0"], spans["x1"] = spans["year_start"].astype(int), spans["year_end"].astype(int)
    spans = spans.assign(period=spans["period_label"])
    return pts, spans


def source_lines(figs: pd.DataFrame, language: str) -> list[str]:
    """'Nationaal Rapporteur, 18-10-2024 (18 okt 2024)': each document behind the figures once, newest last."""
    from .i18n import format_date

    if figs.empty:
        return []
    # a computed ratio names both its documents (`source_references`), each listed once; a reference may itself hold
    # "; " ("jaarcijfers 2024-10-18 (eigen tekst niet opgeslagen; cijfers geciteerd in ...)"), so nothing is split
    refs_of = (figs["source_references"].where(figs["source_references"].notna(), figs["source_reference"])
               if "source_references" in figs else figs["source_reference"])
    docs = (pd.DataFrame({"refs": [tuple(r) if isinstance(r, (list, tuple)) else (str(r),) for r in refs_of],
                          "published": figs["published"]}).drop_duplicates().sort_values("published"))
    seen: dict[str, str] = {}
    for refs, published in docs.itertuples(index=False):
        date = format_date(published, language)
        for ref in refs:
            seen.setdefault(ref, ref if _mentions_date(ref, str(published), date) else f"{ref} ({date})")
    return list(seen.values())


def numbered_notes(notes: pd.DataFrame, pts: pd.DataFrame, language: str, with_breakdown: bool = False) -> list[Note]:
    """One Note per note id; its marker sits on the first figure it applies to that is drawn.

    The notes on drawn figures come first, numbered 1, 2, …: those are the ones an exported image carries. The rest
    (on figures outside the years or breakdown shown) follow, so the complete list keeps the image's numbers."""
    if notes.empty:
        return []
    found: list[Note] = []
    rest: list[Note] = []
    for _, rows in notes.groupby("note", sort=False):
        first = rows.iloc[0]
        note = Note(0, first[f"text_{language}"], first["source_reference"])
        if not pts.empty:
            for row in rows.itertuples():
                hit = pts[(pts["indicator"] == row.indicator) & (pts["breakdown"] == row.breakdown)
                          & (pts["period_raw"] == row.period)] if "period_raw" in pts else pts.iloc[0:0]
                if not hit.empty:
                    note.series, note.x, note.y = hit.iloc[0]["series"], hit.iloc[0]["x"], hit.iloc[0]["y"]
                    break
        (found if note.x is not None else rest).append(note)
    for number, note in enumerate(found + rest, start=1):
        note.number = number
    return found + rest


def _mentions_date(reference: str, published: str, shown: str) -> bool:
    """Whether a document reference already carries its date (2024-10-18, 18-10-2024, or the formatted one)."""
    parts = published.split("-")
    variants = {published, shown, "-".join(reversed(parts))}
    return any(v and v in reference for v in variants)


def target_points(targets: pd.DataFrame, language: str, with_breakdown: bool = False) -> pd.DataFrame:
    """Rows of target_status as target points: series '<indicator> — Doel', x the due year, y the target value.
    `base_series` names the series the target belongs to (for its colour and for indexing)."""
    from .i18n import format_value

    columns = ["series", "base_series", "x", "y", "period", "text", "indicator", "breakdown"]
    targets = targets[targets["due"].notna()] if "due" in targets else targets   # no due year: no point to draw
    if targets.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    base = [series_label(pd.Series({f"name_{language}": r[f"indicator_name_{language}"], "breakdown": r["breakdown"]}),
                         language, with_breakdown) for _, r in targets.iterrows()]
    return pd.DataFrame({
        "series": [f"{b} — {t('c.target', language)}" for b in base], "base_series": base,
        "x": targets["due"].astype(int).to_numpy(), "y": targets["target_value"].astype(float).to_numpy(),
        "period": targets["due"].astype(str).to_numpy(),
        "text": [format_value(r.target_value, r.unit, None, language=language) for r in targets.itertuples()],
        "indicator": targets["indicator"].to_numpy(), "breakdown": targets["breakdown"].to_numpy(),
    })


# --- Sparklines -------------------------------------------------------------------------------------------------------

def sparkline(points: tuple, label: str, language: str, width: int = 220, height: int = 46,
              breaks: tuple = ()) -> str:
    """A card's years as an inline SVG: a line through consecutive years only (a gap stays open, and so does a change
    of counting basis: `breaks` are the years a new basis starts), a dot on a year standing alone, the first and the
    last year written at the ends, and a text alternative (role="img" with aria-label and title) that says what the
    line shows, year by year. One year of data is a dot with its year."""
    from html import escape

    from .i18n import format_number

    known = [(int(y), float(v)) for y, v in points if v is not None and not pd.isna(v)]
    if not known:
        return ""
    first, last = int(points[0][0]), int(points[-1][0])
    top, bottom, left, right = 6.0, height - 16.0, 4.0, width - 4.0
    high, low = max(v for _, v in known), min(min(v for _, v in known), 0.0)
    span_y = (high - low) or 1.0
    span_x = (last - first) or 1

    def xy(year: int, value: float) -> tuple[float, float]:
        x = (left + right) / 2 if last == first else left + (year - first) / span_x * (right - left)
        return round(x, 1), round(bottom - (value - low) / span_y * (bottom - top), 1)

    runs: list[list[tuple[float, float]]] = [[]]
    for year, value in points:
        if value is None or pd.isna(value):
            runs.append([])
        else:
            if int(year) in breaks:
                runs.append([])   # never one line across two counting bases
            runs[-1].append(xy(int(year), float(value)))
    colour = "#0072B2"
    marks = []
    for run in (r for r in runs if r):
        if len(run) == 1:
            marks.append(f'<circle cx="{run[0][0]}" cy="{run[0][1]}" r="2.5" fill="{colour}"/>')
        else:
            path = " ".join(f"{'M' if n == 0 else 'L'}{x},{y}" for n, (x, y) in enumerate(run))
            marks.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    end_x, end_y = xy(*known[-1])
    marks.append(f'<circle cx="{end_x}" cy="{end_y}" r="3" fill="{colour}"/>')
    gaps = [int(y) for y, v in points if v is None or pd.isna(v)]
    said = "; ".join(f"{y}: {format_number(v, language)}" for y, v in known)
    if gaps:
        said += f". {t('c.spark_gaps', language, years=', '.join(map(str, gaps)))}"
    if breaks:
        said += f". {t('c.spark_break', language, years=', '.join(map(str, breaks)))}"
    when = f"{first}–{last}" if last != first else str(first)
    alt = escape(f"{t('c.spark', language, name=label, years=when)}: {said}", quote=True)
    years = (f'<text x="{left}" y="{height - 3}" font-size="11" fill="#444">{first}</text>'
             f'<text x="{right}" y="{height - 3}" font-size="11" fill="#444" text-anchor="end">{last}</text>'
             if last != first else
             f'<text x="{end_x}" y="{height - 3}" font-size="11" fill="#444" text-anchor="middle">{first}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{alt}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}"><title>{alt}</title>'
            f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#DDD"/>{"".join(marks)}{years}</svg>')
