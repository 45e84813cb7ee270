#!/usr/bin/env python3
"""Benchmark: reading a 100k-row contact log from an Excel workbook, python-calamine
against openpyxl (both through pandas), and from CSV, side by side in one run.

The log is ``bench/generate.py``'s (``--size``, default 100k); the script writes it
once more as ``interactions.xlsx`` with openpyxl (dates as date cells, sentiment as
numbers, one sheet "Contacts"). Every measurement is its own child process (a fresh
interpreter: no warm caches, a clean peak RSS), the approaches taking turns round by
round; the time is the read alone, imports excluded.

Approaches:

| name | what is timed |
|---|---|
| `pandas-csv` | `pd.read_csv(csv, dtype=str, keep_default_na=False)` |
| `pandas-calamine` / `pandas-openpyxl` | `pd.read_excel(xlsx, engine=..., header=None, dtype=object, na_filter=False)`: what graphkit calls |
| `pandas-calamine-typed` / `pandas-openpyxl-typed` | `pd.read_excel(xlsx, engine=...)` with pandas' defaults (header row, type inference) |
| `graphkit-csv` / `graphkit-xlsx` | `graphkit.ingest.inputs.read_input_file` and every row: graphkit's reading, cells as text |
| `prepare-csv` / `prepare-xlsx` | `graphkit.ingest.prepare_import` of the stakeholder map (CSV) and the log: reading and every check, no store |

Usage::

    python3 bench/workbook_read.py                 # 100k rows, 3 rounds, records RESULTS.md
    python3 bench/workbook_read.py --size 10k --rounds 1 --no-results
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.neo4j_import import ensure_data  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Workbook reading: python-calamine vs openpyxl vs CSV"
APPROACHES = [
    "pandas-csv",
    "pandas-calamine",
    "pandas-openpyxl",
    "pandas-calamine-typed",
    "pandas-openpyxl-typed",
    "graphkit-csv",
    "graphkit-xlsx",
    "prepare-csv",
    "prepare-xlsx",
]


def write_workbook(data: Path) -> Path:
    """``interactions.csv`` as ``interactions.xlsx``, typed as a spreadsheet user has it."""
    out = data / "interactions.xlsx"
    source = data / "interactions.csv"
    if out.is_file() and out.stat().st_mtime >= source.stat().st_mtime:
        return out
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    with source.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        sheet.append(header)
        date_at, tone_at = header.index("date"), header.index("sentiment")
        for row in reader:
            cells: list[object] = list(row)
            cells[date_at] = dt.datetime.fromisoformat(row[date_at])
            cells[tone_at] = float(row[tone_at]) if row[tone_at] else None
            sheet.append(cells)
    book.save(out)
    return out


def run_one(name: str, data: Path) -> dict[str, float]:
    """One measurement, in this (child) process."""
    import pandas as pd

    from graphkit.ingest import Options, prepare_import
    from graphkit.ingest.inputs import read_input_file

    csv_path, xlsx = data / "interactions.csv", data / "interactions.xlsx"

    class NoStore:
        def stakeholder_names(self, negotiation: str) -> dict[str, str]:
            return {}

    t0 = time.perf_counter()
    if name == "pandas-csv":
        rows = len(pd.read_csv(csv_path, dtype=str, keep_default_na=False))
    elif name in ("pandas-calamine", "pandas-openpyxl"):
        engine = name.split("-")[1]
        frame = pd.read_excel(xlsx, engine=engine, header=None, dtype=object, na_filter=False)
        rows = len(frame) - 1
    elif name.endswith("-typed"):
        rows = len(pd.read_excel(xlsx, engine=name.split("-")[1]))
    elif name.startswith("graphkit-"):
        path = csv_path if name == "graphkit-csv" else xlsx
        rows = sum(1 for _ in read_input_file(path, "interactions", Options()).rows())
    elif name.startswith("prepare-"):
        path = csv_path if name == "prepare-csv" else xlsx
        batch = prepare_import(
            "bench", NoStore(), stakeholders=data / "stakeholders.csv", interactions=path
        )
        rows = len(batch.interactions)
    else:
        raise SystemExit(f"unknown approach {name}")
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def measure(name: str, data: Path) -> dict[str, float]:
    """``run_one`` in a child process: its time, rows and peak RSS (MiB)."""
    cmd = [sys.executable, __file__, "--one", name, "--data", str(data)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read().decode() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{name} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["rss"] = usage.ru_maxrss / 1024
    return result


def section(results: dict[str, list[dict[str, float]]], data: Path, size: str) -> str:
    def versions() -> str:
        from importlib.metadata import version

        names = ("pandas", "python-calamine", "openpyxl")
        return ", ".join(f"{n} {version(n)}" for n in names)

    xlsx = (data / "interactions.xlsx").stat().st_size / 1e6
    csv_mb = (data / "interactions.csv").stat().st_size / 1e6
    rows = int(results["pandas-csv"][0]["rows"])
    base = statistics.median(r["seconds"] for r in results["pandas-csv"])
    lines = [
        HEADING + f" ({size} rows)",
        "",
        f"`python3 bench/workbook_read.py --size {size} --rounds {len(results['pandas-csv'])}` on "
        f"{dt.date.today().isoformat()} ({os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{versions()}; nothing else running): the generated {rows:,}-row contact log as CSV "
        f"({csv_mb:.1f} MB) and as one-sheet `.xlsx` written by openpyxl ({xlsx:.1f} MB; "
        "dates as date cells, sentiment as numbers). Each measurement is a fresh process; the "
        "time is the read alone (imports excluded), median of the rounds (min-max).",
        "",
        "| approach | seconds | vs pandas CSV | peak RSS |",
        "|---|---:|---:|---:|",
    ]
    for name in APPROACHES:
        runs = results[name]
        secs = [r["seconds"] for r in runs]
        med = statistics.median(secs)
        lines.append(
            f"| `{name}` | {med:.2f} ({min(secs):.2f}-{max(secs):.2f}) | {med / base:.1f}x "
            f"| {statistics.median(r['rss'] for r in runs):.0f} MiB |"
        )
    med = {n: statistics.median(r["seconds"] for r in runs) for n, runs in results.items()}

    def rss(name: str) -> float:
        return statistics.median(r["rss"] for r in results[name])

    lines += [
        "",
        f"python-calamine reads the sheet {med['pandas-openpyxl'] / med['pandas-calamine']:.1f}x "
        "as fast as openpyxl through the same `pd.read_excel` call (with pandas' defaults "
        f"too: {med['pandas-openpyxl-typed'] / med['pandas-calamine-typed']:.1f}x), for "
        f"{rss('pandas-calamine') - rss('pandas-openpyxl'):.0f} MiB more peak memory, and it is the one engine that reads .xlsx, .xlsm, .xlsb, .xls "
        "and .ods alike (openpyxl reads only .xlsx/.xlsm): graphkit reads workbooks with it "
        "(`python-calamine` in the dependencies; openpyxl only in the test extra, to write "
        "the tests' workbooks). A workbook stays slower than CSV: the same log imports "
        f"(`prepare_import`) in {med['prepare-xlsx']:.2f} s from the sheet against "
        f"{med['prepare-csv']:.2f} s from CSV; of graphkit's {med['graphkit-xlsx']:.2f} s of "
        f"reading, pandas' read is {med['pandas-calamine']:.2f} s and the rest is turning "
        "cells into text (dates, numbers) and checking them for mojibake.",
    ]
    return "\n".join(lines) + "\n"


def write_results(text: str) -> None:
    """Put the section into RESULTS.md, replacing an earlier version of it."""
    old = RESULTS.read_text()
    start = old.find(HEADING)
    if start >= 0:
        end = old.find("\n## ", start + len(HEADING))
        old = old[:start] + text.rstrip() + "\n" + (old[end:] if end >= 0 else "")
    else:
        old = old.rstrip() + "\n\n" + text.rstrip() + "\n"
    RESULTS.write_text(old)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="100k", choices=["10k", "100k", "1m"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--approaches", default=",".join(APPROACHES))
    parser.add_argument("--no-results", action="store_true", help="print, do not record")
    parser.add_argument(
        "--from-json", action="store_true",
        help="only render (and record) the section from the last run's workbook_read.json",
    )  # fmt: skip
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.data)))
        return 0
    data, _ = ensure_data(args.size, args.seed, ROOT / "bench" / "out" / args.size)
    chosen = args.approaches.split(",")
    if args.from_json:
        results = json.loads((data / "workbook_read.json").read_text())
        chosen = list(results)
    else:
        t0 = time.perf_counter()
        write_workbook(data)
        print(f"workbook ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        results = {n: [] for n in chosen}
        for r in range(args.rounds):
            order = chosen if r % 2 == 0 else chosen[::-1]
            for name in order:
                results[name].append(measure(name, data))
                print(f"round {r + 1} {name}: {results[name][-1]}", file=sys.stderr)
        (data / "workbook_read.json").write_text(json.dumps(results, indent=1))
    if set(chosen) != set(APPROACHES):
        return 0
    text = section(results, data, args.size)
    print(text)
    if not args.no_results:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
