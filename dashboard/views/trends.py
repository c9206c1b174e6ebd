"""Trends: indicators over the years, against their targets, in the version of the figures the reader picks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from .. import breakdowns as breakdowns_
from .. import catalogue, chartmodel, charts, queries, urlparams, vocabulary
from ..charts import ChartSpec
from ..i18n import format_date, format_number, format_period, format_value, t, value_label
from ..tables import figure_download, figure_table, with_missing
from .base import Message, PageParams, PageView, catalogue_names, url

# the vintage modes of the figures (queries.VINTAGES) and `compare`: the latest figures against those known on a date
VINTAGES = (*queries.VINTAGES, "compare")


@dataclass(frozen=True)
class TrendsParams(PageParams):
    indicators: tuple[str, ...] = field(metadata=url("ind"))   # up to 12; none: the page asks for one
    breakdown: str = field(metadata=url("bd"))   # totaal, `dim:<dimension>`, one code, or * (every dimension)
    years: tuple[int, int]
    vintage: str                 # one of VINTAGES
    asof: dt.date                # the date of the `asof` and `compare` vintages
    chart: str                   # line or bar
    index: bool                  # as an index, `base` = 100
    base: int
    yoy: bool                    # also the change on the year before
    rate: bool                   # per 100,000 inhabitants


@dataclass(kw_only=True)
class TrendPanel:
    """One chart of the indicators over the years, and under it their change on the year before when asked for."""

    trend: ChartSpec
    change: ChartSpec | None = None


@dataclass(kw_only=True)
class TrendsView(PageView):
    """The chosen indicators over the years: one panel, or one per breakdown dimension when every breakdown is
    shown (groups of different dimensions count the same people and never share an axis)."""

    panels: list[TrendPanel] = field(default_factory=list)   # empty: no indicator chosen (a message asks for one)

    @property
    def charts(self) -> list[ChartSpec]:
        return [spec for panel in self.panels for spec in (panel.trend, panel.change) if spec is not None]


def params() -> list[urlparams.Param]:
    cat = queries.catalogue()
    span = queries.year_range() or (2000, dt.date.today().year)
    ids = cat.loc[cat["figures"] > 0, "indicator"].tolist() or ["-"]
    codes = queries.breakdowns()
    breakdowns = [vocabulary.TOTAL, *[breakdowns_.PREFIX + d for d in breakdowns_.dimensions(codes)], "*",
                  *[c for c in codes if c != vocabulary.TOTAL]]
    today = dt.date.today()
    return [
        urlparams.choices("ind", ids, default=catalogue.headline_ids(cat)[:1] or ids[:1], allow_empty=True),
        urlparams.choice("bd", breakdowns, vocabulary.TOTAL if vocabulary.TOTAL in breakdowns else "*"),
        urlparams.year_span("years", *span),
        urlparams.choice("vintage", VINTAGES, "latest"),
        urlparams.date("asof", dt.date(1990, 1, 1), today, today),
        urlparams.choice("chart", ("line", "bar"), "line"),
        urlparams.flag("index"),
        urlparams.year("base", *span, default=span[0]),
        urlparams.flag("yoy"),
        urlparams.flag("rate"),
    ]


def year_span(indicators: list[str]) -> tuple[int, int] | None:
    """The years the year range offers for these indicators: from their first to their last figure, widened to
    their targets' due years (targets are drawn); None when they have no figure at all."""
    cat = queries.catalogue()
    chosen = cat[cat["indicator"].isin(indicators) & cat["first_year"].notna()]
    if chosen.empty:
        return None
    lo, hi = int(chosen["first_year"].min()), int(chosen["last_year"].max())
    due = queries.targets(indicators)["due"].dropna() if indicators else pd.Series(dtype=float)
    if not due.empty:
        lo, hi = min(lo, int(due.min())), max(hi, int(due.max()))
    return lo, hi


