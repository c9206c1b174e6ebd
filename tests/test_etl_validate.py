"""Every kind of validation error is reported with file, line and column, all at once, and nothing is built."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.build import load, problems_in
from etl.validate import parse_number, parse_period, quote_contains

QUOTE_2022 = "Zij stelt dat het aantal gestarte opsporingsonderzoeken naar arbeidsuitbuiting afnam van 15 in 2022 naar 8 in 2023."


def rows_of(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> None:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Change one cell; `line` counts like an editor does (the header is line 1)."""
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write(path, rows)


def problems(data: Path) -> list[str]:
    _, found = load(data, today=dt.date(2026, 11, 23))
    return [str(p) for p in found]


def test_fixture_data_is_clean(fixture_data: Path) -> None:
    assert problems(fixture_data) == []


@pytest.mark.parametrize(("column", "value", "message"), [
    ("value", "€ 2,3 miljoen", "'€ 2,3 miljoen' is not a number"),
    ("value", "-3", "-3 is negative"),
    ("value", "15.5", "15.5 is not a whole number, but investigations are counted"),
    ("status", "final", "'final' is not one of: reported, provisional, revised, corrected, estimate"),
    ("indicator", "no_such_thing", "unknown indicator 'no_such_thing'"),
    ("source", "nowhere", "unknown source 'nowhere'"),
    ("period", "2023-02-30", "'2023-02-30' is not a period"),
    ("period", "20223", "'20223' is not a period"),
    ("published", "2024-13-01", "'2024-13-01' is not a date"),
    ("published", "2099-01-01", "'2099-01-01' lies in the future"),
    ("published", "2021-05-01", "lies before the period 2022 begins"),
    ("breakdown", "Seksueel en arbeid", "is not a breakdown"),
    ("quote", "Het aantal onderzoeken daalde sterk.", "does not contain the value 15"),
    ("qualifier", "roughly", "'roughly' is not one of: about, more_than, at_least, less_than"),
    ("source", "", "column source: is empty; this column is required"),
])
def test_bad_cell_is_reported_with_file_line_and_column(fixture_data: Path, column: str, value: str, message: str) -> None:
    set_cell(fixture_data / "figures" / "figures.csv", 2, column, value)
    found = problems(fixture_data)
    assert any(p.startswith("data/figures/figures.csv line 2") and message in p for p in found), found


def test_percent_over_100_is_rejected(fixture_data: Path) -> None:
    path = fixture_data / "figures" / "figures.csv"
    line = next(i for i, r in enumerate(rows_of(path), 1) if r[0] == "om_sepot_share")
    set_cell(path, line, "value", "145")
    assert any(f"line {line}, column value: 145 is over 100 percent" in p for p in problems(fixture_data))


def test_all_problems_are_reported_at_once(fixture_data: Path) -> None:
    path = fixture_data / "figures" / "figures.csv"
    set_cell(path, 2, "value", "veel")
    set_cell(path, 3, "status", "final")
    set_cell(fixture_data / "indicators.csv", 2, "unit", "people")
    found = problems(fixture_data)
    assert any("figures.csv line 2, column value" in p for p in found)
    assert any("figures.csv line 3, column status" in p for p in found)
    assert any("indicators.csv line 2, column unit: 'people' is not one of" in p for p in found)


def test_same_figure_and_date_with_another_value_is_a_conflict(fixture_data: Path) -> None:
    path = fixture_data / "figures" / "figures.csv"
    rows = rows_of(path)
    copy = list(rows[1])
    copy[rows[0].index("value")] = "8"  # the quote also holds 8, so only the conflict remains
    write(path, rows + [copy])
    found = problems(fixture_data)
    assert any(f"line {len(rows) + 1}, column published: line 2 has the same figure" in p and "value 15" in p
               for p in found), found


def test_exact_duplicate_row_is_reported(fixture_data: Path) -> None:
    path = fixture_data / "figures" / "figures.csv"
    rows = rows_of(path)
    write(path, rows + [rows[1]])
    assert any(f"line {len(rows) + 1}: duplicates line 2" in p for p in problems(fixture_data))


def test_duplicate_indicator_id(fixture_data: Path) -> None:
    path = fixture_data / "indicators.csv"
    rows = rows_of(path)
    write(path, rows + [rows[1]])
    assert any(f"indicators.csv line {len(rows) + 1}, column id: 'labour_investigations' is already used on line 2" in p
               for p in problems(fixture_data))


