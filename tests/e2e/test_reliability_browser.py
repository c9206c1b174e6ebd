"""The running app in headless Chromium under the reliability issue's conditions.

- Concurrent users during rebuilds: 20 browser sessions keep opening pages while `python -m etl` rebuilds the
  database they read 10 times. Zero errors; every session shows the last build afterwards, and no session ever goes
  back to an older build once it has seen a newer one.
- A hostile link in a real browser: warnings, a clean address bar, the page as without the link.
- A damaged database file behind the running app: a message with the way out, not a traceback.

Run with `python -m pytest -m e2e tests/e2e/test_reliability_browser.py -s` to see the figures printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from etl.build import DEFAULT_DATA, BuildError, build

from .server import BROWSER, CHROMIUM_ARGS, require_chromium, running_app
from .test_browser import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PROJECT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = PROJECT / "tests" / "fixtures" / "data"

SESSIONS = int(os.environ.get("RELIABILITY_SESSIONS", "20"))
REBUILDS = int(os.environ.get("RELIABILITY_REBUILDS", "10"))
MIN_LOADS = 5 * SESSIONS       # at least five page loads per session while the rebuilds run
THINK = (0.5, 1.5)             # seconds a reader looks at a page before the next click
WAIT = 90_000                  # ms a page may take under load (CI machines are shared) before it counts as an error
ARRIVAL = 0.5                  # s between two readers' first page: they arrive over 10 s, not all in the same instant
CONTENT = ".js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stMetric']"
# url path -> the page's title (h1) and what shows that it has read the database
PAGES = {
    "": ("Mensenhandel in cijfers", "[data-testid='stMetric']"),
    "trends": ("Trends", ".js-plotly-plot"),
    "revisies": ("Gemeld vs gecorrigeerd", CONTENT),
    "strafrechtketen": ("Strafrechtketen", CONTENT),
    "opvang": ("Opvang en dark number", CONTENT),
    "doelen": ("Doelen", CONTENT),
    "bronnen": ("Bronnen en definities", "[data-testid='stDataFrame']"),
    "briefing": ("Briefing", "[data-testid='stFileUploader']"),  # no charts collected: its upload box
}
ERROR_TEXT = re.compile(r"Traceback|Exception|kan niet worden geopend|kon niet worden opgebouwd|Connection error")
HEADER = ["indicator", "period", "breakdown", "value", "qualifier", "low", "high", "status", "published", "source",
          "quote", "comment"]


def marker(version: int) -> str:
    """The 2024 registrations figure of data version `version` as the overview shows it (Dutch format)."""
    return f"{1000 + version:,}".replace(",", ".")


def write_version(data: Path, version: int) -> None:
    """Data version 0 is data/ as shipped; version k adds the 2024 registrations with the value 1000 + k, and (as a
    curator does when the figure is published) takes 2024 off the list of known gaps in data/missing.csv."""
    path = data / "figures" / "zz_reliability.csv"
    if version == 0:
        path.unlink(missing_ok=True)
        return
    missing = data / "missing.csv"
    if missing.exists():
        lines = missing.read_text(encoding="utf-8").splitlines(keepends=True)
        missing.write_text("".join(line for line in lines
                                   if not line.startswith("victims_registered_comensha,2024,")), encoding="utf-8")
    value = 1000 + version
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(["victims_registered_comensha", "2024", "totaal", value, "", "", "", "reported", "2025-04-15",
                         "ah-2024-2025-1651", f"in 2024 waren het er {value}", f"reliability test, version {version}"])


def _server_errors(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "Uncaught app execution" in line
            or re.search(r"\bERROR\b", line)]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (the fixture data if data/ does not build), without its build output."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, target, ignore=shutil.ignore_patterns("build"))
    try:
        build(target, tmp_path / "probe.duckdb")
    except (BuildError, OSError):
        shutil.rmtree(target)
        shutil.copytree(FIXTURE_DATA, target)
    return target


# --- 3. Concurrent users during rebuilds --------------------------------------------------------------------------

@dataclass
class Tally:
    loads: int = 0
    errors: list[str] = field(default_factory=list)
    seen: dict[int, list[int]] = field(default_factory=dict)     # session -> data versions seen on the overview
    final: dict[int, int] = field(default_factory=dict)          # session -> version shown after the last rebuild
    rebuilds: list[tuple[int, float]] = field(default_factory=list)  # (exit code, seconds)


async def _version_shown(page) -> int:
    values = await page.locator("[data-testid='stMetricValue']").all_inner_texts()
    found = [k for k in range(1, REBUILDS + 1) if marker(k) in {v.strip() for v in values}]
    return max(found) if found else 0


async def _check(page, tally: Tally, session: int, where: str) -> None:
    main = await page.locator("[data-testid='stMain']").inner_text()
    exceptions = await page.locator("[data-testid='stException']").count()
    if exceptions or ERROR_TEXT.search(main):
        tally.errors.append(f"session {session} on {where!r}: {main[:300]!r}")


async def _open_in_session(page, path: str, by_link: bool, url: str) -> None:
    """Open a page: by the sidebar link (same Streamlit session) or by address (a new session); wait for its title
    and the content that shows it has read the database."""
    title, ready = PAGES[path]
    if by_link:
        await page.locator(f"[data-testid='stSidebarNav'] a[href='{url}/{path}']").first.click()
    else:
        await page.goto(f"{url}/{path}", wait_until="domcontentloaded")
    await page.locator("h1", has_text=title).first.wait_for()
    # any of the page's content shown (not the first match in the page's order: that may sit in a closed expander)
    await page.locator(ready).locator("visible=true").first.wait_for()
    await page.wait_for_timeout(300)   # let the script run finish its last elements


async def _session(browser, url: str, session: int, tally: Tally, rebuilding: threading.Event) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(WAIT)
    rng = random.Random(session)
    paths = list(PAGES)
    step = session  # sessions start on different pages
    await asyncio.sleep(session * ARRIVAL)
    try:
        while rebuilding.is_set():
            path = paths[step % len(paths)]
            # the overview by address (a new Streamlit session each round), the other pages by the sidebar link
            by_link = path != "" and step != session
            try:
                await _open_in_session(page, path, by_link, url)
                await _check(page, tally, session, path)
                tally.loads += 1
                if path == "":
                    tally.seen.setdefault(session, []).append(await _version_shown(page))
                await asyncio.sleep(rng.uniform(*THINK))
                await _check(page, tally, session, f"{path} (a moment later)")
            except Exception as exc:  # a timeout or a closed page is an error of the app under load
                seen = ""
                with contextlib.suppress(Exception):   # what the reader had in front of them, for the report
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    await page.screenshot(path=str(ARTIFACTS / f"concurrent-session-{session}-step-{step}.png"))
                    seen = " ".join((await page.locator("[data-testid='stMain']").inner_text(timeout=2000)).split())
                tally.errors.append(f"session {session} on {path!r}: {type(exc).__name__}: {str(exc)[:300]} "
                                    f"(the page showed: {seen[:300]!r}; screenshot concurrent-session-{session}-"
                                    f"step-{step}.png)")
                with contextlib.suppress(Exception):
                    await page.goto(f"{url}/", wait_until="domcontentloaded")
            step += 1
        # After the last rebuild: the overview, reached by the sidebar link in the same session, shows the new build.
        # (By way of another page: a click on the link of the page already shown would leave its old render.)
        try:
            await _open_in_session(page, "bronnen", True, url)
            await _open_in_session(page, "", True, url)
            await _check(page, tally, session, "final overview")
            tally.loads += 1
            tally.final[session] = await _version_shown(page)
        except Exception as exc:
            tally.errors.append(f"session {session} on the final overview: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        await context.close()


def _rebuild_loop(data: Path, database: Path, tally: Tally, rebuilding: threading.Event, pause: float) -> None:
    env = {**os.environ, "MENSENHANDEL_DATA": str(data), "MENSENHANDEL_DB": str(database)}
    try:
        time.sleep(pause)
        for version in range(1, REBUILDS + 1):
            write_version(data, version)
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "etl"], cwd=PROJECT, env=env, capture_output=True,
                                  text=True, timeout=120)
            tally.rebuilds.append((done.returncode, time.monotonic() - started))
            if done.returncode != 0:
                tally.errors.append(f"rebuild {version} failed: {done.stderr[-500:]}")
            time.sleep(pause)
            # The readers' pace, not the ETL's, sets the rounds: each rebuild is followed by its share of the page
            # loads (a faster ETL would otherwise end the rebuilds before the sessions had done their loads).
            patience = time.monotonic() + 30
            while tally.loads < MIN_LOADS * version // REBUILDS and time.monotonic() < patience:
                time.sleep(0.2)
    finally:
        rebuilding.clear()


async def _drive(url: str, data: Path, database: Path, tally: Tally) -> None:
    from playwright.async_api import async_playwright

    rebuilding = threading.Event()
    rebuilding.set()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        try:
            rebuilder = threading.Thread(target=_rebuild_loop, args=(data, database, tally, rebuilding, 4.0),
                                         daemon=True)
            rebuilder.start()
            await asyncio.wait_for(
                asyncio.gather(*(_session(browser, url, n, tally, rebuilding) for n in range(SESSIONS))),
                timeout=420)
            rebuilder.join(timeout=30)
        finally:
            await browser.close()


def test_concurrent_sessions_during_rebuilds(data_copy: Path, tmp_path: Path) -> None:
    import playwright.async_api  # noqa: F401  (a missing playwright is a failure, not a skip)
    require_chromium()
    database = tmp_path / "build" / "mensenhandel.duckdb"
    write_version(data_copy, 0)
    build(data_copy, database)
    log = tmp_path / "streamlit.log"
    tally = Tally()
    started = time.monotonic()
    with running_app(database, log, data_copy) as url:
        asyncio.run(_drive(url, data_copy, database, tally))
    duration = time.monotonic() - started

    print(f"\nconcurrent sessions: {SESSIONS} sessions, {tally.loads} page loads, {len(tally.rebuilds)} rebuilds "
          f"(each {min(s for _, s in tally.rebuilds):.1f}–{max(s for _, s in tally.rebuilds):.1f} s), "
          f"{len(tally.errors)} errors, {duration:.0f} s; versions seen on the overview: "
          f"{sorted({v for seen in tally.seen.values() for v in seen})}; final: {sorted(set(tally.final.values()))}")
    assert tally.errors == [], "\n".join(e.replace("\n", " ")[:400] for e in tally.errors[:10])
    assert [code for code, _ in tally.rebuilds] == [0] * REBUILDS
    assert _server_errors(log) == []
    assert tally.loads >= MIN_LOADS
    assert tally.final == {n: REBUILDS for n in range(SESSIONS)}, "every session shows the last build"
    for session, seen in tally.seen.items():
        assert seen == sorted(seen), f"session {session} went back to an older build: {seen}"
    assert len({v for seen in tally.seen.values() for v in seen}) >= 3, "the sessions saw builds come and go"


# --- 4. A hostile link in the browser ---------------------------------------------------------------------------

def _warm_up(page, url: str, ready: str) -> None:
    """Open the entry page once, so the first measured load is not also the server's first script run."""
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.locator(ready).first.wait_for(timeout=60_000)   # something app.py drew: it has run


