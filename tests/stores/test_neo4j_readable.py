"""The Neo4j graph as its users read it in Browser and Bloom (schema 5): dates are Neo4j
dates, extra columns typed properties, the write-back adds metrics with ``SET +=`` and
the computed ties as ``TIE`` relationships; a schema-4 database migrates to that and
reads the same.
"""

from __future__ import annotations

import math

import neo4j
import pandas as pd
import pytest
from neo4j import GraphDatabase

from graphkit import import_files
from graphkit.pipeline import analyse_negotiation
from graphkit.stores import open_store
from graphkit.stores.base import dumps
from graphkit.stores.neo4j import SCHEMA_VERSION
from tests.conftest import SAMPLE, cli

pytestmark = pytest.mark.neo4j

STAKEHOLDERS = (
    "id,name,party,budget,desk\n"
    "S-1,Ana,Alvara,3,EU: north\n"
    "S-2,Bo,Dalvenia,12,\n"
    "S-3,Cy,Dalvenia,7,Asia\n"
)
INTERACTIONS = (
    "id,date,source,target,sentiment,room\n"
    "I-1,2024-05-26,S-1,S-2,0.5,B.12\n"
    "I-2,2024-05-27T10:30:00,S-2,S-3,-0.4,\n"
    "I-3,2024-05-28T09:15:00.250,S-3,S-1,0.2,A.1\n"
)
RELATIONSHIPS = (
    "source,target,type,sign,since,until,basis\n"
    "S-1,S-2,alliance,+1,2019-03-01,,treaty\n"
    "S-2,S-3,rivalry,-1,,2023-12-31,\n"
)


def cypher(access, query: str, **params) -> list[dict]:
    with GraphDatabase.driver(access.uri, auth=(access.username, access.password)) as driver:
        return [r.data() for r in driver.execute_query(query, params).records]


def raw(access, query: str, **params) -> list[neo4j.Record]:
    """Records as the driver returns them (temporal values stay neo4j.time types)."""
    with GraphDatabase.driver(access.uri, auth=(access.username, access.password)) as driver:
        return list(driver.execute_query(query, params).records)


def _files(tmp_path):
    paths = {}
    for kind, text in (
        ("stakeholders", STAKEHOLDERS),
        ("interactions", INTERACTIONS),
        ("relationships", RELATIONSHIPS),
    ):
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_text(text, encoding="utf-8")
    return paths


def _import(store, name, paths):
    return import_files(store, name, **paths)


def _sample(store, name="blue-harbor"):
    return import_files(
        store,
        name,
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
    )


