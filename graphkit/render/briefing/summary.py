"""Page one of the briefing: whom to talk to, who can carry messages, where it may break
and what changed, in plain words and ranks.

The evidence is the same as the appendix's (:mod:`graphkit.analysis.reasons`), said the
way a diplomat would: names, parties, how many people and contacts, months; never a metric
name or a score. Each heading has at most :data:`ITEMS` items, each a headline and one
sentence. The glossary in the appendix (:func:`.appendix.glossary`) ties every word used
here to its metric.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

import pandas as pd

from graphkit.analysis.change import Change
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.trust import TRUSTING_TIE
from graphkit.render.briefing.model import (
    Section,
    day,
    listing,
    mediating_parties,
    month,
    mood,
    name,
    party_order,
    short,
    who,
)
from graphkit.words import count

#: Items under each heading of page one, at most.
ITEMS = 5
#: People named in one sentence, at most ("... and 3 more"); pairs of people.
NAMED, PAIRS = 3, 2
#: Titles of page one's sections (the tests look for them on the printed page one).
WHOM, CARRIERS, BREAKS, CHANGED = (
    "Whom to talk to",
    "Who can carry messages",
    "Where it may break",
    "What changed",
)


def summary(analysis: Analysis, change: Change | None, since: str | None) -> list[Section]:
    """Page one's four sections; ``since`` is the date of the previous period (``change``
    compares the analysis with the one of that date)."""
    return [
        _whom(analysis),
        _carriers(analysis),
        _breaks(analysis),
        _changed(analysis, change, since),
    ]


def summary_line(analysis: Analysis) -> str:
    """The line under page one's title: "As of 18 December 2024: 61 stakeholders in 3
    parties (...); 879 contacts logged since January 2022."."""
    s = analysis.summary
    parties = s["parties"]
    people = count(s["stakeholders"], "stakeholder", grouped=True)
    if parties:
        people += f" in {count(len(parties), 'party')} ({listing(party_order(analysis))})"
    first = analysis.model.first_contact
    since = f" since {month(first)}" if first else ""
    logged = f"{count(s['contacts'], 'contact', grouped=True)} logged{since}"
    return f"As of {day(analysis.model.as_of)}: {people}; {logged}."


def _named(names: list[str]) -> str:
    """At most :data:`NAMED` names, then how many more."""
    if len(names) <= NAMED:
        return listing(names)
    return listing([*names[:NAMED], f"{len(names) - NAMED:,} more"])


# -- whom to talk to ---------------------------------------------------------------------


def _whom(analysis: Analysis) -> Section:
    """The trusted channels: stakeholders with warm two-way ties across party lines, the
    best of each party first, ranked by the parties that trust them, their trusted ties,
    then how much trust those ties carry."""
    df = analysis.stakeholders
    party = cast("dict[str, str]", df["party"].to_dict())
    has_parties = any(party.values())
    t = analysis.ties
    t = t[(t["trust"] >= TRUSTING_TIE) & ~t["contested"].astype(bool)]
    links: dict[str, list[tuple[str, float, int, str, str]]] = {}
    for u, v, tr, n, first, last in zip(
        t["u"], t["v"], t["trust"], t["contacts"], t["first_contact"], t["last_contact"],
        strict=True,
    ):  # fmt: skip
        if has_parties and (not party.get(u) or not party.get(v) or party[u] == party[v]):
            continue
        for a, b in ((u, v), (v, u)):
            links.setdefault(a, []).append((b, float(tr), int(n), str(first), str(last)))

    def rank(sid: str) -> tuple[float, ...]:
        ls = links[sid]
        return (-len({party.get(b, "") for b, *_ in ls}), -len(ls), -sum(x[1] for x in ls))

    ranked = sorted(links, key=lambda sid: (rank(sid), sid))
    chosen: list[str] = []
    for p in party_order(analysis) if has_parties else []:
        best = next((sid for sid in ranked if party.get(sid) == p), None)
        if best is not None:
            chosen.append(best)
    chosen = sorted(chosen[:ITEMS], key=lambda sid: (rank(sid), sid))
    # then others with more than one trusted tie across party lines, while there is room
    more = [sid for sid in ranked if sid not in chosen and len(links[sid]) > 1]
    chosen += more[: ITEMS - len(chosen)]
    sides = [p for p in party_order(analysis) if p not in mediating_parties(analysis)]
    items = [
        (who(df, sid, with_id=False), _trusted(df, sid, links[sid], party, sides, has_parties))
        for sid in chosen
    ]
    return Section(
        WHOM,
        "The trusted channels: warm, two-way contact across party lines.",
        items,
        "Nobody yet has warm, two-way contact across party lines.",
    )


