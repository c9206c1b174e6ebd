"""Overzicht: headline figures of the latest year with the change on the year before, corrections, targets,
freshness."""

import streamlit as st

from dashboard import render, state, views
from dashboard.i18n import lang, t

language = lang()
view = state.View("overzicht", [])
view.restore()

st.title(t("app.title"))
st.caption(t("overview.intro"))
result = views.charts_of("overzicht", {}, language)
if "cards" not in result.parts:
    render.show_messages(result)
    st.stop()

st.subheader(t("overview.headlines"))
columns = st.columns(4)
for n, card in enumerate(result.parts["cards"]):
    with columns[n % 4].container(border=True):
        st.markdown(f"**{card.title}**")
        st.metric(card.label, card.value, delta=card.delta, delta_color=card.delta_colour,
                  delta_description=card.delta_text if card.delta else None, help=card.help)
        if not card.delta:
            st.caption(card.delta_text)
        if card.badge:
            render.status_badge(card.badge, language)
        st.caption(card.source)
render.show_messages(result, "caption")

st.subheader(t("overview.targets"))
if not result.parts["targets"]:
    st.caption(t("targets.none"))
else:
    for column, (label, count) in zip(st.columns(len(result.parts["targets"])), result.parts["targets"]):
        column.metric(label, count)
    st.page_link("app_pages/doelen.py", label=t("page.targets"), icon=":material/flag:")

st.subheader(t("overview.freshness"))
st.markdown(result.parts["freshness"])
view.publish()
