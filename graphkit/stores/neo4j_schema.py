"""The Neo4j store's graph model: its version, its schema, and the migration from the
model of graphkit 0.1.0.

The version is kept on a ``(:GraphkitSchema)`` node; constraints and indexes are the
statements of ``cypher/schema.cypher``. A database written by graphkit 0.1.0
(stakeholders shared between negotiations) is migrated in one transaction when it
is first opened; a client that waited for another one's migration finds it done.
"""

from __future__ import annotations

from datetime import UTC, datetime

import neo4j

from graphkit.cypher import query, statements
from graphkit.errors import StoreError
from graphkit.stores.neo4j_connection import BATCH

#: The graph model this graphkit writes (1: graphkit 0.1.0, stakeholders shared).
SCHEMA_VERSION = 2
#: Separates the negotiation from an id or key in ``uid`` properties.
SEP = "\x1f"


def ensure_schema(session: neo4j.Session, address: str) -> None:
    """Create the schema and migrate a database written by an older graphkit. This is
    the first query of a store, so it is where a wrong password or database shows."""
    found = session.run(query("read_schema_version")).single()
    version, legacy = (found["version"], found["legacy"]) if found else (None, False)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"Neo4j at {address} holds graphkit schema version {version}, newer "
            f"than this graphkit ({SCHEMA_VERSION}) - upgrade graphkit"
        )
    if legacy:
        # 0.1.0 made Stakeholder.id unique; copies per negotiation share ids.
        session.run(query("migrate_v2_drop_shared_id")).consume()
    for statement in statements("schema"):
        session.run(statement).consume()
    if version != SCHEMA_VERSION:
        session.execute_write(_migrate_to_v2)


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
