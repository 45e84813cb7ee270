"""Whom the parties trust: tie trust from positive, reciprocated, recent and
consistent contacts, and the stakeholders trusted across party lines.

Every function takes the tie graph of :func:`graphkit.networks.tie_graph` (edge attributes
``sentiment``, ``sign``, ``reciprocity``, ``positive_share``, ``contacts``,
``positive_contacts``, ``positive_initiators``, ``last_contact``; node attributes
``party`` and ``kind``; graph attributes ``as_of`` and ``half_life_days``, and optionally
``min_trust_contacts`` and ``undirected``) and returns plain data. Ties are keyed
``(u, v)`` with ``u < v`` and visited in that sorted order
(:func:`graphkit.networks.sorted_ties`), so sums over them come out the same to the last bit
however the graph was built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.networks import sorted_ties
from graphkit.scope import DEFAULT_MIN_TRUST_CONTACTS

#: A tie at least this trusting counts as "trusts" for trust nodes.
TRUSTING_TIE = 0.25

#: The evidence trust needs: at least this many positive contacts (sentiment above
#: ``SIGN_THRESHOLD``) between the two, each side having initiated at least one. A tie
#: graph's ``G.graph["min_trust_contacts"]`` overrides it (``--min-trust-contacts``).
MIN_TRUST_CONTACTS = DEFAULT_MIN_TRUST_CONTACTS

#: The stakeholder kind of a mediator (:data:`graphkit.model.KINDS`).
MEDIATOR = "mediator"

#: ``{(u, v): tie trust}`` with ``u < v``, as :func:`tie_trust` returns it.
TieTrust = Mapping[tuple[str, str], float]


def tie_trust(G: nx.Graph[str], *, min_contacts: int | None = None) -> dict[tuple[str, str], float]:
    """Trust carried by each tie, in [0, 1]:

    ``max(0, sentiment) * reciprocity * recency * consistency``

    where ``sentiment`` is the recency-weighted mean, ``reciprocity`` is
    ``min/max`` of the contacts each side initiated, ``recency`` is
    ``2 ** (-days since last contact / half-life)`` (days to ``G.graph["as_of"]``,
    half-life ``G.graph["half_life_days"]``) and ``consistency`` is the share of
    contacts with non-negative sentiment (edge attribute ``positive_share``). One-sided,
    hostile, stale or erratic ties carry little trust.

    Trust needs evidence; a tie carries none (0) unless all of these hold:

    * **enough positive contacts**: at least ``min_contacts`` contacts between the two
      with sentiment above ``SIGN_THRESHOLD`` (+0.1), counted over every contact up to
      ``as_of`` whatever its age (edge attribute ``positive_contacts``). ``min_contacts``
      defaults to ``G.graph["min_trust_contacts"]``, else :data:`MIN_TRUST_CONTACTS` (3);
    * **reciprocated**: each of the two initiated at least one of those positive contacts
      (``positive_initiators`` is 2). A one-way stream of praise is not trust;
    * **a positive sign** (``sign`` > 0): neutral and negative ties carry none, even with
      mildly positive contacts (a declared rivalry with small talk is still a rivalry).

    Declared ties without contacts carry none: trust is shown in contacts, not declared;
    nor do contested ties (edge attribute ``contested``: the two sides' contacts disagree
    in sign, :mod:`graphkit.graph`), whatever their sign.
    With ``G.graph["undirected"]`` (a log whose direction carries no meaning: every
    contact counts both ways) both sides initiated every contact, so reciprocity is 1 and
    the second condition always holds.

    Returns ``{(u, v): trust}`` with ``u < v`` for every edge, in sorted order.

    >>> G = nx.Graph(as_of="2024-06-29", half_life_days=180.0)
    >>> G.add_edge("b", "a", sentiment=0.8, sign=1, reciprocity=1.0, positive_share=1.0,
    ...            contacts=4, positive_contacts=4, positive_initiators=2,
    ...            last_contact="2024-01-01")
    >>> tie_trust(G)  # one half-life old: 0.8 * 1 * 0.5 * 1
    {('a', 'b'): 0.4}
    >>> tie_trust(G, min_contacts=5)  # four positive contacts are not enough evidence
    {('a', 'b'): 0.0}
    """
    ties = sorted_ties(G)
    if not ties:
        return {}
    needed = int(
        G.graph.get("min_trust_contacts", MIN_TRUST_CONTACTS)
        if min_contacts is None
        else min_contacts
    )
    undirected = bool(G.graph.get("undirected", False))
    last_contact = pd.Series([d["last_contact"] for _, _, d in ties], dtype=object)
    age = (
        pd.Timestamp(G.graph["as_of"]) - pd.to_datetime(last_contact.str[:10], errors="coerce")
    ).dt.days
    recency = np.exp2(-age.to_numpy(dtype=float) / G.graph["half_life_days"])
    recency = np.nan_to_num(recency, nan=0.0)
    reciprocity = (
        np.ones(len(ties))
        if undirected
        else np.array([d["reciprocity"] for _, _, d in ties], dtype=float)
    )
    value = (
        pd.Series([d["sentiment"] for _, _, d in ties], dtype=float).clip(lower=0).to_numpy()
        * reciprocity
        * recency
        * np.array([d["positive_share"] for _, _, d in ties], dtype=float)
    )
    contacts = np.array([d["contacts"] for _, _, d in ties])
    positive = np.array([d["positive_contacts"] for _, _, d in ties])
    both_sides = undirected | (np.array([d["positive_initiators"] for _, _, d in ties]) >= 2)
    signed = np.array(
        [d["sign"] > 0 and not d.get("contested", False) for _, _, d in ties], dtype=bool
    )
    evidence = (contacts > 0) & (positive >= needed) & both_sides & signed
    trust = np.where(evidence, value, 0.0)
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


def mediators(G: nx.Graph[str]) -> set[str]:
    """The mediators among the nodes of ``G``: stakeholders of kind ``"mediator"``, and
    every member of a *mediating party*, a party whose members with a stated kind are all
    mediators (a mediator's envoy whose kind was left blank is still a mediator).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("m", {"party": "C", "kind": "mediator"}), ("n", {"party": "C"}),
    ...                   ("a", {"party": "X", "kind": "state"}),
    ...                   ("u", {"party": "X", "kind": "mediator"})])
    >>> sorted(mediators(G))
    ['m', 'n', 'u']
    """
    party = nx.get_node_attributes(G, "party")
    kind = {n: str(k or "") for n, k in nx.get_node_attributes(G, "kind").items()}
    kinds: dict[str, set[str]] = defaultdict(set)
    for n in G:
        if party.get(n) and kind.get(n):
            kinds[party[n]].add(kind[n])
    mediating = {p for p, k in kinds.items() if k == {MEDIATOR}}
    return {n for n in G if kind.get(n) == MEDIATOR or party.get(n, "") in mediating}


def trust_nodes(
    G: nx.Graph[str], *, trust: TieTrust | None = None, threshold: float = TRUSTING_TIE
) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Stakeholders trusted across the table: by at least two parties other than their own.

    A party *trusts* a stakeholder when one of its members has a tie of trust at least
    ``threshold`` to them (:func:`trusted_by`; :func:`tie_trust` says what a tie needs to
    carry trust). Trust at home proves nothing across the table, so the stakeholder's own
    party does not count. Mediators (:func:`mediators`) belong to no side: a mediator needs
    two parties that are not mediating parties, the two sides, its own party counting
    only when it is a side (a mediator listed under one side's party). Trust from fellow
    mediators never counts for a mediator. Stakeholders without a party trust nobody here.

    Returns ``{id: {party: [(who, tie trust), ...]}}`` with the parties that count.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("m", {"party": "M", "kind": "mediator"}), ("a", {"party": "X"}),
    ...                   ("b", {"party": "Y"}), ("c", {"party": "X"})])
    >>> sorted(trust_nodes(G, trust={("a", "m"): 0.5, ("b", "m"): 0.25}))
    ['m']
    >>> trust_nodes(G, trust={("a", "c"): 0.5, ("a", "b"): 0.5})  # own party, one other
    {}
    """
    party = nx.get_node_attributes(G, "party")
    mediating = mediators(G)
    sides = {party.get(n, "") for n in G if n not in mediating}
    out = {}
    for sid, parties in trusted_by(G, trust=trust, threshold=threshold).items():
        own = party.get(sid, "")
        if sid in mediating:
            counted = {p: w for p, w in parties.items() if p and p in sides}
        else:
            counted = {p: w for p, w in parties.items() if p and p != own}
        if len(counted) >= 2:
            out[sid] = counted
    return out
