"""Overzicht: the headline figures as a story along the chain, each with its trend and a link to it, corrections,
targets, freshness."""

import streamlit as st

from dashboard import render, state, views
from dashboard.i18n import value_label
from dashboard.state import lang, t

language = lang()
view = state.View("overzicht", [])
view.restore()

st.title(t("app.title"))
st.caption(t("overview.intro"))
result = views.charts_of("overzicht", {}, language)
if not result.has_figures:
    render.show_messages(result)
    st.stop()

st.header(t("overview.headlines"))
for group in result.groups:
    cards = [c for c in result.cards if c.group == group]
    label = value_label("domain", group, language) if group else t("overview.group_other")
    st.subheader(label[:1].upper() + label[1:])
    columns = st.columns(4)
    for n, card in enumerate(cards):
        with columns[n % 4].container(border=True):
            st.markdown(f"**{card.title}**")
            st.metric(card.label, card.value, delta=card.delta, delta_color=card.delta_colour,
                      delta_description=card.delta_text if card.delta else None, help=card.help or None)
            if card.spark_svg:   # gaps open, first and last year, and a text alternative (axe: svg-img-alt)
                # its last year and value also as data attributes, for a program that reads the page (the
                # reliability test compares them with the card's value: one build, never a mix of two)
                last_year, last_value = next(((y, v) for y, v in reversed(card.spark) if v is not None and v == v),
                                             ("", ""))
                st.markdown(f'<div class="spark" data-last-year="{last_year}" data-last="{last_value}">'
                            f'{card.spark_svg}</div>', unsafe_allow_html=True)
            if not card.delta:
                st.caption(card.delta_text)
            if card.old:
                st.badge(card.old, color="orange", icon=":material/history:")
            if card.badge:
                render.status_badge(card.badge, language)
            st.caption(card.source)
            st.page_link("app_pages/trends.py", label=t("overview.trend"), icon=":material/show_chart:",
                         query_params={"ind": card.indicator, "bd": card.breakdown, "lang": language})
render.show_messages(result, "caption")

st.header(t("overview.targets"))
if not result.targets:
    st.caption(t("targets.none"))
else:
    for column, target in zip(st.columns(len(result.targets)), result.targets):
        column.metric(target.status, target.count)
    st.page_link("app_pages/doelen.py", label=t("page.targets"), icon=":material/flag:")

st.header(t("overview.freshness"))
st.markdown(result.freshness)
view.publish()
