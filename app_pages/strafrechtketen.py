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
right.slider(t("w.years"), span[0], span[1], key=view.key("years"))
view.publish()
result = views.charts_of("strafrechtketen", view.values, language)
funnel = [s for s in result.specs if not s.key.startswith(("chain-steps-", "chain-ratio-"))]
steps = [s for s in result.specs if s.key.startswith("chain-steps-")]
ratios = [s for s in result.specs if s.key.startswith("chain-ratio-")]

render.show_messages(result, "info")
render.show_messages(result, "caption")
for spec in funnel:
    render.show_chart(spec)
# Counts of another unit or scope than the funnel's: each step over the years, one chart per unit.
if steps:
    st.subheader(t("chain.steps"))
    for spec in steps:
        render.show_chart(spec)
st.subheader(t("chain.table"))
render.show_messages(result, "table")
render.show_table(result.tables["chain"], key="chain-table")

# Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give,
# each on its own axis (each has its own denominator).
st.subheader(t("chain.ratios"))
if not ratios:
    st.caption(t("chain.no_ratios"))
for spec in ratios:
    render.show_chart(spec)
