#!/usr/bin/env python3
"""Benchmark: a generated contact log into a real Neo4j 5.26, graphkit vs Neo4j's LOAD CSV.

Runs, in one go (each Neo4j approach on a fresh server started with
``scripts/neo4j_server.py``, so every approach starts from an empty database and a cold JVM):

1. ``graphkit.ingest.prepare_import`` alone (CSV parsing and validation, no store writes),
   and the time graphkit's planning (``graphkit.changes.apply_batch``, against an empty
   store) needs to turn the validated batch into the write queries' parameters.
2. The embedded SQLite store, for reference: ``import_files`` into a temp file, then again
   with the same (unchanged) files.
3. graphkit into Neo4j: ``import_files(Neo4jStore(uri), ...)`` end to end, then again with the
   same files (everything unchanged). The client's and the server's CPU time and the time
   between the queries graphkit sends (named by the ``// <name>.cypher`` header of their
   text: ``stored_*`` reads, ``create_*`` writes, ...; since schema 4 an import is many
   batch transactions, written by a background thread while the importer plans the next
   ones, so these intervals overlap the planning and are a rough guide) are recorded too.
4. ``LOAD CSV ... CALL { ... } IN TRANSACTIONS OF 10000 ROWS`` with plain MERGEs of the same
   graph model (``merge``: stakeholders merged on ``uid`` = negotiation + U+001F + id),
   then again with the same files.
5. ``LOAD CSV`` feeding graphkit's own write queries (``cypher/write_stakeholders.cypher``
   and ``create_interactions.cypher``) one CSV line at a time in 10,000-row transactions
   (``write``): graphkit's server-side writes without its Python side (parsing, planning,
   Bolt transfer) and without the single transaction. Those queries write what they are
   given and count nothing: graphkit decides in Python what changed and sends only that,
   so the second (unchanged) run here rewrites every record, which is what the planning
   saves graphkit. (It replaces the former ``upsert`` variant, which fed the
   ``cypher/upsert_*.cypher`` queries that detected changes themselves; the store rewrite
   deleted them.)

Afterwards the graphs are compared: node and relationship counts per label and type (the
``GraphkitSchema`` version node that only graphkit writes is reported, not compared), the
negotiation's stakeholders (``Stakeholder {negotiation}``) with their properties and
membership, and a digest of every contact of the negotiation (key, ends, properties).
The numbers go into ``bench/RESULTS.md`` (section "Neo4j import: graphkit vs LOAD CSV ...")
and, in full, into ``bench/out/neo4j_import-<size>.json``.

Usage::

    python3 bench/neo4j_import.py                      # the 1M log, heap 4g, page cache 2g
    python3 bench/neo4j_import.py --size 100k --no-results   # a quick look, nothing recorded
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import neo4j

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from neo4j_server import NEO4J_VERSION, Neo4jServer  # noqa: E402

import graphkit  # noqa: E402
from bench.generate import PRESETS, Config, generate  # noqa: E402
from graphkit.changes import apply_batch  # noqa: E402
from graphkit.cypher import query, statements  # noqa: E402
from graphkit.importer import few_collections  # noqa: E402
from graphkit.ingest import prepare_import  # noqa: E402
from graphkit.stores import SQLiteStore  # noqa: E402
from graphkit.stores.neo4j import BATCH, SEP, Neo4jStore  # noqa: E402
from graphkit.stores.neo4j_records import _Records  # noqa: E402

NEGOTIATION = "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Neo4j import: graphkit vs LOAD CSV"
RESULTS_DATE = "2026-11-26"
LOAD_CSV_BATCH = 10_000
APPROACHES = ("prepare", "sqlite", "graphkit", "merge", "write")

# -- LOAD CSV: plain MERGEs of graphkit's graph model -----------------------------------------

STAKEHOLDER_PROPS = """{
        name: trim(row.name), party: trim(coalesce(row.party, '')),
        organization: trim(coalesce(row.organization, '')), role: trim(coalesce(row.role, '')),
        tier: trim(coalesce(row.tier, '')), kind: trim(coalesce(row.kind, '')),
        notes: trim(coalesce(row.notes, '')), attributes: '{}', unmapped: false
    }"""
INTERACTION_PROPS = """{
        date: trim(row.date), channel: trim(coalesce(row.channel, '')),
        track: trim(coalesce(row.track, '')),
        sentiment: coalesce(toFloat(trim(row.sentiment)), 0.0), confidential: false,
        notes: trim(coalesce(row.notes, '')), attributes: '{}'
    }"""

MERGE_STAKEHOLDERS = f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
    MERGE (s:Stakeholder {{uid: $negotiation + $sep + trim(row.id)}})
    SET s += {STAKEHOLDER_PROPS},
        s.negotiation = $negotiation, s.id = trim(row.id)
    WITH s
    MATCH (n:Negotiation {{name: $negotiation}})
    MERGE (s)-[:TAKES_PART_IN]->(n)
}} IN TRANSACTIONS OF {LOAD_CSV_BATCH} ROWS
"""
MERGE_INTERACTIONS = f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
    MATCH (a:Stakeholder {{uid: $negotiation + $sep + trim(row.source)}}),
          (b:Stakeholder {{uid: $negotiation + $sep + trim(row.target)}})
    MERGE (i:Interaction {{uid: $negotiation + $sep + 'id:' + trim(row.id)}})
    SET i += {INTERACTION_PROPS},
        i.negotiation = $negotiation, i.key = 'id:' + trim(row.id)
    MERGE (a)-[:INITIATED]->(i)
    MERGE (i)-[:WITH]->(b)
}} IN TRANSACTIONS OF {LOAD_CSV_BATCH} ROWS
"""


def _body(name: str, unwind: str, replacement: str) -> str:
    """graphkit's query ``name`` without comments, its ``unwind`` line replaced."""
    text = "\n".join(
        line for line in query(name).splitlines() if not line.lstrip().startswith("//")
    )
    if unwind not in text:
        raise RuntimeError(f"cypher/{name}.cypher no longer contains {unwind!r}: update the bench")
    return text.replace(unwind, replacement)


