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
    declaration because they are the more recent evidence.
reciprocity
    ``min(a->b, b->a) / max(a->b, b->a)`` contact counts: 1 when both sides
    initiate equally, 0 when one side always initiates.

Aggregating first (one row per pair) keeps everything downstream small: the 1M
contact log of ``bench/`` becomes about 260k ties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.scope import DEFAULT_HALF_LIFE

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
    #: Declared relationships used (source, target, type, sign, weight, directed, notes).
    declared: pd.DataFrame

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
) -> TieModel:
    """Aggregate contacts per pair and merge declared ties (see the module docstring).

    ``as_of`` defaults to the date of the latest contact (or today without any);
    contacts after it are ignored. ``period_days`` (default: the half-life) is the
    length of the two periods compared to find cooling ties.

    Columns of ``TieModel.ties``: ``u``, ``v`` (ids, ``u < v``), ``contacts``,
    ``uv``, ``vu`` (contacts initiated each way), ``strength``, ``contact_strength``,
    ``sentiment``, ``positive_share`` (share of contacts with sentiment >= 0),
    ``first_contact``, ``last_contact``, ``declared_sign``, ``declared_weight``,
    ``declared_types``, ``sign``, ``reciprocity``, and per period ``prev_contacts``,
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
    ties = _merge_declared(ties, _declared_frame(relationships))
    declared = _declared_frame(relationships)
    return TieModel(
        as_of, float(half_life_days), period, people, directed, ties, contacts, declared
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


def _declared_frame(relationships: pd.DataFrame) -> pd.DataFrame:
    cols = ["source", "target", "type", "sign", "weight", "directed", "notes"]
    if relationships is None or len(relationships) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    df = relationships.copy()
    for c, default in (("weight", 1.0), ("directed", False), ("notes", ""), ("type", "")):
        if c not in df:
            df[c] = default
    return df[cols].reset_index(drop=True)


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


# -- graphs ----------------------------------------------------------------------


def tie_graph(model: TieModel, *, include_negative: bool = True) -> nx.Graph[str]:
    """Undirected graph of ties; every stakeholder is a node (isolates included).

    Edge attributes: ``strength``, ``distance`` (1 / strength), ``sign``,
    ``sentiment``, ``contacts``, ``reciprocity``, ``positive_share`` (share of contacts
    with sentiment >= 0), ``last_contact`` (ISO date, "" without contacts),
    ``declared_signed`` (the declared ties' signed weights summed), ``positive_contacts``
    (contacts with sentiment above ``SIGN_THRESHOLD``) and ``positive_initiators`` (how
    many of the two initiated at least one of those: 0, 1 or 2), the evidence of
    :func:`graphkit.analysis.trust.tie_trust`. Node attributes: ``name``, ``party``,
    ``kind``. Graph attributes: ``as_of`` and ``half_life_days`` of the model, which the
    recency of :func:`graphkit.analysis.trust.tie_trust` is measured from.

    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01"], "source": ["a"], "target": ["b"],
    ...                   "sentiment": [0.5]})
    >>> G = tie_graph(build_ties(s, i, pd.DataFrame()))
    >>> G.graph
    {'as_of': '2024-01-01', 'half_life_days': 180.0}
    >>> G["a"]["b"]["last_contact"], G["a"]["b"]["positive_share"]
    ('2024-01-01', 1.0)
    """
    G: nx.Graph[str] = nx.Graph(as_of=model.as_of, half_life_days=model.half_life_days)
    people = model.stakeholders
    G.add_nodes_from(
        (sid, {"name": name, "party": party, "kind": kind})
        for sid, name, party, kind in zip(
            people.index, people["name"], people["party"], people["kind"], strict=True
        )
    )
    t = model.ties if include_negative else model.ties[model.ties["sign"] >= 0]
    evidence = _positive_evidence(model.contacts)
    G.add_edges_from(
        (
            u,
            v,
            {
                "strength": s,
                "distance": 1.0 / s,
                "sign": int(sg),
                "sentiment": se,
                "contacts": int(c),
                "reciprocity": r,
                "positive_share": ps,
                "last_contact": lc,
                "declared_signed": ds,
                "positive_contacts": evidence.get((u, v), (0, 0))[0],
                "positive_initiators": evidence.get((u, v), (0, 0))[1],
            },
        )
        for u, v, s, sg, se, c, r, ps, lc, ds in zip(
            t["u"],
            t["v"],
            t["strength"],
            t["sign"],
            t["sentiment"],
            t["contacts"],
            t["reciprocity"],
            t["positive_share"],
            t["last_contact"],
            t["declared_signed"],
            strict=True,
        )
    )
    return G


def _positive_evidence(contacts: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    """``{(u, v): (positive contacts, initiators)}`` with ``u < v``: the contacts with
    sentiment above ``SIGN_THRESHOLD`` and how many of the two initiated one of them."""
    c = contacts[contacts["sentiment"].astype(float) > SIGN_THRESHOLD]
    if c.empty:
        return {}
    s, t = c["source"].astype(str).to_numpy(), c["target"].astype(str).to_numpy()
    forward = s < t
    g = pd.DataFrame(
        {"u": np.where(forward, s, t), "v": np.where(forward, t, s), "source": s}
    ).groupby(["u", "v"], sort=True)["source"]
    counts, initiators = g.size(), g.nunique()
    return {
        (str(u), str(v)): (int(n), int(i))
        for (u, v), n, i in zip(counts.index, counts.to_numpy(), initiators.to_numpy(), strict=True)
    }


def sorted_ties(G: nx.Graph[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges of ``G`` as ``(u, v, data)`` with ``u < v``, sorted by ``(u, v)``: the row
    order of :attr:`TieModel.ties`. Sums over ties run in this order, so that they come out
    the same to the last bit however the graph was built (``G.edges()`` runs in node order).

    >>> G = nx.Graph([("c", "a"), ("b", "a")])
    >>> [(u, v) for u, v, _ in sorted_ties(G)]
    [('a', 'b'), ('a', 'c')]
    """
    ties = ((u, v, d) if u <= v else (v, u, d) for u, v, d in G.edges(data=True))
    return sorted(ties, key=lambda e: (e[0], e[1]))


