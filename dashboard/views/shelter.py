"""Opvang en dark number: registered victims against the estimates of the true number, OMM places, waiting list and
waiting time, budgets (per place where the catalogue's `per` says so), COSM: the sections of the catalogue's `topic`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import catalogue, charts, queries, state
from ..i18n import format_period, format_value, t
from ..tables import figure_download, figure_table

from .base import ViewCharts, catalogue_names


def params() -> list[state.Param]:
    span = queries.year_range() or (2000, dt.date.today().year)
    return [state.year_span("years", *span)]


SECTIONS = ("dark_number", "places", "waiting", "budget", "cosm")


def build(v: dict[str, Any], language: str) -> ViewCharts:
    """Per section of the page: its chart or tables, or in `parts["gaps"]` why it has none."""
    out = ViewCharts()
    cat, names, _ = catalogue_names(language)
    years = v["years"]
    registered, estimated = catalogue.dark_number_ids(cat)
    ids = {topic: catalogue.topic_ids(cat, topic) for topic in SECTIONS}
    gaps: dict[str, str] = out.parts.setdefault("gaps", {})

    def chart(key: str, title: str, chosen: list[str], kind: str = "line") -> pd.DataFrame:
        """A chart of the total of some indicators (one unit per chart: the first indicator's)."""
        figs = queries.figures(chosen, "totaal", years)
        unit = figs["unit"].iloc[0] if not figs.empty else cat.set_index("indicator").loc[chosen[0], "unit"]
        figs = figs[figs["unit"] == unit]
        pts, spans = charts.points(figs, language)
        out.specs.append(charts.ChartSpec(
            key=key, title=title, unit=charts.unit_title(unit, language), data=pts, spans=spans, language=language,
            kind=kind, sources=charts.source_lines(figs, language), **charts.unit_axis(unit, language),
            notes=charts.numbered_notes(queries.notes(chosen, "totaal"), pts, language),
            table=figure_table(figs, language), download=figure_download(figs, language),
        ))
        return figs

    if not estimated or not registered:
        gaps["dark_number"] = t("c.gap", language, names=t("shelter.estimate" if not estimated
                                                           else "step.registrations", language))
    else:
        figs = chart("dark-number", t("shelter.dark", language), registered + estimated)
        out.tables["shares"] = _detection_shares(figs[figs["indicator"].isin(registered) & (figs["period_kind"] == "year")],
                                                 figs[figs["indicator"].isin(estimated)], language)

    if ids["places"]:
        chart("places", t("shelter.places", language), ids["places"], kind="bar")
    else:
        gaps["places"] = t("c.gap", language, names=t("shelter.places", language))

    if ids["waiting"]:
        waiting = queries.figures(ids["waiting"], None, None)
        newest = waiting.sort_values("period_end").groupby("indicator").tail(1)
        out.parts["waiting"] = [
            (f"{getattr(row, f'name_{language}')} ({format_period(row.period, language)})",
             format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
             f"{t('col.source', language)}: {row.source_reference}")
            for row in newest.itertuples()]
        out.tables["waiting"] = figure_table(waiting, language)
    else:
        gaps["waiting"] = t("c.gap", language, names=t("shelter.waiting", language))

    if ids["budget"]:
        budget = queries.figures(ids["budget"], None, None)
        out.tables["budget"] = figure_table(budget, language)
        out.tables["budget_download"] = figure_download(budget, language)
        out.parts["per_place"] = _per_place(cat, budget, language)
    else:
        gaps["budget"] = t("c.gap", language, names=t("shelter.budget", language))

    if ids["cosm"]:
        out.tables["cosm"] = figure_table(queries.figures(ids["cosm"], None, None), language)
    else:
        gaps["cosm"] = t("c.gap", language, names="COSM")
    return out


def _detection_shares(registered: pd.DataFrame, estimated: pd.DataFrame, language: str) -> pd.DataFrame:
    """Registered victims as a share of each estimate, for every year the estimate covers."""
    pairs = estimated.merge(registered, how="cross", suffixes=("_e", ""))
    pairs = pairs[pairs["year"].between(pairs["year_start_e"], pairs["year_end_e"])]
    return pd.DataFrame({
        t("col.year", language): pairs["year"].astype(int).astype(str),
        t("col.indicator", language): pairs[f"name_{language}"],
        t("step.registrations", language): [format_value(*r, language=language) for r in
                                            zip(pairs["value"], pairs["unit"], pairs["qualifier"])],
        t("shelter.estimate", language): [format_value(*r, language=language) for r in
                                          zip(pairs["value_e"], pairs["unit_e"], pairs["qualifier_e"],
                                              pairs["low_e"], pairs["high_e"])],
        t("shelter.estimate_period", language): [format_period(p, language) for p in pairs["period_e"]],
        t("shelter.share", language): [format_value(r / e * 100, "percent", "about" if isinstance(q, str) and q
                                                    else None, language=language)
                                       for r, e, q in zip(pairs["value"], pairs["value_e"], pairs["qualifier_e"])],
    }).fillna("")


def _per_place(cat: pd.DataFrame, budget: pd.DataFrame, language: str) -> list[str]:
    """One sentence per amount and count of the same year, for each amount the catalogue shows `per` a count."""
    sentences = []
    for amount, count in catalogue.per_pairs(cat):
        counts = queries.figures([count], "totaal", None)
        for b in budget[budget["indicator"] == amount].itertuples():
            for c in counts[counts["year"] == b.year].itertuples():
                sentences.append(t("shelter.per_place_text", language,
                                   budget=format_value(b.value, b.unit, b.qualifier, language=language),
                                   places=format_value(c.value, c.unit, c.qualifier, language=language),
                                   per_place=format_value(round(b.value / c.value), b.unit, "about", language=language),
                                   period=format_period(b.period, language)))
    return sentences
