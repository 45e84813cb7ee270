"""How far a signed network is from balance: the frustration index.

The frustration index (line index of balance; Harary 1959; Aref & Wilson 2018) is the
least number of ties whose sign would have to change (or that would have to go) for the
network to be balanced: split into two camps, positive ties inside a camp and negative
ties between them. It counts every cycle, not only triangles, and 0 means balanced.

It is exact here for every connected part of at most :data:`EXACT_LIMIT` stakeholders
(every split into two camps is tried) and otherwise an upper bound: the best split a
seeded local search finds (``exact`` False says so; the index is at most ``value``).
Neutral ties (sign 0) are left out.

>>> G = nx.Graph()
>>> G.add_edges_from([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
>>> frustration_index(G)
{'value': 1, 'exact': True, 'exact_limit': 20}
"""

from __future__ import annotations

import random
from typing import TypedDict

import networkx as nx
import numba
import numpy as np

from graphkit.analysis._fast import NodeT

#: Connected parts of at most this many stakeholders are solved exactly (2^(n-1) splits).
EXACT_LIMIT = 20
#: Splits tried at once in the exact search (memory: CHUNK x ties booleans).
CHUNK = 1 << 15
#: Starts of the local search above EXACT_LIMIT (seeded: the same graph, the same bound);
#: fewer on large networks: about BUDGET tie visits in all (SWEEPS per start), but always
#: one start at least.
STARTS = 20
BUDGET = 4_000_000
#: Sweeps over all stakeholders per start, at most.
SWEEPS = 50
SEED = 20180601


class Frustration(TypedDict):
    #: The frustration index (exact), or an upper bound of it (not exact).
    value: int
    exact: bool
    #: Parts up to this size are solved exactly.
    exact_limit: int


def frustration_index(G: nx.Graph[NodeT], *, sign: str = "sign") -> Frustration:
    """The frustration index of the ties with sign +1 or -1 (see the module docstring)."""
    H: nx.Graph[NodeT] = nx.Graph()
    H.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d.get(sign, 0) in (1, -1))
    parts = [sorted(part, key=str) for part in nx.connected_components(H)]
    where = {node: (c, i) for c, nodes in enumerate(parts) for i, node in enumerate(nodes)}
    ties: list[list[tuple[int, int, int]]] = [[] for _ in parts]
    for u, v in H.edges():  # each part's ties in the order of H.subgraph(part).edges()
        c, i = where[u]
        ties[c].append((i, where[v][1], G[u][v][sign]))
    total, exact = 0, True
    for nodes, edges in zip(parts, ties, strict=True):
        if len(nodes) <= EXACT_LIMIT:
            total += _exact(len(nodes), edges)
        else:
            total += _local_search(len(nodes), edges)
            exact = False
    return {"value": int(total), "exact": exact, "exact_limit": EXACT_LIMIT}


def frustrated(sides: np.ndarray, edges: list[tuple[int, int, int]]) -> int:
    """Ties a split into camps (``sides``: 0/1 per node) leaves frustrated: positive ties
    between camps and negative ties inside one."""
    u = np.array([e[0] for e in edges])
    v = np.array([e[1] for e in edges])
    s = np.array([e[2] for e in edges])
    apart = sides[u] != sides[v]
    return int(np.sum(np.where(s > 0, apart, ~apart)))


def _exact(n: int, edges: list[tuple[int, int, int]]) -> int:
    """Every split with node 0 in camp 0 (the mirror split frustrates the same ties)."""
    if n <= 1 or not edges:
        return 0
    u = np.array([e[0] for e in edges], dtype=np.int64)
    v = np.array([e[1] for e in edges], dtype=np.int64)
    positive = np.array([e[2] > 0 for e in edges])
    best = len(edges)
    splits = 1 << (n - 1)
    for start in range(0, splits, CHUNK):
        codes = np.arange(start, min(start + CHUNK, splits), dtype=np.int64) << 1  # node 0: camp 0
        apart = ((codes[:, None] >> u) & 1) != ((codes[:, None] >> v) & 1)
        bad = np.where(positive, apart, ~apart).sum(axis=1)
        best = min(best, int(bad.min()))
    return best


def _local_search(n: int, edges: list[tuple[int, int, int]]) -> int:
    """An upper bound: from a split that follows the signs along a spanning tree, then from
    seeded random splits, move one stakeholder at a time to the other camp while that
    frustrates fewer ties; the best split found."""
    rng = random.Random(SEED)
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for a, b, s in edges:
        neighbours[a].append((b, s))
        neighbours[b].append((a, s))
    indptr = np.cumsum([0] + [len(x) for x in neighbours], dtype=np.int64)
    other = np.array([y for x in neighbours for y, _ in x], dtype=np.int64)
    positive = np.array([s > 0 for x in neighbours for _, s in x], dtype=np.bool_)
    starts = max(1, min(STARTS, BUDGET // (SWEEPS * max(1, len(edges)))))
    best = len(edges)
    for k in range(starts):
        sides = (
            _tree_split(n, neighbours)
            if k == 0
            else np.array([rng.randint(0, 1) for _ in range(n)])
        ).astype(np.int64)
        _sweep(indptr, other, positive, sides, SWEEPS)
        best = min(best, frustrated(sides, edges))
    return best


@numba.njit(cache=True)
def _sweep(
    indptr: np.ndarray, other: np.ndarray, positive: np.ndarray, sides: np.ndarray, sweeps: int
) -> None:
    """Up to ``sweeps`` passes over the stakeholders in order, each moved to the other camp
    (``sides``, in place) when that frustrates fewer of its ties; stops after a pass that
    moves no one."""
    for _ in range(sweeps):
        improved = False
        for x in range(indptr.shape[0] - 1):
            # frustrated ties at x now, less after moving x: > 0 means moving helps
            gain = 0
            for e in range(indptr[x], indptr[x + 1]):
                gain += 1 if (sides[x] != sides[other[e]]) == positive[e] else -1
            if gain > 0:
                sides[x] ^= 1
                improved = True
        if not improved:
            break


def _tree_split(n: int, neighbours: list[list[tuple[int, int]]]) -> np.ndarray:
    """Camps that satisfy every tie of a breadth-first spanning tree (one part)."""
    sides = np.full(n, -1)
    sides[0] = 0
    queue = [0]
    for x in queue:
        for y, s in neighbours[x]:
            if sides[y] < 0:
                sides[y] = sides[x] if s > 0 else 1 - sides[x]
                queue.append(y)
    return np.where(sides < 0, 0, sides)
