"""Contested ties: the two directions of a tie disagree in sign (issue 13 point 8)."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.analysis import brokers
from graphkit.analysis.negotiation import analyse
from graphkit.analysis.trust import tie_trust
from graphkit.graph import build_ties
from graphkit.networks import tie_graph
from graphkit.render.map.style import FLAG_TEXT

DAY = "2024-06-30"
PEOPLE = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "party": ["X", "Y", "M"]})


def _log(*contacts: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"date": DAY, "source": s, "target": t, "sentiment": x} for s, t, x in contacts]
    )


#: The issue's example, a -> b +0.8 twice and b -> a -0.8 twice (a mean of 0, strength 4),
#: beside a weaker positive way round through the mediator c.
ISSUE = _log(
    ("a", "b", 0.8), ("a", "b", 0.8), ("b", "a", -0.8), ("b", "a", -0.8),
    ("a", "c", 0.5), ("c", "a", 0.5), ("b", "c", 0.5), ("c", "b", 0.5),
)  # fmt: skip


def _tie(analysis, u: str, v: str) -> dict:
    return next(t for t in analysis.to_dict()["ties"] if (t["source"], t["target"]) == (u, v))


def test_opposite_directions_are_contested_not_neutral():
    model = build_ties(PEOPLE, ISSUE, pd.DataFrame())
    row = model.ties.set_index(["u", "v"]).loc[("a", "b")]
    assert bool(row["contested"]) and int(row["sign"]) == -1
    assert float(row["sentiment"]) == pytest.approx(0.0)  # the mean, unchanged
    assert not model.ties.set_index(["u", "v"]).loc[("a", "c"), "contested"]

    tie = _tie(analyse(model, "t"), "a", "b")
    assert tie["sign"] == -1
    assert tie["trust"] == 0.0
    assert "contested" in tie["flags"] and "negative" not in tie["flags"]
    assert FLAG_TEXT["contested"] == "contested: the two sides' contacts disagree in sign"


def test_contested_tie_carries_no_shortest_paths_over_positive_ties():
    G = tie_graph(build_ties(PEOPLE, ISSUE, pd.DataFrame()), include_negative=False)
    assert not G.has_edge("a", "b")
    # a and b now reach each other only through c: c is on the one path (n = 3, 1 pair).
    assert brokers.betweenness(G) == pytest.approx({"a": 0.0, "b": 0.0, "c": 1.0})


def test_contested_tie_carries_no_trust_even_when_its_mean_is_positive():
    # a -> b +0.8 three times, b -> a -0.5 once: a mean of +0.475, a positive tie that
    # would carry trust (0.475 * 1/3 reciprocity * 0.75 consistency) if averaged.
    log = _log(("a", "b", 0.8), ("a", "b", 0.8), ("a", "b", 0.8), ("b", "a", -0.5))
    G = tie_graph(build_ties(PEOPLE, log, pd.DataFrame()))
    assert G["a"]["b"]["contested"] and G["a"]["b"]["sign"] == -1
    assert tie_trust(G) == {("a", "b"): 0.0}


def test_a_neutral_side_is_no_disagreement():
    # b -> a -0.05 is within the sign threshold (0.1): not hostile, so not contested.
    log = _log(("a", "b", 0.8), ("a", "b", 0.8), ("b", "a", -0.05))
    G = tie_graph(build_ties(PEOPLE, log, pd.DataFrame()))
    assert not G["a"]["b"]["contested"] and G["a"]["b"]["sign"] == 1


def test_friction_reason_shows_each_side_not_the_mean():
    # Two hostile ties make b a friction point; the contested one is shown side by side.
    log = pd.concat(
        [ISSUE, _log(("b", "c", -0.9), ("c", "b", -0.9), ("b", "c", -0.9))], ignore_index=True
    )
    why = analyse(build_ties(PEOPLE, log, pd.DataFrame()), "t").reasons["b"]["friction point"]
    assert (
        "A (a) contested: sentiment (recency-weighted) -0.80 from b, +0.80 from a, over 4 contacts"
        in why
    )
