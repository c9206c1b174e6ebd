"""Doelen: every target with baseline, latest value, due year and status, and progress charts."""

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.i18n import lang, t

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
view = state.View("doelen", views.params("doelen"))
view.restore()
st.toggle(t("w.show_replaced"), key=view.key("replaced"))
result = views.charts_of("doelen", {name: view.get(name) for name in view.params}, language)  # widgets' values
render.show_table(result.tables["targets"], key="targets-table")
render.downloads(result.tables["targets_raw"], "targets", language)
render.show_chart(result.spec("targets-progress"))

# One indicator against its targets over time.
st.selectbox(t("col.indicator"), indicators, key=view.key("ind"), format_func=names.get)
view.publish()
render.show_chart(result.spec(f"target-{view.get('ind')}"))
