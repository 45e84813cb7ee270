"""Issue 18, point 3: a persuasion plan equals brute force over every trusted chain, never
passes through a stakeholder hostile to either end, and reads stances as of the day."""

from __future__ import annotations

import math
import random
from itertools import pairwise

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis.negotiation import analyse
from graphkit.analysis.persuade import persuasion_plan
from graphkit.analysis.stances import stances_at
from graphkit.graph import build_ties


def _analysis(people, contacts, *, power, as_of=None, rivals=()):
    """``contacts``: (a, b, how many, sentiment), each contact both ways; ``rivals``:
    pairs with a declared rivalry (a negative tie)."""
    rows = [
        {"date": f"2024-0{1 + n % 6}-1{n % 9}", "source": s, "target": t, "sentiment": tone}
        for a, b, times, tone in contacts
        for n in range(times)
        for s, t in ((a, b), (b, a))
    ]
    stakeholders = pd.DataFrame(
        {"id": people, "name": people, "party": ["P"] * len(people),
         "power": [power.get(p, 0) for p in people]}
    )  # fmt: skip
    declared = pd.DataFrame(
        [{"source": a, "target": b, "type": "rivalry", "sign": -1, "weight": 3.0}
         for a, b in rivals],
        columns=["source", "target", "type", "sign", "weight"],
    )  # fmt: skip
    return analyse(build_ties(stakeholders, pd.DataFrame(rows), declared, as_of=as_of))


def _stances(rows):
    return pd.DataFrame(
        [{"stakeholder": s, "issue": i, "date": d, "stance": v, "source": "note"}
         for s, i, d, v in rows]
    )  # fmt: skip


def _brute_force(analysis, supporter, target):
    """The highest product of trust over every simple chain of positive, trusted ties from
    ``supporter`` to ``target`` whose go-betweens have no negative tie to either end."""
    t = analysis.ties
    trust = {}
    negative = {}
    for u, v, sign, tr in zip(t["u"], t["v"], t["sign"], t["trust"], strict=True):
        if sign > 0 and tr > 0:
            trust[u, v] = trust[v, u] = float(tr)
        if sign < 0:
            negative.setdefault(u, set()).add(v)
            negative.setdefault(v, set()).add(u)
    if supporter in negative.get(target, set()):
        return None
    G = nx.Graph(list(trust))
    if supporter not in G or target not in G:
        return None
    banned = negative.get(supporter, set()) | negative.get(target, set())
    best = None
    for path in nx.all_simple_paths(G, supporter, target):
        if banned & set(path[1:-1]):
            continue
        value = math.prod(trust[a, b] for a, b in pairwise(path))
        best = value if best is None else max(best, value)
    return best


def _random_case(seed):
    rng = random.Random(seed)
    people = [f"p{n}" for n in range(9)]
    contacts = []
    for a, b in (p for p in ((x, y) for i, x in enumerate(people) for y in people[i + 1 :])):
        if rng.random() < 0.4:
            tone = rng.choice([0.9, 0.6, 0.3, -0.7])
            contacts.append((a, b, rng.randint(1, 6), tone))
    power = {p: rng.randint(1, 5) for p in people}
    stances = _stances(
        (p, "fisheries", "2024-01-01", rng.choice([-2, -1, 0, 1, 2])) for p in people
    )
    return people, contacts, power, stances


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_is_brute_force_over_every_trusted_chain(seed):
    people, contacts, power, stances = _random_case(seed)
    analysis = _analysis(people, contacts, power=power)
    plan = persuasion_plan(analysis, stances, "fisheries", min_power=3, k=3)
    stance = dict(zip(stances["stakeholder"], stances["stance"], strict=True))
    supporters = sorted(p for p in people if stance[p] >= 1)
    expected_targets = sorted(p for p in people if stance[p] <= 0 and power[p] >= 3)
    assert sorted(t.id for t in plan.targets) == expected_targets
    assert plan.supporters == supporters
    for target in plan.targets:
        brute = {s: _brute_force(analysis, s, target.id) for s in supporters}
        reachable = sorted((v for v in brute.values() if v is not None), reverse=True)
        assert [c.trust for c in target.chains] == pytest.approx(reachable[:3], rel=1e-9)
        for chain in target.chains:
            assert chain.trust == pytest.approx(brute[chain.supporter], rel=1e-9)
            assert chain.stakeholders[0] == chain.supporter
            assert chain.stakeholders[-1] == target.id
            assert math.prod(link["trust"] for link in chain.links) == pytest.approx(chain.trust)
    # targets by power, then the trust of their best chain
    keys = [(-t.power, -(t.chains[0].trust if t.chains else 0)) for t in plan.targets]
    assert keys == sorted(keys)


def test_no_chain_passes_through_someone_hostile_to_either_end():
    # s -- h -- q -- t is the warmest route, but h is a declared rival of t; s -- m -- n -- t
    # is colder and the only one left. g is hostile to the supporter s.
    people = ["s", "h", "q", "t", "m", "n", "g", "u"]
    contacts = [
        ("s", "h", 6, 0.9), ("h", "q", 6, 0.9), ("q", "t", 6, 0.9),
        ("s", "m", 3, 0.4), ("m", "n", 3, 0.4), ("n", "t", 3, 0.4),
        ("u", "g", 6, 0.9), ("g", "t", 6, 0.9), ("s", "g", 4, -0.8),
    ]  # fmt: skip
    analysis = _analysis(people, contacts, power={"t": 5}, rivals=[("h", "t")])
    ties = analysis.ties.set_index(["u", "v"])
    assert ties.loc[("h", "t"), "sign"] < 0 and ties.loc[("g", "s"), "sign"] < 0
    stances = _stances([("s", "x", "2024-01-01", 2), ("u", "x", "2024-01-01", 1),
                        ("t", "x", "2024-01-01", -2)])  # fmt: skip
    plan = persuasion_plan(analysis, stances, "x")
    (target,) = plan.targets
    by = {c.supporter: c.stakeholders for c in target.chains}
    assert by["s"] == ["s", "m", "n", "t"]  # not through h (hostile to t) nor g (hostile to s)
    assert by["u"] == ["u", "g", "t"]  # g is hostile to s only: fine for u
    assert "h" in target.hostile
    for chain in target.chains:
        assert not set(chain.go_betweens) & set(target.hostile)


