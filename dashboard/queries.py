"""Every SQL statement the pages run. Parameterised with `?`, read from the documented views, returning DataFrames.

Values from widgets and the URL reach these functions only after `dashboard.state` has checked them against the
catalogue; even so, they travel as parameters, never inside the SQL text. The one choice that changes the SQL text,
the vintage (latest / first / as of a date), picks one of three fixed relations.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import pandas as pd

from .db import build_info, query

VINTAGES = ("latest", "first", "asof")

_FIGURE_COLUMNS = """
    indicator, name_nl, name_en, unit, domain, organisation, higher_is_better,
    period, period_kind, period_start, period_end, year_start, year_end, year, breakdown,
    value, qualifier, low, high, status, published, published_on, vintage, vintages,
    source, source_title, source_organisation, source_reference, source_published, source_url, source_kind,
    quote, comment
"""


def _relation(vintage: str) -> str:
    """The fixed relation for a vintage mode: the only part of a statement chosen at run time."""
    return {"latest": "figures_latest", "first": "figures_first", "asof": "figures_as_of(CAST(? AS DATE))"}[vintage]


def catalogue() -> pd.DataFrame:
    """One row per indicator with its coverage: what exists, for validating choices and discovering pages' series."""
    return query("""
        SELECT i.id AS indicator, i.name_nl, i.name_en, i.unit, i.domain, i.organisation, i.higher_is_better,
               i.definition_nl, i.definition_en,
               c.figures, c.revised_figures, c.first_year, c.last_year, c.breakdowns
        FROM indicators i JOIN indicator_coverage c ON c.indicator = i.id
        ORDER BY i.domain, i.id
    """)


def breakdowns() -> list[str]:
    frame = query("SELECT DISTINCT breakdown FROM figures ORDER BY breakdown = 'totaal' DESC, breakdown")
    return frame["breakdown"].tolist()


def year_range() -> tuple[int, int] | None:
    row = query("SELECT min(year_start) AS lo, max(year_end) AS hi FROM figures_all")
    if row.empty or pd.isna(row.loc[0, "lo"]):
        return None
    return int(row.loc[0, "lo"]), int(row.loc[0, "hi"])


def figures(indicators: Sequence[str], breakdown: str | None = None, years: tuple[int, int] | None = None,
            vintage: str = "latest", as_of: dt.date | None = None) -> pd.DataFrame:
    """Figures of the chosen indicators as known in the vintage mode; `breakdown=None` means every breakdown."""
    params: list = [as_of] if vintage == "asof" else []
    sql = f"SELECT {_FIGURE_COLUMNS} FROM {_relation(vintage)} WHERE list_contains(?, indicator)"
    params.append(list(indicators))
    if breakdown is not None:
        sql += " AND breakdown = ?"
        params.append(breakdown)
    if years is not None:
        sql += " AND year_end >= ? AND year_start <= ?"
        params += [years[0], years[1]]
    return query(sql + " ORDER BY indicator, breakdown, period_start, period_end", params)


def notes(indicators: Sequence[str], breakdown: str | None = None) -> pd.DataFrame:
    """Notes on the chosen indicators, one row per (note, figure) so markers can sit on their figures."""
    sql = """
        SELECT fn.indicator, fn.period, fn.breakdown, fn.note, fn.kind, fn.text_nl, fn.text_en,
               s.reference AS source_reference, s.published AS source_published
        FROM figure_notes fn JOIN sources s ON s.id = fn.source
        WHERE list_contains(?, fn.indicator)
    """
    params: list = [list(indicators)]
    if breakdown is not None:
        sql += " AND fn.breakdown = ?"
        params.append(breakdown)
    return query(sql + " ORDER BY fn.note, fn.period", params)


def all_notes() -> pd.DataFrame:
    return query("""
        SELECT n.id AS note, n.indicator, i.name_nl, i.name_en, array_to_string(n.periods, ', ') AS periods,
               n.breakdown, n.kind, n.text_nl, n.text_en, s.reference AS source_reference,
               s.published AS source_published
        FROM notes n JOIN indicators i ON i.id = n.indicator JOIN sources s ON s.id = n.source
        ORDER BY n.indicator, n.id
    """)


