"""The page's three JSON documents: stakeholders, ties and the map's metadata.

:func:`page_data` turns an analysis and a :class:`~graphkit.render.map.selection.Selection`
into plain lists and dicts; :mod:`graphkit.render.map.assets` embeds them in the page.
The metrics of the hover cards come from the metric registry
(:func:`graphkit.analysis.metrics.for_output` ``"card"``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

import pandas as pd

from graphkit.analysis import metrics as metrics_
from graphkit.analysis.negotiation import ROLE_ORDER, Analysis
from graphkit.render.map.fields import field_meta, field_records
from graphkit.render.map.layout import bridge_shares, layout_positions
from graphkit.render.map.selection import Selection
from graphkit.render.map.style import (
    FLAG_TEXT,
    MAX_SIZE,
    MIN_COALITION,
    MIN_SIZE,
    NO_PARTY,
    NO_PARTY_COLOUR,
    PARTY_COLOURS,
    SHAPES,
    SMALL_COALITIONS,
)
from graphkit.render.map.ties import cell_text, contact_tracks, tie_records
from graphkit.words import count

#: The text columns of a stakeholder record, as display text (missing values ``""``).
TEXT_COLUMNS = ("name", "party", "organization", "role", "tier", "kind")
#: One stakeholder's text columns, by column name.
Row = dict[str, str]


def page_data(
    analysis: Analysis,
    sel: Selection,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    notes: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The three JSON documents of the page: stakeholders, ties and the map's metadata.

    Stakeholder records (``id`` is the index used by vis-network; the stakeholder's own
    id is ``sid``): ``sid``, ``name``, ``party`` (index into ``meta.parties``: the declared
    parties, or in a negotiation without any the detected coalitions, see
    :func:`_coalition_rows`; ``meta.grouping`` says which, ``"party"`` or ``"coalition"``),
    ``organization``, ``role``, ``tier``, ``kind``, ``x``, ``y``, ``size``, ``roles``,
    ``reasons`` (``[role, reason]`` pairs), ``m`` (values for ``meta.metrics``), and
    ``notes`` when there are any; with team fields ``tf`` and ``fz``, and the metadata
    ``team_fields`` and ``size_fields`` (:mod:`graphkit.render.map.fields`). Tie records:
    see :func:`graphkit.render.map.ties.tie_records`. The metadata: :func:`_meta`.

    ``notes`` gives the stakeholder-map notes per id (by default the ``notes`` column of
    ``analysis.model.stakeholders`` when it has one).
    """
    ids = sel.ids
    index = {sid: i for i, sid in enumerate(ids)}
    rows = _rows(analysis.stakeholders)
    grouping = "party" if any(r["party"] for r in rows.values()) else "coalition"
    if grouping == "coalition":
        rows = _coalition_rows(
            rows, analysis.stakeholders["community"], analysis.stakeholders["influence"]
        )
    parties = _parties(rows, ids)
    size = _sizes(analysis.stakeholders["influence"], ids)
    ties = analysis.ties
    ties = ties[ties["u"].isin(index) & ties["v"].isin(index)]
    pos = _positions(analysis, ids, rows, size, ties)
    party_index = {p["name"]: i for i, p in enumerate(parties)}
    nodes = _nodes(analysis, ids, rows, party_index, size, pos, _notes(analysis, notes))
    fields = analysis.team_fields()
    for node, sid in zip(nodes, ids, strict=True):
        node.update(field_records(fields, sid))
    tracks = contact_tracks(analysis, index)
    track_names = sorted({t for names in tracks.values() for t in names})
    edges = tie_records(analysis, ties, index, tracks, {t: i for i, t in enumerate(track_names)})
    meta = _meta(analysis, sel, rows, parties, track_names, len(edges), title, subtitle)
    meta.update(field_meta(fields))
    meta["grouping"] = grouping
    return nodes, edges, meta


