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
contact log of ``bench/`` becomes about 260k ties. Every figure of a tie is a count, sum,
minimum or maximum over the contacts of its two *ordered* pairs (:func:`directed_aggregates`,
:data:`AGGREGATE_COLUMNS`), so a store can compute those on its side
(``Store.load_ties``: Neo4j runs them as one Cypher query) and send one row per ordered
pair instead of every contact; :func:`ties_from_aggregates` builds the model from them.
The contacts themselves are read only when an output shows them as evidence
(:attr:`TieModel.contacts`, :meth:`TieModel.contacts_between`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from graphkit.aggregates import (
    AGGREGATE_COLUMNS,
    AGGREGATE_COUNTS,
    AGGREGATE_DATES,
    AGGREGATE_DIGITS,
    CONTACT_COLUMNS,
    SIGN_THRESHOLD,
    aggregate_contacts,
    aggregate_frame,
    as_date,
    contact_frame,
    day_numbers,
    directed_aggregates,
    iso_days,
    weigh_contacts,
)
from graphkit.scope import DEFAULT_ALPHA, DEFAULT_HALF_LIFE

__all__ = [
    "AGGREGATE_COLUMNS", "AGGREGATE_COUNTS", "AGGREGATE_DATES", "AGGREGATE_DIGITS",
    "CONTACT_COLUMNS", "SIGN_THRESHOLD", "ContactFetch", "TieModel", "aggregate_frame",
    "build_ties", "directed_aggregates", "held_on", "ties_from_aggregates",
    "weigh_contacts",
]  # fmt: skip

ContactFetch = Callable[[Sequence[tuple[str, str]] | None], pd.DataFrame]


@dataclass
class TieModel:
    """Aggregated ties of one negotiation at ``as_of``."""

    as_of: str
    half_life_days: float
    period_days: int
    #: One row per stakeholder (index: id), columns name, party, organization, role, tier, kind,
    #: notes, unmapped and attributes (the extra columns of the stakeholder map, a dict each).
    stakeholders: pd.DataFrame
    #: One row per ordered pair (source, target) with contacts: the aggregates of
    #: :data:`AGGREGATE_COLUMNS`, and ``sentiment`` (their recency-weighted mean).
    directed: pd.DataFrame
    #: One row per unordered pair (u < v): see :func:`build_ties` for the columns.
    ties: pd.DataFrame
    #: Declared relationships that held on ``as_of`` (source, target, type, sign, weight,
    #: directed, since, until, notes).
    declared: pd.DataFrame
    #: Opsahl's alpha of the tie lengths (``distance = 1 / strength ** alpha``).
    alpha: float = DEFAULT_ALPHA
    #: Reads the contacts behind the ties (all of them with ``None``, else those between the
    #: unordered pairs given), as :func:`weigh_contacts` gives them; none without it.
    fetch_contacts: ContactFetch | None = field(default=None, repr=False, compare=False)

    def party(self, sid: str) -> str:
        return str(self.stakeholders.at[sid, "party"])

    @cached_property
    def contacts(self) -> pd.DataFrame:
        """The contacts used (:data:`CONTACT_COLUMNS`: ``weight`` is the recency weight,
        ``age`` in days at ``as_of``, ``dayno`` the day since 1970), for evidence: read from
        the store the first time it is asked for (every contact of the analysis)."""
        return self._fetch(None)

    def contacts_between(self, pairs: Sequence[tuple[str, str]]) -> pd.DataFrame:
        """The contacts of the ties ``(u, v)`` given, either way round (read from the store
        for these ties only, unless :attr:`contacts` was read already)."""
        wanted = {(min(u, v), max(u, v)) for u, v in pairs}
        if "contacts" in self.__dict__ or self.fetch_contacts is None:
            c = self.contacts
        elif not wanted:
            return weigh_contacts(pd.DataFrame(), self.as_of, self.half_life_days)
        else:
            c = self._fetch(sorted(wanted))
        s, t = c["source"].astype(str).to_numpy(), c["target"].astype(str).to_numpy()
        ends = pd.MultiIndex.from_arrays([np.where(s < t, s, t), np.where(s < t, t, s)])
        return c[ends.isin(list(wanted))]

    def _fetch(self, pairs: Sequence[tuple[str, str]] | None) -> pd.DataFrame:
        if self.fetch_contacts is None:
            return weigh_contacts(pd.DataFrame(), self.as_of, self.half_life_days)
        return self.fetch_contacts(pairs)

    @property
    def contact_count(self) -> int:
        """How many contacts the ties aggregate."""
        return int(self.directed["contacts"].sum()) if len(self.directed) else 0

    @property
    def first_contact(self) -> str | None:
        """The day of the first contact the ties aggregate (``None`` without any)."""
        return str(self.directed["first_contact"].min()) if len(self.directed) else None


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
    contacts = contact_frame(interactions)
    if as_of is None:
        as_of = contacts["date"].max()[:10] if len(contacts) else date.today().isoformat()
    as_of = as_date(as_of).isoformat()
    period = int(period_days or half_life_days)
    contacts = weigh_contacts(contacts, as_of, half_life_days)
    return ties_from_aggregates(
        stakeholders,
        aggregate_contacts(contacts, period),
        relationships,
        as_of=as_of,
        half_life_days=half_life_days,
        period_days=period,
        alpha=alpha,
        fetch_contacts=lambda pairs: contacts,
    )


def ties_from_aggregates(
    stakeholders: pd.DataFrame,
    directed: pd.DataFrame,
    relationships: pd.DataFrame,
    *,
    as_of: str,
    half_life_days: float = DEFAULT_HALF_LIFE,
    period_days: int | None = None,
    alpha: float = DEFAULT_ALPHA,
    fetch_contacts: ContactFetch | None = None,
) -> TieModel:
    """:func:`build_ties` from the per-ordered-pair aggregates of the contacts
    (:func:`directed_aggregates` at the same ``as_of``, ``half_life_days`` and
    ``period_days``, or a store's ``load_ties``) rather than the contacts themselves.
    ``fetch_contacts`` reads the contacts when an output shows them
    (:attr:`TieModel.contacts`).

    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-06-29"], "source": ["a", "b"],
    ...                   "target": ["b", "a"], "sentiment": [0.5, 0.25]})
    >>> agg = directed_aggregates(i, as_of="2024-06-29", half_life_days=180)
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> m = ties_from_aggregates(s, agg, pd.DataFrame(), as_of="2024-06-29", half_life_days=180)
    >>> (m.contact_count, round(float(m.ties.iloc[0].strength), 3))
    (2, 1.5)
    """
    as_of = as_date(as_of).isoformat()
    period = int(period_days or half_life_days)
    people = _stakeholder_frame(stakeholders)
    directed = _directed(aggregate_frame(directed))
    ties = _undirected(directed)
    declared = _declared_frame(relationships, as_of)
    ties = _contested(_merge_declared(ties, declared), directed)
    return TieModel(
        as_of,
        float(half_life_days),
        period,
        people,
        directed,
        ties,
        declared,
        alpha=float(alpha),
        fetch_contacts=fetch_contacts,
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
    # Declared power and interest ride along, whole numbers (0: not declared).
    levels = [c for c in ("power", "interest") if c in df]
    df = df.set_index("id")[cols + levels]
    for c in cols[:-1]:
        df[c] = df[c].fillna("").astype(str)
    for c in ("power", "interest"):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype(int) if c in df else 0
    # The team's own columns, {header: value} per stakeholder (copies: the frame given
    # keeps its dicts); typed by graphkit.analysis.team_fields, never a metric.
    df["attributes"] = pd.Series(attributes, index=df.index, dtype=object)
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


def _directed(agg: pd.DataFrame) -> pd.DataFrame:
    """The aggregates with each direction's recency-weighted mean ``sentiment``."""
    out = agg.copy()
    out["sentiment"] = out["weighted_sentiment"] / out["strength"].where(out["strength"] > 0, 1.0)
    return out


def _undirected(directed: pd.DataFrame) -> pd.DataFrame:
    """Per unordered pair, the figures of its two directions summed (minimum, maximum)."""
    columns = [
        "u", "v", "contacts", "uv", "vu", "contact_strength", "sentiment", "positive_share",
        "first_contact", "last_contact", "prev_contacts", "prev_sentiment", "last_contacts",
        "last_sentiment",
    ]  # fmt: skip
    if directed.empty:
        return pd.DataFrame(columns=columns)
    s, t = directed["source"].to_numpy(), directed["target"].to_numpy()
    forward = s < t
    c = directed.assign(
        u=np.where(forward, s, t),
        v=np.where(forward, t, s),
        uv=np.where(forward, directed["contacts"], 0),
        first_day=day_numbers(directed["first_contact"]),
        last_day=day_numbers(directed["last_contact"]),
    )
    g = c.groupby(["u", "v"], sort=True)
    out = g.agg(
        contacts=("contacts", "sum"),
        uv=("uv", "sum"),
        contact_strength=("strength", "sum"),
        ws=("weighted_sentiment", "sum"),
        pos=("positive", "sum"),
        first_contact=("first_day", "min"),
        last_contact=("last_day", "max"),
        last_contacts=("last_contacts", "sum"),
        s_last=("last_sentiment_sum", "sum"),
        prev_contacts=("prev_contacts", "sum"),
        s_prev=("prev_sentiment_sum", "sum"),
    ).reset_index()
    out["first_contact"] = iso_days(out["first_contact"])
    out["last_contact"] = iso_days(out["last_contact"])
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