def test_first_visit_by_deep_link_runs_the_app_frame(tmp_path: Path, browser) -> None:
    database = tmp_path / "mensenhandel.duckdb"
    build(FIXTURE_DATA, database)
    with running_app(database, tmp_path / "streamlit.log", lifetime=120) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/trends?lang=en", wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
            page.wait_for_timeout(1_000)
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert "Database built on" in sidebar, sidebar[:300]     # app.py ran: language and database check
        finally:
            page.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("reliability-browser")
    database = folder / "mensenhandel.duckdb"
    build(FIXTURE_DATA, database)
    with running_app(database, folder / "streamlit.log", lifetime=300) as url:
        yield url
    assert _server_errors(folder / "streamlit.log") == []


def test_hostile_link_in_the_browser(browser, app_url: str) -> None:
    hostile = {
        "ind": "1;DROP TABLE figures--",
        "years": "' OR 1=1 --",
        "vintage": "latest\u200b",
        "bd": "\u202etotaal\x1b[31m",
        "chart": "x" * 10_000,
        "base": "²",
        "<script>alert(1)</script>": "1",
    }
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        _warm_up(page, app_url, "[data-testid='stMetric']")
        page.goto(f"{app_url}/trends?{urllib.parse.urlencode(hostile)}", wait_until="domcontentloaded")
        page.locator("h1", has_text="Trends").wait_for(timeout=60_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        page.wait_for_function("!location.search.includes('DROP')", timeout=30_000)
        main = page.locator("[data-testid='stMain']").inner_text()
        for name in ("ind", "years", "vintage", "bd", "chart", "base", "script"):
            assert f"{name}" in main, name
        assert page.locator("[data-testid='stException']").count() == 0
        assert dialogs == [], "no script from the link ran"
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
        assert query["vintage"] == ["latest"] and query["chart"] == ["line"]
        assert not any("DROP" in v or "OR 1=1" in v or "script" in k for k, vs in query.items() for v in vs)
        page.screenshot(path=str(PROJECT / "tests" / "artifacts" / "nl-hostile-link.png"), full_page=True)
    finally:
        page.close()


# --- 5. A damaged database behind the running app ---------------------------------------------------------------

def test_damaged_database_in_the_browser(browser, tmp_path: Path) -> None:
    database = tmp_path / "mensenhandel.duckdb"
    database.write_bytes(os.urandom(32 * 1024))
    log = tmp_path / "streamlit.log"
    with running_app(database, log, lifetime=120) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            _warm_up(page, url, "[data-testid='stAlert']")
            page.goto(f"{url}/trends", wait_until="domcontentloaded")
            page.locator("[data-testid='stAlert']").first.wait_for(timeout=60_000)
            page.wait_for_timeout(500)
            main = page.locator("[data-testid='stMain']").inner_text()
            assert "kan niet worden geopend" in main and "python -m etl" in main, main
            assert page.locator("[data-testid='stException']").count() == 0
            assert "Traceback" not in main
            page.screenshot(path=str(PROJECT / "tests" / "artifacts" / "nl-damaged-database.png"), full_page=True)
            # The way out: rebuild, reload, and the page works.
            build(FIXTURE_DATA, database)
            page.reload(wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            assert "kan niet worden geopend" not in page.locator("[data-testid='stMain']").inner_text()
        finally:
            page.close()
    assert _server_errors(log) == []
