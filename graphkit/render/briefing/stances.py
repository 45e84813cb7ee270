"""The briefing's appendix sections on declared power and stances (issue 18): where each
party stands, whom to win over and through whom, who moved since the previous period, and
whose declared power the network contradicts. Only when the negotiation has stances."""

from __future__ import annotations

import pandas as pd

from graphkit.analysis.grid import grid_flags
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.persuade import persuasion_plan
from graphkit.analysis.stances import ratification, stance_moves
from graphkit.render.briefing.model import Section, name


def stance_sections(
    analysis: Analysis, stances: pd.DataFrame, since: str | None = None
) -> list[Section]:
    """The sections, in order; none when ``stances`` is empty (stances as the output may
    show them: :func:`graphkit.analysis.stances.shared_stances`)."""
    if stances.empty:
        return []
    df = analysis.stakeholders
    as_of = str(analysis.model.as_of)
    out = [
        Section(
            "Where the parties stand",
            "Support and opposition on each issue, weighted by declared power (a lean counts "
            "half); swing: the undecided or leaning who could decide it.",
            [
                (f"{b.party} on {b.issue}", b.reason.split(": ", 1)[1])
                for b in ratification(df, stances, as_of)
            ],
        )
    ]
    win = []
    for issue in sorted(set(stances["issue"])):
        plan = persuasion_plan(analysis, stances, issue)
        first = {a.id: a for a in plan.asks}
        for t in plan.targets:
            reason = t.reason
            if t.chains:
                ask = t.chains[0].supporter
                reason += f" Ask {name(df, ask)} ({ask})" + (
                    f": their chains reach power {first[ask].power} at stake in all."
                    if ask in first
                    else "."
                )
            win.append((f"{name(df, t.id)} ({t.id}) on {issue}", reason))
    out.append(
        Section(
            "Whom to win over",
            "Stakeholders with declared power 4 or 5 who oppose an issue or are undecided, "
            "and the warmest chain of introductions from a supporter (graphkit persuade).",
            win,
            "Nobody with power opposes an issue or is undecided.",
        )
    )
    if since is not None:
        moved = stance_moves(stances, since, as_of)
        if moved:  # the contacts in between are read only when someone moved
            moved = stance_moves(stances, since, as_of, analysis.model.contacts)
        out.append(
            Section(
                f"Who moved since {since}",
                "Stances on record that changed between the two days, and the contacts in between.",
                [
                    (f"{name(df, m.stakeholder)} ({m.stakeholder}) on {m.issue}", m.reason)
                    for m in moved
                ],
                "Nobody changed stance.",
            )
        )
    out.append(
        Section(
            "Declared power against the network",
            "Hidden influencers: declared power 2 or less, yet among the first five by "
            "influence or brokerage. Paper tigers: declared power 4 or 5, yet isolated.",
            [(f"{name(df, f.id)} ({f.id}): {f.kind}", f.reason) for f in grid_flags(analysis)],
            "Declared power and the network agree.",
        )
    )
    return out
