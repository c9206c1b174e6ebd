"""The fixture data with the real rows of tests/fixtures/bases added: the Rapporteur's victims series with its change
of counting basis, FairWork's count part-way through 2019 and three Veiligheidsagenda targets."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

BASES = Path(__file__).parent / "fixtures" / "bases"


def add_bases_rows(data: Path) -> Path:
    """Into a writable copy of the fixture data: each CSV of tests/fixtures/bases merged into the file of the same
    name (a row whose first cell, its id, the file already has replaces that row; the header gains new columns);
    files the fixture lacks are copied."""
    for extra in sorted(BASES.rglob("*.csv")):
        target = data / extra.relative_to(BASES)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(extra, target)
            continue
        with open(target, encoding="utf-8", newline="") as handle:
            base = list(csv.DictReader(handle))
            header = list(base[0]) if base else []
        with open(extra, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            added = list(reader)
            header += [c for c in reader.fieldnames or [] if c not in header]
        key = header[0]
        replaced = {row[key] for row in added}
        rows = [row for row in base if row[key] not in replaced] + added
        with open(target, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, restval="")
            writer.writeheader()
            writer.writerows(rows)
    return data
