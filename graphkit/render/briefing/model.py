"""The briefing's records, and the plain words both of its parts are written in.

A :class:`Briefing` has page one (:attr:`Briefing.summary`: sections of at most about five
items, each a headline and one sentence, in plain words and ranks) and the appendix
(:attr:`Briefing.sections`: every number and full list, in the analysts' terms), with a
glossary that ties each word of page one to its metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import pandas as pd

from graphkit.analysis.negotiation import Analysis


@dataclass
class Section:
    title: str
    intro: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (headline, reason)
    empty: str = "None."
    #: (caption, ``<svg>`` with every user-supplied text escaped), drawn after the intro.
    figures: list[tuple[str, str]] = field(default_factory=list)
    #: The figures as one file beside briefing.md, which links it (None: no file).
    figure_file: str | None = None


@dataclass
class Picture:
    """The static SVG of the map (:mod:`.picture`), its legend and what it leaves out."""

    #: The ``<svg>`` element, every user-supplied text in it escaped.
    svg: str
    #: (colour, label, "party" or "tie"): the parties, then the kinds of tie.
    legend: list[tuple[str, str, str]]
    #: One sentence on what the picture shows ("All 61 stakeholders and their 252 ties.").
    caption: str
    #: Width / height of the drawing (its ``viewBox``).
    aspect: float = 2.0


@dataclass
class Briefing:
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    #: The appendix: every number and full list.
    sections: list[Section]
    redacted: str = ""
    map_link: str | None = "map.html"
    #: Page one: in plain words and ranks.
    summary: list[Section] = field(default_factory=list)
    #: One line under the title of page one: the date, the parties, the log.
    summary_line: str = ""
    picture: Picture | None = None
    #: (words of page one, what they mean, the metrics behind them: docs/metrics.md names).
    glossary: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    #: The picture as a file beside briefing.md (``None``: no picture).
    picture_file: str | None = "briefing.svg"


_STOP = frozenset({"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "with"})


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in _STOP}


def distinct_parts(*parts: str) -> list[str]:
    """``parts`` without those that say nothing new: a part whose words all appeared in
    the parts before it is left out, so that a heading never says the same thing twice.

    >>> distinct_parts("Lead envoy", "Coastal Seas Council", "Coastal Seas Council")
    ['Lead envoy', 'Coastal Seas Council']
    >>> distinct_parts("Regional director, Alvara and Dalvenia", "Nordvind Offshore", "Alvara")
    ['Regional director, Alvara and Dalvenia', 'Nordvind Offshore']
    >>> distinct_parts("", "Ministry of Defence", "Dalvenia")
    ['Ministry of Defence', 'Dalvenia']
    """
    seen: set[str] = set()
    out = []
    for p in parts:
        p = p.strip()
        words = _words(p)
        if not p or (words and words <= seen) or (not words and p in out):
            continue
        seen |= words
        out.append(p)
    return out


def name(df: pd.DataFrame, sid: str) -> str:
    """The name of stakeholder ``sid`` (a text column: ``graph._stakeholder_frame``), or the
    id of a stakeholder the analysis does not have."""
    return str(df.at[sid, "name"]) if sid in df.index else sid


def short(df: pd.DataFrame, sid: str) -> str:
    """The name and party, for a name inside a sentence: "Carla Menezes (Alvara)"."""
    party = str(df.at[sid, "party"] or "") if sid in df.index else ""
    return f"{name(df, sid)} ({party})" if party else name(df, sid)


def roles(df: pd.DataFrame, sid: str) -> tuple[str, ...]:
    """The roles stakeholder ``sid`` holds (``analyse`` stores them as a tuple)."""
    return cast("tuple[str, ...]", df.at[sid, "roles"])


def who(df: pd.DataFrame, sid: str, *, with_id: bool = True, organization: bool = True) -> str:
    """The name (and id), then role, organization and party, each only when it adds
    something (:func:`distinct_parts`): "Ingrid Solheim (M-01) — Lead envoy, Coastal Seas
    Council"."""
    row = df.loc[sid]
    text = [str(row["role"] or "")]
    if organization:
        text.append(str(row["organization"] or ""))
    extra = ", ".join(distinct_parts(*text, str(row["party"] or "")))
    head = f"{row['name']} ({sid})" if with_id else str(row["name"])
    return head + (f" — {extra}" if extra else "")


def listing(items: list[str]) -> str:
    """Items joined as a sentence says them: "A", "A and B", "A, B and C".

    >>> listing(["A"]), listing(["A", "B"]), listing(["A", "B", "C"])
    ('A', 'A and B', 'A, B and C')
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def day(text: object) -> str:
    """``"2024-06-18"`` as ``"18 June 2024"`` (other text as it is).

    >>> day("2024-06-18"), day("2024-06-18T09:30:00"), day("")
    ('18 June 2024', '18 June 2024', '')
    """
    d = _date(text)
    return f"{d.day} {d:%B %Y}" if d else str(text or "")


def month(text: object) -> str:
    """``"2024-06-18"`` as ``"June 2024"``.

    >>> month("2024-11-20")
    'November 2024'
    """
    d = _date(text)
    return f"{d:%B %Y}" if d else str(text or "")


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


#: Sentiment in words, from the warmest band down: (lowest sentiment, word).
MOOD = ((0.5, "warm"), (0.1, "friendly"), (-0.1, "neutral"), (-0.5, "strained"))


def mood(sentiment: float) -> str:
    """A recency-weighted sentiment (-1 hostile .. 1 warm) in one word.

    >>> mood(0.7), mood(0.3), mood(0.0), mood(-0.3), mood(-0.8)
    ('warm', 'friendly', 'neutral', 'strained', 'hostile')
    """
    for low, word in MOOD:
        if sentiment >= low:
            return word
    return "hostile"


def mediating_parties(analysis: Analysis) -> set[str]:
    """Parties whose members with a stated kind are all mediators (as
    :func:`graphkit.analysis.trust.mediators` reads them)."""
    kinds: dict[str, set[str]] = {}
    df = analysis.stakeholders
    for p, k in zip(df["party"], df["kind"], strict=True):
        if p and k:
            kinds.setdefault(str(p), set()).add(str(k))
    return {p for p, k in kinds.items() if k == {"mediator"}}


def party_order(analysis: Analysis) -> list[str]:
    """The parties as the map's legend orders them: the sides by size, then the mediating
    parties."""
    df = analysis.stakeholders
    sizes = df["party"][df["party"] != ""].value_counts()
    mediating = mediating_parties(analysis)
    return sorted((str(p) for p in sizes.index), key=lambda p: (p in mediating, -int(sizes[p]), p))
