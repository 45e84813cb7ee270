"""The classic networks in tests/data/reference import with exact counts.

Expected counts are computed here from the reference files with the csv module,
independently of graphkit's reader.
"""

from __future__ import annotations

import csv
import json

import pytest

from graphkit.stores import open_store
from tests.conftest import cli


def _records(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _import(store, *args):
    result = cli("import", *args, "--format", "json", store=store)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


def _listing(store):
    return {
        row["name"]: row
        for row in json.loads(cli("negotiations", "--format", "json", store=store).stdout)
    }


def test_florentine_families_nodes_and_marriages(store_path, reference):
    nodes = _records(reference / "florentine_families_nodes.csv")
    edges = _records(reference / "florentine_families_marriage_edges.csv")
    out = _import(
        store_path,
        "-n",
        "florentine",
        "--stakeholders",
        reference / "florentine_families_nodes.csv",
        "--interactions",
        reference / "florentine_families_marriage_edges.csv",
        "--map",
        "stakeholders.id=family",
        "--map",
        "stakeholders.name=family",
        "--map",
        "source=family_a",
        "--map",
        "target=family_b",
        "--set",
        "date=1430-01-01",
    )
    files = {f["kind"]: f for f in out["files"]}
    assert files["stakeholders"]["added"] == len(nodes) == 16
    assert files["interactions"]["added"] == len(edges) == 20
    assert out["created_unmapped"] == []
    row = _listing(store_path)["florentine"]
    assert (row["stakeholders"], row["interactions"]) == (16, 20)
    data = open_store(store_path).load("florentine")
    pucci = data.stakeholders.set_index("id").loc["Pucci"]
    # a column of plain numbers is a numeric field of the team's (issue 12): an int here
    wealth = pucci["attributes"]["wealth_1427_thousand_lira"]
    assert type(wealth) is int
    assert wealth == int(
        next(n["wealth_1427_thousand_lira"] for n in nodes if n["family"] == "Pucci")
    )
    pairs = {frozenset((e["family_a"], e["family_b"])) for e in edges}
    assert {
        frozenset(p) for p in zip(data.interactions.source, data.interactions.target, strict=True)
    } == pairs


def test_florentine_business_with_created_stakeholders(store_path, reference):
    edges = _records(reference / "florentine_families_business_edges.csv")
    families = {e["family_a"] for e in edges} | {e["family_b"] for e in edges}
    out = _import(
        store_path,
        "-n",
        "business",
        "--interactions",
        reference / "florentine_families_business_edges.csv",
        "--map",
        "source=family_a",
        "--map",
        "target=family_b",
        "--set",
        "date=1430-01-01",
        "--create-missing",
    )
    assert out["files"][0]["added"] == len(edges) == 15
    assert sorted(out["created_unmapped"]) == sorted(families)


def test_krackhardt_kite(store_path, reference):
    edges = _records(reference / "krackhardt_kite_edges.csv")
    out = _import(
        store_path,
        "-n",
        "kite",
        "--stakeholders",
        reference / "krackhardt_kite_nodes.csv",
        "--interactions",
        reference / "krackhardt_kite_edges.csv",
        "--map",
        "stakeholders.id=person",
        "--map",
        "stakeholders.name=person",
        "--map",
        "source=person_a",
        "--map",
        "target=person_b",
        "--set",
        "date=1990-01-01",
    )
    files = {f["kind"]: f for f in out["files"]}
    assert (
        (files["stakeholders"]["added"], files["interactions"]["added"])
        == (10, len(edges))
        == (10, 18)
    )


def test_highland_tribes_signed_relationships(store_path, reference):
    ties = _records(reference / "highland_tribes_signed.csv")
    out = _import(
        store_path,
        "-n",
        "tribes",
        "--stakeholders",
        reference / "highland_tribes_nodes.csv",
        "--relationships",
        reference / "highland_tribes_signed.csv",
        "--map",
        "stakeholders.id=tribe",
        "--map",
        "stakeholders.name=long_name",
        "--map",
        "source=tribe_a",
        "--map",
        "target=tribe_b",
        "--set",
        "type=rova-hina",
    )
    files = {f["kind"]: f for f in out["files"]}
    assert files["stakeholders"]["added"] == 16
    assert files["relationships"]["added"] == len(ties) == 58
    data = open_store(store_path).load("tribes")
    assert (data.relationships.sign == 1).sum() == sum(t["sign"] == "1" for t in ties) == 29
    assert (data.relationships.sign == -1).sum() == 29
    assert data.stakeholders.set_index("id").loc["GAMA", "name"] == "Gama"


def test_knoke_information_network_with_sectors_as_parties(store_path, reference, tmp_path):
    sectors = {
        r["org"]: r["sector"] for r in _records(reference / "knoke_bureaucracies_brokerage_sna.csv")
    }
    stakeholders = tmp_path / "knoke_orgs.csv"
    with open(stakeholders, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "party"])
        writer.writerows((org, org, sector) for org, sector in sorted(sectors.items()))
    arcs = _records(reference / "knoke_bureaucracies_arcs.csv")
    out = _import(
        store_path,
        "-n",
        "knoke",
        "--stakeholders",
        stakeholders,
        "--interactions",
        reference / "knoke_bureaucracies_arcs.csv",
        "--map",
        "source=sender",
        "--map",
        "target=receiver",
        "--map",
        "track=relation",
        "--set",
        "date=1981-01-01",
    )
    files = {f["kind"]: f for f in out["files"]}
    assert files["stakeholders"]["added"] == 10
    assert files["interactions"]["added"] == len(arcs) == 71
    from graphkit.stores import Filters

    info = open_store(store_path).load("knoke", Filters(track="information"))
    assert len(info.interactions) == sum(a["relation"] == "information" for a in arcs) == 49
    assert set(info.stakeholders.party) == {"GOV", "VOL", "PVT"}


def test_gdelt_sample_with_map_and_goldstein_scale(store_path, reference):
    path = reference / "gdelt2_events_international_sample_2017.csv"
    events = _records(path)
    codes = {e["Actor1CountryCode"] for e in events} | {e["Actor2CountryCode"] for e in events}
    args = [
        "-n",
        "gdelt",
        "--interactions",
        path,
        "--create-missing",
        "--map",
        "id=GLOBALEVENTID",
        "--map",
        "source=Actor1CountryCode",
        "--map",
        "target=Actor2CountryCode",
        "--map",
        "date=SQLDATE",
        "--map",
        "sentiment=GoldsteinScale",
        "--sentiment-range",
        "-10:10",
        ]  # fmt: skip
    out = _import(store_path, *args)
    assert out["files"][0]["read"] == out["files"][0]["added"] == len(events) == 1210
    assert len(out["created_unmapped"]) == len(codes) == 108
    data = open_store(store_path).load("gdelt")
    first = events[0]
    row = data.interactions.set_index("key").loc["id:" + first["GLOBALEVENTID"]]
    assert row["sentiment"] == pytest.approx(float(first["GoldsteinScale"]) / 10)
    assert row["date"] == f"{first['SQLDATE'][:4]}-{first['SQLDATE'][4:6]}-{first['SQLDATE'][6:]}"
    assert row["attributes"]["EventCode"] == first["EventCode"]  # leading zeros kept as text
    again = _import(store_path, *args)
    assert (again["files"][0]["unchanged"], again["created_unmapped"]) == (1210, [])
