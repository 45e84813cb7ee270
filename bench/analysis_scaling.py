"""Full ``graphkit influence`` against python-igraph computing the heavy metrics directly,
at 10k, 100k and 1M contacts, side by side in one run (issue 17): time, peak memory and
how the time grows.

    python3 bench/analysis_scaling.py                      # prints JSON
    python3 bench/analysis_scaling.py --results            # and records it in RESULTS.md
    python3 bench/analysis_scaling.py --sizes 10k,100k     # a quicker look

For each size (``bench/generate.py``'s log), each part in a fresh process, one after the
other (never two at once):

1. import the log into a temporary embedded store (not timed: import is excluded);
2. **graphkit, library**: ``analyse_negotiation`` on that store, what ``graphkit influence``
   computes (load and aggregate, PageRank, eigenvector, weighted degree, exact weighted
   betweenness, closeness and harmonic closeness, constraint, effective size,
   Gould-Fernandez roles, exact party-pair shares, cut vertices, trust, balance and the
   frustration index, cooling and one-sided ties, Louvain, roles and reasons), timed
   around the call, numba's disk-cache load included; the process' peak RSS;
3. **graphkit, command**: ``python3 -m graphkit influence --format json > /dev/null``,
   wall clock of the whole process (interpreter, imports, analysis, the JSON written);
4. **igraph, directly**: ``bench/analysis_bench.py``'s igraph script (read the CSV with
   pandas, aggregate per pair, weighted betweenness, PageRank, eigenvector, Louvain,
   constraint), timed inside its process (``total_s``) and as a whole process (wall).

Ratios: library / igraph's own total, and command / igraph's whole process. The growth
exponent ``k`` of ``time ~ contacts^k`` is the least-squares slope over the sizes on a
log-log scale, and per step between neighbouring sizes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADING = "## Full analysis against igraph directly: 10k, 100k, 1M (time, memory, growth)"
CONTACTS = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def _child(*args: str) -> dict:
    """Run this file with ``args`` in a fresh process; its JSON, with the wall clock."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result = json.loads(out.stdout)
    result["process_wall_s"] = round(time.perf_counter() - start, 2)
    return result


def _peak_mb() -> int:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def do_import(size: str, store: str) -> dict:
    from bench.analysis_bench import _files
    from graphkit import import_files
    from graphkit.stores import SQLiteStore

    folder = _files(size)
    s = SQLiteStore(Path(store))
    start = time.perf_counter()
    import_files(
        s, "bench", stakeholders=folder / "stakeholders.csv",
        interactions=folder / "interactions.csv",
    )  # fmt: skip
    s.close()
    return {"import_s": round(time.perf_counter() - start, 1)}


def do_analyse(store: str) -> dict:
    from graphkit.pipeline import analyse_negotiation
    from graphkit.stores import SQLiteStore

    s = SQLiteStore(Path(store))
    before = _peak_mb()
    start = time.perf_counter()
    analysis = analyse_negotiation(s, "bench")
    seconds = time.perf_counter() - start
    return {
        "analysis_s": round(seconds, 2),
        "stakeholders": analysis.summary["stakeholders"],
        "ties": analysis.summary["ties"],
        "peak_rss_mb": _peak_mb(),
        "rss_before_analysis_mb": before,
    }


def do_igraph(size: str) -> dict:
    from bench.analysis_bench import _files, run_igraph

    result = run_igraph(_files(size))
    result["peak_rss_mb"] = _peak_mb()
    return result


