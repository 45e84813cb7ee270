"""The Neo4j store's graph model: its version, its schema, and the migrations from the
models of older graphkits.

The version is kept on a ``(:GraphkitSchema)`` node; constraints and indexes are the
statements of ``cypher/schema.cypher``. A database written by graphkit 0.1.0
(stakeholders shared between negotiations), or by a graphkit of schema 2 (declared
ties without the days they held), or of schema 3 (imports in one transaction), is
migrated in one transaction when it is first opened; a client that waited for another
one's migration finds it done. Schema 4 publishes every stored negotiation at generation
0 and drops the unique constraint on ``Interaction.uid`` (an index takes its place).
Schema 5 makes the graph readable in Browser and Bloom: dates are Neo4j dates, extra
columns typed properties ``field:<header>`` instead of JSON text, and the metrics a
write-back wrote are listed on each stakeholder (``gk_metrics``). Schema 6 converts
nothing: its imports write two batches at once under per-writer locks, which an older
graphkit would not take (it refuses a newer database). Schema 7 adds stakeholders' declared
power and interest and their stances; a team's own column that held power or interest moves
to the field (as on the embedded store), and a graphkit of schema 6, which would not keep
stances with their stakeholders, refuses the database.

The migration is one transaction, as the earlier ones: all or nothing, and no reader of
this graphkit ever sees a half-converted graph. Its size grows with the database (schema
5 rewrites every contact's date): a large database needs the heap for it
(``db.memory.transaction.max``); if it runs out, nothing changed and the error says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

import neo4j

from graphkit.cypher import query, statements
from graphkit.errors import StoreError
from graphkit.stores.neo4j_connection import BATCH

#: The graph model this graphkit writes (1: graphkit 0.1.0, stakeholders shared; 2: one
#: stakeholder per negotiation; 3: declared ties with ``since`` and ``until``; 4: staged
#: imports, records with generations and negotiations with a published one; 5: typed
#: dates and extra columns, metric write-back that keeps other properties, TIE; 6: an
#: import writes batches at once, under writer locks (``ImportWriter`` nodes) that a claim
#: takes all of: nothing to convert, but a graphkit of schema 5 would write its batches
#: without those locks, so it must not write to such a database); 7: stakeholders' declared
#: ``power`` and ``interest``, declared stances ``(:Stakeholder)-[:HOLDS]->(:Stance)``.
SCHEMA_VERSION = 7
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
    if version is None or version < 4:
        # Schema 4 keeps two versions of a contact during an import: uid is not unique.
        session.run(query("migrate_v4_drop_unique_contact")).consume()
    for statement in statements("schema"):
        session.run(statement).consume()
    if version != SCHEMA_VERSION:
        session.execute_write(_migrate)


def _migrate(tx: neo4j.ManagedTransaction) -> None:
    """Bring the database to :data:`SCHEMA_VERSION` in one transaction."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    locked = tx.run(query("lock_schema"), now=now).single()
    version = locked["version"] if locked else None
    if version == SCHEMA_VERSION:
        return  # another client migrated it while we waited for the lock
    if version is None or version < 2:
        _migrate_to_v2(tx)
    if version is None or version < 3:
        _migrate_to_v3(tx)
    tx.run(query("migrate_v4_publish_negotiations")).consume()
    if version is None or version < 5:
        _migrate_to_v5(tx)
    if version is None or version < 7:
        _migrate_to_v7(tx)
    tx.run(query("set_schema_version"), version=SCHEMA_VERSION).consume()


def _migrate_to_v5(tx: neo4j.ManagedTransaction) -> None:
    """Schema 5: typed dates (``migrate_v5_type_dates.cypher``); the JSON text of extra
    columns becomes properties ``field:<header>`` with the same values (text, int, float);
    created_at/updated_at DateTimes and ``gk_metrics`` lists (``migrate_v5_finish``)."""
    from graphkit.stores.base import loads
    from graphkit.stores.neo4j_records import FIELD_PREFIX

    tx.run(query("migrate_v5_type_dates")).consume()
    rows: dict[bool, list[dict[str, object]]] = {False: [], True: []}
    for r in tx.run(query("migrate_v5_read_attributes")):
        fields = {FIELD_PREFIX + k: v for k, v in loads(r["attributes"]).items() if v is not None}
        rows[r["relationship"]].append({"id": r["id"], "fields": fields})
    for relationship, name in ((False, "migrate_v5_set_node_fields"),
                               (True, "migrate_v5_set_tie_fields")):  # fmt: skip
        part = rows[relationship]
        for start in range(0, len(part), BATCH):
            tx.run(query(name), rows=part[start : start + BATCH]).consume()
    tx.run(query("migrate_v5_finish")).consume()


def _migrate_to_v7(tx: neo4j.ManagedTransaction) -> None:
    """Schema 7: an extra column holding a stakeholder's power or interest (1-5) moves to
    the field (:func:`graphkit.stores.sqlite_schema.declared_levels`)."""
    from graphkit.stores.neo4j_records import FIELD_PREFIX
    from graphkit.stores.sqlite_schema import declared_levels

    rows = []
    for r in tx.run(query("migrate_v7_read_levels")):
        found = dict(r["attributes"])
        levels, rest = declared_levels(found)
        if levels:
            remove = [FIELD_PREFIX + k for k in found if k not in rest]
            rows.append({"id": r["id"], "levels": levels, "remove": remove})
    for start in range(0, len(rows), BATCH):
        tx.run(query("migrate_v7_set_levels"), rows=rows[start : start + BATCH]).consume()


def _migrate_to_v3(tx: neo4j.ManagedTransaction) -> None:
    """Schema 3: declared ties may carry ``since`` and ``until`` (absent: open, read as
    ``""``). An attribute of that name holding an ISO date moves to the field (see
    :func:`graphkit.stores.base.declared_dates`)."""
    from graphkit.stores.base import declared_dates, dumps, loads

    rows = []
    for r in tx.run(query("migrate_v3_read_declared_attributes")):
        dates, rest = declared_dates(loads(r["attributes"]))
        if dates:
            since, until = dates.get("since", ""), dates.get("until", "")
            rows.append(
                {"uid": r["uid"], "since": since, "until": until, "attributes": dumps(rest)}
            )
    for start in range(0, len(rows), BATCH):
        tx.run(query("migrate_v3_set_declared_dates"), rows=rows[start : start + BATCH]).consume()


def _migrate_to_v2(tx: neo4j.ManagedTransaction) -> None:
    """Schema 2 from a 0.1.0 database (or an empty one): a stakeholder shared by several
    negotiations becomes one stakeholder in each, with the same values; contacts without
    an id get the key of their identity."""
    from graphkit.ingest.records import identity_hash

    tx.run(query("migrate_v2_copy_stakeholders"), sep=SEP).consume()
    tx.run(query("migrate_v2_repoint_contacts"), sep=SEP).consume()
    tx.run(query("migrate_v2_repoint_declared"), sep=SEP).consume()
    done = tx.run(query("migrate_v2_delete_shared")).single()
    if done and done["left"]:
        raise StoreError(
            "migrating the Neo4j database to graphkit schema 2: "
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
