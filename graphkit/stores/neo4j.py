"""The shared store: a Neo4j 5 server, reached with the official driver.

Graph model (see ``cypher/README.md``)::

    (:Stakeholder {uid, negotiation, id, name, party, ...})-[:TAKES_PART_IN]->(:Negotiation {name})
    (:Stakeholder)-[:INITIATED]->(:Interaction {uid, negotiation, key, date, ...})-[:WITH]->(:Stakeholder)
    (:Stakeholder)-[:DECLARED {uid, negotiation, key, type, sign, weight, ...}]->(:Stakeholder)
    (:Stakeholder)-[:TIE {negotiation, strength, sentiment, sign, trust, flags, ...}]->(:Stakeholder)

Since schema 5 the graph is meant to be read in Browser and Bloom too: dates are Neo4j
Dates (LocalDateTimes with a time), extra columns typed properties ``field:<header>``,
metrics written back with ``SET +=`` (a user's own properties stay), and the computed
ties of the last write-back are ``TIE`` relationships (:meth:`Neo4jStore.write_ties`).
Every read still returns what the Store contract returns (ISO text, attribute dicts).

A stakeholder belongs to one negotiation (``uid`` = negotiation, U+001F, id). The
graph model's version is kept on a ``(:GraphkitSchema)`` node; a database written by
graphkit 0.1.0 (stakeholders shared between negotiations) is migrated when opened
(:mod:`graphkit.stores.neo4j_schema`).

An import is all or nothing as readers see it, and needs bounded server memory
(:mod:`graphkit.stores.neo4j_import`): readers read a negotiation at its published
generation; an import takes the negotiation's lock, stages its records in batches
(each its own transaction, invisible to readers; two written at once), then publishes
them in one small transaction. The stored values of the batch's records are read (at the
import's own generation), compared with the file's in Python (:mod:`graphkit.changes`,
shared with the embedded store) and only what differs is staged. A killed client or
server leaves staged records that no reader sees; the next import removes them.

Credentials come from ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` (or the URL's
``user:password@`` part), the database from ``NEO4J_DATABASE``. They are never
printed, logged or put in an error message (:mod:`graphkit.stores.neo4j_connection`).
"""

from __future__ import annotations

import contextlib
import itertools
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import neo4j
import pandas as pd

from graphkit.changes import apply_batch
from graphkit.cypher import query
from graphkit.errors import NotFound, StoreError
from graphkit.model import ENDS, DeleteResult, ImportBatch, ImportResult
from graphkit.stores.base import (
    INTERACTION_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    Filters,
    NegotiationData,
    TieData,
    frame,
    normalise_frames,
    not_found,
    require_stakeholders,
    stance_frame,
)
from graphkit.stores.neo4j_connection import BATCH, Neo4jConnection
from graphkit.stores.neo4j_import import StagedWrite
from graphkit.stores.neo4j_records import _attributes, _Records, _temporal
from graphkit.stores.neo4j_schema import SCHEMA_VERSION, SEP, ensure_schema

__all__ = ["BATCH", "SCHEMA_VERSION", "SEP", "Neo4jStore"]

#: Stored metrics are stakeholder properties with this prefix.
METRIC_PREFIX = "gk_"
#: The stakeholder property listing the properties the last metric write-back wrote.
METRIC_LIST = "gk_metrics"
#: Reads of one negotiation tried before giving up while imports keep publishing.
READ_ATTEMPTS = 5

_T = TypeVar("_T")


