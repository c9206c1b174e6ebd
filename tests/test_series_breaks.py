"""Counting bases (data/series_breaks.csv): a value published on a new basis is a break in the series, not a revision.

Real rows: the Rapporteur's victims 2014 were 1561 on CoMensha's count (published 30-09-2016), then 1256 (2018) and
1255 (2019-10) on the count of its Victims Monitor 2013-2017; 2012 was revised 1700 → 1711 on the old basis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from bases_data import add_bases_rows

from etl.__main__ import main as etl_main
from etl.build import BuildError, build, check_data, problems_in

NR = "victims_registered_nr"


@pytest.fixture
def bases_data(fixture_data: Path) -> Path:
    return add_bases_rows(fixture_data)


@pytest.fixture
def bases_db(tmp_path: Path, bases_data: Path) -> Path:
    db = tmp_path / "build" / "bases.duckdb"
    build(bases_data, db)
    return db


@pytest.fixture
def con(bases_db: Path):
    with duckdb.connect(str(bases_db), read_only=True) as connection:
        yield connection


def _breaks(data: Path) -> Path:
    return data / "series_breaks.csv"


def _append_break(data: Path, row: str) -> None:
    with open(_breaks(data), "a", encoding="utf-8") as handle:
        handle.write(row + "\n")


# --- the build ----------------------------------------------------------------------------------------------------------

def test_each_figure_gets_its_basis_and_vintages_are_numbered_per_basis(con) -> None:
    rows = con.execute("""SELECT value, basis, vintage, vintages, is_current_basis FROM figures
                          WHERE indicator = ? AND period = '2014' ORDER BY published_on""", [NR]).fetchall()
    assert rows == [(1561, "comensha_count", 1, 1, False), (1256, "nr_monitor_2017", 1, 2, True),
                    (1255, "nr_monitor_2017", 2, 2, True)]
    # 2012 was never published on the new basis: its revision 1700 -> 1711 stays on the old one
    assert con.execute("SELECT list(value ORDER BY vintage), any_value(basis) FROM figures WHERE indicator = ? "
                       "AND period = '2012' AND breakdown = 'totaal'", [NR]).fetchone() == ([1700, 1711],
                                                                                           "comensha_count")
    # an indicator without a declared break has basis '' (never NULL)
    assert con.execute("SELECT DISTINCT basis FROM figures WHERE indicator = 'labour_investigations'").fetchall() == [("",)]


def test_latest_is_on_the_current_basis_and_both_bases_are_kept(con) -> None:
    latest = dict(con.execute("SELECT period, value FROM figures_latest WHERE indicator = ? AND breakdown = 'totaal' "
                              "AND period IN ('2014', '2015')", [NR]).fetchall())
    assert latest == {"2014": 1255, "2015": 1321}
    by_basis = con.execute("""SELECT basis, basis_label_en, value FROM figures_latest_by_basis
                              WHERE indicator = ? AND period = '2014' ORDER BY basis""", [NR]).fetchall()
    assert by_basis == [("comensha_count", "CoMensha's count", 1561),
                        ("nr_monitor_2017", "count of the Victims Monitor 2013-2017", 1255)]
    # as known before the new basis: the old basis's value
    assert con.execute("SELECT value, basis FROM figures_as_of('2017-06-01') WHERE indicator = ? AND period = '2014'",
                       [NR]).fetchone() == (1561, "comensha_count")


def test_a_basis_change_is_not_a_revision(con) -> None:
    revisions = con.execute("SELECT period, basis, first_value, latest_value FROM revisions WHERE indicator = ? "
                            "ORDER BY period", [NR]).fetchall()
    assert revisions == [("2012", "comensha_count", 1700, 1711), ("2014", "nr_monitor_2017", 1256, 1255)]
    change = con.execute("""SELECT old_value, old_basis, old_source_reference, new_value, new_basis,
                                   new_source_reference, reason_en
                            FROM basis_changes WHERE indicator = ?""", [NR]).fetchall()
    assert len(change) == 1
    old, old_basis, old_ref, new, new_basis, new_ref, reason = change[0]
    assert (old, old_basis, new, new_basis) == (1561, "comensha_count", 1256, "nr_monitor_2017")
    assert "2016-09-30" in old_ref and "European Commission" in new_ref and "inferred" in reason


def test_revision_stats_leave_basis_changes_out_and_count_them(con) -> None:
    stats = con.execute("""SELECT figures, figures_revised, mean_revision, largest_revision, basis_changes_excluded
                           FROM revision_stats WHERE indicator = ?""", [NR]).fetchone()
    figures, revised, mean, largest, excluded = stats
    assert (revised, excluded) == (2, 1)
    assert largest == 11            # 1700 -> 1711; not 1561 -> 1255 (-306), which is a new way of counting
    assert mean == pytest.approx((11 - 1) / figures)
    overall = con.execute("SELECT basis_changes_excluded FROM revision_stats WHERE scope = 'overall'").fetchone()
    assert overall == (1,)


def test_changes_between_reports_a_new_counting_basis_as_its_own_kind(con) -> None:
    rows = con.execute("""SELECT change, old_value, new_value, old_basis, new_basis, basis_reason_en
                          FROM changes_between('2017-01-01', '2020-01-01')
                          WHERE indicator = ? AND period = '2014' ORDER BY new_published_on""", [NR]).fetchall()
    assert [r[:5] for r in rows] == [("basis", 1561, 1256, "comensha_count", "nr_monitor_2017"),
                                     ("revised", 1256, 1255, "nr_monitor_2017", "nr_monitor_2017")]
    assert "inferred" in rows[0][5] and rows[1][5] is None


def test_schema_version_and_checksum_cover_the_breaks(bases_data: Path, tmp_path: Path, con) -> None:
    assert con.execute("SELECT schema_version, series_breaks FROM build_info").fetchone() == (4, 1)
    before = build(bases_data, tmp_path / "a.duckdb").checksum
    _append_break(bases_data, "")   # a blank line: the file's bytes change, its rows do not
    assert build(bases_data, tmp_path / "b.duckdb").checksum != before


# --- validation ---------------------------------------------------------------------------------------------------------

BREAK = ("{indicator},{period},2018,comensha_count,nr_monitor_2017,a,a,b,b,"
         "reden (afgeleid, geen bron zegt het),reason (inferred; no source says so),{source}")


@pytest.mark.parametrize(("cells", "column", "words"), [
    ({"indicator": "victims_registered_xx", "period": "2014", "source": "ec-2018"}, "indicator",
     "unknown indicator 'victims_registered_xx'"),
    ({"indicator": NR, "period": "2014-14", "source": "ec-2018"}, "period", "is not a period"),
    ({"indicator": NR, "period": "2016", "source": "ec-2018"}, "period", "has no figure for 2016 on basis"),
    ({"indicator": NR, "period": "2014", "source": "ec-2099"}, "source", "unknown source 'ec-2099'"),
])
def test_a_break_that_cannot_be_interpreted_is_an_error_naming_file_and_line(bases_data: Path, cells: dict,
                                                                             column: str, words: str) -> None:
    text = _breaks(bases_data).read_text(encoding="utf-8")
    header = text.splitlines()[0]
    _breaks(bases_data).write_text(header + "\n" + BREAK.format(**cells).replace("reden (afgeleid, geen bron zegt "
                                   "het)", '"reden (afgeleid, geen bron zegt het)"') + "\n", encoding="utf-8")
    found = [str(p) for p in problems_in(bases_data)]
    assert any(p.startswith(f"data/series_breaks.csv line 2, column {column}: ") and words in p for p in found), found
    with pytest.raises(BuildError):
        build(bases_data, bases_data.parent / "never.duckdb")


def test_breaks_of_one_indicator_must_chain(bases_data: Path) -> None:
    """A second break must start from the first one's basis."""
    _append_break(bases_data, f"{NR},2024,2025-10-16,comensha_count,nr_2025,b,b,c,c,r,r,nr-2025-10-16")
    found = [str(p) for p in problems_in(bases_data)]
    assert any(p.startswith("data/series_breaks.csv line 3, column basis_before: 'comensha_count' does not follow "
                            "line 2") for p in found), found


