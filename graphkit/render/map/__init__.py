"""``graphkit map``: one self-contained HTML map of a negotiation that opens offline.

The map is a single UTF-8 file: vis-network's JavaScript and CSS are inlined from the copy
bundled inside the pyvis package, so opening it makes no request at all, and a strict
Content-Security-Policy (``default-src 'none'``, scripts and styles allowed only by their
SHA-256 hashes) makes sure even a mistake cannot fetch anything.

Nothing in a contact log can run code in it. Every user-supplied string (ids, names,
parties, roles, organisations, notes, reasons) reaches the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped;
the page reads it with ``JSON.parse`` and puts it on screen with ``textContent`` or as
canvas text. Hover cards are DOM elements built the same way and handed to vis-network as
``title`` elements, never HTML strings. pyvis is used for what it does safely (holding
``nodes``/``edges`` and rendering *our* template through ``generate_html``); its own
template, which renders titles as raw HTML and leaves the heading and menus unescaped, is
not used.

The layout is computed here, with a fixed seed, and vis-network's physics is off: the same
analysis gives byte-identical HTML, so the maps of successive rounds compare side by side.
Each party forms a cluster around its own centre (mediating parties between the sides);
each stakeholder is pulled towards the parties it has positive ties with and the parties it
carries shortest paths to, so brokers and trust nodes sit on the edge facing the other side.

Example::

    from graphkit.pipeline import analyse_negotiation
    html = render_map(analyse_negotiation(store, "blue-harbor"))
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, SupportsInt, cast

import numpy as np
import pandas as pd

from graphkit.analysis import metrics as metrics_
from graphkit.analysis.negotiation import ROLE_ORDER, Analysis
from graphkit.errors import GraphkitError, NotFound
from graphkit.model import check_negotiation_name
from graphkit.render.text import BIDI_CONTROLS
from graphkit.safefile import check_folder, check_target, write_text_atomic

#: Default for ``--max-nodes``: above it, the map keeps the most influential stakeholders
#: plus every broker, trust node and friction point.
MAX_NODES = 300
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "map.html"

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
#: colour blindness. Blue and vermillion are kept for the ties (trust -> friction).
PARTY_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#8C6D31", "#7F7F7F")
NO_PARTY_COLOUR = "#BBBBBB"
NO_PARTY = "(no party)"
#: Tie colours by sentiment: friction (vermillion) - neutral (grey) - trust (blue).
FRICTION_COLOUR = (0xD5, 0x5E, 0x00)
NEUTRAL_COLOUR = (0xB4, 0xB4, 0xB4)
TRUST_COLOUR = (0x00, 0x72, 0xB2)
#: Sentiment at which a tie takes the full friction or trust colour.
FULL_COLOUR_SENTIMENT = 0.6
SHAPES = {"state": "dot", "non-state": "square", "mediator": "diamond", "": "triangle"}
#: Nodes are drawn with a radius from MIN_SIZE (least influential) to MAX_SIZE (most).
MIN_SIZE, MAX_SIZE = 9.0, 34.0
#: Ideal distance between neighbouring stakeholders, in map units (about pixels at zoom 1).
SPACING = 95.0
SEED = 20240601
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
#: With two sides, how far above the middle the mediators sit (share of the half-distance).
MEDIATOR_LIFT = 0.55
#: Recent contact notes shown per tie card.
NOTES_PER_TIE = 3
_FLAG_TEXT = {
    "negative": "negative: contacts (or a declared tie) mostly hostile",
    "trusting": "trusting: positive, two-way, recent and consistent",
    "cooling": "cooling: sentiment fell between the last two periods",
    "one-sided": "one-sided: contact comes almost only from one side",
    "unbalanced": "unbalanced: part of an unbalanced signed triangle",
}


# -- selection ------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which stakeholders the map shows, and why some were left out."""

    #: Shown stakeholder ids, in the order they are drawn.
    ids: list[str]
    #: Stakeholders in scope before ``max_nodes`` (the whole analysis, or the focus
    #: neighbourhood).
    in_scope: int
    #: Ties in scope (both ends in scope) and ties shown (both ends shown).
    ties_in_scope: int
    ties_shown: int
    #: What was left out, in one sentence for the map ("" when nothing was).
    omitted: str


