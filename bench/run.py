"""Benchmarks, printed as a markdown table and written to bench/results/latest.md.

    python -m bench.run                 shipped data and 1,000,000 generated figures (about 15 minutes)
    python -m bench.run --scale tiny    a few thousand figures, one run each: a quick check that the bench still runs
    python -m bench.run --only serving  one section (etl, pages, browser, capacity, serving)

Each section is a function of the scale that returns rows of the table; add a measurement by writing another section
and listing it in SECTIONS. Every time is the median of several runs, and where there is a reference (what the same
work costs without us), the ratio to it. The two loads (shipped data, and shipped plus generated figures) are built
once per run and shared by the sections; pages (bench/pages.py), the browser (bench/browser.py) and the websocket
client for capacity (bench/wsload.py) have modules of their own; serving starts scripts/serve.sh (nginx, which it
installs when missing). Timings on a shared machine are noisy: compare the
ratios within one run.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench import browser, pages, wsload
from bench.generate import generate
from etl.build import DEFAULT_DATA, PROJECT, build

RESULTS = Path(__file__).resolve().parent / "results"
FIXTURE_DATA = PROJECT / "tests" / "fixtures" / "data"


@dataclass(frozen=True)
class Scale:
    name: str
    figures: int        # generated figures for the large load
    runs_shipped: int
    runs_large: int
    capacity_steps: tuple[int, ...] = (1, 2, 5, 10, 20, 40, 80)   # concurrent websocket sessions, until p95 > 1 s
    capacity_seconds: float = 20
    browse_large: bool = True   # time the large load in the browser too (else its memory is read after server loads)
    repeat_pages: tuple[str, ...] | None = None   # the pages given a repeat visit in the browser (None: every page)


SCALES = {
    "full": Scale("full", 1_000_000, runs_shipped=5, runs_large=3),
    # CI's check that every section still runs: the browser's time to chart is the same code at both loads, and
    # browsing the generated load too cost about 65 s of the suite's 15 minutes under load (2026-12-02). Every page
    # gets its first visit (each page's ready selector is checked); the repeat visit, the same code for every page,
    # is timed on Trends alone (16 of the section's 24 visits fewer, 2026-12-03).
    "tiny": Scale("tiny", 3_000, runs_shipped=1, runs_large=1, capacity_steps=(1, 2), capacity_seconds=2,
                  browse_large=False, repeat_pages=("trends",)),
}


@dataclass(frozen=True)
class Row:
    section: str
    measurement: str
    load: str
    runs: int
    median_s: float     # the measured value, in `unit`
    reference: str = ""
    reference_s: float | None = None
    unit: str = "s"

    @property
    def ratio(self) -> float | None:
        return self.median_s / self.reference_s if self.reference_s else None


def median_time(action: Callable[[int], object], runs: int) -> float:
    """Median wall time of `runs` calls of action(run number)."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def raw_load(data: Path, db: Path) -> None:
    """The reference: DuckDB's own load of the same CSV files into a new file: types detected, no checks. The
    dialect is given (comma, double quotes, a header), as the generated files mix line endings, which the sniffer
    cannot always settle."""
    db.unlink(missing_ok=True)
    with duckdb.connect(str(db)) as con:
        for n, path in enumerate(sorted(data.rglob("*.csv"))):
            con.execute(f"""CREATE TABLE t{n} AS
                SELECT * FROM read_csv(?, delim = ',', quote = '"', escape = '"', header = true)""", [str(path)])


@dataclass(frozen=True)
class Load:
    """One data folder and its database, built once per bench run and shared by the sections."""

    name: str           # "shipped data/: 412 figures"
    short: str          # "shipped" or "1,000,000 generated"
    data: Path
    db: Path
    runs: int


def shipped_data() -> tuple[Path, str]:
    """data/ as shipped, or the test fixture while data/ is still empty; and how the table names it."""
    if (DEFAULT_DATA / "indicators.csv").exists():
        return DEFAULT_DATA, "shipped data/"
    return FIXTURE_DATA, "tests/fixtures/data (data/ is still empty)"


@functools.cache
def loads(scale: Scale, work: Path) -> tuple[Load, ...]:
    shipped, shipped_name = shipped_data()
    large = generate(scale.figures, work / "generated", base=shipped)
    result = []
    for data, name, short, runs in (
            (shipped, shipped_name, "shipped", scale.runs_shipped),
            (large, f"{scale.figures:,} generated figures + {shipped_name}", f"{scale.figures:,} generated",
             scale.runs_large)):
        db = work / f"{short.split()[0].replace(',', '')}.duckdb"
        n_figures = build(data, db).counts["figures"]   # also warms the OS file cache for the ETL timings
        result.append(Load(f"{name}: {n_figures:,} figures", short, data, db, runs))
    return tuple(result)


