"""Metrics against published values on the classic networks in tests/data/reference,
and every fast path (igraph, scipy) against networkx, the reference implementation."""

from __future__ import annotations

import csv
import itertools

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import brokers, coalitions, friction, influence
from graphkit.graph import build_ties
from graphkit.networks import tie_graph


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def florentine(reference):
    return nx.Graph(
        (e["family_a"], e["family_b"])
        for e in _rows(reference / "florentine_families_marriage_edges.csv")
    )


@pytest.fixture
def kite(reference):
    return nx.Graph(
        (e["person_a"], e["person_b"]) for e in _rows(reference / "krackhardt_kite_edges.csv")
    )


@pytest.fixture
def borgatti(reference):
    G = nx.Graph()
    G.add_weighted_edges_from(
        (e["node_a"], e["node_b"], float(e["weight"]))
        for e in _rows(reference / "borgatti1997_structural_holes_edges.csv")
    )
    return G


@pytest.fixture
def tribes(reference):
    G = nx.Graph()
    for e in _rows(reference / "highland_tribes_signed.csv"):
        G.add_edge(e["tribe_a"], e["tribe_b"], sign=int(e["sign"]))
    return G


# Published values (networkx test suite, quoted in shared/reference/README.md).
FLORENTINE_BETWEENNESS = {
    "Medici": 0.522, "Guadagni": 0.255, "Albizzi": 0.212, "Salviati": 0.143, "Ridolfi": 0.114,
    "Bischeri": 0.104, "Strozzi": 0.103, "Barbadori": 0.093, "Tornabuoni": 0.092, "Castellani": 0.055,
    "Peruzzi": 0.022, "Acciaiuoli": 0.0, "Ginori": 0.0, "Lamberteschi": 0.0, "Pazzi": 0.0,
}  # fmt: skip
FLORENTINE_CLOSENESS = {
    "Medici": 0.560, "Ridolfi": 0.500, "Albizzi": 0.483, "Tornabuoni": 0.483, "Guadagni": 0.467,
    "Barbadori": 0.4375, "Strozzi": 0.4375, "Bischeri": 0.400, "Castellani": 0.389, "Salviati": 0.389,
    "Acciaiuoli": 0.368, "Peruzzi": 0.368, "Ginori": 0.333, "Lamberteschi": 0.326, "Pazzi": 0.286,
}  # fmt: skip


def test_florentine_published_betweenness_closeness_degree(florentine):
    b = brokers.betweenness(florentine, weight=None)
    assert b == pytest.approx(FLORENTINE_BETWEENNESS, abs=1e-3)
    assert brokers.closeness(florentine, weight=None) == pytest.approx(
        FLORENTINE_CLOSENESS, abs=1e-3
    )
    degree = influence.degree_centrality(florentine)
    assert degree["Medici"] == pytest.approx(0.429, abs=1e-3)
    assert degree["Guadagni"] == degree["Strozzi"] == pytest.approx(0.286, abs=1e-3)
    assert max(b, key=b.get) == "Medici"


def test_florentine_through_the_tie_model_equals_unweighted(florentine):
    # Contacts all on one day: equal strengths, so weighted betweenness = published unweighted.
    people = pd.DataFrame({"id": sorted(florentine), "name": sorted(florentine), "party": ""})
    log = pd.DataFrame(
        [
            {"date": "1430-01-01", "source": u, "target": v, "sentiment": 0.0}
            for u, v in florentine.edges()
        ]
    )
    model = build_ties(people, log, pd.DataFrame())
    G = tie_graph(model, include_negative=False)
    assert brokers.betweenness(G, weight="distance") == pytest.approx(
        FLORENTINE_BETWEENNESS, abs=1e-3
    )


def test_krackhardt_kite_roles(kite):
    b = brokers.betweenness(kite, weight=None)
    assert max(b, key=b.get) == "Heather"
    assert b["Heather"] == pytest.approx(0.389, abs=1e-3)
    degree = influence.degree_centrality(kite)
    assert max(degree, key=degree.get) == "Diane"
    c = brokers.closeness(kite, weight=None)
    assert c["Fernando"] == c["Garth"] == pytest.approx(0.643, abs=1e-3)


