#!/usr/bin/env python3
"""Benchmark: analysing a generated negotiation from Neo4j, every contact read vs ties
aggregated on the server.

Generates the log with ``bench/generate.py`` (or reuses ``bench/out/<size>/``), imports it
once into a fresh Neo4j 5.26 (``scripts/neo4j_server.py``) and into an embedded store, then
times the default analysis (``graphkit influence``: ``graphkit.pipeline.analyse_negotiation``
with no filter) three ways, each ``--repeat`` times:

* ``contacts`` (before): every contact of the negotiation read over Bolt
  (``Store.load``, ``read_interactions.cypher``) and aggregated in Python
  (``graphkit.pipeline.load_model_from_contacts``: what ``load_model`` did before the
  stores aggregated), then analysed;
* ``ties`` (after): ``load_model``, which reads the contacts summed per ordered pair
  (``Store.load_ties``, ``aggregate_ties.cypher``: one row per pair), then analysed;
* the embedded store (``ties`` path; it reads its local file whole), for reference.

The bytes are counted by a small TCP proxy between the driver and the server's Bolt port:
what the server sends to the client and what the client sends, for the whole analysis
(connecting included: each run opens its own store). The time is split into the store's
part (reading, and for ``contacts`` aggregating) and the analysis proper. Afterwards the
two Neo4j paths' results are compared (summary, ranks, roles), and the evidence read by
``graphkit friction`` on the ``ties`` path (the contacts of the ties it cites) is measured
too.

Prints a Markdown table; with ``--results`` writes it into ``bench/RESULTS.md``
(section "Analysis from Neo4j: contacts vs ties on the server"), and always the numbers
into ``bench/out/neo4j_analysis-<size>.json``.

Usage::

    python3 bench/neo4j_analysis.py --size 10k            # a quick look
    python3 bench/neo4j_analysis.py --size 1m --results   # the recorded run (heap 4g)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from neo4j_server import Neo4jServer  # noqa: E402

import graphkit  # noqa: E402
from bench.generate import PRESETS, Config  # noqa: E402
from bench.neo4j_import import ensure_data, machine, start_server  # noqa: E402
from graphkit.analysis.negotiation import Analysis, analyse  # noqa: E402
from graphkit.graph import TieModel  # noqa: E402
from graphkit.pipeline import load_model, load_model_from_contacts  # noqa: E402
from graphkit.render.views.friction import friction_items  # noqa: E402
from graphkit.stores import SQLiteStore  # noqa: E402
from graphkit.stores.neo4j import Neo4jStore  # noqa: E402

NEGOTIATION = "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Analysis from Neo4j: contacts vs ties on the server"


# -- counting the bytes -----------------------------------------------------------------------


class ByteCounter:
    """A TCP proxy on loopback in front of ``target`` (host, port) that counts the bytes of
    every connection through it, each way."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.to_client = 0
        self.to_server = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self.to_client = self.to_server = 0

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for a, b, down in ((client, server, False), (server, client, True)):
                threading.Thread(target=self._pump, args=(a, b, down), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, down: bool) -> None:
        try:
            while data := src.recv(1 << 16):
                with self._lock:
                    if down:
                        self.to_client += len(data)
                    else:
                        self.to_server += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listener.close()


# -- one timed analysis -----------------------------------------------------------------------


def timed(
    open_store: Callable[[], Any],
    loader: Callable[..., TieModel],
    counter: ByteCounter | None,
) -> dict[str, Any]:
    """Open a store, load the model with ``loader``, analyse it; seconds and bytes."""
    gc.collect()
    if counter:
        counter.reset()
    t0 = time.perf_counter()
    store = open_store()
    try:
        model = loader(store, NEGOTIATION)
        t1 = time.perf_counter()
        analysis = analyse(model, NEGOTIATION)
        t2 = time.perf_counter()
    finally:
        store.close()
    out = {
        "read_s": t1 - t0,
        "analyse_s": t2 - t1,
        "total_s": t2 - t0,
        "pairs": len(model.directed),
        "contacts": model.contact_count,
        "analysis": analysis,
    }
    if counter:
        out["bytes_to_client"], out["bytes_to_server"] = counter.to_client, counter.to_server
    return out