def write_queries() -> dict[str, str]:
    """LOAD CSV feeding graphkit's own write queries, one CSV line at a time.

    Each line becomes the ``row`` that ``graphkit.stores.neo4j`` would send (the same
    uids, keys and property maps); what graphkit sends is only what its planning found
    changed, here it is every line.
    """
    stakeholders = _body(
        "write_stakeholders",
        "UNWIND $rows AS row",
        "WITH n, {uid: $negotiation + $sep + trim(line.id), id: trim(line.id), "
        f"props: {STAKEHOLDER_PROPS.replace('row.', 'line.')}}} AS row",
    )
    interactions = _body(
        "create_interactions",
        "UNWIND $rows AS row",
        "WITH {uid: $negotiation + $sep + 'id:' + trim(line.id), key: 'id:' + trim(line.id), "
        "a: $negotiation + $sep + trim(line.source), b: $negotiation + $sep + trim(line.target), "
        f"props: {INTERACTION_PROPS.replace('row.', 'line.')}}} AS row",
    )

    def wrap(body: str) -> str:
        return (
            f"LOAD CSV WITH HEADERS FROM $url AS line\nCALL (line) {{\n{body}\n}} "
            f"IN TRANSACTIONS OF {LOAD_CSV_BATCH} ROWS"
        )

    return {"stakeholders": wrap(stakeholders), "interactions": wrap(interactions)}


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Run:
    """One timed import."""

    label: str
    seconds: float
    rows: int
    phases: dict[str, float] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    finished: bool = True
    notes: str = ""

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(server: Neo4jServer) -> int:
    proc = server._proc  # the JVM; the server script exposes no public pid
    assert proc is not None
    return proc.pid


def query_name(text: str) -> str:
    """The name of one of graphkit's queries from its header (``// <name>.cypher - ...``,
    the first line of every file in ``cypher/``); ``other`` for any other text."""
    first = text.split("\n", 1)[0]
    if not first.startswith("// "):
        return "other"
    token = first[3:].split(" ", 1)[0]
    return token.removesuffix(".cypher") if token.endswith(".cypher") else "other"


@contextlib.contextmanager
def query_clock() -> Iterator[list[tuple[float, str, int]]]:
    """Timestamp every query graphkit runs inside its transaction, and the commit.

    graphkit runs its queries one after another and consumes each before the next, so
    the gap between two starts is one query's time; the mark ``commit`` is set when the
    transaction function returns (the driver then commits). A mark holds the time, the
    query's name (from its header) and the length of its ``$rows`` or ``$uids``.
    """
    marks: list[tuple[float, str, int]] = []
    run_original = neo4j.ManagedTransaction.run
    write_original = neo4j.Session.execute_write

    def run(self, text, parameters=None, **kw):  # type: ignore[no-untyped-def]
        params = {**(parameters or {}), **kw}
        rows = params.get("rows", params.get("uids", ()))
        marks.append((time.perf_counter(), query_name(text), len(rows)))
        return run_original(self, text, parameters, **kw)

    def execute_write(self, work, *args, **kw):  # type: ignore[no-untyped-def]
        def timed(tx, *a, **k):  # type: ignore[no-untyped-def]
            try:
                return work(tx, *a, **k)
            finally:
                marks.append((time.perf_counter(), "commit", 0))

        return write_original(self, timed, *args, **kw)

    neo4j.ManagedTransaction.run = run  # type: ignore[method-assign]
    neo4j.Session.execute_write = execute_write  # type: ignore[method-assign]
    try:
        yield marks
    finally:
        neo4j.ManagedTransaction.run = run_original  # type: ignore[method-assign]
        neo4j.Session.execute_write = write_original  # type: ignore[method-assign]


def per_query(marks: list[tuple[float, str, int]], end: float) -> dict[str, float]:
    """Seconds per mark name (``query <name>``, ``commit``); the last gap ends at ``end``."""
    out: dict[str, float] = {}
    for (t, name, _), nxt in zip(marks, [*marks[1:], (end, "", 0)], strict=True):
        key = name if name == "commit" else f"query {name}"
        out[key] = out.get(key, 0.0) + nxt[0] - t
    return out