def command(store: str) -> dict:
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        subprocess.run(
            [sys.executable, "-m", "graphkit", "influence", "-n", "bench", "--store", store,
             "--format", "json"],
            check=True, stdout=sink, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
    return {"command_wall_s": round(time.perf_counter() - start, 2)}


def exponent(sizes: list[str], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(contacts)."""
    if len(sizes) < 2:
        return None
    xs = [math.log(CONTACTS[s]) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def run(sizes: list[str]) -> dict:
    import numba

    from bench.analysis_bench import _files

    rows = []
    for size in sizes:
        _files(size)  # generate the log first, outside every timing
        with tempfile.TemporaryDirectory() as tmp:
            store = str(Path(tmp) / "s.db")
            print(f"{size}: import", file=sys.stderr)
            imported = _child("--do-import", size, store)
            print(f"{size}: graphkit analysis", file=sys.stderr)
            library = _child("--do-analyse", store)
            print(f"{size}: graphkit influence (command)", file=sys.stderr)
            cmd = command(store)
            print(f"{size}: igraph", file=sys.stderr)
            igraph = _child("--do-igraph", size)
        rows.append(
            {"size": size, "contacts": CONTACTS[size], "import_s": imported["import_s"],
             "graphkit": library, **cmd, "igraph": igraph,
             "ratio_library": round(library["analysis_s"] / igraph["total_s"], 2),
             "ratio_command": round(cmd["command_wall_s"] / igraph["process_wall_s"], 2)}
        )  # fmt: skip
    return {
        "date": time.strftime("%Y-%m-%d"),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "threads": numba.get_num_threads(),
        "sizes": rows,
        "exponent_graphkit": exponent(sizes, [r["graphkit"]["analysis_s"] for r in rows]),
        "exponent_igraph": exponent(sizes, [r["igraph"]["total_s"] for r in rows]),
    }


def render(r: dict) -> str:
    rows = r["sizes"]
    lines = [
        HEADING,
        "",
        f"`python3 bench/analysis_scaling.py --results`, {r['date']}, one run, each part in "
        f"a fresh process one after the other, {r['cores']} cores ({r['threads']} numba "
        "threads). Import excluded (its time is given for context).",
        "",
        "| log | stakeholders | ties | graphkit analysis (library) | `graphkit influence` "
        "(whole command) | igraph directly (in process / whole process) | library / igraph "
        "| command / igraph | peak RSS graphkit / igraph |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        g, i = row["graphkit"], row["igraph"]
        lines.append(
            f"| {row['size']} | {g['stakeholders']:,} | {g['ties']:,} | {g['analysis_s']} s "
            f"| {row['command_wall_s']} s | {i['total_s']} s / {i['process_wall_s']} s "
            f"| **{row['ratio_library']}** | **{row['ratio_command']}** "
            f"| {g['peak_rss_mb']} MB / {i['peak_rss_mb']} MB |"
        )
    lines.append("")
    lines.append(
        "igraph's betweenness alone: "
        + ", ".join(f"{row['size']} {row['igraph']['metrics_s']['betweenness']} s" for row in rows)
        + "; import into the embedded store (excluded): "
        + ", ".join(f"{row['size']} {row['import_s']} s" for row in rows)
        + "."
    )
    if r["exponent_graphkit"] is not None:
        steps = []
        for a, b in itertools.pairwise(rows):
            k = math.log(b["graphkit"]["analysis_s"] / a["graphkit"]["analysis_s"]) / math.log(
                b["contacts"] / a["contacts"]
            )
            steps.append(f"{a['size']} -> {b['size']}: {k:.2f}")
        lines += [
            "",
            f"Growth, time ~ contacts^k (least squares over the sizes): graphkit "
            f"**k = {r['exponent_graphkit']:.2f}** ({'; '.join(steps)}), igraph directly "
            f"k = {r['exponent_igraph']:.2f}.",
        ]
    return "\n".join(lines)


def record(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text()
    if HEADING in text:
        start = text.index(HEADING)
        end = text.find("\n## ", start + len(HEADING))
        old = text[start:end] if end >= 0 else text[start:]
        if "\nNotes (" in old:  # written by hand under the table: kept
            section += "\n" + old[old.index("\nNotes (") :].rstrip("\n")
        text = text[:start] + section + "\n" + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--results", action="store_true", help="record in bench/RESULTS.md")
    parser.add_argument("--do-import", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--do-analyse", help=argparse.SUPPRESS)
    parser.add_argument("--do-igraph", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.do_import:
        print(json.dumps(do_import(*args.do_import)))
        return 0
    if args.do_analyse:
        print(json.dumps(do_analyse(args.do_analyse)))
        return 0
    if args.do_igraph:
        print(json.dumps(do_igraph(args.do_igraph)))
        return 0
    r = run([s.strip() for s in args.sizes.split(",")])
    print(json.dumps(r, indent=2))
    if args.results:
        record(render(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
