"""A map that reads well as it opens (issue 15): fitted to the whole canvas, refitted on
resize, no two labels and no two nodes overlapping at the initial fit, flagged
stakeholders labelled on a dense map while the others' labels wait for the zoom, markers
that belong to their node, coalitions for a negotiation without parties, and a print
stylesheet that gives one landscape page with the legend and no controls.

Overlaps are measured in the page from what vis-network reports (``getPositions``,
``canvasToDOM``, ``getScale``) and from the label texts measured again with canvas
``measureText`` at the font each label was drawn with, not from the map's own bookkeeping.
"""

from __future__ import annotations

import re

import pytest

import graphkit
from graphkit.pipeline import analyse_negotiation
from graphkit.render.map import page_data, select_stakeholders, write_map
from graphkit.render.map.spacing import NODE_MARGIN, SHAPE_REACH, SQUARE_REACH
from graphkit.render.map.style import SHAPES, TRUST_COLOUR
from tests.browser import MAP_DRAWN, Browser
from tests.conftest import REFERENCE, SAMPLE, cli

COW = REFERENCE / "cow_signed_international_1996_1999.csv"
SIZES = [(1280, 720), (1600, 1000)]

#: In the page: node discs and label boxes in screen pixels of the canvas, the overlapping
#: pairs of each, and how much of the canvas the fitted nodes span.
MEASURE = """() => {
  const g = window.graphkitMap, net = g.network;
  const box = document.getElementById('gk-network');
  const W = box.clientWidth, H = box.clientHeight;
  const ids = g.nodes.getIds().filter(id => !g.nodes.get(id).hidden);
  const at = net.getPositions(ids), scale = net.getScale();
  const discs = ids.map(id => {
    const n = g.nodes.get(id), p = net.canvasToDOM(at[id]);
    const r = n.size * scale * (n.shape === 'square' ? Math.SQRT2 : 1);
    return {id, x: p.x, y: p.y, r};
  });
  let nodePairs = 0;
  for (let i = 0; i < discs.length; i++) for (let j = i + 1; j < discs.length; j++) {
    const a = discs[i], b = discs[j];
    if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r) nodePairs++;
  }
  const ctx = document.createElement('canvas').getContext('2d');
  const labels = g.labels().map(l => {
    ctx.font = l.font;
    const px = parseFloat(l.font.match(/([0-9.]+)px/)[1]);
    const w = ctx.measureText(g.nodes.get(l.id).label).width;
    return {id: l.id, box: [l.x, l.y, l.x + w, l.y + px * 1.2]};
  });
  let labelPairs = 0;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i].box, b = labels[j].box;
    if (a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]) labelPairs++;
  }
  // each label next to its own node: its box within two label heights of the disc
  const byId = Object.fromEntries(discs.map(d => [d.id, d]));
  const far = labels.filter(l => {
    const d = byId[l.id], b = l.box;
    const dx = Math.max(b[0] - d.x, 0, d.x - b[2]), dy = Math.max(b[1] - d.y, 0, d.y - b[3]);
    return Math.hypot(dx, dy) > d.r + 2 * (b[3] - b[1]);
  }).length;
  const x0 = Math.min(...discs.map(d => d.x - d.r)), x1 = Math.max(...discs.map(d => d.x + d.r));
  const y0 = Math.min(...discs.map(d => d.y - d.r)), y1 = Math.max(...discs.map(d => d.y + d.r));
  return {W, H, nodePairs, labelPairs, far, labelled: labels.map(l => l.id), shown: ids.length,
          spanX: (x1 - x0) / W, spanY: (y1 - y0) / H,
          inside: x0 >= 0 && y0 >= 0 && x1 <= W && y1 <= H};
}"""


def _import_sample(folder):
    store = graphkit.open_store(folder / "store.db", create=True)
    graphkit.import_files(
        store,
        "blue-harbor",
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
    )
    return store


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample-view")
    store = _import_sample(folder)
    analysis = analyse_negotiation(store, "blue-harbor")
    path = write_map(analysis, folder / "map.html")
    store.close()
    return {"analysis": analysis, "map": path}