def select_stakeholders(
    analysis: Analysis,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
) -> Selection:
    """Choose the stakeholders to draw.

    With ``focus``, only stakeholders within ``depth`` ties of it are in scope. When more
    than ``max_nodes`` are in scope, keep the focus, every broker, trust node and friction
    point, then the most influential of the rest (PageRank) up to ``max_nodes``; a map may
    exceed ``max_nodes`` only to keep every flagged stakeholder.

    Raises :class:`~graphkit.errors.NotFound` for an unknown ``focus``.
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    df = analysis.stakeholders
    ties = analysis.ties
    if focus is not None:
        focus = str(focus)
        if focus not in df.index:
            raise NotFound(_unknown_focus(analysis, focus))
        scope = _neighbourhood(ties, focus, depth)
    else:
        scope = set(df.index)
    in_scope = [sid for sid in df.index if sid in scope]
    both = ties["u"].isin(scope) & ties["v"].isin(scope)
    ties_in_scope = int(both.sum())
    if len(in_scope) <= max_nodes:
        kept = set(in_scope)
        omitted = ""
    else:
        flagged = {"broker", "trust node", "friction point"}
        must = [
            sid
            for sid in in_scope
            if sid == focus or flagged.intersection(cast("tuple[str, ...]", df.at[sid, "roles"]))
        ]
        rest = df.loc[[sid for sid in in_scope if sid not in set(must)]]
        # Most influential first; ties broken by id so the choice never depends on order.
        rest = rest.assign(_id=rest.index).sort_values(
            ["influence", "_id"], ascending=[False, True]
        )
        room = max(0, max_nodes - len(must))
        kept = set(must) | set(rest.index[:room])
        left = len(in_scope) - len(kept)
        lowest = ""
        if room > 0 and left:
            lowest = f" (influence below {rest['influence'].iloc[room - 1]:.4f})"
        also = " and the focus" if focus else ""
        kept_rest = (
            f"the {len(kept) - len(must):,} most influential of the rest plus every"
            if room
            else "only every"
        )
        omitted = (
            f"{left:,} less influential stakeholders{lowest} and their ties are not shown: "
            f"the map keeps {kept_rest} broker, trust node and friction point{also} "
            f"(--max-nodes {max_nodes:,})."
        )
    ids = [sid for sid in in_scope if sid in kept]
    shown = ties["u"].isin(kept) & ties["v"].isin(kept)
    return Selection(ids, len(in_scope), ties_in_scope, int(shown.sum()), omitted)


def _neighbourhood(ties: pd.DataFrame, focus: str, depth: int) -> set[str]:
    """Stakeholders within ``depth`` ties of ``focus`` (every tie counts, negative too)."""
    adjacency: dict[str, set[str]] = {}
    for u, v in zip(ties["u"], ties["v"], strict=True):
        adjacency.setdefault(u, set()).add(v)
        adjacency.setdefault(v, set()).add(u)
    seen = {focus}
    frontier = {focus}
    for _ in range(depth):
        frontier = {w for x in frontier for w in adjacency.get(x, ())} - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def _unknown_focus(analysis: Analysis, focus: str) -> str:
    import difflib

    df = analysis.stakeholders
    by_id = {str(i).casefold(): str(i) for i in df.index}
    by_name = {str(n).casefold(): str(i) for i, n in zip(df.index, df["name"], strict=True)}
    key = focus.strip().casefold()
    # the id in other case, or a name given instead of the id, then similar ids and names
    close = [x[key] for x in (by_id, by_name) if key in x]
    close += [by_id[n] for n in difflib.get_close_matches(key, list(by_id), n=3, cutoff=0.6)]
    close += [by_name[n] for n in difflib.get_close_matches(key, list(by_name), n=3)]
    close = list(dict.fromkeys(close))[:3]
    hint = " Did you mean " + " or ".join(f'"{c}"' for c in close) + "?" if close else ""
    where = f'negotiation "{analysis.negotiation}"' if analysis.negotiation else "the analysis"
    return (
        f'--focus "{focus}": no stakeholder with that id in {where} (with the filters given).'
        f"{hint} List the ids with: graphkit influence -n {analysis.negotiation or 'NAME'}"
    )


# -- layout ---------------------------------------------------------------------------


def layout_positions(
    ids: list[str],
    party: Mapping[str, str],
    kind: Mapping[str, str],
    size: Mapping[str, float],
    ties: Iterable[tuple[str, str, float, int]],
    *,
    bridges: Mapping[str, Mapping[str, float]] | None = None,
    seed: int = SEED,
    iterations: int = 240,
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

    ``ties`` holds ``(u, v, strength, sign)``; only positive ties pull.
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
    centre_xy = np.array([centres[g] for g in centres], dtype=float)
    own = np.array([gidx[g] for g in groups])

    us, vs, ws = [], [], []
    for u, v, strength, sign in ties:
        if u in index and v in index and sign >= 0:
            us.append(index[u])
            vs.append(index[v])
            ws.append(float(strength))
    iu = np.array(us, dtype=np.int64)
    iv = np.array(vs, dtype=np.int64)
    w = np.array(ws, dtype=float)
    # Affinity of each stakeholder to each party: strength of its positive ties there.
    affinity = np.zeros((n, len(centres)))
    if len(w):
        n_groups = len(centres)
        cells = n * n_groups
        affinity += (
            np.bincount(iu * n_groups + own[iv], weights=w, minlength=cells)
            + np.bincount(iv * n_groups + own[iu], weights=w, minlength=cells)
        ).reshape(n, n_groups)
    total = affinity.sum(axis=1)
    # The own party counts once more, with half the weight of all ties: a stakeholder with
    # half its ties across sits a third of the way there, one with all of them two thirds.
    base = np.maximum(OWN_PARTY_WEIGHT * total, 1e-9)
    affinity[np.arange(n), own] += base
    for sid, pulls in (bridges or {}).items():
        i = index.get(sid)
        if i is None:
            continue
        for p, share in sorted(pulls.items()):
            if p in gidx:
                affinity[i, gidx[p]] += BRIDGE_PULL * share * max(float(total[i]), 1.0)
    anchors = affinity @ centre_xy / affinity.sum(axis=1, keepdims=True)

    rng = np.random.Generator(np.random.PCG64(seed))
    angle = rng.uniform(0, 2 * np.pi, n)
    # Start near the anchors, so that a stakeholder pulled towards another party starts on
    # that side of its cluster instead of having to cross it.
    dist = np.sqrt(rng.uniform(0, 1, n)) * radius[own] * START_SPREAD
    pos = anchors + np.column_stack([np.cos(angle), np.sin(angle)]) * dist[:, None]

    sizes = np.array([size.get(sid, MIN_SIZE) for sid in ids], dtype=float)
    cross = own[iu] != own[iv] if len(w) else np.zeros(0, dtype=bool)
    # Ties pull in proportion to log strength; ties across parties do not pull (CROSS_PULL),
    # so that the anchors, not the ties, decide where the parties and the bridges sit.
    pull = np.log1p(w / max(float(np.median(w)) if len(w) else 1.0, 1e-9)) if len(w) else w
    pull = np.where(cross, CROSS_PULL, 1.0) * pull / max(float(pull.max()) if len(w) else 1.0, 1e-9)
    k = SPACING
    cutoff = 2.2 * k
    from scipy.spatial import cKDTree

    start = 0.5 * float(radius.max()) + k
    for step in range(iterations):
        cooling = 1 - step / iterations
        temperature = start * cooling + 2.0
        # The anchors dominate first (the structure), the ties and repulsion later (spread).
        disp = (anchors - pos) * GRAVITY * (1 + ANCHOR_BOOST * cooling)
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            a, b = pairs[:, 0], pairs[:, 1]
            delta = pos[a] - pos[b]
            d = np.sqrt((delta**2).sum(axis=1))
            d = np.maximum(d, 0.01)
            ideal = k + sizes[a] + sizes[b]
            force = (ideal**2 / d - d**2 / cutoff) / d  # falls to zero at the cutoff
            disp += _pairwise(a, b, delta * force[:, None], n)
        if len(w):
            delta = pos[iu] - pos[iv]
            d = np.sqrt((delta**2).sum(axis=1))
            force = (d / k) * pull * TIE_PULL
            disp -= _pairwise(iu, iv, delta * force[:, None], n)
        length = np.sqrt((disp**2).sum(axis=1))
        scale = np.minimum(length, temperature) / np.maximum(length, 1e-9)
        pos = pos + disp * scale[:, None]
    pos -= pos.mean(axis=0)
    return {
        sid: (round(float(x), 1), round(float(y), 1)) for sid, (x, y) in zip(ids, pos, strict=True)
    }


def bridge_shares(
    party_pairs: Mapping[tuple[str, str], Mapping[str, float]],
    party: Mapping[str, str],
    *,
    threshold: float = 0.05,
) -> dict[str, dict[str, float]]:
    """Per stakeholder, how much it bridges to each other party, for :func:`layout_positions`.

    From ``Analysis.party_pairs`` (the share of shortest paths between two parties that
    pass through each stakeholder): a member of one of the two parties bridges to the
    other with that share; anyone else (a mediator between two sides) bridges half of it
    to each. Shares below ``threshold`` are ignored.
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


