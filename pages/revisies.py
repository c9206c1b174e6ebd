"""Gemeld vs gecorrigeerd: every figure published in more than one version, and series two organisations count
differently, side by side."""

import pandas as pd
import streamlit as st

from dashboard import catalogue, charts, queries, render, state
from dashboard.i18n import format_date, format_number, format_period, format_value, lang, t, value_label

language = lang()
st.title(t("page.revisions"))
st.caption(t("rev.intro"))

cat = queries.catalogue()
revisions = queries.revisions()
pairs = catalogue.compared_pairs(cat)
groups = list(dict.fromkeys(f"{r.indicator}|{r.breakdown}" for r in revisions.itertuples()))
pair_keys = [f"{a}|{b}" for a, b in pairs]
view = state.View("revisies", [
    state.choice("fig", groups or ["-"], groups[0] if groups else "-"),
    state.choice("pair", pair_keys or ["-"], pair_keys[0] if pair_keys else "-"),
])
view.restore()
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))
units = dict(zip(cat["indicator"], cat["unit"]))


def group_label(key: str) -> str:
    indicator, _, breakdown = key.partition("|")
    return f"{names.get(indicator, indicator)} — {value_label('breakdown', breakdown, language)}"


if revisions.empty:
    st.info(t("rev.none"))
else:
    table = pd.DataFrame({
        t("col.indicator"): revisions[f"name_{language}"],
        t("col.period"): [format_period(p, language) for p in revisions["period"]],
        t("col.breakdown"): [value_label("breakdown", b, language) for b in revisions["breakdown"]],
        t("col.first"): [f"{format_value(r.first_value, r.unit, r.first_qualifier, language=language)} "
                         f"({value_label('status', r.first_status, language)})" for r in revisions.itertuples()],
        t("col.latest"): [f"{format_value(r.latest_value, r.unit, r.latest_qualifier, language=language)} "
                          f"({value_label('status', r.latest_status, language)})" for r in revisions.itertuples()],
        t("col.difference"): [format_value(d, u, language=language) if d < 0 else "+" + format_value(d, u, language=language)
                              for d, u in zip(revisions["difference"], revisions["unit"])],
        t("col.difference_pct"): [format_number(p, language, 1) if pd.notna(p) else "–"
                                  for p in revisions["difference_pct"]],
        t("col.versions"): revisions["vintages"],
        t("col.first_source"): [f"{s} ({format_date(p, language)})" for s, p in
                                zip(revisions["first_source_reference"], revisions["first_published"])],
        t("col.latest_source"): [f"{s} ({format_date(p, language)})" for s, p in
                                 zip(revisions["latest_source_reference"], revisions["latest_published"])],
        t("col.note"): revisions[f"note_{language}"].fillna(""),
    })
    render.show_table(table, key="revisions-all")
    render.downloads(revisions, "revisions", language)

    st.selectbox(t("rev.pick"), groups, key=view.key("fig"), format_func=group_label)
    indicator, _, breakdown = view.get("fig").partition("|")
    versions = queries.vintages(indicator, breakdown)
    first = versions[versions["vintage"] == 1]
    latest = versions[versions["vintage"] == versions["vintages"]]
    revised_periods = set(versions.loc[versions["vintages"] > 1, "period"])
    first = first.assign(name_nl=t("rev.first", "nl"), name_en=t("rev.first", "en"))
    latest = latest.assign(name_nl=t("rev.latest", "nl"), name_en=t("rev.latest", "en"))
    both = pd.concat([first, latest])
    both = both[both["period"].isin(revised_periods)]
    pts, spans = charts.points(both, language)
    notes = charts.numbered_notes(queries.notes([indicator], breakdown), pts, language)
    render.show_chart(charts.ChartSpec(
        key=f"revision-{indicator}-{breakdown}", title=t("rev.chart_title", name=group_label(view.get("fig"))),
        unit=charts.unit_title(units[indicator], language), data=pts, spans=spans, language=language, kind="bar",
        notes=notes, sources=charts.source_lines(both, language), **charts.unit_axis(units[indicator], language),
        table=render.figure_table(versions[versions["period"].isin(revised_periods)], language),
        download=render.figure_download(versions, language),
    ))

st.subheader(t("rev.pair_title"))
st.caption(t("rev.pair_intro"))
if not pairs:
    st.caption(t("c.no_data"))
else:
    st.selectbox(t("rev.pick"), pair_keys, key=view.key("pair"),
                 format_func=lambda k: " / ".join(names.get(i, i) for i in k.split("|")))
    a, b = view.get("pair").split("|")
    figs = queries.figures([a, b], "totaal")
    pts, spans = charts.points(figs, language)
    wide = figs[figs["period_kind"] == "year"].pivot_table(index="year", columns="indicator", values="value")
    if a in wide and b in wide:
        diff = wide.dropna(subset=[a, b])
        diff_table = pd.DataFrame({
            t("col.year"): diff.index.astype(int).astype(str),
            names[a]: [format_value(v, units[a], language=language) for v in diff[a]],
            names[b]: [format_value(v, units[b], language=language) for v in diff[b]],
            t("col.difference"): [format_number(v, language) for v in diff[a] - diff[b]],
        })
    else:
        diff_table = render.figure_table(figs, language)
    render.show_chart(charts.ChartSpec(
        key=f"pair-{a}-{b}", title=t("rev.pair_chart", a=names[a], b=names[b]),
        unit=charts.unit_title(units[a], language), data=pts, spans=spans, language=language,
        sources=charts.source_lines(figs, language), **charts.unit_axis(units[a], language),
        notes=charts.numbered_notes(queries.notes([a, b], "totaal"), pts, language),
        table=diff_table, download=render.figure_download(figs, language),
    ))
view.publish()
