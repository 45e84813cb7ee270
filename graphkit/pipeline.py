"""From a store to an analysis, and from an analysis to the rows the views print.

This is the I/O edge: it reads the store, then hands pure data to ``graph`` and
``analysis``. A notebook user calls these directly::

    import graphkit
    from graphkit.pipeline import analyse_negotiation
    a = analyse_negotiation(graphkit.open_store("talks.db"), "blue-harbor")
    a.ranked(10)[["name", "party", "influence", "roles", "why"]]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pandas as pd

from graphkit.analysis import brokers as _brokers
from graphkit.analysis import metrics
from graphkit.analysis.negotiation import Analysis, analyse
from graphkit.graph import DEFAULT_HALF_LIFE, TieModel, build_ties
from graphkit.stores.base import Filters, Store

#: Metrics written back to the store by ``graphkit influence --write-back``.
WRITE_BACK = metrics.names("write_back")


def load_model(
    store: Store,
    negotiation: str,
    *,
    as_of: str | None = None,
    since: str | None = None,
    track: str | None = None,
    party: str | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE,
    public: bool = False,
) -> TieModel:
    """Read a negotiation with its filters applied by the store, and build its ties.

    ``as_of`` keeps only what was known then. With ``track`` or ``party``, the
    stakeholders are those the kept contacts and ties involve (plus, with
    ``party``, every member of that party). ``public`` drops contacts marked
    confidential before anything is computed from them.
    """
    data = store.load(negotiation, Filters(since=since, until=as_of, track=track, party=party))
    if public:
        data.interactions = data.interactions[~data.interactions["confidential"].astype(bool)]
    people = data.stakeholders
    if track and data.interactions.empty:
        _no_match(store, negotiation, "track", track)
    if party and not (people["party"] == party).any():
        _no_match(store, negotiation, "party", party)
    if track or party:
        involved = set(data.interactions["source"]) | set(data.interactions["target"])
        if not track:
            involved |= set(data.relationships["source"]) | set(data.relationships["target"])
        keep = people["id"].isin(involved) | (people["party"] == party if party else False)
        people = people[keep]
        rel = data.relationships
        data.relationships = rel[
            rel["source"].isin(people["id"]) & rel["target"].isin(people["id"])
        ]
    return build_ties(
        people, data.interactions, data.relationships, as_of=as_of, half_life_days=half_life_days
    )


def _no_match(store: Store, negotiation: str, what: str, value: str) -> None:
    import difflib

    from graphkit.errors import GraphkitError

    data = store.load(negotiation)
    known = sorted(
        {
            t
            for t in (data.interactions["track"] if what == "track" else data.stakeholders["party"])
            if t
        }
    )
    close = difflib.get_close_matches(value, known, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    raise GraphkitError(
        f'--{what} "{value}": no {"contacts" if what == "track" else "stakeholders"} with that {what} in '
        f"{negotiation} (within the other filters).{hint} Known: {', '.join(known) or 'none'}"
    )


def analyse_negotiation(
    store: Store,
    negotiation: str,
    *,
    progress: Callable[[str], None] = lambda m: None,
    **filters: Any,
) -> Analysis:
    """:func:`load_model` then :func:`graphkit.analysis.negotiation.analyse`."""
    model = load_model(store, negotiation, **filters)
    return analyse(model, negotiation, progress=progress)


def redact(analysis: Analysis) -> Analysis:
    """The same analysis with every free-text note removed (``--redact notes``).

    Notes live on stakeholders, contacts and declared ties; all outputs are built
    from the analysis, so clearing them here clears them everywhere.
    """
    model = analysis.model
    model.stakeholders = model.stakeholders.assign(notes="")
    model.contacts = model.contacts.assign(notes="")
    model.declared = model.declared.assign(notes="")
    analysis.stakeholders = analysis.stakeholders.assign(notes="")
    return analysis


def write_back(store: Store, analysis: Analysis) -> int:
    """Store the main metrics per stakeholder (Neo4j: node properties ``gk_<metric>``)."""
    df = analysis.stakeholders
    # None for a metric without a value (closeness above CLOSENESS_LIMIT, isolates).
    values: dict[str, dict[str, float | None]] = {
        cast(str, sid): {m.name: m.stored(row[m.name]) for m in metrics.for_output("write_back")}
        for sid, row in df.iterrows()
    }
    return store.write_metrics(analysis.negotiation, values)


# -- rows for the views -------------------------------------------------------------------

INFLUENCE_COLUMNS = [
    "rank",
    "id",
    "name",
    "party",
    "influence",
    "betweenness",
    "trust",
    "friction",
    "roles",
]
INFLUENCE_CSV_COLUMNS = [
    "rank", "id", "name", "party", "organization", "role", *metrics.names("csv"), "roles", "why",
]  # fmt: skip


def influence_rows(analysis: Analysis, top: int | None = None) -> list[dict[str, Any]]:
    rows = []
    for rank, (sid, r) in enumerate(analysis.ranked(top).iterrows(), start=1):
        row = {"rank": rank, "id": sid, **{c: r[c] for c in INFLUENCE_CSV_COLUMNS if c in r.index}}
        row["roles"] = list(r["roles"])
        rows.append(row)
    return rows


BROKER_COLUMNS = [
    "parties", "id", "name", "party", "share", "betweenness", "coordinator", "itinerant",
    "representative", "gatekeeper", "liaison", "total", "cut_vertex", "broker",
]  # fmt: skip


def broker_rows(
    analysis: Analysis, *, per_pair: int = 5, min_share: float = 0.01
) -> list[dict[str, Any]]:
    """Per pair of parties, the stakeholders most shortest paths between them pass through."""
    df = analysis.stakeholders
    rows = []
    for (a, b), shares in sorted(analysis.party_pairs.items()):
        best = sorted(((s, v) for s, v in shares.items() if v >= min_share), key=lambda x: -x[1])[
            :per_pair
        ]
        for sid, share in best:
            r = cast(pd.Series, df.loc[sid])  # one row: stakeholder ids are unique
            rows.append(
                {
                    "parties": f"{a} - {b}",
                    "id": sid,
                    "name": r["name"],
                    "party": r["party"],
                    "share": share,
                    "betweenness": r["betweenness"],
                    **{k: int(r[k]) for k in (*_brokers.ROLES, "total")},
                    "cut_vertex": bool(r["cut_vertex"]),
                    "broker": "broker" in r["roles"],
                }
            )
    return rows


FRICTION_COLUMNS = ["kind", "stakeholders", "evidence"]


def friction_items(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Negative and cooling ties, one-sided ties and unbalanced triangles, with the dates,
    tracks and sentiment of the contacts behind each."""
    model = analysis.model
    names = analysis.stakeholders["name"].to_dict()
    evidence = _contact_evidence(model)
    ties = analysis.ties
    neg = ties[ties["sign"] < 0].sort_values("sentiment")
    negative = [
        {
            "a": u,
            "b": v,
            "a_name": names.get(u, u),
            "b_name": names.get(v, v),
            "sentiment": sentiment,
            "contacts": int(contacts),
            "declared": declared,
            "unbalanced_triangles": int(unbalanced_triangles),
            "evidence": evidence.get((u, v), "") or f"declared {declared}",
        }
        for u, v, sentiment, contacts, declared, unbalanced_triangles in zip(
            neg["u"],
            neg["v"],
            neg["sentiment"],
            neg["contacts"],
            neg["declared_types"],
            neg["unbalanced_triangles"],
            strict=True,
        )
    ]
    cool = analysis.cooling
    cooling = [
        {
            "a": u,
            "b": v,
            "a_name": names.get(u, u),
            "b_name": names.get(v, v),
            "evidence": why,
        }
        for u, v, why in zip(cool["u"], cool["v"], cool["why"], strict=True)
    ]
    one = analysis.one_sided
    one_sided = [
        {
            "initiator": initiator,
            "receiver": receiver,
            "contacts": int(contacts),
            "evidence": f"{names.get(initiator, initiator)} initiated all {contacts} contacts with "
            f"{names.get(receiver, receiver)}; " + evidence.get((u, v), ""),
        }
        for initiator, receiver, contacts, u, v in zip(
            one["initiator"], one["receiver"], one["contacts"], one["u"], one["v"], strict=True
        )
    ]
    tri = analysis.triangles
    signs = {
        (u, v): int(sign) for u, v, sign in zip(ties["u"], ties["v"], ties["sign"], strict=True)
    }
    unbalanced = []
    if len(tri):
        bad = tri[~tri["balanced"].astype(bool)]
        for a, b, c, kind in zip(bad["a"], bad["b"], bad["c"], bad["type"], strict=True):
            trio = sorted((a, b, c))
            pairs = [(trio[0], trio[1]), (trio[1], trio[2]), (trio[0], trio[2])]
            unbalanced.append(
                {
                    "stakeholders": trio,
                    "type": kind,
                    "evidence": "; ".join(
                        f"{x}-{y} {'+' if signs.get((x, y), 0) > 0 else '-'}" for x, y in pairs
                    ),
                }
            )
    return {
        "negative": negative,
        "cooling": cooling,
        "one_sided": one_sided,
        "unbalanced_triangles": unbalanced,
    }


