"""Wat is er veranderd: what was published between two dates — new figures, revised and corrected figures (old →
new, with the note that explains it and the sources of both versions), new and changed notes, and targets whose
status changed — grouped by indicator. Also: which items of a saved briefing have figures that changed since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from .. import charts, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_date, format_period, format_value, t, value_label
from ..tables import number_or_dash
from .base import PageParams, PageView, catalogue_names, url, without_ids

EARLIEST = dt.date(1990, 1, 1)
DEFAULT_DAYS = 91   # without a briefing opened in the session: about three months before the newest publication


@dataclass(frozen=True)
class ChangesParams(PageParams):
    start: dt.date = field(metadata=url("from"))   # the two ends may come in either order: the view sorts them
    end: dt.date = field(metadata=url("to"))


class ChangeCounts(NamedTuple):
    """How many figures of each kind of change the interval holds."""

    new: int
    revised: int
    corrected: int
    basis: int


@dataclass(kw_only=True)
class ChangesView(PageView):
    """What was published between two dates, as tables for reading, one download, and a chart per indicator."""

    interval: str                 # the two dates, in words
    counts: ChangeCounts
    revised: pd.DataFrame         # revised, corrected and rebased figures: old → new, both documents
    revised_notes: list[str]      # the notes that explain them, '**indicator**: note', once each
    new: pd.DataFrame             # figures first published in the interval
    notes: pd.DataFrame           # new and changed notes
    targets: pd.DataFrame         # targets whose status changed
    download: pd.DataFrame        # every change, as the database gives it
    chart: ChartSpec              # the changes per indicator and kind

    @property
    def charts(self) -> list[ChartSpec]:
        return [self.chart]


def params() -> list[urlparams.Param]:
    today = dt.date.today()
    return [urlparams.date("from", EARLIEST, today, default_from(today)), urlparams.date("to", EARLIEST, today, today)]


def default_from(today: dt.date) -> dt.date:
    """About three months before the newest publication in the data (or before today, when that is earlier): the
    default window always holds the latest figures, however long ago they were published."""
    newest = queries.newest_publication()
    return min(today, newest or today) - dt.timedelta(days=DEFAULT_DAYS)


def build(p: ChangesParams, language: str) -> ChangesView:
    start, end = sorted((p.start, p.end))
    _, names, _ = catalogue_names(language)
    interval = t("changes.interval", language, start=format_date(start.isoformat(), language),
                 end=format_date(end.isoformat(), language))
    found = queries.changes(start, end)
    found = found.assign(_name=found[f"name_{language}"]).sort_values(["_name", "breakdown", "period", "new_published_on"],
                                                                        kind="stable").drop(columns="_name")
    new, revised = found[found["change"] == "new"], found[found["change"] != "new"]
    new_table, revised_table = _new_table(new, language), _revised_table(revised, language, names)

    counts = (found.groupby([f"name_{language}", "change"]).size().rename("y").reset_index()
              if not found.empty else pd.DataFrame(columns=[f"name_{language}", "change", "y"]))
    data = pd.DataFrame({
        "series": [value_label("change", c, language) for c in counts["change"]],
        "x": counts[f"name_{language}"], "y": counts["y"].astype(float),
        "period": "", "text": [str(int(y)) for y in counts["y"]],
    })
    chart = charts.ChartSpec(
        key="changes", title=t("changes.chart", language, interval=interval),
        unit=t("changes.unit", language), data=data, language=language, kind="barh", categorical_x=True,
        x_title="", height=160 + 40 * max(1, data["x"].nunique()),
        x_order=sorted(set(data["x"])),
        sources=sorted(set(found["new_source_reference"]) | set(found["old_source_reference"].dropna())),
        colours={value_label("change", c, language): colour for c, colour in
                 (("new", "#0072B2"), ("revised", "#CC79A7"), ("corrected", "#D55E00"), ("basis", "#009E73"))},
        slide_table=revised_table.iloc[:, :5] if not revised_table.empty else None,
        table=pd.concat([revised_table, new_table], ignore_index=True) if not found.empty else revised_table,
        download=found,
    )
    out = ChangesView(
        interval=interval,
        counts=ChangeCounts(*(int((found["change"] == kind).sum()) for kind in ChangeCounts._fields)),
        revised=revised_table,
        revised_notes=(_revised_notes(revised, language, names)
                       + _basis_notes(revised[revised["change"] == "basis"], language)),
        new=new_table, notes=_notes_table(queries.notes_between(start, end), language, names),
        targets=_targets_table(queries.target_changes(start, end), language), download=found, chart=chart)
    if (start, end) != (p.start, p.end):
        out.say("warning", t("changes.swapped", language))
    return out


def _value(value: Any, unit: str, qualifier: Any, status: Any, language: str) -> str:
    if pd.isna(value):
        return "–"
    return f"{format_value(value, unit, qualifier, language=language)} ({value_label('status', status, language)})"


def _difference(value: Any, unit: str, language: str) -> str:
    if pd.isna(value):
        return "–"
    text = format_value(abs(value), unit, language=language)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _new_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.indicator", language): rows[f"name_{language}"],
        t("col.period", language): [format_period(p, language) for p in rows["period"]],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in rows["breakdown"]],
        t("col.value", language): [_value(*r, language) for r in zip(rows["new_value"], rows["unit"],
                                                                    rows["new_qualifier"], rows["new_status"])],
        t("col.published", language): [format_date(p, language) for p in rows["new_published"]],
        t("col.source", language): rows["new_source_reference"],
        t("col.later", language): [t("changes.superseded", language) if s else "" for s in rows["superseded"]],
    })


def _revised_table(rows: pd.DataFrame, language: str, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.indicator", language): rows[f"name_{language}"],
        t("col.period", language): [_period(p, b, language) for p, b in zip(rows["period"], rows["breakdown"])],
        t("col.old", language): [_value(*r, language) for r in zip(rows["old_value"], rows["unit"],
                                                                  rows["old_qualifier"], rows["old_status"])],
        t("col.new", language): [_value(*r, language) for r in zip(rows["new_value"], rows["unit"],
                                                                  rows["new_qualifier"], rows["new_status"])],
        t("col.difference", language): [_difference(d, u, language) + (
                                            "" if pd.isna(p) else f" ({'+' if p > 0 else ''}"
                                                                  f"{number_or_dash(p, language)}%)")
                                        for d, u, p in zip(rows["difference"], rows["unit"], rows["difference_pct"])],
        t("col.change", language): [value_label("change", c, language) for c in rows["change"]],
        t("col.first_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                           zip(rows["old_source_reference"], rows["old_published"])],
        t("col.latest_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                            zip(rows["new_source_reference"], rows["new_published"])],
    })


def _basis_notes(rows: pd.DataFrame, language: str) -> list[str]:
    """Why each figure on a new counting basis is no revision: the break's reason, once per indicator and reason."""
    pairs = dict.fromkeys((n, x) for n, x in zip(rows[f"name_{language}"], rows[f"basis_reason_{language}"])
                          if isinstance(x, str) and x)
    return [f"**{name}** ({value_label('change', 'basis', language)}): {reason}" for name, reason in pairs]