class TimedOut(Exception):
    """An import did not finish before the deadline; the server was killed and restarted."""

    def __init__(self, seconds: float, progress: str):
        self.seconds, self.progress = seconds, progress
        super().__init__(f"not finished after {seconds:.0f}s ({progress})")


def with_deadline(
    server: Neo4jServer, timeout: float, work: Callable[[], Any], progress: Callable[[], str]
) -> Any:
    """Run ``work`` in a thread; past ``timeout`` s kill the server (which rolls the import
    back), restart it on the same data and raise :class:`TimedOut`."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    t0 = time.perf_counter()
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        where = progress()
        server.kill()
        thread.join(120)
        server.start(timeout=600)
        raise TimedOut(time.perf_counter() - t0, where)
    if "error" in box:
        raise box["error"]
    return box["result"]


class NoStore:
    """Stand-in for a store when only ``prepare_import`` is timed (no stakeholder stored)."""

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        return {}


class NoWrite:
    """Stand-in for the Neo4j store's staged write: reads find nothing, nothing is sent."""

    negotiation = NEGOTIATION

    def read(self, name: str, *, wait: bool = True, **params: object) -> list[dict[str, Any]]:
        if name.endswith("_fingerprints"):  # nothing stored: the first import's planning
            return [{"stored": 0, "prints": []}]
        return []

    def read_batches(
        self, name: str, param: str, items: object, *, wait: bool = True
    ) -> list[dict[str, Any]]:
        return []

    def stage(self, name: str, items: object, param: str = "rows") -> None:
        return None


# -- the phases -------------------------------------------------------------------------------


def ensure_data(size: str, seed: int, out: Path) -> tuple[Path, float]:
    """The generated log of ``size`` in ``out`` (regenerated unless its manifest matches)."""
    cfg = Config.preset(size, seed=seed)
    manifest = out / "manifest.json"
    want = asdict(cfg.resolved())
    if (
        manifest.is_file()
        and (out / "interactions.csv").is_file()
        and json.loads(manifest.read_text()).get("config") == want
    ):
        return out, 0.0
    t0 = time.perf_counter()
    generate(cfg, out)
    return out, time.perf_counter() - t0


def files(data: Path) -> dict[str, Path]:
    return {"stakeholders": data / "stakeholders.csv", "interactions": data / "interactions.csv"}


def profile_prepare(data: Path) -> dict[str, float]:
    """graphkit's client-side work without any store: parse + validate, then plan.

    The planning is graphkit's own: ``apply_batch`` on the Neo4j store's ``_Records`` over a
    staged write that finds no stored record and sends nothing, so it covers the uid lists
    of the ``stored_*`` reads, the comparison with (no) stored values and the ``$rows`` of
    the ``write_*`` queries, as for a first import.
    """
    gc.collect()
    with few_collections():  # as graphkit.import_files runs them
        t0 = time.perf_counter()
        batch = prepare_import(NEGOTIATION, NoStore(), **files(data))
        t1 = time.perf_counter()
        result = apply_batch(_Records(NoWrite()), batch)  # type: ignore[arg-type]
        t2 = time.perf_counter()
    n = len(batch.interactions) + len(batch.stakeholders)
    if result.counts["interactions"].added != len(batch.interactions):
        raise RuntimeError("planning against an empty store did not add every contact")
    del result, batch
    gc.collect()
    return {"prepare_import": t1 - t0, "plan_and_parameters": t2 - t1, "rows": n}


def run_sqlite(data: Path) -> list[Run]:
    """graphkit into the embedded SQLite store (a temp file), twice."""
    out: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        store = SQLiteStore(Path(tmp) / "store.db")
        for label in ("graphkit -> SQLite", "graphkit -> SQLite, again (unchanged)"):
            gc.collect()
            run = timed_import(store, data, label)
            out.append(run)
        store.close()
    return out


def timed_import(store: Any, data: Path, label: str) -> Run:
    """``graphkit.import_files`` end to end; its progress message splits prepare from write."""
    marks: dict[str, float] = {}

    def progress(message: str) -> None:
        if message.startswith("writing "):
            marks["write"] = time.perf_counter()

    t0 = time.perf_counter()
    result = graphkit.import_files(store, NEGOTIATION, progress=progress, **files(data))
    seconds = time.perf_counter() - t0
    rows = sum(c.read for c in result.counts.values())
    counts = {kind: asdict(c) for kind, c in result.counts.items()}
    phases = {}
    if "write" in marks:
        phases = {"prepare": marks["write"] - t0, "write": t0 + seconds - marks["write"]}
    return Run(label, seconds, rows, phases, counts)


def start_server(args: argparse.Namespace, heap: str) -> Neo4jServer:
    # A password of our own: neo4j_server.py's random one fails to start the server when it
    # begins with "-" (neo4j-admin takes it for an option), about one start in 64.
    password = "bench" + secrets.token_urlsafe(18)
    server = Neo4jServer(password=password, heap=heap, pagecache=args.pagecache, quiet=True)
    server.start(timeout=180)
    return server


