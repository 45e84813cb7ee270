"""The briefing's picture: a static SVG of the interactive map, for paper.

The same stakeholders at the same places as ``map.html`` (the map's own selection and
layout: :func:`graphkit.render.map.select_stakeholders`, :func:`graphkit.render.map.page_data`),
in the map's colours and sizes, every tie drawn (above :data:`MAX_TIES`, the strongest,
with a note), and the names of the stakeholders who hold a role. No script, no link, no
external reference: an inline ``<svg>`` element under the briefing's
``default-src 'none'``, and a file of its own beside ``briefing.md``. Every name is
escaped (and control and bidi characters shown as escapes: :func:`.visible_text`).

Node ``g`` elements carry class ``n`` and ``transform="translate(x,y)"`` with the map's
``x`` and ``y``; the ``viewBox`` scales the map's units to the page.
"""

from __future__ import annotations

import html
import math
from typing import Any

from graphkit.analysis.negotiation import Analysis
from graphkit.render.briefing.model import Picture
from graphkit.render.map import page_data, select_stakeholders
from graphkit.render.map.style import FRICTION_COLOUR, NEUTRAL_COLOUR, TRUST_COLOUR
from graphkit.render.text import visible_text
from graphkit.words import count

#: Ties drawn at most: the strongest, negative ties first among equals (a note says so).
MAX_TIES = 600
#: Names drawn at most, the most sought after of those who hold a role first; the first
#: ALWAYS_NAMED whatever the crowding (the caption says how many are named).
MAX_LABELS, ALWAYS_NAMED = 30, 12
#: The picture's width on the page in CSS pixels (186 mm), for the size of its text.
PAGE_WIDTH = 700.0
#: Name labels and party names, in CSS pixels on the page.
LABEL_PX, PARTY_PX = 12.0, 14.0
#: The narrowest picture, as width / height: a taller map is widened to it (on page one
#: the picture is 186 mm wide, so at most 93 mm tall).
ASPECT = 2.0


