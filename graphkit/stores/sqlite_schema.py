"""The embedded store's file format: its schema versions and the migrations between them.

The version is ``PRAGMA user_version``: the number of :data:`MIGRATIONS` applied. A
new file runs them all (so every migration runs in every test); an older file is
brought forward when it is opened, each step in its own ``BEGIN IMMEDIATE``
transaction, so a second process opening the same old file waits and then finds
it migrated. The DDL is the schema as it was at each version: a migration is
history and never changes with the code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from graphkit.errors import StoreError

#: Schema version 1 (graphkit 0.1.0): stakeholders shared by every negotiation.
SCHEMA_V1 = """
    CREATE TABLE negotiations (
        name        TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE stakeholders (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        party        TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL DEFAULT '',
        tier         TEXT NOT NULL DEFAULT '',
        kind         TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        unmapped     INTEGER NOT NULL DEFAULT 0,
        attributes   TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE memberships (
        negotiation TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        stakeholder TEXT NOT NULL REFERENCES stakeholders(id),
        PRIMARY KEY (negotiation, stakeholder)
    ) WITHOUT ROWID;
    CREATE INDEX memberships_stakeholder ON memberships(stakeholder);
    CREATE TABLE interactions (
        negotiation  TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        key          TEXT NOT NULL,
        date         TEXT NOT NULL,
        source       TEXT NOT NULL REFERENCES stakeholders(id),
        target       TEXT NOT NULL REFERENCES stakeholders(id),
        channel      TEXT NOT NULL DEFAULT '',
        track        TEXT NOT NULL DEFAULT '',
        sentiment    REAL NOT NULL DEFAULT 0,
        confidential INTEGER NOT NULL DEFAULT 0,
        notes        TEXT NOT NULL DEFAULT '',
        attributes   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key)
    );
    CREATE INDEX interactions_date ON interactions(negotiation, date);
    CREATE TABLE relationships (
        negotiation TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        source      TEXT NOT NULL REFERENCES stakeholders(id),
        target      TEXT NOT NULL REFERENCES stakeholders(id),
        type        TEXT NOT NULL,
        sign        INTEGER NOT NULL,
        weight      REAL NOT NULL DEFAULT 1,
        directed    INTEGER NOT NULL DEFAULT 0,
        notes       TEXT NOT NULL DEFAULT '',
        attributes  TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key)
    );
    CREATE TABLE metrics (
        negotiation TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        stakeholder TEXT NOT NULL,
        metric      TEXT NOT NULL,
        value       REAL,
        PRIMARY KEY (negotiation, stakeholder, metric)
    ) WITHOUT ROWID;
"""

#: Schema version 2: every stakeholder belongs to one negotiation; contacts and ties
#: refer to stakeholders of their own negotiation only.
SCHEMA_V2 = """
    CREATE TABLE stakeholders_v2 (
        negotiation  TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        id           TEXT NOT NULL,
        name         TEXT NOT NULL,
        party        TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL DEFAULT '',
        tier         TEXT NOT NULL DEFAULT '',
        kind         TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        unmapped     INTEGER NOT NULL DEFAULT 0,
        attributes   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, id)
    ) WITHOUT ROWID;
    CREATE TABLE interactions_v2 (
        negotiation  TEXT NOT NULL,
        key          TEXT NOT NULL,
        date         TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT NOT NULL,
        channel      TEXT NOT NULL DEFAULT '',
        track        TEXT NOT NULL DEFAULT '',
        sentiment    REAL NOT NULL DEFAULT 0,
        confidential INTEGER NOT NULL DEFAULT 0,
        notes        TEXT NOT NULL DEFAULT '',
        attributes   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key),
        FOREIGN KEY (negotiation, source) REFERENCES stakeholders(negotiation, id),
        FOREIGN KEY (negotiation, target) REFERENCES stakeholders(negotiation, id)
    );
    CREATE TABLE relationships_v2 (
        negotiation TEXT NOT NULL,
        key         TEXT NOT NULL,
        source      TEXT NOT NULL,
        target      TEXT NOT NULL,
        type        TEXT NOT NULL,
        sign        INTEGER NOT NULL,
        weight      REAL NOT NULL DEFAULT 1,
        directed    INTEGER NOT NULL DEFAULT 0,
        notes       TEXT NOT NULL DEFAULT '',
        attributes  TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key),
        FOREIGN KEY (negotiation, source) REFERENCES stakeholders(negotiation, id),
        FOREIGN KEY (negotiation, target) REFERENCES stakeholders(negotiation, id)
    );
"""
INDEXES_V2 = """
    CREATE INDEX interactions_date ON interactions(negotiation, date);
    CREATE INDEX interactions_source ON interactions(negotiation, source);
    CREATE INDEX interactions_target ON interactions(negotiation, target);
    CREATE INDEX relationships_source ON relationships(negotiation, source);
    CREATE INDEX relationships_target ON relationships(negotiation, target);