def _revised_notes(rows: pd.DataFrame, language: str, names: dict[str, str]) -> list[str]:
    """The notes that explain the revised figures, once per indicator and note, as '**indicator**: note'."""
    pairs = dict.fromkeys((n, without_ids(x, names)) for n, x in zip(rows[f"name_{language}"], rows[f"note_{language}"])
                          if isinstance(x, str) and x)
    return [f"**{name}**: {note}" for name, note in pairs]


def _period(period: str, breakdown: str, language: str) -> str:
    shown = format_period(period, language)
    return shown if breakdown == vocabulary.TOTAL else f"{shown} ({value_label('breakdown', breakdown, language)})"


def _notes_table(rows: pd.DataFrame, language: str, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.indicator", language): rows[f"name_{language}"],
        t("col.periods", language): [", ".join(p) if len(p) else t("all", language) for p in rows["periods"]],
        t("col.kind", language): [value_label("note_kind", k, language) for k in rows["kind"]],
        t("col.note", language): [without_ids(n, names) for n in rows[f"text_{language}"]],
        t("col.source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                    zip(rows["source_reference"], rows["source_published"])],
    })


def _targets_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    def judged(status: Any, value: Any, year: Any, unit: str) -> str:
        if pd.isna(status):
            return t("changes.target_not_set", language)
        label = value_label("target_status", status, language)
        return label if pd.isna(value) else f"{label} ({format_value(value, unit, language=language)}, {int(year)})"

    return pd.DataFrame({
        t("col.indicator", language): rows[f"indicator_name_{language}"],
        t("col.target", language): rows[f"name_{language}"],
        t("col.old", language): [judged(*r) for r in zip(rows["old_status"], rows["old_value"], rows["old_year"],
                                                        rows["unit"])],
        t("col.new", language): [judged(*r) for r in zip(rows["new_status"], rows["new_value"], rows["new_year"],
                                                        rows["unit"])],
        t("col.source", language): rows["source_reference"],
    })


