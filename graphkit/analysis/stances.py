"""Declared stances: where each stakeholder stood on each issue, on each day.

A stances file gives a stakeholder's stance on an issue from a date on (with who said
so); the stance held on a day is the latest one dated on or before it. Pure functions
over the ``stances`` table a store loads (:data:`graphkit.model.COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphkit.model import STANCES

#: The five stances, from -2 to +2, in words.
STANCE_WORDS = {n - 2: word for n, word in enumerate(STANCES)}


def stances_at(
    stances: pd.DataFrame, as_of: str | None = None, *, issue: str | None = None
) -> pd.DataFrame:
    """The stance each stakeholder held on each issue on ``as_of`` (an ISO date; None: the
    latest on record): per (stakeholder, issue), the row with the latest ``date`` on or
    before that day, or no row when none is that old. ``issue``: only that issue.

    >>> t = pd.DataFrame({"stakeholder": ["A", "A", "B"], "issue": ["x", "x", "x"],
    ...                   "date": ["2023-01-01", "2023-06-01", "2023-09-01"],
    ...                   "stance": [-2, 1, 0]})
    >>> stances_at(t, "2023-07-31")[["stakeholder", "stance"]].values.tolist()
    [['A', 1]]
    """
    table = stances
    if issue is not None:
        table = table[table["issue"] == issue]
    if as_of is not None:
        table = table[table["date"].str.slice(0, 10) <= as_of]
    table = table.sort_values(["stakeholder", "issue", "date"], kind="stable")
    latest = table.drop_duplicates(["stakeholder", "issue"], keep="last")
    return latest.reset_index(drop=True)


def shared_stances(stances: pd.DataFrame, *, public: bool, redact_notes: bool) -> pd.DataFrame:
    """``stances`` as an output may show them: without the confidential ones when
    ``public``, and without who reported them (``source``) and their notes when either
    is set (the confidential ones are best left out when they are read:
    ``Store.load_stances(public=True)``)."""
    out = stances
    if public:
        out = out[~out["confidential"].astype(bool)]
    if public or redact_notes:
        out = out.assign(source="", notes="")
    return out.reset_index(drop=True)


@dataclass
class StanceMove:
    """A stakeholder whose stance on an issue changed between two days, and the contacts
    that preceded the change."""

    stakeholder: str
    issue: str
    before: int
    after: int
    #: The day of the stance held at the end, and who reported it.
    date: str
    source: str
    #: The stakeholder's contacts from the day after the first date to the day of the
    #: change, latest first (at most :data:`MOVE_CONTACTS`): date, with, channel, track,
    #: sentiment.
    contacts: list[dict[str, Any]] = field(default_factory=list)
    #: How many such contacts there were in all.
    contact_count: int = 0
    reason: str = ""


#: Contacts listed per move (all are counted).
MOVE_CONTACTS = 10


def stance_moves(
    stances: pd.DataFrame, date_from: str, date_to: str, contacts: pd.DataFrame | None = None
) -> list[StanceMove]:
    """Who moved on each issue between ``date_from`` and ``date_to``: the stakeholders whose
    stance held on ``date_to`` differs from the one held on ``date_from``
    (:func:`stances_at`; a stakeholder without a stance on record on ``date_from`` has
    not moved, it was first heard). With ``contacts`` (date, source, target, channel,
    track, sentiment), each move lists the mover's contacts after ``date_from`` up to the
    day of the new stance: what preceded the change."""
    held = stances_at(stances, date_from)
    first = {
        (str(s), str(i)): int(v)
        for s, i, v in zip(held["stakeholder"], held["issue"], held["stance"], strict=True)
    }
    last = stances_at(stances, date_to)
    moves = []
    for row in last.to_dict("records"):
        key = (str(row["stakeholder"]), str(row["issue"]))
        if key not in first or first[key] == int(row["stance"]):
            continue
        before, after = first[key], int(row["stance"])
        move = StanceMove(str(row["stakeholder"]), str(row["issue"]), before, after,
                          str(row["date"]), str(row["source"]))  # fmt: skip
        if contacts is not None and len(contacts):
            _preceding(move, contacts, date_from)
        direction = "towards support" if after > before else "towards opposition"
        move.reason = (
            f"{STANCE_WORDS[before]} on {date_from}, {STANCE_WORDS[after]} from {move.date}"
            + (f" ({move.source})" if move.source else "")
            + f": moved {direction}"
            + (f"; {move.contact_count} contact(s) in between" if contacts is not None else "")
            + "."
        )
        moves.append(move)
    return sorted(moves, key=lambda m: (m.issue, m.date, m.stakeholder))


def _preceding(move: StanceMove, contacts: pd.DataFrame, date_from: str) -> None:
    day = contacts["date"].astype(str).str.slice(0, 10)
    who = move.stakeholder
    mine = contacts[
        ((contacts["source"] == who) | (contacts["target"] == who))
        & (day > date_from[:10])
        & (day <= move.date[:10])
    ]
    mine = mine.assign(_day=day[mine.index]).sort_values("_day", ascending=False, kind="stable")
    move.contact_count = len(mine)
    move.contacts = [
        {
            "date": r["_day"],
            "with": r["target"] if r["source"] == who else r["source"],
            "initiated": r["source"] == who,
            "channel": r.get("channel", ""),
            "track": r.get("track", ""),
            "sentiment": float(r["sentiment"]),
        }
        for r in mine.head(MOVE_CONTACTS).to_dict("records")
    ]


@dataclass
class Balance:
    """One party's power-weighted stance on one issue."""

    party: str
    issue: str
    #: The sum of power x stance / 2 over those who support it (a support counts its
    #: whole power, a lean support half), and likewise over those who oppose it.
    support: float
    opposition: float
    #: The power of those undecided on it.
    undecided: int
    #: Stakeholders of the party with power and no stance on the issue on record.
    unknown: list[str]
    #: Undecided or leaning stakeholders whose power is at least the margin between
    #: support and opposition: moved all the way, each would decide which side leads.
    swing: list[str]
    reason: str = ""


