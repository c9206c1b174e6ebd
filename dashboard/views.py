"""Views: what a permalink names (a page and its checked parameters) and the charts it shows, without Streamlit.

A page declares its parameters here (`params(page)`), lets `state.View` sync them with widgets and the URL, and asks
`charts_of(page, values, language)` for its ChartSpecs and the tables around them. The briefing exporter asks the same
function for the view in a permalink (`parse(link)`), so a chart in a briefing is the chart on screen, and a hostile
link in a briefing file is refused by the same `state` parsers that guard the address bar.

`charts_of` is cached per database build: the specs are shared between sessions and must be treated as read-only
(export copies them with `dataclasses.replace`).
"""

from __future__ import annotations

import datetime as dt
import textwrap
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from . import catalogue, charts, queries, state
from .db import build_info
from .i18n import LANGUAGES, format_date, format_period, format_value, t, value_label
from .render import figure_download, figure_table

# url path -> page; the same paths as app.py's navigation
PAGES = ("overzicht", "trends", "revisies", "strafrechtketen", "opvang", "doelen", "bronnen")
CHART_PAGES = ("trends", "revisies", "strafrechtketen", "opvang", "doelen")


class ViewError(ValueError):
    """A permalink that names no valid view; `problems` say what is wrong, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ViewCharts:
    """The charts of a view, plus the tables and messages a page shows around them."""

    specs: list[charts.ChartSpec] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)
    messages: list[tuple[str, str]] = field(default_factory=list)   # (info|warning|caption, text)

    def spec(self, key: str) -> charts.ChartSpec | None:
        return next((s for s in self.specs if s.key == key), None)


# --- Parameters of each page -----------------------------------------------------------------------------------------

def params(page: str) -> list[state.Param]:
    """The URL parameters of a page, their allowed values taken from the catalogue as it is now."""
    cat = queries.catalogue()
    span = queries.year_range() or (2000, dt.date.today().year)
    if page == "trends":
        ids = cat.loc[cat["figures"] > 0, "indicator"].tolist() or ["-"]
        breakdowns = ["*", *queries.breakdowns()]
        today = dt.date.today()
        return [
            state.choices("ind", ids, default=catalogue.headline_ids(cat)[:1] or ids[:1]),
            state.choice("bd", breakdowns, "totaal" if "totaal" in breakdowns else "*"),
            state.year_span("years", *span),
            state.choice("vintage", queries.VINTAGES, "latest"),
            state.date("asof", dt.date(1990, 1, 1), today, today),
            state.choice("chart", ("line", "bar"), "line"),
            state.flag("index"),
            state.year("base", *span, default=span[0]),
            state.flag("yoy"),
        ]
    if page == "revisies":
        groups, pair_keys = revision_groups(), [f"{a}|{b}" for a, b in catalogue.compared_pairs(cat)]
        return [state.choice("fig", groups or ["-"], groups[0] if groups else "-"),
                state.choice("pair", pair_keys or ["-"], pair_keys[0] if pair_keys else "-")]
    if page == "strafrechtketen":
        breakdowns = chain_breakdowns()
        return [state.choice("bd", breakdowns, "totaal"), state.year_span("years", *span)]
    if page == "opvang":
        return [state.year_span("years", *span)]
    if page == "doelen":
        indicators = list(dict.fromkeys(queries.targets(current_only=False)["indicator"])) or ["-"]
        return [state.flag("replaced"), state.choice("ind", indicators, indicators[0])]
    if page == "bronnen":
        domains = ["*", *dict.fromkeys(catalogue.order_by_domain(cat)["domain"])]
        return [state.choice("domain", domains, "*")]
    return []


def chain_breakdowns() -> list[str]:
    return [b for b in ("totaal", "seksueel", "arbeid", "crimineel", "overig") if b in queries.breakdowns()] or ["totaal"]


def revision_groups() -> list[str]:
    revisions = queries.revisions()
    return list(dict.fromkeys(f"{i}|{b}" for i, b in zip(revisions["indicator"], revisions["breakdown"])))


# --- Permalinks ------------------------------------------------------------------------------------------------------

def parse(link: str, language: str = "nl") -> tuple[str, dict[str, Any], str | None]:
    """A permalink (`trends?ind=a,b&lang=en`, a path `/trends?…` or a full address) -> (page, values, language).

    Every problem is collected and raised at once as ViewError; values are checked by the page's own parsers.
    """
    if not isinstance(link, str) or len(link) > 2000:
        raise ViewError([t("view.too_long", language)])
    parts = urllib.parse.urlsplit(link.strip())
    page = parts.path.strip("/").rsplit("/", 1)[-1] or "overzicht"
    page = "overzicht" if page == "start" else page   # the overview's url_path, served at /
    if page not in PAGES:
        raise ViewError([t("view.unknown_page", language, page=state._show([page]), pages=", ".join(PAGES))])
    raw = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    declared = {p.name: p for p in params(page)}
    values: dict[str, Any] = {name: p.default for name, p in declared.items()}
    problems: list[str] = []
    language = None
    for name, given in raw.items():
        if name == "lang":
            if len(given) != 1 or given[0] not in LANGUAGES:
                problems.append(t("view.invalid", language, name="lang", value=state._show(given)))
            else:
                language = given[0]
        elif name not in declared:
            problems.append(t("view.unknown_param", language, name=state._show([name])))
        else:
            try:
                values[name] = declared[name].normalise(declared[name].parse(given))
            except state.Invalid:
                problems.append(t("view.invalid", language, name=name, value=state._show(given)))
    if problems:
        raise ViewError(problems)
    return page, values, language


def permalink(page: str, values: dict[str, Any], language: str | None = None) -> str:
    """The link of a view: its page and every parameter, written the way the address bar writes them."""
    declared = {p.name: p for p in params(page)}
    query = [(name, ",".join(declared[name].dump(value))) for name, value in values.items() if name in declared]
    if language:
        query.append(("lang", language))
    return page + ("?" + urllib.parse.urlencode(query, safe=",") if query else "")


# --- Charts of a view ------------------------------------------------------------------------------------------------

def charts_of(page: str, values: dict[str, Any], language: str) -> ViewCharts:
    """The charts (and the page's tables and messages) of a checked view, cached per database build."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v, isinstance(v, list)) for k, v in values.items()))
    return _charts_cached(build_info().key, page, frozen, language)


@st.cache_resource(max_entries=128, show_spinner=False)
def _charts_cached(build_key: tuple, page: str, frozen: tuple, language: str) -> ViewCharts:
    values = {k: list(v) if was_list else v for k, v, was_list in frozen}
    builder = {"trends": _trends, "revisies": _revisions, "strafrechtketen": _chain, "opvang": _shelter,
               "doelen": _targets}.get(page)
    result = builder(values, language) if builder else ViewCharts()
    for spec in result.specs:
        spec.page = page
    return result


def _names(language: str) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    cat = queries.catalogue()
    return cat, dict(zip(cat["indicator"], cat[f"name_{language}"])), dict(zip(cat["indicator"], cat["unit"]))


def _trends(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, units = _names(language)
    chosen = [i for i in v["ind"] if i in names]
    breakdown = None if v["bd"] == "*" else v["bd"]
    vintage = v["vintage"]
    if not chosen:
        out.messages.append(("info", t("trends.pick", language)))
        return out
    figs = queries.figures(chosen, breakdown, v["years"], vintage, v["asof"] if vintage == "asof" else None)
    missing = [names[i] for i in chosen if i not in set(figs["indicator"])]
    if missing:
        out.messages.append(("warning", t("c.gap_selection", language, names=", ".join(missing))))

    with_breakdown = breakdown is None or figs["breakdown"].nunique() > 1
    pts, spans = charts.points(figs, language, with_breakdown)
    targets = queries.targets(chosen)
    if breakdown is not None:
        targets = targets[targets["breakdown"] == breakdown]
    targets = targets[targets["due"].between(*v["years"])]
    target_rows = charts.target_points(targets, language, with_breakdown)

    chosen_units = sorted({units[i] for i in chosen if i in set(figs["indicator"])})
    unit = chosen_units[0] if len(chosen_units) == 1 else None
    axis = charts.unit_axis(unit, language) if unit else {}
    unit_text = (charts.unit_title(unit, language) if unit
                 else " / ".join(charts.unit_title(u, language) for u in chosen_units))

    if v["index"]:
        base = v["base"]
        base_values = pts[pts["x"] == base].set_index("series")["y"].astype(float)
        lacking = sorted(set(pts["series"]) - set(base_values.index))
        if lacking:
            out.messages.append(("warning", t("trends.no_base", language, year=base, names=", ".join(lacking))))
        pts = pts[pts["series"].isin(base_values.index)].copy()
        pts["y"] = pts["y"].astype(float) / pts["series"].map(base_values).astype(float) * 100
        pts["text"] = [f"{text} → {format_value(y, None, None, None, None, language)}"
                       for text, y in zip(pts["text"], pts["y"])]
        spans = spans.iloc[0:0]
        target_base = target_rows["base_series"].map(base_values).astype(float)
        target_rows = target_rows[target_base.notna()].assign(
            y=lambda f: f["y"] / target_base[target_base.notna()] * 100)
        axis, unit_text = dict(y_format=",.0f"), t("c.index", language, year=base)
    elif len(chosen_units) > 1:
        out.messages.append(("info", t("trends.units", language,
                                       units=", ".join(value_label("unit", u, language) for u in chosen_units))))

    notes = charts.numbered_notes(queries.notes(chosen, breakdown), pts, language, with_breakdown)
    if not pts.empty and pts.groupby("series")["x"].apply(lambda x: x.max() - x.min() + 1 > len(x)).any():
        out.messages.append(("caption", t("c.gap_note", language)))
    if not spans.empty:
        out.messages.append(("caption", t("c.span_note", language)))

    title_names = ", ".join(names[i] for i in chosen)
    out.specs.append(charts.ChartSpec(
        key="trends",
        title=t("trends.title", language, names=title_names if len(title_names) < 90 else title_names[:88] + "…"),
        unit=f"{unit_text} · {t('vsub.' + vintage, language, date=format_date(v['asof'].isoformat(), language))}",
        data=pts, spans=spans, targets=target_rows, notes=notes, language=language, kind=v["chart"],
        sources=charts.source_lines(figs, language), **axis,
        table=figure_table(figs, language), download=figure_download(figs, language),
    ))

    if v["yoy"] and not pts.empty:
        change = pts.sort_values("x").copy()
        previous = change.groupby("series")["y"].shift(1)
        previous_year = change.groupby("series")["x"].shift(1)
        change["y"] = (change["y"] - previous) / previous * 100
        change = change[(previous_year == change["x"] - 1) & previous.notna() & (previous != 0)]
        change["text"] = [format_value(y, "percent", None, None, None, language) for y in change["y"]]
        out.specs.append(charts.ChartSpec(
            key="trends-yoy", title=t("trends.change_title", language), unit=t("c.change", language), data=change,
            language=language, kind="bar", sources=charts.source_lines(figs, language), y_format=",.1f",
            y_suffix="%",
            table=change[["series", "period", "text"]].rename(columns={
                "series": t("col.series", language), "period": t("col.period", language),
                "text": t("col.change", language)}),
            download=change[["series", "x", "y"]].rename(columns={
                "series": t("col.series", language), "x": t("col.year", language), "y": t("col.change", language)}),
        ))
    return out


def _revisions(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, units = _names(language)
    revisions = queries.revisions()
    out.tables["revisions"] = revisions
    if not revisions.empty:
        out.tables["overview"] = pd.DataFrame({
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
            t("col.difference_pct", language): [format_number_or_dash(p, language)
                                                for p in revisions["difference_pct"]],
            t("col.versions", language): revisions["vintages"],
            t("col.first_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                               zip(revisions["first_source_reference"], revisions["first_published"])],
            t("col.latest_source", language): [f"{s} ({format_date(p, language)})" for s, p in
                                                zip(revisions["latest_source_reference"],
                                                    revisions["latest_published"])],
            t("col.note", language): revisions[f"note_{language}"].fillna(""),
        })
    if v["fig"] != "-" and "|" in v["fig"]:
        indicator, _, breakdown = v["fig"].partition("|")
        versions = queries.vintages(indicator, breakdown)
        first = versions[versions["vintage"] == 1]
        latest = versions[versions["vintage"] == versions["vintages"]]
        revised_periods = set(versions.loc[versions["vintages"] > 1, "period"])
        first = first.assign(name_nl=t("rev.first", "nl"), name_en=t("rev.first", "en"))
        latest = latest.assign(name_nl=t("rev.latest", "nl"), name_en=t("rev.latest", "en"))
        both = pd.concat([first, latest])
        both = both[both["period"].isin(revised_periods)]
        pts, spans = charts.points(both, language)
        out.specs.append(charts.ChartSpec(
            key=f"revision-{indicator}-{breakdown}",
            title=t("rev.chart_title", language, name=group_label(v["fig"], names, language)),
            unit=charts.unit_title(units[indicator], language), data=pts, spans=spans, language=language,
            kind="bar", notes=charts.numbered_notes(queries.notes([indicator], breakdown), pts, language),
            sources=charts.source_lines(both, language), **charts.unit_axis(units[indicator], language),
            table=figure_table(versions[versions["period"].isin(revised_periods)], language),
            download=figure_download(versions, language),
        ))
    if v["pair"] != "-" and "|" in v["pair"]:
        a, b = v["pair"].split("|")
        figs = queries.figures([a, b], "totaal")
        pts, spans = charts.points(figs, language)
        wide = figs[figs["period_kind"] == "year"].pivot_table(index="year", columns="indicator", values="value")
        if a in wide and b in wide:
            diff = wide.dropna(subset=[a, b])
            diff_table = pd.DataFrame({
                t("col.year", language): diff.index.astype(int).astype(str),
                names[a]: [format_value(x, units[a], language=language) for x in diff[a]],
                names[b]: [format_value(x, units[b], language=language) for x in diff[b]],
                t("col.difference", language): [format_number_or_dash(x, language, None) for x in diff[a] - diff[b]],
            })
        else:
            diff_table = figure_table(figs, language)
        out.specs.append(charts.ChartSpec(
            key=f"pair-{a}-{b}", title=t("rev.pair_chart", language, a=names[a], b=names[b]),
            unit=charts.unit_title(units[a], language), data=pts, spans=spans, language=language,
            sources=charts.source_lines(figs, language), **charts.unit_axis(units[a], language),
            notes=charts.numbered_notes(queries.notes([a, b], "totaal"), pts, language),
            table=diff_table, download=figure_download(figs, language),
        ))
    return out


def group_label(key: str, names: dict[str, str], language: str) -> str:
    indicator, _, breakdown = key.partition("|")
    return f"{names.get(indicator, indicator)} — {value_label('breakdown', breakdown, language)}"


def format_number_or_dash(value: Any, language: str, decimals: int | None = 1) -> str:
    from .i18n import format_number

    return format_number(value, language, decimals) if pd.notna(value) else "–"


def _chain(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, _ = _names(language)
    steps = catalogue.chain_steps(cat)
    chain_ids = [i for _, ids in steps for i in ids]
    ratio_ids = catalogue.chain_ratio_ids(cat)
    breakdown, years = v["bd"], v["years"]
    figs = queries.figures(chain_ids + ratio_ids, breakdown, years)
    yearly = figs[figs["period_kind"] == "year"]
    step_of = {i: step.key for step, ids in steps for i in ids}

    # The chain table: one row per step and indicator, one column per year; empty where nothing was published.
    year_columns = [str(y) for y in range(years[0], years[1] + 1)]
    cells = yearly.assign(
        _year=yearly["year"].astype(int).astype(str),
        _text=[format_value(*r, language=language) for r in
               zip(yearly["value"], yearly["unit"], yearly["qualifier"], yearly["low"], yearly["high"])],
    ).drop_duplicates(["indicator", "_year"], keep="last").pivot(index="indicator", columns="_year", values="_text")
    rows = []
    for step, ids in steps:
        if not ids:
            rows.append({t("chain.step", language): t(f"step.{step.key}", language), t("col.indicator", language): "—"})
        for indicator in ids:
            found = cells.loc[indicator].dropna().to_dict() if indicator in cells.index else {}
            rows.append({t("chain.step", language): t(f"step.{step.key}", language),
                         t("col.indicator", language): names[indicator], **found})
    chain_table = pd.DataFrame(rows).reindex(
        columns=[t("chain.step", language), t("col.indicator", language), *year_columns]).astype(object).fillna("")
    chain_table = chain_table.loc[:, [c for c in chain_table.columns if c not in year_columns
                                      or (chain_table[c] != "").any()]]
    out.tables["chain"] = chain_table
    gaps = [t(f"step.{s.key}", language) for s, ids in steps if not ids or not set(ids) & set(yearly["indicator"])]
    if gaps:
        out.messages.append(("caption", t("c.gap_selection", language, names=", ".join(gaps))))

    # The chain chart: the steps from left to right, one bar per year (the newest years with figures in the range).
    counts = yearly[yearly["indicator"].isin(chain_ids) & (yearly["unit"] != "percent")]
    shown_years = sorted(counts["year"].dropna().astype(int).unique())[-5:]
    in_chart = counts[counts["year"].isin(shown_years)]
    order = {indicator: n for n, indicator in enumerate(chain_ids)}
    in_chart = in_chart.assign(_order=in_chart["indicator"].map(order)).sort_values(["_order", "year"])
    label = {i: "<br>".join(textwrap.wrap(f"{t('step.' + step_of[i], language)}: {names[i]}", 34))
             for i in set(in_chart["indicator"])}
    bars = pd.DataFrame({
        "series": in_chart["year"].astype(int).astype(str),
        "x": in_chart["indicator"].map(label),
        "y": in_chart["value"],
        "period": [f"{t('step.' + step_of[i], language)}, {int(y)}"
                   for i, y in zip(in_chart["indicator"], in_chart["year"])],
        "text": [format_value(*r, language=language) for r in
                 zip(in_chart["value"], in_chart["unit"], in_chart["qualifier"], in_chart["low"], in_chart["high"])],
    })
    x_order = list(dict.fromkeys(bars["x"]))
    bars = bars.sort_values("series", kind="stable")
    out.specs.append(charts.ChartSpec(
        key=f"chain-{breakdown}", title=t("chain.chart", language),
        unit=f"{value_label('breakdown', breakdown, language).capitalize()} · "
             + " / ".join(sorted({charts.unit_title(u, language) for u in in_chart["unit"]})),
        data=bars, language=language, kind="barh", categorical_x=True, x_title="",
        height=80 + len(x_order) * (14 * len(shown_years) + 24),
        x_order=x_order, sources=charts.source_lines(in_chart, language),
        notes=charts.numbered_notes(queries.notes(chain_ids, breakdown), bars.iloc[0:0], language),
        table=chain_table, download=figure_download(counts, language),
    ))

    # Ratios: the ones published (sepot share, conviction rate) and the ones two published counts of one year give.
    published = yearly[yearly["indicator"].isin(ratio_ids)]
    ids_of = {step.key: ids for step, ids in steps}
    computed = []
    for numerator, denominator in catalogue.CHAIN_RATIOS:
        top = counts[counts["indicator"].isin(ids_of[numerator])]
        bottom = counts[counts["indicator"].isin(ids_of[denominator])]
        both = top.merge(bottom, on="year", suffixes=("", "_d"))
        both = both[(both["unit"] == both["unit_d"]) & (both["value_d"] != 0)]  # persons over cases mixes counts
        if both.empty:
            continue
        computed.append(pd.DataFrame({
            "indicator": both["indicator"] + "/" + both["indicator_d"], "year": both["year"],
            "period": both["period"], "period_kind": "year", "year_start": both["year"], "year_end": both["year"],
            "breakdown": breakdown, "value": both["value"] / both["value_d"] * 100, "unit": "percent",
            "qualifier": None, "low": None, "high": None, "status": "reported",
            "published": both["published"].where(both["published"] >= both["published_d"], both["published_d"]),
            "source_reference": both["source_reference"] + "; " + both["source_reference_d"],
            f"name_{language}": f"{t('step.' + numerator, language)} / {t('step.' + denominator, language)}",
        }))
    ratios = pd.concat([published, *computed], ignore_index=True) if computed else published
    if ratios.empty:
        out.messages.append(("ratios", t("chain.no_ratios", language)))
    else:
        ratio_pts, _ = charts.points(ratios, language)
        out.specs.append(charts.ChartSpec(
            key=f"chain-ratios-{breakdown}", title=t("chain.ratios_chart", language),
            unit=charts.unit_title("percent", language), data=ratio_pts, language=language,
            sources=charts.source_lines(ratios, language), y_format=",.0f", y_suffix="%",
            notes=charts.numbered_notes(queries.notes(ratio_ids, breakdown), ratio_pts, language),
            table=figure_table(ratios, language), download=figure_download(ratios, language),
        ))
    return out


def _shelter(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat, names, _ = _names(language)
    parts = catalogue.shelter_ids(cat)
    years = v["years"]

    def chart(key: str, title: str, ids: list[str], kind: str = "line") -> pd.DataFrame:
        """A chart of the total of some indicators (one unit per chart: the first indicator's)."""
        figs = queries.figures(ids, "totaal", years)
        unit = figs["unit"].iloc[0] if not figs.empty else cat.set_index("indicator").loc[ids[0], "unit"]
        figs = figs[figs["unit"] == unit]
        pts, spans = charts.points(figs, language)
        out.specs.append(charts.ChartSpec(
            key=key, title=title, unit=charts.unit_title(unit, language), data=pts, spans=spans, language=language,
            kind=kind, sources=charts.source_lines(figs, language), **charts.unit_axis(unit, language),
            notes=charts.numbered_notes(queries.notes(ids, "totaal"), pts, language),
            table=figure_table(figs, language), download=figure_download(figs, language),
        ))
        return figs

    if parts["estimated"] and parts["registered"]:
        figs = chart("dark-number", t("shelter.dark", language), parts["registered"] + parts["estimated"])
        registered = figs[figs["indicator"].isin(parts["registered"]) & (figs["period_kind"] == "year")]
        estimated = figs[figs["indicator"].isin(parts["estimated"])]
        pairs = estimated.merge(registered, how="cross", suffixes=("_e", ""))
        pairs = pairs[pairs["year"].between(pairs["year_start_e"], pairs["year_end_e"])]
        out.tables["shares"] = pd.DataFrame({
            t("col.year", language): pairs["year"].astype(int).astype(str),
            t("col.indicator", language): pairs[f"name_{language}"],
            t("step.registrations", language): [format_value(*r, language=language) for r in
                                                zip(pairs["value"], pairs["unit"], pairs["qualifier"])],
            t("shelter.estimate", language): [format_value(*r, language=language) for r in
                                              zip(pairs["value_e"], pairs["unit_e"], pairs["qualifier_e"],
                                                  pairs["low_e"], pairs["high_e"])],
            t("shelter.estimate_period", language): [format_period(p, language) for p in pairs["period_e"]],
            t("shelter.share", language): [format_value(r / e * 100, "percent", "about" if isinstance(q, str) and q
                                                        else None, language=language)
                                           for r, e, q in zip(pairs["value"], pairs["value_e"], pairs["qualifier_e"])],
        }).fillna("")
    if parts["places"]:
        chart("places", t("shelter.places", language), parts["places"], kind="bar")
    return out


def _targets(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    every = queries.targets(current_only=False)
    if every.empty:
        return out
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
    names = dict(zip(every["indicator"], every[f"indicator_name_{language}"]))
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
