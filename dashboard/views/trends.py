"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import catalogue, charts, queries, state
from ..i18n import format_date, format_value, t, value_label
from ..tables import figure_download, figure_table

from .base import ViewCharts, catalogue_names


def params() -> list[state.Param]:
    cat = queries.catalogue()
    span = queries.year_range() or (2000, dt.date.today().year)
    ids = cat.loc[cat["figures"] > 0, "indicator"].tolist() or ["-"]
    breakdowns = ["*", *queries.breakdowns()]
    today = dt.date.today()
    return [
        state.choices("ind", ids, default=catalogue.headline_ids(cat)[:1] or ids[:1], allow_empty=True),
        state.choice("bd", breakdowns, "totaal" if "totaal" in breakdowns else "*"),
        state.year_span("years", *span),
        state.choice("vintage", queries.VINTAGES, "latest"),
        state.date("asof", dt.date(1990, 1, 1), today, today),
        state.choice("chart", ("line", "bar"), "line"),
        state.flag("index"),
        state.year("base", *span, default=span[0]),
        state.flag("yoy"),
    ]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, units = catalogue_names(language)
    chosen = [i for i in v["ind"] if i in names]
    breakdown = None if v["bd"] == "*" else v["bd"]
    vintage = v["vintage"]
    if not chosen:
        out.messages.append(("info", t("trends.pick", language)))
        return out
    figs = queries.figures(chosen, breakdown, v["years"], vintage, v["asof"] if vintage == "asof" else None)
    missing = [names[i] for i in chosen if i not in set(figs["indicator"])]
    if missing:
        out.messages.append(("warning", t("c.gap_selection", language, names=", ".join(missing))))

    with_breakdown = breakdown is None or figs["breakdown"].nunique() > 1
    pts, spans = charts.points(figs, language, with_breakdown)
    targets = queries.targets(chosen)
    if breakdown is not None:
        targets = targets[targets["breakdown"] == breakdown]
    targets = targets[targets["due"].between(*v["years"])]
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

    notes = charts.numbered_notes(queries.notes(chosen, breakdown), pts, language, with_breakdown)
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
        sources=charts.source_lines(figs, language), **axis,
        table=figure_table(figs, language), download=figure_download(figs, language),
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
