"""Overzicht: headline figures of the latest year with the change on the year before, corrections, targets,
freshness."""

import streamlit as st

from dashboard import catalogue, queries, render, state
from dashboard.i18n import (missing, format_change, format_date, format_number, format_period, format_value, lang, t,
                            value_label)

language = lang()
view = state.View("overzicht", [])
view.restore()

st.title(t("app.title"))
st.caption(t("overview.intro"))

cat = queries.catalogue()
if cat["figures"].sum() == 0:
    st.info(t("db.empty"))
    st.stop()

ids = catalogue.headline_ids(cat)
heads = queries.headlines(ids)

st.subheader(t("overview.headlines"))
columns = st.columns(4)
for n, row in enumerate(heads.itertuples()):
    with columns[n % 4].container(border=True):
        direction = "off" if missing(row.higher_is_better) else ("normal" if row.higher_is_better else "inverse")
        if not missing(row.previous_period):
            delta = format_change(row.change, row.change_pct, row.unit, language)
            delta_text = t("overview.vs", year=format_period(row.previous_period, language))
        elif row.period_kind == "year":
            delta, delta_text = None, t("overview.no_previous", year=int(row.year) - 1)
        else:
            delta, delta_text = None, t("overview.no_earlier")
        breakdown = "" if row.breakdown == "totaal" else f", {value_label('breakdown', row.breakdown, language)}"
        st.markdown(f"**{getattr(row, 'name_' + language)}{breakdown}**")
        st.metric(format_period(row.period, language), format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
                  delta=delta, delta_color=direction if delta else "off",
                  delta_description=delta_text if delta else None,
                  help=f"{t('col.source')}: {row.source_reference} ({format_date(row.published)})")
        if not delta:
            st.caption(delta_text)
        if row.vintages > 1 or row.status in ("corrected", "revised"):
            render.status_badge(row.status if row.status in ("corrected", "revised") else "revised", language)
        st.caption(f"{t('col.source')}: {row.source_reference}")

without_figures = [i for i in ids if i not in set(heads["indicator"])]
if without_figures:
    names = cat.set_index("indicator").loc[without_figures, f"name_{language}"]
    st.caption(t("c.gap", names=", ".join(names)))

st.subheader(t("overview.targets"))
targets = queries.targets()
if targets.empty:
    st.caption(t("targets.none"))
else:
    counts = targets["status"].value_counts()
    for column, status in zip(st.columns(4), ("met", "on_track", "off_track", "no_data")):
        column.metric(value_label("target_status", status, language), format_number(int(counts.get(status, 0))))
    st.page_link("app_pages/doelen.py", label=t("page.targets"), icon=":material/flag:")

st.subheader(t("overview.freshness"))
fresh = queries.freshness()
st.markdown(
    f"{t('fresh.built', when=format_date(str(fresh['built_at'])[:10]))} "
    f"({str(fresh['built_at'])[11:16]} UTC) · {t('fresh.newest', when=format_date(str(fresh['newest_source'])[:10]))}"
    f"  \n{t('fresh.counts', figures=format_number(fresh['figures']), indicators=format_number(fresh['indicators']), sources=format_number(fresh['sources']))}"
)
view.publish()
