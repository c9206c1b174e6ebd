"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

import datetime as dt

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.i18n import lang, t, value_label

language = lang()
st.title(t("page.trends"))
st.caption(t("trends.intro"))

cat = queries.catalogue()
span = queries.year_range()
with_figures = cat[cat["figures"] > 0]
if span is None or with_figures.empty:
    st.info(t("db.empty"))
    st.stop()

ids = with_figures["indicator"].tolist()
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))
breakdowns = ["*", *queries.breakdowns()]
today = dt.date.today()
view = state.View("trends", views.params("trends"))
view.restore()

with st.container(border=True):
    top = st.columns([3, 1])
    top[0].multiselect(t("w.indicators"), ids, key=view.key("ind"), format_func=names.get, max_selections=12)
    top[1].selectbox(t("w.breakdown"), breakdowns, key=view.key("bd"),
                     format_func=lambda b: t("all") if b == "*" else value_label("breakdown", b, language))
    middle = st.columns([4, 4, 2])
    middle[0].slider(t("w.years"), span[0], span[1], key=view.key("years"), step=1)
    middle[1].segmented_control(t("w.vintage"), queries.VINTAGES, key=view.key("vintage"), required=True,
                                format_func=lambda v: t(f"vintage.{v}"))
    middle[2].segmented_control(t("w.chart"), ("line", "bar"), key=view.key("chart"), required=True,
                                format_func=lambda v: t(f"chart.{v}"))
    bottom = st.columns([2, 2, 3, 3])
    if view.get("vintage") == "asof":
        bottom[0].date_input(t("w.as_of"), key=view.key("asof"), min_value=dt.date(1990, 1, 1), max_value=today,
                             format="DD-MM-YYYY")
    bottom[1].toggle(t("w.index"), key=view.key("index"))
    if view.get("index"):
        bottom[1].selectbox(t("w.base_year"), list(range(span[0], span[1] + 1)), key=view.key("base"))
    bottom[2].toggle(t("w.show_change"), key=view.key("yoy"))
view.publish()

result = views.charts_of("trends", view.values, language)
render.show_view(result)
