"""Tie lengths with Opsahl's alpha: ``distance = 1 / strength ** alpha`` (Opsahl,
Agneessens & Skvoretz 2010), issue 13 point 14."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import brokers
from graphkit.errors import GraphkitError
from graphkit.graph import build_ties
from graphkit.networks import tie_graph
from graphkit.pipeline import load_model
from graphkit.scope import DEFAULT_ALPHA, Scope
from graphkit.stores import open_store
from tests.conftest import SAMPLE_FILES, cli

DAY = "2024-06-30"


def _contacts(*pairs: tuple[str, str, int, float]) -> pd.DataFrame:
    """``(source, target, how many, sentiment)``: that many contacts, all on one day (each
    counts 1, so a tie's strength is its number of contacts)."""
    return pd.DataFrame(
        [
            {"date": DAY, "source": s, "target": t, "sentiment": sentiment}
            for s, t, n, sentiment in pairs
            for _ in range(n)
        ]
    )


def _broker_model(**alpha: float):
    """x and y, one contact apart; the long way round, x-a (4 contacts), a->b (nine +0.05
    messages one way: the issue's example) and b-y (4 contacts).

    alpha = 1: x-a-b-y is 1/4 + 1/9 + 1/4 = 0.61 long, shorter than the direct tie (1),
    so a and b broker x and y.
    alpha = 0.5: x-a-b-y is 1/2 + 1/3 + 1/2 = 1.33 long: three hops no longer beat one.
    """
    people = pd.DataFrame(
        {"id": ["a", "b", "x", "y"], "name": ["a", "b", "x", "y"], "party": ["X", "Y", "X", "Y"]}
    )
    log = _contacts(
        ("x", "y", 1, 0.5), ("x", "a", 2, 0.5), ("a", "x", 2, 0.5),
        ("a", "b", 9, 0.05), ("b", "y", 2, 0.5), ("y", "b", 2, 0.5),
    )  # fmt: skip
    return build_ties(people, log, pd.DataFrame(), **alpha)


def test_nine_weak_messages_no_longer_beat_one_direct_tie():
    strong = tie_graph(_broker_model(alpha=1.0), include_negative=False)
    assert nx.shortest_path(strong, "x", "y", weight="distance") == ["x", "a", "b", "y"]
    # n = 4, pairs 3: a lies on x-y and x-b, b on x-y and a-y.
    assert brokers.betweenness(strong) == pytest.approx({"a": 2 / 3, "b": 2 / 3, "x": 0, "y": 0})

    # The default, alpha = 0.5 (given here in no argument, as the CLI does by default).
    opsahl = tie_graph(_broker_model(), include_negative=False)
    assert opsahl["a"]["b"]["distance"] == pytest.approx(1 / 3)
    assert nx.shortest_path(opsahl, "x", "y", weight="distance") == ["x", "y"]
    assert brokers.betweenness(opsahl) == pytest.approx({"a": 1 / 3, "b": 1 / 3, "x": 0, "y": 0})


def test_alpha_one_is_one_over_strength_exactly():
    # Contacts of different ages: strengths that are no round numbers.
    people = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "party": "X"})
    log = pd.DataFrame(
        {
            "date": ["2023-01-17", "2023-09-02", "2024-03-05", "2024-06-30", "2022-11-11"],
            "source": ["a", "b", "a", "c", "c"],
            "target": ["b", "a", "c", "a", "b"],
            "sentiment": [0.5, 0.2, -0.3, 0.7, 0.1],
        }
    )
    model = build_ties(people, log, pd.DataFrame(), alpha=1.0)
    assert model.alpha == 1.0
    G = tie_graph(model)
    for _, _, d in G.edges(data=True):
        assert d["distance"] == 1.0 / d["strength"]  # exactly: today's lengths
    default = tie_graph(build_ties(people, log, pd.DataFrame()))
    assert DEFAULT_ALPHA == 0.5
    for u, v, d in default.edges(data=True):
        assert d["distance"] == pytest.approx(1.0 / G[u][v]["strength"] ** 0.5)


def test_alpha_zero_is_networkx_unweighted_betweenness_on_florentine(reference):
    with open(reference / "florentine_families_marriage_edges.csv", newline="") as fh:
        edges = [(e["family_a"], e["family_b"]) for e in csv.DictReader(fh)]
    florentine = nx.Graph(edges)
    people = pd.DataFrame({"id": sorted(florentine), "name": sorted(florentine), "party": ""})
    # 1, 2 or 3 contacts per marriage: unequal strengths, which alpha = 0 ignores.
    log = _contacts(*((u, v, 1 + i % 3, 0.0) for i, (u, v) in enumerate(edges)))
    expected = nx.betweenness_centrality(florentine)

    hops = tie_graph(build_ties(people, log, pd.DataFrame(), alpha=0.0), include_negative=False)
    assert brokers.betweenness(hops) == pytest.approx(expected, abs=1e-12)
    weighted = tie_graph(build_ties(people, log, pd.DataFrame(), alpha=1.0))
    assert brokers.betweenness(weighted) != pytest.approx(expected, abs=1e-3)


def test_scope_alpha_is_checked_and_described():
    assert Scope().alpha == DEFAULT_ALPHA
    assert Scope(alpha=1).describe() == "alpha 1"
    with pytest.raises(GraphkitError, match="--alpha 2 is out of range"):
        Scope(alpha=2)


def test_alpha_option_reaches_the_tie_model(tmp_path):
    db = tmp_path / "s.db"
    assert cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=db).exit_code == 0
    store = open_store(str(db))
    try:
        assert load_model(store, "blue-harbor").alpha == DEFAULT_ALPHA
        assert load_model(store, "blue-harbor", Scope(alpha=1.0)).alpha == 1.0
    finally:
        store.close()

    def brokers_of(*args: str) -> dict[str, float]:
        result = cli("influence", "-n", "blue-harbor", "--format", "json", *args, store=db)
        assert result.exit_code == 0, result.stderr
        return {s["id"]: s["betweenness"] for s in json.loads(result.stdout)["stakeholders"]}

    assert brokers_of() == brokers_of("--alpha", "0.5") != brokers_of("--alpha", "1")
    wrong = cli("influence", "-n", "blue-harbor", "--alpha", "1.5", store=db)
    assert wrong.exit_code == 2
    assert "--alpha" in wrong.stderr and "0<=x<=1" in wrong.stderr
