"""What every page's view is made of: its charts, and the tables, parts and messages a page shows around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import charts, queries


@dataclass
class ViewCharts:
    """A page's view, ready to render: charts, tables, other parts (cards, sentences) and messages, in order."""

    specs: list[charts.ChartSpec] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)
    messages: list[tuple[str, str]] = field(default_factory=list)   # (info|warning|caption, text)

    def spec(self, key: str) -> charts.ChartSpec | None:
        return next((s for s in self.specs if s.key == key), None)


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
