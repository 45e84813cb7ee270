"""Trust needs evidence (issue 13, point 6): enough positive contacts, initiated by both
sides, on a positive tie; trust nodes are trusted by two parties other than their own, a
mediator by the two sides. Tiny logs whose trust is worked out by hand from
:func:`graphkit.analysis.trust.tie_trust`."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import trust
from graphkit.analysis.negotiation import analyse
from graphkit.analysis.trust import mediators, tie_trust, trust_nodes
from graphkit.graph import build_ties
from graphkit.networks import tie_graph

PEOPLE = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
TODAY = "2024-06-29"


def _trust(contacts, **graph):
    """The trust of the a-b tie, every contact today."""
    log = pd.DataFrame(
        [(TODAY, s, t, x) for s, t, x in contacts],
        columns=["date", "source", "target", "sentiment"],
    )
    G = tie_graph(build_ties(PEOPLE, log, pd.DataFrame()))
    G.graph.update(graph)
    return tie_trust(G)[("a", "b")]


def test_one_reciprocated_exchange_is_no_evidence():
    # the example: one exchange today at +0.5 used to give trust 0.5
    assert _trust([("a", "b", 0.5), ("b", "a", 0.5)]) == 0.0


def test_three_reciprocated_positive_contacts_carry_trust():
    # a initiated two, b one: sentiment 0.5 * reciprocity 1/2 * recency 1 * consistency 1
    assert _trust([("a", "b", 0.5), ("b", "a", 0.5), ("a", "b", 0.5)]) == pytest.approx(0.25)
    # two each way: reciprocity 1
    assert _trust([("a", "b", 0.5), ("b", "a", 0.5)] * 2) == pytest.approx(0.5)


def test_each_side_must_initiate_a_positive_contact():
    # b answers every time, but only neutrally: the warmth is all a's
    assert _trust([("a", "b", 0.5), ("b", "a", 0.0)] * 3) == 0.0


def test_positive_means_beyond_the_sign_threshold():
    # +0.1 is neutral (graphkit.graph.SIGN_THRESHOLD), not a positive contact
    assert _trust([("a", "b", 0.1), ("b", "a", 0.1)] * 2 + [("a", "b", 0.9)]) == 0.0


def test_a_neutral_tie_carries_no_trust():
    # four positive contacts, two hostile ones: mean sentiment +0.033, sign 0
    contacts = [("a", "b", 0.2), ("b", "a", 0.2)] * 2 + [("a", "b", -0.3), ("b", "a", -0.3)]
    assert _trust(contacts) == 0.0


def test_the_evidence_needed_is_a_graph_attribute_and_a_parameter():
    exchange = [("a", "b", 0.5), ("b", "a", 0.5)]
    assert trust.MIN_TRUST_CONTACTS == 3
    assert _trust(exchange, min_trust_contacts=2) == pytest.approx(0.5)
    assert _trust(exchange * 2, min_trust_contacts=5) == 0.0
    log = pd.DataFrame(
        [(TODAY, s, t, x) for s, t, x in exchange],
        columns=["date", "source", "target", "sentiment"],
    )
    G = tie_graph(build_ties(PEOPLE, log, pd.DataFrame()))
    assert tie_trust(G, min_contacts=2) == {("a", "b"): pytest.approx(0.5)}
    lenient = analyse(build_ties(PEOPLE, log, pd.DataFrame()), min_trust_contacts=2)
    assert lenient.ties["trust"].tolist() == [pytest.approx(0.5)]
    assert analyse(build_ties(PEOPLE, log, pd.DataFrame())).ties["trust"].tolist() == [0.0]


def test_an_undirected_log_counts_every_contact_both_ways():
    # the same three contacts, all a -> b: in a log without direction both took part
    one_way = [("a", "b", 0.5)] * 3
    assert _trust(one_way) == 0.0
    assert _trust(one_way, undirected=True) == pytest.approx(0.5)


# -- trust nodes ---------------------------------------------------------------------


def _graph(trusting, **kinds):
    """Stakeholders x1, x2 (party X), y1, y2 (Y), z1 (Z), m1, m2 (the mediating party C),
    u (a mediator listed under X); ``trusting``: ties of trust 0.5."""
    G = nx.Graph()
    for sid, party in (("x1", "X"), ("x2", "X"), ("y1", "Y"), ("y2", "Y"), ("z1", "Z"),
                       ("m1", "C"), ("m2", "C"), ("u", "X")):  # fmt: skip
        default = "mediator" if party == "C" or sid == "u" else "state"
        G.add_node(sid, party=party, kind=kinds.get(sid, default))
    G.add_edges_from(trusting)
    return G, {tuple(sorted(e)): 0.5 for e in trusting}


def test_trust_at_home_does_not_make_a_trust_node():
    # x1 is trusted by its own party X and by two people of Y: one party other than its own
    G, t = _graph([("x1", "x2"), ("x1", "y1"), ("x1", "y2")])
    assert "x1" not in trust_nodes(G, trust=t)


def test_trusted_by_two_other_parties_is_a_trust_node():
    G, t = _graph([("x1", "y1"), ("x1", "z1")])
    assert trust_nodes(G, trust=t) == {"x1": {"Y": [("y1", 0.5)], "Z": [("z1", 0.5)]}}
    # the mediating party is one of the other parties for a side's member
    G, t = _graph([("x1", "y1"), ("x1", "m1")])
    assert sorted(trust_nodes(G, trust=t)["x1"]) == ["C", "Y"]


def test_a_mediator_trusted_by_the_two_sides_is_a_trust_node():
    G, t = _graph([("m1", "x1"), ("m1", "y1")])
    assert trust_nodes(G, trust=t) == {"m1": {"X": [("x1", 0.5)], "Y": [("y1", 0.5)]}}


def test_fellow_mediators_do_not_count_for_a_mediator():
    G, t = _graph([("m1", "m2"), ("m1", "x1")])
    assert trust_nodes(G, trust=t) == {}


def test_a_mediator_listed_under_a_side_counts_that_side():
    # u is a mediator (kind) of party X: it belongs to no side, so X's trust counts
    G, t = _graph([("u", "x1"), ("u", "y1")])
    assert list(trust_nodes(G, trust=t)) == ["u"]


def test_mediators_by_kind_or_by_a_mediating_party():
    # m2's kind was left blank: its party is all mediators, so m2 is one too
    G, _ = _graph([], m2="")
    assert mediators(G) == {"m1", "m2", "u"}
    # a party with one state member is a side, however many mediators it lists
    G, _ = _graph([], m2="state")
    assert mediators(G) == {"m1", "u"}


def test_the_trust_node_reason_names_the_parties_that_count():
    people = pd.DataFrame(
        {
            "id": ["a", "b", "m"],
            "name": ["A", "B", "M"],
            "party": ["X", "Y", "Council"],
            "kind": ["state", "state", "mediator"],
        }
    )
    rows = [(TODAY, s, t, 0.8) for s, t in [("a", "m"), ("m", "a"), ("b", "m"), ("m", "b")] * 2]
    log = pd.DataFrame(rows, columns=["date", "source", "target", "sentiment"])
    analysis = analyse(build_ties(people, log, pd.DataFrame()))
    why = analysis.reasons["m"]["trust node"]
    assert why.startswith("a mediator trusted by 2 parties at the table")
    assert "at least 3 positive contacts" in why and "X (A (a) 0.80)" in why
    assert "Council" not in why
