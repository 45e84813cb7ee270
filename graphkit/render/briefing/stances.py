"""The briefing's appendix sections on declared power and stances (issue 18): where each
party stands, whom to win over and through whom, who moved since the previous period, and
whose declared power the network contradicts. Only when the negotiation has stances."""

from __future__ import annotations

import pandas as pd

from graphkit.analysis.grid import grid_flags
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.persuade import Plan, persuasion_plan
from graphkit.analysis.stances import ratification, stance_moves
from graphkit.render.briefing.model import Section, day, listing, name, short
from graphkit.render.briefing.powergrid import grid_panels
from graphkit.words import count

#: Page one's title for the persuasion plans, and how many targets it names at most.
WIN = "Whom to win over"
WIN_ITEMS = 3
#: Declared power in words (page one): 5 and 4 of 5.
SAY = {5: "a decisive say", 4: "a strong say"}
#: Page one's words for the stances a plan sets out to move.
MOVE_WORDS = {-2: "Opposes", -1: "Leans against", 0: "Is undecided on"}


def plans(analysis: Analysis, stances: pd.DataFrame) -> dict[str, Plan]:
    """The persuasion plan of each issue of ``stances`` (:func:`persuasion_plan`, its
    defaults), by issue."""
    return {i: persuasion_plan(analysis, stances, i) for i in sorted(set(stances["issue"]))}


def win_over(analysis: Analysis, by_issue: dict[str, Plan]) -> Section | None:
    """Page one's "Whom to win over", in plain words: the targets with the most power at
    stake (then the warmest chain), at most :data:`WIN_ITEMS`, each with the supporter to
    ask and how well they know the next person on the way; None without stances."""
    if not by_issue:
        return None
    df = analysis.stakeholders
    targets = sorted(
        ((t, issue) for issue, p in by_issue.items() for t in p.targets),
        key=lambda ti: (-ti[0].power, -(ti[0].chains[0].trust if ti[0].chains else 0.0),
                        ti[1], ti[0].id),
    )  # fmt: skip
    items = []
    for t, issue in targets[:WIN_ITEMS]:
        said = (f"{MOVE_WORDS.get(t.stance, 'Holds')} {issue} (on record since {day(t.since)}) "
                f"and has {SAY.get(t.power, f'a say of {t.power} in 5')}.")  # fmt: skip
        if not t.chains:
            way = "Nobody who supports it reaches them through people they trust."
        else:
            c = t.chains[0]
            ask = short(df, c.supporter)
            step = c.links[-1]
            via = [short(df, m) for m in c.go_betweens]
            meet = f"{count(step['contacts'], 'contact')}, most recently on {day(step['last_contact'])}"
            way = (
                f"Ask {ask}, who supports it: they know them directly ({meet})."
                if not via
                else f"Ask {ask}, who supports it, to go through {listing(via)}, who knows them "
                f"({meet})."
            )
        items.append((f"{short(df, t.id)} on {issue}", f"{said} {way}"))
    return Section(
        WIN,
        "Those with a strong say who oppose an issue or are undecided, and the warmest way "
        "in from a supporter.",
        items,
        "Nobody with a strong say opposes an issue or is undecided.",
    )


def stance_sections(
    analysis: Analysis,
    stances: pd.DataFrame,
    since: str | None = None,
    by_issue: dict[str, Plan] | None = None,
) -> list[Section]:
    """The sections, in order (stances as the output may show them:
    :func:`graphkit.analysis.stances.shared_stances`); without stances, only the grid, and
    none without declared power and interest either."""
    panels = grid_panels(analysis, stances)
    if stances.empty and not panels:
        return []
    df = analysis.stakeholders
    as_of = str(analysis.model.as_of)
    grid = Section(
        "Declared power against the network",
        "The power-interest grid of the team's ratings, then whom the network contradicts. "
        "Hidden influencers: declared power 2 or less, yet among the first five by "
        "influence or brokerage (black ring). Paper tigers: declared power 4 or 5, yet "
        "isolated (dashed ring).",
        [(f"{name(df, f.id)} ({f.id}): {f.kind}", f.reason) for f in grid_flags(analysis)],
        "Declared power and the network agree.",
        figures=panels,
        figure_file="grid.svg" if panels else None,
    )
    if stances.empty:
        return [grid]
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
    by_issue = plans(analysis, stances) if by_issue is None else by_issue
    for issue, plan in by_issue.items():
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
            "Persuasion plans",
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
    out.append(grid)
    return out
