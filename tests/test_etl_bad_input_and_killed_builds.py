"""Bad input never costs data: every case ends in a correct load or a clear error, and the old build stays.

A named corpus of the mistakes analysts make in spreadsheets, property-based tests that throw arbitrary text at the
reader and validator, and a test that kills the ETL at random moments.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.__main__ import main
from etl.build import PROJECT, build, load
from etl.read import read_sheet
from etl.validate import parse_number
from tests.helpers import examples

FIGURES = Path("figures") / "figures.csv"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite(path: Path, transform: Callable[[str], str], encoding: str = "utf-8") -> None:
    path.write_bytes(transform(path.read_text(encoding="utf-8")).encode(encoding))


def edit_rows(path: Path, transform: Callable[[list[list[str]]], list[list[str]]], delimiter: str = ",",
              encoding: str = "utf-8") -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(transform(rows))
    path.write_bytes(out.getvalue().encode(encoding))


def set_value(indicator: str, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def transform(rows: list[list[str]]) -> list[list[str]]:
        col = rows[0].index("value")
        for row in rows[1:]:
            if row[0] == indicator:
                row[col] = value
        return rows
    return transform


# (name, mutation of the data folder, expected: "load" or a fragment of the error message)
CORPUS: list[tuple[str, Callable[[Path], None], str]] = [
    ("saved as cp1252", lambda d: rewrite(d / "sources.csv", lambda t: t, "cp1252"), "load"),
    ("saved with a BOM", lambda d: rewrite(d / FIGURES, lambda t: t, "utf-8-sig"), "load"),
    ("Excel NL: semicolons and decimal comma", lambda d: edit_rows(
        d / FIGURES, lambda rows: set_value("omm_budget", "2.300.000,00")(rows), delimiter=";", encoding="cp1252"),
     "load"),
    ("Windows line endings", lambda d: rewrite(d / "notes.csv", lambda t: t.replace("\n", "\r\n")), "load"),
    ("spaces around cells", lambda d: edit_rows(d / FIGURES, set_value("victims_registered_comensha", " 868 ")), "load"),
    ("blank lines between rows", lambda d: rewrite(d / FIGURES, lambda t: t.replace("\n", "\n\n", 2)), "load"),
    ("Dutch thousands separator in a comma file", lambda d: edit_rows(
        d / FIGURES, set_value("victims_registered_comensha", "1.234")), "1.234 is not a whole number"),
    ("currency and words", lambda d: edit_rows(d / FIGURES, set_value("omm_budget", "€ 2,3 miljoen")),
     "'€ 2,3 miljoen' is not a number"),
    ("ambiguous comma", lambda d: edit_rows(d / FIGURES, set_value("omm_budget", "2,300")), "'2,300' is not a number"),
    ("percentage written with a sign", lambda d: edit_rows(d / FIGURES, set_value("om_sepot_share", "45%")),
     "'45%' is not a number"),
    ("percentage over 100", lambda d: edit_rows(d / FIGURES, set_value("om_sepot_share", "145")), "over 100 percent"),
    ("negative count", lambda d: edit_rows(d / FIGURES, set_value("victims_registered_comensha", "-868")), "negative"),
    ("missing required column", lambda d: edit_rows(d / FIGURES, lambda rows: [r[:10] + r[11:] for r in rows]),
     "missing column(s) quote"),
    ("missing optional column", lambda d: edit_rows(d / FIGURES, lambda rows: [r[:-1] for r in rows]), "load"),
    ("extra column", lambda d: edit_rows(d / FIGURES, lambda rows: [r + ["x"] for r in rows]), "unknown column(s) x"),
    ("renamed column", lambda d: rewrite(d / FIGURES, lambda t: t.replace("published", "gepubliceerd", 1)),
     "missing column(s) published"),
    ("empty file", lambda d: (d / "targets.csv").write_bytes(b""), "data/targets.csv: is empty"),
    ("header-only figures", lambda d: edit_rows(d / FIGURES, lambda rows: rows[:1]), "has no figures"),
    ("duplicated key", lambda d: edit_rows(d / FIGURES, lambda rows: rows + [rows[1]]), "duplicates line 2"),
    ("same date, another value", lambda d: edit_rows(
        d / FIGURES, lambda rows: rows + [[rows[1][0], rows[1][1], rows[1][2], "8"] + rows[1][4:]]),
     "needs its own, later publication date"),
    ("unknown indicator", lambda d: rewrite(d / FIGURES, lambda t: t.replace("omm_budget,", "omm_budgt,")),
     "unknown indicator 'omm_budgt'"),
    ("unknown source", lambda d: rewrite(d / FIGURES, lambda t: t.replace("nr-2023-10-18", "nr-2023-10-19")),
     "unknown source 'nr-2023-10-19'"),
    ("impossible date", lambda d: rewrite(d / FIGURES, lambda t: t.replace("2023-10-18", "2023-02-30")),
     "'2023-02-30' is not a date"),
    ("unclosed quote", lambda d: rewrite(d / "notes.csv", lambda t: t + 'x,omm_budget,,,context,"open,\n'),
     "data/notes.csv"),
    ("control character", lambda d: rewrite(d / "sources.csv", lambda t: t.replace("Jaarcijfers", "Jaar\x07cijfers")),
     "control characters"),
    ("binary file", lambda d: (d / "notes.csv").write_bytes(b"\x00\x01\x02PK\x03\x04"), "NUL bytes"),
    ("notes file deleted", lambda d: (d / "notes.csv").unlink(), "data/notes.csv: is missing"),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_realistic_mistakes(name: str, mutate, expected: str, fixture_data: Path, fixture_db: Path, capsys) -> None:
    before = digest(fixture_db)
    mutate(fixture_data)
    code = main(["--data", str(fixture_data), "--db", str(fixture_db)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if expected == "load":
        assert code == 0, err
        with duckdb.connect(str(fixture_db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM figures").fetchone()[0] >= 8
            assert con.execute("SELECT value FROM figures_latest WHERE indicator = 'omm_budget'").fetchone() == (2_300_000,)
        return
    assert code == 1
    assert expected in err, err
    assert "data/" in err
    assert digest(fixture_db) == before
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        assert con.execute("SELECT value FROM figures_latest WHERE indicator = 'victims_registered_comensha'").fetchone() == (868,)


def test_very_large_file_loads(fixture_data: Path, tmp_path: Path) -> None:
    from bench.generate import generate

    data = generate(50_000, tmp_path / "big", base=fixture_data)
    report = build(data, tmp_path / "big.duckdb")
    assert report.counts["figures"] == 50_009   # the generated rows and the nine fixture figures


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(CELL, min_size=0, max_size=16))
def test_any_figure_row_gives_a_load_or_located_problems(cells: list[str], fixture_data: Path) -> None:
    path = fixture_data / FIGURES
    original = path.read_bytes()
    try:
        with open(path, "a", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(cells)
        tables, problems = load(fixture_data)
        for problem in problems:
            assert problem.file.startswith("data/")
            assert str(problem)
        if not problems:
            assert len(tables["figures"]) in (8, 9)
    finally:
        path.write_bytes(original)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_file_never_raise(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "data" / "notes.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw)
    sheet = read_sheet(path, tmp_path / "data")
    assert sheet.error is None or sheet.error


@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
@settings(deadline=None)   # the first example opens the check connection: >200 ms on a loaded, shared machine
def test_dutch_excel_numbers_round_trip(value) -> None:
    """What Excel in a Dutch locale writes (1.234.567,89) reads back as the same number."""
    whole, _, frac = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    assert parse_number(f"{grouped},{frac}", dutch=True) == pytest.approx(float(value))
    assert parse_number(f"{value:.2f}", dutch=False) == pytest.approx(float(value))


@pytest.mark.parametrize("kills", [5, pytest.param(50, marks=pytest.mark.stress)])
def test_killed_builds_leave_the_old_or_the_new_database(kills: int, fixture_data: Path, tmp_path: Path) -> None:
    """Kill the ETL at random moments, 5 times (50 in the stress tier): the file is always a whole build that opens
    and checks out."""
    db = tmp_path / "kill.duckdb"
    old = build(fixture_data, db).checksum
    rewrite(fixture_data / FIGURES, lambda t: t + (
        "victims_registered_comensha,2022,totaal,868,,,,reported,2025-04-15,ah-2024-2025-1651,"
        "stijgt tot 868 in 2023,kill test\n"))
    env = {**os.environ, "MENSENHANDEL_DATA": str(fixture_data), "MENSENHANDEL_DB": str(db)}
    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    for attempt in range(kills):
        proc = subprocess.Popen([sys.executable, "-m", "etl"], cwd=PROJECT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with duckdb.connect(str(db), read_only=True) as con:
            checksum, figures = con.execute("SELECT input_checksum, figures FROM build_info").fetchone()
            assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == figures
            assert con.execute("SELECT count(*) FROM figures_latest").fetchone()[0] > 0
        seen["old" if checksum == old else "new"] += 1
        assert figures == (9 if checksum == old else 10), attempt
    assert seen["old"] + seen["new"] == kills
    build(fixture_data, db)  # a later build cleans up what killed builds left
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kill")] == []