def _pairwise(a: np.ndarray, b: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Net force per node when each pair pushes ``a`` by ``force`` and ``b`` by ``-force``.

    ``np.bincount`` sums in index order, so the result never depends on timing or threads.
    """
    out = np.empty((n, 2))
    for c in (0, 1):
        out[:, c] = np.bincount(a, weights=force[:, c], minlength=n) - np.bincount(
            b, weights=force[:, c], minlength=n
        )
    return out


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
    sides = sorted(
        (g for g in members if g not in mediating and g != NO_PARTY),
        key=lambda g: (-len(members[g]), g),
    )
    if NO_PARTY in members:
        sides.append(NO_PARTY)
    r = {g: 0.62 * SPACING * math.sqrt(len(p)) + SPACING for g, p in members.items()}
    middle = max((r[g] for g in mediating), default=0.0)
    centres: dict[str, tuple[float, float]] = {}
    if len(mediating) > 1:
        ring = middle * 1.2
        for i, g in enumerate(mediating):
            a = math.pi / 2 + 2 * math.pi * i / len(mediating)
            centres[g] = (ring * math.cos(a), ring * math.sin(a))
        middle += ring
    else:
        for g in mediating:
            centres[g] = (0.0, 0.0)
    biggest = max((r[g] for g in sides), default=0.0)
    gap = 1.6 * SPACING
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
        d = max(biggest / math.sin(math.pi / len(sides)) + gap, middle + biggest + gap)
        for i, g in enumerate(sides):
            a = math.pi + 2 * math.pi * i / len(sides)  # first (largest) side on the left
            centres[g] = (d * math.cos(a), d * math.sin(a))
    radius = np.array([r[g] for g in centres])
    return centres, radius


# -- data for the page ----------------------------------------------------------------


def render_map(
    analysis: Analysis,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
    subtitle: str | None = None,
    notice: str | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """The map of ``analysis`` as one self-contained HTML document.

    ``focus``/``depth`` limit the map to a stakeholder's neighbourhood; ``max_nodes``
    caps the stakeholders drawn (see :func:`select_stakeholders`); ``title`` replaces
    the negotiation name in the heading; ``subtitle`` extends the line under it (e.g. the
    filters used); ``notice`` is shown first among the notices (e.g. that notes were
    redacted: :data:`graphkit.render.briefing.PUBLIC_NOTE`); ``notes`` gives the
    stakeholder-map notes per id for the hover cards (by default the ``notes`` column of
    ``analysis.model.stakeholders`` when it has one).

    Pure apart from reading vis-network from the pyvis package: the same arguments give
    the same bytes.
    """
    from pyvis.network import Network

    sel = select_stakeholders(analysis, focus=focus, depth=depth, max_nodes=max_nodes)
    nodes, edges, meta = _page_data(analysis, sel, focus, depth, title, subtitle, notes)
    if notice:
        meta["notices"].insert(0, notice)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = nodes  # filled directly: add_node/from_nx check every edge (quadratic)
    net.edges = edges
    net.set_options(json.dumps({"physics": {"enabled": False}}))
    net.set_template_dir(str(TEMPLATES) + os.sep, TEMPLATE)
    assets = _assets()
    env = net.templateEnv
    env.filters["page_json"] = lambda value: _Markup(_page_json(value))
    env.globals.update(
        csp=_Markup(assets["csp"]),
        vis_css=_Markup(assets["vis_css"]),
        map_css=_Markup(assets["map_css"]),
        vis_js=_Markup(assets["vis_js"]),
        map_js=_Markup(assets["map_js"]),
        meta=meta,
    )
    return net.generate_html(name=TEMPLATE)


def write_map(analysis: Analysis, path: str | os.PathLike[str], **options: Any) -> Path:
    """:func:`render_map` to ``path`` and return the path.

    UTF-8, parent folders created. Written through :mod:`graphkit.safefile`: to a
    temporary file next to ``path`` that is then renamed over it, so a map that is open in
    a browser is never seen half written and a failure leaves the old map; a link, pipe,
    device or folder at ``path`` is refused. A new map gets the same permissions as any
    file the user creates (umask); a replaced one keeps its own.
    """
    target = Path(path)
    check_target(target)  # before the work, so that a refused target fails at once
    html = render_map(analysis, **options)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphkitError(
            f"cannot write the map to {target}: {exc.strerror or exc} - choose another --output"
        ) from None
    return write_text_atomic(target, html, what="the map")


def default_map_path(negotiation: str, reports: str | os.PathLike[str] = "reports") -> Path:
    """``reports/NAME/map.html``, for a valid negotiation name only.

    The name is checked by :func:`graphkit.model.check_negotiation_name` (letters, digits,
    spaces, ``.``, ``_``, ``-``; no ``..``), and the path is checked again to be one folder
    directly inside ``reports``: a name can never point the map anywhere else.
    """
    name = check_negotiation_name(negotiation)
    base = Path(reports)
    folder = base / name
    if Path(name).name != name or folder.parent != base or name in (".", ".."):
        raise GraphkitError(f'"{negotiation}" cannot be used as a folder name - pass --output')
    # The folder graphkit makes for the negotiation must be a real folder, not a link.
    check_folder(folder, fix="remove the link, or pass --output")
    if not folder.resolve().is_relative_to(base.resolve()):
        raise GraphkitError(f'"{negotiation}" leads outside {base} - pass --output')
    return folder / "map.html"


def _page_data(
    analysis: Analysis,
    sel: Selection,
    focus: str | None,
    depth: int,
    title: str | None,
    subtitle: str | None,
    notes: Mapping[str, str] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The three JSON documents of the page: stakeholders, ties and the map's metadata.

    Stakeholder records (``id`` is the index used by vis-network; the stakeholder's own
    id is ``sid``): ``sid``, ``name``, ``party`` (index into ``meta.parties``),
    ``organization``, ``role``, ``tier``, ``kind``, ``x``, ``y``, ``size``, ``roles``,
    ``reasons`` (``[role, reason]`` pairs), ``m`` (values for ``meta.metrics``), and
    ``notes`` when there are any.

    Tie records (compact: a 2,000-stakeholder map has tens of thousands): ``id``,
    ``from``, ``to`` (initiator and receiver for one-sided ties), ``w`` (width), ``c``
    (colour), ``n`` (contacts), ``uv``/``vu`` (contacts initiated each way between ``u``
    and ``v``; ``u``/``v`` are only written when they differ from ``from``/``to``),
    ``first``/``last`` (contact dates), ``s`` (sentiment), ``st`` (strength), ``tr``
    (trust), ``re`` (reciprocity); when present: ``f`` (flags; texts in
    ``meta.flag_text``), ``dash``, ``arrow``, ``tk`` (indices into ``meta.tracks``), ``dt``
    (declared types), ``dn`` (declared ``[type, notes]``), ``cn`` (latest contact
    ``[date, notes]``), ``ub`` (unbalanced triangles).
    """
    df = analysis.stakeholders
    ids = sel.ids
    index = {sid: i for i, sid in enumerate(ids)}
    if notes is None:
        people = analysis.model.stakeholders
        notes = (
            cast("dict[str, str]", people["notes"].to_dict()) if "notes" in people.columns else {}
        )
    n_all = len(df)
    text_cols = ("name", "party", "organization", "role", "tier", "kind")
    rows = {
        sid: {c: _text(v) for c, v in zip(text_cols, values, strict=True)}
        for sid, *values in zip(df.index, *(df[c] for c in text_cols), strict=True)
    }

    # Parties: colours in a fixed order (sides by size, then mediators, then no party).
    counts: dict[str, int] = {}
    mediators: dict[str, int] = {}
    for r in rows.values():
        p = r["party"] or NO_PARTY
        counts[p] = counts.get(p, 0) + 1
        mediators[p] = mediators.get(p, 0) + (r["kind"] == "mediator")
    shown_counts: dict[str, int] = {}
    for sid in ids:
        p = rows[sid]["party"] or NO_PARTY
        shown_counts[p] = shown_counts.get(p, 0) + 1
    order = sorted(
        counts, key=lambda p: (p == NO_PARTY, 2 * mediators[p] > counts[p], -counts[p], p)
    )
    colour = {NO_PARTY: NO_PARTY_COLOUR}
    for i, p in enumerate(q for q in order if q != NO_PARTY):
        colour[p] = PARTY_COLOURS[i % len(PARTY_COLOURS)]
    parties = [
        {"name": p, "colour": colour[p], "total": counts[p], "shown": shown_counts.get(p, 0)}
        for p in order
    ]
    party_index = {p["name"]: i for i, p in enumerate(parties)}

    influence = df["influence"].astype(float).clip(lower=0)
    top = float(influence.max()) if n_all else 0.0
    rank = influence.rank(ascending=False, method="min")
    size = {
        sid: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(influence[sid] / top), 1)
        if top > 0
        else MIN_SIZE
        for sid in ids
    }

    ties = analysis.ties
    ties = ties[ties["u"].isin(index) & ties["v"].isin(index)]
    pos = layout_positions(
        ids,
        {sid: rows[sid]["party"] for sid in ids},
        {sid: rows[sid]["kind"] for sid in ids},
        size,
        zip(
            ties["u"],
            ties["v"],
            ties["strength"].astype(float),
            ties["sign"].astype(int),
            strict=True,
        ),
        bridges=bridge_shares(analysis.party_pairs, {sid: rows[sid]["party"] for sid in ids}),
    )

    # {stakeholder id: {metric: value}}
    metrics = cast(
        "dict[str, dict[str, Any]]",
        df.loc[ids, list(metrics_.names("card"))].to_dict("index") if ids else {},
    )
    role_sets = df["roles"].to_dict()
    nodes = []
    for sid in ids:
        r = rows[sid]
        roles = [x for x in ROLE_ORDER if x in role_sets[sid]]
        reasons = analysis.reasons.get(sid, {})
        x, y = pos[sid]
        node = {
            "id": index[sid],
            "sid": str(sid),
            "name": r["name"] or str(sid),
            "party": party_index[r["party"] or NO_PARTY],
            "organization": r["organization"],
            "role": r["role"],
            "tier": r["tier"],
            "kind": r["kind"],
            "x": x,
            "y": y,
            "size": size[sid],
            "roles": roles,
            "reasons": [[x, _text(reasons.get(x, ""))] for x in roles],
            "m": [
                m.card_text(metrics[sid][m.name], rank=int(rank[sid]), n=n_all)
                for m in metrics_.for_output("card")
            ],
        }
        note = _text(notes.get(sid, ""))
        if note:
            node["notes"] = note
        nodes.append(node)

    tracks = _contact_tracks(analysis, index)
    track_names = sorted({t for names in tracks.values() for t in names})
    edges = _edges(analysis, ties, index, tracks, {t: i for i, t in enumerate(track_names)})
    as_of = _text(analysis.model.as_of)
    name = analysis.negotiation or "negotiation"
    heading = title if title else name
    counts_text = f"showing {len(ids):,} of {n_all:,} stakeholders, {len(edges):,} ties"
    lines = []
    if focus is not None:
        fname = rows[focus]["name"] or focus
        hops = "tie" if depth == 1 else "ties"
        lines.append(f"Neighbourhood of {fname} ({focus}): everyone within {depth} {hops}.")
    if sel.omitted:
        lines.append(sel.omitted)
    meta = {
        "title": f"{heading} — relationship map",
        "subtitle": " · ".join(
            x for x in (f"as of {as_of}" if as_of else "", counts_text, subtitle or "") if x
        ),
        "notices": lines,
        "negotiation": name,
        "as_of": as_of,
        "shown": len(ids),
        "total": n_all,
        "ties_shown": len(edges),
        "ties_total": len(analysis.ties),
        "focus": index.get(focus) if focus is not None else None,
        "parties": parties,
        "tracks": track_names,
        "roles": list(ROLE_ORDER),
        "shapes": SHAPES,
        "metrics": [m.label for m in metrics_.for_output("card")],
        "flag_text": _FLAG_TEXT,
    }
    return nodes, edges, meta


