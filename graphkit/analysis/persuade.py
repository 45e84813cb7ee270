"""Persuasion plans: for each stakeholder with power over an issue who opposes it or is
undecided, the best chains of warm introductions from those who support it.

Pure functions over an :class:`~graphkit.analysis.negotiation.Analysis` (its ``ties`` with
the trust of each, and the stakeholders' declared ``power``) and the declared stances
(:meth:`graphkit.stores.base.Store.load_stances`), read as they stood on the analysis'
as-of day (:func:`graphkit.analysis.stances.stances_at`). A chain is what
:func:`graphkit.analysis.introductions.introduction_paths` finds between two people:
positive ties that carry trust, the product of their trust as high as it can be, and
never through a stakeholder with a hostile (negative) tie to either end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, cast

import networkx as nx
import pandas as pd

from graphkit.analysis.introductions import hostile_to, link_evidence, trust_graph
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.stances import STANCE_WORDS, stances_at

#: The stances a plan sets out to move by default: oppose, lean oppose, undecided.
TARGET_STANCES = (-2, -1, 0)
#: The stances of those who can ask, by default: lean support, support.
SUPPORTER_STANCES = (1, 2)
#: Declared power (1-5) from which a stakeholder's stance matters, by default.
MIN_POWER = 4


@dataclass
class Chain:
    """One chain of introductions from a supporter to a target, with its evidence."""

    supporter: str
    stakeholders: list[str]
    #: The product of the trust of its ties (:func:`graphkit.analysis.trust.tie_trust`).
    trust: float
    links: list[dict[str, Any]]

    @property
    def go_betweens(self) -> list[str]:
        return self.stakeholders[1:-1]


@dataclass
class Target:
    """A stakeholder with power who opposes the issue or is undecided on it."""

    id: str
    power: int
    stance: int
    #: The day of the stance on record, and who reported it.
    since: str
    source: str
    #: The best chains, each from another supporter, highest trust first.
    chains: list[Chain]
    #: Stakeholders no chain to it may pass through: hostile to it.
    hostile: list[str]
    reason: str = ""


@dataclass
class Ask:
    """A supporter to ask, and the power at stake its chains reach."""

    id: str
    #: The sum of the declared power of the targets it holds one of the best chains to.
    power: int
    #: The same sum, each target's power times the trust of this supporter's chain to it:
    #: what the asks are ranked by (a warm chain to one target before cold ones to three).
    reach: float
    targets: list[str]
    reason: str


@dataclass
class Dependency:
    """A go-between on some target's best chain, and the plan without them."""

    id: str
    #: target -> the trust of its best chain without this go-between (None: no chain).
    without: dict[str, float | None]
    reason: str


@dataclass
class Plan:
    negotiation: str
    issue: str
    as_of: str
    min_power: int
    targets: list[Target]
    asks: list[Ask]
    dependencies: list[Dependency]
    #: Supporters of the issue on the day: where every chain starts.
    supporters: list[str] = field(default_factory=list)
    #: Stakeholders with that much power and no stance on the issue on record.
    unknown: list[str] = field(default_factory=list)


def best_chain(
    G: nx.Graph[str], source: str, target: str, avoid: Iterable[str] = ()
) -> list[str] | None:
    """The chain of highest trust (the product of its ties') from ``source`` to ``target``
    over ``G`` (:func:`~graphkit.analysis.introductions.trust_graph`), through none of
    ``avoid``; None when there is none."""
    banned = set(avoid) - {source, target}
    if source not in G or target not in G:
        return None
    view = nx.subgraph_view(G, filter_node=lambda n: n not in banned) if banned else G
    try:
        return cast("list[str]", nx.dijkstra_path(view, source, target, weight="cost"))
    except nx.NetworkXNoPath:
        return None


