"""Issue 18, point 2: the power-interest grid's quadrants, and its flags on a constructed
case: a broker with low declared power, a minister with high declared power and one tie."""

from __future__ import annotations

from graphkit.analysis.grid import grid, grid_flags
from tests.analysis.test_persuade import _analysis


def test_the_grid_flags_hidden_influencers_and_paper_tigers():
    # a star around the broker b (declared power 1) with a chain hanging off it, and a
    # minister m (declared power 5) tied to one leaf only
    people = ["b", "l1", "l2", "l3", "l4", "l5", "l6", "m"]
    contacts = [("b", leaf, 4, 0.6) for leaf in ("l1", "l2", "l3", "l4")]
    contacts += [("l4", "l5", 4, 0.6), ("l5", "l6", 4, 0.6), ("m", "l6", 1, 0.2)]
    power = {"b": 1, "l1": 3, "l2": 3, "l3": 3, "l4": 3, "l5": 3, "l6": 3, "m": 5}
    analysis = _analysis(people, contacts, power=power)
    flags = {f.id: f for f in grid_flags(analysis, top=2)}
    assert set(flags) == {"b", "m"}
    assert flags["b"].kind == "hidden influencer"
    assert flags["b"].reason.startswith("declared power 1 of 5, but ranks #")
    b_rank = int(analysis.stakeholders["betweenness"].rank(ascending=False, method="min")["b"])
    assert f"#{b_rank} by brokerage" in flags["b"].reason and b_rank <= 2
    assert flags["m"].kind == "paper tiger" and "tied to 1 stakeholder." in flags["m"].reason
    # the grid itself: without an interest rating nobody is on it
    assert grid(analysis).empty
    assert set(grid(analysis, power_only=True).index) == set(people)


def test_the_grid_quadrants_follow_declared_power_and_interest():
    people = ["a", "b", "c", "d", "e"]
    analysis = _analysis(people, [("a", "b", 3, 0.5), ("c", "d", 3, 0.5)], power={})
    levels = {"a": (5, 5), "b": (4, 1), "c": (3, 4), "d": (1, 3), "e": (0, 5)}
    analysis.stakeholders["power"] = [levels[p][0] for p in analysis.stakeholders.index]
    analysis.stakeholders["interest"] = [levels[p][1] for p in analysis.stakeholders.index]
    g = grid(analysis)
    assert g["quadrant"].to_dict() == {
        "a": "manage closely", "b": "keep satisfied", "c": "keep informed", "d": "monitor",
    }  # fmt: skip
    assert g.loc["a", "ties"] == 1 and g.loc["c", "ties"] == 1
