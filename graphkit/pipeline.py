"""From a store to an analysis: read with the filters, build the ties, analyse, share.

This is the I/O edge: it reads the store, then hands pure data to ``graph`` and
``analysis``. A notebook user calls these directly::

    import graphkit
    from graphkit.pipeline import analyse_negotiation
    a = analyse_negotiation(graphkit.open_store("talks.db"), "blue-harbor")
    a.ranked(10)[["name", "party", "influence", "roles", "why"]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

import pandas as pd

from graphkit.analysis import metrics
from graphkit.analysis.negotiation import Analysis, analyse
from graphkit.errors import GraphkitError, StoreError
from graphkit.graph import TieModel, build_ties, held_on, ties_from_aggregates, weigh_contacts
from graphkit.scope import EVERYTHING, IN_TEAM, Scope, Sharing
from graphkit.stores.base import Filters, Store, visible_contacts
from graphkit.suggest import did_you_mean

#: Metrics written back to the store by ``graphkit influence --write-back``.
WRITE_BACK = metrics.names("write_back")


def load_model(
    store: Store, negotiation: str, scope: Scope = EVERYTHING, *, public: bool = False
) -> TieModel:
    """Read a negotiation with the filters of ``scope`` applied by the store, and build its
    ties.

    ``scope.as_of`` keeps only what was known then (by default: the day of the
    negotiation's last contact, also when the filters keep only older ones). With ``track``
    or ``party``, the
    stakeholders are those the kept contacts and ties involve (plus, with ``party``, every
    member of that party). ``public`` drops contacts marked confidential before anything
    is computed from them.

    The store aggregates the contacts per ordered pair (:meth:`Store.load_ties`; Neo4j on
    the server) and only those aggregates are read; the contacts themselves are read when
    an output shows them (:attr:`graphkit.graph.TieModel.contacts`).
    """
    track, party = scope.track, scope.party
    as_of = scope.as_of or _last_contact(store, negotiation, public=public)
    as_of = as_of or date.today().isoformat()
    period = int(scope.half_life_days)
    filters = Filters(since=scope.since, as_of=scope.as_of, track=track, party=party)
    data = store.load_ties(
        negotiation,
        filters,
        as_of=as_of,
        half_life_days=scope.half_life_days,
        period_days=period,
        public=public,
    )
    people = data.stakeholders
    if track and data.directed.empty:
        _no_match(store, negotiation, "track", track)
    if party and not (people["party"] == party).any():
        _no_match(store, negotiation, "party", party)
    relationships = data.relationships
    if track or party:
        involved = set(data.directed["source"]) | set(data.directed["target"])
        if not track:
            held = relationships[held_on(relationships, as_of)]
            involved |= set(held["source"]) | set(held["target"])
        keep = people["id"].isin(involved) | (people["party"] == party if party else False)
        people = people[keep]
        rel = relationships
        relationships = rel[rel["source"].isin(people["id"]) & rel["target"].isin(people["id"])]
    reading = Filters(since=scope.since, as_of=as_of, track=track, party=party)
    given: list[pd.DataFrame] = [] if data.contacts is None else [data.contacts]

    def contacts(pairs: Sequence[tuple[str, str]] | None) -> pd.DataFrame:
        if given:  # the store read them already (the embedded store)
            if "weight" not in given[0]:
                given[0] = weigh_contacts(given[0], as_of, scope.half_life_days)
            return given[0]
        try:
            if pairs is None:
                found = store.load(negotiation, reading).interactions
                found = visible_contacts(found, public=public)
            else:
                found = store.contacts_between(negotiation, reading, pairs, public=public)
        except StoreError as exc:
            raise StoreError(
                f"{exc} - the contacts behind an analysis from {store.display} are read from "
                "it when an output shows them: keep the store open until then"
            ) from exc
        return weigh_contacts(found, as_of, scope.half_life_days)

    return ties_from_aggregates(
        people,
        data.directed,
        relationships,
        as_of=as_of,
        half_life_days=scope.half_life_days,
        period_days=period,
        alpha=scope.alpha,
        fetch_contacts=contacts,
    )


def load_model_from_contacts(
    store: Store, negotiation: str, scope: Scope = EVERYTHING, *, public: bool = False
) -> TieModel:
    """:func:`load_model` as it was before the stores aggregated (every contact read, then
    aggregated here): the same model, for comparison (``bench/neo4j_analysis.py``, tests)."""
    as_of, track, party = scope.as_of, scope.track, scope.party
    data = store.load(
        negotiation, Filters(since=scope.since, as_of=as_of, track=track, party=party)
    )
    if public:
        data.interactions = data.interactions[~data.interactions["confidential"].astype(bool)]
    people = data.stakeholders
    if track and data.interactions.empty:
        _no_match(store, negotiation, "track", track)
    if party and not (people["party"] == party).any():
        _no_match(store, negotiation, "party", party)
    if as_of is None and (track or party or scope.since):
        as_of = _last_contact(store, negotiation, public=public)
    if track or party:
        involved = set(data.interactions["source"]) | set(data.interactions["target"])
        if not track:
            held = data.relationships
            held = held[held_on(held, as_of)] if as_of else held
            involved |= set(held["source"]) | set(held["target"])
        keep = people["id"].isin(involved) | (people["party"] == party if party else False)
        people = people[keep]
        rel = data.relationships
        data.relationships = rel[
            rel["source"].isin(people["id"]) & rel["target"].isin(people["id"])
        ]
    return build_ties(
        people,
        data.interactions,
        data.relationships,
        as_of=as_of,
        half_life_days=scope.half_life_days,
        alpha=scope.alpha,
    )


def _last_contact(store: Store, negotiation: str, *, public: bool) -> str | None:
    """The day of the negotiation's last contact, whatever the filters (``public``: its last
    contact not marked confidential, so that the date of a confidential one never shows).

    Without a date, a filtered analysis is as of the whole negotiation's last contact, not
    the filtered contacts' last: a dormant track must look dormant, not recent."""
    return store.last_contact(negotiation, public=public)


