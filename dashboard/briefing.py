"""Briefings: a small, readable file naming dashboard views, exported as a PowerPoint deck, a PDF and a workbook.

A briefing file (JSON, `*.briefing.json`) holds only what a person decided: a title, the language, and per item the
view (a permalink of the dashboard, e.g. `trends?ind=victims_registered_comensha&years=2015-2024`), which chart of
that view, a slide title and a one-line takeaway. The figures are never in the file: exporting it again next month
draws the same views from the newer database.

    {"format": "mensenhandel-briefing", "version": 1, "title": "Debat mensenhandel", "language": "nl",
     "items": [{"view": "trends?ind=…", "chart": "trends", "title": "…", "takeaway": "…"}]}

Loading checks everything and reports every problem at once; each view goes through the same parsers as the address
bar (`views.parse`), so a hostile link in a file is refused the same way. Exports are reproducible: the same briefing
and database give byte-identical files, because every timestamp inside them (document properties, zip entries, PDF
creation date) is the database build time, and each export states that build.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from . import export, views
from .charts import ChartSpec
from .db import Build
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, t

FORMAT, VERSION = "mensenhandel-briefing", 1
MAX_ITEMS, MAX_TITLE, MAX_TAKEAWAY, MAX_BYTES = 40, 200, 400, 200_000
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class BriefingError(ValueError):
    """A briefing that cannot be used; `problems` are for people, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Item:
    view: str
    chart: str = ""        # the key of one chart of the view; empty: every chart of the view
    title: str = ""        # empty: the chart's own title
    takeaway: str = ""


@dataclass
class Briefing:
    title: str = ""
    language: str = DEFAULT_LANGUAGE
    items: list[Item] = field(default_factory=list)


@dataclass
class Slide:
    """One chart of a briefing, resolved against the database: what every export format shows."""

    number: int
    title: str
    takeaway: str
    view: str
    spec: ChartSpec


# --- The file --------------------------------------------------------------------------------------------------------

def dumps(briefing: Briefing) -> bytes:
    body = {"format": FORMAT, "version": VERSION, "title": briefing.title, "language": briefing.language,
            "items": [asdict(item) for item in briefing.items]}
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def loads(data: bytes | str, language: str = DEFAULT_LANGUAGE) -> Briefing:
    """Read and check a briefing file; BriefingError lists every problem (messages in `language`)."""
    def problem(key: str, **fmt) -> str:
        return t(key, language, **fmt)

    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise BriefingError([problem("brief.too_big", size=MAX_BYTES // 1000)])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BriefingError([problem("brief.not_json", error="not UTF-8")]) from None
    try:
        body = json.loads(data)
    except json.JSONDecodeError as exc:
        raise BriefingError([problem("brief.not_json", error=f"line {exc.lineno}, column {exc.colno}: {exc.msg}")])
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BriefingError([problem("brief.not_briefing")])
    problems: list[str] = []
    if body.get("version") != VERSION:
        problems.append(problem("brief.version", found=str(body.get("version"))[:20], expected=VERSION))
    title, lang_ = body.get("title", ""), body.get("language", DEFAULT_LANGUAGE)
    if not isinstance(title, str) or len(title) > MAX_TITLE:
        problems.append(problem("brief.field", field="title", limit=MAX_TITLE))
        title = ""
    if lang_ not in LANGUAGES:
        problems.append(problem("brief.language", found=str(lang_)[:10]))
        lang_ = DEFAULT_LANGUAGE
    raw_items = body.get("items", [])
    if not isinstance(raw_items, list) or len(raw_items) > MAX_ITEMS:
        problems.append(problem("brief.items", limit=MAX_ITEMS))
        raw_items = []
    items = []
    for n, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("view"), str):
            problems.append(problem("brief.item", n=n, error=problem("brief.no_view")))
            continue
        item = Item(view=raw["view"], chart=raw.get("chart", ""), title=raw.get("title", ""),
                    takeaway=raw.get("takeaway", ""))
        for name, limit in (("chart", 100), ("title", MAX_TITLE), ("takeaway", MAX_TAKEAWAY)):
            if not isinstance(getattr(item, name), str) or len(getattr(item, name)) > limit:
                problems.append(problem("brief.item", n=n, error=problem("brief.field", field=name, limit=limit)))
                setattr(item, name, "")
        unknown = set(raw) - {"view", "chart", "title", "takeaway"}
        if unknown:
            problems.append(problem("brief.item", n=n, error=problem("brief.unknown", names=", ".join(
                re.sub(r"[^\w-]", "", str(u))[:30] for u in sorted(unknown)))))
        try:
            views.parse(item.view, language)
        except views.ViewError as exc:
            problems += [problem("brief.item", n=n, error=p) for p in exc.problems]
        items.append(item)
    if problems:
        raise BriefingError(problems)
    return Briefing(title=title, language=lang_, items=items)


def session_briefing() -> Briefing:
    """The briefing being put together in this session (the dashboard's "add to briefing" appends to it)."""
    import streamlit as st

    from .i18n import lang

    return st.session_state.setdefault("briefing", Briefing(language=lang()))


# --- From items to charts --------------------------------------------------------------------------------------------

def slides(briefing: Briefing) -> list[Slide]:
    """Every chart of the briefing, drawn from the database as it is now; BriefingError when a view has none."""
    language, out, problems = briefing.language, [], []
    for n, item in enumerate(briefing.items, start=1):
        try:
            page, values, _ = views.parse(item.view, language)
        except views.ViewError as exc:
            problems += [t("brief.item", language, n=n, error=p) for p in exc.problems]
            continue
        result = views.charts_of(page, values, language)
        specs = [result.spec(item.chart)] if item.chart else result.specs
        if not specs or specs[0] is None:
            problems.append(t("brief.item", language, n=n, error=t("brief.no_chart", language, chart=item.chart
                                                                    or "–", page=page)))
            continue
        for spec in specs:
            out.append(Slide(len(out) + 1, item.title or spec.title, item.takeaway, item.view, spec))
    if problems:
        raise BriefingError(problems)
    return out


def all_sources(parts: list[Slide]) -> list[str]:
    return list(dict.fromkeys(source for slide in parts for source in slide.spec.sources))


def built_at(build: Build) -> dt.datetime:
    return dt.datetime.strptime(str(build.built_at)[:16], "%Y-%m-%d %H:%M")


def file_stem(briefing: Briefing) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", briefing.title).strip("-").lower()[:60] or "briefing"


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
