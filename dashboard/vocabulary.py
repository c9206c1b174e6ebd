"""The domain's vocabulary as the database holds it: units, breakdowns, domains, the chain's steps, series colours.

The words are curated in data/ (units.csv, breakdown_dimensions.csv, breakdowns.csv, domains.csv, chain_steps.csv,
series_colours.csv and the `scope` column of indicators.csv), checked by the ETL and loaded into tables of the same
names (docs/data-dictionary.md). This module is the read side's one door to them: every label, order, unit format
and series colour of the domain comes from here, in the language asked for, and is read once per database build.
No other module names a unit, a breakdown code, a domain or a colour; `i18n.value_label` asks this one.

Code does name a few words, here and nowhere else: the total and the form dimension (the two structural words of a
breakdown code), and the units the dashboard computes itself (a share, an index, a change), which must be rows of
data/units.csv to be labelled.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from typing import Any

import etl

from . import db, i18n

TOTAL = "totaal"                 # the breakdown every other one is part of
# The units the dashboard computes (rows of data/units.csv): a share of two counts, its change, an index, a rate.
SHARE = "percent"
PERCENTAGE_POINTS = "percentage_points"
CHANGE_PCT = "change_pct"
CHANGE_PP = "change_pp"
INDEX = "index"
PER_100K = "per_100k"
# The unit the justice chain's funnel counts in when two units have as many steps (the OM and the courts count cases).
CHAIN_UNIT = "cases"
DEFAULT_SCOPE = "all_forms"

AXIS_FORMAT = {"share": {"y_suffix": "%"}, "money": {"y_prefix": "€ "}}   # a unit's style on a value axis


@dataclass(frozen=True)
class Unit:
    unit: str
    label: tuple[str, str]      # (Dutch, English)
    whole: bool
    decimals: int
    style: str                  # count, share or money
    computed: bool


@dataclass(frozen=True)
class Dimension:
    dimension: str
    name: tuple[str, str]       # as a reader chooses it: leeftijd / age
    label: tuple[str, str]      # before a group's label: aanmelder / reported by
    order: int
    exclusive: bool             # its groups do not overlap


@dataclass(frozen=True)
class Breakdown:
    breakdown: str
    dimension: str | None       # None for the total
    form: str | None            # the form of exploitation a dimension follows (seksueel_herkomst:Afrika)
    value: str | None
    label: tuple[str, str]      # the group's own label
    order: int


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, Unit]
    domains: dict[str, tuple[str, str]]          # in the chain's order
    chain_steps: tuple[str, ...]
    funnel_steps: tuple[str, ...]                 # the steps drawn in the funnel; the others stand beside the chain
    chain_ratios: tuple[tuple[str, str], ...]     # (step, the earlier step it is shown as a share of)
    dimensions: dict[str, Dimension]              # in their order
    breakdowns: dict[str, Breakdown]
    colours: dict[str, str]                       # series (indicator, breakdown, vintage) -> #RRGGBB
    scopes: dict[str, str]                        # indicator -> what it counts, where narrower than all forms

    @functools.cached_property
    def form_dimension(self) -> str | None:
        """The dimension of the bare words (seksueel, arbeid): the forms of exploitation."""
        return next((b.dimension for b in self.breakdowns.values() if b.dimension and ":" not in b.breakdown), None)

    @functools.cached_property
    def values(self) -> dict[str, tuple[str, str]]:
        """A group's label by its value alone (FairWork), for value_label('breakdown_value', …)."""
        out: dict[str, tuple[str, str]] = {}
        for b in self.breakdowns.values():
            if b.value is not None and ":" in b.breakdown:
                out.setdefault(b.value, b.label)
        return out


def load() -> Vocabulary:
    """The vocabulary of the database as it is now (inside `db.one_build`, of the pinned build). Asked for once per
    label, so a file version already seen is found by a stat of the file (microseconds), not through db.current."""
    build = db.pinned()
    if build is not None:
        return _load(build.key)
    path = str(etl.database_path())
    try:
        stat = os.stat(path)
        version = (path, stat.st_ino, stat.st_mtime_ns)
    except OSError:
        version = None
    found = _by_version.get(version) if version else None
    if found is None:
        info = db.current()[1]
        found = _load(info.key)
        if len(_by_version) > 8:
            _by_version.clear()
        _by_version[(info.path, info.inode, info.mtime_ns)] = found   # the version read, should it differ
    return found


