"""The page's tie records: one compact JSON object per tie between shown stakeholders.

Also the contact evidence behind each tie card (tracks, latest notes, declared
relationships) and the helpers that turn table cells into display text and numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, SupportsInt, cast

import numpy as np
import pandas as pd

from graphkit.analysis.negotiation import Analysis
from graphkit.render.map.style import (
    FRICTION_COLOUR,
    FULL_COLOUR_SENTIMENT,
    MAX_TIE_WIDTH,
    MIN_TIE_WIDTH,
    NEGATIVE_TIE_COLOUR,
    NEUTRAL_COLOUR,
    TRUST_COLOUR,
)

#: Recent contact notes shown per tie card.
NOTES_PER_TIE = 3
#: Contact dates are shown as ``YYYY-MM-DD``: the first characters of the stored text.
DATE_CHARS = 10


def tie_records(
    analysis: Analysis,
    ties: pd.DataFrame,
    index: Mapping[str, int],
    tracks: Mapping[tuple[str, str], list[str]],
    track_index: Mapping[str, int],
) -> list[dict[str, Any]]:
    """One compact record per tie between shown stakeholders.

    Compact because a 2,000-stakeholder map has tens of thousands: ``id``, ``from``,
    ``to`` (initiator and receiver for one-sided ties), ``w`` (width), ``c`` (colour),
    ``n`` (contacts), ``uv``/``vu`` (contacts initiated each way between ``u`` and ``v``;
    ``u``/``v`` are only written when they differ from ``from``/``to``), ``first``/``last``
    (contact dates), ``s`` (sentiment), ``st`` (strength), ``tr`` (trust), ``re``
    (reciprocity); when present: ``f`` (flags; texts in ``meta.flag_text``), ``dash``,
    ``arrow``, ``tk`` (indices into ``meta.tracks``), ``dt`` (declared types), ``dn``
    (declared ``[type, notes]``), ``cn`` (latest contact ``[date, notes]``), ``ub``
    (unbalanced triangles).

    ``ties`` are the rows of ``analysis.ties`` between shown stakeholders, ``index`` the
    vis-network index of each shown stakeholder, ``tracks`` the tracks of each tie
    (:func:`contact_tracks`) and ``track_index`` the index of each track in
    ``meta.tracks``.
    """
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
        sentiment = cell_number(t.sentiment)
        strength = cell_number(t.strength)
        e: dict[str, Any] = {
            "id": len(edges),
            "from": index[src],
            "to": index[dst],
            "w": round(tie_width(strength, top), 2),
            "c": tie_colour(_colour_sentiment(t, sentiment), int(cast("SupportsInt", t.sign))),
            "n": int(cell_number(t.contacts)),
            "uv": int(cell_number(t.uv)),
            "vu": int(cell_number(t.vu)),
            "first": cell_text(t.first_contact)[:DATE_CHARS],
            "last": cell_text(t.last_contact)[:DATE_CHARS],
            "s": f"{sentiment:+.2f}",
            "st": f"{strength:.2f}",
            "tr": f"{cell_number(t.trust):.2f}",
            "re": f"{cell_number(t.reciprocity):.2f}",
        }
        if src != u:
            e["u"], e["v"] = index[u], index[v]
        optional = {
            "f": flags,
            "dash": "cooling" in flags,
            "arrow": arrow,
            "tk": [track_index[k] for k in tracks.get((u, v), [])],
            "dt": cell_text(t.declared_types),
            "dn": declared.get((u, v), []),
            "cn": recent.get((u, v), []),
            "ub": int(cell_number(t.unbalanced_triangles)),
        }
        e.update((k, x) for k, x in optional.items() if x)
        edges.append(e)
    return edges


def _colour_sentiment(t: Any, sentiment: float) -> float:
    """The sentiment a tie is coloured by: its contacts' sentiment, or for a tie declared
    only (no contact: sentiment 0) its declared sign at full strength, so that a declared
    alliance is drawn as a trusting positive tie and a declared dispute as friction, the
    same colours as contacts of that sentiment, not a grey line beside an orange one."""
    if cell_number(t.contacts) > 0:
        return sentiment
    return FULL_COLOUR_SENTIMENT * (1 if int(cell_number(t.sign)) >= 0 else -1)


def tie_width(strength: float, top: float) -> float:
    """Drawn width: square root of the strength relative to the strongest tie (``top``)."""
    return MIN_TIE_WIDTH + (MAX_TIE_WIDTH - MIN_TIE_WIDTH) * math.sqrt(max(strength, 0.0) / top)


def tie_colour(sentiment: float, sign: int) -> str:
    """Diverging colour: friction (vermillion) below zero, trust (blue) above.

    >>> tie_colour(0.0, 1), tie_colour(0.6, 1), tie_colour(0.1, -1)
    ('#B4B4B4', '#0072B2', '#CD742D')
    """
    s = max(-1.0, min(1.0, sentiment / FULL_COLOUR_SENTIMENT))
    if sign < 0:
        s = min(s, -NEGATIVE_TIE_COLOUR)  # a negative tie is always clearly friction-coloured
    end = TRUST_COLOUR if s >= 0 else FRICTION_COLOUR
    a = abs(s)
    rgb = [round(n + (e - n) * a) for n, e in zip(NEUTRAL_COLOUR, end, strict=True)]
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def contact_tracks(
    analysis: Analysis, index: Mapping[str, int]
) -> dict[tuple[str, str], list[str]]:
    """Per shown tie ``(u, v)``: the tracks of its contacts, sorted."""
    c = _shown_contacts(analysis, index)
    if not len(c) or "track" not in c:
        return {}
    u, v = _pairs(c)
    frame = pd.DataFrame({"u": u, "v": v, "track": c["track"].map(cell_text)})
    frame = frame[frame["track"] != ""].drop_duplicates().sort_values(["u", "v", "track"])
    out: dict[tuple[str, str], list[str]] = {}
    for a, b, track in zip(frame["u"], frame["v"], frame["track"], strict=True):
        out.setdefault((a, b), []).append(track)
    return out


def cell_text(value: Any) -> str:
    """A cell as display text: missing values become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def cell_number(value: Any) -> float:
    """A cell as a finite number: missing, infinite or non-numeric values become 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(x) or math.isinf(x) else x


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


def _contact_notes(
    analysis: Analysis, index: Mapping[str, int]
) -> dict[tuple[str, str], list[list[str]]]:
    """Per shown tie ``(u, v)``: its latest :data:`NOTES_PER_TIE` contact notes with dates."""
    c = _shown_contacts(analysis, index)
    if not len(c) or "notes" not in c:
        return {}
    notes = c["notes"].map(cell_text)
    keep = notes.str.strip() != ""
    if not keep.any():
        return {}
    c, notes = c[keep], notes[keep]
    u, v = _pairs(c)
    frame = pd.DataFrame(
        {
            "u": u,
            "v": v,
            "date": c["date"].map(cell_text).str[:DATE_CHARS],
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
    for s, t, kind, since, until, note in zip(
        d["source"], d["target"], d["type"], d["since"], d["until"], d["notes"], strict=True
    ):
        s, t = cell_text(s), cell_text(t)
        if s in index and t in index:
            key = (s, t) if s < t else (t, s)
            held = " ".join(
                f"{word} {cell_text(day)}"
                for word, day in (("since", since), ("until", until))
                if day
            )
            kind = f"{cell_text(kind)} ({held})" if held else cell_text(kind)
            out.setdefault(key, []).append([kind, cell_text(note)])
    return {k: sorted(v) for k, v in out.items()}
