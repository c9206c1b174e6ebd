"""Putting charts and tables on the page: one place, so every chart gets the same furniture.

`show_chart(spec)` draws the figure, lists its notes and sources under it, and offers the table behind it with CSV
and Excel downloads. Export buttons for more formats belong here too, next to the downloads.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import urllib.parse
from functools import partial
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import charts, db
from .alttext import describe
from .i18n import t, value_label
from .state import lang
from .views.base import MessageKind, PageView

_FINGERPRINTS: dict[int, tuple[charts.ChartSpec, str]] = {}   # id -> (the spec, kept alive; its fingerprint)


def _fingerprint(spec: charts.ChartSpec) -> str:
    """What the figure depends on: every field of the spec (data included), cheap next to building the figure.

    A view's specs are cached objects (views.charts_of, per build) and nothing changes them after the view is made,
    so the same object has the same fingerprint: pickling ten specs on every rerun of the chain page cost 16 ms."""
    known = _FINGERPRINTS.get(id(spec))
    if known is not None and known[0] is spec:
        return known[1]
    fingerprint = hashlib.sha1(pickle.dumps(spec, protocol=5)).hexdigest()
    if len(_FINGERPRINTS) > 1024:
        _FINGERPRINTS.clear()
    _FINGERPRINTS[id(spec)] = (spec, fingerprint)
    return fingerprint


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(fingerprint: str, narrow: bool, _spec: charts.ChartSpec) -> go.Figure:
    """Building a plotly figure costs tens of milliseconds (validation); the same spec gives the same figure.
    Kept as a resource (not copied on each hit): nothing here changes a figure after it is built."""
    return charts.build(_spec, narrow=narrow)


@st.cache_resource(max_entries=256, show_spinner=False)
def _words(fingerprint: str, _spec: charts.ChartSpec) -> tuple[str, bool]:
    """The chart's text alternative, and whether its table has a wide (years × series) form: the same spec gives the
    same words. Together about 6 ms a chart on every rerun, 10 charts on the chain page."""
    from .tables import download_wide

    table = _spec.table if _spec.table is not None else _spec.data
    download = _spec.download if _spec.download is not None else table
    return describe(_spec), download_wide(download, _spec.language) is not None


def narrow_screen() -> bool:
    """Whether the reader is on a phone. The server never learns the page's width, so this goes by the browser's own
    word: every mobile browser puts "Mobi" in its User-Agent (MDN's advice for exactly this). A phone gets the
    narrow chart layout (charts.build): texts wrapped to its width and the legend below the plot."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:   # no request behind this run (AppTest, a bare script run)
        return False
    return "Mobi" in agent


def show_chart(spec: charts.ChartSpec | None) -> None:
    """A chart with its notes, one-click image downloads, the add-to-briefing button and the table behind it."""
    if spec is None:
        return
    if charts.is_empty(spec):   # no empty axes and no empty image: say why, and keep the table behind it
        st.info(charts.empty_message(spec))
        _table(spec)
        return
    fingerprint = _fingerprint(spec)
    st.plotly_chart(_figure(fingerprint, narrow_screen(), spec), key=f"chart.{spec.key}", theme=None,
                    config={"displaylogo": False, "responsive": True, "displayModeBar": False},
                    width="stretch")
    # No plotly toolbar: on a phone it covered the chart's title, and its one export (PNG) is offered under the chart
    # with title, source and build. Zoom by dragging and reset by double-click still work.
    alt, has_wide = _words(fingerprint, spec)
    st.caption(alt)
    for note in spec.notes:
        st.caption(f"**[{note.number}]** {note.text}" + (f" — {note.source}" if note.source else ""))
    exports(spec)
    _table(spec, has_wide)


def _table(spec: charts.ChartSpec, has_wide: bool | None = None) -> None:
    table = spec.table if spec.table is not None else spec.data
    download = spec.download if spec.download is not None else table
    with st.expander(t("c.table", spec.language), icon=":material/table:"):
        show_table(table, key=f"table.{spec.key}")
        downloads(download, spec.key, spec.language, has_wide)


def exports(spec: charts.ChartSpec) -> None:
    """PNG for a slide, PNG for A4 at 300 dpi, SVG: made on click, on the server, with the build they come from."""
    from . import export

    build, language, stem = db.build_info(), spec.language, export.file_stem(spec)
    columns = st.columns([1, 1, 1, 1.4, 1.6])
    for column, (label, kind, mime, suffix) in zip(columns, (
            ("c.download_png", "slide", "image/png", ".png"), ("c.download_png_a4", "a4", "image/png", "-a4.png"),
            ("c.download_svg", "svg", "image/svg+xml", ".svg"))):
        make = partial(export.svg, spec, build) if kind == "svg" else partial(export.png, spec, build, kind)
        column.download_button(t(label, language), data=make, file_name=f"{stem}{suffix}", mime=mime,
                               icon=":material/image:", key=f"{kind}.{spec.key}", on_click="ignore")
    columns[3].button(t("c.add_briefing", language), icon=":material/playlist_add:", key=f"brief.{spec.key}",
                      on_click=_add_to_briefing, args=(spec.page, spec.key, spec.title))


def _add_to_briefing(page: str, chart: str, title: str) -> None:
    """The current view (the address bar is its permalink) as a new briefing item, this chart of it."""
    from . import briefing, session

    query = urllib.parse.urlencode(session.permalink_query(), safe=",")
    added, message = session.add(briefing.Item(view=f"{page}?{query}" if query else page, chart=chart, title=title))
    st.toast(message, icon=":material/playlist_add_check:" if added else ":material/block:")


def show_messages(result: PageView, kind: MessageKind | None = None) -> None:
    """The info, warnings and captions a view comes with (all, or one kind)."""
    for level, text in result.messages:
        if kind is None or level == kind:
            {"info": st.info, "warning": st.warning}.get(level, st.caption)(text)


def show_view(result: PageView) -> None:
    """The view's messages, then every chart of it in order."""
    show_messages(result)
    for spec in result.charts:
        show_chart(spec)


def show_table(frame: pd.DataFrame, key: str | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", key=key)


def show_text_table(frame: pd.DataFrame) -> None:
    """A short table with long text (names, notes): every cell wraps, so the whole table reads at 1280 px."""
    st.table(frame, hide_index=True, border="horizontal")


def downloads(frame: pd.DataFrame, name: str, language: str, has_wide: bool | None = None) -> None:
    """The figures as CSV (one row per figure, and years × series) and as Excel (both tables, typed numbers), with
    headers, codes and separators as a reader in `language` expects. `has_wide`: whether the wide table exists, when
    the caller knows it already."""
    from .tables import download_long, download_wide

    stem = download_stem(name, language)
    long_of, wide_of = (lambda: download_long(frame, language)), (lambda: download_wide(frame, language))
    if has_wide is None:
        has_wide = download_wide(frame, language) is not None
    columns = st.columns([1.4, 1.4, 1.2, 1.5])
    columns[0].download_button(t("dl.csv_long", language), data=lambda: csv_bytes(long_of(), language),
                               file_name=f"{stem}.csv", mime="text/csv", icon=":material/download:",
                               key=f"csv.{name}", on_click="ignore")
    if has_wide:
        columns[1].download_button(t("dl.csv_wide", language), data=lambda: csv_bytes(wide_of(), language),
                                   file_name=f"{stem}_{t('dl.wide', language).replace(' ', '-')}.csv",
                                   mime="text/csv", icon=":material/download:", key=f"csv-wide.{name}",
                                   on_click="ignore")
    sheets = lambda: {t("dl.long", language): long_of(), **({t("dl.wide", language): wide_of()}  # noqa: E731
                                                            if has_wide else {})}
    columns[2].download_button(t("c.download_xlsx", language), data=lambda: excel_bytes(sheets()),
                               file_name=f"{stem}.xlsx", icon=":material/download:", key=f"xlsx.{name}",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               on_click="ignore")


def download_stem(name: str, language: str) -> str:
    """What the file holds: the indicators of the view, its version of the figures and today's date, e.g.
    `victims_registered_comensha_laatste-versie_2026-11-30`."""
    import datetime as dt  # dates in file names stay ISO (2026-11-30): they sort

    indicators = [i for raw in st.query_params.get_all("ind") for i in raw.split(",") if i]
    more = "+" + t("dl.more", language) if len(indicators) > 3 else ""
    what = "+".join(indicators[:3]) + more if indicators else name
    vintage = st.query_params.get("vintage") or "latest"
    version = (t(f"dl.version_{vintage}", language) if vintage in ("latest", "first")
               else t("dl.version_asof", language, date=st.query_params.get("asof") or ""))
    chart = [name] if indicators and name != "trends" else []   # a second chart of the view (trends-yoy) says so
    parts = [what, *chart, version, dt.date.today().isoformat()]
    return _file_stem("_".join(_file_stem(p) for p in parts))


def csv_bytes(frame: pd.DataFrame, language: str | None = None) -> bytes:
    """Dutch: semicolons and a decimal comma, as Excel in a Dutch locale reads them; English: commas and dots.
    Both UTF-8 with a byte-order mark (Excel then reads é and € right). Whole numbers without `.0`."""
    dutch = (language or lang()) == "nl"
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [_plain_number(v, dutch) for v in out[column]]
    return out.to_csv(index=False, sep=";" if dutch else ",").encode("utf-8-sig")


def _plain_number(value, dutch: bool) -> str:
    """1711.0 -> '1711'; 12.5 -> '12,5' (Dutch) or '12.5'; no thousands separator; a gap stays empty."""
    if pd.isna(value):
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:.12g}"
    return text.replace(".", ",") if dutch else text


def excel_bytes(frame: pd.DataFrame | dict[str, pd.DataFrame], sheet: str = "data") -> bytes:
    """One sheet per table; numbers stay numbers (Excel formats them in the reader's own locale)."""
    buffer = io.BytesIO()
    sheets = frame if isinstance(frame, dict) else {sheet: frame}
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in sheets.items():
            out = _whole_numbers(table)
            for column in out.columns:  # Excel cannot hold time-zone-aware datetimes or lists
                if isinstance(out[column].dtype, pd.DatetimeTZDtype):
                    out[column] = out[column].dt.tz_localize(None)
                elif out[column].map(lambda v: isinstance(v, (list, tuple))).any():
                    out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple))
                                                  else v)
            out.to_excel(writer, index=False, sheet_name=name[:31])
    return buffer.getvalue()


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding only whole numbers as integers (1711, not 1711.0); gaps stay empty, never 0."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().map(float.is_integer).all():
            out[column] = values.astype("Int64")
    return out


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "data"


