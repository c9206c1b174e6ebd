"""End-to-end: the running app in headless Chromium. Every page opens, draws its chart, shows no exception box, and
leaves a screenshot in tests/artifacts/ for a person to look at (an empty chart or a Dutch/English mix is a bug)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .server import ARTIFACTS, running_app, shipped_or_fixture_db

# url path -> what the page must show (a chart, or for table-only pages their main block) and a text it contains
PAGES = {
    "": (".js-plotly-plot, [data-testid='stMetric']", "Kerncijfers"),
    "trends": (".js-plotly-plot", "Trends"),
    "revisies": (".js-plotly-plot", "Gemeld vs gecorrigeerd"),
    "strafrechtketen": (".js-plotly-plot", "Strafrechtketen"),
    "opvang": (".js-plotly-plot, [data-testid='stDataFrame']", "Opvang"),
    "doelen": (".js-plotly-plot", "Doelen"),
    "bronnen": ("[data-testid='stDataFrame']", "Bronnen en definities"),
    "briefing": ("[data-testid='stFileUploader']", "Briefing"),
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/ when it builds, else the fixture: the browser sees what a new user would see.
    E2E_DB names a prebuilt database instead (to look at a richer data set by eye)."""
    if os.environ.get("E2E_DB"):
        return Path(os.environ["E2E_DB"])
    return shipped_or_fixture_db(tmp_path_factory.mktemp("e2e") / "mensenhandel.duckdb")


@pytest.fixture(scope="module")
def app_url(database: Path, tmp_path_factory: pytest.TempPathFactory):
    with running_app(database, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


VIEWPORT = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def looking(browser):
    """A browser context shared by the tests that only look at a page (each in a new page, a new Streamlit session):
    the app's scripts come from its cache instead of being fetched and compiled again for every page. A test that
    changes something (the language, a briefing) opens its page from `browser`, in a context of its own."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


def _open(where, url: str, ready: str, name: str):
    """`where`: the browser (the page gets a context of its own, closed with it) or a shared context."""
    page = where.new_page(viewport=VIEWPORT) if hasattr(where, "new_context") else where.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(800)  # plotly finishes its layout
    # Streamlit scrolls inside its main block, so a full-page shot needs a viewport as tall as that block.
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 40, 1000), 8000)})
    page.wait_for_timeout(600)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page


@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_with_chart_and_no_exception(looking, app_url: str, path: str) -> None:
    ready, text = PAGES[path]
    page = _open(looking, f"{app_url}/{path}", ready, f"nl-{path or 'overzicht'}")
    try:
        assert page.locator("[data-testid='stException']").count() == 0
        assert text in page.locator("[data-testid='stMain']").inner_text()
    finally:
        page.close()


def test_overview_by_name_opens_the_overview(looking, app_url: str) -> None:
    """The overview is served at /, but /overzicht (its name, as the other pages are named) opens it too, with the
    link's query kept, instead of Streamlit's "page not found"."""
    page = _open(looking, f"{app_url}/overzicht?lang=en", "[data-testid='stMetric']", "en-overzicht-by-name")
    try:
        assert page.url == f"{app_url}/?lang=en"
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Headline figures" in main
        assert page.get_by_text("Page not found").count() == 0
    finally:
        page.close()


def test_english_permalink_restores_view(looking, app_url: str) -> None:
    page = _open(looking, f"{app_url}/trends?lang=en&chart=bar&years=2015-2024", ".js-plotly-plot", "en-trends")
    try:
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Indicators" in main and "Indicatoren" not in main
        assert page.locator("[data-testid='stException']").count() == 0
        assert "chart=bar" in page.url and "lang=en" in page.url
    finally:
        page.close()


def test_bad_link_warns_instead_of_failing(looking, app_url: str) -> None:
    page = _open(looking, f"{app_url}/trends?ind=nope&years=1800-x&junk=1", "[data-testid='stAlert']", "nl-bad-link")
    try:
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "`ind`" in main or "ind" in main
        assert "junk" in main
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()


def test_language_switch_in_the_sidebar(browser, app_url: str) -> None:
    page = _open(browser, f"{app_url}/trends", ".js-plotly-plot", "nl-trends-before-switch")
    try:
        page.locator("[data-testid='stSidebar']").get_by_text("EN", exact=True).click()
        page.wait_for_function("location.search.includes('lang=en')", timeout=15_000)
        page.get_by_text("Indicators", exact=True).wait_for(timeout=15_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "en-trends-after-switch.png"), full_page=True)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Indicatoren" not in main and "Version of the figures" in main
    finally:
        page.close()


def test_chart_png_download_gives_a_slide_image(looking, app_url: str) -> None:
    """The PNG button under a chart makes the image on the server when clicked, and the browser receives it."""
    import struct
    page = _open(looking, f"{app_url}/trends", ".js-plotly-plot", "nl-trends-download")
    try:
        button = page.locator("[data-testid='stDownloadButton']").filter(has_text="PNG (dia)").first
        with page.expect_download(timeout=60_000) as download:
            button.click()
        assert download.value.suggested_filename == "trends.png"
        data = Path(download.value.path()).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1600, 900)
    finally:
        page.close()


def test_add_to_briefing_then_briefing_page_lists_it(browser, app_url: str) -> None:
    page = _open(browser, f"{app_url}/opvang", ".js-plotly-plot", "nl-opvang-before-add")
    try:
        page.get_by_role("button", name="Aan briefing toevoegen").nth(1).click()   # the OMM places chart
        page.get_by_text("Toegevoegd aan de briefing").wait_for(timeout=15_000)
        page.locator("[data-testid='stSidebarNav']").get_by_text("Briefing").click()
        page.get_by_text("Kernboodschap").first.wait_for(timeout=15_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "nl-briefing-with-item.png"), full_page=True)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "opvang?" in main and "years=" in main                      # the view's link
        titles = page.locator("[data-testid='stMain'] input[type='text']").evaluate_all("els => els.map(e => e.value)")
        assert "Opvangplekken, Nederland, 2019–2025" in titles              # the chart's title (what, where, when), ready to edit
        assert page.locator("[data-testid='stDownloadButton']").filter(has_text="PowerPoint").count() == 1
    finally:
        page.close()
