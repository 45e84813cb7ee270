"""The whole analysis of one negotiation: every metric per stakeholder, the roles
(influencer, broker, trust node, friction point) and a plain-language reason for each,
with the evidence a diplomat can check against the CSVs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

import numpy as np
import pandas as pd

from graphkit.analysis import brokers, coalitions, friction, trust
from graphkit.analysis.coalitions import Coalitions
from graphkit.analysis.friction import Balance
from graphkit.analysis.frustration import frustration_index
from graphkit.analysis.metrics import METRICS, Inputs, for_output, ranks, sort_keys
from graphkit.analysis.reasons import role_reasons
from graphkit.analysis.team_fields import TeamField, team_fields
from graphkit.graph import TieModel
from graphkit.scope import DEFAULT_SORT

ROLE_ORDER = ("influencer", "broker", "trust node", "friction point")
#: Who a stakeholder is, first in every row (then the metrics of :mod:`.metrics`).
_IDENTITY = ("name", "party", "organization", "role")


class Summary(TypedDict):
    """``Analysis.summary``: counts for the whole negotiation."""

    stakeholders: int
    ties: int
    contacts: int
    parties: list[str]
    negative_ties: int
    triangles: int
    balanced_triangles: int
    unbalanced_triangles: int
    #: Triangles per type (``+++``, ``++-``, ``+--``, ``---``).
    triangles_by_type: dict[str, int]
    #: Balanced / all triangles; None without triangles.
    balance_ratio: float | None
    #: Triangles weakly balanced (Davis 1967: all but ``++-``) and their share.
    weakly_balanced_triangles: int
    weak_balance_ratio: float | None
    #: Least number of ties whose sign must change for balance (Aref & Wilson 2018); an
    #: upper bound when ``frustration_exact`` is False (:mod:`.frustration`).
    frustration_index: int
    frustration_exact: bool
    cooling_ties: int
    one_sided_ties: int
    #: Stakeholders under pressure (:func:`graphkit.analysis.friction.under_pressure`).
    under_pressure: int
    communities: int
    community_party_nmi: float | None
    half_life_days: float
    #: Stakeholders holding each role (``ROLE_ORDER``).
    roles: dict[str, int]


@dataclass
class Analysis:
    """Results of :func:`analyse`."""

    negotiation: str
    model: TieModel
    #: One row per stakeholder (index: id) with every metric, ``roles`` and ``why``, and
    #: ``attributes`` (the team's own fields, a dict each: :meth:`team_fields`).
    stakeholders: pd.DataFrame
    #: One row per tie with ``source``, ``target``, metrics, ``flags`` (``negative``, or
    #: ``contested`` when the two sides' contacts disagree in sign; ``trusting``,
    #: ``cooling``, ``one-sided``, ``unbalanced``).
    ties: pd.DataFrame
    summary: Summary
    #: {(party, party): {id: share of shortest paths between the two parties}}
    party_pairs: dict[tuple[str, str], dict[str, float]]
    cut_vertices: dict[str, list[dict[str, int]]]
    triangles: pd.DataFrame
    cooling: pd.DataFrame
    one_sided: pd.DataFrame
    coalitions: Coalitions
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Per pair of parties: whether its shares are estimated, from how many members
    #: (:func:`graphkit.analysis.brokers.pair_sampling`).
    pair_sampling: dict[tuple[str, str], dict[str, int | bool]] = field(default_factory=dict)
    #: Stakeholders under hostile attention, most pressure first
    #: (:func:`graphkit.analysis.friction.under_pressure`).
    pressure: list[friction.Pressure] = field(default_factory=list)
    #: The options :func:`analyse` was given (``min_trust_contacts``, ``undirected``), so
    #: that an analysis derived from this one (what-if) uses the same.
    options: dict[str, Any] = field(default_factory=dict)
    #: Per estimated pair of parties: {id: standard error of its share}
    #: (:func:`graphkit.analysis.brokers.party_pair_estimates`); exact pairs have none.
    pair_errors: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)

    def team_fields(self) -> tuple[TeamField, ...]:
        """The team's own fields of these stakeholders (:mod:`.team_fields`)."""
        return team_fields(self.stakeholders)

    def _pair_entry(self, pair: tuple[str, str], shares: Mapping[str, float]) -> dict[str, Any]:
        top = dict(sorted(shares.items(), key=lambda x: -x[1])[:10])
        entry: dict[str, Any] = {
            "parties": list(pair),
            "brokers": top,
            **self.pair_sampling.get(pair, {"estimated": False}),
        }
        if pair in self.pair_errors:
            errors = self.pair_errors[pair]
            entry["standard_errors"] = {k: errors.get(k, 0.0) for k in top}
        return entry

    def ranked(self, top: int | None = None, by: str = DEFAULT_SORT) -> pd.DataFrame:
        """Stakeholders in the order of their rank by the metric ``by`` (influence unless
        told: :func:`graphkit.analysis.metrics.ranks`), ties by id, those without a value
        last; the first ``top``. Column ``rank``: the rank (NaN without a value)."""
        if by not in sort_keys():
            raise ValueError(f"cannot rank by {by!r}: one of {', '.join(sort_keys())}")
        rank = ranks(self.stakeholders[by], by)
        df = self.stakeholders.assign(rank=rank)
        order = np.lexsort((df.index.to_numpy(dtype=str), rank.fillna(np.inf).to_numpy()))
        df = df.iloc[order]
        return df.head(top) if top else df

    def to_dict(self, top: int | None = None, by: str = DEFAULT_SORT) -> dict[str, Any]:
        """The JSON document of ``graphkit influence --format json``: stakeholders ranked by
        ``by`` (``rank_by``; each one's ``rank``, null without a value).

        Each stakeholder carries its declared ``power`` and ``interest`` (1-5, null when
        not declared). When the stakeholder map has team fields, each stakeholder carries ``fields``:
        ``{header: value}`` for every field (numbers for a numeric one, text otherwise;
        ``None`` without a value). Without team fields there is no ``fields`` key.

        Each ``party_pairs`` entry has ``parties``, ``brokers`` (the ten largest shares),
        ``estimated``, ``sources`` and ``with_ties``; an estimated one also has
        ``standard_errors``: ``{id: standard error}`` for the same stakeholders as
        ``brokers``. An exact pair has no ``standard_errors`` (no sampling error).
        """
        fields = self.team_fields()
        rows = []
        ranked = self.ranked(top, by)
        shown = for_output("json")
        for sid, r in zip(ranked.index, ranked.to_dict("records"), strict=True):
            rank = None if pd.isna(r["rank"]) else int(r["rank"])
            row: dict[str, Any] = {"rank": rank, "id": sid, **{k: r[k] for k in _IDENTITY}}
            # the declared ratings, 1-5 (null when not declared)
            row.update({k: int(r[k]) or None for k in ("power", "interest") if k in r})
            for m in shown:
                group = row.setdefault(m.json_group, {}) if m.json_group else row
                group[m.name] = m.plain(r[m.name])
            row.update(roles=list(r["roles"]), why=r["why"], reasons=self.reasons.get(sid, {}))
            if fields:
                row["fields"] = {f.label: f.values.get(sid) for f in fields}
            rows.append(row)
        t = self.ties
        ties = [
            {
                "source": source,
                "target": target,
                "strength": strength,
                "sentiment": sentiment,
                "sign": int(sign),
                "contacts": int(contacts),
                "reciprocity": reciprocity,
                "trust": tie_trust,
                "first_contact": first_contact,
                "last_contact": last_contact,
                "declared": declared,
                "unbalanced_triangles": int(unbalanced),
                "flags": list(flags),
            }
            for (
                source, target, strength, sentiment, sign, contacts, reciprocity, tie_trust,
                first_contact, last_contact, declared, unbalanced, flags,
            ) in zip(
                *(t[c].tolist() for c in (  # lists: iterating a pandas str column is slow
                    "source", "target", "strength", "sentiment", "sign", "contacts",
                    "reciprocity", "trust", "first_contact", "last_contact", "declared_types",
                    "unbalanced_triangles", "flags",
                )),
                strict=True,
            )
        ]  # fmt: skip
        return {
            "negotiation": self.negotiation,
            "as_of": self.model.as_of,
            "summary": self.summary,
            "rank_by": by,
            "stakeholders": rows,
            "ties": ties,
            "party_pairs": [
                self._pair_entry(pair, shares) for pair, shares in self.party_pairs.items()
            ],
            "coalitions": self.coalitions,
        }


