"""Faults: kill -9 during an import, two imports at once, and credentials that never leak.

Each test states the guarantee it guards; each would fail if the guarantee broke.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import wait_until_writing_contacts

PEOPLE = [f"P-{n}" for n in range(400)]


def _people(path):
    path.write_text(
        "id,name,party\n"
        + "".join(f"{p},Person {p},{'AB'[n % 2]}\n" for n, p in enumerate(PEOPLE)),
        encoding="utf-8",
    )
    return path


def _log(path, start, stop):
    rng = random.Random(start)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "source", "target", "sentiment"])
        for n in range(start, stop):
            a, b = rng.sample(PEOPLE, 2)
            w.writerow(
                [
                    f"I-{n}",
                    f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    a,
                    b,
                    f"{rng.uniform(-1, 1):.2f}",
                ]
            )
    return path


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))[1:]


def _spawn(*args, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _run(*args, env=None, timeout=600):
    p = subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})},
    )  # fmt: skip
    return p


def _sqlite_count(db, table):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_sqlite_kill_9_at_random_points_leaves_before_or_after(tmp_path):
    db = tmp_path / "s.db"
    assert (
        _run(
            "import", "-n", "big", "--stakeholders", _people(tmp_path / "p.csv"), "--store", db
        ).returncode
        == 0
    )
    rows = 120_000
    log = _log(tmp_path / "log.csv", 0, rows)
    rng = random.Random(2024)
    states = []
    for _ in range(6):
        proc = _spawn("import", "-n", "big", "--interactions", log, "--store", db)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        count = _sqlite_count(db, "interactions")
        assert count in (0, rows), f"half-written store: {count} of {rows} contacts"
        states.append(count)
        if count == rows:
            break
    assert 0 in states, "no kill landed before the commit: the test proved nothing"
    done = _run("import", "-n", "big", "--interactions", log, "--store", db, "--format", "csv")
    assert done.returncode == 0, done.stderr
    added = rows if states[-1] == 0 else 0
    assert done.stdout.splitlines()[1] == f"log.csv,{rows},{added},0,{rows - added},0"
    assert _sqlite_count(db, "interactions") == rows


def _neo4j_count(uri, password, query):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        return driver.execute_query(query).records[0][0]


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_client_killed_mid_import_leaves_before(neo4j_uri, neo4j_access, tmp_path):
    env = {"NEO4J_URI": neo4j_uri}
    assert (
        _run(
            "import",
            "-n",
            "big",
            "--stakeholders",
            _people(tmp_path / "p.csv"),
            "--store",
            neo4j_uri,
            env=env,
        ).returncode
        == 0
    )
    rows = 30_000
    log = _log(tmp_path / "log.csv", 0, rows)
    proc = _spawn("import", "-n", "big", "--interactions", log, "--store", neo4j_uri, env=env)
    writing = wait_until_writing_contacts(neo4j_uri, neo4j_access.password, proc)
    assert writing, "the import never reached the contact writes"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The server notices the dropped connection and rolls the transaction back.
    deadline = time.time() + 60
    while time.time() < deadline and _neo4j_count(
        neo4j_uri,
        neo4j_access.password,
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH '// upsert' RETURN count(*)",
    ):
        time.sleep(0.2)
    assert (
        _neo4j_count(neo4j_uri, neo4j_access.password, "MATCH (i:Interaction) RETURN count(i)") == 0
    )
    done = _run(
        "import",
        "-n",
        "big",
        "--interactions",
        log,
        "--store",
        neo4j_uri,
        "--format",
        "csv",
        env=env,
    )
    assert done.stdout.splitlines()[1] == f"log.csv,{rows},{rows},0,0,0"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_two_overlapping_imports_at_once(kind, tmp_path, request):
    store = str(tmp_path / "s.db") if kind == "sqlite" else request.getfixturevalue("neo4j_uri")
    assert (
        _run(
            "import", "-n", "talks", "--stakeholders", _people(tmp_path / "p.csv"), "--store", store
        ).returncode
        == 0
    )
    n = 8_000 if kind == "sqlite" else 4_000
    first = _log(tmp_path / "first.csv", 0, n)
    # The second log shares its first half with the end of the first one.
    rows = _rows(first)
    second = tmp_path / "second.csv"
    with open(second, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "source", "target", "sentiment"])
        w.writerows(rows[n // 2 :])
        w.writerows(_rows(_log(tmp_path / "more.csv", n, n + n // 2)))
    a = _spawn(
        "import", "-n", "talks", "--interactions", first, "--store", store, "--format", "csv"
    )
    b = _spawn(
        "import", "-n", "talks", "--interactions", second, "--store", store, "--format", "csv"
    )
    (out_a, err_a), (out_b, err_b) = a.communicate(timeout=600), b.communicate(timeout=600)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    added = [int(out.splitlines()[1].split(",")[2]) for out in (out_a, out_b)]
    unchanged = [int(out.splitlines()[1].split(",")[4]) for out in (out_a, out_b)]
    total = n + n // 2
    assert sum(added) == total, "a row was lost or written twice"
    assert sorted(unchanged) == [0, n // 2]
    listing = _run("negotiations", "--store", store, "--format", "csv").stdout.splitlines()[1]
    assert listing.startswith(f"talks,{len(PEOPLE)},{total},")


def test_sqlite_import_waits_for_another_writer_and_says_so(tmp_path):
    db = tmp_path / "s.db"
    assert (
        _run(
            "import", "-n", "talks", "--stakeholders", _people(tmp_path / "p.csv"), "--store", db
        ).returncode
        == 0
    )
    log = _log(tmp_path / "log.csv", 0, 500)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    proc = _spawn("import", "-n", "talks", "--interactions", log, "--store", db, "--format", "csv")
    time.sleep(3)
    assert proc.poll() is None, "the import should wait, not fail"
    holder.execute("COMMIT")
    holder.close()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert f"Another import is writing to {db}; waiting for it to finish" in err
    assert out.splitlines()[1] == "log.csv,500,500,0,0,0"
