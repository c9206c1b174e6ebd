"""Which indicators each page shows: small, named rules over the catalogue, in one place.

Indicator ids are chosen by the curator in data/indicators.csv, so pages never hard-code them. Each rule below
names the ids it prefers and, where the catalogue may grow, an id pattern; a rule that matches nothing leaves a gap
the page reports ("no figures for …"), never a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

DOMAIN_ORDER = ("signalering", "opsporing", "vervolging", "berechting", "opvang", "schatting", "beleid")

# Ids derived from other series (targets, changes, expected values) are never steps or headlines themselves.
_DERIVED = re.compile(r"_(target|change|expected)(_|$)")

HEADLINES = (
    r"^victims_registered_comensha$", r"^victims_registered(_nr)?$", r"^victims_estimated$",
    r"^labour_(exploitation_)?investigations", r"^police_suspects_to_om$", r"^om_cases", r"^om_sepot_share$",
    r"^(court_decisions|convictions)", r"^(shelter_)?omm_places$", r"^(shelter_)?omm_waiting_list$",
)


@dataclass(frozen=True)
class Step:
    """One step of the justice chain: a label key and the id patterns (with allowed units) that count for it."""

    key: str
    patterns: tuple[str, ...]
    units: tuple[str, ...]


CHAIN = (
    Step("registrations", (r"^victims_registered",), ("persons",)),
    Step("investigations", (r"investigations",), ("investigations",)),
    Step("suspects", (r"suspects",), ("suspects", "persons")),
    Step("om_cases", (r"^om_cases",), ("cases",)),
    Step("sepots", (r"sepot",), ("cases", "suspects")),
    Step("summons", (r"summons|dagvaard|prosecutions",), ("cases", "suspects")),
    Step("court_decisions", (r"^court_",), ("cases", "suspects", "persons")),
    Step("convictions", (r"conviction",), ("cases", "persons", "suspects")),
)
CHAIN_RATIO_DOMAINS = ("opsporing", "vervolging", "berechting")

# Computed ratios: numerator step over denominator step, same year and breakdown, both figures published.
CHAIN_RATIOS = (("sepots", "om_cases"), ("convictions", "court_decisions"), ("om_cases", "suspects"))

# Series counted by two organisations: shown side by side on the revisions page (they are not versions).
COMPARED_PAIRS = (("victims_registered_comensha", "victims_registered_nr"),)

SHELTER = {
    "registered": (r"^victims_registered_comensha$", r"^victims_registered(_nr)?$"),
    "estimated": (r"^victims_estimated$",),
    "places": (r"omm_places$", r"cosm_places$", r"_places$"),
    "waiting": (r"waiting",),
    "budget": (r"omm_budget$", r"budget", r"funding_gap|shortfall|tekort"),
    "cosm": (r"cosm",),
}


def _ids(cat: pd.DataFrame, only_with_figures: bool = True) -> list[str]:
    frame = cat[cat["figures"] > 0] if only_with_figures else cat
    return [i for i in frame["indicator"].tolist() if not _DERIVED.search(i)]


def match(cat: pd.DataFrame, patterns: tuple[str, ...], units: tuple[str, ...] | None = None,
          domain: str | None = None) -> list[str]:
    """Ids with figures matching any pattern, in pattern order (the first pattern's ids first), no repeats."""
    ids = _ids(cat)
    unit_of = dict(zip(cat["indicator"], cat["unit"]))
    domain_of = dict(zip(cat["indicator"], cat["domain"]))
    found: list[str] = []
    for pattern in patterns:
        for i in ids:
            if i in found or not re.search(pattern, i):
                continue
            if units and unit_of[i] not in units:
                continue
            if domain and domain_of[i] != domain:
                continue
            found.append(i)
    return found


def headline_ids(cat: pd.DataFrame) -> list[str]:
    """The headline figures of the Overzicht; without matches, the best-covered indicator of each domain."""
    found = match(cat, HEADLINES)
    if found:
        return found
    with_figures = cat[cat["figures"] > 0].sort_values("figures", ascending=False)
    return with_figures.drop_duplicates("domain")["indicator"].tolist()[:8]


def chain_steps(cat: pd.DataFrame) -> list[tuple[Step, list[str]]]:
    """Each chain step with the ids that count for it (possibly none: then the step is a gap)."""
    taken: set[str] = set()
    steps = []
    for step in CHAIN:
        ids = [i for i in match(cat, step.patterns, step.units) if i not in taken]
        taken.update(ids)
        steps.append((step, ids))
    return steps


def chain_ratio_ids(cat: pd.DataFrame) -> list[str]:
    """Published ratios of the chain (sepot share, conviction rate): percent indicators of its domains."""
    frame = cat[(cat["unit"] == "percent") & cat["domain"].isin(CHAIN_RATIO_DOMAINS) & (cat["figures"] > 0)]
    return [i for i in frame["indicator"] if not _DERIVED.search(i)]


def compared_pairs(cat: pd.DataFrame) -> list[tuple[str, str]]:
    """Named pairs first; then any two ids `<stem>_<a>`, `<stem>_<b>` with one unit, counted by other organisations."""
    ids = set(_ids(cat))
    pairs = [p for p in COMPARED_PAIRS if p[0] in ids and p[1] in ids]
    organisation = dict(zip(cat["indicator"], cat["organisation"]))
    unit = dict(zip(cat["indicator"], cat["unit"]))
    stems: dict[str, list[str]] = {}
    for i in sorted(ids):
        stem, _, _ = i.rpartition("_")
        if stem:
            stems.setdefault(stem, []).append(i)
    for members in stems.values():
        for a_index, a in enumerate(members):
            for b in members[a_index + 1:]:
                if (unit[a] == unit[b] and organisation[a] != organisation[b]
                        and (a, b) not in pairs and (b, a) not in pairs):
                    pairs.append((a, b))
    return pairs


def shelter_ids(cat: pd.DataFrame) -> dict[str, list[str]]:
    return {part: match(cat, patterns) for part, patterns in SHELTER.items()}


def order_by_domain(cat: pd.DataFrame) -> pd.DataFrame:
    rank = {d: n for n, d in enumerate(DOMAIN_ORDER)}
    return cat.assign(_rank=cat["domain"].map(rank).fillna(len(rank))).sort_values(["_rank", "indicator"]).drop(
        columns="_rank")
