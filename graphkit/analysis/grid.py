"""The power-interest grid: declared power and interest held against what the network
shows, and the stakeholders for whom the two disagree.

Declared power and interest (1-5) are the team's ratings (``stakeholders.csv``); measured
influence is PageRank on who seeks out whom, brokerage is betweenness (both as
``graphkit metrics`` defines them). Pure functions over an
:class:`~graphkit.analysis.negotiation.Analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from graphkit.analysis.metrics import ranks
from graphkit.analysis.negotiation import Analysis

#: Declared power or interest from which it counts as high on the grid (4 or 5 of 5).
HIGH = 4
#: Declared power up to which a measured top influencer or broker is a hidden influencer.
LOW = 2
#: Measured "top": ranked within the first TOP by influence or by betweenness.
TOP = 5

#: The four quadrants, as stakeholder-mapping practice names them (Mendelow's grid).
QUADRANTS = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}


@dataclass
class GridFlag:
    """A stakeholder whose declared power and measured position disagree."""

    id: str
    #: ``hidden influencer`` (low declared power, measured top influencer or broker) or
    #: ``paper tiger`` (high declared power, isolated in the network).
    kind: str
    reason: str


def grid(analysis: Analysis, *, power_only: bool = False) -> pd.DataFrame:
    """One row per stakeholder with declared power and interest: ``power``, ``interest``,
    ``quadrant`` (:data:`QUADRANTS`; high is :data:`HIGH` or more, ``""`` without an
    interest), ``influence`` and ``betweenness`` with their ranks, and ``ties`` (how many
    stakeholders it has a tie with). Stakeholders without both ratings are left out
    (``power_only``: those without a power rating)."""
    people = analysis.stakeholders
    rated = people[(people["power"] > 0) & ((people["interest"] > 0) | power_only)]
    ties = _tie_counts(analysis)
    out = pd.DataFrame(
        {
            "name": rated["name"],
            "party": rated["party"],
            "power": rated["power"].astype(int),
            "interest": rated["interest"].astype(int),
            "influence": rated["influence"],
            "influence_rank": ranks(people["influence"], "influence").reindex(rated.index),
            "betweenness": rated["betweenness"],
            "betweenness_rank": ranks(people["betweenness"], "betweenness").reindex(rated.index),
            "ties": [ties.get(s, 0) for s in rated.index],
        },
        index=rated.index,
    )
    out["quadrant"] = [
        QUADRANTS[p >= HIGH, i >= HIGH] if i else ""
        for p, i in zip(out["power"], out["interest"], strict=True)
    ]
    return out


def _tie_counts(analysis: Analysis) -> dict[str, int]:
    t = analysis.ties
    return pd.concat([t["u"], t["v"]]).value_counts().to_dict()


def grid_flags(analysis: Analysis, *, top: int = TOP) -> list[GridFlag]:
    """*Hidden influencers*: declared power :data:`LOW` or less, yet ranked within the
    first ``top`` by influence or by betweenness. *Paper tigers*: declared power
    :data:`HIGH` or more, yet isolated: ranked in neither the first half by influence
    nor by betweenness, or tied to fewer than two stakeholders. Each with its reason in
    numbers a reader can check."""
    g = grid(analysis, power_only=True)
    n = len(analysis.stakeholders)
    flags = []
    for sid, row in g.iterrows():
        inf, bet = row["influence_rank"], row["betweenness_rank"]
        measured = f"ranks #{_rank(inf)} of {n} by influence and #{_rank(bet)} by brokerage"
        said = f"declared power {row['power']} of 5"
        if row["power"] <= LOW and (inf <= top or bet <= top):
            flags.append(GridFlag(str(sid), "hidden influencer", f"{said}, but {measured}."))
        elif row["power"] >= HIGH:
            isolated_ranks = inf > n / 2 and bet > n / 2
            if isolated_ranks or row["ties"] < 2:
                ties = f"tied to {row['ties']} stakeholder{'s' if row['ties'] != 1 else ''}"
                flags.append(GridFlag(str(sid), "paper tiger", f"{said}, but {measured}; {ties}."))
    return flags


def _rank(value: float) -> str:
    return "-" if pd.isna(value) else str(int(value))
