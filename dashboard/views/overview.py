"""Overzicht: the headline figures the catalogue names (`headline`), as a story along the chain (signalering →
opsporing → vervolging → berechting → opvang): each card its newest figure, the change on the comparable figure
before it, a sparkline of its years, a link to Trends, and an "old" badge when its year lags the newest by more than
two years. One card per quantity: indicators that measure the same thing (`measures`) share a card, the other
organisation's count in its help text. Then how the targets stand and how fresh the data is."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd

from .. import catalogue, charts, queries, urlparams, vocabulary
from ..i18n import format_change, format_date, format_number, format_period, format_value, missing, t, value_label
from .base import PageParams, PageView

TARGET_STATUSES = ("met", "missed", "on_track", "off_track", "partial", "no_data", "unconfirmed")
OLD_AFTER = 2   # years


@dataclass(frozen=True)
class Card:
    """One headline figure as the overview shows it."""

    indicator: str
    title: str
    label: str                 # the period
    value: str
    delta: str | None          # the change on the comparable figure before it, if there is one
    delta_text: str            # what the change compares with, or why there is none
    delta_colour: Literal["normal", "inverse", "off"]   # st.metric's delta_color
    badge: str | None          # corrected or revised, for a figure with more than one version
    source: str
    help: str
    group: str = ""            # the step of the chain (the indicator's domain) the card belongs to
    breakdown: str = vocabulary.TOTAL
    spark: tuple[tuple[int, float | None], ...] = ()   # (year, value) from first to last year: a gap stays None
    spark_svg: str = ""        # the sparkline as an SVG with its text alternative (charts.sparkline)
    old: str | None = None     # "old: 2016" when the figure is more than OLD_AFTER years older than the newest


@dataclass(frozen=True)
class TargetCount:
    """How many targets have one status."""

    status: str   # the status in words
    count: str    # the number, written


@dataclass(frozen=True)
class OverviewParams(PageParams):
    """The overview takes no parameters."""


@dataclass(kw_only=True)
class OverviewView(PageView):
    """The headline cards grouped along the chain, how the targets stand, and how fresh the data is."""

    has_figures: bool = False    # False: the database holds no figure, and a message says so; nothing else is set
    cards: list[Card] = field(default_factory=list)    # in the order of the chain
    groups: list[str] = field(default_factory=list)    # the cards' groups (domains), in order; "" for the rest
    targets: list[TargetCount] = field(default_factory=list)   # empty: there are no targets
    freshness: str = ""          # when the data was built, its newest source, how many figures (markdown)


def params() -> list[urlparams.Param]:
    return []


def build(p: OverviewParams, language: str) -> OverviewView:
    out = OverviewView()
    cat = queries.catalogue()
    if cat["figures"].sum() == 0:
        out.say("info", t("db.empty", language))
        return out
    out.has_figures = True
    ids = catalogue.headline_ids(cat)
    heads = queries.headlines(catalogue.with_same_quantity(cat, ids))
    out.cards = _cards(heads, cat, language)
    out.groups = list(dict.fromkeys(c.group for c in out.cards))
    without = [i for i in ids if i not in set(heads["indicator"])]
    if without:
        names = cat.set_index("indicator").loc[without, f"name_{language}"]
        out.say("caption", t("c.gap", language, names=", ".join(names)))

    targets = queries.targets()
    counts = targets["status"].value_counts()
    out.targets = [TargetCount(value_label("target_status", s, language), format_number(int(counts.get(s, 0)), language))
                   for s in TARGET_STATUSES if s in counts or s in TARGET_STATUSES[:5]] if not targets.empty else []

    fresh = queries.freshness()
    out.freshness = (
        f"{t('fresh.built', language, when=format_date(str(fresh['built_at'])[:10], language))} "
        f"({str(fresh['built_at'])[11:16]} UTC) · "
        f"{t('fresh.newest', language, when=format_date(str(fresh['newest_source'])[:10], language))}  \n"
        + t('fresh.counts', language, figures=format_number(fresh['figures'], language),
            indicators=format_number(fresh['indicators'], language), sources=format_number(fresh['sources'], language)))
    return out


def _cards(heads: pd.DataFrame, cat: pd.DataFrame, language: str) -> list[Card]:
    """One card per quantity, in the order of the chain. The card shows the newest figure among the indicators that
    measure the quantity (catalogue `measures`); the other organisations' counts for the same year, or the latest
    year both have, go in the card's help."""
    measures = dict(zip(cat["indicator"], cat["measures"]))
    newest = heads["year"].max()
    groups: dict[Any, list[Any]] = {}
    for row in heads.itertuples():
        quantity = measures.get(row.indicator)
        groups.setdefault(quantity if isinstance(quantity, str) else row.indicator, []).append(row)
    cards = []
    for rows in groups.values():   # in the order of the first headline of each quantity
        lead = max(rows, key=lambda r: (r.period_end, -rows.index(r)))
        cards.append((lead, [r for r in rows if r is not lead]))
    rank = {g: n for n, g in enumerate(vocabulary.domain_order())}   # the chain's order (data/domains.csv)
    out = []
    for row, others in sorted(cards, key=lambda ro: rank.get(ro[0].domain, len(rank))):
        card = _card(row, language, newest)
        if others:
            also = "  \n".join(_counterpart(row, o, language) for o in others)
            card = replace(card, help=f"{card.help}  \n{also}")
        out.append(card)
    return out


