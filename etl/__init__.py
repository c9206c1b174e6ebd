"""The write side: data/ -> validated rows -> one DuckDB file, built atomically (`python -m etl`).

What the read side may use is re-exported here, and only this (tests/test_structure.py holds the dashboard to it):
the dashboard builds a missing database with `build_database`, finds the file with `database_path` and refuses a file
of another `SCHEMA_VERSION` (the vocabulary, the order of domains and chain steps included, it reads from the
database). The modules behind
them (`etl.build`, `etl.validate`, …) are the ETL's own.
"""

from .build import SCHEMA_VERSION, BuildError
from .build import build as build_database
from .build import db_path as database_path

__all__ = ["SCHEMA_VERSION", "BuildError", "build_database", "database_path"]