def breakdown_choices(current: str, indicators: list[str]) -> list[str]:
    """What the breakdown widget offers: the total and each dimension the chosen indicators have figures for; a
    single code or "all" only when a link chose it (older links name one code)."""
    cat = queries.catalogue()
    codes = [c for bs in cat.loc[cat["indicator"].isin(indicators), "breakdowns"] for c in bs]
    offered = [vocabulary.TOTAL, *[breakdowns_.PREFIX + d for d in breakdowns_.dimensions(codes)]]
    return offered if current in offered else [*offered, current]


def build(p: TrendsParams, language: str) -> TrendsView:
    out = TrendsView()
    _, names, units = catalogue_names(language)
    chosen = [i for i in p.indicators if i in names]
    codes = None   # the breakdowns drawn: one code (None: every code), or every code of a dimension
    breakdown = None if p.breakdown == "*" else p.breakdown
    if p.breakdown.startswith(breakdowns_.PREFIX):
        codes = breakdowns_.codes_of(p.breakdown[len(breakdowns_.PREFIX):], queries.breakdowns())
        breakdown = None
    vintage = p.vintage
    if not chosen:
        out.say("info", t("trends.pick", language))
        return out
    if p.breakdown == "*":
        groups = by_dimension(chosen, p.years)
        if len(groups) > 1:
            return _one_chart_per_dimension(p, groups, language)
    if vintage == "compare":
        return compare(p, chosen, breakdown, codes, names, units, language, out)
    figs = queries.figures(chosen, breakdown, p.years, vintage, p.asof if vintage == "asof" else None)
    if codes is not None:
        figs = figs[figs["breakdown"].isin(codes)]
    rate_table: pd.DataFrame | None = None
    rate_sources: list[str] = []
    if p.rate:
        figs, rate_table, rate_sources = _per_100k(figs, chosen, breakdown, codes, p, names, language, out)
    missing = [names[i] for i in chosen if i not in set(figs["indicator"])]
    if missing:
        out.say("warning", t("c.gap_selection", language, names=", ".join(missing)))

    with_breakdown = breakdown is None or figs["breakdown"].nunique() > 1
    pts, spans = charts.points(figs, language, with_breakdown)
    targets = queries.targets(chosen)
    if breakdown is not None or codes is not None:
        targets = targets[targets["breakdown"].isin(codes if codes is not None else [breakdown])]
    targets = targets[targets["due"].between(*p.years)]
    if p.rate:
        targets = targets.iloc[0:0]   # targets are counts: they are not drawn over rates
        units = {i: vocabulary.PER_100K for i in units}
    target_rows = charts.target_points(targets, language, with_breakdown)
    chosen_units = sorted({units[i] for i in chosen if i in set(figs["indicator"])})
    unit = chosen_units[0] if len(chosen_units) == 1 else None
    axis = charts.unit_axis(unit, language) if unit else {}
    unit_text = (charts.unit_title(unit, language) if unit
                 else " / ".join(charts.unit_title(u, language) for u in chosen_units))

    pts, spans, dropped = charts.limit_series(pts, spans)
    if dropped:
        drawn = set(pts["series"]) | set(spans["series"])
        target_rows = target_rows[target_rows["base_series"].isin(drawn)]
        out.say("warning", t("c.too_many", language, shown=len(drawn), total=len(drawn) + dropped))
    empty_reason = "" if not figs.empty else t("c.gap_selection", language, names=", ".join(names[i] for i in chosen))

    if p.index:
        base = index_base(pts, p.base, _default_base())
        if base != p.base:
            out.say("caption", t("trends.base_auto", language, year=base))
        base_values = pts[pts["x"] == base].set_index("series")["y"].astype(float)
        base_values = base_values[base_values.notna() & (base_values != 0)]
        lacking = sorted(set(pts["series"]) - set(base_values.index))
        if lacking:
            out.say("warning", t("trends.no_base", language, year=base, names=", ".join(lacking)))
            empty_reason = empty_reason or t("trends.no_base", language, year=base, names=", ".join(lacking))
        pts = pts[pts["series"].isin(base_values.index)].copy()
        pts["value_text"] = pts["text"]
        pts["y"] = pts["y"].astype(float) / pts["series"].map(base_values).astype(float) * 100
        pts["unit"] = vocabulary.INDEX
        pts["text"] = [format_value(y, None, None, None, None, language) for y in pts["y"]]
        spans = spans.iloc[0:0]
        target_base = target_rows["base_series"].map(base_values).astype(float)
        target_rows = target_rows[target_base.notna()].assign(
            y=lambda f: f["y"] / target_base[target_base.notna()] * 100)
        axis, unit_text = dict(y_format=",.0f", y_title=t("c.index", language, year=base)), t("c.index", language,
                                                                                               year=base)
    elif len(chosen_units) > 1:
        out.say("info", t("trends.units", language,
                          units=", ".join(value_label("unit", u, language) for u in chosen_units)))

    notes = queries.notes(chosen, breakdown)
    if codes is not None:
        notes = notes[notes["breakdown"].isin(codes)]
    notes = charts.numbered_notes(notes, pts, language, with_breakdown)
    # Missing years inside the chart's range (up to the targets drawn): marked in bars, explained in notes and table
    gaps = chartmodel.missing_points(pts, queries.known_missing(), language, _span(pts, target_rows))
    if not p.index and not gaps.empty:
        notes += [charts.Note(len(notes) + n, text, source)
                  for n, (text, source) in enumerate(chartmodel.missing_notes(gaps, language), start=1)]
        if p.chart == "bar":
            unit_of = dict(zip(pts["series"], pts["unit"])) if "unit" in pts else {}
            pts = pd.concat([pts, gaps.assign(unit=gaps["series"].map(unit_of))], ignore_index=True)
    else:
        gaps = gaps.iloc[0:0]
    if not pts.empty and pts.groupby("series")["x"].apply(lambda x: x.max() - x.min() + 1 > len(x)).any():
        out.say("caption", t("c.gap_note", language))
    if not spans.empty:
        out.say("caption", t("c.span_note", language))

    title_names = _title_names([names[i] for i in chosen], chosen_units, language)
    drawn_codes = list(dict.fromkeys(pts["breakdown"])) if not pts.empty and "breakdown" in pts else []
    if codes is not None and len(drawn_codes) == 1 and pts["series"].nunique() == 1:
        # one group of a dimension drawn: no legend, so the title says which group it is
        title_names = f"{title_names} ({value_label('breakdown', drawn_codes[0], language)})"
    panel = TrendPanel(trend=charts.ChartSpec(
        key="trends",
        title=t("trends.title", language, names=title_names, years=years_text(pts, spans)),
        unit=f"{unit_text} · {t('vsub.' + vintage, language, date=format_date(p.asof.isoformat(), language))}",
        data=pts, spans=spans, targets=target_rows, notes=notes, language=language, kind=p.chart,
        sources=charts.source_lines(figs, language) + rate_sources, **axis, empty_reason=empty_reason,
        table=(rate_table if rate_table is not None else
               index_table(pts, language, base) if p.index else
               with_missing(figure_table(figs, language), gaps, names, language)),
        download=figure_download(figs, language) if rate_table is None else rate_table,
    ))

    if p.yoy and not pts.empty:
        change = year_on_year(pts[pts["y"].notna()], language)
        changed = ", ".join(dict.fromkeys(change["series"])) or title_names
        # a year whose change cannot be computed (it or the year before has no figure) is marked, not left empty
        change_gaps = chartmodel.missing_points(change, queries.known_missing(), language)
        change_gaps = change_gaps.assign(unit=change_gaps["series"].map(dict(zip(change["series"], change["unit"]))))
        panel.change = charts.ChartSpec(
            key="trends-yoy", title=t("trends.change_title", language, names=changed, years=years_text(change, None)),
            unit=" / ".join(charts.unit_title(u, language) for u in dict.fromkeys(change["unit"])) or t(
                "c.change", language),
            data=pd.concat([change, change_gaps], ignore_index=True) if not change_gaps.empty else change,
            language=language, kind="bar", sources=charts.source_lines(figs, language),
            notes=[charts.Note(n, text, source) for n, (text, source) in
                   enumerate(chartmodel.missing_notes(change_gaps, language), start=1)],
            empty_reason=t("trends.no_change", language),
            **charts.unit_axis(change["unit"].iloc[0] if change["unit"].nunique() == 1 else "", language),
            table=change[["series", "period", "text"]].rename(columns={
                "series": t("col.series", language), "period": t("col.period", language),
                "text": t("col.change", language)}),
            download=_change_download(change, language),
        )
    out.panels.append(panel)
    return out


