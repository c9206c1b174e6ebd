"""End-to-end: the analyst's day in a real browser (issue 12). A briefing that survives a reload and an opened link;
one history entry per opened page; quick slider presses kept; Dutch downloads; phone and laptop screens; axe-core."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .server import ARTIFACTS, running_app, shipped_or_fixture_db


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_or_fixture_db(tmp_path_factory.mktemp("analyst") / "mensenhandel.duckdb")


@pytest.fixture(scope="module")
def app_url(database: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("analyst")
    with running_app(database, folder / "streamlit.log", store=folder / "briefings.sqlite") as url:
        yield url


def _ready(page, selector: str = ".js-plotly-plot") -> None:
    page.wait_for_selector(selector, timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(700)


def _settle(page) -> None:
    """Wait until Streamlit's script run is over (its status widget and placeholders gone) and the page has drawn."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"], [data-testid=\"stSkeleton\"]')",
                           timeout=30_000)
    page.wait_for_timeout(500)


def test_briefing_survives_reload_and_an_opened_link(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/trends", wait_until="networkidle")
        _ready(page)
        page.get_by_role("button", name="Aan briefing toevoegen").first.click()
        page.get_by_text("Toegevoegd aan de briefing (1 onderdeel).").wait_for(timeout=15_000)
        _settle(page)
        assert re.search(r"[?&]b=[\w-]{20,}", page.url), page.url
        page.get_by_role("button", name="Aan briefing toevoegen").first.click()
        page.get_by_text("staat al in de briefing").wait_for(timeout=15_000)

        page.reload(wait_until="networkidle")          # F5
        _ready(page)
        page.locator("[data-testid='stSidebarNav']").get_by_text("Briefing").click()
        page.get_by_text("Kernboodschap").first.wait_for(timeout=15_000)
        title = page.get_by_label("Titel van de briefing")
        title.fill("Debat mensenhandel")
        title.press("Enter")
        page.get_by_text("(versie 2,").wait_for(timeout=15_000)   # stored: the page names the new version
        _settle(page)
        page.reload(wait_until="networkidle")
        page.get_by_text("Kernboodschap", exact=True).first.wait_for(timeout=15_000)
        _settle(page)
        expect(page.get_by_label("Titel van de briefing")).to_have_value("Debat mensenhandel", timeout=15_000)
        assert page.get_by_text("Kernboodschap", exact=True).count() == 1

        other = context.new_page()                     # a link opened in a new tab: no b= in it
        other.goto(f"{app_url}/briefing?lang=nl", wait_until="networkidle")
        other.get_by_text("Kernboodschap", exact=True).first.wait_for(timeout=15_000)
        _settle(other)
        expect(other.get_by_label("Titel van de briefing")).to_have_value("Debat mensenhandel", timeout=15_000)
        other.screenshot(path=str(ARTIFACTS / "nl-briefing-after-reload.png"), full_page=True)
        other.close()
    finally:
        context.close()


def test_a_link_opened_in_a_fresh_tab_is_one_history_entry_and_back_leaves_the_page(browser, app_url: str) -> None:
    """Streamlit pushed the language and then the view's parameters before the history rule ran: a fresh tab on
    Trends held three entries of Trends. A bad parameter is named once, not again on the next change."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        start = page.evaluate("history.length")   # about:blank
        page.goto(f"{app_url}/trends?ind=victims_registered_nr&foo=1", wait_until="networkidle")
        _ready(page)
        _settle(page)
        assert page.evaluate("history.length") == start + 1
        assert "foo=" not in page.url and "vintage=latest" in page.url and "lang=nl" in page.url
        assert page.get_by_text("Onbekende parameter foo").count() == 1
        page.get_by_text("Staaf", exact=True).click()
        _settle(page)
        assert "chart=bar" in page.url and page.evaluate("history.length") == start + 1
        assert page.get_by_text("Onbekende parameter foo").count() == 0
        page.go_back()
        page.wait_for_function("!location.pathname.includes('trends')", timeout=15_000)
    finally:
        page.close()


def test_opening_trends_adds_one_history_entry_and_widget_changes_replace_it(browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{app_url}/", wait_until="networkidle")
        _ready(page, "[data-testid='stMetric']")
        start = page.evaluate("history.length")
        page.locator("[data-testid='stSidebarNav']").get_by_text("Trends").click()
        _ready(page)
        _settle(page)
        opened = page.evaluate("history.length")
        page.get_by_text("Staaf", exact=True).click()
        _settle(page)
        page.get_by_text("Indexeren op basisjaar").click()
        _settle(page)
        page.get_by_text("Eerste", exact=True).click()
        _settle(page)
        after = page.evaluate("history.length")
        print(f"\nhistory.length: overview {start}, after opening Trends {opened}, after three changes {after}")
        assert "chart=bar" in page.url and "index=1" in page.url and "vintage=first" in page.url
        assert opened == start + 1
        assert after == opened
        page.go_back()
        page.wait_for_function("!location.pathname.includes('trends')", timeout=15_000)
    finally:
        page.close()


def test_quick_arrow_presses_on_the_year_slider_are_all_kept(browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        # 2023 is past CoMensha's last year (2022): the link's range is offered all the same, and stays offered
        # while the thumb moves inward (a slider whose ends change is reset by Streamlit, losing every press)
        page.goto(f"{app_url}/trends?years=2010-2023", wait_until="networkidle")
        _ready(page)
        thumbs = page.locator("[data-testid='stSlider'] input[type='range']")
        thumbs.nth(1).focus()
        for _ in range(6):
            page.keyboard.press("ArrowLeft")
            page.wait_for_timeout(60)
        _settle(page)
        page.wait_for_timeout(1500)
        _settle(page)
        assert "years=2010-2017" in page.url, page.url
        assert thumbs.nth(1).input_value() == "2017"
    finally:
        page.close()


CHART_VALUES = ("() => document.querySelector('.js-plotly-plot')._fullData.flatMap(d => Array.from(d.y || []))"
                ".filter(v => typeof v === 'number')")


@pytest.mark.parametrize("lang, hint", [("nl", "Druk op Enter om toe te passen"), ("en", "Press Enter to apply")])
def test_a_typed_date_applies_on_enter(browser, app_url: str, lang: str, hint: str) -> None:
    """Type 20-10-2024 in "Bekend op" and press Enter, nothing else: the figures as known then are drawn (the Labour
    Inspectorate's 15 before its recount to 28) and the URL says so. The hint under the field is in the interface
    language, not Streamlit's English."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{app_url}/trends?ind=labour_exploitation_investigations&vintage=asof&asof=2025-01-01&lang={lang}",
                  wait_until="networkidle")
        _ready(page)
        assert {28, 21} <= set(page.evaluate(CHART_VALUES))
        field = page.locator("[data-testid='stTextInput'] input").first
        assert field.input_value() == "01-01-2025"
        field.fill("20-10-2024")
        instructions = page.locator("[data-testid='InputInstructions'] span").first
        assert page.evaluate("e => getComputedStyle(e, '::after').content", instructions.element_handle()) == \
            f'"{hint}"'
        assert instructions.evaluate("e => getComputedStyle(e).visibility") == "hidden"   # Streamlit's own words
        field.press("Enter")
        page.wait_for_function("location.search.includes('asof=2024-10-20')", timeout=15_000)
        _settle(page)
        assert field.input_value() == "20-10-2024"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"typed-date-{lang}.png"))
        page.wait_for_function(f"({CHART_VALUES})().includes(15)", timeout=15_000)
        assert {15, 8} <= set(page.evaluate(CHART_VALUES)) and not {28, 21} & set(page.evaluate(CHART_VALUES))
    finally:
        page.close()


