"""Where it will break: negative ties, signed structural balance, cooling and one-sided ties,
and the stakeholders under hostile attention (pressure)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypedDict, cast

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.analysis._fast import NodeT, to_igraph
from graphkit.graph import SIGN_THRESHOLD, TieModel
from graphkit.networks import sorted_ties
from graphkit.words import count

#: Sentiment fall between the two last periods that marks a tie as cooling.
COOLING_DROP = 0.3
#: Contacts in the two periods together, at least (one in each), for a fall in sentiment
#: to be cooling.
COOLING_MIN_CONTACTS = 3
#: Contacts at least, all from one side, to call a tie one-sided.
ONE_SIDED_MIN = 4
#: Stakeholders at least who initiated hostile contacts with one, for one to be under
#: pressure: one adversary's hostility is a negative tie, two or more are a campaign.
PRESSURE_MIN_INITIATORS = 2
#: Initiators named in the evidence of a stakeholder under pressure (the rest counted).
PRESSURE_TOP_INITIATORS = 3

TRIANGLE_TYPES = {3: "+++", 2: "++-", 1: "+--", 0: "---"}


class Balance(TypedDict):
    """What :func:`balance` returns."""

    triangles: int
    balanced: int
    unbalanced: int
    #: balanced / triangles; None without triangles.
    balance_ratio: float | None
    #: Triangles weakly balanced (Davis 1967): all but ``++-``; ``---`` (three mutual
    #: enemies) is weakly balanced.
    weakly_balanced: int
    #: weakly balanced / triangles; None without triangles.
    weak_balance_ratio: float | None
    #: Triangle count per type (``TRIANGLE_TYPES``: ``+++``, ``++-``, ``+--``, ``---``).
    by_type: dict[str, int]
    #: Unbalanced triangles per stakeholder (every node of the graph, 0 included).
    per_stakeholder: dict[Hashable, int]
    #: Unbalanced triangles per tie, keyed by ``frozenset((u, v))``; ties in none left out.
    per_tie: dict[frozenset[Hashable], int]


class Pressure(TypedDict):
    """One stakeholder under pressure (:func:`under_pressure`)."""

    stakeholder: str
    #: Hostile contacts others initiated with them.
    hostile_contacts: int
    #: From how many stakeholders.
    initiators: int
    #: The recency weights of those contacts summed: the ``pressure`` metric.
    pressure: float
    #: Date of the last of them.
    last_contact: str
    #: ``(initiator, hostile contacts, date of the last)``, most contacts first, then the
    #: latest, then by id.
    by_initiator: list[tuple[str, int, str]]


def signed_triangles(G: nx.Graph[NodeT], *, sign: str = "sign") -> pd.DataFrame:
    """Every triangle of signed ties (sign +1 or -1; neutral ties are left out), classified.

    Structural balance (Heider 1946; Cartwright & Harary 1956): a triangle is
    balanced when the product of its signs is positive (``+++``, ``+--``: "the
    enemy of my enemy is my friend") and unbalanced otherwise (``++-``, ``---``).
    Columns: ``a``, ``b``, ``c``, ``type``, ``balanced``. Triangles are listed by
    igraph in C.

    >>> G = nx.Graph()
    >>> G.add_edges_from([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
    >>> signed_triangles(G)[["type", "balanced"]].values.tolist()
    [['++-', False]]
    """
    H: nx.Graph[NodeT] = nx.Graph()
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d.get(sign, 0) in (1, -1))
    if H.number_of_edges() < 3:
        return pd.DataFrame(columns=["a", "b", "c", "type", "balanced"])
    g, nodes = to_igraph(H)
    tri = np.asarray(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri) == 0:
        return pd.DataFrame(columns=["a", "b", "c", "type", "balanced"])
    S = sp.csr_array(
        (
            np.array([1.0 if d[sign] > 0 else -1.0 for _, _, d in H.edges(data=True)]),
            (np.array([e.source for e in g.es]), np.array([e.target for e in g.es])),
        ),
        shape=(len(nodes), len(nodes)),
    )
    S = S + S.T
    positives = sum(
        (np.asarray(S[tri[:, i], tri[:, j]]).ravel() > 0).astype(int)
        for i, j in ((0, 1), (1, 2), (0, 2))
    )
    names = np.asarray(nodes, dtype=object)
    df = pd.DataFrame({"a": names[tri[:, 0]], "b": names[tri[:, 1]], "c": names[tri[:, 2]]})
    df["type"] = pd.Series(positives).map(TRIANGLE_TYPES).to_numpy()
    df["balanced"] = (positives % 2) == 1
    return df


def balance(G: nx.Graph[NodeT], triangles: pd.DataFrame | None = None) -> Balance:
    """Summary of structural balance: triangle counts by type, the balance ratio
    (balanced / all triangles), unbalanced triangles per stakeholder and per tie.

    >>> G = nx.Graph()
    >>> G.add_edges_from([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
    >>> balance(G)["balance_ratio"]
    0.0
    """
    tri = signed_triangles(G) if triangles is None else triangles
    unbalanced = tri[~tri["balanced"].astype(bool)] if len(tri) else tri
    per_node: dict[Hashable, int] = dict.fromkeys(G, 0)
    per_node.update(
        pd.concat([unbalanced["a"], unbalanced["b"], unbalanced["c"]]).value_counts().to_dict()
    )
    ends = [(unbalanced[x], unbalanced[y]) for x, y in (("a", "b"), ("b", "c"), ("a", "c"))]
    pairs = pd.DataFrame(
        {"x": pd.concat([e[0] for e in ends]), "y": pd.concat([e[1] for e in ends])}
    )
    per_tie: dict[frozenset[Hashable], int] = {}
    if len(pairs):
        # value_counts() of two columns is labelled by (x, y) tuples
        for k, v in pairs.value_counts().items():
            per_tie[frozenset(cast("tuple[Hashable, Hashable]", k))] = int(v)
    total = len(tri)
    weak = int(total - (tri["type"] == "++-").sum()) if total else 0
    return {
        "triangles": total,
        "balanced": int(total - len(unbalanced)),
        "unbalanced": len(unbalanced),
        "balance_ratio": (total - len(unbalanced)) / total if total else None,
        "weakly_balanced": weak,
        "weak_balance_ratio": weak / total if total else None,
        "by_type": {
            t: int((tri["type"] == t).sum()) if total else 0 for t in TRIANGLE_TYPES.values()
        },
        "per_stakeholder": per_node,
        "per_tie": per_tie,
    }


def negative_exposure(G: nx.Graph[str]) -> dict[str, float]:
    """Per stakeholder, the weight of their negative ties (edge attribute ``sign`` < 0):
    for each, the magnitude of its mean contact sentiment (``sentiment``) when its contacts
    are negative (below ``-SIGN_THRESHOLD``), else of its declared signed weight
    (``declared_signed``). 0 for stakeholders without negative ties. ``G`` is the tie graph of
    :func:`graphkit.networks.tie_graph`; ties are summed in the order of
    :func:`graphkit.networks.sorted_ties`.

    >>> G = nx.Graph()
    >>> G.add_nodes_from("abc")
    >>> G.add_edge("a", "b", sign=-1, sentiment=-0.5, contacts=3, declared_signed=0.0)
    >>> G.add_edge("a", "c", sign=-1, sentiment=0.0, contacts=0, declared_signed=-2.0)
    >>> negative_exposure(G)
    {'a': 2.5, 'b': 0.5, 'c': 2.0}
    """
    out: dict[str, float] = dict.fromkeys(G, 0.0)
    for u, v, d in sorted_ties(G):
        if d["sign"] >= 0:
            continue
        s, c = d["sentiment"], d["contacts"]
        # Contacts are the evidence only when they are negative themselves (below
        # -SIGN_THRESHOLD, as for the tie's sign); a neutral -0.05 is no evidence of
        # hostility, and the declared rivalry that made the tie negative counts instead.
        negative = c > 0 and s < -SIGN_THRESHOLD
        value = abs(s) if negative else abs(d["declared_signed"])
        out[u] = out.get(u, 0.0) + value
        out[v] = out.get(v, 0.0) + value
    return out


def cooling_ties(model: TieModel, *, drop: float = COOLING_DROP) -> pd.DataFrame:
    """Ties that cool between the previous and the last period (each ``period_days``
    long, ending at ``as_of``): mean sentiment falls by at least ``drop`` (over at least
    ``COOLING_MIN_CONTACTS`` contacts in the two periods, one in each), or contacts fall by
    half or more from at least 4.

    Rows of ``model.ties`` with an extra ``why`` column.
    """
    t = model.ties
    # A fall in mean sentiment counts only over COOLING_MIN_CONTACTS contacts in the two
    # periods together (one at least in each): one contact per period is an anecdote.
    both = (t["prev_contacts"] > 0) & (t["last_contacts"] > 0)
    enough = t["prev_contacts"] + t["last_contacts"] >= COOLING_MIN_CONTACTS
    fall = (t["prev_sentiment"] - t["last_sentiment"]).fillna(0.0)
    colder = both & enough & (fall >= drop)
    quieter = (t["prev_contacts"] >= 4) & (t["last_contacts"] * 2 <= t["prev_contacts"])
    out = t[colder | quieter].copy()
    out["why"] = [
        f"mean sentiment {ps:+.2f} over {count(pc, 'contact')} in the previous "
        f"{model.period_days} days, {ls:+.2f} over {lc} in the last {model.period_days}"
        if lc
        else f"{count(pc, 'contact')} in the previous {model.period_days} days, none in the "
        f"last {model.period_days}"
        for ps, pc, ls, lc in zip(
            out["prev_sentiment"],
            out["prev_contacts"],
            out["last_sentiment"].fillna(0.0),
            out["last_contacts"],
            strict=True,
        )
    ]
    return out


def one_sided_ties(model: TieModel, *, minimum: int = ONE_SIDED_MIN) -> pd.DataFrame:
    """Ties with at least ``minimum`` contacts, all initiated by the same side.

    Rows of ``model.ties`` with ``initiator`` and ``receiver`` columns.
    """
    t = model.ties
    out = t[(t["contacts"] >= minimum) & ((t["uv"] == 0) | (t["vu"] == 0))].copy()
    out["initiator"] = np.where(out["vu"] == 0, out["u"], out["v"])
    out["receiver"] = np.where(out["vu"] == 0, out["v"], out["u"])
    return out


def under_pressure(
    model: TieModel, *, min_initiators: int = PRESSURE_MIN_INITIATORS, undirected: bool = False
) -> list[Pressure]:
    """Stakeholders under hostile attention: those who received hostile contacts (sentiment
    below ``-SIGN_THRESHOLD``) from at least ``min_initiators`` different stakeholders, most
    pressure first (then by id).

    ``pressure`` is the contacts' recency weights summed, the ``pressure`` metric
    (:func:`graphkit.analysis.influence.pressure_scores`). Only the contacts of ``model``
    count (its as-of date, track and party). ``undirected``: every contact counts both
    ways, as in :func:`graphkit.networks.contact_graph`.

    >>> from graphkit.graph import build_ties
    >>> s = pd.DataFrame({"id": list("abc"), "name": list("ABC"), "party": list("XYY")})
    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-01-02", "2024-01-02"],
    ...                   "source": ["b", "c", "c"], "target": ["a"] * 3,
    ...                   "sentiment": [-0.5, -0.4, 0.6]})
    >>> p = under_pressure(build_ties(s, i, pd.DataFrame()))
    >>> [(x["stakeholder"], x["hostile_contacts"], x["initiators"]) for x in p]
    [('a', 2, 2)]
    >>> p[0]["by_initiator"]
    [('c', 1, '2024-01-02'), ('b', 1, '2024-01-01')]
    """
    c = model.directed
    c = c.loc[c["hostile"] > 0, ["source", "target", "hostile", "hostile_strength", "hostile_last"]]
    if undirected:
        c = pd.concat([c, c.rename(columns={"source": "target", "target": "source"})])
        c = (
            c.groupby(["source", "target"], sort=True)
            .agg(
                hostile=("hostile", "sum"),
                hostile_strength=("hostile_strength", "sum"),
                hostile_last=("hostile_last", "max"),
            )
            .reset_index()
        )
    by: dict[str, list[tuple[str, int, str]]] = {}
    per = c.sort_values(["target", "source"])
    for target, source, n, last in zip(
        per["target"], per["source"], per["hostile"], per["hostile_last"], strict=True
    ):
        by.setdefault(str(target), []).append((str(source), int(n), str(last)))
    whom = c.groupby("target", sort=True).agg(
        pressure=("hostile_strength", "sum"), last=("hostile_last", "max")
    )
    out: list[Pressure] = []
    for target, pressure, last in zip(whom.index, whom["pressure"], whom["last"], strict=True):
        initiators = by[str(target)]
        if len(initiators) < min_initiators:
            continue
        # most contacts first, then the latest, then by id (stable sorts, last key first)
        initiators.sort(key=lambda x: x[2], reverse=True)
        initiators.sort(key=lambda x: -x[1])
        out.append(
            {
                "stakeholder": str(target),
                "hostile_contacts": sum(n for _, n, _ in initiators),
                "initiators": len(initiators),
                "pressure": float(pressure),
                "last_contact": str(last),
                "by_initiator": initiators,
            }
        )
    return sorted(out, key=lambda x: (-x["pressure"], x["stakeholder"]))


def pressure_evidence(p: Pressure, *, top: int = PRESSURE_TOP_INITIATORS, more: bool = True) -> str:
    """One under pressure in words: "17 hostile contacts from 6 stakeholders, most from
    B-15 (5, last 2024-11-02), ...": the first ``top`` initiators (:func:`under_pressure`'s
    order), and any with as many contacts as the last of those (so that "most from" names
    every one tied), each with their hostile contacts and the date of their last, then
    (with ``more``) how many are not named ("and 3 more")."""
    ranked = p["by_initiator"]
    named = ranked[:top]
    while named and len(named) < len(ranked) and ranked[len(named)][1] == named[-1][1]:
        named = ranked[: len(named) + 1]
    rest = p["initiators"] - len(named)
    return (
        f"{count(p['hostile_contacts'], 'hostile contact')} from "
        f"{count(p['initiators'], 'stakeholder')}, "
        "most from "
        + ", ".join(f"{sid} ({n}, last {last})" for sid, n, last in named)
        + (f" and {rest} more" if rest and more else "")
    )