def _title_names(shown: list[str], chosen_units: list[str], language: str) -> str:
    """What the chart shows, for its title: one or two indicators by name; more as their number and units (the
    legend names each), so the title stays a title."""
    if len(shown) <= 2:
        return t("c.and", language).join(shown)
    units = ", ".join(value_label("unit", u, language) for u in chosen_units)
    return t("trends.n_indicators", language, n=len(shown), units=units)


def years_text(pts: pd.DataFrame, spans: pd.DataFrame | None) -> str:
    """'2011–2024': the first and last year the chart draws a figure for (a title says when)."""
    years = [] if pts is None or pts.empty else list(pts.loc[pts["y"].notna(), "x"].astype(int))
    if spans is not None and not spans.empty:
        years += list(spans["x0"].astype(int)) + list(spans["x1"].astype(int))
    if not years:
        return ""
    return f"{min(years)}–{max(years)}" if min(years) != max(years) else str(min(years))


def _span(pts: pd.DataFrame, targets: pd.DataFrame) -> tuple[int, int] | None:
    xs = [f["x"] for f in (pts, targets) if f is not None and not f.empty]
    if not xs:
        return None
    every = pd.concat(xs).dropna().astype(int)
    return int(every.min()), int(every.max())


def by_dimension(chosen: list[str], years: tuple[int, int]) -> list[str]:
    """'All breakdowns' as groups that do not overlap: the total, then each dimension with figures (form of
    exploitation, sex, nationality, …), each a breakdown choice of its own."""
    codes = sorted(set(queries.figures(chosen, None, years)["breakdown"]))
    return ([vocabulary.TOTAL] if vocabulary.TOTAL in codes else []) + [breakdowns_.PREFIX + d for d in breakdowns_.dimensions(codes)]


