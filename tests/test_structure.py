"""The shape of the code: no import cycle inside the project, a core below the web layer that never imports
Streamlit, a read side that uses only the ETL's public entry point, thin pages, no placement guessed from an id."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app.py", "app_pages", "dashboard", "etl", "bench")
# The web layer: the only modules that may import Streamlit. Everything else in dashboard/ and etl/ is the core.
WEB = ("app", "app_pages", "dashboard.state", "dashboard.session", "dashboard.render")


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


def _external(path: Path) -> set[str]:
    """The top-level names of every absolute import in a file (a function-level import counts too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def _is_web(name: str) -> bool:
    return any(name == w or name.startswith(w + ".") for w in WEB)


def _reaches_streamlit(graph: dict[str, set[str]], direct: set[str]) -> dict[str, list[str]]:
    """Every module from which Streamlit is imported, through project modules: module -> the import chain."""
    chains: dict[str, list[str]] = {}
    for start in sorted(graph):
        seen, stack = {start}, [[start]]
        while stack:
            path = stack.pop()
            if path[-1] in direct:
                chains[start] = path + ["streamlit"]
                break
            for nxt in sorted(graph[path[-1]] - seen):
                seen.add(nxt)
                stack.append(path + [nxt])
    return chains


def test_streamlit_finder_follows_imports_through_the_project() -> None:
    graph = {"core.a": {"core.b"}, "core.b": {"web.c"}, "web.c": set(), "core.d": set()}
    assert _reaches_streamlit(graph, {"web.c"}) == {"core.a": ["core.a", "core.b", "web.c", "streamlit"],
                                                    "core.b": ["core.b", "web.c", "streamlit"],
                                                    "web.c": ["web.c", "streamlit"]}


def test_the_core_imports_no_streamlit() -> None:
    """Queries, views, charts, exports, decks, the briefing file and the ETL run without Streamlit: neither they nor
    any project module they import (a web-layer module included) imports it."""
    known = _modules()
    graph = {name: _imports(name, path, known) for name, path in known.items()}
    direct = {name for name, path in known.items() if "streamlit" in _external(path)}
    assert {"dashboard.state", "dashboard.render", "app"} <= direct   # the finder sees the web layer's imports
    core = [name for name in known if name.split(".")[0] in ("dashboard", "etl") and not _is_web(name)]
    assert {"dashboard.views", "dashboard.i18n", "dashboard.db", "dashboard.__main__", "etl.build"} <= set(core)
    reached = _reaches_streamlit(graph, direct)
    assert {name: reached[name] for name in core if name in reached} == {}


def test_the_dashboard_uses_only_the_etls_public_entry_point() -> None:
    """The read side imports `etl` (its __init__: build_database, database_path, SCHEMA_VERSION, …), never a module
    behind it: the ETL may rearrange its insides without breaking the dashboard."""
    known = _modules()
    for name, path in known.items():
        if name.split(".")[0] in ("dashboard", "app", "app_pages"):
            inside = {target for target in _imports(name, path, known) if target.startswith("etl.")}
            assert not inside, f"{name} imports {sorted(inside)}: use what etl/__init__.py exports"
    import etl
    assert callable(etl.build_database) and callable(etl.database_path)


BLOCKED_STREAMLIT = """
import json, sys
sys.modules["streamlit"] = None   # `import streamlit` (or any streamlit.x) now raises ImportError
from dashboard import __main__ as cli, briefing, db, decks, views
charts = {}
for page in views.PAGES:
    for language in ("nl", "en"):
        values = {p.name: p.default for p in views.params(page)}
        charts[f"{page}.{language}"] = [spec.key for spec in views.charts_of(page, values, language).charts]
brief = briefing.Briefing(title="t", language="en", items=[briefing.Item(view="trends?ind=labour_investigations&bd=arbeid")])
slides = briefing.slides(brief)
appendix = decks.workbook(brief, db.build_info())
print(json.dumps({"charts": charts, "slides": len(slides), "appendix": len(appendix),
                  "streamlit": [m for m in sys.modules if m.split(".")[0] == "streamlit" and sys.modules[m]]}))
"""


def _blocked(code: str, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MENSENHANDEL_DB": str(db), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_views_briefings_and_the_command_line_run_with_streamlit_blocked(fixture_db_shared: Path,
                                                                           tmp_path: Path) -> None:
    """In a fresh interpreter where Streamlit cannot be imported: every page's view in both languages, a briefing's
    slides and Excel appendix, and `python -m dashboard charts` up to its checks (the rendered run is
    tests/render/test_command_line_exports.py)."""
    done = _blocked(BLOCKED_STREAMLIT, fixture_db_shared)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["streamlit"] == []
    assert "trends" in result["charts"]["trends.nl"] and result["charts"]["trends.en"] == result["charts"]["trends.nl"]
    assert all(result["charts"][f"{page}.nl"] for page in ("trends", "revisies", "strafrechtketen"))
    assert result["slides"] == 1 and result["appendix"] > 1000
    cli = _blocked("import sys, runpy; sys.modules['streamlit'] = None; sys.argv = ['dashboard', *sys.argv[1:]]; "
                   "runpy.run_module('dashboard', run_name='__main__')", fixture_db_shared,
                   "charts", "--out", str(tmp_path / "out"), "overzicht")
    assert cli.returncode == 2 and "shows no chart" in cli.stderr, cli.stderr
    assert "ImportError" not in cli.stderr and "streamlit" not in cli.stderr
