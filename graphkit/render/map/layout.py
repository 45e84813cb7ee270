"""Where each stakeholder sits on the map: one cluster per party, bridges in between.

Pure: ids, parties, kinds, sizes and ties in, positions out (no analysis, no page, no
file). Deterministic: one seeded generator, and every sum runs in a fixed order
(``np.bincount``), so the same input gives the same positions, bit for bit, and the maps of
successive rounds compare side by side.

The layout in two steps:

1. **Anchors.** Each party gets a centre (:func:`_party_centres`): the sides on a circle
   (two sides: left and right), parties made mostly of mediators between them (above the
   middle with two sides), stakeholders without a party in a group of their own. Each
   stakeholder's anchor is the mean of the party centres weighted by its positive ties to
   each party, its own party counting once more (:data:`OWN_PARTY_WEIGHT`), plus the
   parties it carries shortest paths to (:data:`BRIDGE_PULL`, from
   :func:`bridge_shares`). So a stakeholder with ties across sits on the side of its
   cluster that faces the other party, and a broker between the parties.
2. **Refinement.** A Fruchterman & Reingold (1991) force simulation spreads each cluster:
   nearby stakeholders repel (up to :data:`REPULSION_RANGE`, keeping their drawn sizes
   apart), ties within a party attract (:data:`TIE_PULL`; ties across parties do not,
   :data:`CROSS_PULL`), and a spring pulls every stakeholder to its own anchor
   (:data:`GRAVITY`, stronger at first: :data:`ANCHOR_BOOST`), with a temperature that
   cools linearly from :data:`START_STEP` to :data:`MIN_STEP`; stakeholders that bridge to
   another party hold on to their anchors more firmly (:data:`BRIDGE_HOLD`).
3. **Finish.** The clusters move closer together when they came out tighter than their
   anchors allowed (:func:`_compact`); the shorter side is stretched towards the shape of a
   window (:data:`~graphkit.render.map.spacing.TARGET_ASPECT`) instead of a flat band; and
   :func:`~graphkit.render.map.spacing.separate` pushes apart any two stakeholders whose
   drawings (shape, rings and a margin) would overlap, so that no two nodes overlap at any
   zoom (:mod:`graphkit.render.map.spacing`).

Why not a library layout? None places nodes around a chosen point each, which is the
whole point here (parties apart, mediators between them, brokers on the facing edge):

- networkx ``spring_layout`` / ``fruchterman_reingold_layout``: ``fixed=`` pins nodes
  exactly where they start (no soft pull); its ``gravity`` (``method="energy"``) pulls each
  connected component to its own centre of mass, not to an anchor per node; node sizes
  are not taken into account, so large nodes overlap.
- networkx ``forceatlas2_layout``: ``gravity``/``strong_gravity`` pull towards the origin
  only; ``node_size`` prevents overlap and ``node_mass`` weighs attraction, but nothing
  targets a point per node or per group.
- networkx ``kamada_kawai_layout``, ``spectral_layout``, ``arf_layout``: the graph's
  distances or spectrum alone decide, groups cannot be placed; ``multipartite_layout`` /
  ``bipartite_layout`` put groups on straight lines, with no forces within them.
- networkx's "Cluster Layout" gallery recipe (a spring layout of the groups, then one per
  group around its centre), and netgraph's community layout built the same way: the
  clusters are laid out independently, so a member's ties across parties, and the paths it
  carries, cannot move it to the edge facing the other side; mediators are placed like any
  group, not between the sides.
- python-igraph ``layout_fruchterman_reingold``: ``minx``/``maxx``/``miny``/``maxy``
  confine each vertex to a box (hard walls, not a pull); ``layout_drl`` ignores ``fixed``;
  ``layout_graphopt``, ``layout_kamada_kawai`` and ``layout_mds`` have no anchors either.

Building the anchors on top of one of them would also change every map's bytes, which
the project guarantees to keep from one version to the next. The neighbour search uses
scipy's ``cKDTree``, which is what a library does well here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from graphkit.render.map.spacing import (
    NODE_MARGIN,
    SHAPE_REACH,
    SQUARE_REACH,
    loosen,
    separate,
    stretch_factor,
)
from graphkit.render.map.spacing import (
    pairwise_sum as _pairwise,
)
from graphkit.render.map.style import MIN_SIZE, NO_PARTY

#: Ideal distance between neighbouring stakeholders, in map units (about pixels at zoom 1);
#: the unit of every other distance here.
SPACING = 95.0
#: Seed of the one random generator (the start positions): a fixed seed, the same map.
SEED = 20240601
#: Steps of the refinement: enough for a few hundred stakeholders to settle.
ITERATIONS = 240
#: Pull of each stakeholder towards its anchor, per map unit of distance.
GRAVITY = 0.8
#: Strength of the pull along ties, relative to Fruchterman-Reingold's d^2/k.
TIE_PULL = 0.2
#: How much stronger the pull is at the start of the refinement (annealed to GRAVITY).
ANCHOR_BOOST = 3.0
#: Initial scatter around the anchors, as a share of the cluster radius.
START_SPREAD = 0.35
#: How much a tie across parties pulls, relative to one within a party.
CROSS_PULL = 0.0
#: Extra weight of a stakeholder's own party in its anchor, relative to all its ties.
OWN_PARTY_WEIGHT = 0.5
#: Pull towards the parties a stakeholder bridges to, per unit of path share, relative to
#: all its ties.
BRIDGE_PULL = 3.0
#: The bridging pull of a stakeholder with (almost) no ties counts as if it had ties of
#: this total strength, so that a weakly tied broker still leans towards the other side.
MIN_BRIDGE_BASIS = 1.0
#: Path shares below this are too small to pull a stakeholder (see :func:`bridge_shares`).
BRIDGE_THRESHOLD = 0.05
#: With two sides, how far above the middle the mediators sit (share of the half-distance).
MEDIATOR_LIFT = 0.55
#: Cluster radius: SPACING for one stakeholder, plus CLUSTER_DENSITY * SPACING per square
#: root of its members (a disc of members about SPACING apart: sqrt(n) / sqrt(pi) ~ 0.56,
#: rounded up for room).
CLUSTER_DENSITY = 0.62
#: Several mediating parties sit on a ring this many times the largest mediating cluster's
#: radius, so that they do not overlap.
MEDIATOR_RING = 1.2
#: Empty space between neighbouring clusters, in SPACING.
PARTY_GAP = 1.6
#: Nearby stakeholders repel up to this many SPACING apart (a k-d tree finds the pairs);
#: the force falls to zero there, so that distant clusters do not push each other away.
REPULSION_RANGE = 2.2
#: The first refinement step may move a stakeholder this share of the largest cluster
#: radius (plus one SPACING): far enough to untangle a cluster.
START_STEP = 0.5
#: The last steps still move up to this many map units: a final polish, no jumps.
MIN_STEP = 2.0
#: Two stakeholders closer than this (map units) repel as if they were this far apart.
MIN_DISTANCE = 0.01
#: Guard against dividing by zero (no ties, zero strengths); far below any real value.
EPSILON = 1e-9
#: The clusters are moved at most this many times closer together (:func:`_compact`).
MAX_COMPACT = 3.0
#: How much more firmly a stakeholder that bridges to another party (``bridges``) is held
#: to its anchor than the others.
BRIDGE_HOLD = 2.5


def layout_positions(
    ids: list[str],
    party: Mapping[str, str],
    kind: Mapping[str, str],
    size: Mapping[str, float],
    ties: Iterable[tuple[str, str, float, int]],
    *,
    bridges: Mapping[str, Mapping[str, float]] | None = None,
    seed: int = SEED,
    iterations: int = ITERATIONS,
) -> dict[str, tuple[float, float]]:
    """Deterministic positions: one cluster per party, bridges in between.

    Each party gets a centre: the sides on a circle (two sides: left and right), parties
    made mostly of mediators in the middle, stakeholders without a party in their own
    group. Every stakeholder is anchored at the strength-weighted mean of the centres of
    the parties it has positive ties with (its own party counting once more), and of the
    parties it bridges to (``bridges``: ``{id: {party: share of the shortest paths to that
    party carried}}``, see :func:`bridge_shares`), so stakeholders tied to both sides and
    brokers sit between them. A force-directed refinement
    (Fruchterman & Reingold 1991: ties attract, nearby stakeholders repel, plus a pull
    towards the anchor) spreads each cluster. Randomness comes from one seeded generator
    and every sum runs in a fixed order: the same input gives the same positions.

    ``kind`` is ``"mediator"`` for mediators; ``size`` is each stakeholder's drawn radius
    (default :data:`~graphkit.render.map.style.MIN_SIZE`); ``ties`` holds ``(u, v,
    strength, sign)``, and only positive ties pull. Positions are in map units, centred
    on ``(0, 0)`` and rounded to 0.1.

    >>> pos = layout_positions(["a", "b", "m"], {"a": "A", "b": "B", "m": "M"},
    ...                        {"m": "mediator"}, {}, [("a", "m", 1.0, 1), ("b", "m", 1.0, 1)])
    >>> pos["a"][0] < pos["m"][0] < pos["b"][0]
    True
    """
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.0, 0.0)}
    index = {sid: i for i, sid in enumerate(ids)}
    groups = [party.get(sid) or NO_PARTY for sid in ids]
    centres, radius = _party_centres(ids, groups, kind)
    gidx = {g: i for i, g in enumerate(centres)}
    own = np.array([gidx[g] for g in groups])
    iu, iv, w = _positive_ties(ties, index)
    anchors = _anchors(
        index, own, gidx, np.array([centres[g] for g in centres], dtype=float), iu, iv, w, bridges
    )

    rng = np.random.Generator(np.random.PCG64(seed))
    angle = rng.uniform(0, 2 * np.pi, n)
    # Start near the anchors, so that a stakeholder pulled towards another party starts on
    # that side of its cluster instead of having to cross it.
    dist = np.sqrt(rng.uniform(0, 1, n)) * radius[own] * START_SPREAD
    pos = anchors + np.column_stack([np.cos(angle), np.sin(angle)]) * dist[:, None]

    sizes = np.array([size.get(sid, MIN_SIZE) for sid in ids], dtype=float)
    cross = own[iu] != own[iv] if len(w) else np.zeros(0, dtype=bool)
    pull = _tie_pulls(w, cross)
    # Bridges hold on to their anchors more firmly: the edge that faces the other side.
    hold = np.ones(n)
    for sid, pulls in (bridges or {}).items():
        if sid in index and pulls:
            hold[index[sid]] = BRIDGE_HOLD
    pos = _refine(pos, anchors, sizes, iu, iv, pull, float(radius.max()), iterations, hold)
    pos = _compact(pos, own)
    # Stretched to fill a window (and a landscape page).
    pos = (pos - pos.mean(axis=0)) * stretch_factor(pos)
    reach = np.array(
        [size.get(sid, MIN_SIZE) * (SQUARE_REACH if kind.get(sid) == "non-state" else SHAPE_REACH)
         for sid in ids]
    ) + NODE_MARGIN  # fmt: skip
    pos = separate(loosen(pos, reach), reach)
    pos -= pos.mean(axis=0)
    return {
        sid: (round(float(x), 1), round(float(y), 1)) for sid, (x, y) in zip(ids, pos, strict=True)
    }


def _compact(pos: np.ndarray, own: np.ndarray) -> np.ndarray:
    """``pos`` with the clusters moved closer together, each as a whole, when they came out
    smaller than the room their anchors left them (ties pull a close-knit party tighter
    than :data:`CLUSTER_DENSITY` assumes). The cluster centres are scaled about the middle
    by one factor, so the parties keep their places relative to each other, until two of
    them are :data:`PARTY_GAP` apart (radius: where 90% of the members sit)."""
    groups = np.unique(own)
    if len(groups) < 2:
        return pos
    centres = np.array([pos[own == g].mean(axis=0) for g in groups])
    radii = np.array(
        [float(np.quantile(np.hypot(*(pos[own == g] - c).T), 0.9)) for g, c in zip(groups, centres, strict=True)]
    ) + SPACING / 2  # fmt: skip
    middle = centres.mean(axis=0)
    need = 1.0 / MAX_COMPACT
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            d = float(np.hypot(*(centres[i] - centres[j])))
            need = max(need, (radii[i] + radii[j] + PARTY_GAP * SPACING) / max(d, EPSILON))
    if need >= 1.0:
        return pos
    shift = (centres - middle) * (need - 1.0)
    return pos + shift[np.searchsorted(groups, own)]


def bridge_shares(
    party_pairs: Mapping[tuple[str, str], Mapping[str, float]],
    party: Mapping[str, str],
    *,
    threshold: float = BRIDGE_THRESHOLD,
) -> dict[str, dict[str, float]]:
    """Per stakeholder, how much it bridges to each other party, for :func:`layout_positions`.

    From ``Analysis.party_pairs`` (the share of shortest paths between two parties that
    pass through each stakeholder): a member of one of the two parties bridges to the
    other with that share; anyone else (a mediator between two sides) bridges half of it
    to each. Shares below ``threshold`` are ignored.

    >>> bridge_shares({("A", "B"): {"a1": 0.4, "m": 0.6, "b1": 0.01}},
    ...               {"a1": "A", "m": "M", "b1": "B"})
    {'a1': {'B': 0.4}, 'm': {'A': 0.3, 'B': 0.3}}
    """
    out: dict[str, dict[str, float]] = {}
    for (a, b), shares in sorted(party_pairs.items()):
        for sid, share in shares.items():
            if share < threshold:
                continue
            mine = party.get(sid, "")
            pulls = (
                {b: share}
                if mine == a
                else {a: share}
                if mine == b
                else {a: share / 2, b: share / 2}
            )
            for p, x in pulls.items():
                out.setdefault(sid, {})[p] = out.get(sid, {}).get(p, 0.0) + x
    return out


def _positive_ties(
    ties: Iterable[tuple[str, str, float, int]], index: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ends (as indices) and strengths of the positive ties between laid-out stakeholders."""
    us, vs, ws = [], [], []
    for u, v, strength, sign in ties:
        if u in index and v in index and sign >= 0:
            us.append(index[u])
            vs.append(index[v])
            ws.append(float(strength))
    return np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64), np.array(ws, dtype=float)


