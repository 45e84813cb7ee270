"""The metric registry: every per-stakeholder metric of graphkit, declared once.

Each :class:`Metric` says what it is (label, definition and reference, in plain words),
how it is computed (a function of :class:`Inputs`, and the graph it runs on), what kind of
value it has and what a stakeholder without one gets, and where it goes: the JSON
document, the CSV tables, the write-back to the store, the graph exports (GraphML, GEXF,
node-link JSON) and the stakeholder card on the map. Every consumer iterates
:data:`METRICS` (:func:`for_output`), so adding a metric is one entry here, its function
and its test.

The order of :data:`METRICS` is the order of the columns and fields in every output.

>>> [m.name for m in for_output("card")][:3]
['influence', 'pressure', 'betweenness']
>>> get("betweenness").graph
'positive ties'
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, cast

import networkx as nx
import pandas as pd

from graphkit.analysis import brokers, coalitions, friction, influence, trust
from graphkit.analysis.friction import Balance
from graphkit.analysis.paths import PathMetrics, path_metrics
from graphkit.graph import SIGN_THRESHOLD, TieModel
from graphkit.networks import contact_graph, tie_graph

#: Where a metric can go.
Output = Literal["json", "csv", "write_back", "export", "card"]
OUTPUTS: frozenset[Output] = frozenset(("json", "csv", "write_back", "export", "card"))


class Inputs:
    """What the metrics are computed from: the tie model, its three graphs, and the
    intermediate results several metrics share, each computed once, when first used.

    ``ties``: every tie, signed (:func:`graphkit.networks.tie_graph`). ``positive``: the
    ties that are not negative (paths and centrality run over working relationships).
    ``contacts``: who initiated contacts with whom (:func:`graphkit.networks.contact_graph`).

    ``min_trust_contacts`` is the evidence a tie of trust needs (set as the tie graph's
    ``min_trust_contacts``, :func:`graphkit.analysis.trust.tie_trust`); ``undirected``
    makes every contact count both ways, for logs whose direction carries no meaning
    (set on the contact graph and the tie graph).
    """

    def __init__(
        self,
        model: TieModel,
        *,
        seed: int = 42,
        min_trust_contacts: int = trust.MIN_TRUST_CONTACTS,
        undirected: bool = False,
        pair_sample: int | None = None,
    ) -> None:
        self.model = model
        self.seed = seed
        self.size = len(model.stakeholders)
        self.min_trust_contacts = min_trust_contacts
        self.undirected = undirected
        self.pair_sample = pair_sample

    @cached_property
    def party(self) -> dict[str, str]:
        """``{stakeholder id: party}``."""
        return cast("dict[str, str]", self.model.stakeholders["party"].to_dict())

    @cached_property
    def ties(self) -> nx.Graph[str]:
        G = tie_graph(self.model)
        G.graph.update(min_trust_contacts=self.min_trust_contacts, undirected=self.undirected)
        return G

    @cached_property
    def positive(self) -> nx.Graph[str]:
        return tie_graph(self.model, include_negative=False)

    @cached_property
    def contacts(self) -> nx.DiGraph[str]:
        return contact_graph(self.model, undirected=self.undirected)

    @cached_property
    def paths(self) -> PathMetrics:
        """Betweenness, closeness and (unless ``pair_sample`` asks for estimates) the
        exact party-pair shares over the positive ties, from one shortest-path search per
        stakeholder (:func:`graphkit.analysis.paths.path_metrics`)."""
        parties = self.party if self.pair_sample is None else None
        return path_metrics(self.positive, weight="distance", parties=parties)

    @cached_property
    def brokerage(self) -> dict[str, dict[str, int]]:
        return brokers.brokerage_roles(self.contacts, self.party)

    @cached_property
    def cut_vertices(self) -> dict[str, list[dict[str, int]]]:
        return brokers.party_cut_vertices(self.positive, self.party)

    @cached_property
    def tie_trust(self) -> dict[tuple[str, str], float]:
        """``{(u, v): trust}`` of every tie (:func:`graphkit.analysis.trust.tie_trust`)."""
        return trust.tie_trust(self.ties)

    @cached_property
    def trusted_by(self) -> dict[str, dict[str, list[tuple[str, float]]]]:
        return trust.trusted_by(self.ties, trust=self.tie_trust)

    @cached_property
    def triangles(self) -> pd.DataFrame:
        return friction.signed_triangles(self.ties)

    @cached_property
    def balance(self) -> Balance:
        return friction.balance(self.ties, self.triangles)

    @cached_property
    def communities(self) -> dict[str, int]:
        return coalitions.communities(self.positive, weight="strength", seed=self.seed)


Kind = Literal["float", "int", "bool", "parties"]


@dataclass(frozen=True)
class Metric:
    """One per-stakeholder metric."""

    #: Column of ``Analysis.stakeholders`` and key in every output.
    name: str
    #: Plain-words label (map card, tables).
    label: str
    #: What the number means, with its reference: the one definition of it.
    definition: str
    #: ``{stakeholder id: value}`` from the inputs (stakeholders left out get ``fill``).
    compute: Callable[[Inputs], Mapping[str, Any]]
    #: The graph it runs on: "contacts", "ties" or "positive ties" (see :class:`Inputs`).
    graph: str
    kind: Kind = "float"
    #: The value of a stakeholder the function gives none; None keeps it missing (null).
    fill: Any = 0.0
    #: Outputs it goes to.
    outputs: frozenset[Output] = OUTPUTS
    #: Nested under this key in the JSON document (e.g. the brokerage roles).
    json_group: str | None = None
    #: ``str.format`` template for the map card (``value``, ``rank``, ``n``).
    card: str = "{value:.3f}"
    #: Shown as progress before it is computed, on large negotiations.
    progress: str | None = None
    #: What ranks first when stakeholders are ranked by it (``graphkit influence --sort``):
    #: ``"high"`` the highest value, ``"low"`` the lowest (constraint: the least constrained
    #: spans the most structural holes), ``"none"`` not a ranking (a community number).
    order: Literal["high", "low", "none"] = "high"

    def column(self, values: Mapping[str, Any], index: pd.Index) -> pd.Series | list[Any]:
        """The values as a column over ``index`` (the stakeholder ids)."""
        if self.kind == "float":
            col = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
            col = col.reindex(index).astype(float)
            return col if self.fill is None else col.fillna(self.fill)
        if self.kind == "int":
            return pd.Series(values, dtype=object).reindex(index).fillna(self.fill).astype(int)
        if self.kind == "bool":
            return [bool(values.get(sid, self.fill)) for sid in index]
        return [values.get(sid, self.fill) for sid in index]

    def plain(self, value: Any) -> Any:
        """The value as plain Python for JSON (None when missing)."""
        if self.kind == "float":
            f = float(value)
            return None if math.isnan(f) else f
        if self.kind == "int":
            return int(value)
        if self.kind == "bool":
            return bool(value)
        return list(value)

    def stored(self, value: Any) -> float | None:
        """The value written back to the store: a number, or None when missing."""
        return None if pd.isna(value) else float(value)

    def card_text(self, value: Any, *, rank: int, n: int) -> str:
        """The value as shown on the map card."""
        plain = self.plain(value)
        if plain is None:
            return "n/a"
        return self.card.format(value=plain, rank=rank, n=n)


def _brokerage(role: str) -> Callable[[Inputs], Mapping[str, int]]:
    return lambda x: {sid: roles[role] for sid, roles in x.brokerage.items()}


def _negative_ties(x: Inputs) -> Mapping[str, int]:
    count: Counter[str] = Counter()
    for u, v, d in x.ties.edges(data=True):
        if d["sign"] < 0:
            count.update((u, v))
    return count


_BROKERAGE_DEFINITIONS = {
    "coordinator": "brokers between two members of their own party",
    "itinerant": "brokers between two members of one other party",
    "representative": "carries contacts from their own party to another",
    "gatekeeper": "receives contacts from another party for their own",
    "liaison": "brokers between two other parties",
    "total": "all five brokerage roles together",
}
_GOULD = "Gould & Fernandez (1989), Structures of mediation"
_NO_CARD = OUTPUTS - {"card"}

#: Every metric, in output order.
METRICS: tuple[Metric, ...] = (
    Metric(
        "influence",
        "influence (PageRank)",
        "PageRank on who seeks out whom: influence flows to those others initiate contacts "
        f"with, over the positive and neutral contacts only (sentiment at least "
        f"-{SIGN_THRESHOLD}): a hostile contact is pressure, not an endorsement (Brin & Page "
        "1998)",
        lambda x: influence.influence_scores(x.contacts, weight="sought_strength"),
        "contacts",
        card="{value:.4f} — rank {rank} of {n}",
    ),
    Metric(
        "pressure",
        "pressure (hostile attention)",
        f"hostile contacts others initiated with one (sentiment below -{SIGN_THRESHOLD}), "
        "each weighted by its recency (today 1, one half-life ago 0.5): the in-strength over "
        "the negative contacts (Barrat et al. 2004; Opsahl et al. 2010)",
        lambda x: influence.pressure_scores(x.contacts, weight="hostile_strength"),
        "contacts",
        card="{value:.2f}",
    ),
    Metric(
        "weighted_degree",
        "weighted degree",
        "sum of the strengths of one's ties",
        lambda x: influence.weighted_degree(x.positive),
        "positive ties",
        outputs=_NO_CARD,
    ),
    Metric(
        "degree_centrality",
        "degree centrality",
        "share of the other stakeholders one is tied to (Freeman 1978)",
        lambda x: influence.degree_centrality(x.positive),
        "positive ties",
        outputs=frozenset(("json", "csv")),
    ),
    Metric(
        "eigenvector",
        "eigenvector centrality",
        "influence through influential contacts, unit norm (Bonacich 1972)",
        lambda x: influence.eigenvector_scores(x.positive),
        "positive ties",
        outputs=_NO_CARD,
    ),
    Metric(
        "betweenness",
        "betweenness",
        "share of all shortest paths between stakeholders that pass through one "
        "(Freeman 1977; Brandes 2001)",
        lambda x: x.paths.betweenness,
        "positive ties",
        progress="shortest paths (betweenness, closeness)",
    ),
    Metric(
        "closeness",
        "closeness",
        "inverse mean distance to everyone one can reach (Freeman 1978), scaled by the "
        "share of the map one can reach (Wasserman & Faust 1994)",
        lambda x: x.paths.closeness,
        "positive ties",
        outputs=_NO_CARD,
    ),
    Metric(
        "constraint",
        "constraint",
        "how much one's ties are tied to each other: low constraint spans structural holes "
        "(Burt 1992); missing for stakeholders without ties",
        lambda x: brokers.constraint(x.positive, weight="strength"),
        "positive ties",
        fill=None,
        outputs=_NO_CARD,
        order="low",
    ),
    Metric(
        "effective_size",
        "effective size",
        "ties less the redundancy among them (Burt 1992); missing without ties",
        lambda x: brokers.effective_size(x.positive, weight="strength"),
        "positive ties",
        fill=None,
        outputs=_NO_CARD,
    ),
    *(
        Metric(
            role,
            f"brokerage: {role}",
            f"{_BROKERAGE_DEFINITIONS[role]} ({_GOULD})",
            _brokerage(role),
            "contacts",
            kind="int",
            fill=0,
            outputs=frozenset(
                ("json", "csv", "export", *(("write_back",) if role == "total" else ()))
            ),
            json_group="brokerage",
            progress="brokerage roles" if role == brokers.ROLES[0] else None,
        )
        for role in (*brokers.ROLES, "total")
    ),
    Metric(
        "cut_vertex",
        "cut vertex",
        "without them the parties' positive network splits apart",
        lambda x: dict.fromkeys(x.cut_vertices, True),
        "positive ties",
        kind="bool",
        fill=False,
        outputs=frozenset(("json", "csv")),
    ),
    Metric(
        "trust",
        "trust",
        "trust of one's ties (positive, reciprocated, recent, consistent contacts; a tie "
        f"needs at least {trust.MIN_TRUST_CONTACTS} contacts above +{SIGN_THRESHOLD}, each "
        "side initiating one, and a positive sign), ties to another party counted twice",
        lambda x: trust.trust_scores(x.ties, trust=x.tie_trust),
        "ties",
        card="{value:.2f}",
        progress="trust",
    ),
    Metric(
        "trusted_by",
        "trusted by",
        f"the parties with a tie of trust at least {trust.TRUSTING_TIE} to one",
        lambda x: {sid: sorted(p for p in by if p) for sid, by in x.trusted_by.items()},
        "ties",
        kind="parties",
        fill=[],
        outputs=frozenset(("json", "csv")),
    ),
    Metric(
        "friction",
        "friction",
        "weight of one's negative ties: the magnitude of each one's mean sentiment",
        lambda x: friction.negative_exposure(x.ties),
        "ties",
        card="{value:.2f}",
        progress="friction and balance",
    ),
    Metric(
        "negative_ties",
        "negative ties",
        "how many of one's ties are negative",
        _negative_ties,
        "ties",
        kind="int",
        fill=0,
        outputs=OUTPUTS - {"write_back"},
        card="{value}",
    ),
    Metric(
        "unbalanced_triangles",
        "unbalanced triangles",
        "signed triangles one is in whose sign product is negative (Heider 1946; Cartwright "
        "& Harary 1956)",
        lambda x: cast("dict[str, int]", x.balance["per_stakeholder"]),
        "ties",
        kind="int",
        fill=0,
        card="{value}",
    ),
    Metric(
        "community",
        "community",
        "Louvain community of the positive ties, numbered by size from 0 (Blondel et al. 2008)",
        lambda x: x.communities,
        "positive ties",
        kind="int",
        fill=-1,
        card="{value}",
        progress="coalitions",
        order="none",
    ),
    Metric(
        "coreness",
        "coreness (k-core)",
        "the largest k such that one belongs to a group where everyone has at least k "
        "positive ties inside the group: the densely knit core has the highest (Seidman 1983)",
        lambda x: coalitions.coreness(x.positive),
        "positive ties",
        kind="int",
        fill=0,
        card="{value}",
    ),
)

_BY_NAME = {m.name: m for m in METRICS}


def get(name: str) -> Metric:
    """The metric called ``name``."""
    return _BY_NAME[name]


def for_output(output: Output) -> tuple[Metric, ...]:
    """The metrics that go to ``output``, in output order."""
    return tuple(m for m in METRICS if output in m.outputs)


def sort_keys() -> tuple[str, ...]:
    """The metrics stakeholders can be ranked by (``--sort``): numbers that rank.

    >>> sort_keys()[:3]
    ('influence', 'pressure', 'weighted_degree')
    """
    return tuple(
        m.name
        for m in METRICS
        if m.kind in ("float", "int") and m.order != "none" and "json" in m.outputs
    )


def ranks(values: pd.Series, name: str) -> pd.Series:
    """Each stakeholder's rank by the metric ``name``: 1 for the first (the highest value, or
    the lowest for a metric ranked low first), tied values sharing the best rank of the tie
    ("1, 2, 2, 4"); missing values have no rank (NaN). The rank every output and every
    reason quotes.

    >>> ranks(pd.Series({"a": 0.2, "b": 0.5, "c": 0.2, "d": None}), "influence").tolist()
    [2.0, 1.0, 2.0, nan]
    """
    low_first = get(name).order == "low"
    return pd.to_numeric(values, errors="coerce").rank(ascending=low_first, method="min")


def names(output: Output) -> tuple[str, ...]:
    """The names of :func:`for_output`."""
    return tuple(m.name for m in for_output(output))
