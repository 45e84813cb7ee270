"""The team's own fields (extra stakeholder columns): typed as numeric or text, carried
from the stakeholder frame into the analysis apart from the metrics, in the JSON document,
and redacted (text fields only) by Sharing.apply without changing the analysis given."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from graphkit.analysis import metrics
from graphkit.analysis.negotiation import analyse
from graphkit.analysis.team_fields import (
    PREFIX,
    TeamField,
    display,
    team_fields,
    text_field_labels,
    without_text_fields,
)
from graphkit.graph import build_ties
from graphkit.scope import Sharing


def _people(*attributes) -> pd.DataFrame:
    return pd.DataFrame(
        {"attributes": list(attributes)}, index=[f"s{i}" for i in range(len(attributes))]
    )


def _by_label(fields: tuple[TeamField, ...]) -> dict[str, TeamField]:
    return {f.label: f for f in fields}


def test_a_field_of_numbers_or_numeric_text_is_numeric_and_carried_as_numbers():
    fields = _by_label(
        team_fields(
            _people(
                {"Influence (1-5)": "4", "Interest": 3, "Score": "2.5", "Signed": "-2"},
                {"Influence (1-5)": 2, "Interest": 4.0, "Score": 1, "Signed": "+3"},
                {"Influence (1-5)": " 5 ", "Score": ".5"},
            )
        )
    )
    assert all(f.numeric for f in fields.values())
    assert dict(fields["Influence (1-5)"].values) == {"s0": 4, "s1": 2, "s2": 5}
    assert all(type(v) is int for v in fields["Influence (1-5)"].values.values())
    # One float makes the whole field float, so that every export types it once.
    assert dict(fields["Interest"].values) == {"s0": 3.0, "s1": 4.0}
    assert all(type(v) is float for v in fields["Interest"].values.values())
    assert dict(fields["Score"].values) == {"s0": 2.5, "s1": 1.0, "s2": 0.5}
    assert dict(fields["Signed"].values) == {"s0": -2, "s1": 3}
    assert fields["Signed"].bounds == (-2.0, 3.0)
    assert fields["Interest"].text("s1") == "4" and fields["Score"].text("s0") == "2.5"
    assert fields["Interest"].text("s2") == ""


@pytest.mark.parametrize(
    "odd", ["supports", "n/a", "1e3", "1,5", "1 000", "0x10", "nan", "inf", True, math.inf]
)
def test_one_value_that_is_not_a_plain_number_makes_the_field_text(odd):
    (field,) = team_fields(_people({"F": 4}, {"F": "2"}, {"F": odd}))
    assert not field.numeric
    assert field.values["s0"] == "4" and field.values["s1"] == "2"
    assert all(isinstance(v, str) for v in field.values.values())


def test_missing_values_are_left_out_and_fields_are_ordered_by_header():
    people = _people(
        {"stance": "opposes", "Beta": None, "alpha": ""},
        {"Beta": math.nan, "alpha": "  ", "Gamma": 1},
        None,  # a stakeholder without attributes at all
        {},
    )
    fields = team_fields(people)
    assert [f.label for f in fields] == ["Gamma", "stance"]  # Beta and alpha never had a value
    assert [f.name for f in fields] == [f"{PREFIX}Gamma", f"{PREFIX}stance"]
    assert dict(fields[1].values) == {"s0": "opposes"}
    assert team_fields(pd.DataFrame(index=["a"])) == ()


def test_display_writes_whole_floats_without_a_point():
    assert [display(v) for v in (4, 4.0, 3.5, -0.25, 1e20, "x")] == [
        "4", "4", "3.5", "-0.25", "1e+20", "x",
    ]  # fmt: skip


def test_without_text_fields_keeps_the_numeric_ones_and_changes_nothing_given():
    people = _people({"Influence": "4", "Stance": "supports"}, {"Influence": 2, "Stance": "x"})
    before = [dict(a) for a in people["attributes"]]
    redacted = without_text_fields(people)
    assert [dict(a) for a in redacted["attributes"]] == [{"Influence": "4"}, {"Influence": 2}]
    assert [dict(a) for a in people["attributes"]] == before
    assert text_field_labels(people) == {"Stance"}
    assert without_text_fields(redacted) is redacted  # nothing left to remove


# -- through the tie model and the analysis -----------------------------------------------

STANCE = ("supports the quota", "opposes the quota")


def _model(attributes=True):
    people = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "name": ["Ana", "Bo", "Cy", "Di", "Ed"],
            "party": ["X", "X", "Y", "Y", "M"],
            "notes": ["note a", "", "", "", ""],
        }
    )
    if attributes:
        people["attributes"] = [
            {"Influence (1-5)": i + 1, "Stance": STANCE[i % 2], "Weight": 0.5 * i} for i in range(4)
        ] + [{"Background": "Met at the spring round"}]
    contacts = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"],
            "source": ["a", "b", "c", "e", "e"],
            "target": ["b", "c", "d", "a", "d"],
            "sentiment": [0.5, 0.3, -0.4, 0.6, 0.2],
        }
    )
    return build_ties(people, contacts, pd.DataFrame())


def test_the_attributes_ride_along_in_the_analysis_apart_from_the_metrics():
    analysis = analyse(_model(), "t")
    df = analysis.stakeholders
    assert dict(df.at["a", "attributes"]) == {
        "Influence (1-5)": 1, "Stance": "supports the quota", "Weight": 0.0,
    }  # fmt: skip
    names = [m.name for m in metrics.METRICS]
    assert "attributes" not in names and not any(PREFIX in m for m in names)
    fields = _by_label(analysis.team_fields())
    assert set(fields) == {"Background", "Influence (1-5)", "Stance", "Weight"}
    assert fields["Influence (1-5)"].numeric and fields["Weight"].numeric
    assert not fields["Stance"].numeric and not fields["Background"].numeric
    # The metrics are the same with or without the team's fields.
    plain = analyse(_model(attributes=False), "t")
    assert plain.team_fields() == ()
    pd.testing.assert_frame_equal(df[names], plain.stakeholders[names])


def test_the_tie_model_copies_the_dicts_it_is_given():
    people = pd.DataFrame({"id": ["a"], "name": ["A"], "attributes": [{"F": 1}]})
    model = build_ties(people, pd.DataFrame(columns=["date", "source", "target"]), pd.DataFrame())
    model.stakeholders.at["a", "attributes"]["F"] = 2
    assert people.at[0, "attributes"] == {"F": 1}


def test_the_json_document_has_fields_only_when_there_are_team_fields():
    doc = analyse(_model(), "t").to_dict()
    rows = {r["id"]: r for r in doc["stakeholders"]}
    assert list(rows["a"])[-1] == "fields"
    assert rows["a"]["fields"] == {
        "Background": None, "Influence (1-5)": 1, "Stance": "supports the quota", "Weight": 0.0,
    }  # fmt: skip
    assert rows["e"]["fields"]["Background"] == "Met at the spring round"
    assert all("fields" not in r for r in analyse(_model(False), "t").to_dict()["stakeholders"])


@pytest.mark.parametrize("sharing", [Sharing(redact_notes=True), Sharing(public=True)])
def test_sharing_removes_the_text_fields_and_keeps_the_numeric_ones(sharing):
    analysis = analyse(_model(), "t")
    shared = sharing.apply(analysis)
    assert [f.label for f in shared.team_fields()] == ["Influence (1-5)", "Weight"]
    for frame in (shared.stakeholders, shared.model.stakeholders):
        kept = {k for a in frame["attributes"] for k in a}
        assert kept == {"Influence (1-5)", "Weight"}
        assert set(frame["notes"]) == {""}
    assert "Stance" not in str(shared.to_dict())
    # A new analysis: the one given still has every field and note.
    assert [f.label for f in analysis.team_fields()] == [
        "Background", "Influence (1-5)", "Stance", "Weight",
    ]  # fmt: skip
    assert analysis.stakeholders.at["a", "notes"] == "note a"
    assert analysis.model.stakeholders.at["a", "attributes"]["Stance"] == "supports the quota"
    assert Sharing().apply(analysis) is analysis
