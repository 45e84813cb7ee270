"""The tie model: contacts aggregated per pair, declared relationships merged in.

Pure functions over pandas and networkx; no store, file or CLI here.

A *tie* joins two stakeholders. Its evidence is the contacts between them (in
either direction) and any declared relationships. From that evidence:

strength
    Recency-weighted contact count: each contact counts ``2 ** (-age / half_life)``
    where ``age`` is its age in days at ``as_of`` (a contact today counts 1, one
    half-life ago 0.5), plus the weight of positive declared ties.
sentiment
    Recency-weighted mean sentiment of the contacts (same weights).
sign
    +1 when ``sentiment > SIGN_THRESHOLD``, -1 when ``sentiment < -SIGN_THRESHOLD``;
    for ties whose contacts are neutral or absent, the sign of the declared ties
    (their signed weights summed); 0 (neutral) otherwise. Contacts win over a
    declaration because they are the more recent evidence. A *contested* tie is -1
    whatever its mean.
contested
    The two directions disagree in sign: the recency-weighted mean sentiment of the
    contacts ``a -> b`` is above ``SIGN_THRESHOLD`` and that of ``b -> a`` below
    ``-SIGN_THRESHOLD`` (or the other way round). Such a tie is never averaged into a
    neutral one (``a -> b`` +0.8 twice and ``b -> a`` -0.8 twice would average to 0): its
    sign is -1, because one side is hostile, so it carries no trust and no shortest paths
    over positive ties; ``sentiment`` stays the mean of all its contacts.
reciprocity
    ``min(a->b, b->a) / max(a->b, b->a)`` contact counts: 1 when both sides
    initiate equally, 0 when one side always initiates.
distance
    The length of a tie for betweenness, closeness and paths: ``1 / strength ** alpha``
    (Opsahl, Agneessens & Skvoretz 2010). ``alpha`` (default
    :data:`~graphkit.scope.DEFAULT_ALPHA`, 0.5) says how much strength counts against the
    number of go-betweens: with 1 a path of many weak ties is as short as one of few
    strong ones of the same total ``1 / strength``, so that nine weak messages one way can
    make both ends brokers; with 0 every tie is one hop long (the unweighted graph).

declared ties
    A declared relationship counts while it holds: from its ``since`` to its ``until``
    (both included; either may be empty, open). An analysis as of a date outside them
    leaves it out altogether. While it holds it counts at its full weight, without
    decay: it is a standing fact, not an event that recedes (a contact is). A positive
    one adds its weight to the tie's strength (an alliance of weight 2 is as strong as
    two contacts today); a negative one adds nothing to the strength (a rivalry is no
    shorter path) and sets the sign only when the contacts are neutral or absent.

Aggregating first (one row per pair) keeps everything downstream small: the 1M
contact log of ``bench/`` becomes about 260k ties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from graphkit.scope import DEFAULT_ALPHA, DEFAULT_HALF_LIFE

_EPOCH = pd.Timestamp("1970-01-01")

#: |sentiment| above which a tie counts as positive or negative.
SIGN_THRESHOLD = 0.1


@dataclass
class TieModel:
    """Aggregated ties of one negotiation at ``as_of``."""

    as_of: str
    half_life_days: float
    period_days: int
    #: One row per stakeholder (index: id), columns name, party, organization, role, tier, kind,
    #: notes, unmapped and attributes (the extra columns of the stakeholder map, a dict each).
    stakeholders: pd.DataFrame
    #: One row per ordered pair (source, target) with contacts: contacts, strength, sentiment,
    #: first_contact, last_contact.
    directed: pd.DataFrame
    #: One row per unordered pair (u < v): see :func:`build_ties` for the columns.
    ties: pd.DataFrame
    #: The contacts used (date, source, target, channel, track, sentiment, notes), for evidence.
    contacts: pd.DataFrame
    #: Declared relationships that held on ``as_of`` (source, target, type, sign, weight,
    #: directed, since, until, notes).
    declared: pd.DataFrame
    #: Opsahl's alpha of the tie lengths (``distance = 1 / strength ** alpha``).
    alpha: float = DEFAULT_ALPHA

    def party(self, sid: str) -> str:
        return str(self.stakeholders.at[sid, "party"])


def _as_date(text: str) -> date:
    return date.fromisoformat(str(text)[:10])


def build_ties(
    stakeholders: pd.DataFrame,
    interactions: pd.DataFrame,
    relationships: pd.DataFrame,
    *,
    as_of: str | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE,
    period_days: int | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> TieModel:
    """Aggregate contacts per pair and merge declared ties (see the module docstring).

    ``as_of`` defaults to the date of the latest contact (or today without any);
    contacts after it are ignored. ``period_days`` (default: the half-life) is the
    length of the two periods compared to find cooling ties. ``alpha`` is recorded for
    the tie lengths of :func:`tie_graph` (``1 / strength ** alpha``).

    Columns of ``TieModel.ties``: ``u``, ``v`` (ids, ``u < v``), ``contacts``,
    ``uv``, ``vu`` (contacts initiated each way), ``strength``, ``contact_strength``,
    ``sentiment``, ``positive_share`` (share of contacts with sentiment >= 0),
    ``first_contact``, ``last_contact``, ``declared_sign``, ``declared_weight``,
    ``declared_types``, ``sign``, ``contested``, ``reciprocity``, and per period ``prev_contacts``,
    ``prev_sentiment``, ``last_contacts``, ``last_sentiment``.

    Examples
    --------
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-06-29"], "source": ["a", "b"],
    ...                   "target": ["b", "a"], "sentiment": [0.5, 0.25]})
    >>> m = build_ties(s, i, pd.DataFrame(), half_life_days=180)
    >>> row = m.ties.iloc[0]
    >>> (int(row.contacts), float(row.reciprocity), round(float(row.strength), 3))
    (2, 1.0, 1.5)
    """
    people = _stakeholder_frame(stakeholders)
    contacts = _contact_frame(interactions)
    if as_of is None:
        as_of = contacts["date"].max()[:10] if len(contacts) else date.today().isoformat()
    as_of = _as_date(as_of).isoformat()
    period = int(period_days or half_life_days)
    contacts = contacts[contacts["date"].str[:10] <= as_of].copy()

    day = pd.to_datetime(contacts["date"].str[:10], format="%Y-%m-%d")
    age = (pd.Timestamp(as_of) - day).dt.days.to_numpy(dtype=float)
    contacts["weight"] = np.exp2(-age / float(half_life_days))
    contacts["age"] = age
    # Day numbers: min/max on integers, not strings (pandas falls back to Python for those).
    contacts["dayno"] = (day - _EPOCH).dt.days.to_numpy(dtype=np.int64)

    directed = _directed(contacts)
    ties = _undirected(contacts, period)
    declared = _declared_frame(relationships, as_of)
    ties = _contested(_merge_declared(ties, declared), directed)
    return TieModel(
        as_of,
        float(half_life_days),
        period,
        people,
        directed,
        ties,
        contacts,
        declared,
        alpha=float(alpha),
    )


def _stakeholder_frame(stakeholders: pd.DataFrame) -> pd.DataFrame:
    cols = ["name", "party", "organization", "role", "tier", "kind", "notes", "unmapped"]
    df = stakeholders.copy()
    for c in cols:
        if c not in df:
            df[c] = False if c == "unmapped" else ""
    attributes = (
        [dict(a) if isinstance(a, Mapping) else {} for a in df["attributes"]]
        if "attributes" in df
        else [{} for _ in range(len(df))]
    )
    df = df.set_index("id")[cols]
    for c in cols[:-1]:
        df[c] = df[c].fillna("").astype(str)
    # The team's own columns, {header: value} per stakeholder (copies: the frame given
    # keeps its dicts); typed by graphkit.analysis.team_fields, never a metric.
    df["attributes"] = pd.Series(attributes, index=df.index, dtype=object)
    return df


def _contact_frame(interactions: pd.DataFrame) -> pd.DataFrame:
    cols = ["date", "source", "target", "channel", "track", "sentiment", "confidential", "notes"]
    df = interactions.copy()
    for c in cols:
        if c not in df:
            df[c] = 0.0 if c == "sentiment" else (False if c == "confidential" else "")
    df = df[cols].reset_index(drop=True)
    df["date"] = df["date"].astype(str)
    df["sentiment"] = df["sentiment"].astype(float)
    return df


def _declared_frame(relationships: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The declared ties that held on ``as_of``: ``since`` (first day) and ``until`` (last
    day) both included, an empty one open."""
    cols = ["source", "target", "type", "sign", "weight", "directed", "since", "until", "notes"]
    if relationships is None or len(relationships) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    df = relationships.copy()
    for c, default in (("weight", 1.0), ("directed", False), ("notes", ""), ("type", "")):
        if c not in df:
            df[c] = default
    for c in ("since", "until"):
        df[c] = df[c].fillna("").astype(str).str[:10] if c in df else ""
    return df.loc[held_on(df, as_of), cols].reset_index(drop=True)