def analyse(
    model: TieModel,
    negotiation: str = "",
    *,
    seed: int = 42,
    progress: Callable[[str], None] = lambda m: None,
    min_trust_contacts: int = trust.MIN_TRUST_CONTACTS,
    undirected: bool = False,
    pair_sample: int | None = None,
) -> Analysis:
    """Compute every metric on ``model`` and flag the roles, each with its reason.

    ``min_trust_contacts``: the positive, reciprocated contacts a tie needs to carry trust
    (:func:`graphkit.analysis.trust.tie_trust`). ``undirected``: every contact counts both
    ways, for logs whose direction carries no meaning (co-attendance, marriages).
    ``pair_sample``: party-pair shares are exact (counted in the shortest-path pass of
    betweenness, :mod:`graphkit.analysis.paths`) unless this says to estimate a pair from
    that many members of its smaller party, each share with its standard error
    (:func:`graphkit.analysis.brokers.party_pair_estimates`).
    """
    people = model.stakeholders
    party = cast("dict[str, str]", people["party"].to_dict())  # {stakeholder id: party}
    n = len(people)
    if n < 2000:  # small analyses finish in well under a second: no progress chatter
        progress = lambda m: None  # noqa: E731
    progress(f"analysing {n:,} stakeholders and {len(model.ties):,} ties")
    inputs = Inputs(
        model,
        seed=seed,
        min_trust_contacts=min_trust_contacts,
        undirected=undirected,
        pair_sample=pair_sample,
    )
    columns = ["name", "party", "organization", "role", "tier", "kind", "power", "interest",
               "notes", "unmapped"]  # fmt: skip
    # The team's own fields ride along, apart from the metrics (graphkit.analysis.team_fields).
    df = people[[*columns, "attributes"] if "attributes" in people else columns].copy()
    for metric in METRICS:
        if metric.progress:
            progress(metric.progress)
        df[metric.name] = metric.column(metric.compute(inputs), df.index)
    pairs: dict[tuple[str, str], dict[str, float]] = {}
    pair_errors: dict[tuple[str, str], dict[str, float]] = {}
    if df["party"].nunique() > 1 and pair_sample is None:
        pairs = inputs.paths.pair_shares
    elif df["party"].nunique() > 1:
        pairs, pair_errors = brokers.party_pair_estimates(
            inputs.positive, party, weight="distance", max_sources=pair_sample
        )
    cuts = inputs.cut_vertices
    tie_trust = inputs.tie_trust
    nodes = trust.trust_nodes(inputs.ties, trust=tie_trust)
    tri, bal = inputs.triangles, inputs.balance
    cooling = friction.cooling_ties(model)
    one_sided = friction.one_sided_ties(model)
    pressed = friction.under_pressure(model, undirected=undirected)
    coal = coalitions.compare_with_parties(inputs.communities, party)
    ties = _ties(model, tie_trust, bal, cooling, one_sided)
    betweenness = cast("dict[str, float]", df["betweenness"].to_dict())
    path_share = brokers.connected_pair_shares(inputs.positive, betweenness)
    sampling = (
        brokers.pair_sampling(inputs.positive, party, max_sources=pair_sample) if pairs else {}
    )
    reasons = role_reasons(
        df, model, ties, pairs, cuts, nodes, bal, path_share, sampling, pair_errors,
        inputs.contacts, trust.mediators(inputs.ties), min_trust_contacts, pressed,
    )  # fmt: skip
    df["roles"] = [tuple(r for r in ROLE_ORDER if r in reasons.get(sid, {})) for sid in df.index]
    df["why"] = [
        "; ".join(f"{r}: {reasons[sid][r]}" for r in ROLE_ORDER if r in reasons.get(sid, {}))
        for sid in df.index
    ]

    frustrated = frustration_index(inputs.ties)
    summary: Summary = {
        "stakeholders": n,
        "ties": len(model.ties),
        "contacts": model.contact_count,
        "parties": sorted(p for p in df["party"].unique() if p),
        "negative_ties": int((model.ties["sign"] < 0).sum()),
        "triangles": bal["triangles"],
        "balanced_triangles": bal["balanced"],
        "unbalanced_triangles": bal["unbalanced"],
        "triangles_by_type": bal["by_type"],
        "balance_ratio": bal["balance_ratio"],
        "weakly_balanced_triangles": bal["weakly_balanced"],
        "weak_balance_ratio": bal["weak_balance_ratio"],
        "frustration_index": frustrated["value"],
        "frustration_exact": frustrated["exact"],
        "cooling_ties": len(cooling),
        "one_sided_ties": len(one_sided),
        "under_pressure": len(pressed),
        "communities": len(coal["communities"]),
        "community_party_nmi": coal["nmi"],
        "half_life_days": model.half_life_days,
        "roles": {r: int(sum(r in x for x in df["roles"])) for r in ROLE_ORDER},
    }
    return Analysis(
        negotiation, model, df, ties, summary, pairs, cuts, tri, cooling, one_sided, coal, reasons,
        sampling, pressed,
        {"min_trust_contacts": min_trust_contacts, "undirected": undirected,
         "pair_sample": pair_sample},
        pair_errors=pair_errors,
    )  # fmt: skip


