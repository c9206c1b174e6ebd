"""Build the DuckDB file from data/, atomically.

The database is written to a temporary file beside the target, checked, and only then renamed over the old one
(`os.replace`, atomic on one file system). A failed, invalid or interrupted run leaves the previous database as it
was: readers that have it open keep reading it, and new readers open either the old or the new build, never half of
one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .read import TABLES, VOCABULARY, read_data_dir
from .validate import (
    Problem,
    check_all,
    connect,
    figure_warnings,
    insert_columns,
    validate,
)

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT / "data"
DEFAULT_DB = PROJECT / "data" / "build" / "mensenhandel.duckdb"
# 2: figures.vintage and figures.vintages computed by the build; 3: placement columns of indicators, figure_sources, missing
# 4: series_breaks, figures.basis and is_current_basis (vintages numbered per basis), targets.standing
# 5: the vocabulary tables (units, domains, chain_steps, breakdown_dimensions, breakdowns, series_colours), indicators.scope
SCHEMA_VERSION = 5
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
_ATTACHED = itertools.count(1)   # each build attaches its new file under a name of its own


def db_path() -> Path:
    """The database file: $MENSENHANDEL_DB, else data/build/mensenhandel.duckdb in the project."""
    return Path(os.environ.get("MENSENHANDEL_DB") or DEFAULT_DB)


def data_path() -> Path:
    return Path(os.environ.get("MENSENHANDEL_DATA") or DEFAULT_DATA)


class BuildError(Exception):
    """The data did not validate, or the build failed; the previous database is untouched."""

    def __init__(self, problems: list[Problem] | list[str]):
        self.problems = [str(p) for p in problems]
        super().__init__(f"{len(self.problems)} problem(s) in the data")


@dataclass
class BuildReport:
    path: Path
    checksum: str
    counts: dict[str, int]
    years: tuple[int | None, int | None]
    revised: int
    indicators: list[str] = field(default_factory=list)
    five_years: int = 0     # indicators with figures for at least five different years
    warnings: list[str] = field(default_factory=list)   # accepted, but worth a look (validate.figure_warnings)

    def lines(self) -> list[str]:
        first, last = self.years
        out = [f"Built {self.path}"]
        out += [f"  {table:<11} {n:>6} rows" for table, n in self.counts.items()]
        out.append(f"  years covered: {first}–{last}")
        out.append(f"  indicators with figures for at least five years: {self.five_years}")
        out.append(f"  figures with more than one published version: {self.revised}")
        out.append(f"  input checksum: {self.checksum[:16]}…")
        out += [f"warning: {w}" for w in self.warnings]
        return out


def input_checksum(data_dir: Path) -> str:
    """sha256 over every file in data/ (names and bytes), build output and the dashboard's user state excluded."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()
                       and not {"build", "user"} & set(p.relative_to(data_dir).parts)):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load(data_dir: Path, today: dt.date | None = None) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every table of data/ as records, and every problem found."""
    with connect() as con:
        return validate(read_data_dir(data_dir, con), today=today, con=con)


def problems_in(data_dir: Path, today: dt.date | None = None) -> list[Problem]:
    """Every problem in data/, without turning the figures into Python records."""
    return check_data(data_dir, today)[0]


def check_data(data_dir: Path, today: dt.date | None = None,
               previous: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Every problem in data/, and every warning (what the build accepts but an editor should look at). Given the
    previous database, a figures file it was built from that is gone is named first: as a problem when the data
    has problems (they are likely what its deletion left behind), else as a warning."""
    with connect() as con:
        sheets = read_data_dir(data_dir, con)
        problems = check_all(sheets, con, today)[1]
        warnings = figure_warnings(con)
        files = {s.file for s in sheets.get("figures", [])}
    before = _previous_figure_files(previous)
    if not files & set(before):   # none in common: the database was built from another data folder
        before = {}
    gone = [Problem(file, None, None, f"is gone: the database {previous} was built with {n} figure(s) from it. If "
                                      "that was not on purpose restore it; if it was, delete the rows of "
                                      "data/figure_sources.csv and data/series_breaks.csv that name its figures")
            for file, n in before.items() if file not in files]
    return (gone + problems, warnings) if problems else (problems, gone + warnings)


def _previous_figure_files(db: Path | None) -> dict[str, int]:
    """The figures files the database at `db` was built from, with their number of rows; {} when there is none."""
    if db is None or not db.exists():
        return {}
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return dict(con.execute("SELECT file, count(*) FROM figures GROUP BY file").fetchall())
    except duckdb.Error:
        return {}


