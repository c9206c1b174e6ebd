"""Putting charts and tables on the page: one place, so every chart gets the same furniture.

`show_chart(spec)` draws the figure, lists its notes and sources under it, and offers the table behind it with CSV
and Excel downloads. Export buttons for more formats belong here too, next to the downloads.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import urllib.parse

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import charts, db
from .i18n import t, value_label


def _fingerprint(spec: charts.ChartSpec) -> str:
    """What the figure depends on: every field of the spec (data included), cheap next to building the figure."""
    return hashlib.sha1(pickle.dumps(spec, protocol=5)).hexdigest()


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(fingerprint: str, _spec: charts.ChartSpec) -> go.Figure:
    """Building a plotly figure costs tens of milliseconds (validation); the same spec gives the same figure.
    Kept as a resource (not copied on each hit): nothing here changes a figure after it is built."""
    return charts.build(_spec)


def show_chart(spec: charts.ChartSpec | None) -> None:
    """A chart with its notes, one-click image downloads, the add-to-briefing button and the table behind it."""
    if spec is None:
        return
    st.plotly_chart(_figure(_fingerprint(spec), spec), key=f"chart.{spec.key}", theme=None,
                    config={"displaylogo": False, "responsive": True}, width="stretch")
    for note in spec.notes:
        st.caption(f"**[{note.number}]** {note.text}" + (f" — {note.source}" if note.source else ""))
    exports(spec)
    table = spec.table if spec.table is not None else spec.data
    download = spec.download if spec.download is not None else table
    with st.expander(t("c.table", spec.language), icon=":material/table:"):
        show_table(table, key=f"table.{spec.key}")
        downloads(download, spec.key, spec.language)


def exports(spec: charts.ChartSpec) -> None:
    """PNG for a slide, PNG for A4 at 300 dpi, SVG: made on click, on the server, with the build they come from."""
    from . import export

    build, language, stem = db.build_info(), spec.language, export.file_stem(spec)
    columns = st.columns([1, 1, 1, 1.4, 1.6])
    for column, (label, kind, mime, suffix) in zip(columns, (
            ("c.download_png", "slide", "image/png", ".png"), ("c.download_png_a4", "a4", "image/png", "-a4.png"),
            ("c.download_svg", "svg", "image/svg+xml", ".svg"))):
        make = (lambda: export.svg(spec, build)) if kind == "svg" else (lambda k=kind: export.png(spec, build, k))
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


def show_messages(result, kind: str | None = None) -> None:
    """The info, warnings and captions a view comes with (all, or one kind)."""
    for level, text in result.messages:
        if kind is None or level == kind:
            {"info": st.info, "warning": st.warning}.get(level, st.caption)(text)


def show_view(result) -> None:
    show_messages(result)
    for spec in result.specs:
        show_chart(spec)


def show_table(frame: pd.DataFrame, key: str | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", key=key)


def downloads(frame: pd.DataFrame, name: str, language: str) -> None:
    stem = _file_stem(name)
    left, right, _ = st.columns([1, 1, 3])
    with left:
        st.download_button(t("c.download_csv", language), data=lambda: csv_bytes(frame), file_name=f"{stem}.csv",
                           mime="text/csv", icon=":material/download:", key=f"csv.{name}", on_click="ignore")
    with right:
        st.download_button(t("c.download_xlsx", language), data=lambda: excel_bytes(frame),
                           file_name=f"{stem}.xlsx", icon=":material/download:", key=f"xlsx.{name}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click="ignore")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    out = frame.copy()
    for column in out.columns:  # Excel cannot hold time-zone-aware datetimes or lists
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "data"


def status_badge(status: str, language: str) -> None:
    colours = {"corrected": "orange", "revised": "violet", "provisional": "yellow", "estimate": "gray"}
    if status in colours:
        st.badge(value_label("status", status, language), color=colours[status])
