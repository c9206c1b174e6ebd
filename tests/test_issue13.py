"""Issue 13, part 1: the audit's modelling defects, each checked on the shipped database with real numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from tests.test_data import latest


def test_comensha_registrations_are_reports_not_persons(real) -> None:
    """Item 1: the 2023 reporter rows (988 together) are registrations, not the 868 persons."""
    rows = dict(real.execute("""SELECT breakdown, value FROM figures_latest
                                WHERE indicator = 'comensha_registrations' AND period = '2023'""").fetchall())
    assert sum(rows.values()) == 988
    assert real.execute("SELECT unit FROM indicators WHERE id = 'comensha_registrations'").fetchone() == ("reports",)
    assert real.execute("""SELECT count(*) FROM figures WHERE indicator = 'victims_registered_comensha'
                           AND breakdown LIKE 'aanmelder:%'""").fetchone() == (0,)
    assert latest(real, "victims_registered_nr", "2023")[0] == 868   # the Rapporteur's count (second audit, finding 4)
    note = real.execute("""SELECT text_en FROM figure_notes WHERE indicator = 'comensha_registrations'
                           AND period = '2023' AND note = 'registrations-not-persons'""").fetchall()
    assert len(note) == 5 and "988" in note[0][0] and "868" in note[0][0] and "1,044" in note[0][0]


def test_restated_estimate_is_not_a_2025_estimate(real) -> None:
    """Item 2: no victims_estimated figure for 2025; the 2025 document is a further source of the WODC figure."""
    assert real.execute("SELECT count(*) FROM figures WHERE indicator LIKE 'victims_estimated%' AND period = '2025'"
                        ).fetchone() == (0,)
    row = real.execute("""SELECT value, further_sources FROM figures_latest
                          WHERE indicator = 'victims_estimated' AND period = '2018-2019' AND breakdown = 'totaal'""").fetchone()
    assert row[0] == 5000 and "Aanhangsel Handelingen 2024–2025, nr. 1651" in row[1]
    assert real.execute("""SELECT count(*) FROM figure_notes WHERE note = 'seed004-estimate-restated'
                           AND period = '2018-2019'""").fetchone() == (1,)


def test_two_estimates_are_two_indicators_with_their_ranges(real) -> None:
    """Item 3: UNODC/NR 2017 and WODC 2021 apart, each with its organisation and published range."""
    unodc = real.execute("""SELECT value, low, high, organisation FROM figures_latest
                            WHERE indicator = 'victims_estimated_unodc' AND breakdown = 'totaal'""").fetchall()
    wodc = real.execute("""SELECT value, low, high, organisation FROM figures_latest
                           WHERE indicator = 'victims_estimated' AND period = '2018-2019' AND breakdown = 'totaal'""").fetchall()
    assert unodc == [(6250, 5000, 7500, "UNODC/Nationaal Rapporteur")]
    assert wodc == [(5000, 4000, 7000, "WODC")]
    assert real.execute("""SELECT count(*) FROM figures WHERE indicator = 'victims_estimated'
                           AND period = '2010-2015'""").fetchone() == (0,)


def test_vintage_is_the_first_publication(real) -> None:
    """Item 4: 1,222 (2011) was first published on 2012-12-24 (the Rapporteur's report, NRC the same day), not on
    2013-06-13; CoMensha's 1,711 (2012) by NOS in 2013, not in 2014."""
    as_of = "SELECT value FROM figures_as_of(DATE '{}') WHERE indicator = ? AND period = ? AND breakdown = 'totaal'"
    assert real.execute(as_of.format("2013-01-01"), ["victims_registered_nr", "2011"]).fetchall() == [(1222,)]
    assert real.execute(as_of.format("2012-12-23"), ["victims_registered_nr", "2011"]).fetchall() == []
    assert real.execute(as_of.format("2013-12-31"), ["victims_registered_comensha", "2012"]).fetchall() == [(1711,)]
    first = real.execute("""SELECT published, source, further_sources FROM figures_all
                            WHERE indicator = 'victims_registered_nr' AND period = '2011' AND breakdown = 'totaal'""").fetchall()
    assert len(first) == 1 and first[0][:2] == ("2012-12-24", "nr-2012-12-24")
    assert first[0][2] == ["NRC, 2012-12-24", "Nationaal Rapporteur, publicatie 2013-06-13",
                           "Nationaal Rapporteur, nieuwsbericht 2014-12-01"]
    assert real.execute("""SELECT published, source FROM figures_all WHERE indicator = 'victims_registered_comensha'
                           AND period = '2012' AND breakdown = 'totaal'""").fetchall() == [("2013", "nos-2013")]


def test_structural_police_budget_has_its_budget_year(real) -> None:
    """Item 5: the ten million a year is in the 2020 Justice budget."""
    assert latest(real, "police_budget_extra", "2020")[0] == 10_000_000
    assert latest(real, "police_budget_extra", "2019") is None
    assert "per jaar" in real.execute("SELECT name_nl FROM indicators WHERE id = 'police_budget_extra'").fetchone()[0]


def test_omm_budget_says_what_the_source_says(real) -> None:
    """Item 6: the 2025 source does not say 'per jaar'."""
    name, definition = real.execute("SELECT name_nl, definition_en FROM indicators WHERE id = 'omm_budget'").fetchone()
    assert "per jaar" not in name and "does not say" in definition
    assert latest(real, "omm_budget", "2025-04-15")[0] == 2_300_000


def test_range_without_qualifier(real) -> None:
    """Item 7: 35.000–40.000 first-line police staff is a range in low/high, not 'at least'."""
    assert real.execute("""SELECT value, qualifier, low, high FROM figures_latest
                           WHERE indicator = 'police_first_line_staff'""").fetchall() == [(35000, None, 35000, 40000)]


def test_suspects_target_2019_quotes_suspects(real) -> None:
    """Item 8: the 2019 target of 190 quoted from the minister's answer that speaks of suspects."""
    quote, source = real.execute("SELECT quote, source FROM targets WHERE id = 'va-suspects-om-2019'").fetchone()
    assert "niet de afgesproken 190, maar 145 verdachten" in quote and source == "ah-2020z09648"


def test_care_coordination_target_has_no_invented_due_year(real) -> None:
    """Item 9: no due year; judged no_data (no coverage after the 2019 baseline), the 2025 wording in the text."""
    row = real.execute("""SELECT due, status, interpretation_nl, quote FROM target_status
                          WHERE id = 'care-coordination-national'""").fetchone()
    assert row[0] is None and row[1] == "no_data"
    assert "landelijk dekkend netwerk" in row[2] and "2022" not in row[3]


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


def test_seed_facts_are_recorded(real) -> None:
    """Item 10: three COSM locations in 2021, the 2022 municipal-policy target, the OMM in six named cities."""
    assert latest(real, "cosm_locations", "2021-05-25")[0] == 3
    target = real.execute("""SELECT target_value, due, source FROM target_status
                             WHERE id = 'municipalities-clear-policy-2022'""").fetchone()
    assert target == (100, 2022, "kst-28638-176")
    note = real.execute("SELECT text_nl FROM notes WHERE id = 'omm-six-cities-2019'").fetchone()[0]
    assert all(city in note for city in ("Almere", "Alkmaar", "Amsterdam", "Enschede", "Rotterdam", "Zwolle"))


def test_om_cases_2015(real) -> None:
    """Item 11: 217 OM-registered cases in 2015."""
    assert latest(real, "om_cases_registered", "2015") == (217, None, "govnl-2016-09-30")


# ---- figure_sources.csv and missing.csv: validated with file, line and column (items 4 and part 3)

from etl.build import problems_in  # noqa: E402

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


def test_year_coverage_shows_gaps_with_their_reason(real) -> None:
    """Part 3: one row per indicator and year from first to last; missing years say why."""
    rows = real.execute("""SELECT year, status, value, missing_reason FROM indicator_year_coverage
                           WHERE indicator = 'police_suspects_to_om' ORDER BY year""").fetchall()
    assert [r[0] for r in rows] == list(range(2014, 2025))
    assert rows[0][:3] == (2014, "reported", 198) and rows[6][:3] == (2020, "reported", 187)
    assert rows[7] == (2021, "missing", None, "not_found")
    assert real.execute("""SELECT status FROM indicator_year_coverage WHERE indicator = 'police_victims_reported_comensha'
                           AND year = 2020""").fetchone() == ("revised",)
    assert real.execute("""SELECT count(*) FROM indicator_year_coverage i
                           JOIN missing m ON m.indicator = i.indicator AND CAST(m.period AS INTEGER) = i.year
                           WHERE i.status <> 'missing'""").fetchone() == (0,)


def test_population_is_context_for_rates(real) -> None:
    assert real.execute("""SELECT value, unit, domain FROM figures_latest
                           WHERE indicator = 'population_nl' AND period = '2023-01-01'""").fetchone() == (
        17_811_291, "persons", "context")


def test_a_provisional_figure_and_its_final_version(real) -> None:
    rows = real.execute("""SELECT value, status, source FROM figures_all WHERE indicator = 'police_victims_reported_comensha'
                           AND period = '2020' ORDER BY vintage""").fetchall()
    assert rows == [(481, "provisional", "jv-2020"), (490, "revised", "mvt-2022")]


def test_readme_states_the_current_counts(real) -> None:
    """docs/curating.md's 'The shipped data in numbers' matches the shipped data (update it with each data change)."""
    import re

    from etl.build import FIVE_YEARS_SQL, PROJECT

    text = (PROJECT / "docs" / "curating.md").read_text(encoding="utf-8")
    stated = {k: int(v) for v, k in re.findall(r"\*\*(\d+) (indicators with|figures with|figures|indicators)", text)}
    assert stated == {
        "figures": real.execute("SELECT count(*) FROM figures").fetchone()[0],
        "indicators": real.execute("SELECT count(*) FROM indicators").fetchone()[0],
        "indicators with": real.execute(FIVE_YEARS_SQL).fetchone()[0],
        "figures with": real.execute("SELECT count(*) FROM revisions").fetchone()[0],
    }