def evidence(open_store: Callable[[], Any], counter: ByteCounter) -> dict[str, Any]:
    """``graphkit friction``'s evidence on the ``ties`` path: only the cited ties' contacts."""
    store = open_store()
    try:
        analysis = analyse(load_model(store, NEGOTIATION), NEGOTIATION)
        counter.reset()
        t0 = time.perf_counter()
        items = friction_items(analysis)
        seconds = time.perf_counter() - t0
    finally:
        store.close()
    cited = len(items["negative"]) + len(items["one_sided"])
    return {"seconds": seconds, "ties_cited": cited, "bytes_to_client": counter.to_client,
            "bytes_to_server": counter.to_server}  # fmt: skip


def same_results(a: Analysis, b: Analysis) -> list[str]:
    """Where two analyses of the same negotiation differ (ranks, roles, summary)."""
    problems = []
    if a.summary != b.summary:
        problems.append("summary")
    for by in ("influence", "betweenness", "trust", "friction"):
        if a.ranked(by=by).index.tolist() != b.ranked(by=by).index.tolist():
            problems.append(f"rank by {by}")
    if a.stakeholders["roles"].tolist() != b.stakeholders["roles"].tolist():
        problems.append("roles")
    if a.stakeholders["why"].tolist() != b.stakeholders["why"].tolist():
        problems.append("reasons")
    return problems


