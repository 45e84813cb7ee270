"""``graphkit map``: one self-contained HTML map of a negotiation that opens offline.

The map is a single UTF-8 file that loads nothing: vis-network is inlined and a strict
Content-Security-Policy allows only the scripts and styles it holds. Nothing in a contact
log can run code in it: every user-supplied string reaches the page only as escaped JSON,
read with ``JSON.parse`` and shown with ``textContent`` or as canvas text; hover cards are
DOM elements built the same way, never HTML strings.

The layout is computed here, with a fixed seed, and vis-network's physics is off: the same
analysis gives byte-identical HTML, so the maps of successive rounds compare side by side.
Each party forms a cluster around its own centre (mediating parties between the sides);
each stakeholder is pulled towards the parties it has positive ties with and the parties it
carries shortest paths to, so brokers and trust nodes sit on the edge facing the other side.

One module per job:

- :mod:`~graphkit.render.map.selection`: which stakeholders to draw (focus, ``--max-nodes``);
- :mod:`~graphkit.render.map.layout`: where they sit (pure: ids, parties, ties in, positions
  out), and :mod:`~graphkit.render.map.spacing` its last step (no two nodes overlap);
- :mod:`~graphkit.render.map.page` and :mod:`~graphkit.render.map.ties`: the page's JSON
  documents (stakeholders, ties, metadata);
- :mod:`~graphkit.render.map.assets`: the page (vis-network from pyvis, CSP, safe
  embedding, the template);
- :mod:`~graphkit.render.map.style`: colours, shapes and sizes;
- here: :func:`render_map` puts them together, :func:`write_map` writes the file.

Select once and reuse the selection, e.g. for a progress line::

    from graphkit.pipeline import analyse_negotiation
    analysis = analyse_negotiation(store, "blue-harbor")
    selection = select_stakeholders(analysis, max_nodes=100)
    path = write_map(analysis, "map.html", selection=selection)
    print(f"{len(selection.ids)} stakeholders, {selection.ties_shown} ties")
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.persuade import Plan
from graphkit.errors import GraphkitError
from graphkit.render.map.assets import (
    TEMPLATE,
    TEMPLATES,
    _assets,
    _Markup,
    _page_json,
    _vis_network,
    inline_script,
    inline_style,
    page_html,
)
from graphkit.render.map.layout import (
    ANCHOR_BOOST,
    BRIDGE_PULL,
    CROSS_PULL,
    GRAVITY,
    MEDIATOR_LIFT,
    OWN_PARTY_WEIGHT,
    SEED,
    SPACING,
    START_SPREAD,
    TIE_PULL,
    bridge_shares,
    layout_positions,
)
from graphkit.render.map.page import page_data
from graphkit.render.map.selection import MAX_NODES, Selection, select_stakeholders
from graphkit.render.map.stances import has_declarations, stance_layer
from graphkit.render.map.style import (
    FRICTION_COLOUR,
    FULL_COLOUR_SENTIMENT,
    MAX_SIZE,
    MIN_SIZE,
    NEUTRAL_COLOUR,
    NO_PARTY,
    NO_PARTY_COLOUR,
    PARTY_COLOURS,
    SHAPES,
    TRUST_COLOUR,
)
from graphkit.render.map.ties import NOTES_PER_TIE
from graphkit.render.map.ties import cell_number as _num
from graphkit.render.map.ties import cell_text as _text
from graphkit.render.map.ties import tie_colour as _tie_colour
from graphkit.render.map.timeline import timeline_data
from graphkit.safefile import check_target, negotiation_folder, write_text_atomic

__all__ = [
    "ANCHOR_BOOST",
    "BRIDGE_PULL",
    "CROSS_PULL",
    "FRICTION_COLOUR",
    "FULL_COLOUR_SENTIMENT",
    "GRAVITY",
    "MAX_NODES",
    "MAX_SIZE",
    "MEDIATOR_LIFT",
    "MIN_SIZE",
    "NEUTRAL_COLOUR",
    "NOTES_PER_TIE",
    "NO_PARTY",
    "NO_PARTY_COLOUR",
    "OWN_PARTY_WEIGHT",
    "PARTY_COLOURS",
    "SEED",
    "SHAPES",
    "SPACING",
    "START_SPREAD",
    "TEMPLATE",
    "TEMPLATES",
    "TIE_PULL",
    "TRUST_COLOUR",
    "Selection",
    "_Markup",
    "_assets",
    "_num",
    "_page_json",
    "_text",
    "_tie_colour",
    "_vis_network",
    "bridge_shares",
    "default_map_path",
    "inline_script",
    "inline_style",
    "layout_positions",
    "plan_members",
    "prepare_map_path",
    "render_map",
    "select_stakeholders",
    "write_map",
]


def render_map(
    analysis: Analysis,
    *,
    selection: Selection | None = None,
    focus: str | None = None,
    depth: int | None = None,
    max_nodes: int | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    notice: str | None = None,
    notes: Mapping[str, str] | None = None,
    timeline: Sequence[Analysis] | None = None,
    stances: pd.DataFrame | None = None,
    colour: str | None = None,
    view: str = "network",
    plan: Plan | None = None,
) -> str:
    """The map of ``analysis`` as one self-contained HTML document.

    ``selection`` is the :func:`select_stakeholders` of ``analysis`` to draw, when the
    caller has it already; without it, the stakeholders are selected here with ``focus``,
    ``depth`` (default 1) and ``max_nodes`` (default :data:`MAX_NODES`): ``focus``/``depth``
    limit the map to a stakeholder's neighbourhood, ``max_nodes`` caps the stakeholders
    drawn. Given with ``selection``, they must be the ones it was made with.

    ``title`` replaces the negotiation name in the heading; ``subtitle`` extends the line
    under it (e.g. the filters used); ``notice`` is shown first among the notices (e.g.
    that notes were redacted: :data:`graphkit.scope.PUBLIC_NOTE`); ``notes``
    gives the stakeholder-map notes per id for the hover cards (by default the ``notes``
    column of ``analysis.model.stakeholders`` when it has one).

    ``timeline``: the analyses as of the dates of a time slider, oldest first, the last
    ``analysis`` itself (:func:`graphkit.pipeline.analyse_over_time`); drawn on the map's
    positions (:mod:`graphkit.render.map.timeline`). Without it (or with one date) the map
    has no slider.

    ``stances`` (as the map may show them: :func:`graphkit.analysis.stances.shared_stances`)
    and the declared power and interest give the map its stance colours and its
    power-interest grid (:mod:`graphkit.render.map.stances`): ``colour`` names the issue
    whose stances colour the map when it opens (None: the parties), ``view`` the layout it
    opens in (``"network"`` or ``"grid"``); ``plan`` (a
    :func:`~graphkit.analysis.persuade.persuasion_plan`) has its chains drawn, and its
    stakeholders kept on a map cut by ``max_nodes``.

    Pure apart from reading vis-network from the pyvis package: the same arguments give
    the same bytes.
    """
    keep = plan_members(plan) if selection is None else ()
    sel = _selection(analysis, selection, focus, depth, max_nodes, keep)
    nodes, edges, meta = page_data(analysis, sel, title=title, subtitle=subtitle, notes=notes)
    if (
        plan is not None
        or colour is not None
        or view != "network"
        or has_declarations(analysis, stances)
    ):
        stance_layer(analysis, sel, nodes, meta, stances, colour=colour, view=view, plan=plan)
    if notice:
        meta["notices"].insert(0, notice)
    dates = timeline_data(timeline, sel.ids) if timeline and len(timeline) > 1 else None
    return page_html(nodes, edges, meta, dates)


def write_map(analysis: Analysis, path: str | os.PathLike[str], **options: Any) -> Path:
    """:func:`render_map` to ``path`` and return the path.

    ``options`` are those of :func:`render_map` (``selection=`` to draw a selection made
    already). UTF-8, parent folders created. Written through :mod:`graphkit.safefile`: to
    a temporary file next to ``path`` that is then renamed over it, so a map that is open
    in a browser is never seen half written and a failure leaves the old map; a link,
    pipe, device or folder at ``path`` is refused. A new map gets the same permissions as
    any file the user creates (umask); a replaced one keeps its own.
    """
    target = prepare_map_path(path)  # a refused target fails before the work
    html = render_map(analysis, **options)
    return write_text_atomic(prepare_map_path(target, create=True), html, what="the map")


def prepare_map_path(path: str | os.PathLike[str], *, create: bool = False) -> Path:
    """``path`` checked as a place to write a map (:func:`graphkit.safefile.check_target`),
    and its folder: one that exists, or can be made under the nearest folder that does
    (made with ``create``); a :class:`GraphkitError` that says why otherwise. Called
    before any work, so that a map that cannot be written fails at once, and leaves
    nothing behind."""
    target = Path(path)
    check_target(target)
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    problem = None if folder.is_dir() else f"{folder} is not a folder"
    if create and problem is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problem = exc.strerror or str(exc)
    if problem:
        raise GraphkitError(
            f"cannot write the map to {target}: {problem} - choose another --output"
        ) from None
    return target


def default_map_path(negotiation: str, reports: str | os.PathLike[str] = "reports") -> Path:
    """``reports/NAME/map.html``, for a valid negotiation name only.

    The name is checked by :func:`graphkit.model.check_negotiation_name` (letters, digits,
    spaces, ``.``, ``_``, ``-``; no ``..``), and the path is checked again to be one folder
    directly inside ``reports``: a name can never point the map anywhere else.
    """
    return negotiation_folder(reports, negotiation, fix="pass --output") / "map.html"


def plan_members(plan: Plan | None) -> list[str]:
    """Everyone on a chain of ``plan``, targets first: the stakeholders a map drawing it
    keeps whatever ``max_nodes`` says."""
    if plan is None:
        return []
    members = [t.id for t in plan.targets]
    members += [s for t in plan.targets for c in t.chains for s in c.stakeholders]
    return list(dict.fromkeys(members))


def _selection(
    analysis: Analysis,
    selection: Selection | None,
    focus: str | None,
    depth: int | None,
    max_nodes: int | None,
    keep: Sequence[str] = (),
) -> Selection:
    """``selection`` checked against the other arguments, or a new one made with them."""
    if selection is None:
        return select_stakeholders(
            analysis,
            focus=focus,
            depth=1 if depth is None else depth,
            max_nodes=MAX_NODES if max_nodes is None else max_nodes,
            keep=keep,
        )
    given = {
        "focus": None if focus is None else str(focus),
        "depth": depth,
        "max_nodes": max_nodes,
    }
    clash = [
        f"{k}={v!r} (the selection has {getattr(selection, k)!r})"
        for k, v in given.items()
        if v is not None and v != getattr(selection, k)
    ]
    if clash:
        raise ValueError(
            "selection= was made with other arguments: " + ", ".join(clash) + "; pass the "
            "selection alone, or the arguments alone"
        )
    known = analysis.stakeholders.index
    missing = [sid for sid in selection.ids if sid not in known]
    if missing:
        raise ValueError(
            f"selection= holds stakeholders the analysis does not have ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}): select them from this analysis"
        )
    return selection