"""


#: Schema version 3: declared ties carry the first and last day they held.
SCHEMA_V3 = """
    CREATE TABLE relationships_v3 (
        negotiation TEXT NOT NULL,
        key         TEXT NOT NULL,
        source      TEXT NOT NULL,
        target      TEXT NOT NULL,
        type        TEXT NOT NULL,
        sign        INTEGER NOT NULL,
        weight      REAL NOT NULL DEFAULT 1,
        directed    INTEGER NOT NULL DEFAULT 0,
        since       TEXT NOT NULL DEFAULT '',
        until       TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        attributes  TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key),
        FOREIGN KEY (negotiation, source) REFERENCES stakeholders(negotiation, id),
        FOREIGN KEY (negotiation, target) REFERENCES stakeholders(negotiation, id)
    );
"""
INDEXES_V3 = """
    CREATE INDEX relationships_source ON relationships(negotiation, source);
    CREATE INDEX relationships_target ON relationships(negotiation, target);
"""


#: Schema version 4: stakeholders' declared power and interest; declared stances.
SCHEMA_V4 = """
    CREATE TABLE stakeholders_v4 (
        negotiation  TEXT NOT NULL REFERENCES negotiations(name) ON DELETE CASCADE,
        id           TEXT NOT NULL,
        name         TEXT NOT NULL,
        party        TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL DEFAULT '',
        tier         TEXT NOT NULL DEFAULT '',
        kind         TEXT NOT NULL DEFAULT '',
        power        INTEGER NOT NULL DEFAULT 0,
        interest     INTEGER NOT NULL DEFAULT 0,
        notes        TEXT NOT NULL DEFAULT '',
        unmapped     INTEGER NOT NULL DEFAULT 0,
        attributes   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, id)
    ) WITHOUT ROWID;
    INSERT INTO stakeholders_v4 (negotiation, id, name, party, organization, role, tier, kind,
                                 notes, unmapped, attributes)
        SELECT negotiation, id, name, party, organization, role, tier, kind, notes, unmapped,
               attributes FROM stakeholders;
    DROP TABLE stakeholders;
    ALTER TABLE stakeholders_v4 RENAME TO stakeholders;
    CREATE TABLE stances (
        negotiation  TEXT NOT NULL,
        key          TEXT NOT NULL,
        stakeholder  TEXT NOT NULL,
        issue        TEXT NOT NULL,
        date         TEXT NOT NULL,
        stance       INTEGER NOT NULL,
        source       TEXT NOT NULL DEFAULT '',
        confidential INTEGER NOT NULL DEFAULT 0,
        notes        TEXT NOT NULL DEFAULT '',
        attributes   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (negotiation, key),
        FOREIGN KEY (negotiation, stakeholder) REFERENCES stakeholders(negotiation, id)
    );
    CREATE INDEX stances_stakeholder ON stances(negotiation, stakeholder);
"""


def _script(conn: sqlite3.Connection, sql: str) -> None:
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1(conn: sqlite3.Connection) -> None:
    _script(conn, SCHEMA_V1)


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Stakeholders per negotiation: a person who was in two negotiations becomes one
    stakeholder in each, with the same values; contacts without an id get the key of
    their identity (date, people, channel, track) so a corrected tone updates them."""
    from graphkit.ingest.records import identity_hash

    _script(conn, SCHEMA_V2)
    conn.execute(
        "INSERT INTO stakeholders_v2 SELECT m.negotiation, s.id, s.name, s.party, s.organization, "
        "s.role, s.tier, s.kind, s.notes, s.unmapped, s.attributes FROM memberships m "
        "JOIN stakeholders s ON s.id = m.stakeholder"
    )
    occurrences: dict[tuple[str, str], int] = {}
    rows = []
    for row in conn.execute(
        "SELECT negotiation, key, date, source, target, channel, track, sentiment, confidential, "
        "notes, attributes FROM interactions ORDER BY negotiation, rowid"
    ):
        key = row[1]
        if key.startswith("h:"):
            digest = identity_hash(row[2], row[3], row[4], row[5], row[6])
            n = occurrences[(row[0], digest)] = occurrences.get((row[0], digest), 0) + 1
            key = f"h:{digest}" if n == 1 else f"h:{digest}#{n}"
        rows.append((row[0], key, *row[2:]))
    conn.executemany("INSERT INTO interactions_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO relationships_v2 SELECT * FROM relationships")
    for table in ("interactions", "relationships", "memberships", "stakeholders"):
        conn.execute(f"DROP TABLE {table}")
    for table in ("stakeholders", "interactions", "relationships"):
        conn.execute(f"ALTER TABLE {table}_v2 RENAME TO {table}")
    _script(conn, INDEXES_V2)


