"""The build is atomic, records what it was built from, and exports with DuckDB's COPY."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from etl.__main__ import main
from etl.build import PROJECT, SCHEMA_VERSION, BuildError, build, input_checksum, problems_in


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_records_metadata(fixture_data: Path, fixture_db: Path) -> None:
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        version, checksum, figures, newest = con.execute(
            "SELECT schema_version, input_checksum, figures, newest_source FROM build_info").fetchone()
    assert version == SCHEMA_VERSION
    assert checksum == input_checksum(fixture_data)
    assert figures == 9   # eight figures of the justice chain and shelter, and the population on 1 January 2023
    assert str(newest) == "2025-04-15"


def test_failed_build_leaves_previous_database_untouched(fixture_data: Path, fixture_db: Path) -> None:
    before = digest(fixture_db)
    figures = fixture_data / "figures" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",868,", ",-868,"), encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(fixture_data, fixture_db)
    assert any("-868 is negative" in p for p in failure.value.problems)
    assert digest(fixture_db) == before
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        assert con.execute("SELECT value FROM figures_latest WHERE indicator = 'victims_registered_comensha'").fetchone() == (868,)
    assert [p.name for p in fixture_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_failure_while_writing_leaves_previous_database(fixture_data: Path, fixture_db: Path, monkeypatch) -> None:
    """An error after the temporary file is half written (here: in the integrity check) publishes nothing."""
    before = digest(fixture_db)
    import etl.build as build_module

    monkeypatch.setattr(build_module, "_integrity", lambda con, tables: ["simulated: figures_latest is wrong"])
    with pytest.raises(BuildError, match="1 problem"):
        build(fixture_data, fixture_db)
    assert digest(fixture_db) == before
    assert sorted(p.name for p in fixture_db.parent.iterdir()) == ["fixture.duckdb", "fixture.duckdb.lock"]


def test_rebuild_replaces_the_file_and_open_readers_keep_the_old_build(fixture_data: Path, fixture_db: Path) -> None:
    reader = duckdb.connect(str(fixture_db), read_only=True)
    old_checksum = reader.execute("SELECT input_checksum FROM build_info").fetchone()[0]
    figures = fixture_data / "figures" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + (
        "victims_registered_comensha,2022,totaal,868,,,,reported,2025-04-15,ah-2024-2025-1651,"
        "stijgt tot 868 in 2023,test row\n"), encoding="utf-8")
    build(fixture_data, fixture_db)
    assert reader.execute("SELECT count(*) FROM figures").fetchone()[0] == 9
    reader.close()
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == 10
        assert con.execute("SELECT input_checksum FROM build_info").fetchone()[0] != old_checksum


def test_builds_and_checks_at_once_in_one_process_keep_to_their_own_data(fixture_data: Path, tmp_path: Path) -> None:
    """The checks share one in-memory database per process (etl/validate.py `connect`): each build or check works in
    tables of its own and attaches its new file under a name of its own, so builds running at once in threads (the
    app builds a missing database in a session's thread) neither see nor publish each other's figures."""
    longer = tmp_path / "longer"
    shutil.copytree(fixture_data, longer)
    figures = longer / "figures" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + (
        "victims_registered_comensha,2022,totaal,868,,,,reported,2025-04-15,ah-2024-2025-1651,"
        "stijgt tot 868 in 2023,test row\n"), encoding="utf-8")
    broken = tmp_path / "broken"
    shutil.copytree(fixture_data, broken)
    figures = broken / "figures" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",868,", ",-868,"), encoding="utf-8")
    alone = [str(p) for p in problems_in(broken)]

    def build_or_problems(data: Path, k: int) -> int | list[str]:
        try:
            return build(data, tmp_path / f"db{k}" / "built.duckdb").counts["figures"]
        except BuildError as failure:
            return failure.problems

    folders = [fixture_data, longer, broken] * 2
    with ThreadPoolExecutor(max_workers=len(folders)) as pool:
        results = list(pool.map(build_or_problems, folders, range(len(folders))))
        checks = list(pool.map(lambda data: [str(p) for p in problems_in(data)], [broken, fixture_data] * 2))
    assert results == [9, 10, alone] * 2
    assert checks == [alone, []] * 2
    for k, data in enumerate(folders):
        built = tmp_path / f"db{k}" / "built.duckdb"
        assert built.exists() is (data is not broken)
        if data is not broken:
            with duckdb.connect(str(built), read_only=True) as con:
                assert con.execute("SELECT input_checksum FROM build_info").fetchone()[0] == input_checksum(data)


def test_cli_build_prints_a_load_report(fixture_data: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "cli.duckdb"
    assert main(["--data", str(fixture_data), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Built {db}" in out
    assert "figures          9 rows" in out
    assert "years covered: 2022–2025" in out
    assert "figures with more than one published version: 2" in out


def test_cli_build_with_bad_data_exits_1(fixture_data: Path, tmp_path: Path) -> None:
    (fixture_data / "sources.csv").write_text("id,title\n", encoding="utf-8")
    env = {**os.environ, "MENSENHANDEL_DATA": str(fixture_data), "MENSENHANDEL_DB": str(tmp_path / "x.duckdb")}
    run = subprocess.run([sys.executable, "-m", "etl"], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "data/sources.csv: line 1: missing column(s) organisation, reference, published, kind" in run.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_export_writes_csv_and_parquet(fixture_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert main(["export", "--db", str(fixture_db), "--out", str(out)]) == 0
    latest = pq.read_table(out / "figures_latest.parquet").to_pylist()
    vintages = pq.read_table(out / "figures_vintages.parquet").to_pylist()
    assert {(r["period"], r["value"]) for r in latest if r["indicator"] == "labour_investigations"} == {("2022", 28), ("2023", 21)}
    assert sorted(r["value"] for r in vintages if r["indicator"] == "labour_investigations") == [8, 15, 21, 28]
    header = (out / "figures_latest.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("indicator,name_nl,name_en,unit")
    assert "source_reference" in header and "quote" in header


def test_export_without_database_says_how_to_build(tmp_path: Path, capsys) -> None:
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "o")]) == 2
    assert "build it first with: python -m etl" in capsys.readouterr().err
