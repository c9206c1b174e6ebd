"""Check the rows read from data/ and turn them into typed records.

`validate(sheets)` never raises on bad data: it returns the typed tables and a list of every problem found, each
naming file, line and column, so that an analyst can fix all of them in one pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .read import EXTRA, Row, Sheet
from .vocabulary import VOCABULARY_COLUMNS, Vocabulary, check_series, check_vocabulary

STATUSES = ("reported", "provisional", "revised", "corrected", "estimate")
QUALIFIERS = ("about", "more_than", "at_least", "less_than")
DIRECTIONS = ("at_least", "at_most")
NOTE_KINDS = ("correction", "definition", "context")
SOURCE_KINDS = ("primary", "secondary")
# Where an indicator appears (data/indicators.csv): its step of the justice chain (data/chain_steps.csv), its section
# of the shelter page, and what a count covers where it is narrower than all forms of exploitation. The dashboard
# reads these columns; it never guesses a placement from an id.
TOPICS = ("dark_number", "places", "waiting", "budget", "cosm")
SCOPES = ("all_forms", "labour_only")
MISSING_REASONS = ("not_published", "not_found")
STANDINGS = ("set", "unconfirmed")   # a target as set, or one no document confirms (judged nothing against)
# A `revised` version that moves more than this share from the version before it, on one counting basis and with no
# declared break, is reported as a warning: a new way of counting belongs in data/series_breaks.csv.
REVISION_WARNING_SHARE = 0.10
FIRST_YEAR, LAST_YEAR = 1990, 2100

COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # table: (required columns, optional columns)
    "indicators": (("id", "name_nl", "name_en", "unit", "domain", "organisation", "definition_nl", "definition_en"),
                   ("higher_is_better", "measures", "chain_step", "headline", "topic", "derived_from", "per", "scope")),
    "sources": (("id", "title", "organisation", "reference", "published", "kind"), ("url", "seed")),
    "figures": (("indicator", "period", "breakdown", "value", "status", "published", "source", "quote"),
                ("qualifier", "low", "high", "comment")),
    "targets": (("id", "indicator", "breakdown", "value", "direction", "due", "source", "quote", "name_nl", "name_en"),
                ("baseline_value", "baseline_period", "interpretation_nl", "interpretation_en", "standing")),
    "notes": (("id", "indicator", "kind", "text_nl", "text_en", "source"), ("periods", "breakdown")),
    # optional files: further sources of a figure's version, and figures known to be missing
    "figure_sources": (("indicator", "period", "breakdown", "published", "source", "quote"), ("comment",)),
    "missing": (("indicator", "period", "reason", "note_nl", "note_en"), ()),
    # optional: where an indicator's series changed counting basis (a break in series, not a revision)
    "series_breaks": (("indicator", "period", "published", "basis_before", "basis", "label_before_nl",
                       "label_before_en", "label_nl", "label_en", "reason_nl", "reason_en", "source"), ()),
    **VOCABULARY_COLUMNS,   # the vocabulary: etl/vocabulary.py
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


CHECKS_SQL = Path(__file__).with_name("checks.sql")
FIGURES_SQL = Path(__file__).with_name("figures.sql")


_checks: tuple[int, duckdb.DuckDBPyConnection] | None = None   # (process id, the database holding the macros)
_checks_lock = threading.Lock()


def connect() -> duckdb.DuckDBPyConnection:
    """A working connection to the in-memory database that holds the check macros of checks.sql.

    The macros are defined once per process: defining them costs about 90 ms and opening a database 20-40 ms, while
    a cursor on the database that holds them costs under a millisecond. Each caller gets a cursor of its own, and
    everything a check or a build makes is TEMP (private to that cursor, gone when it closes), so two checks never see
    each other's tables; a database a build ATTACHes has a name of its own (build.py)."""
    global _checks
    with _checks_lock:
        if _checks is None or _checks[0] != os.getpid():   # a forked child makes its own
            base = duckdb.connect()
            base.execute(CHECKS_SQL.read_text(encoding="utf-8"))
            _checks = (os.getpid(), base)
        con = _checks[1].cursor()
    con.execute("SET enable_progress_bar = false")
    return con


