"""Strafrechtketen: the justice chain per year, its steps as the catalogue's `chain_step` column places them.

The question the page answers: of what the police send on, how much reaches the OM, the court and a conviction, in
one year. The chart shows one year's chain from police to conviction (registrations and investigations above it, for
context), with the ratio between consecutive steps counted in the same unit; the table shows every year, newest first.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import catalogue, chartmodel, charts, db, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_value, t, value_label
from ..tables import figure_download, figure_table
from .base import PageParams, PageView, catalogue_names, url


@dataclass(frozen=True)
class ChainParams(PageParams):
    breakdown: str = field(metadata=url("bd"))   # totaal or a form of exploitation
    years: tuple[int, int]                       # the years of the table and of the steps' charts
    year: int                                    # the funnel's year (the best year instead when it has no count)


@dataclass(kw_only=True)
class ChainView(PageView):
    """The justice chain: one year's funnel, every step over the years, the ratios, and the table of every year."""

    funnel: ChartSpec | None = None    # one year, police to conviction; None: no year has a count of the chain
    steps: list[ChartSpec] = field(default_factory=list)    # every count over the years, one chart per unit
    ratios: list[ChartSpec] = field(default_factory=list)   # one chart per ratio, each on its own axis
    table: pd.DataFrame                # one row per step and indicator, one column per year, newest first
    table_gaps: str = ""               # the steps without a count in any year of the range, said under the table

    @property
    def charts(self) -> list[ChartSpec]:
        return [*([self.funnel] if self.funnel else []), *self.steps, *self.ratios]


def breakdowns() -> list[str]:
    have = queries.breakdowns()   # the total and the forms of exploitation, in their order (data/breakdowns.csv)
    return [b for b in (vocabulary.TOTAL, *vocabulary.forms()) if b in have] or [vocabulary.TOTAL]


def funnel_years(breakdown: str) -> list[int]:
    """Years in which at least one step from suspects to convictions has a published count, newest first."""
    return [year for year, _ in _steps_per_year(breakdown)]


def best_year(breakdown: str) -> int | None:
    """The newest year with the most steps of the chain: the year the chart opens on."""
    ranked = sorted(_steps_per_year(breakdown), key=lambda pair: (pair[1], pair[0]), reverse=True)
    return ranked[0][0] if ranked else None


def year_span() -> tuple[int, int] | None:
    """The years of the chain's charts over time: from the first to the last figure of any of its steps or ratios."""
    return _year_span(db.build_info().key)


# The page asks these on every rerun (its widgets' years and default): computed once per database build, they cost
# about 90 ms a rerun (measured 2026-12-02, cProfile of AppTest reruns of the chain page).
@functools.lru_cache(maxsize=8)
def _year_span(build_key: tuple[Any, ...]) -> tuple[int, int] | None:
    cat = queries.catalogue()
    ids = [i for _, step_ids in catalogue.chain_steps(cat) for i in step_ids] + catalogue.chain_ratio_ids(cat)
    chosen = cat[cat["indicator"].isin(ids) & cat["first_year"].notna()]
    if chosen.empty:
        return None
    return int(chosen["first_year"].min()), int(chosen["last_year"].max())


def _steps_per_year(breakdown: str) -> list[tuple[int, int]]:
    return list(_steps_per_year_of(db.build_info().key, breakdown))


@functools.lru_cache(maxsize=32)
def _steps_per_year_of(build_key: tuple[Any, ...], breakdown: str) -> tuple[tuple[int, int], ...]:
    cat = queries.catalogue()
    chain = [i for step, ids in catalogue.chain_steps(cat) if step not in vocabulary.beside_the_chain() for i in ids]
    figs = queries.figures(chain, breakdown)
    figs = figs[figs["period_kind"] == "year"]
    step_of = dict(zip(cat["indicator"], cat["chain_step"]))
    figs = figs[~figs["unit"].map(vocabulary.is_share).astype(bool)]
    # a year counts the steps of its fullest funnel: steps of one unit and scope (what _funnel draws)
    group_of = {i: f"{(step := _step(i)).unit}|{step.scope}" for i in figs["indicator"].unique()}   # one per indicator
    group = [group_of[i] for i in figs["indicator"]]
    counted = (figs.assign(step=figs["indicator"].map(step_of), group=group).groupby(["year", "group"])["step"]
               .nunique().groupby("year").max())
    return tuple(sorted(((int(y), int(n)) for y, n in counted.items()), reverse=True))


