"""Putting charts and tables on the page: one place, so every chart gets the same furniture.

`show_chart(spec)` draws the figure, lists its notes and sources under it, and offers the table behind it with CSV
and Excel downloads. Export buttons for more formats belong here too, next to the downloads.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import charts
from .i18n import format_date, format_period, format_value, t, value_label


@st.cache_data(max_entries=256, show_spinner=False)
def _figure(spec: charts.ChartSpec) -> go.Figure:
    """Building a plotly figure costs tens of milliseconds (validation); the same spec gives the same figure."""
    return charts.build(spec)


def show_chart(spec: charts.ChartSpec) -> None:
    st.plotly_chart(_figure(spec), key=f"chart.{spec.key}", theme=None,
                    config={"displaylogo": False, "responsive": True}, width="stretch")
    for note in spec.notes:
        st.caption(f"**[{note.number}]** {note.text}" + (f" — {note.source}" if note.source else ""))
    table = spec.table if spec.table is not None else spec.data
    download = spec.download if spec.download is not None else table
    with st.expander(t("c.table", spec.language), icon=":material/table:"):
        show_table(table, key=f"table.{spec.key}")
        downloads(download, spec.key, spec.language)


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


# --- Tables of figures, the same columns on every page ---------------------------------------------------------------

def figure_table(figs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Figures for reading: translated headers, values formatted with their qualifier, source and date."""
    if figs.empty:
        return pd.DataFrame(columns=[t(k, language) for k in ("col.indicator", "col.period", "col.breakdown",
                                                             "col.value", "col.status", "col.published",
                                                             "col.source")])
    return pd.DataFrame({
        t("col.indicator", language): figs[f"name_{language}"],
        t("col.period", language): [format_period(p, language) for p in figs["period"]],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in figs["breakdown"]],
        t("col.value", language): [format_value(r.value, r.unit, r.qualifier, r.low, r.high, language)
                                   for r in figs.itertuples()],
        t("col.status", language): [value_label("status", s, language) for s in figs["status"]],
        t("col.published", language): [format_date(p, language) for p in figs["published"]],
        t("col.source", language): figs["source_reference"],
    })


def figure_download(figs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Figures for reuse: raw numbers (no formatting), every traceability column."""
    columns = ["indicator", f"name_{language}", "unit", "period", "period_kind", "breakdown", "value", "qualifier",
               "low", "high", "status", "published", "source_reference", "source_title", "source_url", "quote"]
    return figs[[c for c in columns if c in figs.columns]].rename(columns={f"name_{language}": "name"})


def status_badge(status: str, language: str) -> None:
    colours = {"corrected": "orange", "revised": "violet", "provisional": "yellow", "estimate": "gray"}
    if status in colours:
        st.badge(value_label("status", status, language), color=colours[status])