def ratification(people: pd.DataFrame, stances: pd.DataFrame, as_of: str | None) -> list[Balance]:
    """Per party and issue, the power-weighted support and opposition on ``as_of``
    (``people``: index id, columns party and power; stances as on that day), and the
    swing stakeholders who decide it (:class:`Balance`)."""
    held = stances_at(stances, as_of)
    held = held[held["stakeholder"].isin(people.index)]
    power = people["power"].astype(int)
    out = []
    for issue in sorted(set(held["issue"])):
        on = held[held["issue"] == issue].set_index("stakeholder")["stance"].astype(int)
        for party in sorted(set(people["party"])):
            members = people.index[(people["party"] == party) & (power > 0)]
            said = on[on.index.isin(members)]
            support = float(sum(power[s] * v / 2 for s, v in said.items() if v > 0))
            opposition = float(sum(power[s] * -v / 2 for s, v in said.items() if v < 0))
            undecided = int(sum(power[s] for s, v in said.items() if v == 0))
            margin = abs(support - opposition)
            swing = sorted(
                (s for s, v in said.items() if abs(v) <= 1 and power[s] >= max(margin, 1)),
                key=lambda s: (-power[s], s),
            )
            unknown = sorted(str(s) for s in members if s not in said.index)
            if not len(said):
                continue
            lead = (
                "support"
                if support > opposition
                else "opposition"
                if opposition > support
                else "neither side"
            )
            reason = (
                f"{party} on {issue}: support {support:g}, opposition {opposition:g} "
                f"(power-weighted), undecided power {undecided}; {lead} leads"
                + (f" by {margin:g}" if margin else "")
                + (f"; swing: {', '.join(swing)}" if swing else "")
                + "."
            )
            out.append(Balance(str(party), str(issue), support, opposition, undecided,
                               unknown, [str(s) for s in swing], reason))  # fmt: skip
    return out
