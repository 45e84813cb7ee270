"""graphkit path / whatif / diff / report on graphs small enough to check by hand,
and on the Blue-Harbor sample."""

from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pytest

from tests.conftest import SAMPLE, SAMPLE_FILES, cli

# A and B want to talk. X is trusted by both; Y is trusted by A but hostile to B;
# Z links to B only through W. Contacts are two-way and positive unless noted.
PEOPLE = """id,name,party,notes
A,Ana,North,Secret note about Ana
B,Bo,South,
X,Xia,Council,
Y,Yann,North,
W,Wen,South,
Z,Zed,North,
L,Lone,South,
"""


def _contacts():
    rows = []
    day = 0

    def both(a, b, sentiment, n=2):
        nonlocal day
        for _ in range(n):
            day += 1
            rows.append((f"2024-01-{day:02d}", a, b, sentiment, ""))
            rows.append((f"2024-01-{day:02d}", b, a, sentiment, ""))

    both("A", "X", 0.8)
    both("X", "B", 0.6)
    both("A", "Y", 0.9)
    both("Y", "B", -0.7)  # Y is hostile to B
    both("Z", "W", 0.5)
    both("W", "B", 0.5)
    rows.append(("2024-01-20", "L", "A", 0.5, "confidential back-channel note"))
    return rows


@pytest.fixture
def small(tmp_path):
    store = tmp_path / "s.db"
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    log = tmp_path / "log.csv"
    with open(log, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "source", "target", "sentiment", "notes", "confidential"])
        for d, a, b, s, note in _contacts():
            w.writerow([d, a, b, s, note, "yes" if note else ""])
    result = cli(
        "import", "-n", "small", "--stakeholders", people, "--interactions", log, store=store
    )
    assert result.exit_code == 0, result.output
    return store


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_path_avoids_hostile_intermediaries_and_multiplies_trust(small):
    data = _json(
        cli("path", "-n", "small", "--from", "A", "--to", "B", "--format", "json", store=small)
    )
    assert data["excluded_hostile"] == ["Y"]
    best = data["paths"][0]
    assert best["stakeholders"] == ["A", "X", "B"]
    assert best["trust"] == pytest.approx(math.prod(link["trust"] for link in best["links"]))
    assert [link["contacts"] for link in best["links"]] == [4, 4]
    assert all("Y" not in p["stakeholders"] for p in data["paths"])


def test_path_without_trusted_chain_gives_the_closest_approach(small):
    data = _json(
        cli("path", "-n", "small", "--from", "Z", "--to", "A", "--format", "json", store=small)
    )
    # Z reaches W and B by trusted ties, then X: Z-W-B-X-A is a full chain.
    assert data["paths"][0]["stakeholders"] == ["Z", "W", "B", "X", "A"]
    lone = cli("path", "-n", "small", "--from", "L", "--to", "B", store=small)
    assert lone.exit_code == 0
    assert "No trusted chain from L to B." in lone.stdout
    unknown = cli("path", "-n", "small", "--from", "Q", "--to", "B", store=small)
    assert (
        unknown.exit_code == 1
        and '--from "Q": no stakeholder with that id or name' in unknown.stderr
    )


def test_whatif_removing_the_only_bridge(small):
    data = _json(cli("whatif", "-n", "small", "--remove", "X", "--format", "json", store=small))
    lost = {tuple(c["parties"]): c for c in data["trusted_channels"]}
    assert lost[("Council", "North")]["lost_all"] and lost[("Council", "South")]["lost_all"]
    assert ["Council", "North"] in data["parties_cut_off"]
    assert data["removed"][0]["id"] == "X"
    # Without X, A's side and B's side fall apart: A-Y and Z-W-B (Y-B is hostile).
    assert any(
        sorted(map(sorted, s["pieces"])) == [["A", "L", "Y"], ["B", "W", "Z"]]
        for s in data["splits"]
    )