def test_clearing_every_indicator_draws_nothing_stale_and_the_url_says_so(browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{app_url}/trends", wait_until="networkidle")
        _ready(page)
        page.locator("[data-testid='stMultiSelect'] [aria-label*='Clear all'], "
                     "[data-testid='stMultiSelect'] [title='Clear all']").first.click()
        page.get_by_text("Geen indicator gekozen").wait_for(timeout=15_000)
        _settle(page)
        assert page.locator(".js-plotly-plot").count() == 0
        assert re.search(r"[?&]ind=(&|$)", page.url), page.url
        page.screenshot(path=str(ARTIFACTS / "nl-trends-empty.png"), full_page=True)
    finally:
        page.close()


# --- Small screens ----------------------------------------------------------------------------------------------------

TRUNCATED_LABELS = """() => {
  // every element of a widget's label that clips its text (Streamlit ellipsises labels: "Indexeren op b…")
  const main = document.querySelector('[data-testid="stMain"]');
  const cut = [];
  for (const label of main.querySelectorAll('[data-testid="stWidgetLabel"]')) {
    for (const el of [label, ...label.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      if (clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        cut.push(label.textContent.trim());
        break;
      }
    }
  }
  return cut;
}"""

CLIPPED_CONTROLS = """() => {
  // every control whose content is wider than its box and is cut or scrolled sideways (an option of a segmented
  // control out of sight on a phone); tables and charts scroll or scale by design and are left out
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  for (const el of main.querySelectorAll('[data-testid^="stButtonGroup"] *, [data-testid="stRadio"] *, '
                                         + '[data-testid="stTextInput"] *, [data-testid="stSelectbox"] *')) {
    const style = getComputedStyle(el);
    if (el.tagName !== 'INPUT' && style.overflowX !== 'visible' && el.clientWidth > 0
        && el.scrollWidth > el.clientWidth + 1 && style.textOverflow !== 'ellipsis') {
      out.push(el.textContent.trim().slice(0, 80));
    }
  }
  return out;
}"""

MODEBAR_OVER_TITLE = """() => {
  const bars = [...document.querySelectorAll('.modebar')].filter(b => b.offsetParent !== null);
  return bars.length;
}"""


CHART_TEXT_OUTSIDE = """() => {
  // every text of a chart that runs past the chart's own edges (a title or a source line cut off by the page)
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
    for (const text of plot.querySelectorAll('svg text')) {
      const box = text.getBoundingClientRect();
      if (box.width && (box.left < svg.left - 1 || box.right > svg.right + 1)) out.push(text.textContent);
    }
  }
  return out;
}"""

LEGEND_PLACE = """() => {
  // where the first chart's legend stands: below its plot area, or beside or above it
  const plot = document.querySelector('.js-plotly-plot');
  const legend = plot.querySelector('.legend').getBoundingClientRect();
  const area = [...plot.querySelectorAll('.nsewdrag')].map(d => d.getBoundingClientRect());
  return legend.top >= Math.max(...area.map(a => a.bottom)) ? 'below' : 'not below';
}"""

# A phone as Chromium's device list describes one (Pixel 7): its browser says "Mobile" in the User-Agent, which is
# what the app goes by (render.narrow_screen); a 390 px wide desktop window is not a phone.
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=2.625, is_mobile=True, has_touch=True,
             user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/131.0.0.0 Mobile Safari/537.36")


def _context(browser, width: int, height: int):
    """A browser context of a phone (390 px wide) or of a laptop."""
    if width < 500:
        return browser.new_context(**PHONE)
    return browser.new_context(viewport={"width": width, "height": height})


def _screen(browser, width: int, height: int):
    """A page on a phone or on a laptop, in a context of its own."""
    return _context(browser, width, height).new_page()


@pytest.fixture(scope="module")
def screens(browser):
    """One browser context per screen, shared by the tests that only look: each test opens a new page (a new
    Streamlit session) in it, and the app's scripts come from the context's cache instead of being fetched and
    compiled again for every page."""
    contexts: dict[tuple[int, int], object] = {}

    def page_on(width: int, height: int):
        if (width, height) not in contexts:
            contexts[width, height] = _context(browser, width, height)
        return contexts[width, height].new_page()
    yield page_on
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width, height, place", [(390, 844, "below"), (1280, 720, "not below")])
def test_a_phone_gets_the_legend_below_the_chart_a_laptop_keeps_the_slide_layout(browser, app_url: str, width: int,
                                                                                  height: int, place: str) -> None:
    """Six series (three indicators, now and as known in 2023): on a laptop the legend stands beside the plot as on a
    slide; on a phone it goes below, and every text of the chart stays inside it."""
    page = _screen(browser, width, height)
    try:
        page.goto(f"{app_url}/trends?ind=victims_registered_comensha,victims_registered_nr,"
                  "police_victims_reported_comensha&vintage=compare&asof=2023-06-01", wait_until="networkidle")
        _ready(page)
        _settle(page)
        chart = page.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / f"legend-{width}x{height}.png"))
        assert page.evaluate(LEGEND_PLACE) == place
        assert page.evaluate(CHART_TEXT_OUTSIDE) == []
    finally:
        page.context.close()


