"""Strafrechtketen: registrations → suspects → OM cases → sepots and summons → court decisions → convictions, per
year and form of exploitation, as far as figures exist. An empty cell is a figure nobody published, not a zero."""

import textwrap

import pandas as pd
import streamlit as st

from dashboard import catalogue, charts, queries, render, state
from dashboard.i18n import format_value, lang, t, value_label

language = lang()
st.title(t("page.chain"))
st.caption(t("chain.intro"))

cat = queries.catalogue()
span = queries.year_range()
steps = catalogue.chain_steps(cat)
chain_ids = [i for _, ids in steps for i in ids]
ratio_ids = catalogue.chain_ratio_ids(cat)
if span is None or not chain_ids:
    st.info(t("c.gap", names=", ".join(t(f"step.{s.key}") for s, _ in steps)))
    st.stop()

breakdowns = [b for b in ("totaal", "seksueel", "arbeid", "crimineel", "overig") if b in queries.breakdowns()]
view = state.View("strafrechtketen", [
    state.choice("bd", breakdowns or ["totaal"], "totaal"),
    state.year_span("years", *span),
])
view.restore()
left, right = st.columns([1, 2])
left.selectbox(t("w.breakdown"), breakdowns or ["totaal"], key=view.key("bd"),
               format_func=lambda b: value_label("breakdown", b, language))
right.slider(t("w.years"), span[0], span[1], key=view.key("years"))
view.publish()
breakdown, years = view.get("bd"), view.get("years")

figs = queries.figures(chain_ids + ratio_ids, breakdown, years)
yearly = figs[figs["period_kind"] == "year"]
step_of = {i: step.key for step, ids in steps for i in ids}
names = dict(zip(cat["indicator"], cat[f"name_{language}"]))

# The chain table: one row per step and indicator, one column per year; empty where nothing was published.
year_columns = [str(y) for y in range(years[0], years[1] + 1)]
rows = []
for step, ids in steps:
    if not ids:
        rows.append({t("chain.step"): t(f"step.{step.key}"), t("col.indicator"): "—", **{y: "" for y in year_columns}})
    for indicator in ids:
        cells = yearly[yearly["indicator"] == indicator].set_index("year")
        rows.append({t("chain.step"): t(f"step.{step.key}"), t("col.indicator"): names[indicator],
                     **{y: format_value(r.value, r.unit, r.qualifier, r.low, r.high, language)
                        for y, r in zip(cells.index.astype(int).astype(str), cells.itertuples())}})
chain_table = pd.DataFrame(rows).reindex(columns=[t("chain.step"), t("col.indicator"), *year_columns]).fillna("")
chain_table = chain_table.loc[:, [c for c in chain_table.columns if c not in year_columns
                                  or (chain_table[c] != "").any()]]

st.subheader(t("chain.table"))
render.show_table(chain_table, key="chain-table")
gaps = [t(f"step.{s.key}") for s, ids in steps if not ids or not set(ids) & set(yearly["indicator"])]
if gaps:
    st.caption(t("c.gap_selection", names=", ".join(gaps)))

# The chain chart: the steps from left to right, one bar per year (the newest years with figures in the range).
counts = yearly[yearly["indicator"].isin(chain_ids) & (yearly["unit"] != "percent")]
shown_years = sorted(counts["year"].dropna().astype(int).unique())[-5:]
in_chart = counts[counts["year"].isin(shown_years)]
order = {indicator: n for n, indicator in enumerate(chain_ids)}
in_chart = in_chart.assign(_order=in_chart["indicator"].map(order)).sort_values(["_order", "year"])
bars = pd.DataFrame({
    "series": in_chart["year"].astype(int).astype(str),
    "x": ["<br>".join(textwrap.wrap(f"{t('step.' + step_of[i])}: {names[i]}", 34)) for i in in_chart["indicator"]],
    "y": in_chart["value"],
    "period": [f"{t('step.' + step_of[i])}, {int(y)}" for i, y in zip(in_chart["indicator"], in_chart["year"])],
    "text": [format_value(r.value, r.unit, r.qualifier, r.low, r.high, language) for r in in_chart.itertuples()],
})
x_order = list(dict.fromkeys(bars["x"]))
bars = bars.sort_values("series", kind="stable")
render.show_chart(charts.ChartSpec(
    key=f"chain-{breakdown}", title=t("chain.chart"),
    unit=f"{value_label('breakdown', breakdown, language).capitalize()} · "
         + " / ".join(sorted({charts.unit_title(u, language) for u in in_chart["unit"]})),
    data=bars, language=language, kind="barh", categorical_x=True, x_title="",
    height=80 + len(x_order) * (14 * len(shown_years) + 24),
    x_order=x_order, sources=charts.source_lines(in_chart, language),
    notes=charts.numbered_notes(queries.notes(chain_ids, breakdown), bars.iloc[0:0], language),
    table=chain_table, download=render.figure_download(counts, language),
))

# Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give.
st.subheader(t("chain.ratios"))
published = yearly[yearly["indicator"].isin(ratio_ids)]
ids_of = {step.key: ids for step, ids in steps}
computed = []
for numerator, denominator in catalogue.CHAIN_RATIOS:
    top = counts[counts["indicator"].isin(ids_of[numerator])]
    bottom = counts[counts["indicator"].isin(ids_of[denominator])]
    both = top.merge(bottom, on="year", suffixes=("", "_d"))
    both = both[both["unit"] == both["unit_d"]]  # a ratio of persons to cases would mix two ways of counting
    for r in both.itertuples():
        if r.value_d:
            computed.append({
                "indicator": f"{r.indicator}/{r.indicator_d}", "year": r.year, "period": r.period,
                "period_kind": "year", "year_start": r.year, "year_end": r.year, "breakdown": breakdown,
                "value": r.value / r.value_d * 100, "unit": "percent", "qualifier": None, "low": None, "high": None,
                "status": "reported", "published": max(r.published, r.published_d),
                "source_reference": f"{r.source_reference}; {r.source_reference_d}",
                f"name_{language}": f"{t('step.' + numerator)} / {t('step.' + denominator)}",
            })
ratios = pd.concat([published, pd.DataFrame(computed)], ignore_index=True) if computed else published
if ratios.empty:
    st.caption(t("chain.no_ratios"))
else:
    ratio_pts, _ = charts.points(ratios, language)
    render.show_chart(charts.ChartSpec(
        key=f"chain-ratios-{breakdown}", title=t("chain.ratios_chart"), unit=charts.unit_title("percent", language),
        data=ratio_pts, language=language, sources=charts.source_lines(ratios, language), y_format=",.0f",
        y_suffix="%", notes=charts.numbered_notes(queries.notes(ratio_ids, breakdown), ratio_pts, language),
        table=render.figure_table(ratios, language), download=render.figure_download(ratios, language),
    ))
