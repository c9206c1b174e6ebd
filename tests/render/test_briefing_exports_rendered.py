"""A briefing's PDF and a real briefing exported from the command line, rendered with kaleido: the PDF prints each
chart at 300 dpi over the full text width with one title and one source list, and keeps the changes table the deck
has; a real three-unit briefing gets no native chart with two units on its axis."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import briefing, db, decks
from tests.helpers import chart_labels, dark_number_spec, slides_of


@pytest.fixture
def build(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    return db.build_info()


# --- The PDF and a real briefing (rendered) ---------------------------------------------------------------------------

def test_pdf_prints_each_chart_at_300_dpi_over_the_text_width_with_one_title_and_one_source_list(
        monkeypatch, build) -> None:
    from pypdf import PdfReader

    title = "Gemelde slachtoffers tegenover de schatting"
    parts = slides_of([dark_number_spec()], [title], ["Een fractie."])
    monkeypatch.setattr(decks, "slides", lambda _briefing: parts)
    reader = PdfReader(io.BytesIO(decks.pdf(briefing.Briefing(title="Test"), build)))
    page = reader.pages[1]
    (image,) = page.images
    assert image.image.width >= 2400, "A4 at 300 dpi over the text width: about 3150 px"
    text = page.extract_text()
    assert text.count(title) == 1 and text.count("Bron: WODC, 2021") == 1, text


def test_pdf_has_the_changes_table_the_deck_has(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    item = briefing.Item(view="wijzigingen?from=2024-10-01&to=2025-01-01", chart="changes", title="Wat is er veranderd")
    reader = PdfReader(io.BytesIO(decks.pdf(briefing.Briefing(title="Kwartaal", items=[item]), db.build_info())))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Oud" in text and "Nieuw" in text
    assert "15 (gemeld)" in text and "28 (gecorrigeerd)" in text


def test_a_real_briefing_exported_from_the_command_line(real_db: Path, tmp_path: Path) -> None:
    """Three units in Trends and the dark number, exported as a reader would: no native chart with two units on its
    axis, the dark number's range and values in the deck, a 300 dpi chart in the PDF, a Dutch appendix."""
    import openpyxl
    from pptx import Presentation
    from pypdf import PdfReader

    file = tmp_path / "debat.briefing.json"
    file.write_bytes(briefing.dumps(briefing.Briefing(title="Debat", language="nl", items=[
        briefing.Item(view="trends?ind=victims_registered_comensha,om_sepot_share,police_suspects_identified",
                      chart="trends", title="Drie eenheden", takeaway="Elk een eigen as."),
        briefing.Item(view="opvang", chart="dark-number", title="Het dark number", takeaway="Brede marges.")])))
    env = {**os.environ, "MENSENHANDEL_DB": str(real_db)}
    subprocess.run([sys.executable, "-m", "dashboard", "briefing", str(file), "--out", str(tmp_path / "out")],
                   check=True, env=env, cwd=Path(__file__).resolve().parents[2], timeout=300)
    deck = Presentation(tmp_path / "out" / "debat.pptx")
    three, dark = list(deck.slides)[1:3]
    assert not [s for s in three.shapes if s.has_chart] and [s for s in three.shapes if s.shape_type == 13], \
        "three units: the picture that panels them"
    (chart,) = [s.chart for s in dark.shapes if s.has_chart]
    assert chart.value_axis.axis_title.text_frame.text == "Personen"
    assert b"<c:errBars>" in chart.part.blob and any("–" in label for label in chart_labels(chart))
    widths = [image.image.width for page in PdfReader(tmp_path / "out" / "debat.pdf").pages for image in page.images]
    assert len(widths) == 2 and min(widths) >= 2400
    book = openpyxl.load_workbook(tmp_path / "out" / "debat.xlsx")
    assert [cell.value for cell in book.worksheets[1][1]][:4] == ["Indicator-code", "Indicator", "Eenheid", "Periode"]
