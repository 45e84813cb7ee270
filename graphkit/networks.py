"""The tie model as networkx graphs: the tie graph (undirected, signed) and the contact
graph (who initiated contacts with whom), every stakeholder a node.

Built from :class:`graphkit.graph.TieModel`; pure, like it.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.graph import TieModel


def tie_graph(model: TieModel, *, include_negative: bool = True) -> nx.Graph[str]:
    """Undirected graph of ties; every stakeholder is a node (isolates included).

    Edge attributes: ``strength``, ``distance`` (``1 / strength ** alpha``, alpha of the
    model: see the module docstring), ``sign``, ``contested``,
    ``sentiment``, ``contacts``, ``reciprocity``, ``positive_share`` (share of contacts
    with sentiment >= 0), ``last_contact`` (ISO date, "" without contacts),
    ``declared_signed`` (the declared ties' signed weights summed), ``positive_contacts``
    (contacts with sentiment above ``SIGN_THRESHOLD``) and ``positive_initiators`` (how
    many of the two initiated at least one of those: 0, 1 or 2), the evidence of
    :func:`graphkit.analysis.trust.tie_trust`. Node attributes: ``name``, ``party``,
    ``kind``. Graph attributes: ``as_of`` and ``half_life_days`` of the model, which the
    recency of :func:`graphkit.analysis.trust.tie_trust` is measured from.

    >>> from graphkit.graph import build_ties
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01"], "source": ["a"], "target": ["b"],
    ...                   "sentiment": [0.5]})
    >>> G = tie_graph(build_ties(s, i, pd.DataFrame()))
    >>> G.graph
    {'as_of': '2024-01-01', 'half_life_days': 180.0}
    >>> G["a"]["b"]["last_contact"], G["a"]["b"]["positive_share"]
    ('2024-01-01', 1.0)
    """
    G: nx.Graph[str] = nx.Graph(as_of=model.as_of, half_life_days=model.half_life_days)
    people = model.stakeholders
    G.add_nodes_from(
        (sid, {"name": name, "party": party, "kind": kind})
        for sid, name, party, kind in zip(
            people.index, people["name"], people["party"], people["kind"], strict=True
        )
    )
    t = model.ties if include_negative else model.ties[model.ties["sign"] >= 0]
    alpha = model.alpha
    evidence = _positive_evidence(model.directed)
    G.add_edges_from(
        (
            u,
            v,
            {
                "strength": s,
                "distance": 1.0 / s**alpha,
                "sign": int(sg),
                "contested": bool(ct),
                "sentiment": se,
                "contacts": int(c),
                "reciprocity": r,
                "positive_share": ps,
                "last_contact": lc,
                "declared_signed": ds,
                "positive_contacts": evidence.get((u, v), (0, 0))[0],
                "positive_initiators": evidence.get((u, v), (0, 0))[1],
            },
        )
        for u, v, s, sg, ct, se, c, r, ps, lc, ds in zip(
            t["u"],
            t["v"],
            t["strength"],
            t["sign"],
            t["contested"],
            t["sentiment"],
            t["contacts"],
            t["reciprocity"],
            t["positive_share"],
            t["last_contact"],
            t["declared_signed"],
            strict=True,
        )
    )
    return G


def _positive_evidence(directed: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    """``{(u, v): (positive contacts, initiators)}`` with ``u < v``: the contacts with
    sentiment above ``SIGN_THRESHOLD`` (``warm`` of the two directions' aggregates) and how
    many of the two initiated one of them."""
    d = directed[directed["warm"] > 0]
    if d.empty:
        return {}
    s, t = d["source"].astype(str).to_numpy(), d["target"].astype(str).to_numpy()
    forward = s < t
    g = pd.DataFrame(
        {"u": np.where(forward, s, t), "v": np.where(forward, t, s), "warm": d["warm"]}
    ).groupby(["u", "v"], sort=True)["warm"]
    counts, initiators = g.sum(), g.size()
    return {
        (str(u), str(v)): (int(n), int(i))
        for (u, v), n, i in zip(counts.index, counts.to_numpy(), initiators.to_numpy(), strict=True)
    }


def sorted_ties(G: nx.Graph[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges of ``G`` as ``(u, v, data)`` with ``u < v``, sorted by ``(u, v)``: the row
    order of :attr:`TieModel.ties`. Sums over ties run in this order, so that they come out
    the same to the last bit however the graph was built (``G.edges()`` runs in node order).

    >>> G = nx.Graph([("c", "a"), ("b", "a")])
    >>> [(u, v) for u, v, _ in sorted_ties(G)]
    [('a', 'b'), ('a', 'c')]
    """
    ties = ((u, v, d) if u <= v else (v, u, d) for u, v, d in G.edges(data=True))
    return sorted(ties, key=lambda e: (e[0], e[1]))


def contact_graph(model: TieModel, *, undirected: bool = False) -> nx.DiGraph[str]:
    """Directed graph: ``a -> b`` when ``a`` initiated contacts with ``b`` (weight: strength),
    plus declared positive ties (both ways unless directed). Every stakeholder is a node.

    Edge attributes: ``strength`` and ``contacts`` (every contact ``a`` initiated with
    ``b``, plus the declared weight), split by sentiment into ``sought_strength`` and
    ``sought_contacts`` (contacts with sentiment at least ``-SIGN_THRESHOLD``, plus the
    declared weight: being sought out) and ``hostile_strength`` and ``hostile_contacts``
    (contacts with sentiment below ``-SIGN_THRESHOLD``: hostile attention). Strengths are
    recency-weighted like the ties' (each contact ``2 ** (-age / half_life)``).

    ``undirected`` is for logs whose direction carries no meaning (co-attendance,
    marriages): every contact counts both ways, ``a -> b`` and ``b -> a``. Declared ties
    keep their declared direction. The graph attribute ``undirected`` records the choice.

    >>> from graphkit.graph import build_ties
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01"] * 2, "source": ["a", "a"],
    ...                   "target": ["b", "b"], "sentiment": [0.5, -0.5]})
    >>> D = contact_graph(build_ties(s, i, pd.DataFrame()))
    >>> d = D["a"]["b"]
    >>> d["contacts"], d["sought_contacts"], d["hostile_contacts"], d["hostile_strength"]
    (2, 1, 1, 1.0)
    >>> sorted(contact_graph(build_ties(s, i, pd.DataFrame()), undirected=True).edges())
    [('a', 'b'), ('b', 'a')]
    """
    D: nx.DiGraph[str] = nx.DiGraph(undirected=undirected)
    people = model.stakeholders
    D.add_nodes_from(
        (sid, {"party": p}) for sid, p in zip(people.index, people["party"], strict=True)
    )
    c = model.directed[
        ["source", "target", "contacts", "strength", "sought_strength", "hostile",
         "hostile_strength"]
    ]  # fmt: skip
    if undirected:
        c = pd.concat([c, c.rename(columns={"source": "target", "target": "source"})])
    d = (
        c.assign(sought_contacts=c["contacts"] - c["hostile"])
        .rename(columns={"hostile": "hostile_contacts"})
        .groupby(["source", "target"], sort=True)
        .sum()
        .reset_index()
    )
    D.add_edges_from(
        (
            a,
            b,
            {
                "strength": float(s),
                "contacts": int(n),
                "sought_strength": float(ss),
                "sought_contacts": int(sn),
                "hostile_strength": float(hs),
                "hostile_contacts": int(hn),
            },
        )
        for a, b, n, s, ss, sn, hs, hn in zip(
            d["source"],
            d["target"],
            d["contacts"],
            d["strength"],
            d["sought_strength"],
            d["sought_contacts"],
            d["hostile_strength"],
            d["hostile_contacts"],
            strict=True,
        )
    )
    dec = model.declared
    for a, b, sign, w, directed in zip(
        dec["source"], dec["target"], dec["sign"], dec["weight"], dec["directed"], strict=True
    ):
        if int(sign) <= 0:
            continue
        for x, y in ((a, b),) if directed else ((a, b), (b, a)):
            if D.has_edge(x, y):
                D[x][y]["strength"] += float(w)
                D[x][y]["sought_strength"] += float(w)
            else:
                D.add_edge(
                    x,
                    y,
                    strength=float(w),
                    contacts=0,
                    sought_strength=float(w),
                    sought_contacts=0,
                    hostile_strength=0.0,
                    hostile_contacts=0,
                )
    return D
