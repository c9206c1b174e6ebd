"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import breakdowns as breakdowns_
from .. import catalogue, charts, queries, state
from ..i18n import format_date, format_number, format_value, t, value_label
from ..tables import figure_download, figure_table

from .base import ViewCharts, catalogue_names


def params() -> list[state.Param]:
    cat = queries.catalogue()
    span = queries.year_range() or (2000, dt.date.today().year)
    ids = cat.loc[cat["figures"] > 0, "indicator"].tolist() or ["-"]
    codes = queries.breakdowns()
    breakdowns = ["totaal", *[breakdowns_.PREFIX + d for d in breakdowns_.dimensions(codes)], "*",
                  *[c for c in codes if c != "totaal"]]
    today = dt.date.today()
    return [
        state.choices("ind", ids, default=catalogue.headline_ids(cat)[:1] or ids[:1]),
        state.choice("bd", breakdowns, "totaal" if "totaal" in breakdowns else "*"),
        state.year_span("years", *span),
        state.choice("vintage", queries.VINTAGES, "latest"),
        state.date("asof", dt.date(1990, 1, 1), today, today),
        state.choice("chart", ("line", "bar"), "line"),
        state.flag("index"),
        state.year("base", *span, default=span[0]),
        state.flag("yoy"),
        state.flag("rate"),
    ]


def breakdown_choices(current: str, indicators: list[str]) -> list[str]:
    """What the breakdown widget offers: the total and each dimension the chosen indicators have figures for; a
    single code or "all" only when a link chose it (older links name one code)."""
    cat = queries.catalogue()
    codes = [c for bs in cat.loc[cat["indicator"].isin(indicators), "breakdowns"] for c in bs]
    offered = ["totaal", *[breakdowns_.PREFIX + d for d in breakdowns_.dimensions(codes)]]
    return offered if current in offered else [*offered, current]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, units = catalogue_names(language)
    chosen = [i for i in v["ind"] if i in names]
    codes = None   # the breakdowns drawn: one code (None: every code), or every code of a dimension
    breakdown = None if v["bd"] == "*" else v["bd"]
    if v["bd"].startswith(breakdowns_.PREFIX):
        codes = breakdowns_.codes_of(v["bd"][len(breakdowns_.PREFIX):], queries.breakdowns())
        breakdown = None
    vintage = v["vintage"]
    if not chosen:
        out.messages.append(("info", t("trends.pick", language)))
        return out
    figs = queries.figures(chosen, breakdown, v["years"], vintage, v["asof"] if vintage == "asof" else None)
    if codes is not None:
        figs = figs[figs["breakdown"].isin(codes)]
    rate_table, rate_sources = None, []
    if v["rate"]:
        figs, rate_table, rate_sources = _per_100k(figs, chosen, breakdown, codes, v, names, language, out)
    missing = [names[i] for i in chosen if i not in set(figs["indicator"])]
    if missing:
        out.messages.append(("warning", t("c.gap_selection", language, names=", ".join(missing))))

    with_breakdown = breakdown is None or figs["breakdown"].nunique() > 1
    pts, spans = charts.points(figs, language, with_breakdown)
    targets = queries.targets(chosen)
    if breakdown is not None or codes is not None:
        targets = targets[targets["breakdown"].isin(codes if codes is not None else [breakdown])]
    targets = targets[targets["due"].between(*v["years"])]
    if v["rate"]:
        targets = targets.iloc[0:0]   # targets are counts: they are not drawn over rates
        units = {i: "per_100k" for i in units}
    target_rows = charts.target_points(targets, language, with_breakdown)
    chosen_units = sorted({units[i] for i in chosen if i in set(figs["indicator"])})
    unit = chosen_units[0] if len(chosen_units) == 1 else None
    axis = charts.unit_axis(unit, language) if unit else {}
    unit_text = (charts.unit_title(unit, language) if unit
                 else " / ".join(charts.unit_title(u, language) for u in chosen_units))

    if v["index"]:
        base = v["base"]
        base_values = pts[pts["x"] == base].set_index("series")["y"].astype(float)
        lacking = sorted(set(pts["series"]) - set(base_values.index))
        if lacking:
            out.messages.append(("warning", t("trends.no_base", language, year=base, names=", ".join(lacking))))
        pts = pts[pts["series"].isin(base_values.index)].copy()
        pts["y"] = pts["y"].astype(float) / pts["series"].map(base_values).astype(float) * 100
        pts["text"] = [f"{text} → {format_value(y, None, None, None, None, language)}"
                       for text, y in zip(pts["text"], pts["y"])]
        spans = spans.iloc[0:0]
        target_base = target_rows["base_series"].map(base_values).astype(float)
        target_rows = target_rows[target_base.notna()].assign(
            y=lambda f: f["y"] / target_base[target_base.notna()] * 100)
        axis, unit_text = dict(y_format=",.0f"), t("c.index", language, year=base)
    elif len(chosen_units) > 1:
        out.messages.append(("info", t("trends.units", language,
                                       units=", ".join(value_label("unit", u, language) for u in chosen_units))))

    notes = queries.notes(chosen, breakdown)
    if codes is not None:
        notes = notes[notes["breakdown"].isin(codes)]
    notes = charts.numbered_notes(notes, pts, language, with_breakdown)
    if not pts.empty and pts.groupby("series")["x"].apply(lambda x: x.max() - x.min() + 1 > len(x)).any():
        out.messages.append(("caption", t("c.gap_note", language)))
    if not spans.empty:
        out.messages.append(("caption", t("c.span_note", language)))

    title_names = ", ".join(names[i] for i in chosen)
    out.specs.append(charts.ChartSpec(
        key="trends",
        title=t("trends.title", language, names=title_names if len(title_names) < 90 else title_names[:88] + "…"),
        unit=f"{unit_text} · {t('vsub.' + vintage, language, date=format_date(v['asof'].isoformat(), language))}",
        data=pts, spans=spans, targets=target_rows, notes=notes, language=language, kind=v["chart"],
        sources=charts.source_lines(figs, language) + rate_sources, **axis,
        table=figure_table(figs, language) if rate_table is None else rate_table,
        download=figure_download(figs, language) if rate_table is None else rate_table,
    ))

    if v["yoy"] and not pts.empty:
        change = pts.sort_values("x").copy()
        previous = change.groupby("series")["y"].shift(1)
        previous_year = change.groupby("series")["x"].shift(1)
        change["y"] = (change["y"] - previous) / previous * 100
        change = change[(previous_year == change["x"] - 1) & previous.notna() & (previous != 0)]
        change["text"] = [format_value(y, "percent", None, None, None, language) for y in change["y"]]
        out.specs.append(charts.ChartSpec(
            key="trends-yoy", title=t("trends.change_title", language), unit=t("c.change", language), data=change,
            language=language, kind="bar", sources=charts.source_lines(figs, language), y_format=",.1f",
            y_suffix="%",
            table=change[["series", "period", "text"]].rename(columns={
                "series": t("col.series", language), "period": t("col.period", language),
                "text": t("col.change", language)}),
            download=change[["series", "x", "y"]].rename(columns={
                "series": t("col.series", language), "x": t("col.year", language), "y": t("col.change", language)}),
        ))
    return out