_by_version: dict[tuple[str, int, int], Vocabulary] = {}


@functools.lru_cache(maxsize=4)
def _load(build_key: tuple[Any, ...]) -> Vocabulary:
    def rows(sql: str) -> list[dict[str, Any]]:
        return db.query(sql).to_dict("records")

    units = {r["unit"]: Unit(r["unit"], (r["label_nl"], r["label_en"]), bool(r["whole"]), int(r["decimals"]),
                             r["style"], bool(r["computed"]))
             for r in rows("SELECT * FROM units ORDER BY line")}
    domains = {r["domain"]: (r["label_nl"], r["label_en"]) for r in rows('SELECT * FROM domains ORDER BY "order", line')}
    steps = rows('SELECT step, funnel, share_of FROM chain_steps ORDER BY "order", line')
    dimensions = {r["dimension"]: Dimension(r["dimension"], (r["name_nl"], r["name_en"]), (r["label_nl"], r["label_en"]),
                                            int(r["order"]), bool(r["exclusive"]))
                  for r in rows('SELECT * FROM breakdown_dimensions ORDER BY "order", line')}
    breakdowns = {r["breakdown"]: Breakdown(r["breakdown"], _text(r["dimension"]), _text(r["form"]), _text(r["value"]),
                                            (r["label_nl"], r["label_en"]), int(r["order"]))
                  for r in rows('SELECT * FROM breakdowns ORDER BY line')}
    colours = {r["series"]: r["colour"] for r in rows("SELECT series, colour FROM series_colours ORDER BY line")}
    scopes = {r["id"]: r["scope"] for r in rows("SELECT id, scope FROM indicators") if r["scope"] != DEFAULT_SCOPE}
    return Vocabulary(units, domains, tuple(s["step"] for s in steps), tuple(s["step"] for s in steps if s["funnel"]),
                      tuple((s["step"], s["share_of"]) for s in steps if isinstance(s["share_of"], str)),
                      dimensions, breakdowns, colours, scopes)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "nl" else pair[1]


# --- Labels -------------------------------------------------------------------------------------------------------------

def label(kind: str, value: str, language: str) -> str:
    """A unit, domain, breakdown, breakdown dimension or group in `language`; an unknown one as written.

    A breakdown `dimension:value` (aanmelder:FairWork) reads 'dimension: value' (aanmelder: FairWork / reported by:
    FairWork); a dimension after a form of exploitation (seksueel_herkomst:Afrika) names the form first."""
    vocab = load()
    if kind == "unit":
        unit = vocab.units.get(value)
        return _pick(unit.label, language) if unit else value
    if kind == "domain":
        return _pick(vocab.domains[value], language) if value in vocab.domains else value
    if kind == "breakdown_dimension":
        dim = vocab.dimensions.get(value)
        return _pick(dim.label, language) if dim else value
    if kind == "breakdown_value":
        return _pick(vocab.values[value], language) if value in vocab.values else value
    if kind == "breakdown":
        return breakdown_label(value, language)
    raise ValueError(f"{kind!r} is not a kind of the vocabulary")


def breakdown_label(code: str, language: str) -> str:
    vocab = load()
    known = vocab.breakdowns.get(code)
    if ":" not in code:
        return _pick(known.label, language) if known else code
    dimension, _, rest = code.partition(":")
    value = _pick(known.label, language) if known else label("breakdown_value", rest, language)
    form, sep, dim = dimension.partition("_")
    form_code = vocab.breakdowns.get(form)
    if not sep or dimension in vocab.dimensions or form_code is None or ":" in form:
        form, dim = "", dimension
    text = f"{label('breakdown_dimension', dim, language)}: {value}"
    return f"{breakdown_label(form, language)}, {text}" if form else text