def test_dates_and_extra_columns_are_typed_and_read_back_as_before(
    neo4j_uri, neo4j_access, tmp_path
):
    paths = _files(tmp_path)
    store = open_store(neo4j_uri)
    embedded = open_store(str(tmp_path / "s.db"), create=True)
    try:
        _import(store, "typed", paths)
        _import(embedded, "typed", paths)
        dates = {
            r["key"]: r["date"]
            for r in raw(
                neo4j_access,
                "MATCH (i:Interaction {negotiation: 'typed'}) RETURN i.key AS key, i.date AS date",
            )
        }
        assert dates["id:I-1"] == neo4j.time.Date(2024, 5, 26)
        assert isinstance(dates["id:I-2"], neo4j.time.DateTime)
        assert dates["id:I-2"].tzinfo is None  # a LocalDateTime
        assert dates["id:I-2"].iso_format().startswith("2024-05-27T10:30:00")
        # A time with fractions of a second stays the text it was given.
        assert dates["id:I-3"] == "2024-05-28T09:15:00.250000"
        held = {
            r["type"]: (r["since"], r["until"], r["open"])
            for r in raw(
                neo4j_access,
                "MATCH ()-[d:DECLARED {negotiation: 'typed'}]->() RETURN d.type AS type, "
                "d.since AS since, d.until AS until, "
                "[k IN ['since', 'until'] WHERE d[k] IS NULL] AS open",
            )
        }
        assert held["alliance"] == (neo4j.time.Date(2019, 3, 1), None, ["until"])
        assert held["rivalry"] == (None, neo4j.time.Date(2023, 12, 31), ["since"])
        people = {
            r["id"]: r
            for r in cypher(
                neo4j_access,
                "MATCH (s:Stakeholder {negotiation: 'typed'}) RETURN s.id AS id, "
                "s.`field:budget` AS budget, s.`field:desk` AS desk, "
                "s.attributes AS attributes",
            )
        }
        assert people["S-1"]["budget"] == 3 and isinstance(people["S-1"]["budget"], int)
        assert people["S-1"]["desk"] == "EU: north"
        assert all(p["attributes"] is None for p in people.values())  # no JSON text
        contact = cypher(
            neo4j_access,
            "MATCH (i:Interaction {key: 'id:I-1'}) RETURN i.`field:room` AS room, "
            "i.attributes AS attributes",
        )
        assert contact == [{"room": "B.12", "attributes": None}]
        created = raw(neo4j_access, "MATCH (n:Negotiation {name: 'typed'}) RETURN n.created_at")
        assert isinstance(created[0][0], neo4j.time.DateTime)
        assert created[0][0].tzinfo is not None

        # The store reads exactly what the embedded store reads.
        a, b = store.load("typed"), embedded.load("typed")
        for kind in ("stakeholders", "interactions", "relationships"):
            pd.testing.assert_frame_equal(getattr(a, kind), getattr(b, kind))
        assert a.stakeholders.set_index("id").attributes["S-1"] == {
            "budget": 3,
            "desk": "EU: north",
        }
        assert store.negotiations() == embedded.negotiations()

        again = _import(store, "typed", paths)
        assert all(c.added == c.updated == 0 for c in again.counts.values()), again.counts
    finally:
        store.close()
        embedded.close()


def test_an_extra_column_left_out_is_removed_and_other_properties_stay(
    neo4j_uri, neo4j_access, tmp_path
):
    paths = _files(tmp_path)
    store = open_store(neo4j_uri)
    try:
        _import(store, "typed", paths)
        cypher(neo4j_access, "MATCH (s:Stakeholder {id: 'S-1'}) SET s.colour = 'red'")
        # The next import changes S-1's budget and drops its desk (--clear-empty).
        paths["stakeholders"].write_text(
            "id,name,party,budget,desk\nS-1,Ana,Alvara,4,\n", encoding="utf-8"
        )
        from graphkit import Options

        import_files(store, "typed", stakeholders=paths["stakeholders"],
                     options=Options(clear_empty=True))  # fmt: skip
        row = cypher(
            neo4j_access,
            "MATCH (s:Stakeholder {id: 'S-1'}) RETURN s.`field:budget` AS budget, "
            "s.`field:desk` AS desk, s.colour AS colour",
        )
        assert row == [{"budget": 4, "desk": None, "colour": "red"}]
        attributes = store.load("typed").stakeholders.set_index("id").attributes["S-1"]
        assert attributes == {"budget": 4}
    finally:
        store.close()


def _ties(access, negotiation):
    return cypher(
        access,
        "MATCH (a:Stakeholder)-[t:TIE {negotiation: $n}]->(b:Stakeholder) "
        "RETURN a.id AS u, b.id AS v, elementId(t) AS element, t.write AS write, "
        "properties(t) AS props",
        n=negotiation,
    )