def persuasion_plan(
    analysis: Analysis,
    stances: pd.DataFrame,
    issue: str,
    *,
    min_power: int = MIN_POWER,
    targets: Iterable[int] = TARGET_STANCES,
    supporters: Iterable[int] = SUPPORTER_STANCES,
    k: int = 3,
) -> Plan:
    """The persuasion plan on ``issue`` as of the analysis' day.

    A *target* has declared power of at least ``min_power`` and a stance in ``targets``;
    a *supporter* has a stance in ``supporters`` (stances as they stood that day). For
    each target, its ``k`` best chains, each from another supporter, highest trust first
    (:func:`best_chain`); a chain never passes through a stakeholder hostile to the target
    or to its supporter, and a supporter hostile to the target has no chain to it.
    Targets come by power, then the trust of their best chain. *Asks*: the supporters by
    the power at stake they reach: the sum of the power of the targets they hold one of
    the ``k`` chains to, each weighted by the trust of that chain. *Dependencies*: every
    go-between of a target's best chain, with the trust of that target's best chain from
    any supporter without them. A go-between who opposes the issue is named in the
    target's reason."""
    people = analysis.stakeholders
    held = stances_at(stances, analysis.model.as_of, issue=issue)
    held = held[held["stakeholder"].isin(people.index)].set_index("stakeholder")
    on_record: dict[str, dict[str, Any]] = {
        str(s): {str(k): v for k, v in row.items()} for s, row in held.to_dict("index").items()
    }
    power = {str(s): int(p) for s, p in people["power"].items()} if "power" in people else {}
    wanted, backing = set(targets), set(supporters)
    backers = sorted(s for s, row in on_record.items() if row["stance"] in backing)
    picked = sorted(
        s
        for s, row in on_record.items()
        if row["stance"] in wanted and power.get(s, 0) >= min_power
    )
    G = trust_graph(analysis)
    hostile = {sid: hostile_to(analysis, sid) for sid in [*backers, *picked]}
    plan: list[Target] = []
    for sid in picked:
        row = on_record[sid]
        chains = sorted(
            _chains_to(analysis, G, sid, backers, hostile),
            key=lambda c: (-c.trust, len(c.stakeholders), c.supporter),
        )
        target = Target(sid, power[sid], int(row["stance"]), str(row["date"]),
                        str(row["source"]), chains[:k], sorted(hostile[sid]))  # fmt: skip
        target.reason = _target_reason(target, issue, on_record, wanted)
        plan.append(target)
    plan.sort(key=lambda t: (-t.power, -(t.chains[0].trust if t.chains else 0.0), t.id))
    return Plan(
        analysis.negotiation,
        issue,
        str(analysis.model.as_of),
        min_power,
        plan,
        _asks(plan),
        _dependencies(analysis, G, plan, backers, hostile),
        supporters=backers,
        unknown=sorted(s for s, p in power.items() if p >= min_power and s not in held.index),
    )


def _chains_to(
    analysis: Analysis,
    G: nx.Graph[str],
    target: str,
    backers: Iterable[str],
    hostile: Mapping[str, set[str]],
) -> list[Chain]:
    out = []
    for backer in backers:
        if backer == target or backer in hostile[target]:
            continue
        nodes = best_chain(G, backer, target, hostile[target] | hostile[backer])
        if nodes is not None:
            links = [link_evidence(analysis, a, b) for a, b in pairwise(nodes)]
            out.append(Chain(backer, nodes, math.prod(x["trust"] for x in links), links))
    return out


def _target_reason(
    t: Target, issue: str, on_record: Mapping[str, Mapping[str, Any]], against: set[int]
) -> str:
    said = f"{STANCE_WORDS[t.stance]} on {issue} since {t.since}"
    head = f"declared power {t.power} of 5; {said}" + (f" ({t.source})" if t.source else "")
    if not t.chains:
        return f"{head}; no supporter reaches them over trusted ties."
    best = t.chains[0]
    steps = len(best.links)
    text = (
        f"{head}; best chain {' -> '.join(best.stakeholders)} "
        f"(trust {best.trust:.2f}, {steps} step{'s' if steps > 1 else ''})"
    )
    wary = [m for m in best.go_betweens if m in on_record and on_record[m]["stance"] in against]
    if wary:
        words = ", ".join(f"{m} ({STANCE_WORDS[on_record[m]['stance']]})" for m in wary)
        text += f"; on the way: {words} on {issue} themselves"
    return text + "."


def _asks(targets: list[Target]) -> list[Ask]:
    reach: dict[str, list[tuple[Target, float]]] = {}
    for t in targets:
        for c in t.chains:
            reach.setdefault(c.supporter, []).append((t, c.trust))
    asks = []
    for sid, found in reach.items():
        at_stake = sum(t.power for t, _ in found)
        weighted = sum(t.power * trust for t, trust in found)
        names = ", ".join(
            f"{t.id} (power {t.power}, chain trust {trust:.2f})" for t, trust in found
        )
        reason = (
            f"holds one of the best chains to {names}: power {at_stake} at stake, "
            f"{weighted:.2f} weighted by chain trust."
        )
        asks.append(Ask(sid, at_stake, weighted, [t.id for t, _ in found], reason))
    asks.sort(key=lambda a: (-a.reach, -a.power, a.id))
    return asks


def _dependencies(
    analysis: Analysis,
    G: nx.Graph[str],
    targets: list[Target],
    backers: list[str],
    hostile: Mapping[str, set[str]],
) -> list[Dependency]:
    found: dict[str, dict[str, float | None]] = {}
    for t in targets:
        for middle in t.chains[0].go_betweens if t.chains else ():
            rest = _chains_to(analysis, G.subgraph(set(G) - {middle}), t.id, backers, hostile)
            found.setdefault(middle, {})[t.id] = max((c.trust for c in rest), default=None)
    best = {t.id: t.chains[0].trust for t in targets if t.chains}
    out = []
    for sid, without in sorted(found.items()):
        parts = []
        for target, trust in without.items():
            if trust is None:
                parts.append(f"{target} can no longer be reached")
            else:
                parts.append(
                    f"the best chain to {target} falls from {best[target]:.2f} to {trust:.2f}"
                )
        out.append(Dependency(sid, without, f"on the best chain to {', '.join(without)}; "
                              f"without them {'; '.join(parts)}."))  # fmt: skip
    return out
