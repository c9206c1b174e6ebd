"""The documented views, on the fixture database built by the real ETL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.build import build


@pytest.fixture
def con(fixture_db_shared: Path):
    with duckdb.connect(str(fixture_db_shared), read_only=True) as connection:
        yield connection


def labour(con, sql: str, params=None) -> dict:
    rows = con.execute(sql, params or []).fetchall()
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in rows}


def test_figures_all_keeps_every_vintage_in_order(con) -> None:
    rows = con.execute("""SELECT period, vintage, vintages, value, status, is_first, is_latest, source_reference
                          FROM figures_all WHERE indicator = 'labour_investigations' ORDER BY period, vintage""").fetchall()
    assert rows == [
        ("2022", 1, 2, 15.0, "reported", True, False, "Nationaal Rapporteur, 18-10-2024"),
        ("2022", 2, 2, 28.0, "corrected", False, True, "Aanhangsel Handelingen, 2024Z16674"),
        ("2023", 1, 2, 8.0, "reported", True, False, "Nationaal Rapporteur, 18-10-2024"),
        ("2023", 2, 2, 21.0, "corrected", False, True, "Aanhangsel Handelingen, 2024Z16674"),
    ]


def test_vintages_numbered_by_publication_date_not_by_file_order(fixture_data: Path, tmp_path: Path) -> None:
    """The build numbers the versions once (figures.vintage, figures.vintages): by publication date, whatever file
    or line they are on, and the same as a window over the whole table would."""
    quote = "Zij stelt dat het aantal gestarte opsporingsonderzoeken naar arbeidsuitbuiting afnam van 15 in 2022 naar 8"
    (fixture_data / "figures" / "zz_later.csv").write_text(
        "indicator,period,breakdown,value,qualifier,low,high,status,published,source,quote,comment\n"
        f"labour_investigations,2022,arbeid,15,,,,reported,2024-11,nr-2024-10-18,{quote},\n"
        f"labour_investigations,2022,arbeid,8,,,,reported,2024-10-01,nr-2024-10-18,{quote},\n", encoding="utf-8")
    db = tmp_path / "vintages.duckdb"
    build(fixture_data, db, today=dt.date(2026, 11, 23))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT published, vintage, vintages FROM figures
                              WHERE indicator = 'labour_investigations' AND period = '2022' ORDER BY vintage""").fetchall()
        assert rows == [("2024-10-01", 1, 4), ("2024-10-18", 2, 4), ("2024-11", 3, 4), ("2024", 4, 4)]
        assert con.execute("""SELECT count(*) FROM (
            SELECT vintage, vintages,
                   row_number() OVER (PARTITION BY indicator, period, breakdown ORDER BY published_on, published) AS n,
                   count(*) OVER (PARTITION BY indicator, period, breakdown) AS of_n
            FROM figures) WHERE vintage <> n OR vintages <> of_n""").fetchone() == (0,)


def test_latest_and_first(con) -> None:
    sql = "SELECT period, value FROM {} WHERE indicator = 'labour_investigations'"
    assert labour(con, sql.format("figures_latest")) == {"2022": 28, "2023": 21}
    assert labour(con, sql.format("figures_first")) == {"2022": 15, "2023": 8}
    assert labour(con, "SELECT indicator, value FROM figures_latest WHERE period = '2023' AND breakdown = 'totaal'") == {
        "victims_registered_comensha": 868, "victims_estimated": 5000}


def test_as_known_on_a_date(con) -> None:
    sql = "SELECT period, value FROM figures_as_of(?) WHERE indicator = 'labour_investigations'"
    assert labour(con, sql, [dt.date(2024, 10, 17)]) == {}
    assert labour(con, sql, [dt.date(2024, 10, 20)]) == {"2022": 15, "2023": 8}
    # the correction carries only a year ("2024"): it counts as known from the end of that year
    assert labour(con, sql, [dt.date(2024, 12, 31)]) == {"2022": 28, "2023": 21}
    assert labour(con, sql, ["2026-01-01"]) == {"2022": 28, "2023": 21}


def test_revisions_show_first_latest_difference_and_note(con) -> None:
    rows = con.execute("""SELECT period, first_value, latest_value, difference, round(difference_pct, 1),
                                 first_source, latest_source, latest_status, note_nl, note_en
                          FROM revisions ORDER BY period""").fetchall()
    assert [r[:8] for r in rows] == [
        ("2022", 15, 28, 13, 86.7, "nr-2024-10-18", "ah-2024z16674", "corrected"),
        ("2023", 8, 21, 13, 162.5, "nr-2024-10-18", "ah-2024z16674", "corrected"),
    ]
    assert all("abusievelijk" in r[8] and "recounted" in r[9] for r in rows)


def test_notes_attach_to_their_periods_only(con) -> None:
    assert con.execute("SELECT count(*) FROM figure_notes WHERE note = 'ai-recount'").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM figure_notes WHERE indicator <> 'labour_investigations'").fetchone() == (0,)