def _edges(
    analysis: Analysis,
    ties: pd.DataFrame,
    index: Mapping[str, int],
    tracks: Mapping[tuple[str, str], list[str]],
    track_index: Mapping[str, int],
) -> list[dict[str, Any]]:
    """One compact record per tie between shown stakeholders (see :func:`_page_data`)."""
    one_sided = {
        (u, v): (ini, rec)
        for u, v, ini, rec in zip(
            analysis.one_sided.get("u", []),
            analysis.one_sided.get("v", []),
            analysis.one_sided.get("initiator", []),
            analysis.one_sided.get("receiver", []),
            strict=True,
        )
    }
    recent = _contact_notes(analysis, index)
    declared = _declared_notes(analysis, index)
    top = float(ties["strength"].max()) if len(ties) else 1.0
    top = top if top > 0 else 1.0
    # Friction last, so that it is drawn on top; then by ids for a stable order.
    order = ties.assign(_neg=(ties["sign"] < 0).astype(int)).sort_values(["_neg", "u", "v"])
    edges: list[dict[str, Any]] = []
    for t in order.itertuples(index=False):
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        flags = list(cast("Iterable[str]", t.flags))
        src, dst = u, v
        arrow = "one-sided" in flags and (u, v) in one_sided
        if arrow:
            src, dst = one_sided[(u, v)]
        sentiment = _num(t.sentiment)
        e: dict[str, Any] = {
            "id": len(edges),
            "from": index[src],
            "to": index[dst],
            "w": round(1.0 + 7.0 * math.sqrt(max(_num(t.strength), 0.0) / top), 2),
            "c": _tie_colour(sentiment, int(cast("SupportsInt", t.sign))),
            "n": int(_num(t.contacts)),
            "uv": int(_num(t.uv)),
            "vu": int(_num(t.vu)),
            "first": _text(t.first_contact)[:10],
            "last": _text(t.last_contact)[:10],
            "s": f"{sentiment:+.2f}",
            "st": f"{_num(t.strength):.2f}",
            "tr": f"{_num(t.trust):.2f}",
            "re": f"{_num(t.reciprocity):.2f}",
        }
        if src != u:
            e["u"], e["v"] = index[u], index[v]
        optional = {
            "f": flags,
            "dash": "cooling" in flags,
            "arrow": arrow,
            "tk": [track_index[k] for k in tracks.get((u, v), [])],
            "dt": _text(t.declared_types),
            "dn": declared.get((u, v), []),
            "cn": recent.get((u, v), []),
            "ub": int(_num(t.unbalanced_triangles)),
        }
        e.update((k, x) for k, x in optional.items() if x)
        edges.append(e)
    return edges


