"""What every page's view is made of: a typed result (`PageView`) and typed parameters (`PageParams`).

Each page's view module declares its own pair, field by field: `ChainParams` (the checked URL values) goes into
`chain.build`, a `ChainView` (its funnel, steps, ratios, table, messages) comes out. Pages read the fields by name, so
a renamed field fails in mypy and in `tests/test_page_models.py`, not in front of a reader. Generic consumers (the
briefing, decks, the command line, tests over every chart) read `charts`: every chart of a view, in page order.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Self

import pandas as pd

from .. import queries
from ..charts import ChartSpec

MessageKind = Literal["info", "warning", "caption"]


class Message(NamedTuple):
    """A sentence a page shows with its view: as a notice (info, warning) or in small print (caption)."""

    kind: MessageKind
    text: str


@dataclass(kw_only=True)
class PageView:
    """A page's view, ready to render. Subclasses add their charts, tables and cards as named fields, and list their
    charts in `charts`, in the order the page shows them."""

    messages: list[Message] = field(default_factory=list)

    @property
    def charts(self) -> list[ChartSpec]:
        """Every chart of the view, in page order (the briefing takes them all when an item names none)."""
        return []

    def spec(self, key: str) -> ChartSpec | None:
        """The chart with this key (a briefing item names its chart by key), or None."""
        return next((s for s in self.charts if s.key == key), None)

    def say(self, kind: MessageKind, text: str) -> None:
        self.messages.append(Message(kind, text))


def url(name: str) -> dict[str, str]:
    """A parameter's field metadata: the name it has in the address bar (`ind`, `from`), when not the field's."""
    return {"url": name}


@dataclass(frozen=True)
class PageParams:
    """A page's parameters, checked (`state` parsers), typed and hashable: the key its view is cached on.

    Made from the checked URL values in one place, `from_values`; each field's URL name is its `url` metadata or its
    own name. A list (a multiple choice) becomes a tuple."""

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Self:
        names = {f.metadata.get("url", f.name): f.name for f in dataclasses.fields(cls)}
        missing, unknown = sorted(set(names) - set(values)), sorted(set(values) - set(names))
        if missing or unknown:
            raise TypeError(f"{cls.__name__}: missing parameters {missing}, unknown parameters {unknown}")
        return cls(**{names[name]: tuple(value) if isinstance(value, list) else value
                      for name, value in values.items()})

    def url_values(self) -> dict[str, Any]:
        """The parameters by their URL names, in field order (what `views.permalink` writes)."""
        return {f.metadata.get("url", f.name): getattr(self, f.name) for f in dataclasses.fields(self)}


def catalogue_names(language: str) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """The catalogue, and each indicator's name (in `language`) and unit."""
    cat = queries.catalogue()
    return cat, dict(zip(cat["indicator"], cat[f"name_{language}"])), dict(zip(cat["indicator"], cat["unit"]))


_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def without_ids(text: Any, names: dict[str, str]) -> str:
    """A note or interpretation as a reader sees it: every indicator id it mentions (`om_suspects_registered`) replaced
    by that indicator's name. Other words pass unchanged; a missing text is empty."""
    if not isinstance(text, str):
        return ""
    return _ID.sub(lambda m: names.get(m.group(0), m.group(0)), text)