class CellSql:
    """Evaluates one check macro of checks.sql for one cell (the small tables); remembers what it has seen."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def row(self, expressions: str, *args: Any) -> tuple[Any, ...]:
        key = (expressions, *args)
        if key not in self._seen:
            params = [list(a) if isinstance(a, tuple) else a for a in args]
            self._seen[key] = self.con.execute(f"SELECT {expressions}", params).fetchall()[0]
        return self._seen[key]

    def __call__(self, expression: str, *args: Any) -> Any:
        return self.row(expression, *args)[0]

    def prefetch(self, expressions: str, arg_rows: set[tuple[Any, ...]]) -> None:
        """Evaluates `expressions` for many argument tuples in one query, for row() to find later."""
        todo = [a for a in arg_rows if (expressions, *a) not in self._seen]
        if not todo:
            return
        columns = list(zip(*todo))
        names = iter(f"a{i}" for i in range(expressions.count("?")))
        vectorised = re.sub(r"\?", lambda _: next(names), expressions)
        unnests = ", ".join(f"unnest(?) AS a{i}" for i in range(len(columns)))
        values = [[list(v) if isinstance(v, tuple) else v for v in c] for c in columns]   # tuples: SQL lists
        results = self.con.execute(f"SELECT {vectorised} FROM (SELECT {unnests})", values)
        for args, result in zip(todo, results.fetchall()):
            self._seen[(expressions, *args)] = result


@functools.cache
def _helpers() -> CellSql:
    return CellSql(connect())


def parse_number(raw: str, dutch: bool) -> float | None:
    """A plain number; Dutch notation only where it cannot be misread (the macro parse_number in checks.sql)."""
    return _helpers()("parse_number(?, ?)", raw, dutch)


def parse_date(raw: str) -> tuple[str, dt.date, dt.date] | None:
    """(text, first day, last day) of a date, month or year."""
    first, last = _helpers().row("date_first(?), date_last(?)", raw, raw)
    return (raw, first, last) if first else None


def parse_period(raw: str) -> tuple[str, dt.date, dt.date] | None:
    """(kind, start, end) of a year `2023`, a month `2023-07`, a date `2025-04-15` or a span `2018-2019`."""
    kind, start, end = _helpers().row("period_kind(?), period_start(?), period_end(?)", raw, raw, raw)
    return (kind, start, end) if kind else None


def quote_contains(quote: str, value: float) -> bool:
    """The quote holds the value as a source may write it (1711, 1.711, 1 711, 2,3 miljoen, vijf)."""
    return bool(_helpers()("quote_contains(?, ?::DOUBLE)", quote, value))


class Checker:
    """Collects problems while converting cells; every converter returns None for a bad cell."""

    def __init__(self, sql: CellSql) -> None:
        self.sql = sql
        self.problems: list[Problem] = []
        self.vocabulary = Vocabulary()   # the allowed words, once data/'s vocabulary files are checked

    def add(self, row: Row | Sheet, column: str | None, message: str) -> None:
        line = row.line if isinstance(row, Row) else None
        self.problems.append(Problem(row.file, line, column, message))

    def text(self, row: Row, column: str, required: bool = True) -> str | None:
        value = row.get(column)
        problem = self.sql("text_problem(?, ?)", value, required)
        if problem:
            self.add(row, column, problem)
        return value if value and not problem else None

    def choice(self, row: Row, column: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(row, column, required)
        if value is None:
            return None
        problem = self.sql("choice_problem(?, ?)", value, allowed)
        if problem:
            self.add(row, column, problem)
            return None
        return value

    def number(self, row: Row, column: str, dutch: bool, required: bool = True) -> float | None:
        raw = self.text(row, column, required)
        if raw is None:
            return None
        value, problem = self.sql.row("parse_number(?, ?), number_problem(?, parse_number(?, ?))",
                                      raw, dutch, raw, raw, dutch)
        if problem:
            self.add(row, column, problem)
        return value

    def date(self, row: Row, column: str, required: bool = True) -> tuple[str, dt.date, dt.date] | None:
        raw = self.text(row, column, required)
        if raw is None:
            return None
        first, last, problem = self.sql.row("date_first(?), date_last(?), date_problem(?)", raw, raw, raw)
        if problem:
            self.add(row, column, problem)
            return None
        return raw, first, last

    def bounds(self, row: Row, column: str, unit: str | None, value: float | None) -> None:
        problem = self.sql("bounds_problem(?::DOUBLE, ?, ?, ?)", value, unit, self.vocabulary.whole_units,
                           self.vocabulary.share_units)
        if problem:
            self.add(row, column, problem)

    def breakdown(self, row: Row, column: str = "breakdown", required: bool = True) -> str | None:
        value = self.text(row, column, required)
        problem = self.sql("breakdown_problem(?, ?)", value, self.vocabulary.breakdowns) if value else None
        if problem:
            self.add(row, column, problem)
            return None
        return value


def _columns(check: Checker, table: str, sheet: Sheet) -> bool:
    """True when the header has every required column and nothing unknown."""
    required, optional = COLUMNS[table]
    header = [h for h in sheet.header if h]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    dupes = sorted({c for c in header if header.count(c) > 1})
    ok = True
    if missing:
        check.add(sheet, None, f"line 1: missing column(s) {', '.join(missing)}; the header must name "
                               f"{', '.join(required)} (optional: {', '.join(optional)})")
        ok = False
    if unknown:
        check.add(sheet, None, f"line 1: unknown column(s) {', '.join(unknown)}; allowed are "
                               f"{', '.join(required + optional)} (a renamed or misspelt column?)")
        ok = False
    if dupes:
        check.add(sheet, None, f"line 1: column(s) named twice: {', '.join(dupes)}")
        ok = False
    return ok


def _sheets(check: Checker, table: str, sheets: list[Sheet]) -> list[Sheet]:
    """The sheets that could be read and have a good header; the others are reported."""
    out = []
    for sheet in sheets:
        if sheet.error:
            check.add(sheet, None, sheet.error)
        elif _columns(check, table, sheet):
            out.append(sheet)
    return out


def _rows(check: Checker, sheets: list[Sheet]) -> list[tuple[Sheet, Row]]:
    out = []
    for sheet in sheets:
        for row in sheet.rows:
            extra = row.cells.get(EXTRA)
            if extra:
                check.add(row, None, f"has {extra} more cell(s) than the header has columns; "
                                     "a value with a comma must be in double quotes")
                continue
            out.append((sheet, row))
    return out


def _unique_ids(check: Checker, rows: list[tuple[Sheet, Row]]) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for _, row in rows:
        key = row.get("id")
        if not key:
            continue
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", key):
            check.add(row, "id", f"'{key}' is not a valid id: use lower-case letters, digits, '_', '-' and '.'")
        if key in seen:
            check.add(row, "id", f"'{key}' is already used on line {seen[key].line}")
        else:
            seen[key] = row
    return seen


def _boolean(check: Checker, row: Row, column: str) -> bool | None:
    raw = row.get(column).lower()
    if not raw:
        return None
    if raw in ("true", "ja", "yes", "1", "waar"):
        return True
    if raw in ("false", "nee", "no", "0", "onwaar"):
        return False
    check.add(row, column, f"'{row.get(column)}' is not true or false (leave it empty when neither)")
    return None


def _placement(check: Checker, row: Row, known: dict[str, Row]) -> dict[str, Any]:
    """The catalogue columns that say where an indicator appears; each checked, None where empty or wrong."""
    own = row.get("id")

    def indicator_ids(column: str) -> list[str]:
        ids = [i.strip() for i in row.get(column).split(";") if i.strip()]
        for i in ids:
            if i == own:
                check.add(row, column, f"'{i}' is the indicator itself")
            elif i not in known:
                check.add(row, column, f"unknown indicator '{i}': it must be an id in data/indicators.csv")
        return [i for i in ids if i != own and i in known]

    measures = row.get("measures")
    if measures and not re.fullmatch(r"[a-z0-9][a-z0-9_]*", measures):
        check.add(row, "measures", f"'{measures}' is not a name: use lower-case letters, digits and '_'")
        measures = ""
    headline = row.get("headline")
    if headline and not (headline.isdigit() and 0 < int(headline) < 100):
        check.add(row, "headline", f"'{headline}' is not a position on the overview: a whole number from 1 to 99")
        headline = ""
    per = indicator_ids("per")
    if len(per) > 1:
        check.add(row, "per", "names one indicator: the count an amount is divided by")
    derived_from = indicator_ids("derived_from")
    if derived_from and headline:
        check.add(row, "headline", "a ratio or share derived from other indicators is not a headline: "
                                   "make one of the indicators it relates a headline")
        headline = ""
    return {
        "measures": measures or own,
        "chain_step": check.choice(row, "chain_step", check.vocabulary.chain_steps, required=False),
        "headline": int(headline) if headline else None, "topic": check.choice(row, "topic", TOPICS, required=False),
        "derived_from": derived_from, "per": per[0] if len(per) == 1 else None,
        "scope": check.choice(row, "scope", SCOPES, required=False) or "all_forms",
    }


def _same_unit_per_quantity(check: Checker, indicators: list[dict[str, Any]]) -> None:
    """Indicators that measure one quantity are compared side by side, so they must count it in one unit."""
    first: dict[str, dict[str, Any]] = {}
    for rec in indicators:
        other = first.setdefault(rec["measures"], rec)
        if other is not rec and rec["unit"] and other["unit"] and rec["unit"] != other["unit"]:
            check.problems.append(Problem(
                rec["file"], rec["line"], "measures",
                f"'{rec['measures']}' is counted in {other['unit']} by {other['id']} (line {other['line']}), "
                f"here in {rec['unit']}: one quantity has one unit"))


def _unique_headlines(check: Checker, indicators: list[dict[str, Any]]) -> None:
    taken: dict[int, dict[str, Any]] = {}
    for rec in indicators:
        if rec["headline"] is None:
            continue
        if rec["headline"] in taken:
            other = taken[rec["headline"]]
            check.problems.append(Problem(rec["file"], rec["line"], "headline", f"position {rec['headline']} is "
                                          f"already taken by {other['id']} (line {other['line']})"))
        taken.setdefault(rec["headline"], rec)


def validate(sheets: dict[str, list[Sheet]], today: dt.date | None = None,
             con: duckdb.DuckDBPyConnection | None = None) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every table as records, and every problem. The figures are checked in DuckDB (`con`, which must be the
    connection the figure sheets were read with, if any were read with one)."""
    con = con or connect()
    tables, problems = check_all(sheets, con, today)
    figures = con.execute("SELECT * FROM figures_checked")
    names = [d[0] for d in figures.description]
    tables["figures"] = [dict(zip(names, row)) for row in figures.fetchall()]
    return tables, problems


