"""The shipped data: it validates, every quote is the source's own words, and the seed documents' figures are in it."""

from __future__ import annotations

import re
from pathlib import Path

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
