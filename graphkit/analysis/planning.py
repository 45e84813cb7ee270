"""Planning tools: warm introductions, what-if removals, and round-to-round change.

Pure functions over :class:`~graphkit.graph.TieModel` and
:class:`~graphkit.analysis.negotiation.Analysis`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, pairwise
from typing import Any, cast

import networkx as nx
import pandas as pd

from graphkit.analysis.negotiation import Analysis, analyse
from graphkit.analysis.trust import TRUSTING_TIE
from graphkit.graph import TieModel

#: Sentiment change between two dates that counts as warming or cooling.
CHANGE = 0.3


# -- warm introductions ------------------------------------------------------------------


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


def _trust_graph(analysis: Analysis) -> nx.Graph[str]:
    G: nx.Graph[str] = nx.Graph()
    t = analysis.ties
    for u, v, sign, trust in zip(t["u"], t["v"], t["sign"], t["trust"], strict=True):
        if sign > 0 and trust > 0:
            G.add_edge(u, v, trust=float(trust), cost=-math.log(float(trust)))
    return G


def _link(analysis: Analysis, a: str, b: str) -> dict[str, Any]:
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
    ties = analysis.ties
    hostile: set[str] = set()
    for end in (source, target):
        neg = ties[(ties["sign"] < 0) & ((ties["u"] == end) | (ties["v"] == end))]
        hostile |= (set(neg["u"]) | set(neg["v"])) - {end}
    hostile -= {source, target}
    G = _trust_graph(analysis)
    G.remove_nodes_from(hostile)
    paths: list[IntroPath] = []
    if source in G and target in G and nx.has_path(G, source, target):
        for nodes in islice(nx.shortest_simple_paths(G, source, target, weight="cost"), k):
            links = [_link(analysis, a, b) for a, b in pairwise(nodes)]
            paths.append(IntroPath(nodes, math.prod(link["trust"] for link in links), links))
    result = IntroResult(source, target, paths, sorted(hostile))
    if not paths:
        result.partial = _closest_approach(analysis, G, source, target, hostile)
    return result


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
        "links": [_link(analysis, a, b) for a, b in pairwise(nodes)],
    }


# -- what if --------------------------------------------------------------------------


def without(model: TieModel, remove: Iterable[str]) -> TieModel:
    """``model`` as if ``remove`` had never been part of the negotiation."""
    gone = set(remove)
    keep = ~model.ties["u"].isin(gone) & ~model.ties["v"].isin(gone)
    return TieModel(
        as_of=model.as_of,
        half_life_days=model.half_life_days,
        period_days=model.period_days,
        stakeholders=model.stakeholders[~model.stakeholders.index.isin(gone)],
        directed=model.directed[
            ~model.directed["source"].isin(gone) & ~model.directed["target"].isin(gone)
        ],
        ties=model.ties[keep].reset_index(drop=True),
        contacts=model.contacts[
            ~model.contacts["source"].isin(gone) & ~model.contacts["target"].isin(gone)
        ],
        declared=model.declared[
            ~model.declared["source"].isin(gone) & ~model.declared["target"].isin(gone)
        ],
    )


def _trusted_channels(analysis: Analysis) -> dict[tuple[str, str], list[tuple[str, str]]]:
    party = analysis.stakeholders["party"].to_dict()
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    t = analysis.ties
    for u, v, trust in zip(t["u"], t["v"], t["trust"], strict=True):
        pu, pv = party.get(u, ""), party.get(v, "")
        if trust >= TRUSTING_TIE and pu and pv and pu != pv:
            out.setdefault(tuple(sorted((pu, pv))), []).append((u, v))
    return out


def _components(analysis: Analysis) -> list[set[str]]:
    G: nx.Graph[str] = nx.Graph()
    G.add_nodes_from(analysis.stakeholders.index)
    t = analysis.ties
    G.add_edges_from(zip(t.loc[t["sign"] >= 0, "u"], t.loc[t["sign"] >= 0, "v"], strict=True))
    return [c for c in nx.connected_components(G) if len(c) > 1]


def _known(before: Analysis, remove: Iterable[str]) -> list[str]:
    """``remove`` without repeats; KeyError for the first id that is not a stakeholder."""
    gone = list(dict.fromkeys(remove))
    unknown = [g for g in gone if g not in before.stakeholders.index]
    if unknown:
        raise KeyError(unknown[0])
    return gone


def analysis_without(before: Analysis, remove: Iterable[str]) -> Analysis:
    """The analysis of ``before``'s negotiation as if ``remove`` had never been part of it
    (every metric computed again on :func:`without`)."""
    return analyse(without(before.model, _known(before, remove)), before.negotiation)


def what_if(before: Analysis, remove: Iterable[str]) -> dict[str, Any]:
    """What is lost if ``remove`` leave: trusted channels between parties, connectedness,
    brokers who rise or fall, and the change in structural balance.

    Plain data (lists, dicts, strings and numbers; ``json.dumps`` takes it). The analysis
    after the removal is :func:`analysis_without`.
    """
    gone = _known(before, remove)
    after = analysis_without(before, gone)
    ch_before, ch_after = _trusted_channels(before), _trusted_channels(after)
    channels = []
    for pair, links in sorted(ch_before.items()):
        left = ch_after.get(pair, [])
        if len(left) < len(links):
            channels.append(
                {
                    "parties": list(pair),
                    "before": len(links),
                    "after": len(left),
                    "lost_all": not left,
                    "lost": [list(x) for x in links if x not in left],
                }
            )
    splits = []
    for comp in _components(before):
        rest = comp - set(gone)
        pieces = [c & rest for c in _components(after) if c & rest]
        stranded = rest - set().union(*pieces) if pieces else rest
        if len(pieces) + len(stranded) > 1:
            splits.append(
                {
                    "size": len(comp),
                    "pieces": sorted((sorted(p) for p in pieces), key=len, reverse=True),
                    "isolated": sorted(stranded),
                }
            )
    b0 = before.stakeholders["betweenness"]
    b1 = after.stakeholders["betweenness"].reindex(b0.index)
    delta = (b1 - b0).drop(gone, errors="ignore").dropna()
    roles_before = before.stakeholders["roles"].drop(gone, errors="ignore")
    roles_after = after.stakeholders["roles"].reindex(roles_before.index)
    role_changes = [
        {
            "id": sid,
            "gained": sorted(set(roles_after[sid]) - set(r)),
            "lost": sorted(set(r) - set(roles_after[sid])),
        }
        for sid, r in zip(roles_before.index, roles_before, strict=True)
        if set(r) != set(roles_after[sid])
    ]
    return {
        "removed": [
            {
                "id": g,
                "name": before.stakeholders.at[g, "name"],
                "roles": list(before.stakeholders["roles"][g]),
            }
            for g in gone
        ],
        "trusted_channels": channels,
        "parties_cut_off": [c["parties"] for c in channels if c["lost_all"]],
        "splits": splits,
        "brokers_rising": [
            {"id": s, "betweenness_change": float(v)}
            for s, v in delta.sort_values(ascending=False).head(5).items()
            if v > 0
        ],
        "brokers_falling": [
            {"id": s, "betweenness_change": float(v)}
            for s, v in delta.sort_values().head(5).items()
            if v < 0
        ],
        "role_changes": role_changes,
        "balance_ratio": {
            "before": before.summary["balance_ratio"],
            "after": after.summary["balance_ratio"],
        },
        "unbalanced_triangles": {
            "before": before.summary["unbalanced_triangles"],
            "after": after.summary["unbalanced_triangles"],
        },
    }


# -- round-to-round change --------------------------------------------------------------


@dataclass
class Change:
    formed: list[dict[str, Any]] = field(default_factory=list)
    broken: list[dict[str, Any]] = field(default_factory=list)
    warmed: list[dict[str, Any]] = field(default_factory=list)
    cooled: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    balance: dict[str, Any] = field(default_factory=dict)


def diff(earlier: Analysis, later: Analysis, *, change: float = CHANGE) -> Change:
    """How the relationships changed between two analyses (two ``--as-of`` dates).

    formed: ties present later but not earlier. broken: ties positive earlier that
    are negative later, or active in the period before the earlier date and silent
    for longer than a period at the later one.
    warmed / cooled: recency-weighted sentiment up / down by at least ``change``.
    """
    key = ["u", "v"]
    a = earlier.ties.set_index(key)
    b = later.ties.set_index(key)
    out = Change()
    period = later.model.period_days
    for label, row in b.iterrows():
        u, v = cast("tuple[str, str]", label)  # the (u, v) index
        if (u, v) not in a.index:
            out.formed.append(
                {
                    "a": u,
                    "b": v,
                    "sentiment": float(row["sentiment"]),
                    "contacts": int(row["contacts"]),
                    "first_contact": row["first_contact"],
                    "declared": row["declared_types"],
                }
            )
            continue
        # pandas-stubs reads a 2-tuple as (row, column); here it is a row of the (u, v) index.
        old: pd.Series = a.loc[(u, v)]  # type: ignore[assignment]
        base = {"a": u, "b": v, "before": float(old["sentiment"]), "after": float(row["sentiment"]),
                "contacts_since": int(row["contacts"] - old["contacts"]), "last_contact": row["last_contact"]}  # fmt: skip
        if old["sign"] > 0 and row["sign"] < 0:
            out.broken.append({**base, "why": "turned negative"})
        elif (
            old["contacts"] > 0
            and row["contacts"] == old["contacts"]
            and old["sign"] >= 0
            and _days(old["last_contact"], earlier.model.as_of) < period
            and _days(old["last_contact"], later.model.as_of) >= period
        ):
            out.broken.append({**base, "why": f"no contact since {old['last_contact']}"})
        elif row["contacts"] > old["contacts"] and row["sentiment"] - old["sentiment"] >= change:
            out.warmed.append(base)
        elif row["contacts"] > old["contacts"] and old["sentiment"] - row["sentiment"] >= change:
            out.cooled.append(base)
    r0 = earlier.stakeholders["roles"]
    r1 = later.stakeholders["roles"]
    for sid in r1.index:
        before = set(r0.get(sid, ()))
        after = set(r1[sid])
        if before != after:
            out.roles.append(
                {
                    "id": sid,
                    "name": later.stakeholders.at[sid, "name"],
                    "gained": sorted(after - before),
                    "lost": sorted(before - after),
                }
            )
    out.balance = {
        "before": earlier.summary["balance_ratio"],
        "after": later.summary["balance_ratio"],
        "unbalanced_before": earlier.summary["unbalanced_triangles"],
        "unbalanced_after": later.summary["unbalanced_triangles"],
    }
    return out


def _days(first: str, last: str) -> int:
    return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
