"""Whom the parties trust: tie trust from positive, reciprocated, recent and
consistent contacts, and the stakeholders trusted across party lines.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from graphkit.graph import TieModel

#: A tie at least this trusting counts as "trusts" for trust nodes.
TRUSTING_TIE = 0.25


def tie_trust(model: TieModel) -> pd.Series:
    """Trust carried by each tie (rows of ``model.ties``), in [0, 1]:

    ``max(0, sentiment) * reciprocity * recency * consistency``

    where ``sentiment`` is the recency-weighted mean, ``reciprocity`` is
    ``min/max`` of the contacts each side initiated, ``recency`` is
    ``2 ** (-days since last contact / half-life)`` and ``consistency`` is the share
    of contacts with non-negative sentiment. One-sided, hostile, stale or erratic
    ties carry little trust. Declared ties without contacts carry none: trust is
    shown in contacts, not declared.

    >>> from graphkit.graph import build_ties
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-01-01"], "source": ["a", "b"],
    ...                   "target": ["b", "a"], "sentiment": [0.8, 0.6]})
    >>> round(float(tie_trust(build_ties(s, i, pd.DataFrame())).iloc[0]), 2)
    0.7
    """
    t = model.ties
    if t.empty:
        return pd.Series(dtype=float)
    age = (
        pd.Timestamp(model.as_of) - pd.to_datetime(t["last_contact"].str[:10], errors="coerce")
    ).dt.days
    recency = np.exp2(-age.to_numpy(dtype=float) / model.half_life_days)
    recency = np.nan_to_num(recency, nan=0.0)
    value = (
        t["sentiment"].clip(lower=0).to_numpy()
        * t["reciprocity"].to_numpy()
        * recency
        * t["positive_share"].to_numpy()
    )
    return pd.Series(np.where(t["contacts"].to_numpy() > 0, value, 0.0), index=t.index)


def trust_scores(model: TieModel, trust: pd.Series | None = None) -> dict[str, float]:
    """Per stakeholder: the trust of their ties, ties to another party counted twice
    (trust held across party lines is what a mediator needs)."""
    trust = tie_trust(model) if trust is None else trust
    party = model.stakeholders["party"]
    scores: dict[str, float] = dict.fromkeys(model.stakeholders.index, 0.0)
    t = model.ties
    for u, v, value in zip(t["u"], t["v"], trust, strict=True):
        if value <= 0:
            continue
        bonus = 2.0 if party.get(u, "") != party.get(v, "") else 1.0
        scores[u] = scores.get(u, 0.0) + bonus * value
        scores[v] = scores.get(v, 0.0) + bonus * value
    return scores


def trusted_by(
    model: TieModel, trust: pd.Series | None = None, *, threshold: float = TRUSTING_TIE
) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """``{stakeholder: {party: [(who, tie trust), ...]}}``: who trusts each stakeholder,
    by party, counting ties with trust of at least ``threshold``."""
    trust = tie_trust(model) if trust is None else trust
    party = model.stakeholders["party"]
    out: dict[str, dict[str, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    t = model.ties
    for u, v, value in zip(t["u"], t["v"], trust, strict=True):
        if value >= threshold:
            out[u][party.get(v, "")].append((v, float(value)))
            out[v][party.get(u, "")].append((u, float(value)))
    return {k: {p: sorted(w, key=lambda x: -x[1]) for p, w in d.items()} for k, d in out.items()}


def trust_nodes(
    model: TieModel, trust: pd.Series | None = None, *, threshold: float = TRUSTING_TIE
) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Stakeholders trusted by more than one party, with at least two trusting ties to
    people of other parties than their own (trust held across the table, not just at home).

    Returns ``{id: {party: [(who, tie trust), ...]}}``.
    """
    party = model.stakeholders["party"]
    out = {}
    for sid, parties in trusted_by(model, trust, threshold=threshold).items():
        named = [p for p in parties if p]
        across = sum(len(w) for p, w in parties.items() if p and p != party.get(sid, ""))
        if len(named) >= 2 and across >= 2:
            out[sid] = parties
    return out
