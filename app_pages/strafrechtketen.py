"""Strafrechtketen: registrations → suspects → OM cases → sepots and summons → court decisions → convictions, per
year and form of exploitation, as far as figures exist. An empty cell is a figure nobody published, not a zero."""

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.i18n import lang, t, value_label

language = lang()
st.title(t("page.chain"))
st.caption(t("chain.intro"))

span = queries.year_range()
view = state.View("strafrechtketen", views.params("strafrechtketen"))
view.restore()
if span is None:
    st.info(t("db.empty"))
    st.stop()
left, right = st.columns([1, 2])
left.selectbox(t("w.breakdown"), view.params["bd"].options, key=view.key("bd"),
               format_func=lambda b: value_label("breakdown", b, language))
right.slider(t("w.years"), span[0], span[1], key=view.key("years"))
view.publish()
result = views.charts_of("strafrechtketen", view.values, language)
chain_chart, ratio_chart = (result.specs + [None, None])[:2]

st.subheader(t("chain.table"))
render.show_table(result.tables["chain"], key="chain-table")
render.show_messages(result, "caption")
render.show_chart(chain_chart)

# Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give.
st.subheader(t("chain.ratios"))
if ratio_chart is None:
    st.caption(t("chain.no_ratios"))
else:
    render.show_chart(ratio_chart)