def _one_chart_per_dimension(p: TrendsParams, groups: list[str], language: str) -> TrendsView:
    """Every breakdown shown, one chart per dimension, each with its own axis and title: sex, nationality and form
    of exploitation count the same people in overlapping groups and never share one axis."""
    out = TrendsView()
    for n, group in enumerate(groups, start=1):
        part = build(replace(p, breakdown=group), language)
        for spec in part.charts:
            label = breakdowns_.choice_label(group, language)
            spec.key = spec.key if n == 1 else f"{spec.key}-{group.replace(breakdowns_.PREFIX, '')}"
            spec.title = f"{spec.title} — {label}"
            spec.unit = f"{spec.unit} · {t('trends.part', language, n=n, total=len(groups))}"
        out.panels += part.panels
        out.messages += [m for m in part.messages if m not in out.messages]
    out.messages.insert(0, Message("caption", t("trends.all_parts", language, charts=len(groups))))
    return out


def compare(p: TrendsParams, chosen: list[str], breakdown: str | None, codes: list[str] | None,
            names: dict[str, str], units: dict[str, str], language: str, out: TrendsView) -> TrendsView:
    """The latest figures (solid, each series' own colour) over the figures as known on `asof` (dotted, the same
    colour); every point whose value changed since carries a ring. The table and the download hold the same points:
    per series and period the value then, the latest value, the difference and its status."""
    asof = p.asof
    date = format_date(asof.isoformat(), language)
    latest = queries.figures(chosen, breakdown, p.years)
    then = queries.figures(chosen, breakdown, p.years, "asof", asof)
    if codes is not None:
        latest, then = latest[latest["breakdown"].isin(codes)], then[then["breakdown"].isin(codes)]
    if p.index or p.rate or p.yoy:
        out.say("info", t("cmp.counts_only", language))
    missing = [names[i] for i in chosen if i not in set(latest["indicator"])]
    if missing:
        out.say("warning", t("c.gap_selection", language, names=", ".join(missing)))

    with_breakdown = breakdown is None or latest["breakdown"].nunique() > 1
    pts, spans = charts.points(latest, language, with_breakdown)
    pts, spans, dropped = charts.limit_series(pts, spans, charts.STANDARD.max_series // 2)
    drawn = set(pts["series"]) | set(spans["series"])
    if dropped:
        out.say("warning", t("cmp.too_many", language, shown=len(drawn), total=len(drawn) + dropped))
    then_pts, then_spans = charts.points(then, language, with_breakdown)
    then_pts, then_spans = then_pts[then_pts["series"].isin(drawn)], then_spans[then_spans["series"].isin(drawn)]
    known = t("cmp.known", language, date=date)
    colours = charts.colour_map(charts.identity(pd.concat([pts, spans])))
    older = {s: f"{s} — {known}" for s in colours}
    table = comparison(latest, then, language, with_breakdown)
    table = table[table["series"].isin(drawn)]
    rings = _revised(pts, then_pts)
    rebased = table.loc[table["status"] == "basis", ["series", "period"]]
    rings = rings.merge(rebased, on=["series", "period"], how="left", indicator=True)
    rings = rings[rings["_merge"] == "left_only"].drop(columns="_merge")   # a new counting basis is no revision
    if then.empty:
        out.say("info", t("cmp.nothing_then", language, date=date))
    else:
        out.say("caption", t("cmp.summary", language, date=date, revised=int((table["status"] == "revised").sum()),
                             known=int(table["then"].notna().sum()), new=int((table["status"] == "new").sum())))
        if (table["status"] == "basis").any():
            out.say("caption", t("cmp.basis_summary", language, date=date, n=int((table["status"] == "basis").sum())))
    chosen_units = sorted({units[i] for i in chosen if i in set(latest["indicator"])})
    unit = chosen_units[0] if len(chosen_units) == 1 else None
    axis = charts.unit_axis(unit, language) if unit else {}
    unit_text = (charts.unit_title(unit, language) if unit
                 else " / ".join(charts.unit_title(u, language) for u in chosen_units))
    notes = queries.notes(chosen, breakdown)
    if codes is not None:
        notes = notes[notes["breakdown"].isin(codes)]
    notes = charts.numbered_notes(notes, pts, language, with_breakdown)
    drawn_ids = [i for i in chosen if i in set(pts["indicator"]) | set(spans.get("indicator", []))] or chosen
    title_names = _title_names([names[i] for i in drawn_ids], chosen_units, language)
    data = pd.concat([then_pts.assign(series=then_pts["series"].map(older), colour_key=then_pts["series"]),
                      pts.assign(colour_key=pts["series"])], ignore_index=True)
    both_spans = pd.concat([then_spans.assign(series=then_spans["series"].map(older)), spans], ignore_index=True)
    out.panels.append(TrendPanel(trend=charts.ChartSpec(
        key="trends",
        title=t("trends.title", language, names=title_names, years=years_text(pts, spans)),
        unit=f"{unit_text} · {t('vsub.compare', language, date=date)}",
        data=data, spans=both_spans, notes=notes, language=language, kind=p.chart,
        colours={**colours, **{older[s]: c for s, c in colours.items()}},
        dotted=tuple(older.values()), rings=rings, rings_label=t("cmp.revised_key", language, date=date),
        sources=charts.source_lines(pd.concat([then, latest]), language), **axis,
        empty_reason="" if not latest.empty else t("c.gap_selection", language,
                                                   names=", ".join(names[i] for i in chosen)),
        table=comparison_table(table, language, date), download=comparison_download(table, language, date),
    )))
    return out


def _revised(pts: pd.DataFrame, then_pts: pd.DataFrame) -> pd.DataFrame:
    """The latest points whose value differs from the one known then (a point new since is not revised)."""
    keys = ["series", "x"]
    both = pts.merge(then_pts[keys + ["y"]].rename(columns={"y": "then"}), on=keys, how="inner")
    return both.loc[both["y"].astype(float) != both["then"].astype(float), ["series", "x", "y", "period", "text"]]


def comparison(latest: pd.DataFrame, then: pd.DataFrame, language: str, with_breakdown: bool) -> pd.DataFrame:
    """Per figure (indicator, breakdown, period): the value as known then, the latest value, the difference
    (absolute and in % of the value then) and the status: revised, basis (the latest value is on another counting
    basis than the one known then: not a revision), new (not yet published then), unchanged."""
    keys = ["indicator", "breakdown", "period"]
    cols = keys + ["value", "qualifier", "low", "high", "unit", "published", "source_reference", f"name_{language}",
                   "period_start", "basis", f"basis_label_{language}"]
    latest, then = (f.assign(**{c: "" if c == "basis" else None for c in cols if c not in f.columns})
                    for f in (latest, then))
    both = latest[cols].merge(then[cols], on=keys, how="outer", suffixes=("", "_then"))
    for c in ("unit", f"name_{language}", "period_start"):
        both[c] = both[c].fillna(both[f"{c}_then"])
    both["series"] = [charts.series_label(r, language, with_breakdown) for _, r in both.iterrows()]
    # named as the chart names its lines: a series on two counting bases is one series per basis (split_bases)
    label = f"basis_label_{language}"
    named = pd.DataFrame({"series": both["series"], "basis": both["basis"].fillna(both["basis_then"]).fillna(""),
                          label: both[label].fillna(both[f"{label}_then"])})
    both["series"] = chartmodel.split_bases(named, language)["series"].to_numpy()
    both["then"], both["latest"] = both["value_then"].astype(float), both["value"].astype(float)
    both["difference"] = both["latest"] - both["then"]
    both["difference_pct"] = (both["difference"] / both["then"] * 100).where(both["then"] != 0)
    both["status"] = ["new" if pd.isna(o) else "withdrawn" if pd.isna(n) else "basis" if ob != nb
                      else "revised" if o != n else "unchanged"
                      for o, n, ob, nb in zip(both["then"], both["latest"], both["basis_then"].fillna(""),
                                              both["basis"].fillna(""))]
    return both.sort_values(["series", "period_start", "period"], kind="stable").reset_index(drop=True)


def comparison_table(both: pd.DataFrame, language: str, date: str) -> pd.DataFrame:
    """The comparison for reading: values as published (with their qualifier), the difference signed."""
    def value(row: pd.Series, suffix: str) -> str:
        return format_value(row[f"value{suffix}"], row["unit"], row[f"qualifier{suffix}"], row[f"low{suffix}"],
                            row[f"high{suffix}"], language)

    def signed(x: float, decimals: int | None = None, suffix: str = "") -> str:
        if pd.isna(x):
            return "–"
        return f"{'+' if x > 0 else ''}{format_number(x, language, decimals)}{suffix}"

    return pd.DataFrame({
        t("col.series", language): both["series"],
        t("col.period", language): [format_period(p, language) for p in both["period"]],
        t("col.known_on", language, date=date): [value(r, "_then") for _, r in both.iterrows()],
        t("col.latest_value", language): [value(r, "") for _, r in both.iterrows()],
        t("col.difference", language): [signed(x) for x in both["difference"]],
        t("col.difference_pct", language): [signed(x, 1, "%") for x in both["difference_pct"]],
        t("col.status", language): [t(f"cmp.status.{s}", language, date=date) for s in both["status"]],
        t("col.source", language): [_both_sources(r, language) for _, r in both.iterrows()],
        t("col.basis", language): [_basis_text(r, language) for _, r in both.iterrows()],
    })


def _both_sources(row: pd.Series, language: str) -> str:
    """The document of the value then and of the latest value: both named when the value changed, each with its
    date when the same document is cited for two versions."""
    then, now = row["source_reference_then"], row["source_reference"]
    if pd.isna(then) or pd.isna(now) or (then == now and row["published_then"] == row["published"]):
        found: str = now if not pd.isna(now) else then
        return found
    if then == now:
        return (f"{then} ({format_date(row['published_then'], language)}) → "
                f"{now} ({format_date(row['published'], language)})")
    return f"{then} → {now}"


def _basis_text(row: pd.Series, language: str) -> str:
    labels = [x if isinstance(x, str) else "" for x in (row[f"basis_label_{language}_then"],
                                                        row[f"basis_label_{language}"])]
    return f"{labels[0]} → {labels[1]}" if row["status"] == "basis" else labels[1] or labels[0]


def comparison_download(both: pd.DataFrame, language: str, date: str) -> pd.DataFrame:
    """The comparison for reuse: the same rows, numbers as numbers, both documents and dates."""
    return pd.DataFrame({
        t("col.indicator_id", language): both["indicator"],
        t("col.series", language): both["series"],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in both["breakdown"]],
        t("col.period", language): both["period"],
        t("col.unit", language): [value_label("unit", u, language) for u in both["unit"]],
        t("col.known_on", language, date=date): both["then"],
        t("col.latest_value", language): both["latest"],
        t("col.difference", language): both["difference"],
        t("col.difference_pct", language): both["difference_pct"].round(1),
        t("col.status", language): [t(f"cmp.status.{s}", language, date=date) for s in both["status"]],
        f"{t('col.basis', language)} ({t('cmp.known', language, date=date)})": both[f"basis_label_{language}_then"],
        f"{t('col.basis', language)} ({t('col.latest_value', language).lower()})": both[f"basis_label_{language}"],
        f"{t('col.published', language)} ({t('cmp.known', language, date=date)})": both["published_then"],
        f"{t('col.source', language)} ({t('cmp.known', language, date=date)})": both["source_reference_then"],
        f"{t('col.published', language)} ({t('col.latest_value', language).lower()})": both["published"],
        f"{t('col.source', language)} ({t('col.latest_value', language).lower()})": both["source_reference"],
    })