def _pairs(c: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """``(u, v)`` of each contact with ``u < v``, as in ``Analysis.ties``."""
    src = c["source"].astype(str)
    dst = c["target"].astype(str)
    return src.where(src < dst, dst), dst.where(src < dst, src)


def _shown_contacts(analysis: Analysis, index: Mapping[str, int]) -> pd.DataFrame:
    c = analysis.model.contacts
    if c is None or not len(c):
        return pd.DataFrame(columns=["source", "target", "date", "track", "notes"])
    return c[c["source"].isin(index) & c["target"].isin(index)]


def _contact_tracks(
    analysis: Analysis, index: Mapping[str, int]
) -> dict[tuple[str, str], list[str]]:
    """Per shown tie ``(u, v)``: the tracks of its contacts, sorted."""
    c = _shown_contacts(analysis, index)
    if not len(c) or "track" not in c:
        return {}
    u, v = _pairs(c)
    frame = pd.DataFrame({"u": u, "v": v, "track": c["track"].map(_text)})
    frame = frame[frame["track"] != ""].drop_duplicates().sort_values(["u", "v", "track"])
    out: dict[tuple[str, str], list[str]] = {}
    for a, b, track in zip(frame["u"], frame["v"], frame["track"], strict=True):
        out.setdefault((a, b), []).append(track)
    return out


def _contact_notes(
    analysis: Analysis, index: Mapping[str, int]
) -> dict[tuple[str, str], list[list[str]]]:
    """Per shown tie ``(u, v)``: its latest :data:`NOTES_PER_TIE` contact notes with dates."""
    c = _shown_contacts(analysis, index)
    if not len(c) or "notes" not in c:
        return {}
    notes = c["notes"].map(_text)
    keep = notes.str.strip() != ""
    if not keep.any():
        return {}
    c, notes = c[keep], notes[keep]
    u, v = _pairs(c)
    frame = pd.DataFrame(
        {
            "u": u,
            "v": v,
            "date": c["date"].map(_text).str[:10],
            "notes": notes,
            "seq": np.arange(len(c)),
        }
    )
    frame = frame.sort_values(["u", "v", "date", "seq"], ascending=[True, True, False, False])
    frame = frame.groupby(["u", "v"], sort=False).head(NOTES_PER_TIE)
    out: dict[tuple[str, str], list[list[str]]] = {}
    for a, b, d, text in zip(frame["u"], frame["v"], frame["date"], frame["notes"], strict=True):
        out.setdefault((a, b), []).append([d, text])
    return out


def _declared_notes(
    analysis: Analysis, index: Mapping[str, int]
) -> dict[tuple[str, str], list[list[str]]]:
    """Per shown tie ``(u, v)``: its declared relationships as ``[type, notes]``."""
    d = analysis.model.declared
    out: dict[tuple[str, str], list[list[str]]] = {}
    if d is None or not len(d):
        return out
    for s, t, kind, note in zip(d["source"], d["target"], d["type"], d["notes"], strict=True):
        s, t = _text(s), _text(t)
        if s in index and t in index:
            key = (s, t) if s < t else (t, s)
            out.setdefault(key, []).append([_text(kind), _text(note)])
    return {k: sorted(v) for k, v in out.items()}


def _tie_colour(sentiment: float, sign: int) -> str:
    """Diverging colour: friction (vermillion) below zero, trust (blue) above."""
    s = max(-1.0, min(1.0, sentiment / FULL_COLOUR_SENTIMENT))
    if sign < 0:
        s = min(s, -0.75)  # a negative tie is always clearly friction-coloured
    end = TRUST_COLOUR if s >= 0 else FRICTION_COLOUR
    a = abs(s)
    rgb = [round(n + (e - n) * a) for n, e in zip(NEUTRAL_COLOUR, end, strict=True)]
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _text(value: Any) -> str:
    """A cell as display text: missing values become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _num(value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(x) or math.isinf(x) else x


# -- safe embedding -------------------------------------------------------------------

_JSON_ESCAPE = re.compile(f"[<>&\u2028\u2029\x7f-\x9f{BIDI_CONTROLS}]")


def _page_json(value: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no ``</script>``, ``<!--`` or
    character reference can appear; U+2028/2029, DEL, the C1 controls and the bidi
    controls are escaped too, so that the file holds none of them raw (JSON already
    escapes the C0 controls). ``JSON.parse`` gives the original strings back.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_END_TAG = re.compile(r"</(?=[A-Za-z])")


def inline_script(text: str) -> str:
    """Script text that cannot end its ``<script>`` element early.

    The HTML tokenizer ends a script at ``</`` followed by a letter (``</script``) and
    changes state at ``<!--``: every ``</`` + letter becomes ``<\\/`` + letter, which means
    the same in JavaScript strings, regular expressions and comments, where it occurs in
    minified code. ``</`` not followed by a letter (as in ``/</.test(c)``) is harmless to
    the tokenizer and left alone, because escaping it would change the regular expression.
    """
    if "<!--" in text:
        raise ValueError("inline script contains '<!--', which HTML would misparse")
    return _END_TAG.sub(r"<\\/", text)


def inline_style(text: str) -> str:
    """Style text that cannot end its ``<style>`` element early (``</`` + letter)."""
    return _END_TAG.sub(r"<\\/", text)


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


@cache
def _assets() -> dict[str, str]:
    """The inlined scripts and styles, and the CSP that allows exactly them."""
    vis_js, vis_css = _vis_network()
    assets = {
        "vis_js": inline_script(vis_js),
        "map_js": inline_script((TEMPLATES / "map.js").read_text(encoding="utf-8")),
        "vis_css": inline_style(vis_css),
        "map_css": inline_style((TEMPLATES / "map.css").read_text(encoding="utf-8")),
    }
    scripts = " ".join(_sha256(assets[k]) for k in ("vis_js", "map_js"))
    styles = " ".join(_sha256(assets[k]) for k in ("vis_css", "map_css"))
    assets["csp"] = (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return assets


def _vis_network() -> tuple[str, str]:
    """vis-network's JS and CSS from the newest copy bundled in the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    found = []
    for folder in lib.glob("vis-*"):
        m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", folder.name)
        if (
            m
            and (folder / "vis-network.min.js").is_file()
            and (folder / "vis-network.css").is_file()
        ):
            found.append((tuple(int(x) for x in m.groups()), folder))
    if not found:
        raise FileNotFoundError(
            f"vis-network not found under {lib} - reinstall pyvis: python3 -m pip install "
            "--force-reinstall 'pyvis>=0.3.2'"
        )
    folder = max(found)[1]
    return (
        (folder / "vis-network.min.js").read_text(encoding="utf-8"),
        (folder / "vis-network.css").read_text(encoding="utf-8"),
    )


class _Markup(str):
    """Text the template inserts as is (Jinja's ``__html__`` protocol): already made safe."""

    def __html__(self) -> str:
        return str(self)