def test_diff_between_two_dates(small):
    data = _json(
        cli(
            "diff",
            "-n",
            "small",
            "--from",
            "2024-01-05",
            "--to",
            "2024-01-31",
            "--format",
            "json",
            store=small,
        )
    )
    formed = {frozenset((r["a"], r["b"])) for r in data["formed"]}
    assert frozenset(("W", "B")) in formed and frozenset(("A", "L")) in formed
    assert frozenset(("A", "X")) not in formed
    bad = cli("diff", "-n", "small", "--from", "2024-02-01", "--to", "2024-01-01", store=small)
    assert bad.exit_code == 1 and "must be before" in bad.stderr


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    store = root / "s.db"
    assert (
        cli(
            "import",
            "-n",
            "blue-harbor",
            *SAMPLE_FILES,
            store=store,
        ).exit_code
        == 0
    )
    full = cli("report", "-n", "blue-harbor", "--output-dir", root / "full", store=store)
    public = cli(
        "report", "-n", "blue-harbor", "--output-dir", root / "public", "--public", store=store
    )
    assert full.exit_code == 0 and public.exit_code == 0, full.output + public.output
    return root


def test_report_files_and_exports_read_back(sample_report):
    folder = sample_report / "full" / "blue-harbor"
    for name in (
        "index.html",
        "briefing.md",
        "metrics.csv",
        "graph.graphml",
        "graph.gexf",
        "graph.json",
    ):
        assert (folder / name).stat().st_size > 0, name
    metrics = list(
        csv.DictReader(io.StringIO((folder / "metrics.csv").read_text(encoding="utf-8")))
    )
    graphs = [nx.read_graphml(folder / "graph.graphml"), nx.read_gexf(folder / "graph.gexf")]
    with open(folder / "graph.json", encoding="utf-8") as fh:
        graphs.append(nx.node_link_graph(json.load(fh)))
    ids = {m["id"] for m in metrics}
    for G in graphs:
        assert set(G.nodes) == ids and len(ids) == 61
        assert G.number_of_edges() == graphs[0].number_of_edges() == 252
        medici = {m["id"]: m for m in metrics}["M-01"]
        node = G.nodes["M-01"]
        assert float(node["influence"]) == pytest.approx(float(medici["influence"]))
        assert float(node["betweenness"]) == pytest.approx(float(medici["betweenness"]))
        assert "broker" in node["roles"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in html and "<script" not in html.lower()
    for section in (
        "Top influencers",
        "Trust nodes",
        "Brokers per pair of parties",
        "Friction points",
        "Cooling relationships",
        "What changed",
    ):
        assert section in html


def _notes_in_input():
    notes = set()
    for name in ("stakeholders.csv", "interactions.csv", "relationships.csv"):
        with open(SAMPLE / name, newline="", encoding="utf-8") as fh:
            notes |= {r["notes"] for r in csv.DictReader(fh) if len(r.get("notes", "")) >= 12}
    assert notes
    return notes


def test_public_report_has_no_notes_or_confidential_contacts(sample_report):
    folder = sample_report / "public" / "blue-harbor"
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in folder.iterdir()
        if p.suffix in {".html", ".md", ".csv", ".graphml", ".gexf", ".json"}
    }
    full = {
        p.name: p.read_text(encoding="utf-8")
        for p in (sample_report / "full" / "blue-harbor").iterdir()
        if p.name in texts
    }
    notes = _notes_in_input()
    assert any(note in text for note in notes for text in full.values()), (
        "the full report should carry notes"
    )
    for name, text in texts.items():
        for note in notes:
            assert note not in text, (name, note)
        assert "Public version" in text, name
    # Contact counts in the public graph exclude every confidential contact.
    with open(SAMPLE / "interactions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    open_counts = {}
    for r in rows:
        if r["confidential"] != "yes":
            key = frozenset((r["source"], r["target"]))
            open_counts[key] = open_counts.get(key, 0) + 1
    G = nx.read_graphml(folder / "graph.graphml")
    for u, v, d in G.edges(data=True):
        assert int(d["contacts"]) == open_counts.get(frozenset((u, v)), 0)
    assert any(r["confidential"] == "yes" for r in rows)
