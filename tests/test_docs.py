"""The documents cannot drift from the code: every command, script, SQL example, path and link they show is checked.

Fast: no browser, no server, nothing installed. What each kind of command gets:

- `python -m etl …` runs for real, on a copy of the fixture data, into a temporary folder;
- `python -m dashboard …`, `python -m bench.…`: the module's own argparse parser reads the arguments, nothing runs;
- `python -m pytest …`: its paths exist, its markers are registered, its options are known;
- `python -m streamlit run FILE --opt value`: the file exists and every option is one of Streamlit's;
- `bash scripts/X.sh …`: the script exists, `bash -n` parses it, and its arguments are checked where they go;
- every SQL block runs against a database built by the real ETL from tests/fixtures/data.

A command of another kind fails the test until a check for it is added here. The figures the SQL examples quote
are checked against the shipped data in tests/shipped/test_docs_shipped.py.
"""

from __future__ import annotations

import argparse
import importlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
DOCUMENTS = [README, *DOCS, ROOT / "data" / "README.md"]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"

FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```", re.M | re.S)
SHELL = {"bash", "sh", "shell", "console"}
NOT_COMMANDS = {"", "text", "nginx", "toml", "ini"}   # diagrams, configuration excerpts
INLINE_COMMAND = re.compile(r"`((?:python -m|bash) [^`]+)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
# Paths inside the repository worth checking; generated or local folders are left out.
PATH_SPAN = re.compile(r"`((?:app_pages|dashboard|etl|data|tests|scripts|deploy|bench|docs|\.ci|\.streamlit)/"
                       r"[\w./*-]*|app\.py)`")
GENERATED = ("data/build/", "data/user/", "bench/results/", "tests/artifacts/")


def _blocks(doc: Path) -> list[tuple[str, str]]:
    return [(lang.lower(), body) for lang, body in FENCE.findall(doc.read_text(encoding="utf-8"))]


def _prose(doc: Path) -> str:
    """The document without its fenced blocks."""
    return FENCE.sub("", doc.read_text(encoding="utf-8"))


def shell_commands(doc: Path) -> list[list[str]]:
    """Every command in the document: the lines of its shell blocks (comments dropped, continuations joined) and the
    inline `python -m …` / `bash …` spans of its prose."""
    lines = []
    for lang, body in _blocks(doc):
        if lang in SHELL:
            lines += body.replace("\\\n", " ").splitlines()
    lines += INLINE_COMMAND.findall(_prose(doc))
    return [words for words in (shlex.split(line, comments=True) for line in lines) if words]


def sql_examples(doc: Path) -> list[str]:
    return [statement.query for lang, body in _blocks(doc) if lang == "sql"
            for statement in duckdb.extract_statements(body)]


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", _prose(doc), re.M)}


# --- The README ------------------------------------------------------------------------------------------------------

def test_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8")) < 6000


def test_every_doc_is_linked_from_the_readme() -> None:
    linked = {(ROOT / target.split("#")[0]).resolve() for target in LINK.findall(README.read_text(encoding="utf-8"))}
    assert [doc.name for doc in DOCS if doc.resolve() not in linked] == []


def test_the_readme_holds_the_set_up_and_serving_commands() -> None:
    commands = [" ".join(words) for words in shell_commands(README)]
    for command in ("bash scripts/run.sh", "bash scripts/test.sh"):
        assert command in commands
    assert any(c.startswith("bash scripts/serve.sh") for c in commands)


# --- Links and paths -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_lead_somewhere(doc: Path) -> None:
    broken = []
    for target in LINK.findall(_prose(doc)):
        if re.match(r"[a-z]+:", target):   # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading with that anchor in {file.name}")
    assert broken == []


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_paths_named_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = [path for path in PATH_SPAN.findall(text)
               if not path.startswith(GENERATED) and not list(ROOT.glob(path.rstrip("/")))]
    assert missing == []


def test_slug_matches_githubs() -> None:
    assert _slug("`data/indicators.csv`: the indicator catalogue") == "dataindicatorscsv-the-indicator-catalogue"
    assert _slug("Serving over an office link: nginx in front") == "serving-over-an-office-link-nginx-in-front"


# --- Commands --------------------------------------------------------------------------------------------------------

class _Parsed(Exception):
    def __init__(self, namespace: argparse.Namespace):
        self.namespace = namespace


def parse_only(module: str, args: list[str], monkeypatch: pytest.MonkeyPatch) -> argparse.Namespace:
    """The arguments as `python -m module` would read them, without running the command."""
    original = argparse.ArgumentParser.parse_args

    def parsed(self, args=None, namespace=None):
        raise _Parsed(original(self, args, namespace))

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parsed)
    monkeypatch.setattr(sys, "argv", [module, *args])
    entry = importlib.import_module(module if module.count(".") else f"{module}.__main__")
    try:
        entry.main()
    except _Parsed as done:
        return done.namespace
    except SystemExit as exc:
        pytest.fail(f"python -m {module} {shlex.join(args)}: the arguments are refused (exit {exc.code})")
    pytest.fail(f"python -m {module}: main() returned without parsing its arguments")


def check_pytest_args(args: list[str], config: pytest.Config) -> None:
    namespace, unknown = config._parser.parse_known_and_unknown_args(args)
    assert unknown == [], f"pytest does not know {unknown}"
    for path in namespace.file_or_dir:
        assert (ROOT / str(path).split("::")[0]).exists(), f"pytest {path}: no such test file or folder"
    registered = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for expression in [namespace.markexpr] if namespace.markexpr else []:
        named = set(re.findall(r"\w+", expression)) - {"and", "or", "not"}
        assert named <= registered, f"pytest -m {expression!r}: markers {named - registered} are not registered"


def check_streamlit_args(args: list[str]) -> None:
    from streamlit import config

    options = iter(args)
    for word in options:
        if word.startswith("--"):
            name = word[2:].split("=")[0]
            config.get_option(name)   # raises for an option Streamlit does not have
            if "=" not in word:
                next(options)
        else:
            assert (ROOT / word).exists(), f"streamlit run {word}: no such file"


def check_script(words: list[str], config: pytest.Config) -> None:
    script, args = words[1], words[2:]
    path = ROOT / script
    assert path.is_file(), f"bash {script}: no such script"
    syntax = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert syntax.returncode == 0, f"bash -n {script}: {syntax.stderr}"
    if not args:
        return
    if script == "scripts/test.sh":   # its arguments go to pytest
        check_pytest_args(args, config)
    elif script == "scripts/run.sh":  # its arguments go to streamlit run app.py
        check_streamlit_args(args)
    elif "-h|--help)" in path.read_text(encoding="utf-8"):
        # the script reads its arguments in order and stops at --help before it does anything
        probe = subprocess.run(["bash", str(path), *args, "--help"], capture_output=True, text=True, timeout=30,
                               cwd=ROOT)
        assert probe.returncode == 0, f"bash {shlex.join(words[1:])}: {probe.stderr.strip()}"
    else:
        pytest.fail(f"bash {script} takes arguments in the docs but has no --help to check them against")


@pytest.fixture(scope="module")
def etl_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of the fixture data, where `python -m etl` commands may write."""
    folder = tmp_path_factory.mktemp("etl-commands")
    shutil.copytree(FIXTURE_DATA, folder / "data")
    return folder


def run_etl(args: list[str], folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from etl.__main__ import main

    monkeypatch.chdir(folder)   # `export` writes to data/build/export by default
    monkeypatch.setenv("MENSENHANDEL_DATA", str(folder / "data"))
    monkeypatch.setenv("MENSENHANDEL_DB", str(folder / "build" / "docs.duckdb"))
    if args[:1] == ["export"]:
        assert main([]) == 0, capsys.readouterr().err
    status = main(args)
    assert status == 0, f"python -m etl {shlex.join(args)} ended with {status}: {capsys.readouterr().err}"
    if args[:1] == ["export"]:
        out = Path(args[args.index("--out") + 1]) if "--out" in args else folder / "data" / "build" / "export"
        assert sorted(p.name for p in out.iterdir()) == ["figures_latest.csv", "figures_latest.parquet",
                                                         "figures_vintages.csv", "figures_vintages.parquet"]


def _commands() -> dict[str, list[str]]:
    """Each distinct command (without VAR=value before it) -> the documents that show it."""
    shown: dict[str, list[str]] = {}
    for doc in DOCUMENTS:
        for words in shell_commands(doc):
            while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
                words = words[1:]
            shown.setdefault(shlex.join(words), []).append(str(doc.relative_to(ROOT)))
    return shown


COMMANDS = _commands()


def test_the_documents_show_commands() -> None:
    shown = {doc for docs in COMMANDS.values() for doc in docs}
    assert {"README.md", "docs/curating.md", "docs/deploy.md", "docs/developing.md", "docs/pages.md"} <= shown


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_works(command: str, etl_sandbox: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture, request: pytest.FixtureRequest) -> None:
    doc = ", ".join(sorted(set(COMMANDS[command])))
    words = shlex.split(command)
    if words[0] == "bash":
        check_script(words, request.config)
    elif words[:2] == ["python", "-m"] and len(words) > 2:
        module, args = words[2], words[3:]
        if module == "etl":
            run_etl(args, etl_sandbox, monkeypatch, capsys)
        elif module == "pytest":
            check_pytest_args(args, request.config)
        elif module == "streamlit":
            assert args[:1] == ["run"], f"{command}: only `streamlit run` is checked"
            check_streamlit_args(args[1:])
        elif module in ("dashboard", "bench.run", "bench.generate"):
            parsed = parse_only(module, args, monkeypatch)
            if module == "bench.run" and parsed.only:
                from bench.run import SECTIONS

                sections = {s.__name__.removesuffix("_section") for s in SECTIONS}
                assert set(parsed.only.split(",")) <= sections, f"{command}: the sections are {sorted(sections)}"
        else:
            pytest.fail(f"{doc}: no check for `{command}`; add one to tests/test_docs.py")
    else:
        pytest.fail(f"{doc}: no check for `{command}`; add one to tests/test_docs.py")


def test_an_unknown_subcommand_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse-only check is not a formality: a renamed subcommand or option fails it."""
    with pytest.raises(pytest.fail.Exception, match="refused"):
        parse_only("dashboard", ["slides", "--out", "x"], monkeypatch)
    with pytest.raises(pytest.fail.Exception, match="refused"):
        parse_only("bench.run", ["--only-section", "etl"], monkeypatch)
    assert parse_only("dashboard", ["charts", "--out", "x", "trends"], monkeypatch).command == "charts"


def test_an_unknown_script_argument_is_caught(request: pytest.FixtureRequest) -> None:
    with pytest.raises(AssertionError, match="unknown argument"):
        check_script(["bash", "scripts/serve.sh", "--workers", "2"], request.config)
    with pytest.raises(AssertionError, match="no such script"):
        check_script(["bash", "scripts/start.sh"], request.config)
    with pytest.raises(AssertionError, match="not registered"):
        check_pytest_args(["-m", "browser"], request.config)


# --- SQL -------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_con(fixture_db_shared: Path):
    with duckdb.connect(str(fixture_db_shared), read_only=True) as con:
        yield con


SQL = [(str(doc.relative_to(ROOT)), sql) for doc in DOCUMENTS for sql in sql_examples(doc)]


def test_sql_md_shows_every_view_and_macro() -> None:
    """Every view and table macro of etl/schema.sql (the interface for analysts) has an example in docs/sql.md."""
    schema = (ROOT / "etl" / "schema.sql").read_text(encoding="utf-8")
    documented = (re.findall(r"CREATE (?:OR REPLACE )?VIEW (\w+)", schema)
                  + re.findall(r"CREATE (?:OR REPLACE )?MACRO (\w+)\([^)]*\) AS TABLE", schema))
    examples = " ".join(sql for doc, sql in SQL if doc == "docs/sql.md")
    assert documented, "no view found in etl/schema.sql"
    assert [name for name in documented if not re.search(rf"\b{name}\b", examples)] == []


@pytest.mark.parametrize(("doc", "sql"), SQL)
def test_sql_example_runs(doc: str, sql: str, fixture_con: duckdb.DuckDBPyConnection) -> None:
    result = fixture_con.execute(sql)
    assert result.description, f"{doc}: the example returns no columns"


# --- Messages quoted in the docs -------------------------------------------------------------------------------------

def test_quoted_link_errors_are_the_real_ones(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pages.md quotes the command line's message for a bad link; the parser gives that message."""
    from dashboard import views

    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    quoted = re.findall(r"`error: link '([^']+)': ([^`]+)`", (ROOT / "docs" / "pages.md").read_text(encoding="utf-8"))
    assert quoted
    for link, message in quoted:
        with pytest.raises(views.ViewError) as raised:
            views.parse(link, "en")
        assert "; ".join(raised.value.problems) == message