def _anchors(
    index: Mapping[str, int],
    own: np.ndarray,
    gidx: Mapping[str, int],
    centre_xy: np.ndarray,
    iu: np.ndarray,
    iv: np.ndarray,
    w: np.ndarray,
    bridges: Mapping[str, Mapping[str, float]] | None,
) -> np.ndarray:
    """Each stakeholder's anchor: party centres weighted by its affinity to each party."""
    n, n_groups = len(own), len(centre_xy)
    # Affinity of each stakeholder to each party: strength of its positive ties there.
    affinity = np.zeros((n, n_groups))
    if len(w):
        cells = n * n_groups
        affinity += (
            np.bincount(iu * n_groups + own[iv], weights=w, minlength=cells)
            + np.bincount(iv * n_groups + own[iu], weights=w, minlength=cells)
        ).reshape(n, n_groups)
    total = affinity.sum(axis=1)
    # The own party counts once more, with half the weight of all ties: a stakeholder with
    # half its ties across sits a third of the way there, one with all of them two thirds.
    base = np.maximum(OWN_PARTY_WEIGHT * total, EPSILON)
    affinity[np.arange(n), own] += base
    for sid, pulls in (bridges or {}).items():
        i = index.get(sid)
        if i is None:
            continue
        for p, share in sorted(pulls.items()):
            if p in gidx:
                affinity[i, gidx[p]] += BRIDGE_PULL * share * max(float(total[i]), MIN_BRIDGE_BASIS)
    return affinity @ centre_xy / affinity.sum(axis=1, keepdims=True)


