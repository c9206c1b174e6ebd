"""Gemeld vs gecorrigeerd: every figure published in more than one version, and series two organisations count,
side by side (the pairs the catalogue declares through `measures`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import catalogue, charts, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_date, format_number, format_period, format_value, t, value_label
from ..tables import figure_download, figure_table, number_or_dash
from .base import PageParams, PageView, catalogue_names, url, without_ids

SMALL_SAMPLE = 10   # fewer revised figures than this: the statistics describe these revisions, they show no trend


@dataclass(frozen=True)
class RevisionsParams(PageParams):
    figure: str = field(metadata=url("fig"))   # the revised series drawn, `indicator|breakdown`; - for none
    pair: str                                  # the two indicators of one quantity drawn, `a|b`; - for none


@dataclass(kw_only=True)
class RevisionsView(PageView):
    """Every revised figure, the figures published on a new counting basis, the revision statistics, one revised
    series as a chart and one pair of organisations' counts side by side."""

    names: dict[str, str]                  # every indicator's name, for the widgets' labels
    revisions: pd.DataFrame                # every revised figure, as the database gives it (the download)
    overview: pd.DataFrame | None = None   # the same for reading; None: no figure was revised
    basis_changes: pd.DataFrame            # old basis against new, for reading (empty: none)
    basis_changes_download: pd.DataFrame
    stats: pd.DataFrame                    # the statistics for reading (empty: no revision to describe)
    stats_download: pd.DataFrame
    stats_caveat: str                      # how few revisions the statistics rest on
    stats_notes: list[str]                 # per indicator its largest revision and the note that explains it
    revision: ChartSpec | None = None      # the chosen series, first version against latest
    pair: ChartSpec | None = None          # the chosen pair of counts of one quantity

    @property
    def charts(self) -> list[ChartSpec]:
        return [spec for spec in (self.revision, self.pair) if spec is not None]


def groups() -> list[str]:
    """Every revised figure series as `indicator|breakdown`."""
    revisions = queries.revisions()
    return list(dict.fromkeys(f"{i}|{b}" for i, b in zip(revisions["indicator"], revisions["breakdown"])))


def pair_keys() -> list[str]:
    return [f"{a}|{b}" for a, b in catalogue.compared_pairs(queries.catalogue())]


def params() -> list[urlparams.Param]:
    found, pairs = groups(), pair_keys()
    return [urlparams.choice("fig", found or ["-"], found[0] if found else "-"),
            urlparams.choice("pair", pairs or ["-"], pairs[0] if pairs else "-")]


def group_label(key: str, names: dict[str, str], language: str) -> str:
    indicator, _, breakdown = key.partition("|")
    return f"{names.get(indicator, indicator)} — {value_label('breakdown', breakdown, language)}"


def pair_label(key: str, names: dict[str, str]) -> str:
    return " / ".join(names.get(i, i) for i in key.split("|"))


