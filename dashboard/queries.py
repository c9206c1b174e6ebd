"""Every SQL statement the pages run. Parameterised with `?`, read from the documented views, returning DataFrames.

Values from widgets and the URL reach these functions only after `dashboard.state` has checked them against the
catalogue; even so, they travel as parameters, never inside the SQL text. The one choice that changes the SQL text,
the vintage (latest / first / as of a date), picks one of three fixed relations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from .db import build_info, query

VINTAGES = ("latest", "first", "asof")

_FIGURE_COLUMNS = """
    indicator, name_nl, name_en, unit, domain, organisation, higher_is_better,
    period, period_kind, period_start, period_end, year_start, year_end, year, breakdown,
    value, qualifier, low, high, status, published, published_on, vintage, vintages,
    basis, basis_label_nl, basis_label_en, is_current_basis,
    source, source_title, source_organisation, source_reference, source_published, source_url, source_kind,
    quote, comment
"""


def _relation(vintage: str) -> str:
    """The fixed relation for a vintage mode: the only part of a statement chosen at run time."""
    return {"latest": "figures_latest", "first": "figures_first", "asof": "figures_as_of(CAST(? AS DATE))"}[vintage]


def catalogue() -> pd.DataFrame:
    """One row per indicator with its coverage: what exists, for validating choices and discovering pages' series.

    The same numbers as the view indicator_coverage, counted with one GROUP BY per figure on the table instead of the
    vintage windows of figures_all: 5x faster at a million figures (bench/run.py, docs/performance.md)."""
    return query("""
        WITH f AS (
            SELECT indicator, breakdown, count(*) FILTER (WHERE is_current_basis) AS versions,
                   min(year(period_start)) AS first_year, max(year(period_end)) AS last_year
            FROM figures GROUP BY indicator, period, breakdown
        )
        SELECT i.id AS indicator, i.name_nl, i.name_en, i.unit, i.domain, i.organisation, i.higher_is_better,
               i.definition_nl, i.definition_en, i.measures, i.chain_step, i.headline, i.topic, i.derived_from, i.per,
               count(f.indicator) AS figures, count(f.indicator) FILTER (WHERE f.versions > 1) AS revised_figures,
               min(f.first_year) AS first_year, max(f.last_year) AS last_year,
               list_sort(list_distinct(list(f.breakdown))) AS breakdowns
        FROM indicators i LEFT JOIN f ON f.indicator = i.id
        GROUP BY ALL
        ORDER BY i.domain, i.id
    """)


def breakdowns() -> list[str]:
    frame = query("SELECT DISTINCT breakdown FROM figures ORDER BY breakdown = 'totaal' DESC, breakdown")
    return frame["breakdown"].tolist()


def year_range() -> tuple[int, int] | None:
    row = query("SELECT min(year(period_start)) AS lo, max(year(period_end)) AS hi FROM figures")  # no vintage windows
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


def figures_by_basis(indicators: Sequence[str], breakdown: str | None = None,
                     years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The latest figures on every counting basis (view figures_latest_by_basis): where an indicator's series
    changed basis, the periods both bases cover appear once per basis (columns basis, basis_label_nl/en)."""
    sql = f"SELECT {_FIGURE_COLUMNS} FROM figures_latest_by_basis WHERE list_contains(?, indicator)"
    params: list = [list(indicators)]
    if breakdown is not None:
        sql += " AND breakdown = ?"
        params.append(breakdown)
    if years is not None:
        sql += " AND year_end >= ? AND year_start <= ?"
        params += [years[0], years[1]]
    return query(sql + " ORDER BY indicator, breakdown, basis, period_start, period_end", params)


