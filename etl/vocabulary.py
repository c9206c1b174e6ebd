"""The domain's vocabulary, curated in data/ like the figures: units, breakdowns, domains, the chain's steps and the
series colours (docs/data-dictionary.md, "The vocabulary").

`check_vocabulary` reads the six files first, before the catalogue and the figures are checked against them, and
returns their typed rows and a `Vocabulary` of the allowed words. Like validate.py it never raises on bad data: each
problem names file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from .read import VOCABULARY, Row, Sheet


class Checker(Protocol):
    """What validate.Checker offers the vocabulary's checks (it imports this module, so not imported here)."""

    def add(self, row: Row | Sheet, column: str | None, message: str) -> None: ...
    def text(self, row: Row, column: str, required: bool = True) -> str | None: ...
    def choice(self, row: Row, column: str, allowed: tuple[str, ...], required: bool = True) -> str | None: ...

# file -> (required columns, optional columns)
VOCABULARY_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "units": (("unit", "label_nl", "label_en", "whole", "decimals", "style"), ("computed", "per_inhabitants")),
    "domains": (("domain", "label_nl", "label_en", "order"), ()),
    "chain_steps": (("step", "order", "funnel"), ("share_of",)),
    "breakdown_dimensions": (("dimension", "name_nl", "name_en", "label_nl", "label_en", "order", "exclusive"), ()),
    "breakdowns": (("breakdown", "label_nl", "label_en", "order"), ()),
    "series_colours": (("series", "colour"), ()),
}
assert tuple(VOCABULARY_COLUMNS) == VOCABULARY

# How a unit's values are written and drawn: a plain count or amount, a share (45%), or money (€ 2,3 mln).
UNIT_STYLES = ("count", "share", "money")
# The two structural words of a breakdown code: the total, and the dimension a bare word (seksueel) belongs to.
TOTAL = "totaal"
FORM_DIMENSION = "vorm"
# Series that are not an indicator or a breakdown: the first and the latest published version (Revisies).
VINTAGE_SERIES = ("first", "latest")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WORD = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Vocabulary:
    """The allowed words, for the checks of the catalogue and the figures."""

    units: tuple[str, ...] = ()             # units an indicator may be counted in (not the computed ones)
    whole_units: tuple[str, ...] = ()
    share_units: tuple[str, ...] = ()       # style share: at most 100
    domains: tuple[str, ...] = ()
    chain_steps: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()


def _order(check: Checker, row: Row) -> int | None:
    raw = row.get("order")
    if not raw:
        check.add(row, "order", "is empty: give its position as a whole number (1, 2, …)")
        return None
    if not raw.isdigit():
        check.add(row, "order", f"'{raw}' is not a position: a whole number (1, 2, …)")
        return None
    return int(raw)


def _flag(check: Checker, row: Row, column: str, required: bool = True) -> bool | None:
    raw = row.get(column).lower()
    if raw in ("true", "false"):
        return raw == "true"
    if raw or required:
        check.add(row, column, f"'{row.get(column)}' is not true or false")
    return None


def _key(check: Checker, row: Row, column: str, seen: dict[str, int], pattern: re.Pattern[str] | None = WORD) -> str | None:
    """The row's key, unique in its file; a word of lower-case letters, digits and '_' where `pattern` says so."""
    key = check.text(row, column)
    if key is None:
        return None
    if pattern is not None and not pattern.fullmatch(key):
        check.add(row, column, f"'{key}' is not a code: use lower-case letters, digits and '_'")
        return None
    if key in seen:
        check.add(row, column, f"'{key}' is already on line {seen[key]}: each {column} once")
        return None
    seen[key] = row.line
    return key


def _unique_orders(check: Checker, records: list[dict[str, Any]], what: str, group: str | None = None) -> None:
    """Two rows at one position leave their order to chance."""
    taken: dict[tuple[Any, int], dict[str, Any]] = {}
    for rec in records:
        if rec["order"] is None:
            continue
        at = (rec[group] if group else None, rec["order"])
        if at in taken:
            check.add(_at(rec), "order", f"{rec['order']} is also the order of {taken[at][what]} "
                                         f"(line {taken[at]['line']})" + (f" in {at[0]}" if group and at[0] else ""))
        taken.setdefault(at, rec)


