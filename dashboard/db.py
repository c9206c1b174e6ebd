"""The read side's only door to the database: a cached, read-only DuckDB connection and a query function.

- The connection is cached per database *file version* (inode, mtime): `python -m etl` replaces the file with
  `os.replace`, so a rebuild gives a new inode and the next query opens the new file; sessions see new data without a
  restart.
- One DuckDB connection is not safe across Streamlit's threads ("connection is busy"), so every query runs on its own
  cursor of the shared read-only connection.
- Query results are cached keyed on the SQL, its parameters and the build (file version, build time, input checksum),
  so a rebuild invalidates them. Both caches are plain LRU caches of this process (functools), shared by every
  session and by the command line; nothing here knows Streamlit.
- A missing database is built once (under a lock) by the ETL's public entry point (`etl.build_database`); when
  that fails the reader gets the ETL's problems and the command to run, never a traceback.
- A file that is not a whole database of this schema (garbage, truncated, from an older ETL) is refused when it is
  opened, with the reason and `python -m etl`; a file another program holds for writing is waited for briefly.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import duckdb
import pandas as pd

import etl

from .i18n import DEFAULT_LANGUAGE, t

log = logging.getLogger(__name__)
_build_lock = threading.Lock()
_LOCK_WAITS = (0.25, 0.5, 1.0, 1.5)  # seconds; then the reader is told who holds the file


@dataclass(frozen=True)
class Build:
    """What identifies one published database: file version plus the build's own record."""

    path: str
    inode: int
    mtime_ns: int
    schema_version: int
    built_at: str          # UTC, 'YYYY-MM-DD HH:MM'
    input_checksum: str
    newest_source: str | None
    figures: int
    indicators: int
    sources: int

    @property
    def key(self) -> tuple:
        return (self.path, self.inode, self.mtime_ns, str(self.built_at), self.input_checksum)


class DatabaseUnavailable(Exception):
    """The database cannot be used: why (a label and its values, for the reader's language) and what to run."""

    def __init__(self, key: str, details: Sequence[str] = (), command: str = "python -m etl", **fmt: Any):
        self.key, self.fmt, self.details, self.command = key, fmt, list(details), command
        super().__init__(self.text(DEFAULT_LANGUAGE))

    def text(self, language: str) -> str:
        return t(self.key, language, **self.fmt)

    @property
    def message(self) -> str:
        """In the default language: for the log and the command line."""
        return self.text(DEFAULT_LANGUAGE)


@functools.lru_cache(maxsize=4)
def _connect(path: str, inode: int, mtime_ns: int) -> tuple[duckdb.DuckDBPyConnection, Build]:
    """One read-only connection per file version; old versions age out of the cache.

    The file is ATTACHed to a private in-memory instance rather than opened with `duckdb.connect(path)`: DuckDB
    shares one instance per path within a process, so a plain connect after a rebuild would hand back the instance
    still holding the old file. Once attached, file access from SQL is switched off.
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS mensenhandel (READ_ONLY)", [path])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        cur = _cursor(con)
        try:
            _check_schema(cur, path)
            row = cur.execute(
                "SELECT schema_version, strftime(built_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), input_checksum, "
                "CAST(newest_source AS VARCHAR), figures, indicators, sources "
                "FROM build_info LIMIT 1").fetchone()
            if row is None:
                raise duckdb.Error("its build_info table is empty")
            _read_every_table(cur)
        finally:
            cur.close()
    except (duckdb.Error, DatabaseUnavailable) as exc:
        # An expected, explained condition (damaged, truncated, locked or outdated file): the reader is told what to
        # run; the log gets one line with the reason, not a traceback.
        con.close()  # do not keep a broken file open until the garbage collector comes by
        reason = next(iter(str(exc).splitlines()), "") or type(exc).__name__
        log.warning("database %s could not be opened: %s", path, reason)
        raise
    except BaseException:
        con.close()
        log.exception("database %s could not be opened", path)  # unexpected: a bug, keep the traceback
        raise
    info = Build(path, inode, mtime_ns, *row)
    log.info("database opened: %s (built %s UTC, %s figures, input %s)", path, info.built_at, info.figures,
             info.input_checksum[:12])
    return con, info


def _check_schema(cur: duckdb.DuckDBPyConnection, path: str) -> None:
    """A database from an older ETL (no build_info, or another schema_version) is named as such, not as broken."""
    try:
        row = cur.execute("SELECT schema_version FROM build_info LIMIT 1").fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        row = (0,)  # from before build_info recorded a schema version
    if row is None:
        raise DatabaseUnavailable("db.cannot_open", path=path, error="build_info is empty")
    if row[0] != etl.SCHEMA_VERSION:
        raise DatabaseUnavailable("db.schema", found=row[0], expected=etl.SCHEMA_VERSION)


def _read_every_table(cur: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every table once per file version (milliseconds): a truncated or damaged file attaches
    and answers build_info, and would otherwise fail only later, in the middle of a page."""
    tables = cur.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'mensenhandel'").fetchall()
    for (table,) in tables:
        name = table.replace('"', '""')  # from the file's own catalogue, not from a reader
        cur.execute(f'SELECT sum(hash(COLUMNS(*))) FROM "{name}"').fetchall()