def _migrate_3(conn: sqlite3.Connection) -> None:
    """Declared ties get the first and last day they held (``since``, ``until``; ``""``
    when open). An attribute of that name holding an ISO date moves to the field (see
    :func:`graphkit.stores.base.declared_dates`)."""
    import json

    from graphkit.stores.base import declared_dates, dumps

    _script(conn, SCHEMA_V3)
    conn.execute(
        "INSERT INTO relationships_v3 SELECT negotiation, key, source, target, type, sign, "
        "weight, directed, '', '', notes, attributes FROM relationships"
    )
    conn.execute("DROP TABLE relationships")
    conn.execute("ALTER TABLE relationships_v3 RENAME TO relationships")
    _script(conn, INDEXES_V3)
    moved = []
    for negotiation, key, text in conn.execute(
        "SELECT negotiation, key, attributes FROM relationships WHERE attributes != '{}'"
    ).fetchall():
        dates, rest = declared_dates(json.loads(text))
        if dates:
            row = (dates.get("since", ""), dates.get("until", ""), dumps(rest), negotiation, key)
            moved.append(row)
    conn.executemany(
        "UPDATE relationships SET since = ?, until = ?, attributes = ? "
        "WHERE negotiation = ? AND key = ?",
        moved,
    )


def _migrate_4(conn: sqlite3.Connection) -> None:
    """Stakeholders get declared ``power`` and ``interest`` (0: not declared) and
    negotiations their declared stances. A team's own column of that name, kept as an
    attribute until now, moves to the field when its value is one the field takes (a
    whole number from 1 to 5: what the next import of the same file reads it as), so
    that it is not kept twice."""
    from graphkit.stores.base import dumps, loads

    _script(conn, SCHEMA_V4)
    moved = []
    for negotiation, sid, text in conn.execute(
        "SELECT negotiation, id, attributes FROM stakeholders WHERE attributes != '{}'"
    ).fetchall():
        levels, rest = declared_levels(loads(text))
        if levels:
            moved.append((levels.get("power", 0), levels.get("interest", 0), dumps(rest),
                          negotiation, sid))  # fmt: skip
    conn.executemany(
        "UPDATE stakeholders SET power = ?, interest = ?, attributes = ? "
        "WHERE negotiation = ? AND id = ?",
        moved,
    )


def declared_levels(attributes: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, Any]]:
    """Split a stakeholder's stored attributes for the migration that adds ``power`` and
    ``interest``: ``({field: 1..5}, the other attributes)``; a value the field would
    refuse stays an attribute (the next import says what is wrong with it).

    >>> declared_levels({"Power": 4, "interest": "high", "desk": "EU"})
    ({'power': 4}, {'interest': 'high', 'desk': 'EU'})
    """
    from graphkit.ingest.fields import CellError, normalise_header, parse_level

    levels: dict[str, int] = {}
    rest: dict[str, Any] = {}
    for name, value in attributes.items():
        key = normalise_header(name)
        if key in ("power", "interest") and key not in levels and not isinstance(value, bool):
            try:
                levels[key] = parse_level(str(value), key) if value != "" else 0
                if levels[key]:
                    continue
                del levels[key]
            except CellError:
                pass
        rest[name] = value
    return levels, rest


#: Schema migrations, in order; the store's version (``PRAGMA user_version``) is the
#: number applied. A new store runs them all, so every migration runs in every test.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
]


def schema_version(conn: sqlite3.Connection) -> int:
    """The number of migrations applied to the open file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, where: str) -> None:
    """Bring the file to the current schema, each step one transaction (foreign keys
    are checked after each step, so a migration never leaves a dangling reference).
    ``where`` names the file in messages."""
    if schema_version(conn) == len(MIGRATIONS):
        return
    conn.execute("PRAGMA foreign_keys=OFF")  # tables are rebuilt; checked below
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = _step(conn, where)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if done:
            return


def _step(conn: sqlite3.Connection, where: str) -> bool:
    """Apply the next migration inside the open transaction; True when there is none."""
    version = schema_version(conn)  # again, inside the lock: another may have won
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{where}: the store has schema version {version}, newer than "
            f"this graphkit ({len(MIGRATIONS)}) - upgrade graphkit"
        )
    if version == len(MIGRATIONS):
        return True
    MIGRATIONS[version](conn)
    dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise StoreError(
            f"{where}: migrating to schema version {version + 1} found "
            f"{len(dangling)} broken references (first: {dangling[0]}); the store "
            "was left as it was - please report this"
        )
    conn.execute(f"PRAGMA user_version = {version + 1}")
    return False
