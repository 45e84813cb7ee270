"""The shared store: a Neo4j 5 server, reached with the official driver.

Graph model (see ``cypher/README.md``)::

    (:Stakeholder {uid, negotiation, id, name, party, ...})-[:TAKES_PART_IN]->(:Negotiation {name})
    (:Stakeholder)-[:INITIATED]->(:Interaction {uid, negotiation, key, date, ...})-[:WITH]->(:Stakeholder)
    (:Stakeholder)-[:DECLARED {uid, negotiation, key, type, sign, weight, ...}]->(:Stakeholder)

A stakeholder belongs to one negotiation (``uid`` = negotiation, U+001F, id). The
graph model's version is kept on a ``(:GraphkitSchema)`` node; a database written by
graphkit 0.1.0 (stakeholders shared between negotiations) is migrated when opened
(:mod:`graphkit.stores.neo4j_schema`).

Every import is ONE write transaction, as in the embedded store: a failure of any
kind (bad input, lost connection, killed client) leaves the database as it was,
because the server rolls back a transaction that is not committed. Within it,
the stored values of the batch's records are read, compared with the file's in
Python (:mod:`graphkit.changes`, shared with the embedded store) and only what
differs is written, in batches of :data:`BATCH` with ``UNWIND $rows AS row ...``.
Transient failures (deadlocks between concurrent imports, a leader switch) are
retried by the driver: the whole transaction function runs again, reads included,
so a retried import converges to the same graph.

Credentials come from ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` (or the URL's
``user:password@`` part), the database from ``NEO4J_DATABASE``. They are never
printed, logged or put in an error message (:mod:`graphkit.stores.neo4j_connection`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import neo4j
from neo4j import exceptions as nx

from graphkit.changes import apply_batch
from graphkit.cypher import query
from graphkit.errors import NotFound
from graphkit.model import COLUMNS, DeleteResult, ImportBatch, ImportResult
from graphkit.stores.base import (
    INTERACTION_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    Filters,
    NegotiationData,
    dumps,
    frame,
    loads,
    normalise_frames,
    not_found,
    require_stakeholders,
)
from graphkit.stores.neo4j_connection import (
    BATCH,
    Neo4jConnection,
    TransactionTooLarge,
    out_of_memory,
)
from graphkit.stores.neo4j_schema import SCHEMA_VERSION, SEP, ensure_schema

__all__ = ["BATCH", "SCHEMA_VERSION", "SEP", "Neo4jStore"]

#: Stored metrics are stakeholder properties with this prefix.
METRIC_PREFIX = "gk_"


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
        return {
            r["id"]: r["name"]
            for r in self.server.read("read_member_names", negotiation=negotiation)
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
        """Import ``batch`` in one transaction (see the module docstring). Concurrent
        imports that collide are retried by the driver; ``notify`` is not needed here."""
        now = datetime.now(UTC).isoformat(timespec="seconds")

        def work(tx: neo4j.ManagedTransaction) -> ImportResult:
            try:
                tx.run(
                    query("upsert_negotiation"), negotiation=batch.negotiation, now=now
                ).consume()
                records = _Records(tx, batch.negotiation)
                result = apply_batch(
                    records, batch, sync=sync, list_changes=list_changes or dry_run
                )
                if records.wrote:
                    tx.run(
                        query("touch_negotiation"), negotiation=batch.negotiation, now=now
                    ).consume()
            except nx.Neo4jError as exc:
                if out_of_memory(exc):
                    # Retrying cannot help: the same import needs the same memory.
                    raise TransactionTooLarge() from None
                raise
            if dry_run:
                raise _DryRun(result)
            return result

        try:
            result = self.server.write(work, doing="importing")
        except _DryRun as done:
            result = done.result
        result.dry_run = dry_run
        return result

    # -- reads ---------------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        return self.server.read("list_negotiations")

    def _require(self, negotiation: str) -> None:
        if not self.server.read("read_negotiation", negotiation=negotiation):
            known = [r["name"] for r in self.negotiations()]
            raise NotFound(not_found(negotiation, known, self.display))

    def load(self, negotiation: str, filters: Filters | None = None) -> NegotiationData:
        filters = filters or Filters()
        self._require(negotiation)
        stakeholders = frame(
            (
                {**r, "attributes": loads(r["attributes"])}
                for r in self.server.read("read_stakeholders", negotiation=negotiation)
            ),
            STAKEHOLDER_COLUMNS,
        )
        interactions = frame(
            (
                {**r, "attributes": loads(r["attributes"])}
                for r in self.server.read(
                    "read_interactions",
                    negotiation=negotiation,
                    since=filters.since,
                    until_exclusive=filters.until_exclusive,
                    track=filters.track,
                    party=filters.party,
                )
            ),
            INTERACTION_COLUMNS,
        )
        relationships = frame(
            (
                {**r, "attributes": loads(r["attributes"])}
                for r in self.server.read(
                    "read_relationships", negotiation=negotiation, party=filters.party
                )
            ),
            RELATIONSHIP_COLUMNS,
        )
        return normalise_frames(
            NegotiationData(negotiation, stakeholders, interactions, relationships, filters)
        )

    # -- metrics and deletion ----------------------------------------------------------

    def write_metrics(
        self, negotiation: str, metrics: Mapping[str, Mapping[str, float | None]]
    ) -> int:
        self._require(negotiation)
        prefix = negotiation + SEP
        rows = [
            {
                "uid": prefix + sid,
                "metrics": {
                    METRIC_PREFIX + name: (None if value is None else float(value))
                    for name, value in values.items()
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
        self._require(negotiation)
        return {
            r["id"]: {k.removeprefix(METRIC_PREFIX): v for k, v in r["metrics"].items()}
            for r in self.server.read("read_metrics", negotiation=negotiation)
        }

    def delete(
        self,
        negotiation: str,
        stakeholders: Sequence[str] | None = None,
        *,
        dry_run: bool = False,
    ) -> DeleteResult:
        """Remove the whole negotiation, or only these stakeholders with their contacts,
        ties and metrics; one transaction. Raises NotFound for an unknown name or id."""
        self._require(negotiation)
        ids = None if stakeholders is None else list(dict.fromkeys(stakeholders))
        if ids is not None:
            require_stakeholders(ids, self.stakeholder_names(negotiation), negotiation)

        def work(tx: neo4j.ManagedTransaction) -> DeleteResult:
            if ids is None:
                c = tx.run(query("count_negotiation"), negotiation=negotiation).single()
                assert c is not None
                result = DeleteResult(
                    negotiation, True, c["stakeholders"], c["interactions"], c["relationships"]
                )
                tx.run(query("delete_negotiation"), negotiation=negotiation).consume()
            else:
                records = _Records(tx, negotiation)
                refs = records.referencing(ids)
                for kind in ("interactions", "relationships"):
                    records.write(kind, [], [], refs[kind])
                records.write("stakeholders", [], [], ids)
                result = DeleteResult(
                    negotiation,
                    False,
                    len(ids),
                    len(refs["interactions"]),
                    len(refs["relationships"]),
                )
            if dry_run:
                raise _DryRun(result)
            return result

        try:
            return self.server.write(work, doing="deleting")
        except _DryRun as done:
            return done.result


#: The columns of each kind written as properties of its node or relationship, beside
#: the attributes (JSON text): not the identity, which is set when it is created, and not
#: source and target, which are the ends of a contact or tie.
_PROPERTIES = {
    kind: tuple(c for c in columns[1:] if c not in ("source", "target", "attributes"))
    for kind, columns in COLUMNS.items()
}


class _Records:
    """:class:`~graphkit.changes.StoredRecords` on an open Neo4j write transaction."""

    _STORED: ClassVar[dict[str, str]] = {
        "stakeholders": "stored_stakeholders",
        "interactions": "stored_interactions",
        "relationships": "stored_relationships",
    }
    _KEYS: ClassVar[dict[str, str]] = {
        "stakeholders": "stored_stakeholder_keys",
        "interactions": "stored_interaction_keys",
        "relationships": "stored_relationship_keys",
    }

    def __init__(self, tx: neo4j.ManagedTransaction, negotiation: str):
        self.tx, self.negotiation = tx, negotiation
        self.prefix = negotiation + SEP
        self.wrote = False

    def stored(self, kind: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        text = query(self._STORED[kind])
        for start in range(0, len(keys), BATCH):
            uids = [self.prefix + k for k in keys[start : start + BATCH]]
            for r in self.tx.run(text, uids=uids):
                record = r.data()
                key = record.pop("key")
                record["attributes"] = loads(record["attributes"])
                out[key] = record
        return out

    def stored_keys(self, kind: str) -> set[str]:
        return {
            r["key"] for r in self.tx.run(query(self._KEYS[kind]), negotiation=self.negotiation)
        }

    def referencing(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"interactions": [], "relationships": []}
        uids = [self.prefix + i for i in ids]
        for r in self.tx.run(query("read_referencing"), uids=uids):
            out[r["kind"]].append(r["key"])
        return out

    def write(
        self,
        kind: str,
        added: Sequence[dict[str, Any]],
        updated: Sequence[tuple[dict[str, Any], frozenset[str]]],
        removed: Sequence[str],
    ) -> None:
        if kind == "stakeholders":
            rows = [*added, *(r for r, _ in updated)]  # MERGE: adds or updates in place
            self._run("write_stakeholders", [self._payload(kind, r) for r in rows])
        else:
            moved = [r for r, f in updated if "source" in f or "target" in f]
            in_place = [r for r, f in updated if "source" not in f and "target" not in f]
            self._run(f"remove_{kind}", [self.prefix + r["key"] for r in moved], "uids")
            self._run(f"create_{kind}", [self._payload(kind, r) for r in [*added, *moved]])
            self._run(
                f"update_{kind}",
                [{"uid": self.prefix + r["key"], "props": self._payload(kind, r)["props"]}
                 for r in in_place],
            )  # fmt: skip
        self._run(f"remove_{kind}", [self.prefix + k for k in removed], "uids")

    def _payload(self, kind: str, r: dict[str, Any]) -> dict[str, Any]:
        p = self.prefix
        props = {f: r[f] for f in _PROPERTIES[kind]}
        props["attributes"] = dumps(r["attributes"])
        if kind == "stakeholders":
            return {"uid": p + r["key"], "id": r["key"], "props": props}
        return {
            "uid": p + r["key"],
            "key": r["key"],
            "a": p + r["source"],
            "b": p + r["target"],
            "props": props,
        }

    def _run(self, name: str, items: Sequence[Any], param: str = "rows") -> None:
        """``cypher/<name>.cypher`` over ``items`` in batches of :data:`BATCH`."""
        if not items:
            return
        self.wrote = True
        text = query(name)
        for start in range(0, len(items), BATCH):
            self.tx.run(
                text, {param: items[start : start + BATCH], "negotiation": self.negotiation}
            ).consume()


class _DryRun(Exception):
    """Raised inside the transaction function so the driver rolls the transaction back."""

    def __init__(self, result: Any):
        self.result = result
