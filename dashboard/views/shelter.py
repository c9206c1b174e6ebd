"""Opvang en dark number: registered victims against the estimates of the true number, OMM places, waiting list and
waiting time, budgets (per place where the catalogue's `per` says so), COSM: the sections of the catalogue's `topic`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from .. import catalogue, chartmodel, charts, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_period, format_value, t
from ..tables import figure_download, figure_table, with_missing
from .base import PageParams, PageView, catalogue_names


def params() -> list[urlparams.Param]:
    span = queries.year_range() or (2000, dt.date.today().year)
    return [urlparams.year_span("years", *span)]


SECTIONS = ("dark_number", "places", "waiting", "budget", "cosm")


@dataclass(frozen=True)
class ShelterParams(PageParams):
    years: tuple[int, int]   # the years of the charts (the tables show every year)


class Metric(NamedTuple):
    """The newest figure of one indicator, as a metric: its name and period, its value, its source."""

    label: str
    value: str
    help: str


@dataclass(kw_only=True)
class ShelterView(PageView):
    """The page's sections in order. A section without figures has None (or nothing) and its `…_gap` says why."""

    dark_number: ChartSpec | None = None         # registered victims against the estimates of the true number
    dark_number_ratio: ChartSpec | None = None   # registered ÷ estimate; None: no estimate covers a registered year
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)   # the ratio chart's points as a table
    dark_number_gap: str = ""
    places: ChartSpec | None = None              # OMM shelter places
    places_gap: str = ""
    waiting: list[Metric] = field(default_factory=list)   # the newest figure of each waiting list and time
    waiting_table: pd.DataFrame | None = None
    waiting_gap: str = ""
    budget: pd.DataFrame | None = None
    budget_download: pd.DataFrame = field(default_factory=pd.DataFrame)
    per_place: list[str] = field(default_factory=list)    # the budget per place, one sentence per year
    budget_gap: str = ""
    cosm: pd.DataFrame | None = None
    cosm_gap: str = ""

    @property
    def charts(self) -> list[ChartSpec]:
        return [spec for spec in (self.dark_number, self.dark_number_ratio, self.places) if spec is not None]


def build(p: ShelterParams, language: str) -> ShelterView:
    """Per section of the page: its chart or tables, or in its `…_gap` why it has none."""
    out = ShelterView()
    cat, names, _ = catalogue_names(language)
    years = p.years
    registered, estimated = catalogue.dark_number_ids(cat)
    ids = {topic: catalogue.topic_ids(cat, topic) for topic in SECTIONS}

    def chart(key: str, title: str, chosen: list[str], kind: str = "line") -> ChartSpec:
        """A chart of the total of some indicators (one unit per chart: the first indicator's)."""
        figs = queries.figures(chosen, vocabulary.TOTAL, years)
        unit = figs["unit"].iloc[0] if not figs.empty else cat.set_index("indicator").loc[chosen[0], "unit"]
        figs = figs[figs["unit"] == unit]
        pts, spans = charts.points(figs, language)
        notes = charts.numbered_notes(queries.notes(chosen, vocabulary.TOTAL), pts, language)
        table = figure_table(figs, language)
        if kind == "bar":   # a year without a figure inside the range is marked, with its reason, never an empty slot
            missing = chartmodel.missing_points(pts, queries.known_missing(), language)
            if not missing.empty:
                notes += [charts.Note(len(notes) + n, text, source)
                          for n, (text, source) in enumerate(chartmodel.missing_notes(missing, language), start=1)]
                pts = pd.concat([pts, missing.assign(unit=unit)], ignore_index=True)
                table = with_missing(table, missing, names, language)
        return charts.ChartSpec(
            key=key, title=title, unit=charts.unit_title(unit, language), data=pts, spans=spans, language=language,
            kind=kind, sources=charts.source_lines(figs, language), **charts.unit_axis(unit, language),
            notes=notes, table=table, download=figure_download(figs, language),
        )

    if not estimated or not registered:
        out.dark_number_gap = t("c.gap", language, names=t("shelter.estimate" if not estimated
                                                           else "step.registrations", language))
    else:
        _dark_number(out, registered, estimated, years, language)

    if ids["places"]:
        out.places = chart("places", t("shelter.places", language), ids["places"], kind="bar")
    else:
        out.places_gap = t("c.gap", language, names=t("shelter.places", language))

    if ids["waiting"]:
        waiting = queries.figures(ids["waiting"], None, None)
        newest = waiting.sort_values("period_end").groupby("indicator").tail(1)
        out.waiting = [
            Metric(f"{getattr(row, f'name_{language}')} ({format_period(row.period, language)})",
                   format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
                   f"{t('col.source', language)}: {row.source_reference}")
            for row in newest.itertuples()]
        out.waiting_table = figure_table(waiting, language)
    else:
        out.waiting_gap = t("c.gap", language, names=t("shelter.waiting", language))

    if ids["budget"]:
        budget = queries.figures(ids["budget"], None, None)
        out.budget = figure_table(budget, language)
        out.budget_download = figure_download(budget, language)
        out.per_place = _per_place(cat, budget, language)
    else:
        out.budget_gap = t("c.gap", language, names=t("shelter.budget", language))

    if ids["cosm"]:
        out.cosm = figure_table(queries.figures(ids["cosm"], None, None), language)
    else:
        out.cosm_gap = t("c.gap", language, names="COSM")
    return out


