"""The briefing's appendix: every number and full list, in the analysts' terms.

The headline numbers, the influencers, trust nodes, brokers per pair of parties, friction
points and unbalanced triangles, cooling ties and what changed, each item with the reason
:mod:`graphkit.analysis.reasons` gives (the same words as the table, the JSON and the map),
and the glossary that ties each word of page one to its metric (docs/metrics.md).
"""

from __future__ import annotations

from typing import cast

from graphkit.analysis.change import CHANGE, Change
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.trust import TRUSTING_TIE
from graphkit.render.briefing.model import MOOD, Section, name, roles, who
from graphkit.words import count

#: The appendix lists up to this many ties of each kind of change (``graphkit diff``: all).
LIST_CAP = 25


def headline(analysis: Analysis) -> list[tuple[str, str]]:
    """The negotiation in numbers: the first table of the appendix."""
    s = analysis.summary
    ratio = "n/a" if s["balance_ratio"] is None else f"{s['balance_ratio']:.2f}"
    return [
        ("Stakeholders", f"{s['stakeholders']}"),
        ("Parties", ", ".join(s["parties"]) or "none declared"),
        ("Contacts / ties", f"{s['contacts']} / {s['ties']}"),
        ("Negative ties", f"{s['negative_ties']}"),
        (
            "Balance",
            f"{ratio} ({s['unbalanced_triangles']} of {count(s['triangles'], 'triangle')} "
            "unbalanced)",
        ),
        ("Cooling ties", f"{s['cooling_ties']}"),
    ]


def _noted(analysis: Analysis, sid: str, reason: str) -> str:
    df = analysis.stakeholders
    notes = str(df.at[sid, "notes"]) if "notes" in df else ""  # a text column, like name
    return f"{reason}. Notes: {notes}" if notes else reason


def sections(analysis: Analysis, change: Change | None, *, top: int = 5) -> list[Section]:
    """The appendix's sections, in order."""
    df = analysis.stakeholders
    out = []
    infl = [sid for sid in df["influence"].nlargest(top).index if "influencer" in roles(df, sid)]
    out.append(Section("Top influencers", "Sought out most, weighted by recency (PageRank).",
                       [(who(df, sid), analysis.reasons[sid]["influencer"]) for sid in infl]))  # fmt: skip
    trust = [sid for sid in df.index if "trust node" in roles(df, sid)]
    trust.sort(key=lambda sid: -cast(float, df.at[sid, "trust"]))
    out.append(Section("Trust nodes", "Trusted by more than one party: positive, two-way, recent contacts.",
                       [(who(df, sid), _noted(analysis, sid, analysis.reasons[sid]["trust node"])) for sid in trust]))  # fmt: skip
    pairs = []
    for (a, b), shares in sorted(analysis.party_pairs.items()):
        best = sorted(shares.items(), key=lambda x: -x[1])[:3]
        if best:
            text = "; ".join(f"{name(df, sid)} ({sid}) {100 * v:.0f}%" for sid, v in best)
            pairs.append(
                (f"{a} – {b}", f"share of shortest paths between the parties through: {text}")
            )
    out.append(
        Section(
            "Brokers per pair of parties", "Who the paths between two parties run through.", pairs
        )
    )
    out.append(_friction(analysis))
    cool = []
    for t in analysis.cooling.sort_values("last_sentiment").itertuples():
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        cool.append((f"{name(df, u)} ({u}) – {name(df, v)} ({v})", str(t.why)))
    out.append(
        Section(
            "Cooling relationships",
            f"Sentiment or contact falling between the last two {analysis.model.period_days}-day periods.",
            cool,
        )
    )
    if change is not None:
        out.append(_changes(analysis, change))
    return out


def _friction(analysis: Analysis) -> Section:
    df = analysis.stakeholders
    fr = [
        sid
        for sid in df["friction"].sort_values(ascending=False).index
        if "friction point" in roles(df, sid)
    ]
    items = [
        (who(df, sid), _noted(analysis, sid, analysis.reasons[sid]["friction point"])) for sid in fr
    ]
    tri = analysis.triangles
    unb = tri[~tri["balanced"].astype(bool)] if len(tri) else tri
    for t in unb.head(8).itertuples():
        ids = cast("tuple[str, str, str]", (t.a, t.b, t.c))  # stakeholder ids
        names = " / ".join(f"{name(df, x)} ({x})" for x in ids)
        items.append((f"Unbalanced triangle {t.type}", names))
    if len(unb) > 8:
        items.append(
            (
                "…",
                f"and {len(unb) - 8} more unbalanced triangles (graphkit friction lists them all)",
            )
        )
    return Section(
        "Friction points and unbalanced triangles",
        "Negative ties and triads that pull apart.",
        items,
    )


