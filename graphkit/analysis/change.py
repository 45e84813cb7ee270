"""Round-to-round change: ties formed, broken, warmed and cooled, roles gained and lost,
and the change in structural balance between two analyses (two ``--as-of`` dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import pandas as pd

from graphkit.analysis.negotiation import Analysis

#: Sentiment change between two dates that counts as warming or cooling.
CHANGE = 0.3
#: A timeline has at most this many snapshots: the step between them grows to keep it so.
MAX_SNAPSHOTS = 24
#: The steps a timeline may take, in months: month, quarter, half-year, year, two years...
SNAPSHOT_STEPS = (1, 3, 6, 12, 24, 60, 120)


def snapshot_dates(first: str, last: str) -> list[str]:
    """The as-of dates of a timeline from the day ``first`` to the day ``last`` (ISO):
    the last day of every month when that is at most :data:`MAX_SNAPSHOTS` of them (a
    span of up to two years), else of every quarter, else every half-year, year...
    (calendar periods: quarters end in March, June, September and December), then
    ``last`` itself. Period ends before ``first`` or on or after ``last`` are left out.

    >>> snapshot_dates("2024-01-15", "2024-04-10")
    ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-10']
    >>> d = snapshot_dates("2022-01-10", "2024-12-18")
    >>> len(d), d[:2], d[-2:]
    (12, ['2022-03-31', '2022-06-30'], ['2024-09-30', '2024-12-18'])
    """
    start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in SNAPSHOT_STEPS if months / s <= MAX_SNAPSHOTS), SNAPSHOT_STEPS[-1])
    out = []
    year, month = start.year, start.month
    while True:
        # the period that ends in a month divisible by the step (calendar quarters, years)
        month += (-month) % step
        while month > 12:
            year, month = year + 1, month - 12
        day = _month_end(year, month)
        if day >= end:
            break
        if day >= start:
            out.append(day.isoformat())
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return [*out, end.isoformat()]


def _month_end(year: int, month: int) -> date:
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Change:
    formed: list[dict[str, Any]] = field(default_factory=list)
    broken: list[dict[str, Any]] = field(default_factory=list)
    warmed: list[dict[str, Any]] = field(default_factory=list)
    cooled: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    balance: dict[str, Any] = field(default_factory=dict)


def diff(earlier: Analysis, later: Analysis, *, change: float = CHANGE) -> Change:
    """How the relationships changed between two analyses (two ``--as-of`` dates).

    formed: ties present later but not earlier. broken: ties positive earlier that
    are negative later, or active in the period before the earlier date and silent
    for longer than a period at the later one.
    warmed / cooled: recency-weighted sentiment up / down by at least ``change``.
    """
    key = ["u", "v"]
    a = earlier.ties.set_index(key)
    b = later.ties.set_index(key)
    out = Change()
    period = later.model.period_days
    for label, row in b.iterrows():
        u, v = cast("tuple[str, str]", label)  # the (u, v) index
        if (u, v) not in a.index:
            out.formed.append(
                {
                    "a": u,
                    "b": v,
                    "sentiment": float(row["sentiment"]),
                    "contacts": int(row["contacts"]),
                    "first_contact": row["first_contact"],
                    "declared": row["declared_types"],
                }
            )
            continue
        # pandas-stubs reads a 2-tuple as (row, column); here it is a row of the (u, v) index.
        old: pd.Series = a.loc[(u, v)]  # type: ignore[assignment]
        base = {"a": u, "b": v, "before": float(old["sentiment"]), "after": float(row["sentiment"]),
                "contacts_since": int(row["contacts"] - old["contacts"]), "last_contact": row["last_contact"]}  # fmt: skip
        if old["sign"] > 0 and row["sign"] < 0:
            out.broken.append({**base, "why": "turned negative"})
        elif (
            old["contacts"] > 0
            and row["contacts"] == old["contacts"]
            and old["sign"] >= 0
            and _days(old["last_contact"], earlier.model.as_of) < period
            and _days(old["last_contact"], later.model.as_of) >= period
        ):
            out.broken.append({**base, "why": f"no contact since {old['last_contact']}"})
        elif row["contacts"] > old["contacts"] and row["sentiment"] - old["sentiment"] >= change:
            out.warmed.append(base)
        elif row["contacts"] > old["contacts"] and old["sentiment"] - row["sentiment"] >= change:
            out.cooled.append(base)
    r0 = earlier.stakeholders["roles"]
    r1 = later.stakeholders["roles"]
    for sid in r1.index:
        before = set(r0.get(sid, ()))
        after = set(r1[sid])
        if before != after:
            out.roles.append(
                {
                    "id": sid,
                    "name": later.stakeholders.at[sid, "name"],
                    "gained": sorted(after - before),
                    "lost": sorted(before - after),
                }
            )
    out.balance = {
        "before": earlier.summary["balance_ratio"],
        "after": later.summary["balance_ratio"],
        "unbalanced_before": earlier.summary["unbalanced_triangles"],
        "unbalanced_after": later.summary["unbalanced_triangles"],
    }
    return out


def _days(first: str, last: str) -> int:
    return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
