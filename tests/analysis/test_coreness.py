"""k-core coreness (Seidman 1983) against its definition, computed by brute force, and as a
metric of the registry in every output."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import metrics
from graphkit.analysis.coalitions import coreness
from graphkit.graph import build_ties
from graphkit.render.views import ranking


def brute_force_coreness(G: nx.Graph) -> dict:
    """Straight from the definition: the k-core is what is left after removing, again and
    again, everyone with fewer than k ties; coreness is the largest k whose core holds one."""
    out = dict.fromkeys(G, 0)
    k = 1
    while True:
        core = set(G)
        while True:
            weak = {n for n in core if sum(1 for m in G[n] if m in core and m != n) < k}
            if not weak:
                break
            core -= weak
        if not core:
            return out
        for n in core:
            out[n] = k
        k += 1


def reference_graphs(reference):
    florentine = pd.read_csv(reference / "florentine_families_marriage_edges.csv")
    kite = pd.read_csv(reference / "krackhardt_kite_edges.csv")
    yield nx.from_pandas_edgelist(florentine, *florentine.columns[:2])
    yield nx.from_pandas_edgelist(kite, *kite.columns[:2])
    for seed in range(5):
        yield nx.gnm_random_graph(40, 90 + 20 * seed, seed=seed)


def test_coreness_matches_its_definition_on_reference_and_random_networks(reference):
    for G in reference_graphs(reference):
        assert coreness(G) == brute_force_coreness(G)


def test_coreness_by_hand():
    # a 4-clique (coreness 3), a triangle hanging off it (2), a pendant (1) and an isolate (0)
    G = nx.complete_graph(["a", "b", "c", "d"])
    G.add_edges_from([("d", "e"), ("e", "f"), ("d", "f"), ("f", "g")])
    G.add_node("h")
    assert coreness(G) == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 2, "f": 2, "g": 1, "h": 0}


def test_a_tie_to_oneself_does_not_count():
    G = nx.Graph([("a", "a"), ("a", "b")])
    assert coreness(G) == {"a": 1, "b": 1}


def test_coreness_is_a_metric_in_every_output():
    m = metrics.get("coreness")
    assert m.outputs == metrics.OUTPUTS
    people = pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "party": list("XXYY")})
    pairs = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]
    contacts = pd.DataFrame({"date": "2024-01-01", "source": [p[0] for p in pairs],
                             "target": [p[1] for p in pairs], "sentiment": 0.6})  # fmt: skip
    from graphkit.analysis.negotiation import analyse

    analysis = analyse(build_ties(people, contacts, pd.DataFrame()), "t")
    assert analysis.stakeholders["coreness"].to_dict() == {"a": 2, "b": 2, "c": 2, "d": 1}
    rows = {
        r["id"]: r for r in json.loads(ranking.influence(analysis).text("json"))["stakeholders"]
    }
    assert rows["d"]["coreness"] == 1 and rows["a"]["coreness"] == 2
    assert "coreness" in ranking.influence(analysis).text("csv").splitlines()[0].split(",")


@pytest.mark.parametrize("k", [1, 2])
def test_brute_force_itself_is_right_on_a_cycle(k):
    # a cycle is a 2-core; a path is a 1-core: checks the checker
    G = nx.cycle_graph(6) if k == 2 else nx.path_graph(6)
    assert set(brute_force_coreness(G).values()) == {k}
