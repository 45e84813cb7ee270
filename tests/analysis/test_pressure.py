"""Influence on positive and neutral contacts only, hostile attention as ``pressure``
beside it, and logs whose direction carries no meaning (issue 13, point 5)."""

from __future__ import annotations

import csv

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import influence, metrics
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties
from graphkit.networks import contact_graph

TODAY = "2024-06-29"


def _model(rows):
    ids = sorted({x for s, t, _ in rows for x in (s, t)})
    people = pd.DataFrame({"id": ids, "name": ids, "party": [i[0].upper() for i in ids]})
    log = pd.DataFrame(
        [(TODAY, s, t, x) for s, t, x in rows], columns=["date", "source", "target", "sentiment"]
    )
    return build_ties(people, log, pd.DataFrame())


@pytest.fixture
def a14():
    """A-14 in miniature: ``h`` gets the most contacts, but four of its five are hostile
    (sentiment -0.6, from b1..b4); ``f`` gets three friendly or neutral ones."""
    rows = [(f"b{i}", "h", -0.6) for i in range(1, 5)]
    rows += [("a1", "h", 0.5)]
    rows += [("a1", "f", 0.6), ("a2", "f", 0.4), ("a3", "f", 0.0)]
    rows += [("h", "b1", -0.5), ("f", "a1", 0.2)]
    return _model(rows)


def test_hostile_attention_is_pressure_not_influence(a14):
    people = analyse(a14).stakeholders
    rank = people["influence"].rank(ascending=False, method="min")
    # on every contact h ranks first: hostile attention read as being sought out
    everything = influence.influence_scores(contact_graph(a14), weight="strength")
    assert max(everything, key=everything.get) == "h"
    assert people["influence"]["f"] > people["influence"]["h"]
    assert (rank["a1"], rank["f"], rank["h"]) == (1, 2, 3)
    assert people["pressure"]["h"] == pytest.approx(4.0)  # four hostile contacts today
    assert people["pressure"]["b1"] == pytest.approx(1.0)  # h's hostile reply
    assert people["pressure"].drop(["h", "b1"]).eq(0).all()


def test_the_contact_graph_splits_contacts_by_sentiment(a14):
    D = contact_graph(a14)
    assert (D["b1"]["h"]["hostile_contacts"], D["b1"]["h"]["sought_contacts"]) == (1, 0)
    assert D["b1"]["h"]["hostile_strength"] == 1.0 and D["b1"]["h"]["sought_strength"] == 0.0
    assert D["a3"]["f"]["sought_contacts"] == 1  # neutral (0.0) is being sought out
    assert D["a1"]["h"]["strength"] == D["a1"]["h"]["sought_strength"] == 1.0
    assert D["h"]["b1"]["hostile_contacts"] == 1 and not D.has_edge("h", "a1")


def test_the_influencer_reason_counts_the_contacts_influence_uses(a14):
    analysis = analyse(a14)
    why = analysis.reasons["h"]["influencer"]
    # one of each, in the singular: "1 stakeholder from 1 party in 1 ... contact"
    assert "sought out by 1 stakeholder from 1 party in 1 positive or neutral contact " in why
    assert "4 hostile contacts, not counted: pressure 4.00" in why
    assert "hostile" not in analysis.reasons["f"]["influencer"]


def test_pressure_goes_everywhere_with_its_label():
    m = metrics.get("pressure")
    assert m.label == "pressure (hostile attention)"
    assert m.outputs == metrics.OUTPUTS
    assert m.graph == "contacts"
    names = [x.name for x in metrics.METRICS]
    assert names.index("pressure") == names.index("influence") + 1


def test_pressure_is_recency_weighted_in_strength():
    D = nx.DiGraph()
    D.add_edge("a", "c", hostile_strength=1.0)
    D.add_edge("b", "c", hostile_strength=0.5)
    assert influence.pressure_scores(D) == {"a": 0.0, "c": 1.5, "b": 0.0}


# -- logs without direction -----------------------------------------------------------


def _florentine_model(reference):
    with open(reference / "florentine_families_marriage_edges.csv", encoding="utf-8") as fh:
        edges = [(e["family_a"], e["family_b"]) for e in csv.DictReader(fh)]
    G = nx.Graph(edges)
    people = pd.DataFrame({"id": sorted(G), "name": sorted(G), "party": ""})
    # a marriage has no direction: the file's order of the two families is arbitrary
    log = pd.DataFrame([("1430-01-01", a, b, 0.0) for a, b in edges],
                       columns=["date", "source", "target", "sentiment"])  # fmt: skip
    return G, build_ties(people, log, pd.DataFrame())


def test_florentine_marriages_undirected_give_networkx_pagerank(reference):
    G, model = _florentine_model(reference)
    expected = nx.pagerank(G, tol=1e-12, max_iter=10_000)
    D = contact_graph(model, undirected=True)
    got = influence.influence_scores(D, weight="sought_strength")
    assert got == pytest.approx(expected, abs=1e-6)
    assert got["Medici"] == pytest.approx(0.145, abs=1e-3)
    people = analyse(model, undirected=True).stakeholders
    assert people["influence"].to_dict() == pytest.approx(expected, abs=1e-6)
    # read with the file's arbitrary direction, Medici's PageRank is far off
    directed = analyse(model).stakeholders["influence"]
    assert directed["Medici"] < 0.1
