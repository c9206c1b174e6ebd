"""What changed between two dates, revision statistics and targets judged twice: the SQL behind the pages
"Wat is er veranderd", "Gemeld vs gecorrigeerd" and "Doelen", on databases built by the real ETL.

The fixture data (tests/fixtures/data) holds the Labour Inspectorate's recount of labour-exploitation investigations
(2022: 15 → 28; 2023: 8 → 21); the same questions on the shipped data are tests/shipped/test_shipped_figures.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.build import build

CHANGES = """SELECT change, period, old_value, old_status, new_value, new_status, superseded
             FROM changes_between(?, ?) WHERE indicator = ? ORDER BY period, vintage"""


@pytest.fixture
def con(fixture_db_shared: Path):
    with duckdb.connect(str(fixture_db_shared), read_only=True) as connection:
        yield connection


# --- the interval (from, to] and partial dates, on the fixture ------------------------------------------------------

def test_a_version_published_on_the_from_date_was_already_known(con) -> None:
    # first published 2024-10-18: known on that day, so not a change after it; the correction ("2024") is
    rows = con.execute(CHANGES, ["2024-10-18", "2025-06-30", "labour_investigations"]).fetchall()
    assert rows == [("corrected", "2022", 15, "reported", 28, "corrected", False),
                    ("corrected", "2023", 8, "reported", 21, "corrected", False)]


def test_a_version_published_on_the_to_date_counts(con) -> None:
    rows = con.execute(CHANGES, ["2024-10-17", "2024-10-18", "labour_investigations"]).fetchall()
    assert rows == [("new", "2022", None, None, 15, "reported", False), ("new", "2023", None, None, 8, "reported", False)]


def test_a_date_known_only_to_the_year_counts_from_its_end(con) -> None:
    # the correction is dated "2024": surely out by 2024-12-31, not before
    assert con.execute(CHANGES, ["2024-10-18", "2024-12-30", "labour_investigations"]).fetchall() == []
    assert len(con.execute(CHANGES, ["2024-12-30", "2024-12-31", "labour_investigations"]).fetchall()) == 2


def test_both_versions_in_one_interval(con) -> None:
    rows = con.execute(CHANGES, ["2024-10-01", "2025-01-01", "labour_investigations"]).fetchall()
    assert rows == [("new", "2022", None, None, 15, "reported", True),
                    ("corrected", "2022", 15, "reported", 28, "corrected", False),
                    ("new", "2023", None, None, 8, "reported", True),
                    ("corrected", "2023", 8, "reported", 21, "corrected", False)]


def test_changes_agree_with_figures_as_of(con) -> None:
    """Applying the changes of (a, b] to the figures known on a gives the figures known on b."""
    a, b = dt.date(2024, 10, 1), dt.date(2025, 1, 1)
    before = dict(con.execute("SELECT (indicator, period, breakdown), value FROM figures_as_of(?)", [a]).fetchall())
    for key, value in con.execute("""SELECT (indicator, period, breakdown), new_value FROM changes_between(?, ?)
                                     WHERE NOT superseded""", [a, b]).fetchall():
        before[key] = value
    after = dict(con.execute("SELECT (indicator, period, breakdown), value FROM figures_as_of(?)", [b]).fetchall())
    assert before == after


# --- revision_stats, by hand ----------------------------------------------------------------------------------------

HAND = {  # labour-exploitation investigations: P = 15, 8; L = 28, 21; R = 13, 13
    "figures": 2, "figures_revised": 2, "first_provisional": 0, "mean_revision": 13.0,
    "mean_absolute_revision": 13.0, "relative_mean_absolute_revision": 26 / 49,
    "largest_period": "2023", "largest_first_value": 8.0, "largest_latest_value": 21.0, "largest_revision": 13.0,
}


def _stats(con, indicator: str) -> dict:
    frame = con.execute("SELECT * FROM revision_stats WHERE indicator = ?", [indicator]).df()
    return frame.iloc[0].to_dict()


def test_revision_stats_of_the_recount_by_hand(con) -> None:
    stats = _stats(con, "labour_investigations")
    for name, expected in HAND.items():
        assert stats[name] == pytest.approx(expected) if isinstance(expected, float) else stats[name] == expected, name
    assert stats["share_revised"] == 1.0 and stats["share_first_provisional"] == 0.0
    assert "hertelling" in stats["largest_note_nl"]


def test_revision_stats_overall_row(con) -> None:
    row = con.execute("""SELECT figures, figures_revised, mean_revision, largest_indicator, largest_period
                         FROM revision_stats WHERE scope = 'overall'""").fetchone()
    # 6 figures in the fixture (8 versions), 2 revised; means are not added across units; the largest relative revision: 8 → 21
    assert row == (7, 2, None, "labour_investigations", "2023")


# --- targets judged on the first and on the latest figure -----------------------------------------------------------

@pytest.fixture
def judged_twice(fixture_data: Path, tmp_path: Path) -> Path:
    with open(fixture_data / "targets.csv", "a", encoding="utf-8") as handle:
        handle.write("t-labour,labour_investigations,arbeid,20,at_least,2022,,,nr-2023-10-18,"
                     "Het doel is ten minste 20 onderzoeken naar arbeidsuitbuiting,n,n\n")
    db = tmp_path / "twice.duckdb"
    build(fixture_data, db)
    return db


def test_a_target_met_only_after_the_recount(judged_twice: Path) -> None:
    with duckdb.connect(str(judged_twice), read_only=True) as con:
        row = con.execute("""SELECT first_value, first_status, actual_value, status FROM target_status
                             WHERE id = 't-labour'""").fetchone()
        assert row == (15, "missed", 28, "met")
        changes = con.execute("""SELECT old_status, new_status FROM target_changes_between(?, ?)
                                 WHERE id = 't-labour'""", ["2024-10-01", "2025-01-01"]).fetchall()
        assert changes == [("no_data", "met")]
        assert con.execute("SELECT status FROM target_status_on('2024-11-01') WHERE id = 't-labour'").fetchone() == (
            "missed",)


# --- a briefing saved before a revision, opened later ---------------------------------------------------------------

def _briefing(saved: str):
    from dashboard import briefing

    return briefing.Briefing(title="Debat", language="nl", saved=saved, build="2024-10-20 08:00 UTC, 0123456789ab",
                             items=[
        briefing.Item(view="trends?ind=labour_investigations&bd=arbeid", chart="trends", title="Arbeidsuitbuiting"),
        briefing.Item(view="trends?ind=victims_registered_comensha&bd=totaal", chart="trends", title="Slachtoffers"),
        briefing.Item(view="doelen", chart="targets-progress", title="Doelen"),
    ])


def test_a_briefing_saved_before_the_recount_flags_exactly_the_recounted_item(fixture_db: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved on 20 October 2024, after the first figures (15 and 8) and before the correction (28 and 21): only the
    labour-exploitation item is flagged. The registrations (868) were first published later: new, not changed."""
    from dashboard import briefing
    from dashboard.views import changes

    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    saved = _briefing("2024-10-20")
    opened = briefing.loads(briefing.dumps(saved))
    assert (opened.saved, opened.build) == ("2024-10-20", "2024-10-20 08:00 UTC, 0123456789ab")
    flagged = changes.changed_since(briefing.slides(opened), dt.date(2024, 10, 20), "nl",
                                    until=dt.date(2026, 1, 1))
    assert flagged[["Onderdeel", "Periode", "Oud", "Nieuw", "Verschil"]].values.tolist() == [
        [1, "2022", "15 (gemeld)", "28 (gecorrigeerd)", "+13"],
        [1, "2023", "8 (gemeld)", "21 (gecorrigeerd)", "+13"]]
    assert all("hertelling" in n for n in flagged["Noot"])
    after = changes.changed_since(briefing.slides(opened), dt.date(2025, 1, 1), "nl", until=dt.date(2026, 1, 1))
    assert after.empty, "saved after the recount: nothing changed since"


def test_a_version_1_file_without_saved_or_build_still_opens(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import briefing

    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    old = b'{"format": "mensenhandel-briefing", "version": 1, "title": "Oud", "language": "nl", ' \
          b'"items": [{"view": "wijzigingen?from=2024-10-01&to=2025-01-01", "chart": "changes", "title": "", ' \
          b'"takeaway": ""}]}'
    opened = briefing.loads(old)
    assert (opened.saved, opened.build, opened.items[0].view) == ("", "", "wijzigingen?from=2024-10-01&to=2025-01-01")
    slide = briefing.slides(opened)[0]
    assert slide.spec.key == "changes" and set(slide.spec.data["series"]) == {"nieuw", "gecorrigeerd"}
    with pytest.raises(briefing.BriefingError):
        briefing.loads(old.replace(b'"title": "Oud"', b'"title": "Oud", "saved": "gisteren"'))