def _e(text: Any) -> str:
    return html.escape(visible_text(text))


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def picture(analysis: Analysis) -> Picture | None:
    """The picture of ``analysis`` (``None`` without stakeholders)."""
    sel = select_stakeholders(analysis)
    if not sel.ids:
        return None
    nodes, edges, meta = page_data(analysis, sel)
    parties = meta["parties"]
    drawn = sorted(edges, key=lambda e: (-float(e["w"]), e["id"]))[:MAX_TIES]
    drawn.sort(key=lambda e: e["id"])  # the map's order: friction last, on top
    pad = 30.0
    x0 = min(float(n["x"]) - float(n["size"]) for n in nodes) - pad
    x1 = max(float(n["x"]) + float(n["size"]) for n in nodes) + pad
    y0 = min(float(n["y"]) - float(n["size"]) for n in nodes) - pad
    y1 = max(float(n["y"]) + float(n["size"]) for n in nodes) + pad
    unit = max(x1 - x0, ASPECT * (y1 - y0)) / PAGE_WIDTH  # map units per CSS pixel
    texts, boxes = _party_names(nodes, parties, unit)
    more, label_boxes = _labels(nodes, unit, boxes)
    texts += more
    named = len(label_boxes)
    for left, top, right, bottom in [*boxes, *label_boxes]:  # room for every name
        x0, y0 = min(x0, left - 4 * unit), min(y0, top - 4 * unit)
        x1, y1 = max(x1, right + 4 * unit), max(y1, bottom + 4 * unit)
    w, h = x1 - x0, y1 - y0
    if w / h < ASPECT:  # a tall map: widened to the page's box, so that it keeps its height
        x0, w = x0 - (h * ASPECT - w) / 2, h * ASPECT
    caption = _caption(analysis, sel, meta, drawn, nodes, named)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture" viewBox="{x0:.1f} {y0:.1f} '
        f'{w:.1f} {h:.1f}" role="img" aria-label="{_e(caption)}" '
        "font-family=\"Arial, 'Liberation Sans', sans-serif\">"
    ]
    out.append('<g fill="none" stroke-linecap="round" stroke-opacity="0.65">')
    for e in drawn:
        a, b = nodes[e["from"]], nodes[e["to"]]
        dash = f' stroke-dasharray="{4 * unit:.1f} {3 * unit:.1f}"' if e.get("dash") else ""
        out.append(
            f'<line x1="{a["x"]}" y1="{a["y"]}" x2="{b["x"]}" y2="{b["y"]}" stroke="{_e(e["c"])}" '
            f'stroke-width="{max(0.6, float(e["w"]) * 0.5) * unit:.2f}"{dash}/>'
        )
    out.append("</g>")
    for n in nodes:
        colour = _e(parties[n["party"]]["colour"])
        # the map's markers: a broker's black border, a trust node's blue ring, a friction
        # point's dashed vermillion ring (map.js), each on the node itself
        stroke = (
            f'stroke="#111111" stroke-width="{2.0 * unit:.2f}"'
            if "broker" in n["roles"]
            else f'stroke="#FFFFFF" stroke-width="{0.8 * unit:.2f}"'
        )
        r = float(n["size"])
        rings = "".join(
            f'<circle r="{r + gap * unit:.1f}" fill="none" stroke="{ring}" '
            f'stroke-width="{1.6 * unit:.2f}"{dash}/>'
            for role, ring, gap, dash in (
                ("trust node", _hex(TRUST_COLOUR), 3.0, ""),
                ("friction point", _hex(FRICTION_COLOUR), 5.5,
                 f' stroke-dasharray="{2.5 * unit:.1f} {1.8 * unit:.1f}"'),
            )
            if role in n["roles"]
        )  # fmt: skip
        out.append(
            f'<g class="n" transform="translate({n["x"]},{n["y"]})"><title>{_e(n["name"])}</title>'
            f"{_shape(n['kind'], r, colour, stroke)}{rings}</g>"
        )
    out += texts
    out.append("</svg>")
    legend = [(str(p["colour"]), str(p["name"]), "party") for p in parties if p["shown"]]
    legend += [
        (_hex(TRUST_COLOUR), "warm", "tie"),
        (_hex(NEUTRAL_COLOUR), "neutral", "tie"),
        (_hex(FRICTION_COLOUR), "at odds", "tie"),
    ]
    return Picture("".join(out), legend, caption, round(w / h, 3))


def _caption(
    analysis: Analysis,
    sel: Any,
    meta: dict[str, Any],
    drawn: list[Any],
    nodes: list[dict[str, Any]],
    named: int,
) -> str:
    total = len(analysis.stakeholders)
    shown = len(sel.ids)
    who = (
        f"All {count(total, 'stakeholder', grouped=True)}"
        if shown == total
        else f"The {shown:,} stakeholders of the interactive map (of {total:,})"
    )
    ties = meta["ties_shown"]
    tie_text = (
        f"their {count(ties, 'tie', grouped=True)}"
        if len(drawn) == ties
        else f"the strongest {len(drawn):,} of their {count(ties, 'tie', grouped=True)}"
    )
    flagged = sum(1 for n in nodes if n["roles"])
    who_named = (
        "those who stand out"
        if named == flagged
        else f"{named} of the {flagged:,} who stand out, the most sought after first"
    )
    return (
        f"{who} and {tie_text}, placed as on the interactive map. The larger, the more sought "
        "after; squares are non-state stakeholders, diamonds mediators, circles the others; a black border marks a go-between, a blue ring the trusted, a dashed red ring those at odds; named: "
        f"{who_named} (sought after, go-betweens, trusted, at odds)."
    )


