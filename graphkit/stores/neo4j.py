"""The shared store: a Neo4j 5 server, reached with the official driver.

Graph model (see ``cypher/README.md``)::

    (:Stakeholder {uid, negotiation, id, name, party, ...})-[:TAKES_PART_IN]->(:Negotiation {name})
    (:Stakeholder)-[:INITIATED]->(:Interaction {uid, negotiation, key, date, ...})-[:WITH]->(:Stakeholder)
    (:Stakeholder)-[:DECLARED {uid, negotiation, key, type, sign, weight, ...}]->(:Stakeholder)

A stakeholder belongs to one negotiation (``uid`` = negotiation, U+001F, id). The
graph model's version is kept on a ``(:GraphkitSchema)`` node; a database written by
graphkit 0.1.0 (stakeholders shared between negotiations) is migrated when opened.

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
printed, logged or put in an error message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx

from graphkit.changes import apply_batch
from graphkit.cypher import query, statements
from graphkit.errors import NotFound, StoreError
from graphkit.model import DeleteResult, ImportBatch, ImportResult
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
    not_found,
    require_stakeholders,
)

#: Rows per UNWIND batch inside the import transaction.
BATCH = 10_000
#: The graph model this graphkit writes (1: graphkit 0.1.0, stakeholders shared).
SCHEMA_VERSION = 2
#: Separates the negotiation from an id or key in ``uid`` properties.
SEP = "\x1f"

# The driver logs retries ("Transaction failed and will be retried...") through Python's
# last-resort handler onto stderr; graphkit reports the outcome itself, in one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
METRIC_PREFIX = "gk_"


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``bolt://u:p@host:7687`` -> (``bolt://host:7687``, ``u``, ``p``)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.netloc.rpartition("@")[2]  # keeps an IPv6 literal's brackets
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username or ""), unquote(parts.password) if parts.password else None


class Neo4jStore:
    """A negotiation store on a Neo4j 5 server (see module docstring)."""

    def __init__(self, url: str, *, database: str | None = None, connect: bool = True):
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
                f"Neo4j at {self.address} ran out of memory for the transaction while {doing}: an "
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
        """Connect (this is where a wrong password or database shows), create the schema
        and migrate a database written by an older graphkit."""
        with self._session() as session:
            found = session.run(query("read_schema_version")).single()
            version, legacy = (found["version"], found["legacy"]) if found else (None, False)
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"Neo4j at {self.address} holds graphkit schema version {version}, newer "
                    f"than this graphkit ({SCHEMA_VERSION}) - upgrade graphkit"
                )
            if legacy:
                # 0.1.0 made Stakeholder.id unique; copies per negotiation share ids.
                session.run(query("migrate_v2_drop_shared_id")).consume()
            for statement in statements("schema"):
                session.run(statement).consume()
            if version != SCHEMA_VERSION:
                session.execute_write(_migrate_to_v2)

    def close(self) -> None:
        self.driver.close()

    # -- reads used by the importer -----------------------------------------------

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
                if _out_of_memory(exc):
                    # Retrying cannot help: the same import needs the same memory.
                    raise _TooLarge() from None
                raise
            if dry_run:
                raise _DryRun(result)
            return result

        try:
            result = self._write(work, doing="importing")
        except _DryRun as done:
            result = done.result
        result.dry_run = dry_run
        return result

    # -- reads ---------------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        return self._read("list_negotiations")

    def _require(self, negotiation: str) -> None:
        if not self._read("read_negotiation", negotiation=negotiation):
            known = [r["name"] for r in self.negotiations()]
            raise NotFound(not_found(negotiation, known, self.display))

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

        return self._write(work)

    def read_metrics(self, negotiation: str) -> dict[str, dict[str, float]]:
        self._require(negotiation)
        return {
            r["id"]: {k.removeprefix(METRIC_PREFIX): v for k, v in r["metrics"].items()}
            for r in self._read("read_metrics", negotiation=negotiation)
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
            return self._write(work, doing="deleting")
        except _DryRun as done:
            return done.result


def _migrate_to_v2(tx: neo4j.ManagedTransaction) -> None:
    """Schema 2 from a 0.1.0 database (or an empty one), in one transaction: a
    stakeholder shared by several negotiations becomes one stakeholder in each, with
    the same values; contacts without an id get the key of their identity."""
    from graphkit.ingest.records import identity_hash

    now = datetime.now(UTC).isoformat(timespec="seconds")
    locked = tx.run(query("lock_schema"), now=now).single()
    if locked and locked["version"] == SCHEMA_VERSION:
        return  # another client migrated it while we waited for the lock
    tx.run(query("migrate_v2_copy_stakeholders"), sep=SEP).consume()
    tx.run(query("migrate_v2_repoint_contacts"), sep=SEP).consume()
    tx.run(query("migrate_v2_repoint_declared"), sep=SEP).consume()
    done = tx.run(query("migrate_v2_delete_shared")).single()
    if done and done["left"]:
        raise StoreError(
            f"migrating the Neo4j database to graphkit schema {SCHEMA_VERSION}: "
            f"{done['left']} contacts or ties refer to a stakeholder outside their "
            "negotiation; nothing was changed - please report this"
        )
    occurrences: dict[tuple[str, str], int] = {}
    rows = []
    for r in tx.run(query("migrate_v2_read_hash_keys")):
        digest = identity_hash(r["date"], r["source"], r["target"], r["channel"], r["track"])
        n = occurrences[(r["negotiation"], digest)] = (
            occurrences.get((r["negotiation"], digest), 0) + 1
        )
        key = f"h:{digest}" if n == 1 else f"h:{digest}#{n}"
        rows.append({"uid": r["uid"], "new_uid": r["negotiation"] + SEP + key, "key": key})
    for start in range(0, len(rows), BATCH):
        tx.run(query("migrate_v2_rekey_contacts"), rows=rows[start : start + BATCH]).consume()
    tx.run(query("set_schema_version"), version=SCHEMA_VERSION).consume()


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
        if kind == "stakeholders":
            props = {f: r[f] for f in STAKEHOLDER_FIELDS}
            props["attributes"] = dumps(r["attributes"])
            return {"uid": p + r["key"], "id": r["key"], "props": props}
        fields = INTERACTION_FIELDS if kind == "interactions" else RELATIONSHIP_FIELDS
        props = {f: r[f] for f in fields}
        props["attributes"] = dumps(r["attributes"])
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


STAKEHOLDER_FIELDS = ("name", "party", "organization", "role", "tier", "kind", "notes", "unmapped")
INTERACTION_FIELDS = ("date", "channel", "track", "sentiment", "confidential", "notes")
RELATIONSHIP_FIELDS = ("type", "sign", "weight", "directed", "notes")


def _out_of_memory(exc: nx.Neo4jError) -> bool:
    """The server could not hold the transaction: its transaction-memory guard tripped
    (MemoryPoolOutOfMemory, a transient error) or, before that, the heap itself ran out."""
    code, message = exc.code or "", exc.message or ""
    return (
        "MemoryPoolOutOfMemory" in code
        or "MemoryLimit" in code
        or "OutOfMemory" in code
        or "Java heap space" in message
    )


class _TooLarge(Exception):
    """The import does not fit in the server's transaction memory."""


class _DryRun(Exception):
    """Raised inside the transaction function so the driver rolls the transaction back."""

    def __init__(self, result: Any):
        self.result = result
