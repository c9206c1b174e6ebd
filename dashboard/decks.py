"""A briefing's exports: a PowerPoint deck, a PDF and an Excel appendix, byte-identical for the same briefing and
database (every timestamp inside them is the database build time, and each states that build)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from . import export
from .briefing import Briefing, Slide, all_sources, built_at, slides
from .db import Build
from .i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


# --- PowerPoint ------------------------------------------------------------------------------------------------------

def deck(briefing: Briefing, build: Build) -> bytes:
    """One slide per chart (title, takeaway, chart, sources and build), a closing slide with every source."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    def text(slide, left, top, width, height, lines, size, bold=False, colour=None):
        frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text, run.font.size, run.font.bold = line, Pt(size), bold
            if colour:
                from pptx.dml.color import RGBColor

                run.font.color.rgb = RGBColor.from_string(colour)
        return frame

    cover = prs.slides.add_slide(blank)
    text(cover, 0.8, 2.6, 11.7, 1.2, [briefing.title or t("brief.untitled", language)], 36, bold=True)
    text(cover, 0.8, 3.9, 11.7, 0.8, [t("brief.cover", language, n=len(parts)), stamp], 16, colour="555555")

    for part in parts:
        slide = prs.slides.add_slide(blank)
        text(slide, 0.6, 0.35, 12.1, 0.7, [part.title], 28, bold=True)
        if part.takeaway:
            text(slide, 0.6, 1.05, 12.1, 0.6, [part.takeaway], 18, colour="333333")
        image = io.BytesIO(export.png(part.spec, build, "slide"))
        height = Inches(4.75)
        width = Emu(int(height * 16 / 9))
        slide.shapes.add_picture(image, Emu(int((prs.slide_width - width) / 2)), Inches(1.7), width, height)
        label = t("c.source" if len(part.spec.sources) == 1 else "c.sources", language)
        text(slide, 0.6, 6.5, 12.1, 0.9, [f"{label}: " + "; ".join(part.spec.sources), stamp], 10,
             colour="555555")

    closing = prs.slides.add_slide(blank)
    text(closing, 0.6, 0.35, 12.1, 0.7, [t("c.sources", language)], 28, bold=True)
    text(closing, 0.6, 1.2, 12.1, 5.6, [f"• {s}" for s in all_sources(parts)] + ["", stamp], 12)

    when = built_at(build)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = briefing.title, t("app.title", language), t("app.title",
                                                                                                   language)
    props.subject, props.comments, props.revision = stamp, stamp, 1
    props.created = props.modified = props.last_printed = when
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue(), when)


# --- PDF -------------------------------------------------------------------------------------------------------------

def pdf(briefing: Briefing, build: Build) -> bytes:
    """One A4 landscape page per chart with the same content as the deck, and a closing page with every source."""
    from fpdf import FPDF

    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    document = FPDF(orientation="L", unit="mm", format="A4")
    document.set_auto_page_break(False)
    document.set_creation_date(built_at(build).replace(tzinfo=dt.timezone.utc))
    document.set_title(briefing.title or t("brief.untitled", language))
    document.set_author(t("app.title", language))
    document.set_subject(stamp)
    document.set_lang(language)
    family = _fonts(document)

    def write(text: str, size: float, style: str = "", colour: int = 0, height: float | None = None) -> None:
        document.set_font(family, style if family != "helvetica" else style, size)
        document.set_text_color(colour)
        document.multi_cell(0, height or size * 0.5, _printable(text, family), new_x="LMARGIN", new_y="NEXT")

    document.set_margins(15, 12, 15)
    document.add_page()
    document.set_y(80)
    write(briefing.title or t("brief.untitled", language), 28, "B", height=13)
    write(t("brief.cover", language, n=len(parts)), 13, colour=85)
    write(stamp, 11, colour=85)

    for part in parts:
        document.add_page()
        write(part.title, 18, "B", height=9)
        if part.takeaway:
            write(part.takeaway, 12, colour=40, height=6)
        width = 236
        document.image(io.BytesIO(export.png(part.spec, build, "slide")), x=(297 - width) / 2,
                       y=max(document.get_y() + 2, 30), w=width, h=width * 9 / 16)
        document.set_y(30 + width * 9 / 16 + 3)
        label = t("c.source" if len(part.spec.sources) == 1 else "c.sources", language)
        write(f"{label}: " + "; ".join(part.spec.sources), 8, colour=85, height=3.8)
        write(stamp, 8, colour=85, height=3.8)

    document.add_page()
    write(t("c.sources", language), 18, "B", height=9)
    for source in all_sources(parts):
        write(f"• {source}", 10, height=5)
    write(stamp, 9, colour=85, height=6)
    return bytes(document.output())


def _fonts(document) -> str:
    """DejaVu Sans (covers Dutch accents, the en dash and the euro sign) when installed, else a core font."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        document.add_font("DejaVu", "", str(regular))
        document.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "helvetica"


def _printable(text: str, family: str) -> str:
    if family != "helvetica":
        return text
    return text.replace("–", "-").replace("—", "-").replace("€", "EUR").replace("•", "-").encode(
        "latin-1", "replace").decode("latin-1")


# --- Appendix workbook -----------------------------------------------------------------------------------------------

def workbook(briefing: Briefing, build: Build) -> bytes:
    """The figures behind every chart (raw numbers, source, publication date: the vintage), one sheet per chart, and
    a contents sheet naming each chart's view and the build."""
    language, parts = briefing.language, slides(briefing)
    stamp = export.stamp(build, language)
    contents = pd.DataFrame({
        t("brief.col_number", language): [p.number for p in parts],
        t("brief.col_sheet", language): [_sheet_name(p) for p in parts],
        t("col.title", language): [p.title for p in parts],
        t("brief.takeaway", language): [p.takeaway for p in parts],
        t("brief.col_chart", language): [p.spec.title for p in parts],
        t("brief.view", language): [p.view for p in parts],
        t("c.sources", language): ["; ".join(p.spec.sources) for p in parts],
        t("brief.col_build", language): stamp,
    })
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        contents.to_excel(writer, index=False, sheet_name=t("brief.contents", language))
        for part in parts:
            frame = part.spec.download if part.spec.download is not None else part.spec.data
            _excel_ready(frame).to_excel(writer, index=False, sheet_name=_sheet_name(part))
        props = writer.book.properties
        props.title, props.creator, props.lastModifiedBy = briefing.title, t("app.title", language), None
        props.subject = props.description = stamp
        props.created = props.modified = built_at(build)
    # openpyxl stamps `modified` with the time of saving, whatever it was set to: put the build time back
    when = built_at(build).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _fixed_zip(buffer.getvalue(), built_at(build), {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + when.encode() + rb"\g<2>", xml)})


def _sheet_name(part: Slide) -> str:
    return re.sub(r"[\[\]:*?/\\']", "", f"{part.number} {part.spec.key}")[:31]


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel holds no time-zone-aware datetimes or lists."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _fixed_zip(data: bytes, when: dt.datetime, rewrite: dict | None = None) -> bytes:
    """The same archive with every entry dated `when` (zip writers stamp entries with the current time), and the
    entries named in `rewrite` passed through their function."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            content = source.read(info.filename)
            target.writestr(entry, (rewrite or {}).get(info.filename, lambda x: x)(content))
    return buffer.getvalue()