def test_a_large_revision_without_a_declared_break_is_a_warning_naming_file_and_line(bases_data: Path,
                                                                                     tmp_path: Path) -> None:
    _breaks(bases_data).unlink()
    problems, warnings = check_data(bases_data)
    assert problems == []
    texts = [str(w) for w in warnings]
    assert len(texts) == 1, texts
    assert texts[0].startswith("data/figures/rapporteur.csv line 6, column value: the revised "
                               "victims_registered_nr 2014 totaal (1256, published 2018) differs by -19.5 %")
    assert "(1561, published 2016-09-30, line 5)" in texts[0] and "data/series_breaks.csv" in texts[0]
    report = build(bases_data, tmp_path / "w.duckdb")   # a warning does not stop the build
    assert report.warnings == texts and f"warning: {texts[0]}" in report.lines()
    # 1255 after 1256 and 1711 after 1700 are small: no warning; with the break declared, none at all
    assert check_data(add_bases_rows(bases_data))[1] == []


def test_etl_check_prints_the_warning_and_succeeds(bases_data: Path, capsys: pytest.CaptureFixture) -> None:
    _breaks(bases_data).unlink()
    assert etl_main(["check", "--data", str(bases_data), "--db", str(bases_data.parent / "none.duckdb")]) == 0
    assert "warning: data/figures/rapporteur.csv line 6" in capsys.readouterr().err