def test_missing_and_unknown_columns(fixture_data: Path) -> None:
    path = fixture_data / "sources.csv"
    rows = rows_of(path)
    rows[0][rows[0].index("reference")] = "referentie"
    write(path, rows)
    found = problems(fixture_data)
    assert any("sources.csv: line 1: missing column(s) reference" in p for p in found), found
    assert any("unknown column(s) referentie" in p for p in found), found


def test_row_with_more_cells_than_header(fixture_data: Path) -> None:
    path = fixture_data / "notes.csv"
    rows = rows_of(path)
    rows[1].append("stray")
    write(path, rows)
    assert any("notes.csv line 2: has 1 more cell(s) than the header" in p for p in problems(fixture_data))


def test_empty_and_header_only_and_missing_files(fixture_data: Path) -> None:
    (fixture_data / "indicators.csv").write_bytes(b"")
    header = rows_of(fixture_data / "sources.csv")[0]
    write(fixture_data / "sources.csv", [header])
    (fixture_data / "notes.csv").unlink()
    found = problems(fixture_data)
    assert "data/indicators.csv: is empty: it needs at least a header row" in found
    assert "data/sources.csv: has no sources: at least one row is needed" in found
    assert "data/notes.csv: is missing" in found


def test_unbalanced_quote_names_the_line(fixture_data: Path) -> None:
    path = fixture_data / "notes.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'x,labour_investigations,,,"context,broken\n', encoding="utf-8")
    found = problems(fixture_data)
    assert any(p.startswith("data/notes.csv") for p in found), found


def test_cp1252_bom_and_dutch_excel_files_load(fixture_data: Path) -> None:
    """A spreadsheet round trip must load: Windows-1252, a BOM, and Excel's Dutch semicolon CSV with decimal comma."""
    indicators = rows_of(fixture_data / "indicators.csv")
    write(fixture_data / "indicators.csv", indicators, encoding="cp1252")
    sources = rows_of(fixture_data / "sources.csv")
    write(fixture_data / "sources.csv", sources, encoding="utf-8-sig")
    figures = rows_of(fixture_data / "figures" / "figures.csv")
    value = figures[0].index("value")
    for row in figures[1:]:
        if row[0] == "omm_budget":
            row[value] = "2.300.000"
    write(fixture_data / "figures" / "figures.csv", figures, encoding="cp1252", delimiter=";")
    tables, found = load(fixture_data, today=dt.date(2026, 11, 23))
    assert found == []
    assert {r["value"] for r in tables["figures"] if r["indicator"] == "omm_budget"} == {2_300_000}
    assert any("–" in r["reference"] for r in tables["sources"])  # the en dash survived cp1252


@pytest.mark.parametrize(("raw", "dutch", "expected"), [
    ("1711", False, 1711), ("2.3", False, 2.3), ("2,3", False, 2.3), ("1,234", False, None),
    ("1.234", True, 1234), ("1.234,5", True, 1234.5), ("2,3", True, 2.3), ("€ 2,3 miljoen", True, None),
    ("", False, None), ("12abc", False, None),
])
def test_parse_number(raw: str, dutch: bool, expected: float | None) -> None:
    assert parse_number(raw, dutch) == expected


