"""Alt text written from a chart's data: what kind of chart, its title and unit, the years it shows, and the newest
value of each series with its change on the value before.

One text serves every place a chart appears without being seen: the caption under the chart on screen, the alt text
of the chart or picture in the PowerPoint deck, and the image's alt text in the PDF.

    Lijngrafiek: Gemelde slachtoffers (CoMensha), Personen, 2012–2024. Laatste waarde 2024: 1.234 (+12 t.o.v. 2023).
"""

from __future__ import annotations

import re

import pandas as pd

from .charts import ChartSpec
from .i18n import format_number, missing, t

MAX_SERIES = 6   # a legend longer than this is summarised by its count: alt text is read aloud
MAX_BARS = 12


def describe(spec: ChartSpec) -> str:
    """The alt text of a chart, in the chart's language, from its data (never from the picture)."""
    language = spec.language
    head = f"{t('alt.kind.' + spec.kind, language)}: {_plain(spec.title)}"
    if spec.unit:
        head += f", {spec.unit}"
    drawn = spec.data[spec.data["y"].notna()] if not spec.data.empty else spec.data
    if drawn.empty:
        return f"{head}. {t('c.no_data', language)}"
    if spec.categorical_x:
        order = spec.x_order or list(dict.fromkeys(drawn["x"]))
        return f"{head}, {t('alt.categories', language, n=len(order))}. " + _categorical(drawn, order, spec)
    years = drawn["x"].astype(int)
    span = f"{years.min()}–{years.max()}" if years.min() != years.max() else str(years.min())
    series = list(dict.fromkeys(drawn["series"]))
    sentences = [_newest(drawn[drawn["series"] == name], spec, name if len(series) > 1 else None)
                 for name in series[:MAX_SERIES]]
    if len(series) > MAX_SERIES:
        sentences.append(t("alt.more", language, n=len(series) - MAX_SERIES))
    # a title that says its years already ("…, 2008–2022") is not followed by them again
    return (f"{head}. " if span in _plain(spec.title) else f"{head}, {span}. ") + " ".join(sentences)


def _newest(points: pd.DataFrame, spec: ChartSpec, name: str | None) -> str:
    """'Laatste waarde 2024: 1.234 (+12 t.o.v. 2023).' — the change against the series' previous point."""
    language = spec.language
    points = points.sort_values("x")
    last = points.iloc[-1]
    text = t("alt.newest", language, year=int(last["x"]), value=_shown(last, spec))
    if name:
        text = f"{_plain(name)}: {text[0].lower()}{text[1:]}"
    if len(points) > 1:
        before = points.iloc[-2]
        delta = float(last["y"]) - float(before["y"])
        sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
        amount = format_number(abs(delta), language)
        change = (f"{sign}{amount} {t('alt.points', language)}" if spec.y_suffix == "%"   # a change of a share
                  else f"{sign}{spec.y_prefix}{amount}{spec.y_suffix}")
        text += " " + t("alt.change", language, change=change, year=int(before["x"]))
    return text + "."


def _categorical(drawn: pd.DataFrame, order: list, spec: ChartSpec) -> str:
    """Every bar of a chart by category (a horizontal bar chart of steps or targets): category, series, value."""
    parts = []
    for category in order:
        for row in drawn[drawn["x"] == category].itertuples():
            label = f"{category} ({row.series})" if drawn["series"].nunique() > 1 else str(category)
            parts.append(f"{_plain(label)}: {_shown(row._asdict(), spec)}")
    if len(parts) > MAX_BARS:
        parts = parts[:MAX_BARS] + [t("alt.more_bars", spec.language, n=len(parts) - MAX_BARS)]
    return "; ".join(parts) + "."


def _plain(text: str) -> str:
    """Labels may carry plotly's markup (<br> for wrapping, <i> for a share): alt text is one line of plain text."""
    return re.sub(r"</?(?:i|b)>", "", re.sub(r"\s*<br\s*/?>\s*", " ", str(text)))


def _shown(row, spec: ChartSpec) -> str:
    text = row.get("text") if hasattr(row, "get") else None
    if isinstance(text, str) and text and text != "–":
        return text
    return f"{spec.y_prefix}{format_number(row['y'], spec.language)}{spec.y_suffix}" if not missing(row["y"]) else "–"