# --- Screens and accessibility: every page on a phone and on a laptop, axe-core in both languages ----------------------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "trends", "revisies", "strafrechtketen", "opvang", "doelen", "bronnen", "briefing"]
# the pages the screens are checked on: every page, and Trends with the options that lengthen its labels
SCREENS = ["trends", "trends?vintage=asof&index=1", "trends?vintage=compare&asof=2024-10-20", "", "briefing",
           "revisies", "doelen", "strafrechtketen"]
LAPTOP, PHONE_SCREEN = (1280, 720), (390, 844)
# Violations that come from Streamlit's own markup, which the app cannot change (docs/accessibility.md says why):
# rule id -> the elements (CSS fragments of axe's target) it is accepted on.
STREAMLIT_OWN: dict[str, str] = {}   # the overview's sparklines are the app's own SVG now, each with its name


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"no axe-core at {AXE}: run bash scripts/test.sh (it installs axe-core with npm)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations'],
                                                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                             targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")


def _assert_axe_finds_nothing_the_app_could_fix(page, lang: str, path: str) -> None:
    found = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
    print(f"\naxe {lang}/{path or 'overzicht'}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['targets']}"
                                                       for v in found))
    ours = [v for v in found if v["id"] not in STREAMLIT_OWN]
    assert ours == [], ours


