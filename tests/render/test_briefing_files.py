"""A briefing's files with their images rendered: the deck (charts not drawn natively are pictures), the PDF (one page
per chart), and the same briefing and data giving byte-identical files. On the fixture data; needs Chromium for
kaleido. The briefing file, the native charts and the workbook are tests/test_briefing.py."""

from __future__ import annotations

import dataclasses
import io
import time
from pathlib import Path

import pytest

from dashboard import db, decks
from tests.helpers import two_chart_briefing


@pytest.fixture
def build(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return db.build_info()


def test_deck_holds_titles_takeaways_sources_and_build(build) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(decks.deck(two_chart_briefing(), build)))
    slides = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]
    assert len(slides) == 1 + 2 + 1, "cover, one slide per chart, closing slide with the sources"
    assert slides[1][0] == "Onderzoeken naar arbeidsuitbuiting"
    assert slides[1][1] == "Na de hertelling: 28 en 21 onderzoeken."
    assert "Aanhangsel Handelingen, 2024Z16674" in slides[1][2] and "Databasebuild" in slides[1][2]
    assert sum(1 for shape in list(deck.slides)[1].shapes if shape.has_chart) == 1, "a line chart is a native chart"
    assert sum(1 for shape in list(deck.slides)[2].shapes if shape.shape_type == 13) == 1, "progress bars: a picture"
    assert slides[3][0] == "Bronnen"
    assert "Kamerstuk 36410 VI nr. 2" in slides[3][1] and "Aanhangsel Handelingen, 2024Z16674" in slides[3][1]
    assert deck.core_properties.created.strftime("%Y-%m-%d %H:%M") == build.built_at


def test_pdf_one_page_per_chart_with_the_same_content(build) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(decks.pdf(two_chart_briefing(), build)))
    assert len(reader.pages) == 1 + 2 + 1
    page = reader.pages[1].extract_text()
    assert "Onderzoeken naar arbeidsuitbuiting" in page and "Na de hertelling: 28 en 21 onderzoeken." in page
    assert "2024Z16674" in page and build.input_checksum[:8] in page
    assert page.index("Onderzoeken naar arbeidsuitbuiting") < page.index("Na de hertelling") < page.index("Bron")
    assert "[1] De Arbeidsinspectie had onderzoeken abusievelijk anders geregistreerd" in page, "notes under it"
    alts = _pdf_alt_texts(reader)
    assert alts[0].startswith("Lijngrafiek: Opsporingsonderzoeken arbeidsuitbuiting in Nederland, ")
    assert "Laatste waarde 2023: 21 (-7 t.o.v. 2022)." in alts[0], "the newest figure and its change, in Dutch"
    assert alts[1].startswith("Liggende staafgrafiek: ")


def _pdf_alt_texts(reader) -> list[str]:
    """The /Alt of every figure in the PDF's structure tree, in document order."""
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdf_titles_never_overprint_and_long_source_lists_flow_on(build, monkeypatch) -> None:
    """A title over several lines pushes the chart down; sixty sources run on to the next page instead of off it."""

    from pypdf import PdfReader

    long_title = "Een titel die zo lang is dat hij over meerdere regels loopt, " * 4
    real_slides = decks.slides

    def crowded(briefing_):
        parts = real_slides(briefing_)
        return [dataclasses.replace(parts[0], title=long_title, spec=dataclasses.replace(
            parts[0].spec, sources=[f"Kamerstuk 99 999, nr. {n}" for n in range(1, 61)]))]

    monkeypatch.setattr(decks, "slides", crowded)
    one = two_chart_briefing()
    one.items = one.items[:1]
    reader = PdfReader(io.BytesIO(decks.pdf(one, build)))
    assert len(reader.pages) > 1 + 1 + 1, "the source list continues on a next page"
    first = reader.pages[1].extract_text()
    assert first.index("meerdere regels") < first.index("Na de hertelling") < first.index("Bronnen:")
    later = "".join(page.extract_text() for page in reader.pages[2:])
    assert "Kamerstuk 99 999, nr. 60" in later and "Kamerstuk 99 999, nr. 60" not in first


@pytest.mark.parametrize("make", [decks.deck, decks.pdf, decks.workbook], ids=["pptx", "pdf", "xlsx"])
def test_same_briefing_and_data_give_byte_identical_files(build, make) -> None:
    first = make(two_chart_briefing(), build)
    time.sleep(1.1)   # writers stamp the current second (zip entries, document properties): none may leak through
    assert make(two_chart_briefing(), build) == first
