"""Tie trust and the trust of stakeholders, read from the edge attributes of tiny tie
graphs built by hand; the expected values are worked out from the formula in
:func:`graphkit.analysis.trust.tie_trust`."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis.trust import tie_trust, trust_nodes, trust_scores, trusted_by
from graphkit.graph import build_ties
from graphkit.networks import tie_graph


def _tie(sentiment, reciprocity, positive_share, contacts, last_contact):
    """A tie's attributes; its positive contacts (the evidence of trust) are the share
    ``positive_share`` of ``contacts``, from both sides when it is reciprocated."""
    return {
        "sentiment": sentiment,
        "sign": 1 if sentiment > 0.1 else -1 if sentiment < -0.1 else 0,
        "reciprocity": reciprocity,
        "positive_share": positive_share,
        "contacts": contacts,
        "positive_contacts": round(positive_share * contacts),
        "positive_initiators": 2 if reciprocity > 0 else 1,
        "last_contact": last_contact,
    }


@pytest.fixture
def G():
    """a and c are of party X, b of Y, m of M; 2024-01-01 is one half-life (180 days)
    before as_of."""
    G = nx.Graph(as_of="2024-06-29", half_life_days=180.0)
    G.add_nodes_from(
        [("a", {"party": "X"}), ("b", {"party": "Y"}), ("c", {"party": "X"}), ("m", {"party": "M"})]
    )
    G.add_edge("a", "b", **_tie(0.8, 0.5, 1.0, 3, "2024-06-29"))  # 0.8 * 0.5 * 1 * 1
    G.add_edge("b", "c", **_tie(-0.5, 1.0, 0.0, 2, "2024-06-29"))  # hostile: 0
    G.add_edge("a", "c", **_tie(0.6, 1.0, 0.75, 4, "2024-01-01"))  # 0.6 * 1 * 0.5 * 0.75
    G.add_edge("m", "a", **_tie(0.5, 1.0, 1.0, 4, "2024-06-29"))  # given as (m, a): 0.5
    G.add_edge("c", "m", **_tie(0.9, 0.0, 0.0, 0, ""))  # declared only: no contacts, 0
    return G


def test_tie_trust_multiplies_sentiment_reciprocity_recency_consistency(G):
    trust = tie_trust(G)
    assert trust == pytest.approx(
        {("a", "b"): 0.4, ("b", "c"): 0.0, ("a", "c"): 0.225, ("a", "m"): 0.5, ("c", "m"): 0.0}
    )
    assert list(trust) == sorted(trust)  # keyed (u, v) with u < v, in that order


def test_tie_trust_of_a_tie_model_reads_the_tie_graph():
    s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    i = pd.DataFrame(
        {
            "date": ["2024-01-01"] * 4,
            "source": ["a", "b", "a", "b"],
            "target": ["b", "a", "b", "a"],
            "sentiment": [0.8, 0.6, 0.8, 0.6],
        }
    )
    # four contacts today, two each way, all positive: the mean sentiment
    assert tie_trust(tie_graph(build_ties(s, i, pd.DataFrame()))) == {
        ("a", "b"): pytest.approx(0.7)
    }


def test_tie_trust_of_an_empty_graph():
    assert tie_trust(nx.Graph(as_of="2024-01-01", half_life_days=180.0)) == {}


def test_trust_scores_count_ties_across_parties_twice(G):
    # a: 2 * 0.4 (Y) + 0.225 (own party) + 2 * 0.5 (M); b: 2 * 0.4; c: 0.225; m: 2 * 0.5
    assert trust_scores(G) == pytest.approx({"a": 2.025, "b": 0.8, "c": 0.225, "m": 1.0})


def test_trust_scores_sum_in_sorted_tie_order():
    # 0.1 + 0.2 + 0.3 depends on the order of the sum: the ties are summed in (u, v) order
    G = nx.Graph()
    G.add_nodes_from((n, {"party": "X"}) for n in "dcba")
    G.add_edges_from([("d", "a"), ("c", "a"), ("b", "a")])
    trust = {("a", "d"): 0.3, ("a", "c"): 0.2, ("a", "b"): 0.1}
    assert trust_scores(G, trust=trust)["a"] == ((0.0 + 0.1) + 0.2) + 0.3 != 0.6


def test_trusted_by_and_trust_nodes(G):
    # ties of trust at least 0.25: a-b (0.4) and a-m (0.5); a-c (0.225) is below
    assert trusted_by(G) == {
        "a": {"Y": [("b", pytest.approx(0.4))], "M": [("m", pytest.approx(0.5))]},
        "b": {"X": [("a", pytest.approx(0.4))]},
        "m": {"X": [("a", pytest.approx(0.5))]},
    }
    # a is trusted by two other parties, with two trusting ties across the table
    assert list(trust_nodes(G)) == ["a"]
    assert trust_nodes(G, threshold=0.45) == {}
