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
gaps = result.parts["gaps"]

st.subheader(t("shelter.dark"))
if "dark_number" in gaps:
    st.caption(gaps["dark_number"])
else:
    render.show_chart(result.spec("dark-number"))
    if not result.tables["shares"].empty:
        st.markdown(f"**{t('shelter.share')}**")
        render.show_table(result.tables["shares"], key="dark-share")

st.subheader(t("shelter.places"))
if "places" in gaps:
    st.caption(gaps["places"])
else:
    render.show_chart(result.spec("places"))

st.subheader(t("shelter.waiting"))
if "waiting" in gaps:
    st.caption(gaps["waiting"])
else:
    metrics = result.parts["waiting"]
    columns = st.columns(max(1, min(4, len(metrics))))
    for n, (label, value, help_text) in enumerate(metrics):
        columns[n % len(columns)].metric(label, value, help=help_text)
    render.show_table(result.tables["waiting"], key="waiting")

st.subheader(t("shelter.budget"))
if "budget" in gaps:
    st.caption(gaps["budget"])
else:
    render.show_table(result.tables["budget"], key="budget")
    render.downloads(result.tables["budget_download"], "budget", language)
    for sentence in result.parts["per_place"]:
        st.markdown(sentence)

st.subheader(t("shelter.cosm"))
if "cosm" in gaps:
    st.caption(gaps["cosm"])
else:
    render.show_table(result.tables["cosm"], key="cosm")
