"""Export the published figures as CSV and Parquet, with DuckDB's own COPY."""

from __future__ import annotations

from pathlib import Path

import duckdb

EXPORTS = {
    "figures_latest": "SELECT * EXCLUDE (file, line) FROM figures_latest ORDER BY indicator, period, breakdown",
    "figures_vintages": "SELECT * EXCLUDE (file, line) FROM figures_all ORDER BY indicator, period, breakdown, vintage",
}


def export(db: Path, out: Path) -> list[Path]:
    if not db.exists():
        raise FileNotFoundError(db)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(db), read_only=True) as con:
        for name, query in EXPORTS.items():
            for fmt, options in (("csv", "FORMAT csv, HEADER true"), ("parquet", "FORMAT parquet")):
                path = out / f"{name}.{fmt}"
                escaped = str(path).replace("'", "''")
                con.execute(f"COPY ({query}) TO '{escaped}' ({options})")
                written.append(path)
    return written
