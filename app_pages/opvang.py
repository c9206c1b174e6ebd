"""Opvang en dark number: registered victims against the estimated true number, OMM places, waiting list and
waiting time, budget (also per place) and the reported shortfall, COSM."""

import pandas as pd
import streamlit as st

from dashboard import catalogue, queries, render, state, views
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
view = state.View("opvang", views.params("opvang"))
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


result = views.charts_of("opvang", view.values, language)

# Dark number: registrations against estimates; an estimate for several years applies to each of them, and says so.
st.subheader(t("shelter.dark"))
if not gap("estimated", names.get("victims_estimated", t("shelter.dark"))) and not gap("registered", t("step.registrations")):
    render.show_chart(result.spec("dark-number"))
    if not result.tables["shares"].empty:
        st.markdown(f"**{t('shelter.share')}**")
        render.show_table(result.tables["shares"], key="dark-share")

st.subheader(t("shelter.places"))
if not gap("places", t("shelter.places")):
    render.show_chart(result.spec("places"))

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
