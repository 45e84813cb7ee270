"""Coalitions: Louvain communities of the positive tie graph, compared with the declared parties."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import TypedDict

import networkx as nx

from graphkit.analysis._fast import NodeT, seeded_igraph, to_igraph


class Community(TypedDict):
    """One community: its number, size and party make-up (``{party: members}``)."""

    community: int
    size: int
    parties: dict[str, int]


class Coalitions(TypedDict):
    """What :func:`compare_with_parties` returns (``Analysis.coalitions``)."""

    #: Normalised mutual information of communities and parties; None without stakeholders.
    nmi: float | None
    #: By community number (largest first).
    communities: list[Community]


def communities(
    G: nx.Graph[NodeT], *, weight: str | None = "strength", seed: int = 42
) -> dict[NodeT, int]:
    """Louvain communities (Blondel et al. 2008), numbered 0, 1, ... by size.

    Reproducible: the same graph and seed give the same communities. Computed
    with igraph's multilevel algorithm using a seeded random generator.
    Isolates form their own communities.

    >>> G = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> c = communities(G, weight=None)
    >>> c[0] == c[1] == c[2] != c[3]
    True
    """
    if len(G) == 0:
        return {}
    g, nodes = to_igraph(G, weight)
    with seeded_igraph(seed):
        parts = g.community_multilevel(weights="w" if weight else None)
    order = sorted(range(len(parts)), key=lambda i: (-len(parts[i]), min(parts[i])))
    rank = {old: new for new, old in enumerate(order)}
    return {nodes[i]: rank[c] for i, c in enumerate(parts.membership)}


def compare_with_parties(community: Mapping[NodeT, int], party: Mapping[NodeT, str]) -> Coalitions:
    """How the communities line up with the parties: per community its size and party
    make-up, and the normalised mutual information (0: unrelated, 1: identical)."""
    groups: dict[int, Counter[str]] = {}
    for n, c in community.items():
        groups.setdefault(c, Counter())[party.get(n, "")] += 1
    return {
        "nmi": _nmi(community, party),
        "communities": [
            {"community": c, "size": sum(cnt.values()), "parties": dict(cnt.most_common())}
            for c, cnt in sorted(groups.items())
        ],
    }


def _nmi(a: Mapping[NodeT, int], b: Mapping[NodeT, str]) -> float | None:
    nodes = list(a)
    n = len(nodes)
    if n == 0:
        return None
    ca, cb = Counter(a[x] for x in nodes), Counter(b.get(x, "") for x in nodes)
    joint = Counter((a[x], b.get(x, "")) for x in nodes)
    ha = -sum(v / n * math.log(v / n) for v in ca.values())
    hb = -sum(v / n * math.log(v / n) for v in cb.values())
    mi = sum(v / n * math.log((v / n) / ((ca[i] / n) * (cb[j] / n))) for (i, j), v in joint.items())
    return 1.0 if ha + hb == 0 else 2 * mi / (ha + hb)


def coreness(G: nx.Graph[NodeT]) -> dict[NodeT, int]:
    """k-core number of each stakeholder: the largest k such that they belong to a group in
    which everyone has at least k ties inside the group (Seidman 1983). The densely knit
    core of a network has the highest coreness; someone with one tie has at most 1, an
    isolate 0. Ties count once whatever their strength. Computed by networkx's O(m)
    peeling algorithm (Batagelj & Zaversnik 2003).

    >>> G = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)])
    >>> G.add_node(4)
    >>> coreness(G)
    {0: 2, 1: 2, 2: 2, 3: 1, 4: 0}
    """
    H = G
    if nx.number_of_selfloops(G):  # a tie to oneself is no tie (core_number refuses them)
        H = G.copy()
        H.remove_edges_from(nx.selfloop_edges(G))
    return dict(nx.core_number(H))
