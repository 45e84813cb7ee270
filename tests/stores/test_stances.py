"""Issue 18, point 1: declared power and interest of stakeholders, and dated stances per
stakeholder and issue, on both stores: imported like the other kinds (validated, all or
nothing, nothing erased that the file did not mention, re-import changes nothing), kept
per negotiation, removed with their stakeholder, and migrated from a team's own column."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from graphkit import Options, import_files
from graphkit.errors import GraphkitError, ImportRejected
from graphkit.stores import open_store
from tests.conftest import DATA, cli, snapshot

BASE = DATA / "base_stakeholders.csv"  # S-01 .. S-05


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _stances(tmp_path, text, name="stances.csv"):
    return _write(tmp_path / name, text)


FIRST = (
    "stakeholder,issue,date,stance,source,confidential,notes\n"
    "S-01,fisheries,2023-01-10,oppose,Embassy cable,no,Worried about quotas\n"
    "S-01,fisheries,2023-09-01,lean support,Meeting note,,\n"
    "S-02,fisheries,2023-02-01,Undecided,,yes,Heard in a corridor\n"
    "S-02,patrols,2023-02-01,+2,Press,,\n"
)


def _table(store, negotiation="talks", **kw):
    t = store.load_stances(negotiation, **kw)
    return {
        (r["stakeholder"], r["issue"], r["date"]): (r["stance"], r["source"], r["confidential"],
                                                    r["notes"])
        for r in t.to_dict("records")
    }  # fmt: skip


def test_stances_round_trip_and_reimport_changes_nothing(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE)
    path = _stances(tmp_path, FIRST)
    first = import_files(store, "talks", stances=path)
    c = first.counts["stances"]
    assert (c.read, c.added, c.updated, c.unchanged) == (4, 4, 0, 0)
    assert _table(store) == {
        ("S-01", "fisheries", "2023-01-10"): (-2, "Embassy cable", False, "Worried about quotas"),
        ("S-01", "fisheries", "2023-09-01"): (1, "Meeting note", False, ""),
        ("S-02", "fisheries", "2023-02-01"): (0, "", True, "Heard in a corridor"),
        ("S-02", "patrols", "2023-02-01"): (2, "Press", False, ""),
    }
    t = store.load_stances("talks")
    assert t["stance"].dtype.kind == "i" and t["confidential"].dtype == bool
    again = import_files(store, "talks", stances=path).counts["stances"]
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    # --public never ships a confidential stance
    assert ("S-02", "fisheries", "2023-02-01") not in _table(store, public=True)
    assert len(_table(store, public=True)) == 3


def test_a_corrected_stance_updates_and_an_empty_cell_erases_nothing(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, stances=_stances(tmp_path, FIRST))
    fix = _stances(
        tmp_path,
        "stakeholder,issue,date,stance,source\n"
        "S-01,fisheries,2023-01-10,lean oppose,\n"  # corrected stance; source not given
        "S-03,fisheries,2024-01-01,support,Minutes\n",
        "fix.csv",
    )
    done = import_files(store, "talks", stances=fix).counts["stances"]
    assert (done.added, done.updated, done.fields) == (1, 1, {"stance": 1})
    table = _table(store)
    assert table[("S-01", "fisheries", "2023-01-10")] == (
        -1, "Embassy cable", False, "Worried about quotas",
    )  # fmt: skip
    assert table[("S-03", "fisheries", "2024-01-01")] == (2, "Minutes", False, "")
    assert len(table) == 5


def test_stances_belong_to_their_negotiation(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, stances=_stances(tmp_path, FIRST))
    import_files(store, "other", stakeholders=BASE)
    before = _table(store)
    import_files(
        store,
        "other",
        stances=_stances(tmp_path, "stakeholder,issue,date,stance\nS-01,fisheries,2023-01-10,support\n", "o.csv"),
    )  # fmt: skip
    assert _table(store) == before
    assert _table(store, "other") == {("S-01", "fisheries", "2023-01-10"): (2, "", False, "")}


def test_deleting_a_stakeholder_removes_its_stances(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, stances=_stances(tmp_path, FIRST))
    gone = store.delete("talks", ["S-01"])
    assert (gone.stakeholders, gone.stances) == (1, 2)
    assert {k[0] for k in _table(store)} == {"S-02"}
    whole = store.delete("talks")
    assert (whole.stakeholders, whole.stances) == (4, 2)


def test_sync_will_not_orphan_stances(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, stances=_stances(tmp_path, FIRST))
    fewer = _write(
        tmp_path / "fewer.csv",
        "\n".join(line for line in BASE.read_text(encoding="utf-8").splitlines()
                  if not line.startswith("S-02")) + "\n",
    )  # fmt: skip
    with pytest.raises(GraphkitError, match="2 stances still refer to them"):
        import_files(store, "talks", stakeholders=fewer, sync=True)
    assert len(_table(store)) == 4


def test_power_and_interest_are_stored_and_kept_when_not_given(store, tmp_path):
    people = _write(
        tmp_path / "p.csv",
        "id,name,Influence (1-5),interest\nS-01,Ana,5,2\nS-02,Bo,1,\nS-03,Cy,,\n",
    )
    import_files(
        store, "talks", stakeholders=people, options=Options(mapping={"power": "Influence (1-5)"})
    )
    s = store.load("talks").stakeholders.set_index("id")
    assert s.loc["S-01", ["power", "interest"]].tolist() == [5, 2]
    assert s.loc["S-02", ["power", "interest"]].tolist() == [1, 0]  # 0: not declared
    assert s["power"].dtype.kind == "i"
    # a later map without the columns keeps them; one with a new value changes only it
    import_files(store, "talks", stakeholders=BASE)
    import_files(store, "talks", stakeholders=_write(tmp_path / "q.csv", "id,power\nS-02,3\n"))
    s = store.load("talks").stakeholders.set_index("id")
    assert s.loc["S-01", ["power", "interest"]].tolist() == [5, 2]
    assert s.loc["S-02", "power"] == 3
    assert "Influence (1-5)" not in s.loc["S-01", "attributes"]


def test_bad_stances_are_refused_with_file_line_column_and_fix(tmp_path):
    db = tmp_path / "s.db"
    store = open_store(str(db), create=True)
    import_files(store, "talks", stakeholders=BASE)
    before = snapshot(db)
    bad = _stances(
        tmp_path,
        "Stakeholder,Issue,Date,Position\n"
        "S-01,fisheries,2023-01-10,maybe\n"
        "S-09,fisheries,2023-01-10,oppose\n"
        "S-02,,2023-01-10,oppose\n"
        "S-03,fisheries,next week,oppose\n"
        "S-04,fisheries,2023-01-10,support\n"
        "S-04,fisheries,2023-01-10,oppose\n",
    )
    with pytest.raises(ImportRejected) as err:
        import_files(store, "talks", stances=bad, options=Options(mapping={"stance": "Position"}))
    text = "\n".join(
        f"{p.file}:{p.line} {p.column}: {p.message} - {p.fix}" for p in err.value.problems
    )
    assert 'stances.csv:2 Position: "maybe" is not a stance - write one of oppose' in text
    assert "stances.csv:3 Stakeholder:" in text and '"S-09"' in text
    assert "stances.csv:4 Issue: the issue is empty" in text
    assert "stances.csv:5 Date:" in text
    assert (
        'stances.csv:7 Position: the stance of "S-04" on fisheries on 2023-01-10 is given twice (first on line 6)'
        in text
    )
    assert snapshot(db) == before  # a refused import leaves the store exactly as it was
    store.close()


def test_bad_power_names_cell_and_fix(tmp_path):
    store = open_store(str(tmp_path / "s.db"), create=True)
    people = _write(tmp_path / "p.csv", "id,name,power\nS-01,Ana,high\nS-02,Bo,7\n")
    with pytest.raises(ImportRejected) as err:
        import_files(store, "talks", stakeholders=people)
    problems = {(p.line, p.column): p for p in err.value.problems}
    assert problems[2, "power"].message == 'power "high" is not a whole number from 1 to 5'
    assert '--value-map "power:High=5' in problems[2, "power"].fix
    assert problems[3, "power"].message == 'power "7" is not a whole number from 1 to 5'
    # ... and with the words mapped, it goes in
    import_files(store, "talks", stakeholders=_write(tmp_path / "p2.csv", "id,name,power\nS-01,Ana,high\n"),
                 options=Options(value_maps={"power": {"high": "5"}}))  # fmt: skip
    assert store.load("talks").stakeholders.set_index("id").loc["S-01", "power"] == 5
    store.close()


def test_stances_cli_import_and_unknown_stakeholder_hint(tmp_path):
    db = tmp_path / "s.db"
    assert cli("import", "-n", "talks", "--stakeholders", BASE, store=db).exit_code == 0
    bad = _stances(tmp_path, "stakeholder,issue,date,stance\nS-1,fisheries,2023-01-10,oppose\n")
    result = cli("import", "-n", "talks", "--stances", bad, store=db)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "stances.csv" in result.stderr and "S-1" in result.stderr
    good = _stances(
        tmp_path, "stakeholder,issue,date,stance\nS-01,fisheries,2023-01-10,oppose\n", "g.csv"
    )
    result = cli("import", "-n", "talks", "--stances", good, "--format", "csv", store=db)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "g.csv,1,1,0,0,0"


def test_an_embedded_store_of_schema_3_moves_a_power_column_to_the_field(tmp_path):
    from graphkit.stores.sqlite_schema import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for migration in MIGRATIONS[:3]:
        migration(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO negotiations VALUES ('talks', '2024-01-01', '2024-01-01')")
    conn.execute(
        "INSERT INTO stakeholders (negotiation, id, name, attributes) VALUES "
        "('talks', 'S-01', 'Ana', '{\"Power\":4,\"desk\":\"EU\"}'), "
        "('talks', 'S-02', 'Bo', '{\"power\":\"high\"}')"
    )
    conn.commit()
    conn.close()
    store = open_store(str(db))
    s = store.load("talks").stakeholders.set_index("id")
    assert s.loc["S-01", "power"] == 4 and s.loc["S-01", "attributes"] == {"desk": "EU"}
    # a value the field would refuse stays where it was: the next import says what is wrong
    assert s.loc["S-02", "power"] == 0 and s.loc["S-02", "attributes"] == {"power": "high"}
    assert store.load_stances("talks").empty
    store.close()


@pytest.mark.neo4j
def test_a_neo4j_database_of_schema_6_moves_a_power_column_to_the_field(neo4j_access):
    from neo4j import GraphDatabase

    neo4j_access.wipe()
    store = open_store(neo4j_access.uri, create=True)  # today's schema, then back to 6
    store.close()
    with GraphDatabase.driver(
        neo4j_access.uri, auth=(neo4j_access.username, neo4j_access.password)
    ) as driver:
        driver.execute_query(
            "MATCH (m:GraphkitSchema) SET m.version = 6 "
            "CREATE (n:Negotiation {name: 'talks', gen: 1, created_at: datetime(), "
            "updated_at: datetime()}) "
            "CREATE (:Stakeholder {uid: 'talks' + char(31) + 'S-01', negotiation: 'talks', "
            "id: 'S-01', name: 'Ana', `field:Power`: 4, `field:desk`: 'EU', _gen: 1})"
            "-[:TAKES_PART_IN]->(n)".replace("char(31)", "'\\u001f'")
        )
    store = open_store(neo4j_access.uri)
    try:
        s = store.load("talks").stakeholders.set_index("id")
        assert s.loc["S-01", "power"] == 4 and s.loc["S-01", "attributes"] == {"desk": "EU"}
        assert store.load_stances("talks").empty
    finally:
        store.close()
    pd.testing.assert_index_equal(s.index, pd.Index(["S-01"], name="id"))


def test_sync_with_a_stances_file_removes_the_stances_it_no_longer_has(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, stances=_stances(tmp_path, FIRST))
    import_files(store, "other", stakeholders=BASE, stances=_stances(tmp_path, FIRST, "o.csv"))
    fewer = _stances(tmp_path, "\n".join(FIRST.splitlines()[:3]) + "\n", "fewer.csv")
    done = import_files(store, "talks", stances=fewer, sync=True).counts["stances"]
    assert (done.read, done.unchanged, done.removed) == (2, 2, 2)
    assert set(_table(store)) == {
        ("S-01", "fisheries", "2023-01-10"), ("S-01", "fisheries", "2023-09-01"),
    }  # fmt: skip
    assert len(_table(store, "other")) == 4  # another negotiation is never touched
