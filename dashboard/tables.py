"""Tables of figures, the same columns on every page and in every export: one for reading, one for reuse."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .i18n import format_date, format_number, format_period, format_value, t, value_label


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
        t("col.value", language): [format_value(*r, language=language) for r in
                                   zip(figs["value"], figs["unit"], figs["qualifier"], figs["low"], figs["high"])],
        t("col.status", language): [value_label("status", s, language) for s in figs["status"]],
        t("col.published", language): [format_date(p, language) for p in figs["published"]],
        t("col.source", language): figs["source_reference"],
        **({t("col.basis", language): basis_labels(figs, language)}
           if "basis" in figs.columns and figs["basis"].fillna("").ne("").any() else {}),   # only where one changed
    })


def with_missing(table: pd.DataFrame, gaps: pd.DataFrame, names: dict[str, str], language: str) -> pd.DataFrame:
    """The figure table with a row per missing year the chart marks: 'geen cijfer (niet gevonden)' as its value and
    the reason (data/missing.csv) in the source column."""
    if gaps.empty:
        return table
    rows = pd.DataFrame({
        t("col.indicator", language): [names.get(i, i) for i in gaps["indicator"]],
        t("col.period", language): gaps["period"].astype(str),
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in gaps["breakdown"]],
        t("col.value", language): gaps["text"],
        t("col.status", language): "",
        t("col.published", language): "",
        t("col.source", language): gaps["missing_reason"].fillna(""),
    })
    return pd.concat([table, rows], ignore_index=True).fillna("")


def basis_labels(figs: pd.DataFrame, language: str) -> list[str]:
    """Each figure's counting basis as its label (data/series_breaks.csv); '' for a series that never changed."""
    labels = figs.get(f"basis_label_{language}", pd.Series([None] * len(figs), index=figs.index))
    return [x if isinstance(x, str) else "" for x in labels]


def figure_download(figs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Figures for reuse: raw numbers (no formatting), every traceability column."""
    columns = ["indicator", f"name_{language}", "unit", "period", "period_kind", "breakdown", "value", "qualifier",
               "low", "high", "status", "published", "vintage", "vintages", "basis", f"basis_label_{language}",
               "source_reference", "source_title", "source_url", "quote"]
    return figs[[c for c in columns if c in figs.columns]].rename(columns={f"name_{language}": "name",
                                                                          f"basis_label_{language}": "basis_label"})


def number_or_dash(value: Any, language: str, decimals: int | None = 1) -> str:
    return format_number(value, language, decimals) if pd.notna(value) else "–"


# --- Downloads as an analyst reads them: headers, codes and status words in the interface language ----------------

# raw column of figure_download -> label key; columns not named here keep their header
DOWNLOAD_HEADERS = {
    "indicator": "col.indicator_id", "name": "col.indicator", "unit": "col.unit", "period": "col.period",
    "period_kind": "col.period_kind", "breakdown": "col.breakdown", "value": "col.value",
    "qualifier": "col.qualifier", "low": "col.low", "high": "col.high", "status": "col.status",
    "published": "col.published", "vintage": "col.vintage", "vintages": "col.versions",
    "basis": "col.basis_id", "basis_label": "col.basis",
    "source_reference": "col.source", "source_title": "col.source_title", "source_url": "col.link",
    "quote": "col.quote",
}
# raw column -> the kind of value_label that translates its codes
DOWNLOAD_VALUES = {"unit": "unit", "period_kind": "period_kind", "breakdown": "breakdown", "qualifier": "qualifier",
                   "status": "status"}


def is_figure_download(frame: pd.DataFrame) -> bool:
    return {"period", "value", "breakdown"} <= set(frame.columns) and "name" in frame.columns


def download_long(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """One row per figure, headers and codes in `language`, numbers left as numbers."""
    if not is_figure_download(frame):
        return frame
    out = frame.copy()
    for column, kind in DOWNLOAD_VALUES.items():
        if column in out.columns:
            out[column] = [value_label(kind, v, language) for v in out[column]]
    return out.rename(columns={c: t(key, language) for c, key in DOWNLOAD_HEADERS.items() if c in out.columns})


def download_wide(frame: pd.DataFrame, language: str) -> pd.DataFrame | None:
    """Periods down, one column per series (indicator, and breakdown where there are several): the table to paste
    into a note. None for a download that is not a table of figures."""
    if not is_figure_download(frame) or frame.empty:
        return None
    several = frame["breakdown"].nunique() > 1
    series = [f"{name} – {value_label('breakdown', b, language)}" if several else str(name)
              for name, b in zip(frame["name"], frame["breakdown"])]
    wide = (frame.assign(_series=series).drop_duplicates(["period", "_series"], keep="last")
            .pivot(index="period", columns="_series", values="value").sort_index())
    wide.columns.name = None
    return wide.reset_index().rename(columns={"period": t("col.period", language)})