def test_parse_period() -> None:
    assert parse_period("2023")[0] == "year"
    assert parse_period("2018-2019") == ("span", dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert parse_period("2025-04-15")[0] == "date"
    assert parse_period("2019-2018") is None
    assert parse_period("1850") is None


@pytest.mark.parametrize(("quote", "value", "ok"), [
    ("stijgt tot 868 in 2023", 868, True),
    ("registrations 2012: more than 1,700", 1700, True),
    ("ruim 1.700 slachtoffers", 1700, True),
    ("Voor deze plekken is 2,3 miljoen euro beschikbaar.", 2_300_000, True),
    ("staan vijf mensen op de wachtlijst", 5, True),
    ("afnam van 15 in 2022", 1, False),
    ("afnam van 15 in 2022", 5, False),
    ("een kwart van het totale aantal", 25, False),
])
def test_quote_contains(quote: str, value: float, ok: bool) -> None:
    assert quote_contains(quote, value) is ok


def test_cli_check_exits_non_zero_and_lists_problems(fixture_data: Path, capsys: pytest.CaptureFixture) -> None:
    set_cell(fixture_data / "figures" / "figures.csv", 2, "value", "veel")
    assert main(["check", "--data", str(fixture_data)]) == 1
    err = capsys.readouterr().err
    assert "1 problem(s)" in err
    assert "data/figures/figures.csv line 2, column value: 'veel' is not a number" in err


def test_target_without_number_needs_an_interpretation(fixture_data: Path) -> None:
    path = fixture_data / "targets.csv"
    rows = rows_of(path)
    rows[0] += ["interpretation_nl", "interpretation_en"]
    rows[1] += ["", ""]
    rows[1][rows[0].index("quote")] = "er moet een landelijk netwerk van zorgcoördinatie gecreëerd worden"
    write(path, rows)
    assert any("targets.csv line 2, column quote: does not contain the target value 220" in p for p in problems(fixture_data))
    rows[1][-2:] = ["Landelijk: alle 220.", "National: all 220."]
    write(path, rows)
    assert problems(fixture_data) == []
    rows[1][-1] = ""
    write(path, rows)
    assert any("needs both interpretation_nl and interpretation_en" in p for p in problems(fixture_data))


# --- figure_sources.csv and missing.csv: validated with file, line and column ----------------------------------------

FS_HEADER = "indicator,period,breakdown,published,source,quote,comment\n"
QUOTE_15 = "Zij stelt dat het aantal gestarte opsporingsonderzoeken naar arbeidsuitbuiting afnam van 15 in 2022 naar 8"


def test_figure_sources_are_checked(fixture_data: Path) -> None:
    (fixture_data / "figure_sources.csv").write_text(FS_HEADER + "".join([
        f"labour_investigations,2022,arbeid,2024-10-18,ah-2024z16674,{QUOTE_15},ok\n",           # line 2: fine
        f"labour_investigations,2022,arbeid,2024-10-19,ah-2024z16674,{QUOTE_15},\n",             # 3: no such version
        "labour_investigations,2022,arbeid,2024-10-18,ah-2024z16674,Het waren er zestien,\n",    # 4: no value
        f"labour_investigations,2022,arbeid,2024-10-18,nr-2024-10-18,{QUOTE_15},\n",             # 5: its own source
        f"labour_investigations,2022,arbeid,2024-10-18,nope,{QUOTE_15},\n",                      # 6: unknown source
        f"labour_investigations,2022,arbeid,2024-10-18,ah-2024z16674,{QUOTE_15},again\n",        # 7: duplicate of 2
    ]), encoding="utf-8")
    found = [str(p) for p in problems_in(fixture_data)]
    fs = [p for p in found if p.startswith("data/figure_sources.csv")]
    assert any(p.startswith("data/figure_sources.csv line 3, column published: no figure labour_investigations")
               for p in fs), fs
    assert any(p.startswith("data/figure_sources.csv line 4, column quote: does not contain the value 15") for p in fs)
    assert any(p.startswith("data/figure_sources.csv line 5, column source: 'nr-2024-10-18' is already") for p in fs)
    assert any(p.startswith("data/figure_sources.csv line 6, column source: unknown source 'nope'") for p in fs)
    assert any(p.startswith("data/figure_sources.csv line 7, column source: duplicates line 2") for p in fs)
    assert not any(" line 2," in p for p in fs)


def test_a_further_source_published_earlier_is_rejected(fixture_data: Path) -> None:
    """An earlier document is the first publication: it must be the figure's own source, not a further one."""
    with open(fixture_data / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("early,Vroeg,NOS,\"NOS, 2024-10-01\",2024-10-01,https://nos.nl/,secondary,\n")
    (fixture_data / "figure_sources.csv").write_text(
        FS_HEADER + f"labour_investigations,2022,arbeid,2024-10-18,early,{QUOTE_15},\n", encoding="utf-8")
    found = [str(p) for p in problems_in(fixture_data)]
    assert any(p.startswith("data/figure_sources.csv line 2, column source: 'early' was published before") for p in found)


def test_missing_csv_is_checked(fixture_data: Path) -> None:
    (fixture_data / "missing.csv").write_text(
        "indicator,period,reason,note_nl,note_en\n"
        "labour_investigations,2021,not_published,n,n\n"     # 2: fine
        "labour_investigations,2022,not_found,n,n\n"         # 3: the year has a figure
        "labour_investigations,2021-2022,not_found,n,n\n"    # 4: not a year
        "labour_investigations,2020,lost,n,n\n"              # 5: unknown reason
        "nope,2020,not_found,n,n\n", encoding="utf-8")       # 6: unknown indicator
    found = [str(p) for p in problems_in(fixture_data) if str(p).startswith("data/missing.csv")]
    assert [p.split(":")[0] for p in found] == [
        "data/missing.csv line 3, column period", "data/missing.csv line 4, column period",
        "data/missing.csv line 5, column reason", "data/missing.csv line 6, column indicator"]