def check_all(sheets: dict[str, list[Sheet]], con: duckdb.DuckDBPyConnection,
              today: dt.date | None = None) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """The small tables as records and every problem; the figures stay in DuckDB as the view figures_checked."""
    today = today or dt.date.today()
    check = Checker(CellSql(con))
    good = {table: _sheets(check, table, sheets.get(table, [])) for table in COLUMNS}
    rows = {table: _rows(check, good[table]) for table in COLUMNS}
    any_figures = _figure_cells(con, good["figures"], rows["figures"])
    _emptied_figure_files(check, con, sheets.get("figures", []), good["figures"])
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in COLUMNS if table != "figures"}

    for table, count in (("indicators", len(rows["indicators"])), ("sources", len(rows["sources"])),
                         ("figures", any_figures)):
        if not count and not any(s.error for s in sheets.get(table, [])):
            where = sheets[table][0] if sheets.get(table) else Sheet(file=f"data/{table}")
            check.add(where, None, f"has no {table}: at least one row is needed")

    check.sql.prefetch("text_problem(?, ?)", {(row.get(column), required) for table in VOCABULARY_COLUMNS
                                              for _, row in rows[table] for column in row.cells if column != EXTRA
                                              for required in (True, False)})   # one query, not one per cell
    check.vocabulary = check_vocabulary(check, rows, tables)
    _prefetch(check.sql, rows, check.vocabulary)
    indicator_rows = _unique_ids(check, rows["indicators"])
    source_rows = _unique_ids(check, rows["sources"])
    units: dict[str, str] = {}

    for _, row in rows["indicators"]:
        placement = _placement(check, row, indicator_rows)
        rec = {
            "id": check.text(row, "id"), "name_nl": check.text(row, "name_nl"), "name_en": check.text(row, "name_en"),
            "unit": check.choice(row, "unit", check.vocabulary.units),
            "domain": check.choice(row, "domain", check.vocabulary.domains),
            "organisation": check.text(row, "organisation"), "higher_is_better": _boolean(check, row, "higher_is_better"),
            "definition_nl": check.text(row, "definition_nl"), "definition_en": check.text(row, "definition_en"),
            **placement, "file": row.file, "line": row.line,
        }
        if rec["id"] and rec["unit"]:
            units[rec["id"]] = rec["unit"]
        tables["indicators"].append(rec)

    check_series(check, tables, set(indicator_rows))
    _same_unit_per_quantity(check, tables["indicators"])
    _unique_headlines(check, tables["indicators"])

    for _, row in rows["sources"]:
        published = check.date(row, "published")
        if published and published[1] > today:
            check.add(row, "published", f"'{published[0]}' lies in the future")
        url = row.get("url")
        if url and not re.match(r"https?://|shared/seeds/", url):
            check.add(row, "url", f"'{url}' is not a link (http:// or https://)")
        tables["sources"].append({
            "id": check.text(row, "id"), "title": check.text(row, "title"),
            "organisation": check.text(row, "organisation"), "reference": check.text(row, "reference"),
            "published": published[0] if published else None,
            "published_on": published[2] if published else None,
            "url": url or None, "kind": check.choice(row, "kind", SOURCE_KINDS), "seed": row.get("seed") or None,
            "file": row.file, "line": row.line,
        })

    check.problems += _figure_problems(con, indicator_rows, units, source_rows, today, check.vocabulary)

    def reference(row: Row, column: str, known: dict[str, Row], what: str) -> str | None:
        key = check.text(row, column)
        if key and key not in known:
            check.add(row, column, f"unknown {what} '{key}': add it to data/{what}s.csv first")
            return None
        return key

    _prefetch_targets(check.sql, rows["targets"], units, check.vocabulary)
    _unique_ids(check, rows["targets"])
    for sheet, row in rows["targets"]:
        indicator = reference(row, "indicator", indicator_rows, "indicator")
        unit = units.get(indicator or "")
        value = check.number(row, "value", sheet.dutch_decimals)
        baseline = check.number(row, "baseline_value", sheet.dutch_decimals, required=False)
        check.bounds(row, "value", unit, value)
        check.bounds(row, "baseline_value", unit, baseline)
        due = check.text(row, "due", required=False)
        if not due and not (row.get("interpretation_nl") and row.get("interpretation_en")):
            check.add(row, "due", "is empty: a target without a due year (the document gives none) needs "
                                  "interpretation_nl and interpretation_en saying how it is read and judged")
        if due and not (re.fullmatch(r"\d{4}", due) and FIRST_YEAR <= int(due) <= LAST_YEAR):
            check.add(row, "due", f"'{due}' is not a year")
            due = None
        baseline_period = check.text(row, "baseline_period", required=False)
        if baseline_period and not re.fullmatch(r"\d{4}", baseline_period):
            check.add(row, "baseline_period", f"'{baseline_period}' is not a year")
            baseline_period = None
        if bool(row.get("baseline_value")) != bool(row.get("baseline_period")):
            check.add(row, "baseline_value", "a baseline needs both baseline_value and baseline_period")
        if due and baseline_period and int(baseline_period) >= int(due):
            check.add(row, "baseline_period", f"{baseline_period} is not before the due year {due}")
        quote = check.text(row, "quote")
        interpretation = {lang: row.get(f"interpretation_{lang}") or None for lang in ("nl", "en")}
        if bool(interpretation["nl"]) != bool(interpretation["en"]):
            check.add(row, "interpretation_nl", "an interpretation needs both interpretation_nl and interpretation_en")
        if (quote and value is not None and not interpretation["nl"]
                and not check.sql("quote_contains(?, ?::DOUBLE)", quote, value)):
            check.add(row, "quote", f"does not contain the target value {check.sql('fmt_g(?::DOUBLE)', value)}; "
                                    "if the document words the target without a number, say how it is read in "
                                    "interpretation_nl and interpretation_en")
        tables["targets"].append({
            "id": check.text(row, "id"), "indicator": indicator, "breakdown": check.breakdown(row), "value": value,
            "direction": check.choice(row, "direction", DIRECTIONS), "due": int(due) if due else None,
            "baseline_value": baseline, "baseline_period": int(baseline_period) if baseline_period else None,
            "source": reference(row, "source", source_rows, "source"), "quote": quote,
            "name_nl": check.text(row, "name_nl"), "name_en": check.text(row, "name_en"),
            "interpretation_nl": interpretation["nl"], "interpretation_en": interpretation["en"],
            "standing": _standing(check, row, interpretation), "file": row.file, "line": row.line,
        })

    _unique_ids(check, rows["notes"])
    for _, row in rows["notes"]:
        periods = [p.strip() for p in row.get("periods").split(";") if p.strip()]
        for p in periods:
            if check.sql("period_kind(?)", p) is None:
                check.add(row, "periods", f"'{p}' is not a period (separate several with ';')")
        tables["notes"].append({
            "id": check.text(row, "id"), "indicator": reference(row, "indicator", indicator_rows, "indicator"),
            "periods": periods, "breakdown": check.breakdown(row, required=False),
            "kind": check.choice(row, "kind", NOTE_KINDS), "text_nl": check.text(row, "text_nl"),
            "text_en": check.text(row, "text_en"), "source": reference(row, "source", source_rows, "source"),
            "file": row.file, "line": row.line,
        })

    _figure_sources(check, con, rows["figure_sources"], indicator_rows, source_rows, tables)
    _missing(check, con, rows["missing"], indicator_rows, tables)
    _series_breaks(check, con, rows["series_breaks"], indicator_rows, source_rows, tables)
    return tables, check.problems