def _trusted(
    df: pd.DataFrame,
    sid: str,
    ls: list[tuple[str, float, int, str, str]],
    party: dict[str, str],
    sides: list[str],
    has_parties: bool,
) -> str:
    ls = sorted(ls, key=lambda x: (-x[1], x[0]))
    by: dict[str, list[str]] = {}
    for b, *_ in ls:
        by.setdefault(party.get(b, ""), []).append(b)
    trusting = _party_order_of(by, sides)
    if not has_parties:
        lead = "Trusted"
    elif len(sides) == 2 and set(sides) <= set(by) and party.get(sid) not in sides:
        lead = "Trusted on both sides"
    else:
        lead = f"Trusted in {listing(trusting)}"
    if len(ls) <= NAMED:
        with_ = listing([name(df, b) for b, *_ in ls])
    else:
        counts = [len(by[p]) for p in trusting]
        with_ = listing(
            [f"{n} in {p}" if p else str(n) for n, p in zip(counts, trusting, strict=True)]
        )
        with_ = with_.replace(" in ", " people in " if counts[0] != 1 else " person in ", 1)
    contacts = sum(x[2] for x in ls)
    first = min(x[3] for x in ls)[:4]
    last = month(max(x[4] for x in ls))
    return (
        f"{lead}; warm, two-way contact with {with_}; "
        f"{count(contacts, 'contact', grouped=True)} since {first}, the latest in {last}."
    )


def _party_order_of(by: dict[str, list[str]], sides: list[str]) -> list[str]:
    """The parties of ``by``: the sides in their order, then the others by name."""
    return [p for p in sides if p in by] + sorted(p for p in by if p not in sides)


# -- who can carry messages ----------------------------------------------------------------


def _carriers(analysis: Analysis) -> Section:
    """Per pair of parties (the sides first), who the friendly routes run through."""
    df = analysis.stakeholders
    order = {p: i for i, p in enumerate(party_order(analysis))}
    mediating = mediating_parties(analysis)
    pairs = sorted(
        analysis.party_pairs.items(),
        key=lambda kv: (sum(p in mediating for p in kv[0]), [order.get(p, 99) for p in kv[0]]),
    )
    items = []
    for (a, b), shares in pairs:
        best = [sid for sid, v in sorted(shares.items(), key=lambda x: (-x[1], x[0])) if v > 0]
        if not best:
            continue
        first, rest = best[0], best[1:NAMED]
        text = f"Friendly routes run most often through {short(df, first)}"
        if rest:
            text += f", then {listing([short(df, x) for x in rest])}"
        if first in analysis.cut_vertices:
            text += f"; without {name(df, first)} the friendly network splits apart"
        items.append((f"{a} and {b}", text + "."))
    intro = "Between each pair of parties, the people most friendly routes run through."
    if len(items) > ITEMS:
        intro += f" {count(len(items) - ITEMS, 'more pair', grouped=True)} in the appendix."
    return Section(
        CARRIERS,
        intro,
        items[:ITEMS],
        "No parties declared, or no friendly route between them.",
    )


# -- where it may break ----------------------------------------------------------------------


def _breaks(analysis: Analysis) -> Section:
    """The points of friction, most first, each with the relationships behind it; then
    cooling relationships, when there is room."""
    df = analysis.stakeholders
    pressed = {p["stakeholder"]: p for p in analysis.pressure}
    neg = analysis.ties[analysis.ties["sign"] < 0]
    fr = [sid for sid in df["friction"].sort_values(ascending=False).index
          if "friction point" in cast("tuple[str, ...]", df.at[sid, "roles"])]  # fmt: skip
    items = []
    for sid in fr[:ITEMS]:
        mine = neg[(neg["u"] == sid) | (neg["v"] == sid)].sort_values(["sentiment", "u", "v"])
        others = [v if u == sid else u for u, v in zip(mine["u"], mine["v"], strict=True)]
        text = f"At odds with {count(len(others), 'person', 'people', grouped=True)}, most sharply {_named([name(df, x) for x in others])}"
        dates = [str(x) for x in mine["last_contact"] if x and str(x) != "nan"]
        if dates:
            text += f" (latest contact: {month(max(dates))})"
        if sid in pressed:
            text += f"; under pressure from {count(int(pressed[sid]['initiators']), 'person', 'people', grouped=True)}"
        items.append((who(df, sid, with_id=False), text + "."))
    cooling = analysis.cooling.sort_values(["last_sentiment", "u", "v"])
    for t in cooling.head(max(0, ITEMS - len(items))).itertuples():
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        before, after = _num(t.prev_sentiment), _num(t.last_sentiment)
        how = (
            f"from {mood(before)} to {mood(after)}"
            if before is not None and after is not None
            else "less contact"
        )
        items.append((f"{name(df, u)} and {name(df, v)}", f"Cooling over the last {analysis.model.period_days} days: {how}."))  # fmt: skip
    return Section(
        BREAKS,
        "Who is at odds with whom, and the relationships behind it.",
        items,
        "No one is at odds with several others, and no relationship is cooling.",
    )