def test_qualifier_and_units_travel_with_the_figure(con) -> None:
    assert con.execute("""SELECT value, qualifier, unit, status FROM figures_latest
                          WHERE indicator = 'victims_estimated'""").fetchone() == (5000, "about", "persons", "estimate")
    assert con.execute("""SELECT value, unit, period_kind, year FROM figures_latest
                          WHERE indicator = 'omm_budget'""").fetchone() == (2_300_000, "euros", "date", 2025)


def write_target_case(data: Path, figures: list[str], target: str) -> None:
    with open(data / "figures" / "figures.csv", "a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in figures)
    with open(data / "targets.csv", "a", encoding="utf-8") as handle:
        handle.write(target + "\n")


QUOTE = "Aantal verdachten van mensenhandel 190 205 240 170 187 220"


@pytest.mark.parametrize(("figures", "target", "status"), [
    (["police_suspects_to_om,2020,totaal,187,,,,reported,2021-05,mvt-2024," + QUOTE],   # the due year passed
     "t,police_suspects_to_om,totaal,190,at_least,2020,,,mvt-2024," + QUOTE + ",n,n", "missed"),
    (["police_suspects_to_om,2020,totaal,205,,,,reported,2021-05,mvt-2024," + QUOTE],
     "t,police_suspects_to_om,totaal,190,at_least,2020,,,mvt-2024," + QUOTE + ",n,n", "met"),
    ([], "t,police_suspects_to_om,totaal,190,at_least,2020,,,mvt-2024," + QUOTE + ",n,n", "no_data"),
    # before the due year: on the straight line from baseline 170 (2020) to 240 (2030), 2022 needs 184
    (["police_suspects_to_om,2022,totaal,187,,,,reported,2023-09,mvt-2024," + QUOTE],
     "t,police_suspects_to_om,totaal,240,at_least,2099,170,2020,mvt-2024," + QUOTE + ",n,n", "on_track"),
    (["police_suspects_to_om,2022,totaal,187,,,,reported,2023-09,mvt-2024," + QUOTE],
     "t,police_suspects_to_om,totaal,240,at_least,2099,187,2021,mvt-2024," + QUOTE + ",n,n", "off_track"),
])
def test_target_status_rule(fixture_data: Path, tmp_path: Path, figures, target, status) -> None:
    write_target_case(fixture_data, figures, target)
    db = tmp_path / "targets.duckdb"
    build(fixture_data, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM target_status WHERE id = 't'").fetchone() == (status,)


def test_a_reset_target_supersedes_the_earlier_one(fixture_data: Path, tmp_path: Path) -> None:
    write_target_case(fixture_data, [], "t-reset,police_suspects_to_om,totaal,240,at_least,2024,,,nr-2023-10-18,"
                                        "The target was reset to 240 (45%),n,n")
    db = tmp_path / "reset.duckdb"
    build(fixture_data, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = dict(con.execute("SELECT id, is_current FROM target_status ORDER BY id").fetchall())
    assert rows == {"t-reset": True, "va-suspects-2024": False}


def test_indicator_coverage(con) -> None:
    row = con.execute("""SELECT figures, revised_figures, first_year, last_year, breakdowns FROM indicator_coverage
                         WHERE indicator = 'labour_investigations'""").fetchone()
    assert row == (2, 2, 2022, 2023, ["arbeid"])


@pytest.mark.parametrize(("figure", "status"), [
    ("care_coordination_coverage,2023,totaal,100,,,,reported,2024-01,nr-2024-10-18,Dekking 100 procent", "met"),
    ("care_coordination_coverage,2023,totaal,90,,,,reported,2024-01,nr-2024-10-18,Dekking 90 procent", "off_track"),
    (None, "no_data"),
])
def test_target_without_due_year_rule(fixture_data: Path, tmp_path: Path, figure, status) -> None:
    with open(fixture_data / "indicators.csv", "a", encoding="utf-8") as handle:
        handle.write("care_coordination_coverage,Dekking,Coverage,percent,opvang,CoMensha,true,d,d\n")
    if figure:
        with open(fixture_data / "figures" / "figures.csv", "a", encoding="utf-8") as handle:
            handle.write(figure + ",\n")
    (fixture_data / "targets.csv").write_text(
        "id,indicator,breakdown,value,direction,due,baseline_value,baseline_period,source,quote,name_nl,name_en,"
        "interpretation_nl,interpretation_en\n"
        "t,care_coordination_coverage,totaal,100,at_least,,85,2019,nr-2024-10-18,een landelijk netwerk,"
        "n,n,alle 35: 100%,all 35: 100%\n", encoding="utf-8")
    db = tmp_path / "nodue.duckdb"
    build(fixture_data, db, today=dt.date(2026, 11, 30))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT due, status FROM target_status WHERE id = 't'").fetchone() == (None, status)