def _per_100k(figs: pd.DataFrame, chosen: list[str], breakdown: str | None, codes: list[str] | None,
              p: TrendsParams, names: dict[str, str], language: str,
              out: TrendsView) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The latest figures as counts per 100,000 inhabitants, only where the count and the population are both
    published; the table the chart then shows (count, population, rate, both documents); the population's sources."""
    rates = queries.rates(chosen, breakdown, p.years)
    latest = queries.figures(chosen, breakdown, p.years)
    if codes is not None:
        rates, latest = rates[rates["breakdown"].isin(codes)], latest[latest["breakdown"].isin(codes)]
    out.say("caption", t("trends.rate_sdg", language))
    if p.vintage != "latest":
        out.say("info", t("trends.rate_latest", language))
    keys = ["indicator", "breakdown", "period"]
    counted = latest[latest["period_kind"] == "year"].merge(
        rates[keys + ["count", "population", "rate", "population_source", "population_published"]], on=keys,
        how="left")
    lacking = counted[counted["rate"].isna()]
    if not lacking.empty:
        out.say("warning", t("trends.rate_missing", language,
                             names=", ".join(names[i] for i in dict.fromkeys(lacking["indicator"])),
                             years=", ".join(sorted(set(lacking["period"])))))
    rated = counted[counted["rate"].notna()]
    table = pd.DataFrame({
        t("col.indicator", language): rated[f"name_{language}"],
        t("col.breakdown", language): [value_label("breakdown", b, language) for b in rated["breakdown"]],
        t("col.year", language): rated["period"],
        t("trends.rate_count", language): [format_number(c, language) for c in rated["count"]],
        t("trends.rate_population", language): [format_number(p, language) for p in rated["population"]],
        t("trends.rate_value", language): [format_number(r, language, 2) for r in rated["rate"]],
        t("col.source", language): rated["source_reference"] + "; " + rated["population_source"],
    })
    population = rated.assign(source_reference=rated["population_source"], published=rated["population_published"])
    rated = rated.assign(value=rated["rate"], unit=vocabulary.PER_100K, qualifier=None, low=None, high=None)
    return (rated.drop(columns=["count", "population", "rate", "population_source", "population_published"]), table,
            charts.source_lines(population, language))


