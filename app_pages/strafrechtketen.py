"""Strafrechtketen: registrations → suspects → OM cases → sepots and summons → court decisions → convictions, per
year and form of exploitation, as far as figures exist. An empty cell is a figure nobody published, not a zero."""

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.i18n import value_label
from dashboard.state import lang, t
from dashboard.views import chain

language = lang()
st.title(t("page.chain"))
st.caption(t("chain.intro"))

span = queries.year_range()
view = state.View("strafrechtketen", views.params("strafrechtketen"))
view.restore()
if span is None:
    st.info(t("db.empty"))
    st.stop()
left, middle, right = st.columns([1, 1, 2])
left.selectbox(t("w.breakdown"), view.params["bd"].options, key=view.key("bd"),
               format_func=lambda b: value_label("breakdown", b, language))
years_with_chain = chain.funnel_years(view.get("bd")) or [view.get("year")]
if view.get("year") not in years_with_chain:   # another breakdown's year: open on this one's best year
    st.session_state[view.key("year")] = chain.best_year(view.get("bd")) or years_with_chain[0]
middle.selectbox(t("chain.year"), years_with_chain, key=view.key("year"))
# the years the chain's counts and ratios have figures for, not the database's whole span
state.year_range_slider(right, view, chain.year_span() or span, t("w.years"))
view.publish()
result = views.charts_of("strafrechtketen", view.values, language)

render.show_messages(result, "info")
render.show_messages(result, "caption")
render.show_chart(result.funnel)
# Counts of another unit or scope than the funnel's: each step over the years, one chart per unit.
if result.steps:
    st.subheader(t("chain.steps"))
    for spec in result.steps:
        render.show_chart(spec)
st.subheader(t("chain.table"))
if result.table_gaps:
    st.caption(result.table_gaps)
render.show_table(result.table, key="chain-table")

# Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give,
# each on its own axis (each has its own denominator).
st.subheader(t("chain.ratios"))
if not result.ratios:
    st.caption(t("chain.no_ratios"))
for spec in result.ratios:
    render.show_chart(spec)
