"""The team's own fields (extra stakeholder columns) in every output: metrics.csv, the
influence CSV and JSON, GraphML, GEXF, node-link JSON and the map's JSON documents; and
gone from every output file of a redacted or public report or map but the numeric ones.

The negotiation is imported from CSV files as a team would write them: "Influence (1-5)"
1..5, "Interest (1-5)" with halves, "Stance", "Portfolio" and "Team notes" as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graphkit
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties
from graphkit.pipeline import analyse_negotiation
from graphkit.render import exports
from graphkit.render.map import render_map, select_stakeholders
from graphkit.render.map.page import page_data
from graphkit.render.map.style import MAX_SIZE, MIN_SIZE
from graphkit.report import REPORT_FILES
from tests.conftest import cli

STAKEHOLDERS = """\
id,name,party,organization,role,tier,kind,notes,Influence (1-5),Interest (1-5),Stance,Portfolio,Team notes
A-1,Ana Alves,Alvara,Ministry of the Sea,Minister,official,state,Signed the memo,5,4.5,supports the quota,Fisheries quota,Prefers early calls
A-2,Bruno Braga,Alvara,Ministry of the Sea,Adviser,official,state,,4,3,opposes the quota,Offshore wind,Wary of the mediator
B-1,Clara Costa,Dalvenia,Coast Guard,Commander,official,state,,3,2,supports the quota,Coastal patrols,
B-2,Dario Dias,Dalvenia,Trawler Cooperative,Chair,civil-society,non-state,,2,,opposes the quota,Fisheries quota,Keen on the subsidy deal
M-1,Eva Moreau,Council,Council Secretariat,Mediator,official,mediator,,1,5,,Shuttle mediation,Chairs the talks
"""
INTERACTIONS = """\
date,source,target,channel,track,sentiment,confidential,notes
2024-01-10,A-1,A-2,meeting,fisheries,0.6,,
2024-02-10,A-2,B-1,call,fisheries,-0.5,,
2024-03-10,B-1,B-2,meeting,fisheries,0.4,,
2024-04-10,M-1,A-1,meeting,fisheries,0.7,,
2024-05-10,M-1,B-2,meeting,fisheries,0.5,yes,
2024-06-10,B-2,M-1,call,fisheries,0.3,,
2024-06-20,A-1,M-1,call,fisheries,0.5,,
"""
NUMERIC = ("Influence (1-5)", "Interest (1-5)")
TEXT = ("Portfolio", "Stance", "Team notes")
#: Every text value of the text fields, and the stakeholders' notes: none may leave a
#: redacted report.
TEXT_VALUES = (
    "supports the quota", "opposes the quota", "Fisheries quota", "Offshore wind",
    "Coastal patrols", "Shuttle mediation", "Prefers early calls", "Wary of the mediator",
    "Keen on the subsidy deal", "Chairs the talks", "Signed the memo",
)  # fmt: skip
FIELD_COLUMNS = [f"field:{label}" for label in (*NUMERIC, *TEXT)]


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    (folder / "stakeholders.csv").write_text(STAKEHOLDERS, encoding="utf-8")
    (folder / "interactions.csv").write_text(INTERACTIONS, encoding="utf-8")
    db = folder / "store.db"
    result = cli(
        "import", "-n", "team", "--stakeholders", folder / "stakeholders.csv",
        "--interactions", folder / "interactions.csv", store=db,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return {"db": db, "folder": folder}


def _report(team, *flags: str) -> Path:
    out = team["folder"] / ("report" + "".join(flags).replace("-", "_"))
    result = cli("report", "-n", "team", "--output-dir", out, *flags, store=team["db"])
    assert result.exit_code == 0, result.stderr
    return out / "team"


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _page_json(html: str, element: str):
    found = re.search(f'<script type="application/json" id="{element}">(.*?)</script>', html)
    assert found, element
    return json.loads(found.group(1))


# -- every output shows them -------------------------------------------------------------


def test_metrics_csv_has_one_column_per_field_after_the_metrics_before_the_notes(team):
    rows = _csv((_report(team) / "metrics.csv").read_text(encoding="utf-8"))
    columns = list(rows[0])
    assert columns[columns.index("why") + 1 :] == [*FIELD_COLUMNS, "notes"]
    row = {r["id"]: r for r in rows}
    assert [row["A-1"][c] for c in FIELD_COLUMNS] == [
        "5", "4.5", "Fisheries quota", "supports the quota", "Prefers early calls",
    ]  # fmt: skip
    assert row["B-2"]["field:Interest (1-5)"] == ""  # no value: an empty cell
    assert row["M-1"]["field:Stance"] == "" and row["M-1"]["field:Influence (1-5)"] == "1"
    assert row["A-1"]["notes"] == "Signed the memo"


def test_influence_csv_and_json_carry_the_fields(team):
    result = cli("influence", "-n", "team", "--format", "csv", store=team["db"])
    rows = {r["id"]: r for r in _csv(result.stdout)}
    assert list(rows["A-1"])[-len(FIELD_COLUMNS) :] == FIELD_COLUMNS
    assert rows["A-2"]["field:Stance"] == "opposes the quota"
    result = cli("influence", "-n", "team", "--format", "json", store=team["db"])
    people = {s["id"]: s for s in json.loads(result.stdout)["stakeholders"]}
    assert people["A-1"]["fields"] == {
        "Influence (1-5)": 5, "Interest (1-5)": 4.5, "Portfolio": "Fisheries quota",
        "Stance": "supports the quota", "Team notes": "Prefers early calls",
    }  # fmt: skip
    assert people["A-2"]["fields"]["Interest (1-5)"] == 3.0  # the field holds a half: floats
    assert people["B-2"]["fields"]["Interest (1-5)"] is None
    # Not metrics: the metric groups and keys are the same as without team fields.
    assert not any(k.startswith("field:") for s in people.values() for k in s)


def test_graph_exports_carry_prefixed_typed_attributes_and_stay_valid_xml(team):
    folder = _report(team)
    graphml = nx.read_graphml(folder / "graph.graphml")
    gexf = nx.read_gexf(folder / "graph.gexf")
    with open(folder / "graph.json", encoding="utf-8") as f:
        node_link = nx.node_link_graph(json.load(f))
    for G in (graphml, gexf, node_link):
        a1 = G.nodes["A-1"]
        assert a1["field:Influence (1-5)"] == 5 and a1["field:Interest (1-5)"] == 4.5
        assert a1["field:Stance"] == "supports the quota"
        assert a1["field:Team notes"] == "Prefers early calls"
        assert "field:Interest (1-5)" not in G.nodes["B-2"]  # no value: no attribute
        assert a1["notes"] == "Signed the memo" and "influence" in a1
    # GraphML key ids must be NMTOKENs: with spaces in a name the keys are numbered, and
    # attr.name carries the name.
    root = ET.parse(folder / "graph.graphml").getroot()
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert all(re.fullmatch(r"[A-Za-z0-9._:-]+", k.get("id", "")) for k in keys)
    names = {k.get("attr.name"): k.get("attr.type") for k in keys if k.get("for") == "node"}
    assert names["field:Influence (1-5)"] in ("int", "long")
    assert names["field:Interest (1-5)"] == "double"
    assert names["field:Stance"] == "string"
    ET.parse(folder / "graph.gexf")


def test_the_map_carries_the_fields_for_the_cards_and_the_size_control(team):
    html = (_report(team) / "map.html").read_text(encoding="utf-8")
    meta = _page_json(html, "gk-meta")
    nodes = {n["sid"]: n for n in _page_json(html, "gk-nodes")}
    assert meta["team_fields"] == [*NUMERIC, *TEXT]
    assert meta["size_fields"] == [
        {"field": 0, "low": "1", "high": "5"},
        {"field": 1, "low": "2", "high": "5"},
    ]
    assert nodes["A-1"]["tf"] == [
        "5", "4.5", "Fisheries quota", "supports the quota", "Prefers early calls",
    ]  # fmt: skip
    assert nodes["M-1"]["tf"][3] is None
    # Sized by a field: its lowest value (or none) is the smallest node, its highest the
    # largest, area growing with the value.
    assert nodes["A-1"]["fz"][0] == MAX_SIZE and nodes["M-1"]["fz"][0] == MIN_SIZE
    assert nodes["B-2"]["fz"][1] == MIN_SIZE  # no value
    assert nodes["B-1"]["fz"][0] == round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * 0.5**0.5, 1)
    assert "// <team-fields>" in html  # the page's script for them is there


# -- redacted and public outputs keep only the numeric fields -----------------------------


def _redacted_outputs(team, flags: tuple[str, ...]) -> dict[str, bytes]:
    folder = _report(team, *flags)
    files = {name: (folder / name).read_bytes() for name in REPORT_FILES}
    out = team["folder"] / f"map{''.join(flags)}.html"
    result = cli("map", "-n", "team", "--output", out, *flags, store=team["db"])
    assert result.exit_code == 0, result.stderr
    files["map (graphkit map)"] = out.read_bytes()
    assert set(files) == {*REPORT_FILES, "map (graphkit map)"}
    return files


@pytest.mark.parametrize("flags", [("--redact", "notes"), ("--public",)], ids=" ".join)
def test_redacted_outputs_hold_no_text_field_and_every_numeric_one(team, flags):
    files = _redacted_outputs(team, flags)
    for name, data in files.items():
        for text in (*TEXT_VALUES, *(f"field:{label}" for label in TEXT)):
            assert text.encode() not in data, (name, text)
        assert b"Team notes" not in data and b'"Stance' not in data, name
    rows = {r["id"]: r for r in _csv(files["metrics.csv"].decode())}
    assert list(rows["A-1"])[-4:-1] == ["field:Influence (1-5)", "field:Interest (1-5)", "notes"]
    assert rows["A-1"]["field:Influence (1-5)"] == "5" and rows["A-1"]["notes"] == ""
    meta = _page_json(files["map.html"].decode(), "gk-meta")
    assert meta["team_fields"] == list(NUMERIC)
    assert (
        nx.read_graphml(io.BytesIO(files["graph.graphml"])).nodes["A-1"]["field:Influence (1-5)"]
        == 5
    )


def test_a_negotiation_without_team_fields_gets_none_of_it(tmp_path):
    folder = tmp_path
    (folder / "s.csv").write_text(
        "\n".join(",".join(line.split(",")[:8]) for line in STAKEHOLDERS.splitlines()) + "\n",
        encoding="utf-8",
    )
    (folder / "i.csv").write_text(INTERACTIONS, encoding="utf-8")
    store = graphkit.open_store(folder / "store.db", create=True)
    try:
        graphkit.import_files(
            store, "plain", stakeholders=folder / "s.csv", interactions=folder / "i.csv"
        )
        analysis = analyse_negotiation(store, "plain")
    finally:
        store.close()
    assert analysis.team_fields() == ()
    nodes, _, meta = page_data(analysis, select_stakeholders(analysis))
    assert "team_fields" not in meta and "size_fields" not in meta
    assert not any("tf" in n or "fz" in n for n in nodes)
    assert "team-fields" not in render_map(analysis) and "Size by" not in render_map(analysis)
    assert all("fields" not in s for s in analysis.to_dict()["stakeholders"])


# -- typed values, hostile text ------------------------------------------------------------


def _analysis(attributes):
    ids = [f"s{i}" for i in range(len(attributes))]
    people = pd.DataFrame(
        {"id": ids, "name": ids, "party": ["X", "Y"] * (len(ids) // 2), "attributes": attributes}
    )
    contacts = pd.DataFrame(
        {
            "date": ["2024-01-01"] * (len(ids) - 1),
            "source": ids[:-1],
            "target": ids[1:],
            "sentiment": [0.5] * (len(ids) - 1),
        }
    )
    return analyse(build_ties(people, contacts, pd.DataFrame()), "t")


def test_numbers_stored_as_numbers_come_out_like_numeric_text(tmp_path):
    """What the importer stores as numbers (int, float) reads like what it stores as text."""
    typed = _analysis([{"F": 1}, {"F": 2.5}, {"F": 4}, {"F": 3}])
    text = _analysis([{"F": "1"}, {"F": "2.5"}, {"F": "4"}, {"F": "3"}])
    assert typed.team_fields() == text.team_fields()
    assert (
        typed.to_dict()["stakeholders"][0]["fields"] == text.to_dict()["stakeholders"][0]["fields"]
    )
    for a, name in ((typed, "typed"), (text, "text")):
        exports.write_graphml(a, tmp_path / f"{name}.graphml")
    assert (tmp_path / "typed.graphml").read_bytes() == (tmp_path / "text.graphml").read_bytes()


def test_hostile_headers_and_values_stay_valid_xml_and_inert_csv(tmp_path):
    label, value = "Stance\x0b<b>&", '=HYPERLINK("x")\x00'
    analysis = _analysis([{label: value, "@n": 1}, {label: "-2+3", "@n": 2}])
    for write, read in (
        (exports.write_graphml, nx.read_graphml),
        (exports.write_gexf, nx.read_gexf),
    ):
        path = write(analysis, tmp_path / f"g.{read.__name__}")
        G = read(path)
        assert G.nodes["s0"]["field:Stance\\x0b<b>&"] == '=HYPERLINK("x")\\x00'
        assert G.nodes["s1"]["field:@n"] == 2
    from graphkit.report import _metrics_csv

    rows = list(csv.reader(io.StringIO(_metrics_csv(analysis, ""))))
    header, first = rows[0], rows[1]
    assert "field:@n" in header and f"field:{label}" in header  # "field:" starts no formula
    cell = dict(zip(header, first, strict=True))[f"field:{label}"]
    assert cell.startswith("'=") or cell.startswith("'-")
