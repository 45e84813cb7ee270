"""Which stakeholders a map draws: the focus neighbourhood and the ``--max-nodes`` cap.

:func:`select_stakeholders` is computed once per map; pass its :class:`Selection` to
:func:`graphkit.render.map.render_map` or :func:`~graphkit.render.map.write_map`
(``selection=``) to draw it, and read from it what the map shows (for a progress line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import pandas as pd

from graphkit.analysis.negotiation import Analysis
from graphkit.resolve import resolve_stakeholder

#: Default for ``--max-nodes``: above it, the map keeps the most influential stakeholders
#: plus every broker, trust node and friction point.
MAX_NODES = 300
#: Roles a map always keeps, whatever ``max_nodes`` says.
KEPT_ROLES = frozenset({"broker", "trust node", "friction point"})


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
    #: The arguments it was selected with (the map names the focus and its depth).
    focus: str | None = None
    depth: int = 1
    max_nodes: int = MAX_NODES


def select_stakeholders(
    analysis: Analysis,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    keep: Iterable[str] = (),
) -> Selection:
    """Choose the stakeholders to draw.

    With ``focus`` (an id, or the exact name: :func:`graphkit.resolve.resolve_stakeholder`),
    only stakeholders within ``depth`` ties of it are in scope. When more
    than ``max_nodes`` are in scope, keep the focus, every broker, trust node and friction
    point, then the most influential of the rest (PageRank) up to ``max_nodes``; a map may
    exceed ``max_nodes`` only to keep every flagged stakeholder. ``keep``: stakeholders
    kept as the flagged ones are, when in scope (e.g. those on the persuasion chains the
    map draws).

    Raises :class:`~graphkit.errors.NotFound` for an unknown or shared ``focus``.
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    df = analysis.stakeholders
    ties = analysis.ties
    if focus is not None:
        names = {str(i): str(n) for i, n in zip(df.index, df["name"], strict=True)}
        focus = resolve_stakeholder(str(focus), names, flag="--focus",
                                    where=analysis.negotiation or None)  # fmt: skip
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
        kept, omitted = _cap(df, in_scope, focus, max_nodes, set(keep))
    ids = [sid for sid in in_scope if sid in kept]
    shown = ties["u"].isin(kept) & ties["v"].isin(kept)
    return Selection(
        ids,
        len(in_scope),
        ties_in_scope,
        int(shown.sum()),
        omitted,
        focus=focus,
        depth=depth,
        max_nodes=max_nodes,
    )


def _cap(
    df: pd.DataFrame, in_scope: list[str], focus: str | None, max_nodes: int, keep: set[str]
) -> tuple[set[str], str]:
    """The stakeholders kept under ``max_nodes``, and the sentence saying what was not."""
    must = [
        sid
        for sid in in_scope
        if sid == focus
        or sid in keep
        or KEPT_ROLES.intersection(cast("tuple[str, ...]", df.at[sid, "roles"]))
    ]
    rest = df.loc[[sid for sid in in_scope if sid not in set(must)]]
    # Most influential first; ties broken by id so the choice never depends on order.
    rest = rest.assign(_id=rest.index).sort_values(["influence", "_id"], ascending=[False, True])
    room = max(0, max_nodes - len(must))
    kept = set(must) | set(rest.index[:room])
    left = len(in_scope) - len(kept)
    lowest = ""
    if room > 0 and left:
        lowest = f" (influence below {rest['influence'].iloc[room - 1]:.4f})"
    also = " and the focus" if focus else ""
    if keep.intersection(in_scope):
        also += " and everyone on a persuasion chain"
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
    return kept, omitted


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
