"""The last step of the map's layout: no two stakeholders overlap, and the map has the shape
of a window.

Pure and deterministic like :mod:`graphkit.render.map.layout`, which calls it: positions
and the drawn reach of each stakeholder in, positions out.
"""

from __future__ import annotations

import numpy as np

#: Two stakeholders closer than this (map units) part along a fixed direction.
MIN_DISTANCE = 0.01
#: Guard against dividing by zero; far below any real value.
EPSILON = 1e-9
#: Width / height the finished layout is stretched to (its shorter side only, never
#: shrunk): about a browser window beside the side panel, and a landscape page.
TARGET_ASPECT = 1.45
#: The shorter side is stretched at most this many times: with two sides, the mediators
#: (lifted MEDIATOR_LIFT of the half-distance) stay nearer the middle than either side.
MAX_STRETCH = 1.75
#: Room around each drawn node kept free of other nodes (map units): the trust and
#: friction rings, and a visible gap.
NODE_MARGIN = 9.0
#: Drawn radius of a square (its corner) and of the other shapes, per unit of size.
SQUARE_REACH, SHAPE_REACH = 1.45, 1.12
#: Rounds of the final pass that pushes overlapping nodes apart (it stops as soon as none
#: overlaps), and how much further than needed each of two overlapping nodes moves.
SEPARATION_ROUNDS = 400
SEPARATION_SLACK = 0.5
#: Before that pass, a jammed map (see :func:`loosen`) is scaled up, at most MAX_LOOSEN.
JAMMED = 1.5
MAX_LOOSEN = 3.0


def stretch_factor(pos: np.ndarray) -> np.ndarray:
    """How much to stretch ``pos`` along x and y to reach :data:`TARGET_ASPECT`.

    The force layout of two sides left and right is a flat band, and one cluster is a
    disc: stretched, the map fills a window (and a landscape page) instead of a third of
    it. Only the shorter side is stretched, never shrunk.
    """
    span = pos.max(axis=0) - pos.min(axis=0)
    w, h = float(span[0]), float(span[1])
    if w <= EPSILON or h <= EPSILON:
        return np.ones(2)
    if w / h > TARGET_ASPECT:
        return np.array([1.0, min(w / h / TARGET_ASPECT, MAX_STRETCH)])
    return np.array([min(TARGET_ASPECT * h / w, MAX_STRETCH), 1.0])


def loosen(pos: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """``pos`` scaled up (about its centre) when it is jammed: when the typical (median)
    stakeholder would need more than :data:`JAMMED` times the distance to its nearest
    neighbour to clear it, the map is scaled by that much (at most :data:`MAX_LOOSEN`).
    A cluster of hundreds packed by the anchor springs would take :func:`separate` many
    rounds to open from the inside; a few overlaps it clears where they are."""
    from scipy.spatial import cKDTree

    if len(pos) < 2:
        return pos
    d, j = cKDTree(pos).query(pos, k=2)
    ratio = (reach + reach[j[:, 1]]) / np.maximum(d[:, 1], MIN_DISTANCE)
    typical = float(np.median(ratio))
    if typical <= JAMMED:
        return pos  # not jammed: separate() clears the overlaps where they are
    return pos * min(typical, MAX_LOOSEN)


def separate(pos: np.ndarray, reach: np.ndarray, rounds: int = SEPARATION_ROUNDS) -> np.ndarray:
    """``pos`` with no two nodes closer than the sum of their ``reach`` (drawn radius and
    margin): overlapping pairs are pushed apart along the line between them, each by half
    the overlap, until none overlaps (or after ``rounds``). Deterministic: the pairs come
    sorted from the k-d tree and are summed with ``np.bincount``.

    >>> p = separate(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0]))
    >>> round(float(p[1, 0] - p[0, 0]), 6) >= 10
    True
    """
    from scipy.spatial import cKDTree

    pos = pos.copy()
    n = len(pos)
    if n < 2:
        return pos
    far = 2 * float(reach.max())
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(far, output_type="ndarray")
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        delta = pos[a] - pos[b]
        d = np.sqrt((delta**2).sum(axis=1))
        need = reach[a] + reach[b]
        close = d < need
        if not close.any():
            break
        a, b, delta, d, need = a[close], b[close], delta[close], d[close], need[close]
        # Coincident nodes part along a fixed direction that depends on their indices.
        tied = d < MIN_DISTANCE
        angle = (a[tied] * 0.618 + b[tied] * 0.382) * 2 * np.pi
        delta[tied] = np.column_stack([np.cos(angle), np.sin(angle)])
        d[tied] = 1.0
        # A little more than half the overlap each (half a map unit), so that the pass ends
        # with every pair clear, rounding included.
        push = delta / d[:, None] * ((need - d) * 0.5 + SEPARATION_SLACK)[:, None]
        pos += pairwise_sum(a, b, push, n)
    return pos


def pairwise_sum(a: np.ndarray, b: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Net force per node when each pair pushes ``a`` by ``force`` and ``b`` by ``-force``.

    ``np.bincount`` sums in index order, so the result never depends on timing or threads.
    """
    out = np.empty((n, 2))
    for c in (0, 1):
        out[:, c] = np.bincount(a, weights=force[:, c], minlength=n) - np.bincount(
            b, weights=force[:, c], minlength=n
        )
    return out
