"""Gemeld vs gecorrigeerd: every figure published in more than one version, and series two organisations count
differently, side by side."""

import streamlit as st

from dashboard import render, state, views
from dashboard.state import lang, t
from dashboard.views import revisions

language = lang()
st.title(t("page.revisions"))
st.caption(t("rev.intro"))

view = state.View("revisies", views.params("revisies"))
view.restore()
result = views.charts_of("revisies", {name: view.get(name) for name in view.params}, language)  # widgets' values
names = result.parts["names"]

if "overview" not in result.tables:
    st.info(t("rev.none"))
else:
    render.show_table(result.tables["overview"], key="revisions-all")
    render.downloads(result.tables["revisions"], "revisions", language)
    st.selectbox(t("rev.pick"), view.params["fig"].options, key=view.key("fig"),
                 format_func=lambda key: revisions.group_label(key, names, language))
    indicator, _, breakdown = view.get("fig").partition("|")
    render.show_chart(result.spec(f"revision-{indicator}-{breakdown}"))

if not result.tables["basis_changes"].empty:
    st.subheader(t("rev.basis_changes"))
    st.caption(t("rev.basis_intro"))
    render.show_text_table(result.tables["basis_changes"])
    render.downloads(result.tables["basis_changes_raw"], "basis-changes", language)

st.subheader(t("rev.stats_title"))
st.caption(t("rev.stats_intro"))
if result.tables["stats"].empty:
    st.caption(t("c.no_data"))
else:
    st.info(result.parts["stats_caveat"])
    render.show_text_table(result.tables["stats"])
    for note in result.parts["stats_notes"]:
        st.caption(note)
    render.downloads(result.tables["stats_raw"], "revision-stats", language)

st.subheader(t("rev.pair_title"))
st.caption(t("rev.pair_intro"))
if view.params["pair"].options == ("-",):
    st.caption(t("c.no_data"))
else:
    st.selectbox(t("rev.pick"), view.params["pair"].options, key=view.key("pair"),
                 format_func=lambda key: revisions.pair_label(key, names))
    a, b = view.get("pair").split("|")
    render.show_chart(result.spec(f"pair-{a}-{b}"))
view.publish()