def party_colours(analysis: Analysis) -> dict[str, str]:
    """Each declared party's colour, as the map's legend gives it (:func:`_parties`); the
    stakeholders without a party are :data:`~graphkit.render.map.style.NO_PARTY`."""
    rows = _rows(analysis.stakeholders)
    return {p["name"]: p["colour"] for p in _parties(rows, list(rows))}


def _coalition_rows(
    rows: Mapping[str, Row], community: pd.Series, influence: pd.Series
) -> dict[str, Row]:
    """``rows`` with each stakeholder's detected coalition in place of its (empty) party.

    Coalitions are the Louvain communities of the positive ties (``community``, numbered
    by size from 0), named after their most influential member: "coalition 1 (around
    USA)"...; those with fewer than :data:`~graphkit.render.map.style.MIN_COALITION`
    members, or beyond the colours, share the grey entry
    :data:`~graphkit.render.map.style.SMALL_COALITIONS`.
    """
    sizes = community.value_counts()
    # the most influential member of each community (ties: the first id)
    ranked = pd.DataFrame(
        {"c": community.to_numpy(), "i": influence.astype(float).to_numpy(),
         "sid": community.index.astype(str)}
    )  # fmt: skip
    top: dict[Any, str] = (
        ranked.sort_values(["i", "sid"], ascending=[False, True]).groupby("c")["sid"].first()
    ).to_dict()
    named: dict[Any, str] = {}
    for c, n in sorted(sizes.items(), key=lambda cn: (-cn[1], cn[0])):
        if n >= MIN_COALITION and len(named) < len(PARTY_COLOURS) - 1:
            lead = rows[top[c]]["name"] or str(top[c])
            named[c] = f"coalition {len(named) + 1} (around {lead})"
    return {
        sid: {**r, "party": named.get(community.get(sid), SMALL_COALITIONS)}
        for sid, r in rows.items()
    }


def _notes(analysis: Analysis, notes: Mapping[str, str] | None) -> Mapping[str, str]:
    if notes is not None:
        return notes
    people = analysis.model.stakeholders
    return cast("dict[str, str]", people["notes"].to_dict()) if "notes" in people.columns else {}


def _rows(df: pd.DataFrame) -> dict[str, Row]:
    """Every stakeholder's :data:`TEXT_COLUMNS` as display text, by id."""
    return {
        sid: {c: cell_text(v) for c, v in zip(TEXT_COLUMNS, values, strict=True)}
        for sid, *values in zip(df.index, *(df[c] for c in TEXT_COLUMNS), strict=True)
    }


def _parties(rows: Mapping[str, Row], ids: list[str]) -> list[dict[str, Any]]:
    """The legend: each party's name, colour, members and members shown.

    Colours in a fixed order: the sides by size, then the mediating parties (mostly
    mediators), then the stakeholders without a party.
    """
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
    order = sorted(order, key=lambda p: p == SMALL_COALITIONS)  # stable: last, like no party
    colour = {NO_PARTY: NO_PARTY_COLOUR, SMALL_COALITIONS: NO_PARTY_COLOUR}
    for i, p in enumerate(q for q in order if q not in colour):
        colour[p] = PARTY_COLOURS[i % len(PARTY_COLOURS)]
    return [
        {"name": p, "colour": colour[p], "total": counts[p], "shown": shown_counts.get(p, 0)}
        for p in order
    ]


def _sizes(influence: pd.Series, ids: list[str]) -> dict[str, float]:
    """Drawn radius of each shown stakeholder: area in proportion to influence (PageRank).

    Relative to the most influential stakeholder of the whole analysis, so that a focus
    map draws everyone at the size they have on the full map.
    """
    influence = influence.astype(float).clip(lower=0)
    top = float(influence.max()) if len(influence) else 0.0
    return {
        sid: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(influence[sid] / top), 1)
        if top > 0
        else MIN_SIZE
        for sid in ids
    }