@pytest.mark.parametrize("width, height", [PHONE_SCREEN, LAPTOP])
@pytest.mark.parametrize("path", SCREENS)
def test_no_cut_off_label_and_no_toolbar_over_a_title(screens, app_url: str, width: int, height: int,
                                                      path: str) -> None:
    """On the laptop the same loaded page also gets axe-core's check in Dutch (the page's default language): one
    load instead of two."""
    page = screens(width, height)
    try:
        page.goto(f"{app_url}/{path}", wait_until="networkidle")
        _ready(page, "[data-testid='stMain'] h1")
        _settle(page)
        name = re.sub(r"\W+", "-", path or "overzicht").strip("-")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"viewport-{width}x{height}-{name}.png"))
        assert page.evaluate(TRUNCATED_LABELS) == []
        assert page.evaluate(CLIPPED_CONTROLS) == []
        if page.locator(".js-plotly-plot").count():
            assert page.evaluate(CHART_TEXT_OUTSIDE) == []
            page.locator(".js-plotly-plot").first.hover()
            page.wait_for_timeout(300)
            assert page.evaluate(MODEBAR_OVER_TITLE) == 0, "plotly's toolbar is shown over the chart"
        if (width, height) == LAPTOP and path in PAGES:
            _assert_axe_finds_nothing_the_app_could_fix(page, "nl", path)
    finally:
        page.close()


@pytest.mark.parametrize("lang, path", [("nl", p) for p in PAGES if p not in SCREENS] + [("en", p) for p in PAGES])
def test_axe_finds_no_serious_violation_the_app_could_fix(screens, app_url: str, path: str, lang: str) -> None:
    """Every page in both languages: the Dutch pages the screen check above loads on the laptop get axe there."""
    page = screens(*LAPTOP)
    try:
        page.goto(f"{app_url}/{path}?lang={lang}", wait_until="networkidle")
        _ready(page, "[data-testid='stMain'] h1")
        _settle(page)
        _assert_axe_finds_nothing_the_app_could_fix(page, lang, path)
    finally:
        page.close()


# --- Downloads --------------------------------------------------------------------------------------------------------

def test_dutch_csv_download_has_bom_semicolons_decimal_comma_and_dutch_words(browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        page.goto(f"{app_url}/trends?ind=victims_registered_comensha&yoy=1&years=2015-2022", wait_until="networkidle")
        _ready(page)
        _settle(page)
        expanders = page.get_by_text("Tabel bij de grafiek")
        files = {}
        for n in range(expanders.count()):
            expanders.nth(n).click()
            page.wait_for_timeout(500)
        buttons = page.locator("[data-testid='stDownloadButton']").filter(has_text="CSV")
        for n in range(buttons.count()):
            with page.expect_download(timeout=60_000) as download:
                buttons.nth(n).click()
            files[download.value.suggested_filename] = Path(download.value.path()).read_bytes()
        names = sorted(files)
        long_name = next(n for n in names if n.startswith("victims_registered_comensha_laatste-versie_")
                         and not n.endswith("per-jaar.csv"))
        assert long_name.endswith(f"_{dt.date.today().isoformat()}.csv"), names
        data = files[long_name]
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        header = text.splitlines()[0]
        assert header.startswith("Indicator-code;Indicator;Eenheid;Periode;Soort periode;Uitsplitsing;Waarde")
        # CoMensha's own count ends with 2022 (814; 2023's 868 is the National Rapporteur's, another indicator)
        assert ";personen;2022;jaar;totaal;814;" in text and "814.0" not in text and "reported" not in text
        assert ";personen;2023;" not in text
        wide = files[next(n for n in names if n.endswith("per-jaar.csv"))].decode("utf-8-sig")
        assert wide.splitlines()[0] == "Periode;Gemelde (mogelijke) slachtoffers (CoMensha)"
        change = next(files[n] for n in names if "_trends-yoy_" in n).decode("utf-8-sig")
        rows = [line.split(";") for line in change.splitlines()[1:]]
        assert rows and all(len(r) == 3 for r in rows)
        assert any("," in r[2] and "." not in r[2] for r in rows), "decimal comma in the change column"
    finally:
        page.close()
