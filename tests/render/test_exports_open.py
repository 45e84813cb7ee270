"""The report's graph exports open anywhere (issue 14, point 2): GraphML, GEXF and the
node-link JSON load with networkx's defaults and igraph for every reference network, the
GDELT and Blue-Harbor samples and a negotiation with isolates, with the same stakeholders,
ties and metrics as ``graphkit influence --format json``.

A missing number (constraint without non-negative ties) is absent, never an empty string;
labels are names; ties carry ``weight`` (the strength) and the signed sentiment.
"""

from __future__ import annotations

import csv
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import metrics
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties
from graphkit.render import exports
from tests.conftest import REFERENCE, SAMPLE_FILES, cli

pytestmark = pytest.mark.slow  # about 5 s for the nine negotiations

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def _gdelt(tmp: Path) -> list[Any]:
    # import/README.md, "GDELT events": exactly those options
    return [
        "--interactions", REFERENCE / "gdelt2_events_international_sample_2017.csv",
        "--create-missing", "--map", "id=GLOBALEVENTID", "--map", "source=Actor1CountryCode",
        "--map", "target=Actor2CountryCode", "--map", "date=SQLDATE",
        "--map", "sentiment=GoldsteinScale", "--sentiment-range", "-10:10",
    ]  # fmt: skip


def _florentine(tmp: Path) -> list[Any]:
    return [
        "--stakeholders", REFERENCE / "florentine_families_nodes.csv",
        "--interactions", REFERENCE / "florentine_families_marriage_edges.csv",
        "--map", "stakeholders.id=family", "--map", "stakeholders.name=family",
        "--map", "source=family_a", "--map", "target=family_b", "--set", "date=1430-01-01",
    ]  # fmt: skip


def _business(tmp: Path) -> list[Any]:
    return [
        "--interactions", REFERENCE / "florentine_families_business_edges.csv",
        "--map", "source=family_a", "--map", "target=family_b", "--set", "date=1430-01-01",
        "--create-missing",
    ]  # fmt: skip


def _kite(tmp: Path) -> list[Any]:
    return [
        "--stakeholders", REFERENCE / "krackhardt_kite_nodes.csv",
        "--interactions", REFERENCE / "krackhardt_kite_edges.csv",
        "--map", "stakeholders.id=person", "--map", "stakeholders.name=person",
        "--map", "source=person_a", "--map", "target=person_b", "--set", "date=1990-01-01",
    ]  # fmt: skip


def _borgatti(tmp: Path) -> list[Any]:
    return [
        "--interactions", REFERENCE / "borgatti1997_structural_holes_edges.csv",
        "--map", "source=node_a", "--map", "target=node_b", "--set", "date=1997-01-01",
        "--create-missing",
    ]  # fmt: skip


def _tribes(tmp: Path) -> list[Any]:
    return [
        "--stakeholders", REFERENCE / "highland_tribes_nodes.csv",
        "--relationships", REFERENCE / "highland_tribes_signed.csv",
        "--map", "stakeholders.id=tribe", "--map", "stakeholders.name=long_name",
        "--map", "source=tribe_a", "--map", "target=tribe_b", "--set", "type=rova-hina",
    ]  # fmt: skip


def _knoke(tmp: Path) -> list[Any]:
    # as tests/ingest/test_reference_imports.py: the organisations with their sectors
    with open(REFERENCE / "knoke_bureaucracies_brokerage_sna.csv", encoding="utf-8") as fh:
        sectors = {r["org"]: r["sector"] for r in csv.DictReader(fh)}
    orgs = tmp / "knoke_orgs.csv"
    with open(orgs, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [("id", "name", "party"), *sorted((o, o, s) for o, s in sectors.items())]
        )
    return [
        "--stakeholders", orgs, "--interactions", REFERENCE / "knoke_bureaucracies_arcs.csv",
        "--map", "source=sender", "--map", "target=receiver", "--map", "track=relation",
        "--set", "date=1981-01-01",
    ]  # fmt: skip


