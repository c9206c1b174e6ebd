"""Doelen: every target with its target value, due year, latest value and status, judged on the latest and on the
first published figure; replaced targets on request; and one indicator against its targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import charts, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_value, t, value_label
from ..tables import figure_download, figure_table
from .base import PageParams, PageView, catalogue_names, url, without_ids


def params() -> list[urlparams.Param]:
    indicators = list(dict.fromkeys(queries.targets(current_only=False)["indicator"])) or ["-"]
    return [urlparams.flag("replaced"), urlparams.choice("ind", indicators, indicators[0])]


@dataclass(frozen=True)
class TargetsParams(PageParams):
    replaced: bool                                # also the targets a later document replaced
    indicator: str = field(metadata=url("ind"))   # the indicator drawn against its targets


@dataclass(kw_only=True)
class TargetsView(PageView):
    """Every target in a table and as progress bars, the targets judged differently on the first and the latest
    figure, and one indicator against its targets over the years."""

    table: pd.DataFrame | None = None       # None: there are no targets at all (nothing else is set)
    download: pd.DataFrame = field(default_factory=pd.DataFrame)   # the targets as the database gives them
    judged_twice: list[str] = field(default_factory=list)   # one sentence per target judged differently
    indicator_names: dict[str, str] = field(default_factory=dict)   # the indicators with a target, by id
    progress: ChartSpec | None = None       # the latest value as a share of each target
    indicator_chart: ChartSpec | None = None   # the chosen indicator against its targets

    @property
    def charts(self) -> list[ChartSpec]:
        return [spec for spec in (self.progress, self.indicator_chart) if spec is not None]


def build(p: TargetsParams, language: str) -> TargetsView:
    out = TargetsView()
    every = queries.targets(current_only=False)
    if every.empty:
        return out
    names = dict(zip(every["indicator"], every[f"indicator_name_{language}"]))
    all_names = catalogue_names(language)[1]
    out.indicator_names = names
    targets = every if p.replaced else every[every["is_current"]]
    replaced_by = _replaced_by(every)
    table = pd.DataFrame({
        t("col.target", language): [n if b == vocabulary.TOTAL else f"{n} ({value_label('breakdown', b, language)})"
                                    for n, b in zip(targets[f"name_{language}"], targets["breakdown"])],
        t("col.target_value", language): [
            f"{value_label('direction', d, language)} {format_value(x, u, language=language)}" + (
                t("targets.from_baseline", language, value=format_value(b, u, language=language), year=int(p))
                if pd.notna(b) else "")
            for d, x, u, b, p in zip(targets["direction"], targets["target_value"], targets["unit"],
                                     targets["baseline_value"], targets["baseline_period"])],
        t("col.due", language): targets["due"].astype("Int64").astype(str).replace("<NA>", "–"),
        t("col.actual", language): [f"{format_value(x, u, language=language)} ({int(y)})" if pd.notna(x) else "–"
                                    for x, u, y in zip(targets["actual_value"], targets["unit"],
                                                       targets["actual_year"])],
        t("col.status", language): [status_text(row, language) for row in targets.itertuples()],
        t("col.first_status", language): [value_label("target_status", f, language) if f != s else ""
                                          for f, s in zip(targets["first_status"], targets["status"])],
        t("col.source", language): targets["source_reference"],
        t("col.interpretation", language): [without_ids(x, all_names)
                                            for x in targets[f"interpretation_{language}"]],
    })
    # only the columns that say something here: no empty "first figure" or "interpretation" column
    table = table.drop(columns=[c for c in (t("col.first_status", language), t("col.interpretation", language))
                                if (table[c] == "").all()])
    if p.replaced:
        table.insert(5, t("col.replaced_by", language), [
            "" if c else t("targets.replaced", language, source=replaced_by.get(i, "–"))
            for i, c in zip(targets["id"], targets["is_current"])])
    out.table, out.download = table, targets.drop(columns=["quote"])
    out.judged_twice = judged_twice(targets, language)

    # Progress: the latest value as a share of the target, coloured by status. A target without data for its
    # judgement (no_data) or that nothing is judged against (unconfirmed) gets no bar: an earlier year's figure
    # would look like a verdict. Its row says what is known, and why.
    judged = ~targets["status"].isin(("no_data", "unconfirmed"))
    progress = targets.assign(
        y=(targets["actual_value"] / targets["target_value"] * 100).where(judged),
        series=[value_label("target_status", s, language) for s in targets["status"]],
        x=[(f"{n} ({int(d)})" if pd.notna(d) else n) + ("" if c else f" – {t('targets.replaced_short', language)}")
           for n, d, c in zip(targets[f"name_{language}"], targets["due"], targets["is_current"])],
        period=targets["actual_year"].astype("Int64").astype(str).replace("<NA>", "–"),
        text=[(f"{format_value(a, u, language=language)} / {format_value(x, u, language=language)}" if ok
               else status_text(row, language) + (
                   t("targets.last_known", language, value=format_value(a, u, language=language), year=int(y))
                   if pd.notna(a) else ""))
              for ok, a, x, u, y, row in zip(judged, targets["actual_value"], targets["target_value"],
                                             targets["unit"], targets["actual_year"], targets.itertuples())],
    )
    if not progress.empty:
        out.progress = charts.ChartSpec(
            key="targets-progress", title=t("targets.progress_title", language),
            unit=t("targets.progress", language), data=progress, language=language, kind="barh",
            categorical_x=True, x_title="", y_format=",.0f", y_suffix="%", reference=100,
            height=120 + 45 * len(progress), x_order=list(dict.fromkeys(progress["x"])),
            sources=sorted(set(progress["source_reference"])),
            colours={value_label("target_status", s, language): c for s, c in charts.STATUS_COLOURS.items()},
            table=table, download=out.download,
        )

    # One indicator against its targets over time.
    indicator = p.indicator
    if indicator not in set(every["indicator"]):
        return out
    mine = targets[targets["indicator"] == indicator]
    breakdown = mine["breakdown"].iloc[0] if not mine.empty else vocabulary.TOTAL
    figs = queries.figures([indicator], breakdown)
    pts, spans = charts.points(figs, language)
    unit = every.loc[every["indicator"] == indicator, "unit"].iloc[0]
    notes = [dataclasses.replace(n, text=without_ids(n.text, all_names))
             for n in charts.numbered_notes(queries.notes([indicator], breakdown), pts, language)]
    out.indicator_chart = charts.ChartSpec(
        key=f"target-{indicator}", title=t("targets.chart", language, name=names[indicator]),
        unit=charts.unit_title(unit, language), data=pts, spans=spans,
        targets=charts.target_points(mine, language), language=language, **charts.unit_axis(unit, language),
        sources=charts.source_lines(figs, language) + sorted(set(mine["source_reference"])),
        notes=_with_interpretations(notes, mine, language, all_names),
        table=figure_table(figs, language), download=figure_download(figs, language),
    )
    return out


def status_text(row: Any, language: str) -> str:
    """A target's status in words, with what qualifies it: a count part-way through the due year says up to which
    day ("deels: tot 13-11-2019"); no data says why (data/missing.csv: niet gevonden, niet gepubliceerd)."""
    if row.status == "partial" and pd.notna(row.partial_end):
        end = pd.Timestamp(row.partial_end)
        return t("targets.partial", language, date=f"{end.day:02d}-{end.month:02d}-{end.year}")
    if row.status == "no_data":   # 'geen cijfer voor 2024 (niet gevonden in een openbare bron)'
        return _no_figure(row.indicator, row.due, language)
    return value_label("target_status", row.status, language)


def _replaced_by(every: pd.DataFrame) -> dict[str, str]:
    """For each replaced target: the document of the current target for the same indicator, breakdown and year."""
    current = every[every["is_current"]].set_index(["indicator", "breakdown", "due"])["source_reference"]
    return {row.id: current.get((row.indicator, row.breakdown, row.due), "–")
            for row in every[~every["is_current"]].itertuples()}


def judged_twice(targets: pd.DataFrame, language: str) -> list[str]:
    """One sentence per target whose status on the first published figure differs from that on the latest figure,
    with the note that explains the revision: "gehaald op het eerste cijfer, niet gehaald na de hertelling"."""
    differ = targets[(targets["first_status"] != targets["status"]) & targets["actual_year"].notna()]
    if differ.empty:
        return []
    names = catalogue_names(language)[1]
    notes = queries.notes(list(differ["indicator"].unique()))
    out = []
    for row in differ.itertuples():
        mine = notes[(notes["indicator"] == row.indicator) & (notes["breakdown"] == row.breakdown)
                     & (notes["period"] == str(int(row.actual_year)))]
        note = " ".join(without_ids(x, names) for x in dict.fromkeys(mine[f"text_{language}"]))
        out.append(t("targets.judged_twice", language, name=getattr(row, f"name_{language}"),
                     first_status=value_label("target_status", row.first_status, language),
                     first=format_value(row.first_value, row.unit, language=language),
                     status=value_label("target_status", row.status, language),
                     latest=format_value(row.actual_value, row.unit, language=language),
                     year=int(row.actual_year)) + (f" {note}" if note else ""))
    return out


def _with_interpretations(notes: list[charts.Note], targets: pd.DataFrame, language: str,
                          names: dict[str, str]) -> list[charts.Note]:
    """The notes, then one per target the source words without a number: how the dashboard reads it."""
    worded = targets[targets[f"interpretation_{language}"].notna()]
    return notes + [charts.Note(len(notes) + n, t("targets.interpretation", language, name=row[f"name_{language}"],
                                                  interpretation=without_ids(row[f"interpretation_{language}"],
                                                                             names)),
                                row["source_reference"])
                    for n, (_, row) in enumerate(worded.iterrows(), start=1)]


def _no_figure(indicator: str, due: Any, language: str) -> str:
    """'geen cijfer voor 2024 (niet gevonden in een openbare bron)': why there is no figure for the due year, as
    data/missing.csv says; 'geen cijfer' alone where nobody said why."""
    reasons = {(m.indicator, str(m.period)): m.reason for m in queries.known_missing().itertuples()}
    year = str(int(due)) if pd.notna(due) else ""
    reason = reasons.get((indicator, year))
    text = t("targets.no_figure", language, year=year) if year else t("targets.no_data_label", language)
    return text + (f" ({value_label('missing_reason', reason, language)})" if reason else "")
