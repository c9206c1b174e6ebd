"""Where an indicator appears is written in data/indicators.csv: the read side follows the columns, never the id.

The catalogue columns are checked by the ETL (file, line and column for every problem), and the pages place each
indicator exactly where its row says: a new indicator with chain_step = suspects is in the chain, one whose id merely
says "suspects" is not.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from dashboard import catalogue, queries, views
from etl.build import build, load

NEW_QUOTE = "In 2023 zijn 77 verdachten van mensenhandel door de Marechaussee aangehouden."


def _edit_indicators(data: Path, rows: list[dict[str, str]] | None = None, **changes: dict[str, str]) -> None:
    """Change cells of indicators by id (`changes`), and append new rows."""
    path = data / "indicators.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, existing = reader.fieldnames, list(reader)
    for row in existing:
        row.update(changes.get(row["id"], {}))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(existing + [{f: r.get(f, "") for f in fields} for r in rows or []])


def _new_indicator(data: Path, ident: str, unit: str = "suspects", **placement: str) -> None:
    """An indicator counted by the Royal Military Police, with one figure for 2023."""
    _edit_indicators(data, [dict(id=ident, name_nl="Aangehouden verdachten (KMar)", name_en="Arrested suspects (KMar)",
                                 unit=unit, domain="opsporing", organisation="KMar",
                                 definition_nl="Door de KMar aangehouden verdachten.",
                                 definition_en="Suspects arrested by the KMar.", **placement)])
    with open(data / "figures" / "figures.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([ident, "2023", "totaal", "77", "", "", "", "reported", "2024-10-18",
                                     "nr-2024-10-18", NEW_QUOTE, ""])


def _problems(data: Path) -> list[str]:
    return [str(p) for p in load(data, today=dt.date(2026, 11, 23))[1]]


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch):
    def use(db: Path) -> None:
        monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    return use


def _chain_indicators(language: str = "en") -> list[str]:
    page, values, _ = views.parse("strafrechtketen")
    table = views.charts_of(page, values, language).table
    return table["Indicator"].tolist()


# --- The placements of the shipped catalogue -------------------------------------------------------------------------


# --- A new indicator goes where its row says -------------------------------------------------------------------------

def test_new_indicator_with_chain_step_appears_in_the_chain(fixture_data: Path, tmp_path: Path, use_db) -> None:
    _new_indicator(fixture_data, "kmar_arrests", chain_step="suspects")
    db = tmp_path / "with.duckdb"
    build(fixture_data, db)
    use_db(db)
    assert "kmar_arrests" in dict(catalogue.chain_steps(queries.catalogue()))["suspects"]
    assert "Arrested suspects (KMar)" in _chain_indicators()


def test_id_saying_suspects_without_chain_step_stays_out(fixture_data: Path, tmp_path: Path, use_db) -> None:
    _new_indicator(fixture_data, "kmar_suspects_investigations_sepot")
    db = tmp_path / "without.duckdb"
    build(fixture_data, db)
    use_db(db)
    cat = queries.catalogue()
    assert all("kmar_suspects_investigations_sepot" not in ids for _, ids in catalogue.chain_steps(cat))
    assert "Arrested suspects (KMar)" not in _chain_indicators()
    assert "kmar_suspects_investigations_sepot" not in catalogue.headline_ids(cat)


def test_same_measures_other_organisation_becomes_a_pair(fixture_data: Path, tmp_path: Path, use_db) -> None:
    _new_indicator(fixture_data, "kmar_investigations", unit="investigations", measures="investigations")
    _edit_indicators(fixture_data, labour_investigations={"measures": "investigations"})
    db = tmp_path / "pair.duckdb"
    build(fixture_data, db)
    use_db(db)
    assert [set(p) for p in catalogue.compared_pairs(queries.catalogue())] == [{"labour_investigations", "kmar_investigations"}]


# --- The ETL checks the columns ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "value", "message"), [
    ("chain_step", "arrests", "column chain_step: 'arrests' is not one of: registrations, investigations"),
    ("topic", "shelter", "column topic: 'shelter' is not one of: dark_number, places, waiting, budget, cosm"),
    ("headline", "first", "column headline: 'first' is not a position on the overview"),
    ("headline", "1", "column headline: position 1 is already taken by victims_registered_comensha"),
    ("measures", "Suspects!", "column measures: 'Suspects!' is not a name"),
    ("measures", "victims_registered", "column measures: 'victims_registered' is counted in persons by "
                                       "victims_registered_comensha"),
    ("derived_from", "no_such_thing", "column derived_from: unknown indicator 'no_such_thing'"),
    ("per", "omm_budget;om_sepot_share", "column per: names one indicator"),
    ("per", "police_suspects_to_om", "column per: 'police_suspects_to_om' is the indicator itself"),
])
def test_bad_placement_is_reported_with_file_line_and_column(fixture_data: Path, column: str, value: str,
                                                            message: str) -> None:
    _edit_indicators(fixture_data, victims_registered_comensha={"measures": "victims_registered"},
                     police_suspects_to_om={column: value})
    found = _problems(fixture_data)
    assert any(p.startswith("data/indicators.csv line 5") and message in p for p in found), found


def test_a_derived_share_is_no_headline(fixture_data: Path) -> None:
    _edit_indicators(fixture_data, om_sepot_share={"derived_from": "police_suspects_to_om"})
    found = _problems(fixture_data)
    assert any(p.startswith("data/indicators.csv line 7, column headline: a ratio or share derived") for p in found)
