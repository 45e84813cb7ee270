"""Where it will break: negative ties, signed structural balance, cooling and one-sided ties."""

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

#: Sentiment fall between the two last periods that marks a tie as cooling.
COOLING_DROP = 0.3
#: Contacts in the two periods together, at least (one in each), for a fall in sentiment
#: to be cooling.
COOLING_MIN_CONTACTS = 3
#: Contacts at least, all from one side, to call a tie one-sided.
ONE_SIDED_MIN = 4

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
        f"mean sentiment {ps:+.2f} over {pc} contacts in the previous {model.period_days} days, "
        f"{ls:+.2f} over {lc} in the last {model.period_days}"
        if lc
        else f"{pc} contacts in the previous {model.period_days} days, none in the last {model.period_days}"
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