def _shape(kind: str, r: float, colour: str, stroke: str) -> str:
    """The map's shapes (style.SHAPES): a square for a non-state stakeholder, a diamond for
    a mediator, and a circle for a state and for a stakeholder of unknown kind."""
    if kind == "non-state":
        s = r * 0.89  # the same area as the circle
        return f'<rect x="{-s:.1f}" y="{-s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{colour}" {stroke}/>'
    if kind == "mediator":
        d = r * 1.25
        return f'<polygon points="0,{-d:.1f} {d:.1f},0 0,{d:.1f} {-d:.1f},0" fill="{colour}" {stroke}/>'
    return f'<circle r="{r:.1f}" fill="{colour}" {stroke}/>'


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _party_names(
    nodes: list[dict[str, Any]], parties: list[dict[str, Any]], unit: float
) -> tuple[list[str], list[Box]]:
    """Each party's name above its members (with more than one party)."""
    out: list[str] = []
    boxes: list[Box] = []
    for i, p in enumerate(parties):
        mine = [n for n in nodes if n["party"] == i]
        if not mine or len(parties) < 2:
            continue
        x = sum(float(n["x"]) for n in mine) / len(mine)
        y = min(float(n["y"]) - float(n["size"]) for n in mine) - 12 * unit
        size = PARTY_PX * unit
        boxes.append(_box(x, y, "middle", 0.62 * size * len(visible_text(p["name"])), size))
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{PARTY_PX * unit:.1f}" '
            f'font-weight="700" fill="#333333">{_e(p["name"])}</text>'
        )
    return out, boxes


def _labels(
    nodes: list[dict[str, Any]], unit: float, taken: list[Box]
) -> tuple[list[str], list[Box]]:
    """Names of the stakeholders who hold a role, the most sought after first, each where
    it is least crowded by the labels placed before and by the other nodes: below, above,
    right or left of its node, or a line further below or above. The first
    :data:`ALWAYS_NAMED` are always named; after them, a name that would overlap another is
    left out, so that every name drawn can be read (the caption says how many are).
    ``taken``: the places of the party names. Returns the labels and their places."""
    size = LABEL_PX * unit
    boxes: list[Box] = []
    discs = [(float(n["x"]), float(n["y"]), float(n["size"])) for n in nodes]
    flagged = sorted((n for n in nodes if n["roles"]), key=lambda n: (-float(n["size"]), str(n["sid"])))  # fmt: skip
    out: list[str] = []
    for i, n in enumerate(flagged):
        if len(out) == MAX_LABELS:
            break
        text = visible_text(n["name"])
        width = 0.58 * size * len(text)
        x, y, r = float(n["x"]), float(n["y"]), float(n["size"])
        gap = r + 2 * unit
        options: list[tuple[float, float, str]] = [
            (x, y + gap + size, "middle"),
            (x, y - gap - 0.25 * size, "middle"),
            (x + gap, y + 0.35 * size, "start"),
            (x - gap, y + 0.35 * size, "end"),
        ]
        options += [(ox, oy + dy * size, a) for ox, oy, a in options[:2] for dy in (1.1, -1.1)]
        crowded = [
            _clashes(_box(*o, width, size), [*taken, *boxes], discs, (x, y, r)) for o in options
        ]
        if i >= ALWAYS_NAMED and min(crowded) >= LABEL_CLASH:
            continue
        ox, oy, anchor = options[crowded.index(min(crowded))]  # the first least crowded
        boxes.append(_box(ox, oy, anchor, width, size))
        out.append(
            f'<text x="{ox:.1f}" y="{oy:.1f}" text-anchor="{anchor}" font-size="{size:.1f}" '
            f'fill="#111111" stroke="#FFFFFF" stroke-width="{2.5 * unit:.2f}" '
            f'paint-order="stroke">{html.escape(text)}</text>'
        )
    return out, boxes


def _box(x: float, y: float, anchor: str, width: float, size: float) -> Box:
    left = x - width / 2 if anchor == "middle" else x if anchor == "start" else x - width
    return (left, y - size, left + width, y + 0.25 * size)


def _clashes(
    box: Box, boxes: list[Box], discs: list[tuple[float, float, float]], own: tuple[float, ...]
) -> int:
    """How crowded a label's place is: the labels it overlaps (three each) and the nodes
    other than its own it covers."""
    labels = sum(_overlap(box, b) for b in boxes)
    return LABEL_CLASH * labels + sum(_hits(box, d) for d in discs if d != own)


#: What one label overlapping another counts, against one node it covers.
LABEL_CLASH = 3


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits(box: Box, disc: tuple[float, float, float]) -> bool:
    x, y, r = disc
    cx = min(max(x, box[0]), box[2])
    cy = min(max(y, box[1]), box[3])
    return math.hypot(cx - x, cy - y) < r
