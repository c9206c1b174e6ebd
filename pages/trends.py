"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import catalogue, charts, queries, render, state
from dashboard.i18n import format_date, format_period, format_value, lang, t, value_label

language = lang()
st.title(t("page.trends"))
st.caption(t("trends.intro"))

cat = queries.catalogue()
span = queries.year_range()
with_figures = cat[cat["figures"] > 0]
if span is None or with_figures.empty:
    st.info(t("db.empty"))
    st.stop()

ids = with_figures["indicator"].tolist()
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))
units = dict(zip(cat["indicator"], cat["unit"]))
breakdowns = ["*", *queries.breakdowns()]
today = dt.date.today()
view = state.View("trends", [
    state.choices("ind", ids, default=catalogue.headline_ids(cat)[:1] or ids[:1]),
    state.choice("bd", breakdowns, "totaal" if "totaal" in breakdowns else "*"),
    state.year_span("years", *span),
    state.choice("vintage", queries.VINTAGES, "latest"),
    state.date("asof", dt.date(1990, 1, 1), today, today),
    state.choice("chart", ("line", "bar"), "line"),
    state.flag("index"),
    state.year("base", *span, default=span[0]),
    state.flag("yoy"),
])
view.restore()

with st.container(border=True):
    top = st.columns([3, 1])
    top[0].multiselect(t("w.indicators"), ids, key=view.key("ind"), format_func=names.get, max_selections=12)
    top[1].selectbox(t("w.breakdown"), breakdowns, key=view.key("bd"),
                     format_func=lambda b: t("all") if b == "*" else value_label("breakdown", b, language))
    middle = st.columns([4, 4, 2])
    middle[0].slider(t("w.years"), span[0], span[1], key=view.key("years"), step=1)
    middle[1].segmented_control(t("w.vintage"), queries.VINTAGES, key=view.key("vintage"), required=True,
                                format_func=lambda v: t(f"vintage.{v}"))
    middle[2].segmented_control(t("w.chart"), ("line", "bar"), key=view.key("chart"), required=True,
                                format_func=lambda v: t(f"chart.{v}"))
    bottom = st.columns([2, 2, 3, 3])
    if view.get("vintage") == "asof":
        bottom[0].date_input(t("w.as_of"), key=view.key("asof"), min_value=dt.date(1990, 1, 1), max_value=today,
                             format="DD-MM-YYYY")
    bottom[1].toggle(t("w.index"), key=view.key("index"))
    if view.get("index"):
        bottom[1].selectbox(t("w.base_year"), list(range(span[0], span[1] + 1)), key=view.key("base"))
    bottom[2].toggle(t("w.show_change"), key=view.key("yoy"))
view.publish()

chosen = view.get("ind")
breakdown = None if view.get("bd") == "*" else view.get("bd")
vintage = view.get("vintage")
if not chosen:
    st.info(t("trends.pick"))
    st.stop()

figs = queries.figures(chosen, breakdown, view.get("years"), vintage, view.get("asof") if vintage == "asof" else None)
missing = [names[i] for i in chosen if i not in set(figs["indicator"])]
if missing:
    st.warning(t("c.gap_selection", names=", ".join(missing)))

with_breakdown = breakdown is None or figs["breakdown"].nunique() > 1
pts, spans = charts.points(figs, language, with_breakdown)
targets = queries.targets(chosen)
if breakdown is not None:
    targets = targets[targets["breakdown"] == breakdown]
targets = targets[targets["due"].between(*view.get("years"))]
target_rows = charts.target_points(targets, language, with_breakdown)

chosen_units = sorted({units[i] for i in chosen if i in set(figs["indicator"])})
unit = chosen_units[0] if len(chosen_units) == 1 else None
axis = charts.unit_axis(unit, language) if unit else {}
unit_text = charts.unit_title(unit, language) if unit else " / ".join(charts.unit_title(u, language) for u in chosen_units)

if view.get("index"):
    base = view.get("base")
    base_values = pts[pts["x"] == base].set_index("series")["y"]
    lacking = sorted(set(pts["series"]) - set(base_values.index))
    if lacking:
        st.warning(t("trends.no_base", year=base, names=", ".join(lacking)))
    pts = pts[pts["series"].isin(base_values.index)].copy()
    pts["y"] = pts["y"] / pts["series"].map(base_values) * 100
    pts["text"] = [f"{r.text} → {format_value(r.y, None, None, None, None, language)}" for r in pts.itertuples()]
    spans = spans.iloc[0:0]
    target_base = target_rows["base_series"].map(base_values)
    target_rows = target_rows[target_base.notna()].assign(y=lambda f: f["y"] / target_base[target_base.notna()] * 100)
    axis, unit_text = dict(y_format=",.0f"), t("c.index", year=base)
elif len(chosen_units) > 1:
    st.info(t("trends.units", units=", ".join(value_label("unit", u, language) for u in chosen_units)))

note_rows = queries.notes(chosen, breakdown)
notes = charts.numbered_notes(note_rows, pts, language, with_breakdown)
if not pts.empty and pts.groupby("series")["x"].apply(lambda x: x.max() - x.min() + 1 > len(x)).any():
    st.caption(t("c.gap_note"))
if not spans.empty:
    st.caption(t("c.span_note"))

title_names = ", ".join(names[i] for i in chosen)
render.show_chart(charts.ChartSpec(
    key="trends", title=t("trends.title", names=title_names if len(title_names) < 90 else title_names[:88] + "…"),
    unit=f"{unit_text} · {t('vsub.' + vintage, date=format_date(view.get('asof').isoformat()))}",
    data=pts, spans=spans, targets=target_rows, notes=notes, language=language, kind=view.get("chart"),
    sources=charts.source_lines(figs, language), **axis,
    table=render.figure_table(figs, language), download=render.figure_download(figs, language),
))

if view.get("yoy") and not pts.empty:
    change = pts.sort_values("x").copy()
    previous = change.groupby("series")["y"].shift(1)
    previous_year = change.groupby("series")["x"].shift(1)
    change["y"] = (change["y"] - previous) / previous * 100
    change = change[(previous_year == change["x"] - 1) & previous.notna() & (previous != 0)]
    change["text"] = [format_value(v, "percent", None, None, None, language) for v in change["y"]]
    render.show_chart(charts.ChartSpec(
        key="trends-yoy", title=t("trends.change_title"), unit=t("c.change"), data=change, language=language,
        kind="bar", sources=charts.source_lines(figs, language), y_format=",.1f", y_suffix="%",
        table=change[["series", "period", "text"]].rename(columns={"series": t("col.series"),
                                                                  "period": t("col.period"),
                                                                  "text": t("col.change")}),
        download=change[["series", "x", "y"]].rename(columns={"series": t("col.series"), "x": t("col.year"),
                                                           "y": t("col.change")}),
    ))
