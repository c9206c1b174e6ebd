"""Read the hand-edited CSV files in data/ into rows that remember their file and line.

Reading never judges the content: it decodes, splits and keeps every cell as text. What a spreadsheet round trip
produces is accepted here (a byte-order mark, Windows-1252, Excel's Dutch semicolon CSV); whether the cells make
sense is validate.py's job.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

TABLES = ("indicators", "sources", "figures", "targets", "notes", "figure_sources", "missing", "series_breaks")
# The vocabulary the figures are written in (etl/vocabulary.py): required files, checked before the catalogue.
VOCABULARY = ("units", "domains", "chain_steps", "breakdown_dimensions", "breakdowns", "series_colours")
OPTIONAL = ("figure_sources", "missing", "series_breaks")  # files that may be absent: no rows
EXTRA = "\x00extra"  # cell key that records surplus cells on a row


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()


@dataclass
class Sheet:
    """One CSV file as read: its header and rows, or the reason it could not be read."""

    file: str
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    delimiter: str = ","
    error: str | None = None
    table: str | None = None  # fast path: the rows are in this DuckDB table, cells c0..cN, rowid = record index

    @property
    def dutch_decimals(self) -> bool:
        """Excel in a Dutch locale saves semicolon-separated files with a decimal comma."""
        return self.delimiter == ";"


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1252 is what Excel on Windows saves otherwise."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _first_line(text: str) -> str:
    """text.splitlines()[0], without splitting the rest of a large file."""
    found = _LINE_BREAK.search(text)
    return text[:found.start()] if found else text


def read_sheet(path: Path, root: Path) -> Sheet:
    name = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
    sheet = Sheet(file=name)
    try:
        text = decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        sheet.error = f"cannot be decoded as UTF-8 or Windows-1252 ({exc.reason} at byte {exc.start}); save it as UTF-8"
        return sheet
    except OSError as exc:
        sheet.error = f"cannot be read: {exc.strerror}"
        return sheet
    if "\x00" in text:
        sheet.error = "contains NUL bytes: it is not a text CSV file (save it as CSV UTF-8)"
        return sheet
    if not text.strip():
        sheet.error = "is empty: it needs at least a header row"
        return sheet

    sheet.delimiter = _delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sheet.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        sheet.error = f"line 1: the header cannot be parsed ({exc})"
        return sheet
    sheet.header = [h.strip().lower() for h in header]
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            cells = dict(zip(sheet.header, record))
            if len(record) > len(sheet.header):
                cells[EXTRA] = str(len(record) - len(sheet.header))
            sheet.rows.append(Row(file=name, line=start, cells=cells))
    except csv.Error as exc:
        sheet.error = f"line {reader.line_num}: cannot be parsed as CSV ({exc}); check the quotes on that line"
    return sheet


def read_data_dir(root: Path, con: duckdb.DuckDBPyConnection | None = None, fast: bool = True) -> dict[str, list[Sheet]]:
    """All sheets of data/, by table. figures/ may hold any number of CSV files; each other table is one file.
    Given a connection, figure files go through read_figure_sheet (DuckDB's reader where it is exact)."""
    sheets: dict[str, list[Sheet]] = {}
    for table in TABLES + VOCABULARY:
        if table == "figures":
            paths = sorted((root / "figures").glob("*.csv"))
            single = root / "figures.csv"
            if single.exists():
                paths.insert(0, single)
        else:
            paths = [root / f"{table}.csv"]
        found: list[Sheet] = []
        for path in paths:
            if path.exists() and table == "figures" and con is not None:
                found.append(read_figure_sheet(path, root, con, f"figure_sheet_{len(found)}", fast))
            elif path.exists():
                found.append(read_sheet(path, root))
            elif table not in OPTIONAL:
                found.append(Sheet(file=f"{root.name}/{path.relative_to(root).as_posix()}", error="is missing"))
        sheets[table] = found
    return sheets


def read_figure_sheet(path: Path, root: Path, con: duckdb.DuckDBPyConnection, table: str, fast: bool = True) -> Sheet:
    """A figures file. When DuckDB's own CSV reader gives exactly the records read_sheet would, on the lines
    read_sheet would give them, the rows stay in DuckDB (sheet.table, line = record index + 2); otherwise they are
    read_sheet's rows. Both feed the same checks (validate.py), so both give the same problems."""
    if fast:
        sheet = _read_with_duckdb(path, root, con, table)
        if sheet is not None:
            return sheet
    return read_sheet(path, root)


def _read_with_duckdb(path: Path, root: Path, con: duckdb.DuckDBPyConnection, table: str) -> Sheet | None:
    """None unless the mapping record -> line is exact: valid UTF-8 (BOM allowed), no NUL, a one-line header, no
    line breaks inside cells, no blank lines, no lone carriage returns, and DuckDB's strict reader accepts it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")):
        return None
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    newline = body.find(b"\n")
    first = body[: newline if newline >= 0 else len(body)].decode("utf-8").removesuffix("\r")
    if _first_line(first) != first or not first.strip():
        return None
    delimiter = _delimiter(first)
    try:
        header = next(csv.reader([first], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None
    columns = {f"c{i}": "VARCHAR" for i in range(len(header))}
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT * FROM read_csv(?, delim = ?, quote = '"', escape = '"', header = true, columns = {columns},
                                   auto_detect = false, strict_mode = true, null_padding = false)""",
                    [str(path), delimiter])
        records = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    if lines != records + 1:
        con.execute(f"DROP TABLE {table}")
        return None
    name = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
    return Sheet(file=name, header=[h.strip().lower() for h in header], delimiter=delimiter, table=table)
