"""Party-pair shares: samples draw only members with ties, and estimates say so (issue
13, point 2)."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import brokers
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties


def two_parties(tied: int, isolates: int) -> tuple[nx.Graph, dict]:
    """A and B, ``tied`` members each on a ladder through one mediator M, plus isolates."""
    G = nx.Graph()
    parties = {"m": "M"}
    for p in "AB":
        for i in range(tied):
            G.add_edge(f"{p}{i}", "m", distance=1.0 + i / 10)
            parties[f"{p}{i}"] = p
        for i in range(isolates):
            G.add_node(f"{p}-iso{i}")
            parties[f"{p}-iso{i}"] = p
    return G, parties


def test_isolates_are_never_drawn_into_the_sample():
    G, parties = two_parties(tied=10, isolates=1000)
    exact = brokers.party_pair_shares(G, parties, max_sources=None)
    capped = brokers.party_pair_shares(G, parties, max_sources=10)
    # 10 members with ties: no sample at all, however many isolates (exact: the kernel;
    # capped: igraph's pass from every member, equal up to the order of the sums)
    assert capped.keys() == exact.keys()
    for pair, shares in exact.items():
        assert capped[pair] == pytest.approx(shares, rel=1e-12, abs=0)
    assert brokers.pair_sampling(G, parties, max_sources=10)[("A", "B")] == {
        "estimated": False, "sources": 10, "with_ties": 10,
    }  # fmt: skip


def test_an_estimate_says_so_in_the_json_and_the_reason():
    people = [(f"{p}{i}", p, "state") for p in "AB" for i in range(12)] + [("m", "M", "mediator")]
    stakeholders = pd.DataFrame(people, columns=["id", "party", "kind"]).assign(
        name=lambda d: d["id"]
    )
    rows = [{"date": "2024-05-01", "source": a, "target": "m", "sentiment": 0.5}
            for a, _, _ in people if a != "m"]  # fmt: skip
    model = build_ties(stakeholders, pd.DataFrame(rows), pd.DataFrame())
    analysis = analyse(model, "t", pair_sample=5)  # only when asked (issue 17)
    pairs = {
        tuple(p["parties"]): p for p in json.loads(json.dumps(analysis.to_dict()))["party_pairs"]
    }
    assert pairs[("A", "B")]["estimated"] is True and pairs[("A", "B")]["sources"] == 5
    assert pairs[("A", "B")]["with_ties"] == 12
    assert (
        "(estimated from a sample of 5 of 12 members with ties, standard error 0.0 points) "
        "of A-B paths" in analysis.reasons["m"]["broker"]
    )  # every A-B path runs through m: no error at all
    assert analysis.party_pairs[("A", "B")]["m"] == pytest.approx(1.0)  # every path: exact here


def _ladder_model(tied: int):
    people = [(f"{p}{i}", p, "state") for p in "AB" for i in range(tied)] + [("m", "M", "mediator")]
    stakeholders = pd.DataFrame(people, columns=["id", "party", "kind"]).assign(
        name=lambda d: d["id"]
    )
    rows = [{"date": "2024-05-01", "source": a, "target": "m", "sentiment": 0.5}
            for a, _, _ in people if a != "m"]  # fmt: skip
    return build_ties(stakeholders, pd.DataFrame(rows), pd.DataFrame())


def test_pair_shares_are_exact_by_default_at_any_size():
    """Issue 17: above 500 members with ties a pair used to be estimated from a sample;
    now every path is counted, in betweenness's shortest-path pass."""
    model = _ladder_model(tied=600)
    analysis = analyse(model, "t")
    pair = analysis.to_dict()["party_pairs"]
    entry = next(p for p in pair if tuple(p["parties"]) == ("A", "B"))
    assert entry["estimated"] is False and entry["sources"] == 600
    assert analysis.party_pairs[("A", "B")] == {"m": pytest.approx(1.0)}
    assert "estimated" not in analysis.reasons["m"]["broker"]
    assert analysis.pair_errors == {}


def test_the_cli_estimates_only_when_asked(tmp_path):
    from tests.conftest import SAMPLE_FILES, cli

    db = tmp_path / "store.db"
    assert cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=db).exit_code == 0
    exact = json.loads(cli("influence", "-n", "blue-harbor", "--format", "json", store=db).stdout)
    assert exact["party_pairs"] and not any(p["estimated"] for p in exact["party_pairs"])
    run = cli("influence", "-n", "blue-harbor", "--pair-sample", "2", "--format", "json", store=db)
    assert run.exit_code == 0, run.stderr
    sampled = json.loads(run.stdout)
    assert all(p["estimated"] and p["sources"] == 2 for p in sampled["party_pairs"])
    reasons = " ".join(
        " ".join(r.values()) if isinstance(r, dict) else str(r)
        for s in sampled["stakeholders"] for r in [s.get("why", "")]
    )  # fmt: skip
    assert "estimated from a sample of 2 of" in reasons
