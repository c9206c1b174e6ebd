"""What the documents quote from the shipped data/ is what the shipped data gives.

The SQL examples of docs/sql.md and docs/data-dictionary.md name indicators of the shipped data and say in a comment
what they return (`-- 15 → 28 and 8 → 21`); docs/pages.md quotes an alt text and shows links for the command line.
Each is checked here against data/ as built by the real ETL, so a data release that changes a quoted figure fails
this test, and the document is updated with it. (tests/test_docs.py runs the same examples on the fixture data.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```", re.M | re.S)
SQL_DOCS = [ROOT / "docs" / "sql.md", ROOT / "docs" / "data-dictionary.md"]
PAGES = ROOT / "docs" / "pages.md"


def sql_blocks(doc: Path) -> list[str]:
    return [body for lang, body in FENCE.findall(doc.read_text(encoding="utf-8")) if lang == "sql"]


@pytest.fixture(scope="module")
def shipped(real_db: Path):
    with duckdb.connect(str(real_db), read_only=True) as con:
        yield con


BLOCKS = [(str(doc.relative_to(ROOT)), block) for doc in SQL_DOCS for block in sql_blocks(doc)]


def _cells(rows: list[tuple]) -> tuple[set[float], set[str]]:
    numbers = {float(v) for row in rows for v in row if isinstance(v, (int, float)) and v == v}
    words = {str(v) for row in rows for v in row if v is not None}
    return numbers, words


@pytest.mark.parametrize(("doc", "block"), BLOCKS)
def test_sql_example_returns_what_its_comment_says(doc: str, block: str, shipped: duckdb.DuckDBPyConnection) -> None:
    statements = duckdb.extract_statements(block)
    named = re.findall(r"indicator = '(\w+)'", block)
    comment = " ".join(re.findall(r"--\s*(.*)", block))
    rows = [row for statement in statements for row in shipped.execute(statement.query).fetchall()]
    if named:
        assert rows, f"{doc}: the example finds nothing for {named} in the shipped data"
    if not comment:
        return
    assert len(statements) == 1, f"{doc}: a comment that quotes results belongs to a block of one statement"
    numbers, words = _cells(rows)
    quoted = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", comment)]
    assert quoted, f"{doc}: the comment {comment!r} quotes no figure"
    assert [n for n in quoted if n not in numbers] == [], f"{doc}: {comment!r} against {rows}"
    codes = re.findall(r"\b[a-z]+_[a-z_]+\b", comment)   # values such as not_found
    assert [c for c in codes if c not in words] == [], f"{doc}: {comment!r} against {rows}"


def test_the_comment_check_can_fail(shipped: duckdb.DuckDBPyConnection) -> None:
    block = ("SELECT period, value FROM figures_as_of(DATE '2024-10-20')\n"
             "WHERE indicator = 'labour_exploitation_investigations';   -- 16 and 8\n")
    with pytest.raises(AssertionError, match="16 and 8"):
        test_sql_example_returns_what_its_comment_says("example", block, shipped)


@pytest.fixture
def shipped_env(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    return real_db


def test_links_in_commands_open_on_the_shipped_data(shipped_env: Path) -> None:
    from dashboard import views

    text = PAGES.read_text(encoding="utf-8")
    commands = [shlex.split(line, comments=True) for lang, body in FENCE.findall(text) if lang == "bash"
                for line in body.splitlines()]
    links = []
    for words in commands:
        if words[:4] == ["python", "-m", "dashboard", "charts"]:
            rest = words[4:]
            links += [w for n, w in enumerate(rest) if not w.startswith("--") and (n == 0 or rest[n - 1] != "--out")]
    assert links
    for link in links:
        page, values, _ = views.parse(link, "en")
        assert views.charts_of(page, values, "en").charts, f"{link}: no chart on the shipped data"


def test_quoted_alt_text_is_what_the_dashboard_writes(shipped_env: Path) -> None:
    from dashboard import views
    from dashboard.alttext import describe

    quoted = re.findall(r"for `([^`]+)`, on the shipped\s+data: \*(.+?)\*", PAGES.read_text(encoding="utf-8"), re.S)
    assert quoted
    for link, text in quoted:
        page, values, language = views.parse(link, "nl")
        specs = views.charts_of(page, values, language or "nl").charts
        assert " ".join(text.split()) in [describe(spec) for spec in specs]