def _isolates(tmp: Path) -> list[Any]:
    """B-2 has no tie at all and B-3 only a hostile one: neither has a constraint or an
    effective size."""
    people = tmp / "people.csv"
    people.write_text(
        "id,name,party\nA-1,Ana Silva,A\nA-2,Ben Okoro,A\nB-1,Chen Li,B\nB-2,Dana Roe,B\n"
        "B-3,Eli Stone,B\nC-1,Fay Moss,C\n",
        encoding="utf-8",
    )
    log = tmp / "log.csv"
    log.write_text(
        "date,source,target,sentiment\n2024-01-10,A-1,A-2,0.6\n2024-02-01,A-2,A-1,0.4\n"
        "2024-02-10,A-1,B-1,0.2\n2024-03-01,B-1,C-1,0.5\n2024-03-05,B-3,A-1,-0.8\n",
        encoding="utf-8",
    )
    return ["--stakeholders", people, "--interactions", log]


CASES = {
    "blue-harbor": lambda tmp: SAMPLE_FILES,
    "gdelt": _gdelt,
    "florentine": _florentine,
    "florentine-business": _business,
    "kite": _kite,
    "borgatti": _borgatti,
    "tribes": _tribes,
    "knoke": _knoke,
    "isolates": _isolates,
}


@pytest.fixture(scope="module", params=list(CASES))
def exported(request, tmp_path_factory):
    """The case's report folder and its ``influence --format json`` document."""
    name = request.param
    tmp = tmp_path_factory.mktemp(name)
    store = tmp / "store.db"
    result = cli("import", "-n", name, *CASES[name](tmp), store=store)
    assert result.exit_code == 0, result.stderr
    result = cli("report", "-n", name, "--output-dir", tmp / "reports", store=store)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(cli("influence", "-n", name, "--format", "json", store=store).stdout)
    return tmp / "reports" / name, doc


def _graphs(folder: Path) -> dict[str, tuple[dict[str, dict], dict[frozenset, dict]]]:
    """Every export read back, as ``({node id: attrs}, {frozenset((u, v)): attrs})``."""
    out = {}
    for what, G in (
        ("gexf/networkx", nx.read_gexf(folder / "graph.gexf")),
        ("graphml/networkx", nx.read_graphml(folder / "graph.graphml")),
        ("json/networkx", nx.node_link_graph(_json(folder / "graph.json"))),
    ):
        assert type(G) is nx.Graph, what
        out[what] = (
            dict(G.nodes(data=True)),
            {frozenset((u, v)): d for u, v, d in G.edges(data=True)},
        )
    g = igraph.Graph.Read_GraphML(str(folder / "graph.graphml"))
    data = _json(folder / "graph.json")
    h = igraph.Graph.DictList(data["nodes"], data["edges"], directed=data["directed"],
                              vertex_name_attr="id")  # fmt: skip
    for what, graph, ids in (("graphml/igraph", g, g.vs["id"]), ("json/igraph", h, h.vs["id"])):
        assert not graph.is_directed(), what
        nodes = {v["id"]: _present(v.attributes()) for v in graph.vs}
        ties = {
            frozenset((ids[e.source], ids[e.target])): _present(e.attributes()) for e in graph.es
        }
        assert len(ties) == graph.ecount(), what
        out[what] = (nodes, ties)
    return out


def _present(attrs: dict) -> dict:
    """igraph's attributes without its missing values (None, NaN for a number)."""
    return {
        k: v
        for k, v in attrs.items()
        if not (v is None or (isinstance(v, float) and math.isnan(v)))
    }


def _json(path: Path) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in {path.name}: not JSON")

    with open(path, encoding="utf-8") as fh:
        return json.load(fh, parse_constant=refuse)


def _expected_metrics(row: dict) -> dict[str, Any]:
    return {
        m.name: (row[m.json_group] if m.json_group else row)[m.name]
        for m in metrics.for_output("export")
    }


