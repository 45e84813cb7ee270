"""Declared power, interest and stances on the map: colour by the stance on an issue, the
power-interest grid as a second layout, and the persuasion chains on request.

Only a map whose negotiation has declared power, interest or stances carries any of this
(:func:`stance_layer`): its stakeholder records get ``pw`` and ``in`` (declared power and
interest, 1-5, 0 when not declared), ``st`` (the stance on each issue of
``meta.stances.issues`` held on the map's day, -2..+2, ``None`` without one), ``sd`` (the
day and source of each, as text), ``sh`` (per issue, every ``[day, stance]`` up to the
map's day, oldest first, so that the timeline's earlier dates show the stances held then;
left out without any) and ``g`` (the place on the grid); its metadata
``stances`` (:func:`_meta`). A map without any has none of these keys, and the page
leaves its stances script out (:func:`graphkit.render.map.assets.map_script`).

The grid (:func:`grid_positions`) puts each stakeholder in the cell of its declared
interest (left to right, 1 to 5) and power (bottom to top, 1 to 5); the lines at
:data:`graphkit.analysis.grid.HIGH` split it into the four quadrants of
:data:`graphkit.analysis.grid.QUADRANTS`. Within a cell the most influential come first;
the stakeholders without both ratings sit in a row below the grid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from graphkit.analysis.grid import HIGH, QUADRANTS, grid_flags
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.persuade import Plan
from graphkit.analysis.stances import STANCE_WORDS, stances_at
from graphkit.render.map.selection import Selection
from graphkit.render.map.style import MAX_SIZE, NO_STANCE_COLOUR, STANCE_COLOURS
from graphkit.render.map.ties import cell_text

#: Distance between two stakeholders of a grid cell, in map units: the largest nodes
#: never overlap.
GRID_STEP = 2 * MAX_SIZE + 12
#: The views of ``graphkit map --view``.
VIEWS = ("network", "grid")


def has_declarations(analysis: Analysis, stances: pd.DataFrame | None) -> bool:
    """Whether the negotiation has anything for this layer: a declared power or interest,
    or a stance on record."""
    people = analysis.stakeholders
    declared = any(c in people and bool((people[c] > 0).any()) for c in ("power", "interest"))
    return declared or (stances is not None and not stances.empty)


def stance_layer(
    analysis: Analysis,
    sel: Selection,
    nodes: list[dict[str, Any]],
    meta: dict[str, Any],
    stances: pd.DataFrame | None,
    *,
    colour: str | None = None,
    view: str = "network",
    plan: Plan | None = None,
) -> None:
    """Add the layer to the page's stakeholder records and metadata (in place).

    ``stances``: as the map may show them (:func:`graphkit.analysis.stances.shared_stances`);
    ``colour``: the issue the map is coloured by when it opens (None: the parties);
    ``view``: the layout it opens in (:data:`VIEWS`); ``plan``: a persuasion plan whose
    chains the map draws (:func:`graphkit.analysis.persuade.persuasion_plan`).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    table = stances if stances is not None else pd.DataFrame(columns=["stakeholder", "issue"])
    issues = sorted({str(i) for i in table["issue"]})
    if colour is not None and colour not in issues:
        raise ValueError(f"no stances on {colour!r}: colour by one of {issues}")
    people = analysis.stakeholders
    ids = sel.ids
    power = _levels(people, "power", ids)
    interest = _levels(people, "interest", ids)
    as_of = str(analysis.model.as_of or "") or None
    held = stances_at(table, as_of) if len(table) else table
    history: dict[tuple[str, str], list[list[Any]]] = {}
    if len(table):
        known = table if as_of is None else table[table["date"].str.slice(0, 10) <= as_of]
        for row in known.sort_values(["date"], kind="stable").to_dict("records"):
            key = (str(row["stakeholder"]), str(row["issue"]))
            history.setdefault(key, []).append([str(row["date"])[:10], int(row["stance"])])
    on: dict[tuple[str, str], tuple[int, str]] = {}
    for row in held.to_dict("records"):
        since = " · ".join(x for x in (f"since {row['date']}", cell_text(row["source"])) if x)
        on[str(row["stakeholder"]), str(row["issue"])] = (int(row["stance"]), since)
    order = {sid: i for i, sid in enumerate(ids)}
    influence = people["influence"].astype(float)
    by_influence = sorted(ids, key=lambda s: (-float(influence[s]), order[s]))
    places, geometry = grid_positions(by_influence, power, interest)
    for node, sid in zip(nodes, ids, strict=True):
        node["pw"], node["in"] = power[sid], interest[sid]
        node["st"] = [on[sid, i][0] if (sid, i) in on else None for i in issues]
        node["sd"] = [on[sid, i][1] if (sid, i) in on else None for i in issues]
        if any((sid, i) in history for i in issues):  # for the timeline's earlier dates
            node["sh"] = [history.get((sid, i), []) for i in issues]
        node["g"] = list(places[sid])
    meta["stances"] = _meta(analysis, sel, issues, geometry, colour, view, plan, order)


def _levels(people: pd.DataFrame, column: str, ids: Sequence[str]) -> dict[str, int]:
    if column not in people:
        return dict.fromkeys(ids, 0)
    values = people[column]
    return {sid: int(values[sid]) if pd.notna(values[sid]) else 0 for sid in ids}


