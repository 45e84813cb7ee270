"""The shared store: a Neo4j 5 server, reached with the official driver.

Graph model (see ``cypher/README.md``)::

    (:Stakeholder {id, name, party, ...})-[:TAKES_PART_IN]->(:Negotiation {name})
    (:Stakeholder)-[:INITIATED]->(:Interaction {uid, negotiation, key, date, ...})-[:WITH]->(:Stakeholder)
    (:Stakeholder)-[:DECLARED {uid, negotiation, key, type, sign, weight, ...}]->(:Stakeholder)

Every import is ONE write transaction, as in the embedded store: a failure of any
kind (bad input, lost connection, killed client) leaves the database as it was,
because the server rolls back a transaction that is not committed. Within it,
rows are sent in batches of :data:`BATCH` with ``UNWIND $rows AS row MERGE ...``.
Transient failures (deadlocks between concurrent imports, a leader switch) are
retried by the driver; every write is a MERGE keyed by a unique property, so a
retried or repeated import converges to the same graph.

Credentials come from ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` (or the URL's
``user:password@`` part), the database from ``NEO4J_DATABASE``. They are never
printed, logged or put in an error message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx

from graphkit.cypher import query, statements
from graphkit.errors import NotFound, StoreError
from graphkit.model import Counts, ImportBatch, ImportResult
from graphkit.secrets import scrub
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
)

#: Rows per UNWIND batch inside the import transaction.
BATCH = 10_000

# The driver logs retries ("Transaction failed and will be retried...") through Python's
# last-resort handler onto stderr; graphkit reports the outcome itself, in one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
METRIC_PREFIX = "gk_"


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``bolt://u:p@host:7687`` -> (``bolt://host:7687``, ``u``, ``p``)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username or ""), unquote(parts.password) if parts.password else None


class Neo4jStore:
    """A negotiation store on a Neo4j 5 server (see module docstring)."""

    def __init__(self, url: str, *, database: str | None = None, connect: bool = True):
        if url.strip().lower() == "neo4j":
            url = os.environ.get("NEO4J_URI", "")
            if not url:
                raise StoreError("--store neo4j needs NEO4J_URI (e.g. neo4j://127.0.0.1:7687)")
        address, url_user, url_password = _split_credentials(url)
        self.user = os.environ.get("NEO4J_USERNAME") or url_user or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            password = url_password
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.address = address
        self.display = address + (f" (database {self.database})" if self.database else "")
        auth = (self.user, password) if password is not None else None
        try:
            self.driver = GraphDatabase.driver(
                address,
                auth=auth,
                connection_timeout=10.0,
                connection_acquisition_timeout=30.0,
                max_transaction_retry_time=15.0,
                user_agent="graphkit",
            )
        except (ValueError, nx.ConfigurationError) as exc:
            raise StoreError(
                f'--store "{address}" is not a Neo4j address ({scrub(str(exc))})'
            ) from None
        if connect:
            with self._errors("connecting"):
                self._schema()

    # -- plumbing ------------------------------------------------------------------

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Driver exceptions become one clear StoreError without secrets."""
        try:
            yield
        except nx.AuthError:
            raise StoreError(
                f"Neo4j at {self.address} refused the credentials of user "
                f'"{self.user}" - check NEO4J_USERNAME and NEO4J_PASSWORD'
            ) from None
        except nx.ClientError as exc:
            if exc.code and "DatabaseNotFound" in exc.code:
                raise StoreError(
                    f'Neo4j at {self.address} has no database "{self.database}" - check '
                    "NEO4J_DATABASE (Neo4j Community has only the default database, neo4j)"
                ) from None
            if exc.code and "Security" in exc.code:
                raise StoreError(
                    f"Neo4j at {self.address} refused access ({exc.code}) - check NEO4J_USERNAME "
                    "and NEO4J_PASSWORD"
                ) from None
            raise StoreError(
                f"Neo4j rejected a query while {doing}: {scrub(exc.message or str(exc))}"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, nx.IncompleteCommit, OSError) as exc:
            if doing == "importing":
                raise StoreError(
                    f"lost the connection to Neo4j at {self.address} during the import; the "
                    "transaction was rolled back and nothing was written - re-run the same "
                    "command when the server is back"
                ) from None
            raise StoreError(
                f"cannot reach Neo4j at {self.address} while {doing} - is the server running "
                f"and the address right? ({scrub(type(exc).__name__)})"
            ) from None
        except _TooLarge:
            raise StoreError(
                f"Neo4j at {self.address} ran out of transaction memory while {doing}: an "
                "import is one transaction and holds the whole file - give the server more "
                "heap (server.memory.heap.max_size, db.memory.transaction.total.max), or "
                "split the file and import the parts one after another; nothing was written"
            ) from None
        except nx.Neo4jError as exc:
            raise StoreError(
                f"Neo4j error while {doing}: {scrub(exc.message or str(exc))}"
            ) from None
        except nx.DriverError as exc:
            raise StoreError(f"Neo4j driver error while {doing}: {scrub(str(exc))}") from None

    def _session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        with self._errors("reading"), self._session(read=True) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(query(name), params)])

    def _write(
        self, work: Callable[[neo4j.ManagedTransaction], Any], doing: str = "writing"
    ) -> Any:
        with self._errors(doing), self._session() as session:
            return session.execute_write(work)

    def _schema(self) -> None:
        """Connect (this is where a wrong password or database shows) and create the schema."""
        with self._session() as session:
            for statement in statements("schema"):
                session.run(statement).consume()

    def close(self) -> None:
        self.driver.close()

    # -- reads used by the importer -----------------------------------------------

    def existing_stakeholders(self, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        ids = list(ids)
        for start in range(0, len(ids), BATCH):
            found.update(
                r["id"] for r in self._read("existing_stakeholders", ids=ids[start : start + BATCH])
            )
        return found

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        return {
            r["id"]: r["name"] for r in self._read("read_member_names", negotiation=negotiation)
        }

    # -- the import ------------------------------------------------------------------

    def apply(
        self,
        batch: ImportBatch,
        *,
        dry_run: bool = False,
        notify: Callable[[str], None] = lambda m: None,
    ) -> ImportResult:
        """Import ``batch`` in one transaction (see the module docstring). Concurrent
        imports that collide are retried by the driver; ``notify`` is not needed here."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        stakeholder_rows = [
            {
                "id": s.id,
                "props": {
                    "name": s.name,
                    "party": s.party,
                    "organization": s.organization,
                    "role": s.role,
                    "tier": s.tier,
                    "kind": s.kind,
                    "notes": s.notes,
                    "attributes": dumps(s.attributes),
                    "unmapped": False,
                },
            }
            for s in batch.stakeholders
        ]
        members = {s.id for s in batch.stakeholders} | {s.id for s in batch.created}
        for r in (*batch.interactions, *batch.relationships):
            members.add(r.source)
            members.add(r.target)

        def work(tx: neo4j.ManagedTransaction) -> dict[str, Counts]:
            try:
                return write(tx)
            except nx.TransientError as exc:
                if exc.code and ("MemoryPoolOutOfMemory" in exc.code or "MemoryLimit" in exc.code):
                    # Retrying cannot help: the same import needs the same memory.
                    raise _TooLarge() from None
                raise

        def write(tx: neo4j.ManagedTransaction) -> dict[str, Counts]:
            counts: dict[str, Counts] = {}
            tx.run(query("upsert_negotiation"), negotiation=batch.negotiation, now=now).consume()
            if "stakeholders" in batch.files:
                counts["stakeholders"] = _run_counted(
                    tx, "upsert_stakeholders", stakeholder_rows, batch.read.get("stakeholders", 0)
                )
            if batch.created:
                tx.run(
                    query("create_unmapped_stakeholders"), ids=[s.id for s in batch.created]
                ).consume()
            ids = sorted(members)
            for start in range(0, len(ids), BATCH):
                tx.run(
                    query("add_members"),
                    negotiation=batch.negotiation,
                    ids=ids[start : start + BATCH],
                ).consume()
            if "interactions" in batch.files:
                counts["interactions"] = _run_counted(
                    tx,
                    "upsert_interactions",
                    _interaction_rows(batch),
                    batch.read.get("interactions", 0),
                    negotiation=batch.negotiation,
                )
            if "relationships" in batch.files:
                counts["relationships"] = _run_counted(
                    tx,
                    "upsert_relationships",
                    _relationship_rows(batch),
                    batch.read.get("relationships", 0),
                    negotiation=batch.negotiation,
                )
            if batch.created or any(c.added or c.updated for c in counts.values()):
                tx.run(query("touch_negotiation"), negotiation=batch.negotiation, now=now).consume()
            if dry_run:
                raise _DryRun(counts)
            return counts

        try:
            counts = self._write(work, doing="importing")
        except _DryRun as done:
            counts = done.counts
        return ImportResult(
            batch.negotiation, counts, batch.files, [s.id for s in batch.created], dry_run
        )

    # -- reads ---------------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        return self._read("list_negotiations")

    def _require(self, negotiation: str) -> None:
        if not self._read("read_negotiation", negotiation=negotiation):
            from graphkit.stores.sqlite import _not_found

            known = [r["name"] for r in self.negotiations()]
            raise NotFound(_not_found(negotiation, known, self.display))

    def load(self, negotiation: str, filters: Filters | None = None) -> NegotiationData:
        filters = filters or Filters()
        self._require(negotiation)
        stakeholders = frame(
            (
                {**r, "attributes": loads(r["attributes"])}
                for r in self._read("read_stakeholders", negotiation=negotiation)
            ),
            STAKEHOLDER_COLUMNS,
        )
        interactions = frame(
            (
                {**r, "attributes": loads(r["attributes"])}
                for r in self._read(
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
                for r in self._read(
                    "read_relationships", negotiation=negotiation, party=filters.party
                )
            ),
            RELATIONSHIP_COLUMNS,
        )
        return normalise_frames(
            NegotiationData(negotiation, stakeholders, interactions, relationships, filters)
        )

    # -- metrics and deletion ----------------------------------------------------------

    def write_metrics(self, negotiation: str, metrics: Mapping[str, Mapping[str, float]]) -> int:
        self._require(negotiation)
        rows = [
            {
                "id": sid,
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

        return self._write(work)

    def read_metrics(self, negotiation: str) -> dict[str, dict[str, float]]:
        self._require(negotiation)
        return {
            r["id"]: {k.removeprefix(METRIC_PREFIX): v for k, v in r["metrics"].items()}
            for r in self._read("read_metrics", negotiation=negotiation)
        }

    def delete_negotiation(self, negotiation: str) -> bool:
        def work(tx: neo4j.ManagedTransaction) -> bool:
            record = tx.run(query("delete_negotiation"), negotiation=negotiation).single()
            return bool(record and record["deleted"])

        return self._write(work, doing="deleting")


class _TooLarge(Exception):
    """The import does not fit in the server's transaction memory."""


class _DryRun(Exception):
    """Raised inside the transaction function so the driver rolls the transaction back."""

    def __init__(self, counts: dict[str, Counts]):
        self.counts = counts


def _run_counted(
    tx: neo4j.ManagedTransaction, name: str, rows: list[dict], read: int, **params: Any
) -> Counts:
    counts = Counts(read=read)
    text = query(name)
    for start in range(0, len(rows), BATCH):
        for record in tx.run(text, rows=rows[start : start + BATCH], **params):
            setattr(counts, record["status"], getattr(counts, record["status"]) + record["rows"])
    counts.unchanged = read - counts.added - counts.updated
    return counts


def _interaction_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    prefix = batch.negotiation + "\x1f"
    return [
        {
            "uid": prefix + i.key,
            "key": i.key,
            "source": i.source,
            "target": i.target,
            "props": {
                "date": i.date,
                "channel": i.channel,
                "track": i.track,
                "sentiment": i.sentiment,
                "confidential": i.confidential,
                "notes": i.notes,
                "attributes": dumps(i.attributes),
            },
        }
        for i in batch.interactions
    ]


def _relationship_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    prefix = batch.negotiation + "\x1f"
    return [
        {
            "uid": prefix + r.key,
            "key": r.key,
            "source": r.source,
            "target": r.target,
            "props": {
                "type": r.type,
                "sign": r.sign,
                "weight": r.weight,
                "directed": r.directed,
                "notes": r.notes,
                "attributes": dumps(r.attributes),
            },
        }
        for r in batch.relationships
    ]
