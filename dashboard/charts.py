"""plotly figure builders: a small chart spec in, a complete figure out (title, unit, source line, notes, targets).

A spec holds tidy data and its metadata; `build(spec)` makes the figure. The same figure serves the screen and, later,
PNG/SVG/PPTX export, so everything a reader needs is inside it: title, the unit as subtitle, note markers and a source
line naming each document and its date.

Conventions: Okabe-Ito colours (colour-blind safe) in a fixed order; number formats from `layout.separators`
(Dutch ",." / English ".,") with d3 tick and hover formats; years on the x axis as plain integers (no "2.023");
a missing year is a gap in the line (None, connectgaps off), never a zero.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .i18n import separators, t, value_label

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")
STATUS_COLOURS = {"met": "#009E73", "missed": "#D55E00", "on_track": "#56B4E9", "off_track": "#E69F00",
                  "no_data": "#999999"}
FONT = "Source Sans Pro, Arial, sans-serif"
LABEL_PX = 7  # a generous width of one character of a 13 px tick label, for room the browser measures only later


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
          period (as written) and the traceability columns the table and downloads carry.
    spans: optional rows series, x0, x1, y, text for figures about several years together (drawn as segments).
    targets: optional rows series, x (due year), y, text: target values, drawn dotted with their due year.
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
    stamp: str = ""                   # the database build, last line of the footer (exports)
    page: str = ""                    # the dashboard page (url path) the chart is on, for its permalink


def colour_map(series: list[str]) -> dict[str, str]:
    return {name: OKABE_ITO[n % len(OKABE_ITO)] for n, name in enumerate(series)}


def _series_order(spec: ChartSpec) -> list[str]:
    names: list[str] = []
    for frame in (spec.data, spec.spans, spec.targets):
        if frame is not None and not frame.empty:
            names += [s for s in frame["series"].drop_duplicates() if s not in names]
    return names


def _with_gaps(points: pd.DataFrame) -> pd.DataFrame:
    """One row per year from first to last, missing years as None: plotly then breaks the line there."""
    if points.empty:
        return points
    years = range(int(points["x"].min()), int(points["x"].max()) + 1)
    return points.set_index("x").reindex(years).rename_axis("x").reset_index()


def _hover(language: str) -> str:
    return "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]}<extra></extra>"


def build(spec: ChartSpec) -> go.Figure:
    """The figure for a spec; an empty spec gives a figure that says so rather than blank axes."""
    language = spec.language
    colours = {**colour_map(_series_order(spec)), **spec.colours}
    fig = go.Figure()
    bar_series = spec.data["series"].nunique() if not spec.data.empty else 0

    for index, (name, points) in enumerate(spec.data.groupby("series", sort=False) if not spec.data.empty else []):
        points = points.sort_values("x")
        if spec.kind == "barh":
            fig.add_bar(y=points["x"], x=points["y"], name=name, marker_color=colours[name], orientation="h",
                        text=points["text"], textposition="outside", cliponaxis=False,
                        customdata=points[["period", "text"]].to_numpy(), hovertemplate=_hover(language))
            for row in points[points["y"].isna()].itertuples():  # no value to draw: say why instead of a bar
                fig.add_annotation(x=0, y=row.x, xanchor="left", showarrow=False, text=row.text,
                                   font=dict(size=12, color=colours[name]))
        elif spec.kind == "bar":
            fig.add_bar(x=points["x"], y=points["y"], name=name, marker_color=colours[name],
                        customdata=points[["period", "text"]].to_numpy(), hovertemplate=_hover(language),
                        **({} if spec.categorical_x else _year_bar(index, bar_series)))
        else:
            ranged = "y_low" in points and points["y_low"].notna().any()
            keep = ["x", "y", "period", "text"] + (["y_low", "y_high"] if ranged else [])
            full = _with_gaps(points[keep]) if not spec.categorical_x else points
            error = dict(type="data", array=(full["y_high"] - full["y"]).to_numpy(),
                         arrayminus=(full["y"] - full["y_low"]).to_numpy(), color=colours[name], thickness=1.5,
                         width=6) if ranged else None
            fig.add_scatter(x=full["x"], y=full["y"], name=name, mode="lines+markers", connectgaps=False,
                            line=dict(color=colours[name], width=2.5), marker=dict(size=8, color=colours[name]),
                            error_y=error,
                            customdata=full[["period", "text"]].fillna("").to_numpy(), hovertemplate=_hover(language))

    if spec.spans is not None and not spec.spans.empty:
        shown = set(spec.data["series"]) if not spec.data.empty else set()
        for row in spec.spans.itertuples():
            low, high = getattr(row, "low", None), getattr(row, "high", None)
            if pd.notna(low) and pd.notna(high):   # the published range of an estimate, as a band behind it
                fig.add_scatter(x=[row.x0 - 0.4, row.x1 + 0.4, row.x1 + 0.4, row.x0 - 0.4, row.x0 - 0.4],
                                y=[low, low, high, high, low], mode="lines", fill="toself", line=dict(width=0),
                                fillcolor=colours[row.series], opacity=0.18, hoverinfo="skip", showlegend=False,
                                legendgroup=row.series)
            fig.add_scatter(x=[row.x0 - 0.4, row.x1 + 0.4], y=[row.y, row.y], mode="lines", name=row.series,
                            legendgroup=row.series, showlegend=row.series not in shown,
                            line=dict(color=colours[row.series], width=5,
                                      dash="dash" if getattr(row, "status", "") == "estimate" else "solid"),
                            marker=dict(symbol="line-ns", size=12,
                                                                                         color=colours[row.series]),
                            customdata=[[row.period, row.text]] * 2, hovertemplate=_hover(language))
            shown.add(row.series)

    if spec.targets is not None and not spec.targets.empty:
        for name, points in spec.targets.groupby("series", sort=False):
            points = points.sort_values("x")
            base = points["base_series"].iloc[0] if "base_series" in points else name
            colour = colours.get(base, colours.get(name, "#555555"))
            fig.add_scatter(x=points["x"], y=points["y"], name=name, mode="lines+markers+text",
                            line=dict(color=colour, width=1.5, dash="dot"),
                            marker=dict(symbol="x-thin", size=11, line=dict(width=2, color=colour)),
                            text=[t("c.due", language, year=int(x)) for x in points["x"]], textposition="top center",
                            textfont=dict(size=11, color=colour),
                            customdata=points[["period", "text"]].to_numpy(), hovertemplate=_hover(language))

    for note in spec.notes:
        if note.x is None or note.y is None:
            continue
        fig.add_annotation(x=note.x, y=note.y, text=f"<b>[{note.number}]</b>", showarrow=True, arrowhead=0,
                           ax=0, ay=-28, font=dict(size=12, color="#333333"), bgcolor="rgba(255,255,255,0.85)")

    if spec.data.empty and (spec.spans is None or spec.spans.empty):
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text=t("c.no_data", language), font=dict(size=16, color="#666666"))

    footer = _footer(spec)
    lines = footer.count("<br>") + 1 if footer else 0
    bottom = 70 + 15 * lines
    labels = _label_room(spec)
    fig.add_annotation(x=0, y=0, xref="paper", yref="paper", yanchor="top", xanchor="left", yshift=-58,
                       xshift=-labels, showarrow=False, align="left", text=footer,
                       font=dict(size=11, color="#555555"))
    traces = len(fig.data)
    many = traces > 4
    legend = (dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", font=dict(size=12))
              if many else dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=12)))
    fig.update_layout(
        title=dict(text=f"<b>{spec.title}</b>", subtitle=dict(text=spec.unit), x=0, xanchor="left", y=0.98,
                   yanchor="top", yref="container", font=dict(size=17)),
        separators=separators(language),
        font=dict(family=FONT, size=13, color="#222222"),
        paper_bgcolor="white", plot_bgcolor="white",
        height=spec.height + bottom,
        margin=dict(l=10 + labels, r=20, t=100 if 1 < traces <= 4 else 75, b=bottom),
        showlegend=traces > 1, legend=legend,
        barmode="group",
        hoverlabel=dict(font=dict(family=FONT)),
    )
    value_axis = dict(tickformat=spec.y_format, ticksuffix=spec.y_suffix, tickprefix=spec.y_prefix,
                      rangemode="tozero", gridcolor="#E5E5E5", zerolinecolor="#BBBBBB", automargin=True)
    x_axis = dict(title=spec.x_title if spec.x_title is not None else t("c.year", language), gridcolor="#F0F0F0",
                  automargin=True)
    if spec.categorical_x:
        x_axis["type"] = "category"
        if spec.x_order:
            x_axis.update(categoryorder="array", categoryarray=spec.x_order)
    else:
        x_axis.update(tickformat="d", dtick=_year_step(spec), range=_year_range(spec))
    if spec.kind == "barh":
        fig.update_xaxes(**value_axis, title=None)
        if not spec.data.empty and spec.data["y"].notna().any():   # room right of the longest bar for its label
            fig.update_xaxes(range=[0, float(spec.data["y"].max()) * 1.2])
        fig.update_yaxes(type="category", automargin=True, title=None, autorange="reversed",
                         **(dict(categoryorder="array", categoryarray=spec.x_order) if spec.x_order else {}))
        if spec.reference is not None:
            fig.add_vline(x=spec.reference, line=dict(color="#333333", width=1.5, dash="dash"))
    else:
        fig.update_yaxes(**value_axis)
        fig.update_xaxes(**x_axis)
        if spec.reference is not None:
            fig.add_hline(y=spec.reference, line=dict(color="#333333", width=1.5, dash="dash"))
    return fig


def _label_room(spec: ChartSpec) -> int:
    """Pixels reserved left of the plot area for the category names of a horizontal bar chart (0 for other charts).

    The footer is anchored at x=0 'paper', the left edge of the plot area, and plotly's automargin moves that edge
    right of the longest name only in the browser: the footer would start there and run off the figure. So the names
    get this room as left margin (automargin still widens it if a name needs more) and the footer shifts back by it.
    """
    if spec.kind != "barh" or spec.data.empty:
        return 0
    return LABEL_PX * max(len(str(x)) for x in spec.data["x"]) + 10


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
    if hi - lo < 6:
        pad = (6 - (hi - lo)) / 2
        lo, hi = lo - pad, hi + pad
    return [lo, hi]


def _year_step(spec: ChartSpec) -> int:
    values = _years(spec)
    width = float(values.max() - values.min()) if len(values) else 0
    return 1 if width <= 12 else (2 if width <= 24 else 5)


def _footer(spec: ChartSpec) -> str:
    """The source line (and, for export, the notes), wrapped so nothing is clipped."""
    label = t("c.source" if len(spec.sources) == 1 else "c.sources", spec.language)
    lines = textwrap.wrap(f"{label}: " + "; ".join(spec.sources), 115) if spec.sources else []
    if spec.notes_in_figure:
        for note in spec.notes:
            lines += textwrap.wrap(f"[{note.number}] {note.text}", 115)
    if spec.stamp:
        lines.append(spec.stamp)
    return "<br>".join(lines)


def unit_axis(unit: str, language: str) -> dict:
    """Tick format, suffix and prefix for a unit."""
    if unit == "percent":
        return dict(y_format=",.0f", y_suffix="%")
    if unit == "euros":
        return dict(y_format=",.0f", y_prefix="€ ")
    if unit == "per_100k":
        return dict(y_format=",.1f")
    return dict(y_format=",.0f")


def unit_title(unit: str, language: str) -> str:
    return value_label("unit", unit, language).capitalize()


# --- From figures (rows of the figures_* views) to spec parts -------------------------------------------------------

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
    docs = figs[["source_reference", "published"]].drop_duplicates().sort_values("published")
    seen: dict[str, str] = {}
    for ref, published in docs.itertuples(index=False):
        date = format_date(published, language)
        seen.setdefault(ref, ref if _mentions_date(ref, str(published), date) else f"{ref} ({date})")
    return list(seen.values())


def numbered_notes(notes: pd.DataFrame, pts: pd.DataFrame, language: str, with_breakdown: bool = False) -> list[Note]:
    """One Note per note id, numbered in order; its marker sits on the first figure it applies to that is drawn."""
    if notes.empty:
        return []
    out: list[Note] = []
    for number, (note_id, rows) in enumerate(notes.groupby("note", sort=False), start=1):
        first = rows.iloc[0]
        note = Note(number, first[f"text_{language}"], first["source_reference"])
        if not pts.empty:
            for row in rows.itertuples():
                hit = pts[(pts["indicator"] == row.indicator) & (pts["breakdown"] == row.breakdown)
                          & (pts["period_raw"] == row.period)] if "period_raw" in pts else pts.iloc[0:0]
                if not hit.empty:
                    note.series, note.x, note.y = hit.iloc[0]["series"], hit.iloc[0]["x"], hit.iloc[0]["y"]
                    break
        out.append(note)
    return out


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
