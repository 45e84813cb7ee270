"""Declared ties carry the days they held (``since``, ``until``): read from the file,
stored by both stores, migrated into from older stores (issue 13, point 9)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from graphkit.stores import open_store
from graphkit.stores.sqlite_schema import MIGRATIONS
from tests.conftest import cli, snapshot

PEOPLE = "id,name,party\nA-01,Ana,A\nA-02,Al,A\nB-01,Bo,B\nB-02,Bea,B\n"
TIES = (
    "source,target,type,sign,since,until\n"
    "A-01,B-01,alliance,+1,2019,\n"
    "A-02,B-02,rivalry,-1,13/02/2021,2023-06\n"
    "A-01,A-02,alumni,+1,,\n"
)


def _files(tmp_path, ties=TIES):
    people, rel = tmp_path / "people.csv", tmp_path / "ties.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    rel.write_text(ties, encoding="utf-8")
    return people, rel


def _held(store_url) -> dict[str, tuple[str, str]]:
    store = open_store(store_url)
    try:
        r = store.load("t").relationships
        held = zip(r["type"], r["since"], r["until"], strict=True)
        return {kind: (since, until) for kind, since, until in held}
    finally:
        store.close()


def test_dates_are_read_stored_and_reimported_unchanged(store_url, tmp_path):
    people, ties = _files(tmp_path)
    first = cli("import", "-n", "t", "--stakeholders", people, "--relationships", ties,
                "--format", "json", store=store_url)  # fmt: skip
    assert first.exit_code == 0, first.output
    # a year is its first day for since, a month its last day for until; 13/02/2021 is
    # day first (as in a contact log, the column's values decide)
    assert _held(store_url) == {
        "alliance": ("2019-01-01", ""),
        "rivalry": ("2021-02-13", "2023-06-30"),
        "alumni": ("", ""),
    }
    again = cli("import", "-n", "t", "--stakeholders", people, "--relationships", ties,
                "--format", "json", store=store_url)  # fmt: skip
    rows = {r["file"]: r for r in json.loads(again.stdout)["files"]}
    assert (rows["ties.csv"]["added"], rows["ties.csv"]["updated"]) == (0, 0)
    # a later file that leaves the column out keeps the stored dates
    (tmp_path / "later.csv").write_text("source,target,type,sign,weight\nA-01,B-01,alliance,+1,2\n")
    assert cli("import", "-n", "t", "--relationships", tmp_path / "later.csv",
               store=store_url).exit_code == 0  # fmt: skip
    assert _held(store_url)["alliance"] == ("2019-01-01", "")


def test_a_tie_that_ends_before_it_starts_is_refused_with_the_cell(tmp_path, store_path):
    people, ties = _files(
        tmp_path, "source,target,type,sign,since,until\nA-01,B-01,alliance,+1,2024-05-01,2023\n"
    )
    result = cli("import", "-n", "t", "--stakeholders", people, "--relationships", ties,
                 store=store_path)  # fmt: skip
    assert result.exit_code == 1
    assert 'ties.csv line 2, column "until": the tie ends (2023-12-31) before it starts' in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert snapshot(store_path) == ""  # nothing written


def test_a_date_that_is_no_date_names_the_cell_and_the_fix(tmp_path, store_path):
    people, ties = _files(
        tmp_path, "source,target,type,sign,Since\nA-01,B-01,alliance,+1,long ago\n"
    )
    result = cli("import", "-n", "t", "--stakeholders", people, "--relationships", ties,
                 store=store_path)  # fmt: skip
    assert result.exit_code == 1
    assert 'ties.csv line 2, column "Since": "long ago" is not an ISO 8601 date' in result.stderr
    assert "or a year (2019) or a month (2019-03) for its first day" in result.stderr


def _v2_store_with_date_attributes(path) -> None:
    """An embedded store as a graphkit of schema 2 wrote it: ties whose files had since
    and until columns, kept as attributes then."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        migration(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO negotiations VALUES ('t', '2025-01-01', '2025-01-01')")
    for sid in ("A-01", "B-01", "A-02", "B-02"):
        conn.execute(
            "INSERT INTO stakeholders (negotiation, id, name, party) VALUES ('t', ?, ?, ?)",
            (sid, sid, sid[0]),
        )
    rows = [
        ("alliance\x1fA-01\x1fB-01\x1fu", "A-01", "B-01", "alliance", 1,
         '{"Since":"2019","desk":"EU"}'),
        ("rivalry\x1fA-02\x1fB-02\x1fu", "A-02", "B-02", "rivalry", -1,
         '{"Until":"ongoing"}'),
    ]  # fmt: skip
    conn.executemany(
        "INSERT INTO relationships (negotiation, key, source, target, type, sign, attributes) "
        "VALUES ('t', ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()


def test_an_embedded_store_of_schema_2_moves_date_attributes_into_the_fields(tmp_path):
    db = tmp_path / "old.db"
    _v2_store_with_date_attributes(db)
    store = open_store(str(db))
    try:
        r = store.load("t").relationships.set_index("type")
    finally:
        store.close()
    assert (r.at["alliance", "since"], r.at["alliance", "until"]) == ("2019-01-01", "")
    assert r.at["alliance", "attributes"] == {"desk": "EU"}
    # not a date: stays an attribute, the field open
    assert (r.at["rivalry", "since"], r.at["rivalry", "until"]) == ("", "")
    assert r.at["rivalry", "attributes"] == {"Until": "ongoing"}
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert not conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()


@pytest.mark.neo4j
def test_a_neo4j_store_of_schema_2_moves_date_attributes_into_the_fields(neo4j_access, tmp_path):
    from neo4j import GraphDatabase

    people, ties = _files(tmp_path, "source,target,type,sign\nA-01,B-01,alliance,+1\n")
    uri = neo4j_access.uri
    neo4j_access.wipe()
    assert cli("import", "-n", "t", "--stakeholders", people, "--relationships", ties,
               store=uri).exit_code == 0  # fmt: skip
    # as a graphkit of schema 2 left it: no since/until, the file's columns as attributes
    with GraphDatabase.driver(uri, auth=(neo4j_access.username, neo4j_access.password)) as d:
        d.execute_query(
            "MATCH ()-[r:DECLARED]->() REMOVE r.since, r.until "
            'SET r.attributes = \'{"since":"2020-05-04","Until":"2021"}\''
        )
        d.execute_query("MATCH (m:GraphkitSchema) SET m.version = 2")
    store = open_store(uri)
    try:
        r = store.load("t").relationships
    finally:
        store.close()
    assert r[["since", "until"]].values.tolist() == [["2020-05-04", "2021-12-31"]]
    assert r["attributes"].tolist() == [{}]
    with GraphDatabase.driver(uri, auth=(neo4j_access.username, neo4j_access.password)) as d:
        records, _, _ = d.execute_query("MATCH (m:GraphkitSchema) RETURN m.version AS v")
    from graphkit.stores.neo4j import SCHEMA_VERSION

    assert records[0]["v"] == SCHEMA_VERSION