LOST_FIGURES = ("lost its figures: restore them (git diff / git checkout), or delete the file together with the rows "
                "of data/figure_sources.csv and data/series_breaks.csv that name its figures")


def _emptied_figure_files(check: Checker, con: duckdb.DuckDBPyConnection, sheets: list[Sheet],
                          good: list[Sheet]) -> None:
    """A figures file that is empty or holds only its header has lost its figures. Said first, before what that
    causes elsewhere (further sources and breaks naming figures that are gone)."""
    have = {file for (file,) in con.execute("SELECT DISTINCT file FROM figure_cells").fetchall()}
    lost = [Problem(s.file, None, None, "is empty: it " + LOST_FIGURES) for s in sheets
            if s.error and s.error.startswith("is empty")]
    lost += [Problem(s.file, None, None, "holds only its header: it " + LOST_FIGURES) for s in good
             if s.file not in have]
    check.problems[:0] = lost
    check.problems[:] = [p for p in check.problems
                         if not (p.message.startswith("is empty: it needs") and any(x.file == p.file for x in lost))]


def _standing(check: Checker, row: Row, interpretation: dict[str, str | None]) -> str | None:
    """data/targets.csv standing: `set` (or empty) or `unconfirmed`; an unconfirmed target says why in its
    interpretation, because nothing is judged against it."""
    standing = check.choice(row, "standing", STANDINGS, required=False) or ("set" if not row.get("standing") else None)
    if standing == "unconfirmed" and not interpretation["nl"]:
        check.add(row, "standing", "an unconfirmed target needs interpretation_nl and interpretation_en saying why "
                                   "no document confirms it")
    return standing


