"""Briefings: a small, readable file naming dashboard views (exported by `decks` as a deck, a PDF and a workbook).

A briefing file (JSON, `*.briefing.json`) holds only what a person decided: a title, the language, and per item the
view (a permalink of the dashboard, e.g. `trends?ind=victims_registered_comensha&years=2015-2024`), which chart of
that view, a slide title and a one-line takeaway. The figures are never in the file: exporting it again next month
draws the same views from the newer database.

    {"format": "mensenhandel-briefing", "version": 1, "title": "Debat mensenhandel", "language": "nl",
     "saved": "2025-01-06", "build": "2025-01-06 09:12 UTC, 65366f47b870",
     "items": [{"view": "trends?ind=…", "chart": "trends", "title": "…", "takeaway": "…"}]}

`saved` (the date the file was saved) and `build` (the database build it was made from) are optional: files written
before they existed still open. Opened later, a file with `saved` lets the Briefing page list the items whose figures
were revised or corrected since (`views.changes.changed_since`).

Loading checks everything and reports every problem at once; each view goes through the same parsers as the address
bar (`views.parse`), so a hostile link in a file is refused the same way. Exports are reproducible: the same briefing
and database give byte-identical files, because every timestamp inside them (document properties, zip entries, PDF
creation date) is the database build time, and each export states that build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field

from . import charts, views
from .charts import ChartSpec
from .db import Build
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, t

FORMAT, VERSION = "mensenhandel-briefing", 1
MAX_ITEMS, MAX_TITLE, MAX_TAKEAWAY, MAX_BYTES = 40, 200, 400, 200_000


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
    saved: str = ""        # YYYY-MM-DD: when the file was saved; empty: not known (an older file)
    build: str = ""        # the database build it was made from, as the exports state it


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
    body = {"format": FORMAT, "version": VERSION, "title": briefing.title, "language": briefing.language}
    body.update({name: getattr(briefing, name) for name in ("saved", "build") if getattr(briefing, name)})
    body["items"] = [asdict(item) for item in briefing.items]
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
        raise BriefingError([problem("brief.not_json", error=f"line {exc.lineno}, column {exc.colno}: {exc.msg}")]) from exc
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
    saved, build = body.get("saved", ""), body.get("build", "")
    if not isinstance(saved, str) or (saved and not _is_date(saved)):
        problems.append(problem("brief.field", field="saved", limit=10))
        saved = ""
    if not isinstance(build, str) or len(build) > 100:
        problems.append(problem("brief.field", field="build", limit=100))
        build = ""
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
    return Briefing(title=title, language=lang_, items=items, saved=saved, build=build)


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def stamped(briefing: Briefing, build: Build, today: dt.date | None = None) -> Briefing:
    """The briefing as saved now: with today's date and the build it was made from."""
    return dataclasses.replace(briefing, saved=(today or dt.date.today()).isoformat(),
                               build=f"{str(build.built_at)[:16]} UTC, {build.input_checksum[:12]}")


# --- From items to charts --------------------------------------------------------------------------------------------

def slides(briefing: Briefing) -> list[Slide]:
    """Every chart of the briefing, drawn from the database as it is now; BriefingError when a view has none."""
    language = briefing.language
    out: list[Slide] = []
    problems: list[str] = []
    for n, item in enumerate(briefing.items, start=1):
        try:
            page, values, _ = views.parse(item.view, language)
        except views.ViewError as exc:
            problems += [t("brief.item", language, n=n, error=p) for p in exc.problems]
            continue
        result = views.charts_of(page, values, language)
        specs = [spec for spec in ([result.spec(item.chart)] if item.chart else result.charts) if spec is not None]
        if not specs:
            problems.append(t("brief.item", language, n=n, error=t("brief.no_chart", language, chart=item.chart
                                                                    or "–", page=page)))
            continue
        for spec in specs:
            if charts.is_empty(spec):   # an empty chart is not exported: the item says why
                problems.append(t("brief.item", language, n=n, error=charts.empty_message(spec)))
                continue
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