def _default_base() -> int | None:
    return next((p.default for p in params() if p.name == "base"), None)


def index_base(pts: pd.DataFrame, chosen: int, default: int | None) -> int:
    """The base year of the index: the reader's choice, or (when the choice is the untouched default) the first year
    with a figure for every series drawn; without such a year, the year with figures for the most series."""
    if pts.empty or chosen != default:
        return chosen
    drawn = pts.dropna(subset=["y"])
    drawn = drawn[drawn["y"] != 0]
    per_year = drawn.groupby("x")["series"].nunique()
    if per_year.empty:
        return chosen
    complete = per_year[per_year == pts["series"].nunique()]
    return int(complete.index.min()) if not complete.empty else int(per_year.idxmax())


def index_table(pts: pd.DataFrame, language: str, base: int) -> pd.DataFrame:
    """The indexed chart as a table: each point's figure and its index value, as drawn."""
    return pd.DataFrame({
        t("col.series", language): pts["series"], t("col.period", language): pts["period"],
        t("col.value", language): pts.get("value_text", pts["text"]),
        t("c.index", language, year=base): pts["text"],
    })


def year_on_year(pts: pd.DataFrame, language: str) -> pd.DataFrame:
    """The change on the year before, for consecutive years only: in percentage points for a percentage, in percent
    for everything else (a count, an amount, an index)."""
    change = pts.sort_values("x").copy()
    previous = change.groupby("series")["y"].shift(1)
    previous_year = change.groupby("series")["x"].shift(1)
    percent = (change["unit"].map(vocabulary.is_share).astype(bool) if "unit" in change
               else pd.Series(False, index=change.index))
    change["y"] = (change["y"] - previous).where(percent, (change["y"] - previous) / previous * 100)
    change["unit"] = [vocabulary.CHANGE_PP if p else vocabulary.CHANGE_PCT for p in percent]
    keep = (previous_year == change["x"] - 1) & previous.notna() & (percent | (previous != 0))
    change = change[keep].copy()
    change["text"] = [
        f"{'+' if y > 0 else ''}{format_number(y, language, 1)} "
        f"{value_label('unit', vocabulary.PERCENTAGE_POINTS, language)}" if u == vocabulary.CHANGE_PP
        else f"{'+' if y > 0 else ''}{format_value(y, vocabulary.SHARE, None, None, None, language)}"
        for y, u in zip(change["y"], change["unit"])]
    return change


def _change_download(change: pd.DataFrame, language: str) -> pd.DataFrame:
    """The year-on-year change as numbers: series, year, change; the unit (percent or percentage points) in the
    header when there is one, else in a column of its own."""
    units = list(dict.fromkeys(change["unit"]))
    unit_words = {u: value_label("unit", vocabulary.PERCENTAGE_POINTS if u == vocabulary.CHANGE_PP else vocabulary.SHARE,
                                 language)
                  for u in units}
    frame = pd.DataFrame({t("col.series", language): change["series"].to_numpy(),
                          t("col.year", language): change["x"].astype(int).to_numpy(),
                          t("col.change", language): change["y"].round(2).to_numpy()})
    if len(units) == 1:
        return frame.rename(columns={t("col.change", language): f"{t('col.change', language)} ({unit_words[units[0]]})"})
    return frame.assign(**{t("col.unit", language): [unit_words[u] for u in change["unit"]]})
