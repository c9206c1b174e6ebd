"""Briefings: the file round trip and its checks, and the exports read back (deck, PDF, workbook), reproducibly.

The numbers are the sources': labour-exploitation investigations 28 (2022) and 21 (2023) after the recount.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from dashboard import briefing, db, decks

BROWSER = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(not BROWSER, reason="no Chrome/Chromium for kaleido")


@pytest.fixture
def build(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    return db.build_info()


def _briefing(language: str = "nl") -> briefing.Briefing:
    return briefing.Briefing(title="Debat mensenhandel – mei", language=language, items=[
        briefing.Item(view="trends?ind=labour_investigations&bd=arbeid&lang=nl", chart="trends",
                      title="Onderzoeken naar arbeidsuitbuiting", takeaway="Na de hertelling: 28 en 21 onderzoeken."),
        briefing.Item(view="doelen", chart="targets-progress", title="Doelen", takeaway="Geen cijfers na 2020."),
    ])


def test_file_round_trip_is_small_and_readable(build) -> None:
    raw = briefing.dumps(_briefing())
    body = json.loads(raw)
    assert body["format"] == "mensenhandel-briefing" and body["version"] == 1
    assert body["items"][0]["takeaway"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "–" in raw.decode("utf-8"), "written as readable UTF-8, not \\u escapes"
    assert briefing.loads(raw) == _briefing()


@pytest.mark.parametrize("change, expected", [
    (lambda b: b["items"][0].update(view="trends?ind=no_such_indicator"), "Onderdeel 1: Ongeldige waarde voor 'ind'"),
    (lambda b: b["items"][0].update(view="trends?vintage='; DROP TABLE figures; --"), "'vintage'"),
    (lambda b: b["items"][1].update(view="doelen?junk=1"), "Onderdeel 2: Onbekende parameter 'junk'"),
    (lambda b: b["items"][1].update(view="../../etc/passwd"), "Onbekende pagina"),
    (lambda b: b.update(version=7), "Versie 7"),
    (lambda b: b.update(language="fr"), "'fr'"),
    (lambda b: b["items"][0].update(title=123), "veld 'title'"),
])
def test_bad_files_are_refused_with_every_problem_named(build, change, expected: str) -> None:
    body = json.loads(briefing.dumps(_briefing()))
    change(body)
    with pytest.raises(briefing.BriefingError) as caught:
        briefing.loads(json.dumps(body).encode())
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_not_a_briefing_at_all(build) -> None:
    for data in (b"not json {", b'{"a": 1}', b"x" * 300_000):
        with pytest.raises(briefing.BriefingError):
            briefing.loads(data, "en")


@needs_browser
def test_deck_holds_titles_takeaways_sources_and_build(build) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(decks.deck(_briefing(), build)))
    slides = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]
    assert len(slides) == 1 + 2 + 1, "cover, one slide per chart, closing slide with the sources"
    assert slides[1][0] == "Onderzoeken naar arbeidsuitbuiting"
    assert slides[1][1] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "Aanhangsel Handelingen, 2024Z16674" in slides[1][2] and "Databasebuild" in slides[1][2]
    assert sum(1 for shape in list(deck.slides)[1].shapes if shape.shape_type == 13) == 1, "one chart picture"
    assert slides[3][0] == "Bronnen"
    assert "Kamerstuk 36410 VI nr. 2" in slides[3][1] and "Aanhangsel Handelingen, 2024Z16674" in slides[3][1]
    assert deck.core_properties.created.strftime("%Y-%m-%d %H:%M") == build.built_at


@needs_browser
def test_pdf_one_page_per_chart_with_the_same_content(build) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(decks.pdf(_briefing(), build)))
    assert len(reader.pages) == 1 + 2 + 1
    page = reader.pages[1].extract_text()
    assert "Onderzoeken naar arbeidsuitbuiting" in page and "Na de hertelling: 28 en 21 onderzoeken." in page
    assert "2024Z16674" in page and build.input_checksum[:8] in page


def test_workbook_holds_the_numbers_with_sources_and_vintages(build) -> None:
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(decks.workbook(_briefing(), build)), sheet_name=None)
    assert list(sheets) == ["Inhoud", "1 trends", "2 targets-progress"]
    contents = sheets["Inhoud"]
    assert contents.loc[0, "Kernboodschap"] == "Na de hertelling: 28 en 21 onderzoeken."
    assert build.input_checksum[:8] in contents.loc[0, "Databasebuild"]
    figures = sheets["1 trends"]
    assert sorted(figures["value"]) == [21, 28]
    assert set(figures["status"]) == {"corrected"} and figures["source_reference"].str.contains("2024Z16674").all()
    assert {"published", "vintage"} <= set(figures.columns)


@needs_browser
@pytest.mark.parametrize("make", [decks.deck, decks.pdf, decks.workbook], ids=["pptx", "pdf", "xlsx"])
def test_same_briefing_and_data_give_byte_identical_files(build, make) -> None:
    first = make(_briefing(), build)
    time.sleep(1.1)   # writers stamp the current second (zip entries, document properties): none may leak through
    assert make(_briefing(), build) == first


def test_english_briefing_has_no_dutch_labels(build) -> None:
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(decks.workbook(_briefing("en"), build)), sheet_name=None)
    assert "Contents" in sheets and "Inhoud" not in sheets
    assert "Database build" in sheets["Contents"].columns


def test_a_view_without_that_chart_is_named(build) -> None:
    bad = _briefing()
    bad.items[1].chart = "no-such-chart"
    with pytest.raises(briefing.BriefingError, match="Onderdeel 2: grafiek 'no-such-chart'"):
        briefing.slides(bad)
