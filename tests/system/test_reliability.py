"""Faults: kill -9 during an import, two imports at once, an import that waits for another.

Each test states the guarantee it guards; each would fail if the guarantee broke. A fault
strikes when the child has been seen to get somewhere (a progress line it prints, the
SQLite write lock it holds, its commit reaching the WAL file, its Neo4j transaction
running a query), never after a guessed time.
"""

from __future__ import annotations

import csv
import fcntl
import os
import random
import sqlite3
import struct
from pathlib import Path

import pytest

from tests.conftest import neo4j_value, wait_until_writing_contacts
from tests.processes import Output, run_graphkit, spawn_graphkit, wait_until

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


def _sqlite_count(db, table):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


#: SQLite's unix VFS takes a database's WAL write lock as a POSIX lock on byte 120 of its
#: -shm file (os_unix.c: UNIX_SHM_BASE + WAL_WRITE_LOCK), from BEGIN IMMEDIATE to COMMIT.
WAL_WRITE_LOCK_BYTE = 120
#: struct flock on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (and padding).
FLOCK = "hhqqi4x"


def _write_lock_held(db: Path) -> bool:
    """Whether another process holds the store's write lock. F_GETLK only asks the kernel:
    it takes no lock, so the writer watched is never slowed or blocked."""
    try:
        fd = os.open(f"{db}-shm", os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        probe = struct.pack(FLOCK, fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK_BYTE, 1, 0)
        held = struct.unpack(FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, probe))[0]
        return held != fcntl.F_UNLCK
    finally:
        os.close(fd)


def _wal_size(db: Path) -> int:
    try:
        return os.stat(f"{db}-wal").st_size
    except FileNotFoundError:
        return 0


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reach(point: str, db: Path, output: Output) -> None:
    """Return once the import watched by ``output`` is at ``point``."""
    ended = output.ended
    if point == "checking rows":  # reading and checking the file, before any write
        output.wait_for_line("log.csv: 100,000 rows checked")
    elif point == "starting the write":  # printed just before BEGIN IMMEDIATE
        output.wait_for_line("writing 120,000 rows to")
    elif point == "holding the write lock":  # inside the transaction, writing rows
        wait_until(lambda: _write_lock_held(db), "the import never took the lock", unless=ended)
    elif point == "deep in the transaction":  # 0.5 s of its CPU later (of ~1.5 s here)
        wait_until(lambda: _write_lock_held(db), "the import never took the lock", unless=ended)
        start = _cpu_seconds(output.proc.pid)
        wait_until(
            lambda: _cpu_seconds(output.proc.pid) > start + 0.5 or not _write_lock_held(db),
            "the import never got on with its transaction",
            unless=ended,
        )
    elif point == "writing the commit":  # the page cache goes to the WAL only at COMMIT
        wait_until(lambda: _wal_size(db), "the import never wrote its commit", unless=ended,
                   interval=0.0005)  # fmt: skip
    elif point == "after the commit":
        output.wait_for_line('Imported: negotiation "big"')
    else:
        raise ValueError(point)


#: Where each kill lands, in the order an import gets there, and what the store must then
#: hold: the contacts as before the import, as after it, or either (never anything else).
KILL_POINTS = [
    ("checking rows", "before"),
    ("starting the write", "before"),
    ("holding the write lock", "before"),
    ("deep in the transaction", "before or after"),
    ("writing the commit", "before or after"),
    ("after the commit", "after"),
]


