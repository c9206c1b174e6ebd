"""The benchmark still runs: the tiny scale, end to end, as CI runs it. Timings are not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from etl.build import PROJECT


def test_tiny_bench_writes_the_etl_rows(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "bench.run", "--scale", "tiny", "--out", str(tmp_path)],
                         cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert text == run.stdout
    rows = [line for line in text.splitlines() if line.startswith("| ETL |")]
    assert len(rows) == 2
    shipped, generated = rows
    assert "python -m etl build" in shipped and "DuckDB raw CSV load" in shipped
    assert "3,000 generated figures" in generated
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[3] == "1"                     # runs
        assert float(cells[4]) > 0 and float(cells[6]) > 0
        assert cells[7].endswith("x")              # the ratio to the raw load