def targets(indicators: Sequence[str] | None = None, current_only: bool = True) -> pd.DataFrame:
    """Targets with the figure they are judged on and their status (rule: docs/data-dictionary.md, target_status)."""
    sql = "SELECT * FROM target_status WHERE (? OR is_current)"
    params: list = [not current_only]
    if indicators is not None:
        sql += " AND list_contains(?, indicator)"
        params.append(list(indicators))
    return query(sql + " ORDER BY indicator, breakdown, due, id", params)


def revisions(indicators: Sequence[str] | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM revisions"
    params: list = []
    if indicators is not None:
        sql += " WHERE list_contains(?, indicator)"
        params.append(list(indicators))
    return query(sql + " ORDER BY indicator, breakdown, period", params)


def vintages(indicator: str, breakdown: str) -> pd.DataFrame:
    """Every published version of one indicator and breakdown, oldest first."""
    return query(f"SELECT {_FIGURE_COLUMNS} FROM figures_all WHERE indicator = ? AND breakdown = ? "
                 "ORDER BY period_start, vintage", [indicator, breakdown])


def headlines(indicators: Sequence[str]) -> pd.DataFrame:
    """Per indicator (the total, or its only breakdown): the newest year's figure and the year before, if published.
"""
    return query("""
        WITH yearly AS (
            SELECT * FROM figures_latest WHERE list_contains(?, indicator) AND period_kind = 'year'
        ),
        chosen AS (  -- the total, or the only breakdown an indicator has (labour investigations: arbeid)
            SELECT indicator, CASE WHEN bool_or(breakdown = 'totaal') THEN 'totaal'
                                   WHEN count(DISTINCT breakdown) = 1 THEN any_value(breakdown) END AS breakdown
            FROM yearly GROUP BY indicator
        ),
        newest AS (SELECT indicator, breakdown, max(year) AS year FROM yearly JOIN chosen USING (indicator, breakdown)
                   GROUP BY ALL)
        SELECT cur.indicator, cur.name_nl, cur.name_en, cur.unit, cur.domain, cur.higher_is_better, cur.breakdown,
               cur.year, cur.value, cur.qualifier, cur.low, cur.high, cur.status, cur.vintages,
               cur.published, cur.source_reference,
               prev.year AS previous_year, prev.value AS previous_value, prev.qualifier AS previous_qualifier,
               cur.value - prev.value AS change,
               CASE WHEN prev.value <> 0 THEN (cur.value - prev.value) / prev.value * 100 END AS change_pct
        FROM newest n
        JOIN yearly cur ON cur.indicator = n.indicator AND cur.breakdown = n.breakdown AND cur.year = n.year
        LEFT JOIN yearly prev ON prev.indicator = n.indicator AND prev.breakdown = n.breakdown AND prev.year = n.year - 1
        ORDER BY list_position(?, cur.indicator)
    """, [list(indicators), list(indicators)])


def sources() -> pd.DataFrame:
    return query("""
        SELECT s.id, s.title, s.organisation, s.reference, s.published, s.published_on, s.url, s.kind,
               count(f.indicator) AS figures
        FROM sources s LEFT JOIN figures f ON f.source = s.id
        GROUP BY ALL ORDER BY s.published_on DESC, s.id
    """)


def export(which: str) -> pd.DataFrame:
    """The full data for download: `latest` (figures_latest) or `all` (every vintage)."""
    relation = {"latest": "figures_latest", "all": "figures_all"}[which]
    return query(f"SELECT * EXCLUDE (file, line) FROM {relation} ORDER BY indicator, breakdown, period_start, vintage")


def freshness() -> dict:
    info = build_info()
    return {"built_at": info.built_at, "newest_source": info.newest_source, "figures": info.figures,
            "indicators": info.indicators, "sources": info.sources}
