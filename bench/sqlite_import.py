#!/usr/bin/env python3
"""Benchmark: ``graphkit import`` into the embedded store, this checkout against another
revision (by default graphkit 0.1.0), side by side in one run.

Each revision imports the same generated log (stakeholders and contacts) into a fresh
store, then imports it again unchanged; every import is its own ``python -m graphkit``
process, and the revisions take turns (A B B A ...) so that a slower minute of a shared
machine falls on both. Recorded per import: wall time and peak RSS. The result is the
ratio of this checkout's median to the baseline's.

Usage::

    python3 bench/sqlite_import.py                       # 1M rows, against 0.1.0 (d2a7515)
    python3 bench/sqlite_import.py --size 100k --rounds 3 --baseline HEAD~5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.neo4j_import import ensure_data  # noqa: E402

#: graphkit 0.1.0, the last release.
BASELINE = "d2a7515"


def import_once(code: Path, data: Path, store: Path) -> tuple[float, float, str]:
    """One ``graphkit import`` from ``code``: (seconds, peak RSS in MiB, the CSV counts)."""
    cmd = [
        sys.executable, "-m", "graphkit", "import", "-n", "bench",
        "--stakeholders", str(data / "stakeholders.csv"),
        "--interactions", str(data / "interactions.csv"),
        "--store", str(store), "--format", "csv",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(code)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=code)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import from {code} failed:\n{err}")
    return seconds, usage.ru_maxrss / 1024, out.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1m", choices=["10k", "100k", "1m"])
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=2, help="imports per revision and kind")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    data, _ = ensure_data(args.size, args.seed, ROOT / "bench" / "out" / args.size)
    with tempfile.TemporaryDirectory(prefix="gk-bench-") as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), args.baseline],
            check=True,
        )
        try:
            codes = {"baseline": base, "current": ROOT}
            runs: dict[str, dict[str, list[tuple[float, float]]]] = {
                name: {"fresh": [], "again": []} for name in codes
            }
            counts: dict[str, dict[str, str]] = {name: {} for name in codes}
            order = ["baseline", "current"]
            for r in range(args.rounds):
                for name in order if r % 2 == 0 else order[::-1]:
                    store = Path(tmp) / f"{name}-{r}.db"
                    for kind in ("fresh", "again"):
                        seconds, rss, line = import_once(codes[name], data, store)
                        runs[name][kind].append((seconds, rss))
                        counts[name][kind] = line
                        print(
                            f"{name:8} {kind:5} {seconds:7.1f} s {rss:7.0f} MiB  {line}", flush=True
                        )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)])

    def median(name: str, kind: str, i: int) -> float:
        return statistics.median(x[i] for x in runs[name][kind])

    result = {
        "size": args.size,
        "baseline": args.baseline,
        "rounds": args.rounds,
        "machine": f"{os.cpu_count()} cores",
        "runs": runs,
        "counts": counts,
        "ratio_current_to_baseline": {
            kind: {
                "seconds": median("current", kind, 0) / median("baseline", kind, 0),
                "peak_rss": median("current", kind, 1) / median("baseline", kind, 1),
            }
            for kind in ("fresh", "again")
        },
    }
    out = ROOT / "bench" / "out" / f"sqlite_import-{args.size}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"\n| import ({args.size}) | {args.baseline} | this checkout | ratio |")
    print("|---|---:|---:|---:|")
    for kind, what in (("fresh", "into a new store"), ("again", "same files again")):
        b, c = median("baseline", kind, 0), median("current", kind, 0)
        bm, cm = median("baseline", kind, 1), median("current", kind, 1)
        print(f"| {what}: seconds | {b:.1f} | {c:.1f} | {c / b:.2f} |")
        print(f"| {what}: peak RSS MiB | {bm:.0f} | {cm:.0f} | {cm / bm:.2f} |")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
