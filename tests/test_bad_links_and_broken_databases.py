"""The running app (Streamlit's AppTest) against hostile links, and against a database that is missing, broken,
locked by a writer or from an older schema.

Hostile links: every page gets every URL parameter it declares (and `lang`, and unknown keys) set to SQL fragments,
quotes, markup, unicode tricks, control characters, 10,000-character values, wrong types and repeated keys. Each is
dropped with a warning naming it, the address bar goes back to the page's default view, the page shows what it shows
without the link, and a spy on every DuckDB connection proves that none of these strings reached an SQL text or a
query parameter.

The database: every state ends in the page working or a message saying what is wrong and the command that fixes it,
never a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db, state
from etl.build import SCHEMA_VERSION, build
from tests.helpers import as_the_browser_writes_it

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
PAGES = ["overzicht", "trends", "revisies", "strafrechtketen", "opvang", "doelen", "bronnen"]

# --- Hostile links ---------------------------------------------------------------------------------------------

HOSTILE: dict[str, Any] = {
    "sql-drop": "1;DROP TABLE figures--",
    "sql-or": "' OR 1=1 --",
    "sql-union": "latest' UNION SELECT input_checksum FROM build_info --",
    "sql-comment": "totaal/**/OR/**/1=1",
    "quotes": "\"'`\\",
    "html": "<script>alert(1)</script>",
    "markdown": ":red[**boo**] $x^2$ [klik](http://example.org)",
    "rtl-override": "\u202etotaal\u202c",
    "emoji": "📈🔥",
    "zero-width": "totaal\u200b",
    "nul": "totaal\x00",
    "escape": "\x1b[2J\x1b[31m",
    "newline": "2022\n2023",
    "overlong-digits": "9" * 10_000,
    "overlong-text": "x" * 10_000,
    "overlong-list": ",".join(["victims_registered_comensha"] * 300),   # 13 or more: over the limit of 12
    "huge-number": "99999999999",
    "negative": "-1",
    "float": "1e3",
    "nan": "NaN",
    "word": "abc",
    "superscript-digit": "²",
    "arabic-digits": "٢٠٢٣",
    "padded-year": " 2023",
    "repeated-key": ["1", "0"],
}
UNKNOWN_KEYS = ["from", "1;DROP TABLE figures--", "<script>", "ind[]", "\u202ebd", "x" * 2_000]


class Recorder:
    """A DuckDB connection or cursor that notes every SQL text and its parameters before running it."""

    def __init__(self, inner: Any, log: list[tuple[str, Any]]):
        self._inner, self._log = inner, log

    def execute(self, sql: str, parameters: Any = None, *args: Any, **kwargs: Any) -> Any:
        self._log.append((sql, parameters))
        if parameters is None:
            return self._inner.execute(sql, *args, **kwargs)
        return self._inner.execute(sql, parameters, *args, **kwargs)

    def sql(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        self._log.append((sql, kwargs.get("params")))
        return self._inner.sql(sql, *args, **kwargs)

    query = sql

    def cursor(self) -> Recorder:
        return Recorder(self._inner.cursor(), self._log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._inner.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture database, shared by the hostile-link tests (they only read it)."""
    database = tmp_path_factory.mktemp("hostile") / "mensenhandel.duckdb"
    build(FIXTURE_DATA, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENSENHANDEL_DB", str(database))
        yield database


@pytest.fixture
def sql_log(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL text and parameter list sent to DuckDB during the test, by any connection made in it.

    (The recorder hides the caller's variables from DuckDB's replacement scans, which the ETL uses: so it is on only
    for these tests, which never build.)"""
    log: list[tuple[str, Any]] = []
    real_connect = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: Recorder(real_connect(*a, **k), log))
    db._connect.cache_clear()      # the page's connection is made (and recorded) afresh
    db._cached.cache_clear()       # and every query runs again
    yield log
    db._connect.cache_clear()      # a cached recording connection must not outlive the test


def _open(page: str, params: dict[str, Any] | None = None) -> AppTest:
    """`page` opened by a link carrying `params`, as a shared link arrives.

    AppTest runs app.py (the frame: language, database check) only on an AppTest's first run; later runs execute the
    page script alone. So the overview, the default page, gets the link on the first run (frame and page both read
    it); another page gets it after a switch, where only the page reads it: `lang` is then not checked."""
    at = AppTest.from_file(APP, default_timeout=60)
    if page != "overzicht":
        as_the_browser_writes_it(at.run())
        at.switch_page(f"app_pages/{page}.py")
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return as_the_browser_writes_it(at)


def _shown(at: AppTest) -> dict[str, Any]:
    """What a page shows, in a form two runs can be compared by."""
    return {
        "title": [e.value for e in at.title],
        "charts": len(at.get("plotly_chart")),
        "tables": [d.value.astype(str).to_numpy().tolist() for d in at.dataframe],
        "metrics": [(m.label, m.value) for m in at.metric],
    }


@pytest.fixture(scope="module")
def clean(hostile_db: Path) -> dict[str, tuple[dict, dict]]:
    """Each page opened without parameters: its default URL and what it shows."""
    out = {}
    for page in PAGES:
        at = _open(page)
        assert not at.exception and not at.warning, page
        shown = _shown(at)
        assert shown["charts"] or shown["tables"] or shown["metrics"], f"{page} shows nothing to compare against"
        out[page] = (dict(at.query_params), shown)
    return out


def _reached_sql(log: list[tuple[str, Any]], hostile: str) -> list[str]:
    """Statements whose text or parameters contain `hostile` (texts: only strings long enough to mean something, as a
    token of their own: the key 'from' is not the column name derived_from)."""
    hits = []
    token = re.compile(r"(?<!\w)" + re.escape(hostile) + r"(?!\w)")
    for sql, params in log:
        if len(hostile) >= 4 and token.search(sql):
            hits.append(sql)
        flat = []
        for p in params or []:
            flat.extend(p if isinstance(p, (list, tuple)) else [p])
        if hostile and any(isinstance(p, str) and (hostile in p if len(hostile) >= 4 else hostile == p) for p in flat):
            hits.append(f"{sql} <- {params}")
    return hits


# The fast tier: every page with one SQL fragment, and every kind of value on Trends (the page with most
# parameters); the stress tier: every kind on every page.
SAMPLE = {(page, "sql-drop") for page in PAGES} | {("trends", name) for name in HOSTILE}
CASES = [pytest.param(page, name, id=f"{page}-{name}", marks=() if (page, name) in SAMPLE else pytest.mark.stress)
         for page in PAGES for name in HOSTILE]


@pytest.mark.parametrize(("page", "case"), CASES)
def test_hostile_values_are_dropped_and_never_reach_sql(page: str, case: str, clean, sql_log) -> None:
    default_url, default_shown = clean[page]
    value = HOSTILE[case]
    # every parameter the page declares, and the frame's `lang` where AppTest runs the frame (see _open)
    names = [name for name in default_url if name != "lang" or page == "overzicht"]
    params = {name: value for name in names}
    params["from"] = value                        # and a key no page knows

    at = _open(page, params)

    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    for name in names:
        assert any(f"`{name}`" in w for w in warnings), (name, warnings)
    assert any("`from`" in w for w in warnings), warnings
    assert all(ch.isprintable() for w in warnings for ch in w), "bad values are echoed without control characters"
    assert max(len(w) for w in warnings) < 200, "an overlong value is shortened in the message"
    assert dict(at.query_params) == default_url, "the link is replaced by the page's default view"
    assert _shown(at) == default_shown, "the page shows what it shows without the link"
    assert sql_log, "the spy saw the page's queries"
    for hostile in value if isinstance(value, list) else [value]:
        assert _reached_sql(sql_log, hostile) == []


KEY_CASES = [pytest.param(page, key, id=f"{page}-{name}", marks=() if page == "trends" else pytest.mark.stress)
             for page in PAGES
             for key, name in zip(UNKNOWN_KEYS, ["plain", "sql", "markup", "brackets", "rtl", "overlong"])]


@pytest.mark.parametrize(("page", "key"), KEY_CASES)
def test_unknown_keys_are_named_and_removed(page: str, key: str, clean, sql_log) -> None:
    default_url, default_shown = clean[page]
    at = _open(page, {key: "1"})
    assert not at.exception
    assert any(f"`{state._show([key])}`" in w.value for w in at.warning), [w.value for w in at.warning]
    assert key not in at.query_params and dict(at.query_params) == default_url
    assert _shown(at) == default_shown
    if len(key) >= 4:
        assert _reached_sql(sql_log, key) == []


def test_repeated_keys_where_one_value_is_expected(clean, sql_log) -> None:
    at = _open("trends", {"vintage": ["latest", "first"], "years": ["2022-2023", "2023-2024"], "chart": ["bar"] * 2})
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    assert "`vintage`" in warned and "`years`" in warned and "`chart`" in warned
    assert at.query_params["vintage"] == "latest" and at.query_params["chart"] == "line"


def test_repeated_keys_for_a_list_are_one_list(clean, sql_log) -> None:
    """Where several values are meant (indicators), a repeated key is a valid link, deduplicated."""
    at = _open("trends", {"ind": ["labour_investigations", "victims_registered_comensha", "labour_investigations"]})
    assert not at.exception and not [w.value for w in at.warning if "in de link" in w.value]
    assert at.multiselect[0].value == ["labour_investigations", "victims_registered_comensha"]
    assert at.query_params["ind"] == "labour_investigations,victims_registered_comensha"


def test_valid_link_next_to_hostile_one_keeps_the_valid_part(clean, sql_log) -> None:
    at = _open("trends", {"ind": "labour_investigations", "bd": "arbeid", "vintage": "first",
                          "years": "' OR 1=1 --", "junk": "\x00"})
    assert not at.exception
    assert {"`years`", "`junk`"} <= {part for w in at.warning for part in w.value.split() if part.startswith("`")}
    assert at.query_params["vintage"] == "first" and at.query_params["ind"] == "labour_investigations"
    assert set(at.dataframe[0].value["Waarde"]) == {"15", "8"}    # as first published, before the recount
    assert _reached_sql(sql_log, "' OR 1=1 --") == []


def test_query_string_over_streamlits_limit_is_ignored_whole(clean, sql_log) -> None:
    """Streamlit itself ignores a query string over 512 KiB (and says so in the server log): the page opens as
    without the link. Nothing is named, as the app never sees it; nothing breaks and nothing reaches SQL."""
    default_url, default_shown = clean["trends"]
    at = _open("trends", {"ind": "' OR 1=1 --" * 50_000})
    assert not at.exception and _shown(at) == default_shown
    without_lang = {k: v for k, v in at.query_params.items() if k != "lang"}
    assert without_lang == {k: v for k, v in default_url.items() if k != "lang"}
    assert at.query_params.get("lang", "nl") == "nl"
    assert _reached_sql(sql_log, "' OR 1=1 --") == []


def test_hostile_language_falls_back_to_dutch(clean, sql_log) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en' OR '1'='1"
    as_the_browser_writes_it(at.run())
    assert not at.exception
    assert any("`lang`" in w.value for w in at.warning)
    assert at.query_params["lang"] == "nl" and at.title[0].value == "Mensenhandel in cijfers"


# --- The database: missing, broken, locked, old -----------------------------------------------------------------

def _run_app(database: Path, monkeypatch: pytest.MonkeyPatch, data: Path | None = None) -> AppTest:
    monkeypatch.setenv("MENSENHANDEL_DB", str(database))
    if data is not None:
        monkeypatch.setenv("MENSENHANDEL_DATA", str(data))
    return AppTest.from_file(APP, default_timeout=60).run()


def _explains(at: AppTest, *fragments: str, midway: bool = False) -> str:
    """The page shows one error with the given text and the command to run; no traceback, and no page content
    unless the failure came `midway` through the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value
    code = "\n".join(c.value for c in at.code)
    for fragment in fragments:
        assert fragment in message + "\n" + code, (fragment, message, code)
    assert "python -m etl" in code
    assert "Traceback" not in message + code
    if not midway:
        assert not at.metric and not at.dataframe, "nothing is shown from a database that could not be used"
    return message


def test_missing_database_with_broken_data_lists_every_problem(tmp_path: Path, fixture_data: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    figures = fixture_data / "figures" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace(",868,", ",8x8,").replace("ah-2024-2025-1651", "no-such-source", 1),
                       encoding="utf-8")
    at = _run_app(tmp_path / "missing.duckdb", monkeypatch, fixture_data)
    _explains(at, "kon niet worden opgebouwd", "python -m etl check", "figures.csv line", "'8x8' is not a number",
              "unknown source 'no-such-source'")
    assert not (tmp_path / "missing.duckdb").exists()


def test_missing_database_with_good_data_is_built(tmp_path: Path, fixture_data: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "new" / "mensenhandel.duckdb"
    at = _run_app(database, monkeypatch, fixture_data)
    assert not at.exception and not at.error
    assert database.exists() and "868" in {m.value for m in at.metric}


@pytest.mark.parametrize("damage", ["garbage", "empty", "text", "truncated-4k", "truncated-half", "truncated-90pct",
                                    "directory"])
def test_damaged_database_file_is_refused_with_the_way_out(damage: str, tmp_path: Path, fixture_db: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    whole = fixture_db.read_bytes()
    database = tmp_path / "damaged.duckdb"
    if damage == "directory":
        database.mkdir()
    else:
        database.write_bytes({
            "garbage": os.urandom(64 * 1024), "empty": b"", "text": b"figures,868\n",
            "truncated-4k": whole[:4096], "truncated-half": whole[: len(whole) // 2],
            "truncated-90pct": whole[: len(whole) * 9 // 10],
        }[damage])
    at = _run_app(database, monkeypatch)
    if damage == "truncated-90pct" and not at.error:
        # the tail of a DuckDB file can be free blocks: then nothing is lost and the page must simply work
        assert not at.exception and "868" in {m.value for m in at.metric}
        return
    _explains(at, "kan niet worden geopend", str(database))


def test_database_damaged_under_a_running_app(fixture_data: Path, fixture_db: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The process has the good file open and cached; then the file is cut in half in place (a full disk, a bad
    copy). The next page view refuses it; a rebuild brings the page back. (Each view is a new AppTest: AppTest
    reruns only the page script, where the real app runs app.py, which checks the database, on every view.)"""
    assert "868" in {m.value for m in _run_app(fixture_db, monkeypatch).metric}
    whole = fixture_db.read_bytes()
    with open(fixture_db, "r+b") as handle:
        handle.truncate(len(whole) // 2)
    _explains(_run_app(fixture_db, monkeypatch), "kan niet worden geopend")
    build(fixture_data, fixture_db)   # the way out the message gives
    at = _run_app(fixture_db, monkeypatch)
    assert not at.exception and not at.error and "868" in {m.value for m in at.metric}


def test_read_error_in_the_middle_of_a_page_is_explained(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: a read error after the file was checked (a disk failing) still ends in a message."""
    calls = {"n": 0}
    real = db._cached

    def failing(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 2:
            raise duckdb.IOException('Could not read enough bytes from file "x": attempted to read 4096 bytes')
        return real(*args)

    monkeypatch.setattr(db, "_cached", failing)
    at = _run_app(fixture_db, monkeypatch)
    assert calls["n"] == 3, "the page got past its first queries before the read failed"
    _explains(at, "kan niet worden geopend", "Could not read enough bytes", midway=True)


@pytest.mark.parametrize("change, found", [
    ("UPDATE build_info SET schema_version = 0", "schemaversie 0"),
    ("DROP TABLE build_info", "schemaversie 0"),
    ("ALTER TABLE build_info DROP COLUMN schema_version", "schemaversie 0"),
    (f"UPDATE build_info SET schema_version = {SCHEMA_VERSION + 1}", f"schemaversie {SCHEMA_VERSION + 1}"),
    ("DELETE FROM build_info", "build_info is empty"),
])
def test_database_from_another_schema_says_so(change: str, found: str, fixture_db: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with duckdb.connect(str(fixture_db)) as con:
        con.execute(change)
    at = _run_app(fixture_db, monkeypatch)
    _explains(at, found)


WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
con.execute("DELETE FROM notes")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
con.close()
"""


@pytest.fixture
def writer(fixture_db: Path) -> Iterator[callable]:
    """Start a process holding the database read-write with an open transaction for `seconds` (then it exits)."""
    started: list[subprocess.Popen] = []

    def start(seconds: float) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(fixture_db), str(seconds)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "holding", proc.stderr.read()
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_database_locked_by_a_writer_is_explained(writer, fixture_data: Path, fixture_db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    proc = writer(60)
    started = time.monotonic()
    at = _run_app(fixture_db, monkeypatch)
    waited = time.monotonic() - started
    message = _explains(at, "kan niet worden geopend", "Conflicting lock", f"PID {proc.pid}")
    assert 2 < waited < 30, "the app waits a moment for the writer, then explains"
    assert str(fixture_db) in message
    # The way out the message gives works even while the writer holds the old file: a rebuild is a new file.
    build(fixture_data, fixture_db)
    at.run()
    assert not at.exception and not at.error and "868" in {m.value for m in at.metric}


def test_database_locked_briefly_is_waited_for(writer, fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer(1.0)
    at = _run_app(fixture_db, monkeypatch)
    assert not at.exception and not at.error
    assert "868" in {m.value for m in at.metric}


# The briefing page (new) reads no view parameters of its own.

@pytest.mark.parametrize("case", ["sql-drop", "nul", "overlong-text", "markdown"])
def test_briefing_page_survives_hostile_links(case: str, clean, sql_log) -> None:
    value = HOSTILE[case]
    at = _open("briefing", {"from": value, "title": value})
    assert not at.exception and at.title[0].value == "Briefing"
    assert _reached_sql(sql_log, value) == []


def test_briefing_page_names_and_drops_unknown_keys(clean, sql_log) -> None:
    at = _open("briefing", {"junk": "1"})
    assert any("`junk`" in w.value for w in at.warning) and "junk" not in at.query_params


def test_index_link_with_a_base_year_without_figures(clean, sql_log) -> None:
    at = _open("trends", {"index": "1"})
    assert not at.exception, [e.value for e in at.exception]
