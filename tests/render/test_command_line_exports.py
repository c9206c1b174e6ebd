"""The command line's exports, rendered for real: every chart of a link as SVG and PNG with a manifest (on the shipped
data: CoMensha's own count, 2008–2022 in 11 years, ending at 814 for 2022), and a briefing's deck, PDF and workbook,
byte for byte the same twice. Needs Chromium for kaleido; the command's errors are tests/test_cli.py."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard import __main__ as cli
from dashboard import vocabulary
from tests.helpers import briefing_file, partial_leftovers


@pytest.fixture
def fixture_env(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return fixture_db_shared

def test_charts_exports_every_chart_with_a_manifest_from_the_data(real_env: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "2026-11"
    links = ["trends?ind=victims_registered_comensha", "trends?ind=victims_registered_comensha&lang=en"]
    assert cli.main(["charts", "--out", str(out), *links]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(m["view"], m["chart"]) for m in manifest] == [(links[0], "trends"), (links[1], "trends")]
    nl, en = manifest
    assert nl["title"] == "Gemelde (mogelijke) slachtoffers (CoMensha) in Nederland, 2008–2022"
    assert nl["alt"].startswith("Lijngrafiek: Gemelde (mogelijke) slachtoffers (CoMensha) in Nederland, 2008–2022, "
                                "Personen")
    assert "laatste versie van elk cijfer. Laatste waarde 2022: 814 (+23 t.o.v. 2021)." in nl["alt"]
    assert "Latest value 2022: 814 (+23 on 2021)." in en["alt"]
    with duckdb.connect(str(real_env), read_only=True) as con:
        (years,) = con.execute("SELECT count(*) FROM figures_latest WHERE indicator = 'victims_registered_comensha' "
                               "AND breakdown = 'totaal' AND period_kind = 'year'").fetchone()
    assert nl["points"] == en["points"] == years == 11
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
        assert entry["series"][0]["colour"] == vocabulary.colours()["victims_registered_comensha"]
        assert all(set(n) == {"number", "text", "source"} for n in entry["notes"])
        assert not entry["title"].endswith("…")
    assert partial_leftovers(tmp_path) == []
    assert "2 charts written" in capsys.readouterr().out


def test_briefing_builds_deck_pdf_and_workbook_byte_identically(fixture_env: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    file = briefing_file(tmp_path)
    assert cli.main(["briefing", str(file), "--out", str(tmp_path / "a")]) == 0
    assert cli.main(["briefing", str(file), "--out", str(tmp_path / "b")]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["debat-mensenhandel-mei.pdf", "debat-mensenhandel-mei.pptx", "debat-mensenhandel-mei.xlsx"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    deck = Presentation(str(tmp_path / "a" / "debat-mensenhandel-mei.pptx"))
    chart = next(shape.chart for shape in list(deck.slides)[1].shapes if shape.has_chart)
    assert list(chart.plots[0].series[0].values) == [28, 21]
    assert partial_leftovers(tmp_path) == []


@pytest.fixture
def real_env(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    return real_db


BLOCK_STREAMLIT = ("import runpy, sys; sys.modules['streamlit'] = None; sys.argv = ['dashboard', *sys.argv[1:]]; "
                   "runpy.run_module('dashboard', run_name='__main__')")


def test_both_commands_run_with_streamlit_blocked(fixture_db_shared: Path, tmp_path: Path) -> None:
    """The command line is the core alone: in an interpreter where `import streamlit` fails, both commands write
    their files (the view is computed, drawn by kaleido and packed into a deck, a PDF and a workbook)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "MENSENHANDEL_DB": str(fixture_db_shared), "PYTHONPATH": str(root)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", BLOCK_STREAMLIT, *args], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)

    charts_run = run("charts", "--out", str(tmp_path / "charts"), "trends?ind=labour_investigations&bd=arbeid")
    assert charts_run.returncode == 0, charts_run.stderr
    manifest = json.loads((tmp_path / "charts" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["chart"] for m in manifest] == ["trends"]
    assert (tmp_path / "charts" / f"{manifest[0]['file']}.png").read_bytes()[:4] == b"\x89PNG"
    briefing_run = run("briefing", str(briefing_file(tmp_path)), "--out", str(tmp_path / "briefing"))
    assert briefing_run.returncode == 0, briefing_run.stderr
    assert sorted(p.suffix for p in (tmp_path / "briefing").iterdir()) == [".pdf", ".pptx", ".xlsx"]