class Neo4jStore:
    """A negotiation store on a Neo4j 5 server (see module docstring)."""

    def __init__(self, url: str, *, database: str | None = None, connect: bool = True):
        self.server = Neo4jConnection(url, database=database)
        self.display = self.server.display
        if connect:
            with self.server.errors("connecting"), self.server.session() as session:
                ensure_schema(session, self.server.address)

    def close(self) -> None:
        self.server.close()

    # -- reads used by the importer -----------------------------------------------

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        found = self.server.read("read_negotiation", negotiation=negotiation)
        if not found:
            return {}
        return {
            r["id"]: r["name"]
            for r in self.server.read(
                "read_member_names", negotiation=negotiation, gen=found[0]["gen"]
            )
        }

    # -- the import ------------------------------------------------------------------

    def apply(
        self,
        batch: ImportBatch,
        *,
        dry_run: bool = False,
        sync: bool = False,
        list_changes: bool = False,
        notify: Callable[[str], None] = lambda m: None,
    ) -> ImportResult:
        """Import ``batch`` as one staged generation (see the module docstring); ``notify``
        says when the import waits for another one of the same negotiation."""
        with self.server.errors("importing"):
            write = StagedWrite(self.server, batch.negotiation, notify).begin()
            try:
                records = _Records(write)
                result = apply_batch(
                    records, batch, sync=sync, list_changes=list_changes or dry_run
                )
                if dry_run:
                    write.release(failed=False)
                else:
                    write.publish()
            except BaseException:
                write.release()
                raise
        result.dry_run = dry_run
        return result

    # -- reads ---------------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        return self.server.read("list_negotiations")

    def _require(self, negotiation: str) -> dict[str, Any]:
        """The negotiation's published generation and floor; NotFound when there is none."""
        found = self.server.read("read_negotiation", negotiation=negotiation)
        if not found:
            known = [r["name"] for r in self.negotiations()]
            raise NotFound(not_found(negotiation, known, self.display))
        return found[0]

    def load(
        self, negotiation: str, filters: Filters | None = None, *, contacts: bool = True
    ) -> NegotiationData:
        """One generation of the negotiation: if an import published and began removing
        the versions it superseded while this read, it reads again (the newer one).
        ``contacts`` False: without its contacts (none are read)."""
        filters = filters or Filters()
        return self._at_one_generation(
            negotiation, lambda gen: self._load(negotiation, gen, filters, contacts)
        )

    def _rows(self, name: str, negotiation: str, gen: int, **params: Any) -> Any:
        """The records of ``cypher/<name>.cypher`` at generation ``gen``, their extra
        columns as a dict."""
        for r in self.server.read(name, negotiation=negotiation, gen=gen, **params):
            yield {**r, "attributes": _attributes(r["attributes"])}

    def _load(
        self, negotiation: str, gen: int, filters: Filters, contacts: bool = True
    ) -> NegotiationData:
        def rows(name: str, **params: Any) -> Any:
            return self._rows(name, negotiation, gen, **params)

        stakeholders = frame(rows("read_stakeholders"), STAKEHOLDER_COLUMNS)
        interactions = frame(
            rows(
                "read_interactions",
                since=filters.since,
                until_exclusive=filters.until_exclusive,
                track=filters.track,
                party=filters.party,
            )
            if contacts
            else (),
            INTERACTION_COLUMNS,
        )
        relationships = frame(rows("read_relationships", party=filters.party), RELATIONSHIP_COLUMNS)
        return normalise_frames(
            NegotiationData(negotiation, stakeholders, interactions, relationships, filters)
        )

    def _at_one_generation(self, negotiation: str, read: Callable[[int], _T]) -> _T:
        """``read(gen)`` at the published generation, again if an import published and
        began removing what it read meanwhile (as :meth:`load`)."""
        for _ in range(READ_ATTEMPTS):
            gen = self._require(negotiation)["gen"]
            out = read(gen)
            if self._require(negotiation)["floor"] <= gen:
                return out
        raise StoreError(
            f"{negotiation} on {self.display} changed {READ_ATTEMPTS} times while it was "
            "being read - try again"
        )

    def load_ties(
        self,
        negotiation: str,
        filters: Filters,
        *,
        as_of: str,
        half_life_days: float,
        period_days: int,
        public: bool = False,
    ) -> TieData:
        """The contacts are aggregated on the server (``aggregate_ties.cypher``): one row per
        ordered pair crosses the network, not one per contact."""
        from graphkit.aggregates import AGGREGATE_COLUMNS, SIGN_THRESHOLD, aggregate_frame

        def read(gen: int) -> TieData:
            def rows(name: str, **params: Any) -> Any:
                return self._rows(name, negotiation, gen, **params)

            stakeholders = frame(rows("read_stakeholders"), STAKEHOLDER_COLUMNS)
            relationships = frame(
                rows("read_relationships", party=filters.party), RELATIONSHIP_COLUMNS
            )
            directed = frame(
                self.server.read(
                    "aggregate_ties",
                    negotiation=negotiation,
                    gen=gen,
                    since=filters.since,
                    as_of=as_of[:10],
                    track=filters.track,
                    party=filters.party,
                    public=public,
                    half_life=float(half_life_days),
                    period=int(period_days),
                    threshold=SIGN_THRESHOLD,
                ),
                AGGREGATE_COLUMNS,
            )
            data = normalise_frames(
                NegotiationData(
                    negotiation, stakeholders, frame([], INTERACTION_COLUMNS), relationships
                )
            )
            return TieData(
                negotiation, data.stakeholders, aggregate_frame(directed), data.relationships,
                filters, as_of, float(half_life_days), int(period_days), public,
            )  # fmt: skip

        return self._at_one_generation(negotiation, read)

    def load_stances(self, negotiation: str, *, public: bool = False) -> pd.DataFrame:
        def read(gen: int) -> pd.DataFrame:
            return stance_frame(self._rows("read_stances", negotiation, gen, public=public))

        return self._at_one_generation(negotiation, read)

    def contacts_between(
        self,
        negotiation: str,
        filters: Filters,
        pairs: Sequence[tuple[str, str]],
        *,
        public: bool = False,
    ) -> pd.DataFrame:
        """Only these pairs' contacts are read (``read_pair_interactions.cypher``)."""
        prefix = negotiation + SEP
        wanted = sorted({(min(a, b), max(a, b)) for a, b in pairs})

        def read(gen: int) -> pd.DataFrame:
            rows = (
                r
                for start in range(0, len(wanted), BATCH)
                for r in self._rows(
                    "read_pair_interactions",
                    negotiation,
                    gen,
                    pairs=[[prefix + a, prefix + b] for a, b in wanted[start : start + BATCH]],
                    since=filters.since,
                    as_of=filters.as_of,
                    track=filters.track,
                    party=filters.party,
                    public=public,
                )
            )
            contacts = frame(rows, INTERACTION_COLUMNS)
            empty = frame([], STAKEHOLDER_COLUMNS), frame([], RELATIONSHIP_COLUMNS)
            return normalise_frames(
                NegotiationData(negotiation, empty[0], contacts, empty[1])
            ).interactions

        return self._at_one_generation(negotiation, read)

    def last_contact(self, negotiation: str, *, public: bool = False) -> str | None:
        def read(gen: int) -> str | None:
            found = self.server.read(
                "read_last_contact", negotiation=negotiation, gen=gen, public=public
            )
            return str(found[0]["last"]) if found and found[0]["last"] else None

        return self._at_one_generation(negotiation, read)

    # -- metrics and deletion ----------------------------------------------------------

    def write_metrics(
        self, negotiation: str, metrics: Mapping[str, Mapping[str, float | None]]
    ) -> int:
        """Replace the metrics graphkit wrote back (see the :class:`Store` protocol): added
        to each stakeholder's node with ``SET +=`` as ``gk_<metric>`` (a metric without a
        value is not written), recorded in its ``gk_metrics`` list; the next write-back
        removes exactly the properties of that list, never one a user added."""
        self._require(negotiation)
        prefix = negotiation + SEP
        reserved = {n.removeprefix(METRIC_PREFIX) for n in (METRIC_LIST, "gk_negotiation")}
        clash = reserved & {name for values in metrics.values() for name in values}
        if clash:
            raise ValueError(f"metric names {sorted(clash)} are graphkit's own properties")
        rows = [
            {
                "uid": prefix + sid,
                "metrics": {
                    METRIC_PREFIX + name: float(value)
                    for name, value in values.items()
                    if value is not None
                },
            }
            for sid, values in metrics.items()
        ]

        def work(tx: neo4j.ManagedTransaction) -> int:
            tx.run(query("clear_metrics"), negotiation=negotiation).consume()
            written = 0
            for start in range(0, len(rows), BATCH):
                record = tx.run(
                    query("write_metrics"),
                    negotiation=negotiation,
                    rows=rows[start : start + BATCH],
                ).single()
                written += record["written"] if record else 0
            return written

        return self.server.write(work)

    def read_metrics(self, negotiation: str) -> dict[str, dict[str, float]]:
        gen = self._require(negotiation)["gen"]
        return {
            r["id"]: {k.removeprefix(METRIC_PREFIX): v for k, v in r["metrics"]}
            for r in self.server.read("read_metrics", negotiation=negotiation, gen=gen)
            if r["metrics"]
        }

    def write_ties(self, negotiation: str, ties: Iterable[Mapping[str, Any]], *, as_of: str) -> int:
        """Write the computed ties of an analysis as ``(u)-[:TIE {...}]->(v)`` relationships
        for Browser and Bloom (Neo4j only, not part of the :class:`Store` protocol: graphkit
        never reads them back), replacing those of the previous write-back.

        ``ties`` are rows of :attr:`graphkit.analysis.negotiation.Analysis.ties` (``u``,
        ``v``, ``strength``, ``sentiment``, ``sign``, ``trust``, ``contested``, ``flags``,
        ``contacts``, ``first_contact``, ``last_contact``); ``as_of`` the analysis date.
        Bounded memory: batches of :data:`BATCH` ties, each its own transaction, tagged
        with this write-back's id; one small transaction then publishes them
        (``Negotiation.tie_write``) and the previous ones are deleted in batches. Until
        then the previous ties stay as they were; a write-back that fails removes what it
        wrote (or the next one does). Returns the number of ties written."""
        self._require(negotiation)
        prefix = negotiation + SEP
        write = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"  # later writes sort after
        day = _temporal(as_of[:10])
        rows = ({"a": prefix + str(t["u"]), "b": prefix + str(t["v"]),
                 "props": _tie_props(t, day)} for t in ties)  # fmt: skip

        def stage(batch: list[dict[str, Any]]) -> Callable[[neo4j.ManagedTransaction], None]:
            def work(tx: neo4j.ManagedTransaction) -> None:
                tx.run(
                    query("write_ties"), negotiation=negotiation, write=write, rows=batch
                ).consume()

            return work

        def publish(tx: neo4j.ManagedTransaction) -> bool:
            r = tx.run(query("publish_ties"), negotiation=negotiation, write=write).single()
            return bool(r and r["published"])

        written = 0
        try:
            while batch := list(itertools.islice(rows, BATCH)):
                self.server.write(stage(batch))
                written += len(batch)
            published = self.server.write(publish)
        except BaseException:
            with contextlib.suppress(Exception):  # else the next write-back removes them
                self._delete_stale_ties(negotiation, write)
            raise
        self._delete_stale_ties(negotiation, None if published else write)
        return written

    def _delete_stale_ties(self, negotiation: str, drop: str | None) -> None:
        def work(tx: neo4j.ManagedTransaction) -> int:
            r = tx.run(
                query("delete_stale_ties"), negotiation=negotiation, drop=drop, limit=BATCH
            ).single()
            return r["done"] if r else 0

        while self.server.write(work):
            pass

    def delete(
        self,
        negotiation: str,
        stakeholders: Sequence[str] | None = None,
        *,
        dry_run: bool = False,
    ) -> DeleteResult:
        """Remove the whole negotiation, or only these stakeholders with their contacts,
        ties and metrics; all or nothing as readers see it, under the negotiation's import
        lock, in batches. Raises NotFound for an unknown name or id."""
        self._require(negotiation)
        ids = None if stakeholders is None else list(dict.fromkeys(stakeholders))
        if ids is not None:
            require_stakeholders(ids, self.stakeholder_names(negotiation), negotiation)
        with self.server.errors("deleting"):
            write = StagedWrite(self.server, negotiation).begin()
            try:
                if write.published is None:  # deleted since we looked
                    self._require(negotiation)
                if ids is None:
                    c = write.read("count_negotiation", gen=write.published)[0]
                    result = DeleteResult(
                        negotiation, True, c["stakeholders"], c["interactions"],
                        c["relationships"], c["stances"],
                    )  # fmt: skip
                else:
                    records = _Records(write)
                    refs = records.referencing(ids)
                    for kind in ENDS:
                        records.write(kind, [], [], refs[kind])
                    records.write("stakeholders", [], [], ids)
                    result = DeleteResult(
                        negotiation, False, len(ids), len(refs["interactions"]),
                        len(refs["relationships"]), len(refs["stances"]),
                    )  # fmt: skip
                if dry_run:
                    write.release(failed=False)
                elif ids is None:
                    write.hide_and_purge()
                else:
                    write.publish()
            except BaseException:
                write.release()
                raise
        return result


def _tie_props(t: Mapping[str, Any], as_of: date | datetime | str | None) -> dict[str, Any]:
    """The properties of one written-back tie (see :meth:`Neo4jStore.write_ties`)."""

    def day(value: Any) -> date | datetime | str | None:
        return _temporal(value[:10]) if isinstance(value, str) else None

    return {
        "strength": float(t["strength"]),
        "sentiment": float(t["sentiment"]),
        "sign": int(t["sign"]),
        "trust": float(t["trust"]),
        "contested": bool(t["contested"]),
        "flags": [str(f) for f in t["flags"]],
        "contacts": int(t["contacts"]),
        "first_contact": day(t["first_contact"]),
        "last_contact": day(t["last_contact"]),
        "as_of": as_of,
    }
