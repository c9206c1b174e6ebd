"""Helpers the test modules share (fixtures live in conftest.py): the app under Streamlit's AppTest, what a page
shows, and a figure as the shipped database holds it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
from hypothesis import settings
from streamlit.testing.v1 import AppTest

from dashboard import briefing

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["overzicht", "trends", "revisies", "wijzigingen", "strafrechtketen", "opvang", "doelen", "bronnen", "briefing"]


def open_app(page: str | None = None, **params: str) -> AppTest:
    """The app (on the database MENSENHANDEL_DB names), run once, then on `page` with these URL parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    lang = params.pop("lang", None)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    if (page and page != "overzicht") or params:
        at.switch_page(f"app_pages/{page or 'overzicht'}.py")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
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