def contact_graph(model: TieModel, *, undirected: bool = False) -> nx.DiGraph[str]:
    """Directed graph: ``a -> b`` when ``a`` initiated contacts with ``b`` (weight: strength),
    plus declared positive ties (both ways unless directed). Every stakeholder is a node.

    Edge attributes: ``strength`` and ``contacts`` (every contact ``a`` initiated with
    ``b``, plus the declared weight), split by sentiment into ``sought_strength`` and
    ``sought_contacts`` (contacts with sentiment at least ``-SIGN_THRESHOLD``, plus the
    declared weight: being sought out) and ``hostile_strength`` and ``hostile_contacts``
    (contacts with sentiment below ``-SIGN_THRESHOLD``: hostile attention). Strengths are
    recency-weighted like the ties' (each contact ``2 ** (-age / half_life)``).

    ``undirected`` is for logs whose direction carries no meaning (co-attendance,
    marriages): every contact counts both ways, ``a -> b`` and ``b -> a``. Declared ties
    keep their declared direction. The graph attribute ``undirected`` records the choice.

    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "party": ["X", "Y"]})
    >>> i = pd.DataFrame({"date": ["2024-01-01"] * 2, "source": ["a", "a"],
    ...                   "target": ["b", "b"], "sentiment": [0.5, -0.5]})
    >>> D = contact_graph(build_ties(s, i, pd.DataFrame()))
    >>> d = D["a"]["b"]
    >>> d["contacts"], d["sought_contacts"], d["hostile_contacts"], d["hostile_strength"]
    (2, 1, 1, 1.0)
    >>> sorted(contact_graph(build_ties(s, i, pd.DataFrame()), undirected=True).edges())
    [('a', 'b'), ('b', 'a')]
    """
    D: nx.DiGraph[str] = nx.DiGraph(undirected=undirected)
    people = model.stakeholders
    D.add_nodes_from(
        (sid, {"party": p}) for sid, p in zip(people.index, people["party"], strict=True)
    )
    c = model.contacts
    c = pd.DataFrame(
        {
            "source": c["source"].astype(str),
            "target": c["target"].astype(str),
            "weight": c["weight"].astype(float) if "weight" in c else 1.0,
            "hostile": c["sentiment"].astype(float) < -SIGN_THRESHOLD,
        }
    )
    if undirected:
        c = pd.concat([c, c.rename(columns={"source": "target", "target": "source"})])
    g = c.assign(
        sought_w=c["weight"].where(~c["hostile"], 0.0),
        hostile_w=c["weight"].where(c["hostile"], 0.0),
        sought_n=(~c["hostile"]).astype(int),
        hostile_n=c["hostile"].astype(int),
    ).groupby(["source", "target"], sort=True)
    d = g.agg(
        contacts=("weight", "size"),
        strength=("weight", "sum"),
        sought_strength=("sought_w", "sum"),
        sought_contacts=("sought_n", "sum"),
        hostile_strength=("hostile_w", "sum"),
        hostile_contacts=("hostile_n", "sum"),
    ).reset_index()
    D.add_edges_from(
        (
            a,
            b,
            {
                "strength": float(s),
                "contacts": int(n),
                "sought_strength": float(ss),
                "sought_contacts": int(sn),
                "hostile_strength": float(hs),
                "hostile_contacts": int(hn),
            },
        )
        for a, b, n, s, ss, sn, hs, hn in zip(
            d["source"],
            d["target"],
            d["contacts"],
            d["strength"],
            d["sought_strength"],
            d["sought_contacts"],
            d["hostile_strength"],
            d["hostile_contacts"],
            strict=True,
        )
    )
    dec = model.declared
    for a, b, sign, w, directed in zip(
        dec["source"], dec["target"], dec["sign"], dec["weight"], dec["directed"], strict=True
    ):
        if int(sign) <= 0:
            continue
        for x, y in ((a, b),) if directed else ((a, b), (b, a)):
            if D.has_edge(x, y):
                D[x][y]["strength"] += float(w)
                D[x][y]["sought_strength"] += float(w)
            else:
                D.add_edge(
                    x,
                    y,
                    strength=float(w),
                    contacts=0,
                    sought_strength=float(w),
                    sought_contacts=0,
                    hostile_strength=0.0,
                    hostile_contacts=0,
                )
    return D