@pytest.mark.parametrize(
    ("weight", "expected_constraint", "expected_size"),
    [
        (None, {"G": 0.400, "A": 0.595, "C": 1}, {"G": 4.67, "A": 2.50, "C": 1}),
        ("weight", {"G": 0.299, "A": 0.795, "C": 1}, {"G": 5.47, "A": 2.47, "C": 1}),
    ],
)
def test_borgatti_structural_holes(borgatti, weight, expected_constraint, expected_size):
    c = brokers.constraint(borgatti, weight=weight)
    e = brokers.effective_size(borgatti, weight=weight)
    for node in "GAC":
        assert c[node] == pytest.approx(expected_constraint[node], abs=1e-3)
        assert e[node] == pytest.approx(expected_size[node], abs=1e-2)


def test_highland_tribes_balance(tribes, reference):
    tri = friction.signed_triangles(tribes)
    bal = friction.balance(tribes, tri)
    assert (bal["triangles"], bal["balanced"], bal["unbalanced"]) == (68, 59, 9)
    assert bal["balance_ratio"] == pytest.approx(0.8676471, abs=1e-6)
    assert bal["by_type"] == {"+++": 19, "++-": 2, "+--": 40, "---": 7}
    expected = {
        r["tribe"]: int(r["unbalanced_triangles_incident"])
        for r in _rows(reference / "highland_tribes_nodes.csv")
    }
    assert bal["per_stakeholder"] == expected


def test_knoke_information_brokerage_equals_sna(reference):
    arcs = [
        a
        for a in _rows(reference / "knoke_bureaucracies_arcs.csv")
        if a["relation"] == "information"
    ]
    D = nx.DiGraph((a["sender"], a["receiver"]) for a in arcs)
    sna = [
        r
        for r in _rows(reference / "knoke_bureaucracies_brokerage_sna.csv")
        if r["relation"] == "information"
    ]
    sector = {r["org"]: r["sector"] for r in sna}
    roles = brokers.brokerage_roles(D, sector)
    columns = {
        "coordinator": "coordinator_w_I", "itinerant": "itinerant_w_O", "representative": "representative_b_IO",
        "gatekeeper": "gatekeeper_b_OI", "liaison": "liaison_b_O", "total": "total_t",
    }  # fmt: skip
    for r in sna:
        assert {role: roles[r["org"]][role] for role in columns} == {
            role: int(r[col]) for role, col in columns.items()
        }, r["org"]


# -- fast paths against networkx -------------------------------------------------------


def _reference_graphs(florentine, kite, borgatti):
    weighted = florentine.copy()
    for i, (u, v) in enumerate(sorted(weighted.edges())):
        # Powers of two: their reciprocals add exactly, so equal-length paths tie exactly
        # (igraph compares lengths with a tolerance, networkx exactly).
        weighted[u][v]["strength"] = 2.0 ** (i * 7 % 4)
        weighted[u][v]["distance"] = 1.0 / weighted[u][v]["strength"]
    b = borgatti.copy()
    for _, _, d in b.edges(data=True):
        d["strength"], d["distance"] = d["weight"], 1.0 / d["weight"]
    return {"florentine": weighted, "kite": kite, "borgatti": b, "random": _random_weighted()}


def _random_weighted():
    G = nx.gnm_random_graph(60, 180, seed=3)
    G.add_nodes_from([60, 61])  # isolates
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["strength"] = 2.0 ** (i * 13 % 5 - 1)
        G[u][v]["distance"] = 1.0 / G[u][v]["strength"]
    return G


