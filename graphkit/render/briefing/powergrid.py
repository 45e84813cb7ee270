"""The briefing's power-interest grid: a static SVG of the declared power and interest.

One panel per negotiation (each stakeholder a dot in its party's colour, as on the map)
and one per issue with stances on record (each dot in the colour of the stance held on
the briefing's day, as the map's "Colour by" draws it). Interest runs left to right and
power bottom to top, 1 to 5; the heavy lines at :data:`graphkit.analysis.grid.HIGH` split
the grid into the four quadrants (:data:`graphkit.analysis.grid.QUADRANTS`). A black ring
marks a hidden influencer, a dashed ring a paper tiger
(:func:`graphkit.analysis.grid.grid_flags`). Dots carry the stakeholder's id (its name in
the ``<title>``), the most influential first within a cell; a cell holds at most
:data:`PER_CELL`, and says how many more.

No script, no link, no external reference; every text escaped, control and bidi
characters shown as escapes (:func:`graphkit.render.text.visible_text`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from graphkit.analysis.grid import HIGH, QUADRANTS, grid_flags
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.stances import STANCE_WORDS, stances_at
from graphkit.render.map.page import party_colours
from graphkit.render.map.style import NO_PARTY, NO_PARTY_COLOUR, NO_STANCE_COLOUR, STANCE_COLOURS
from graphkit.render.text import visible_text

#: The panel's size in CSS pixels (the page is 700 wide), its margins and a cell's slots.
WIDTH, HEIGHT = 700.0, 400.0
LEFT, TOP, BOTTOM = 34.0, 34.0, 40.0
COLUMNS, ROWS = 3, 4
PER_CELL = COLUMNS * ROWS - 1  # the last slot says "+N" when more do not fit


def _e(text: Any) -> str:
    return html.escape(visible_text(text))


def grid_panels(analysis: Analysis, stances: pd.DataFrame) -> list[tuple[str, str]]:
    """``(caption, <svg>)`` per panel: the negotiation's, then one per issue of ``stances``
    (as the briefing may show them); none when no stakeholder has both a declared power and
    interest."""
    people = analysis.stakeholders
    rated = people[(people["power"] > 0) & (people["interest"] > 0)]
    if rated.empty:
        return []
    order = rated.assign(_i=rated["influence"].astype(float), _id=rated.index.astype(str))
    ids = list(order.sort_values(["_i", "_id"], ascending=[False, True]).index)
    flags = {f.id: f.kind for f in grid_flags(analysis)}
    colours = party_colours(analysis)
    by_party = {
        sid: colours.get(str(people.at[sid, "party"] or NO_PARTY), NO_PARTY_COLOUR) for sid in ids
    }
    panels = [
        (
            f"Declared power and interest of {len(ids)} of the {len(people)} stakeholders, "
            "coloured by party; a black ring marks a hidden influencer, a dashed ring a paper "
            "tiger.",
            _panel(
                analysis,
                ids,
                by_party,
                flags,
                "All stakeholders by party",
                [(c, p) for p, c in colours.items() if any(by_party[s] == c for s in ids)],
            ),
        )
    ]
    stance_legend = [(STANCE_COLOURS[s], STANCE_WORDS[s]) for s in range(-2, 3)]
    stance_legend.append((NO_STANCE_COLOUR, "none on record"))
    held = stances_at(stances, str(analysis.model.as_of or "") or None) if len(stances) else stances
    for issue in sorted({str(i) for i in stances["issue"]}):
        on = {str(r["stakeholder"]): int(r["stance"])
              for r in held[held["issue"] == issue].to_dict("records")}  # fmt: skip
        colour = {sid: STANCE_COLOURS[on[sid]] if sid in on else NO_STANCE_COLOUR for sid in ids}
        known = sum(1 for sid in ids if sid in on)
        panels.append(
            (
                f"The same grid coloured by stance on {issue} as of {analysis.model.as_of} "
                f"({known} of {len(ids)} with a stance on record).",
                _panel(analysis, ids, colour, flags, f"Stance on {issue}", stance_legend),
            )
        )  # fmt: skip
    return panels


def _panel(
    analysis: Analysis,
    ids: list[str],
    colour: Mapping[str, str],
    flags: Mapping[str, str],
    title: str,
    legend: list[tuple[str, str]],
) -> str:
    people = analysis.stakeholders
    cw = (WIDTH - LEFT - 6) / 5
    ch = (HEIGHT - TOP - BOTTOM) / 5
    hx, hy = LEFT + (HIGH - 1) * cw, TOP + (5 - HIGH + 1) * ch
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grid" viewBox="0 0 {WIDTH:.0f} '
        f'{HEIGHT:.0f}" role="img" aria-label="{_e("Power-interest grid: " + title)}" '
        'font-family="Arial, \'Liberation Sans\', sans-serif" font-size="10">',
        f'<text x="{LEFT}" y="12" font-size="12" font-weight="700" fill="#222222">{_e(title)}</text>',
        f'<rect x="{hx:.1f}" y="{TOP}" width="{LEFT + 5 * cw - hx:.1f}" height="{hy - TOP:.1f}" '
        'fill="#0072B2" fill-opacity="0.06"/>',
        '<g stroke="#D6D6D6" stroke-width="1">',
    ]

    def width(entries: list[tuple[str, str]]) -> float:
        return sum(18 + 5.6 * len(visible_text(label)) for _c, label in entries)

    legend = list(legend)
    while legend and width(legend) > WIDTH - 260:  # what fits right of the title
        legend.pop()
    x = WIDTH - 6 - width(legend)
    keys = []
    for fill, label in legend:  # the colours, right of the title
        keys.append(f'<circle cx="{x + 5:.1f}" cy="8.5" r="4.2" fill="{_e(fill)}" stroke="#555555" '
                    f'stroke-width="0.5"/><text x="{x + 12:.1f}" y="12" fill="#333333">{_e(label)}</text>')  # fmt: skip
        x += 18 + 5.6 * len(visible_text(label))
    out[1] += "".join(keys)
    for k in range(6):
        out.append(f'<line x1="{LEFT + k * cw:.1f}" y1="{TOP}" x2="{LEFT + k * cw:.1f}" '
                   f'y2="{TOP + 5 * ch:.1f}"/>')  # fmt: skip
        out.append(f'<line x1="{LEFT}" y1="{TOP + k * ch:.1f}" x2="{LEFT + 5 * cw:.1f}" '
                   f'y2="{TOP + k * ch:.1f}"/>')  # fmt: skip
    out.append("</g>")
    out.append(
        f'<g stroke="#555555" stroke-width="2"><line x1="{hx:.1f}" y1="{TOP}" x2="{hx:.1f}" '
        f'y2="{TOP + 5 * ch:.1f}"/><line x1="{LEFT}" y1="{hy:.1f}" x2="{LEFT + 5 * cw:.1f}" '
        f'y2="{hy:.1f}"/></g>'
    )
    names = {(p, i): name for (p, i), name in QUADRANTS.items()}
    out.append('<g fill="#666666" font-size="10" font-style="italic">')
    for high_power, y in ((True, TOP - 4), (False, TOP + 5 * ch + 30)):
        out.append(f'<text x="{LEFT + 2}" y="{y:.1f}">{_e(names[high_power, False])}</text>')
        out.append(f'<text x="{LEFT + 5 * cw - 2:.1f}" y="{y:.1f}" text-anchor="end">'
                   f"{_e(names[high_power, True])}</text>")  # fmt: skip
    out.append("</g>")
    out.append('<g fill="#444444" text-anchor="middle">')
    for k in range(1, 6):
        out.append(f'<text x="{LEFT + (k - 0.5) * cw:.1f}" y="{TOP + 5 * ch + 13:.1f}">{k}</text>')
        out.append(f'<text x="{LEFT - 8}" y="{TOP + (5.5 - k) * ch + 3.5:.1f}">{k}</text>')
    out.append(
        f'<text x="{LEFT + 2.5 * cw:.1f}" y="{TOP + 5 * ch + 30:.1f}">interest (declared) →</text>'
    )
    out.append(
        f'<text transform="translate(10,{TOP + 2.5 * ch:.1f}) rotate(-90)">power (declared) →</text>'
    )
    out.append("</g>")
    cells: dict[tuple[int, int], list[str]] = {}
    interest = people["interest"].astype(int).to_dict()
    power = people["power"].astype(int).to_dict()
    for sid in ids:
        cells.setdefault((interest[sid], power[sid]), []).append(sid)
    sw, sh = cw / COLUMNS, ch / ROWS
    for (i, p), members in sorted(cells.items()):
        x0, y0 = LEFT + (i - 1) * cw, TOP + (5 - p) * ch
        shown = members if len(members) <= PER_CELL + 1 else members[:PER_CELL]
        for k, sid in enumerate(shown):
            r, c = divmod(k, COLUMNS)
            x, y = x0 + c * sw + 7, y0 + r * sh + sh / 2
            ring = ""
            if flags.get(sid) == "hidden influencer":
                ring = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="none" stroke="#111111" stroke-width="1.6"/>'
            elif flags.get(sid) == "paper tiger":
                ring = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="none" stroke="#111111" '
                        'stroke-width="1.2" stroke-dasharray="2 1.5"/>')  # fmt: skip
            out.append(
                f'<g class="n"><title>{_e(people.at[sid, "name"])} ({_e(sid)})</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.2" fill="{_e(colour[sid])}" '
                f'stroke="#555555" stroke-width="0.5"/>{ring}'
                f'<text x="{x + 8:.1f}" y="{y + 3.4:.1f}" fill="#1B1B1B">{_e(sid)}</text></g>'
            )
        if len(shown) < len(members):
            r, c = divmod(PER_CELL, COLUMNS)
            out.append(f'<text x="{x0 + c * sw + 3:.1f}" y="{y0 + r * sh + sh / 2 + 3.4:.1f}" '
                       f'fill="#555555">+{len(members) - len(shown)} more</text>')  # fmt: skip
    out.append("</svg>")
    return "".join(out)


def stacked(panels: list[tuple[str, str]]) -> str:
    """The panels one under the other in one SVG file (``grid.svg`` beside briefing.md,
    which gives their captions); an empty SVG without panels."""
    if not panels:
        return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>\n'
    step = HEIGHT + 10
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {step * len(panels):.0f}">'
    ]
    for k, (_caption, svg) in enumerate(panels):
        inner = svg.replace(
            '<svg xmlns="http://www.w3.org/2000/svg"',
            f'<svg x="0" y="{k * step:.0f}" width="{WIDTH:.0f}" height="{HEIGHT:.0f}"',
            1,
        )
        parts.append(inner)
    parts.append("</svg>\n")
    return "".join(parts)
