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

Also measures the accuracy of the sampled party-pair path shares against exact ones
(``--accuracy``), and how often the exact share lies within two of the estimate's
standard errors; ``--isolates N`` measures it with stakeholders without ties added
until the graph has N, ``--stakeholders M`` on a log of the preset's rows over M
stakeholders:

    python3 bench/analysis_bench.py --size 100k --baseline none --accuracy
    python3 bench/analysis_bench.py --size 100k --stakeholders 1500 --baseline none \
        --accuracy --isolates 3501

Prints JSON; RESULTS.md records it.
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


def _files(size: str, stakeholders: int | None = None) -> Path:
    folder = ROOT / "bench" / "out" / (f"{size}-s{stakeholders}" if stakeholders else size)
    if not (folder / "interactions.csv").is_file():
        import subprocess

        more = ["--stakeholders", str(stakeholders)] if stakeholders else []
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, *more,
             "--out", str(folder)],
            check=True,
            stdout=sys.stderr,  # stdout is the JSON
        )  # fmt: skip
    return folder


def load_log(folder: Path):  # type: ignore[no-untyped-def]
    """The tie model of a generated log, imported into a temporary embedded store."""
    from graphkit import import_files
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
    return model


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


def run_accuracy(
    folder: Path, samples: tuple[int, ...] = (250, 500, 1000), isolates: int = 0
) -> dict:
    """Sampled party-pair path shares against exact ones on the same graph: per pair, the
    rank correlation of the exact top 50, the top 10 recovered, the largest error in the
    top 50 and, for an estimated pair, the share of the top 50 whose exact value lies
    within two standard errors of the estimate (``within_2se_top50``; a node the sample
    misses has no error and counts as outside). ``isolates``: stakeholders without ties
    added (spread over the parties like their members) until the graph has that many."""
    import numpy as np

    from graphkit.analysis.brokers import pair_sampling, party_pair_estimates, party_pair_shares
    from graphkit.networks import tie_graph

    model = load_log(folder)
    G = tie_graph(model, include_negative=False)
    party = model.stakeholders["party"].to_dict()
    members = sorted(party.values())
    for i in range(isolates - sum(1 for n in G if G.degree(n) == 0)):
        G.add_node(f"isolate-{i}")
        party[f"isolate-{i}"] = members[i * 7919 % len(members)]
    start = time.perf_counter()
    exact = party_pair_shares(G, party, max_sources=None)
    exact_s = time.perf_counter() - start
    out = {
        "nodes": len(G),
        "isolates": sum(1 for n in G if G.degree(n) == 0),
        "exact_s": round(exact_s, 1),
        "samples": {},
    }
    for k in samples:
        start = time.perf_counter()
        approx, errors = party_pair_estimates(G, party, max_sources=k)
        secs = time.perf_counter() - start
        sampling = pair_sampling(G, party, max_sources=k)
        rows = []
        inside, counted = 0, 0
        for pair, ex in exact.items():
            top = sorted(ex, key=ex.get, reverse=True)[:50]
            ap = approx.get(pair, {})
            a = np.array([ex[n] for n in top])
            b = np.array([ap.get(n, 0.0) for n in top])
            ranks_a, ranks_b = a.argsort().argsort(), b.argsort().argsort()
            rho = float(np.corrcoef(ranks_a, ranks_b)[0, 1])
            top10 = set(top[:10])
            found = set(sorted(ap, key=ap.get, reverse=True)[:10])
            row = {"pair": list(pair), **sampling[pair], "spearman_top50": round(rho, 3),
                   "top10_recovered": len(top10 & found) / 10,
                   "max_abs_error_top50": round(float(np.abs(a - b).max()), 4)}  # fmt: skip
            if pair in errors:
                se = np.array([errors[pair].get(n, np.nan) for n in top])
                hit = np.abs(a - b) <= 2 * se  # NaN (missed): outside
                row["within_2se_top50"] = round(float(hit.mean()), 3)
                row["median_se_top50"] = round(float(np.nanmedian(se)), 4)
                inside, counted = inside + int(hit.sum()), counted + len(top)
            rows.append(row)
        out["samples"][k] = {
            "seconds": round(secs, 1),
            "within_2se_top50": round(inside / counted, 3) if counted else None,
            "pairs": rows,
        }
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
        "--stakeholders", type=int, help="The preset's rows over this many stakeholders."
    )
    parser.add_argument(
        "--isolates",
        type=int,
        default=0,
        help="With --accuracy: add stakeholders without ties until the graph has this many.",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="Stop the networkx baseline after this long."
    )
    args = parser.parse_args()
    folder = _files(args.size, args.stakeholders)
    result: dict = {"size": args.size}
    if args.stakeholders:
        result["stakeholders"] = args.stakeholders
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
        samples = (100, 250, 500) if args.isolates else (250, 500, 1000)
        result["party_pair_accuracy"] = run_accuracy(folder, samples, isolates=args.isolates)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
