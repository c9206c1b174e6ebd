"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

import datetime as dt

import streamlit as st

from dashboard import breakdowns, queries, render, state, views
from dashboard.state import lang, t

language = lang()
st.title(t("page.trends"))
st.caption(t("trends.intro"))

span = queries.year_range()
if span is None:
    st.info(t("db.empty"))
    st.stop()

view = state.View("trends", views.params("trends"))
view.restore()
names = views.indicator_names(language)

with st.container(border=True):
    top = st.columns([3, 1])
    top[0].multiselect(t("w.indicators"), view.params["ind"].options, key=view.key("ind"),
                       format_func=lambda i: names.get(i, i), max_selections=12, placeholder=t("w.choose"),
                       select_all=False)
    top[1].selectbox(t("w.breakdown"), views.trends.breakdown_choices(view.get("bd"), view.get("ind")),
                     key=view.key("bd"), format_func=lambda b: breakdowns.choice_label(b, language))
    middle = st.columns([3, 1])
    # only the years the chosen indicators have figures for (and their targets' due years)
    state.year_range_slider(middle[0], view, views.trends.year_span(view.get("ind")) or span, t("w.years"))
    middle[1].segmented_control(t("w.chart"), view.params["chart"].options, key=view.key("chart"), required=True,
                                format_func=lambda v: t(f"chart.{v}"), wrap=True)
    # the version of the figures on a row of its own: four options, the longest "Vergelijk met bekend op"
    version = st.columns([3, 1])
    version[0].segmented_control(t("w.vintage"), view.params["vintage"].options, key=view.key("vintage"),
                                 required=True, format_func=lambda v: t(f"vintage.{v}"), wrap=True)   # phone: 2 rows
    if view.get("vintage") in ("asof", "compare"):   # both read the date the figures were known on
        state.date_field(version[1], view, "asof", dt.date(1990, 1, 1), dt.date.today())
    bottom = st.columns(2)
    bottom[0].toggle(t("w.index"), key=view.key("index"))
    if view.get("index"):
        bottom[0].selectbox(t("w.base_year"), view.params["base"].options, key=view.key("base"))
    bottom[1].toggle(t("w.show_change"), key=view.key("yoy"))
    bottom[1].toggle(t("w.per_100k"), key=view.key("rate"))
view.publish()

result = views.charts_of("trends", view.values, language)
render.show_view(result)
