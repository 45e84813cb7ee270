"""A 2,000-stakeholder map in headless Chromium: how long until it is drawn and answers.

    python3 bench/map_bench.py                      # 100k preset (5,000 people), 2,000 drawn
    python3 bench/map_bench.py --size 10k --max-nodes 1000 --runs 5
    python3 bench/map_bench.py --markdown           # also print the RESULTS.md section

Steps, on the synthetic log of ``bench/generate.py`` (generated into ``bench/out/SIZE/``
when missing):

1. import it into a fresh embedded store and run the full analysis (timed, for context);
2. the timeline's analyses (``analyse_over_time``: one analysis per snapshot date, timed)
   and ``render_map(analysis, max_nodes=N, timeline=...)``: selection, layout and HTML
   with the time slider, as ``graphkit map`` draws it (timed; file size);
3. open the file in headless Chromium (tests/browser.py: Debian's chromium, fresh
   profile, every request recorded and non-file requests aborted) ``--runs`` times, each
   in a fresh page, and measure:

   - ``loaded``: navigation start to the load event (parsing the 1 MB of inlined
     vis-network and the JSON);
   - ``drawn``: navigation start to vis-network's first ``afterDrawing`` (physics is off,
     so the first drawing is the final, stable one);
   - ``search``: wall clock from a real keystroke in the search box (``page.keyboard``)
     until the match list has changed, and the same measured inside the page (keydown to
     the DOM mutation);
   - ``focus``: a real mouse click on the most influential stakeholder until its
     neighbourhood is highlighted (status line written);
   - ``filter``: a real click on a party checkbox until the map has hidden that party;
   - ``interactive``: wall clock from ``page.goto`` until the search keystroke was
     answered: what an ambassador waits for before the map is usable.

Prints JSON (also written to ``bench/out/map_bench-SIZE-N.json``); the target is
``interactive`` within 5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5.0

_PROBE = """() => {
  // Keystroke -> match list change, timed inside the page.
  window.__bench = {keydown: null, matches: null};
  document.getElementById('gk-search').addEventListener('keydown',
    () => { window.__bench.keydown = performance.now(); }, true);
  new MutationObserver(() => {
    if (window.__bench.matches === null) window.__bench.matches = performance.now();
  }).observe(document.getElementById('gk-matches'), {childList: true});
}"""
_NODE_POINT = """(id) => {
  const net = window.graphkitMap.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  return net.getNodeAt(p) === id ? [box.left + p.x, box.top + p.y] : null;
}"""


def _files(size: str) -> Path:
    folder = ROOT / "bench" / "out" / size
    if not (folder / "interactions.csv").is_file():
        from bench.generate import Config, generate

        generate(Config.preset(size), folder)
    return folder


def build(size: str, max_nodes: int, out: Path) -> dict:
    """Import, analyse and render; return the timings and the map's path and size."""
    import graphkit
    from graphkit.pipeline import analyse_negotiation, analyse_over_time
    from graphkit.render.map import render_map, select_stakeholders
    from graphkit.scope import Scope

    folder = _files(size)
    result: dict = {"size": size, "max_nodes": max_nodes}
    with tempfile.TemporaryDirectory() as tmp:
        store = graphkit.open_store(Path(tmp) / "bench.db", create=True)
        try:
            t = time.perf_counter()
            graphkit.import_files(
                store,
                "bench",
                stakeholders=folder / "stakeholders.csv",
                interactions=folder / "interactions.csv",
                relationships=folder / "relationships.csv",
            )
            result["import_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            analysis = analyse_negotiation(store, "bench")
            result["analysis_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            timeline = analyse_over_time(store, "bench", Scope(), now=analysis)
            result["timeline_s"] = round(time.perf_counter() - t, 2)
            result["snapshots"] = len(timeline)
            notes = store.load("bench").stakeholders.set_index("id")["notes"].to_dict()
        finally:
            store.close()
    t = time.perf_counter()
    html = render_map(analysis, max_nodes=max_nodes, notes=notes, timeline=timeline)
    result["render_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    again = render_map(analysis, max_nodes=max_nodes, notes=notes, timeline=timeline)
    result["render_again_s"] = round(time.perf_counter() - t, 2)
    result["deterministic"] = again == html
    sel = select_stakeholders(analysis, max_nodes=max_nodes)
    out.write_text(html, encoding="utf-8", newline="")
    result.update(
        stakeholders=len(analysis.stakeholders),
        ties=len(analysis.ties),
        shown=len(sel.ids),
        ties_shown=sel.ties_shown,
        file=str(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out),
        file_mb=round(out.stat().st_size / 1e6, 2),
    )
    party = analysis.stakeholders.loc[sel.ids, "party"]
    result["_party"] = str(party.value_counts().index[-1])  # the smallest shown party
    result["_top"] = str(analysis.stakeholders.loc[sel.ids, "influence"].idxmax())
    return result


def browse(path: Path, runs: int, top: str, party: str) -> dict:
    """Open the map ``runs`` times in fresh pages and time loading, drawing and answers."""
    from tests.browser import Browser

    samples: dict[str, list[float]] = {
        k: []
        for k in ("loaded", "drawn", "search", "search_in_page", "focus", "filter", "interactive")
    }
    problems: list[str] = []
    with Browser(viewport={"width": 1600, "height": 1000}) as browser:
        for _ in range(runs):
            t0 = time.perf_counter()
            visit = browser.open(path, wait_until="commit")
            page = visit.page
            page.wait_for_function(
                "() => !!(window.graphkitMap && window.graphkitMap.drawn)", timeout=60_000
            )
            page.wait_for_load_state("load")
            timing = page.evaluate(
                "() => ({load: performance.getEntriesByType('navigation')[0].loadEventEnd,"
                " drawn: window.graphkitMap.firstDrawMs})"
            )
            page.evaluate(_PROBE)
            page.click("#gk-search")
            t = time.perf_counter()
            page.keyboard.type("a")
            page.wait_for_function("() => window.__bench.matches !== null", timeout=30_000)
            now = time.perf_counter()
            samples["search"].append(now - t)
            samples["interactive"].append(now - t0)
            probe = page.evaluate("() => window.__bench")
            samples["search_in_page"].append((probe["matches"] - probe["keydown"]) / 1000)
            samples["loaded"].append(timing["load"] / 1000)
            samples["drawn"].append(timing["drawn"] / 1000)
            page.keyboard.press("Escape")
            people = json.loads(page.text_content("#gk-nodes"))
            node = next(p["id"] for p in people if p["sid"] == top)
            point = page.evaluate(_NODE_POINT, node)
            if point is None:
                problems.append(f"{top} is covered by another node; focus not timed")
            else:
                t = time.perf_counter()
                page.mouse.click(*point)
                page.wait_for_function(
                    "() => document.getElementById('gk-status').textContent.startsWith('Focus:')"
                )
                samples["focus"].append(time.perf_counter() - t)
                page.keyboard.press("Escape")
            t = time.perf_counter()
            page.locator("#gk-parties label", has_text=party).first.click()
            page.wait_for_function(
                "() => document.getElementById('gk-filter-status').textContent !== ''"
            )
            samples["filter"].append(time.perf_counter() - t)
            if visit.requests != [visit.url]:
                problems.append(f"requests other than the file: {visit.requests[:5]}")
            if visit.console_errors():
                problems.append(f"console errors: {visit.console_errors()[:3]}")
            visit.close()
    out: dict = {"runs": runs}
    for key, values in samples.items():
        if values:
            out[f"{key}_s"] = round(statistics.median(values), 3)
            out[f"{key}_max_s"] = round(max(values), 3)
    out["problems"] = problems
    return out


def markdown(result: dict) -> str:
    """The RESULTS.md section for one run."""
    b = result["browser"]
    ok = "within" if b["interactive_s"] <= TARGET_SECONDS else "OVER"
    lines = [
        "## Maps in headless Chromium",
        "",
        f"`python3 bench/map_bench.py --size {result['size']} --max-nodes {result['max_nodes']} "
        f"--runs {b['runs']}`: the {result['size']} log of `bench/generate.py` "
        f"({result['stakeholders']:,} stakeholders, {result['ties']:,} ties), "
        f"`graphkit map --max-nodes {result['max_nodes']}`: {result['shown']:,} stakeholders and "
        f"{result['ties_shown']:,} ties drawn, one {result['file_mb']} MB file, opened in Debian's "
        "Chromium (headless, fresh profile) through Playwright. Medians of the runs (max in "
        "brackets), seconds.",
        "",
        "| step | time |",
        "|---|---:|",
        f"| import the log into SQLite (context) | {result['import_s']} |",
        f"| full analysis (context) | {result['analysis_s']} |",
        f"| `render_map`: selection, layout, HTML | {result['render_s']} |",
        f"| open: load event | {b['loaded_s']} ({b['loaded_max_s']}) |",
        f"| open: network drawn (physics off: final) | {b['drawn_s']} ({b['drawn_max_s']}) |",
        f"| search keystroke answered, wall clock | {b['search_s']} ({b['search_max_s']}) |",
        f"| search keystroke answered, in the page | {b['search_in_page_s']} ({b['search_in_page_max_s']}) |",
    ]
    if "focus_s" in b:
        lines.append(
            f"| click a stakeholder: neighbourhood shown | {b['focus_s']} ({b['focus_max_s']}) |"
        )
    lines += [
        f"| untick a party: map filtered | {b['filter_s']} ({b['filter_max_s']}) |",
        f"| **open to interactive** (goto until the keystroke is answered) | "
        f"**{b['interactive_s']}** ({b['interactive_max_s']}) |",
        "",
        f"Open to interactive is {ok} the {TARGET_SECONDS:g} s target. The same input gave "
        f"byte-identical HTML: {'yes' if result['deterministic'] else 'NO'}. Requests other than "
        f"the file: {'none' if not b['problems'] else '; '.join(b['problems'])}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", choices=["10k", "100k", "1m"])
    parser.add_argument("--max-nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="also print the RESULTS.md section")
    args = parser.parse_args(argv)
    out = ROOT / "bench" / "out" / f"map-{args.size}-{args.max_nodes}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = build(args.size, args.max_nodes, out)
    top, party = result.pop("_top"), result.pop("_party")
    result["browser"] = browse(out, args.runs, top, party)
    text = json.dumps(result, indent=2)
    (ROOT / "bench" / "out" / f"map_bench-{args.size}-{args.max_nodes}.json").write_text(
        text + "\n"
    )
    print(text)
    if args.markdown:
        print()
        print(markdown(result))
    return 0 if result["browser"]["interactive_s"] <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