@pytest.mark.slow
def test_sqlite_kill_9_at_many_points_leaves_before_or_after(tmp_path):
    db = tmp_path / "s.db"
    people = _people(tmp_path / "p.csv")
    assert (
        run_graphkit("import", "-n", "big", "--stakeholders", people, "--store", db).returncode == 0
    )
    rows = 120_000
    log = _log(tmp_path / "log.csv", 0, rows)
    import_log = ("import", "-n", "big", "--interactions", log, "--store", db, "--format", "csv")
    for point, expected in KILL_POINTS:
        before = _sqlite_count(db, "interactions")
        assert _wal_size(db) == 0, "a WAL left from before would hide the commit"
        output = Output(spawn_graphkit(*import_log))
        _reach(point, db, output)
        output.proc.kill()  # SIGKILL
        _, out, err = output.finish()
        count = _sqlite_count(db, "interactions")
        allowed = {"before": {before}, "after": {rows}}.get(expected, {before, rows})
        assert count in allowed, f"killed {point}: {count} of {rows} contacts stored\n{err}"
    # The import that got through its commit added exactly what the kills before it left out.
    assert out.splitlines()[1] == f"log.csv,{rows},{rows - before},0,{before},0"
    done = run_graphkit(*import_log)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == f"log.csv,{rows},0,0,{rows},0"
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
        run_graphkit(
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
    proc = spawn_graphkit(
        "import", "-n", "big", "--interactions", log, "--store", neo4j_uri, env=env
    )
    transaction = wait_until_writing_contacts(neo4j_uri, neo4j_access.password, proc)
    proc.kill()  # SIGKILL
    proc.communicate()
    # The server notices the dropped connection and rolls back the transaction of the batch
    # it was writing, and the one holding the import lock; the batches committed before are
    # staged, and no reader sees them.
    wait_until(
        lambda: not neo4j_value(
            neo4j_uri, neo4j_access.password,
            "SHOW TRANSACTIONS YIELD transactionId WHERE transactionId = $id RETURN count(*)",
            id=transaction,
        ),
        f"Neo4j still runs the killed client's transaction {transaction}",
    )  # fmt: skip
    listing = run_graphkit("negotiations", "--store", neo4j_uri, "--format", "csv", env=env)
    assert listing.stdout.splitlines()[1].startswith(f"big,{len(PEOPLE)},0,0")
    done = run_graphkit(
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
    # the re-run removed what the killed import had staged
    assert (
        _neo4j_count(neo4j_uri, neo4j_access.password, "MATCH (i:Interaction) RETURN count(i)")
        == rows
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_two_overlapping_imports_at_once(kind, tmp_path, request):
    store = str(tmp_path / "s.db") if kind == "sqlite" else request.getfixturevalue("neo4j_uri")
    assert (
        run_graphkit(
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
    a = spawn_graphkit(
        "import", "-n", "talks", "--interactions", first, "--store", store, "--format", "csv"
    )
    b = spawn_graphkit(
        "import", "-n", "talks", "--interactions", second, "--store", store, "--format", "csv"
    )
    (out_a, err_a), (out_b, err_b) = a.communicate(timeout=600), b.communicate(timeout=600)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    added = [int(out.splitlines()[1].split(",")[2]) for out in (out_a, out_b)]
    unchanged = [int(out.splitlines()[1].split(",")[4]) for out in (out_a, out_b)]
    total = n + n // 2
    assert sum(added) == total, "a row was lost or written twice"
    assert sorted(unchanged) == [0, n // 2]
    listing = run_graphkit("negotiations", "--store", store, "--format", "csv").stdout
    assert listing.splitlines()[1].startswith(f"talks,{len(PEOPLE)},{total},")


def test_sqlite_import_waits_for_another_writer_and_says_so(tmp_path):
    db = tmp_path / "s.db"
    people = _people(tmp_path / "p.csv")
    assert (
        run_graphkit("import", "-n", "talks", "--stakeholders", people, "--store", db).returncode
        == 0
    )
    log = _log(tmp_path / "log.csv", 0, 500)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    output = Output(
        spawn_graphkit(
            "import", "-n", "talks", "--interactions", log, "--store", db, "--format", "csv"
        )
    )
    # Its first try at the lock has failed: from here it waits (up to the store's 600 s).
    output.wait_for_line(f"Another import is writing to {db}; waiting for it to finish")
    assert output.proc.poll() is None, "the import should wait, not fail"
    assert _sqlite_count(db, "interactions") == 0
    holder.execute("COMMIT")
    holder.close()
    code, out, err = output.finish(timeout=120)
    assert code == 0, err
    assert out.splitlines()[1] == "log.csv,500,500,0,0,0"
