"""Check the rows read from data/ and turn them into typed records.

`validate(sheets)` never raises on bad data: it returns the typed tables and a list of every problem found, each
naming file, line and column, so that an analyst can fix all of them in one pass.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .read import EXTRA, Row, Sheet

UNITS = ("persons", "cases", "suspects", "investigations", "reports", "places", "days", "euros", "percent", "fte",
         "regions", "municipalities")
WHOLE_UNITS = {"persons", "cases", "suspects", "investigations", "reports", "places", "regions", "municipalities"}
DOMAINS = ("signalering", "opsporing", "vervolging", "berechting", "opvang", "schatting", "beleid")
STATUSES = ("reported", "provisional", "revised", "corrected", "estimate")
QUALIFIERS = ("about", "more_than", "at_least", "less_than")
DIRECTIONS = ("at_least", "at_most")
NOTE_KINDS = ("correction", "definition", "context")
SOURCE_KINDS = ("primary", "secondary")
BREAKDOWN_WORDS = ("totaal", "seksueel", "arbeid", "crimineel", "overig")
FIRST_YEAR, LAST_YEAR = 1990, 2100

COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # table: (required columns, optional columns)
    "indicators": (("id", "name_nl", "name_en", "unit", "domain", "organisation", "definition_nl", "definition_en"),
                   ("higher_is_better",)),
    "sources": (("id", "title", "organisation", "reference", "published", "kind"), ("url", "seed")),
    "figures": (("indicator", "period", "breakdown", "value", "status", "published", "source", "quote"),
                ("qualifier", "low", "high", "comment")),
    "targets": (("id", "indicator", "breakdown", "value", "direction", "due", "source", "quote", "name_nl", "name_en"),
                ("baseline_value", "baseline_period")),
    "notes": (("id", "indicator", "kind", "text_nl", "text_en", "source"), ("periods", "breakdown")),
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class Checker:
    """Collects problems while converting cells; every converter returns None for a bad cell."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, row: Row | Sheet, column: str | None, message: str) -> None:
        line = row.line if isinstance(row, Row) else None
        self.problems.append(Problem(row.file, line, column, message))

    def text(self, row: Row, column: str, required: bool = True) -> str | None:
        value = row.get(column)
        if not value:
            if required:
                self.add(row, column, "is empty; this column is required")
            return None
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            self.add(row, column, "contains control characters; retype the cell")
            return None
        return value

    def choice(self, row: Row, column: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(row, column, required)
        if value is None:
            return None
        if value not in allowed:
            self.add(row, column, f"'{value}' is not one of: {', '.join(allowed)}")
            return None
        return value

    def number(self, row: Row, column: str, dutch: bool, required: bool = True) -> float | None:
        raw = self.text(row, column, required)
        if raw is None:
            return None
        value = parse_number(raw, dutch)
        if value is None:
            self.add(row, column, f"'{raw}' is not a number: write it plain, e.g. 1711 or 2.3 or 2300000 "
                                  "(no currency signs, words or thousands separators)")
        return value

    def date(self, row: Row, column: str, required: bool = True) -> tuple[str, dt.date, dt.date] | None:
        raw = self.text(row, column, required)
        if raw is None:
            return None
        parsed = parse_date(raw)
        if parsed is None:
            self.add(row, column, f"'{raw}' is not a date: use YYYY-MM-DD, or YYYY-MM / YYYY when only that is known")
        return parsed


_PLAIN = re.compile(r"[+-]?(\d+(\.\d+)?|\.\d+)")
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_number(raw: str, dutch: bool) -> float | None:
    """A plain number; Dutch notation only where it cannot be misread.

    In a semicolon file (Excel, Dutch locale) the comma is the decimal separator and dots group thousands. In a comma
    file a decimal comma is accepted unless it could be a thousands separator ("2,3" yes, "1,234" no).
    """
    s = raw.strip().replace("\u00a0", "").replace(" ", "")
    if _PLAIN.fullmatch(s):
        if dutch and _DUTCH_GROUPED.fullmatch(s):
            return float(s.replace(".", ""))
        return float(s)
    if dutch and _DUTCH_GROUPED.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(s) and (dutch or len(s.split(",")[1]) != 3):
        return float(s.replace(",", "."))
    return None


def parse_date(raw: str) -> tuple[str, dt.date, dt.date] | None:
    """(text, first day, last day) of a date, month or year."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            day = dt.date.fromisoformat(raw)
            first = last = day
        elif re.fullmatch(r"\d{4}-\d{2}", raw):
            year, month = int(raw[:4]), int(raw[5:])
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
        elif re.fullmatch(r"\d{4}", raw):
            first, last = dt.date(int(raw), 1, 1), dt.date(int(raw), 12, 31)
        else:
            return None
    except ValueError:
        return None
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        return None
    return raw, first, last


def parse_period(raw: str) -> tuple[str, dt.date, dt.date] | None:
    """(kind, start, end) of a year `2023`, a month `2023-07`, a date `2025-04-15` or a span `2018-2019`."""
    if re.fullmatch(r"\d{4}", raw):
        year = int(raw)
        kind, start, end = "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif re.fullmatch(r"\d{4}-\d{4}", raw):
        first, last = int(raw[:4]), int(raw[5:])
        if last <= first:
            return None
        kind, start, end = "span", dt.date(first, 1, 1), dt.date(last, 12, 31)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            start = end = dt.date.fromisoformat(raw)
        except ValueError:
            return None
        kind = "date"
    elif re.fullmatch(r"\d{4}-\d{2}", raw):
        year, month = int(raw[:4]), int(raw[5:])
        if not 1 <= month <= 12:
            return None
        kind = "month"
        start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        return None
    if not (FIRST_YEAR <= start.year and end.year <= LAST_YEAR):
        return None
    return kind, start, end


def spellings(value: float) -> list[str]:
    """The ways a source may write a number: 1711, 1.711, 1,711, 1 711, 2,3, 2,3 miljoen."""
    out: list[str] = []
    if float(value).is_integer():
        n = int(value)
        grouped = f"{n:,}"
        out += [str(n), grouped, grouped.replace(",", "."), grouped.replace(",", " "), grouped.replace(",", "\u00a0")]
        for div, words in ((1e6, ("miljoen", "million", "mln")), (1e9, ("miljard", "billion"))):
            if n >= div and n % (div / 100) == 0:
                m = f"{n / div:g}"
                out += [f"{m} {w}" for w in words] + [f"{m.replace('.', ',')} {w}" for w in words]
    else:
        s = f"{value:g}"
        out += [s, s.replace(".", ",")]
    return out


NUMBER_WORDS = "een twee drie vier vijf zes zeven acht negen tien elf twaalf".split()


def quote_contains(quote: str, value: float) -> bool:
    q = quote.lower()
    for s in spellings(value):
        if re.search(r"(?<![\d.,])" + re.escape(s.lower()) + r"(?![\d]|[.,]\d)", q):
            return True
    if float(value).is_integer() and 1 <= value <= 12:
        return re.search(rf"\b{NUMBER_WORDS[int(value) - 1]}\b", q) is not None
    return False


def _columns(check: Checker, table: str, sheet: Sheet) -> bool:
    """True when the header has every required column and nothing unknown."""
    required, optional = COLUMNS[table]
    header = [h for h in sheet.header if h]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    dupes = sorted({c for c in header if header.count(c) > 1})
    ok = True
    if missing:
        check.add(sheet, None, f"line 1: missing column(s) {', '.join(missing)}; the header must name "
                               f"{', '.join(required)} (optional: {', '.join(optional)})")
        ok = False
    if unknown:
        check.add(sheet, None, f"line 1: unknown column(s) {', '.join(unknown)}; allowed are "
                               f"{', '.join(required + optional)} (a renamed or misspelt column?)")
        ok = False
    if dupes:
        check.add(sheet, None, f"line 1: column(s) named twice: {', '.join(dupes)}")
        ok = False
    return ok


def _rows(check: Checker, table: str, sheets: list[Sheet]) -> list[tuple[Sheet, Row]]:
    out = []
    for sheet in sheets:
        if sheet.error:
            check.add(sheet, None, sheet.error)
            continue
        if not _columns(check, table, sheet):
            continue
        for row in sheet.rows:
            extra = row.cells.get(EXTRA)
            if extra:
                check.add(row, None, f"has {extra} more cell(s) than the header has columns; "
                                     "a value with a comma must be in double quotes")
                continue
            out.append((sheet, row))
    return out


def _unique_ids(check: Checker, rows: list[tuple[Sheet, Row]]) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for _, row in rows:
        key = row.get("id")
        if not key:
            continue
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", key):
            check.add(row, "id", f"'{key}' is not a valid id: use lower-case letters, digits, '_', '-' and '.'")
        if key in seen:
            check.add(row, "id", f"'{key}' is already used on line {seen[key].line}")
        else:
            seen[key] = row
    return seen


def _boolean(check: Checker, row: Row, column: str) -> bool | None:
    raw = row.get(column).lower()
    if not raw:
        return None
    if raw in ("true", "ja", "yes", "1", "waar"):
        return True
    if raw in ("false", "nee", "no", "0", "onwaar"):
        return False
    check.add(row, column, f"'{row.get(column)}' is not true or false (leave it empty when neither)")
    return None


def validate(sheets: dict[str, list[Sheet]], today: dt.date | None = None) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    today = today or dt.date.today()
    check = Checker()
    rows = {table: _rows(check, table, sheets.get(table, [])) for table in COLUMNS}
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in COLUMNS}

    for table in ("indicators", "sources", "figures"):
        if not rows[table] and not any(s.error for s in sheets.get(table, [])):
            where = sheets[table][0] if sheets.get(table) else Sheet(file=f"data/{table}")
            check.add(where, None, f"has no {table}: at least one row is needed")

    indicator_rows = _unique_ids(check, rows["indicators"])
    source_rows = _unique_ids(check, rows["sources"])
    units: dict[str, str] = {}

    for _, row in rows["indicators"]:
        rec = {
            "id": check.text(row, "id"), "name_nl": check.text(row, "name_nl"), "name_en": check.text(row, "name_en"),
            "unit": check.choice(row, "unit", UNITS), "domain": check.choice(row, "domain", DOMAINS),
            "organisation": check.text(row, "organisation"), "higher_is_better": _boolean(check, row, "higher_is_better"),
            "definition_nl": check.text(row, "definition_nl"), "definition_en": check.text(row, "definition_en"),
            "file": row.file, "line": row.line,
        }
        if rec["id"] and rec["unit"]:
            units[rec["id"]] = rec["unit"]
        tables["indicators"].append(rec)

    for _, row in rows["sources"]:
        published = check.date(row, "published")
        if published and published[1] > today:
            check.add(row, "published", f"'{published[0]}' lies in the future")
        url = row.get("url")
        if url and not re.match(r"https?://|shared/seeds/", url):
            check.add(row, "url", f"'{url}' is not a link (http:// or https://)")
        tables["sources"].append({
            "id": check.text(row, "id"), "title": check.text(row, "title"),
            "organisation": check.text(row, "organisation"), "reference": check.text(row, "reference"),
            "published": published[0] if published else None,
            "published_on": published[2] if published else None,
            "url": url or None, "kind": check.choice(row, "kind", SOURCE_KINDS), "seed": row.get("seed") or None,
            "file": row.file, "line": row.line,
        })

    def reference(row: Row, column: str, known: dict[str, Row], what: str) -> str | None:
        key = check.text(row, column)
        if key and key not in known:
            check.add(row, column, f"unknown {what} '{key}': add it to data/{what}s.csv first")
            return None
        return key

    def breakdown(row: Row, column: str = "breakdown", required: bool = True) -> str | None:
        value = check.text(row, column, required)
        if value and value not in BREAKDOWN_WORDS and not re.fullmatch(r"[a-z_]+:[^:;]+", value):
            check.add(row, column, f"'{value}' is not a breakdown: use {', '.join(BREAKDOWN_WORDS)} "
                                   "or dimension:value (e.g. aanmelder:FairWork)")
            return None
        return value

    def bounds(row: Row, column: str, unit: str | None, value: float | None) -> None:
        if value is None or unit is None:
            return
        if value < 0:
            check.add(row, column, f"{value:g} is negative; counts and amounts cannot be")
        elif unit == "percent" and value > 100:
            check.add(row, column, f"{value:g} is over 100 percent")
        elif unit in WHOLE_UNITS and not float(value).is_integer():
            check.add(row, column, f"{value:g} is not a whole number, but {unit} are counted "
                                   "(a Dutch thousands separator? write 1234, not 1.234)")

    seen_figures: dict[tuple[str, str, str, str], tuple[Row, float | None]] = {}
    for sheet, row in rows["figures"]:
        indicator = reference(row, "indicator", indicator_rows, "indicator")
        unit = units.get(indicator or "")
        raw_period = check.text(row, "period")
        period = parse_period(raw_period) if raw_period else None
        if raw_period and period is None:
            check.add(row, "period", f"'{raw_period}' is not a period: use a year (2023), a month (2023-07), "
                                     "a date (2025-04-15) or a span of years (2018-2019)")
        value = check.number(row, "value", sheet.dutch_decimals)
        low = check.number(row, "low", sheet.dutch_decimals, required=False)
        high = check.number(row, "high", sheet.dutch_decimals, required=False)
        for column, number in (("value", value), ("low", low), ("high", high)):
            bounds(row, column, unit, number)
        if value is not None and ((low is not None and low > value) or (high is not None and high < value)):
            check.add(row, "value", f"{value:g} lies outside its range {low:g}–{high:g}" if low is not None and high is not None
                      else f"{value:g} lies outside its published range")
        status = check.choice(row, "status", STATUSES)
        published = check.date(row, "published")
        if published and published[1] > today:
            check.add(row, "published", f"'{published[0]}' lies in the future")
        if period and published and status != "estimate" and published[2] < period[1]:
            check.add(row, "published", f"'{published[0]}' lies before the period {raw_period} begins; "
                                        "a count cannot be published before the period it counts")
        quote = check.text(row, "quote")
        if quote and value is not None and not quote_contains(quote, value):
            check.add(row, "quote", f"does not contain the value {value:g}: the quote must be the source's own words "
                                    "including the number")
        key_parts = (indicator, raw_period, breakdown(row), published[0] if published else None)
        if all(key_parts):
            key = tuple(str(p) for p in key_parts)
            if key in seen_figures:
                first, first_value = seen_figures[key]
                where = f"{first.file} line {first.line}" if first.file != row.file else f"line {first.line}"
                if first_value == value:
                    check.add(row, None, f"duplicates {where}: the same figure, period, breakdown and publication "
                                         "date; keep one row")
                else:
                    check.add(row, "published", f"{where} has the same figure, period, breakdown and publication date "
                                                f"with value {first_value:g}: a different value is a new version and "
                                                "needs its own, later publication date")
            else:
                seen_figures[key] = (row, value)
        tables["figures"].append({
            "indicator": indicator, "period": raw_period,
            "period_kind": period[0] if period else None,
            "period_start": period[1] if period else None, "period_end": period[2] if period else None,
            "breakdown": key_parts[2], "value": value,
            "qualifier": check.choice(row, "qualifier", QUALIFIERS, required=False),
            "low": low, "high": high, "status": status,
            "published": published[0] if published else None, "published_on": published[2] if published else None,
            "source": reference(row, "source", source_rows, "source"), "quote": quote,
            "comment": row.get("comment") or None, "file": row.file, "line": row.line,
        })

    _unique_ids(check, rows["targets"])
    for sheet, row in rows["targets"]:
        indicator = reference(row, "indicator", indicator_rows, "indicator")
        unit = units.get(indicator or "")
        value = check.number(row, "value", sheet.dutch_decimals)
        baseline = check.number(row, "baseline_value", sheet.dutch_decimals, required=False)
        bounds(row, "value", unit, value)
        bounds(row, "baseline_value", unit, baseline)
        due = check.text(row, "due")
        if due and not (re.fullmatch(r"\d{4}", due) and FIRST_YEAR <= int(due) <= LAST_YEAR):
            check.add(row, "due", f"'{due}' is not a year")
            due = None
        baseline_period = check.text(row, "baseline_period", required=False)
        if baseline_period and not re.fullmatch(r"\d{4}", baseline_period):
            check.add(row, "baseline_period", f"'{baseline_period}' is not a year")
            baseline_period = None
        if bool(row.get("baseline_value")) != bool(row.get("baseline_period")):
            check.add(row, "baseline_value", "a baseline needs both baseline_value and baseline_period")
        if due and baseline_period and int(baseline_period) >= int(due):
            check.add(row, "baseline_period", f"{baseline_period} is not before the due year {due}")
        quote = check.text(row, "quote")
        if quote and value is not None and not quote_contains(quote, value):
            check.add(row, "quote", f"does not contain the target value {value:g}")
        tables["targets"].append({
            "id": check.text(row, "id"), "indicator": indicator, "breakdown": breakdown(row), "value": value,
            "direction": check.choice(row, "direction", DIRECTIONS), "due": int(due) if due else None,
            "baseline_value": baseline, "baseline_period": int(baseline_period) if baseline_period else None,
            "source": reference(row, "source", source_rows, "source"), "quote": quote,
            "name_nl": check.text(row, "name_nl"), "name_en": check.text(row, "name_en"),
            "file": row.file, "line": row.line,
        })

    _unique_ids(check, rows["notes"])
    for _, row in rows["notes"]:
        periods = [p.strip() for p in row.get("periods").split(";") if p.strip()]
        for p in periods:
            if parse_period(p) is None:
                check.add(row, "periods", f"'{p}' is not a period (separate several with ';')")
        tables["notes"].append({
            "id": check.text(row, "id"), "indicator": reference(row, "indicator", indicator_rows, "indicator"),
            "periods": periods, "breakdown": breakdown(row, required=False),
            "kind": check.choice(row, "kind", NOTE_KINDS), "text_nl": check.text(row, "text_nl"),
            "text_en": check.text(row, "text_en"), "source": reference(row, "source", source_rows, "source"),
            "file": row.file, "line": row.line,
        })

    return tables, check.problems
