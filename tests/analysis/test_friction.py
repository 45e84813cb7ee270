"""Negative exposure read from the edge attributes of tiny tie graphs."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis.friction import negative_exposure
from graphkit.graph import build_ties
from graphkit.networks import tie_graph


def test_negative_exposure_weighs_each_negative_tie():
    G = nx.Graph()
    G.add_nodes_from("abcde")
    # hostile contacts: |mean sentiment| 0.5
    G.add_edge("a", "b", sign=-1, sentiment=-0.5, contacts=3, declared_signed=0.0)
    # declared rivals without contacts: |declared signed weight| 2
    G.add_edge("a", "c", sign=-1, sentiment=0.0, contacts=0, declared_signed=-2.0)
    # neutral contacts, declared negative: the declaration, 1.5
    G.add_edge("b", "c", sign=-1, sentiment=0.05, contacts=2, declared_signed=-1.5)
    # positive: no exposure
    G.add_edge("c", "d", sign=1, sentiment=0.7, contacts=5, declared_signed=0.0)
    assert negative_exposure(G) == pytest.approx({"a": 2.5, "b": 2.0, "c": 3.5, "d": 0, "e": 0})


def test_negative_exposure_sums_in_sorted_tie_order():
    G = nx.Graph()
    G.add_nodes_from("dcba")
    for other, s in (("d", -0.3), ("c", -0.2), ("b", -0.1)):
        G.add_edge(other, "a", sign=-1, sentiment=s, contacts=1, declared_signed=s)
    assert negative_exposure(G)["a"] == ((0.0 + 0.1) + 0.2) + 0.3 != 0.6


def test_negative_exposure_of_a_tie_model():
    s = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "party": ["X", "Y", "Y"]})
    i = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-01"],
            "source": ["a", "b"],
            "target": ["b", "a"],
            "sentiment": [-0.6, -0.6],
        }
    )
    r = pd.DataFrame(
        {"source": ["c"], "target": ["a"], "type": ["rivals"], "sign": [-1], "weight": [2.0]}
    )
    exposure = negative_exposure(tie_graph(build_ties(s, i, r)))
    assert exposure == pytest.approx({"a": 2.6, "b": 0.6, "c": 2.0})


# -- issue 13: friction and trust around neutral, cooling on anecdotes -------------------


def _model(contacts: list[tuple[str, str, str, float]], declared: list[tuple] = ()):
    import pandas as pd

    from graphkit.graph import build_ties

    people = pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "party": list("XYXY")})
    log = pd.DataFrame(contacts, columns=["date", "source", "target", "sentiment"])
    ties = pd.DataFrame(list(declared), columns=["source", "target", "type", "sign", "weight"])
    return build_ties(people, log, ties, as_of="2024-12-31")


def test_equal_rivalries_with_neutral_contacts_are_equal_friction():
    from graphkit.networks import tie_graph

    model = _model(
        [("2024-06-01", "a", "b", -0.05), ("2024-06-01", "c", "d", 0.05)],
        [("a", "b", "rivalry", -1, 2.0), ("c", "d", "rivalry", -1, 2.0)],
    )
    exposure = negative_exposure(tie_graph(model))
    assert exposure == {"a": 2.0, "b": 2.0, "c": 2.0, "d": 2.0}  # was 0.05 for a and b


def test_a_negative_tie_carries_no_trust():
    from graphkit.analysis.trust import tie_trust
    from graphkit.networks import tie_graph

    warm_talk = [("2024-06-01", "c", "d", 0.08), ("2024-06-02", "d", "c", 0.08)]
    model = _model(warm_talk, [("c", "d", "rivalry", -1, 1.0)])
    G = tie_graph(model)
    assert G["c"]["d"]["sign"] == -1 and tie_trust(G) == {("c", "d"): 0.0}


def test_one_contact_per_period_is_not_cooling():
    from graphkit.analysis.friction import cooling_ties

    anecdote = [("2024-03-01", "a", "b", 0.6), ("2024-11-01", "a", "b", 0.1)]
    assert cooling_ties(_model(anecdote)).empty  # +0.6 then +0.1, one contact each
    trend = [*anecdote, ("2024-11-15", "b", "a", 0.1)]
    cooled = cooling_ties(_model(trend))
    assert list(zip(cooled["u"], cooled["v"], strict=True)) == [("a", "b")]
