"""Strafrechtketen: the justice chain per year, its steps as the catalogue's `chain_step` column places them.

The question the page answers: of what the police send on, how much reaches the OM, the court and a conviction, in
one year. The chart shows one year's chain from police to conviction (registrations and investigations above it, for
context), with the ratio between consecutive steps counted in the same unit; the table shows every year, newest first.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pandas as pd

from .. import catalogue, charts, queries, state
from ..i18n import format_value, t, value_label
from ..tables import figure_download, figure_table
from .base import ViewCharts, catalogue_names

CONTEXT_STEPS = ("registrations", "investigations")   # beside the chain: what the police and inspectors start from


def breakdowns() -> list[str]:
    return [b for b in ("totaal", "seksueel", "arbeid", "crimineel", "overig") if b in queries.breakdowns()] or ["totaal"]


def funnel_years(breakdown: str) -> list[int]:
    """Years in which at least one step from suspects to convictions has a published count, newest first."""
    return [year for year, _ in _steps_per_year(breakdown)]


def best_year(breakdown: str) -> int | None:
    """The newest year with the most steps of the chain: the year the chart opens on."""
    ranked = sorted(_steps_per_year(breakdown), key=lambda pair: (pair[1], pair[0]), reverse=True)
    return ranked[0][0] if ranked else None


def _steps_per_year(breakdown: str) -> list[tuple[int, int]]:
    cat = queries.catalogue()
    chain = [i for step, ids in catalogue.chain_steps(cat) if step not in CONTEXT_STEPS for i in ids]
    figs = queries.figures(chain, breakdown)
    figs = figs[figs["period_kind"] == "year"]
    step_of = dict(zip(cat["indicator"], cat["chain_step"]))
    counted = figs.assign(step=figs["indicator"].map(step_of)).groupby("year")["step"].nunique()
    return sorted(((int(y), int(n)) for y, n in counted.items()), reverse=True)


def params() -> list[state.Param]:
    span = queries.year_range() or (2000, dt.date.today().year)
    default = best_year("totaal") or span[1]
    return [state.choice("bd", breakdowns(), "totaal"), state.year_span("years", *span),
            state.year("year", *span, default=default)]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, _ = catalogue_names(language)
    steps = catalogue.chain_steps(cat)
    chain_ids = [i for _, ids in steps for i in ids]
    ratio_ids = catalogue.chain_ratio_ids(cat)
    breakdown, years = v["bd"], v["years"]
    figs = queries.figures(chain_ids + ratio_ids, breakdown, years)
    yearly = figs[figs["period_kind"] == "year"]

    # The chain table: one row per step and indicator, one column per year; empty where nothing was published.
    year_columns = [str(y) for y in range(years[1], years[0] - 1, -1)]   # newest year first
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
    if gaps:   # shown with the table: the steps that have no count in any year of the range
        out.messages.append(("table", t("c.gap_selection", language, names=", ".join(gaps))))

    # The chain chart: one year, from police to conviction, context steps first; a gap is a missing bar, not a zero.
    year = v["year"] if v["year"] in funnel_years(breakdown) else best_year(breakdown)
    if year is None:
        out.messages.append(("info", t("chain.no_year", language,
                                       breakdown=value_label("breakdown", breakdown, language))))
    else:
        out.specs.append(_funnel(steps, ratio_ids, breakdown, year, names, language))
        missing = [t(f"step.{s}", language) for s, ids in steps if s not in CONTEXT_STEPS
                   and not set(ids) & set(_year_figures(ids + ratio_ids, breakdown, year)["indicator"])]
        if missing:
            out.messages.append(("caption", t("chain.missing_steps", language, year=year, steps=", ".join(missing))))
    counts = yearly[yearly["indicator"].isin(chain_ids) & (yearly["unit"] != "percent")]

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


def _year_figures(ids: list[str], breakdown: str, year: int) -> pd.DataFrame:
    figs = queries.figures(ids, breakdown, (year, year)) if ids else queries.figures(["-"], breakdown)
    return figs[figs["period_kind"] == "year"]


def _funnel(steps: list[tuple[str, list[str]]], ratio_ids: list[str], breakdown: str, year: int,
            names: dict[str, str], language: str) -> charts.ChartSpec:
    """One bar per published count of `year`, in chain order (one per quantity: a second organisation's count of
    the same thing is in the table); each label says its step and indicator, and the share of the previous step
    where both count in the same unit (cases of cases, suspects of suspects)."""
    ids = [i for _, group in steps for i in group]
    figs = _year_figures(ids + ratio_ids, breakdown, year)
    by_id = {row.indicator: row for row in figs.itertuples()}
    measures = queries.catalogue().set_index("indicator")["measures"]
    rows, earlier, quantities = [], [], set()   # earlier: the counts of the chain steps before this one
    for step, group in steps:
        drawn = []
        for indicator in [i for i in group if i in by_id] + [i for i in ratio_ids if i in by_id
                                                             and _step_of(i) == step]:
            row = by_id[indicator]
            if measures[indicator] in quantities:   # another organisation's count of a quantity already drawn
                continue
            quantities.add(measures[indicator])
            is_share = row.unit == "percent"
            base = next((p for p in reversed(earlier) if p.unit == row.unit), None)
            ratio = ""
            if not is_share and base is not None and step not in CONTEXT_STEPS and base.value:
                ratio = t("chain.of_previous", language,
                          share=format_value(row.value / base.value * 100, "percent", language=language))
            label = f"{t('step.' + step, language)}: {names[indicator]}"
            rows.append({
                "series": value_label("breakdown", breakdown, language).capitalize(),
                "x": "<br>".join(textwrap.wrap(label, 44)) + (f"<br><i>{ratio}</i>" if ratio else ""),
                "y": None if is_share else row.value,
                "period": str(year),
                "text": format_value(row.value, row.unit, row.qualifier, row.low, row.high, language)
                        + ("" if is_share else f" {value_label('unit', row.unit, language)}"),
                "indicator": indicator, "breakdown": breakdown, "period_raw": row.period,
                "colour_key": breakdown,   # the chain's colour is its breakdown's, whichever step comes first
            })
            if not is_share and step not in CONTEXT_STEPS:
                drawn.append(row)
        if drawn:
            earlier = drawn
    bars = pd.DataFrame(rows, columns=["series", "x", "y", "period", "text", "indicator", "breakdown", "period_raw",
                                      "colour_key"])
    units = sorted({value_label("unit", u, language) for u in figs.loc[figs["unit"] != "percent", "unit"]})
    return charts.ChartSpec(
        key=f"chain-{breakdown}", title=t("chain.chart_year", language, year=year),
        unit=f"{value_label('breakdown', breakdown, language).capitalize()} · {t('chain.units', language, units=', '.join(units))}",
        data=bars, language=language, kind="barh", categorical_x=True, x_title="", bar_values=True,
        height=120 + 56 * len(bars), x_order=list(bars["x"]), sources=charts.source_lines(figs, language),
        notes=charts.numbered_notes(_notes_on(bars, breakdown), bars.iloc[0:0], language),
        table=figure_table(figs, language), download=figure_download(figs, language),
    )


def _notes_on(bars: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """Only the notes on the figures the chart draws (one year), not every note of every chain indicator."""
    notes = queries.notes(list(bars["indicator"]), breakdown)
    shown = set(zip(bars["indicator"], bars["period_raw"]))
    return notes[[(i, p) in shown for i, p in zip(notes["indicator"], notes["period"])]]


def _step_of(indicator: str) -> str | None:
    cat = queries.catalogue()
    return dict(zip(cat["indicator"], cat["chain_step"])).get(indicator)