def held_on(relationships: pd.DataFrame, as_of: str) -> pd.Series:
    """Which declared ties held on ``as_of`` (an ISO date): ``since`` and ``until`` both
    included, an empty or missing one open.

    >>> r = pd.DataFrame({"since": ["", "2024-02-01", ""], "until": ["", "", "2023-12-31"]})
    >>> held_on(r, "2024-01-15").tolist()
    [True, False, False]
    """
    day = str(as_of)[:10]
    ok = pd.Series(True, index=relationships.index)
    for column, still in (("since", lambda x: x <= day), ("until", lambda x: x >= day)):
        if column in relationships:
            dates = relationships[column].fillna("").astype(str).str[:10]
            ok &= (dates == "") | still(dates)
    return ok


def _directed(contacts: pd.DataFrame) -> pd.DataFrame:
    if contacts.empty:
        return pd.DataFrame(
            columns=[
                "source",
                "target",
                "contacts",
                "strength",
                "sentiment",
                "first_contact",
                "last_contact",
            ]
        )
    c = contacts.assign(ws=contacts["weight"] * contacts["sentiment"])
    g = c.groupby(["source", "target"], sort=True)
    out = g.agg(
        contacts=("date", "size"),
        strength=("weight", "sum"),
        ws=("ws", "sum"),
        first_contact=("dayno", "min"),
        last_contact=("dayno", "max"),
    ).reset_index()
    out["sentiment"] = out["ws"] / out["strength"].where(out["strength"] > 0, 1.0)
    out["first_contact"] = _iso_days(out["first_contact"])
    out["last_contact"] = _iso_days(out["last_contact"])
    return out.drop(columns="ws")