BASIS_ID = re.compile(r"[a-z][a-z0-9_]*")


def _series_breaks(check: Checker, con: duckdb.DuckDBPyConnection, rows: list[tuple[Sheet, Row]],
                   indicators: dict[str, Row], sources: dict[str, Row], tables: dict[str, list[dict[str, Any]]]) -> None:
    """data/series_breaks.csv: from `published` on, an indicator's figures are counted on `basis` (before: on
    `basis_before`). Rows of one indicator chain by publication date; `period` is the first period the new basis
    covers and must have a figure on it. The checked rows go to the temp tables known_breaks and figure_basis (each
    figure row's basis), by which figures.sql numbers the versions per basis."""
    tables["series_breaks"] = []
    for _, row in rows:
        indicator = _known_indicator(check, row, indicators)
        period = check.text(row, "period")
        if period and check.sql("period_kind(?)", period) is None:
            check.add(row, "period", f"'{period}' is not a period: use a year (2023), a month (2023-07), "
                                     "a date (2025-04-15) or a span of years (2018-2019)")
            period = None
        published = check.date(row, "published")
        bases = {}
        for column in ("basis_before", "basis"):
            value = check.text(row, column)
            if value and not BASIS_ID.fullmatch(value):
                check.add(row, column, f"'{value}' is not a basis id: use lower-case snake_case (comensha_count)")
                value = None
            bases[column] = value
        if bases["basis"] and bases["basis"] == bases["basis_before"]:
            check.add(row, "basis", f"'{bases['basis']}' is also basis_before: a break changes the basis")
        source = check.text(row, "source")
        if source and source not in sources:
            check.add(row, "source", f"unknown source '{source}': add it to data/sources.csv first")
            source = None
        tables["series_breaks"].append({
            "indicator": indicator, "period": period, "published": published[0] if published else None,
            "published_from": published[1] if published else None, **bases,
            **{c: check.text(row, c) for c in ("label_before_nl", "label_before_en", "label_nl", "label_en",
                                                "reason_nl", "reason_en")},
            "source": source, "file": row.file, "line": row.line,
        })
    _chain_breaks(check, tables["series_breaks"])
    usable = [b for b in tables["series_breaks"] if b["indicator"] and b["published_from"] and b["basis"]
              and b["basis_before"]]
    con.execute("DELETE FROM known_breaks")
    con.execute("DELETE FROM figure_basis")
    if usable:
        insert_columns(con, "INSERT INTO known_breaks", {
            "indicator": ("VARCHAR", [b["indicator"] for b in usable]),
            "published_from": ("DATE", [b["published_from"] for b in usable]),
            "basis_before": ("VARCHAR", [b["basis_before"] for b in usable]),
            "basis": ("VARCHAR", [b["basis"] for b in usable])})
        con.execute(FIGURE_BASIS_SQL)
    _break_periods(check, con, [b for b in usable if b["period"]])


# The basis of each figure row of an indicator with a break: the newest break published on or before the figure's
# publication date (its published_on against the break's first day), else the first break's basis_before.
FIGURE_BASIS_SQL = """
INSERT INTO figure_basis
SELECT t.file_no, t.line, coalesce(b.basis, f.first_basis)
FROM (SELECT file_no, line, indicator, published_on FROM figure_typed
      WHERE indicator IN (SELECT indicator FROM known_breaks) AND published_on IS NOT NULL) t
ASOF LEFT JOIN known_breaks b ON b.indicator = t.indicator AND t.published_on >= b.published_from
JOIN (SELECT indicator, arg_min(basis_before, published_from) AS first_basis FROM known_breaks GROUP BY indicator) f
  ON f.indicator = t.indicator"""


