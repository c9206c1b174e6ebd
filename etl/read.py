"""Read the hand-edited CSV files in data/ into rows that remember their file and line.

Reading never judges the content: it decodes, splits and keeps every cell as text. What a spreadsheet round trip
produces is accepted here (a byte-order mark, Windows-1252, Excel's Dutch semicolon CSV); whether the cells make
sense is validate.py's job.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

TABLES = ("indicators", "sources", "figures", "targets", "notes")
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

    sheet.delimiter = _delimiter(text.splitlines()[0])
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


def read_data_dir(root: Path) -> dict[str, list[Sheet]]:
    """All sheets of data/, by table. figures/ may hold any number of CSV files; each other table is one file."""
    sheets: dict[str, list[Sheet]] = {}
    for table in TABLES:
        if table == "figures":
            paths = sorted((root / "figures").glob("*.csv"))
            single = root / "figures.csv"
            if single.exists():
                paths.insert(0, single)
        else:
            paths = [root / f"{table}.csv"]
        found = []
        for path in paths:
            if path.exists():
                found.append(read_sheet(path, root))
            else:
                found.append(Sheet(file=f"{root.name}/{path.relative_to(root).as_posix()}", error="is missing"))
        sheets[table] = found
    return sheets
