"""Doelen: a target no document confirms is judged nothing against; a count part-way through the due year is partial;
no data says why (data/missing.csv). Real rows: FairWork's 13 trainings by 13 November 2019 against 18 in 2019; the
Veiligheidsagenda's 205 OM suspects in 2021 (no figure found) and 240 in 2022 (unconfirmed in this fixture)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from bases_data import add_bases_rows

from etl.build import build, problems_in


@pytest.fixture
def bases_data(fixture_data: Path) -> Path:
    return add_bases_rows(fixture_data)


@pytest.fixture
def bases_db(tmp_path: Path, bases_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "build" / "bases.duckdb"
    build(bases_data, db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    return db


def _status(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT id, status, first_status, actual_value, CAST(partial_end AS VARCHAR), "
                           "missing_reason, standing FROM target_status").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_count_part_way_through_the_due_year_is_partial_never_met_or_missed(bases_db: Path) -> None:
    assert _status(bases_db)["fairwork-trainings-2019"] == ("partial", "partial", 13, "2019-11-13", None, "set")


def test_an_unconfirmed_target_is_judged_nothing_against(bases_db: Path) -> None:
    assert _status(bases_db)["va-suspects-om-2022"][:2] == ("unconfirmed", "unconfirmed")


def test_no_data_carries_its_reason_from_missing_csv(bases_db: Path) -> None:
    assert _status(bases_db)["va-suspects-om-2021"][:2] + _status(bases_db)["va-suspects-om-2021"][4:5] == (
        "no_data", "no_data", "not_found")


def test_doelen_says_partial_up_to_the_date_why_no_data_and_why_unconfirmed(bases_db: Path) -> None:
    from dashboard import views

    for language, partial, no_data, unconfirmed, why in (
            ("nl", "deels: tot 13-11-2019", "geen cijfer voor 2021 (niet gevonden in een openbare bron)", "onbevestigd",
             "geen beleidsstuk bevestigt dit doel"),
            ("en", "partial: up to 13-11-2019", "no figure for 2021 (not found in a public source)", "unconfirmed",
             "no policy document confirms this target")):
        result = views.charts_of("doelen", {"replaced": False, "ind": "fairwork_trainings_municipalities"}, language)
        table = result.table
        status = dict(zip(result.download["id"], table.iloc[:, 4]))
        assert status["fairwork-trainings-2019"] == partial
        assert status["va-suspects-om-2021"] == no_data
        assert status["va-suspects-om-2022"] == unconfirmed
        interpretation = dict(zip(result.download["id"], table.iloc[:, -1]))
        assert why in interpretation["va-suspects-om-2022"]
        # an unconfirmed target gets no progress bar: nothing is judged against it
        progress = result.progress.data.set_index("id")
        assert progress.loc["va-suspects-om-2022", "y"] != progress.loc["va-suspects-om-2022", "y"]   # NaN
        assert progress.loc["fairwork-trainings-2019", "y"] == pytest.approx(13 / 18 * 100)
        assert progress.loc["va-suspects-om-2022", "text"] == unconfirmed
        assert progress.loc["va-suspects-om-2021", "text"] == no_data


def test_standing_is_validated(bases_data: Path) -> None:
    path = bases_data / "targets.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    line = 2 + [r["id"] for r in rows].index("va-suspects-om-2022")

    def write(**changes: str) -> list[str]:
        changed = [dict(r, **changes) if r["id"] == "va-suspects-om-2022" else r for r in rows]
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(changed)
        return [str(p) for p in problems_in(bases_data)]

    found = write(standing="onzeker")
    assert found == [f"data/targets.csv line {line}, column standing: 'onzeker' is not one of: set, unconfirmed"]
    found = write(interpretation_nl="", interpretation_en="")
    assert found == [(f"data/targets.csv line {line}, column standing: an unconfirmed target needs interpretation_nl "
                     "and interpretation_en saying why no document confirms it")]
