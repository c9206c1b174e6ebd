"""The command line for monthly reporting: `python -m dashboard charts` and `python -m dashboard briefing`.

On the fixture data (the Labour Inspectorate's recount gives 28 (2022) and 21 (2023) investigations): what the
commands refuse and how, with no image rendered. The rendered exports are tests/render/test_command_line_exports.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import __main__ as cli
from dashboard import briefing, export
from tests.helpers import briefing_file, partial_leftovers

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fixture_env(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return fixture_db_shared


# --- Success ---------------------------------------------------------------------------------------------------------


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
    assert not out.exists() and partial_leftovers(tmp_path) == []


def _damaged(folder: Path) -> Path:
    path = folder / "damaged.briefing.json"
    path.write_bytes(b'{"format": "mensenhandel-briefing", "version": 1, "items": [{"view": "tre')
    return path


@pytest.mark.parametrize("make, named", [
    (_damaged, "Not valid JSON (line 1"),
    (lambda d: briefing_file(d, {"format": "mensenhandel-briefing", "version": 1, "items": [
        {"view": "doelen", "chart": "a-chart-removed-since"}]}), "Onderdeel 1: grafiek 'a-chart-removed-since'"),
    (lambda d: briefing_file(d, {"format": "mensenhandel-briefing", "version": 1, "items": [
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
    assert partial_leftovers(tmp_path) == []


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
    assert len(calls) == 2 and not out.exists() and partial_leftovers(tmp_path) == []


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
    parsed = briefing.loads(briefing_file(tmp_path).read_bytes())
    assert parsed.title == "Debat mensenhandel – mei" and [i.chart for i in parsed.items] == ["trends",
                                                                                               "targets-progress"]


def test_an_empty_chart_is_refused_with_its_reason(fixture_env: Path, tmp_path: Path, capsys) -> None:
    """The sepot share as known at the start of 2020: nothing was published yet, so no image is written."""
    out = tmp_path / "out"
    link = "trends?ind=om_sepot_share&vintage=asof&asof=2020-01-01"
    assert cli.main(["charts", "--out", str(out), link]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chart 'trends' is empty" in err, err
    assert not out.exists() and partial_leftovers(tmp_path) == []