def _counterpart(lead: Any, other: Any, language: str) -> str:
    """Another organisation's count of the card's quantity: for the card's year, else for the latest year both
    have a figure for, else its own newest figure."""
    shown = other
    if lead.period_kind == "year":
        mine = queries.figures([lead.indicator], lead.breakdown)
        theirs = queries.figures([other.indicator], other.breakdown)
        mine, theirs = mine[mine["period_kind"] == "year"], theirs[theirs["period_kind"] == "year"]
        common = sorted(set(mine["year"]) & set(theirs["year"]))
        if common:
            shown = theirs[theirs["year"] == common[-1]].iloc[0]
    return t("overview.also", language, name=getattr(other, "name_" + language),
             value=format_value(shown.value, other.unit, shown.qualifier, shown.low, shown.high, language),
             period=format_period(shown.period, language))


def _spark(indicator: str, breakdown: str) -> tuple[tuple[int, float | None], ...]:
    """Every year from the first to the last with a figure; a year without one is None (a gap, never joined)."""
    figs = queries.figures([indicator], breakdown)
    years = figs[(figs["period_kind"] == "year") & figs["value"].notna()].sort_values("period")
    if years.empty:
        return ()
    values = dict(zip(years["year"].astype(int), years["value"].astype(float)))
    return tuple((y, values.get(y)) for y in range(min(values), max(values) + 1))


def _spark_breaks(indicator: str, breakdown: str) -> tuple[int, ...]:
    """The years from which the sparkline's figures are on another counting basis than the year before."""
    figs = queries.figures([indicator], breakdown)
    years = figs[(figs["period_kind"] == "year") & figs["value"].notna()].sort_values("period")
    if years.empty or "basis" not in years:
        return ()
    bases = list(zip(years["year"].astype(int), years["basis"].fillna("")))
    return tuple(y for (_, before), (y, basis) in itertools.pairwise(bases) if basis != before)


def _card(row: Any, language: str, newest: Any = None) -> Card:
    if not missing(row.previous_period):
        delta = format_change(row.change, row.change_pct, row.unit, language)
        delta_text = t("overview.vs", language, year=format_period(row.previous_period, language))
    elif row.period_kind == "year":
        delta, delta_text = None, t("overview.no_previous", language, year=int(row.year) - 1)
    else:
        delta, delta_text = None, t("overview.no_earlier", language)
    colour: Literal["normal", "inverse", "off"] = (
        "off" if missing(row.higher_is_better) or not delta else "normal" if row.higher_is_better else "inverse")
    breakdown = "" if row.breakdown == vocabulary.TOTAL else f", {value_label('breakdown', row.breakdown, language)}"
    badge = None
    if row.vintages > 1 or row.status in ("corrected", "revised"):
        badge = row.status if row.status in ("corrected", "revised") else "revised"
    return Card(
        indicator=row.indicator, title=f"{getattr(row, 'name_' + language)}{breakdown}",
        label=format_period(row.period, language),
        value=format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
        delta=delta, delta_text=delta_text, delta_colour=colour, badge=badge,
        source=f"{t('col.source', language)}: {row.source_reference}",
        help=_definition(row.indicator, language),
        group=row.domain if isinstance(row.domain, str) else "",
        breakdown=row.breakdown, spark=(spark := _spark(row.indicator, row.breakdown)),
        spark_svg=charts.sparkline(spark, f"{getattr(row, 'name_' + language)}{breakdown}", language,
                                   breaks=_spark_breaks(row.indicator, row.breakdown)),
        old=(t("overview.old", language, year=int(row.year))
             if not missing(newest) and not missing(row.year) and newest - row.year > OLD_AFTER else None))


def _definition(indicator: str, language: str) -> str:
    cat = queries.catalogue()
    found = cat.loc[cat["indicator"] == indicator, f"definition_{language}"]
    return str(found.iloc[0]) if len(found) and not missing(found.iloc[0]) else ""