def _iso_days(days: pd.Series) -> pd.Series:
    return (_EPOCH + pd.to_timedelta(days, unit="D")).dt.strftime("%Y-%m-%d")


def _undirected(contacts: pd.DataFrame, period: int) -> pd.DataFrame:
    columns = [
        "u", "v", "contacts", "uv", "vu", "contact_strength", "sentiment", "positive_share",
        "first_contact", "last_contact", "prev_contacts", "prev_sentiment", "last_contacts",
        "last_sentiment",
    ]  # fmt: skip
    if contacts.empty:
        return pd.DataFrame(columns=columns)
    s, t = contacts["source"].to_numpy(), contacts["target"].to_numpy()
    forward = s < t
    c = contacts.assign(
        u=np.where(forward, s, t),
        v=np.where(forward, t, s),
        fw=forward.astype(int),
        ws=contacts["weight"] * contacts["sentiment"],
        pos=(contacts["sentiment"] >= 0).astype(int),
        in_last=(contacts["age"] < period).astype(int),
        in_prev=((contacts["age"] >= period) & (contacts["age"] < 2 * period)).astype(int),
    )
    c["s_last"] = c["sentiment"] * c["in_last"]
    c["s_prev"] = c["sentiment"] * c["in_prev"]
    g = c.groupby(["u", "v"], sort=True)
    out = g.agg(
        contacts=("date", "size"),
        uv=("fw", "sum"),
        contact_strength=("weight", "sum"),
        ws=("ws", "sum"),
        pos=("pos", "sum"),
        first_contact=("dayno", "min"),
        last_contact=("dayno", "max"),
        last_contacts=("in_last", "sum"),
        s_last=("s_last", "sum"),
        prev_contacts=("in_prev", "sum"),
        s_prev=("s_prev", "sum"),
    ).reset_index()
    out["first_contact"] = _iso_days(out["first_contact"])
    out["last_contact"] = _iso_days(out["last_contact"])
    out["vu"] = out["contacts"] - out["uv"]
    out["sentiment"] = out["ws"] / out["contact_strength"].where(out["contact_strength"] > 0, 1.0)
    out["positive_share"] = out["pos"] / out["contacts"]
    out["last_sentiment"] = out["s_last"] / out["last_contacts"].where(
        out["last_contacts"] > 0, np.nan
    )
    out["prev_sentiment"] = out["s_prev"] / out["prev_contacts"].where(
        out["prev_contacts"] > 0, np.nan
    )
    return out[columns]