def _changes(analysis: Analysis, change: Change) -> Section:
    df = analysis.stakeholders
    ch = []
    for kind, rows in (
        ("Warmed", change.warmed),
        ("Cooled", change.cooled),
        ("Broken", change.broken),
        ("Formed", change.formed),
    ):
        for r in rows[:LIST_CAP]:
            pair = f"{name(df, r['a'])} – {name(df, r['b'])}"
            if kind == "Formed":
                text = f"first contact {r['first_contact']}, sentiment {r['sentiment']:+.2f}"
            else:
                text = f"sentiment {r['before']:+.2f} → {r['after']:+.2f}" + (
                    f"; {r['why']}" if r.get("why") else ""
                )
            ch.append((f"{kind}: {pair}", text))
        if len(rows) > LIST_CAP:
            ch.append(
                (
                    "…",
                    f"and {len(rows) - LIST_CAP} more {kind.lower()} (graphkit diff lists them all)",
                )
            )
    for r in change.roles[: 2 * LIST_CAP]:
        moves = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"−{x}" for x in r["lost"])])
        ch.append((f"Role change: {r['name']} ({r['id']})", moves))
    bal = change.balance
    if bal.get("before") is not None and bal.get("after") is not None:
        ch.append(
            (
                "Balance",
                f"{bal['before']:.2f} → {bal['after']:.2f} ({bal['unbalanced_before']} → {bal['unbalanced_after']} unbalanced triangles)",
            )
        )
    return Section("What changed since the previous period", "", ch, "No change.")


#: A glossary entry: the words of page one, what they mean, the metrics behind them
#: (their names in docs/metrics.md).
Entry = tuple[str, str, tuple[str, ...]]


def glossary(analysis: Analysis) -> list[Entry]:
    """Each word of page one, what it means and the metrics behind it (docs/metrics.md)."""
    days = analysis.model.period_days
    bands = ", ".join(f"{word} from {low:+.1f}" for low, word in MOOD) + ", hostile below"
    return [
        ("trusted; warm, two-way contact",
         f"a tie whose trust is at least {TRUSTING_TIE}: positive, reciprocated, recent and "
         "consistent contacts. \"Whom to talk to\" lists the best of each party first, then "
         "others with more than one such tie across party lines, ranked by the parties that "
         "trust them, then their trusted ties, then the trust those ties carry",
         ("trust", "trusted_by")),
        ("trusted on both sides; trusted across the table",
         "trusted by both sides (a mediator), or by two parties other than one's own: the role "
         "trust node", ("trusted_by",)),
        ("friendly routes run most often through ..., then ...",
         "the shares of the shortest paths over positive ties between a member of each party "
         "that pass through a stakeholder, largest first: the role broker", ("party_pairs", "betweenness")),
        ("the friendly network splits apart", "without them, the parties' positive network falls "
         "into parts", ("cut_vertex",)),
        ("sought after", "influence: PageRank over positive and neutral contacts; the role "
         "influencer", ("influence",)),
        ("at odds with ..., most sharply",
         "negative ties, the most negative sentiment first; a friction point has two or more and "
         "among the largest friction", ("negative_ties", "friction", "sentiment")),
        ("under pressure", "hostile contacts from at least two stakeholders", ("pressure",)),
        ("warm, friendly, neutral, strained, hostile",
         f"the tie's recency-weighted sentiment: {bands}", ("sentiment",)),
        ("now friendly from one, strained from the other",
         "a contested tie: the two sides' contacts disagree in sign, each side's own "
         "recency-weighted sentiment in words", ("contested", "sentiment")),
        ("cooled, warmed",
         f"sentiment down or up by at least {CHANGE} since the previous period ({days} days "
         "earlier), or a positive tie turned negative", ("sentiment", "sign")),
        ("gone quiet",
         f"a tie active in the {days} days before the previous period and silent for longer than "
         f"{days} days since", ("contacts",)),
        ("go-between; trusted across the table; sought after; at odds (what changed)",
         "the roles broker, trust node, influencer and friction point gained or lost since the "
         "previous period", ("roles",)),
        ("a strong say, a decisive say; whom to win over",
         "declared power 4 or 5 of 5 (the team's rating in stakeholders.csv); \"Whom to win "
         "over\" lists those with it who oppose an issue, lean against it or are undecided, "
         "by their stance on record (stances.csv) on the briefing's day (graphkit persuade)",
         ()),
        ("the warmest way in; ask ..., who supports it",
         "the chain of introductions from a supporter with the highest trust, the product of "
         "its ties' trust, passing nobody at odds with either end; the contacts counted are "
         "those of its last step", ("trust",)),
        ("the picture",
         "the stakeholders of the interactive map at the same places: size by influence, "
         "colour by party, shape by kind, ties blue (warm) to grey to vermillion (at odds), "
         "dashed when cooling; named: those who hold a role", ("influence", "flags")),
    ]  # fmt: skip
