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
    })


def figure_download(figs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Figures for reuse: raw numbers (no formatting), every traceability column."""
    columns = ["indicator", f"name_{language}", "unit", "period", "period_kind", "breakdown", "value", "qualifier",
               "low", "high", "status", "published", "vintage", "vintages", "source_reference", "source_title",
               "source_url", "quote"]
    return figs[[c for c in columns if c in figs.columns]].rename(columns={f"name_{language}": "name"})


def number_or_dash(value: Any, language: str, decimals: int | None = 1) -> str:
    return format_number(value, language, decimals) if pd.notna(value) else "–"
