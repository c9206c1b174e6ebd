"""Command line: python -m etl [build|check|export].

    python -m etl              validate data/ and build the database (same as `build`)
    python -m etl check        validate only, report every problem
    python -m etl export       write the latest figures and every vintage as CSV and Parquet

Exit status: 0 on success, 1 when the data has problems (all listed, each with file, line and column), 2 when the
database cannot be built or read for another reason. Environment: MENSENHANDEL_DB (database file) and
MENSENHANDEL_DATA (data folder) override the defaults.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import BuildError, build, check_data, data_path, db_path
from .export import export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Load data/ into the dashboard's DuckDB file.")
    parser.add_argument("command", nargs="?", default="build", choices=("build", "check", "export"))
    parser.add_argument("--data", type=Path, help="data folder (default: $MENSENHANDEL_DATA or data/)")
    parser.add_argument("--db", type=Path, help="database file (default: $MENSENHANDEL_DB or data/build/mensenhandel.duckdb)")
    parser.add_argument("--out", type=Path, default=Path("data/build/export"), help="export folder")
    args = parser.parse_args(argv)
    data_dir, db = args.data or data_path(), args.db or db_path()

    if args.command == "check":
        problems, warnings = check_data(data_dir, previous=db)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return _report_problems([str(p) for p in problems]) if problems else _ok(f"{data_dir}: no problems found")

    if args.command == "export":
        try:
            written = export(db, args.out)
        except FileNotFoundError:
            print(f"error: no database at {db}; build it first with: python -m etl", file=sys.stderr)
            return 2
        return _ok("\n".join(f"wrote {path}" for path in written))

    try:
        report = build(data_dir, db)
    except BuildError as exc:
        return _report_problems(exc.problems)
    except OSError as exc:
        print(f"error: cannot write the database {db}: {exc}. The previous database is unchanged.", file=sys.stderr)
        return 2
    return _ok("\n".join(report.lines()))


def _report_problems(problems: list[str]) -> int:
    print(f"The data has {len(problems)} problem(s); nothing was built, the previous database is unchanged:",
          file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def _ok(message: str) -> int:
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
