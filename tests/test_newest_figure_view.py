"""The newest figure of a quantity leads, and the coverage grid counts a year only when its total exists. Real rows:
the Rapporteur's 944 victims for 2024 and CoMensha's 868 for 2023 (both count `victims_registered`); the
Rapporteur's 2013 has only a breakdown figure (196 'loverboy' victims), no total."""

from __future__ import annotations

from pathlib import Path

import pytest
from bases_data import add_bases_rows

from etl.build import build


@pytest.fixture(autouse=True)
def bases_db(tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "build" / "bases.duckdb"
    build(add_bases_rows(fixture_data), db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    return db


def test_the_card_of_a_quantity_shows_its_newest_figure_and_the_other_count_in_its_help() -> None:
    """CoMensha's indicator is headline 1, the Rapporteur's 12: the card still leads with 2024 (944), and names
    CoMensha's 868 for 2023, the latest year both have."""
    from dashboard.views import overview

    cards = {c.indicator: c for c in overview.build(overview.OverviewParams(), "nl").cards}
    assert "victims_registered_comensha" not in cards
    card = cards["victims_registered_nr"]
    assert (card.label, card.value) == ("2024", "944")
    assert card.help.endswith("Ook geteld door Gemelde (mogelijke) slachtoffers (CoMensha): 868 (2023).")
    assert card.delta_text == "t.o.v. 2023"


def test_the_coverage_grid_marks_a_year_with_only_a_breakdown_as_breakdown_only() -> None:
    from dashboard import views

    page, values, _ = views.parse("bronnen")
    result = views.charts_of(page, values, "nl")
    matrix = result.coverage.set_index("Indicator")
    nr = matrix.loc[next(i for i in matrix.index if "Nationaal Rapporteur" in i)]
    assert (nr["2012"], nr["2013"], nr["2014"]) == ("↻", "◇", "↻")
    download = result.coverage_download
    row = download[(download["indicator"] == "victims_registered_nr") & (download["Jaar"] == 2013)]
    assert list(row["Status"]) == ["alleen uitsplitsing"]


def test_a_sparkline_never_joins_two_counting_bases() -> None:
    """The Rapporteur's card ran one line from 2013 (CoMensha's count, 1437) into 2014 (its own new basis, 1256)."""
    from dashboard import charts

    points = ((2012, 1711.0), (2013, 1437.0), (2014, 1256.0), (2015, 1150.0))
    joined = charts.sparkline(points, "x", "nl")
    broken = charts.sparkline(points, "x", "nl", breaks=(2014,))
    assert joined.count("<path") == 1 and broken.count("<path") == 2
    assert "Andere telwijze vanaf 2014" in broken and "Andere telwijze" not in joined
