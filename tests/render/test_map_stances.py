"""Issue 18 on the map: colour by the declared stance on an issue, the power-interest grid as
a layout, and the persuasion chains drawn on request. The page's data against the stances
file and the plan, then the page itself in a real Chromium: it renders, prints, loads
nothing, and a hostile issue name or stance source is text, never markup or script."""

from __future__ import annotations

import json
import math
import re

import pytest

import graphkit
from graphkit.analysis.persuade import persuasion_plan
from graphkit.analysis.stances import shared_stances, stances_at
from graphkit.pipeline import analyse_negotiation
from graphkit.render.map import render_map, select_stakeholders
from graphkit.render.map.stances import GRID_STEP, grid_positions
from graphkit.render.map.style import NO_STANCE_COLOUR, STANCE_COLOURS
from graphkit.scope import Scope
from tests.browser import MAP_DRAWN, Browser, png_pixels
from tests.conftest import DATA, SAMPLE, cli, edited_stances

HOSTILE_ISSUE = '<img src=x onerror="alert(1)">'
HOSTILE_SOURCE = "<script>alert(2)</script>"
CHAIN = (0x6A, 0x3D, 0x9A)  # map.js CHAIN


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stance-map")
    store = graphkit.open_store(folder / "store.db", create=True)
    graphkit.import_files(
        store,
        "bh",
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
        stances=SAMPLE / "stances.csv",
    )
    analysis = analyse_negotiation(store, "bh")
    stances = store.load_stances("bh")
    yield {"store": store, "db": folder / "store.db", "analysis": analysis, "stances": stances,
           "folder": folder}  # fmt: skip
    store.close()


def _data(html: str, name: str):
    m = re.search(rf'<script type="application/json" id="gk-{name}">(.*?)</script>', html, re.S)
    assert m, name
    return json.loads(m.group(1))


def _page(analysis, stances, **options):
    html = render_map(analysis, stances=stances, **options)
    return html, _data(html, "nodes"), _data(html, "meta")


# -- the page's data ---------------------------------------------------------------------


def test_each_stakeholder_carries_the_stance_it_held_on_the_maps_day(sample):
    store, stances = sample["store"], sample["stances"]
    for as_of in (None, "2024-06-30"):
        analysis = (
            sample["analysis"]
            if as_of is None
            else analyse_negotiation(store, "bh", Scope(as_of=as_of))
        )
        _, nodes, meta = _page(analysis, stances)
        issues = meta["stances"]["issues"]
        assert issues == sorted(set(stances["issue"]))
        held = stances_at(stances, str(analysis.model.as_of))
        expected = {(r.stakeholder, r.issue): int(r.stance) for r in held.itertuples()}
        for node in nodes:
            for k, issue in enumerate(issues):
                assert node["st"][k] == expected.get((node["sid"], issue)), (as_of, node["sid"])
    # A-14 (stances.csv): lean support on fisheries from 2023-10-02, oppose from 2024-10-21
    late = {n["sid"]: n for n in _page(sample["analysis"], stances)[1]}
    june = {n["sid"]: n for n in _page(analyse_negotiation(store, "bh", Scope(as_of="2024-06-30")),
                                       stances)[1]}  # fmt: skip
    k = issues.index("fisheries")
    assert (june["A-14"]["st"][k], late["A-14"]["st"][k]) == (1, -2)
    assert late["A-14"]["sd"][k] == "since 2024-10-21 · Press conference, Porto Sul"


def test_the_grid_puts_everyone_in_the_cell_of_their_ratings_none_overlapping(sample):
    analysis = sample["analysis"]
    _, nodes, meta = _page(analysis, sample["stances"])
    g = meta["stances"]["grid"]
    cw, ch = g["cell"]
    people = analysis.stakeholders
    for n in nodes:
        p, i = int(people.at[n["sid"], "power"]), int(people.at[n["sid"], "interest"])
        assert (n["pw"], n["in"]) == (p, i)
        x, y = n["g"]
        assert (i - 1) * cw < x < i * cw and (5 - p) * ch < y < (6 - p) * ch, n["sid"]
    for a in nodes:
        for b in nodes:
            if a["id"] < b["id"]:
                assert math.dist(a["g"], b["g"]) >= GRID_STEP - 1e-6, (a["sid"], b["sid"])
    # without both ratings: the row under the grid, in order
    at, geometry = grid_positions(["a", "b", "c"], {"a": 3, "b": 0}, {"a": 0, "b": 2, "c": 5})
    assert all(y > 5 * geometry["cell"][1] for _, y in at.values())
    assert at["a"][0] < at["b"][0] < at["c"][0]


