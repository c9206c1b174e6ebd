"""Where each indicator appears, as the catalogue says: the columns `measures`, `chain_step`, `headline`, `topic`,
`derived_from` and `per` of data/indicators.csv (see docs/data-dictionary.md).

Nothing here looks at an indicator's id: a curator who adds an indicator decides where it shows up by filling those
columns, and an indicator without them appears only on Trends and Bronnen. Every function takes the frame of
`queries.catalogue()` and considers only indicators with figures; a placement that finds none leaves a gap the page
reports ("no figures for …"), never a zero.
"""

from __future__ import annotations

import pandas as pd

from etl import CHAIN_STEPS, DOMAINS

DOMAIN_ORDER = DOMAINS

# Ratios computed between two steps of the chain: numerator step over denominator step, same year and breakdown,
# both figures published and counted in one unit.
CHAIN_RATIOS = (("sepots", "om_cases"), ("convictions", "court_decisions"), ("om_cases", "suspects"))


# What a count covers, where it is narrower than all forms of exploitation. A declared table for now: it belongs in
# data/indicators.csv as a column `scope` (the ETL's catalogue), which the read side would then take from there.
SCOPES = {"labour_exploitation_investigations": "labour_only",
          "labour_inspectorate_signals_investigated_share": "labour_only"}


def scope_of(indicator: str) -> str:
    """'all_forms', or the narrower scope an indicator counts ('labour_only')."""
    return SCOPES.get(indicator, "all_forms")


def order_by_domain(cat: pd.DataFrame) -> pd.DataFrame:
    rank = {d: n for n, d in enumerate(DOMAIN_ORDER)}
    return cat.assign(_rank=cat["domain"].map(rank).fillna(len(rank))).sort_values(["_rank", "indicator"]).drop(
        columns="_rank")


def _with_figures(cat: pd.DataFrame) -> pd.DataFrame:
    return order_by_domain(cat[cat["figures"] > 0])


def headline_ids(cat: pd.DataFrame) -> list[str]:
    """The overview's figures in their `headline` order; a catalogue without headlines gets the best-covered
    indicator of each domain, so the overview is never empty."""
    frame = _with_figures(cat)
    chosen = frame[frame["headline"].notna()].sort_values("headline", kind="stable")
    if not chosen.empty:
        return chosen["indicator"].tolist()
    return frame.sort_values("figures", ascending=False, kind="stable").drop_duplicates("domain")["indicator"].tolist()[:8]


def with_same_quantity(cat: pd.DataFrame, ids: list[str]) -> list[str]:
    """`ids`, each followed by the other indicators with figures that measure the same quantity (`measures`):
    where "the latest" of a quantity is picked, every organisation's count of it is a candidate."""
    frame = _with_figures(cat)
    measures = dict(zip(frame["indicator"], frame["measures"]))
    out: list[str] = []
    for i in ids:
        quantity = measures.get(i)
        same = [j for j, m in measures.items() if isinstance(quantity, str) and m == quantity and j != i]
        out += [x for x in [i, *same] if x not in out]
    return out


def chain_steps(cat: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Each step of the justice chain, in order, with the counts that belong to it (possibly none: a gap)."""
    frame = _with_figures(cat)
    counts = frame[frame["unit"] != "percent"]
    return [(step, counts.loc[counts["chain_step"] == step, "indicator"].tolist()) for step in CHAIN_STEPS]


def chain_ratio_ids(cat: pd.DataFrame) -> list[str]:
    """Published ratios of the chain (the sepot share, the conviction rate): its steps counted in percent."""
    frame = _with_figures(cat)
    return frame.loc[frame["chain_step"].notna() & (frame["unit"] == "percent"), "indicator"].tolist()


def compared_pairs(cat: pd.DataFrame) -> list[tuple[str, str]]:
    """Indicators that measure one quantity for different organisations: two counts side by side, not versions."""
    frame = _with_figures(cat)
    pairs = []
    for _, group in frame.groupby("measures", sort=True):
        rows = list(group.itertuples())
        pairs += [(a.indicator, b.indicator) for n, a in enumerate(rows) for b in rows[n + 1:]
                  if a.organisation != b.organisation]
    return pairs


def topic_ids(cat: pd.DataFrame, topic: str) -> list[str]:
    frame = _with_figures(cat)
    return frame.loc[frame["topic"] == topic, "indicator"].tolist()


def dark_number_ids(cat: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(registered, estimated): the dark-number section's registrations and the estimates they are set against."""
    frame = _with_figures(cat)
    frame = frame[frame["topic"] == "dark_number"]
    registered = frame["chain_step"] == "registrations"
    return frame.loc[registered, "indicator"].tolist(), frame.loc[~registered, "indicator"].tolist()


def per_pairs(cat: pd.DataFrame) -> list[tuple[str, str]]:
    """(amount, count) for every amount the catalogue shows per unit of a count (the OMM budget per place)."""
    frame = _with_figures(cat)
    known = set(frame["indicator"])
    return [(i, p) for i, p in zip(frame["indicator"], frame["per"]) if isinstance(p, str) and p in known]