def _per_100k(figs: pd.DataFrame, chosen: list[str], breakdown: str | None, codes: list[str] | None,
              v: dict[str, Any], names: dict[str, str], language: str,
              out: ViewCharts) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The latest figures as counts per 100,000 inhabitants, only where the count and the population are both
    published; the table the chart then shows (count, population, rate, both documents); the population's sources."""
    rates = queries.rates(chosen, breakdown, v["years"])
    latest = queries.figures(chosen, breakdown, v["years"])
    if codes is not None:
        rates, latest = rates[rates["breakdown"].isin(codes)], latest[latest["breakdown"].isin(codes)]
    out.messages.append(("caption", t("trends.rate_sdg", language)))
    if v["vintage"] != "latest":
        out.messages.append(("info", t("trends.rate_latest", language)))
    keys = ["indicator", "breakdown", "period"]
    counted = latest[latest["period_kind"] == "year"].merge(
        rates[keys + ["count", "population", "rate", "population_source", "population_published"]], on=keys,
        how="left")
    lacking = counted[counted["rate"].isna()]
    if not lacking.empty:
        out.messages.append(("warning", t("trends.rate_missing", language,
                                          names=", ".join(names[i] for i in dict.fromkeys(lacking["indicator"])),
                                          years=", ".join(sorted(set(lacking["period"]))))))
    rated = counted[counted["rate"].notna()]
    table = pd.DataFrame({
        t("col.indicator", language): rated[f"name_{language}"],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in rated["breakdown"]],
        t("col.year", language): rated["period"],
        t("trends.rate_count", language): [format_number(c, language) for c in rated["count"]],
        t("trends.rate_population", language): [format_number(p, language) for p in rated["population"]],
        t("trends.rate_value", language): [format_number(r, language, 2) for r in rated["rate"]],
        t("col.source", language): rated["source_reference"] + "; " + rated["population_source"],
    })
    population = rated.assign(source_reference=rated["population_source"], published=rated["population_published"])
    rated = rated.assign(value=rated["rate"], unit="per_100k", qualifier=None, low=None, high=None)
    return (rated.drop(columns=["count", "population", "rate", "population_source", "population_published"]), table,
            charts.source_lines(population, language))