def test_write_back_keeps_user_properties_and_replaces_its_ties(neo4j_uri, neo4j_access):
    store = open_store(neo4j_uri)
    try:
        _sample(store)
        _sample(store, "other")
    finally:
        store.close()
    cypher(
        neo4j_access,
        "MATCH (s:Stakeholder {negotiation: 'blue-harbor', id: 'A-04'}) "
        "SET s.colour = 'red', s.gk_note = 'mine'",
    )
    cypher(
        neo4j_access,
        "MATCH (:Stakeholder {negotiation: 'blue-harbor', id: 'A-04'})-[m:TAKES_PART_IN]->() "
        "SET m.since_when = 2020",
    )
    result = cli("influence", "-n", "other", "--write-back", "--format", "json", store=neo4j_uri)
    assert result.exit_code == 0, result.stderr
    other = {t["element"] for t in _ties(neo4j_access, "other")}
    for _ in range(2):
        result = cli(
            "influence", "-n", "blue-harbor", "--write-back", "--format", "json", store=neo4j_uri
        )
        assert result.exit_code == 0, result.stderr
        assert "computed ties (TIE relationships)" in result.stderr
    node = cypher(
        neo4j_access,
        "MATCH (s:Stakeholder {negotiation: 'blue-harbor', id: 'A-04'})-[m:TAKES_PART_IN]->() "
        "RETURN s.colour AS colour, s.gk_note AS note, s.gk_influence AS influence, "
        "m.since_when AS since_when, m.gk_influence AS on_membership",
    )[0]
    assert (node["colour"], node["note"], node["since_when"]) == ("red", "mine", 2020)
    assert node["influence"] is not None and node["influence"] == node["on_membership"]

    store = open_store(neo4j_uri)
    try:
        metrics = store.read_metrics("blue-harbor")
        analysis = analyse_negotiation(store, "blue-harbor")
    finally:
        store.close()
    assert "note" not in metrics["A-04"]  # gk_note is the user's, not a metric
    assert metrics["A-04"]["influence"] == node["influence"]

    ties = _ties(neo4j_access, "blue-harbor")
    assert len(ties) == len(analysis.ties)  # the first write-back's ties are gone
    assert len({(t["u"], t["v"]) for t in ties}) == len(ties)
    assert len({t["write"] for t in ties}) == 1
    published = cypher(
        neo4j_access, "MATCH (n:Negotiation {name: 'blue-harbor'}) RETURN n.tie_write AS w"
    )
    assert published == [{"w": ties[0]["write"]}]
    # u -> v as the tie model orders them, with its values.
    expected = analysis.ties.set_index(["u", "v"])
    for t in ties:
        row = expected.loc[(t["u"], t["v"])]
        p = t["props"]
        assert math.isclose(p["strength"], row["strength"])
        assert math.isclose(p["trust"], row["trust"])
        assert p["sign"] == row["sign"] and p["contested"] == row["contested"]
        assert p["flags"] == list(row["flags"]) and p["contacts"] == row["contacts"]
        assert p["first_contact"].iso_format() == row["first_contact"][:10]
        assert p["as_of"].iso_format() == analysis.model.as_of[:10]
    # The other negotiation's ties are untouched.
    assert {t["element"] for t in _ties(neo4j_access, "other")} == other


def test_ties_are_written_in_batches_and_a_failed_write_back_leaves_the_published_ones(
    neo4j_uri, neo4j_access, monkeypatch
):
    monkeypatch.setattr("graphkit.stores.neo4j.BATCH", 50)  # 252 ties: 6 batches
    store = open_store(neo4j_uri)
    try:
        _sample(store)
        analysis = analyse_negotiation(store, "blue-harbor")
        rows = analysis.ties.to_dict("records")
        assert len(rows) > 200
        for _ in range(2):  # the second replaces the first, also deleting in batches
            assert store.write_ties("blue-harbor", rows, as_of="2024-12-18") == len(rows)
        before = {t["element"] for t in _ties(neo4j_access, "blue-harbor")}
        assert len(before) == len(rows)

        def broken():  # fails after two batches were written
            yield from rows[:120]
            raise RuntimeError("lost in the middle")

        with pytest.raises(RuntimeError):
            store.write_ties("blue-harbor", broken(), as_of="2024-12-18")
        assert {t["element"] for t in _ties(neo4j_access, "blue-harbor")} == before
    finally:
        store.close()


