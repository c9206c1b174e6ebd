"""The command line for monthly reporting: `python -m dashboard charts` and `python -m dashboard briefing`.

Real numbers from the shipped data: CoMensha registered 868 (possible) victims in 2023, 54 more than the 814 of 2022;
in the fixture data the Labour Inspectorate's recount gives 28 (2022) and 21 (2023) investigations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard import __main__ as cli
from dashboard import charts
from dashboard import briefing, export

BROWSER = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(not BROWSER, reason="no Chrome/Chromium for kaleido")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def real_env(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    return real_db


@pytest.fixture
def fixture_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    return fixture_db


def _briefing_file(folder: Path, body: dict | None = None) -> Path:
    body = body or {"format": "mensenhandel-briefing", "version": 1, "title": "Debat mensenhandel – mei",
                    "language": "nl", "items": [
                        {"view": "trends?ind=labour_investigations&bd=arbeid", "chart": "trends",
                         "title": "Onderzoeken naar arbeidsuitbuiting", "takeaway": "28 en 21 na de hertelling."},
                        {"view": "doelen", "chart": "targets-progress", "title": "", "takeaway": ""}]}
    path = folder / "mei.briefing.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.endswith(".partial"))


# --- Success ---------------------------------------------------------------------------------------------------------

@needs_browser
def test_charts_exports_every_chart_with_a_manifest_from_the_data(real_env: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "2026-11"
    links = ["trends?ind=victims_registered_comensha", "trends?ind=victims_registered_comensha&lang=en"]
    assert cli.main(["charts", "--out", str(out), *links]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(m["view"], m["chart"]) for m in manifest] == [(links[0], "trends"), (links[1], "trends")]
    nl, en = manifest
    assert nl["title"] == "Gemelde (mogelijke) slachtoffers (CoMensha) in Nederland, 2011–2023"
    assert nl["alt"].startswith("Lijngrafiek: Gemelde (mogelijke) slachtoffers (CoMensha) in Nederland, 2011–2023, Personen")
    assert "2011–2023. Laatste waarde 2023: 868 (+54 t.o.v. 2022)." in nl["alt"]
    assert "Latest value 2023: 868 (+54 on 2022)." in en["alt"]
    with duckdb.connect(str(real_env), read_only=True) as con:
        (years,) = con.execute("SELECT count(*) FROM figures_latest WHERE indicator = 'victims_registered_comensha' "
                               "AND breakdown = 'totaal' AND period_kind = 'year'").fetchone()
    assert nl["points"] == en["points"] == years == 8
    for entry in manifest:
        assert (out / f"{entry['file']}.svg").read_bytes().lstrip().startswith(b"<svg")
        for suffix in (".png", "-a4.png"):
            assert (out / f"{entry['file']}{suffix}").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{m['file']}{s}" for m in manifest for s in (".svg", ".png", "-a4.png")]
        + [f for m in manifest for f in m["notes_files"]] + ["manifest.json"])
    for entry in manifest:   # what travels with each chart, for decks and reports
        assert entry["sources"] and entry["link"].startswith("trends?ind=victims_registered_comensha")
        assert [s["id"] for s in entry["series"]] == ["victims_registered_comensha|totaal|"]
        assert entry["series"][0]["colour"] == charts.HOME_COLOURS["victims_registered_comensha"]
        assert all(set(n) == {"number", "text", "source"} for n in entry["notes"])
        assert not entry["title"].endswith("…")
    assert _leftovers(tmp_path) == []
    assert "2 charts written" in capsys.readouterr().out


@needs_browser
def test_briefing_builds_deck_pdf_and_workbook_byte_identically(fixture_env: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    file = _briefing_file(tmp_path)
    assert cli.main(["briefing", str(file), "--out", str(tmp_path / "a")]) == 0
    assert cli.main(["briefing", str(file), "--out", str(tmp_path / "b")]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["debat-mensenhandel-mei.pdf", "debat-mensenhandel-mei.pptx", "debat-mensenhandel-mei.xlsx"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    deck = Presentation(str(tmp_path / "a" / "debat-mensenhandel-mei.pptx"))
    chart = next(shape.chart for shape in list(deck.slides)[1].shapes if shape.has_chart)
    assert list(chart.plots[0].series[0].values) == [28, 21]
    assert _leftovers(tmp_path) == []


# --- Bad input: one line, exit status 2, nothing written -------------------------------------------------------------

@pytest.mark.parametrize("link, named", [
    ("nope?ind=x", "Unknown page 'nope'"),
    ("trends?ind=no_such_indicator", "Invalid value for 'ind'"),
    ("trends?ind=victims_registered_comensha&junk=1", "Unknown parameter 'junk'"),
    ("trends?years=twenty", "Invalid value for 'years'"),
    ("overzicht", "shows no chart"),
])
def test_charts_refuses_a_bad_link(fixture_env: Path, tmp_path: Path, capsys, link: str, named: str) -> None:
    out = tmp_path / "out"
    assert cli.main(["charts", "--out", str(out), "trends?ind=labour_investigations&bd=arbeid", link]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: link {link!r}") and named in err, err
    assert not out.exists() and _leftovers(tmp_path) == []


def _damaged(folder: Path) -> Path:
    path = folder / "damaged.briefing.json"
    path.write_bytes(b'{"format": "mensenhandel-briefing", "version": 1, "items": [{"view": "tre')
    return path


@pytest.mark.parametrize("make, named", [
    (_damaged, "Not valid JSON (line 1"),
    (lambda d: _briefing_file(d, {"format": "mensenhandel-briefing", "version": 1, "items": [
        {"view": "doelen", "chart": "a-chart-removed-since"}]}), "Onderdeel 1: grafiek 'a-chart-removed-since'"),
    (lambda d: _briefing_file(d, {"format": "mensenhandel-briefing", "version": 1, "items": [
        {"view": "nope"}]}), "Item 1: Unknown page 'nope'"),
    (lambda d: d / "missing.briefing.json", "No such file"),
])
def test_briefing_refuses_a_bad_file(fixture_env: Path, tmp_path: Path, capsys, make, named: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "last-month.pdf").write_bytes(b"kept")
    file = make(tmp_path)
    assert cli.main(["briefing", str(file), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: briefing file {str(file)!r}") and named in err, err
    assert [p.name for p in out.iterdir()] == ["last-month.pdf"], "an existing folder is left as it was"
    assert _leftovers(tmp_path) == []


def test_a_failure_half_way_leaves_no_files(fixture_env: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    """The second image fails (say the browser dies): the first, already written, must not be left behind."""
    calls = []

    def flaky(*args, **kwargs) -> bytes:
        calls.append(1)
        if len(calls) > 1:
            raise export.ExportUnavailable("no browser")
        return b"<svg/>"

    monkeypatch.setattr(export, "svg", flaky)
    monkeypatch.setattr(export, "png", flaky)
    out = tmp_path / "out"
    assert cli.main(["charts", "--out", str(out), "trends?ind=labour_investigations&bd=arbeid"]) == 1
    assert capsys.readouterr().err == "error: no browser\n"
    assert len(calls) == 2 and not out.exists() and _leftovers(tmp_path) == []


def test_the_real_command_exits_non_zero_with_one_line(fixture_env: Path, tmp_path: Path) -> None:
    """Outside `streamlit run` and pytest: the module runs as a command, with no Streamlit warnings around the error."""
    done = subprocess.run([sys.executable, "-m", "dashboard", "charts", "--out", str(tmp_path / "out"),
                           "trends?ind=labour_investigations&vintage=never"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MENSENHANDEL_DB": str(fixture_env)})
    assert done.returncode == 2
    assert done.stderr == ("error: link 'trends?ind=labour_investigations&vintage=never': "
                           "Invalid value for 'vintage': never.\n")
    assert not (tmp_path / "out").exists()


def test_a_saved_version_1_briefing_file_is_what_the_command_reads(fixture_env: Path, tmp_path: Path) -> None:
    parsed = briefing.loads(_briefing_file(tmp_path).read_bytes())
    assert parsed.title == "Debat mensenhandel – mei" and [i.chart for i in parsed.items] == ["trends",
                                                                                               "targets-progress"]


def test_an_empty_chart_is_refused_with_its_reason(fixture_env: Path, tmp_path: Path, capsys) -> None:
    """The sepot share as known at the start of 2020: nothing was published yet, so no image is written."""
    out = tmp_path / "out"
    link = "trends?ind=om_sepot_share&vintage=asof&asof=2020-01-01"
    assert cli.main(["charts", "--out", str(out), link]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chart 'trends' is empty" in err, err
    assert not out.exists() and _leftovers(tmp_path) == []
