"""Broker reasons give the share of shortest paths between *connected* pairs: one
denominator with the party-pair shares (issue 13, point 3)."""

from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest

import graphkit
from graphkit.analysis.brokers import betweenness, connected_pair_shares
from graphkit.networks import tie_graph
from graphkit.pipeline import analyse_negotiation
from graphkit.resources import sample_dir


def by_definition(G: nx.Graph, v, weight: str) -> float:
    """Share, over the pairs of other stakeholders that a path joins, of their shortest
    paths that pass through ``v`` (each pair's paths counted as fractions)."""
    total, through = 0, 0.0
    for s, t in itertools.combinations([x for x in G if x != v], 2):
        if not nx.has_path(G, s, t):
            continue
        paths = list(nx.all_shortest_paths(G, s, t, weight=weight))
        total += 1
        through += sum(v in p[1:-1] for p in paths) / len(paths)
    return through / total


def test_a_path_beside_a_separate_pair():
    G = nx.Graph([("a", "b"), ("b", "c"), ("d", "e")])
    b = betweenness(G, weight=None)
    assert b["b"] == pytest.approx(1 / 6)  # normalised over every pair, joined or not
    assert connected_pair_shares(G, b)["b"] == pytest.approx(0.5) == by_definition(G, "b", None)


def test_the_sample_in_2022_gives_the_share_of_its_connected_pairs(tmp_path):
    store = graphkit.open_store(tmp_path / "s.db", create=True)
    s = sample_dir()
    graphkit.import_files(store, "bh", stakeholders=s / "stakeholders.csv",
                          interactions=s / "interactions.csv")  # fmt: skip
    analysis = analyse_negotiation(store, "bh", as_of="2022-06-30")
    G = tie_graph(analysis.model, include_negative=False)
    assert nx.number_connected_components(G) > 1  # pieces: the two denominators differ
    reason = analysis.reasons["A-01"]["broker"]
    shown = int(re.search(r"on (\d+)% of the shortest paths between connected pairs", reason)[1])
    exact = by_definition(G, "A-01", "distance")
    assert shown == round(100 * exact)
    assert round(100 * analysis.stakeholders.at["A-01", "betweenness"]) < shown  # was shown
