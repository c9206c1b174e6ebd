"""Bronnen en definities: the indicator catalogue (with where each indicator appears), the source documents and
every note, as tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import catalogue, queries, state
from ..i18n import format_date, format_number, t, value_label
from .base import ViewCharts


def domains() -> list[str]:
    return ["*", *dict.fromkeys(catalogue.order_by_domain(queries.catalogue())["domain"])]


def params() -> list[state.Param]:
    return [state.choice("domain", domains(), "*")]


def build(v: dict[str, Any], language: str) -> ViewCharts:
    out = ViewCharts()
    cat = catalogue.order_by_domain(queries.catalogue())
    names = dict(zip(cat["indicator"], cat[f"name_{language}"]))
    shown = cat if v["domain"] == "*" else cat[cat["domain"] == v["domain"]]
    out.tables["catalogue"] = pd.DataFrame({
        t("col.name", language): shown[f"name_{language}"],
        t("col.domain", language): [value_label("domain", d, language) for d in shown["domain"]],
        t("col.unit", language): [value_label("unit", u, language) for u in shown["unit"]],
        t("col.organisation", language): shown["organisation"],
        t("col.definition", language): shown[f"definition_{language}"],
        t("col.appears", language): [_appears(row, names, language) for row in shown.itertuples()],
        t("col.figures", language): [format_number(n, language) for n in shown["figures"]],
        t("col.revised", language): [format_number(n, language) for n in shown["revised_figures"]],
        t("col.years", language): [f"{int(a)}–{int(b)}" if pd.notna(a) else "–"
                                   for a, b in zip(shown["first_year"], shown["last_year"])],
        t("col.breakdowns", language): [", ".join(value_label("breakdown", b, language) for b in bs)
                                        for bs in shown["breakdowns"]],
        "id": shown["indicator"],
    })

    sources = queries.sources()
    out.tables["sources"] = pd.DataFrame({
        t("col.reference", language): sources["reference"],
        t("col.title", language): sources["title"],
        t("col.organisation", language): sources["organisation"],
        t("col.published", language): [format_date(p, language) for p in sources["published"]],
        t("col.kind", language): [value_label("source_kind", k, language) for k in sources["kind"]],
        t("col.figures", language): sources["figures"],
        t("col.link", language): sources["url"],
    })

    notes = queries.all_notes()
    out.tables["notes"] = None if notes.empty else pd.DataFrame({
        t("col.indicator", language): notes[f"name_{language}"],
        t("col.periods", language): notes["periods"].replace("", t("all", language)),
        t("col.breakdown", language): [value_label("breakdown", b, language) if b else t("all", language)
                                       for b in notes["breakdown"]],
        t("col.kind", language): [value_label("note_kind", k, language) for k in notes["kind"]],
        t("col.note", language): notes[f"text_{language}"],
        t("col.source", language): notes["source_reference"],
    })
    return out


def _appears(row: Any, names: dict[str, str], language: str) -> str:
    """Where the catalogue places an indicator, in words: overview, chain step, shelter section, what it relates."""
    places = []
    if pd.notna(row.headline):
        places.append(t("page.overview", language))
    if isinstance(row.chain_step, str):
        places.append(f"{t('page.chain', language)}: {t('step.' + row.chain_step, language)}")
    if isinstance(row.topic, str):
        places.append(f"{t('page.shelter', language)}: {t('topic.' + row.topic, language)}")
    derived = list(row.derived_from) if row.derived_from is not None else []
    if derived:
        places.append(t("col.derived_from", language) + " " + ", ".join(names.get(i, i) for i in derived))
    if isinstance(row.per, str):
        places.append(t("col.per", language, name=names.get(row.per, row.per)))
    return "; ".join(places)