def _dark_number(out: ShelterView, registered: list[str], estimated: list[str], years: tuple[int, int],
                 language: str) -> None:
    """Registered victims per year against each published estimate, drawn over the years it covers with its
    published range as a band; then registered ÷ estimate (the detection ratio) with the range that gives."""
    figs = queries.figures(registered + estimated, vocabulary.TOTAL, years)
    counts = figs[figs["indicator"].isin(registered) & (figs["period_kind"] == "year")]
    estimates = figs[figs["indicator"].isin(estimated)]
    pts, _ = charts.points(counts, language)
    spans = _estimate_spans(estimates, language)
    unit = str(counts["unit"].iloc[0]) if not counts.empty else str(figs["unit"].iloc[0]) if not figs.empty else ""
    out.dark_number = charts.ChartSpec(
        key="dark-number", title=t("shelter.dark", language), unit=charts.unit_title(unit, language), data=pts,
        spans=spans, language=language, sources=charts.source_lines(figs, language), **charts.unit_axis(unit, language),
        notes=charts.numbered_notes(queries.notes(registered + estimated, vocabulary.TOTAL), pts, language),
        table=figure_table(figs, language), download=figure_download(figs, language),
    )
    ratios = _detection_ratios(counts, estimates, language)
    out.shares = _detection_table(ratios, language)
    if not ratios.empty:
        out.dark_number_ratio = charts.ChartSpec(
            key="dark-number-ratio", title=t("shelter.ratio_title", language), unit=t("shelter.ratio_unit", language),
            data=ratios, language=language, sources=charts.source_lines(figs, language), y_format=",.0f",
            y_suffix="%", y_title=t("shelter.ratio_axis", language), table=out.shares,
            download=ratios.drop(columns=["text"]),
        )


def _estimate_spans(estimates: pd.DataFrame, language: str) -> pd.DataFrame:
    """Every estimate as a segment over the years it is about (a one-year estimate: that year), with its range."""
    if estimates.empty:
        return pd.DataFrame(columns=["series", "x0", "x1", "y", "low", "high", "period", "text", "status"])
    return pd.DataFrame({
        "series": [f"{n} ({format_period(p, language)})" for n, p in
                   zip(estimates[f"name_{language}"], estimates["period"])],
        "x0": estimates["year_start"].astype(int).to_numpy(), "x1": estimates["year_end"].astype(int).to_numpy(),
        "y": estimates["value"].to_numpy(), "low": estimates["low"].to_numpy(), "high": estimates["high"].to_numpy(),
        "period": [format_period(p, language) for p in estimates["period"]],
        "text": [format_value(*r, language=language) for r in zip(estimates["value"], estimates["unit"],
                                                                   estimates["qualifier"], estimates["low"],
                                                                   estimates["high"])],
        "status": estimates["status"].to_numpy(), "indicator": estimates["indicator"].to_numpy(),
    })