# --- a figures file that lost its figures -------------------------------------------------------------------------------

def test_an_emptied_figures_file_is_named_first(bases_data: Path) -> None:
    """The breaks name the Rapporteur's 2014 figures; with the file emptied, that dangles. The file is said first."""
    path = bases_data / "figures" / "rapporteur.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    found = [str(p) for p in problems_in(bases_data)]
    assert found[0].startswith("data/figures/rapporteur.csv: holds only its header: it lost its figures"), found
    assert any(p.startswith("data/series_breaks.csv line 2, column period") for p in found[1:])
    path.write_bytes(b"")
    found = [str(p) for p in problems_in(bases_data)]
    assert found[0].startswith("data/figures/rapporteur.csv: is empty: it lost its figures"), found


def test_a_deleted_figures_file_is_named_first(bases_data: Path, bases_db: Path) -> None:
    path = bases_data / "figures" / "rapporteur.csv"
    rows = len(path.read_text(encoding="utf-8").splitlines()) - 1
    path.unlink()
    problems, _ = check_data(bases_data, previous=bases_db)
    found = [str(p) for p in problems]
    assert found[0].startswith("data/figures/rapporteur.csv: is gone: the database"), found
    assert f"was built with {rows} figure(s) from it" in found[0]
    assert any(p.startswith("data/series_breaks.csv line 2") for p in found[1:])


def test_basis_is_in_every_figure_frame_and_download(bases_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(bases_db))
    from dashboard import queries
    from dashboard.tables import download_long, figure_download, figure_table

    figs = queries.figures([NR], "totaal")
    row = figs[figs["period"] == "2014"].iloc[0]
    assert (row["value"], row["basis"], row["basis_label_nl"]) == (1255, "nr_monitor_2017",
                                                                   "telling van de Slachtoffermonitor 2013-2017")
    table = figure_table(figs, "nl")
    assert table.loc[figs["period"].eq("2014").to_numpy(), "Telwijze"].tolist() == [
        "telling van de Slachtoffermonitor 2013-2017"]
    english = download_long(figure_download(figs, "en"), "en")
    assert "Counting basis" in english.columns
    assert set(english["Counting basis"]) == {"CoMensha's count", "count of the Victims Monitor 2013-2017"}
    both = queries.figures_by_basis([NR], "totaal")
    assert sorted(both.loc[both["period"] == "2014", "value"]) == [1255, 1561]


def test_revisions_page_keeps_the_basis_change_apart(bases_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(bases_db))
    from dashboard import views

    result = views.charts_of("revisies", {"fig": f"{NR}|totaal", "pair": "-"}, "nl")
    rebased = result.basis_changes
    assert list(rebased["Oude telwijze"]) == ["1.561 (telling van CoMensha)"]
    assert list(rebased["Nieuwe telwijze"]) == ["1.256 (telling van de Slachtoffermonitor 2013-2017)"]
    assert "1 wisseling(en) van telwijze niet meegeteld" in result.stats_caveat
    spec = result.revision
    assert set(spec.data["period"]) == {"2012", "2014"} and 1561 not in set(spec.data["y"])
    # both versions' documents, even for 2014 where they differ, each named as the version it published
    assert any(s.startswith("Eerst gemeld: ") and "2013-06-13" in s for s in spec.sources), spec.sources
    assert any(s.startswith("Eerst gemeld: ") and "European Commission" in s for s in spec.sources), spec.sources
    assert any(s.startswith("Laatste versie: ") and "2019-10" in s for s in spec.sources), spec.sources


def test_compare_vintages_calls_a_new_basis_no_revision(bases_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(bases_db))
    from dashboard import queries
    from dashboard.views import trends

    latest = queries.figures([NR], "totaal")
    then = queries.figures([NR], "totaal", None, "asof", dt.date(2017, 1, 1))
    both = trends.comparison(latest, then, "nl", False).set_index("period")
    assert both.loc["2014", "status"] == "basis" and both.loc["2012", "status"] == "unchanged"
    table = trends.comparison_table(both.reset_index(), "nl", "1 jan 2017").set_index("Periode")
    assert table.loc["2014", "Status"] == "andere telwijze na 1 jan 2017"
    assert table.loc["2014", "Telwijze"] == "telling van CoMensha → telling van de Slachtoffermonitor 2013-2017"
