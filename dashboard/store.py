"""User state: the briefings people put together, kept in a small SQLite file of their own.

Separate from the figures: the DuckDB build is read-only and replaced whole by `python -m etl`; this file is written
by the dashboard and never touched by the ETL. Its path is $MENSENHANDEL_STORE, else data/user/briefings.sqlite in
the project (gitignored, and left out of the ETL's input checksum).

What it promises:

- A briefing is found only by its id (`secrets.token_urlsafe(16)`, 128 random bits), carried in the URL (`b=`).
- Two tabs editing one briefing never silently lose an edit: every row has a version, a save names the version it
  was made on, and the UPDATE only happens when that is still the stored version (compare-and-swap). Otherwise
  `Conflict` carries the newer version, for the page to show and say so.
- A process killed mid-write leaves the last committed version: every write is one SQLite transaction, the file is
  in WAL mode with synchronous=FULL.
- A damaged file (not SQLite, truncated, failing its integrity check) is moved aside as
  `briefings.sqlite.damaged-YYYYmmddTHHMMSS` and a fresh store is started; `Store.recovered` names the old file so
  the page can say what happened. Never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import briefing as model

log = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = PROJECT / "data" / "user" / "briefings.sqlite"
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SCHEMA = """
CREATE TABLE IF NOT EXISTS briefings (
    id       TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,           -- the briefing file (briefing.dumps), so a stored briefing is a valid file
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL
);
"""


class Conflict(Exception):
    """The briefing changed since the version the edit was made on; `current` is the newer version."""

    def __init__(self, current: Record):
        super().__init__(f"briefing {current.id} is at version {current.version}")
        self.current = current


@dataclass
class Record:
    id: str
    version: int
    briefing: model.Briefing
    updated: str = ""


def store_path() -> Path:
    return Path(os.environ.get("MENSENHANDEL_STORE") or DEFAULT_STORE)


def valid_id(value: object) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def new_id() -> str:
    return secrets.token_urlsafe(16)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """One store file. Each call opens its own short-lived connection: SQLite serialises the writers."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.recovered: Path | None = None
        self._open()

    # --- opening, and recovering from a damaged file -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=5, isolation_level=None)   # explicit BEGIN/COMMIT below
        con.execute("PRAGMA busy_timeout = 5000")
        return con

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._initialise()
        except sqlite3.DatabaseError:
            self._set_aside()
            self._initialise()

    def _initialise(self) -> None:
        con = self._connect()
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = FULL")
            if self.path.stat().st_size and con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            con.executescript(SCHEMA)
            con.execute("SELECT id, version, title, body, created, updated FROM briefings LIMIT 1").fetchall()
        finally:
            con.close()

    def _set_aside(self) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while target.exists():
            target, n = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}"), n + 1
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm", "-journal"):   # they belong to the damaged file, not to the fresh one
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        self.recovered = target
        log.warning("briefing store %s was damaged: set aside as %s, a fresh store started", self.path, target.name)

    def _run(self, work, write: bool = False):
        """Run `work(con)` in one transaction (a write takes the write lock at once, so its read-check-update cannot
        interleave with another writer's); a file damaged since opening is set aside once and retried."""
        error: sqlite3.DatabaseError
        for attempt in (1, 2):
            try:
                con = self._connect()
            except sqlite3.DatabaseError:
                con = None
            if con is not None:
                try:
                    con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                    result = work(con)
                    con.execute("COMMIT")
                    return result
                except (Conflict, KeyError):
                    con.execute("ROLLBACK")
                    raise
                except sqlite3.OperationalError as exc:
                    if "locked" in str(exc) or "busy" in str(exc):
                        raise
                    error = exc
                except sqlite3.DatabaseError as exc:
                    error = exc
                finally:
                    con.close()
            else:
                error = sqlite3.DatabaseError("cannot open")
            if attempt == 2:
                raise error
            self._set_aside()
            self._initialise()

    # --- briefings ---------------------------------------------------------------------------------------------------

    def create(self, briefing: model.Briefing) -> Record:
        ident, now = new_id(), _now()

        def work(con):
            con.execute("INSERT INTO briefings (id, version, title, body, created, updated) VALUES (?, 1, ?, ?, ?, ?)",
                        (ident, briefing.title, model.dumps(briefing).decode("utf-8"), now, now))
        self._run(work, write=True)
        return Record(ident, 1, _copy(briefing), now)

    def load(self, ident: str) -> Record | None:
        if not valid_id(ident):
            return None

        def work(con):
            return con.execute("SELECT version, body, updated FROM briefings WHERE id = ?", (ident,)).fetchone()
        row = self._run(work)
        if row is None:
            return None
        return Record(ident, row[0], _parse(row[1]), row[2])

    def save(self, ident: str, briefing: model.Briefing, version: int) -> Record:
        """Store `briefing` as the next version, if `version` is still the stored one; else raise Conflict."""
        now = _now()
        body = model.dumps(briefing).decode("utf-8")

        def work(con):
            changed = con.execute("UPDATE briefings SET version = version + 1, title = ?, body = ?, updated = ? "
                                  "WHERE id = ? AND version = ?", (briefing.title, body, now, ident, version)).rowcount
            if changed != 1:
                row = con.execute("SELECT version, body, updated FROM briefings WHERE id = ?", (ident,)).fetchone()
                if row is None:
                    raise KeyError(ident)
                raise Conflict(Record(ident, row[0], _parse(row[1]), row[2]))
        self._run(work, write=True)
        return Record(ident, version + 1, _copy(briefing), now)

    def titles(self, ids: list[str]) -> dict[str, tuple[str, int, str]]:
        """(title, number of items, last change) of the briefings with these ids; unknown ids are left out."""
        wanted = [i for i in ids if valid_id(i)][:20]
        if not wanted:
            return {}

        def work(con):
            marks = ",".join("?" * len(wanted))
            return con.execute(f"SELECT id, body, updated FROM briefings WHERE id IN ({marks})", wanted).fetchall()
        out = {}
        for ident, body, updated in self._run(work):
            parsed = _parse(body)
            out[ident] = (parsed.title, len(parsed.items), updated)
        return out


def _parse(body: str) -> model.Briefing:
    """A stored briefing, read without checking its views against today's catalogue (that is the page's job)."""
    import json

    raw = json.loads(body)
    return model.Briefing(title=raw.get("title", ""), language=raw.get("language", model.DEFAULT_LANGUAGE),
                          items=[model.Item(**item) for item in raw.get("items", [])],
                          saved=raw.get("saved", ""), build=raw.get("build", ""))


def _copy(briefing: model.Briefing) -> model.Briefing:
    return _parse(model.dumps(briefing).decode("utf-8"))


_stores: dict[Path, Store] = {}
_lock = threading.Lock()


def get() -> Store:
    """The store of this process (one object per path; each call below opens its own connection)."""
    path = store_path()
    with _lock:
        store = _stores.get(path)
        if store is None or not path.exists():
            store = _stores[path] = Store(path)
        return store