def _at(rec: dict[str, Any]) -> Row:
    return Row(rec["file"], rec["line"], {})


def check_vocabulary(check: Checker, rows: dict[str, list[tuple[Sheet, Row]]],
                     tables: dict[str, list[dict[str, Any]]]) -> Vocabulary:
    """Checks the vocabulary files into `tables` and returns the allowed words."""
    vocab = Vocabulary()

    seen: dict[str, int] = {}
    tables["units"] = []
    for _, row in rows["units"]:
        decimals = row.get("decimals")
        if decimals and not (decimals.isdigit() and int(decimals) <= 3):
            check.add(row, "decimals", f"'{decimals}' is not a number of decimals from 0 to 3")
        tables["units"].append({
            "unit": _key(check, row, "unit", seen), "label_nl": check.text(row, "label_nl"),
            "label_en": check.text(row, "label_en"), "whole": _flag(check, row, "whole"),
            "decimals": int(decimals) if decimals.isdigit() and int(decimals) <= 3 else None,
            "style": check.choice(row, "style", UNIT_STYLES), "computed": bool(_flag(check, row, "computed", False)),
            "per_inhabitants": bool(_flag(check, row, "per_inhabitants", False)),
            "file": row.file, "line": row.line,
        })
        if not decimals:
            check.add(row, "decimals", "is empty: give the decimals of its axis (0 for whole numbers)")
    good_units = [u for u in tables["units"] if u["unit"]]
    vocab.units = tuple(u["unit"] for u in good_units if not u["computed"])
    vocab.whole_units = tuple(sorted(u["unit"] for u in good_units if u["whole"]))
    vocab.share_units = tuple(sorted(u["unit"] for u in good_units if u["style"] == "share"))

    for table, column in (("domains", "domain"), ("chain_steps", "step")):
        seen = {}
        tables[table] = []
        for _, row in rows[table]:
            rec = {column: _key(check, row, column, seen), "order": _order(check, row), "file": row.file,
                   "line": row.line}
            if table == "domains":
                rec |= {"label_nl": check.text(row, "label_nl"), "label_en": check.text(row, "label_en")}
            else:
                rec |= {"funnel": _flag(check, row, "funnel"), "share_of": row.get("share_of") or None}
            tables[table].append(rec)
        _unique_orders(check, tables[table], column)
    vocab.domains = tuple(r["domain"] for r in sorted(tables["domains"], key=_by_order) if r["domain"])
    vocab.chain_steps = tuple(r["step"] for r in sorted(tables["chain_steps"], key=_by_order) if r["step"])
    for rec in tables["chain_steps"]:
        if rec["share_of"] and (rec["share_of"] not in vocab.chain_steps or rec["share_of"] == rec["step"]):
            check.add(_at(rec), "share_of", f"'{rec['share_of']}' is not another step of this file: a step is shown "
                                            "as a share of an earlier step's count")
            rec["share_of"] = None

    seen = {}
    tables["breakdown_dimensions"] = []
    for _, row in rows["breakdown_dimensions"]:
        tables["breakdown_dimensions"].append({
            "dimension": _key(check, row, "dimension", seen),
            **{c: check.text(row, c) for c in ("name_nl", "name_en", "label_nl", "label_en")},
            "order": _order(check, row), "exclusive": _flag(check, row, "exclusive"),
            "file": row.file, "line": row.line})
    _unique_orders(check, tables["breakdown_dimensions"], "dimension")
    dimensions = {r["dimension"] for r in tables["breakdown_dimensions"] if r["dimension"]}

    tables["breakdowns"] = _breakdowns(check, rows["breakdowns"], dimensions)
    vocab.breakdowns = tuple(r["breakdown"] for r in tables["breakdowns"] if r["breakdown"])

    seen = {}
    tables["series_colours"] = []
    for _, row in rows["series_colours"]:
        series = _key(check, row, "series", seen, pattern=None)
        colour = check.text(row, "colour")
        if colour and not COLOUR.fullmatch(colour):
            check.add(row, "colour", f"'{colour}' is not a colour: write it as #rrggbb (#0072B2)")
            colour = None
        tables["series_colours"].append({"series": series, "colour": colour.upper() if colour else None,
                                         "file": row.file, "line": row.line})
    return vocab


