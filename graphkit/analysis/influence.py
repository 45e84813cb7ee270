"""Who holds influence: PageRank, weighted degree and eigenvector centrality, and the
hostile attention beside it (pressure).

All take a networkx graph first and return ``{node: value}``.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
from threadpoolctl import threadpool_limits

from graphkit.analysis._fast import NodeT, seeded_igraph, to_igraph


def influence_scores(
    D: nx.DiGraph[NodeT], *, weight: str | None = "sought_strength", alpha: float = 0.85
) -> dict[NodeT, float]:
    """PageRank on the directed contact graph: influence flows to whom others seek out.

    An edge ``a -> b`` means ``a`` initiated contacts with ``b``; its weight is the
    recency-weighted strength of the contacts that count, by default ``sought_strength``
    of :func:`graphkit.networks.contact_graph`: the positive and neutral contacts only
    (sentiment at least ``-SIGN_THRESHOLD``). PageRank reads a link as an endorsement;
    a hostile contact is pressure, not being sought out (:func:`pressure_scores`).
    Edges of weight 0 (only hostile contacts) are left out, as if absent. Dangling
    stakeholders spread their rank uniformly, as in networkx. On a graph whose every
    contact counts both ways (``contact_graph(..., undirected=True)``) this is the
    PageRank of the undirected graph. Computed with igraph's PRPACK solver (exact), which
    agrees with :func:`networkx.pagerank` to its tolerance, on one thread: the same graph
    gives the same values to the last bit in every run.

    References
    ----------
    Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual web search engine.

    Examples
    --------
    >>> D = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "a")])
    >>> r = influence_scores(D, weight=None)
    >>> max(r, key=r.get)
    'c'
    """
    if len(D) == 0:
        return {}
    if weight is not None:
        kept = [(u, v) for u, v, w in D.edges(data=weight, default=1.0) if w > 0]
        if len(kept) < D.number_of_edges():
            H: nx.DiGraph[NodeT] = nx.DiGraph()
            H.add_nodes_from(D)
            H.add_edges_from((u, v, D[u][v]) for u, v in kept)
            D = H
    g, nodes = to_igraph(D, weight)
    # One OpenMP thread: with more, PRPACK sums in a varying order and the same graph
    # gives values that differ in the last bits between runs.
    with threadpool_limits(1, user_api="openmp"):
        values = g.pagerank(
            damping=alpha, weights="w" if weight else None, directed=D.is_directed()
        )
    return dict(zip(nodes, values, strict=True))


def pressure_scores(
    D: nx.DiGraph[NodeT], *, weight: str = "hostile_strength"
) -> dict[NodeT, float]:
    """Hostile attention: the in-strength of each stakeholder over the negative contacts.

    The sum, over the contacts others initiated with a stakeholder whose sentiment is
    below ``-SIGN_THRESHOLD``, of their recency weights (``hostile_strength`` of
    :func:`graphkit.networks.contact_graph`: a hostile contact today counts 1, one half-life
    ago 0.5). In-strength, the weighted in-degree (Barrat et al. 2004; Opsahl et al. 2010),
    rather than PageRank over the negative contacts: hostility does not pass on the way
    an endorsement does (being attacked by someone who is attacked a lot is no more
    pressure), and a count of hostile contacts can be checked against the log.

    References
    ----------
    Barrat, A., Barthélemy, M., Pastor-Satorras, R. & Vespignani, A. (2004). The architecture
    of complex weighted networks. PNAS 101(11).
    Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted networks:
    generalizing degree and shortest paths. Social Networks 32(3).

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("a", "c", hostile_strength=1.0)
    >>> D.add_edge("b", "c", hostile_strength=0.5)
    >>> D.add_edge("c", "a", hostile_strength=0.0)
    >>> pressure_scores(D)
    {'a': 0.0, 'c': 1.5, 'b': 0.0}
    """
    return {n: float(x) for n, x in D.in_degree(weight=weight)}


def weighted_degree(G: nx.Graph[NodeT], *, weight: str | None = "strength") -> dict[NodeT, float]:
    """Sum of tie weights per stakeholder (the degree when ``weight`` is None).

    >>> weighted_degree(nx.path_graph(3), weight=None)
    {0: 1.0, 1: 2.0, 2: 1.0}
    """
    return {n: float(d) for n, d in G.degree(weight=weight)}


def degree_centrality(G: nx.Graph[NodeT]) -> dict[NodeT, float]:
    """Share of the other stakeholders one is tied to (networkx's degree centrality)."""
    return nx.degree_centrality(G)


def eigenvector_scores(
    G: nx.Graph[NodeT], *, weight: str | None = "strength"
) -> dict[NodeT, float]:
    """Eigenvector centrality of the undirected tie graph, scaled to unit Euclidean norm.

    Influence through influential contacts (Bonacich 1972). Computed with igraph
    (ARPACK, seeded: the same graph gives the same bits), then scaled like :func:`networkx.eigenvector_centrality_numpy`.
    Isolates score 0.

    >>> e = eigenvector_scores(nx.star_graph(3), weight=None)
    >>> max(e, key=e.get)
    0
    """
    if G.number_of_edges() == 0:
        return dict.fromkeys(G, 0.0)
    g, nodes = to_igraph(G, weight)
    # ARPACK starts from a random vector: seeded, so every run gives the same bits.
    with warnings.catch_warnings(), seeded_igraph(0):  # disconnected maps: isolates score 0
        warnings.simplefilter("ignore", RuntimeWarning)
        values = np.asarray(g.eigenvector_centrality(scale=True, weights="w" if weight else None))
    norm = float(np.linalg.norm(values))
    values = values / norm if norm > 0 else values
    return dict(zip(nodes, values.tolist(), strict=True))
