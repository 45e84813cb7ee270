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


# -- issue 13: pressure in friction ----------------------------------------------------

#: t is under pressure: a initiated two hostile contacts with t today, b one 180 days
#: (one half-life) ago. c's warm contact, d's neutral one (-0.05) and t's own hostile
#: reply to a are no pressure on t; e's hostile contact comes after the as-of date.
PRESSURE_LOG = [
    ("2024-12-31", "a", "t", -0.5),
    ("2024-12-31", "a", "t", -0.6),
    ("2024-07-04", "b", "t", -0.4),
    ("2024-12-31", "c", "t", 0.5),
    ("2024-12-31", "d", "t", -0.05),
    ("2024-12-31", "t", "a", -0.7),
    ("2025-01-05", "e", "t", -0.8),
]


def _pressure_model(log=PRESSURE_LOG, as_of="2024-12-31"):
    ids = ["a", "b", "c", "d", "e", "t"]
    people = pd.DataFrame({"id": ids, "name": [i.upper() for i in ids], "party": list("XYXYXY")})
    frame = pd.DataFrame(list(log), columns=["date", "source", "target", "sentiment"])
    return build_ties(people, frame, pd.DataFrame(), as_of=as_of, half_life_days=180)


def test_pressure_counts_hostile_contacts_and_their_initiators():
    from graphkit.analysis.friction import under_pressure

    assert under_pressure(_pressure_model()) == [
        {
            "stakeholder": "t",
            "hostile_contacts": 3,
            "initiators": 2,
            "pressure": pytest.approx(2.5),  # 1 + 1 today, 0.5 one half-life ago
            "last_contact": "2024-12-31",
            "by_initiator": [("a", 2, "2024-12-31"), ("b", 1, "2024-07-04")],
        }
    ]  # a: one hostile contact, from t alone: not under pressure


def test_pressure_needs_two_initiators():
    from graphkit.analysis.friction import PRESSURE_MIN_INITIATORS, under_pressure

    assert PRESSURE_MIN_INITIATORS == 2
    one = [row for row in PRESSURE_LOG if row[1] != "b"]  # a alone: two contacts, one initiator
    assert under_pressure(_pressure_model(one)) == []
    assert [p["stakeholder"] for p in under_pressure(_pressure_model())] == ["t"]
    everyone = under_pressure(_pressure_model(), min_initiators=1)
    assert [(p["stakeholder"], p["initiators"]) for p in everyone] == [("t", 2), ("a", 1)]


def test_positive_and_neutral_contacts_are_no_pressure():
    from graphkit.analysis.friction import under_pressure

    # d's -0.05 is neutral (not below -0.1) and c's +0.5 warm: neither counts ...
    (t,) = under_pressure(_pressure_model())
    assert {i for i, _, _ in t["by_initiator"]} == {"a", "b"}
    # ... until they are hostile
    colder = [(day, s, x, -0.15 if s in "cd" else v) for day, s, x, v in PRESSURE_LOG]
    (t,) = under_pressure(_pressure_model(colder))
    assert (t["hostile_contacts"], t["initiators"]) == (5, 4)


def test_contacts_after_as_of_are_no_pressure():
    from graphkit.analysis.friction import under_pressure

    # the day before a's contacts, only b's is known: one initiator, no pressure
    assert under_pressure(_pressure_model(as_of="2024-12-30")) == []
    # once e's contact of 2025-01-05 is known, it counts
    (t,) = under_pressure(_pressure_model(as_of="2025-01-05"))
    assert (t["hostile_contacts"], t["initiators"], t["last_contact"]) == (4, 3, "2025-01-05")
    assert t["by_initiator"][0] == ("a", 2, "2024-12-31")


def test_pressure_of_the_item_is_the_pressure_metric():
    from graphkit.analysis.friction import under_pressure
    from graphkit.analysis.negotiation import analyse

    model = _pressure_model()
    for undirected in (False, True):
        metric = analyse(model, undirected=undirected).stakeholders["pressure"]
        items = under_pressure(model, undirected=undirected, min_initiators=1)
        assert items and {p["stakeholder"]: p["pressure"] for p in items} == pytest.approx(
            metric[metric > 0].to_dict()
        )
    # every contact both ways: t's hostile reply to a is pressure on t as well
    (t, *_) = under_pressure(model, undirected=True)
    assert (t["stakeholder"], t["hostile_contacts"], t["pressure"]) == ("t", 4, pytest.approx(3.5))


def test_pressure_evidence_names_every_initiator_tied_at_the_top():
    from graphkit.analysis.friction import pressure_evidence

    p = {
        "stakeholder": "t", "hostile_contacts": 9, "initiators": 5, "pressure": 4.0,
        "last_contact": "2024-12-31",
        "by_initiator": [("a", 3, "2024-12-31"), ("b", 3, "2024-11-01"), ("c", 1, "2024-10-01"),
                         ("d", 1, "2024-09-01"), ("e", 1, "2024-08-01")],
    }  # fmt: skip
    assert pressure_evidence(p, top=1, more=False) == (
        "9 hostile contacts from 5 stakeholders, most from a (3, last 2024-12-31), "
        "b (3, last 2024-11-01)"
    )
    assert pressure_evidence(p, top=2) == (
        "9 hostile contacts from 5 stakeholders, most from a (3, last 2024-12-31), "
        "b (3, last 2024-11-01) and 3 more"
    )


def test_the_friction_point_reason_says_under_pressure():
    from graphkit.analysis.negotiation import analyse

    # t-a and t-b are negative: t is a friction point, under pressure from a and b. b's
    # hostile contact from t and its rivalry with c make b one too, with one initiator.
    log = [*PRESSURE_LOG, ("2024-12-31", "t", "b", -0.3)]
    people = pd.DataFrame({"id": list("abcdet"), "name": list("ABCDET"), "party": list("XYXYXY")})
    rivals = pd.DataFrame([("b", "c", "rivalry", -1, 1.0)],
                          columns=["source", "target", "type", "sign", "weight"])  # fmt: skip
    frame = pd.DataFrame(log, columns=["date", "source", "target", "sentiment"])
    analysis = analyse(build_ties(people, frame, rivals, as_of="2024-12-31"))
    t = analysis.reasons["t"]["friction point"]
    assert t.startswith("2 negative ties: ")
    assert t.endswith(
        "; under pressure: 3 hostile contacts from 2 stakeholders, most from a (2, last "
        "2024-12-31) (pressure 2.50)"
    ), t
    b = analysis.reasons["b"]["friction point"]
    assert b.startswith("2 negative ties: ") and "pressure" not in b
