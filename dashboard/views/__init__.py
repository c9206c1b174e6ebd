"""Views: what a permalink names (a page and its checked parameters) and the charts it shows, without Streamlit.

A page declares its parameters here (`params(page)`), lets `state.View` sync them with widgets and the URL, and asks
`charts_of(page, values, language)` for its view: a dataclass of its own (`chain.ChainView`: its funnel, steps,
ratios, table and messages) that the page reads by field. The checked values become the page's typed parameters
(`chain.ChainParams`) in one place, `params_of`. The briefing exporter asks the same function for the view in a
permalink (`parse(link)`) and takes its `charts`, so a chart in a briefing is the chart on screen, and a hostile link
in a briefing file is refused by the same `urlparams` parsers that guard the address bar.

`charts_of` is cached per database build on the typed parameters (a plain LRU of this process, shared by every session
and the command line): the views and their specs are shared between
sessions and must be treated as read-only (export copies a spec with `dataclasses.replace`).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any, Literal, overload

from .. import charts, urlparams
from ..db import cached_once, one_build
from ..i18n import LANGUAGES, t
from . import chain, changes, overview, revisions, shelter, sources, targets, trends
from .base import Message, PageParams, PageView, catalogue_names

# url path -> the module that makes the page's view; the same paths as app.py's navigation
MODULES = {"overzicht": overview, "trends": trends, "revisies": revisions, "wijzigingen": changes,
           "strafrechtketen": chain, "opvang": shelter, "doelen": targets, "bronnen": sources}
# url path -> the type of its parameters and the type of its view (its module's `build` takes one, returns the other)
MODELS: dict[str, tuple[type[PageParams], type[PageView]]] = {
    "overzicht": (overview.OverviewParams, overview.OverviewView),
    "trends": (trends.TrendsParams, trends.TrendsView),
    "revisies": (revisions.RevisionsParams, revisions.RevisionsView),
    "wijzigingen": (changes.ChangesParams, changes.ChangesView),
    "strafrechtketen": (chain.ChainParams, chain.ChainView),
    "opvang": (shelter.ShelterParams, shelter.ShelterView),
    "doelen": (targets.TargetsParams, targets.TargetsView),
    "bronnen": (sources.SourcesParams, sources.SourcesView),
}
PAGES = tuple(MODULES)
CHART_PAGES = ("trends", "revisies", "wijzigingen", "strafrechtketen", "opvang", "doelen")
__all__ = ["CHART_PAGES", "PAGES", "Message", "PageParams", "PageView", "ViewError", "charts_of", "params",
           "params_of", "parse", "permalink"]


class ViewError(ValueError):
    """A permalink that names no valid view; `problems` say what is wrong, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- Parameters of each page -----------------------------------------------------------------------------------------

def params(page: str) -> list[urlparams.Param]:
    """The URL parameters of a page, their allowed values taken from the catalogue as it is now."""
    return MODULES[page].params() if page in MODULES else []


def indicator_names(language: str) -> dict[str, str]:
    """Every indicator's name in `language`, for the labels of widgets."""
    return catalogue_names(language)[1]


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
        raise ViewError([t("view.unknown_page", language, page=urlparams.show([page]), pages=", ".join(PAGES))])
    raw = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    declared = {p.name: p for p in params(page)}
    values: dict[str, Any] = {name: p.default for name, p in declared.items()}
    problems: list[str] = []
    link_language = None
    for name, given in raw.items():
        if name == "lang":
            if len(given) != 1 or given[0] not in LANGUAGES:
                problems.append(t("view.invalid", language, name="lang", value=urlparams.show(given)))
            else:
                link_language = given[0]
        elif name not in declared:
            problems.append(t("view.unknown_param", language, name=urlparams.show([name])))
        else:
            try:
                values[name] = declared[name].normalise(declared[name].parse(given))
            except urlparams.Invalid:
                problems.append(t("view.invalid", language, name=name, value=urlparams.show(given)))
    if problems:
        raise ViewError(problems)
    return page, values, link_language


