"""A view's URL parameters: how each is read from a link (refusing what is not allowed) and written back.

The views declare their parameters with these (`choices("ind", ids, default=[...])`); the web layer's `state.View`
syncs them with widgets and the address bar, and `views.parse` reads a permalink in a briefing file with the same
parsers. No Streamlit here: the command line and the briefing exporter read links too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .i18n import DEFAULT_LANGUAGE, LANGUAGES


class Invalid(ValueError):
    pass


@dataclass
class Param:
    """One URL parameter: how to read it (raising Invalid) and how to write it back."""

    name: str
    default: Any
    parse: Callable[[list[str]], Any]
    dump: Callable[[Any], list[str]]
    normalise: Callable[[Any], Any] = field(default=lambda v: v)
    options: tuple = ()   # the allowed values of a choice, for its widget


def choice(name: str, options: Sequence[str], default: str) -> Param:
    allowed = list(options)

    def parse(raw: list[str]) -> str:
        if len(raw) != 1 or raw[0] not in allowed:
            raise Invalid(raw)
        return raw[0]

    return Param(name, default, parse, lambda v: [v], lambda v: v if v in allowed else default, tuple(allowed))


def choices(name: str, options: Sequence[str], default: Sequence[str], limit: int = 12,
            allow_empty: bool = False) -> Param:
    """Several values: repeated (?ind=a&ind=b) or comma-separated (?ind=a,b). Unknown values make the whole
    parameter invalid, so a half-understood link never shows a different view than intended without saying so.
    With `allow_empty`, an empty choice is a state of its own (`?ind=`), not a silent return to the default."""
    allowed = list(options)

    def parse(raw: list[str]) -> list[str]:
        values = [v for item in raw for v in item.split(",") if v]
        if allow_empty and raw == [""]:
            return []
        if not values or len(values) > limit or any(v not in allowed for v in values):
            raise Invalid(raw)
        return list(dict.fromkeys(values))

    def normalise(v: Any) -> list[str]:
        kept = [x for x in (v or []) if x in allowed]
        return kept if kept or (allow_empty and isinstance(v, list)) else list(default)

    return Param(name, list(default), parse, lambda v: [",".join(v)], normalise, tuple(allowed))


def year_span(name: str, lo: int, hi: int, default: tuple[int, int] | None = None) -> Param:
    """A year range written 2015-2023 (a single year 2020 means 2020-2020)."""
    default = default or (lo, hi)

    def parse(raw: list[str]) -> tuple[int, int]:
        if len(raw) != 1:
            raise Invalid(raw)
        first, _, last = raw[0].partition("-")
        last = last or first
        # plain four-digit years only: int() would also take ' 2020', '2_020', '٢٠٢٠' and refuse 5,000 digits
        if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in (first, last)):
            raise Invalid(raw)
        a, b = int(first), int(last)
        if not (lo <= a <= b <= hi):
            raise Invalid(raw)
        return (a, b)

    def normalise(v: Any) -> tuple[int, int]:
        try:
            a, b = int(v[0]), int(v[1])
        except (TypeError, ValueError, IndexError):
            return default
        return (max(lo, min(a, b)), min(hi, max(a, b)))

    return Param(name, default, parse, lambda v: [f"{v[0]}-{v[1]}"], normalise, (lo, hi))


def year(name: str, lo: int, hi: int, default: int) -> Param:
    def parse(raw: list[str]) -> int:
        # isdigit() alone admits '²' (which int() rejects) and 5,000-digit strings (which int() refuses to convert)
        if (len(raw) != 1 or len(raw[0]) > 4 or not (raw[0].isascii() and raw[0].isdigit())
                or not lo <= int(raw[0]) <= hi):
            raise Invalid(raw)
        return int(raw[0])

    return Param(name, default, parse, lambda v: [str(v)], lambda v: v if isinstance(v, int) and lo <= v <= hi
                 else default, tuple(range(lo, hi + 1)))


def date(name: str, lo: dt.date, hi: dt.date, default: dt.date) -> Param:
    def parse(raw: list[str]) -> dt.date:
        try:
            value = dt.date.fromisoformat(raw[0]) if len(raw) == 1 else None
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            raise Invalid(raw)
        return value

    return Param(name, default, parse, lambda v: [v.isoformat()],
                 lambda v: v if isinstance(v, dt.date) and lo <= v <= hi else default)


def flag(name: str, default: bool = False) -> Param:
    def parse(raw: list[str]) -> bool:
        if len(raw) != 1 or raw[0] not in ("0", "1"):
            raise Invalid(raw)
        return raw[0] == "1"

    return Param(name, default, parse, lambda v: ["1" if v else "0"], lambda v: bool(v))


def language_param() -> Param:
    return choice("lang", LANGUAGES, DEFAULT_LANGUAGE)


def show(raw: list[str]) -> str:
    """A bad value, shortened and stripped of markdown, safe to echo in a message."""
    text = ", ".join(raw)
    text = "".join(ch for ch in text if ch.isprintable() and ch not in "`*_[]<>\\$")
    return text[:60] + ("…" if len(text) > 60 else "")
