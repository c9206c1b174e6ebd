"""The benchmark still runs: the tiny scale, end to end, as CI runs it. Timings are not asserted, only that every
section measured what it says, with its reference and ratio."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.run import SCALES
from etl.build import PROJECT

PAGES = ["overzicht", "trends", "revisies", "strafrechtketen", "opvang", "doelen", "bronnen", "briefing"]
LOADS = ["shipped", "3,000 generated"]


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split("|")]


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    out = tmp_path_factory.mktemp("bench")
    run = subprocess.run([sys.executable, "-m", "bench.run", "--scale", "tiny", "--out", str(out)],
                         cwd=PROJECT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    text = (out / "latest.md").read_text(encoding="utf-8")
    assert text == run.stdout
    assert "load average" in text.splitlines()[0]
    return [_cells(line) for line in text.splitlines() if line.startswith("| ") and not line.startswith("| section")]


def test_etl_rows(bench) -> None:
    rows = [r for r in bench if r[0] == "ETL"]
    assert len(rows) == 2
    shipped, generated = rows
    assert shipped[1] == "python -m etl build" and shipped[6] == "DuckDB raw CSV load"
    assert "3,000 generated figures" in generated[2]
    for row in rows:
        assert row[3] == "1"                       # runs
        assert float(row[4]) > 0 and row[5] == "s" and float(row[7]) > 0
        assert row[8].endswith("x")                # the ratio to the raw load


def test_every_page_timed_cold_warm_and_naive_at_both_loads(bench) -> None:
    rows = [r for r in bench if r[0] == "Page (server)"]
    for load in LOADS:
        for page in PAGES:
            mine = {r[1].split(": ", 1)[1].split(" (")[0].split(",")[0]: r for r in rows
                    if r[2] == load and r[1].startswith(page + ":")}
            assert set(mine) == {"warm rerun", "cold", "naive pandas"}, (load, page, mine)
            assert mine["warm rerun"][6].startswith("DuckDB raw: the page's")
            assert mine["naive pandas"][6] == "the app, warm"
            assert all(float(r[4]) > 0 and r[8].endswith("x") for r in mine.values())
    assert any(int(r[6].split()[4]) > 0 for r in rows if r[1] == "overzicht: warm rerun"), "the SQL was captured"


def test_every_page_loaded_in_the_browser_first_and_repeat_visit_and_memory_read(bench) -> None:
    """The tiny scale browses the shipped load only, every page on a first visit and the pages of its
    `repeat_pages` again (bench/run.py SCALES); the memory is read at both loads."""
    again = SCALES["tiny"].repeat_pages or tuple(PAGES)
    assert set(again) <= set(PAGES), "the repeat visits are to pages the bench knows"
    for load in LOADS:
        timed = {(r[1].split(":")[0], r[1].split(": ", 1)[1].split(" (")[0]): r
                 for r in bench if r[0] == "Browser" and r[2] == load}
        browsed = {(page, "first visit") for page in PAGES} | {(page, "repeat visit") for page in again}
        assert set(timed) == (browsed if load == "shipped" else set())
        assert all(float(r[4]) > 0 and r[7] == "2.000" and r[8].endswith("x") for r in timed.values())
        memory = [r for r in bench if r[0] == "Memory" and r[2] == load]
        assert len(memory) == 1 and memory[0][5] == "MB" and float(memory[0][4]) > 50


def test_capacity_one_process_then_two(bench) -> None:
    rows = [r for r in bench if r[0] == "Capacity"]
    assert [r[1].split(":")[0] for r in rows if r[1].startswith("1 process")] == ["1 process, 1 sessions",
                                                                                 "1 process, 2 sessions"]
    two = [r for r in rows if r[1].startswith("2 processes")]
    assert [r[1].split(": ")[1] for r in two] == ["process A", "process B", "all"]
    assert all(int(r[3]) > 0 for r in two), "both processes served page loads"
    assert int(two[2][3]) == int(two[0][3]) + int(two[1][3])
    for row in rows:   # every step: its p95 against the 1 s target, measured by the server, not a browser
        assert "server-side (websocket client, no browser rendering)" in row[1]
        assert float(row[4]) > 0 and row[5] == "s p95" and row[6:8] == ["target", "1.000"] and row[8].endswith("x")


def test_serving_first_visit_direct_and_through_nginx(bench) -> None:
    """The serving section: one run over the emulated office link, to a replica directly and through nginx."""
    rows = {r[1]: r for r in bench if r[0] == "Serving"}
    for page in ("trends", "overzicht"):
        direct = rows[f"{page}: first visit over 20 Mbit/s, 20 ms, directly to one replica (uncompressed)"]
        proxy = rows[f"{page}: first visit over 20 Mbit/s, 20 ms, through nginx (scripts/serve.sh, 2 replicas)"]
        assert direct[2] == proxy[2] == "shipped" and direct[3] == proxy[3] == "1"
        assert direct[6:8] == ["target", "3.500"]
        assert proxy[6] == "directly to one replica" and float(proxy[7]) == float(direct[4])
        assert float(proxy[4]) > 0 and proxy[8].endswith("x")


def test_serving_floor_without_a_network_limit(bench) -> None:
    """The same run measures the floor: Trends and a bare one-chart Streamlit page with no network limit."""
    rows = {r[1]: r for r in bench if r[0] == "Serving"}
    trends = rows["trends: first visit without a network limit, directly to one replica"]
    floor = rows["floor: a bare Streamlit page with one plotly chart (bench/floor_app.py), first visit without a "
                 "network limit"]
    assert trends[6:8] == ["target", "3.500"] and float(trends[4]) > 0
    assert floor[6] == "trends, the same visit" and float(floor[7]) == float(trends[4])
    assert float(floor[4]) > 0 and floor[8].endswith("x")
