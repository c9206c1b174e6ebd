"""Doelen: every target with baseline, latest value, due year and status, and progress charts."""

import pandas as pd
import streamlit as st

from dashboard import charts, queries, render, state
from dashboard.i18n import format_value, lang, t, value_label

language = lang()
st.title(t("page.targets"))
st.caption(t("targets.intro"))
st.caption(t("targets.rule"))

every = queries.targets(current_only=False)
if every.empty:
    st.info(t("targets.none"))
    st.stop()
indicators = list(dict.fromkeys(every["indicator"]))
names = dict(zip(every["indicator"], every[f"indicator_name_{language}"]))
view = state.View("doelen", [state.flag("replaced"), state.choice("ind", indicators, indicators[0])])
view.restore()
st.toggle(t("w.show_replaced"), key=view.key("replaced"))
targets = every if view.get("replaced") else every[every["is_current"]]

table = pd.DataFrame({
    t("col.target"): targets[f"name_{language}"],
    t("col.breakdown"): [value_label("breakdown", b, language) for b in targets["breakdown"]],
    t("col.baseline"): [f"{format_value(v, u, language=language)} ({int(p)})" if pd.notna(v) else "–"
                        for v, u, p in zip(targets["baseline_value"], targets["unit"], targets["baseline_period"])],
    t("col.target_value"): [f"{value_label('direction', d, language)} {format_value(v, u, language=language)}"
                            for d, v, u in zip(targets["direction"], targets["target_value"], targets["unit"])],
    t("col.due"): targets["due"].astype(str),
    t("col.actual"): [f"{format_value(v, u, language=language)} ({int(y)})" if pd.notna(v) else "–"
                      for v, u, y in zip(targets["actual_value"], targets["unit"], targets["actual_year"])],
    t("col.status"): [value_label("target_status", s, language) for s in targets["status"]],
    t("col.current"): [t("yes") if c else t("no") for c in targets["is_current"]],
    t("col.source"): targets["source_reference"],
})
render.show_table(table, key="targets-table")
render.downloads(targets.drop(columns=["quote"]), "targets", language)

# Progress of every target: the latest value as a share of the target value, coloured by status.
progress = targets.assign(y=targets["actual_value"] / targets["target_value"] * 100).dropna(subset=["y"])
if not progress.empty:
    progress = progress.assign(
        series=[value_label("target_status", s, language) for s in progress["status"]],
        x=[f"{n} ({d})" for n, d in zip(progress[f"name_{language}"], progress["due"])],
        period=progress["actual_year"].astype("Int64").astype(str),
        text=[f"{format_value(a, u, language=language)} / {format_value(v, u, language=language)}"
              for a, v, u in zip(progress["actual_value"], progress["target_value"], progress["unit"])],
    )
    render.show_chart(charts.ChartSpec(
        key="targets-progress", title=t("targets.progress_title"), unit=t("targets.progress"), data=progress,
        language=language, kind="barh", categorical_x=True, x_title="", y_format=",.0f", y_suffix="%",
        reference=100, height=120 + 45 * len(progress),
        sources=sorted(set(progress["source_reference"])),
        colours={value_label("target_status", s, language): c for s, c in charts.STATUS_COLOURS.items()},
        table=table, download=targets.drop(columns=["quote"]),
    ))

# One indicator against its targets over time.
st.selectbox(t("col.indicator"), indicators, key=view.key("ind"), format_func=names.get)
view.publish()
indicator = view.get("ind")
mine = targets[targets["indicator"] == indicator]
breakdown = mine["breakdown"].iloc[0] if not mine.empty else "totaal"
figs = queries.figures([indicator], breakdown)
pts, spans = charts.points(figs, language)
target_rows = charts.target_points(mine, language)
unit = every.loc[every["indicator"] == indicator, "unit"].iloc[0]
render.show_chart(charts.ChartSpec(
    key=f"target-{indicator}", title=t("targets.chart", name=names[indicator]), unit=charts.unit_title(unit, language),
    data=pts, spans=spans, targets=target_rows, language=language, **charts.unit_axis(unit, language),
    sources=charts.source_lines(figs, language) + sorted(set(mine["source_reference"])),
    notes=charts.numbered_notes(queries.notes([indicator], breakdown), pts, language),
    table=render.figure_table(figs, language), download=render.figure_download(figs, language),
))
