"""The map's layout as a pure function, on a tiny two-party graph checkable by hand.

Two parties of three (A: a1 a2 a3, B: b1 b2 b3), each a triangle of positive ties, and one
mediator (m, party M) tied to a2 and b2. The layout must be deterministic, keep each party
around its own centre, put the mediator between the sides, and move a broker (by its path
shares, or by its positive ties across) to the side of its cluster that faces the other
party.
"""

from __future__ import annotations

import math

import pytest

from graphkit.render.map import bridge_shares, layout_positions
from graphkit.render.map.layout import SPACING

A = ("a1", "a2", "a3")
B = ("b1", "b2", "b3")
IDS = [*A, *B, "m"]
PARTY = {**dict.fromkeys(A, "A"), **dict.fromkeys(B, "B"), "m": "M"}
KIND = {**dict.fromkeys(A + B, "state"), "m": "mediator"}
SIZE = dict.fromkeys(IDS, 12.0)
TIES = [
    ("a1", "a2", 3.0, 1),
    ("a2", "a3", 2.0, 1),
    ("a1", "a3", 1.0, 1),
    ("b1", "b2", 3.0, 1),
    ("b2", "b3", 2.0, 1),
    ("b1", "b3", 1.0, 1),
    ("a2", "m", 1.0, 1),
    ("b2", "m", 1.0, 1),
]
Point = tuple[float, float]


def layout(ties=TIES, **options) -> dict[str, Point]:
    return layout_positions(IDS, PARTY, KIND, SIZE, ties, **options)


def centre(pos: dict[str, Point], members) -> Point:
    return (
        sum(pos[s][0] for s in members) / len(members),
        sum(pos[s][1] for s in members) / len(members),
    )


def dist(p: Point, q: Point) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


def test_deterministic():
    first = layout()
    assert layout() == first
    assert layout(seed=1) != first  # the seed is what decides
    assert set(first) == set(IDS)
    assert all(isinstance(c, float) and c == round(c, 1) for p in first.values() for c in p)


def test_parties_form_their_own_clusters():
    pos = layout()
    ca, cb = centre(pos, A), centre(pos, B)
    for sid in A:
        assert dist(pos[sid], ca) < dist(pos[sid], cb)
    for sid in B:
        assert dist(pos[sid], cb) < dist(pos[sid], ca)
    # Clearly apart: the centres more than a cluster's width from each other.
    assert dist(ca, cb) > 3 * SPACING
    # and no two stakeholders on top of each other
    assert min(dist(pos[s], pos[t]) for s in IDS for t in IDS if s < t) > SPACING / 2


@pytest.mark.parametrize("tied", [True, False], ids=["tied to both", "no ties"])
def test_mediator_between_the_sides(tied):
    # Tied to both sides or not at all: its party's centre is between them.
    pos = layout(ties=TIES if tied else [t for t in TIES if "m" not in t])
    ca, cb = centre(pos, A), centre(pos, B)
    m = pos["m"]
    # Its projection on the line from A's centre to B's lies strictly between them, near
    # the middle, and it is nearer the middle than either side's centre is.
    ab = (cb[0] - ca[0], cb[1] - ca[1])
    t = ((m[0] - ca[0]) * ab[0] + (m[1] - ca[1]) * ab[1]) / (ab[0] ** 2 + ab[1] ** 2)
    assert 0.3 < t < 0.7
    middle = ((ca[0] + cb[0]) / 2, (ca[1] + cb[1]) / 2)
    assert dist(m, middle) < dist(ca, middle)


def test_broker_on_the_side_facing_the_other_party():
    # a1 carries half the shortest paths from A to B (Analysis.party_pairs).
    bridges = bridge_shares({("A", "B"): {"a1": 0.5}}, PARTY)
    assert bridges == {"a1": {"B": 0.5}}
    pos = layout(bridges=bridges)
    cb = centre(pos, B)
    assert dist(pos["a1"], cb) < min(dist(pos[s], cb) for s in ("a2", "a3"))
    # still a member of its own cluster
    assert dist(pos["a1"], centre(pos, A)) < dist(pos["a1"], cb)
    # without the bridge it does not lean that way
    plain = layout()
    assert dist(plain["a1"], centre(plain, B)) > dist(pos["a1"], cb)


def test_positive_ties_across_pull_towards_the_other_party():
    # b3 has strong positive ties to A (a trust node across), no path shares.
    ties = [*TIES, ("b3", "a1", 3.0, 1), ("b3", "a3", 3.0, 1)]
    pos = layout(ties=ties)
    ca = centre(pos, A)
    assert dist(pos["b3"], ca) < min(dist(pos[s], ca) for s in ("b1", "b2"))
    # A negative tie never pulls: the same ties with sign -1 leave b3 where it was.
    hostile = layout(ties=[*TIES, ("b3", "a1", 3.0, -1), ("b3", "a3", 3.0, -1)])
    assert hostile == layout()


def test_mediators_bridge_half_to_each_side():
    assert bridge_shares({("A", "B"): {"m": 0.6, "b2": 0.02}}, PARTY) == {"m": {"A": 0.3, "B": 0.3}}


@pytest.mark.parametrize(
    ("ids", "expected"),
    [([], {}), (["a1"], {"a1": (0.0, 0.0)})],
)
def test_trivial_inputs(ids, expected):
    assert layout_positions(ids, PARTY, KIND, SIZE, TIES) == expected


def test_stakeholders_without_a_party_get_their_own_group():
    party = {**PARTY, "b1": "", "b2": "", "b3": ""}  # "" is no party, like a missing cell
    pos = layout_positions(IDS, party, KIND, SIZE, TIES)
    ca, cn = centre(pos, A), centre(pos, B)
    for sid in B:
        assert dist(pos[sid], cn) < dist(pos[sid], ca)
