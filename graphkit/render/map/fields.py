"""The team's own fields on the map: the "Team fields" block of the hover cards and the
sizes of the "Size by" control.

Only a map whose stakeholders have team fields (:mod:`graphkit.analysis.team_fields`)
carries any of this: its metadata gets ``team_fields`` (the headers, in order) and
``size_fields`` (one entry per numeric field), its stakeholder records ``tf`` (display
text per field, ``None`` without a value) and ``fz`` (drawn radius per numeric field).
A map without team fields has none of these keys, and the page leaves its team-fields
script out (:func:`graphkit.render.map.assets.map_script`): it stays byte for byte what it
was before team fields existed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from graphkit.analysis.team_fields import TeamField, display
from graphkit.render.map.style import MAX_SIZE, MIN_SIZE
from graphkit.render.map.ties import cell_text


def field_meta(fields: Sequence[TeamField]) -> dict[str, Any]:
    """The metadata of the map's team fields (empty without any).

    ``team_fields``: the headers; ``size_fields``: per numeric field, ``field`` (its index
    in ``team_fields``) and ``low``/``high`` (its lowest and highest value, as text).
    """
    if not fields:
        return {}
    size_fields = []
    for i, f in enumerate(fields):
        bounds = f.bounds
        if bounds is not None:
            low, high = (display(x) for x in bounds)
            size_fields.append({"field": i, "low": low, "high": high})
    return {"team_fields": [cell_text(f.label) for f in fields], "size_fields": size_fields}


def field_records(fields: Sequence[TeamField], sid: str) -> dict[str, Any]:
    """What one stakeholder record carries of the team fields: ``tf`` when it has a value
    for any field, and ``fz`` (its radius for each numeric field) when there are any."""
    out: dict[str, Any] = {}
    if any(sid in f.values for f in fields):
        out["tf"] = [f.text(sid) if sid in f.values else None for f in fields]
    sizes = [field_size(f, sid) for f in fields if f.numeric]
    if sizes:
        out["fz"] = sizes
    return out


def field_size(field: TeamField, sid: str) -> float:
    """The radius of ``sid`` when the map is sized by ``field``: from ``MIN_SIZE`` (the
    field's lowest value, or no value) to ``MAX_SIZE`` (its highest), the area growing with
    the value as it does with influence; halfway when every value is the same."""
    bounds = field.bounds
    value = field.values.get(sid)
    if bounds is None or value is None:
        return MIN_SIZE
    low, high = bounds
    if high <= low:
        return round((MIN_SIZE + MAX_SIZE) / 2, 1)
    share = (float(value) - low) / (high - low)
    return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(share), 1)