def _by_order(rec: dict[str, Any]) -> tuple[int, int]:
    return (rec["order"] if rec["order"] is not None else 10**6, rec["line"])


def _breakdowns(check: Checker, rows: list[tuple[Sheet, Row]], dimensions: set[str]) -> list[dict[str, Any]]:
    """data/breakdowns.csv: `totaal`, a form of exploitation (a bare word, dimension `vorm`) or `dimension:value`,
    the dimension one of data/breakdown_dimensions.csv, possibly after a form (`seksueel_herkomst:Afrika`)."""
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for _, row in rows:
        code = _key(check, row, "breakdown", seen, pattern=None)
        rec = {"breakdown": code, "dimension": None, "form": None, "value": None,
               "label_nl": check.text(row, "label_nl"), "label_en": check.text(row, "label_en"),
               "order": _order(check, row), "file": row.file, "line": row.line}
        out.append(rec)
        if code is None:
            continue
        if ":" not in code:
            if not WORD.fullmatch(code):
                check.add(row, "breakdown", f"'{code}' is not a breakdown: {TOTAL}, a form of exploitation (one "
                                            "lower-case word) or dimension:value (aanmelder:FairWork)")
                rec["breakdown"] = None
            elif code != TOTAL:
                rec["dimension"], rec["value"] = FORM_DIMENSION, code
            continue
        dimension, _, value = code.partition(":")
        rec["value"] = value
        if not value.strip() or ";" in value or ":" in value:
            check.add(row, "breakdown", f"'{code}': the value after ':' must be one group, without ':' or ';'")
            rec["breakdown"] = None
            continue
        rec["dimension"] = dimension
        form, sep, rest = dimension.partition("_")
        if dimension not in dimensions and sep and rest in dimensions:
            rec["form"], rec["dimension"] = form, rest
        if rec["dimension"] not in dimensions:
            check.add(row, "breakdown", f"unknown dimension '{dimension}': add it to data/breakdown_dimensions.csv "
                                        "first, with its labels")
            rec["breakdown"] = None
    forms = {r["breakdown"] for r in out if r["breakdown"] and r["dimension"] == FORM_DIMENSION and not r["form"]
             and ":" not in r["breakdown"]}
    for rec in out:
        if rec["form"] and rec["form"] not in forms:
            check.add(_at(rec), "breakdown", f"'{rec['form']}' in '{rec['breakdown']}' is not a form of exploitation "
                                             "of this file: a dimension may follow one (seksueel_herkomst:Afrika)")
            rec["breakdown"] = None
    if rows and TOTAL not in seen:
        check.add(rows[0][1], None, f"has no row '{TOTAL}': the total every breakdown is part of needs its labels")
    if forms and FORM_DIMENSION not in dimensions:
        check.add(rows[0][1], None, f"has forms of exploitation ({', '.join(sorted(forms))}) but "
                                    f"data/breakdown_dimensions.csv has no dimension '{FORM_DIMENSION}'")
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for rec in out:
        if rec["breakdown"]:
            groups.setdefault((rec["form"], rec["dimension"]), []).append(rec)
    for members in groups.values():
        _unique_orders(check, members, "breakdown")
    return out


def check_series(check: Checker, tables: dict[str, list[dict[str, Any]]], indicators: set[str]) -> None:
    """A series colour belongs to an indicator, a breakdown or a vintage (first, latest); anything else is a typo."""
    breakdowns = {r["breakdown"] for r in tables["breakdowns"] if r["breakdown"]}
    for rec in tables["series_colours"]:
        series = rec["series"]
        if series and series not in indicators | breakdowns | set(VINTAGE_SERIES):
            check.add(_at(rec), "series", f"'{series}' is not an indicator of data/indicators.csv, a breakdown of "
                                          f"data/breakdowns.csv or a vintage ({', '.join(VINTAGE_SERIES)})")
