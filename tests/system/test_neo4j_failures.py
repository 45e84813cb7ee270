"""Neo4j failures: a clear one-line error, exit 1, no traceback, no password; and after the
server returns, a re-run gives exact counts and no duplicates (a server killed mid-import:
tests/system/test_neo4j_batched.py)."""

from __future__ import annotations

import csv
import random
import socket
import sys

import pytest

from tests.conftest import DATA, ROOT
from tests.processes import run_graphkit

pytestmark = pytest.mark.neo4j


def _one_clear_line(result, password):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert password not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down(neo4j_access):
    line = _one_clear_line(
        run_graphkit("negotiations", "--store", f"bolt://127.0.0.1:{_free_port()}"),
        neo4j_access.password,
    )
    assert "cannot reach Neo4j at bolt://127.0.0.1:" in line and "is the server running" in line


def test_wrong_password(neo4j_access):
    marker = "wrong-Pa55word-marker"
    result = run_graphkit(
        "negotiations", "--store", neo4j_access.uri, env={"NEO4J_PASSWORD": marker}
    )
    line = _one_clear_line(result, marker)
    assert (
        'refused the credentials of user "neo4j" - check NEO4J_USERNAME and NEO4J_PASSWORD' in line
    )


def test_password_in_url_is_masked(neo4j_access):
    url = neo4j_access.uri.replace("bolt://", "bolt://trudy:url-secret-123@")
    result = run_graphkit(
        "negotiations",
        "--store",
        url,
        env={"NEO4J_PASSWORD": "url-secret-123x", "NEO4J_USERNAME": ""},
    )
    line = _one_clear_line(result, "url-secret-123")
    assert "refused the credentials" in line


def test_unknown_database(neo4j_access):
    result = run_graphkit(
        "negotiations", "--store", neo4j_access.uri, env={"NEO4J_DATABASE": "nosuchdb"}
    )
    line = _one_clear_line(result, neo4j_access.password)
    assert 'has no database "nosuchdb" - check NEO4J_DATABASE' in line


def _write_log(path, rows, people):
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "source", "target", "track", "sentiment"])
        for n in range(rows):
            a, b = rng.sample(people, 2)
            writer.writerow(
                [
                    f"I-{n}",
                    f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    a,
                    b,
                    "fisheries",
                    f"{rng.uniform(-1, 1):.2f}",
                ]
            )


def _count(uri, password, query, **params):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query(query, params)
        return records[0][0]


def test_cli_against_neo4j_matches_counts(neo4j_uri):
    result = run_graphkit(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "base_stakeholders.csv",
        "--store",
        neo4j_uri,
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "base_stakeholders.csv,5,5,0,0,0"
    listing = run_graphkit("negotiations", "--store", neo4j_uri, "--format", "csv")
    assert listing.stdout.splitlines()[1].startswith("talks,5,0,0")


ROWS = 20_000  # four staging batches of contacts, each too large for the cap


@pytest.mark.slow
def test_import_larger_than_the_transaction_memory_cap_goes_in_smaller_batches(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from neo4j_server import Neo4jServer

    # A per-transaction memory cap, as an administrator of a shared server sets one: one
    # batch of 5,000 contacts needs more than it allows, so the import splits its batches
    # (before schema 4 the import was one transaction and failed here; with
    # SMALLEST_BATCH = 5_000 it fails, and each split waited 15 s for the driver's retries
    # of a commit the server had refused until write_sized).
    server = Neo4jServer(
        quiet=True, heap="256m", pagecache="32m", settings={"db.memory.transaction.max": "16m"}
    )
    server.start()
    try:
        env = {"NEO4J_PASSWORD": server.password, "NEO4J_USERNAME": server.username}
        people = [f"P-{n}" for n in range(100)]
        stakeholders = tmp_path / "people.csv"
        stakeholders.write_text(
            "id,name\n" + "".join(f"{p},Person {p}\n" for p in people), encoding="utf-8"
        )
        log = tmp_path / "log.csv"
        _write_log(log, ROWS, people)
        args = ("import", "-n", "big", "--stakeholders", stakeholders, "--interactions", log,
                "--store", server.uri, "--format", "csv")  # fmt: skip
        result = run_graphkit(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[2] == f"log.csv,{ROWS},{ROWS},0,0,0"
        assert _count(server.uri, server.password, "MATCH (i:Interaction) RETURN count(i)") == ROWS
        again = run_graphkit(*args, env=env)
        assert again.stdout.splitlines()[2] == f"log.csv,{ROWS},0,0,{ROWS},0"
        # a corrected sentiment on every contact (0.999: no generated one has three decimals):
        # new versions, the old ones tidied away
        with open(log, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        with open(log, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([rows[0], *([*r[:-1], "0.999"] for r in rows[1:])])
        corrected = run_graphkit(*args, env=env)
        assert corrected.returncode == 0, corrected.stderr
        assert corrected.stdout.splitlines()[2] == f"log.csv,{ROWS},0,{ROWS},0,0"
        assert _count(server.uri, server.password, "MATCH (i:Interaction) RETURN count(i)") == ROWS
        assert (
            _count(server.uri, server.password, "MATCH (i:Interaction {sentiment: 0.999}) "
                   "RETURN count(i)") == ROWS
        )  # fmt: skip
        # A transaction the cap refuses is given up at once, not tried again by the driver
        # for 15 s before each split (graphkit.stores.neo4j_connection.write_sized).
        from neo4j import GraphDatabase

        from graphkit.stores.neo4j_connection import TransactionTooLarge, write_sized

        calls = []

        def too_large(tx):
            calls.append(1)
            tx.run("UNWIND range(1, 200000) AS n CREATE (:Scratch {n: n, text: 'x' + n})")

        with (
            GraphDatabase.driver(server.uri, auth=(server.username, server.password)) as driver,
            driver.session() as session,
            pytest.raises(TransactionTooLarge),
        ):
            write_sized(session, too_large)
        assert calls == [1]
        assert _count(server.uri, server.password, "MATCH (s:Scratch) RETURN count(s)") == 0
    finally:
        server.cleanup()
