"""The importer fuzz property of tests/system/test_fuzz.py, run for many more cases.

    python3 bench/fuzz_import.py --cases 10000

Prints the number of cases, how many imported and how many were rejected cleanly,
and the time taken; any other exception or a broken guarantee stops the run with
hypothesis's minimal failing example. Record the result in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.system.test_fuzz import check, csv_files


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    outcomes: collections.Counter[str] = collections.Counter()

    @settings(
        max_examples=args.cases,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(csv_files())
    def run(case: object) -> None:
        outcomes[check(case)] += 1

    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    total = sum(outcomes.values())
    print(
        f"{total} cases in {seconds:.0f} s: {outcomes['ok']} imported, {outcomes['rejected']} rejected cleanly, 0 failures"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