def _tie_pulls(w: np.ndarray, cross: np.ndarray) -> np.ndarray:
    """Pull of each tie, 0..1: log strength relative to the median tie.

    Ties across parties do not pull (:data:`CROSS_PULL`), so that the anchors, not the
    ties, decide where the parties and the bridges sit.
    """
    if not len(w):
        return w
    pull = np.log1p(w / max(float(np.median(w)), EPSILON))
    return np.where(cross, CROSS_PULL, 1.0) * pull / max(float(pull.max()), EPSILON)


def _refine(
    pos: np.ndarray,
    anchors: np.ndarray,
    sizes: np.ndarray,
    iu: np.ndarray,
    iv: np.ndarray,
    pull: np.ndarray,
    largest_radius: float,
    iterations: int,
    hold: np.ndarray,
) -> np.ndarray:
    """The force simulation: repulsion between neighbours, ties, and the anchor springs
    (``hold``: the strength of each stakeholder's spring, relative to :data:`GRAVITY`)."""
    from scipy.spatial import cKDTree

    n = len(pos)
    k = SPACING
    cutoff = REPULSION_RANGE * k
    start = START_STEP * largest_radius + k
    for step in range(iterations):
        cooling = 1 - step / iterations
        temperature = start * cooling + MIN_STEP
        # The anchors dominate first (the structure), the ties and repulsion later (spread).
        disp = (anchors - pos) * (hold * GRAVITY * (1 + ANCHOR_BOOST * cooling))[:, None]
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            a, b = pairs[:, 0], pairs[:, 1]
            delta = pos[a] - pos[b]
            d = np.sqrt((delta**2).sum(axis=1))
            d = np.maximum(d, MIN_DISTANCE)
            ideal = k + sizes[a] + sizes[b]
            force = (ideal**2 / d - d**2 / cutoff) / d  # falls to zero at the cutoff
            disp += _pairwise(a, b, delta * force[:, None], n)
        if len(pull):
            delta = pos[iu] - pos[iv]
            d = np.sqrt((delta**2).sum(axis=1))
            force = (d / k) * pull * TIE_PULL
            disp -= _pairwise(iu, iv, delta * force[:, None], n)
        length = np.sqrt((disp**2).sum(axis=1))
        scale = np.minimum(length, temperature) / np.maximum(length, EPSILON)
        pos = pos + disp * scale[:, None]
    return pos