def _chain_breaks(check: Checker, breaks: list[dict[str, Any]]) -> None:
    """Several breaks of one indicator follow each other: the later one starts from the earlier one's basis."""
    by_indicator: dict[str, list[dict[str, Any]]] = {}
    for b in breaks:
        if b["indicator"] and b["published_from"]:
            by_indicator.setdefault(b["indicator"], []).append(b)
    for chain in by_indicator.values():
        chain.sort(key=lambda b: (b["published_from"], b["line"]))
        for earlier, later in itertools.pairwise(chain):
            where = Row(later["file"], later["line"], {})
            if later["published_from"] == earlier["published_from"]:
                check.add(where, "published", f"line {earlier['line']} already starts a basis of "
                                              f"{later['indicator']} on {later['published']}")
            elif later["basis_before"] and earlier["basis"] and later["basis_before"] != earlier["basis"]:
                check.add(where, "basis_before", f"'{later['basis_before']}' does not follow line {earlier['line']}, "
                                                 f"whose basis is '{earlier['basis']}': breaks of one indicator "
                                                 "chain, each starting from the basis before it")
        seen = {chain[0]["basis_before"]}
        for b in chain:
            if b["basis"] in seen:
                check.add(Row(b["file"], b["line"], {}), "basis", f"'{b['basis']}' is used before in the chain of "
                                                                    f"{b['indicator']}: a new basis has a new id")
            seen.add(b["basis"])


def _break_periods(check: Checker, con: duckdb.DuckDBPyConnection, breaks: list[dict[str, Any]]) -> None:
    """A break's period must be a period the indicator has a figure for on the new basis."""
    if not breaks:
        return
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE break_periods AS", {
        "k": ("INTEGER", list(range(len(breaks)))), "indicator": ("VARCHAR", [b["indicator"] for b in breaks]),
        "period": ("VARCHAR", [b["period"] for b in breaks]), "basis": ("VARCHAR", [b["basis"] for b in breaks])})
    covered = {k for (k,) in con.execute("""
        SELECT DISTINCT p.k FROM break_periods p JOIN figure_based f
          ON f.indicator = p.indicator AND f.period = p.period AND f.basis = p.basis""").fetchall()}
    for k, b in enumerate(breaks):
        if k not in covered:
            check.add(Row(b["file"], b["line"], {}), "period",
                      f"{b['indicator']} has no figure for {b['period']} on basis '{b['basis']}' (published on or "
                      f"after {b['published']}) in data/figures: the period is the first one the new basis covers")


def _figure_sources(check: Checker, con: duckdb.DuckDBPyConnection, rows: list[tuple[Sheet, Row]],
                    indicators: dict[str, Row], sources: dict[str, Row], tables: dict[str, list[dict[str, Any]]]) -> None:
    """data/figure_sources.csv: a further source of one version of a figure (the same value published again later).
    Each row must name an existing version (indicator, period, breakdown, published), a known source published on
    or after that version, other than the version's own source, and a quote holding the value (or its range)."""
    tables["figure_sources"] = []
    if not rows:
        return
    keys = [(row.get("indicator"), row.get("period"), row.get("breakdown"), row.get("published")) for _, row in rows]
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE figure_source_keys AS", {
        "k": ("INTEGER", list(range(len(keys)))), **{c: ("VARCHAR", [key[i] for key in keys])
                                                     for i, c in enumerate(("indicator", "period", "breakdown", "published"))}})
    found = {k: rest for k, *rest in con.execute("""
        SELECT k.k, f.value_n, f.low_n, f.high_n, f.source, f.published_on
        FROM figure_source_keys k JOIN figure_typed f
          ON f.indicator = k.indicator AND f.period = k.period AND f.breakdown = k.breakdown
         AND f.published = k.published""").fetchall()}
    source_dates = {r["id"]: r["published_on"] for r in tables["sources"] if r["id"]}
    seen: dict[tuple[str | None, ...], int] = {}
    for k, (_, row) in enumerate(rows):
        indicator = check.text(row, "indicator")
        if indicator and indicator not in indicators:
            check.add(row, "indicator", f"unknown indicator '{indicator}': add it to data/indicators.csv first")
        period = check.text(row, "period")
        if period and check.sql("period_kind(?)", period) is None:
            check.add(row, "period", f"'{period}' is not a period: use a year (2023), a month (2023-07), "
                                     "a date (2025-04-15) or a span of years (2018-2019)")
        breakdown = check.breakdown(row)
        published = check.date(row, "published")
        source = check.text(row, "source")
        if source and source not in sources:
            check.add(row, "source", f"unknown source '{source}': add it to data/sources.csv first")
            source = None
        quote = check.text(row, "quote")
        figure = found.get(k)
        if indicator and period and breakdown and published and figure is None:
            check.add(row, "published", f"no figure {indicator} {period} {breakdown} published {published[0]} in "
                                        "data/figures: a further source belongs to one version of a figure; give "
                                        "that version's publication date")
        if figure and source:
            value, low, high, own_source, own_date = figure
            if source == own_source:
                check.add(row, "source", f"'{source}' is already the figure's own source")
            elif source_dates.get(source) and own_date and source_dates[source] < own_date:
                check.add(row, "source", f"'{source}' was published before this version ({published[0] if published else own_date}): the "
                                         "first publication is the version's own source, and its date the "
                                         "version's date")
            if quote and not any(x is not None and check.sql("quote_contains(?, ?::DOUBLE)", quote, x)
                                 for x in (value, low, high)):
                check.add(row, "quote", f"does not contain the value {check.sql('fmt_g(?::DOUBLE)', value)} "
                                        "(or its published range): the quote must be the source's own words "
                                        "including the number")
        key = (indicator, period, breakdown, published[0] if published else None, source)
        if all(key):
            if key in seen:
                check.add(row, "source", f"duplicates line {seen[key]}: the same source for the same version")
            else:
                seen[key] = row.line
        tables["figure_sources"].append({
            "indicator": indicator, "period": period, "breakdown": breakdown,
            "published": published[0] if published else None, "source": source, "quote": quote,
            "comment": row.get("comment") or None, "file": row.file, "line": row.line,
        })