def clear_cache() -> None:
    """Forget the per-build answers above (the benchmark's cold pages)."""
    _year_span.cache_clear()
    _steps_per_year_of.cache_clear()


def params() -> list[urlparams.Param]:
    span = queries.year_range() or (2000, dt.date.today().year)
    default = best_year(vocabulary.TOTAL) or span[1]
    return [urlparams.choice("bd", breakdowns(), vocabulary.TOTAL), urlparams.year_span("years", *span),
            urlparams.year("year", *span, default=default)]


def build(p: ChainParams, language: str) -> ChainView:
    cat, names, _ = catalogue_names(language)
    steps = catalogue.chain_steps(cat)
    chain_ids = [i for _, ids in steps for i in ids]
    ratio_ids = catalogue.chain_ratio_ids(cat)
    breakdown, years = p.breakdown, p.years
    figs = queries.figures(chain_ids + ratio_ids, breakdown, years)
    yearly = figs[figs["period_kind"] == "year"]

    # The chain table: one row per step and indicator, one column per year; empty where nothing was published.
    year_columns = [str(y) for y in range(years[1], years[0] - 1, -1)]   # newest year first
    cells = yearly.assign(
        _year=yearly["year"].astype(int).astype(str),
        _text=[format_value(*r, language=language) for r in
               zip(yearly["value"], yearly["unit"], yearly["qualifier"], yearly["low"], yearly["high"])],
    ).drop_duplicates(["indicator", "_year"], keep="last").pivot(index="indicator", columns="_year", values="_text")
    rows = []
    for step, ids in steps:
        if not ids:
            rows.append({t("chain.step", language): t(f"step.{step}", language), t("col.indicator", language): "—"})
        for indicator in ids:
            found = cells.loc[indicator].dropna().to_dict() if indicator in cells.index else {}
            rows.append({t("chain.step", language): t(f"step.{step}", language),
                         t("col.indicator", language): names[indicator], **found})
    chain_table = pd.DataFrame(rows).reindex(
        columns=[t("chain.step", language), t("col.indicator", language), *year_columns]).astype(object).fillna("")
    chain_table = chain_table.loc[:, [c for c in chain_table.columns if c not in year_columns
                                      or (chain_table[c] != "").any()]]
    out = ChainView(table=chain_table)
    gaps = [t(f"step.{s}", language) for s, ids in steps if not ids or not set(ids) & set(yearly["indicator"])]
    if gaps:   # shown with the table: the steps that have no count in any year of the range
        out.table_gaps = t("c.gap_selection", language, names=", ".join(gaps))

    # The chain chart: one year, from police to conviction, context steps first; a gap is a missing bar, not a zero.
    year = p.year if p.year in funnel_years(breakdown) else best_year(breakdown)
    if year is None:
        out.say("info", t("chain.no_year", language, breakdown=value_label("breakdown", breakdown, language)))
    else:
        out.funnel = _funnel(steps, breakdown, year, names, language)
        out.steps = _steps_over_years(steps, breakdown, years, names, language)
        missing = [t(f"step.{s}", language) for s, ids in steps if s not in vocabulary.beside_the_chain()
                   and not set(ids) & set(_year_figures(ids + ratio_ids, breakdown, year)["indicator"])]
        if missing:
            out.say("caption", t("chain.missing_steps", language, year=year, steps=", ".join(missing)))
    counts = yearly[yearly["indicator"].isin(chain_ids) & ~yearly["unit"].map(vocabulary.is_share).astype(bool)]

    # Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give.
    published = yearly[yearly["indicator"].isin(ratio_ids)]
    ids_of = dict(steps)
    computed = []
    for numerator, denominator in catalogue.chain_ratios():
        top = counts[counts["indicator"].isin(ids_of[numerator])]
        bottom = counts[counts["indicator"].isin(ids_of[denominator])]
        both = top.merge(bottom, on="year", suffixes=("", "_d"))
        # a share of the previous step only between counts of one unit, scope and organisation (chartmodel)
        same = [chartmodel.ratio_allowed(_step(a), _step(b)) for a, b in zip(both["indicator"], both["indicator_d"])]
        both = both[pd.Series(same, index=both.index, dtype=bool) & (both["value_d"] != 0)]
        if both.empty:
            continue
        computed.append(pd.DataFrame({
            "indicator": both["indicator"] + "/" + both["indicator_d"], "year": both["year"],
            "period": both["period"], "period_kind": "year", "year_start": both["year"], "year_end": both["year"],
            "breakdown": breakdown, "value": both["value"] / both["value_d"] * 100, "unit": vocabulary.SHARE,
            "qualifier": None, "low": None, "high": None, "status": "reported",
            "published": both["published"].where(both["published"] >= both["published_d"], both["published_d"]),
            "source_reference": both["source_reference"] + "; " + both["source_reference_d"],   # for reading
            # each document on its own for the source line (a reference may itself hold "; ")
            "source_references": list(zip(both["source_reference"], both["source_reference_d"], strict=True)),
            f"name_{language}": f"{t('step.' + numerator, language)} / {t('step.' + denominator, language)}",
        }))
    ratios = pd.concat([published, *computed], ignore_index=True) if computed else published
    # shares of different denominators never share an axis: one small chart per ratio, each naming what it divides
    # in its title (none: the page says the figures for a ratio are missing)
    for indicator in dict.fromkeys(ratios["indicator"]):
        ratio = ratios[ratios["indicator"] == indicator]
        ratio_pts, _ = charts.points(ratio, language)
        out.ratios.append(charts.ChartSpec(
            key=f"chain-ratio-{indicator.replace('/', '-over-')}-{breakdown}",
            title=t("chain.ratio_chart", language, name=ratio[f"name_{language}"].iloc[0],
                    years=_years_text(ratio_pts)),
            unit=f"{charts.unit_title(vocabulary.SHARE, language)} · {t('chain.ratio_own', language)}",
            data=ratio_pts, language=language, kind="line",
            sources=charts.source_lines(ratio, language), **charts.unit_axis(vocabulary.SHARE, language),
            notes=charts.numbered_notes(queries.notes([indicator], breakdown), ratio_pts, language),
            table=figure_table(ratio, language), download=figure_download(ratio, language),
        ))
    return out