def _party_centres(
    ids: list[str], groups: list[str], kind: Mapping[str, str]
) -> tuple[dict[str, tuple[float, float]], np.ndarray]:
    """Centre of each party's cluster and the cluster radii (ordered like the centres)."""
    members: dict[str, list[str]] = {}
    for sid, g in zip(ids, groups, strict=True):
        members.setdefault(g, []).append(sid)
    mediating = sorted(
        g
        for g, people in members.items()
        if g != NO_PARTY and sum(kind.get(s) == "mediator" for s in people) * 2 > len(people)
    )
    # The largest side first (on the left), then by name; no party last.
    sides = sorted(
        (g for g in members if g not in mediating and g != NO_PARTY),
        key=lambda g: (-len(members[g]), g),
    )
    if NO_PARTY in members:
        sides.append(NO_PARTY)
    r = {g: CLUSTER_DENSITY * SPACING * math.sqrt(len(p)) + SPACING for g, p in members.items()}
    middle = max((r[g] for g in mediating), default=0.0)
    centres: dict[str, tuple[float, float]] = {}
    if len(mediating) > 1:
        ring = middle * MEDIATOR_RING
        for i, g in enumerate(mediating):
            a = math.pi / 2 + 2 * math.pi * i / len(mediating)  # the first one at the top
            centres[g] = (ring * math.cos(a), ring * math.sin(a))
        middle += ring
    else:
        for g in mediating:
            centres[g] = (0.0, 0.0)
    biggest = max((r[g] for g in sides), default=0.0)
    gap = PARTY_GAP * SPACING
    if len(sides) == 1 and not mediating:
        centres[sides[0]] = (0.0, 0.0)
    elif len(sides) == 1:
        centres[sides[0]] = (-(middle + biggest + gap), 0.0)
    elif len(sides) == 2:
        # Two sides left and right; the mediators above the middle, so that the
        # stakeholders tied to both sides directly sit in the middle, under them.
        d = middle + biggest + gap if mediating else biggest + gap / 2
        centres[sides[0]] = (-d, 0.0)
        centres[sides[1]] = (d, 0.0)
        for g in mediating:
            x, y = centres[g]
            centres[g] = (x, y - MEDIATOR_LIFT * d)
    elif sides:
        # Three sides or more on a circle wide enough for each two neighbours on it (the
        # chord between them) and for the middle.
        n = len(sides)
        chord = max(r[g] + r[sides[(i + 1) % n]] + gap for i, g in enumerate(sides))
        d = max(chord / (2 * math.sin(math.pi / n)), middle + biggest + gap)
        for i, g in enumerate(sides):
            a = math.pi + 2 * math.pi * i / len(sides)  # first (largest) side on the left
            centres[g] = (d * math.cos(a), d * math.sin(a))
    radius = np.array([r[g] for g in centres])
    return centres, radius
