"""The page models: each page's view takes its own typed parameters and returns its own dataclass, every chart of a
view is listed in its `charts` (what the briefing, the decks and the command line take), and the pages read the
models by field, never by string key. A renamed field fails here, not in front of a reader."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from dashboard import charts, views
from dashboard.views import base, trends

ROOT = Path(__file__).resolve().parent.parent

# every page's default view, and views that take the other paths of their build
LINKS = [*views.PAGES, "trends?bd=*&yoy=1", "trends?yoy=1&vintage=compare&asof=2024-01-01", "trends?ind=",
         "trends?index=1&rate=1", "doelen?replaced=1", "wijzigingen?from=2020-01-01"]


@pytest.fixture(autouse=True)
def _fixture_db(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))


def _specs_in(value: Any) -> list[charts.ChartSpec]:
    """Every chart held anywhere in a view's fields (in lists and nested dataclasses too)."""
    if isinstance(value, charts.ChartSpec):
        return [value]
    if isinstance(value, list | tuple):
        return [spec for item in value for spec in _specs_in(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [spec for f in dataclasses.fields(value) for spec in _specs_in(getattr(value, f.name))]
    return []


def test_every_page_has_a_params_type_and_a_view_type_and_its_build_says_so() -> None:
    assert set(views.MODELS) == set(views.MODULES) == set(views.PAGES)
    overloads = {typing.get_type_hints(f)["page"].__args__[0]: typing.get_type_hints(f)["return"]
                 for f in typing.get_overloads(views.charts_of) if hasattr(typing.get_type_hints(f)["page"], "__args__")}
    for page, (params_type, view_type) in views.MODELS.items():
        hints = typing.get_type_hints(views.MODULES[page].build)
        assert list(hints.values()) == [params_type, str, view_type], page
        assert overloads[page] is view_type, page   # charts_of("trends", …) is typed as what it returns
        assert issubclass(view_type, base.PageView) and issubclass(params_type, base.PageParams), page
        assert params_type.__dataclass_params__.frozen, page


def test_each_params_type_names_exactly_the_page_s_url_parameters() -> None:
    for page, (params_type, _) in views.MODELS.items():
        declared = [p.name for p in views.params(page)]
        named = [f.metadata.get("url", f.name) for f in dataclasses.fields(params_type)]
        assert named == declared, page


@pytest.mark.parametrize("link", LINKS)
def test_each_page_s_view_returns_its_own_dataclass_with_every_chart_in_charts(link: str) -> None:
    page, values, _ = views.parse(link)
    params_type, view_type = views.MODELS[page]
    typed = views.params_of(page, values)
    assert type(typed) is params_type and hash(typed) == hash(params_type.from_values(values))
    result = views.charts_of(page, values, "nl")
    assert type(result) is view_type
    # no chart is held where the briefing and the command line would not find it, none is listed twice
    held = _specs_in(result)
    assert sorted(map(id, held)) == sorted(map(id, result.charts)) and len(set(map(id, held))) == len(held)
    assert len({spec.key for spec in result.charts}) == len(result.charts)
    assert all(result.spec(spec.key) is spec for spec in result.charts)
    assert all(m.kind in typing.get_args(base.MessageKind) and m.text for m in result.messages)
    # the fields hold what their annotations say (a None only where the type allows it)
    hints = typing.get_type_hints(view_type)
    for f in dataclasses.fields(result):
        hint = hints[f.name]
        allowed = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        assert isinstance(getattr(result, f.name), tuple(typing.get_origin(a) or a for a in allowed)), (page, f.name)


def test_the_build_gets_its_params_typed_and_the_view_is_cached_on_them() -> None:
    values = {"ind": ["victims_registered_comensha"], "bd": "totaal", "years": (2015, 2023), "vintage": "latest",
              "asof": dt.date(2024, 1, 1), "chart": "line", "index": False, "base": 2015, "yoy": False,
              "rate": False}
    typed = views.params_of("trends", values)
    assert isinstance(typed, trends.TrendsParams)
    assert typed.indicators == ("victims_registered_comensha",) and typed.breakdown == "totaal"   # a list: a tuple
    assert typed.url_values() == {**values, "ind": ("victims_registered_comensha",)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        typed.years = (2000, 2001)
    # the same view, however its values were written (a list or a tuple, in any order), is one cache entry
    first = views.charts_of("trends", values, "nl")
    again = views.charts_of("trends", dict(reversed({**values, "ind": ("victims_registered_comensha",)}.items())),
                            "nl")
    assert again is first
    assert views.charts_of("trends", {**values, "yoy": True}, "nl") is not first


def test_params_refuse_a_missing_or_unknown_parameter() -> None:
    with pytest.raises(TypeError, match="missing parameters \\['pair'\\]"):
        views.params_of("revisies", {"fig": "-"})
    with pytest.raises(TypeError, match="unknown parameters \\['lang'\\]"):
        views.params_of("revisies", {"fig": "-", "pair": "-", "lang": "en"})


# --- The pages read the models by field --------------------------------------------------------------------------

def _page_reads(path: Path) -> tuple[str | None, list[ast.Attribute], list[ast.Subscript]]:
    """The page a script asks `views.charts_of` for, every attribute it reads from the result, and every subscript
    with a string key on a result's attribute (`result.tables["x"]`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    page, names = None, set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "charts_of"):
            first = node.value.args[0]
            assert isinstance(first, ast.Constant), f"{path.name}: charts_of names its page as written"
            page = first.value
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    reads = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
             and n.value.id in names]
    keyed = [n for n in ast.walk(tree) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute)
             and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)
             and (n.value.attr in ("tables", "parts") or n.value in reads)]
    return page, reads, keyed


def _problems(path: Path) -> tuple[str | None, list[str]]:
    """The page a script shows, and every read of its view that is not by a field the view's type has."""
    text = path.read_text(encoding="utf-8")
    problems = [f"{path.name}: {pattern}" for pattern in (".tables[", ".parts[", ".specs", ".key.startswith(")
                if pattern in text]
    page, reads, keyed = _page_reads(path)
    problems += [f"{path.name} line {n.lineno}: a view read by string key" for n in keyed]
    if page is not None:
        view_type = views.MODELS[page][1]
        known = {f.name for f in dataclasses.fields(view_type)} | {n for n in dir(view_type) if not n.startswith("_")}
        problems += [f"{path.name} line {r.lineno}: {view_type.__name__} has no field {r.attr!r}"
                     for r in sorted(reads, key=lambda r: (r.lineno, r.col_offset)) if r.attr not in known]
    return page, problems


def test_pages_read_their_view_by_field_never_by_string_key() -> None:
    shown = {}
    for path in sorted((ROOT / "app_pages").glob("*.py")):
        page, problems = _problems(path)
        assert not problems
        if page is not None:
            shown[page] = path.name
    assert set(shown) == set(views.PAGES)   # every page's view is read by a page script, and checked here


def test_the_page_check_finds_a_string_key_and_a_field_the_view_does_not_have(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text('result = views.charts_of("bronnen", {}, "nl")\nshow(result.tables["coverage"])\n'
                    'show(result.catalogue)\nshow(result.coverag)\n', encoding="utf-8")
    name, problems = _problems(page)
    assert name == "bronnen"
    assert problems == ["page.py: .tables[", "page.py line 2: a view read by string key",
                        "page.py line 2: SourcesView has no field 'tables'",
                        "page.py line 4: SourcesView has no field 'coverag'"]
