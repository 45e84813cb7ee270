"""Issue 16, points 1 and 5: a large import in bounded batches on a server with a 1 GB heap
and default transaction limits, all or nothing as readers see it; a client or server
killed mid-import leaves nothing visible, and a re-run converges to the graph of an
uninterrupted import."""

from __future__ import annotations

import csv
import os
import sys

import pytest

from tests.conftest import ROOT, Neo4jAccess
from tests.processes import run_graphkit, spawn_graphkit, wait_until

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

#: Contacts of the 1 GB test: one transaction of them needs more than the ~700 MB of
#: transaction memory a 1 GB heap allows by default (about 4.5 KB per row).
LARGE = 250_000


def _server(**kw):
    sys.path.insert(0, str(ROOT / "scripts"))
    from neo4j_server import Neo4jServer

    server = Neo4jServer(quiet=True, **kw)
    server.start()
    return server


@pytest.fixture(scope="module")
def small_server():
    """One server with a 1 GB heap and default transaction limits for this module's tests
    (started once: each start costs a JVM and a database)."""
    server = _server(heap="1g", pagecache="256m")
    try:
        yield server
    finally:
        server.cleanup()


def _wiped(server):
    Neo4jAccess(server.uri, server.username, server.password).wipe()
    return server


def _env(server) -> dict[str, str]:
    return {
        "NEO4J_URI": server.uri,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_USERNAME": server.username,
    }


def _value(server, query, **params):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver:
        return driver.execute_query(query, params).records[0][0]


def _state(server, only: str | None = None) -> dict:
    """What readers see: every negotiation's listing and records (graphkit's own reads), or
    (``only``) one negotiation's records, as one analysis loads them."""
    from graphkit.stores.neo4j import Neo4jStore

    saved = {k: os.environ.get(k) for k in ("NEO4J_PASSWORD", "NEO4J_USERNAME", "NEO4J_DATABASE")}
    os.environ.update(NEO4J_PASSWORD=server.password, NEO4J_USERNAME=server.username)
    os.environ.pop("NEO4J_DATABASE", None)
    try:
        store = Neo4jStore(server.uri)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        if only is not None:
            data = store.load(only)
            return {
                kind: getattr(data, kind).to_dict("records")
                for kind in ("stakeholders", "interactions", "relationships")
            }
        out = {}
        for row in store.negotiations():
            data = store.load(row["name"])
            out[row["name"]] = {
                "listing": row,
                **{
                    kind: getattr(data, kind).to_dict("records")
                    for kind in ("stakeholders", "interactions", "relationships")
                },
            }
        return out
    finally:
        store.close()