def status_badge(status: str, language: str) -> None:
    colours: dict[str, Literal["orange", "violet", "yellow", "gray"]] = {
        "corrected": "orange", "revised": "violet", "provisional": "yellow", "estimate": "gray"}
    if status in colours:
        st.badge(value_label("status", status, language), color=colours[status])


# Text contrast (WCAG 2.1 AA, 4.5:1; measured with axe-core, docs/accessibility.md). Streamlit draws captions as text
# at 60% opacity (#7A7A7A on white: 4.29:1; #767678 on the sidebar: 4.15:1) and a selected segmented-control
# option in the primary colour on its own tint (4.15:1). Darker shades of the same colours pass; the theme's primary
# colour stays the charts' first series colour.
_CONTRAST_CSS = """<style>
[data-testid="stCaptionContainer"] { color: #575757; opacity: 1; }
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #00507D; }
</style>"""


# Streamlit writes "Press Enter to apply" under a text field being edited (its InputInstructions, 1.67, not settable
# from Python): the first part of that line is hidden and the same words written in the reader's language instead.
# visibility keeps the English words out of the accessibility tree too; the character count after them stays.
_INSTRUCTION_CSS = """<style>
[data-testid="InputInstructions"] > span:first-child { font-size: 0; visibility: hidden; }
[data-testid="InputInstructions"] > span:first-child::after { content: %s; font-size: 0.75rem; visibility: visible; }
</style>"""


def readable_text(language: str) -> None:
    """Style only: Streamlit puts it in its event container, so it takes no room on the page."""
    st.html(_CONTRAST_CSS + _INSTRUCTION_CSS % json.dumps(t("w.enter_to_apply", language)))


def require_database() -> db.Build:
    """For app.py: make sure the database can be used, or explain on screen and stop the page."""
    try:
        return db.build_info()
    except db.DatabaseUnavailable as exc:
        explain(exc)
        raise  # unreachable: st.stop() ends the script run


def explain(exc: db.DatabaseUnavailable) -> None:
    """Show why the database cannot be used, in the reader's language, and the command that fixes it; stop the page."""
    st.error(exc.text(lang()))
    st.code(exc.command, language="bash")
    if exc.details:
        st.code("\n".join(exc.details[:50]) + ("\n…" if len(exc.details) > 50 else ""), language="text")
    st.stop()
