"""Issue 10, points 1-5: negotiation-scoped stakeholders, no silent wipe, sync, delete and
exact store addressing. Every store test runs against the embedded store and a real Neo4j.
"""

from __future__ import annotations

import json
import os

import pytest

from graphkit.stores import open_store
from tests.conftest import DATA, cli
from tests.processes import run_graphkit, spawn_graphkit

BASE = DATA / "base_stakeholders.csv"


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Plan and write two records at a time, so every test here crosses chunk boundaries
    (the other tests use the default chunk, larger than their files)."""
    monkeypatch.setattr("graphkit.changes.CHUNK", 2)


def state(store_url: str) -> dict:
    """Everything a store holds, negotiation by negotiation, as plain data."""
    store = open_store(store_url)
    try:
        out = {}
        for row in store.negotiations():
            data = store.load(row["name"])
            out[row["name"]] = {
                "listing": row,
                **{
                    kind: getattr(data, kind).to_dict("records")
                    for kind in ("stakeholders", "interactions", "relationships")
                },
                "metrics": store.read_metrics(row["name"]),
            }
        return out
    finally:
        store.close()


def ok(*args, store) -> str:
    result = cli(*args, store=store)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def people(store_url: str, negotiation: str) -> dict[str, dict]:
    store = open_store(store_url)
    try:
        return {r["id"]: r for r in store.load(negotiation).stakeholders.to_dict("records")}
    finally:
        store.close()


# -- 1. stakeholders belong to a negotiation ------------------------------------------


def test_same_id_in_two_negotiations_is_two_stakeholders(store_url, tmp_path):
    ok("import", "-n", "one", "--stakeholders", BASE, store=store_url)
    before = state(store_url)["one"]
    other = write(tmp_path / "p.csv", "id,name,party\nS-01,Someone Else,Zeta\n")
    out = ok("import", "-n", "two", "--stakeholders", other, "--format", "json", store=store_url)
    assert json.loads(out)["files"][0]["added"] == 1
    assert state(store_url)["one"] == before  # nothing of "one" changed
    assert people(store_url, "two")["S-01"]["name"] == "Someone Else"
    # updating and deleting in "two" never reaches "one"
    write(other, "id,name,party\nS-01,Someone Else Again,Omega\n")
    ok("import", "-n", "two", "--stakeholders", other, store=store_url)
    ok("delete", "-n", "two", "--stakeholder", "S-01", "--yes", store=store_url)
    assert state(store_url)["one"] == before


def test_a_log_cannot_refer_to_another_negotiations_stakeholders(store_url, tmp_path):
    ok("import", "-n", "one", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "date,source,target\n2024-01-01,S-01,S-02\n")
    result = cli("import", "-n", "two", "--interactions", log, store=store_url)
    assert result.exit_code == 1
    assert 'unknown stakeholder "S-01" (not in two)' in result.stderr
    assert [n for n in state(store_url)] == ["one"]


# -- 2. no silent wipe ------------------------------------------------------------------


def test_a_missing_column_or_empty_cell_never_erases(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    before = people(store_url, "base")["S-01"]
    rename = write(tmp_path / "p.csv", "id,name\nS-01,Alice Renamed\n")
    result = cli("import", "-n", "base", "--stakeholders", rename, store=store_url)
    assert result.exit_code == 0, result.stderr
    assert "fields changed in the 1 updated record: name 1" in result.stderr
    after = people(store_url, "base")["S-01"]
    assert after == {**before, "name": "Alice Renamed"}
    # an empty cell is "not given" too ...
    blanks = write(tmp_path / "b.csv", "id,name,party,organization,notes\nS-01,,,,\n")
    ok("import", "-n", "base", "--stakeholders", blanks, store=store_url)
    assert people(store_url, "base")["S-01"] == after
    # ... unless the user asks for it
    ok("import", "-n", "base", "--stakeholders", blanks.with_name("c.csv").write_text(
        "id,name,party\nS-01,Alice Renamed,\n") and blanks.with_name("c.csv"),
        "--clear-empty", store=store_url)  # fmt: skip
    assert people(store_url, "base")["S-01"] == {**after, "party": ""}


def test_partial_files_keep_stored_values_of_contacts_and_ties(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    log = write(
        tmp_path / "log.csv",
        "id,date,source,target,channel,track,sentiment,notes\n"
        "c1,2024-01-01,S-01,S-02,meeting,fisheries,0.5,kept note\n",
    )
    ties = write(
        tmp_path / "ties.csv",
        "source,target,type,sign,weight,notes\nS-01,S-02,alliance,+1,2,old alliance\n",
    )
    ok("import", "-n", "base", "--interactions", log, "--relationships", ties, store=store_url)
    write(log, "id,date,source,target,sentiment\nc1,2024-01-01,S-01,S-02,-0.25\n")
    write(ties, "source,target,type,sign\nS-02,S-01,alliance,-1\n")
    out = ok("import", "-n", "base", "--interactions", log, "--relationships", ties,
             "--format", "json", store=store_url)  # fmt: skip
    fields = json.loads(out)["fields_changed"]
    assert fields == {"interactions": {"sentiment": 1}, "relationships": {"sign": 1}}
    store = open_store(store_url)
    data = store.load("base")
    store.close()
    contact = data.interactions.iloc[0]
    assert (contact.channel, contact.track, contact.sentiment, contact.notes) == (
        "meeting",
        "fisheries",
        -0.25,
        "kept note",
    )
    tie = data.relationships.iloc[0]
    assert (tie.sign, tie.weight, tie.notes) == (-1, 2.0, "old alliance")


def test_dry_run_lists_every_change_row_by_row_and_writes_nothing(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    before = state(store_url)
    edit = write(tmp_path / "p.csv", "id,name,party\nS-01,Alice Renamed,Alvara\nS-99,New One,\n")
    result = cli("import", "-n", "base", "--stakeholders", edit, "--dry-run", store=store_url)
    assert result.exit_code == 0, result.stderr
    assert "updated  stakeholders  S-01: name " in result.stdout
    assert '-> "Alice Renamed"' in result.stdout
    assert "added    stakeholders  S-99" in result.stdout
    assert state(store_url) == before
    out = ok("import", "-n", "base", "--stakeholders", edit, "--dry-run", "--format", "json",
             store=store_url)  # fmt: skip
    changes = {c["key"]: c for c in json.loads(out)["changes"]}
    assert changes["S-01"]["action"] == "updated"
    assert changes["S-01"]["fields"]["name"]["to"] == "Alice Renamed"
    assert changes["S-99"]["action"] == "added"
    assert state(store_url) == before


def test_a_corrected_tone_updates_the_contact_instead_of_adding_one(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "date,source,target,track,sentiment\n"
                "2024-01-01,S-01,S-02,fisheries,0.5\n2024-01-02,S-02,S-01,fisheries,0.1\n")  # fmt: skip
    ok("import", "-n", "base", "--interactions", log, store=store_url)
    write(log, "date,source,target,track,sentiment\n"
          "2024-01-01,S-01,S-02,fisheries,-0.5\n2024-01-02,S-02,S-01,fisheries,0.1\n")  # fmt: skip
    out = ok("import", "-n", "base", "--interactions", log, "--format", "json", store=store_url)
    assert json.loads(out)["files"][0] | {} == {
        **json.loads(out)["files"][0], "added": 0, "updated": 1, "unchanged": 1
    }  # fmt: skip
    contacts = state(store_url)["base"]["interactions"]
    assert sorted(c["sentiment"] for c in contacts) == [-0.5, 0.1]


# -- 3. sync ------------------------------------------------------------------------


def test_sync_removes_what_the_file_no_longer_has(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    ok("import", "-n", "other", "--stakeholders", BASE, store=store_url)
    lines = BASE.read_text(encoding="utf-8").splitlines()
    fewer = write(tmp_path / "fewer.csv", "\n".join(lines[:-2]) + "\n")  # two people gone
    before = state(store_url)
    preview = cli("import", "-n", "base", "--stakeholders", fewer, "--sync", "--dry-run",
                  "--format", "json", store=store_url)  # fmt: skip
    assert preview.exit_code == 0, preview.stderr
    body = json.loads(preview.stdout)
    assert body["files"][0]["removed"] == 2
    assert sorted(c["key"] for c in body["changes"] if c["action"] == "removed") == sorted(
        line.split(",")[0] for line in lines[-2:]
    )
    assert state(store_url) == before
    result = cli("import", "-n", "base", "--stakeholders", fewer, "--sync", store=store_url)
    assert result.exit_code == 0, result.stderr
    assert "removed" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[2].split()[-2] == "2"  # the removed column
    after = state(store_url)
    assert len(after["base"]["stakeholders"]) == len(lines) - 3
    assert after["other"] == before["other"]
    # without --sync, imports stay additive
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    ok("import", "-n", "base", "--stakeholders", fewer, store=store_url)
    assert len(state(store_url)["base"]["stakeholders"]) == len(lines) - 1


def test_sync_of_a_log_removes_deleted_rows_in_the_same_transaction(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "date,source,target\n2024-01-01,S-01,S-02\n"
                "2024-01-02,S-02,S-03\n2024-01-03,S-03,S-01\n")  # fmt: skip
    ok("import", "-n", "base", "--interactions", log, store=store_url)
    write(log, "date,source,target\n2024-01-01,S-01,S-02\n2024-01-04,S-03,S-04\n")
    out = ok("import", "-n", "base", "--interactions", log, "--sync", "--format", "json",
             store=store_url)  # fmt: skip
    row = json.loads(out)["files"][0]
    assert (row["added"], row["unchanged"], row["removed"]) == (1, 1, 2)
    dates = sorted(c["date"] for c in state(store_url)["base"]["interactions"])
    assert dates == ["2024-01-01", "2024-01-04"]
    # a rejected sync changes nothing at all
    before = state(store_url)
    write(log, "date,source,target\n2024-01-01,S-01,S-02\nnot a date,S-03,S-04\n")
    bad = cli("import", "-n", "base", "--interactions", log, "--sync", store=store_url)
    assert bad.exit_code == 1
    assert state(store_url) == before


def test_sync_refuses_to_orphan_contacts(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "date,source,target\n2024-01-01,S-01,S-05\n")
    ok("import", "-n", "base", "--interactions", log, store=store_url)
    before = state(store_url)
    lines = BASE.read_text(encoding="utf-8").splitlines()
    without = write(tmp_path / "w.csv", "\n".join(x for x in lines if not x.startswith("S-05")))
    result = cli("import", "-n", "base", "--stakeholders", without, "--sync", store=store_url)
    assert result.exit_code == 1
    assert '("S-05"), but 1 contacts still refer to them' in result.stderr
    assert "Traceback" not in result.stderr
    assert state(store_url) == before
    # synced together with the log that no longer has the contact, it goes through
    write(log, "date,source,target\n2024-01-01,S-01,S-02\n")
    ok("import", "-n", "base", "--stakeholders", without, "--interactions", log, "--sync",
       store=store_url)  # fmt: skip
    assert "S-05" not in people(store_url, "base")


# -- 4. delete -----------------------------------------------------------------------


def test_delete_stakeholders_with_their_contacts_and_ties(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    ok("import", "-n", "other", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "date,source,target\n2024-01-01,S-01,S-02\n"
                "2024-01-02,S-02,S-03\n2024-01-03,S-03,S-04\n")  # fmt: skip
    ties = write(tmp_path / "t.csv", "source,target,type,sign\nS-01,S-03,rivalry,-1\n")
    ok("import", "-n", "base", "--interactions", log, "--relationships", ties, store=store_url)
    ok("influence", "-n", "base", "--write-back", store=store_url)
    before = state(store_url)
    asked = cli("delete", "-n", "base", "--stakeholder", "S-03", store=store_url)
    assert asked.exit_code == 1
    assert "pass --yes to confirm" in asked.stderr
    dry = cli("delete", "-n", "base", "--stakeholder", "S-03", "--dry-run", "--format", "json",
              store=store_url)  # fmt: skip
    assert json.loads(dry.stdout)["interactions"] == 2
    typo = cli("delete", "-n", "base", "--stakeholder", "S-3", "--yes", store=store_url)
    assert typo.exit_code == 1 and 'Did you mean "S-03"' in typo.stderr
    assert state(store_url) == before
    out = ok("delete", "-n", "base", "--stakeholder", "S-03", "--yes", "--format", "json",
             store=store_url)  # fmt: skip
    assert {k: json.loads(out)[k] for k in ("stakeholders", "interactions", "relationships")} == {
        "stakeholders": 1, "interactions": 2, "relationships": 1
    }  # fmt: skip
    after = state(store_url)
    assert "S-03" not in {p["id"] for p in after["base"]["stakeholders"]}
    assert len(after["base"]["interactions"]) == 1 and not after["base"]["relationships"]
    assert "S-03" not in after["base"]["metrics"]
    assert after["other"] == before["other"]
    whole = ok("delete", "-n", "base", "--yes", store=store_url)
    assert whole.splitlines()[2].split()[:2] == ["base", "True"]
    assert list(state(store_url)) == ["other"]


# -- 5. exact store addressing ---------------------------------------------------------


def _run(*args, cwd, env):
    """graphkit in ``cwd``, seeing no store or Neo4j setting but those in ``env``."""
    return run_graphkit(*args, cwd=cwd, env=env, without=("NEO4J_", "GRAPHKIT_"), timeout=120)


@pytest.mark.parametrize("how", ["--store", "GRAPHKIT_STORE"])
def test_store_neo4j_needs_neo4j_uri_and_never_makes_a_file(tmp_path, how):
    args, env = (
        (["--store", "neo4j"], {}) if how == "--store" else ([], {"GRAPHKIT_STORE": "neo4j"})
    )
    result = _run("negotiations", *args, cwd=tmp_path, env={**env, "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "NEO4J_URI is not set" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.neo4j
@pytest.mark.parametrize("how", ["--store", "GRAPHKIT_STORE"])
def test_store_neo4j_uses_the_server_at_neo4j_uri(neo4j_access, neo4j_uri, tmp_path, how):
    env = {"NEO4J_URI": neo4j_uri, "NEO4J_USERNAME": neo4j_access.username,
           "NEO4J_PASSWORD": neo4j_access.password}  # fmt: skip
    args = ["--store", "neo4j"] if how == "--store" else []
    if how == "GRAPHKIT_STORE":
        env["GRAPHKIT_STORE"] = "neo4j"
    imported = _run("import", "-n", "base", "--stakeholders", BASE, *args, cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr
    listed = _run("negotiations", "--format", "json", *args, cwd=tmp_path, env=env)
    assert [r["name"] for r in json.loads(listed.stdout)] == ["base"]
    assert list(tmp_path.iterdir()) == []


def test_read_commands_never_create_a_store(tmp_path):
    missing = tmp_path / "typo.db"
    for args in (["negotiations"], ["influence", "-n", "x"], ["delete", "-n", "x", "--yes"],
                 ["report", "-n", "x", "--output-dir", tmp_path / "r"]):  # fmt: skip
        result = cli(*args, store=missing)
        assert result.exit_code == 1, args
        assert f"{missing}: no store here" in result.stderr
        assert "graphkit import --negotiation NAME" in result.stderr
    assert not missing.exists()
    default = _run("negotiations", cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert default.returncode == 1 and "no store yet at the default place" in default.stderr
    assert not (tmp_path / "xdg").exists()


def test_only_a_successful_import_creates_a_store_and_says_so(tmp_path):
    new = tmp_path / "new.db"
    failed = cli("import", "-n", "x", "--interactions", DATA / "interactions_bad_date.csv",
                 store=new)  # fmt: skip
    assert failed.exit_code == 1 and not new.exists()
    dry = cli("import", "-n", "x", "--stakeholders", BASE, "--dry-run", store=new)
    assert dry.exit_code == 0 and not new.exists()
    assert "Created a new embedded store" not in dry.stderr
    done = cli("import", "-n", "x", "--stakeholders", BASE, store=new)
    assert done.exit_code == 0 and new.exists()
    assert f"Created a new embedded store at {new}" in done.stderr
    again = cli("import", "-n", "x", "--stakeholders", BASE, store=new)
    assert "Created a new embedded store" not in again.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bolt://host:notaport", "Port could not be cast to integer value as 'notaport'"),
        ("bolt://[::1]:1", "cannot reach Neo4j at bolt://[::1]:1"),
        ("bolt://[::1", "Invalid IPv6 URL"),
        ("bolt://127.0.0.1:99999", "Port out of range"),
        ("neo4j://:7687", "names no host"),
        ("bolt://127.0.0.1:7687/db", "a Neo4j URL is only scheme://HOST:PORT"),
        ("ftp://x", 'unknown scheme "ftp"'),
    ],
)
def test_bad_store_urls_are_one_line_errors(tmp_path, url, message):
    result = _run("negotiations", "--store", url, cwd=tmp_path, env={})
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert "bug in graphkit" not in result.stderr


@pytest.mark.parametrize(("answer", "deleted"), [("n", False), ("y", True)])
def test_delete_asks_on_a_terminal(tmp_path, answer, deleted):
    import pty

    db = tmp_path / "s.db"
    ok("import", "-n", "base", "--stakeholders", BASE, store=db)
    leader, follower = pty.openpty()
    proc = spawn_graphkit("delete", "-n", "base", "--store", db, stdin=follower, text=False)
    os.close(follower)
    os.write(leader, f"{answer}\n".encode())
    _, err = proc.communicate(timeout=60)
    os.close(leader)
    assert b'Delete negotiation "base" with its 5 stakeholders' in err
    assert (proc.returncode == 0) is deleted, err
    assert ("base" in state(str(db))) is not deleted


def test_sync_accepts_a_contact_rewritten_away_from_a_removed_stakeholder(store_url, tmp_path):
    ok("import", "-n", "base", "--stakeholders", BASE, store=store_url)
    log = write(tmp_path / "log.csv", "id,date,source,target\nc1,2024-01-01,S-01,S-05\n"
                "c2,2024-01-02,S-02,S-03\nc3,2024-01-03,S-03,S-04\n")  # fmt: skip
    ok("import", "-n", "base", "--interactions", log, store=store_url)
    lines = BASE.read_text(encoding="utf-8").splitlines()
    without = write(tmp_path / "w.csv", "\n".join(x for x in lines if not x.startswith("S-05")))
    write(log, "id,date,source,target\nc1,2024-01-01,S-01,S-02\n"
          "c2,2024-01-02,S-02,S-03\nc3,2024-01-03,S-03,S-04\n")  # fmt: skip
    out = ok("import", "-n", "base", "--stakeholders", without, "--interactions", log, "--sync",
             "--format", "json", store=store_url)  # fmt: skip
    rows = {r["kind"]: r for r in json.loads(out)["files"]}
    assert (rows["stakeholders"]["removed"], rows["interactions"]["updated"]) == (1, 1)
    after = state(store_url)["base"]
    assert "S-05" not in {p["id"] for p in after["stakeholders"]}
    assert {(c["key"], c["target"]) for c in after["interactions"]} == {
        ("id:c1", "S-02"), ("id:c2", "S-03"), ("id:c3", "S-04")
    }  # fmt: skip


def test_repeated_file_options_import_every_file_in_one_transaction(store_url, tmp_path):
    a = write(tmp_path / "a.csv", "id,name,party\nX-1,Ex One,Alvara\nX-2,Ex Two,Alvara\n")
    b = write(tmp_path / "b.csv", "id,name,party\nX-3,Ex Three,Dalvenia\nX-2,Ex Two,Alvara\n")
    out = ok("import", "-n", "rep", "--stakeholders", a, "--stakeholders", b,
             "--format", "json", store=store_url)  # fmt: skip
    row = json.loads(out)["files"][0]
    assert (row["file"], row["read"], row["added"]) == ("a.csv, b.csv", 4, 3)
    assert sorted(people(store_url, "rep")) == ["X-1", "X-2", "X-3"]
    w1 = write(tmp_path / "w1.csv", "id,date,source,target\n1,2024-01-01,X-1,X-2\n")
    w2 = write(tmp_path / "w2.csv", "id,date,source,target\n2,2024-01-08,X-2,X-3\n")
    ok("import", "-n", "rep", "--interactions", w1, "--interactions", w2, store=store_url)
    assert len(state(store_url)["rep"]["interactions"]) == 2
    # the same record with other values in two files: refused, nothing written
    before = state(store_url)
    clash = write(tmp_path / "c.csv", "id,name,party\nX-1,Ex One,Zeta\nX-4,Ex Four,Zeta\n")
    result = cli("import", "-n", "rep", "--stakeholders", a, "--stakeholders", clash,
                 store=store_url)  # fmt: skip
    assert result.exit_code == 1
    assert "c.csv line 2: this stakeholder is also on a.csv line 2, with other values" in (
        result.stderr
    )
    # a bad second file rejects the first one too
    bad = write(tmp_path / "bad.csv", "id,date,source,target\n3,not a date,X-1,X-3\n")
    w3 = write(tmp_path / "w3.csv", "id,date,source,target\n4,2024-02-01,X-3,X-1\n")
    result = cli("import", "-n", "rep", "--interactions", w3, "--interactions", bad,
                 store=store_url)  # fmt: skip
    assert result.exit_code == 1 and "bad.csv line 2" in result.stderr
    assert state(store_url) == before