def basis_changes(indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Figures published on two counting bases (view basis_changes): not revisions."""
    return _per_figure("basis_changes", indicators)


def rates(indicators: Sequence[str], breakdown: str | None = None,
          years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Counts per 100,000 inhabitants (view rates_per_100k): only years with both the count and the population."""
    sql = "SELECT * FROM rates_per_100k WHERE list_contains(?, indicator)"
    params: list = [list(indicators)]
    if breakdown is not None:
        sql += " AND breakdown = ?"
        params.append(breakdown)
    if years is not None:
        sql += " AND year BETWEEN ? AND ?"
        params += [years[0], years[1]]
    return query(sql + " ORDER BY indicator, breakdown, year", params)


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
    return _per_figure("revisions", indicators)


def _per_figure(view: str, indicators: Sequence[str] | None) -> pd.DataFrame:
    """A view of one row per figure (a fixed name, never user input), optionally for some indicators."""
    sql = f"SELECT * FROM {view}"
    params: list = []
    if indicators is not None:
        sql += " WHERE list_contains(?, indicator)"
        params.append(list(indicators))
    return query(sql + " ORDER BY indicator, breakdown, period", params)


def revision_stats() -> pd.DataFrame:
    """Revision statistics per indicator and one `overall` row (definitions: docs/data-dictionary.md)."""
    return query("SELECT * FROM revision_stats ORDER BY scope = 'overall', figures_revised DESC, indicator")


def changes(from_date: dt.date, to_date: dt.date) -> pd.DataFrame:
    """Every version published in (from_date, to_date] against the version before it (macro changes_between)."""
    return query("SELECT * FROM changes_between(CAST(? AS DATE), CAST(? AS DATE)) "
                 "ORDER BY indicator, breakdown, period, vintage", [from_date, to_date])


def notes_between(from_date: dt.date, to_date: dt.date) -> pd.DataFrame:
    return query("SELECT * FROM notes_between(CAST(? AS DATE), CAST(? AS DATE)) ORDER BY indicator, note",
                 [from_date, to_date])


def target_changes(from_date: dt.date, to_date: dt.date) -> pd.DataFrame:
    return query("SELECT * FROM target_changes_between(CAST(? AS DATE), CAST(? AS DATE)) ORDER BY indicator, due, id",
                 [from_date, to_date])


def vintages(indicator: str, breakdown: str) -> pd.DataFrame:
    """Every published version of one indicator and breakdown, oldest first."""
    return query(f"SELECT {_FIGURE_COLUMNS} FROM figures_all WHERE indicator = ? AND breakdown = ? "
                 "ORDER BY period_start, vintage", [indicator, breakdown])


def headlines(indicators: Sequence[str]) -> pd.DataFrame:
    """Per indicator (the total, or its only breakdown): its newest figure of any period kind (a year, a month, a
    point-in-time date, a span) and the comparable figure before it: the year before for a year figure, the previous
    figure of the same kind for a month or a date; none for a span (two spans are not a series)."""
    return query("""
        WITH figs AS (SELECT * FROM figures_latest WHERE list_contains(?, indicator)),
        chosen AS (  -- the total, or the only breakdown an indicator has (labour investigations: arbeid)
            SELECT indicator, CASE WHEN bool_or(breakdown = 'totaal') THEN 'totaal'
                                   WHEN count(DISTINCT breakdown) = 1 THEN any_value(breakdown) END AS breakdown
            FROM figs GROUP BY indicator
        ),
        series AS (SELECT f.* FROM figs f JOIN chosen c USING (indicator, breakdown)),
        newest AS (
            SELECT * FROM series
            QUALIFY row_number() OVER (PARTITION BY indicator
                                       ORDER BY period_end DESC, period_kind = 'year' DESC, period_start DESC) = 1
        ),
        previous AS (
            SELECT cur.indicator, prev.period, prev.period_kind, prev.value, prev.qualifier
            FROM newest cur JOIN series prev
              ON prev.indicator = cur.indicator AND prev.period_kind = cur.period_kind AND prev.basis = cur.basis
             AND ((cur.period_kind = 'year' AND prev.year = cur.year - 1)
                  OR (cur.period_kind IN ('date', 'month') AND prev.period_end < cur.period_end))
            QUALIFY row_number() OVER (PARTITION BY cur.indicator ORDER BY prev.period_end DESC) = 1
        )
        SELECT cur.indicator, cur.name_nl, cur.name_en, cur.unit, cur.domain, cur.higher_is_better, cur.breakdown,
               cur.period, cur.period_kind, cur.period_end, cur.year, cur.value, cur.qualifier, cur.low, cur.high,
               cur.status, cur.basis, cur.basis_label_nl, cur.basis_label_en,
               cur.vintages, cur.published, cur.source_reference,
               prev.period AS previous_period, prev.value AS previous_value, prev.qualifier AS previous_qualifier,
               cur.value - prev.value AS change,
               CASE WHEN prev.value <> 0 THEN (cur.value - prev.value) / prev.value * 100 END AS change_pct
        FROM newest cur LEFT JOIN previous prev USING (indicator)
        ORDER BY list_position(?, cur.indicator)
    """, [list(indicators), list(indicators)])


def coverage() -> pd.DataFrame:
    """Indicator × year from each indicator's first to last year: the status of that year's figure or 'missing'
    (view indicator_year_coverage), with the reason where data/missing.csv explains the gap."""
    return query("SELECT * FROM indicator_year_coverage ORDER BY indicator, year")


def known_missing() -> pd.DataFrame:
    """What is known to be missing, and why (data/missing.csv)."""
    return query("""
        SELECT m.indicator, i.name_nl, i.name_en, m.period, m.reason, m.note_nl, m.note_en
        FROM missing m JOIN indicators i ON i.id = m.indicator ORDER BY i.domain, m.indicator, m.period
    """)


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


def newest_publication() -> dt.date | None:
    """The newest publication date of any figure: where "what changed" should look first."""
    frame = query("SELECT max(published_on) AS newest FROM figures")
    newest = frame["newest"].iloc[0] if not frame.empty else None
    return None if newest is None or pd.isna(newest) else pd.Timestamp(newest).date()


def freshness() -> dict:
    info = build_info()
    return {"built_at": info.built_at, "newest_source": info.newest_source, "figures": info.figures,
            "indicators": info.indicators, "sources": info.sources}
