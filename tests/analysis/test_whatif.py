"""what_if returns plain data; the analysis after a removal is analysis_without."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphkit.analysis.negotiation import Analysis, analyse
from graphkit.analysis.whatif import analysis_without, what_if
from graphkit.graph import build_ties

KEYS = [
    "removed", "trusted_channels", "parties_cut_off", "splits", "brokers_rising",
    "brokers_falling", "role_changes", "balance_ratio", "unbalanced_triangles",
]  # fmt: skip


@pytest.fixture
def analysis() -> Analysis:
    """X of the Council is the only one trusted by both North (A) and South (B). Every pair
    exchanges twice (four contacts, two each way): evidence enough for trust."""
    people = pd.DataFrame(
        {
            "id": ["A", "Y", "B", "W", "X"],
            "name": ["Ana", "Yann", "Bo", "Wen", "Xia"],
            "party": ["North", "North", "South", "South", "Council"],
        }
    )
    rows = []
    for day, (a, b, sentiment) in enumerate(
        [("A", "X", 0.8), ("X", "B", 0.6), ("A", "Y", 0.9), ("W", "B", 0.5), ("Y", "W", -0.7)]
    ):
        for date in (f"2024-01-{day + 1:02d}", f"2024-01-{day + 6:02d}"):
            rows += [(date, a, b, sentiment), (date, b, a, sentiment)]
    contacts = pd.DataFrame(rows, columns=["date", "source", "target", "sentiment"])
    return analyse(build_ties(people, contacts, pd.DataFrame()), "tiny")


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_what_if_is_plain_data(analysis):
    result = what_if(analysis, ["X"])
    assert list(result) == KEYS  # no "after": no live Analysis
    assert _plain(result)
    assert json.loads(json.dumps(result)) == result
    assert result["removed"] == [{"id": "X", "name": "Xia", "roles": result["removed"][0]["roles"]}]
    assert result["parties_cut_off"] == [["Council", "North"], ["Council", "South"]]
    # the negative Y-W tie does not hold the rest together
    assert result["splits"] == [{"size": 5, "pieces": [["A", "Y"], ["B", "W"]], "isolated": []}]


def test_analysis_without_is_the_analysis_after(analysis):
    result = what_if(analysis, ["X", "X"])
    after = analysis_without(analysis, ["X"])
    assert isinstance(after, Analysis)
    assert "X" not in after.stakeholders.index
    assert result["balance_ratio"]["after"] == after.summary["balance_ratio"]
    assert result["unbalanced_triangles"]["after"] == after.summary["unbalanced_triangles"]
    with pytest.raises(KeyError):
        analysis_without(analysis, ["nobody"])
