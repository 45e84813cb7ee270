"""Issue 18, points 4 and 5: who moved on an issue between two days with the contacts that
preceded the move, and each party's power-weighted balance with its swing stakeholders,
on hand-checkable cases."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.analysis.stances import ratification, shared_stances, stance_moves


def _stances(rows):
    return pd.DataFrame(
        [{"stakeholder": s, "issue": i, "date": d, "stance": v, "source": src,
          "confidential": conf, "notes": "n"}
         for s, i, d, v, src, conf in rows]
    )  # fmt: skip


STANCES = _stances([
    ("a", "fish", "2023-01-01", -2, "cable", False),
    ("a", "fish", "2023-08-01", 1, "minutes", False),
    ("b", "fish", "2023-01-01", 0, "", False),
    ("b", "fish", "2023-12-01", -1, "press", False),  # after the window
    ("c", "fish", "2023-05-01", 2, "", False),  # first heard in the window: no move
    ("d", "fish", "2023-01-01", 1, "", False),
    ("d", "fish", "2023-03-01", 1, "again", False),  # the same stance again: no move
])  # fmt: skip

CONTACTS = pd.DataFrame(
    [
        {"date": "2023-02-01", "source": "x", "target": "a", "channel": "call", "track": "fish", "sentiment": 0.5},
        {"date": "2023-07-15", "source": "a", "target": "y", "channel": "meeting", "track": "fish", "sentiment": 0.2},
        {"date": "2023-07-20T10:00", "source": "z", "target": "a", "channel": "call", "track": "", "sentiment": -0.1},
        {"date": "2023-08-02", "source": "a", "target": "x", "channel": "call", "track": "fish", "sentiment": 0.9},
        {"date": "2023-07-01", "source": "x", "target": "y", "channel": "call", "track": "fish", "sentiment": 0.9},
    ]
)  # fmt: skip


def test_who_moved_and_what_preceded_it():
    moves = stance_moves(STANCES, "2023-03-01", "2023-09-30", CONTACTS)
    assert [(m.stakeholder, m.before, m.after, m.date) for m in moves] == [
        ("a", -2, 1, "2023-08-01")
    ]
    (m,) = moves
    # a's contacts after 2023-03-01 up to the day of the move, latest first
    assert [(c["date"], c["with"], c["initiated"]) for c in m.contacts] == [
        ("2023-07-20", "z", False),
        ("2023-07-15", "y", True),
    ]
    assert m.contact_count == 2
    assert m.reason == (
        "oppose on 2023-03-01, lean support from 2023-08-01 (minutes): moved towards support; "
        "2 contact(s) in between."
    )
    later = stance_moves(STANCES, "2023-03-01", "2023-12-31")
    assert [(m.stakeholder, m.after) for m in later] == [("a", 1), ("b", -1)]
    assert later[1].reason.endswith("moved towards opposition.")


def test_the_balance_of_each_party_and_its_swing():
    people = pd.DataFrame(
        {"party": ["P", "P", "P", "P", "Q"], "power": [5, 4, 2, 3, 5]},
        index=pd.Index(["a", "b", "c", "d", "e"], name="id"),
    )
    stances = _stances([
        ("a", "fish", "2024-01-01", 2, "", False),  # support: 5
        ("b", "fish", "2024-01-01", -1, "", False),  # lean oppose: 4 / 2
        ("c", "fish", "2024-01-01", 0, "", False),  # undecided: 2
        ("e", "fish", "2024-01-01", -2, "", False),
    ])  # fmt: skip
    (p, q) = ratification(people, stances, "2024-06-30")
    assert (p.party, p.support, p.opposition, p.undecided) == ("P", 5.0, 2.0, 2)
    # the margin is 3: b (lean, power 4) could decide it, c (power 2) could not
    assert p.swing == ["b"] and p.unknown == ["d"]
    assert p.reason == (
        "P on fish: support 5, opposition 2 (power-weighted), undecided power 2; support leads "
        "by 3; swing: b."
    )
    assert (q.party, q.support, q.opposition, q.swing) == ("Q", 0.0, 5.0, [])
    # before anyone said anything: no balance at all
    assert ratification(people, stances, "2023-12-31") == []


@pytest.mark.parametrize(("public", "redact"), [(True, False), (False, True)])
def test_shared_stances_drop_sources_and_notes(public, redact):
    table = _stances(
        [("a", "x", "2024-01-01", 1, "cable", True), ("b", "x", "2024-01-01", 1, "memo", False)]
    )
    out = shared_stances(table, public=public, redact_notes=redact)
    assert list(out["stakeholder"]) == (["b"] if public else ["a", "b"])
    assert set(out["source"]) == {""} and set(out["notes"]) == {""}
