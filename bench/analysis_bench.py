"""Analysis at scale: graphkit's full analysis against two baselines, in one run.

    python3 bench/analysis_bench.py --size 1m --baseline igraph
    python3 bench/analysis_bench.py --size 100k --baseline networkx

graphkit
    The full ``graphkit.pipeline.analyse_negotiation`` on the log imported into the
    embedded store: load, aggregate, every metric (PageRank, eigenvector, weighted
    degree, exact weighted betweenness, closeness up to 5,000 stakeholders, constraint,
    effective size, Gould-Fernandez roles, party-pair shares, cut vertices, trust,
    balance, cooling and one-sided ties, Louvain) and the roles with reasons.
igraph (a)
    The same heavy metrics written directly in python-igraph from the CSV: read with
    pandas, aggregate per pair, build the graph from arrays, then weighted betweenness
    (distance = 1/count), directed weighted PageRank, weighted eigenvector, weighted
    Louvain and weighted constraint.
networkx (b)
    The obvious pandas + networkx script: read the CSV, one weighted edge per pair,
    ``nx.betweenness_centrality(weight=...)``, ``nx.pagerank``,
    ``nx.eigenvector_centrality``, ``nx.community.louvain_communities``,
    ``nx.constraint``.

Also measures, on the 20k-stakeholder log, the accuracy of the sampled party-pair
path shares against exact ones (``--accuracy``). Prints JSON; RESULTS.md records it.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _files(size: str) -> Path:
    folder = ROOT / "bench" / "out" / size
    if not (folder / "interactions.csv").is_file():
        import subprocess

        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                "--size",
                size,
                "--out",
                str(folder),
            ],
            check=True,
        )
    return folder


def run_graphkit(folder: Path) -> dict:
    from graphkit import import_files
    from graphkit.pipeline import analyse_negotiation
    from graphkit.stores import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "s.db")
        t0 = time.perf_counter()
        import_files(
            store, "bench", stakeholders=folder / "stakeholders.csv", interactions=folder / "interactions.csv",
            relationships=folder / "relationships.csv" if (folder / "relationships.csv").is_file() else None,
        )  # fmt: skip
        t1 = time.perf_counter()
        phases: dict[str, float] = {}
        last = [time.perf_counter()]

        def progress(message: str) -> None:
            now = time.perf_counter()
            phases[message] = round(now - last[0], 2)
            last[0] = now

        analysis = analyse_negotiation(store, "bench", progress=progress)
        t2 = time.perf_counter()
        store.close()
    return {
        "import_s": round(t1 - t0, 1),
        "analysis_s": round(t2 - t1, 1),
        "stakeholders": analysis.summary["stakeholders"],
        "ties": analysis.summary["ties"],
        "phases_s": phases,
        "top_betweenness": analysis.stakeholders["betweenness"].nlargest(5).index.tolist(),
    }


def run_igraph(folder: Path) -> dict:
    import igraph as ig
    import numpy as np
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(folder / "interactions.csv", usecols=["source", "target"])
    codes, names = pd.factorize(pd.concat([df["source"], df["target"]]), sort=True)
    s, t = codes[: len(df)], codes[len(df) :]
    directed = pd.DataFrame({"s": s, "t": t}).value_counts().reset_index(name="w")
    u, v = np.minimum(s, t), np.maximum(s, t)
    undirected = pd.DataFrame({"u": u, "v": v}).value_counts().reset_index(name="w")
    n = len(names)
    D = ig.Graph(n=n, edges=list(zip(directed["s"], directed["t"], strict=True)), directed=True)
    G = ig.Graph(n=n, edges=list(zip(undirected["u"], undirected["v"], strict=True)))
    w = undirected["w"].to_numpy(dtype=float)
    t1 = time.perf_counter()
    timings = {}
    for name, fn in (
        ("betweenness", lambda: G.betweenness(weights=(1.0 / w).tolist())),
        ("pagerank", lambda: D.pagerank(weights=directed["w"].astype(float).tolist())),
        ("eigenvector", lambda: G.eigenvector_centrality(weights=w.tolist())),
        ("louvain", lambda: G.community_multilevel(weights=w.tolist())),
        ("constraint", lambda: G.constraint(weights=w.tolist())),
    ):
        start = time.perf_counter()
        fn()
        timings[name] = round(time.perf_counter() - start, 2)
    return {
        "load_and_build_s": round(t1 - t0, 1),
        "metrics_s": timings,
        "total_s": round(time.perf_counter() - t0, 1),
    }


def run_networkx(folder: Path, timeout: float) -> dict:
    import networkx as nx
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(folder / "interactions.csv")
    counts = df.groupby(["source", "target"]).size()
    D = nx.DiGraph()
    for (a, b), c in counts.items():
        D.add_edge(a, b, weight=float(c))
    G = nx.Graph()
    for a, b, d in D.edges(data=True):
        if G.has_edge(a, b):
            G[a][b]["weight"] += d["weight"]
        else:
            G.add_edge(a, b, weight=d["weight"])
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    timings = {"load_and_build": round(time.perf_counter() - t0, 1)}
    for name, fn in (
        ("pagerank", lambda: nx.pagerank(D, weight="weight")),
        ("eigenvector", lambda: nx.eigenvector_centrality(G, weight="weight", max_iter=1000)),
        ("louvain", lambda: nx.community.louvain_communities(G, weight="weight", seed=1)),
        ("constraint", lambda: nx.constraint(G, weight="weight")),
        ("betweenness", lambda: nx.betweenness_centrality(G, weight="distance")),
    ):
        start = time.perf_counter()
        fn()
        timings[name] = round(time.perf_counter() - start, 1)
        if time.perf_counter() - t0 > timeout:
            timings["stopped"] = f"after {name}: over the {timeout:.0f} s limit"
            break
    return {"metrics_s": timings, "total_s": round(time.perf_counter() - t0, 1)}


def run_accuracy(folder: Path, samples: tuple[int, ...] = (250, 500, 1000)) -> dict:
    """Sampled party-pair path shares against exact ones on the same graph."""
    import numpy as np

    from graphkit import import_files
    from graphkit.analysis.brokers import party_pair_shares
    from graphkit.networks import tie_graph
    from graphkit.pipeline import load_model
    from graphkit.stores import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "s.db")
        import_files(
            store,
            "bench",
            stakeholders=folder / "stakeholders.csv",
            interactions=folder / "interactions.csv",
        )
        model = load_model(store, "bench")
        store.close()
    G = tie_graph(model, include_negative=False)
    party = model.stakeholders["party"].to_dict()
    start = time.perf_counter()
    exact = party_pair_shares(G, party, max_sources=None)
    exact_s = time.perf_counter() - start
    out = {"exact_s": round(exact_s, 1), "samples": {}}
    for k in samples:
        start = time.perf_counter()
        approx = party_pair_shares(G, party, max_sources=k)
        secs = time.perf_counter() - start
        rows = []
        for pair, ex in exact.items():
            top = sorted(ex, key=ex.get, reverse=True)[:50]
            ap = approx.get(pair, {})
            a = np.array([ex[n] for n in top])
            b = np.array([ap.get(n, 0.0) for n in top])
            ranks_a, ranks_b = a.argsort().argsort(), b.argsort().argsort()
            rho = float(np.corrcoef(ranks_a, ranks_b)[0, 1])
            top10 = set(top[:10])
            found = set(sorted(ap, key=ap.get, reverse=True)[:10])
            rows.append({"pair": list(pair), "spearman_top50": round(rho, 3), "top10_recovered": len(top10 & found) / 10,
                         "max_abs_error_top50": round(float(np.abs(a - b).max()), 4)})  # fmt: skip
        out["samples"][k] = {"seconds": round(secs, 1), "pairs": rows}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["10k", "100k", "1m"], default="1m")
    parser.add_argument("--baseline", choices=["igraph", "networkx", "none"], default="igraph")
    parser.add_argument(
        "--accuracy", action="store_true", help="Also measure sampled party-pair shares."
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="Stop the networkx baseline after this long."
    )
    args = parser.parse_args()
    folder = _files(args.size)
    result: dict = {"size": args.size}
    result["graphkit"] = run_graphkit(folder)
    if args.baseline == "igraph":
        result["igraph"] = run_igraph(folder)
        result["ratio_graphkit_to_igraph"] = round(
            result["graphkit"]["analysis_s"] / result["igraph"]["total_s"], 2
        )
    elif args.baseline == "networkx":
        result["networkx"] = run_networkx(folder, args.timeout)
        result["speedup_vs_networkx"] = round(
            result["networkx"]["total_s"] / result["graphkit"]["analysis_s"], 1
        )
    if args.accuracy:
        result["party_pair_accuracy"] = run_accuracy(folder)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
