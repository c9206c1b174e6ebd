"""The chart model: figures become series, series become one chart model that every renderer draws.

Style is decided here, once per series, from the series' identity (indicator, breakdown, counting basis), never from
its translated label: the same series has the same colour in Dutch and English and on every page. What may be drawn
together is decided here too. The rules of comparability, each a function that raises `ComparabilityError` on
something that must not be drawn as asked:

- `check_axis`: one value axis carries one unit (mixed units become one panel per unit: `panels`);
- `check_line`: one line never joins figures on different counting bases (`split_bases` makes one series per basis);
- `check_ratio`: a ratio only between two steps of one unit, one scope and one organisation;
- `check_stack`: only breakdown groups that do not overlap (one dimension, without the total) may be stacked.

`model_of(spec)` turns the plotly builder's spec (charts.ChartSpec) into the plain `Model` that decks, PDFs,
manifest.json and tests read: series with id, label, unit, colour, dash, marker, kind (estimate or count), basis and
points (a missing year is a point with `missing` set, never a zero); panels per unit; notes; sources; link.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from . import breakdowns as breakdowns_
from . import vocabulary
from .i18n import t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")

# A series compared across pages has a home colour (by indicator, or by form of exploitation for a breakdown:
# data/series_colours.csv, vocabulary.colours()); any other series gets one from its identity (a hash of its id).
ESTIMATED = ("estimate", "provisional")   # statuses drawn open and dashed, as OWID and the ONS draw them
BASIS_MARKERS = ("circle", "square", "diamond", "triangle-up")   # newest basis first: an older basis has its own mark


class ComparabilityError(ValueError):
    """Something the chart model refuses to draw as asked (it names what and why)."""


# --- Identity and style -----------------------------------------------------------------------------------------------

def series_id(indicator: str, breakdown: str = vocabulary.TOTAL, basis: str = "") -> str:
    """A series' identity: 'victims_registered_nr|totaal|' (the basis is empty where no break is declared)."""
    return f"{indicator}|{breakdown}|{basis or ''}"


def colour_of(key: str) -> str:
    """A series' own colour, from its identity (a series id, or an indicator id, breakdown code, year), never from
    its place in a chart or its label. A breakdown with a home colour (a form of exploitation) keeps it whatever the
    indicator; the total of an indicator with a home colour has that one; the basis never changes the colour."""
    home = _home(key)
    if home:
        return home
    indicator, _, rest = key.partition("|")
    breakdown = rest.partition("|")[0]
    plain = f"{indicator}|{breakdown}" if rest else key
    return OKABE_ITO[zlib.crc32(plain.encode("utf-8")) % 7]   # yellow only as a last resort: weak on white


def _home(key: str) -> str | None:
    home = vocabulary.colours()
    if key in home:
        return home[key]
    parts = key.split("|")
    if len(parts) != 3:
        return None
    indicator, breakdown, _ = parts
    if breakdown != vocabulary.TOTAL and breakdown in home:
        return home[breakdown]
    if breakdown == vocabulary.TOTAL and indicator in home:
        return home[indicator]
    return None


def colour_map(keys: dict[str, str] | list[str]) -> dict[str, str]:
    """Series name -> colour for one chart, given each series' identity key (a list: the names are the keys).

    Every series keeps its own colour unless another in the chart has it already; then the one with a home colour or
    the smaller key keeps it and the other takes the next free Okabe-Ito colour (still decided by identity alone, so
    the same set of series gets the same colours in either language)."""
    keys = dict(zip(keys, keys)) if isinstance(keys, list) else keys
    taken: dict[str, str] = {}   # series (without its basis) -> colour: two bases of one series share a colour
    out: dict[str, str] = {}
    for name, key in sorted(keys.items(), key=lambda item: (_home(item[1]) is None, item[1], item[0])):
        series = key.rsplit("|", 1)[0] if key.count("|") == 2 else key
        colour = taken.get(series) or colour_of(key)
        if series not in taken and colour in taken.values():
            free = [c for c in OKABE_ITO if c not in taken.values()]
            colour = free[0] if free else colour
        taken[series] = out[name] = colour
    return out