def _positions(
    analysis: Analysis,
    ids: list[str],
    rows: Mapping[str, Row],
    size: Mapping[str, float],
    ties: pd.DataFrame,
) -> dict[str, tuple[float, float]]:
    """:func:`~graphkit.render.map.layout.layout_positions` of the shown stakeholders."""
    party = {sid: rows[sid]["party"] for sid in ids}
    return layout_positions(
        ids,
        party,
        {sid: rows[sid]["kind"] for sid in ids},
        size,
        zip(
            ties["u"],
            ties["v"],
            ties["strength"].astype(float),
            ties["sign"].astype(int),
            strict=True,
        ),
        bridges=bridge_shares(analysis.party_pairs, party),
    )


def _nodes(
    analysis: Analysis,
    ids: list[str],
    rows: Mapping[str, Row],
    party_index: Mapping[str, int],
    size: Mapping[str, float],
    pos: Mapping[str, tuple[float, float]],
    notes: Mapping[str, str],
) -> list[dict[str, Any]]:
    """One record per shown stakeholder, with its card: roles and reasons, metrics, notes."""
    df = analysis.stakeholders
    n_all = len(df)
    rank = metrics_.ranks(df["influence"], "influence").fillna(n_all)
    card = metrics_.for_output("card")
    # {stakeholder id: {metric: value}}
    metrics = cast(
        "dict[str, dict[str, Any]]",
        df.loc[ids, list(metrics_.names("card"))].to_dict("index") if ids else {},
    )
    role_sets = df["roles"].to_dict()
    nodes = []
    for i, sid in enumerate(ids):
        r = rows[sid]
        roles = [x for x in ROLE_ORDER if x in role_sets[sid]]
        reasons = analysis.reasons.get(sid, {})
        x, y = pos[sid]
        node = {
            "id": i,
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
            "reasons": [[x, cell_text(reasons.get(x, ""))] for x in roles],
            "m": [m.card_text(metrics[sid][m.name], rank=int(rank[sid]), n=n_all) for m in card],
        }
        note = cell_text(notes.get(sid, ""))
        if note:
            node["notes"] = note
        nodes.append(node)
    return nodes


def _meta(
    analysis: Analysis,
    sel: Selection,
    rows: Mapping[str, Row],
    parties: list[dict[str, Any]],
    track_names: list[str],
    ties_shown: int,
    title: str | None,
    subtitle: str | None,
) -> dict[str, Any]:
    """The map's metadata: heading, notices, counts, legend and the texts of the cards."""
    ids, focus = sel.ids, sel.focus
    n_all = len(analysis.stakeholders)
    as_of = cell_text(analysis.model.as_of)
    name = analysis.negotiation or "negotiation"
    heading = title if title else name
    counts_text = (
        f"showing {len(ids):,} of {count(n_all, 'stakeholder', grouped=True)}, "
        f"{count(ties_shown, 'tie', grouped=True)}"
    )
    return {
        "title": f"{heading} — relationship map",
        "subtitle": " · ".join(
            x for x in (f"as of {as_of}" if as_of else "", counts_text, subtitle or "") if x
        ),
        "notices": _notices(sel, rows),
        "negotiation": name,
        "as_of": as_of,
        "shown": len(ids),
        "total": n_all,
        "ties_shown": ties_shown,
        "ties_total": len(analysis.ties),
        "focus": ids.index(focus) if focus is not None and focus in ids else None,
        "parties": parties,
        "tracks": track_names,
        "roles": list(ROLE_ORDER),
        "shapes": SHAPES,
        "metrics": [m.label for m in metrics_.for_output("card")],
        "flag_text": FLAG_TEXT,
    }


def _notices(sel: Selection, rows: Mapping[str, Row]) -> list[str]:
    """The lines under the heading: the focus neighbourhood, and what was left out."""
    lines = []
    if sel.focus is not None:
        fname = rows[sel.focus]["name"] or sel.focus
        hops = "tie" if sel.depth == 1 else "ties"
        lines.append(f"Neighbourhood of {fname} ({sel.focus}): everyone within {sel.depth} {hops}.")
    if sel.omitted:
        lines.append(sel.omitted)
    return lines
