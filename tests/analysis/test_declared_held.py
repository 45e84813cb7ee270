"""A declared tie counts on the days it held, ``since`` and ``until`` included (issue 13,
point 9): ``--as-of`` outside them leaves it out; while it holds it counts in full."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphkit.graph import build_ties
from graphkit.networks import contact_graph
from tests.conftest import cli

PEOPLE = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "party": ["X", "Y", "X"]})
CONTACTS = pd.DataFrame(
    {"date": ["2020-01-01"], "source": ["a"], "target": ["c"], "sentiment": [0.5]}
)


def _alliance(since: str, until: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"source": ["a"], "target": ["b"], "type": ["alliance"], "sign": [1], "weight": [2.0],
         "directed": [False], "since": [since], "until": [until], "notes": [""]}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "held"),
    [("2022-12-31", False), ("2023-01-01", True), ("2023-12-31", True), ("2024-01-01", False)],
)
def test_a_tie_counts_from_its_first_to_its_last_day(as_of, held):
    model = build_ties(PEOPLE, CONTACTS, _alliance("2023-01-01", "2023-12-31"), as_of=as_of)
    ab = model.ties[(model.ties["u"] == "a") & (model.ties["v"] == "b")]
    assert len(ab) == int(held)
    assert len(model.declared) == int(held)
    # and so for influence: the alliance is being sought out both ways only while it holds
    assert contact_graph(model).has_edge("b", "a") is held


def test_an_open_tie_holds_at_full_weight_however_old():
    # a standing fact does not recede: weight 2 ten years on, where a contact has decayed
    model = build_ties(PEOPLE, CONTACTS, _alliance("", ""), as_of="2030-01-01")
    ties = model.ties.set_index(["u", "v"])
    assert ties.at[("a", "b"), "strength"] == 2.0
    assert ties.at[("a", "c"), "strength"] < 0.01


PEOPLE_CSV = "id,name,party\nA-01,Ana,A\nB-01,Bo,B\nB-02,Bea,B\n"
LOG = "date,source,target,sentiment\n2024-01-10,A-01,B-02,0.5\n2024-06-01,B-02,A-01,0.4\n"
TIES = "source,target,type,sign,since,until\nA-01,B-01,alliance,+1,2023-03-01,2024-02-29\n"


def _ties_of(result) -> set[tuple[str, str]]:
    assert result.exit_code == 0, result.output
    return {(t["source"], t["target"]) for t in json.loads(result.stdout)["ties"]}


def test_as_of_leaves_out_a_tie_that_ended_or_had_not_begun(tmp_path, store_path):
    for name, text in (("p.csv", PEOPLE_CSV), ("l.csv", LOG), ("t.csv", TIES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    imported = cli("import", "-n", "t", "--stakeholders", tmp_path / "p.csv",
                   "--interactions", tmp_path / "l.csv", "--relationships", tmp_path / "t.csv",
                   store=store_path)  # fmt: skip
    assert imported.exit_code == 0, imported.output

    def ties(*extra):
        return _ties_of(cli("influence", "-n", "t", "--format", "json", *extra, store=store_path))

    # the default as-of is the last contact, 2024-06-01: the alliance had ended
    assert ties() == {("A-01", "B-02")}
    assert ties("--as-of", "2024-02-29") == {("A-01", "B-01"), ("A-01", "B-02")}
    assert ties("--as-of", "2023-02-28") == set()
    # with a party filter, the ended tie's end is not drawn in either
    party = cli("influence", "-n", "t", "--party", "A", "--format", "json", store=store_path)
    assert party.exit_code == 0, party.output
    assert {s["id"] for s in json.loads(party.stdout)["stakeholders"]} == {"A-01", "B-02"}
