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

if result.overview is None:
    st.info(t("rev.none"))
else:
    render.show_table(result.overview, key="revisions-all")
    render.downloads(result.revisions, "revisions", language)
    st.selectbox(t("rev.pick"), view.params["fig"].options, key=view.key("fig"),
                 format_func=lambda key: revisions.group_label(key, result.names, language))
    render.show_chart(result.revision)

if not result.basis_changes.empty:
    st.subheader(t("rev.basis_changes"))
    st.caption(t("rev.basis_intro"))
    render.show_text_table(result.basis_changes)
    render.downloads(result.basis_changes_download, "basis-changes", language)

st.subheader(t("rev.stats_title"))
st.caption(t("rev.stats_intro"))
if result.stats.empty:
    st.caption(t("c.no_data"))
else:
    st.info(result.stats_caveat)
    render.show_text_table(result.stats)
    for note in result.stats_notes:
        st.caption(note)
    render.downloads(result.stats_download, "revision-stats", language)

st.subheader(t("rev.pair_title"))
st.caption(t("rev.pair_intro"))
if view.params["pair"].options == ("-",):
    st.caption(t("c.no_data"))
else:
    st.selectbox(t("rev.pick"), view.params["pair"].options, key=view.key("pair"),
                 format_func=lambda key: revisions.pair_label(key, result.names))
    render.show_chart(result.pair)
view.publish()
