"""Party-pair estimates carry their standard error, measured on the graph itself from
batches of the sample (issue 13: estimates say how accurate they are)."""

from __future__ import annotations

import json
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import brokers
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties


def ladder_analysis(sample: int):
    """A: a0, a1 reach B through x, a2, a3 through y (mediators, party M); x and y each
    reach all five of B. One contact each, the same day: every tie has the same length."""
    people = [(f"a{i}", "A", "state") for i in range(4)] + [
        (f"b{i}", "B", "state") for i in range(5)
    ] + [("x", "M", "mediator"), ("y", "M", "mediator")]  # fmt: skip
    stakeholders = pd.DataFrame(people, columns=["id", "party", "kind"]).assign(
        name=lambda d: d["id"]
    )
    pairs = [("a0", "x"), ("a1", "x"), ("a2", "y"), ("a3", "y")]
    pairs += [(m, f"b{i}") for m in "xy" for i in range(5)]
    rows = [{"date": "2024-05-01", "source": a, "target": b, "sentiment": 0.5} for a, b in pairs]
    model = build_ties(stakeholders, pd.DataFrame(rows), pd.DataFrame())
    analysis = analyse(model, "t", pair_sample=sample)
    document = json.loads(json.dumps(analysis.to_dict()))
    return analysis, {tuple(p["parties"]): p for p in document["party_pairs"]}


def test_an_estimated_share_carries_its_standard_error_in_the_json_and_the_reason(
    monkeypatch,
):
    # Three of A's four members are drawn, in three batches of one. Either two go
    # through x and one through y or the other way round: x's share is 2/3 or 1/3,
    # each batch's 5 pairs all through x (y_b = 5) or none (y_b = 0), x_b = 5. By hand:
    # SE^2 = (1 - 3/4) * sum_b (y_b - R x_b)^2 / (k (k - 1) xbar^2)
    #      = 1/4 * (2 (5/3)^2 + (10/3)^2) / (3 * 2 * 25) = 1/4 * (50/3) / 150 = 1/36.
    analysis, pairs = ladder_analysis(sample=3)
    ab = pairs[("A", "B")]
    assert (ab["estimated"], ab["sources"], ab["with_ties"]) == (True, 3, 4)
    assert sorted(ab["brokers"].values()) == pytest.approx([1 / 3, 2 / 3])
    assert ab["standard_errors"] == pytest.approx({"x": 1 / 6, "y": 1 / 6})
    assert set(ab["standard_errors"]) == set(ab["brokers"])
    x_share = round(100 * ab["brokers"]["x"])  # 33 or 67
    assert (
        f"{x_share}% (estimated from a sample of 3 of 4 members with ties, standard error "
        "16.7 points) of A-B paths"
    ) in analysis.reasons["x"]["broker"]
    assert analysis.pair_errors[("A", "B")] == pytest.approx({"x": 1 / 6, "y": 1 / 6})


def test_exact_pairs_carry_no_standard_error(monkeypatch):
    analysis, pairs = ladder_analysis(sample=500)  # every pair exact
    assert pairs[("A", "B")]["brokers"] == pytest.approx({"x": 0.5, "y": 0.5})
    for entry in pairs.values():
        assert entry["estimated"] is False and "standard_errors" not in entry
    assert analysis.pair_errors == {}
    assert "±" not in analysis.reasons["x"]["broker"]
    assert "of A-B paths" in analysis.reasons["x"]["broker"]
    # With a sample of 3, A-B is estimated; A-M and B-M (two mediators) stay exact.
    _, pairs = ladder_analysis(sample=3)
    assert "standard_errors" in pairs[("A", "B")]
    assert "standard_errors" not in pairs[("A", "M")]
    assert "standard_errors" not in pairs[("B", "M")]


def three_parties() -> tuple[nx.Graph, dict[int, str]]:
    """1,200 stakeholders in three parties (300, 400, 500), ties mostly within a party,
    three tie lengths: shortest paths between parties run through many brokers."""
    within, across = 0.02, 0.01
    G = nx.stochastic_block_model(
        [300, 400, 500], [[within if i == j else across for j in range(3)] for i in range(3)],
        seed=7,
    )  # fmt: skip
    lengths = random.Random(3)
    for _, _, d in G.edges(data=True):
        d["distance"] = lengths.choice([1.0, 1.5, 2.0])
    return G, {n: "ABC"[G.nodes[n]["block"]] for n in G}


def test_the_exact_share_lies_within_three_standard_errors_of_the_estimate():
    G, parties = three_parties()
    exact = brokers.party_pair_shares(G, parties, max_sources=None)
    z, errors, ses = [], [], []
    for seed in range(5):  # 100 of 300, 400 or 500 members: every pair estimated
        shares, se = brokers.party_pair_estimates(G, parties, max_sources=100, seed=seed)
        assert set(se) == set(exact)
        for pair, ex in exact.items():
            for n in sorted(ex, key=ex.get, reverse=True)[:20]:
                estimate, error = shares[pair].get(n, 0.0), se[pair].get(n, 0.0)
                z.append(abs(estimate - ex[n]) / error if error > 0 else np.inf)
                errors.append(estimate - ex[n])
                ses.append(error)
    z_ = np.array(z)
    assert (z_ <= 3).mean() >= 0.8  # measured 0.87: shares carried by a few members' paths
    assert (z_ <= 1).mean() <= 0.8  # not a margin so wide that anything falls inside (0.60)
    # The standard error is the size of the error: their root mean squares agree (1.00).
    rms = np.sqrt(np.mean(np.square(errors)) / np.mean(np.square(ses)))
    assert 0.75 <= rms <= 1.33


def test_batches_leave_the_estimate_as_one_call_gives_it():
    G, parties = three_parties()
    for max_sources in (100, 250):
        batched, se = brokers.party_pair_estimates(G, parties, max_sources=max_sources)
        one_call, none = brokers.party_pair_estimates(
            G, parties, max_sources=max_sources, batches=1
        )
        assert none == {} and set(se) == set(batched)
        assert brokers.party_pair_shares(G, parties, max_sources=max_sources) == batched
        for pair, shares in one_call.items():
            assert batched[pair].keys() == shares.keys()  # the same sample, the same nodes
            # The same sums, added in another order: equal to the last few bits (measured:
            # at most 9 units in the last place, 1.2e-15 relative).
            assert batched[pair] == pytest.approx(shares, rel=1e-13, abs=0)
            assert se[pair].keys() == shares.keys()
