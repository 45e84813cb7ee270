"""``graphkit persuade`` and ``graphkit ratification``: whom to move on an issue, who can
reach them, whom to ask first; where each party stands."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.persuade import Plan
from graphkit.analysis.stances import STANCE_WORDS, Balance
from graphkit.render.views import View

#: One row per chain: the table shows these ...
PLAN_COLUMNS = [
    "target", "target_name", "power", "stance", "chain", "supporter", "chain_trust", "steps",
]  # fmt: skip
#: ... and the CSV also the stance's day and source and each step's evidence.
PLAN_CSV_COLUMNS = [
    "issue", "as_of", "target", "target_name", "power", "stance", "since", "source", "rank",
    "supporter", "chain", "chain_trust", "steps", "link_trust", "link_contacts",
    "link_last_contact",
]  # fmt: skip


def plan_document(plan: Plan) -> dict[str, Any]:
    """The JSON document of ``persuade``: the whole plan."""
    return asdict(plan)


def plan(result: Plan, analysis: Analysis) -> View:
    """Targets with their best chains; whom to ask first, the go-betweens the plan leans
    on and who has power but no stance on record, in words."""
    names = analysis.stakeholders["name"].to_dict()
    rows = []
    for t in result.targets:
        for rank, c in enumerate(t.chains or [None], start=1):
            rows.append({
                "issue": result.issue,
                "as_of": result.as_of,
                "target": t.id,
                "target_name": names.get(t.id, t.id),
                "power": t.power,
                "stance": STANCE_WORDS[t.stance],
                "since": t.since,
                "source": t.source,
                "rank": rank if c else None,
                "supporter": c.supporter if c else "",
                "chain": " -> ".join(c.stakeholders) if c else "(no trusted chain)",
                "chain_trust": c.trust if c else None,
                "steps": len(c.links) if c else None,
                "link_trust": "; ".join(f"{x['trust']:.3f}" for x in c.links) if c else "",
                "link_contacts": "; ".join(str(x["contacts"]) for x in c.links) if c else "",
                "link_last_contact": "; ".join(str(x["last_contact"])[:10] for x in c.links)
                if c else "",
            })  # fmt: skip
    words = [
        f"Persuasion plan on {result.issue} as of {result.as_of}: "
        f"{len(result.targets)} stakeholder(s) with power {result.min_power} or more to move, "
        f"{len(result.supporters)} supporter(s) to ask."
    ]
    after: list[str] = []
    if result.targets:
        after += ["", "Why:"] + [
            f"  {t.id} ({names.get(t.id, t.id)}): {t.reason}" for t in result.targets
        ]
    if result.asks:
        after += ["", "Ask first:"] + [
            f"  {a.id} ({names.get(a.id, a.id)}): {a.reason}" for a in result.asks[:5]
        ]
    if result.dependencies:
        after += ["", "The plan leans on:"] + [
            f"  {d.id} ({names.get(d.id, d.id)}): {d.reason}" for d in result.dependencies
        ]
    if result.unknown:
        after += ["", f"Power {result.min_power}+ and no stance on {result.issue} on record: "
                  + ", ".join(result.unknown)]  # fmt: skip
    return View(
        rows,
        PLAN_COLUMNS,
        document=plan_document(result),
        csv_columns=PLAN_CSV_COLUMNS,
        before=words,
        after=after,
        empty_note=None
        if rows
        else f"Nobody with power {result.min_power} or more opposes "
        f"{result.issue} or is undecided on it as of {result.as_of}.",
        table_if_empty=False,
    )


RATIFICATION_COLUMNS = ["party", "issue", "support", "opposition", "undecided", "swing"]


def ratification(balances: list[Balance], as_of: str | None) -> View:
    """Per party and issue: power-weighted support and opposition, and the swing."""
    rows = [
        {
            "party": b.party,
            "issue": b.issue,
            "support": b.support,
            "opposition": b.opposition,
            "undecided": b.undecided,
            "swing": ", ".join(b.swing),
            "unknown": ", ".join(b.unknown),
            "reason": b.reason,
        }
        for b in balances
    ]
    return View(
        rows,
        RATIFICATION_COLUMNS,
        document={"as_of": as_of, "balances": [asdict(b) for b in balances]},
        csv_columns=[*RATIFICATION_COLUMNS, "unknown", "reason"],
        before=[
            f"Ratification as of {as_of}: support and opposition weighted by declared power "
            "(a support counts its whole power, a lean half); swing: undecided or leaning "
            "stakeholders whose power is at least the margin."
        ],
        after=["", *(b.reason for b in balances)] if balances else [],
        empty_note="No stances on record for stakeholders with declared power.",
    )