def dimension_name(name: str, language: str) -> str:
    """A dimension as a reader chooses it: 'leeftijd' -> 'leeftijd' / 'age'; a dimension after a form of
    exploitation, 'seksueel_herkomst' -> 'herkomst (seksuele uitbuiting)'; an unknown one as written."""
    vocab = load()
    if name in vocab.dimensions:
        return _pick(vocab.dimensions[name].name, language)
    form, _, rest = name.partition("_")
    if rest and form in forms():
        return f"{dimension_name(rest, language)} ({breakdown_label(form, language)})"
    return name


# --- Breakdowns -----------------------------------------------------------------------------------------------------------

def forms() -> list[str]:
    """The forms of exploitation (bare words: seksueel, arbeid, …) in their order."""
    vocab = load()
    found = [b for b in vocab.breakdowns.values()
             if b.dimension is not None and b.dimension == vocab.form_dimension and ":" not in b.breakdown]
    return [b.breakdown for b in sorted(found, key=lambda b: b.order)]


def dimension_of(code: str) -> str | None:
    """The dimension a breakdown code is chosen by: None for the total, the form dimension for a bare form, else the
    part before ':' as written (seksueel_herkomst: the origin of victims of sexual exploitation)."""
    vocab = load()
    if code == TOTAL:
        return None
    if ":" in code:
        return code.partition(":")[0]
    known = vocab.breakdowns.get(code)
    return known.dimension if known else None


def dimension_order(name: str) -> tuple[int, int, str]:
    """Where a dimension comes in a list: by the order of data/breakdown_dimensions.csv, a dimension after a form
    right behind its own dimension, unknown ones last by name."""
    vocab = load()
    if name in vocab.dimensions:
        return (vocab.dimensions[name].order, 0, name)
    form, _, rest = name.partition("_")
    if rest in vocab.dimensions and form in vocab.breakdowns:
        return (vocab.dimensions[rest].order, vocab.breakdowns[form].order, name)
    return (10**6, 0, name)


def code_order(code: str) -> tuple[int, str]:
    known = load().breakdowns.get(code)
    return (known.order if known else 10**6, code)


def exclusive(dimension: str | None) -> bool:
    """Whether a dimension's groups do not overlap (a dimension after a form: as its own dimension)."""
    vocab = load()
    if dimension is None:
        return True
    if dimension not in vocab.dimensions:
        rest = dimension.partition("_")[2]
        return vocab.dimensions[rest].exclusive if rest in vocab.dimensions else False
    return vocab.dimensions[dimension].exclusive


# --- Units, domains, the chain ------------------------------------------------------------------------------------------

def unit_style(unit: str | None) -> str:
    """count, share (written 45%) or money (€ 2,3 mln); an unknown unit is a count."""
    found = load().units.get(unit or "")
    return found.style if found else "count"


def is_share(unit: str | None) -> bool:
    return unit_style(unit) == "share"


def unit_axis(unit: str) -> dict[str, str]:
    """plotly's tick format with the unit's decimals, and its prefix or suffix."""
    found = load().units.get(unit)
    decimals = found.decimals if found else 0
    return {"y_format": f",.{decimals}f", **AXIS_FORMAT.get(found.style if found else "count", {})}


def domain_order() -> tuple[str, ...]:
    return tuple(load().domains)


def chain_steps() -> tuple[str, ...]:
    return load().chain_steps


def beside_the_chain() -> tuple[str, ...]:
    """The chain's steps that stand beside the funnel (what the police and inspectors start from)."""
    vocab = load()
    return tuple(s for s in vocab.chain_steps if s not in vocab.funnel_steps)


def chain_ratios() -> tuple[tuple[str, str], ...]:
    """Ratios computed between two steps of the chain, (numerator step, denominator step), in the chain's order."""
    return load().chain_ratios


def scope_of(indicator: str) -> str:
    """'all_forms', or the narrower scope an indicator counts ('labour_only'): the `scope` column of the catalogue."""
    return load().scopes.get(indicator, DEFAULT_SCOPE)


def colours() -> dict[str, str]:
    """Series -> home colour: an indicator's, a breakdown's (the forms of exploitation), a vintage's."""
    return load().colours


i18n.use_vocabulary(sys.modules[__name__])
