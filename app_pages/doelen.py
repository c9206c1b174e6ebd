"""Doelen: every target with baseline, latest value, due year and status, and progress charts."""

import streamlit as st

from dashboard import render, state, views
from dashboard.state import lang, t

language = lang()
st.title(t("page.targets"))
st.caption(t("targets.intro"))
st.caption(t("targets.rule"))

view = state.View("doelen", views.params("doelen"))
view.restore()
result = views.charts_of("doelen", {name: view.get(name) for name in view.params}, language)  # widgets' values
if result.table is None:
    st.info(t("targets.none"))
    st.stop()
st.toggle(t("w.show_replaced"), key=view.key("replaced"))
render.show_text_table(result.table)
if result.judged_twice:
    st.markdown(f"**{t('targets.judged_twice_title')}**")
    for sentence in result.judged_twice:
        st.markdown(f"- {sentence}")
render.downloads(result.download, "targets", language)
render.show_chart(result.progress)

# One indicator against its targets over time.
st.selectbox(t("col.indicator"), view.params["ind"].options, key=view.key("ind"),
             format_func=lambda i: result.indicator_names.get(i, i))
view.publish()
render.show_chart(result.indicator_chart)
