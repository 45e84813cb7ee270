"""The shortest-path kernel alone (graphkit/analysis/paths.py, issue 17) against igraph and
networkit on the same graph, side by side in one run.

    python3 -m pip install -e '.[bench]'          # networkit, for this comparison only
    python3 bench/paths_kernel.py --size 100k      # prints JSON
    python3 bench/paths_kernel.py --size 100k --results   # and records it in RESULTS.md

The graph is graphkit's own: the positive ties of the generated log (``bench/generate.py``)
with their path length ``distance`` (``1 / strength ** alpha``), as the analysis builds it
(imported into a temporary embedded store, ``load_model``, ``Inputs.positive``). Timed, each
after one untimed call (numba's compile, caches):

- graphkit's kernel with betweenness only and with everything it gives at once
  (betweenness, closeness, harmonic closeness, exact party-pair shares), on every core;
- igraph (C, one core): weighted betweenness; and betweenness + closeness + the exact
  party-pair shares as the analysis computed them before (igraph directly, and
  ``brokers.party_pair_shares``);
- networkit's parallel weighted betweenness (``nk.centrality.Betweenness``) on every core.

Betweenness values are compared too (largest absolute difference against the kernel).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def heading(size: str) -> str:
    return f"## The shortest-path kernel alone: graphkit vs igraph vs networkit ({size})"


def tie_graph_of(size: str):  # type: ignore[no-untyped-def]
    from bench.analysis_bench import _files, load_log
    from graphkit.analysis.metrics import Inputs

    inputs = Inputs(load_log(_files(size)))
    return inputs.positive, inputs.party


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def run(size: str, quick: bool = False) -> dict:
    import igraph  # noqa: F401
    import networkit as nk
    import numba

    from graphkit.analysis import brokers
    from graphkit.analysis._fast import to_igraph
    from graphkit.analysis.paths import path_metrics, warm_up

    G, party = tie_graph_of(size)
    n, m = G.number_of_nodes(), G.number_of_edges()
    t = time.perf_counter()
    warm_up()
    compile_or_cache = time.perf_counter() - t
    if not quick:
        path_metrics(G)  # one untimed call on the graph itself
    kernel_b, alone = timed(lambda: path_metrics(G))
    kernel_all, everything = timed(lambda: path_metrics(G, parties=party))
    g, nodes = to_igraph(G, "distance")
    if not quick:
        g.betweenness(weights="w")
    igraph_b, ib = timed(lambda: g.betweenness(weights="w"))
    igraph_all = (
        None
        if quick
        else timed(
            lambda: (
                g.betweenness(weights="w"),
                g.closeness(weights="w", normalized=True),
                brokers.party_pair_estimates(G, party, max_sources=None),  # igraph
            )
        )[0]
    )
    index = {v: i for i, v in enumerate(nodes)}
    K = nk.Graph(n, weighted=True)
    for u, v, d in G.edges(data="distance"):
        K.addEdge(index[u], index[v], d)
    nk.setNumberOfThreads(os.cpu_count() or 1)
    if not quick:
        nk.centrality.Betweenness(K, normalized=False).run()
    nk_b, scores = timed(lambda: nk.centrality.Betweenness(K, normalized=False).run().scores())
    scale = (n - 1) * (n - 2) / 2
    diff_igraph = max(abs(alone.betweenness[v] - ib[i] / scale) for i, v in enumerate(nodes))
    # networkit counts each unordered pair from both ends
    diff_nk = max(abs(alone.betweenness[v] - scores[i] / 2 / scale) for i, v in enumerate(nodes))
    parties = len({p for p in party.values() if p})
    return {
        "size": size,
        "nodes": n,
        "edges": m,
        "parties": parties,
        "threads": numba.get_num_threads(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "compile_or_cache_load_s": round(compile_or_cache, 2),
        "kernel_betweenness_s": round(kernel_b, 2),
        "kernel_everything_s": round(kernel_all, 2),
        "igraph_betweenness_s": round(igraph_b, 2),
        "igraph_betweenness_closeness_pairs_s": None
        if igraph_all is None
        else round(igraph_all, 2),
        "quick": quick,
        "networkit_betweenness_s": round(nk_b, 2),
        "max_abs_diff_vs_igraph": diff_igraph,
        "max_abs_diff_vs_networkit": diff_nk,
        "pair_shares": len(everything.pair_shares),
        "versions": {"numba": numba.__version__, "networkit": nk.__version__},
    }


def render(r: dict) -> str:
    ratio = r["igraph_betweenness_s"] / r["kernel_betweenness_s"]
    nk_ratio = r["kernel_betweenness_s"] / r["networkit_betweenness_s"]
    three = r["igraph_betweenness_closeness_pairs_s"]
    fused = (
        f"everything at once vs igraph's three passes: {three / r['kernel_everything_s']:.2f}x"
        if three is not None
        else "igraph's three passes not run (--quick)"
    )
    return "\n".join(
        [
            heading(r["size"]),
            "",
            f"`python3 bench/paths_kernel.py --size {r['size']}"
            + (" --quick" if r["quick"] else "")
            + " --results`, "
            f"{time.strftime('%Y-%m-%d')}: the positive ties of the {r['size']} log "
            f"({r['nodes']:,} stakeholders, {r['edges']:,} ties, {r['parties']} parties), "
            f"{r['cores']} cores, numba {r['versions']['numba']} ({r['threads']} threads), "
            f"networkit {r['versions']['networkit']}. One timed call each"
            + (" (--quick: no untimed call first)." if r["quick"] else ", after an untimed one."),
            "",
            "| | seconds |",
            "|---|---:|",
            f"| graphkit kernel, betweenness | {r['kernel_betweenness_s']} |",
            f"| graphkit kernel, betweenness + closeness + harmonic + exact party-pair shares "
            f"| {r['kernel_everything_s']} |",
            f"| igraph weighted betweenness (one core) | {r['igraph_betweenness_s']} |",
            f"| igraph betweenness + closeness + exact party-pair shares (the analysis before) "
            f"| {three if three is not None else 'not run'} |",
            f"| networkit parallel weighted betweenness | {r['networkit_betweenness_s']} |",
            f"| kernel compile (or load from numba's disk cache) | "
            f"{r['compile_or_cache_load_s']} |",
            "",
            f"**Kernel betweenness vs igraph: {ratio:.2f}x faster** (target >= 1.5x); "
            f"**kernel / networkit: {nk_ratio:.2f}** (target <= 1.5); {fused}. Largest betweenness difference: "
            f"{r['max_abs_diff_vs_igraph']:.1e} against igraph (which compares path lengths "
            f"with a tolerance), {r['max_abs_diff_vs_networkit']:.1e} against networkit.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--results", action="store_true", help="record in bench/RESULTS.md")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="no untimed call first on the graph itself, no igraph three-pass baseline (1M)",
    )
    args = parser.parse_args(argv)
    r = run(args.size, args.quick)
    print(json.dumps(r, indent=2))
    if args.results:
        path = ROOT / "bench" / "RESULTS.md"
        text = path.read_text()
        section, title = render(r), heading(r["size"])
        if title in text:
            start = text.index(title)
            end = text.find("\n## ", start + len(title))
            text = text[:start] + section + "\n" + (text[end:] if end >= 0 else "")
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
