"""Shared fixtures, and the test tiers.

`python -m pytest` runs the fast tier: every test outside the tier folders below and not marked `stress`. A tier
folder's tests carry the folder's marker and run when asked: by marker (`-m render`), or by naming the folder or a
file in it. `bash scripts/test.sh` runs them all. Code tests build small databases from tests/fixtures/data with the
real ETL; only the tiers in MAY_READ_SHIPPED may use the shipped data/ (`real_db`: collection stops with the names
of any other test that asks for it), and the fast tier renders no image (kaleido refuses there, naming the tier
the test belongs to)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from bench import pages
from etl.build import DEFAULT_DATA, build

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
TESTS = Path(__file__).parent

# folder under tests/ -> the marker its tests carry; none of them runs in the default (fast) tier
TIERS = {"render": "render", "shipped": "shipped", "e2e": "e2e", "serving": "serving", "benchmark": "bench"}
# marker-only tier: the exhaustive runs (every hostile value on every page, property tests at full count, killed
# builds); the fast tier keeps a sample of each
SLOW = frozenset(TIERS.values()) | {"stress"}
MAY_RENDER = frozenset({"render", "shipped", "e2e", "serving", "bench"})   # kaleido allowed
MAY_READ_SHIPPED = frozenset({"shipped", "render", "e2e", "serving", "bench"})
# The files that load the whole machine on purpose: never two at once (pytest-xdist `--dist loadgroup` puts a group
# in one process, in order). Every other file is a group of its own, as `--dist loadfile` would make it.
MACHINE_LOAD = frozenset({"benchmark/test_bench.py", "serving/test_sessions_during_rebuilds.py"})
# The groups that take longest go first, so that the processes end together (longest processing time first;
# pyproject.toml: `--no-loadscope-reorder` keeps this order). Seconds per group, all tiers on a quiet machine
# (`--durations=0`, 2026-12-02); a group not named here follows in collection order.
LONGEST_FIRST = {
    "e2e/test_analyst.py": 253, "machine-load": 197, "render/test_chart_quality.py": 127,
    "test_etl_bad_input_and_killed_builds.py": 85, "e2e/test_pages_in_browser.py": 81,
    "test_bad_links_and_broken_databases.py": 67, "serving/test_nginx_replicas.py": 66,
    "render/test_command_line_exports.py": 38, "test_etl_figures_sql.py": 32, "e2e/test_bad_input_in_browser.py": 27,
}


# Property tests: a sample of examples in the fast tier, the full count where scripts/test.sh asks for it
# (`--hypothesis-profile=thorough`).
settings.register_profile("fast", max_examples=15)
settings.register_profile("thorough", max_examples=150)
settings.load_profile("fast")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--all-tiers", action="store_true",
                     help="run every tier in one session (what scripts/test.sh does); default: the fast tier")


def _tier(item: pytest.Item) -> str | None:
    relative = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
    return TIERS.get(relative[0]) if len(relative) > 1 else None


def _group(item: pytest.Item) -> str:
    """The process-sharing group of a test (pyproject.toml: `--dist loadgroup`): its file, or "machine-load"."""
    relative = item.path.relative_to(TESTS).as_posix() if item.path.is_relative_to(TESTS) else str(item.path)
    return "machine-load" if relative in MACHINE_LOAD else relative


@pytest.hookimpl(tryfirst=True)   # markers before `-m` selects by them; groups before xdist reads them
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    readers = []
    for item in items:
        if (tier := _tier(item)) is not None:
            item.add_marker(tier)
        item.add_marker(pytest.mark.xdist_group(_group(item)))
        if "real_db" in getattr(item, "fixturenames", ()) and tier not in MAY_READ_SHIPPED:
            readers.append(item.nodeid)
    if readers:
        raise pytest.UsageError("code tests read the shipped data (use fixture_db, or move them to tests/shipped/): "
                                + ", ".join(readers))
    order = list(LONGEST_FIRST)
    items.sort(key=lambda item: order.index(g) if (g := _group(item)) in LONGEST_FIRST else len(order))   # stable
    if config.option.markexpr or config.option.all_tiers:
        return   # the caller chose tiers by marker, or all of them
    named = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    named = [path for path in named if path != TESTS and path != TESTS.parent]
    keep, skip = [], []
    for item in items:
        slow = any(item.get_closest_marker(m) for m in SLOW)
        asked = any(item.path == path or item.path.is_relative_to(path) for path in named)
        (skip if slow and not asked else keep).append(item)
    if skip:
        config.hook.pytest_deselected(items=skip)
        items[:] = keep


def _markers(request: pytest.FixtureRequest) -> set[str]:
    return {m.name for m in request.node.iter_markers()}


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Each new AppTest has Streamlit scan every installed package for components: about 40% of a page test's time.
    The packages do not change within a session, so the scan runs once (bench/pages.py says more). A server (e2e,
    serving, bench) scans once at its start anyway."""
    with pages.components_scanned_once():
        yield


@pytest.fixture(autouse=True)
def briefing_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its briefings in a store of its own, never in data/user/."""
    path = tmp_path / "user" / "briefings.sqlite"
    monkeypatch.setenv("MENSENHANDEL_STORE", str(path))
    return path


@pytest.fixture(autouse=True)
def no_images_in_the_fast_tier(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast tier starts no browser: an image through kaleido fails here, naming the tier it belongs to."""
    if _markers(request) & MAY_RENDER:
        return
    import plotly.graph_objects as go

    from dashboard import export

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("this test renders an image with kaleido: it belongs in tests/render/ (marker render)")
    monkeypatch.setattr(export, "_start_server", refuse)
    monkeypatch.setattr(go.Figure, "to_image", refuse)


@pytest.fixture(autouse=True)
def vocabulary_from_the_fixture(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Labels, unit formats and colours are data (dashboard/vocabulary.py reads them from the database): a code test
    that names no database gets the fixture's, never the shipped build in data/build/. A test that sets
    MENSENHANDEL_DB itself overrides this."""
    if _markers(request) & MAY_READ_SHIPPED:
        return
    monkeypatch.setenv("MENSENHANDEL_DB", str(request.getfixturevalue("fixture_db_shared")))


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/data: tests break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def fixture_db(tmp_path: Path, fixture_data: Path, fixture_db_shared: Path) -> Path:
    """The database of `fixture_data` as it is when the test starts, in a file of the test's own (tests rebuild,
    damage or lock it): a copy of `fixture_db_shared`, the session's build of the same files. A build costs about
    0.7 s, a copy a few milliseconds; a test of the build itself calls `build` on `fixture_data`."""
    db = tmp_path / "build" / "fixture.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fixture_db_shared, db)
    return db


@pytest.fixture
def app(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: the app under AppTest on the fixture database, optionally on a page and with URL parameters."""
    from tests.helpers import open_app

    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return open_app


@pytest.fixture(scope="session")
def fixture_db_shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data built once per session, for tests that only read it (never write to or replace it)."""
    db = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    build(FIXTURE_DATA, db)
    return db


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/, built once per test session; only the tiers in MAY_READ_SHIPPED may use it."""
    db = tmp_path_factory.mktemp("real") / "mensenhandel.duckdb"
    build(DEFAULT_DATA, db)
    return db


@pytest.fixture(scope="session")
def real(real_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(real_db), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through playwright, one per test module."""
    from playwright import sync_api

    from e2e.server import BROWSER, CHROMIUM_ARGS, require_chromium
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
