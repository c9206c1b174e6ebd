"""The briefing store (dashboard/store.py): versions, compare-and-swap, a killed writer, a damaged file."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from dashboard import briefing, store

VIEW = "trends?ind=victims_registered_comensha&years=2015-2023"


def _briefing(title: str = "Debat mensenhandel", n: int = 1) -> briefing.Briefing:
    return briefing.Briefing(title=title, items=[briefing.Item(view=VIEW, chart="trends", title=f"Grafiek {i}")
                                                 for i in range(n)])


def test_a_briefing_is_kept_with_its_title_and_items(tmp_path: Path) -> None:
    db = store.Store(tmp_path / "briefings.sqlite")
    record = db.create(_briefing(n=3))
    assert store.valid_id(record.id) and len(record.id) >= 20 and record.version == 1
    again = store.Store(tmp_path / "briefings.sqlite").load(record.id)   # a new process, the same file
    assert again.briefing.title == "Debat mensenhandel"
    assert [i.title for i in again.briefing.items] == ["Grafiek 0", "Grafiek 1", "Grafiek 2"]


def test_ids_are_unguessable_and_unknown_ids_find_nothing(tmp_path: Path) -> None:
    db = store.Store(tmp_path / "briefings.sqlite")
    ids = {db.create(_briefing()).id for _ in range(50)}
    assert len(ids) == 50
    for probe in ("1", "' OR 1=1 --", "a" * 22, "../../etc/passwd", ""):
        assert db.load(probe) is None


def test_two_tabs_saving_on_one_version_one_gets_the_conflict_and_no_edit_is_lost(tmp_path: Path) -> None:
    db = store.Store(tmp_path / "briefings.sqlite")
    record = db.create(_briefing())
    tab_a, tab_b = db.load(record.id), db.load(record.id)
    tab_a.briefing.title = "Titel uit tab A"
    saved = db.save(record.id, tab_a.briefing, tab_a.version)
    assert saved.version == 2
    tab_b.briefing.items[0].takeaway = "Kernboodschap uit tab B"
    with pytest.raises(store.Conflict) as conflict:
        db.save(record.id, tab_b.briefing, tab_b.version)
    assert conflict.value.current.version == 2
    assert conflict.value.current.briefing.title == "Titel uit tab A", "the conflict carries the newer version"
    # B redoes its edit on the newer version: both edits are in
    newer = conflict.value.current
    newer.briefing.items[0].takeaway = "Kernboodschap uit tab B"
    db.save(record.id, newer.briefing, newer.version)
    final = db.load(record.id)
    assert final.version == 3
    assert final.briefing.title == "Titel uit tab A"
    assert final.briefing.items[0].takeaway == "Kernboodschap uit tab B"


def _hammer(path: str, ident: str, worker: int, rounds: int, out) -> None:
    db, conflicts = store.Store(path), 0
    for n in range(rounds):
        while True:
            record = db.load(ident)
            record.briefing.items.append(briefing.Item(view=VIEW, chart="trends", title=f"w{worker}-{n}"))
            try:
                db.save(ident, record.briefing, record.version)
                break
            except store.Conflict:
                conflicts += 1
    out.put(conflicts)


def test_concurrent_writers_in_processes_lose_no_edit(tmp_path: Path) -> None:
    path = tmp_path / "briefings.sqlite"
    ident = store.Store(path).create(_briefing(n=0)).id
    out = multiprocessing.get_context("fork").Queue()
    workers = [multiprocessing.get_context("fork").Process(target=_hammer, args=(str(path), ident, w, 15, out))
               for w in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    final = store.Store(path).load(ident)
    titles = sorted(i.title for i in final.briefing.items)
    assert titles == sorted(f"w{w}-{n}" for w in range(2) for n in range(15)), "every edit is in, none twice"
    assert final.version == 31


def _write_forever(path: str, ident: str) -> None:
    db = store.Store(path)
    n = 0
    while True:
        record = db.load(ident)
        record.briefing.title = f"versie {n}"
        record.briefing.items = [briefing.Item(view=VIEW, chart="trends", title="x" * 150) for _ in range(30)]
        try:
            db.save(ident, record.briefing, record.version)
        except store.Conflict:
            pass
        n += 1


def test_a_writer_killed_mid_write_leaves_the_last_committed_version(tmp_path: Path) -> None:
    path = tmp_path / "briefings.sqlite"
    ident = store.Store(path).create(_briefing()).id
    ctx = multiprocessing.get_context("fork")
    for delay in (0.05, 0.13, 0.21, 0.3, 0.37):
        writer = ctx.Process(target=_write_forever, args=(str(path), ident))
        writer.start()
        time.sleep(delay)
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        db = store.Store(path)
        assert db.recovered is None
        record = db.load(ident)
        assert record.briefing.title.startswith("versie") or record.briefing.title == "Debat mensenhandel"
        assert len(record.briefing.items) in (1, 30)
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty_directory"])
def test_a_damaged_store_is_set_aside_and_a_fresh_one_started(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "briefings.sqlite"
    db = store.Store(path)
    for _ in range(20):
        db.create(_briefing(n=5))
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        for side in path.parent.glob("briefings.sqlite-*"):
            side.unlink()
        path.write_bytes(data[:len(data) // 3])
    else:
        path.unlink()
        for side in path.parent.glob("briefings.sqlite-*"):
            side.unlink()
        path.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    fresh = store.Store(path)
    assert fresh.recovered is not None and fresh.recovered.name.startswith("briefings.sqlite.damaged-")
    assert fresh.recovered.exists(), "the damaged file is kept aside, not deleted"
    new = fresh.create(_briefing(title="Na herstel"))
    assert fresh.load(new.id).briefing.title == "Na herstel"


def test_damage_after_opening_is_recovered_on_the_next_call(tmp_path: Path) -> None:
    path = tmp_path / "briefings.sqlite"
    db = store.Store(path)
    old = db.create(_briefing())
    for side in path.parent.glob("briefings.sqlite-*"):
        side.unlink()
    path.write_bytes(b"\0garbage" * 512)
    assert db.load(old.id) is None          # no traceback: the old briefing is gone with the damaged file
    assert db.recovered is not None and db.recovered.exists()
    assert db.load(db.create(_briefing()).id) is not None


def test_the_store_path_is_configurable_and_outside_the_figures_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_STORE", str(tmp_path / "elsewhere" / "b.sqlite"))
    assert store.store_path() == tmp_path / "elsewhere" / "b.sqlite"
    monkeypatch.delenv("MENSENHANDEL_STORE")
    assert store.store_path().parts[-3:] == ("data", "user", "briefings.sqlite")