def test_the_chains_on_the_map_are_the_plans_and_stay_on_a_cut_map(sample):
    analysis, stances = sample["analysis"], sample["stances"]
    plan = persuasion_plan(analysis, stances, "security-patrols")
    assert plan.targets and any(t.chains for t in plan.targets)
    members = {s for t in plan.targets for c in t.chains for s in c.stakeholders}
    # --max-nodes 3 would keep only the flagged; everyone on a chain is kept too
    sel = select_stakeholders(analysis, max_nodes=3, keep=sorted(members))
    assert members <= set(sel.ids)
    assert "everyone on a persuasion chain" in sel.omitted
    _, nodes, meta = _page(analysis, stances, selection=sel, plan=plan)
    sid = [n["sid"] for n in nodes]
    drawn = meta["stances"]["plan"]["targets"]
    assert [sid[t["t"]] for t in drawn] == [t.id for t in plan.targets]
    for t, target in zip(drawn, plan.targets, strict=True):
        assert [[sid[k] for k in c["path"]] for c in t["chains"]] == [
            c.stakeholders for c in target.chains
        ]
        assert [c["trust"] for c in t["chains"]] == [f"{c.trust:.2f}" for c in target.chains]


def test_a_map_without_declarations_carries_none_of_it(tmp_path):
    db = tmp_path / "s.db"
    assert cli("import", "-n", "plain", "--stakeholders", DATA / "base_stakeholders.csv",
               store=db).exit_code == 0  # fmt: skip
    out = tmp_path / "m.html"
    done = cli("map", "-n", "plain", "--no-timeline", "--output", out, store=db)
    assert done.exit_code == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "stances" not in _data(html, "meta")
    assert "colourSelect" not in html and '"st":' not in html  # no stances script, no data


def test_cli_refuses_an_unknown_issue_with_the_closest_one(sample, tmp_path):
    for flag in ("--stance", "--persuade"):
        done = cli("map", "-n", "bh", flag, "fishery", "--output", tmp_path / "m.html",
                   store=sample["db"])  # fmt: skip
        assert done.exit_code == 1 and "Traceback" not in done.stderr
        assert f'{flag}: no issue "fishery" in bh' in done.stderr and "fisheries" in done.stderr
        assert not (tmp_path / "m.html").exists()
    db = tmp_path / "none.db"
    assert cli("import", "-n", "plain", "--stakeholders", DATA / "base_stakeholders.csv",
               store=db).exit_code == 0  # fmt: skip
    done = cli("map", "-n", "plain", "--persuade", "x", "--output", tmp_path / "m.html", store=db)
    assert done.exit_code == 1 and "import stances with graphkit import --stances" in done.stderr
    done = cli("map", "-n", "plain", "--view", "grid", "--output", tmp_path / "m.html", store=db)
    assert done.exit_code == 1 and "Traceback" not in done.stderr
    assert (
        "--view grid: no stakeholder of plain has both a declared power and interest" in done.stderr
    )
    assert not (tmp_path / "m.html").exists()


def test_the_public_map_has_no_confidential_stance_and_no_source(sample, tmp_path):
    stances = sample["stances"]
    secret = stances[stances["confidential"].astype(bool)]
    assert len(secret), "the sample has confidential stances"
    out = tmp_path / "public.html"
    done = cli("map", "-n", "bh", "--public", "--stance", "fisheries", "--output", out,
               store=sample["db"])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    nodes = _data(out.read_text(encoding="utf-8"), "nodes")
    public = shared_stances(sample["store"].load_stances("bh", public=True), public=True,
                            redact_notes=True)  # fmt: skip
    held = stances_at(public, str(sample["analysis"].model.as_of))
    issues = sorted(set(stances["issue"]))
    expected = {(r.stakeholder, r.issue): int(r.stance) for r in held.itertuples()}
    everything = stances_at(stances, str(sample["analysis"].model.as_of))
    assert expected != {(r.stakeholder, r.issue): int(r.stance) for r in everything.itertuples()}
    for n in nodes:
        assert n["st"] == [expected.get((n["sid"], i)) for i in issues], n["sid"]
        assert all(d is None or " · " not in d for d in n["sd"]), n["sd"]  # no source


# -- in Chromium ----------------------------------------------------------------------------


def _like(png: bytes, colour: tuple[int, int, int], tolerance: int = 18) -> int:
    width, _, rows, channels = png_pixels(png)
    n = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if all(abs(row[x + k] - colour[k]) <= tolerance for k in range(3)):
                n += 1
    return n


