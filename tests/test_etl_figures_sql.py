"""The figure checks run in DuckDB (etl/checks.sql, etl/figures.sql). These tests hold them to two things:

- both readers, DuckDB's CSV reader (fast path) and the Python reader (every other file), give the same problems
  for the same content;
- the SQL helpers behave as the original Python helpers did, kept below as the reference: the same numbers, dates,
  periods and quote matches for ASCII digits. (The one deliberate difference: numbers, dates and periods are written
  with ASCII digits 0-9; the Python reference also took other Unicode digits such as '٢٠٢٣'.)
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.read import read_data_dir
from etl.validate import check_all, connect, parse_date, parse_number, parse_period, quote_contains
from tests.helpers import examples

TODAY = dt.date(2026, 11, 23)
FIGURES = Path("figures") / "figures.csv"


def problems_via(data: Path, fast: bool) -> tuple[list[str], bool]:
    """The problems found in data/, reading the figure files with DuckDB (when exact) or always with Python."""
    with connect() as con:
        sheets = read_data_dir(data, con, fast=fast)
        used_duckdb = any(s.table for s in sheets["figures"])
        return [str(p) for p in check_all(sheets, con, TODAY)[1]], used_duckdb


BROKEN_ROWS = [
    ["labour_investigations", "2022", "arbeid", "15.5", "", "", "", "final", "2024-10-18", "nr-2024-10-18",
     "afnam van 15 in 2022", ""],                                              # whole number, status, quote
    ["labour_investigations", "2023-13", "Arbeid", "-3", "roughly", "5", "1", "reported", "2099-01-01", "nowhere",
     "daalde sterk", ""],                                                      # period, breakdown, range, future...
    ["no_such", " 2022 ", "arbeid", "€ 2,3 miljoen", "", "", "", "reported", "2021-05", "nr-2024-10-18", "x", ""],
    ["om_sepot_share", "2022", "totaal", "145", "", "", "", "reported", "2023-10-18", "nr-2023-10-18",
     "is still significant (145%)", ""],                                       # over 100 percent
    ["labour_investigations", "2022", "arbeid", "", "", "", "", "", "", "", "", ""],   # required cells
    ["labour_investigations", "2022", "arbeid", "1\x07", "", "", "", "reported", "2024-10-18", "nr-2024-10-18",
     "\x07", ""],                                                              # control characters
    ["labour_investigations", "2022", "arbeid", "8", "", "", "", "reported", "2024-10-18", "nr-2024-10-18",
     "afnam van 15 in 2022 naar 8 in 2023", ""],                               # same key, other value: conflict
    ["labour_investigations", "2022", "arbeid", "15", "", "", "", "reported", "2024-10-18", "nr-2024-10-18",
     "afnam van 15 in 2022", ""],                                              # exact duplicate of line 2
]


def test_the_same_broken_file_gives_the_same_problems_through_both_readers(fixture_data: Path) -> None:
    path = fixture_data / FIGURES
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1   # the line the broken rows start on
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(BROKEN_ROWS)
    fast, used_duckdb = problems_via(fixture_data, fast=True)
    slow, used_python_only = problems_via(fixture_data, fast=False)
    assert used_duckdb and not used_python_only
    assert fast == slow
    lines = {int(re.match(r"data/figures/figures.csv line (\d+)", p)[1]) for p in fast}
    assert lines == set(range(first, first + len(BROKEN_ROWS))), fast
    assert f"data/figures/figures.csv line {first}, column value: 15.5 is not a whole number, but investigations are " \
           "counted (a Dutch thousands separator? write 1234, not 1.234)" in fast
    assert f"data/figures/figures.csv line {first + 6}, column published: line 2 has the same figure, period, breakdown and " \
           "publication date with value 15: a different value is a new version and needs its own, later " \
           "publication date" in fast
    assert f"data/figures/figures.csv line {first + 7}: duplicates line 2: the same figure, period, breakdown and " \
           "publication date; keep one row" in fast
    assert f"data/figures/figures.csv line {first + 1}, column value: 1 lies outside its range 5–1" not in fast
    assert f"data/figures/figures.csv line {first + 1}, column value: -3 lies outside its range 5–1" in fast


@pytest.mark.parametrize(("name", "content", "fast"), [
    ("plain UTF-8", lambda t: t.encode("utf-8"), True),
    ("with a BOM", lambda t: t.encode("utf-8-sig"), True),
    ("Windows line endings", lambda t: t.replace("\n", "\r\n").encode("utf-8"), True),
    ("no newline at the end", lambda t: t.rstrip("\n").encode("utf-8"), True),
    ("Windows-1252", lambda t: (t + 'omm_budget,2024,totaal,1,,,,reported,2025-04-15,ah-2024-2025-1651,"1 – één",\n')
     .encode("cp1252"), False),
    ("blank lines", lambda t: t.replace("\n", "\n\n", 2).encode("utf-8"), False),
    ("a line break inside a quoted cell", lambda t: t.replace("Voor deze plekken", "Voor deze\nplekken").encode(), False),
    ("a lone carriage return", lambda t: t.replace("Voor deze plekken", "Voor deze\rplekken").encode(), False),
    ("an unclosed quote", lambda t: (t + 'omm_budget,2024,"totaal\n').encode(), False),
    ("a row with an extra cell", lambda t: (t + "a,b,c,d,e,f,g,h,i,j,k,l,m\n").encode(), False),
])
def test_fast_path_only_where_lines_are_exact(fixture_data: Path, name: str, content, fast: bool) -> None:
    path = fixture_data / FIGURES
    path.write_bytes(content(path.read_text(encoding="utf-8")))
    found, used_duckdb = problems_via(fixture_data, fast=True)
    assert used_duckdb is fast
    assert found == problems_via(fixture_data, fast=False)[0]


CSV_TEXT = st.lists(st.sampled_from(["a", "2022", ",", ";", '"', " ", "\n", "\r\n", "\r", "15", "\u00a0", "é", "\x07",
                                     "labour_investigations", "arbeid", "reported", "2024-10-18", "nr-2024-10-18"]),
                    max_size=40).map("".join)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=CSV_TEXT)
def test_both_readers_agree_on_any_text(tail: str, fixture_data: Path) -> None:
    """Whatever follows the header, both readers give the same problems (or the fast path steps aside)."""
    path = fixture_data / FIGURES
    original = path.read_bytes()
    try:
        path.write_bytes(original + tail.encode("utf-8"))
        assert problems_via(fixture_data, fast=True)[0] == problems_via(fixture_data, fast=False)[0]
    finally:
        path.write_bytes(original)


# --- The Python helpers as they were before the checks moved to SQL: the reference the SQL is held to. ---

_PLAIN = re.compile(r"[+-]?(\d+(\.\d+)?|\.\d+)", re.ASCII)
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)


def reference_parse_number(raw: str, dutch: bool) -> float | None:
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


def reference_parse_date(raw: str):
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
            first = last = dt.date.fromisoformat(raw)
        elif re.fullmatch(r"\d{4}-\d{2}", raw, re.ASCII):
            year, month = int(raw[:4]), int(raw[5:])
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
        elif re.fullmatch(r"\d{4}", raw, re.ASCII):
            first, last = dt.date(int(raw), 1, 1), dt.date(int(raw), 12, 31)
        else:
            return None
    except ValueError:
        return None
    return (raw, first, last) if 1990 <= first.year <= 2100 else None


def reference_parse_period(raw: str):
    try:
        if re.fullmatch(r"\d{4}", raw, re.ASCII):
            kind, start, end = "year", dt.date(int(raw), 1, 1), dt.date(int(raw), 12, 31)
        elif re.fullmatch(r"\d{4}-\d{4}", raw, re.ASCII):
            first, last = int(raw[:4]), int(raw[5:])
            if last <= first:
                return None
            kind, start, end = "span", dt.date(first, 1, 1), dt.date(last, 12, 31)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
            start = end = dt.date.fromisoformat(raw)
            kind = "date"
        elif re.fullmatch(r"\d{4}-\d{2}", raw, re.ASCII):
            year, month = int(raw[:4]), int(raw[5:])
            if not 1 <= month <= 12:
                return None
            kind = "month"
            start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            return None
    except ValueError:  # year 0: the reference raised here
        return None
    return (kind, start, end) if start.year >= 1990 and end.year <= 2100 else None


def reference_spellings(value: float) -> list[str]:
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


NUMBER_WORDS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"]


def reference_quote_contains(quote: str, value: float) -> bool:
    q = quote.lower()
    for s in reference_spellings(value):
        if re.search(r"(?<![\d.,])" + re.escape(s.lower()) + r"(?![\d]|[.,]\d)", q):
            return True
    if float(value).is_integer() and 1 <= value <= 12:
        return re.search(rf"\b{NUMBER_WORDS[int(value) - 1]}\b", q) is not None
    return False


NUMBERS = ["1711", "2.3", "2,3", "1,234", "1.234", "1.234,5", "1.234.567,89", "€ 2,3 miljoen", "", "12abc", " 868 ",
           "+5", "-3", ".5", "-.5", "5.", "0001.5", "1 711", "1\u00a0711", "2,300", "2,30", "1" + "0" * 400, "١٢",
           "1e5", "0x10", "1_000", "--1", "1.2.3", "12,345,678"]


@pytest.mark.parametrize("raw", NUMBERS)
@pytest.mark.parametrize("dutch", [False, True])
def test_sql_parse_number_agrees_with_the_reference(raw: str, dutch: bool) -> None:
    assert parse_number(raw, dutch) == reference_parse_number(raw, dutch)


DATES = ["2024", "2024-10", "2024-10-18", "2024-13-01", "2023-02-30", "2024-02", "2024-00", "1989", "2100-12-31",
         "2101", "0000", "0000-01", "24-10-18", "2024/10/18", "2024-1-8", "20241018", "2024-10-18T00:00", "٢٠٢٣",
         "2018-2019", "2019-2018", "2020-2020", "1850", "2025-04-15", "2023-07", "2099-2101", "0000-0001"]


@pytest.mark.parametrize("raw", DATES)
def test_sql_dates_and_periods_agree_with_the_reference(raw: str) -> None:
    assert parse_date(raw) == reference_parse_date(raw)
    assert parse_period(raw) == reference_parse_period(raw)


QUOTES = [
    ("stijgt tot 868 in 2023", 868), ("registrations 2012: more than 1,700", 1700), ("ruim 1.700 slachtoffers", 1700),
    ("Voor deze plekken is 2,3 miljoen euro beschikbaar.", 2_300_000), ("staan vijf mensen op de wachtlijst", 5),
    ("afnam van 15 in 2022", 1), ("afnam van 15 in 2022", 5), ("een kwart van het totale aantal", 25),
    ("in 2015 en 15", 15), ("1111 111 111", 111_111), ("1.5 of 1,5", 1.5), ("tussen 15.5 en 16", 15.5),
    ("15.", 15), ("15,a", 15), ("15,5", 15), ("x15", 15), ("-3 graden", -3), ("VIJF", 5), ("vijfde", 5),
    ("2.3 MILJOEN", 2_300_000), ("1 711 zaken", 1711), ("1\u00a0711 zaken", 1711), ("één", 1), ("x١5", 5),
    ("twaalf", 12), ("tien", 10), ("2,3 mln", 2_300_000), ("1,2 miljard", 1_200_000_000), ("1e+06", 1e6),
    ("0.0001", 0.0001), ("1e-05", 0.00001), ("de 45%", 45), ("5\n", 5), ("a\n5", 5), ("MİLJOEN", 1e6),
]


@pytest.mark.parametrize(("quote", "value"), QUOTES)
def test_sql_quote_contains_agrees_with_the_reference(quote: str, value: float) -> None:
    assert quote_contains(quote, value) is reference_quote_contains(quote, value)


@given(value=st.one_of(st.integers(min_value=-10**12, max_value=10**12).map(float),
                       st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)),
       before=st.sampled_from(["", "x ", "1", ".", ",", "de ", "-"]),
       after=st.sampled_from(["", " x", "1", ".", ".5", ",", ",5", "%", " miljoen"]),
       form=st.integers(min_value=0, max_value=9))
@settings(deadline=None)   # a correctness check: one example may take >200 ms on a loaded, shared machine
def test_sql_quote_contains_agrees_on_generated_quotes(value: float, before: str, after: str, form: int) -> None:
    spellings = reference_spellings(value)
    quote = before + spellings[form % len(spellings)] + after
    assert quote_contains(quote, value) is reference_quote_contains(quote, value)


def test_sql_strips_what_python_strips() -> None:
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    with connect() as con:
        assert con.execute("SELECT cell(?), cell(?)", [spaces + "x" + spaces, "a" + spaces + "b"]).fetchone() == (
            "x", "a" + spaces + "b")
