"""Helpers the test modules share (fixtures live in conftest.py): the app under Streamlit's AppTest, what a page
shows, and a figure as the shipped database holds it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
from hypothesis import settings
from streamlit.testing.v1 import AppTest

from dashboard import briefing, charts, state

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["overzicht", "trends", "revisies", "wijzigingen", "strafrechtketen", "opvang", "doelen", "bronnen", "briefing"]


def open_app(page: str | None = None, **params: str) -> AppTest:
    """The app (on the database MENSENHANDEL_DB names), run once, then on `page` with these URL parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    lang = params.pop("lang", None)
    if lang:
        at.query_params["lang"] = lang
    as_the_browser_writes_it(at.run())
    if (page and page != "overzicht") or params:
        at.switch_page(f"app_pages/{page or 'overzicht'}.py")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    return at


def as_the_browser_writes_it(at: AppTest) -> AppTest:
    """After a session's first run the app writes its URL through the history rule's script (replaceState), not
    through st.query_params (dashboard/state.py): put it in the address bar as the browser does."""
    if state.WRITTEN_BY_SCRIPT in at.session_state:
        written = at.session_state[state.WRITTEN_BY_SCRIPT]
        at.query_params.clear()
        at.query_params.update({k: v[0] if len(v) == 1 else v for k, v in written.items()})
        del at.session_state[state.WRITTEN_BY_SCRIPT]
    return at


def page_frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def page_tables(at: AppTest) -> list[pd.DataFrame]:
    """The tables drawn with st.table (short tables with long text, every cell wrapping)."""
    return [t.value for t in at.table]


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def cells_of(frames: list[pd.DataFrame]) -> set[str]:
    return {str(v) for frame in frames for v in frame.astype(str).to_numpy().ravel()}


def latest(con: duckdb.DuckDBPyConnection, indicator: str, period: str, breakdown: str = "totaal") -> tuple | None:
    """(value, qualifier, source) of a figure's latest version, or None."""
    return con.execute("""SELECT value, qualifier, source FROM figures_latest
                          WHERE indicator = ? AND period = ? AND breakdown = ?""",
                       [indicator, period, breakdown]).fetchone()


def briefing_file(folder: Path, body: dict | None = None) -> Path:
    """A saved briefing (version 1 of the file format) of two charts on the fixture data, in `folder`."""
    body = body or {"format": "mensenhandel-briefing", "version": 1, "title": "Debat mensenhandel – mei",
                    "language": "nl", "items": [
                        {"view": "trends?ind=labour_investigations&bd=arbeid", "chart": "trends",
                         "title": "Onderzoeken naar arbeidsuitbuiting", "takeaway": "28 en 21 na de hertelling."},
                        {"view": "doelen", "chart": "targets-progress", "title": "", "takeaway": ""}]}
    path = folder / "mei.briefing.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def partial_leftovers(parent: Path) -> list[str]:
    """Half-written output folders the command line left behind (there should be none)."""
    return sorted(p.name for p in parent.iterdir() if p.name.endswith(".partial"))


def two_chart_briefing(language: str = "nl") -> briefing.Briefing:
    """A briefing of two charts on the fixture data: Trends of the recount, and the targets' progress."""
    return briefing.Briefing(title="Debat mensenhandel – mei", language=language, items=[
        briefing.Item(view="trends?ind=labour_investigations&bd=arbeid&lang=nl", chart="trends",
                      title="Onderzoeken naar arbeidsuitbuiting", takeaway="Na de hertelling: 28 en 21 onderzoeken."),
        briefing.Item(view="doelen", chart="targets-progress", title="Doelen", takeaway="Geen cijfers na 2020."),
    ])


def examples(full: int) -> int:
    """A property test's number of examples: `full` under the thorough profile (scripts/test.sh), the fast profile's
    sample otherwise (tests/conftest.py registers both)."""
    return min(full, settings.default.max_examples)


# --- Purpose-made charts for the briefing exports ----------------------------------------------------------------

def spec_points(rows: list[tuple]) -> pd.DataFrame:
    """(series, unit, x, y, text[, status]) rows as a spec's data."""
    frame = pd.DataFrame([r + (("reported",) if len(r) == 5 else ()) for r in rows],
                         columns=["series", "unit", "x", "y", "text", "status"])
    return frame.assign(period=frame["x"].astype(str))


def dark_number_spec() -> charts.ChartSpec:
    """Registered victims against an estimate published with its range (4.000–7.000)."""
    return charts.ChartSpec(
        key="dark-number", title="Dark number", unit="Personen", language="nl", kind="line",
        data=spec_points([("Gemeld", "persons", 2018, 668.0, "668"), ("Gemeld", "persons", 2019, 1372.0, "1.372")]),
        spans=pd.DataFrame({"series": ["Schatting (WODC)"], "x0": [2018], "x1": [2019], "y": [5000.0],
                            "low": [4000.0], "high": [7000.0], "period": ["2018–2019"],
                            "text": ["ca. 5.000 (4.000–7.000)"], "status": ["estimate"], "unit": ["persons"]}),
        sources=["WODC, 2021"])


def slides_of(specs: list[charts.ChartSpec], titles: list[str] | None = None, takeaways: list[str] | None = None):
    titles = titles or [spec.title for spec in specs]
    takeaways = takeaways or [""] * len(specs)
    return [briefing.Slide(n, title, takeaway, "trends", spec)
            for n, (spec, title, takeaway) in enumerate(zip(specs, titles, takeaways), start=1)]


def chart_labels(chart) -> list[str]:
    """Every data label's text in a native chart."""
    return ["".join(t.text or "" for t in label.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
            for label in chart._chartSpace.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}dLbl")]
