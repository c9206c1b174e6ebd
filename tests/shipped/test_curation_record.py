"""data/CURATION.md is a checked record: one decision per reference row, and every decision true of data/."""

from __future__ import annotations

import csv
import re

import pytest

from etl.build import DEFAULT_DATA, PROJECT, load

REFERENCE = PROJECT.parent / "shared" / "reference" / "figures.csv"
CURATION = DEFAULT_DATA / "CURATION.md"
NAMED = re.compile(r"`([a-z0-9_]+)` (\S+) (.+?) \(([a-z0-9.-]+)\)")
TARGET = re.compile(r"target `([a-z0-9_.-]+)` \(([a-z0-9.-]+)\)")


@pytest.fixture(scope="module")
def tables():
    loaded, problems = load(DEFAULT_DATA)
    assert [str(p) for p in problems] == []
    return loaded


def reference_decisions() -> dict[int, list[str]]:
    rows: dict[int, list[str]] = {}
    table = CURATION.read_text(encoding="utf-8").split("## Seed figures")[0]
    for line in table.splitlines():
        m = re.match(r"\| (\d+) \| (.*?) \| (.*?) \| (.*) \|$", line)
        if m:
            rows.setdefault(int(m.group(1)), []).append(m.group(4))
    return rows


def number(raw: str) -> float:
    return float(raw)


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside the project")
def test_every_reference_row_has_exactly_one_decision() -> None:
    with open(REFERENCE, encoding="utf-8", newline="") as handle:
        reference_rows = sum(1 for _ in csv.DictReader(handle))
    decisions = reference_decisions()
    assert sorted(decisions) == list(range(2, reference_rows + 2))
    assert [k for k, d in decisions.items() if len(d) != 1] == []
    kinds = ("used: ", "used as range: ", "further source: ", "skipped: ")
    assert [k for k, d in decisions.items() if not d[0].startswith(kinds)] == []


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside the project")
def test_every_used_reference_row_is_in_data(tables) -> None:
    with open(REFERENCE, encoding="utf-8", newline="") as handle:
        reference = {k: row for k, row in enumerate(csv.DictReader(handle), start=2)}
    figures: dict[tuple, list[dict]] = {}
    for f in tables["figures"]:
        figures.setdefault((f["indicator"], f["period"], f["breakdown"], f["source"]), []).append(f)
    targets = {t["id"]: t for t in tables["targets"]}
    further = {(f["indicator"], f["period"], f["breakdown"], f["source"]) for f in tables["figure_sources"]}
    wrong = []
    for k, (decision,) in reference_decisions().items():
        value = number(reference[k]["value"])
        if decision.startswith("used: target"):
            named = TARGET.findall(decision)
            if not named or not all(t in targets and targets[t]["source"] == s and targets[t]["value"] == value
                                    for t, s in named):
                wrong.append((k, decision))
        elif decision.startswith("used: "):
            m = NAMED.search(decision)
            if not m or value not in {f["value"] for f in figures.get(m.groups(), [])}:
                wrong.append((k, decision))
        elif decision.startswith("used as range: "):
            m = NAMED.search(decision)
            f = figures.get(m.groups(), [None])[0] if m else None
            if f is None and m:   # the range's source may be a further source of the figure
                f = next((x for x in tables["figures"] if (x["indicator"], x["period"], x["breakdown"]) == m.groups()[:3]
                          and (*m.groups(),) in further), None)
            side = (re.search(r"\) (low|high)\b", decision) or re.match("", "")).group(1) if m else None
            if f is None or side not in ("low", "high") or f[side] != value:
                wrong.append((k, decision))
        elif decision.startswith("further source: "):
            m = NAMED.search(decision)
            if not m or m.groups() not in further:
                wrong.append((k, decision))
    assert wrong == [], "\n".join(map(str, wrong))


def test_every_figure_and_further_source_is_named_in_the_record(tables) -> None:
    """The record leaves nothing out: each figure row and each further source of data/ is named by a decision."""
    text = CURATION.read_text(encoding="utf-8")
    named = {m.groups() for line in text.splitlines() if "used" in line or "further source" in line
             or "recorded from" in line for m in NAMED.finditer(line)}
    missing = [(f["indicator"], f["period"], f["breakdown"], f["source"]) for f in tables["figures"]
               if (f["indicator"], f["period"], f["breakdown"], f["source"]) not in named]
    missing += [(f["indicator"], f["period"], f["breakdown"], f["source"]) for f in tables["figure_sources"]
                if (f["indicator"], f["period"], f["breakdown"], f["source"]) not in named]
    assert missing == [], "\n".join(map(str, missing))
