"""Warm introductions: chains of trusted ties from one stakeholder to another.

Pure functions over :class:`~graphkit.analysis.negotiation.Analysis` (its ``ties``
table, with the trust of each tie).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any, cast

import networkx as nx

from graphkit.analysis.negotiation import Analysis


@dataclass
class IntroPath:
    """One chain of introductions with its evidence."""

    stakeholders: list[str]
    trust: float
    links: list[dict[str, Any]]


@dataclass
class IntroResult:
    source: str
    target: str
    paths: list[IntroPath]
    #: Stakeholders left out because they are hostile to one end.
    excluded: list[str]
    #: When no trusted path exists: the closest trusted approach.
    partial: dict[str, Any] | None = None
    #: When there is neither a chain nor a closest approach: why, in words.
    no_approach: str | None = None


def trust_graph(analysis: Analysis) -> nx.Graph[str]:
    """The positive ties that carry trust, each with its ``trust`` and ``cost``
    (``-log trust``: the cheapest path is the chain of highest trust)."""
    G: nx.Graph[str] = nx.Graph()
    t = analysis.ties
    for u, v, sign, trust in zip(t["u"], t["v"], t["sign"], t["trust"], strict=True):
        if sign > 0 and trust > 0:
            G.add_edge(u, v, trust=float(trust), cost=-math.log(float(trust)))
    return G


def hostile_to(analysis: Analysis, who: str) -> set[str]:
    """The stakeholders with a negative tie to ``who``."""
    t = analysis.ties
    neg = t[(t["sign"] < 0) & ((t["u"] == who) | (t["v"] == who))]
    return (set(neg["u"]) | set(neg["v"])) - {who}


def link_evidence(analysis: Analysis, a: str, b: str) -> dict[str, Any]:
    """One step of a chain, ``a`` to ``b``, with the evidence of its tie."""
    u, v = (a, b) if a < b else (b, a)
    row = analysis.ties[(analysis.ties["u"] == u) & (analysis.ties["v"] == v)].iloc[0]
    return {
        "from": a,
        "to": b,
        "trust": float(row["trust"]),
        "contacts": int(row["contacts"]),
        "sentiment": float(row["sentiment"]),
        "last_contact": row["last_contact"],
        "initiated": {u: int(row["uv"]), v: int(row["vu"])},
    }


def introduction_paths(analysis: Analysis, source: str, target: str, *, k: int = 3) -> IntroResult:
    """The ``k`` best chains of warm introductions from ``source`` to ``target``.

    A chain runs over positive ties that carry trust (see
    :func:`graphkit.analysis.trust.tie_trust`) and maximises the product of the
    ties' trust (shortest paths on ``-log trust``, Yen's k shortest simple paths).
    Stakeholders with a negative tie to either end are never used as intermediaries.
    When no such chain exists, ``partial`` names the trusted contact that gets
    closest: reachable by trusted ties, fewest steps from the target over
    non-hostile ties, then highest chain trust.
    """
    people = analysis.stakeholders.index
    for who in (source, target):
        if who not in people:
            raise KeyError(who)
    hostile = (hostile_to(analysis, source) | hostile_to(analysis, target)) - {source, target}
    G = trust_graph(analysis)
    G.remove_nodes_from(hostile)
    paths: list[IntroPath] = []
    if source in G and target in G and nx.has_path(G, source, target):
        for nodes in islice(nx.shortest_simple_paths(G, source, target, weight="cost"), k):
            links = [link_evidence(analysis, a, b) for a, b in pairwise(nodes)]
            paths.append(IntroPath(nodes, math.prod(link["trust"] for link in links), links))
    result = IntroResult(source, target, paths, sorted(hostile))
    if not paths:
        result.partial = _closest_approach(analysis, G, source, target, hostile)
        if result.partial is None:
            result.no_approach = _why_no_approach(analysis, G, source, target, hostile)
    return result


def _why_no_approach(
    analysis: Analysis, G: nx.Graph[str], source: str, target: str, hostile: set[str]
) -> str:
    """Why there is neither a trusted chain nor a closest approach, in words."""
    if source not in G:
        return f"{source} has no trusted contact at all."
    t = analysis.ties
    friendly = t[(t["sign"] >= 0) & ~t["u"].isin(hostile) & ~t["v"].isin(hostile)]
    if not ((friendly["u"] == target) | (friendly["v"] == target)).any():
        return f"{target} has no tie that is not hostile to {source} or {target}."
    return (
        f"None of the people {source} trusts is connected to {target} over ties that are not "
        "hostile."
    )


def _closest_approach(
    analysis: Analysis, G: nx.Graph[str], source: str, target: str, hostile: set[str]
) -> dict[str, Any] | None:
    if source not in G:
        return None
    # Without a target: (distance, path) per reachable node. The stub's return type is the
    # union of that and the (distance, path) of a single target.
    cost, route = cast(
        "tuple[dict[str, float], dict[str, list[str]]]",
        nx.single_source_dijkstra(G, source, weight="cost"),
    )
    # Steps to the target over any non-negative tie, avoiding hostile stakeholders.
    H: nx.Graph[str] = nx.Graph()
    t = analysis.ties
    H.add_edges_from(zip(t.loc[t["sign"] >= 0, "u"], t.loc[t["sign"] >= 0, "v"], strict=True))
    H.remove_nodes_from(hostile)
    if target not in H:
        return None
    steps = nx.single_source_shortest_path_length(H, target)
    best: tuple[tuple[int, float], str] | None = None
    for node, c in cost.items():
        if node == source or node not in steps:
            continue
        key = (steps[node], c)
        if best is None or key < best[0]:
            best = (key, node)
    if best is None:
        return None
    (hops, c), node = best
    nodes = route[node]
    return {
        "via": node,
        "chain": nodes,
        "trust": math.exp(-c),
        "steps_to_target": hops,
        "onward": nx.shortest_path(H, node, target),
        "links": [link_evidence(analysis, a, b) for a, b in pairwise(nodes)],
    }
