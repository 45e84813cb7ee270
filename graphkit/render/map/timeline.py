"""The map's timeline: the shown stakeholders' ties and roles as of each date of the talks,
on the map's own positions, so that the picture stays put while the relationships change.

Each snapshot is an analysis as of its date (:func:`graphkit.pipeline.analyse_over_time`:
what ``graphkit influence --as-of DATE`` gives), drawn with the map's own tie style
(:func:`graphkit.render.map.ties.tie_records`). Compact, because a large map has tens of
thousands of ties in each: a tie is ``[from, to, width, colour, bits]`` (indices of the
shown stakeholders; ``bits`` 1 dashed (cooling), 2 an arrow (one-sided, from the
initiator), 4 negative), a stakeholder's roles ``[index, bits]`` with bit ``2 ** i`` for
the i-th of :data:`~graphkit.analysis.negotiation.ROLE_ORDER`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphkit.analysis.negotiation import ROLE_ORDER, Analysis
from graphkit.render.map.ties import tie_records

#: Bits of a tie in a snapshot.
DASHED, ARROW, NEGATIVE = 1, 2, 4


def role_bits(roles: Sequence[str]) -> int:
    """The roles as bits (``2 ** i`` for the i-th of ``ROLE_ORDER``).

    >>> role_bits(("broker", "friction point"))
    10
    """
    return sum(1 << i for i, role in enumerate(ROLE_ORDER) if role in roles)


def snapshot(analysis: Analysis, ids: Sequence[str]) -> dict[str, Any]:
    """One date of the timeline for the shown stakeholders ``ids`` (in the map's order):
    ``date``, ``ties`` and ``roles`` among them (see the module docstring) and ``counts``:
    the negotiation's ``ties``, ``contacts`` and ``flagged`` stakeholders (those with a
    role) as of that date, the numbers ``graphkit influence --as-of`` gives."""
    index = {sid: i for i, sid in enumerate(ids)}
    t = analysis.ties
    shown = t[t["u"].isin(index) & t["v"].isin(index)]
    ties = [
        [
            e["from"],
            e["to"],
            e["w"],
            e["c"],
            (DASHED if e.get("dash") else 0)
            | (ARROW if e.get("arrow") else 0)
            | (NEGATIVE if "negative" in e.get("f", ()) else 0),
        ]
        for e in tie_records(analysis, shown, index, {}, {})
    ]
    roles = analysis.stakeholders["roles"]
    flagged = [[index[sid], role_bits(r)] for sid, r in roles.items() if r and sid in index]
    return {
        "date": analysis.model.as_of,
        "ties": ties,
        "roles": sorted(flagged),
        "counts": {
            "ties": int(analysis.summary["ties"]),
            "contacts": int(analysis.summary["contacts"]),
            "flagged": int(sum(1 for r in roles if r)),
        },
    }


def timeline_data(snapshots: Sequence[Analysis], ids: Sequence[str]) -> dict[str, Any]:
    """The page's timeline: ``roles`` (the names the bits stand for) and one
    :func:`snapshot` per analysis, oldest first (the last is the map's own date)."""
    return {"roles": list(ROLE_ORDER), "snapshots": [snapshot(a, ids) for a in snapshots]}