def _merge_declared(ties: pd.DataFrame, declared: pd.DataFrame) -> pd.DataFrame:
    if len(declared):
        d = declared.copy()
        src, dst = d["source"].astype(str).to_numpy(), d["target"].astype(str).to_numpy()
        fw = src < dst
        d["u"], d["v"] = np.where(fw, src, dst), np.where(fw, dst, src)
        d["signed"] = d["sign"].astype(float) * d["weight"].astype(float)
        d["pos_weight"] = np.where(d["sign"].astype(int) > 0, d["weight"].astype(float), 0.0)
        agg = (
            d.groupby(["u", "v"], sort=True)
            .agg(
                declared_signed=("signed", "sum"),
                declared_weight=("pos_weight", "sum"),
                declared_types=("type", lambda x: ", ".join(sorted(set(map(str, x))))),
            )
            .reset_index()
        )
        ties = ties.merge(agg, on=["u", "v"], how="outer")
    else:
        ties = ties.assign(declared_signed=0.0, declared_weight=0.0, declared_types="")
    ties["declared_signed"] = ties["declared_signed"].fillna(0.0)
    ties["declared_weight"] = ties["declared_weight"].fillna(0.0)
    ties["declared_types"] = ties["declared_types"].fillna("")
    ties["declared_sign"] = np.sign(ties["declared_signed"]).astype(int)
    for col in ("contacts", "uv", "vu", "last_contacts", "prev_contacts"):
        ties[col] = ties[col].fillna(0).astype(int)
    for col in ("contact_strength", "sentiment", "positive_share"):
        ties[col] = ties[col].fillna(0.0).astype(float)
    for col in ("first_contact", "last_contact"):
        ties[col] = ties[col].fillna("")
    ties["strength"] = ties["contact_strength"] + ties["declared_weight"]
    # A declared-only negative tie still has a length for path measures; it is not used by them.
    ties.loc[ties["strength"] <= 0, "strength"] = 1.0
    sent = ties["sentiment"].to_numpy()
    contact_sign = np.where(
        ties["contacts"].to_numpy() > 0,
        np.where(sent > SIGN_THRESHOLD, 1, np.where(sent < -SIGN_THRESHOLD, -1, 0)),
        0,
    )
    ties["sign"] = np.where(
        contact_sign != 0, contact_sign, ties["declared_sign"].to_numpy()
    ).astype(int)
    uv, vu = ties["uv"].to_numpy(), ties["vu"].to_numpy()
    most, least = np.maximum(uv, vu), np.minimum(uv, vu)
    ties["reciprocity"] = np.where(most > 0, least / np.where(most > 0, most, 1), 0.0)
    return ties.sort_values(["u", "v"]).reset_index(drop=True)


def _contested(ties: pd.DataFrame, directed: pd.DataFrame) -> pd.DataFrame:
    """Flag the ties whose two directions disagree in sign (see the module docstring) and
    make them negative."""
    mean = {
        (a, b): float(x)
        for a, b, x in zip(
            directed["source"], directed["target"], directed["sentiment"], strict=True
        )
    }

    def side(a: str, b: str) -> int:
        x = mean.get((a, b), 0.0)
        return 1 if x > SIGN_THRESHOLD else -1 if x < -SIGN_THRESHOLD else 0

    contested = np.array(
        [side(u, v) * side(v, u) < 0 for u, v in zip(ties["u"], ties["v"], strict=True)],
        dtype=bool,
    )
    ties["contested"] = contested
    ties.loc[contested, "sign"] = -1
    return ties
