"""Make the 0.1.0 store fixtures in this folder (run once, with graphkit 0.1.0).

They were made from commit d2a7515 (graphkit 0.1.0), in a checkout of that commit:

    git worktree add /tmp/gk010 d2a7515
    cd /tmp/gk010 && python3 scripts/neo4j_server.py run -- \
        python3 /path/to/tests/data/upgrade/make_fixtures.py /path/to/tests/data/upgrade

Each store holds two negotiations written by 0.1.0, whose stakeholders were shared
between negotiations then: ``blue-harbor`` (the sample, with metrics written back)
and ``two`` (a small log that refers to blue-harbor's stakeholders A-01, B-01, M-01
and creates N-01 with --create-missing).

- ``store-0.1.0.db``: the embedded store.
- ``neo4j-0.1.0.json.gz``: every node and relationship of the Neo4j store, as written.
- ``influence-<negotiation>-0.1.0.json``: ``graphkit influence --format json`` then.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> None:
    from neo4j import GraphDatabase

    out = Path(sys.argv[1]).resolve()
    sample = Path("import/blue-harbor")
    two = out / "two_interactions.csv"

    def graphkit(*args: str, store: str) -> str:
        cmd = [sys.executable, "-m", "graphkit", *args, "--store", store]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def fill(store: str) -> dict[str, str]:
        graphkit(
            "import", "-n", "blue-harbor",
            "--stakeholders", str(sample / "stakeholders.csv"),
            "--interactions", str(sample / "interactions.csv"),
            "--relationships", str(sample / "relationships.csv"),
            store=store,
        )  # fmt: skip
        graphkit("import", "-n", "two", "--interactions", str(two), "--create-missing", store=store)
        graphkit("influence", "-n", "blue-harbor", "--write-back", store=store)
        return {
            n: graphkit("influence", "-n", n, "--format", "json", store=store)
            for n in ("blue-harbor", "two")
        }

    db = out / "store-0.1.0.db"
    db.unlink(missing_ok=True)
    sqlite_influence = fill(str(db))
    fill(os.environ["NEO4J_URI"])  # the same into Neo4j, dumped below
    # The two stores agree up to float rounding (eigenvector sums in another order).
    for name, text in sqlite_influence.items():
        (out / f"influence-{name}-0.1.0.json").write_text(text, encoding="utf-8")

    auth = (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        nodes = driver.execute_query(
            "MATCH (n) RETURN elementId(n) AS ref, labels(n) AS labels, properties(n) AS props "
            "ORDER BY ref"
        ).records
        rels = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN elementId(a) AS source, type(r) AS type, "
            "properties(r) AS props, elementId(b) AS target ORDER BY source, target, type"
        ).records
    ids = {r["ref"]: i for i, r in enumerate(nodes)}
    dump = {
        "made_by": "graphkit 0.1.0 (d2a7515)",
        "nodes": [{"labels": r["labels"], "props": r["props"]} for r in nodes],
        "relationships": [
            {
                "source": ids[r["source"]],
                "type": r["type"],
                "props": r["props"],
                "target": ids[r["target"]],
            }
            for r in rels
        ],
    }
    with gzip.open(out / "neo4j-0.1.0.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(dump, fh, sort_keys=True, ensure_ascii=False)
    print("fixtures written to", out)


if __name__ == "__main__":  # never on import (pytest collects this folder for doctests)
    main()