def _missing(check: Checker, con: duckdb.DuckDBPyConnection, rows: list[tuple[Sheet, Row]],
             indicators: dict[str, Row], tables: dict[str, list[dict[str, Any]]]) -> None:
    """data/missing.csv: a year of an indicator known to have no figure, and why (not_published / not_found)."""
    tables["missing"] = []
    if not rows:
        return
    have = {(i, p) for i, p in con.execute(
        "SELECT DISTINCT indicator, CAST(year(period_end) AS VARCHAR) FROM figure_typed "
        "WHERE period_kind IN ('year', 'month', 'date')").fetchall()}
    seen: dict[tuple[str, str], int] = {}
    for _, row in rows:
        indicator = _known_indicator(check, row, indicators)
        period = check.text(row, "period")
        if period and not (re.fullmatch(r"\d{4}", period) and FIRST_YEAR <= int(period) <= LAST_YEAR):
            check.add(row, "period", f"'{period}' is not a year: a missing figure is listed per year (2023)")
            period = None
        if indicator and period:
            if (indicator, period) in have:
                check.add(row, "period", f"data/figures has a figure of {indicator} for {period}: it is not "
                                         "missing (remove this row)")
            if (indicator, period) in seen:
                check.add(row, "period", f"{indicator} {period} is already listed on line {seen[indicator, period]}")
            else:
                seen[indicator, period] = row.line
        tables["missing"].append({
            "indicator": indicator, "period": period, "reason": check.choice(row, "reason", MISSING_REASONS),
            "note_nl": check.text(row, "note_nl"), "note_en": check.text(row, "note_en"),
            "file": row.file, "line": row.line,
        })


