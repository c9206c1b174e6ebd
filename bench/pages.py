"""Server-side page times: every page run with Streamlit's AppTest, against two references.

- **Raw DuckDB**: the SQL statements the page ran (recorded at `dashboard.db`'s one door, `_cached`, during a cold
  run), replayed on a fresh read-only connection and fetched into pandas: what the page's data costs without the app.
- **Naive pandas**: what a dashboard without a database would do on every rerun: read every CSV in the data folder
  with pandas, merge, pick the latest vintage with a groupby, and filter to the page's figures.

Cold: a fresh AppTest with every cache cleared, the core's and Streamlit's (the first visitor after a rebuild).
Warm: the same session run again (every later rerun: a widget change, another visitor).
A fresh AppTest also has Streamlit scan every installed package for components, which a server does once at its
start, not per visitor: the scan runs once per process here (`components_scanned_once`), so cold times the page.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl.build import PROJECT

APP = str(PROJECT / "app.py")
PAGES = ("overzicht", "trends", "revisies", "strafrechtketen", "opvang", "doelen", "bronnen", "briefing")


@dataclass(frozen=True)
class PageTimes:
    page: str
    cold: list[float]
    warm: list[float]
    statements: list[tuple[str, tuple]]   # distinct (sql, params) the page ran


@contextlib.contextmanager
def components_scanned_once() -> Iterator[None]:
    """Within this block, Streamlit's scan of the installed packages for v2 component manifests runs once and later
    AppTests reuse its result. Each new AppTest scans again otherwise: about 0.1-0.2 s, some 40% of a page run
    (py-spy, 2026-12-03). A server scans once at its start, and the installed packages do not change meanwhile."""
    from streamlit.components.v2 import manifest_scanner

    real = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(real)
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = real


def _clear_caches() -> None:
    import streamlit as st

    from dashboard import db, views

    st.cache_data.clear()        # what the web layer caches itself (render's figures)
    st.cache_resource.clear()
    db.clear_caches()            # the core's plain caches: connections, query results, views
    views.clear_cache()


def _apptest(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=600)
    if page != "overzicht":
        at.switch_page(f"app_pages/{page}.py")
    return at


def _checked_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].value}")
    return elapsed


def time_pages(db: Path, runs: int) -> list[PageTimes]:
    """Every page, `runs` cold runs (each in a fresh AppTest, caches cleared) and `runs` warm reruns."""
    with components_scanned_once():
        return _time_pages(db, runs)


def _time_pages(db: Path, runs: int) -> list[PageTimes]:
    from dashboard import db as dashboard_db

    os.environ["MENSENHANDEL_DB"] = str(db)
    _clear_caches()
    _apptest("overzicht").run()     # imports the page modules (and scans the components) once: cold runs measure
                                    # the data, not Python's imports
    results = []
    original = dashboard_db._cached
    for page in PAGES:
        statements: dict[tuple[str, tuple], None] = {}

        def recording(build_key: tuple, sql: str, params: tuple, _record=statements) -> pd.DataFrame:
            _record[(sql, params)] = None
            return original(build_key, sql, params)

        cold, warm = [], []
        for run in range(runs):
            _clear_caches()
            at = _apptest(page)
            dashboard_db._cached = recording if run == 0 else original
            try:
                cold.append(_checked_run(at))
            finally:
                dashboard_db._cached = original
            warm.append(_checked_run(at))
        results.append(PageTimes(page, cold, warm, list(statements)))
    _clear_caches()
    return results


def replay(db: Path, statements: list[tuple[str, tuple]]) -> None:
    """The page's statements on a fresh read-only connection, each fetched into a DataFrame as the app does."""
    with duckdb.connect(":memory:") as con:
        con.execute("ATTACH ? AS mensenhandel (READ_ONLY)", [str(db)])
        con.execute("USE mensenhandel")
        for sql, params in statements:
            con.execute(sql, [list(p) if isinstance(p, tuple) else p for p in params]).df()


# The naive baseline ------------------------------------------------------------------------------------------------

def _read(data: Path) -> dict[str, pd.DataFrame]:
    """Every CSV, read again: what a page without a database does on every rerun."""
    indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    figures = pd.concat([pd.read_csv(p, dtype={"period": str, "breakdown": str, "published": str})
                         for p in sorted((data / "figures").glob("*.csv"))], ignore_index=True)
    targets = pd.read_csv(data / "targets.csv")
    every = (figures.merge(indicators, left_on="indicator", right_on="id", suffixes=("", "_indicator"))
             .merge(sources, left_on="source", right_on="id", suffixes=("", "_source"))
             .sort_values(["indicator", "period", "breakdown", "published"]))
    versions = every.groupby(["indicator", "period", "breakdown"], sort=False)
    every["vintages"] = versions["value"].transform("size")
    every["year"] = every["period"].str[:4].astype(int)
    latest = versions.tail(1)
    catalogue = (latest.groupby("indicator").agg(figures=("value", "size"), first_year=("year", "min"),
                                                 last_year=("year", "max"))
                 .reindex(indicators["id"], fill_value=0).rename_axis("indicator").reset_index()
                 .merge(indicators.rename(columns={"id": "indicator"}), on="indicator"))
    # the catalogue's placement columns as the database types them: empty cells are missing, headline a number
    catalogue = catalogue.assign(headline=pd.to_numeric(catalogue["headline"], errors="coerce"),
                                 **{c: catalogue[c].replace("", None) for c in ("chain_step", "topic", "per")},
                                 measures=catalogue["measures"].where(catalogue["measures"] != "", catalogue["indicator"]))
    return {"every": every, "latest": latest, "first": versions.head(1), "catalogue": catalogue,
            "sources": sources, "targets": targets}


def _of(frame: pd.DataFrame, ids: list[str], breakdown: str | None = None) -> pd.DataFrame:
    chosen = frame[frame["indicator"].isin(ids)]
    return chosen if breakdown is None else chosen[chosen["breakdown"] == breakdown]


def naive(page: str, data: Path) -> pd.DataFrame:
    """The frame the page shows, computed from the CSV files with pandas."""
    from dashboard import catalogue as rules

    d = _read(data)
    cat, latest = d["catalogue"], d["latest"]
    if page == "overzicht":
        heads = _of(latest, rules.headline_ids(cat), "totaal").sort_values("period")
        return heads.groupby("indicator").tail(2)
    if page == "trends":
        return _of(latest, rules.headline_ids(cat)[:1], "totaal")
    if page == "revisies":
        first = d["first"][d["first"]["vintages"] > 1]
        return first.merge(latest, on=["indicator", "period", "breakdown"], suffixes=("_first", "_latest"))
    if page == "strafrechtketen":
        return _of(latest, [i for _, ids in rules.chain_steps(cat) for i in ids], "totaal")
    if page == "opvang":
        return _of(latest, [i for topic in ("dark_number", "places", "waiting", "budget", "cosm")
                            for i in rules.topic_ids(cat, topic)])
    if page == "doelen":
        years = latest.assign(due=latest["year"])
        return d["targets"].merge(years, on=["indicator", "breakdown", "due"], how="left", suffixes=("", "_figure"))
    if page == "bronnen":
        counts = d["every"].groupby("source").size().rename("figures")
        return d["sources"].merge(counts, left_on="id", right_index=True, how="left")
    return cat   # briefing: no data of its own beyond the catalogue the app reads

