"""Whom the parties trust: tie trust from positive, reciprocated, recent and
consistent contacts, and the stakeholders trusted across party lines.

Every function takes the tie graph of :func:`graphkit.graph.tie_graph` (edge attributes
``sentiment``, ``reciprocity``, ``positive_share``, ``contacts``, ``last_contact``; node
attribute ``party``; graph attributes ``as_of`` and ``half_life_days``) and returns plain
data. Ties are keyed ``(u, v)`` with ``u < v`` and visited in that sorted order
(:func:`graphkit.graph.sorted_ties`), so sums over them come out the same to the last bit
however the graph was built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.graph import sorted_ties

#: A tie at least this trusting counts as "trusts" for trust nodes.
TRUSTING_TIE = 0.25

#: ``{(u, v): tie trust}`` with ``u < v``, as :func:`tie_trust` returns it.
TieTrust = Mapping[tuple[str, str], float]


def tie_trust(G: nx.Graph[str]) -> dict[tuple[str, str], float]:
    """Trust carried by each tie, in [0, 1]:

    ``max(0, sentiment) * reciprocity * recency * consistency``

    where ``sentiment`` is the recency-weighted mean, ``reciprocity`` is
    ``min/max`` of the contacts each side initiated, ``recency`` is
    ``2 ** (-days since last contact / half-life)`` (days to ``G.graph["as_of"]``,
    half-life ``G.graph["half_life_days"]``) and ``consistency`` is the share of
    contacts with non-negative sentiment (edge attribute ``positive_share``). One-sided,
    hostile, stale or erratic ties carry little trust. Declared ties without contacts
    carry none: trust is shown in contacts, not declared; negative ties (``sign`` < 0)
    carry none either, nor do contested ones (edge attribute ``contested``: the two sides'
    contacts disagree in sign, :mod:`graphkit.graph`).

    Returns ``{(u, v): trust}`` with ``u < v`` for every edge, in sorted order.

    >>> G = nx.Graph(as_of="2024-06-29", half_life_days=180.0)
    >>> G.add_edge("b", "a", sentiment=0.8, reciprocity=1.0, positive_share=1.0,
    ...            contacts=2, last_contact="2024-01-01")
    >>> tie_trust(G)  # one half-life old: 0.8 * 1 * 0.5 * 1
    {('a', 'b'): 0.4}
    """
    ties = sorted_ties(G)
    if not ties:
        return {}
    last_contact = pd.Series([d["last_contact"] for _, _, d in ties], dtype=object)
    age = (
        pd.Timestamp(G.graph["as_of"]) - pd.to_datetime(last_contact.str[:10], errors="coerce")
    ).dt.days
    recency = np.exp2(-age.to_numpy(dtype=float) / G.graph["half_life_days"])
    recency = np.nan_to_num(recency, nan=0.0)
    value = (
        pd.Series([d["sentiment"] for _, _, d in ties], dtype=float).clip(lower=0).to_numpy()
        * np.array([d["reciprocity"] for _, _, d in ties], dtype=float)
        * recency
        * np.array([d["positive_share"] for _, _, d in ties], dtype=float)
    )
    contacts = np.array([d["contacts"] for _, _, d in ties])
    # A negative tie carries no trust, even when its contacts are mildly positive (a
    # declared rivalry with +0.05 small talk is still a rivalry).
    # A contested tie (the two sides disagree in sign) carries none whatever its sign.
    negative = np.array(
        [d.get("sign", 0) < 0 or bool(d.get("contested", False)) for _, _, d in ties], dtype=bool
    )
    trust = np.where((contacts > 0) & ~negative, value, 0.0)
    return {(u, v): float(x) for (u, v, _), x in zip(ties, trust, strict=True)}


def trust_scores(G: nx.Graph[str], *, trust: TieTrust | None = None) -> dict[str, float]:
    """Per stakeholder: the trust of their ties, ties to another party counted twice
    (trust held across party lines is what a mediator needs).

    ``trust`` is :func:`tie_trust` of ``G``, computed when not given.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"party": "X"}), ("b", {"party": "Y"}), ("c", {"party": "X"})])
    >>> G.add_edges_from([("a", "b"), ("a", "c")])
    >>> trust_scores(G, trust={("a", "b"): 0.5, ("a", "c"): 0.25})
    {'a': 1.25, 'b': 1.0, 'c': 0.25}
    """
    trust = tie_trust(G) if trust is None else trust
    party = nx.get_node_attributes(G, "party")
    scores: dict[str, float] = dict.fromkeys(G, 0.0)
    for (u, v), value in sorted(trust.items()):
        if value <= 0:
            continue
        bonus = 2.0 if party.get(u, "") != party.get(v, "") else 1.0
        scores[u] = scores.get(u, 0.0) + bonus * value
        scores[v] = scores.get(v, 0.0) + bonus * value
    return scores


def trusted_by(
    G: nx.Graph[str], *, trust: TieTrust | None = None, threshold: float = TRUSTING_TIE
) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """``{stakeholder: {party: [(who, tie trust), ...]}}``: who trusts each stakeholder,
    by party, counting ties with trust of at least ``threshold``, most trusting first.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"party": "X"}), ("b", {"party": "Y"}), ("c", {"party": "X"})])
    >>> trusted_by(G, trust={("a", "b"): 0.5, ("a", "c"): 0.1})
    {'a': {'Y': [('b', 0.5)]}, 'b': {'X': [('a', 0.5)]}}
    """
    trust = tie_trust(G) if trust is None else trust
    party = nx.get_node_attributes(G, "party")
    out: dict[str, dict[str, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    for (u, v), value in sorted(trust.items()):
        if value >= threshold:
            out[u][party.get(v, "")].append((v, float(value)))
            out[v][party.get(u, "")].append((u, float(value)))
    return {k: {p: sorted(w, key=lambda x: -x[1]) for p, w in d.items()} for k, d in out.items()}


def trust_nodes(
    G: nx.Graph[str], *, trust: TieTrust | None = None, threshold: float = TRUSTING_TIE
) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Stakeholders trusted by more than one party, with at least two trusting ties to
    people of other parties than their own (trust held across the table, not just at home).

    Returns ``{id: {party: [(who, tie trust), ...]}}``.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("m", {"party": "M"}), ("a", {"party": "X"}), ("b", {"party": "Y"})])
    >>> sorted(trust_nodes(G, trust={("a", "m"): 0.5, ("b", "m"): 0.25}))
    ['m']
    """
    party = nx.get_node_attributes(G, "party")
    out = {}
    for sid, parties in trusted_by(G, trust=trust, threshold=threshold).items():
        named = [p for p in parties if p]
        across = sum(len(w) for p, w in parties.items() if p and p != party.get(sid, ""))
        if len(named) >= 2 and across >= 2:
            out[sid] = parties
    return out