def friction_rows(items: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    rows = [
        {"kind": "negative tie", "stakeholders": f"{i['a']} - {i['b']}", "evidence": i["evidence"]}
        for i in items["negative"]
    ]
    rows += [
        {"kind": "cooling tie", "stakeholders": f"{i['a']} - {i['b']}", "evidence": i["evidence"]}
        for i in items["cooling"]
    ]
    rows += [
        {
            "kind": "one-sided tie",
            "stakeholders": f"{i['initiator']} -> {i['receiver']}",
            "evidence": i["evidence"],
        }
        for i in items["one_sided"]
    ]
    rows += [
        {
            "kind": f"unbalanced triangle {i['type']}",
            "stakeholders": " / ".join(i["stakeholders"]),
            "evidence": i["evidence"],
        }
        for i in items["unbalanced_triangles"]
    ]
    return rows


def _contact_evidence(model: TieModel) -> dict[tuple[str, str], str]:
    """Per tie: how many contacts, when, on which tracks, mean sentiment."""
    c = model.contacts
    if c.empty:
        return {}
    s, t = c["source"], c["target"]
    c = c.assign(u=s.where(s < t, t), v=t.where(s < t, s), day=c["date"].str[:10])
    out: dict[tuple[str, str], str] = {}
    for key, g in c.groupby(["u", "v"], sort=False):
        u, v = cast("tuple[str, str]", key)
        tracks = g["track"].replace("", "no track").value_counts()
        out[(u, v)] = (
            f"{len(g)} contacts {g['day'].min()}..{g['day'].max()} ("
            + ", ".join(f"{k} {n}" for k, n in tracks.items())
            + f"), mean sentiment {g['sentiment'].mean():+.2f}, last {g.sort_values('date')['sentiment'].iloc[-1]:+.2f} on {g['day'].max()}"
        )
    return out
