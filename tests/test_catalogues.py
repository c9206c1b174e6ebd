"""The interface's words (dashboard/locale/<language>/LC_MESSAGES/messages.po): every key the code names is in both
catalogues, every key in a catalogue is named by the code, both languages have the same keys and placeholders, and a
key missing at run time never shows as itself."""

from __future__ import annotations

import ast
import logging
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard import i18n
from etl import validate

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "dashboard").rglob("*.py"))]
KEY = re.compile(r"[a-z_]+(\.[a-z0-9_]+)*")


@dataclass
class Uses:
    """What code says about keys: the first argument of every `t(...)` call, written out (`called`) or built from a
    fixed beginning (`prefixes`: `t(f"step.{step}")`), and every string literal (a key kept in a table first)."""

    called: dict[str, str] = field(default_factory=dict)     # key -> where
    prefixes: dict[str, str] = field(default_factory=dict)   # beginning -> where
    literals: set[str] = field(default_factory=set)


def scan(sources: dict[str, str]) -> Uses:
    uses = Uses()
    for where, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                uses.literals.add(node.value)
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            if (func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)) != "t":
                continue
            at = f"{where}:{node.lineno}"
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for arg in options:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    uses.called.setdefault(arg.value, at)
                elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                    uses.prefixes[str(arg.values[0].value)] = at
                elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                    uses.prefixes[str(arg.left.value)] = at
    return uses


@pytest.fixture(scope="module")
def uses() -> Uses:
    return scan({str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in CODE})


@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[str, str]]:
    return {language: i18n.catalogue(language) for language in i18n.LANGUAGES}


def test_the_scanner_sees_written_built_and_tabled_keys() -> None:
    found = scan({"x.py": 'HEADERS = {"a": "xl.series"}\n'
                          't("c.table", language)\n'
                          'state.t(f"step.{step}")\n'
                          't("alt.kind." + kind, language)\n'
                          't("c.source" if one else "c.sources", language)\n'
                          't(label, language)\n'})
    assert set(found.called) == {"c.table", "c.source", "c.sources"}
    assert set(found.prefixes) == {"step.", "alt.kind."}
    assert "xl.series" in found.literals


def test_every_key_the_code_asks_for_is_in_both_catalogues(uses: Uses, catalogues) -> None:
    """Keys written in a `t(...)` call, and every beginning a key is built from. (A key kept in a table first and
    handed to t() as a variable is found at run time: MissingLabel, in the page and export tests.)"""
    for language, catalogue in catalogues.items():
        missing = {key: where for key, where in uses.called.items() if key not in catalogue}
        assert not missing, f"asked for but not in the {language} catalogue: {missing}"
        empty = {prefix: where for prefix, where in uses.prefixes.items()
                 if not any(key.startswith(prefix) for key in catalogue)}
        assert not empty, f"keys built from these beginnings, none of them in the {language} catalogue: {empty}"


def completions() -> set[str]:
    """What a built key's beginning can be completed with: a string the ETL writes (a chain step, a qualifier) or a
    word of the data (a breakdown dimension in data/*.csv)."""
    words = scan({str(p): p.read_text(encoding="utf-8") for p in sorted((ROOT / "etl").glob("*.py"))}).literals
    for path in sorted((ROOT / "data").rglob("*.csv")):
        words |= set(re.findall(r"[a-z_]+", path.read_text(encoding="utf-8")))
    return words


def test_every_key_in_a_catalogue_is_used(uses: Uses, catalogues) -> None:
    """A key counts as used when the code writes it; or builds it from a beginning it writes (`t(f"step.{step}")`)
    and the rest is a string the code, the ETL or the data writes (`"summons"`); or it is the word of an interface
    value (`value.status.revised`, asked for by `value_label("status", ...)`)."""
    kinds_used = {kind for kind in i18n.INTERFACE_KINDS
                  if kind in scan({str(p): p.read_text(encoding="utf-8") for p in CODE if p.name != "i18n.py"}).literals}
    assert kinds_used == set(i18n.INTERFACE_KINDS), "an interface kind nothing asks value_label for"
    rests = uses.literals | completions()
    unused = [key for key in catalogues["nl"]
              if key not in uses.literals
              and not any(key.startswith(p) and key[len(p):] in rests for p in uses.prefixes)
              and not (key.startswith("value.") and key.split(".")[1] in i18n.INTERFACE_KINDS)]
    assert not unused, f"in the catalogue, named nowhere in the code: delete them ({len(unused)}): {unused}"


def test_both_languages_have_the_same_keys_and_placeholders(catalogues) -> None:
    nl, en = catalogues["nl"], catalogues["en"]
    assert set(nl) - set(en) == set(), "only in Dutch"
    assert set(en) - set(nl) == set(), "only in English"

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    different = {key: (fields(nl[key]), fields(en[key])) for key in nl if fields(nl[key]) != fields(en[key])}
    assert not different, f"placeholders differ between the languages: {different}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_catalogue_is_clean_gettext(language: str) -> None:
    """Babel reads it without complaint; nothing fuzzy, untranslated or written twice (Babel would keep one)."""
    path = i18n.catalogue_path(language)
    with path.open("rb") as file:
        catalogue = read_po(file, locale=language, abort_invalid=True)
    assert str(catalogue.locale) == language
    entries = [m for m in catalogue if m.id]
    assert entries and all(m.string and not m.fuzzy for m in entries), [m.id for m in entries if not m.string or m.fuzzy]
    ids = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert not catalogue.obsolete
    assert all(KEY.fullmatch(str(m.id)) for m in entries), "keys are lower-case words, dotted: page.trends"


@pytest.mark.parametrize("kind, allowed", [
    ("status", validate.STATUSES), ("note_kind", validate.NOTE_KINDS), ("source_kind", validate.SOURCE_KINDS),
    ("missing_reason", validate.MISSING_REASONS), ("direction", validate.DIRECTIONS),
    ("qualifier", validate.QUALIFIERS),
])
def test_interface_values_are_exactly_the_etls(kind: str, allowed: tuple[str, ...], catalogues) -> None:
    """Every value the ETL lets through has its words, and no word waits for a value that cannot come."""
    for catalogue in catalogues.values():
        assert {key.split(".", 2)[2] for key in catalogue if key.startswith(f"value.{kind}.")} == set(allowed)


def test_a_key_missing_in_one_language_shows_the_other_and_is_logged(monkeypatch) -> None:
    monkeypatch.setitem(i18n.catalogue("nl"), "test.only_dutch", "alleen Nederlands")
    i18n._fallback.cache_clear()
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("dashboard.i18n")   # its own handler: logs.configure() may stop propagation
    logger.addHandler(handler)
    try:
        assert i18n.t("test.only_dutch", "en") == "alleen Nederlands"
    finally:
        logger.removeHandler(handler)
        i18n._fallback.cache_clear()
    assert [r.getMessage() for r in records] == [
        "label 'test.only_dutch' is missing from the en catalogue: shown in nl"]


def test_a_key_no_catalogue_has_raises_instead_of_showing_itself() -> None:
    with pytest.raises(i18n.MissingLabel, match=r"chart\.no_such_label"):
        i18n.t("chart.no_such_label", "nl")
    assert i18n.t("page.trends", "en") == "Trends" and i18n.t("c.due", "nl", year=2025) == "doel 2025"


def test_a_data_value_without_words_passes_through() -> None:
    """Unlike an interface key, a value from the data may be new: it shows as written."""
    assert i18n.value_label("status", "some_new_status", "nl") == "some_new_status"
    assert i18n.value_label("status", "estimate", "nl") == "schatting"
