"""Stores written by graphkit 0.1.0 (tests/data/upgrade, made by make_fixtures.py with
0.1.0) open, migrate and give the same answers as before, on both stores.

In 0.1.0 a stakeholder was shared by every negotiation it took part in: negotiation
``two`` refers to blue-harbor's A-01, B-01 and M-01. After the migration each
negotiation has its own copy, with the same values.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import shutil
import sqlite3

import pytest

from graphkit.stores import open_store
from graphkit.stores.base import (
    INTERACTION_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    dumps,
)
from graphkit.stores.sqlite_schema import MIGRATIONS
from tests.conftest import DATA, SAMPLE_FILES, cli

UPGRADE = DATA / "upgrade"
NEGOTIATIONS = ("blue-harbor", "two")


def same(a, b, path="") -> None:
    """Equal JSON values, floats up to rounding (0.1.0's two stores differed in the last digit)."""
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), path
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


def influence(negotiation: str, store: str) -> dict:
    result = cli("influence", "-n", negotiation, "--format", "json", store=store)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def v1_records(db) -> dict:
    """What the 0.1.0 file holds, read with its own schema (before any migration)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        out = {}
        for n in NEGOTIATIONS:
            out[n] = {
                "stakeholders": conn.execute(
                    "SELECT s.id, s.name, s.party, s.organization, s.role, s.tier, s.kind, s.notes, "
                    "s.unmapped, s.attributes FROM memberships m JOIN stakeholders s ON s.id = "
                    "m.stakeholder WHERE m.negotiation = ? ORDER BY s.id",
                    (n,),
                ).fetchall(),
                "interactions": sorted(
                    conn.execute(
                        "SELECT date, source, target, channel, track, sentiment, confidential, "
                        "notes, attributes FROM interactions WHERE negotiation = ?",
                        (n,),
                    ).fetchall()
                ),
                "relationships": conn.execute(
                    "SELECT key, source, target, type, sign, weight, directed, notes, attributes "
                    "FROM relationships WHERE negotiation = ? ORDER BY key",
                    (n,),
                ).fetchall(),
                "held": [""]
                if conn.execute(
                    "SELECT 1 FROM relationships WHERE negotiation = ?", (n,)
                ).fetchone()
                else [],
                "levels": [0],  # every stakeholder: power and interest not declared
                "metrics": sorted(
                    conn.execute(
                        "SELECT stakeholder, metric, value FROM metrics WHERE negotiation = ?", (n,)
                    ).fetchall()
                ),
            }
        return out
    finally:
        conn.close()


def _plain(frame, columns) -> list[tuple]:
    """Rows as the 0.1.0 tables hold them: flags as 0/1, attributes as stored JSON text."""
    return [
        tuple(int(v) if isinstance(v, bool) else dumps(v) if isinstance(v, dict) else v
              for v in row)
        for row in frame[columns].itertuples(index=False)
    ]  # fmt: skip


V1_RELATIONSHIP_COLUMNS = [c for c in RELATIONSHIP_COLUMNS if c not in ("since", "until")]
V1_STAKEHOLDER_COLUMNS = [c for c in STAKEHOLDER_COLUMNS if c not in ("power", "interest")]


def records_now(store_url) -> dict:
    store = open_store(store_url)
    try:
        out = {}
        for n in NEGOTIATIONS:
            data = store.load(n)
            out[n] = {
                # 0.1.0 had no declared power or interest: not declared (schema 4 / 7)
                "stakeholders": _plain(data.stakeholders, V1_STAKEHOLDER_COLUMNS),
                "levels": sorted(
                    set(data.stakeholders["power"]) | set(data.stakeholders["interest"])
                ),
                "interactions": sorted(_plain(data.interactions, INTERACTION_COLUMNS[1:])),
                # 0.1.0's ties had no dates: they are open (schema 3)
                "relationships": _plain(data.relationships, V1_RELATIONSHIP_COLUMNS),
                "held": sorted(set(data.relationships["since"]) | set(data.relationships["until"])),
                "metrics": sorted(
                    (sid, m, v) for sid, ms in store.read_metrics(n).items() for m, v in ms.items()
                ),
            }
        return out
    finally:
        store.close()


#: What a stakeholder is, and what the negotiation holds: answers no later change of a
#: metric's definition may alter.
IDENTITY = ("id", "name", "party", "organization", "role")
COUNTS = ("stakeholders", "ties", "contacts", "parties")


def today(negotiation: str, store_url: str, tmp_path, files: list) -> dict:
    """The answers of this version of graphkit for the same data imported afresh."""
    fresh = tmp_path / f"fresh-{negotiation}.db"
    result = cli("import", "-n", negotiation, *files, store=fresh)
    assert result.exit_code == 0, result.stderr
    return influence(negotiation, str(fresh))


def check_migrated(store_url: str, before_records: dict, tmp_path) -> None:
    # The files of 0.1.x: the sample's stakeholder map without the power and interest
    # columns it has since.
    people = tmp_path / "stakeholders.csv"
    with open(SAMPLE_FILES[1], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(people, "w", newline="", encoding="utf-8") as fh:
        kept = [c for c in rows[0] if c not in ("power", "interest")]
        writer = csv.DictWriter(fh, kept, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    files = [people if f == SAMPLE_FILES[1] else f for f in SAMPLE_FILES]
    # The migrated store answers exactly as a fresh import of the same data does today
    # (metrics are redefined from version to version; the data must not change)...
    migrated = influence("blue-harbor", store_url)
    same(migrated, today("blue-harbor", store_url, tmp_path, files), "blue-harbor")
    # ... and as 0.1.0 did in everything no metric's definition can change.
    for n in NEGOTIATIONS:
        recorded = json.loads((UPGRADE / f"influence-{n}-0.1.0.json").read_text("utf-8"))
        now = influence(n, store_url)
        assert [
            [r[k] for k in IDENTITY] for r in sorted(now["stakeholders"], key=lambda r: r["id"])
        ] == [
            [r[k] for k in IDENTITY]
            for r in sorted(recorded["stakeholders"], key=lambda r: r["id"])
        ], n
        assert {k: now["summary"][k] for k in COUNTS} == {k: recorded["summary"][k] for k in COUNTS}
        assert [(t["source"], t["target"], t["contacts"]) for t in now["ties"]] == [
            (t["source"], t["target"], t["contacts"]) for t in recorded["ties"]
        ], n
    if before_records is not None:
        plain = json.loads(json.dumps(records_now(store_url)))
        same(plain, json.loads(json.dumps(before_records)), "records")
    # each negotiation has its own copy of the people it shared in 0.1.0
    store = open_store(store_url)
    try:
        two = store.stakeholder_names("two")
        assert sorted(two) == ["A-01", "B-01", "M-01", "N-01"]
        assert {k: v for k, v in store.stakeholder_names("blue-harbor").items() if k in two} == {
            k: v for k, v in two.items() if k != "N-01"
        }
    finally:
        store.close()
    # the same files again change nothing: keys were migrated to what 0.1.x files give now
    again = cli("import", "-n", "blue-harbor", *files, "--format", "json", store=store_url)
    assert again.exit_code == 0, again.stderr
    for row in json.loads(again.stdout)["files"]:
        assert (row["added"], row["updated"]) == (0, 0), row
    log = cli("import", "-n", "two", "--interactions", UPGRADE / "two_interactions.csv", "--create-missing",
              "--format", "json", store=store_url)  # fmt: skip
    assert json.loads(log.stdout)["files"][0]["unchanged"] == 5
    # a change in one negotiation no longer reaches the other
    fix = tmp_path / "rename.csv"
    fix.write_text("id,name\nA-01,Renamed In Two\n", encoding="utf-8")
    assert cli("import", "-n", "two", "--stakeholders", fix, store=store_url).exit_code == 0
    store = open_store(store_url)
    try:
        assert store.stakeholder_names("two")["A-01"] == "Renamed In Two"
        assert store.stakeholder_names("blue-harbor")["A-01"] == "Helena Vasconcelos"
    finally:
        store.close()


def test_embedded_store_of_0_1_0_migrates_and_answers_the_same(tmp_path):
    db = tmp_path / "old.db"
    shutil.copyfile(UPGRADE / "store-0.1.0.db", db)
    before = v1_records(db)
    listing = cli("negotiations", "--format", "json", store=db)
    assert listing.exit_code == 0, listing.stderr
    assert [(r["name"], r["stakeholders"]) for r in json.loads(listing.stdout)] == [
        ("blue-harbor", 61),
        ("two", 4),
    ]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert not conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    check_migrated(str(db), before, tmp_path)


def _load_dump(access) -> None:
    """Write the 0.1.0 Neo4j graph back, node for node (labels are fixed words here)."""
    from neo4j import GraphDatabase

    with gzip.open(UPGRADE / "neo4j-0.1.0.json.gz", "rt", encoding="utf-8") as fh:
        dump = json.load(fh)
    access.wipe()
    with GraphDatabase.driver(access.uri, auth=(access.username, access.password)) as driver:
        driver.execute_query("DROP CONSTRAINT stakeholder_uid IF EXISTS")
        driver.execute_query("MATCH (m:GraphkitSchema) DETACH DELETE m")
        for label in ("Stakeholder", "Negotiation", "Interaction"):
            rows = [
                {"ref": i, "props": n["props"]}
                for i, n in enumerate(dump["nodes"])
                if n["labels"] == [label]
            ]
            driver.execute_query(
                f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props, n._ref = row.ref",
                rows=rows,
            )
        for rel in ("TAKES_PART_IN", "INITIATED", "WITH", "DECLARED"):
            rows = [r for r in dump["relationships"] if r["type"] == rel]
            driver.execute_query(
                "UNWIND $rows AS row MATCH (a {_ref: row.source}), (b {_ref: row.target}) "
                f"CREATE (a)-[r:{rel}]->(b) SET r = row.props",
                rows=rows,
            )
        driver.execute_query("MATCH (n) REMOVE n._ref")


@pytest.mark.slow
@pytest.mark.neo4j
def test_neo4j_store_of_0_1_0_migrates_and_answers_the_same(neo4j_access, tmp_path):
    _load_dump(neo4j_access)
    from graphkit.stores.neo4j import SCHEMA_VERSION
    from tests.conftest import neo4j_value

    uri, password = neo4j_access.uri, neo4j_access.password
    assert neo4j_value(uri, password, "MATCH (s:Stakeholder) RETURN count(s)") == 62
    # the embedded fixture holds the same records (both were written by 0.1.0 from the same files)
    db = tmp_path / "old.db"
    shutil.copyfile(UPGRADE / "store-0.1.0.db", db)
    before = v1_records(db)
    check_migrated(uri, before, tmp_path)
    assert neo4j_value(uri, password, "MATCH (m:GraphkitSchema) RETURN m.version") == SCHEMA_VERSION
    assert (
        neo4j_value(uri, password, "MATCH (s:Stakeholder) WHERE s.uid IS NULL RETURN count(s)") == 0
    )
    # 61 in blue-harbor and 4 in two: A-01, B-01 and M-01 became one stakeholder in each
    assert neo4j_value(uri, password, "MATCH (s:Stakeholder) RETURN count(s)") == 65