def build(p: RevisionsParams, language: str) -> RevisionsView:
    _, names, units = catalogue_names(language)
    revisions = queries.revisions()
    overview = None
    if not revisions.empty:
        overview = pd.DataFrame({
            t("col.indicator", language): revisions[f"name_{language}"],
            t("col.period", language): [format_period(p, language) for p in revisions["period"]],
            t("col.breakdown", language): [value_label("breakdown", b, language) for b in revisions["breakdown"]],
            t("col.first", language): [
                f"{format_value(v_, u, q, language=language)} ({value_label('status', s, language)})"
                for v_, u, q, s in zip(revisions["first_value"], revisions["unit"], revisions["first_qualifier"],
                                       revisions["first_status"])],
            t("col.latest", language): [
                f"{format_value(v_, u, q, language=language)} ({value_label('status', s, language)})"
                for v_, u, q, s in zip(revisions["latest_value"], revisions["unit"], revisions["latest_qualifier"],
                                       revisions["latest_status"])],
            t("col.difference", language): [format_value(d, u, language=language) if d < 0
                                            else "+" + format_value(d, u, language=language)
                                            for d, u in zip(revisions["difference"], revisions["unit"])],
            t("col.difference_pct", language): [number_or_dash(p, language)
                                                for p in revisions["difference_pct"]],
            t("col.versions", language): revisions["vintages"],
            t("col.first_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                               zip(revisions["first_source_reference"], revisions["first_published"])],
            t("col.latest_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                                zip(revisions["latest_source_reference"],
                                                    revisions["latest_published"])],
            t("col.note", language): revisions[f"note_{language}"].fillna(""),
            **({t("col.basis", language): revisions[f"basis_label_{language}"].fillna("")}
               if revisions[f"basis_label_{language}"].notna().any() else {}),
        })
    rebased = queries.basis_changes()
    stats = queries.revision_stats()
    stats_table, caveat = revision_stats_table(stats, language, names)
    out = RevisionsView(names=names, revisions=revisions, overview=overview,
                        basis_changes=basis_changes_table(rebased, language), basis_changes_download=rebased,
                        stats=stats_table, stats_download=stats, stats_caveat=caveat,
                        stats_notes=largest_notes(stats, language, names))
    if p.figure != "-" and "|" in p.figure:
        indicator, _, breakdown = p.figure.partition("|")
        versions = queries.vintages(indicator, breakdown)
        current = versions[versions["is_current_basis"]]   # a value on an older counting basis is no version of it
        first = current[current["vintage"] == 1]
        latest = current[current["vintage"] == current["vintages"]]
        revised_periods = set(current.loc[current["vintages"] > 1, "period"])
        first = first.assign(name_nl=t("rev.first", "nl"), name_en=t("rev.first", "en"), colour_key="first")
        latest = latest.assign(name_nl=t("rev.latest", "nl"), name_en=t("rev.latest", "en"), colour_key="latest")
        both = pd.concat([first, latest])
        both = both[both["period"].isin(revised_periods)]
        pts, spans = charts.points(both, language)
        out.revision = charts.ChartSpec(
            key=f"revision-{indicator}-{breakdown}",
            title=t("rev.chart_title", language, name=group_label(p.figure, names, language)),
            unit=charts.unit_title(units[indicator], language), data=pts, spans=spans, language=language,
            kind="bar", notes=charts.numbered_notes(queries.notes([indicator], breakdown), pts, language),
            empty_reason=t("rev.none", language),
            sources=version_sources(first[first["period"].isin(revised_periods)],
                                    latest[latest["period"].isin(revised_periods)], language),
            **charts.unit_axis(units[indicator], language),
            table=figure_table(current[current["period"].isin(revised_periods)], language),
            download=figure_download(versions, language),
        )
    if p.pair != "-" and "|" in p.pair:
        a, b = p.pair.split("|")
        figs = queries.figures([a, b], vocabulary.TOTAL)
        pts, spans = charts.points(figs, language)
        wide = figs[figs["period_kind"] == "year"].pivot_table(index="year", columns="indicator", values="value")
        if a in wide and b in wide:
            diff = wide.dropna(subset=[a, b])
            diff_table = pd.DataFrame({
                t("col.year", language): diff.index.astype(int).astype(str),
                names[a]: [format_value(x, units[a], language=language) for x in diff[a]],
                names[b]: [format_value(x, units[b], language=language) for x in diff[b]],
                t("col.difference", language): [number_or_dash(x, language, None) for x in diff[a] - diff[b]],
            })
        else:
            diff_table = figure_table(figs, language)
        out.pair = charts.ChartSpec(
            key=f"pair-{a}-{b}", title=t("rev.pair_chart", language, a=names[a], b=names[b]),
            unit=charts.unit_title(units[a], language), data=pts, spans=spans, language=language,
            sources=charts.source_lines(figs, language), **charts.unit_axis(units[a], language),
            notes=charts.numbered_notes(queries.notes([a, b], vocabulary.TOTAL), pts, language),
            empty_reason=t("c.gap_selection", language, names=f"{names[a]}, {names[b]}"), table=diff_table,
            download=figure_download(figs, language),
        )
    return out


def version_sources(first: pd.DataFrame, latest: pd.DataFrame, language: str) -> list[str]:
    """The documents of both versions of a revision, each named as the version it published ("Eerste publicatie:
    Nationaal Rapporteur, 18-10-2024 (18 okt 2024)"), even when one document is cited for both."""
    lines = [f"{t('rev.first', language)}: {line}" for line in charts.source_lines(first, language)]
    return lines + [f"{t('rev.latest', language)}: {line}" for line in charts.source_lines(latest, language)]


