"""The frustration index (Aref & Wilson 2018) and weak balance (Davis 1967), against the
published Highland tribes value and brute force."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis import frustration
from graphkit.analysis.friction import balance
from graphkit.analysis.frustration import frustration_index


def highland(reference) -> nx.Graph:
    edges = pd.read_csv(reference / "highland_tribes_signed.csv")
    G = nx.Graph()
    for a, b, s in zip(edges["tribe_a"], edges["tribe_b"], edges["sign"], strict=True):
        G.add_edge(a, b, sign=int(s))
    return G


def brute_force(G: nx.Graph) -> int:
    """The least number of frustrated ties over every split into two camps."""
    nodes = list(G)
    best = G.number_of_edges()
    for bits in itertools.product((0, 1), repeat=len(nodes) - 1):
        side = dict(zip(nodes, (0, *bits), strict=True))
        bad = sum((side[u] != side[v]) == (d["sign"] > 0) for u, v, d in G.edges(data=True))
        best = min(best, bad)
    return best


def test_highland_tribes_frustration_index_is_7(reference):
    G = highland(reference)
    assert brute_force(G) == 7  # published: Aref & Wilson (2018), see tests/data/reference
    assert frustration_index(G) == {"value": 7, "exact": True, "exact_limit": 20}


def test_weak_balance_counts_match_brute_force(reference):
    G = highland(reference)
    b = balance(G)
    triangles = [t for t in nx.enumerate_all_cliques(G) if len(t) == 3]
    negatives = [
        sum(G[x][y]["sign"] < 0 for x, y in itertools.combinations(t, 2)) for t in triangles
    ]
    assert b["triangles"] == len(triangles)
    assert b["weakly_balanced"] == sum(k != 1 for k in negatives)  # all but ++- (Davis 1967)
    assert b["balanced"] == sum(k % 2 == 0 for k in negatives)  # +++ and +-- (Heider)


def test_small_random_signed_graphs_match_brute_force():
    for seed in range(6):
        G = nx.gnm_random_graph(11, 24, seed=seed)
        rng = random.Random(seed)
        for u, v in G.edges():
            G[u][v]["sign"] = rng.choice((1, -1))
        assert frustration_index(G)["value"] == brute_force(G), seed


def test_above_the_limit_it_is_a_stated_upper_bound():
    # two camps of 15, balanced but for 3 planted ties far apart: the index is at most 3
    G = nx.Graph()
    camps = {n: n % 2 for n in range(30)}
    for u, v in nx.gnm_random_graph(30, 90, seed=2).edges():
        G.add_edge(u, v, sign=1 if camps[u] == camps[v] else -1)
    planted = list(G.edges())[::30][:3]
    for u, v in planted:
        G[u][v]["sign"] *= -1
    result = frustration_index(G)
    assert result["exact"] is False and result["value"] <= 3
    balanced = nx.Graph((u, v, {"sign": 1 if camps[u] == camps[v] else -1}) for u, v in G.edges())
    assert frustration_index(balanced)["value"] == 0


def test_neutral_ties_and_isolates_count_for_nothing():
    G = nx.Graph([(1, 2, {"sign": 0}), (2, 3, {"sign": 1})])
    G.add_node(4)
    assert frustration_index(G)["value"] == 0
    assert frustration.frustrated(np.array([0, 1]), [(0, 1, 1)]) == 1
