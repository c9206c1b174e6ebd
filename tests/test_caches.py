"""The core's caches compute a key once at a time (dashboard/db.py `OnceCache`): sessions that miss the same key
together, as every open session does right after a rebuild, wait for one computation instead of each running it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard import db
from dashboard.db import cached_once


def test_callers_missing_one_key_together_share_one_computation() -> None:
    calls: list[str] = []

    @cached_once(maxsize=8)
    def slow(key: str) -> list[str]:
        calls.append(key)
        time.sleep(0.3)
        return [key]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(slow, ["chain"] * 8))
    assert calls == ["chain"]
    assert all(r is results[0] for r in results)   # the one result, as lru_cache hands it out
    assert slow._computing == {}                    # nothing left behind for the key


def test_other_keys_are_computed_side_by_side_and_a_failure_is_not_remembered() -> None:
    started = threading.Barrier(2, timeout=5)   # both keys must be computing at once, or this times out

    @cached_once(maxsize=8)
    def both(key: str) -> str:
        started.wait()
        return key

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(both, ["trends", "chain"])) == ["trends", "chain"]

    attempts = []

    @cached_once(maxsize=8)
    def flaky(key: str) -> str:
        attempts.append(key)
        if len(attempts) == 1:
            raise OSError("the file went bad")
        return key

    with pytest.raises(OSError):
        flaky("chain")
    assert flaky("chain") == "chain" and flaky("chain") == "chain"
    assert attempts == ["chain", "chain"]
    flaky.cache_clear()
    assert flaky("chain") == "chain" and len(attempts) == 3


def test_the_query_and_view_caches_compute_once() -> None:
    from dashboard import views

    assert isinstance(db._cached, db.OnceCache)
    assert isinstance(views._charts_cached, db.OnceCache)