def test_fast_paths_match_networkx(florentine, kite, borgatti):
    for name, G in _reference_graphs(florentine, kite, borgatti).items():
        has_w = any("strength" in d for _, _, d in G.edges(data=True))
        dist = "distance" if has_w else None
        strength = "strength" if has_w else None
        assert brokers.betweenness(G, weight=dist) == pytest.approx(
            nx.betweenness_centrality(G, weight=dist), abs=1e-9
        ), name
        assert brokers.closeness(G, weight=dist) == pytest.approx(
            nx.closeness_centrality(G, distance=dist), abs=1e-9
        ), name
        mine = brokers.constraint(G, weight=strength)
        theirs = nx.constraint(G, weight=strength)
        assert {k: v for k, v in mine.items() if G.degree(k)} == pytest.approx(
            {k: v for k, v in theirs.items() if G.degree(k)}, abs=1e-9
        ), name
        mine = brokers.effective_size(G, weight=strength)
        theirs = nx.effective_size(G, nodes=list(G), weight=strength)
        assert {k: v for k, v in mine.items() if G.degree(k)} == pytest.approx(
            {k: v for k, v in theirs.items() if G.degree(k)}, abs=1e-9
        ), name
        D = G.to_directed()
        assert influence.influence_scores(D, weight=strength) == pytest.approx(
            nx.pagerank(D, weight=strength, tol=1e-12, max_iter=10_000), abs=1e-6
        ), name
        if nx.is_connected(G):
            assert influence.eigenvector_scores(G, weight=strength) == pytest.approx(
                nx.eigenvector_centrality_numpy(G, weight=strength), abs=1e-6
            ), name


def test_party_pair_shares_match_path_counting():
    G = _random_weighted()
    G.remove_nodes_from([60, 61])
    parties = {n: "ABC"[n % 3] for n in G}
    shares = brokers.party_pair_shares(G, parties, weight="distance")
    for (a, b), got in shares.items():
        expected: dict[int, float] = {}
        pairs = [
            (s, t)
            for s in G
            if parties[s] == a
            for t in G
            if parties[t] == b and nx.has_path(G, s, t)
        ]
        for s, t in pairs:
            paths = list(nx.all_shortest_paths(G, s, t, weight="distance"))
            for p in paths:
                for v in p[1:-1]:
                    expected[v] = expected.get(v, 0.0) + 1 / len(paths) / len(pairs)
        assert got == pytest.approx(expected, abs=1e-9)


def test_signed_triangles_match_brute_force():
    G = _random_weighted()
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["sign"] = (1, 1, -1, 0)[i % 4]
    tri = friction.signed_triangles(G)
    expected = set()
    signed = [(u, v) for u, v, d in G.edges(data=True) if d["sign"]]
    S = nx.Graph(signed)
    for a, b, c in itertools.combinations(S, 3):
        if S.has_edge(a, b) and S.has_edge(b, c) and S.has_edge(a, c):
            product = G[a][b]["sign"] * G[b][c]["sign"] * G[a][c]["sign"]
            expected.add((frozenset((a, b, c)), product > 0))
    assert {(frozenset((r.a, r.b, r.c)), bool(r.balanced)) for r in tri.itertuples()} == expected


def test_louvain_is_seeded_and_reproducible(florentine):
    first = coalitions.communities(florentine, weight=None, seed=7)
    assert first == coalitions.communities(florentine, weight=None, seed=7)
    assert len(set(first.values())) > 1


def test_party_cut_vertices_match_removal():
    G = _random_weighted()
    G.add_edges_from([(0, 100), (100, 101), (101, 102), (5, 103)])
    parties = {n: "AB"[n % 2] for n in G}
    got = brokers.party_cut_vertices(G, parties)
    expected = set()
    for v in G:
        H = G.copy()
        H.remove_node(v)
        comps = [
            c for c in nx.connected_components(H) if c & set(nx.node_connected_component(G, v))
        ]
        comp_parties = [{parties[x] for x in c} for c in comps]
        if any(
            x != y
            for i, a in enumerate(comp_parties)
            for b in comp_parties[i + 1 :]
            for x in a
            for y in b
        ):
            expected.add(v)
    assert set(got) == expected
