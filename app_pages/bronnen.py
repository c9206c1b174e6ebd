"""Bronnen en definities: the indicator catalogue, the source documents, every note, and the full data."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import queries, render, state, views
from dashboard.i18n import value_label
from dashboard.state import lang, t

language = lang()
st.title(t("page.sources"))


def full_export(which: str, write: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    """The whole data set (latest figures, or every version) as a file, made only when its button is clicked."""
    return lambda: write(queries.export(which), *args)


view = state.View("bronnen", views.params("bronnen"))
view.restore()

st.subheader(t("src.catalogue"))
st.selectbox(t("w.domain"), view.params["domain"].options, key=view.key("domain"),
             format_func=lambda d: t("all") if d == "*" else value_label("domain", d, language))
view.publish()
result = views.charts_of("bronnen", view.values, language)
render.show_table(result.catalogue, key="catalogue")

st.subheader(t("src.coverage"))
st.caption(t("src.coverage_intro"))
if not result.coverage.empty:
    render.show_table(result.coverage, key="coverage")
    render.downloads(result.coverage_download, "coverage", language)
st.subheader(t("src.missing"))
st.caption(t("src.missing_intro"))
render.show_table(result.missing, key="missing")

st.subheader(t("src.sources"))
st.dataframe(result.sources, hide_index=True, width="stretch", key="sources",
             column_config={t("col.link"): st.column_config.LinkColumn(t("col.link"), display_text="↗")})

st.subheader(t("src.notes"))
if result.notes is None:
    st.caption(t("c.no_data"))
else:
    render.show_table(result.notes, key="notes")

st.subheader(t("src.downloads"))
st.caption(t("src.download_intro"))
for which in ("latest", "all"):
    st.markdown(f"**{t('src.' + which)}**")
    columns = st.columns([1, 1, 1, 3])
    stem = f"mensenhandel-{'laatste' if which == 'latest' else 'alle-versies'}"
    columns[0].download_button("CSV", data=full_export(which, render.csv_bytes, language), file_name=f"{stem}.csv",
                               mime="text/csv", icon=":material/download:", key=f"full-csv-{which}", on_click="ignore")
    columns[1].download_button("Excel", data=full_export(which, render.excel_bytes), file_name=f"{stem}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               icon=":material/download:", key=f"full-xlsx-{which}", on_click="ignore")
    columns[2].download_button("Parquet", data=full_export(which, render.parquet_bytes),
                               file_name=f"{stem}.parquet", mime="application/vnd.apache.parquet",
                               icon=":material/download:", key=f"full-parquet-{which}", on_click="ignore")
