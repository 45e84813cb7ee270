"""graphkit path says why there is no approach at all, in the right words (issue 13, 13)."""

from __future__ import annotations

import pandas as pd

from graphkit.analysis.introductions import introduction_paths
from graphkit.analysis.negotiation import analyse
from graphkit.graph import build_ties


def analysis_of(pairs: list[tuple[str, str]], people: str = "abmxy"):
    """Warm, two-way, repeated contacts between each pair."""
    rows = [
        {"date": f"2024-05-0{d}", "source": s, "target": t, "sentiment": 0.7}
        for a, b in pairs
        for d in (1, 2, 3)
        for s, t in ((a, b), (b, a))
    ]
    stakeholders = pd.DataFrame({"id": list(people), "name": list(people.upper()),
                                 "party": ["P"] * len(people)})  # fmt: skip
    return analyse(build_ties(stakeholders, pd.DataFrame(rows), pd.DataFrame()))


def test_a_source_without_trusted_contacts():
    result = introduction_paths(analysis_of([("m", "b")]), "a", "b")
    assert not result.paths and result.partial is None
    assert result.no_approach == "a has no trusted contact at all."


def test_a_target_without_any_usable_tie_is_named_not_the_source():
    result = introduction_paths(analysis_of([("a", "m")]), "a", "b")
    assert not result.paths and result.partial is None
    assert result.no_approach == "b has no tie that is not hostile to a or b."


def test_two_groups_that_do_not_meet():
    result = introduction_paths(analysis_of([("a", "m"), ("b", "y")]), "a", "b")
    assert not result.paths and result.partial is None
    assert result.no_approach.startswith("None of the people a trusts is connected to b")


def test_a_chain_needs_no_explanation():
    result = introduction_paths(analysis_of([("a", "m"), ("m", "b")]), "a", "b")
    assert [p.stakeholders for p in result.paths] == [["a", "m", "b"]]
    assert result.no_approach is None
