"""Who brokers: betweenness, closeness, Burt's structural holes, Gould-Fernandez
brokerage roles, and cut vertices that separate parties.

Functions take a networkx graph first and return plain dicts keyed by node.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx
import numba
import numpy as np
import scipy.sparse as sp

from graphkit.analysis._fast import NodeT, adjacency, to_igraph
from graphkit.analysis.paths import path_metrics

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def betweenness(G: nx.Graph[NodeT], *, weight: str | None = "distance") -> dict[NodeT, float]:
    """Shortest-path betweenness, normalised by ``(n-1)(n-2)/2`` as
    :func:`networkx.betweenness_centrality`; ``weight`` is a distance (for ties: ``1 /
    strength ** alpha``, Opsahl et al. 2010: see :mod:`graphkit.graph`). Exact, from the
    one-pass kernel the analysis uses (:func:`graphkit.analysis.paths.path_metrics`).

    References
    ----------
    Freeman, L. (1977). A set of measures of centrality based on betweenness.
    Brandes, U. (2001). A faster algorithm for betweenness centrality.
    Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted networks:
    generalizing degree and shortest paths. Social Networks 32(3).

    >>> b = betweenness(nx.path_graph(3), weight=None)
    >>> b[1]
    1.0
    """
    return path_metrics(G, weight=weight).betweenness


def closeness(G: nx.Graph[NodeT], *, weight: str | None = "distance") -> dict[NodeT, float]:
    """Closeness with networkx's Wasserman-Faust scaling for disconnected graphs:
    ``(r-1)/sum(d) * (r-1)/(n-1)``, ``r`` the stakeholders reachable (self included),
    ``d`` the lengths of the shortest paths over ``weight`` (for ties: the ``distance``,
    ``1 / strength ** alpha``); from the same kernel as :func:`betweenness`.

    >>> closeness(nx.path_graph(3), weight=None)[1]
    1.0
    """
    return path_metrics(G, weight=weight).closeness


def connected_pair_shares(
    G: nx.Graph[NodeT], normalised: Mapping[NodeT, float]
) -> dict[NodeT, float]:
    """Betweenness as the share of the shortest paths between *connected* pairs of other
    stakeholders that pass through each one: the raw betweenness (normalised values times
    ``(n-1)(n-2)/2``) over the pairs, not involving the stakeholder, that a path joins.

    Normalised betweenness divides by every pair, joined or not, so on a network in
    pieces it understates how much of its own piece's traffic a broker carries; this is
    the denominator of the party-pair shares too (:func:`party_pair_shares`).

    >>> G = nx.Graph([(0, 1), (1, 2)])
    >>> G.add_nodes_from([3, 4])
    >>> b = betweenness(G, weight=None)
    >>> round(b[1], 3), connected_pair_shares(G, b)[1]
    (0.167, 1.0)
    """
    n = len(G)
    if n <= 2:
        return dict.fromkeys(G, 0.0)
    parts = list(nx.connected_components(G))
    size = {v: len(c) for c in parts for v in c}
    joined = sum(len(c) * (len(c) - 1) / 2 for c in parts)
    scale = (n - 1) * (n - 2) / 2
    out = {}
    for v in G:
        pairs = joined - (size[v] - 1)
        out[v] = normalised.get(v, 0.0) * scale / pairs if pairs > 0 else 0.0
    return out


#: The sample of :func:`party_pair_estimates` and :func:`pair_sampling` unless told
#: another (the analysis estimates only with ``--pair-sample N``): a pair whose smaller
#: party has more members with ties than this counts paths from this many of them.
PAIR_SAMPLE = 500


def pair_sampling(
    G: nx.Graph[NodeT], parties: Mapping[NodeT, str], *, max_sources: int | None = PAIR_SAMPLE
) -> dict[tuple[str, str], dict[str, int | bool]]:
    """For each pair of parties (P, Q), P < Q: whether :func:`party_pair_shares` estimates
    it (``estimated``), from how many members of the smaller party (``sources``) out of its
    members with ties (``with_ties``).

    >>> G = nx.path_graph(3)
    >>> pair_sampling(G, {0: "A", 1: "M", 2: "B"})[("A", "B")]
    {'estimated': False, 'sources': 1, 'with_ties': 1}
    """
    tied: dict[str, int] = defaultdict(int)
    for n in G:
        if G.degree(n) > 0:
            tied[parties.get(n, "")] += 1
    names = sorted({p for p in parties.values() if p})
    out: dict[tuple[str, str], dict[str, int | bool]] = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            k = min(tied[a], tied[b])
            sampled = max_sources is not None and k > max_sources
            sources = max_sources if max_sources is not None and sampled else k
            out[(a, b)] = {"estimated": sampled, "sources": sources, "with_ties": k}
    return out


def party_pair_shares(
    G: nx.Graph[NodeT],
    parties: Mapping[NodeT, str],
    *,
    weight: str | None = "distance",
    max_sources: int | None = None,
    seed: int = 42,
) -> dict[tuple[str, str], dict[NodeT, float]]:
    """For each pair of parties (P, Q), the share of shortest paths between a member
    of P and a member of Q that pass through each other stakeholder.

    Returns ``{(P, Q): {node: share}}`` with P < Q, nodes with share 0 left out.
    Pairs that no path joins are averaged over the connected pairs only.

    Exact by default, from the one-pass kernel the analysis uses
    (:func:`graphkit.analysis.paths.path_metrics`). Given ``max_sources`` (``--pair-sample``),
    a pair whose smaller party has more members with ties than that is estimated: paths
    are counted from that many of its members with ties, drawn at random (seeded), an
    unbiased estimate of the same average (members without ties join no path, so drawing
    them would only waste the sample); :func:`pair_sampling` says which pairs are
    estimated, and :func:`party_pair_estimates` gives the same shares with their standard
    errors.

    >>> G = nx.path_graph(3)
    >>> party_pair_shares(G, {0: "A", 1: "M", 2: "B"}, weight=None)[("A", "B")]
    {1: 1.0}
    """
    if max_sources is None:
        return path_metrics(G, weight=weight, parties=parties).pair_shares
    shares, _ = party_pair_estimates(G, parties, weight=weight, max_sources=max_sources, seed=seed)
    return shares


#: An estimated pair's sources are counted in this many batches (of ``PAIR_SAMPLE /
#: PAIR_BATCHES`` each): the spread between them gives each share's standard error.
PAIR_BATCHES = 10

PairShares = dict[tuple[str, str], dict[NodeT, float]]


def party_pair_estimates(
    G: nx.Graph[NodeT],
    parties: Mapping[NodeT, str],
    *,
    weight: str | None = "distance",
    max_sources: int | None = PAIR_SAMPLE,
    seed: int = 42,
    batches: int = PAIR_BATCHES,
) -> tuple[PairShares[NodeT], PairShares[NodeT]]:
    """:func:`party_pair_shares` and, for each estimated pair, the standard error of
    each share: ``(shares, standard_errors)``, both ``{(P, Q): {node: value}}``; exact
    pairs have no entry in ``standard_errors`` (their shares have no sampling error).

    An estimated pair's sample (the same draw as :func:`party_pair_shares`) is cut, in
    the order drawn, into ``k = min(batches, sources)`` batches, each a simple random
    sample of the members with ties; the paths are counted batch by batch (the same
    shortest-path work as in one call). For batch ``b`` let ``y_b`` be the paths through
    a node (each pair's shortest paths counted as fractions) and ``x_b`` the connected
    pairs. The share is the ratio of the sums, ``R = sum y_b / sum x_b``: the same
    estimate as one call (up to the order of the floating-point sums). Its standard
    error is the ratio estimator's, with the batches as units (Cochran 1977, Sampling
    Techniques, 3rd ed., section 6.4, eq. 6.13; random groups: Wolter 2007, Introduction
    to Variance Estimation, ch. 2)::

        SE(R)^2 = (1 - f) / (k (k - 1) xbar^2) * sum_b (y_b - R x_b)^2

    with ``xbar = sum x_b / k`` and ``f`` the sources over the members with ties (the
    finite-population correction: a sample of every member has no error). Ten batches
    give the error itself roughly (nine degrees of freedom). ``batches=1`` counts an
    estimated pair in one call, without errors. Pivot sampling of betweenness: Brandes &
    Pich 2007, Centrality estimation in large networks.

    >>> G = nx.path_graph(3)
    >>> shares, errors = party_pair_estimates(G, {0: "A", 1: "M", 2: "B"}, weight=None)
    >>> shares[("A", "B")], errors  # exact: no errors
    ({1: 1.0}, {})
    """
    g, nodes = to_igraph(G, weight)
    members: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if G.degree(n) > 0:  # a member without ties starts or ends no path
            members[parties.get(n, "")].append(i)
    names = sorted(p for p in members if p)
    comp = np.asarray(g.connected_components().membership)
    out: PairShares[NodeT] = {}
    errors: PairShares[NodeT] = {}
    for a_i, a in enumerate(names):
        for b in names[a_i + 1 :]:
            src, dst = members[a], members[b]
            if len(src) > len(dst):
                src, dst = dst, src
            groups = [src]
            with_ties = len(src)
            if max_sources is not None and len(src) > max_sources:
                drawn = random.Random(f"{seed}:{a}:{b}").sample(src, max_sources)
                src = sorted(drawn)
                k = max(1, min(batches, max_sources))
                groups = [sorted(drawn[j * len(drawn) // k : (j + 1) * len(drawn) // k])
                          for j in range(k)]  # fmt: skip
            # Pairs (s, t) with a path: only these have shortest paths to share.
            ca = np.bincount(comp[src], minlength=comp.max() + 1)
            cb = np.bincount(comp[dst], minlength=comp.max() + 1)
            connected = float((ca * cb).sum())
            if connected == 0:
                continue
            # igraph counts each undirected (s, t) pair as two half paths.
            y = 2.0 * np.array([
                g.betweenness(directed=False, weights="w" if weight else None,
                              sources=group, targets=dst)
                for group in groups
            ])  # fmt: skip
            total = y.sum(axis=0) if len(groups) > 1 else y[0]
            share = total / connected
            hit = np.flatnonzero(total > 0)
            out[(a, b)] = {nodes[i]: float(share[i]) for i in hit}
            if len(groups) > 1:
                x = np.array([float(cb[comp[group]].sum()) for group in groups])
                k, f = len(groups), len(src) / with_ties
                resid = y[:, hit] - share[hit] * x[:, None]
                var = (1 - f) * (resid**2).sum(axis=0) / (k * (k - 1) * x.mean() ** 2)
                errors[(a, b)] = {
                    nodes[i]: float(s) for i, s in zip(hit, np.sqrt(var), strict=True)
                }
    return out, errors


def brokerage_roles(
    D: nx.DiGraph[NodeT], groups: Mapping[NodeT, Hashable]
) -> dict[NodeT, dict[str, int]]:
    """Gould-Fernandez brokerage role counts on a directed graph.

    Counts the open two-paths ``a -> b -> c`` (``a != c``, no tie ``a -> c``) in
    which ``b`` brokers, by the groups of ``a``, ``b`` and ``c``:

    ==============  ======================  ======================
    role            groups                  sna name
    ==============  ======================  ======================
    coordinator     a = b = c               w_I
    itinerant       a = c != b              w_O (consultant)
    representative  a = b != c              b_IO
    gatekeeper      a != b = c              b_OI
    liaison         a, b, c all different   b_O
    ==============  ======================  ======================

    as R's ``sna::brokerage`` does; ``total`` is their sum. Works node by node on
    a sparse adjacency, so the cost is about the sum of out-degree squared.

    References
    ----------
    Gould, R. & Fernandez, R. (1989). Structures of mediation. Sociological Methodology 19.

    >>> D = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> brokerage_roles(D, {"a": 1, "b": 2, "c": 3})["b"]["liaison"]
    1
    """
    nodes = list(D)
    if not nodes:
        return {}
    A, _ = adjacency(D, weight=None)  # graphs from the tie model have no self-loops
    AT = sp.csr_array(A.T)
    labels = {g: i for i, g in enumerate(sorted({groups.get(n) for n in nodes}, key=repr))}
    gid = np.array([labels[groups.get(n)] for n in nodes], dtype=np.int64)
    pairs = _open_two_paths(A.indptr, A.indices, AT.indptr, AT.indices, gid, len(labels))
    at = np.arange(len(nodes))
    same = pairs[at, gid, gid]  # a, b and c in b's group
    diag = np.trace(pairs, axis1=1, axis2=2)  # a and c in one group
    from_own = pairs[at, gid, :].sum(axis=1) - same  # a in b's group, c not
    to_own = pairs[at, :, gid].sum(axis=1) - same  # c in b's group, a not
    liaison = pairs.sum(axis=(1, 2)) - diag - from_own - to_own
    columns = zip(same, diag - same, from_own, to_own, liaison, strict=True)
    out: dict[NodeT, dict[str, int]] = {}
    for name, values in zip(nodes, columns, strict=True):
        counts = dict(zip(ROLES, map(int, values), strict=True))
        counts["total"] = sum(counts.values())
        out[name] = counts
    return out


@numba.njit(cache=True)
def _open_two_paths(
    indptr: np.ndarray,
    indices: np.ndarray,
    in_ptr: np.ndarray,
    in_indices: np.ndarray,
    gid: np.ndarray,
    k: int,
) -> np.ndarray:
    """``[b, g, h]``: the open two-paths ``a -> b -> c`` (``a != c``, no tie ``a -> c``)
    with ``a`` in group ``g`` and ``c`` in group ``h``. ``tied[c] == a`` marks the ties
    ``a -> c`` (set afresh for each ``a``; an older mark of the same ``a`` is as true)."""
    n = indptr.shape[0] - 1
    out = np.zeros((n, k, k), dtype=np.int64)
    tied = np.full(n, -1, dtype=np.int64)
    for b in range(n):
        for x in range(in_ptr[b], in_ptr[b + 1]):
            a = in_indices[x]
            for y in range(indptr[a], indptr[a + 1]):
                tied[indices[y]] = a
            g = gid[a]
            for y in range(indptr[b], indptr[b + 1]):
                c = indices[y]
                if c != a and tied[c] != a:
                    out[b, g, gid[c]] += 1
    return out


def constraint(G: nx.Graph[NodeT], *, weight: str | None = None) -> dict[NodeT, float]:
    """Burt's constraint: how much a stakeholder's ties lead back to each other.

    ``c(i) = sum_j (p_ij + sum_q p_iq p_qj)^2`` over neighbours ``j``, with
    ``p_ij`` the share of ``i``'s tie weight on ``j``. Low constraint = many
    structural holes = brokerage opportunity. Isolates get NaN. Computed with
    igraph; equals :func:`networkx.constraint`.

    References
    ----------
    Burt, R. (1992). Structural Holes. Harvard University Press.

    >>> round(constraint(nx.star_graph(2), weight=None)[0], 3)
    0.5
    """
    if len(G) == 0:
        return {}
    g, nodes = to_igraph(G, weight)
    values = g.constraint(weights="w" if weight else None)
    degree = dict(G.degree())
    return {
        n: (float(v) if degree[n] else float("nan")) for n, v in zip(nodes, values, strict=True)
    }


def effective_size(
    G: nx.Graph[NodeT], *, weight: str | None = None, block: int = 2048
) -> dict[NodeT, float]:
    """Burt's effective size in Borgatti's (1997) form: the number of a stakeholder's
    contacts minus their redundancy,

    ``e(u) = sum_{v in N(u)} (1 - sum_{w in N(u), w != v} p_uw m_vw)``

    with ``p_uw`` u's share of tie weight on w and ``m_vw = w_vw / max_k w_vk``.
    Unweighted, this is ``n - 2t/n``. Computed with sparse matrices in row blocks,
    so memory stays bounded (networkx's weighted fast path builds a dense n x n
    matrix and, called without ``nodes=``, normalises by the wrong maximum).
    Isolates get NaN.

    References
    ----------
    Borgatti, S. (1997). Structural holes: unpacking Burt's redundancy measures. Connections 20(1).

    >>> effective_size(nx.star_graph(3))[0]
    3.0
    """
    if len(G) == 0:
        return {}
    W, nodes = adjacency(G, weight)
    W = sp.csr_array(W + W.T) if G.is_directed() else W
    A = W.copy()
    A.data[:] = 1.0
    rowsum = np.asarray(W.sum(axis=1)).ravel()
    rowmax = (
        W.max(axis=1).toarray().ravel()
        if hasattr(W.max(axis=1), "toarray")
        else np.asarray(W.max(axis=1)).ravel()
    )
    P = sp.diags_array(np.divide(1.0, rowsum, out=np.zeros_like(rowsum), where=rowsum > 0)) @ W
    M = sp.diags_array(np.divide(1.0, rowmax, out=np.zeros_like(rowmax), where=rowmax > 0)) @ W
    P, M = sp.csr_array(P), sp.csr_array(M)
    degree = np.asarray(A.sum(axis=1)).ravel()
    redundancy = np.zeros(len(nodes))
    for start in range(0, len(nodes), block):
        rows = slice(start, min(start + block, len(nodes)))
        reach = A[rows] @ M  # (u, w): sum over u's neighbours v of m_vw
        redundancy[rows] = np.asarray(P[rows].multiply(reach).sum(axis=1)).ravel()
    values = np.where(degree > 0, degree - redundancy, np.nan)
    return dict(zip(nodes, values.tolist(), strict=True))


def party_cut_vertices(
    G: nx.Graph[NodeT], parties: Mapping[NodeT, str]
) -> dict[NodeT, list[dict[str, int]]]:
    """Stakeholders whose removal cuts stakeholders of one party off from another.

    Returns ``{node: pieces}`` for each such cut vertex, ``pieces`` being the
    party counts of the parts its component falls into without it (largest
    first). Uses the block-cut tree, so it is linear in the size of the graph.

    >>> G = nx.path_graph(3)
    >>> party_cut_vertices(G, {0: "A", 1: "M", 2: "B"})
    {1: [{'A': 1}, {'B': 1}]}
    """
    out: dict[NodeT, list[dict[str, int]]] = {}
    for comp in nx.connected_components(G):
        if len(comp) < 3:
            continue
        H = G.subgraph(comp)
        cuts = set(nx.articulation_points(H))
        if not cuts:
            continue
        # types-networkx has biconnected_components yield lists of node sets; it yields node sets.
        blocks: list[set[NodeT]] = [set(b) for b in nx.biconnected_components(H)]  # type: ignore[arg-type]
        # Block-cut tree: block nodes ("b", i) and cut nodes ("c", v).
        T: nx.Graph[tuple[str, Hashable]] = nx.Graph()
        own: dict[tuple[str, Hashable], dict[str, int]] = {}
        for i, b in enumerate(blocks):
            counts: dict[str, int] = defaultdict(int)
            for v in b:
                if v in cuts:
                    T.add_edge(("b", i), ("c", v))
                else:
                    counts[parties.get(v, "")] += 1
            T.add_node(("b", i))
            own[("b", i)] = counts
        for v in cuts:
            own[("c", v)] = {parties.get(v, ""): 1}
        root: tuple[str, Hashable] = ("b", 0)
        total: dict[str, int] = defaultdict(int)
        for counts in own.values():
            for p, c in counts.items():
                total[p] += c
        sub: dict[tuple[str, Hashable], dict[str, int]] = {}
        parent: dict[tuple[str, Hashable], tuple[str, Hashable] | None] = {root: None}
        order = list(nx.dfs_preorder_nodes(T, root))
        for x in order:
            for y in T[x]:
                if y not in parent:
                    parent[y] = x
        for x in reversed(order):
            acc: dict[str, int] = defaultdict(int, own[x])
            for y in T[x]:
                if parent.get(y) == x:
                    for p, c in sub[y].items():
                        acc[p] += c
            sub[x] = acc
        for v in cuts:
            node = ("c", v)
            pieces = [dict(sub[y]) for y in T[node] if parent.get(y) == node]
            if parent[node] is not None:
                rest = {p: total[p] - sub[node].get(p, 0) for p in total}
                pieces.append({p: c for p, c in rest.items() if c > 0})
            pieces = [_ordered({p: c for p, c in piece.items() if p and c > 0}) for piece in pieces]
            pieces = [piece for piece in pieces if piece]
            if _separates_parties(pieces):
                out[v] = sorted(
                    pieces, key=lambda piece: (-sum(piece.values()), list(piece.items()))
                )
    # Sets and subgraph views iterate in hash order, which changes from run to run: the
    # result is put in the graph's node order, each piece's parties largest first.
    return {v: out[v] for v in G if v in out}


def _ordered(piece: dict[str, int]) -> dict[str, int]:
    """A piece's party counts, largest first, then by party name."""
    return dict(sorted(piece.items(), key=lambda x: (-x[1], x[0])))


def _separates_parties(pieces: list[dict[str, int]]) -> bool:
    for i, a in enumerate(pieces):
        for b in pieces[i + 1 :]:
            if any(x != y for x in a for y in b):
                return True
    return False
