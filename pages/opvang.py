"""Opvang en dark number: registered victims against the estimated true number, OMM places, waiting list and
waiting time, budget (also per place) and the reported shortfall, COSM."""

import pandas as pd
import streamlit as st

from dashboard import catalogue, charts, queries, render, state
from dashboard.i18n import format_period, format_value, lang, t, value_label

language = lang()
st.title(t("page.shelter"))
st.caption(t("shelter.intro"))

cat = queries.catalogue()
span = queries.year_range()
parts = catalogue.shelter_ids(cat)
if span is None:
    st.info(t("db.empty"))
    st.stop()
view = state.View("opvang", [state.year_span("years", *span)])
view.restore()
st.slider(t("w.years"), span[0], span[1], key=view.key("years"))
view.publish()
years = view.get("years")
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))


def gap(part: str, title: str) -> bool:
    if not parts[part]:
        st.caption(t("c.gap", names=title))
        return True
    return False


def chart(key: str, title: str, ids: list[str], kind: str = "line") -> pd.DataFrame:
    """A chart of the total of some indicators (one unit per chart: the first indicator's)."""
    figs = queries.figures(ids, "totaal", years)
    unit = figs["unit"].iloc[0] if not figs.empty else cat.set_index("indicator").loc[ids[0], "unit"]
    figs = figs[figs["unit"] == unit]
    pts, spans = charts.points(figs, language)
    render.show_chart(charts.ChartSpec(
        key=key, title=title, unit=charts.unit_title(unit, language), data=pts, spans=spans, language=language,
        kind=kind, sources=charts.source_lines(figs, language), **charts.unit_axis(unit, language),
        notes=charts.numbered_notes(queries.notes(ids, "totaal"), pts, language),
        table=render.figure_table(figs, language), download=render.figure_download(figs, language),
    ))
    return figs


# Dark number: registrations against estimates; an estimate for several years applies to each of them, and says so.
st.subheader(t("shelter.dark"))
if not gap("estimated", names.get("victims_estimated", t("shelter.dark"))) and not gap("registered", t("step.registrations")):
    figs = chart("dark-number", t("shelter.dark"), parts["registered"] + parts["estimated"])
    registered = figs[figs["indicator"].isin(parts["registered"]) & (figs["period_kind"] == "year")]
    estimated = figs[figs["indicator"].isin(parts["estimated"])]
    shares = []
    for est in estimated.itertuples():
        for reg in registered[registered["year"].between(est.year_start, est.year_end)].itertuples():
            shares.append({
                t("col.year"): str(int(reg.year)),
                t("col.indicator"): getattr(reg, f"name_{language}"),
                t("step.registrations"): format_value(reg.value, reg.unit, reg.qualifier, language=language),
                t("shelter.estimate"): format_value(est.value, est.unit, est.qualifier, est.low, est.high, language),
                t("shelter.estimate_period"): format_period(est.period, language),
                t("shelter.share"): format_value(reg.value / est.value * 100, "percent", "about" if est.qualifier
                                                 else None, language=language),
            })
    if shares:
        st.markdown(f"**{t('shelter.share')}**")
        render.show_table(pd.DataFrame(shares).fillna(""), key="dark-share")

st.subheader(t("shelter.places"))
if not gap("places", t("shelter.places")):
    chart("places", t("shelter.places"), parts["places"], kind="bar")

st.subheader(t("shelter.waiting"))
if not gap("waiting", t("shelter.waiting")):
    waiting = queries.figures(parts["waiting"], None, None)
    columns = st.columns(max(1, min(4, len(waiting))))
    for n, row in enumerate(waiting.sort_values("period_end").groupby("indicator").tail(1).itertuples()):
        columns[n % len(columns)].metric(
            f"{getattr(row, f'name_{language}')} ({format_period(row.period, language)})",
            format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
            help=f"{t('col.source')}: {row.source_reference}")
    render.show_table(render.figure_table(waiting, language), key="waiting")

st.subheader(t("shelter.budget"))
if not gap("budget", t("shelter.budget")):
    budget = queries.figures(parts["budget"], None, None)
    render.show_table(render.figure_table(budget, language), key="budget")
    render.downloads(render.figure_download(budget, language), "budget", language)
    places = queries.figures(parts["places"], "totaal", None) if parts["places"] else budget.iloc[0:0]
    omm_budget = budget[budget["indicator"].str.contains("omm") & ~budget["indicator"].str.contains("gap")]
    for b in omm_budget.itertuples():
        same = places[(places["year"] == b.year) & places["indicator"].str.contains("omm")]
        for p in same.itertuples():
            st.markdown(t("shelter.per_place_text",
                          budget=format_value(b.value, "euros", b.qualifier, language=language),
                          places=format_value(p.value, p.unit, p.qualifier, language=language),
                          per_place=format_value(round(b.value / p.value), "euros", "about", language=language),
                          period=format_period(b.period, language)))

st.subheader(t("shelter.cosm"))
if not gap("cosm", "COSM"):
    cosm = queries.figures(parts["cosm"], None, None)
    render.show_table(render.figure_table(cosm, language), key="cosm")
