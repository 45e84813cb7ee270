"""One shortest-path pass for every path metric (issue 17): for each source, one Dijkstra
search (Brandes 2001; weighted: Brandes 2008), and from it at once betweenness,
closeness, harmonic closeness and the party-pair path shares, exact. Sources are split
over the machine's cores; the kernel is compiled by numba (cached on disk, see
:func:`warm_up`).

The analysis takes betweenness, closeness and the party-pair shares from here
(:class:`graphkit.analysis.metrics.Inputs`, ``paths``), and so do
``brokers.betweenness`` and ``brokers.closeness``; ``brokers.py`` keeps igraph for the
sampled party-pair estimates (``--pair-sample``). Every value equals networkx's
(``tests/analysis/test_paths_kernel.py``), igraph's only up to its tolerance for
near-equal path lengths.

Definitions (undirected graphs, positive edge lengths):

- betweenness ``b(v) = sum over s != v != t of sigma_st(v) / sigma_st`` over unordered
  pairs, normalised as networkx by ``(n - 1)(n - 2) / 2`` (Freeman 1977);
- closeness (networkx's Wasserman-Faust form) ``(r - 1) / sum d(v, t) * (r - 1) / (n - 1)``
  with ``r`` the stakeholders reachable from ``v``, itself included;
- harmonic closeness ``sum over t != v of 1 / d(v, t)`` (Marchiori & Latora 2000);
- the share of party pair ``(P, Q)`` at ``v``: ``sum over s in P, t in Q of sigma_st(v) /
  sigma_st``, divided by the number of such pairs joined by a path (members without ties
  are in no pair), as :func:`graphkit.analysis.brokers.party_pair_shares`.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociology 25.
Brandes, U. (2008). On variants of shortest-path betweenness centrality and their generic
computation. Social Networks 30(2).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numba
import numpy as np

__all__ = ["PathMetrics", "path_metrics"]


@dataclass(frozen=True)
class PathMetrics:
    """What one pass gives, keyed by node (pair shares: ``{(P, Q): {node: share}}``, P < Q,
    zero shares left out, as ``party_pair_shares``)."""

    betweenness: dict[Any, float]
    closeness: dict[Any, float]
    harmonic: dict[Any, float]
    pair_shares: dict[tuple[str, str], dict[Any, float]]


def path_metrics(
    G: nx.Graph[Any],
    *,
    weight: str | None = "distance",
    parties: Mapping[Any, str] | None = None,
) -> PathMetrics:
    """Betweenness, closeness, harmonic closeness and (given ``parties``) the party-pair
    shares of ``G`` from one shortest-path search per source; ``weight`` is an edge length
    (``None``: every edge counts 1).

    >>> m = path_metrics(nx.path_graph(3), weight=None, parties={0: "A", 1: "M", 2: "B"})
    >>> m.betweenness[1], m.closeness[1], m.harmonic[0], m.pair_shares[("A", "B")]
    (1.0, 1.0, 1.5, {1: 1.0})
    """
    if G.is_directed():
        raise ValueError("path_metrics takes an undirected graph")
    nodes = list(G)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    indptr, indices, lengths = _csr(G, index, weight)
    names = sorted({p for p in (parties or {}).values() if p})
    code = {p: k for k, p in enumerate(names)}
    party = np.full(n, -1, dtype=np.int64)
    for v, p in (parties or {}).items():
        if v in index and p in code and G.degree(v) > 0:  # no ties: in no pair
            party[index[v]] = code[p]
    k = len(names)
    threads = max(1, min(numba.get_num_threads(), n))
    bc, dist_sum, reach, harm, pairs, joined = _kernel(indptr, indices, lengths, party, k, threads)
    betweenness = bc.sum(axis=0) / 2.0  # each unordered pair was counted from both ends
    if n > 2:
        betweenness = betweenness / ((n - 1) * (n - 2) / 2)
    reach_n = reach.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        close = np.where(
            dist_sum > 0, (reach_n - 1) / dist_sum * (reach_n - 1) / max(n - 1, 1), 0.0
        )
    shares: dict[tuple[str, str], dict[Any, float]] = {}
    pair_paths = pairs.sum(axis=0)  # [P, Q, v]: paths from members of P to members of Q
    joined_pairs = joined.sum(axis=0)
    for a in range(k):
        for b in range(a + 1, k):
            if joined_pairs[a, b] == 0:
                continue
            share = pair_paths[a, b] / joined_pairs[a, b]
            shares[(names[a], names[b])] = {
                nodes[i]: float(share[i]) for i in np.flatnonzero(share > 0)
            }
    return PathMetrics(
        dict(zip(nodes, betweenness.tolist(), strict=True)),
        dict(zip(nodes, close.tolist(), strict=True)),
        dict(zip(nodes, harm.tolist(), strict=True)),
        shares,
    )


def _csr(
    G: nx.Graph[Any], index: Mapping[Hashable, int], weight: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both directions of every edge (self-loops dropped: no shortest path uses one)."""
    rows, cols, lens = [], [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        length = 1.0 if weight is None else float(data.get(weight, 1.0))
        if not length > 0:
            raise ValueError(f"edge {u!r}-{v!r}: its length {length!r} is not positive")
        i, j = index[u], index[v]
        rows += [i, j]
        cols += [j, i]
        lens += [length, length]
    n = len(index)
    order = np.lexsort((np.asarray(cols, dtype=np.int64), np.asarray(rows, dtype=np.int64)))
    r = np.asarray(rows, dtype=np.int64)[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(indptr, r + 1, 1)
    return (
        np.cumsum(indptr),
        np.asarray(cols, dtype=np.int32)[order],
        np.asarray(lens, dtype=np.float64)[order],
    )


def warm_up() -> None:
    """Compile the kernel (or load it from numba's disk cache) on a tiny graph."""
    path_metrics(nx.path_graph(3), weight=None, parties={0: "A", 2: "B"})


@numba.njit(cache=True, nogil=True, inline="always")
def _sift_up(heap_d: np.ndarray, heap_v: np.ndarray, pos: np.ndarray, i: int) -> None:
    """Move the entry at ``i`` of the indexed 4-ary heap up to its place (``pos[v]``:
    where node ``v`` sits). Four children a node: half the depth of a binary heap, and
    the children side by side in memory (about 20% faster on the 100k log's ties)."""
    d, v = heap_d[i], heap_v[i]
    while i > 0:
        parent = (i - 1) >> 2
        if heap_d[parent] <= d:
            break
        heap_d[i], heap_v[i] = heap_d[parent], heap_v[parent]
        pos[heap_v[i]] = i
        i = parent
    heap_d[i], heap_v[i] = d, v
    pos[v] = i


@numba.njit(cache=True, nogil=True, inline="always")
def _pop(heap_d: np.ndarray, heap_v: np.ndarray, pos: np.ndarray, size: int) -> tuple[int, int]:
    """The nearest node, and the heap's new size."""
    v = heap_v[0]
    size -= 1
    d, last = heap_d[size], heap_v[size]
    i = 0
    while True:
        first = 4 * i + 1
        if first >= size:
            break
        child, nearest = first, heap_d[first]
        for j in range(first + 1, min(first + 4, size)):
            if heap_d[j] < nearest:
                child, nearest = j, heap_d[j]
        if d <= nearest:
            break
        heap_d[i], heap_v[i] = heap_d[child], heap_v[child]
        pos[heap_v[i]] = i
        i = child
    if size > 0:
        heap_d[i], heap_v[i] = d, last
        pos[last] = i
    return v, size


@numba.njit(cache=True, parallel=True)
def _kernel(
    indptr: np.ndarray,
    indices: np.ndarray,
    lengths: np.ndarray,
    party: np.ndarray,
    k: int,
    threads: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per thread (rows summed by the caller): dependencies summed over its sources, and
    per source its distance sum, reach and harmonic sum; per party pair the paths through
    each node and the pairs joined.

    Dijkstra with an indexed 4-ary heap: each node is in it at most once and its key
    decreases in place (as igraph's two-way heap), so the heap holds at most the frontier.
    """
    n = indptr.shape[0] - 1
    kk = max(k, 1)
    bc = np.zeros((threads, n))
    dist_sum = np.zeros(n)
    reach = np.zeros(n, dtype=np.int64)
    harm = np.zeros(n)
    pairs = np.zeros((threads, kk, kk, n))
    joined = np.zeros((threads, kk, kk))
    for t in numba.prange(threads):
        dist = np.full(n, np.inf)
        sigma = np.zeros(n)
        delta = np.zeros(n)
        dq = np.zeros((n, kk))  # [v, q]: dependency of the source on v for targets in q
        state = np.zeros(n, dtype=np.int8)  # 0 not reached, 1 in the heap, 2 settled
        order = np.empty(n, dtype=np.int32)
        heap_d = np.empty(n)
        heap_v = np.empty(n, dtype=np.int32)
        pos = np.empty(n, dtype=np.int32)
        # The predecessors of w on shortest paths from s: preds[indptr[w] : + npred[w]]
        # (a subset of w's neighbours, so w's slice of the edge array holds them).
        preds = np.empty(indices.shape[0], dtype=np.int32)
        npred = np.zeros(n, dtype=np.int32)
        in_party = np.zeros(kk, dtype=np.int64)
        coeff_q = np.zeros(kk)
        for s in range(t, n, threads):
            # Dijkstra from s, counting shortest paths (networkx's order of operations:
            # a candidate length is dist[v] + length, compared exactly).
            dist[s] = 0.0
            sigma[s] = 1.0
            heap_d[0], heap_v[0], pos[s], state[s] = 0.0, s, 0, 1
            size = 1
            count = 0
            while size > 0:
                v, size = _pop(heap_d, heap_v, pos, size)
                state[v] = 2
                order[count] = v
                count += 1
                dv, sv = dist[v], sigma[v]
                for e in range(indptr[v], indptr[v + 1]):
                    w = indices[e]
                    seen = state[w]
                    if seen == 2:
                        continue
                    vw = dv + lengths[e]
                    if seen == 0:
                        dist[w], sigma[w], state[w] = vw, sv, 1
                        preds[indptr[w]] = v
                        npred[w] = 1
                        heap_d[size], heap_v[size] = vw, w
                        _sift_up(heap_d, heap_v, pos, size)
                        size += 1
                    elif vw < dist[w]:
                        dist[w], sigma[w] = vw, sv
                        preds[indptr[w]] = v
                        npred[w] = 1
                        heap_d[pos[w]] = vw
                        _sift_up(heap_d, heap_v, pos, pos[w])
                    elif vw == dist[w]:
                        sigma[w] += sv
                        preds[indptr[w] + npred[w]] = v
                        npred[w] += 1
            # Closeness and harmonic closeness of s.
            total = 0.0
            inverse = 0.0
            for j in range(1, count):
                total += dist[order[j]]
                inverse += 1.0 / dist[order[j]]
            dist_sum[s] = total
            reach[s] = count
            harm[s] = inverse
            # Party pairs from s: its party P against every party Q > P.
            p = party[s]
            if p >= 0:
                for q in range(k):
                    in_party[q] = 0
                for j in range(1, count):
                    q = party[order[j]]
                    if q >= 0:
                        in_party[q] += 1
                for q in range(p + 1, k):
                    joined[t, p, q] += in_party[q]
            # Dependencies, farthest first, over the predecessors counted above.
            for j in range(count - 1, -1, -1):
                w = order[j]
                coeff = (1.0 + delta[w]) / sigma[w]
                base = indptr[w]
                if p >= 0:
                    qw = party[w]
                    for q in range(p + 1, k):
                        coeff_q[q] = ((1.0 if qw == q else 0.0) + dq[w, q]) / sigma[w]
                for e in range(base, base + npred[w]):
                    v = preds[e]
                    delta[v] += sigma[v] * coeff
                    if p >= 0:
                        for q in range(p + 1, k):
                            dq[v, q] += sigma[v] * coeff_q[q]
                if w != s:
                    bc[t, w] += delta[w]
                    if p >= 0:
                        for q in range(p + 1, k):
                            pairs[t, p, q, w] += dq[w, q]
            for j in range(count):
                w = order[j]
                dist[w] = np.inf
                sigma[w] = 0.0
                delta[w] = 0.0
                state[w] = 0
                npred[w] = 0
                for q in range(k):
                    dq[w, q] = 0.0
    return bc, dist_sum, reach, harm, pairs, joined