def _ties(
    model: TieModel,
    tie_trust: Mapping[tuple[str, str], float],
    bal: Balance,
    cooling: pd.DataFrame,
    one_sided: pd.DataFrame,
) -> pd.DataFrame:
    t = model.ties.copy()
    t["trust"] = pd.Series(
        [tie_trust.get((u, v), 0.0) for u, v in zip(t["u"], t["v"], strict=True)],
        index=t.index,
        dtype=float,
    )
    t["source"], t["target"] = t["u"], t["v"]
    per_tie = bal["per_tie"]
    t["unbalanced_triangles"] = [
        per_tie.get(frozenset((u, v)), 0) for u, v in zip(t["u"], t["v"], strict=True)
    ]
    cool = set(zip(cooling["u"], cooling["v"], strict=True))
    one = set(zip(one_sided["u"], one_sided["v"], strict=True))
    flags = []
    for u, v, sign, contested, tr, ub in zip(
        t["u"], t["v"], t["sign"], t["contested"], t["trust"], t["unbalanced_triangles"],
        strict=True,
    ):  # fmt: skip
        f = []
        # A contested tie is negative (sign -1) because one side is hostile, not because
        # its contacts are mostly hostile: it says so instead.
        if contested:
            f.append("contested")
        elif sign < 0:
            f.append("negative")
        if tr >= trust.TRUSTING_TIE:
            f.append("trusting")
        if (u, v) in cool:
            f.append("cooling")
        if (u, v) in one:
            f.append("one-sided")
        if ub:
            f.append("unbalanced")
        flags.append(tuple(f))
    t["flags"] = flags
    return t