def _detection_ratios(counts: pd.DataFrame, estimates: pd.DataFrame, language: str) -> pd.DataFrame:
    """Registered ÷ estimate × 100 for every registration year an estimate covers; the range is registered ÷ the
    estimate's high and low ends, where the estimate publishes them."""
    columns = ["series", "x", "y", "y_low", "y_high", "period", "text", "registered", "registered_by", "estimate",
               "estimate_period",
               "indicator", "estimate_indicator"]
    # One registration count per year: the first registration indicator that has the year (they count one quantity)
    order = {i: n for n, i in enumerate(dict.fromkeys(counts["indicator"]))}
    counts = counts.assign(_order=counts["indicator"].map(order)).sort_values("_order").drop_duplicates("year")
    pairs = estimates.merge(counts, how="cross", suffixes=("_e", ""))
    pairs = pairs[pairs["year"].between(pairs["year_start_e"], pairs["year_end_e"]) & (pairs["value_e"] > 0)]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    share = pairs["value"] / pairs["value_e"] * 100
    low = pairs["value"] / pairs["high_e"] * 100     # a high estimate gives the low share
    high = pairs["value"] / pairs["low_e"] * 100
    return pd.DataFrame({
        "series": [t("shelter.ratio_series", language, estimate=ne, period=format_period(p, language))
                   for ne, p in zip(pairs[f"name_{language}_e"], pairs["period_e"])],
        "x": pairs["year"].astype(int).to_numpy(), "y": share.to_numpy(), "y_low": low.to_numpy(),
        "y_high": high.to_numpy(), "period": pairs["year"].astype(int).astype(str).to_numpy(),
        "text": [format_value(v, vocabulary.SHARE, "about", lo, hi, language) for v, lo, hi in zip(share, low, high)],
        "registered": [format_value(*r, language=language) for r in zip(pairs["value"], pairs["unit"],
                                                                        pairs["qualifier"])],
        "registered_by": pairs["organisation"].to_numpy(),
        "estimate": [format_value(*r, language=language) for r in zip(pairs["value_e"], pairs["unit_e"],
                                                                      pairs["qualifier_e"], pairs["low_e"],
                                                                      pairs["high_e"])],
        "estimate_period": [format_period(p, language) for p in pairs["period_e"]],
        "indicator": pairs["indicator"].to_numpy(), "estimate_indicator": pairs["indicator_e"].to_numpy(),
    }).sort_values(["x", "series"])


def _detection_table(ratios: pd.DataFrame, language: str) -> pd.DataFrame:
    """What the ratio chart shows, one row per point: year, the count, the estimate and its period, the share."""
    return pd.DataFrame({
        t("col.year", language): ratios["period"],
        t("col.indicator", language): ratios["series"],
        t("step.registrations", language): ratios["registered"] + " (" + ratios["registered_by"] + ")",
        t("shelter.estimate", language): ratios["estimate"],
        t("shelter.estimate_period", language): ratios["estimate_period"],
        t("shelter.share", language): ratios["text"],
    })


def _per_place(cat: pd.DataFrame, budget: pd.DataFrame, language: str) -> list[str]:
    """One sentence per amount and count of the same year, for each amount the catalogue shows `per` a count."""
    sentences = []
    for amount, count in catalogue.per_pairs(cat):
        counts = queries.figures([count], vocabulary.TOTAL, None)
        for b in budget[budget["indicator"] == amount].itertuples():
            for c in counts[counts["year"] == b.year].itertuples():
                sentences.append(t("shelter.per_place_text", language,
                                   budget=format_value(b.value, b.unit, b.qualifier, language=language),
                                   places=format_value(c.value, c.unit, c.qualifier, language=language),
                                   per_place=format_value(round(b.value / c.value), b.unit, "about", language=language),
                                   period=format_period(b.period, language)))
    return sentences