@pytest.fixture(scope="module")
def cow(tmp_path_factory):
    """The Correlates-of-War signed network of 1996-99: 151 states, declared ties only."""
    folder = tmp_path_factory.mktemp("cow")
    db = folder / "store.db"
    result = cli(
        "import", "-n", "cow", "--relationships", COW, "--map", "source=country_a",
        "--map", "target=country_b", "--set", "type=signed relation", "--create-missing",
        store=db,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    store = graphkit.open_store(db)
    analysis = analyse_negotiation(store, "cow")
    store.close()
    path = write_map(analysis, folder / "map.html")
    return {"analysis": analysis, "map": path}


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    """A 300-stakeholder map of bench/generate.py's 10k log (1,000 stakeholders)."""
    from bench.generate import Config, generate

    folder = tmp_path_factory.mktemp("dense")
    generate(Config.preset("10k"), folder / "log")
    store = graphkit.open_store(folder / "store.db", create=True)
    graphkit.import_files(
        store,
        "dense",
        stakeholders=folder / "log" / "stakeholders.csv",
        interactions=folder / "log" / "interactions.csv",
        relationships=folder / "log" / "relationships.csv",
    )
    analysis = analyse_negotiation(store, "dense")
    store.close()
    sel = select_stakeholders(analysis, max_nodes=300)
    path = write_map(analysis, folder / "map.html", selection=sel)
    return {"analysis": analysis, "map": path, "selection": sel}


def _open(browser, path, size):
    browser_page = browser.open(path)
    browser_page.page.set_viewport_size({"width": size[0], "height": size[1]})
    browser_page.page.wait_for_function(MAP_DRAWN, timeout=30_000)
    browser_page.next_frame()
    return browser_page


def _fits(m: dict) -> None:
    assert m["inside"], {k: v for k, v in m.items() if k != "labelled"}
    # the nodes span at least 80% of the canvas in the direction that limits the fit
    assert max(m["spanX"], m["spanY"]) >= 0.8, {k: v for k, v in m.items() if k != "labelled"}


# -- the initial view -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sample_opens_fitted_with_no_overlapping_labels_or_nodes(sample, size):
    with Browser(viewport={"width": size[0], "height": size[1]}) as browser:
        visit = _open(browser, sample["map"], size)
        m = visit.page.evaluate(MEASURE)
        assert m["nodePairs"] == 0, m
        assert m["labelPairs"] == 0, m
        assert m["far"] == 0, m
        _fits(m)
        # most stakeholders of the sample are labelled, every flagged one
        flagged = _flagged(visit.page)
        assert flagged <= set(m["labelled"]), flagged - set(m["labelled"])
        assert len(m["labelled"]) >= 0.6 * m["shown"], m
        # the side panel, legend included, fits beside the map without scrolling
        assert visit.page.evaluate(
            "() => { const p = document.getElementById('gk-panel');"
            " return p.scrollHeight <= p.clientHeight + 1; }"
        )
        assert visit.requests == [visit.url]
        assert not visit.console_errors()


@pytest.mark.browser
def test_the_map_refits_when_the_window_changes(sample):
    with Browser(viewport={"width": 1280, "height": 720}) as browser:
        visit = _open(browser, sample["map"], (1280, 720))
        first = visit.page.evaluate(MEASURE)
        for w, h in [(1600, 1000), (1000, 900), (1280, 720)]:
            visit.page.set_viewport_size({"width": w, "height": h})
            visit.page.wait_for_function(
                f"() => document.getElementById('gk-network').clientWidth === {w - 295}"
            )
            visit.next_frame()
            visit.next_frame()
            m = visit.page.evaluate(MEASURE)
            assert m["W"] == w - 295, m
            _fits(m)
            assert m["nodePairs"] == 0, m
        assert m["spanX"] == pytest.approx(first["spanX"], abs=0.01)
        assert not visit.console_errors()


def _flagged(page) -> set[int]:
    return set(
        page.evaluate(
            "() => JSON.parse(document.getElementById('gk-nodes').textContent)"
            ".filter(p => p.roles.some(r => ['broker', 'trust node', 'friction point']"
            ".includes(r))).map(p => p.id)"
        )
    )


@pytest.mark.browser
def test_a_dense_map_labels_its_flagged_stakeholders_and_the_rest_when_zoomed_in(dense):
    with Browser(viewport={"width": 1280, "height": 720}) as browser:
        visit = _open(browser, dense["map"], (1280, 720))
        page = visit.page
        m = page.evaluate(MEASURE)
        assert m["shown"] == 300 and m["nodePairs"] == 0, m
        _fits(m)
        flagged = _flagged(page)
        labelled = set(m["labelled"])
        assert flagged and flagged <= labelled, sorted(flagged - labelled)
        unlabelled = sorted(set(range(300)) - labelled)
        assert unlabelled, "a dense map at its fit leaves some less influential labels out"
        # zoomed in on one of them, its label comes back
        target = unlabelled[0]
        page.evaluate(
            "(id) => { const net = graphkitMap.network;"
            " net.moveTo({position: net.getPositions([id])[id], scale: 2, animation: false}); }",
            target,
        )
        visit.next_frame()
        assert target in {x["id"] for x in page.evaluate("() => graphkitMap.labels()")}
        # the search zooms to a stakeholder, labelled
        page.fill("#gk-search", dense["analysis"].stakeholders.at[
            dense["selection"].ids[target], "name"])  # fmt: skip
        page.keyboard.press("Enter")
        visit.next_frame()
        assert page.evaluate("() => graphkitMap.network.getScale()") >= 0.9
        assert not visit.console_errors()


@pytest.mark.browser
def test_a_network_without_parties_shows_its_coalitions_without_overlaps(cow):
    with Browser(viewport={"width": 1280, "height": 720}) as browser:
        visit = _open(browser, cow["map"], (1280, 720))
        m = visit.page.evaluate(MEASURE)
        assert m["shown"] == 151
        assert m["nodePairs"] == 0, m
        assert m["labelPairs"] == 0, m
        _fits(m)
        assert visit.page.text_content("#gk-parties-heading").startswith("Coalitions")
        assert "Louvain communities" in visit.page.text_content("#gk-parties-note")
        names = visit.page.locator("#gk-parties .gk-party-name").all_text_contents()
        assert names[0].startswith("coalition 1 (around ")
        assert len(set(names)) == len(names) > 3
        assert not visit.console_errors()


# -- printing -------------------------------------------------------------------------------


@pytest.mark.browser
def test_print_is_one_landscape_page_with_the_legend_and_no_controls(sample):
    with Browser(viewport={"width": 1280, "height": 720}) as browser:
        visit = _open(browser, sample["map"], (1280, 720))
        page = visit.page
        page.emulate_media(media="print")
        visit.next_frame()
        shown = page.evaluate(
            """() => Object.fromEntries(['gk-search', 'gk-fit', 'gk-reset', 'gk-roles',
              'gk-track', 'gk-parties', 'gk-legend-section', 'gk-network'].map(id => {
              const e = document.getElementById(id);
              return [id, e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'];
            }))"""
        )
        assert shown == {
            "gk-search": False, "gk-fit": False, "gk-reset": False, "gk-roles": False,
            "gk-track": False, "gk-parties": True, "gk-legend-section": True, "gk-network": True,
        }  # fmt: skip
        assert not page.locator("#gk-parties input").first.is_visible()
        # the canvas is drawn at the printed size (not a stretched screen bitmap), refitted
        canvas = page.evaluate(
            "() => { const c = document.querySelector('#gk-network canvas');"
            " const r = c.getBoundingClientRect();"
            " return [Math.round(r.width), Math.round(r.height), c.clientWidth, c.clientHeight]; }"
        )
        assert canvas[0] == canvas[2] and canvas[1] == canvas[3] and canvas[0] > canvas[1]
        m = page.evaluate(MEASURE)
        assert m["W"] == canvas[2]
        _fits(m)
        assert m["nodePairs"] == 0 and m["labelPairs"] == 0, m
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
        assert len(pages) == 1
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
        assert box and float(box.group(1)) > float(box.group(2))  # landscape
        page.emulate_media(media="screen")
        visit.next_frame()
        m = page.evaluate(MEASURE)
        assert m["W"] == 1280 - 295
        _fits(m)
        assert not visit.console_errors()


# -- the records the page (and the briefing's SVG) are drawn from -----------------------------


def _reach(node: dict) -> float:
    """How far a node's drawing (shape and rings) reaches, and a margin, in map units."""
    return node["size"] * (SQUARE_REACH if node["kind"] == "non-state" else SHAPE_REACH)


def test_positions_keep_every_node_apart_in_the_records(sample, cow, dense):
    # the positions the page and the briefing's SVG draw: never two nodes on each other
    for analysis, sel in (
        (sample["analysis"], None), (cow["analysis"], None), (dense["analysis"], dense["selection"])
    ):  # fmt: skip
        nodes, _, _ = page_data(analysis, sel or select_stakeholders(analysis))
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                d = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
                # rounded to 0.1: a hair under the margin at worst
                assert d > _reach(a) + _reach(b) + 2 * NODE_MARGIN - 0.2, (a["sid"], b["sid"], d)


def test_unknown_kind_is_a_plain_circle_and_no_shape_is_a_triangle():
    assert SHAPES[""] == "dot"
    assert "triangle" not in SHAPES.values()


def test_without_parties_stakeholders_are_grouped_by_coalition(cow):
    analysis = cow["analysis"]
    nodes, edges, meta = page_data(analysis, select_stakeholders(analysis))
    assert meta["grouping"] == "coalition"
    community = analysis.stakeholders["community"]
    names = [p["name"] for p in meta["parties"]]
    # members of one coloured coalition are one Louvain community
    for i, name in enumerate(names):
        if name.startswith("coalition "):
            members = {community[n["sid"]] for n in nodes if n["party"] == i}
            assert len(members) == 1, name
    # declared ties are coloured by their sign, as contacts of full sentiment
    signs = analysis.ties.set_index(["u", "v"])["sign"]
    sid = [n["sid"] for n in nodes]
    trust = "#{:02X}{:02X}{:02X}".format(*TRUST_COLOUR)
    for e in edges:
        u, v = sorted((sid[e["from"]], sid[e["to"]]))
        assert (e["c"] == trust) == (signs[(u, v)] > 0), e


def test_a_negotiation_with_parties_keeps_them(sample):
    _, _, meta = page_data(sample["analysis"], select_stakeholders(sample["analysis"]))
    assert meta["grouping"] == "party"
    assert [p["name"] for p in meta["parties"]] == ["Alvara", "Dalvenia", "Coastal Seas Council"]