def _cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of its own per query (one connection is not safe across threads), on the attached database."""
    cur = con.cursor()
    cur.execute("USE mensenhandel")
    return cur


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _ensure_built(path: Path) -> os.stat_result:
    """Build a missing database once; concurrent sessions wait for the same build."""
    with _build_lock:
        stat = _stat(path)
        if stat is not None:
            return stat
        log.warning("database %s is missing: building it from data/", path)
        try:
            etl.build_database(db=path)
        except etl.BuildError as exc:
            log.error("building the missing database failed: %d problems, the first: %s", len(exc.problems),
                      exc.problems[0] if exc.problems else "-")
            raise DatabaseUnavailable("db.build_failed", exc.problems, "python -m etl check\npython -m etl",
                                      n=len(exc.problems)) from exc
        except OSError as exc:
            raise DatabaseUnavailable("db.cannot_open", path=path, error=exc) from exc
        return path.stat()


_pinned: contextvars.ContextVar[tuple[duckdb.DuckDBPyConnection, Build] | None] = contextvars.ContextVar(
    "mensenhandel_pinned_build", default=None)


@contextlib.contextmanager
def one_build() -> Iterator[Build]:
    """Every query inside reads the build that is current on entry, even when a rebuild lands in between: a view
    made of several queries (an overview card's value and its sparkline) never mixes two builds."""
    pinned = _pinned.get() or current()
    token = _pinned.set(pinned)
    try:
        yield pinned[1]
    finally:
        _pinned.reset(token)


def pinned() -> Build | None:
    """The build `one_build` pinned in this context, if any."""
    found = _pinned.get()
    return found[1] if found is not None else None


def current() -> tuple[duckdb.DuckDBPyConnection, Build]:
    """The connection and build record for the database file as it is now (inside `one_build`, the pinned one)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    path = etl.database_path()
    stat = _stat(path) or _ensure_built(path)
    for wait in (*_LOCK_WAITS, None):
        try:
            con, info = _connect(str(path), stat.st_ino, stat.st_mtime_ns)
            break
        except duckdb.Error as exc:
            if wait is not None and "Conflicting lock" in str(exc):
                time.sleep(wait)  # another program holds the file for writing: it may be about to let go
                continue
            raise DatabaseUnavailable("db.cannot_open", path=path, error=str(exc).splitlines()[0]) from exc
    if info.schema_version != etl.SCHEMA_VERSION:
        raise DatabaseUnavailable("db.schema", found=info.schema_version, expected=etl.SCHEMA_VERSION)
    return con, info


def build_info() -> Build:
    return current()[1]


def query(sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run parameterised SQL (placeholders `?`) on its own cursor; results cached per build."""
    _, info = current()
    try:
        return _cached(info.key, sql, tuple(_hashable(p) for p in params)).copy()
    except duckdb.IOException as exc:  # the file went bad under a running session (disk, truncation)
        raise DatabaseUnavailable("db.cannot_open", path=info.path, error=str(exc).splitlines()[0]) from exc


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, set)) else value


T = TypeVar("T")


class OnceCache(Generic[T]):
    """`functools.lru_cache`, computing each key once at a time: the callers that miss one key together (every open
    session right after a rebuild, which changes the keys) wait for the first caller's result instead of each
    computing it. Without that, 24 sessions reading the justice chain after a rebuild each ran the page's queries
    and built its charts (tests/serving/test_sessions_during_rebuilds.py had loads of 80 s and more under load)."""

    def __init__(self, fn: Callable[..., T], maxsize: int) -> None:
        self._cached = functools.lru_cache(maxsize=maxsize)(fn)
        self._guard = threading.Lock()
        self._computing: dict[tuple[Hashable, ...], tuple[threading.Lock, int]] = {}   # key -> (its lock, callers)
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Hashable) -> T:
        with self._guard:
            lock, callers = self._computing.get(args, (threading.Lock(), 0))
            self._computing[args] = (lock, callers + 1)
        try:
            with lock:
                return self._cached(*args)
        finally:
            with self._guard:
                lock, callers = self._computing[args]
                if callers == 1:
                    del self._computing[args]
                else:
                    self._computing[args] = (lock, callers - 1)

    def cache_clear(self) -> None:
        self._cached.cache_clear()


def cached_once(maxsize: int) -> Callable[[Callable[..., T]], OnceCache[T]]:
    """The decorator of OnceCache."""
    return lambda fn: OnceCache(fn, maxsize)


@cached_once(maxsize=512)
def _cached(build_key: tuple, sql: str, params: tuple) -> pd.DataFrame:
    con, _ = _connect(build_key[0], build_key[1], build_key[2])
    cur = _cursor(con)
    try:
        return cur.execute(sql, [list(p) if isinstance(p, tuple) else p for p in params]).df()
    finally:
        cur.close()


def clear_caches() -> None:
    """Forget every connection and query result (for the benchmark's cold pages and for tests)."""
    _connect.cache_clear()
    _cached.cache_clear()