def _num(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


# -- what changed ---------------------------------------------------------------------------

#: Role changes in words: (role, gained) -> (headline, what follows the names for one
#: stakeholder, for several).
_ROLE_WORDS = {
    ("trust node", False): ("No longer trusted across the table",
                            "no longer has warm, two-way contact with two other parties",
                            "no longer have warm, two-way contact with two other parties"),
    ("broker", False): ("No longer a go-between", "no longer carries messages between the parties",
                        "no longer carry messages between the parties"),
    ("friction point", True): ("Newly at odds", "is now at odds with several people",
                               "are now at odds with several people"),
    ("broker", True): ("New go-between", "now carries messages between the parties",
                       "now carry messages between the parties"),
    ("trust node", True): ("Newly trusted across the table",
                           "now has warm, two-way contact with two other parties",
                           "now have warm, two-way contact with two other parties"),
    ("influencer", True): ("Newly sought after", "is now among the most sought after",
                           "are now among the most sought after"),
    ("influencer", False): ("Less sought after", "is no longer among the most sought after",
                            "are no longer among the most sought after"),
    ("friction point", False): ("No longer at odds", "is no longer at odds with several people",
                                "are no longer at odds with several people"),
}  # fmt: skip
#: Kinds of change page one shows first: up to this many losses, then gains.
LOSSES, GAINS = 3, 2


def _changed(analysis: Analysis, change: Change | None, since: str | None) -> Section:
    """The changes since the previous period, one item per kind: the losses that matter
    most, then the gains, then the rest while there is room."""
    if change is None or since is None:
        return Section(CHANGED, "", [], "Nothing to compare with yet: the log has no contacts "
                       f"from before {day(since) if since else 'the previous period'}.")  # fmt: skip
    df = analysis.stakeholders
    weight = cast("dict[str, float]", df["influence"].to_dict())
    ties = analysis.ties.set_index(["u", "v"])

    def pairs(rows: list[dict[str, Any]], how: Callable[[dict[str, Any]], str]) -> str:
        # ties turned hostile first, then the pairs most sought after
        rows = sorted(rows, key=lambda r: (r.get("why") != "turned negative",
                                           -weight.get(r["a"], 0) - weight.get(r["b"], 0), r["a"], r["b"]))  # fmt: skip
        shown = [f"{name(df, r['a'])} and {name(df, r['b'])} ({how(r)})" for r in rows[:PAIRS]]
        more = f"; and {len(rows) - PAIRS:,} more" if len(rows) > PAIRS else ""
        return "; ".join(shown) + more + "."

    d = analysis.model.directed
    sides = dict(zip(zip(d["source"], d["target"], strict=True), d["sentiment"], strict=True))

    def moods(r: dict[str, Any]) -> str:
        a, b = r["a"], r["b"]
        if (a, b) in ties.index and bool(ties.at[(a, b), "contested"]) and (a, b) in sides and (b, a) in sides:  # fmt: skip
            return (
                f"{mood(r['before'])} before; now {mood(float(sides[(a, b)]))} from {name(df, a)}, "
                f"{mood(float(sides[(b, a)]))} from {name(df, b)}"
            )
        if r.get("why") == "turned negative":
            return f"{mood(r['before'])} before, now at odds"
        return f"{mood(r['before'])} to {mood(r['after'])}"

    def roles(key: tuple[str, bool]) -> tuple[str, str] | None:
        ids = [r["id"] for r in change.roles if key[0] in (r["gained"] if key[1] else r["lost"])]
        if not ids:
            return None
        ids.sort(key=lambda x: (-weight.get(x, 0), x))
        head, one, many = _ROLE_WORDS[key]
        return head, f"{_named([short(df, x) for x in ids])} {one if len(ids) == 1 else many}."

    hostile = [r for r in change.broken if r.get("why") == "turned negative"]
    quiet = [r for r in change.broken if r.get("why") != "turned negative"]
    worse = hostile + change.cooled
    losses = [
        (f"Cooled: {count(len(worse), 'relationship', grouped=True)}", pairs(worse, moods)) if worse else None,
        (f"Gone quiet: {count(len(quiet), 'relationship', grouped=True)}",
         pairs(quiet, lambda r: f"no contact since {day(r['last_contact'])}")) if quiet else None,
        roles(("trust node", False)),
        roles(("broker", False)),
        roles(("friction point", True)),
    ]  # fmt: skip
    gains = [
        roles(("broker", True)),
        (f"Warmed: {count(len(change.warmed), 'relationship', grouped=True)}", pairs(change.warmed, moods))
        if change.warmed else None,
        roles(("trust node", True)),
        (f"New: {count(len(change.formed), 'relationship', grouped=True)}",
         pairs(change.formed, lambda r: f"first contact {day(r['first_contact'])}, {mood(r['sentiment'])}"))
        if change.formed else None,
    ]  # fmt: skip
    rest = [
        roles(k) for k in (("influencer", True), ("influencer", False), ("friction point", False))
    ]
    lost = [x for x in losses if x]
    won = [x for x in gains if x]
    first = lost[:LOSSES] + won[:GAINS]
    kinds = first + [x for x in [*lost, *won, *rest] if x and x not in first]
    more = len(kinds) - ITEMS
    intro = f"Since {day(since)}, the previous {analysis.model.period_days} days."
    if more > 0:
        intro += f" The most telling {ITEMS} kinds of change; {more} more in the appendix."
    return Section(CHANGED, intro, kinds[:ITEMS], "No change.")


# -- one page ---------------------------------------------------------------------------------

#: Page one's print layout (output.py's stylesheet), for :func:`fit`: the text runs in two
#: columns of about 90 mm; an item is 8 pt on 10 pt lines with 1.2 mm after it, 62-66
#: characters a line (counted as 60, for the words that wrap early: on the sample and a
#: 1,500-stakeholder log this never counts fewer lines than Chromium draws, and 6% more); a
#: heading with its rule about 6.5 mm, its intro 7.5 pt on 9.4 pt lines. The columns
#: are kept SLACK_MM short of the page: Chromium balances them less tightly than
#: :func:`columns_mm`.
LINE_MM, ITEM_GAP_MM, HEAD_MM, INTRO_LINE_MM = 3.53, 1.2, 6.5, 3.3
CHARS_PER_LINE, INTRO_CHARS_PER_LINE = 60, 66
SLACK_MM = 4.0


def _item_mm(text: str, chars: int = CHARS_PER_LINE, line: float = LINE_MM) -> float:
    return math.ceil(len(text) / chars) * line


def _blocks(s: Section) -> list[float]:
    """The heights of a section's unbreakable blocks: its heading, intro and first item
    (``div.lead``), then each other item."""
    lead = HEAD_MM + _item_mm(s.intro, INTRO_CHARS_PER_LINE, INTRO_LINE_MM)
    if not s.items:
        return [lead + _item_mm(s.empty)]
    items = [_item_mm(f"{h}: {r}") + ITEM_GAP_MM for h, r in s.items]
    return [lead + items[0], *items[1:]]


def columns_mm(sections: list[Section]) -> float:
    """How tall the two balanced columns of ``sections`` are: the least height into which
    their blocks, in order and none broken, fill two columns."""
    blocks = [b for s in sections for b in _blocks(s)]
    if not blocks:
        return 0.0
    height = max(max(blocks), sum(blocks) / 2)
    while True:
        columns, used = 1, 0.0
        for b in blocks:
            if used + b > height:
                columns, used = columns + 1, b
            else:
                used += b
        if columns <= 2:
            return height
        height += 0.5


def fit(sections: list[Section], column_mm: float) -> list[Section]:
    """``sections`` with items left out until their two columns are at most ``column_mm``
    tall (:func:`columns_mm`), the last item of the section with the most items first, each
    keeping at least one; a section that lost items says that the appendix has the rest."""
    out = [Section(s.title, s.intro, list(s.items), s.empty) for s in sections]
    cut: set[str] = set()
    while columns_mm(out) > column_mm - SLACK_MM:
        longest = max(
            (s for s in out if len(s.items) > 1), key=lambda s: len(s.items), default=None
        )
        if longest is None:
            break
        longest.items.pop()
        cut.add(longest.title)
    for s in out:
        if s.title in cut and "appendix" not in s.intro:
            s.intro = (s.intro + " More in the appendix.").strip()
    return out
