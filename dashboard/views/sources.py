"""Bronnen en definities: the indicator catalogue (with where each indicator appears), the source documents and
every note, as tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import catalogue, queries, urlparams
from ..i18n import format_date, format_number, t, value_label
from .base import PageParams, PageView


def domains() -> list[str]:
    return ["*", *dict.fromkeys(catalogue.order_by_domain(queries.catalogue())["domain"])]


def params() -> list[urlparams.Param]:
    return [urlparams.choice("domain", domains(), "*")]


@dataclass(frozen=True)
class SourcesParams(PageParams):
    domain: str   # the catalogue's domain shown, or * for every domain


@dataclass(kw_only=True)
class SourcesView(PageView):
    """The catalogue and where each indicator appears, its coverage per year, the figures known to be missing, the
    source documents and every note, as tables."""

    catalogue: pd.DataFrame           # one row per indicator of the domain
    coverage: pd.DataFrame            # indicator × year, one mark per cell (empty: no figure)
    coverage_download: pd.DataFrame   # the same, one row per indicator and year
    missing: pd.DataFrame             # figures known to be unpublished or not found, with the reason
    sources: pd.DataFrame             # every source document, with its link
    notes: pd.DataFrame | None        # every note; None: there are none


def build(p: SourcesParams, language: str) -> SourcesView:
    cat = catalogue.order_by_domain(queries.catalogue())
    names = dict(zip(cat["indicator"], cat[f"name_{language}"]))
    shown = cat if p.domain == "*" else cat[cat["domain"] == p.domain]
    catalogue_table = pd.DataFrame({
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

    coverage, coverage_download = _coverage(shown, language)
    known = queries.known_missing()
    known = known[known["indicator"].isin(shown["indicator"])]
    missing = pd.DataFrame({
        t("col.indicator", language): known[f"name_{language}"],
        t("col.period", language): known["period"],
        t("col.reason", language): [value_label("missing_reason", r, language) for r in known["reason"]],
        t("col.note", language): known[f"note_{language}"],
    })

    sources = queries.sources()
    sources_table = pd.DataFrame({
        t("col.reference", language): sources["reference"],
        t("col.title", language): sources["title"],
        t("col.organisation", language): sources["organisation"],
        t("col.published", language): [format_date(p, language) for p in sources["published"]],
        t("col.kind", language): [value_label("source_kind", k, language) for k in sources["kind"]],
        t("col.figures", language): sources["figures"],
        t("col.link", language): sources["url"],
    })

    notes = queries.all_notes()
    notes_table = None if notes.empty else pd.DataFrame({
        t("col.indicator", language): notes[f"name_{language}"],
        t("col.periods", language): notes["periods"].replace("", t("all", language)),
        t("col.breakdown", language): [value_label("breakdown", b, language) if b else t("all", language)
                                       for b in notes["breakdown"]],
        t("col.kind", language): [value_label("note_kind", k, language) for k in notes["kind"]],
        t("col.note", language): notes[f"text_{language}"],
        t("col.source", language): notes["source_reference"],
    })
    return SourcesView(catalogue=catalogue_table, coverage=coverage, coverage_download=coverage_download,
                       missing=missing, sources=sources_table, notes=notes_table)


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


MARKS = {"reported": "●", "provisional": "◐", "revised": "↻", "corrected": "✎", "estimate": "≈", "missing": "–",
         "breakdown_only": "◇"}


def _coverage(shown: pd.DataFrame, language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coverage matrix (indicator × year, one mark per cell) and the same as a long table for download."""
    cells = queries.coverage()
    cells = cells[cells["indicator"].isin(shown["indicator"])]
    if cells.empty:
        return pd.DataFrame(), pd.DataFrame()
    names = dict(zip(shown["indicator"], shown[f"name_{language}"]))
    order = [i for i in shown["indicator"] if i in set(cells["indicator"])]
    matrix = (cells.assign(mark=cells["status"].map(MARKS).fillna("?"), year=cells["year"].astype(int).astype(str))
              .pivot(index="indicator", columns="year", values="mark").reindex(order).fillna(""))
    matrix.insert(0, t("col.indicator", language), [names[i] for i in matrix.index])
    download = pd.DataFrame({
        t("col.indicator", language): cells["indicator"].map(names),
        "indicator": cells["indicator"],
        t("col.year", language): cells["year"].astype(int),
        t("col.status", language): [t(f"coverage.{s}", language) if s in ("missing", "breakdown_only")
                                     else value_label("status", s, language) for s in cells["status"]],
        t("col.value", language): cells["value"],
        t("col.reason", language): [value_label("missing_reason", r, language) if isinstance(r, str) else ""
                                    for r in cells["missing_reason"]],
    })
    return matrix.reset_index(drop=True), download
