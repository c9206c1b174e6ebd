"""Bronnen en definities: the indicator catalogue, the source documents, every note, and the full data."""

import pandas as pd
import streamlit as st

from dashboard import catalogue, queries, render, state
from dashboard.i18n import format_date, format_number, lang, t, value_label

language = lang()
st.title(t("page.sources"))

cat = catalogue.order_by_domain(queries.catalogue())
domains = ["*", *dict.fromkeys(cat["domain"])]
view = state.View("bronnen", [state.choice("domain", domains, "*")])
view.restore()

st.subheader(t("src.catalogue"))
st.selectbox(t("w.domain"), domains, key=view.key("domain"),
             format_func=lambda d: t("all") if d == "*" else value_label("domain", d, language))
view.publish()
shown = cat if view.get("domain") == "*" else cat[cat["domain"] == view.get("domain")]
render.show_table(pd.DataFrame({
    t("col.name"): shown[f"name_{language}"],
    t("col.domain"): [value_label("domain", d, language) for d in shown["domain"]],
    t("col.unit"): [value_label("unit", u, language) for u in shown["unit"]],
    t("col.organisation"): shown["organisation"],
    t("col.definition"): shown[f"definition_{language}"],
    t("col.figures"): [format_number(n, language) for n in shown["figures"]],
    t("col.revised"): [format_number(n, language) for n in shown["revised_figures"]],
    t("col.years"): [f"{int(a)}–{int(b)}" if pd.notna(a) else "–" for a, b in zip(shown["first_year"], shown["last_year"])],
    t("col.breakdowns"): [", ".join(value_label("breakdown", b, language) for b in bs) for bs in shown["breakdowns"]],
    "id": shown["indicator"],
}), key="catalogue")

st.subheader(t("src.sources"))
sources = queries.sources()
st.dataframe(pd.DataFrame({
    t("col.reference"): sources["reference"],
    t("col.title"): sources["title"],
    t("col.organisation"): sources["organisation"],
    t("col.published"): [format_date(p, language) for p in sources["published"]],
    t("col.kind"): [value_label("source_kind", k, language) for k in sources["kind"]],
    t("col.figures"): sources["figures"],
    t("col.link"): sources["url"],
}), hide_index=True, width="stretch", key="sources",
    column_config={t("col.link"): st.column_config.LinkColumn(t("col.link"), display_text="↗")})

st.subheader(t("src.notes"))
notes = queries.all_notes()
if notes.empty:
    st.caption(t("c.no_data"))
else:
    render.show_table(pd.DataFrame({
        t("col.indicator"): notes[f"name_{language}"],
        t("col.periods"): notes["periods"].replace("", t("all")),
        t("col.breakdown"): [value_label("breakdown", b, language) if b else t("all") for b in notes["breakdown"]],
        t("col.kind"): [value_label("note_kind", k, language) for k in notes["kind"]],
        t("col.note"): notes[f"text_{language}"],
        t("col.source"): notes["source_reference"],
    }), key="notes")

st.subheader(t("src.downloads"))
st.caption(t("src.download_intro"))
for which in ("latest", "all"):
    frame_of = lambda which=which: queries.export(which)  # noqa: E731 — built only when clicked
    st.markdown(f"**{t('src.' + which)}**")
    columns = st.columns([1, 1, 1, 3])
    stem = f"mensenhandel-{'laatste' if which == 'latest' else 'alle-versies'}"
    columns[0].download_button("CSV", data=lambda f=frame_of: render.csv_bytes(f()), file_name=f"{stem}.csv",
                               mime="text/csv", icon=":material/download:", key=f"full-csv-{which}", on_click="ignore")
    columns[1].download_button("Excel", data=lambda f=frame_of: render.excel_bytes(f()), file_name=f"{stem}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               icon=":material/download:", key=f"full-xlsx-{which}", on_click="ignore")
    columns[2].download_button("Parquet", data=lambda f=frame_of: render.parquet_bytes(f()),
                               file_name=f"{stem}.parquet", mime="application/vnd.apache.parquet",
                               icon=":material/download:", key=f"full-parquet-{which}", on_click="ignore")