def _same(got: Any, expected: Any) -> bool:
    if isinstance(expected, bool | str):
        return got == expected
    return got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_every_export_loads_with_the_stakeholders_ties_and_metrics_of_the_json(exported):
    folder, doc = exported
    people = {s["id"]: s for s in doc["stakeholders"]}
    ties = {frozenset((t["source"], t["target"])): t for t in doc["ties"]}
    assert len(ties) == len(doc["ties"])
    for what, (nodes, edges) in _graphs(folder).items():
        assert len(nodes) == len(people) and set(nodes) == set(people), what
        assert len(edges) == len(ties) and set(edges) == set(ties), what
        for sid, row in people.items():
            attrs = nodes[sid]
            assert attrs["label"] == (row["name"] or sid), (what, sid)
            assert attrs.get("name", "") == row["name"], (what, sid)
            for name, value in _expected_metrics(row).items():
                if value is None:
                    assert name not in attrs, (what, sid, name, attrs.get(name))
                else:
                    assert _same(attrs[name], value), (what, sid, name, attrs[name], value)
            for label, value in row.get("fields", {}).items():
                got = attrs.get(f"field:{label}")
                assert got is None if value is None else _same(got, value), (what, sid, label)
        for pair, tie in ties.items():
            attrs = edges[pair]
            assert _same(attrs["weight"], tie["strength"]), (what, pair)
            assert _same(attrs["strength"], tie["strength"]), (what, pair)
            assert _same(attrs["sentiment"], tie["sentiment"]), (what, pair)
            assert _same(attrs["sign"], tie["sign"]) and _same(attrs["contacts"], tie["contacts"])
            for name in ("reciprocity", "trust"):
                if tie[name] is None:
                    assert name not in attrs, (what, pair, name)
                else:
                    assert _same(attrs[name], tie[name]), (what, pair, name)


def test_no_typed_value_is_an_empty_string(exported):
    """Every number or boolean in the XML files parses as one; a missing one is absent."""
    folder, _ = exported
    root = ET.parse(folder / "graph.graphml").getroot()
    types = {k.get("id"): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")}
    assert len(types) == len(list(root.iter(f"{GRAPHML}key")))  # key ids are unique
    for data in root.iter(f"{GRAPHML}data"):
        _parses(types[data.get("key")], data.text or "", data.get("key"))
    root = ET.parse(folder / "graph.gexf").getroot()
    assert root.get("version") == "1.3"
    types = {a.get("id"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    for value in root.iter(f"{GEXF}attvalue"):
        _parses(types[value.get("for")], value.get("value", ""), value.get("for"))
    for node in root.iter(f"{GEXF}node"):
        assert node.get("label"), node.get("id")
    for edge in root.iter(f"{GEXF}edge"):
        assert float(edge.get("weight", "")) > 0


def _parses(kind: str | None, text: str, key: str | None) -> None:
    if kind in ("double", "float"):
        assert math.isfinite(float(text)), key
    elif kind in ("int", "long", "integer"):
        int(text)
    elif kind == "boolean":
        assert text in ("true", "false"), key
    else:
        assert kind in ("string", "liststring"), (key, kind)


def test_a_missing_constraint_is_absent_where_the_json_has_null(exported):
    folder, doc = exported
    missing = {s["id"] for s in doc["stakeholders"] if s["constraint"] is None}
    if doc["negotiation"] in ("gdelt", "isolates", "florentine"):
        assert missing  # the case the analyst hit: countries without non-negative ties
    G = nx.read_gexf(folder / "graph.gexf")
    assert {n for n, d in G.nodes(data=True) if "constraint" not in d} == missing


def test_a_stakeholder_without_a_name_is_labelled_by_its_id(tmp_path):
    people = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Ana", "", "  "], "party": "X"})
    contacts = pd.DataFrame(
        {"date": ["2024-01-01"] * 2, "source": ["a", "b"], "target": ["b", "c"], "sentiment": 0.5}
    )
    analysis = analyse(build_ties(people, contacts, pd.DataFrame()), "t")
    labels = {"a": "Ana", "b": "b", "c": "c"}
    G = nx.read_gexf(exports.write_gexf(analysis, tmp_path / "g.gexf"))
    assert dict(G.nodes(data="label")) == labels
    G = nx.read_graphml(exports.write_graphml(analysis, tmp_path / "g.graphml"))
    assert dict(G.nodes(data="label")) == labels
