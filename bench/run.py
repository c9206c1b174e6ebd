"""Benchmarks, printed as a markdown table and written to bench/results/latest.md.

    python -m bench.run                 shipped data and 1,000,000 generated figures (a few minutes)
    python -m bench.run --scale tiny    a few thousand figures, one run each: a quick check that the bench still runs

Each section is a function of the scale that returns rows of the table; add a measurement (page render times, browser
time to chart, memory) by writing another section and listing it in SECTIONS. Every time is the median of several
runs, and where there is a reference (what the same work costs without us), the ratio to it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb

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


SCALES = {
    "full": Scale("full", 1_000_000, runs_shipped=5, runs_large=3),
    "tiny": Scale("tiny", 3_000, runs_shipped=1, runs_large=1),
}


@dataclass(frozen=True)
class Row:
    section: str
    measurement: str
    load: str
    runs: int
    median_s: float
    reference: str = ""
    reference_s: float | None = None

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


def etl_section(scale: Scale, work: Path) -> list[Row]:
    """`build()` (read, validate, publish the DuckDB file) against DuckDB's raw load of the same files."""
    shipped = DEFAULT_DATA if (DEFAULT_DATA / "indicators.csv").exists() else FIXTURE_DATA
    shipped_name = "shipped data/" if shipped == DEFAULT_DATA else "tests/fixtures/data (data/ is still empty)"
    large = generate(scale.figures, work / "generated", base=shipped)
    rows = []
    for data, name, runs in ((shipped, shipped_name, scale.runs_shipped),
                             (large, f"{scale.figures:,} generated figures + {shipped_name}", scale.runs_large)):
        n_figures = build(data, work / "warm.duckdb").counts["figures"]  # also warms the OS file cache
        etl = median_time(lambda run: build(data, work / f"etl{run}.duckdb"), runs)
        raw = median_time(lambda run: raw_load(data, work / f"raw{run}.duckdb"), runs)
        rows.append(Row("ETL", "python -m etl build", f"{name}: {n_figures:,} figures", runs, etl,
                        "DuckDB raw CSV load", raw))
    return rows


SECTIONS: list[Callable[[Scale, Path], list[Row]]] = [etl_section]


def table(rows: list[Row]) -> str:
    lines = ["| section | measurement | load | runs | median (s) | reference | reference median (s) | ratio |",
             "|---|---|---|---:|---:|---|---:|---:|"]
    for r in rows:
        reference_s = f"{r.reference_s:.3f}" if r.reference_s is not None else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        lines.append(f"| {r.section} | {r.measurement} | {r.load} | {r.runs} | {r.median_s:.3f} | {r.reference} "
                     f"| {reference_s} | {ratio} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.md (default: bench/results)")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    work = Path(tempfile.mkdtemp(prefix="mh-bench-"))
    try:
        rows = [row for section in SECTIONS for row in section(scale, work)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = f"# Benchmarks ({scale.name} scale, {time.strftime('%Y-%m-%d %H:%M')})\n\n" + table(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