def _log(path, start, stop, people, sentiment="0.25"):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "source", "target", "sentiment"])
        for n in range(start, stop):
            a, b = people[n % len(people)], people[(n * 7 + 1) % len(people)]
            w.writerow([f"I-{n}", f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}", a, b, sentiment])
    return path


def _people(path, people, party="A"):
    path.write_text(
        "id,name,party\n" + "".join(f"{p},Person {p},{party}\n" for p in people), encoding="utf-8"
    )
    return path


def _import(server, *args):
    return run_graphkit("import", *args, "--store", server.uri, "--format", "csv", env=_env(server))


def test_a_large_import_fits_a_1g_heap_with_default_limits(tmp_path, small_server):
    from bench.generate import Config, generate

    generate(
        Config(rows=LARGE, stakeholders=3000, parties=2, relationships=False), tmp_path / "log"
    )
    server = _wiped(small_server)
    done = _import(
        server,
        "-n", "big",
        "--stakeholders", tmp_path / "log" / "stakeholders.csv",
        "--interactions", tmp_path / "log" / "interactions.csv",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2] == f"interactions.csv,{LARGE},{LARGE},0,0,0"
    listing = run_graphkit("negotiations", "--store", server.uri, "--format", "csv",
                           env=_env(server)).stdout  # fmt: skip
    assert listing.splitlines()[1].startswith(f"big,3000,{LARGE},")


#: Contacts of the kill tests' big import: three staging batches of BATCH (10,000), killed
#: once the first is committed and the others are still to come (:func:`_writing_contacts`).
ROWS = 24_000


def _staged_import(server, tmp_path, people, rows=ROWS):
    """A store with a negotiation "talks" (people, 2,000 contacts) and another one."""
    base = _people(tmp_path / "p.csv", people)
    assert _import(server, "-n", "talks", "--stakeholders", base).returncode == 0
    assert _import(server, "-n", "other", "--stakeholders", base).returncode == 0
    first = _log(tmp_path / "first.csv", 0, 2_000, people)
    assert _import(server, "-n", "talks", "--interactions", first).returncode == 0
    # The big import: corrects the 2,000 stored contacts' sentiment, renames and moves
    # everyone to another party, adds the other contacts, and with --sync removes none.
    renamed = _people(tmp_path / "renamed.csv", people, party="B")
    big = _log(tmp_path / "big.csv", 0, rows, people, sentiment="-0.5")
    return ("-n", "talks", "--stakeholders", renamed, "--interactions", big, "--sync")


def _writing_contacts(server, proc):
    """Once the import has committed some contact batches (and is still running)."""

    def staged():
        return _value(
            server,
            "MATCH (n:Negotiation {name: 'talks'}), (i:Interaction {negotiation: 'talks'}) "
            "WHERE i._gen > n.gen RETURN count(i) >= 10000",
        )

    def ended():
        return None if proc.poll() is None else f"graphkit ended with status {proc.returncode}"

    wait_until(staged, "the import never committed a contact batch", timeout=300, unless=ended)


#: The stakeholders of the kill tests.
KILL_PEOPLE = [f"P-{n}" for n in range(300)]


@pytest.fixture(scope="module")
def uninterrupted(small_server, tmp_path_factory):
    """What the kill tests' import gives when nothing interrupts it."""
    server = _wiped(small_server)
    args = _staged_import(server, tmp_path_factory.mktemp("uninterrupted"), KILL_PEOPLE)
    assert _import(server, *args).returncode == 0
    return _state(server)


@pytest.mark.parametrize("what", ["client", "server"])
def test_killed_mid_import_leaves_nothing_visible_and_a_rerun_converges(
    tmp_path, what, small_server, uninterrupted
):
    people = KILL_PEOPLE
    server = _wiped(small_server)
    args = _staged_import(server, tmp_path, people)
    before = _state(server)
    proc = spawn_graphkit("import", *args, "--store", server.uri, env=_env(server))
    _writing_contacts(server, proc)
    if what == "client":
        proc.kill()
        proc.communicate()
    else:
        server.kill()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 1 and "Traceback" not in err, err
        assert "lost the connection to Neo4j" in err and "nothing of it was published" in err
        server.start()
    assert _value(server, "MATCH (i:Interaction) RETURN count(i)") > 2_000  # staged rows
    assert _state(server) == before  # ... that no reader sees
    rerun = _import(server, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.splitlines()[2] == f"big.csv,{ROWS},{ROWS - 2000},2000,0,0,0"
    after = _state(server)
    # the leftovers are gone: exactly the records of an uninterrupted import remain
    assert _value(server, "MATCH (i:Interaction) RETURN count(i)") == ROWS
    assert _value(server, "MATCH ()-[r:INITIATED|WITH]->() RETURN count(r)") == 2 * ROWS
    assert _value(server, "MATCH (s:Stakeholder) RETURN count(s)") == 2 * len(people)
    assert _value(server, "MATCH (d:StakeholderDraft) RETURN count(d)") == 0
    assert after["other"] == before["other"]
    again = _import(server, *args)
    assert again.stdout.splitlines()[2] == f"big.csv,{ROWS},0,0,{ROWS},0,0"
    assert _state(server) == after
    # the same import, never interrupted (on the wiped server): the same graph
    assert uninterrupted == after


def _shared(neo4j_uri, neo4j_access):
    """The shared test server, in the shape of a Neo4jServer for the helpers above."""

    class Shared:
        uri, password, username = neo4j_uri, neo4j_access.password, neo4j_access.username

    return Shared()


def test_an_analysis_during_an_import_sees_before_or_after(neo4j_uri, neo4j_access, tmp_path):
    from tests.processes import Output

    server = _shared(neo4j_uri, neo4j_access)
    people = [f"P-{n}" for n in range(200)]
    args = _staged_import(server, tmp_path, people, rows=30_000)
    before = _state(server, "talks")
    output = Output(spawn_graphkit("import", *args, "--store", server.uri, env=_env(server)))
    seen = []
    while output.proc.poll() is None:
        seen.append(_state(server, "talks"))
    code, _, err = output.finish()
    assert code == 0, err
    after = _state(server, "talks")
    assert after != before
    assert len(seen) > 1
    mixed = [n for n, state in enumerate(seen) if state not in (before, after)]
    assert not mixed, f"reads {mixed} of {len(seen)} saw part of the import"


def test_an_import_waits_for_another_one_of_the_same_negotiation(neo4j_uri, neo4j_access, tmp_path):
    from neo4j import GraphDatabase

    from tests.processes import Output

    server = _shared(neo4j_uri, neo4j_access)
    people = _people(tmp_path / "p.csv", [f"P-{n}" for n in range(10)])
    assert _import(server, "-n", "talks", "--stakeholders", people).returncode == 0
    log = _log(tmp_path / "log.csv", 0, 50, [f"P-{n}" for n in range(10)])
    with (
        GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver,
        driver.session() as session,
    ):
        holder = session.begin_transaction()  # holds the lock, as a running import does
        holder.run("MERGE (l:ImportLock {negotiation: 'talks'}) SET l.holder = 'test'").consume()
        args = ("import", "-n", "talks", "--interactions", log, "--store", server.uri,
                "--format", "csv")  # fmt: skip
        output = Output(spawn_graphkit(*args, env=_env(server)))
        output.wait_for_line("Another import into talks is writing to")
        assert output.proc.poll() is None, "the import should wait, not fail"
        holder.rollback()
    code, out, err = output.finish(timeout=120)
    assert code == 0, err
    assert out.splitlines()[1] == "log.csv,50,50,0,0,0"


def test_a_write_that_lost_its_lock_writes_nothing(neo4j_uri, neo4j_access):
    from graphkit.stores.neo4j import SEP, Neo4jStore
    from graphkit.stores.neo4j_import import LostClaim, StagedWrite

    store = Neo4jStore(neo4j_uri)  # the schema
    try:
        first = StagedWrite(store.server, "talks").begin()
        assert first._lock_tx is not None
        first._lock_tx.rollback()  # its lock's transaction ended (killed by an admin, say)
        second = StagedWrite(store.server, "talks").begin()
        row = {"uid": "talks" + SEP + "X", "id": "X", "props": {"name": "Stale"}, "fields": {}}
        with pytest.raises(LostClaim):
            first.stage("write_stakeholders", [row])
            first.flush()  # the background writer's error
        first.close()
        second.stage("write_stakeholders", [{**row, "props": {"name": "Fresh"}}])
        second.publish()
        assert store.stakeholder_names("talks") == {"X": "Fresh"}
    finally:
        store.close()


def _staged_names(access, gen):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(access.uri, auth=_auth(access)) as driver:
        records = driver.execute_query(
            "MATCH (s:Stakeholder {negotiation: 'talks'}) WHERE s._gen = $gen "
            "RETURN s.name AS name ORDER BY name",
            gen=gen,
        ).records
    return [r["name"] for r in records]


def _auth(access):
    return (access.username, access.password)


def _row(name):
    from graphkit.stores.neo4j import SEP

    return {"uid": "talks" + SEP + name, "id": name, "props": {"name": name}, "fields": {}}


def test_two_batches_of_an_import_are_written_at_once(neo4j_uri, neo4j_access):
    """One writer's batch waits on a lock; the other writer's batch of the same query is
    written meanwhile (until schema 5 every batch locked the negotiation node)."""
    from neo4j import GraphDatabase

    from graphkit.cypher import query
    from graphkit.stores.neo4j import Neo4jStore
    from graphkit.stores.neo4j_import import WRITERS, StagedWrite

    assert WRITERS == 2
    store = Neo4jStore(neo4j_uri)
    driver = GraphDatabase.driver(neo4j_uri, auth=_auth(neo4j_access))
    write = StagedWrite(store.server, "talks").begin()
    try:
        write.batch = 1
        with driver.session() as session:
            busy = session.begin_transaction()  # holds writer slot 0, as a slow batch would
            busy.run(query("lock_import_writer"), negotiation="talks", slot=0).consume()
            write.stage("write_stakeholders", [_row("A"), _row("B")])
            wait_until(
                lambda: len(_staged_names(neo4j_access, write.gen)) == 1,
                "the batch of the free writer",
                timeout=30,
            )
            assert len(_staged_names(neo4j_access, write.gen)) == 1  # one waits for slot 0
            busy.rollback()
        write.flush()
        assert _staged_names(neo4j_access, write.gen) == ["A", "B"]
        write.publish()
        assert store.stakeholder_names("talks") == {"A": "A", "B": "B"}
    finally:
        write.close()
        driver.close()
        store.close()


def test_a_claim_waits_for_a_batch_in_flight_and_tidies_it(neo4j_uri, neo4j_access):
    """A batch of an importer whose lock ended, already past its claim check, holds its
    writer lock: a new import's claim waits for it, then removes what it wrote."""
    import threading

    from neo4j import GraphDatabase

    from graphkit.cypher import query
    from graphkit.stores.neo4j import Neo4jStore
    from graphkit.stores.neo4j_import import StagedWrite

    store = Neo4jStore(neo4j_uri)
    driver = GraphDatabase.driver(neo4j_uri, auth=_auth(neo4j_access))
    first = StagedWrite(store.server, "talks").begin()
    second = None
    try:
        assert first._lock_tx is not None
        with driver.session() as session:
            batch = session.begin_transaction()  # first's batch, as _write runs it
            batch.run(query("lock_import_writer"), negotiation="talks", slot=1).consume()
            claim = batch.run(query("check_claim"), negotiation="talks", holder=first.holder)
            assert claim.single()["ours"]
            first._lock_tx.rollback()  # its lock ends while the batch is in flight
            begun = threading.Event()
            box = {}

            def start_second():
                box["write"] = StagedWrite(store.server, "talks").begin()
                begun.set()

            thread = threading.Thread(target=start_second)
            thread.start()
            assert not begun.wait(3)  # its claim waits for the batch's writer lock
            batch.run(
                query("write_stakeholders"), negotiation="talks", gen=first.gen,
                rows=[_row("Stale")],
            ).consume()  # fmt: skip
            batch.commit()
        thread.join(30)
        second = box["write"]
        assert second.gen == first.gen  # the same generation number: only tidying saves it
        assert _staged_names(neo4j_access, second.gen) == []
        second.stage("write_stakeholders", [_row("Fresh")])
        second.publish()
        assert store.stakeholder_names("talks") == {"Fresh": "Fresh"}
    finally:
        first.close()
        if second is not None:
            second.close()
        driver.close()
        store.close()


def test_a_batch_without_its_writer_slot_writes_nothing(neo4j_uri, neo4j_access):
    """The writer slots went (the negotiation was deleted and made again meanwhile, say):
    the batch cannot take its writer lock, so it writes nothing."""
    from neo4j import GraphDatabase

    from graphkit.stores.neo4j import Neo4jStore
    from graphkit.stores.neo4j_import import LostClaim, StagedWrite

    store = Neo4jStore(neo4j_uri)
    write = StagedWrite(store.server, "talks").begin()
    try:
        with GraphDatabase.driver(neo4j_uri, auth=_auth(neo4j_access)) as driver:
            driver.execute_query("MATCH (w:ImportWriter {negotiation: 'talks'}) DELETE w")
        with pytest.raises(LostClaim):
            write.stage("write_stakeholders", [_row("A")])
            write.flush()
        assert _staged_names(neo4j_access, write.gen) == []
    finally:
        write.close()
        store.close()