def _no_match(store: Store, negotiation: str, what: str, value: str) -> None:
    data = store.load(negotiation)
    known = sorted(
        {
            t
            for t in (data.interactions["track"] if what == "track" else data.stakeholders["party"])
            if t
        }
    )
    hint = did_you_mean(value, known)
    hint = f" {hint}" if hint else ""
    raise GraphkitError(
        f'--{what} "{value}": no {"contacts" if what == "track" else "stakeholders"} with that {what} in '
        f"{negotiation} (within the other filters).{hint} Known: {', '.join(known) or 'none'}"
    )


def analyse_negotiation(
    store: Store,
    negotiation: str,
    scope: Scope | None = None,
    *,
    sharing: Sharing = IN_TEAM,
    progress: Callable[[str], None] = lambda m: None,
    **filters: Any,
) -> Analysis:
    """:func:`load_model` then :func:`graphkit.analysis.negotiation.analyse`, shared as
    ``sharing`` says (:meth:`graphkit.scope.Sharing.apply`).

    The filters are a :class:`~graphkit.scope.Scope`, or its fields as keywords
    (``as_of="2023-12-31", track="fisheries"``; ``public=True`` for ``Sharing(public=True)``).
    """
    if "public" in filters:
        sharing = Sharing(public=bool(filters.pop("public")), redact_notes=sharing.redact_notes)
    scope = scope if scope is not None else Scope(**filters)
    model = load_model(store, negotiation, scope, public=sharing.public)
    analysis = analyse(
        model,
        negotiation,
        progress=progress,
        min_trust_contacts=scope.min_trust_contacts,
        undirected=scope.undirected,
        pair_sample=scope.pair_sample,
    )
    return sharing.apply(analysis)


def analyse_over_time(
    store: Store,
    negotiation: str,
    scope: Scope,
    *,
    sharing: Sharing = IN_TEAM,
    now: Analysis | None = None,
    progress: Callable[[str], None] = lambda m: None,
) -> list[Analysis]:
    """The negotiation analysed as of every date of its timeline
    (:func:`graphkit.analysis.change.snapshot_dates`, from its first contact to the
    as-of date of ``now``, the analysis of ``scope``), each exactly as
    :func:`analyse_negotiation` gives it for ``scope.at(date)``: what ``graphkit influence
    --as-of DATE`` says on each date. ``now`` is reused for the last date."""
    from graphkit.analysis.change import snapshot_dates

    now = now or analyse_negotiation(store, negotiation, scope, sharing=sharing)
    first = now.model.first_contact
    if first is None:
        return [now]
    dates = snapshot_dates(first, now.model.as_of)
    progress(f"timeline: {len(dates)} snapshots, {dates[0]} to {dates[-1]}")
    out = []
    for k, day in enumerate(dates[:-1], start=1):
        if now.summary["stakeholders"] > 1000:  # seconds each: say how far it is
            progress(f"timeline: snapshot {k} of {len(dates)} ({day})")
        out.append(analyse_negotiation(store, negotiation, scope.at(day), sharing=sharing))
    return [*out, now]


def load_stances(store: Store, negotiation: str, *, sharing: Sharing = IN_TEAM) -> pd.DataFrame:
    """The negotiation's declared stances as an output may show them: without the
    confidential ones, their sources and notes when ``sharing`` says so
    (:func:`graphkit.analysis.stances.shared_stances`)."""
    from graphkit.analysis.stances import shared_stances

    return shared_stances(store.load_stances(negotiation, public=sharing.public),
                          public=sharing.public, redact_notes=sharing.redact_notes)  # fmt: skip


def write_back(
    store: Store, analysis: Analysis, *, notify: Callable[[str], None] = lambda m: None
) -> int:
    """Store the main metrics per stakeholder (Neo4j: node properties ``gk_<metric>``,
    added with ``SET +=``) and return how many stakeholders were written. On Neo4j the
    computed ties are written too, as ``(u)-[:TIE {negotiation, ...}]->(v)`` relationships
    replacing the previous write-back's (:meth:`Neo4jStore.write_ties`). ``notify``
    receives what was written, for the user. The embedded store keeps metrics only: the
    ties are for Browser and Bloom."""
    df = analysis.stakeholders
    # None for a metric without a value (constraint and effective size of isolates).
    values: dict[str, dict[str, float | None]] = {
        cast(str, sid): {m.name: m.stored(row[m.name]) for m in metrics.for_output("write_back")}
        for sid, row in df.iterrows()
    }
    written = store.write_metrics(analysis.negotiation, values)
    notify(f"Wrote metrics of {written} stakeholders to {store.display}")
    write_ties = getattr(store, "write_ties", None)
    if write_ties is not None:
        t = analysis.ties
        columns = ("u", "v", "strength", "sentiment", "sign", "trust", "contested", "flags",
                   "contacts", "first_contact", "last_contact")  # fmt: skip
        rows = (
            dict(zip(columns, r, strict=True)) for r in zip(*(t[c] for c in columns), strict=True)
        )
        ties = write_ties(analysis.negotiation, rows, as_of=analysis.model.as_of)
        notify(f"Wrote {ties} computed ties (TIE relationships) to {store.display}")
    return written
