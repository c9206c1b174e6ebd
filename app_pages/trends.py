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
    top[0].multiselect(t("w.indicators"), view.params["ind"].options, key=view.key("ind"), format_func=names.get,
                       max_selections=12, placeholder=t("w.choose"), select_all=False)
    top[1].selectbox(t("w.breakdown"), views.trends.breakdown_choices(view.get("bd"), view.get("ind")),
                     key=view.key("bd"), format_func=lambda b: breakdowns.choice_label(b, language))
    middle = st.columns([3, 1])
    # only the years the chosen indicators have figures for (and their targets' due years): no 2007-2027 axis for
    # a series that starts in 2011
    # (years a link chose explicitly stay offered; the untouched default narrows to the data's years)
    offered = views.trends.year_span(view.get("ind")) or span
    chosen_years = tuple(st.session_state.get(view.key("years"), view.get("years")))
    if chosen_years == tuple(view.params["years"].default):
        clamped = (min(max(chosen_years[0], offered[0]), offered[1]), max(min(chosen_years[1], offered[1]),
                                                                           offered[0]))
        if chosen_years != clamped:
            st.session_state[view.key("years")] = clamped
    else:
        # The ends stay put while the reader moves a thumb inward (a link's 2010-2023 on data up to 2022, then
        # ArrowLeft): a slider whose ends change is a new widget to Streamlit, which would reset it to its full
        # range and lose the presses. Held per session for as long as the indicators' own years stay the same.
        held_key = f"_offered.{view.key('years')}"
        held = st.session_state.get(held_key)
        widened = (min(offered[0], chosen_years[0]), max(offered[1], chosen_years[1]))
        if held and held[0] == offered:
            widened = (min(widened[0], held[1][0]), max(widened[1], held[1][1]))
        st.session_state[held_key] = (offered, widened)
        offered = widened
    if offered[0] < offered[1]:
        middle[0].slider(t("w.years"), offered[0], offered[1], key=view.key("years"), step=1)
    else:
        middle[0].caption(t("w.one_year", year=offered[0]))
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