# -- the run ----------------------------------------------------------------------------------


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median times over the runs; bytes and rows of the last (they do not vary)."""
    keep = {k: v for k, v in runs[-1].items() if k != "analysis"}
    for k in ("read_s", "analyse_s", "total_s"):
        keep[k] = statistics.median(r[k] for r in runs)
        keep[k.replace("_s", "_all_s")] = [round(r[k], 3) for r in runs]
    return keep


def run(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any]:
    data, gen_s = ensure_data(args.size, args.seed, ROOT / "bench" / "out" / args.size)
    say(f"data in {data}" + (f" (generated in {gen_s:.1f}s)" if gen_s else " (reused)"))
    paths = {k: data / f"{k}.csv" for k in ("stakeholders", "interactions", "relationships")}
    paths = {k: p for k, p in paths.items() if p.is_file()}
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "size": args.size,
        "args": {k: str(v) for k, v in vars(args).items()},
        "machine": machine(),
        "results": {},
    }
    repeat = args.repeat or (1 if args.size == "1m" else 3)
    report["repeat"] = repeat
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        db = Path(tmp) / "store.db"
        say("import into the embedded store ...")
        with contextlib.closing(SQLiteStore(db)) as sqlite:
            graphkit.import_files(sqlite, NEGOTIATION, **paths)
        server: Neo4jServer = start_server(args, args.heap)
        try:
            os.environ["NEO4J_USERNAME"] = server.username
            os.environ["NEO4J_PASSWORD"] = server.password
            os.environ.pop("NEO4J_DATABASE", None)
            say(f"import into Neo4j ({server.uri}, heap {args.heap}) ...")
            t0 = time.perf_counter()
            with contextlib.closing(Neo4jStore(server.uri)) as neo:
                graphkit.import_files(neo, NEGOTIATION, **paths)
            report["neo4j_import_s"] = time.perf_counter() - t0
            counter = ByteCounter(("127.0.0.1", int(server.port or 0)))
            proxied = f"bolt://127.0.0.1:{counter.port}"

            def neo4j_store() -> Neo4jStore:
                return Neo4jStore(proxied)

            def sqlite_store() -> SQLiteStore:
                return SQLiteStore(db, create=False)

            cases: dict[str, tuple[Callable[[], Any], Callable[..., TieModel], Any]] = {
                "Neo4j, every contact read (before)": (
                    neo4j_store,
                    load_model_from_contacts,
                    counter,
                ),
                "Neo4j, ties aggregated on the server (after)": (neo4j_store, load_model, counter),
                "embedded store (reference)": (sqlite_store, load_model, None),
            }
            analyses = {}
            for label, (opener, loader, count) in cases.items():
                runs = []
                for k in range(repeat):
                    say(f"{label}: run {k + 1} of {repeat} ...")
                    runs.append(timed(opener, loader, count))
                    r = runs[-1]
                    say(
                        f"  read {r['read_s']:.2f}s, analyse {r['analyse_s']:.2f}s"
                        + (f", {r['bytes_to_client']:,} bytes to the client" if count else "")
                    )
                analyses[label] = runs[-1]["analysis"]
                report["results"][label] = summarise(runs)
            before, after = list(analyses.values())[:2]
            report["differences"] = same_results(before, after)
            report["differences_embedded"] = same_results(after, list(analyses.values())[2])
            say("friction evidence (ties path) ...")
            report["friction_evidence"] = evidence(neo4j_store, counter)
            counter.close()
            report["peak_rss_mb"] = server.peak_rss_mb()
        finally:
            server.cleanup()
    return report


# -- reporting --------------------------------------------------------------------------------


def _mb(n: int | None) -> str:
    return "" if n is None else f"{n / 1e6:,.1f} MB"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    size = {"10k": "10k", "100k": "100k", "1m": "1M"}[report["size"]]
    lines = [
        f"{HEADING} ({size} interactions)",
        "",
        f"Recorded {report['date']} by `bench/neo4j_analysis.py --size {report['size']}`: "
        f"{m['nproc']} cores ({m['cpu']}), {m['memory']}, Python {m['python']}, "
        f"Neo4j {m['neo4j']} (heap {report['args']['heap']}, page cache "
        f"{report['args']['pagecache']}), driver {m['neo4j_driver']}. The default analysis "
        "(`graphkit influence`, no filter); times are medians of "
        f"{report['repeat']} runs, bytes counted by a TCP proxy between the "
        "driver and the server (each run connects anew).",
        "",
        "| path | rows read | store read (s) | analysis (s) | total (s) | server -> client | "
        "client -> server |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in report["results"].items():
        rows = (
            f"{r['contacts']:,} contacts"
            if "before" in label
            else f"{r['pairs']:,} pairs ({r['contacts']:,} contacts)"
        )
        lines.append(
            f"| {label} | {rows} | {r['read_s']:.2f} | {r['analyse_s']:.2f} | {r['total_s']:.2f} "
            f"| {_mb(r.get('bytes_to_client'))} | {_mb(r.get('bytes_to_server'))} |"
        )
    f = report["friction_evidence"]
    lines += [
        "",
        f"`graphkit friction` then reads the contacts of the {f['ties_cited']:,} ties it cites: "
        f"{f['seconds']:.2f} s, {_mb(f['bytes_to_client'])} to the client. The two Neo4j "
        "paths give "
        + (
            "the same summary, ranks, roles and reasons."
            if not report["differences"]
            else "different " + ", ".join(report["differences"]) + "."
        )
        + (
            ""
            if not report["differences_embedded"]
            else " The embedded store differs in " + ", ".join(report["differences_embedded"]) + "."
        ),
        "",
    ]
    return "\n".join(lines)


def write_results(section: str) -> None:
    """Put ``section`` into RESULTS.md, replacing an earlier version of it."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
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
    parser.add_argument("--heap", default="4g", help="the Neo4j heap (default 4g)")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--repeat", type=int, help="runs of each path (default 3; 1 at --size 1m)")
    parser.add_argument(
        "--results", action="store_true", help="write the section into bench/RESULTS.md"
    )
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    report = run(args, say)
    out = ROOT / "bench" / "out" / f"neo4j_analysis-{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    section = render(report)
    print(section)
    if args.results:
        write_results(section)
    return 1 if report["differences"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