def identity(frame: pd.DataFrame | None) -> dict[str, str]:
    """Each series' identity key: the colour_key column where given, else its id (indicator, breakdown, basis),
    else (a purpose-built frame without them) the series name."""
    if frame is None or frame.empty:
        return {}
    per_series = frame.drop_duplicates("series")
    if "colour_key" in frame:
        return dict(zip(per_series["series"], per_series["colour_key"].astype(str)))
    if {"indicator", "breakdown"} <= set(frame.columns):
        basis = per_series["basis"].fillna("") if "basis" in per_series else pd.Series("", index=per_series.index)
        ids = [series_id(str(i), str(b), str(s)) for i, b, s in
               zip(per_series["indicator"], per_series["breakdown"], basis)]
        if len(set(ids)) == len(ids):
            return dict(zip(per_series["series"], ids))
    return {str(s): str(s) for s in per_series["series"]}


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str      # solid | dash (an estimate or provisional figure) | dot (an older version)
    marker: str    # circle, or another mark for an older counting basis; open when an estimate
    kind: str      # estimate | count


def style_of(key: str, estimate: bool = False, basis_rank: int = 0, colour: str | None = None) -> Style:
    """The style of one series: its colour from its identity, dashed and open when it is an estimate, its own mark
    when it is on an older counting basis (`basis_rank` 1, 2, … back from the newest)."""
    marker = BASIS_MARKERS[min(basis_rank, len(BASIS_MARKERS) - 1)]
    return Style(colour=colour or colour_of(key), dash="dash" if estimate else "solid",
                 marker=f"{marker}-open" if estimate else marker, kind="estimate" if estimate else "count")


# --- The model --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    x: Any                 # the year (or a category)
    y: float | None        # None: no figure (see `missing`)
    text: str              # the value as a reader sees it ("ca. 5.000"), or the words for a missing figure
    period: str = ""
    missing: str = ""      # '' | not_found | not_published: why there is no figure
    reason: str = ""       # the reason's text (data/missing.csv)


@dataclass
class Series:
    id: str
    label: str
    unit: str
    colour: str
    dash: str
    marker: str
    kind: str                              # estimate | count
    basis: str = ""
    points: list[Point] = field(default_factory=list)
    indicator: str = ""
    breakdown: str = ""


@dataclass
class Panel:
    unit: str
    title: str                             # the unit as the axis names it
    series: list[str] = field(default_factory=list)   # series ids


@dataclass
class Model:
    """What a chart shows, for every renderer: plotly, the native PowerPoint chart, the PDF, manifest.json."""

    key: str
    title: str
    subtitle: str
    kind: str                              # line | bar | barh
    language: str
    series: list[Series]
    panels: list[Panel]
    notes: list[dict[str, Any]]            # number, text, source
    sources: list[str]
    link: str = ""
    stamp: str = ""
    said: list[str] = field(default_factory=list)   # what the image says about what it split off or left out

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# --- The rules --------------------------------------------------------------------------------------------------------

def check_axis(series: list[Series], where: str = "one axis") -> None:
    """One unit per value axis."""
    units = list(dict.fromkeys(s.unit for s in series if s.unit))
    if len(units) > 1:
        raise ComparabilityError(f"{where}: series of different units ({', '.join(units)}) cannot share a value axis;"
                                 " draw one panel per unit")


def check_line(frame: pd.DataFrame) -> None:
    """One line joins figures of one counting basis only."""
    if frame is None or frame.empty or "basis" not in frame or "series" not in frame:
        return
    bases = frame.assign(basis=frame["basis"].fillna("")).groupby("series")["basis"].nunique()
    joined = bases[bases > 1]
    if not joined.empty:
        raise ComparabilityError(f"series {', '.join(map(str, joined.index))}: one line would join figures on "
                                 "different counting bases; draw one series per basis (split_bases)")


@dataclass(frozen=True)
class Step:
    """A step of the justice chain as a ratio sees it: what it counts, of what scope, by whom."""

    indicator: str
    unit: str
    scope: str
    organisation: str


def check_ratio(numerator: Step, denominator: Step) -> None:
    """A share of the previous step only between two counts of one unit, scope and organisation."""
    for what in ("unit", "scope", "organisation"):
        a, b = getattr(numerator, what), getattr(denominator, what)
        if a != b:
            raise ComparabilityError(f"{numerator.indicator} / {denominator.indicator}: different {what} "
                                     f"({a} against {b}); no ratio")