def grid_positions(
    ids: Sequence[str], power: Mapping[str, int], interest: Mapping[str, int]
) -> tuple[dict[str, tuple[float, float]], dict[str, Any]]:
    """Each stakeholder's place on the grid, in the order of ``ids`` within each cell, and
    the grid's geometry: ``cell`` (width and height of a cell), ``rest`` (the top of the
    row of those without both ratings, ``None`` without any) and ``width``/``height`` of
    the whole drawing.

    Cell (interest ``i``, power ``p``) spans ``x`` from ``(i - 1) * width`` to
    ``i * width`` and ``y`` from ``(5 - p) * height`` to ``(6 - p) * height``: power 5 at
    the top. Every cell is as large as the fullest one needs, so that the grid's axes stay
    even.

    >>> at, g = grid_positions(["a", "b", "c"], {"a": 5, "b": 5, "c": 0}, {"a": 1, "b": 1, "c": 2})
    >>> g["cell"], at["a"], at["b"], at["c"]
    ([160.0, 160.0], (40.0, 40.0), (120.0, 40.0), (40.0, 920.0))
    """
    cells: dict[tuple[int, int], list[str]] = {}
    rest: list[str] = []
    for sid in ids:
        p, i = power.get(sid, 0), interest.get(sid, 0)
        if 1 <= p <= 5 and 1 <= i <= 5:
            cells.setdefault((i, p), []).append(sid)
        else:
            rest.append(sid)
    fullest = max((len(v) for v in cells.values()), default=1)
    cols = max(2, math.ceil(math.sqrt(fullest)))
    rows = max(2, math.ceil(fullest / cols))
    width, height = cols * GRID_STEP, rows * GRID_STEP
    at: dict[str, tuple[float, float]] = {}
    for (i, p), members in cells.items():
        x0, y0 = (i - 1) * width, (5 - p) * height
        for k, sid in enumerate(members):
            r, c = divmod(k, cols)
            at[sid] = (x0 + (c + 0.5) * GRID_STEP, y0 + (r + 0.5) * GRID_STEP)
    per_row = max(1, int(5 * width // GRID_STEP))
    top = 5 * height + GRID_STEP if rest else None
    for k, sid in enumerate(rest):
        r, c = divmod(k, per_row)
        at[sid] = ((c + 0.5) * GRID_STEP, (top or 0) + (r + 0.5) * GRID_STEP)
    full_height = 5 * height + (
        GRID_STEP + math.ceil(len(rest) / per_row) * GRID_STEP if rest else 0
    )
    geometry = {"cell": [float(width), float(height)], "rest": top, "width": 5.0 * width,
                "height": float(full_height)}  # fmt: skip
    return {sid: (round(x, 1), round(y, 1)) for sid, (x, y) in at.items()}, geometry


def _meta(
    analysis: Analysis,
    sel: Selection,
    issues: list[str],
    geometry: dict[str, Any],
    colour: str | None,
    view: str,
    plan: Plan | None,
    order: Mapping[str, int],
) -> dict[str, Any]:
    """``issues``, ``words`` and ``colours`` (per stance from -2), ``none`` (the colour of
    no stance), ``colour`` (index of the issue coloured by on opening, or None), ``view``,
    ``grid`` (geometry, ``high``, ``quadrants`` as ``[name, high power, high interest]``,
    ``flags``: ``[node, kind, reason]`` of :func:`graphkit.analysis.grid.grid_flags`) and
    ``plan`` (:func:`_plan`) when one is drawn."""
    flags = [[order[f.id], f.kind, cell_text(f.reason)] for f in grid_flags(analysis)
             if f.id in order]  # fmt: skip
    out: dict[str, Any] = {
        "issues": [cell_text(i) for i in issues],
        "words": [STANCE_WORDS[s] for s in range(-2, 3)],
        "colours": [STANCE_COLOURS[s] for s in range(-2, 3)],
        "none": NO_STANCE_COLOUR,
        "colour": issues.index(colour) if colour is not None else None,
        "view": view,
        "grid": {
            **geometry,
            "high": HIGH,
            "quadrants": [[name, p, i] for (p, i), name in QUADRANTS.items()],
            "flags": flags,
        },
    }
    if plan is not None:
        out["plan"] = _plan(plan, order, analysis)
    return out


def _plan(plan: Plan, order: Mapping[str, int], analysis: Analysis) -> dict[str, Any]:
    """The plan as the map draws it: ``issue``, ``as_of``, ``min_power`` and ``targets``,
    each ``t`` (its node), ``power``, ``stance``, ``reason`` and ``chains`` (``path``: the
    nodes from the supporter to the target, None for a chain through a stakeholder the map
    does not show; ``names``: the chain in names; ``trust`` as text). Targets
    the map does not show are counted in ``hidden``."""
    names = analysis.stakeholders["name"]
    targets, hidden = [], 0
    for t in plan.targets:
        if t.id not in order:
            hidden += 1
            continue
        chains = []
        for c in t.chains:
            shown = all(s in order for s in c.stakeholders)
            chains.append({
                "path": [order[s] for s in c.stakeholders] if shown else None,
                "names": " → ".join(cell_text(names.get(s, s)) for s in c.stakeholders),
                "trust": f"{c.trust:.2f}",
            })  # fmt: skip
        targets.append({"t": order[t.id], "power": t.power, "stance": t.stance,
                        "reason": cell_text(t.reason), "chains": chains})  # fmt: skip
    return {"issue": cell_text(plan.issue), "as_of": cell_text(plan.as_of),
            "min_power": plan.min_power, "targets": targets, "hidden": hidden}  # fmt: skip
