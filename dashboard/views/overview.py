"""Overzicht: the headline figures the catalogue names (`headline`), each with its change on the comparable figure
before it, how the targets stand, and how fresh the data is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import catalogue, queries, state
from ..i18n import format_change, format_date, format_number, format_period, format_value, missing, t, value_label
from .base import ViewCharts

TARGET_STATUSES = ("met", "missed", "on_track", "off_track", "no_data")


@dataclass(frozen=True)
class Card:
    """One headline figure as the overview shows it."""

    indicator: str
    title: str
    label: str                 # the period
    value: str
    delta: str | None          # the change on the comparable figure before it, if there is one
    delta_text: str            # what the change compares with, or why there is none
    delta_colour: str          # normal, inverse or off (st.metric's delta_color)
    badge: str | None          # corrected or revised, for a figure with more than one version
    source: str
    help: str


def params() -> list[state.Param]:
    return []


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat = queries.catalogue()
    if cat["figures"].sum() == 0:
        out.messages.append(("info", t("db.empty", language)))
        return out
    ids = catalogue.headline_ids(cat)
    heads = queries.headlines(ids)
    out.parts["cards"] = [_card(row, language) for row in heads.itertuples()]
    without = [i for i in ids if i not in set(heads["indicator"])]
    if without:
        names = cat.set_index("indicator").loc[without, f"name_{language}"]
        out.messages.append(("caption", t("c.gap", language, names=", ".join(names))))

    targets = queries.targets()
    counts = targets["status"].value_counts()
    out.parts["targets"] = [(value_label("target_status", s, language), format_number(int(counts.get(s, 0))))
                            for s in TARGET_STATUSES] if not targets.empty else []

    fresh = queries.freshness()
    out.parts["freshness"] = (
        f"{t('fresh.built', language, when=format_date(str(fresh['built_at'])[:10], language))} "
        f"({str(fresh['built_at'])[11:16]} UTC) · "
        f"{t('fresh.newest', language, when=format_date(str(fresh['newest_source'])[:10], language))}  \n"
        + t('fresh.counts', language, figures=format_number(fresh['figures'], language),
            indicators=format_number(fresh['indicators'], language), sources=format_number(fresh['sources'], language)))
    return out


def _card(row: Any, language: str) -> Card:
    if not missing(row.previous_period):
        delta = format_change(row.change, row.change_pct, row.unit, language)
        delta_text = t("overview.vs", language, year=format_period(row.previous_period, language))
    elif row.period_kind == "year":
        delta, delta_text = None, t("overview.no_previous", language, year=int(row.year) - 1)
    else:
        delta, delta_text = None, t("overview.no_earlier", language)
    colour = "off" if missing(row.higher_is_better) or not delta else ("normal" if row.higher_is_better else "inverse")
    breakdown = "" if row.breakdown == "totaal" else f", {value_label('breakdown', row.breakdown, language)}"
    badge = None
    if row.vintages > 1 or row.status in ("corrected", "revised"):
        badge = row.status if row.status in ("corrected", "revised") else "revised"
    return Card(
        indicator=row.indicator, title=f"{getattr(row, 'name_' + language)}{breakdown}",
        label=format_period(row.period, language),
        value=format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
        delta=delta, delta_text=delta_text, delta_colour=colour, badge=badge,
        source=f"{t('col.source', language)}: {row.source_reference}",
        help=f"{t('col.source', language)}: {row.source_reference} ({format_date(row.published, language)})")