def check_stack(codes: list[str]) -> None:
    """Stacked parts must not overlap: breakdown codes of one dimension whose groups exclude each other
    (data/breakdown_dimensions.csv, `exclusive`), without the total they add up to."""
    if vocabulary.TOTAL in codes and len(codes) > 1:
        raise ComparabilityError("the total cannot be stacked with its own parts")
    dims = list(dict.fromkeys(breakdowns_.dimension(c) for c in codes))
    if len(dims) > 1:
        raise ComparabilityError(f"breakdowns of different dimensions ({', '.join(map(str, dims))}) overlap;"
                                 " they cannot be stacked")
    if len(codes) > 1 and not vocabulary.exclusive(dims[0]):
        raise ComparabilityError(f"the groups of {dims[0]} overlap (one case may be counted in several); "
                                 "they cannot be stacked")


def ratio_allowed(numerator: Step, denominator: Step) -> bool:
    try:
        check_ratio(numerator, denominator)
    except ComparabilityError:
        return False
    return True


def panels(series: list[Series], unit_title=lambda unit: unit) -> list[Panel]:
    """One panel per unit, in order of appearance; each obeys check_axis."""
    out: dict[str, Panel] = {}
    for s in series:
        out.setdefault(s.unit, Panel(s.unit, unit_title(s.unit))).series.append(s.id)
    for panel in out.values():
        check_axis([s for s in series if s.id in panel.series], f"panel {panel.unit}")
    return list(out.values())