def etl_section(scale: Scale, work: Path) -> list[Row]:
    """`build()` (read, validate, publish the DuckDB file) against DuckDB's raw load of the same files."""
    rows = []
    for load in loads(scale, work):
        etl = median_time(lambda run, load=load: build(load.data, work / f"etl{run}.duckdb"), load.runs)
        raw = median_time(lambda run, load=load: raw_load(load.data, work / f"raw{run}.duckdb"), load.runs)
        rows.append(Row("ETL", "python -m etl build", load.name, load.runs, etl, "DuckDB raw CSV load", raw))
    return rows


def pages_section(scale: Scale, work: Path) -> list[Row]:
    """Every page with AppTest, cold and warm, against the raw DuckDB time of its SQL and a naive pandas baseline."""
    rows = []
    for load in loads(scale, work):
        for page in pages.time_pages(load.db, load.runs):
            raw = median_time(lambda run, load=load, page=page: pages.replay(load.db, page.statements), load.runs)
            naive = median_time(lambda run, load=load, page=page: pages.naive(page.page, load.data), load.runs)
            warm, cold = statistics.median(page.warm), statistics.median(page.cold)
            sql = f"DuckDB raw: the page's {len(page.statements)} statements"
            rows += [Row("Page (server)", f"{page.page}: warm rerun", load.short, load.runs, warm, sql, raw),
                     Row("Page (server)", f"{page.page}: cold (caches cleared)", load.short, load.runs, cold, sql,
                         raw),
                     Row("Page (server)", f"{page.page}: naive pandas, CSVs read every rerun", load.short, load.runs,
                         naive, "the app, warm", warm)]
    return rows


def browser_section(scale: Scale, work: Path) -> list[Row]:
    """Time from navigation to the chart visible in headless Chromium; the app process's peak memory after it."""
    rows = []
    for n, load in enumerate(loads(scale, work)):
        browse = n == 0 or scale.browse_large
        with browser.serve(load.db, work / "streamlit.log") as server:
            if browse:
                times = browser.time_to_chart(server, load.runs, warm_up=load.runs > 1, repeat=scale.repeat_pages)
            else:   # every page once, server-side: the memory row without the browser's timings
                wsload.warm_up(server.url)
                times = {visit: {} for visit in browser.VISITS}
            peak, now = server.memory_mb("VmHWM"), server.memory_mb("VmRSS")
        for visit, how in zip(browser.VISITS, ("new browser context, nothing cached",
                                              "same context again, a new Streamlit session")):
            for page, page_times in times[visit].items():
                rows.append(Row("Browser", f"{page}: {visit} ({how}), navigation to chart visible", load.short,
                                len(page_times), statistics.median(page_times), "target", 2.0))
        after = "every page" if browse else "every page, loaded server-side"
        rows.append(Row("Memory", f"app process peak RSS (VmHWM) after {after} (now {now:.0f} MB)", load.short,
                        1, peak, "database file", load.db.stat().st_size / 2**20, unit="MB"))
    return rows


def capacity_section(scale: Scale, work: Path) -> list[Row]:
    """Server-side capacity (bench/wsload.py: Streamlit's websocket protocol, no browser rendering): N concurrent
    sessions against one app process until the p95 load passes 1 s; then two processes on the same database file,
    that step's sessions split between them (the first process, and a second started beside it)."""
    shipped = loads(scale, work)[0]
    rows = []
    with browser.serve(shipped.db, work / "streamlit-a.log") as a:
        wsload.warm_up(a.url)   # fills the caches, and stops the bench if the protocol has changed
        for n in scale.capacity_steps:
            step, cpu = _step([a], n, scale.capacity_seconds)
            rows.append(_capacity_row(f"1 process, {n} sessions", shipped, step, [a.url], cpu))
            if wsload.Load.p95(step.all_times) > 1.0:
                break
        n = max(2, step.sessions)   # the step that passed 1 s (or the largest), next served by two processes
        if n != step.sessions:      # the same number of sessions on one process, for the comparison
            step, cpu = _step([a], n, scale.capacity_seconds)
            rows.append(_capacity_row(f"1 process, {n} sessions", shipped, step, [a.url], cpu))
        # process A is the one just measured alone, its caches warm; process B is started and warmed up beside it
        with browser.serve(shipped.db, work / "streamlit-b.log") as b:
            wsload.warm_up(b.url)
            split, cpu = _step([a, b], n, scale.capacity_seconds)
    for name, urls in (("process A", [a.url]), ("process B", [b.url]), ("all", [a.url, b.url])):
        rows.append(_capacity_row(f"2 processes, {n} sessions split: {name}", shipped, split, urls, cpu))
    return rows


def _step(servers: list[browser.Server], n: int, seconds: float) -> tuple[wsload.Load, dict[str, float]]:
    """`n` websocket sessions spread over `servers` for `seconds`, and each app process's CPU time (s) meanwhile."""
    before = {server.url: server.cpu_seconds() for server in servers}
    step = wsload.sessions(list(before), n, seconds)
    if step.all_errors:
        print(f"  {n} sessions: {len(step.all_errors)} failed loads, e.g. " + "; ".join(step.all_errors[:3]),
              file=sys.stderr)
    return step, {server.url: server.cpu_seconds() - before[server.url] for server in servers}


