"""Opvang en dark number: registered victims against the estimated true number, OMM places, waiting list and
waiting time, budget (also per place) and the reported shortfall, COSM."""

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.state import lang, t

language = lang()
st.title(t("page.shelter"))
st.caption(t("shelter.intro"))

span = queries.year_range()
if span is None:
    st.info(t("db.empty"))
    st.stop()
view = state.View("opvang", views.params("opvang"))
view.restore()
st.slider(t("w.years"), span[0], span[1], key=view.key("years"))
view.publish()
result = views.charts_of("opvang", view.values, language)

st.subheader(t("shelter.dark"))
if result.dark_number is None:
    st.caption(result.dark_number_gap)
else:
    render.show_chart(result.dark_number)
    if not result.shares.empty:
        st.markdown(f"**{t('shelter.share')}**")
        render.show_table(result.shares, key="dark-share")

st.subheader(t("shelter.places"))
if result.places is None:
    st.caption(result.places_gap)
else:
    render.show_chart(result.places)

st.subheader(t("shelter.waiting"))
if result.waiting_table is None:
    st.caption(result.waiting_gap)
else:
    columns = st.columns(max(1, min(4, len(result.waiting))))
    for n, metric in enumerate(result.waiting):
        columns[n % len(columns)].metric(metric.label, metric.value, help=metric.help)
    render.show_table(result.waiting_table, key="waiting")

st.subheader(t("shelter.budget"))
if result.budget is None:
    st.caption(result.budget_gap)
else:
    render.show_table(result.budget, key="budget")
    render.downloads(result.budget_download, "budget", language)
    for sentence in result.per_place:
        st.markdown(sentence)

st.subheader(t("shelter.cosm"))
if result.cosm is None:
    st.caption(result.cosm_gap)
else:
    render.show_table(result.cosm, key="cosm")