def _years_text(pts: pd.DataFrame) -> str:
    years = sorted(pts.loc[pts["y"].notna(), "x"].astype(int)) if not pts.empty else []
    return "" if not years else f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])


def _year_figures(ids: list[str], breakdown: str, year: int) -> pd.DataFrame:
    figs = queries.figures(ids, breakdown, (year, year)) if ids else queries.figures(["-"], breakdown)
    return figs[figs["period_kind"] == "year"]


def _step(indicator: str) -> chartmodel.Step:
    """A chain indicator as a ratio sees it: its unit, scope and organisation (from the catalogue)."""
    cat = queries.catalogue().set_index("indicator")
    return chartmodel.Step(indicator, str(cat.at[indicator, "unit"]), catalogue.scope_of(indicator),
                           str(cat.at[indicator, "organisation"]))


def _scope_label(indicator: str, language: str) -> str:
    return t(f"chain.scope.{catalogue.scope_of(indicator)}", language)


def _funnel(steps: list[tuple[str, list[str]]], breakdown: str, year: int, names: dict[str, str],
            language: str) -> charts.ChartSpec:
    """Where do cases drop out, in `year`: the steps of one unit and one scope only, in chain order, each bar with
    its value. The unit and scope are those the most steps of that year share (the OM and court steps, counted in
    cases); the other steps are in the charts of the steps over the years. A share of the previous step is written
    only where both steps are counted in one unit and scope by one organisation. A step of the funnel's unit with no
    figure that year is a row saying so, not a missing bar."""
    ids = [i for step, group in steps if step not in vocabulary.beside_the_chain() for i in group]
    figs = _year_figures(ids, breakdown, year)
    figs = figs[~figs["unit"].map(vocabulary.is_share).astype(bool)]
    by_id = {row.indicator: row for row in figs.itertuples()}
    measures = queries.catalogue().set_index("indicator")["measures"]
    groups: dict[tuple[str, str], int] = {}
    for indicator in by_id:
        key = (_step(indicator).unit, _step(indicator).scope)
        groups[key] = groups.get(key, 0) + 1
    unit, scope = (max(groups, key=lambda k: (groups[k], k[0] == vocabulary.CHAIN_UNIT)) if groups
                   else (vocabulary.CHAIN_UNIT, vocabulary.DEFAULT_SCOPE))
    known = {(m.indicator, str(m.period)): m.reason for m in queries.known_missing().itertuples()}
    rows: list[Any] = []
    quantities: set[Any] = set()
    earlier: list[Any] = []   # the figures drawn for the steps before this one
    for step, group in steps:
        if step in vocabulary.beside_the_chain():
            continue
        members = [i for i in group if _step(i).unit == unit and _step(i).scope == scope]
        drawn = [i for i in members if i in by_id and measures[i] not in quantities]
        if not drawn and members:   # the step exists in this unit but has no figure this year: say so
            indicator = members[0]
            reason = known.get((indicator, str(year)))
            rows.append({"series": value_label("breakdown", breakdown, language).capitalize(),
                         "x": _bar_label(step, indicator, names, language, ""), "y": None, "period": str(year),
                         "text": t("c.no_figure", language)
                         + (f" ({value_label('missing_reason', reason, language)})" if reason else ""),
                         "indicator": indicator, "breakdown": breakdown, "period_raw": str(year),
                         "colour_key": breakdown})
        for indicator in drawn:
            row = by_id[indicator]
            quantities.add(measures[indicator])
            ratio = ""
            # the nearest earlier step counted by the same organisation in the same unit and scope
            previous = next((p for p in reversed(earlier) if p.value
                             and chartmodel.ratio_allowed(_step(indicator), _step(p.indicator))), None)
            if previous is not None:
                ratio = t("chain.of_previous", language,
                          share=format_value(row.value / previous.value * 100, vocabulary.SHARE, language=language),
                          previous=names[previous.indicator])
            rows.append({"series": value_label("breakdown", breakdown, language).capitalize(),
                         "x": _bar_label(step, indicator, names, language, ratio), "y": row.value,
                         "period": str(year),
                         "text": format_value(row.value, row.unit, row.qualifier, row.low, row.high, language),
                         "indicator": indicator, "breakdown": breakdown, "period_raw": row.period,
                         "colour_key": breakdown})   # the chain's colour is its breakdown's, whatever comes first
        earlier += [by_id[i] for i in drawn]
    bars = pd.DataFrame(rows, columns=["series", "x", "y", "period", "text", "indicator", "breakdown", "period_raw",
                                      "colour_key"])
    shown = figs[figs["indicator"].isin(bars["indicator"])]
    return charts.ChartSpec(
        key=f"chain-{breakdown}",
        title=t("chain.chart_year", language, year=year, unit=value_label("unit", unit, language),
                scope=t(f"chain.scope.{scope}", language) if breakdown == vocabulary.TOTAL
                else value_label("breakdown", breakdown, language)),
        unit=f"{value_label('breakdown', breakdown, language).capitalize()} · {charts.unit_title(unit, language)}"
             f" · {t('chain.funnel_only', language)}",
        data=bars, language=language, kind="barh", categorical_x=True, x_title="", bar_values=True,
        height=120 + 56 * len(bars), x_order=list(bars["x"]), sources=charts.source_lines(shown, language),
        notes=charts.numbered_notes(_notes_on(bars, breakdown), bars.iloc[0:0], language),
        table=figure_table(shown, language), download=figure_download(shown, language),
    )