def _capacity_row(what: str, load: Load, step: wsload.Load, urls: list[str], cpu: dict[str, float]) -> Row:
    times = [t for url in urls for t in step.times[url]]
    errors = sum(len(step.errors[url]) for url in urls)
    cores = sum(cpu[url] for url in urls) / step.seconds
    return Row("Capacity", f"{what}: p95 load, server-side (websocket client, no browser rendering): median "
               f"{wsload.median(times):.2f} s, {len(times) / step.seconds:.1f} loads/s, {errors} errors, app "
               f"{cores:.2f} cores, client {step.client_cpu_s / step.seconds:.2f} cores", load.short, len(times),
               wsload.Load.p95(times), "target", 1.0, unit="s p95")


SERVING_PAGES = ["trends", "overzicht"]


def serving_section(scale: Scale, work: Path) -> list[Row]:
    """First visit to chart over an emulated office link, in one run: directly to one replica of `scripts/serve.sh`
    and through its nginx (compressed JavaScript, static files cached). Only the shipped load: the link, not the
    data, sets these times, so the large load is not built for this section."""
    data, _ = shipped_data()
    db = work / "serving.duckdb"
    build(data, db)
    warm_up = scale.runs_shipped > 1
    with browser.serve_production(db, work / "serve.log", replicas=2) as production:
        visits = browser.first_visits({"direct": production.replicas[0], "proxy": production.url}, SERVING_PAGES,
                                      scale.runs_shipped, browser.OFFICE_LINK, warm_up)
        # The floor: the same first visit with no network limit at all, to Trends and to a bare Streamlit page with
        # one plotly chart (bench/floor_app.py). What the browser spends there, no proxy can take off.
        with browser.serve(db, work / "floor.log", app="bench/floor_app.py") as floor:
            unlimited = browser.first_visits({"direct": production.replicas[0], "floor": floor.url}, ["trends"],
                                             scale.runs_shipped, None, warm_up)
    link = browser.OFFICE_LINK.name
    for name, stalled in (visits.stalled | {f"{k} (no limit)": v for k, v in unlimited.stalled.items()}).items():
        if stalled:
            print(f"  serving, {name}: {stalled} visits stalled (nothing for 60 s) and were repeated", file=sys.stderr)
    rows = []
    for page in SERVING_PAGES:
        direct, proxy = (statistics.median(visits.times[name][page]) for name in ("direct", "proxy"))
        rows += [Row("Serving", f"{page}: first visit over {link}, directly to one replica (uncompressed)", "shipped",
                     scale.runs_shipped, direct, "target", 3.5),
                 Row("Serving", f"{page}: first visit over {link}, through nginx (scripts/serve.sh, 2 replicas)",
                     "shipped", scale.runs_shipped, proxy, "directly to one replica", direct)]
    trends, bare = (statistics.median(unlimited.times[name]["trends"]) for name in ("direct", "floor"))
    rows += [Row("Serving", "trends: first visit without a network limit, directly to one replica", "shipped",
                 scale.runs_shipped, trends, "target", 3.5),
             Row("Serving", "floor: a bare Streamlit page with one plotly chart (bench/floor_app.py), first visit "
                 "without a network limit", "none", scale.runs_shipped, bare, "trends, the same visit", trends)]
    return rows


SECTIONS: list[Callable[[Scale, Path], list[Row]]] = [etl_section, pages_section, browser_section, capacity_section,
                                                      serving_section]


def table(rows: list[Row]) -> str:
    lines = ["| section | measurement | load | runs | median | unit | reference | reference median | ratio |",
             "|---|---|---|---:|---:|---|---|---:|---:|"]
    for r in rows:
        reference_s = f"{r.reference_s:.3f}" if r.reference_s is not None else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        lines.append(f"| {r.section} | {r.measurement} | {r.load} | {r.runs} | {r.median_s:.3f} | {r.unit} "
                     f"| {r.reference} | {reference_s} | {ratio} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.md (default: bench/results)")
    parser.add_argument("--only", help="comma-separated sections to run (default: all): "
                        + ", ".join(s.__name__.removesuffix("_section") for s in SECTIONS))
    args = parser.parse_args(argv)
    chosen = [s for s in SECTIONS if not args.only or s.__name__.removesuffix("_section") in args.only.split(",")]
    scale = SCALES[args.scale]
    work = Path(tempfile.mkdtemp(prefix="mh-bench-"))
    try:
        start_load = os.getloadavg()[0]
        rows = []
        for section in chosen:
            print(f"{time.strftime('%H:%M:%S')} {section.__name__} …", file=sys.stderr, flush=True)
            rows += section(scale, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = (f"# Benchmarks ({scale.name} scale, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
            f"1-minute load average {start_load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)\n\n"
            + table(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