@pytest.mark.browser
def test_colour_grid_and_chains_render_print_and_load_nothing(sample, tmp_path):
    out = tmp_path / "m.html"
    done = cli("map", "-n", "bh", "--stance", "fisheries", "--persuade", "security-patrols",
               "--output", out, store=sample["db"])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    with Browser() as browser:
        visit = browser.open(out)
        page = visit.page
        page.wait_for_function(MAP_DRAWN, timeout=20_000)
        people = page.evaluate("JSON.parse(document.getElementById('gk-nodes').textContent)")
        by = {p["sid"]: p for p in people}
        colour = page.evaluate("id => graphkitMap.nodes.get(id).color.background", by["A-14"]["id"])
        assert colour == STANCE_COLOURS[-2]  # A-14 opposes the fisheries chapter
        none = next(p for p in people if p["st"][0] is None)
        assert page.evaluate("id => graphkitMap.nodes.get(id).color.background", none["id"]) == (
            NO_STANCE_COLOUR
        )
        # the timeline's earlier dates show the stances held then: A-14 leaned towards the
        # chapter from 2023-10-02 to 2024-10-20 (stances.csv)
        dates = page.evaluate("graphkitMap.timeline.snapshots.map(s => s.date)")
        k = next(i for i, d in enumerate(dates) if "2023-10-02" <= d <= "2024-10-20")
        page.evaluate("k => graphkitMap.showSnapshot(k)", k)
        colour = page.evaluate("id => graphkitMap.nodes.get(id).color.background", by["A-14"]["id"])
        assert colour == STANCE_COLOURS[1], dates[k]
        page.evaluate("k => graphkitMap.showSnapshot(k)", len(dates) - 1)
        legend = page.locator("#gk-stance-legend").inner_text()
        assert "oppose" in legend and "no stance on record" in legend
        # the plan's first target and its chain, in the panel
        plan = page.locator("#gk-plan-section").inner_text()
        assert "Dragan Vuković (B-10) — oppose, power 4" in plan
        assert "Nikola Matić → Dragan Vuković" in plan
        canvas = page.locator("#gk-network")
        with_chains = _like(canvas.screenshot(), CHAIN)
        page.locator("#gk-chains").uncheck()
        visit.next_frame()
        without = _like(canvas.screenshot(), CHAIN)
        assert with_chains > 300 and without < with_chains / 10, (with_chains, without)
        page.locator("#gk-chains").check()
        # the grid: every node on its cell, the ties hidden, the filters say nothing
        page.select_option("#gk-view", "grid")
        visit.next_frame()
        at = page.evaluate("graphkitMap.network.getPositions()")
        for p in people:
            xy = at[str(p["id"])]
            assert abs(xy["x"] - p["g"][0]) < 1 and abs(xy["y"] - p["g"][1]) < 1, p["sid"]
        assert page.evaluate("graphkitMap.edges.get().filter(e => !e.hidden).length") == 0
        assert page.locator("#gk-filter-status").inner_text() == ""
        # back to the network: the map's own positions and ties
        page.select_option("#gk-view", "network")
        visit.next_frame()
        at = page.evaluate("graphkitMap.network.getPositions()")
        for p in people:  # (vis-network gives positions cut to whole units)
            xy = at[str(p["id"])]
            assert abs(xy["x"] - p["x"]) < 1 and abs(xy["y"] - p["y"]) < 1, p["sid"]
        page.select_option("#gk-view", "grid")
        page.emulate_media(media="print")
        assert page.locator("#gk-stance-caption").inner_text() == (
            "Power–interest grid (declared) · Colour: stance on fisheries"
        )
        pdf = page.pdf(landscape=True)
        assert pdf[:5] == b"%PDF-"
        assert visit.requests == [visit.url], "the map loaded something"
        assert not visit.console_errors() and not visit.errors and not visit.dialogs


@pytest.mark.browser
def test_a_hostile_issue_and_source_are_text(sample, tmp_path):

    def hostile(r):
        if r["issue"] == "security-patrols":
            r["issue"], r["source"] = HOSTILE_ISSUE, HOSTILE_SOURCE

    path = edited_stances(tmp_path / "stances.csv", hostile)
    db = tmp_path / "h.db"
    args = ["--stakeholders", SAMPLE / "stakeholders.csv", "--interactions",
            SAMPLE / "interactions.csv", "--stances", path]  # fmt: skip
    assert cli("import", "-n", "h", *args, store=db).exit_code == 0
    out = tmp_path / "h.html"
    done = cli("map", "-n", "h", "--no-timeline", "--stance", HOSTILE_ISSUE, "--persuade",
               HOSTILE_ISSUE, "--output", out, store=db)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html
    with Browser() as browser:
        visit = browser.open(out)
        page = visit.page
        page.wait_for_function(MAP_DRAWN, timeout=20_000)
        options = page.locator("#gk-colour option").all_inner_texts()
        assert f"stance on {HOSTILE_ISSUE}" in options
        assert (
            page.locator("#gk-plan-section h2").inner_text()
            == f"Whom to win over on {HOSTILE_ISSUE}"
        )
        b10 = page.evaluate(
            "JSON.parse(document.getElementById('gk-nodes').textContent).find(p => p.sid === 'B-10')"
        )
        page.evaluate("id => { graphkitMap.network.emit('hoverNode', {node: id}); }", b10["id"])
        card = page.evaluate("id => graphkitMap.nodes.get(id).title.textContent", b10["id"])
        assert f"{HOSTILE_ISSUE}: oppose (since 2024-07-01 · {HOSTILE_SOURCE})" in card
        scripts = "[...document.scripts].filter(s => s.type !== 'application/json').length"
        assert page.locator("img").count() == 0 and page.evaluate(scripts) == 2
        assert not visit.dialogs and not visit.errors and visit.requests == [visit.url]