# --- A saved briefing, opened later ---------------------------------------------------------------------------------

def changed_since(slides: Iterable[Any], saved: dt.date, language: str, until: dt.date | None = None) -> pd.DataFrame:
    """The slides of a briefing (`briefing.slides`) whose figures were revised or corrected after `saved`: one row per
    slide and figure, the value known when the briefing was saved against the value now. A figure first published
    after `saved` is not a change of what the briefing said, and is not listed."""
    found = queries.changes(saved, until or dt.date.today())
    found = found[found["change"] != "new"]
    columns = [t("col.item", language), t("col.title", language), t("col.indicator", language),
               t("col.period", language), t("col.breakdown", language), t("col.old", language),
               t("col.new", language), t("col.difference", language), t("col.note", language)]
    if found.empty:
        return pd.DataFrame(columns=columns)
    names = catalogue_names(language)[1]
    per_figure = found.groupby(["indicator", "period", "breakdown"], sort=False).agg(
        first=("new_published_on", "idxmin"), last=("new_published_on", "idxmax")).reset_index()
    rows = []
    for slide in slides:
        shown = _figures_of(slide.spec)
        if shown.empty:
            continue
        keys = [c for c in ("indicator", "period", "breakdown") if c in shown.columns]
        hits = per_figure.merge(shown[keys].drop_duplicates(), on=keys)
        for hit in hits.itertuples():
            before, now = found.loc[hit.first], found.loc[hit.last]
            rows.append([slide.number, slide.title, now[f"name_{language}"], format_period(now["period"], language),
                         value_label("breakdown", now["breakdown"], language),
                         _value(before["old_value"], now["unit"], before["old_qualifier"], before["old_status"],
                                language),
                         _value(now["new_value"], now["unit"], now["new_qualifier"], now["new_status"], language),
                         _difference(now["new_value"] - before["old_value"], now["unit"], language),
                         _change_note(found[(found["indicator"] == hit.indicator)
                                            & (found["period"] == hit.period)
                                            & (found["breakdown"] == hit.breakdown)], now, language, names)])
    return pd.DataFrame(rows, columns=columns)


def _change_note(versions: pd.DataFrame, now: pd.Series, language: str, names: dict[str, str]) -> str:
    """The note that explains a changed figure; where its counting basis changed, that first ("andere telwijze")."""
    note = without_ids(now[f"note_{language}"], names)
    rebased = versions[versions["change"] == "basis"] if "change" in versions.columns else versions.iloc[:0]
    if rebased.empty:
        return note
    reason = rebased[f"basis_reason_{language}"].dropna()
    lead = value_label("change", "basis", language) + (f": {reason.iloc[0]}" if not reason.empty else "")
    return f"{lead} {note}".strip() if note else lead


def split_notes(changed: pd.DataFrame, language: str) -> tuple[pd.DataFrame, list[str]]:
    """A `changed_since` table for reading: without its note column, and each note once ('**indicator**: note')."""
    note, indicator = t("col.note", language), t("col.indicator", language)
    notes = dict.fromkeys(f"**{i}**: {n}" for i, n in zip(changed[indicator], changed[note]) if n)
    return changed.drop(columns=note), list(notes)


def _figures_of(spec: charts.ChartSpec) -> pd.DataFrame:
    """The figures a chart shows, as far as its download or data names them (indicator, period, breakdown)."""
    for frame in (spec.download, spec.data):
        if frame is not None and "indicator" in frame.columns:
            out = frame.drop(columns="period").rename(columns={"period_raw": "period"}) \
                if "period_raw" in frame.columns and "period" in frame.columns else frame
            return out[[c for c in ("indicator", "period", "breakdown") if c in out.columns]]
    return pd.DataFrame()