def _bar_label(step: str, indicator: str, names: dict[str, str], language: str, ratio: str) -> str:
    organisation = _step(indicator).organisation
    label = f"{t('step.' + step, language)}: {names[indicator]}" + (
        "" if organisation in names[indicator] else f" ({organisation})")
    return "<br>".join(textwrap.wrap(label, 44)) + (f"<br><i>{ratio}</i>" if ratio else "")


def _steps_over_years(steps: list[tuple[str, list[str]]], breakdown: str, years: tuple[int, int],
                      names: dict[str, str], language: str) -> list[charts.ChartSpec]:
    """Every published count of the chain as its own series over the years, one chart per unit (persons,
    investigations, suspects, cases): each label says its step, scope ('alle vormen', 'alleen arbeidsuitbuiting')
    and organisation, so counts that cannot be set in one funnel are still read side by side, never as a ratio."""
    order = [i for _, group in steps for i in group]
    step_of = {i: step for step, group in steps for i in group}
    figs = queries.figures(order, breakdown, years) if order else queries.figures(["-"], breakdown)
    figs = figs[(figs["period_kind"] == "year") & ~figs["unit"].map(vocabulary.is_share).astype(bool)]
    out = []
    for unit in dict.fromkeys(figs.sort_values("indicator", key=lambda c: c.map(order.index))["unit"]):
        part = figs[figs["unit"] == unit].copy()
        part[f"name_{language}"] = [
            f"{t('step.' + step_of[i], language)}: {names[i]} ("
            + (_scope_label(i, language) if breakdown == vocabulary.TOTAL else value_label("breakdown", breakdown, language))
            + ("" if _step(i).organisation in names[i] else f", {_step(i).organisation}") + ")"
            for i in part["indicator"]]
        pts, spans = charts.points(part, language)
        gaps = chartmodel.missing_points(pts, queries.known_missing(), language)
        notes = charts.numbered_notes(queries.notes(list(part["indicator"].unique()), breakdown), pts, language)
        notes += [charts.Note(len(notes) + n, text, source)
                  for n, (text, source) in enumerate(chartmodel.missing_notes(gaps, language), start=1)]
        shown = sorted(pts["x"].astype(int)) if not pts.empty else []
        out.append(charts.ChartSpec(
            key=f"chain-steps-{unit}-{breakdown}",
            title=t("chain.steps_title", language, unit=value_label("unit", unit, language),
                    years=f"{shown[0]}–{shown[-1]}" if shown and shown[0] != shown[-1] else str(shown[0]) if shown
                    else ""),
            unit=f"{charts.unit_title(unit, language)} · {value_label('breakdown', breakdown, language)}",
            data=pts, spans=spans, language=language, kind="line", sources=charts.source_lines(part, language),
            notes=notes, **charts.unit_axis(unit, language),
            table=figure_table(part, language), download=figure_download(part, language),
        ))
    return out


def _notes_on(bars: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """Only the notes on the figures the chart draws (one year), not every note of every chain indicator."""
    notes = queries.notes(list(bars["indicator"]), breakdown)
    shown = set(zip(bars["indicator"], bars["period_raw"]))
    return notes[[(i, p) in shown for i, p in zip(notes["indicator"], notes["period"])]]


def _step_of(indicator: str) -> str | None:
    cat = queries.catalogue()
    return dict(zip(cat["indicator"], cat["chain_step"])).get(indicator)
