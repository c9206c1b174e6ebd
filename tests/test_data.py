"""The shipped data: it validates, every quote is the source's own words, and the seed documents' figures are in it."""

from __future__ import annotations

import re

import pytest

from etl.build import DEFAULT_DATA, PROJECT, load

SEEDS = PROJECT.parent / "shared" / "seeds"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def tables():
    loaded, problems = load(DEFAULT_DATA)
    assert [str(p) for p in problems] == []
    return loaded


def test_shipped_data_validates(tables) -> None:
    assert len(tables["figures"]) > 100
    assert len(tables["indicators"]) > 20


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not beside the project")
def test_quotes_from_seed_documents_are_verbatim(tables) -> None:
    seeds = {s["id"]: fold((SEEDS / s["seed"]).read_text(encoding="utf-8"))
             for s in tables["sources"] if s["seed"]}
    assert len(seeds) == 5
    for table in ("figures", "targets"):
        for row in tables[table]:
            if row["source"] in seeds:
                assert fold(row["quote"]) in seeds[row["source"]], f"{row['file']} line {row['line']}: quote not in seed"


def test_every_source_is_used(tables) -> None:
    used = {r["source"] for t in ("figures", "targets", "notes") for r in tables[t]}
    assert {s["id"] for s in tables["sources"]} - used == set()


def test_every_indicator_has_figures_or_targets(tables) -> None:
    used = {r["indicator"] for t in ("figures", "targets") for r in tables[t]}
    assert {i["id"] for i in tables["indicators"]} - used == set()


def latest(real, indicator: str, period: str, breakdown: str = "totaal") -> tuple:
    return real.execute("""SELECT value, qualifier, source FROM figures_latest
                           WHERE indicator = ? AND period = ? AND breakdown = ?""",
                        [indicator, period, breakdown]).fetchone()


def test_the_questions_the_database_must_answer(real) -> None:
    """The issue's 'done when' list, answered by the views of the shipped database."""
    assert latest(real, "victims_registered_comensha", "2023") == (868, None, "ah-2024-2025-1651")
    # the 2025 restatement of the WODC estimate is a further source of the 2018-2019 figure, not a figure for 2025
    assert latest(real, "victims_estimated", "2025") is None
    assert latest(real, "victims_estimated", "2018-2019")[:2] == (5000, "about")
    revisions = real.execute("""SELECT period, first_value, latest_value, note_en FROM revisions
                                WHERE indicator = 'labour_exploitation_investigations' ORDER BY period""").fetchall()
    assert [r[:3] for r in revisions] == [("2022", 15, 28), ("2023", 8, 21)]
    assert all("Labour Inspectorate" in r[3] for r in revisions)
    assert real.execute("""SELECT period, value FROM figures_as_of(DATE '2024-11-01')
                           WHERE indicator = 'labour_exploitation_investigations' ORDER BY period""").fetchall() == [
        ("2022", 15), ("2023", 8)]
    assert latest(real, "om_cases_registered", "2022", "arbeid")[0] == 31
    assert latest(real, "om_cases_registered", "2023", "arbeid")[0] == 18
    assert latest(real, "court_decisions_first_instance", "2022", "arbeid")[0] == 8
    assert latest(real, "court_decisions_first_instance", "2023", "arbeid")[0] == 2
    on_the_day = {row[0]: row[1] for row in real.execute(
        "SELECT indicator, value FROM figures_latest WHERE period = '2025-04-15' AND breakdown = 'totaal'").fetchall()}
    assert on_the_day["omm_places"] == 31
    assert on_the_day["omm_municipalities"] == 6
    assert latest(real, "omm_budget", "2025-04-15")[0] == 2_300_000
    assert on_the_day["omm_waiting_list"] == 5
    assert on_the_day["omm_waiting_days"] == 65
    assert on_the_day["cosm_locations"] == 3
    assert latest(real, "omm_places", "2019-11-13")[0] == 36
    assert latest(real, "omm_budget", "2019")[0] == 2_000_000
    assert latest(real, "care_coordination_municipalities", "2019")[0] == 30
    assert latest(real, "care_coordination_coverage", "2019")[0] == 85
    target = real.execute("""SELECT target_value, baseline_value, baseline_period, due, interpretation_en
                             FROM target_status WHERE indicator = 'care_coordination_coverage'""").fetchone()
    assert target[:4] == (100, 85, 2019, None)   # the document gives no due year (issue 13, item 9)
    assert "all 35 central municipalities" in target[4]


def test_corrections_and_other_organisations_are_modelled_apart(real) -> None:
    provisional = real.execute("""SELECT value, qualifier, status, published FROM figures_all
                                  WHERE indicator = 'victims_registered_nr' AND period = '2012' AND breakdown = 'totaal'
                                  ORDER BY vintage""").fetchall()
    assert provisional == [(1700, "more_than", "provisional", "2013-06-13"), (1711, None, "revised", "2014-12-01")]
    assert latest(real, "victims_registered_comensha", "2019")[0] == 1372
    assert latest(real, "victims_registered_nr", "2019")[0] == 1334
    targets = dict(real.execute("""SELECT due, target_value FROM target_status
                                   WHERE indicator = 'police_suspects_to_om' AND is_current""").fetchall())
    assert targets == {2019: 190, 2020: 190, 2021: 205, 2022: 240, 2023: 220, 2024: 220, 2025: 220, 2026: 220}
