"""Gemeld vs gecorrigeerd: every figure published in more than one version, and series two organisations count
differently, side by side."""

import streamlit as st

from dashboard import catalogue, queries, render, state, views
from dashboard.i18n import lang, t

language = lang()
st.title(t("page.revisions"))
st.caption(t("rev.intro"))

cat = queries.catalogue()
revisions = queries.revisions()
pairs = catalogue.compared_pairs(cat)
groups = views.revision_groups()
pair_keys = [f"{a}|{b}" for a, b in pairs]
view = state.View("revisies", views.params("revisies"))
view.restore()
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))


def group_label(key: str) -> str:
    return views.group_label(key, names, language)


result = views.charts_of("revisies", {name: view.get(name) for name in view.params}, language)  # widgets' values
if revisions.empty:
    st.info(t("rev.none"))
else:
    render.show_table(result.tables["overview"], key="revisions-all")
    render.downloads(revisions, "revisions", language)
    st.selectbox(t("rev.pick"), groups, key=view.key("fig"), format_func=group_label)
    indicator, _, breakdown = view.get("fig").partition("|")
    render.show_chart(result.spec(f"revision-{indicator}-{breakdown}"))

st.subheader(t("rev.pair_title"))
st.caption(t("rev.pair_intro"))
if not pairs:
    st.caption(t("c.no_data"))
else:
    st.selectbox(t("rev.pick"), pair_keys, key=view.key("pair"),
                 format_func=lambda k: " / ".join(names.get(i, i) for i in k.split("|")))
    a, b = view.get("pair").split("|")
    render.show_chart(result.spec(f"pair-{a}-{b}"))
view.publish()