def test_dependencies_say_what_a_go_between_leaving_does():
    people = ["s", "m", "t", "a", "b"]
    contacts = [("s", "m", 5, 0.8), ("m", "t", 5, 0.8), ("s", "a", 3, 0.3), ("a", "b", 3, 0.3),
                ("b", "t", 3, 0.3)]  # fmt: skip
    analysis = _analysis(people, contacts, power={"t": 4})
    stances = _stances([("s", "x", "2024-01-01", 2), ("t", "x", "2024-01-01", 0)])
    plan = persuasion_plan(analysis, stances, "x")
    (target,) = plan.targets
    assert target.chains[0].stakeholders == ["s", "m", "t"]
    (dep,) = plan.dependencies
    assert dep.id == "m"
    assert dep.without["t"] == pytest.approx(_brute_force_without(analysis, "m"))
    assert dep.without["t"] < target.chains[0].trust
    assert "falls from" in dep.reason
    (ask,) = plan.asks
    assert (ask.id, ask.power, ask.targets) == ("s", 4, ["t"])


def _brute_force_without(analysis, gone):
    kept = analysis.ties[(analysis.ties["u"] != gone) & (analysis.ties["v"] != gone)]
    trust = {(u, v): tr for u, v, tr in zip(kept["u"], kept["v"], kept["trust"], strict=True)}
    G = nx.Graph(list(trust))
    return max(
        math.prod(trust.get((a, b), trust.get((b, a), 0)) for a, b in pairwise(p))
        for p in nx.all_simple_paths(G, "s", "t")
    )


def test_stances_are_read_as_of_the_day_of_the_analysis():
    rows = [("t", "x", "2024-01-01", -2), ("t", "x", "2024-05-01", 2), ("s", "x", "2023-12-01", 2)]
    table = _stances(rows)
    assert stances_at(table, "2024-04-30").set_index("stakeholder")["stance"].to_dict() == {
        "s": 2, "t": -2,
    }  # fmt: skip
    assert stances_at(table, "2024-05-01").set_index("stakeholder")["stance"].to_dict() == {
        "s": 2, "t": 2,
    }  # fmt: skip
    assert stances_at(table, "2023-12-31")["stakeholder"].tolist() == ["s"]
    contacts = [("s", "t", 3, 0.8)]
    before = persuasion_plan(
        _analysis(["s", "t"], contacts, power={"t": 5}, as_of="2024-04-30"), table, "x"
    )
    assert [t.id for t in before.targets] == ["t"] and before.targets[0].since == "2024-01-01"
    after = persuasion_plan(
        _analysis(["s", "t"], contacts, power={"t": 5}, as_of="2024-06-30"), table, "x"
    )
    assert after.targets == [] and after.supporters == ["s", "t"]
    # with power and no stance on record: named, not planned for
    none = persuasion_plan(_analysis(["s", "t"], contacts, power={"s": 5, "t": 5}), table, "y")
    assert none.targets == [] and none.unknown == ["s", "t"]


def test_asks_weigh_the_power_at_stake_by_the_trust_of_the_chain():
    # w holds warm chains to t1 and t2; c cold ones to t1, t2 and t3 (a rival of w)
    people = ["w", "c", "t1", "t2", "t3", "x", "y"]
    contacts = [("w", "t1", 6, 0.9), ("t1", "t2", 6, 0.9), ("c", "x", 3, 0.3),
                ("x", "y", 3, 0.3), ("y", "t1", 3, 0.3), ("y", "t3", 3, 0.3)]  # fmt: skip
    analysis = _analysis(people, contacts, power={"t1": 5, "t2": 5, "t3": 5},
                         rivals=[("w", "t3")])  # fmt: skip
    stances = _stances([("w", "x", "2024-01-01", 2), ("c", "x", "2024-01-01", 1),
                        ("t1", "x", "2024-01-01", -2), ("t2", "x", "2024-01-01", -1),
                        ("t3", "x", "2024-01-01", 0)])  # fmt: skip
    plan = persuasion_plan(analysis, stances, "x")
    asks = {a.id: a for a in plan.asks}
    assert (asks["c"].power, asks["w"].power) == (15, 10)
    trust = {(c.supporter, t.id): (t.power, c.trust) for t in plan.targets for c in t.chains}
    for ask in plan.asks:
        assert ask.reach == pytest.approx(
            sum(p * tr for (who, _), (p, tr) in trust.items() if who == ask.id)
        )
    assert [a.id for a in plan.asks] == ["w", "c"]  # less power at stake, far warmer chains


def test_a_stance_both_moved_and_asking_never_asks_itself():
    # --targets "lean support" with supporters lean support and support: t is both
    analysis = _analysis(["s", "t"], [("s", "t", 4, 0.8)], power={"t": 5})
    stances = _stances([("s", "x", "2024-01-01", 2), ("t", "x", "2024-01-01", 1)])
    plan = persuasion_plan(analysis, stances, "x", targets=(1,))
    (target,) = plan.targets
    assert [c.supporter for c in target.chains] == ["s"]
