"""Chart export: every chart type to PNG (slide 16:9, A4 at 300 dpi) and SVG, read back.

Needs a Chrome/Chromium for kaleido (Debian's chromium; scripts/test.sh installs it): without one these tests fail.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from dashboard import db, export, views

# one view per chart type: line with targets and notes, bar on a year axis, horizontal bars on categories
VIEWS = {
    "line": ("trends?ind=labour_investigations&bd=arbeid", "trends",
             "Opsporingsonderzoeken arbeidsuitbuiting in Nederland, "),
    "bar": ("trends?ind=labour_investigations&bd=arbeid&chart=bar", "trends",
            "Opsporingsonderzoeken arbeidsuitbuiting in Nederland, "),
    "barh": ("doelen", "targets-progress", "Voortgang van alle doelen"),
}


@pytest.fixture
def build(fixture_db_shared: Path, monkeypatch: pytest.MonkeyPatch) -> db.Build:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db_shared))
    return db.build_info()


def _spec(link: str, chart: str, language: str = "nl"):
    page, values, _ = views.parse(link)
    spec = views.charts_of(page, values, language).spec(chart)
    assert spec is not None, f"{chart} not in {link}"
    return spec


@pytest.mark.parametrize("kind", list(VIEWS))
def test_png_sizes_for_slide_and_a4(build, kind: str) -> None:
    link, chart, _ = VIEWS[kind]
    slide = Image.open(io.BytesIO(export.png(_spec(link, chart), build, "slide")))
    assert slide.size == (1600, 900)
    a4 = Image.open(io.BytesIO(export.png(_spec(link, chart), build, "a4")))
    assert a4.size == (3508, 2480)          # A4 landscape at 300 dpi
    assert round(a4.info["dpi"][0]) == 300


@pytest.mark.parametrize("kind", list(VIEWS))
def test_svg_holds_title_source_notes_and_build(build, kind: str) -> None:
    link, chart, title = VIEWS[kind]
    spec = _spec(link, chart)
    text = export.svg(spec, build).decode("utf-8")
    more = b"".join(export.notes_images(spec, build, "slide", "svg")).decode("utf-8")
    assert title in text
    assert "Databasebuild" in text and build.input_checksum[:8] in text
    assert spec.link and spec.link.replace("&", "&amp;") in text, "the view's link beside the build stamp"
    assert "toelichting bij de grafiek" not in text + more and " andere" not in text, "never 'see the notes'"
    for note in spec.notes:   # every note in full, on the image or on the next one
        assert note.text.replace("'", "&#39;")[:60] in (text + more).replace("&#x27;", "&#39;")
    if kind != "barh":
        assert "Aanhangsel Handelingen, 2024Z16674" in text
        assert "hertelling" in text + more, "the Labour Inspectorate's recount note travels with the exported figure"
    else:
        assert "Kamerstuk 36410 VI nr. 2" in text


def test_svg_english_with_english_number_format(build) -> None:
    text = export.svg(_spec("trends?ind=victims_estimated&bd=totaal", "trends", "en"), build).decode("utf-8")
    assert "Database build" in text and "Databasebuild" not in text
    assert "Sources" in text or "Source" in text
    assert "Bron" not in text


def test_same_view_and_data_give_the_same_files(build) -> None:
    spec = _spec(*VIEWS["line"][:2])
    assert export.svg(spec, build) == export.svg(spec, build)
    assert export.png(spec, build) == export.png(spec, build)


def test_export_does_not_change_the_shared_spec(build) -> None:
    spec = _spec(*VIEWS["line"][:2])
    export.png(spec, build)
    assert spec.notes_in_figure is False and spec.stamp == ""


def test_an_empty_chart_is_refused_with_the_reason(build) -> None:
    """An empty image used to be written without a word; now the export says why there is nothing to draw."""
    spec = dataclasses.replace(_spec(*VIEWS["line"][:2]), data=_spec(*VIEWS["line"][:2]).data.iloc[0:0],
                               spans=None, empty_reason="Geen cijfer in het basisjaar 2007.")
    with pytest.raises(export.EmptyChart, match="Geen cijfer in het basisjaar 2007"):
        export.svg(spec, build)


def test_slide_is_laid_out_in_points(build) -> None:
    """960 x 540 layout px on a 13.333 in slide: 1 px is 1 pt; the PNG is that at 5/3 (1600 x 900)."""
    text = export.svg(_spec(*VIEWS["line"][:2]), build).decode("utf-8")
    assert 'width="960"' in text and 'height="540"' in text


def test_the_warm_server_reloads_its_page_every_hundred_images_and_keeps_nothing_between_images(build) -> None:
    """kaleido would reload plotly.js after every image (export.TAB_RELOAD_EVERY says why it does not): the wrapper
    is in place, so a kaleido release that renames the method fails here; and an image drawn after other charts in
    the same page is the same as one drawn right after a reload."""
    from kaleido import kaleido as engine

    line, bars = _spec(*VIEWS["line"][:2]), _spec(*VIEWS["barh"][:2], language="en")
    first = export.png(line, build)
    assert getattr(engine.Kaleido._return_kaleido_tab, "reload_every", None) == export.TAB_RELOAD_EVERY
    export.svg(bars, build, "a4")
    assert export.png(line, build) == first
    export._restart_server()          # a new browser, a fresh page
    assert export.png(line, build) == first
