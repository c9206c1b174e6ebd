"""The shape of the code: no import cycle inside the project, thin pages, no placement guessed from an id."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app.py", "app_pages", "dashboard", "etl", "bench")


def _modules() -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in ([ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every project module `name` imports, anywhere in the file (a function-level import is an edge too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    edges = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(p for p in [*parts, base] if p)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_the_project() -> None:
    known = _modules()
    assert {"dashboard.briefing", "dashboard.views", "dashboard.render", "dashboard.views.chain"} <= set(known)
    graph = {name: _imports(name, path, known) for name, path in known.items()}
    assert "dashboard.views" in graph["dashboard.briefing"]   # the finder sees the edges that once made a cycle
    assert _cycles(graph) == []


def test_pages_hold_no_sql_and_no_data_wrangling() -> None:
    """A page reads the view state, asks dashboard/ for the view, renders it: no pandas, no SQL, no etl."""
    for page in sorted((ROOT / "app_pages").glob("*.py")):
        imported = _imports(f"app_pages.{page.stem}", page, {**_modules(), "pandas": page, "duckdb": page})
        assert not {"pandas", "duckdb", "etl"} & {i.split(".")[0] for i in imported}, page.name
        text = page.read_text(encoding="utf-8")
        assert "SELECT " not in text and "queries.figures(" not in text, page.name


def test_no_placement_is_read_from_an_id() -> None:
    """Where an indicator appears comes from the catalogue's columns: no regular expression or substring test over
    indicator ids on the read side."""
    for path in [*sorted((ROOT / "dashboard").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert '["indicator"].str.' not in text, path
        assert "re.search(pattern" not in text and "_DERIVED" not in text, path
    assert "import re" not in (ROOT / "dashboard" / "catalogue.py").read_text(encoding="utf-8")
