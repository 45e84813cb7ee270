"""The five example queries of cypher/README.md ("Five queries for Browser and Bloom") run
against a real Neo4j holding the sample negotiation after ``--write-back``, and give the
answers the analysis gives."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graphkit.pipeline import analyse_negotiation
from graphkit.stores import open_store
from tests.conftest import SAMPLE_FILES, cli

pytestmark = pytest.mark.neo4j

README = Path(__file__).parents[2] / "cypher" / "README.md"


def readme_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Five queries for Browser and Bloom", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```cypher\n(.*?)```", section, flags=re.S)


def test_the_readme_has_five_queries():
    assert len(readme_queries()) == 5


@pytest.fixture
def written_back(neo4j_uri, neo4j_access):
    result = cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=neo4j_uri)
    assert result.exit_code == 0, result.stderr
    result = cli("influence", "-n", "blue-harbor", "--write-back", store=neo4j_uri)
    assert result.exit_code == 0, result.stderr
    store = open_store(neo4j_uri)
    try:
        analysis = analyse_negotiation(store, "blue-harbor")
        data = store.load("blue-harbor")
    finally:
        store.close()
    with GraphDatabase.driver(
        neo4j_access.uri, auth=(neo4j_access.username, neo4j_access.password)
    ) as driver:
        answers = [[r.data() for r in driver.execute_query(q).records] for q in readme_queries()]
    return analysis, data, answers


def _ties(analysis):
    """{frozenset pair: tie row} of the analysis."""
    return {frozenset((t.u, t.v)): t for t in analysis.ties.itertuples(index=False)}


@pytest.mark.slow
def test_the_readme_queries_answer_what_the_analysis_says(written_back):
    analysis, data, (brokers, trusted, friction, top, contacts) = written_back
    people = analysis.stakeholders
    party = people["party"].to_dict()
    ties = _ties(analysis)

    # 1. Brokers between Alvara and Dalvenia: positive ties into both parties.
    expected = {}
    for b in people.index:
        if party[b] in ("Alvara", "Dalvenia"):
            continue
        sides = {
            p: {
                a
                for a in people.index
                if party[a] == p and frozenset((a, b)) in ties and ties[frozenset((a, b))].sign > 0
            }
            for p in ("Alvara", "Dalvenia")
        }
        if sides["Alvara"] and sides["Dalvenia"]:
            expected[b] = (len(sides["Alvara"]), len(sides["Dalvenia"]))
    assert brokers, "the sample has brokers between the two parties"
    assert {r["id"]: (r["alvara_ties"], r["dalvenia_ties"]) for r in brokers} == expected
    assert brokers[0]["id"] == max(expected, key=lambda s: people.loc[s, "betweenness"])

    # 2. A-04's trusted contacts: its ties flagged trusting, with their trust.
    want = {
        (set(pair) - {"A-04"}).pop(): t.trust
        for pair, t in ties.items()
        if "A-04" in pair and "trusting" in t.flags
    }
    assert trusted and {r["id"]: r["trust"] for r in trusted} == pytest.approx(want)

    # 3. Friction ties of the fisheries track: negative ties whose pair met on it.
    met = data.interactions[data.interactions["track"] == "fisheries"]
    on_track = {frozenset((s, t)) for s, t in zip(met["source"], met["target"], strict=True)}
    name = people["name"].to_dict()
    want_pairs = {
        frozenset((name[t.u], name[t.v]))
        for pair, t in ties.items()
        if t.sign < 0 and pair in on_track
    }
    assert friction and {frozenset((r["one"], r["other"])) for r in friction} == want_pairs
    assert all(r["sentiment"] <= friction[-1]["sentiment"] for r in friction)

    # 4. The most influential stakeholder of each party.
    best = people.sort_values("influence", ascending=False).groupby("party").head(1)
    assert {r["party"]: r["id"] for r in top} == dict(zip(best["party"], best.index, strict=True))
    for r in top:
        assert math.isclose(r["influence"], people.loc[r["id"], "influence"])

    # 5. A-04's contacts in the first half of 2023.
    log = data.interactions
    mine = log[
        ((log["source"] == "A-04") | (log["target"] == "A-04"))
        & (log["source"] != log["target"])
        & (log["date"] >= "2023-01-01")
        & (log["date"] < "2023-07-01")
    ]
    assert contacts and len(contacts) == len(mine)
    assert [r["date"].iso_format() for r in contacts] == sorted(mine["date"])