def figure_warnings(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """What the build accepts but an editor should look at (after check_all on `con`): a `revised` version more than
    REVISION_WARNING_SHARE away from the version before it on the same counting basis."""
    found = con.execute("""SELECT file, line, indicator, period, breakdown, value, published, old_value,
                                  old_published, old_file, old_line, pct FROM revision_warnings""").fetchall()
    out = []
    for file, line, indicator, period, breakdown, value, published, old, old_published, old_file, old_line, pct in found:
        at = f"line {old_line}" if old_file == file else f"{old_file} line {old_line}"
        out.append(Problem(file, line, "value", (
            f"the revised {indicator} {period} {breakdown} ({_g(value)}, published {published}) differs by "
            f"{pct:+.1f} % from the version before it ({_g(old)}, published {old_published}, {at}): if the way of "
            "counting changed, declare it in data/series_breaks.csv; if not, explain the revision in data/notes.csv")))
    return out


def _g(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


FIGURE_CELLS = COLUMNS["figures"][0] + COLUMNS["figures"][1]


def _prefetch(sql: CellSql, rows: dict[str, list[tuple[Sheet, Row]]], vocabulary: Vocabulary) -> None:
    """The text and date checks of the small tables, each run once over all their cells rather than cell by cell."""
    cells = {row.get(column) for table in ("indicators", "sources", "targets", "notes")
             for _, row in rows[table] for column in row.cells if column != EXTRA}
    sql.prefetch("text_problem(?, ?)", {(v, required) for v in cells for required in (True, False)})
    dates = {row.get("published") for _, row in rows["sources"]}
    sql.prefetch("date_first(?), date_last(?), date_problem(?)", {(v, v, v) for v in dates})
    choices = (("indicators", "unit", vocabulary.units), ("indicators", "domain", vocabulary.domains),
               ("indicators", "chain_step", vocabulary.chain_steps), ("indicators", "scope", SCOPES),
               ("indicators", "topic", TOPICS), ("sources", "kind", SOURCE_KINDS),
               ("targets", "direction", DIRECTIONS), ("notes", "kind", NOTE_KINDS))
    sql.prefetch("choice_problem(?, ?)", {(row.get(column), allowed) for table, column, allowed in choices
                                          for _, row in rows[table] if row.get(column)})
    numbers = {(row.get(column), sheet.dutch_decimals) for sheet, row in rows["targets"]
               for column in ("value", "baseline_value") if row.get(column)}
    sql.prefetch("parse_number(?, ?), number_problem(?, parse_number(?, ?))",
                 {(raw, dutch, raw, raw, dutch) for raw, dutch in numbers})
    sql.prefetch("breakdown_problem(?, ?)", {(row.get("breakdown"), vocabulary.breakdowns)
                                             for table in ("targets", "notes") for _, row in rows[table]
                                             if row.get("breakdown")})
    sql.prefetch("period_kind(?)", {(p.strip(),) for _, row in rows["notes"] for p in row.get("periods").split(";")
                                    if p.strip()})


def _prefetch_targets(sql: CellSql, rows: list[tuple[Sheet, Row]], units: dict[str, str],
                      vocabulary: Vocabulary) -> None:
    """The bounds and quote checks of the targets, in two queries: their numbers are parsed (prefetched) by now."""
    whole, share = vocabulary.whole_units, vocabulary.share_units
    bounds, quotes = set(), set()
    for sheet, row in rows:
        unit = units.get(row.get("indicator"))
        bounds.add((None, unit, whole, share))   # a missing or unusable number
        for column in ("value", "baseline_value"):
            if raw := row.get(column):
                number = sql.row("parse_number(?, ?), number_problem(?, parse_number(?, ?))",
                                 raw, sheet.dutch_decimals, raw, raw, sheet.dutch_decimals)[0]
                bounds.add((number, unit, whole, share))
                if column == "value" and number is not None and row.get("quote"):
                    quotes.add((row.get("quote"), number))
    sql.prefetch("bounds_problem(?::DOUBLE, ?, ?, ?)", bounds)
    sql.prefetch("quote_contains(?, ?::DOUBLE)", quotes)


def insert_columns(con: duckdb.DuckDBPyConnection, statement: str, columns: dict[str, tuple[str, list[Any]]]) -> None:
    """`statement` (CREATE ... AS or INSERT INTO ...) fed with Python lists, one per column: name -> (SQL type,
    values). Plain query parameters: no pyarrow, whose tables make DuckDB import pandas (0.2 s for every ETL run)."""
    select = ", ".join(f'unnest(?::{sql_type}[]) AS "{name}"' for name, (sql_type, _) in columns.items())
    con.execute(f"{statement} SELECT {select}", [values for _, values in columns.values()])


def _figure_cells(con: duckdb.DuckDBPyConnection, sheets: list[Sheet], rows: list[tuple[Sheet, Row]]) -> bool:
    """The view figure_cells over every figure row, whichever reader read it: file, line and the cells as text; and
    figure_cells_any, the same without leaving out blank rows (cheaper to scan, for the dictionaries of distinct
    cells in figures.sql). Returns whether there is any figure row."""
    number = {id(sheet): k for k, sheet in enumerate(sheets)}
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE figure_files AS", {
        "file_no": ("INTEGER", list(range(len(sheets)))), "file": ("VARCHAR", [s.file for s in sheets]),
        "dutch": ("BOOLEAN", [s.dutch_decimals for s in sheets])})
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE figure_rows_read AS", {
        "file_no": ("INTEGER", [number[id(sheet)] for sheet, _ in rows]),
        "line": ("INTEGER", [row.line for _, row in rows]),
        **{c: ("VARCHAR", [row.cells.get(c) for _, row in rows]) for c in FIGURE_CELLS}})
    filled = [f"SELECT file_no, line, {', '.join(FIGURE_CELLS)} FROM figure_rows_read"]
    every = list(filled)
    for k, sheet in enumerate(sheets):
        if sheet.table is None:
            continue
        position = {name: i for i, name in enumerate(sheet.header) if name}
        cells = ", ".join(f"c{position[c]} AS {c}" if c in position else f"NULL::VARCHAR AS {c}" for c in FIGURE_CELLS)
        part = f"SELECT {k}::INTEGER AS file_no, (rowid + 2)::INTEGER AS line, {cells} FROM {sheet.table}"
        every.append(part)
        filled.append(part + f" WHERE filled(concat({', '.join(f'c{i}' for i in range(len(sheet.header)))}))")
    for view, parts in (("figure_cells", filled), ("figure_cells_any", every)):
        con.execute(f"""CREATE OR REPLACE TEMP VIEW {view} AS SELECT f.file, f.dutch, r.*
                        FROM ({' UNION ALL '.join(parts)}) AS r JOIN figure_files f USING (file_no)""")
    return con.execute("SELECT EXISTS (SELECT 1 FROM figure_cells)").fetchall()[0][0]


def _figure_problems(con: duckdb.DuckDBPyConnection, indicators: dict[str, Row], units: dict[str, str],
                     sources: dict[str, Row], today: dt.date, vocabulary: Vocabulary) -> list[Problem]:
    """Runs figures.sql over figure_cells; its problems, in file and line order."""
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE known_indicators AS", {
        "id": ("VARCHAR", list(indicators)), "unit": ("VARCHAR", [units.get(i) for i in indicators])})
    insert_columns(con, "CREATE OR REPLACE TEMP TABLE known_sources AS", {"id": ("VARCHAR", list(sources))})
    for name, words in (("statuses", STATUSES), ("qualifiers", QUALIFIERS), ("breakdowns", vocabulary.breakdowns),
                        ("whole_units", vocabulary.whole_units), ("share_units", vocabulary.share_units)):
        con.execute(f"SET VARIABLE {name} = ?::VARCHAR[]", [list(words)])
    con.execute("SET VARIABLE today = ?::DATE", [today])
    con.execute("SET VARIABLE revision_warning_share = ?::DOUBLE", [REVISION_WARNING_SHARE])
    con.execute("CREATE OR REPLACE TEMP TABLE known_breaks (indicator VARCHAR, published_from DATE, "
                "basis_before VARCHAR, basis VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE figure_basis (file_no INTEGER, line INTEGER, basis VARCHAR)")
    con.execute(FIGURES_SQL.read_text(encoding="utf-8"))
    found = con.execute('SELECT file, line, "column", message FROM figure_problems '
                        "ORDER BY file_no, line, check_no").fetchall()
    return [Problem(*p) for p in found]


def _known_indicator(check: Any, row: Any, indicators: Any) -> str | None:
    """The row's indicator when data/indicators.csv knows it; else the problem is noted and None returned."""
    indicator = check.text(row, "indicator")
    if indicator and indicator not in indicators:
        check.add(row, "indicator", f"unknown indicator '{indicator}': add it to data/indicators.csv first")
        return None
    return indicator