def permalink(page: str, values: dict[str, Any], language: str | None = None) -> str:
    """The link of a view: its page and every parameter, written the way the address bar writes them."""
    declared = {p.name: p for p in params(page)}
    query = [(name, ",".join(declared[name].dump(value))) for name, value in values.items() if name in declared]
    if language:
        query.append(("lang", language))
    return page + ("?" + urllib.parse.urlencode(query, safe=",") if query else "")


ALWAYS_IN_LINK = ("ind", "year")   # what the chart shows, even at today's default (the default moves with the data)


def short_link(page: str, values: dict[str, Any], language: str | None = None) -> str:
    """The permalink without the parameters that are at their default: what an image prints next to its stamp."""
    declared = {p.name: p for p in params(page)}
    query = [(name, ",".join(declared[name].dump(value))) for name, value in values.items()
             if name in declared and (name in ALWAYS_IN_LINK
                                      or declared[name].dump(value) != declared[name].dump(declared[name].default))]
    if language and language != "nl":
        query.append(("lang", language))
    return page + ("?" + urllib.parse.urlencode(query, safe=",") if query else "")


# --- The view of a page ---------------------------------------------------------------------------------------------

def params_of(page: str, values: Mapping[str, Any]) -> PageParams:
    """A page's checked values (by URL name, as `state.View` and `parse` give them) as its typed parameters."""
    return MODELS[page][0].from_values(values)


@overload
def charts_of(page: Literal["overzicht"], values: Mapping[str, Any], language: str) -> overview.OverviewView: ...
@overload
def charts_of(page: Literal["trends"], values: Mapping[str, Any], language: str) -> trends.TrendsView: ...
@overload
def charts_of(page: Literal["revisies"], values: Mapping[str, Any], language: str) -> revisions.RevisionsView: ...
@overload
def charts_of(page: Literal["wijzigingen"], values: Mapping[str, Any], language: str) -> changes.ChangesView: ...
@overload
def charts_of(page: Literal["strafrechtketen"], values: Mapping[str, Any], language: str) -> chain.ChainView: ...
@overload
def charts_of(page: Literal["opvang"], values: Mapping[str, Any], language: str) -> shelter.ShelterView: ...
@overload
def charts_of(page: Literal["doelen"], values: Mapping[str, Any], language: str) -> targets.TargetsView: ...
@overload
def charts_of(page: Literal["bronnen"], values: Mapping[str, Any], language: str) -> sources.SourcesView: ...
@overload
def charts_of(page: str, values: Mapping[str, Any], language: str) -> PageView: ...


def charts_of(page: str, values: Mapping[str, Any], language: str) -> PageView:
    """The view of a page (its charts, tables, cards and messages) for its checked values, cached per database
    build. A page's own name gives its own type of view (`charts_of("strafrechtketen", …)` is a `ChainView`)."""
    if page not in MODELS:
        return PageView()
    typed = params_of(page, values)
    with one_build() as build:   # all of a view's queries read the build its cache entry is keyed on
        return _charts_cached(build.key, page, typed, language)


@cached_once(maxsize=128)
def _charts_cached(build_key: tuple[Any, ...], page: str, typed: PageParams, language: str) -> PageView:
    result: PageView = MODULES[page].build(typed, language)
    # the link printed beside an image's stamp names the parameters in alphabetical order, as it always has
    link = short_link(page, dict(sorted(typed.url_values().items())), language)   # reads the catalogue: once
    for spec in result.charts:
        spec.title = charts.title_with_when(spec)
        spec.page = page
        spec.link = link
    return result


def clear_cache() -> None:
    """Forget every cached view (the benchmark's cold pages; a rebuild needs no clearing, it changes the key)."""
    _charts_cached.cache_clear()
    chain.clear_cache()
