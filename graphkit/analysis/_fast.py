"""networkx graphs to igraph and scipy for the heavy kernels.

networkx is the graph model and the reference; igraph (C) computes PageRank,
eigenvector centrality, constraint, Louvain and the sampled party-pair estimates about 50
times faster (shortest paths: :mod:`graphkit.analysis.paths`).
Every fast path is tested against networkx on the reference networks.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

#: A graph's node type; the tie graphs of :mod:`graphkit.graph` have stakeholder ids (``str``).
NodeT = TypeVar("NodeT", bound=Hashable)


def to_igraph(G: nx.Graph[NodeT], weight: str | None = None) -> tuple[ig.Graph, list[NodeT]]:
    """``G`` as an igraph graph (same node order as ``list(G)``) and that node list."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    if weight is not None:
        g.es["w"] = [float(d.get(weight, 1.0)) for _, _, d in G.edges(data=True)]
    return g, nodes


def adjacency(G: nx.Graph[NodeT], weight: str | None = None) -> tuple[sp.csr_array, list[NodeT]]:
    """Sparse adjacency (float64, CSR) in ``list(G)`` order."""
    nodes = list(G)
    A = nx.to_scipy_sparse_array(
        G, nodelist=nodes, weight=weight, dtype=np.dtype(np.float64), format="csr"
    )
    return A, nodes


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph draws from its random generator (Python's ``random`` by default) in Louvain
    and in ARPACK's start vector: inside this block it draws from ``Random(seed)``, so the
    same graph gives the same numbers to the last bit in every run."""
    previous = (
        ig.get_random_number_generator() if hasattr(ig, "get_random_number_generator") else random
    )
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(previous)
