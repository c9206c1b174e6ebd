"""Bad input in a real browser: a first visit by deep link, a hostile link, a damaged database file behind the
running app. (Readers during rebuilds are tests/serving/test_sessions_during_rebuilds.py.)

- A first visit by deep link runs app.py's frame (language, database check), not only the page script.
- A hostile link: warnings, a clean address bar, the page as without the link, no script run.
- A damaged database file behind the running app: a message with the way out, not a traceback.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.build import build

from .server import ARTIFACTS, FIXTURE_DATA, running_app, server_errors

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
    assert server_errors(folder / "streamlit.log") == []


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
        page.screenshot(path=str(ARTIFACTS / "nl-hostile-link.png"), full_page=True)
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
            page.screenshot(path=str(ARTIFACTS / "nl-damaged-database.png"), full_page=True)
            # The way out: rebuild, reload, and the page works.
            build(FIXTURE_DATA, database)
            page.reload(wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            assert "kan niet worden geopend" not in page.locator("[data-testid='stMain']").inner_text()
        finally:
            page.close()
    assert server_errors(log) == []
