"""Shared fixtures: small databases built by the real ETL, from the fixture data or from the shipped data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import DEFAULT_DATA, build

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(autouse=True)
def briefing_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its briefings in a store of its own, never in data/user/."""
    path = tmp_path / "user" / "briefings.sqlite"
    monkeypatch.setenv("MENSENHANDEL_STORE", str(path))
    return path


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/data: tests break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def fixture_db(tmp_path: Path, fixture_data: Path) -> Path:
    db = tmp_path / "build" / "fixture.duckdb"
    build(fixture_data, db)
    return db


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/, built once per test session."""
    db = tmp_path_factory.mktemp("real") / "mensenhandel.duckdb"
    build(DEFAULT_DATA, db)
    return db


@pytest.fixture(scope="session")
def real(real_db: Path):
    with duckdb.connect(str(real_db), read_only=True) as con:
        yield con


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