def _to_schema_4(access) -> None:
    """Rewrite a schema-5 database in the form graphkit of schema 4 wrote: dates and
    timestamps as text, extra columns as JSON text, metrics without their list."""
    for match in (
        "MATCH (x:Stakeholder|StakeholderDraft|Interaction)",
        "MATCH ()-[x:DECLARED]->()",
    ):
        rows = cypher(
            access,
            f"{match} RETURN elementId(x) AS id, "
            "[k IN keys(x) WHERE k STARTS WITH 'field:' | [substring(k, 6), x[k]]] AS f",
        )
        cypher(
            access,
            f"UNWIND $rows AS row {match} WHERE elementId(x) = row.id "
            "SET x.attributes = row.attributes "
            "FOREACH (k IN [k IN keys(x) WHERE k STARTS WITH 'field:'] | REMOVE x[k])",
            rows=[{"id": r["id"], "attributes": dumps(dict(r["f"]))} for r in rows],
        )
    cypher(access, "MATCH (i:Interaction) SET i.date = toString(i.date)")
    cypher(
        access,
        "MATCH ()-[d:DECLARED]->() SET d.since = coalesce(toString(d.since), ''), "
        "d.until = coalesce(toString(d.until), '')",
    )
    cypher(
        access,
        "MATCH (n:Negotiation) SET n.created_at = toString(n.created_at), "
        "n.updated_at = toString(n.updated_at)",
    )
    cypher(access, "MATCH (s:Stakeholder) REMOVE s.gk_metrics")
    cypher(access, "MATCH ()-[t:TIE]->() DELETE t")
    cypher(access, "MATCH (n:Negotiation) REMOVE n.tie_write")
    cypher(access, "MATCH (m:GraphkitSchema) SET m.version = 4")


def test_schema_4_database_migrates_and_reads_the_same(neo4j_uri, neo4j_access, tmp_path):
    paths = _files(tmp_path)
    store = open_store(neo4j_uri)
    try:
        _sample(store)
        _import(store, "typed", paths)
        store.write_metrics("typed", {"S-1": {"influence": 0.5, "trust": 0.25}})
        before = {n: store.load(n) for n in ("blue-harbor", "typed")}
        listing = store.negotiations()
    finally:
        store.close()
    _to_schema_4(neo4j_access)
    assert cypher(neo4j_access, "MATCH (s:Stakeholder {id: 'S-1'}) RETURN s.attributes AS a") == [
        {"a": '{"budget":3,"desk":"EU: north"}'}
    ]
    cypher(neo4j_access, "MATCH (s:Stakeholder {id: 'S-2'}) SET s.colour = 'blue'")

    store = open_store(neo4j_uri)  # migrates
    try:
        version = cypher(neo4j_access, "MATCH (m:GraphkitSchema) RETURN m.version AS v")
        assert version == [{"v": SCHEMA_VERSION}]
        for name, data in before.items():
            after = store.load(name)
            for kind in ("stakeholders", "interactions", "relationships"):
                pd.testing.assert_frame_equal(getattr(after, kind), getattr(data, kind))
        assert store.negotiations() == listing
        assert store.read_metrics("typed") == {"S-1": {"influence": 0.5, "trust": 0.25}}
        date = raw(neo4j_access, "MATCH (i:Interaction {key: 'id:I-1'}) RETURN i.date")[0][0]
        assert date == neo4j.time.Date(2024, 5, 26)
        budget = cypher(
            neo4j_access, "MATCH (s:Stakeholder {id: 'S-1'}) RETURN s.`field:budget` AS b"
        )
        assert budget == [{"b": 3}]
        assert cypher(
            neo4j_access,
            "MATCH (x) WHERE x.attributes IS NOT NULL RETURN count(x) AS n",
        ) == [{"n": 0}]
        # The migrated metrics are graphkit's: the next write-back replaces them.
        store.write_metrics("typed", {"S-1": {"influence": 0.75}})
        assert store.read_metrics("typed") == {"S-1": {"influence": 0.75}}
        gone = cypher(neo4j_access, "MATCH (s:Stakeholder {id: 'S-1'}) RETURN s.gk_trust AS t")
        assert gone == [{"t": None}]
        for name, files in (("typed", paths), ("blue-harbor", None)):
            again = _import(store, name, files) if files else _sample(store)
            assert all(c.added == c.updated == 0 for c in again.counts.values()), (
                name,
                again.counts,
            )
    finally:
        store.close()
    assert cypher(neo4j_access, "MATCH (s:Stakeholder {id: 'S-2'}) RETURN s.colour AS c") == [
        {"c": "blue"}
    ]