def basis_changes_table(rebased: pd.DataFrame, language: str) -> pd.DataFrame:
    """Figures published on a new counting basis ("andere telwijze"): old basis against new, both documents, the
    reason. Kept apart from the revisions."""
    if rebased.empty:
        return pd.DataFrame()

    def value(v_: Any, u: str, q: Any, label: Any) -> str:
        return f"{format_value(v_, u, q, language=language)} ({label})"

    return pd.DataFrame({
        t("col.indicator", language): rebased[f"name_{language}"],
        t("col.period", language): [format_period(p, language) for p in rebased["period"]],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in rebased["breakdown"]],
        t("col.old_basis", language): [value(*r) for r in zip(rebased["old_value"], rebased["unit"],
                                                            rebased["old_qualifier"],
                                                            rebased[f"old_basis_label_{language}"])],
        t("col.new_basis", language): [value(*r) for r in zip(rebased["new_value"], rebased["unit"],
                                                            rebased["new_qualifier"],
                                                            rebased[f"new_basis_label_{language}"])],
        t("col.first_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                           zip(rebased["old_source_reference"], rebased["old_published"])],
        t("col.latest_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                            zip(rebased["new_source_reference"], rebased["new_published"])],
        t("col.basis_reason", language): [f"{r} ({s})" for r, s in zip(rebased[f"reason_{language}"],
                                                                       rebased["break_source_reference"])],
    })


def revision_stats_table(stats: pd.DataFrame, language: str, names: dict[str, str]) -> tuple[pd.DataFrame, str]:
    """The revision statistics of every indicator with a revised figure, and overall; each mean with its n. Returns
    the table and the sentence that says how few revisions they rest on (the notes: `largest_notes`)."""
    shown = stats[(stats["figures_revised"] > 0) | (stats["scope"] == "overall")]
    if shown.empty or int(stats.loc[stats["scope"] == "overall", "figures_revised"].sum()) == 0:
        return pd.DataFrame(), ""

    def with_n(value: Any, unit: Any, n: int, signed: bool = False) -> str:
        if pd.isna(value):
            return "–"
        text = format_value(value, unit, language=language)
        return (("+" if signed and value > 0 else "") + text) + f" (n = {n})"

    def largest(row: Any) -> str:
        if pd.isna(row.largest_revision):
            return "–"
        unit = row.unit if isinstance(row.unit, str) else None
        name = "" if row.scope != "overall" else names.get(row.largest_indicator, row.largest_indicator) + ", "
        return (f"{name}{format_period(row.largest_period, language)}: "
                f"{format_value(row.largest_first_value, unit, language=language)} → "
                f"{format_value(row.largest_latest_value, unit, language=language)}")

    table = pd.DataFrame({
        t("col.indicator", language): [t("rev.overall", language) if s == "overall" else n
                                       for s, n in zip(shown["scope"], shown[f"name_{language}"])],
        t("col.figures", language): shown["figures"].astype(int),
        t("col.revised", language): shown["figures_revised"].astype(int),
        t("col.first_provisional", language): [f"{int(p)} ({format_number(s * 100, language, 0)}%)"
                                               for p, s in zip(shown["first_provisional"],
                                                               shown["share_first_provisional"])],
        t("col.mean_revision", language): [with_n(x, u, n, True) for x, u, n in
                                           zip(shown["mean_revision"], shown["unit"], shown["figures"])],
        t("col.mean_abs_revision", language): [with_n(x, u, n) for x, u, n in
                                               zip(shown["mean_absolute_revision"], shown["unit"], shown["figures"])],
        t("col.rel_mean_abs_revision", language): [
            "–" if pd.isna(x) else f"{format_number(x * 100, language, 1)}% (n = {n})"
            for x, n in zip(shown["relative_mean_absolute_revision"], shown["figures"])],
        t("col.largest_revision", language): [largest(row) for row in shown.itertuples()],
    })
    revised = int(stats.loc[stats["scope"] == "overall", "figures_revised"].iloc[0])
    total = int(stats.loc[stats["scope"] == "overall", "figures"].iloc[0])
    caveat = t("rev.stats_small" if revised < SMALL_SAMPLE else "rev.stats_n", language, revised=revised,
               total=total)
    if "basis_changes_excluded" in stats.columns:
        excluded = int(stats.loc[stats["scope"] == "overall", "basis_changes_excluded"].iloc[0])
        if excluded:
            caveat += " " + t("rev.basis_excluded", language, n=excluded)
    return table, caveat


def largest_notes(stats: pd.DataFrame, language: str, names: dict[str, str]) -> list[str]:
    """Per indicator with a revised figure: its largest revision and the note that explains it, one line each."""
    rows = stats[(stats["scope"] == "indicator") & stats[f"largest_note_{language}"].notna()]
    return [t("rev.largest_note", language, name=getattr(row, f"name_{language}"),
              period=format_period(row.largest_period, language),
              note=without_ids(getattr(row, f"largest_note_{language}"), names))
            for row in rows.itertuples()]