def run_graphkit_neo4j(server: Neo4jServer, data: Path, timeout: float, tag: str) -> list[Run]:
    """graphkit into Neo4j, twice, with client/server CPU and per-query times.

    A failed or stopped first import is recorded (with how far it got) and ends the phase:
    nothing was committed, so a second import would only repeat it.
    """
    os.environ["NEO4J_USERNAME"] = server.username
    os.environ["NEO4J_PASSWORD"] = server.password
    os.environ.pop("NEO4J_DATABASE", None)
    out: list[Run] = []
    interactions = _lines(files(data)["interactions"])
    batches = -(-interactions // BATCH)
    for label in ("graphkit -> Neo4j", "graphkit -> Neo4j, again (unchanged)"):
        label += tag
        store = Neo4jStore(server.uri)  # connects and creates the schema
        gc.collect()
        pid = server_pid(server)
        cpu0, srv0 = time.process_time(), cpu_seconds(pid)
        t0 = time.perf_counter()
        with query_clock() as marks:

            def progress(marks: list = marks) -> str:
                # The driver retries the whole transaction on errors Neo4j calls transient.
                starts = [i for i, m in enumerate(marks) if m[1] == "claim_negotiation"]
                last = marks[starts[-1] :] if starts else marks
                tries = f"attempt {len(starts)}, " if len(starts) > 1 else ""
                if not last:
                    return "before the first query"
                name = last[-1][1]
                if name == "commit":
                    return f"{tries}committing"
                done = sum(1 for m in last if m[1] == name)
                of = f" of {batches}" if name.endswith("_interactions") else ""
                return f"{tries}{name} batch {done}{of} running"

            try:
                run = with_deadline(
                    server, timeout, lambda s=store, lb=label: timed_import(s, data, lb), progress
                )
            except (TimedOut, graphkit.StoreError) as exc:
                where = progress()
                seconds = exc.seconds if isinstance(exc, TimedOut) else time.perf_counter() - t0
                why = "stopped" if isinstance(exc, TimedOut) else f"failed: {exc}"
                run = Run(label, seconds, 0, finished=False, notes=f"{why} ({where})")
                run.phases = per_query(marks, time.perf_counter())
                if "commit" in run.phases:  # the transaction function ended with the error
                    run.phases["error and rollback"] = run.phases.pop("commit")
                with contextlib.suppress(Exception):
                    store.close()
                out.append(run)
                break
        end = time.perf_counter()
        run.phases["client_cpu"] = time.process_time() - cpu0
        run.phases["server_cpu"] = cpu_seconds(pid) - srv0
        if marks:
            run.phases["before first query"] = marks[0][0] - (end - run.seconds)
            run.phases.update(per_query(marks, end))
        out.append(run)
        store.close()
    return out


def csv_url(session: neo4j.Session, server: Neo4jServer, name: str) -> str:
    """A ``file:///`` URL for ``<home>/import/<name>`` that this server accepts.

    With ``server.directories.import=import`` (Neo4j's own neo4j.conf) it is
    ``file:///<name>``; scripts/neo4j_server.py does not set it, and then the server reads
    absolute paths.
    """
    for url in (f"file:///{name}", (server.home / "import" / name).as_uri()):
        try:
            session.run("LOAD CSV FROM $url AS line RETURN line LIMIT 1", url=url).consume()
            return url
        except neo4j.exceptions.ClientError:
            continue
    raise RuntimeError(f"the server cannot read {name} from its import folder")


def run_load_csv(
    server: Neo4jServer, data: Path, variant: str, timeout: float, tag: str
) -> list[Run]:
    """LOAD CSV (``merge`` or ``write``) into ``server``, twice."""
    imports = server.home / "import"
    imports.mkdir(exist_ok=True)
    for path in files(data).values():
        shutil.copyfile(path, imports / path.name)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    params = {"negotiation": NEGOTIATION, "sep": SEP}
    if variant == "merge":
        steps = [("stakeholders", MERGE_STAKEHOLDERS), ("interactions", MERGE_INTERACTIONS)]
    else:
        q = write_queries()
        steps = [(k, q[k]) for k in ("stakeholders", "interactions")]
    rows = sum(_lines(p) for p in files(data).values())
    out: list[Run] = []
    auth = (server.username, server.password)
    for again in (False, True):
        label = f"LOAD CSV ({variant})" + (", again (unchanged)" if again else "") + tag
        pid = server_pid(server)
        srv0 = cpu_seconds(pid)
        phases: dict[str, float] = {}
        counts: dict[str, Any] = {}
        current: list[str] = []

        def work(phases: dict = phases, counts: dict = counts, current: list = current) -> None:
            with (
                neo4j.GraphDatabase.driver(server.uri, auth=auth) as driver,
                driver.session(database=server.database) as session,
            ):
                for statement in statements("schema"):
                    session.run(statement).consume()
                urls = {
                    n: csv_url(session, server, n) for n in ("stakeholders.csv", "interactions.csv")
                }
                t0 = time.perf_counter()
                claim = {"negotiation": NEGOTIATION, "holder": "bench", "now": now}
                claimed = session.run(query("claim_negotiation"), claim).single()
                for name, text in steps:
                    current.append(name)
                    t = time.perf_counter()
                    csv_name = "interactions.csv" if name == "interactions" else "stakeholders.csv"
                    result = session.run(text, url=urls[csv_name], **params)
                    records = [r.data() for r in result]
                    phases[f"LOAD CSV {name}"] = time.perf_counter() - t
                    if records:
                        counts[name] = {r["status"]: r["rows"] for r in records}
                gen = ((claimed["gen"] if claimed else None) or 0) + 1  # LOAD CSV writes no _gen
                session.run(query("publish_import"), claim, gen=gen, wrote=True).consume()
                phases["wall"] = time.perf_counter() - t0

        try:
            with_deadline(server, timeout, work, lambda c=current: f"LOAD CSV {c[-1]} running")
        except TimedOut as exc:
            out.append(Run(label, exc.seconds, 0, dict(phases), finished=False, notes=exc.progress))
            continue
        seconds = phases.pop("wall")
        phases["server_cpu"] = cpu_seconds(pid) - srv0
        out.append(Run(label, seconds, rows, phases, counts))
    return out


def explain(server: Neo4jServer, name: str, **params: Any) -> list[str]:
    """The plan Neo4j picks now for graphkit's query ``name`` (operators and details)."""
    auth = (server.username, server.password)
    with (
        neo4j.GraphDatabase.driver(server.uri, auth=auth) as driver,
        driver.session(database=server.database) as session,
    ):
        plan = session.run("EXPLAIN " + query(name), params).consume().plan or {}
    out: list[str] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        details = str(node.get("args", {}).get("Details", "")).replace("\n", " ")
        out.append("  " * depth + f"{node.get('operatorType', '?').split('@')[0]} {details[:110]}")
        for child in node.get("children", []):
            walk(child, depth + 1)

    walk(plan, 0)
    return out


def explain_create_interactions(server: Neo4jServer, n: int = 1) -> list[str]:
    """The plan Neo4j picks now for graphkit's create_interactions with ``n`` rows."""
    p = NEGOTIATION + SEP
    rows = [
        {
            "uid": f"{p}id:x{k}",
            "key": f"id:x{k}",
            "a": p + "x",
            "b": p + "y",
            "props": {"date": "2024-01-01"},
        }
        for k in range(n)
    ]
    return explain(server, "create_interactions", rows=rows, negotiation=NEGOTIATION)


def explain_import_path(server: Neo4jServer, contacts: int, people: int) -> dict[str, list[str]]:
    """Plans of the queries an import runs per batch: the write and the planning reads.

    The lists are as long as graphkit's batches (Neo4j plans, and caches plans, per size of
    a list parameter). This is the plan Neo4j picks after the imports; the one used during
    an import may differ (the per-query times show what it cost).
    """
    n, m = min(BATCH, max(contacts, 1)), min(BATCH, max(people, 1))
    uids = [f"{NEGOTIATION}{SEP}id:x{k}" for k in range(n)]
    return {
        "create_interactions": explain_create_interactions(server, n),
        "stored_interactions": explain(server, "stored_interactions", uids=uids),
        "stored_stakeholders": explain(
            server, "stored_stakeholders", uids=[f"{NEGOTIATION}{SEP}x{k}" for k in range(m)]
        ),
    }


def _lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1


#: Properties of graphkit's bookkeeping (generations, fingerprints), not of the content.
BOOKKEEPING = frozenset({"_gen", "_end", "_g"})


def _logical(props: dict[str, Any]) -> dict[str, Any]:
    """A record's properties as content: graphkit's bookkeeping left out, Neo4j temporal
    values as their ISO text (graphkit stores Dates since schema 5, LOAD CSV writes text),
    and no empty ``attributes`` JSON (LOAD CSV writes ``'{}'``; graphkit writes an extra
    column as a ``field:<header>`` property, and none when there is none)."""
    out = {}
    for k, v in props.items():
        if k in BOOKKEEPING or (k == "attributes" and v == "{}"):
            continue
        out[k] = v.iso_format() if hasattr(v, "iso_format") else v
    return out


def graph_state(server: Neo4jServer) -> dict[str, Any]:
    """Counts per label and relationship type, and digests of the negotiation's content
    (:func:`_logical`).

    The negotiation's stakeholders are the ``Stakeholder`` nodes with its name in
    ``negotiation``; each one's properties (``uid`` included) and whether it takes part in
    the ``Negotiation`` node go into the digest. Contacts are the negotiation's
    ``Interaction`` nodes with their two ends. ``GraphkitSchema`` (graphkit's schema
    version node), ``ImportLock`` (its import lock) and ``ImportWriter`` (its writer slots),
    which LOAD CSV does not write, are reported apart and not compared.
    """
    auth = (server.username, server.password)
    with (
        neo4j.GraphDatabase.driver(server.uri, auth=auth) as driver,
        driver.session(database=server.database) as session,
    ):
        nodes = {
            r["label"]: r["n"]
            for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
        }
        schema = nodes.pop("GraphkitSchema", 0)
        locks = nodes.pop("ImportLock", 0)  # graphkit's per-negotiation import lock
        writers = nodes.pop("ImportWriter", 0)  # and its writer slots (schema 6)
        version = session.run(
            "OPTIONAL MATCH (m:GraphkitSchema {name: 'graphkit'}) RETURN m.version AS v"
        ).single()
        rels = {
            r["type"]: r["n"]
            for r in session.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
        }
        people = [
            (r["id"], _logical(r["props"]), r["member"])
            for r in session.run(
                "MATCH (s:Stakeholder {negotiation: $n}) RETURN s.id AS id, "
                "properties(s) AS props, "
                "EXISTS { (s)-[:TAKES_PART_IN]->(:Negotiation {name: $n}) } AS member",
                n=NEGOTIATION,
            )
        ]
        stakeholders = sorted(json.dumps(p, sort_keys=True, ensure_ascii=False) for p in people)
        digest = hashlib.sha256()
        across = 0
        contacts = []
        for r in session.run(
            "MATCH (a:Stakeholder)-[:INITIATED]->(i:Interaction)-[:WITH]->(b:Stakeholder) "
            "WHERE i.negotiation = $n RETURN a.id AS a, b.id AS b, "
            "a.negotiation = $n AND b.negotiation = $n AS inside, properties(i) AS props",
            n=NEGOTIATION,
        ):
            across += not r["inside"]
            contacts.append(
                json.dumps(
                    [r["a"], r["b"], _logical(r["props"])], sort_keys=True, ensure_ascii=False
                )
            )
        contacts.sort()
        for line in contacts:
            digest.update(line.encode() + b"\n")
        return {
            "nodes": dict(sorted(nodes.items())),
            "relationships": dict(sorted(rels.items())),
            "stakeholders": len(people),
            "members": sum(1 for p in people if p[2]),
            "stakeholders_sha256": hashlib.sha256("\n".join(stakeholders).encode()).hexdigest(),
            "interactions_sha256": digest.hexdigest(),
            "interactions_listed": len(contacts),
            "contacts_with_an_end_elsewhere": across,
            "graphkit_schema": {
                "nodes": schema,
                "version": version["v"] if version else None,
                "import_locks": locks,
                "import_writers": writers,
            },
        }


def with_server(
    args: argparse.Namespace, heap: str, work: Callable[[Neo4jServer], Any]
) -> tuple[Any, dict]:
    """Start a fresh server, run ``work``, record the graph state, stop and delete it."""
    server = start_server(args, heap)
    try:
        result = work(server)
        state = graph_state(server) if args.verify else {}
        state["peak_rss_mb"] = server.peak_rss_mb()
        return result, state
    finally:
        server.cleanup()


# -- reporting --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    mem = Path("/proc/meminfo").read_text().split()[1]
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    return {
        "nproc": str(os.cpu_count()),
        "memory": f"{int(mem) / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
        "neo4j_driver": neo4j.__version__,
        "neo4j": NEO4J_VERSION,
        "java": java.splitlines()[0] if java else "",
    }


def count_notes(run: Run) -> str:
    """What the import reported it did, e.g. ``interactions 1,000,000 added``."""
    parts = []
    for kind in ("stakeholders", "interactions"):
        c = run.counts.get(kind, {})
        done = {s: c.get(s, 0) for s in ("added", "updated", "unchanged") if c.get(s, 0)}
        if done:
            parts.append(f"{kind} " + " / ".join(f"{v:,} {s}" for s, v in done.items()))
    return ", ".join(parts)


def fmt_s(x: float) -> str:
    return f"{x:,.1f}" if x >= 10 else f"{x:,.2f}"


def render(report: dict[str, Any]) -> str:
    """The RESULTS.md section."""
    m, a = report["machine"], report["args"]
    runs = [Run(**r) for r in report["runs"]]
    by = {r.label: r for r in runs}
    heaps = a["heaps"].split(",")
    tags = [f" [heap {h}]" if len(heaps) > 1 else "" for h in heaps]
    rows = report["rows"]
    lines = [
        f"{HEADING} ({report['size_label']} interactions)",
        "",
        f"Recorded by `bench/neo4j_import.py` on {report['date']}.",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM; Python {m['python']}, "
        f"neo4j driver {m['neo4j_driver']}, {m['java']}.",
        f"- Neo4j Community {m['neo4j']} started by `scripts/neo4j_server.py`, heap {' / '.join(heaps)}, "
        f"page cache {a['pagecache']}; a fresh server (empty database, cold JVM) per approach.",
        f"- Data: `bench/generate.py --size {a['size']} --seed {a['seed']}`: "
        f"{rows['interactions']:,} interactions, {rows['stakeholders']:,} stakeholders "
        f"(relationships.csv not imported).",
        f"- Reproduce: `python3 bench/neo4j_import.py --size {a['size']} --heaps {a['heaps']} "
        f"--pagecache {a['pagecache']} --timeout {float(a['timeout']):.0f}`",
        "",
        "| approach | wall s | rows/s | notes |",
        "|---|---:|---:|---|",
    ]
    for r in runs:
        if r.finished:
            lines.append(
                f"| {r.label} | {fmt_s(r.seconds)} | {r.rows_per_second:,.0f} | {r.notes} |"
            )
        else:
            lines.append(f"| {r.label} | {r.seconds:,.0f} (no result) | – | {r.notes} |")
    lines.append("")
    for tag in tags:
        gk, lc = by.get(f"graphkit -> Neo4j{tag}"), by.get(f"LOAD CSV (merge){tag}")
        if gk and lc and gk.finished and lc.finished:
            ratio = gk.rows_per_second / lc.rows_per_second
            lines.append(
                f"**graphkit / LOAD CSV (merge) throughput{tag}: {ratio:.2f}** "
                f"({gk.rows_per_second:,.0f} vs {lc.rows_per_second:,.0f} rows/s; rows = "
                "interactions + stakeholders read)."
            )
            lines.append("")
        elif gk and lc:
            lines.append(
                f"**graphkit / LOAD CSV (merge){tag}: no ratio - graphkit did not finish.**"
            )
            lines.append("")
    prep = report.get("prepare")
    if prep:
        lines.append(
            f"graphkit's client-side work alone (no store): `prepare_import` (CSV parsing and "
            f"validation) {fmt_s(prep['prepare_import'])} s; planning the changes against an "
            f"empty store and building the write queries' parameters "
            f"{fmt_s(prep['plan_and_parameters'])} s."
        )
        lines.append("")
    lines.append("Where the time goes (seconds; CPU times are totals over the run):")
    lines.append("")
    lines.append("| approach | phases |")
    lines.append("|---|---|")
    for r in runs:
        detail = ", ".join(f"{name} {fmt_s(value)}" for name, value in r.phases.items())
        lines.append(f"| {r.label} | {detail} |")
    lines.append("")
    states = report.get("states", {})
    if states:
        lines.append("Graphs after the imports (the negotiation's timestamps aside):")
        lines.append("")
        lines.append(
            "| approach | nodes | relationships | stakeholders of the negotiation / members "
            "| stakeholders digest | contacts digest | graphkit schema version |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for label, s in states.items():
            if "nodes" not in s:
                continue
            nodes = ", ".join(f"{k} {v:,}" for k, v in s["nodes"].items()) or "none"
            rels = ", ".join(f"{k} {v:,}" for k, v in s["relationships"].items()) or "none"
            version = s.get("graphkit_schema", {}).get("version")
            lines.append(
                f"| {label} | {nodes} | {rels} | {s['stakeholders']:,} / {s['members']:,} | "
                f"`{s['stakeholders_sha256'][:12]}` | `{s['interactions_sha256'][:12]}` | "
                f"{'none' if version is None else version} |"
            )
        lines.append("")
        lines.append(
            "Identical graphs (every approach whose import finished; the schema version node "
            f"aside): **{'yes' if report['identical'] else 'NO'}**."
        )
        lines.append("")
    plans = report.get("plans_after_import") or {}
    if plans:
        lines.append(
            "Plans Neo4j chooses for graphkit's import queries after its imports (`EXPLAIN` "
            "with batch-sized lists; operator and details; the plan used during an import "
            "may differ, see the per-query times):"
        )
        lines.append("")
        for name, plan in plans.items():
            lines.append(f"`{name}`:")
            lines.append("")
            lines.append("```text")
            lines.extend(plan)
            lines.append("```")
            lines.append("")
    rss = [
        f"{label} server {s['peak_rss_mb']:,.0f} MB"
        for label, s in states.items()
        if s.get("peak_rss_mb")
    ]
    if report.get("client_peak_rss_mb"):
        rss.insert(0, f"this Python process {report['client_peak_rss_mb']:,.0f} MB")
    if rss:
        lines.append("Peak resident memory: " + "; ".join(rss) + ".")
        lines.append("")
    if report.get("interpretation"):
        lines.append(report["interpretation"].strip())
        lines.append("")
    return "\n".join(lines)


def write_results(section: str) -> None:
    """Put ``section`` into RESULTS.md, replacing an earlier version of it."""
    top = f"Results are recorded by the scripts in `bench/`; date {RESULTS_DATE}."
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmark results\n\n{top}\n"
    if top not in text:
        text = text.replace("# Benchmark results\n", f"# Benchmark results\n\n{top}\n", 1)
        if top not in text:
            text = f"{top}\n\n{text}"
    start = text.find(HEADING)
    if start >= 0:
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + section.rstrip() + "\n" + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    RESULTS.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="1m")
    parser.add_argument("--seed", type=int, default=Config.seed)
    parser.add_argument(
        "--heaps",
        default="4g",
        help="Neo4j heap sizes, comma-separated: every Neo4j approach runs once per heap",
    )
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument(
        "--approaches",
        default=",".join(APPROACHES),
        help="comma-separated subset of " + ",".join(APPROACHES),
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1200.0,
        help="seconds before an import is given up (the server is killed and restarted)",
    )
    parser.add_argument("--no-verify", dest="verify", action="store_false")
    parser.add_argument("--no-results", dest="results", action="store_false")
    parser.add_argument(
        "--interpretation", type=Path, help="a Markdown file appended to the RESULTS.md section"
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        help="only re-render RESULTS.md from a saved bench/out/neo4j_import-<size>.json",
    )
    args = parser.parse_args(argv)
    wanted = set(args.approaches.split(","))
    if wanted - set(APPROACHES):
        parser.error(
            f"--approaches: unknown {', '.join(sorted(wanted - set(APPROACHES)))} "
            f"(choose from {','.join(APPROACHES)}; upsert is now write, see --help)"
        )
    if args.from_json:
        report = json.loads(args.from_json.read_text())
        if args.interpretation:
            report["interpretation"] = args.interpretation.read_text()
        args.from_json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        write_results(render(report))
        return 0

    def say(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    data, gen_s = ensure_data(args.size, args.seed, ROOT / "bench" / "out" / args.size)
    say(f"data in {data}" + (f" (generated in {gen_s:.1f}s)" if gen_s else " (reused)"))
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "size_label": {"10k": "10k", "100k": "100k", "1m": "1M"}[args.size],
        "args": {k: str(v) for k, v in vars(args).items()},
        "machine": machine(),
        "rows": {k: _lines(p) for k, p in files(data).items()},
        "runs": [],
        "states": {},
        "timeline": {"generate": gen_s},
    }
    runs: list[Run] = []

    def phase(name: str, work: Callable[[], Any]) -> Any:
        say(f"{name} ...")
        t0 = time.perf_counter()
        result = work()
        report["timeline"][name] = time.perf_counter() - t0
        say(f"{name} done in {report['timeline'][name]:.1f}s")
        got = result[0] if isinstance(result, tuple) else result
        for r in got if isinstance(got, list) else []:
            detail = ", ".join(f"{k} {v:.2f}" for k, v in r.phases.items())
            say(f"  {r.label}: {r.seconds:.2f}s, {r.rows_per_second:,.0f} rows/s ({detail})")
        return result

    if "prepare" in wanted:
        report["prepare"] = phase("prepare_import alone", lambda: profile_prepare(data))
    if "sqlite" in wanted:
        runs += phase("SQLite", lambda: run_sqlite(data))
    heaps = args.heaps.split(",")
    for heap in heaps:
        tag = f" [heap {heap}]" if len(heaps) > 1 else ""
        if "graphkit" in wanted:

            def graphkit_work(server: Neo4jServer, tag: str = tag) -> list[Run]:
                got = run_graphkit_neo4j(server, data, args.timeout, tag)
                if got[0].finished:
                    report.setdefault(
                        "plans_after_import",
                        explain_import_path(
                            server, report["rows"]["interactions"], report["rows"]["stakeholders"]
                        ),
                    )
                return got

            got, state = phase(
                f"graphkit -> Neo4j{tag}",
                lambda h=heap, w=graphkit_work: with_server(args, h, w),
            )
            state["complete"] = got[0].finished
            runs += got
            report["states"][f"graphkit{tag}"] = state
        for variant in ("merge", "write"):
            if variant not in wanted:
                continue
            got, state = phase(
                f"LOAD CSV ({variant}){tag}",
                lambda v=variant, h=heap, t=tag: with_server(
                    args, h, lambda s: run_load_csv(s, data, v, args.timeout, t)
                ),
            )
            state["complete"] = got[0].finished
            runs += got
            report["states"][f"LOAD CSV ({variant}){tag}"] = state
    for r in runs:
        if not r.finished:
            r.notes = f"did not finish after {r.seconds:,.0f} s: {r.notes}"
        elif r.label.startswith("graphkit -> Neo4j") and "server_cpu" in r.phases:
            r.notes = (
                f"client CPU {fmt_s(r.phases['client_cpu'])} s, server CPU "
                f"{fmt_s(r.phases['server_cpu'])} s"
            )
        elif r.label.startswith("LOAD CSV"):
            r.notes = f"server CPU {fmt_s(r.phases['server_cpu'])} s"
            if "(write)" in r.label:
                r.notes += "; every line written (graphkit's write queries count nothing)"
        if r.finished and r.counts:
            r.notes += ("; " if r.notes else "") + count_notes(r)
    report["runs"] = [asdict(r) for r in runs]
    report["client_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    comparable = [
        {k: v for k, v in s.items() if k not in ("peak_rss_mb", "complete", "graphkit_schema")}
        for s in report["states"].values()
        if "nodes" in s and s["complete"]
    ]
    report["identical"] = len(comparable) > 1 and all(s == comparable[0] for s in comparable)
    if args.interpretation:
        report["interpretation"] = args.interpretation.read_text()

    out = ROOT / "bench" / "out" / f"neo4j_import-{args.size}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    section = render(report)
    print(section)
    if args.results:
        write_results(section)
        say(f"wrote {RESULTS.relative_to(ROOT)} and {out.relative_to(ROOT)}")
    return 0 if report["identical"] or not args.verify or len(comparable) < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