@contextlib.contextmanager
def _build_lock(db: Path) -> Iterator[None]:
    """One build at a time per database file; a second run waits for the first."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, Any]]], counts: dict[str, int],
           checksum: str) -> None:
    """Into the current database: the schema, the small tables from records, the figures from figures_checked."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for table in TABLES + VOCABULARY:
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        columns = list(types)
        if table == "figures":
            con.execute(f"INSERT INTO figures ({', '.join(columns)}) SELECT {', '.join(columns)} FROM figures_checked")
            continue
        if not tables[table]:
            continue
        quoted = ", ".join(f'"{c}"' for c in columns)   # a column may be a keyword ("order")
        insert_columns(con, f"INSERT INTO {table} ({quoted})",
                       {c: (types[c], [r[c] for r in tables[table]]) for c in columns})
    con.execute(
        f"INSERT INTO build_info (schema_version, built_at, input_checksum, {', '.join(TABLES)}, newest_source) "
        f"VALUES (?, ?, ?, {', '.join('?' for _ in TABLES)}, (SELECT max(published_on) FROM sources))",
        [SCHEMA_VERSION, dt.datetime.now(dt.UTC), checksum, *(counts[t] for t in TABLES)],
    )


def _integrity(con: duckdb.DuckDBPyConnection, counts: dict[str, int]) -> list[str]:
    """Queries that must hold in any good build; a non-empty list means the build is rejected."""
    problems = []
    for table, expected in counts.items():
        n = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        if n != expected:
            problems.append(f"table {table} holds {n} rows, expected {expected}")
    keys = con.execute("SELECT count(DISTINCT (indicator, period, breakdown, published)) FROM figures").fetchall()[0][0]
    if keys != counts["figures"]:
        problems.append(f"figures holds {counts['figures'] - keys} rows with a duplicate key")
    orphans = con.execute("""SELECT count(*) FROM figures f
                              WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.id = f.indicator)
                                 OR NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = f.source)""").fetchall()[0][0]
    if orphans:
        problems.append(f"{orphans} figures refer to an unknown indicator or source")
    latest = con.execute("SELECT count(*) FROM figures_latest").fetchall()[0][0]
    distinct = con.execute("SELECT count(DISTINCT (indicator, period, breakdown)) FROM figures").fetchall()[0][0]
    if latest != distinct:
        problems.append(f"figures_latest holds {latest} rows for {distinct} figures")
    # revisions: counted in build()
    for view in ("figures_first", "target_status", "figure_notes", "indicator_coverage", "indicator_year_coverage",
                 "revision_stats", "rates_per_100k", "figures_latest_by_basis", "basis_changes", "counting_bases"):
        con.execute(f"SELECT count(*) FROM {view}").fetchone()
    return problems


def build(data_dir: Path | None = None, db: Path | None = None, today: dt.date | None = None) -> BuildReport:
    """Validate data/ and publish a new database, or raise BuildError and leave the old one untouched.

    The checks run in an in-memory DuckDB database; the new file is attached to it, so the figures go from the
    checked table into the published one with one INSERT ... SELECT."""
    data_dir = data_dir or data_path()
    db = db or db_path()
    with connect() as con:
        tables, problems = check_all(read_data_dir(data_dir, con), con, today)
        if problems:
            raise BuildError(problems)
        warnings = [str(w) for w in figure_warnings(con)]
        counts = {t: len(tables[t]) for t in TABLES if t != "figures"}
        counts["figures"] = con.execute("SELECT count(*) FROM figure_typed").fetchall()[0][0]
        counts = {t: counts[t] for t in TABLES}
        checksum = input_checksum(data_dir)
        with _build_lock(db):
            _remove_leftovers(db)
            tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
            try:
                published = f"published_{next(_ATTACHED)}"   # attached databases are shared by every cursor of connect()
                con.execute(f"ATTACH '{_sql_string(tmp)}' AS {published}")
                try:
                    con.execute(f"USE {published}")
                    _write(con, tables, counts, checksum)
                    revised = con.execute("SELECT count(*) FROM revisions").fetchall()[0][0]
                    broken = _integrity(con, counts)
                    if broken:
                        raise BuildError(broken)
                    years = con.execute("SELECT min(year_start), max(year_end) FROM figures_all").fetchall()[0]
                    five_years = con.execute(FIVE_YEARS_SQL).fetchall()[0][0]
                    con.execute(f"CHECKPOINT {published}")
                finally:
                    con.execute("USE memory")
                    con.execute(f"DETACH {published}")
                with open(tmp, "rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(tmp, db)
                _fsync_dir(db.parent)
            finally:
                tmp.unlink(missing_ok=True)
                tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)

    return BuildReport(path=db, checksum=checksum, counts=counts, years=(years[0], years[1]), revised=revised,
                       indicators=sorted(r["id"] for r in tables["indicators"]), five_years=five_years,
                       warnings=warnings)


# Indicators with figures for at least five different years (year, month or date figures; spans not counted).
FIVE_YEARS_SQL = """SELECT count(*) FROM (
    SELECT indicator FROM figures WHERE period_kind IN ('year', 'month', 'date')
    GROUP BY indicator HAVING count(DISTINCT year(period_end)) >= 5)"""


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")


def _remove_leftovers(db: Path) -> None:
    """Temporary files of builds that were killed; safe to remove because we hold the build lock."""
    for leftover in db.parent.glob(f".{db.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
