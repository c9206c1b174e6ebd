"""Strafrechtketen: the justice chain per year, its steps as the catalogue's `chain_step` column places them."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pandas as pd

from .. import catalogue, charts, queries, state
from ..i18n import format_value, t, value_label
from ..tables import figure_download, figure_table

from .base import ViewCharts, catalogue_names


def breakdowns() -> list[str]:
    return [b for b in ("totaal", "seksueel", "arbeid", "crimineel", "overig") if b in queries.breakdowns()] or ["totaal"]


def params() -> list[state.Param]:
    span = queries.year_range() or (2000, dt.date.today().year)
    return [state.choice("bd", breakdowns(), "totaal"), state.year_span("years", *span)]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, _ = catalogue_names(language)
    steps = catalogue.chain_steps(cat)
    chain_ids = [i for _, ids in steps for i in ids]
    ratio_ids = catalogue.chain_ratio_ids(cat)
    breakdown, years = v["bd"], v["years"]
    figs = queries.figures(chain_ids + ratio_ids, breakdown, years)
    yearly = figs[figs["period_kind"] == "year"]
    step_of = {i: step for step, ids in steps for i in ids}

    # The chain table: one row per step and indicator, one column per year; empty where nothing was published.
    year_columns = [str(y) for y in range(years[0], years[1] + 1)]
    cells = yearly.assign(
        _year=yearly["year"].astype(int).astype(str),
        _text=[format_value(*r, language=language) for r in
               zip(yearly["value"], yearly["unit"], yearly["qualifier"], yearly["low"], yearly["high"])],
    ).drop_duplicates(["indicator", "_year"], keep="last").pivot(index="indicator", columns="_year", values="_text")
    rows = []
    for step, ids in steps:
        if not ids:
            rows.append({t("chain.step", language): t(f"step.{step}", language), t("col.indicator", language): "—"})
        for indicator in ids:
            found = cells.loc[indicator].dropna().to_dict() if indicator in cells.index else {}
            rows.append({t("chain.step", language): t(f"step.{step}", language),
                         t("col.indicator", language): names[indicator], **found})
    chain_table = pd.DataFrame(rows).reindex(
        columns=[t("chain.step", language), t("col.indicator", language), *year_columns]).astype(object).fillna("")
    chain_table = chain_table.loc[:, [c for c in chain_table.columns if c not in year_columns
                                      or (chain_table[c] != "").any()]]
    out.tables["chain"] = chain_table
    gaps = [t(f"step.{s}", language) for s, ids in steps if not ids or not set(ids) & set(yearly["indicator"])]
    if gaps:
        out.messages.append(("caption", t("c.gap_selection", language, names=", ".join(gaps))))

    # The chain chart: the steps from left to right, one bar per year (the newest years with figures in the range).
    counts = yearly[yearly["indicator"].isin(chain_ids) & (yearly["unit"] != "percent")]
    shown_years = sorted(counts["year"].dropna().astype(int).unique())[-5:]
    in_chart = counts[counts["year"].isin(shown_years)]
    order = {indicator: n for n, indicator in enumerate(chain_ids)}
    in_chart = in_chart.assign(_order=in_chart["indicator"].map(order)).sort_values(["_order", "year"])
    label = {i: "<br>".join(textwrap.wrap(f"{t('step.' + step_of[i], language)}: {names[i]}", 34))
             for i in set(in_chart["indicator"])}
    bars = pd.DataFrame({
        "series": in_chart["year"].astype(int).astype(str),
        "x": in_chart["indicator"].map(label),
        "y": in_chart["value"],
        "period": [f"{t('step.' + step_of[i], language)}, {int(y)}"
                   for i, y in zip(in_chart["indicator"], in_chart["year"])],
        "text": [format_value(*r, language=language) for r in
                 zip(in_chart["value"], in_chart["unit"], in_chart["qualifier"], in_chart["low"], in_chart["high"])],
    })
    x_order = list(dict.fromkeys(bars["x"]))
    bars = bars.sort_values("series", kind="stable")
    out.specs.append(charts.ChartSpec(
        key=f"chain-{breakdown}", title=t("chain.chart", language),
        unit=f"{value_label('breakdown', breakdown, language).capitalize()} · "
             + " / ".join(sorted({charts.unit_title(u, language) for u in in_chart["unit"]})),
        data=bars, language=language, kind="barh", categorical_x=True, x_title="",
        height=80 + len(x_order) * (14 * len(shown_years) + 24),
        x_order=x_order, sources=charts.source_lines(in_chart, language),
        notes=charts.numbered_notes(queries.notes(chain_ids, breakdown), bars.iloc[0:0], language),
        table=chain_table, download=figure_download(counts, language),
    ))

    # Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give.
    published = yearly[yearly["indicator"].isin(ratio_ids)]
    ids_of = dict(steps)
    computed = []
    for numerator, denominator in catalogue.CHAIN_RATIOS:
        top = counts[counts["indicator"].isin(ids_of[numerator])]
        bottom = counts[counts["indicator"].isin(ids_of[denominator])]
        both = top.merge(bottom, on="year", suffixes=("", "_d"))
        both = both[(both["unit"] == both["unit_d"]) & (both["value_d"] != 0)]  # persons over cases mixes counts
        if both.empty:
            continue
        computed.append(pd.DataFrame({
            "indicator": both["indicator"] + "/" + both["indicator_d"], "year": both["year"],
            "period": both["period"], "period_kind": "year", "year_start": both["year"], "year_end": both["year"],
            "breakdown": breakdown, "value": both["value"] / both["value_d"] * 100, "unit": "percent",
            "qualifier": None, "low": None, "high": None, "status": "reported",
            "published": both["published"].where(both["published"] >= both["published_d"], both["published_d"]),
            "source_reference": both["source_reference"] + "; " + both["source_reference_d"],
            f"name_{language}": f"{t('step.' + numerator, language)} / {t('step.' + denominator, language)}",
        }))
    ratios = pd.concat([published, *computed], ignore_index=True) if computed else published
    if ratios.empty:
        out.messages.append(("ratios", t("chain.no_ratios", language)))
    else:
        ratio_pts, _ = charts.points(ratios, language)
        out.specs.append(charts.ChartSpec(
            key=f"chain-ratios-{breakdown}", title=t("chain.ratios_chart", language),
            unit=charts.unit_title("percent", language), data=ratio_pts, language=language,
            sources=charts.source_lines(ratios, language), y_format=",.0f", y_suffix="%",
            notes=charts.numbered_notes(queries.notes(ratio_ids, breakdown), ratio_pts, language),
            table=figure_table(ratios, language), download=figure_download(ratios, language),
        ))
    return out