def split_bases(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """Where one series holds figures on several counting bases, one series per basis, each labelled with its basis
    label ('… — telwijze 2017'): a line then never joins two bases. Frames without a `basis` column pass unchanged."""
    if frame.empty or "basis" not in frame:
        return frame
    frame = frame.assign(basis=frame["basis"].fillna(""))
    several = frame.groupby("series")["basis"].transform("nunique") > 1
    if not several.any():
        return frame
    label = frame.get(f"basis_label_{language}", frame["basis"]).fillna(frame["basis"])
    out = frame.copy()
    out.loc[several, "series"] = out.loc[several, "series"] + " — " + label[several].astype(str)
    return out


# --- From a plotly spec to the model ----------------------------------------------------------------------------------

def _series_frames(spec: Any) -> list[pd.DataFrame]:
    return [f for f in (spec.data, spec.spans) if f is not None and not f.empty]


def _basis_rank(spec: Any, rows: pd.DataFrame) -> int:
    """0 for the newest counting basis of a series in this chart, 1 for the one before it, …"""
    if "basis" not in rows or not {"indicator", "breakdown"} <= set(rows.columns) or spec.data is None:
        return 0
    data = spec.data
    if "basis" not in data:
        return 0
    same = data[(data["indicator"] == rows["indicator"].iloc[0]) & (data["breakdown"] == rows["breakdown"].iloc[0])]
    newest = same.assign(basis=same["basis"].fillna("")).groupby("basis")["x"].max().sort_values(ascending=False)
    order = list(newest.index)
    basis = str(rows["basis"].fillna("").iloc[0])
    return order.index(basis) if basis in order else 0


def model_of(spec: Any, colours: dict[str, str], link: str = "", unit_title=lambda unit: unit) -> Model:
    """The model of a charts.ChartSpec, with the colours the chart draws (charts.colours_of)."""
    ids = {}
    for frame in _series_frames(spec):
        ids.update({k: v for k, v in identity(frame).items() if k not in ids})
    series: list[Series] = []
    used: set[str] = set()
    for name in dict.fromkeys(n for f in _series_frames(spec) for n in f["series"]):
        rows = pd.concat([f[f["series"] == name] for f in _series_frames(spec)])
        unit = str(rows["unit"].dropna().iloc[0]) if "unit" in rows and rows["unit"].notna().any() else ""
        estimate = "status" in rows and rows["status"].isin(ESTIMATED).all()
        basis = str(rows["basis"].dropna().iloc[0]) if "basis" in rows and rows["basis"].notna().any() else ""
        style = style_of(ids.get(name, str(name)), bool(estimate), _basis_rank(spec, rows), colours.get(name))
        dash = "dot" if name in getattr(spec, "dotted", ()) else style.dash
        pts = []
        for row in rows.to_dict("records"):
            x = row.get("x", row.get("x0"))
            y = row.get("y")
            pts.append(Point(x=x.item() if hasattr(x, "item") else x,
                             y=None if y is None or pd.isna(y) else float(y), text=str(row.get("text", "")),
                             period=str(row.get("period", "")), missing=str(row.get("missing") or ""),
                             reason=str(row.get("missing_reason") or "")))
        sid = ids.get(name, str(name))
        sid = sid if sid not in used else f"{sid}#{len(series) + 1}"   # an older version drawn beside the latest
        used.add(sid)
        series.append(Series(id=sid, label=str(name), unit=unit, colour=style.colour, dash=dash,
                             marker=style.marker, kind=style.kind, basis=basis, points=pts,
                             indicator=str(rows["indicator"].iloc[0]) if "indicator" in rows else "",
                             breakdown=str(rows["breakdown"].iloc[0]) if "breakdown" in rows else ""))
    return Model(key=spec.key, title=spec.title, subtitle=spec.unit, kind=spec.kind, language=spec.language,
                 series=series, panels=panels(series, unit_title) if spec.kind != "barh" else
                 [Panel("", spec.unit, [s.id for s in series])],
                 notes=[{"number": n.number, "text": n.text, "source": n.source} for n in spec.notes],
                 sources=list(spec.sources), link=link, stamp=spec.stamp)


# --- Missing figures: marked, with their reason -----------------------------------------------------------------------



def missing_points(pts: pd.DataFrame, known: pd.DataFrame, language: str,
                   span: tuple[int, int] | None = None) -> pd.DataFrame:
    """A row per year a series has no figure for: every year inside its own first–last range, and every year of
    `span` (the chart's range, e.g. up to the targets drawn) that data/missing.csv lists for its indicator. Each row
    has y None, text 'geen cijfer', `missing` the reason code (not_found, not_published, or '' when nobody said why)
    and `missing_reason` the reason's text. A missing figure is never a zero."""
    from .i18n import value_label

    columns = ["series", "x", "y", "period", "text", "indicator", "breakdown", "missing", "missing_reason"]
    if pts.empty or not {"indicator", "breakdown"} <= set(pts.columns):
        return pd.DataFrame(columns=columns)
    listed: dict[tuple[str, int], tuple[str, str]] = {}
    for row in known.itertuples():
        if str(row.period)[:4].isdigit() and len(str(row.period)) == 4:
            listed[(row.indicator, int(row.period))] = (row.reason, getattr(row, f"note_{language}"))
    rows = []
    for (series, indicator, breakdown), group in pts.groupby(["series", "indicator", "breakdown"], sort=False):
        have = set(group.loc[group["y"].notna(), "x"].astype(int))
        if not have:
            continue
        years = set(range(min(have), max(have) + 1))
        if span is not None:
            years |= {y for (i, y) in listed if i == indicator and span[0] <= y <= span[1]}
        for year in sorted(years - have):
            reason, text = listed.get((indicator, year), ("", "")) if breakdown == vocabulary.TOTAL else ("", "")
            why = value_label("missing_reason", reason, language) if reason else ""
            rows.append({"series": series, "x": year, "y": None, "period": str(year),
                         "text": t("c.no_figure", language) + (f" ({why})" if why else ""),
                         "indicator": indicator, "breakdown": breakdown, "missing": reason,
                         "missing_reason": text})
    return pd.DataFrame(rows, columns=columns)


def missing_notes(rows: pd.DataFrame, language: str) -> list[tuple[str, str]]:
    """(text, source) per series and reason: 'Geen cijfer voor X in 2015, 2016, 2018 (niet gevonden): why.'"""
    from .i18n import t

    out: list[tuple[str, str]] = []
    if rows.empty:
        return out
    for (series, reason, why), group in rows.fillna("").groupby(["series", "missing", "missing_reason"], sort=False):
        years = ", ".join(str(int(y)) for y in sorted(group["x"]))
        words = group["text"].iloc[0]
        out.append((t("c.missing_note", language, series=series, years=years, words=words)
                    + (f": {why}" if why else "."), "data/missing.csv" if reason else ""))
    return out
