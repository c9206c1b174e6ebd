"""Doelen: every target with baseline, latest value, due year and status, and one indicator against its targets."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts, queries, state
from ..i18n import format_value, t, value_label
from ..tables import figure_download, figure_table
from .base import ViewCharts


def params() -> list[state.Param]:
    indicators = list(dict.fromkeys(queries.targets(current_only=False)["indicator"])) or ["-"]
    return [state.flag("replaced"), state.choice("ind", indicators, indicators[0])]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    every = queries.targets(current_only=False)
    if every.empty:
        return out
    names = dict(zip(every["indicator"], every[f"indicator_name_{language}"]))
    out.parts["indicator_names"] = names
    targets = every if v["replaced"] else every[every["is_current"]]
    table = pd.DataFrame({
        t("col.target", language): targets[f"name_{language}"],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in targets["breakdown"]],
        t("col.baseline", language): [f"{format_value(x, u, language=language)} ({int(p)})" if pd.notna(x) else "–"
                                      for x, u, p in zip(targets["baseline_value"], targets["unit"],
                                                         targets["baseline_period"])],
        t("col.target_value", language): [f"{value_label('direction', d, language)} {format_value(x, u, language=language)}"
                                          for d, x, u in zip(targets["direction"], targets["target_value"],
                                                             targets["unit"])],
        t("col.due", language): targets["due"].astype("Int64").astype(str).replace("<NA>", "–"),
        t("col.actual", language): [f"{format_value(x, u, language=language)} ({int(y)})" if pd.notna(x) else "–"
                                    for x, u, y in zip(targets["actual_value"], targets["unit"],
                                                       targets["actual_year"])],
        t("col.status", language): [value_label("target_status", s, language) for s in targets["status"]],
        t("col.current", language): [t("yes", language) if c else t("no", language) for c in targets["is_current"]],
        t("col.source", language): targets["source_reference"],
        t("col.interpretation", language): targets[f"interpretation_{language}"].fillna(""),
    })
    out.tables["targets"], out.tables["targets_raw"] = table, targets.drop(columns=["quote"])

    # Progress: the latest value as a share of the target, coloured by status. A target without data for its
    # judgement (no_data) gets no bar: an earlier year's figure would look like a verdict. Its row says what is known.
    judged = targets["status"] != "no_data"
    progress = targets.assign(
        y=(targets["actual_value"] / targets["target_value"] * 100).where(judged),
        series=[value_label("target_status", s, language) for s in targets["status"]],
        x=[f"{n} ({int(d)})" if pd.notna(d) else n for n, d in zip(targets[f"name_{language}"], targets["due"])],
        period=targets["actual_year"].astype("Int64").astype(str).replace("<NA>", "–"),
        text=[(f"{format_value(a, u, language=language)} / {format_value(x, u, language=language)}" if ok
               else t("targets.no_data_label", language) + (
                   t("targets.last_known", language, value=format_value(a, u, language=language), year=int(y))
                   if pd.notna(a) else ""))
              for ok, a, x, u, y in zip(judged, targets["actual_value"], targets["target_value"], targets["unit"],
                                        targets["actual_year"])],
    )
    if not progress.empty:
        out.specs.append(charts.ChartSpec(
            key="targets-progress", title=t("targets.progress_title", language),
            unit=t("targets.progress", language), data=progress, language=language, kind="barh",
            categorical_x=True, x_title="", y_format=",.0f", y_suffix="%", reference=100,
            height=120 + 45 * len(progress), x_order=list(dict.fromkeys(progress["x"])),
            sources=sorted(set(progress["source_reference"])),
            colours={value_label("target_status", s, language): c for s, c in charts.STATUS_COLOURS.items()},
            table=table, download=out.tables["targets_raw"],
        ))

    # One indicator against its targets over time.
    indicator = v["ind"]
    if indicator not in set(every["indicator"]):
        return out
    mine = targets[targets["indicator"] == indicator]
    breakdown = mine["breakdown"].iloc[0] if not mine.empty else "totaal"
    figs = queries.figures([indicator], breakdown)
    pts, spans = charts.points(figs, language)
    unit = every.loc[every["indicator"] == indicator, "unit"].iloc[0]
    out.specs.append(charts.ChartSpec(
        key=f"target-{indicator}", title=t("targets.chart", language, name=names[indicator]),
        unit=charts.unit_title(unit, language), data=pts, spans=spans,
        targets=charts.target_points(mine, language), language=language, **charts.unit_axis(unit, language),
        sources=charts.source_lines(figs, language) + sorted(set(mine["source_reference"])),
        notes=_with_interpretations(charts.numbered_notes(queries.notes([indicator], breakdown), pts, language),
                                    mine, language),
        table=figure_table(figs, language), download=figure_download(figs, language),
    ))
    return out


def _with_interpretations(notes: list[charts.Note], targets: pd.DataFrame, language: str) -> list[charts.Note]:
    """The notes, then one per target the source words without a number: how the dashboard reads it."""
    worded = targets[targets[f"interpretation_{language}"].notna()]
    return notes + [charts.Note(len(notes) + n, t("targets.interpretation", language, name=row[f"name_{language}"],
                                                  interpretation=row[f"interpretation_{language}"]),
                                row["source_reference"])
                    for n, (_, row) in enumerate(worded.iterrows(), start=1)]
