"""The reasons behind each role, in plain words with the evidence a reader can check
against the files: why a stakeholder is an influencer, a broker, a trust node or a
friction point. Every number they quote is defined in docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

import networkx as nx
import pandas as pd

from graphkit.analysis import brokers, friction, trust
from graphkit.analysis.friction import Balance
from graphkit.analysis.metrics import ranks
from graphkit.graph import TieModel
from graphkit.words import count


def role_quota(n: int) -> int:
    """How many stakeholders may hold a ranked role: 8% of them, at least 3, at most 25."""
    return max(3, min(25, round(0.08 * n)))


def _fmt_share(x: float) -> str:
    return f"{100 * x:.0f}%"


def _margin(
    sid: str,
    pair: tuple[str, str],
    sampling: Mapping[tuple[str, str], Mapping[str, int | bool]],
    pair_errors: Mapping[tuple[str, str], Mapping[str, float]],
) -> str:
    """What follows an estimated share: the sample and the share's standard error in
    percentage points, " (estimated from a sample of 500 of 3,200 members with ties,
    standard error 0.8 points)"; nothing follows an exact share. A standard error, not a
    "±" margin: on the benchmark logs two standard errors held the exact share for only
    84-91% of the largest shares (bench/RESULTS.md), so a margin would claim too much."""
    s = sampling.get(pair, {})
    if not s.get("estimated"):
        return ""
    with_ties = count(int(s["with_ties"]), "member with ties", "members with ties", grouped=True)
    sample = f"a sample of {int(s['sources']):,} of {with_ties}"
    se = pair_errors.get(pair, {}).get(sid)
    if se is None:  # counted without batches (brokers.party_pair_estimates, batches=1)
        return f" (estimated from {sample})"
    return f" (estimated from {sample}, standard error {100 * se:.1f} points)"


def role_reasons(
    df: pd.DataFrame,
    model: TieModel,
    ties: pd.DataFrame,
    pairs: Mapping[tuple[str, str], Mapping[str, float]],
    cuts: Mapping[str, Sequence[Mapping[str, int]]],
    nodes: Mapping[str, Mapping[str, Sequence[tuple[str, float]]]],
    bal: Balance,
    path_share: Mapping[str, float],
    sampling: Mapping[tuple[str, str], Mapping[str, int | bool]],
    pair_errors: Mapping[tuple[str, str], Mapping[str, float]],
    contacts: nx.DiGraph[str],
    mediating: Set[str],
    min_trust_contacts: int,
    pressed: Sequence[friction.Pressure],
) -> dict[str, dict[str, str]]:
    n = len(df)
    quota = role_quota(n)
    reasons: dict[str, dict[str, str]] = {}
    name = df["name"].to_dict()

    def label(sid: str) -> str:
        return f"{name.get(sid, sid)} ({sid})" if name.get(sid, sid) != sid else sid

    # influencers: top PageRank. The evidence is the contacts PageRank reads: those others
    # initiated with them that are positive or neutral (hostile ones are pressure).
    party = df["party"].to_dict()
    has_parties = any(p for p in party.values())
    ranked = ranks(df["influence"], "influence")  # the rank every output shows
    for sid in df["influence"].nlargest(quota).index:
        if df["influence"][sid] <= 0 or df["weighted_degree"][sid] <= 0:
            continue  # a stakeholder without ties is nobody's influencer
        seekers = [
            (a, int(e["sought_contacts"]))
            for a, _, e in (contacts.in_edges(sid, data=True) if sid in contacts else ())
            if e["sought_contacts"] > 0
        ]
        seeker_parties = {party.get(a, "") for a, _ in seekers} - {""}
        # the parties they come from, only in a negotiation that has parties
        from_parties = f" from {count(len(seeker_parties), 'party')}" if has_parties else ""
        sought = count(sum(c for _, c in seekers), "positive or neutral contact")
        text = (
            f"PageRank {df['influence'][sid]:.3f}, rank {int(ranked[sid])} of {n}: sought out by "
            f"{count(len(seekers), 'stakeholder')}{from_parties} in {sought}"
        )
        hostile = int(
            sum(e["hostile_contacts"] for _, _, e in contacts.in_edges(sid, data=True))
            if sid in contacts
            else 0
        )
        if hostile:
            text += (
                f" (and {count(hostile, 'hostile contact')}, not counted: "
                f"pressure {df['pressure'][sid]:.2f})"
            )
        reasons.setdefault(sid, {})["influencer"] = text

    # brokers: top betweenness that bridge parties, and party cut vertices
    cross = df["itinerant"] + df["representative"] + df["gatekeeper"] + df["liaison"]
    bridged: dict[str, list[tuple[tuple[str, str], float]]] = {}
    for pair, shares in pairs.items():
        for sid, share in shares.items():
            bridged.setdefault(sid, []).append((pair, share))
    brank = ranks(df["betweenness"], "betweenness")
    candidates = [s for s in df["betweenness"].nlargest(quota).index if df["betweenness"][s] > 0]
    for sid in dict.fromkeys([*candidates, *cuts]):
        links = sorted(bridged.get(sid, []), key=lambda x: -x[1])
        if sid not in cuts and not (cross[sid] > 0 and links and links[0][1] >= 0.05):
            continue
        parts = [
            f"on {_fmt_share(path_share[sid])} of the shortest paths between connected pairs "
            f"(betweenness rank {int(brank[sid])} of {n})"
        ]
        if links:
            parts.append(", ".join(
                f"{_fmt_share(s)}{_margin(sid, (a, b), sampling, pair_errors)} of {a}-{b} paths"
                for (a, b), s in links[:3]
            ))  # fmt: skip
        roles = [f"{r} {int(df[r][sid])}" for r in brokers.ROLES if df[r][sid]]
        if roles:
            parts.append("brokerage roles: " + ", ".join(roles))
        if sid in cuts:
            pieces = cuts[sid]
            parts.append(
                "without them the network splits into "
                + " | ".join(", ".join(f"{p} {c}" for p, c in piece.items()) for piece in pieces)
            )
        reasons.setdefault(sid, {})["broker"] = "; ".join(parts)

    # trust nodes: the parties that count (trust.trust_nodes: not one's own; for a mediator
    # the sides), each with its most trusting members
    for sid, parties in nodes.items():
        if sid not in df.index:
            continue
        text = ", ".join(
            f"{p} ({', '.join(f'{label(w)} {v:.2f}' for w, v in who[:3])}{' ...' if len(who) > 3 else ''})"
            for p, who in sorted(parties.items())
        )
        whose = "a mediator trusted by" if sid in mediating else "trusted by"
        other = "parties at the table" if sid in mediating else "parties other than their own"
        reasons.setdefault(sid, {})["trust node"] = (
            f"{whose} {len(parties)} {other}, each through a tie of trust at least "
            f"{trust.TRUSTING_TIE} (at least {count(min_trust_contacts, 'positive contact')}, "
            f"both sides initiating, recent): {text}"
        )

    # friction points
    neg = model.ties[model.ties["sign"] < 0]
    sides = {
        (a, b): float(x)
        for a, b, x in zip(
            model.directed["source"],
            model.directed["target"],
            model.directed["sentiment"],
            strict=True,
        )
    }
    fr = df[(df["negative_ties"] >= 2) & (df["friction"] > 0)]["friction"].nlargest(quota)
    pressure = {p["stakeholder"]: p for p in pressed}
    for sid in fr.index:
        mine = neg[(neg["u"] == sid) | (neg["v"] == sid)].sort_values("sentiment")
        items = []
        for t in mine.head(4).itertuples():
            other = t.v if t.u == sid else t.u
            if t.contested:
                # Not a mean near zero: each side's own (recency-weighted) mean.
                items.append(
                    f"{label(other)} contested: sentiment (recency-weighted) "
                    f"{sides[(sid, other)]:+.2f} from "
                    f"{sid}, {sides[(other, sid)]:+.2f} from {other}, over "
                    f"{count(t.contacts, 'contact')}, last {t.last_contact[:10]}"
                )
            elif t.contacts:
                items.append(
                    f"{label(other)} sentiment {t.sentiment:+.2f} (recency-weighted) over "
                    f"{count(t.contacts, 'contact')}, last {t.last_contact[:10]}"
                )
            else:
                items.append(f"{label(other)} declared {t.declared_types}")
        more = f" and {len(mine) - 4} more" if len(mine) > 4 else ""
        text = f"{count(len(mine), 'negative tie')}: " + "; ".join(items) + more
        ub = int(df["unbalanced_triangles"][sid])
        if ub:
            text += f"; in {count(ub, 'unbalanced triangle')}"
        if sid in pressure:
            # Beside the ranking, not in it: friction weighs negative ties, pressure counts
            # hostile contacts (see docs/metrics.md, friction point).
            text += (
                f"; under pressure: {friction.pressure_evidence(pressure[sid], top=1, more=False)} "
                f"(pressure {pressure[sid]['pressure']:.2f})"
            )
        reasons.setdefault(sid, {})["friction point"] = text
    return reasons
