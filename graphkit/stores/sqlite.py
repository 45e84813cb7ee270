"""The embedded default store: one SQLite file, no server.

Each import is one ``BEGIN IMMEDIATE`` transaction: a failed or interrupted
import leaves the file exactly as it was (SQLite's write-ahead log makes this
hold even when the process is killed). A second writer waits for the first.
The schema is versioned with ``PRAGMA user_version`` and migrated forward on open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from graphkit.changes import apply_batch
from graphkit.errors import NotFound, StoreError
from graphkit.model import DeleteResult, ImportBatch, ImportResult
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


#: Schema migrations, in order; the store's version (``PRAGMA user_version``) is the
#: number applied. A new store runs them all, so every migration runs in every test.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]


def default_path() -> Path:
    """``$XDG_DATA_HOME/graphkit/graphkit.db`` (``~/.local/share/graphkit/graphkit.db``)."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "graphkit" / "graphkit.db"


class SQLiteStore:
    """The embedded store (see module docstring).

    ``create=False`` (what every command but ``import`` and ``demo`` uses) refuses a
    path where no store exists yet, instead of creating an empty one there.
    """

    def __init__(self, path: str | Path, *, timeout: float = 600.0, create: bool = True):
        self.path = Path(path)
        self.timeout = timeout
        self.display = str(self.path)
        self.created = False
        if not create and not self.path.exists():
            raise StoreError(
                f"{self.path}: no store here - check the path, or create one by importing "
                f"into it: graphkit import --negotiation NAME ... --store {self.path}"
            )
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: not a store file (it is a folder or a device)")
        try:
            if create and not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.created = True
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            # Up to 256 MiB of page cache (used only as needed): inserting a large log into
            # the source and target indexes is twice as fast as with the default 2 MiB.
            self.conn.execute("PRAGMA cache_size = -262144")
            self._migrate()
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}) - is it a graphkit store? "
                "Pass another path with --store"
            ) from None

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the file to the current schema, each step one transaction (foreign keys
        are checked after each step, so a migration never leaves a dangling reference)."""
        if self.schema_version == len(MIGRATIONS):
            return
        self.conn.execute("PRAGMA foreign_keys=OFF")  # tables are rebuilt; checked below
        while True:
            with self._transaction() as conn:
                version = self.schema_version  # again, inside the lock: another may have won
                if version > len(MIGRATIONS):
                    raise StoreError(
                        f"{self.path}: the store has schema version {version}, newer than "
                        f"this graphkit ({len(MIGRATIONS)}) - upgrade graphkit"
                    )
                if version == len(MIGRATIONS):
                    return
                MIGRATIONS[version](conn)
                dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise StoreError(
                        f"{self.path}: migrating to schema version {version + 1} found "
                        f"{len(dangling)} broken references (first: {dangling[0]}); the store "
                        "was left as it was - please report this"
                    )
                conn.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def discard(self) -> None:
        """Close, and remove the file again if this object created it (a failed or dry-run
        import into a new store leaves nothing behind)."""
        self.conn.close()
        if self.created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    # -- reads used by the importer -------------------------------------------------

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT id, name FROM stakeholders WHERE negotiation = ?", (negotiation,)
        )
        return dict(rows)

    # -- the import --------------------------------------------------------------

    def _begin_write(self, notify: Callable[[str], None]) -> None:
        """BEGIN IMMEDIATE; if another import holds the write lock, say so and wait."""
        self.conn.execute("PRAGMA busy_timeout = 250")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        notify(
            f"Another import is writing to {self.display}; waiting for it to finish (up to {self.timeout:.0f} s)..."
        )
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"{self.display} is still locked by another import after {self.timeout:.0f} s - "
                    "nothing was written; run the command again when the other import has finished"
                ) from None
            raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def apply(
        self,
        batch: ImportBatch,
        *,
        dry_run: bool = False,
        sync: bool = False,
        list_changes: bool = False,
        notify: Callable[[str], None] = lambda m: None,
    ) -> ImportResult:
        conn = self.conn
        self._begin_write(notify)
        try:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO negotiations(name, created_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO NOTHING",
                (batch.negotiation, now, now),
            )
            before = conn.total_changes
            result = apply_batch(
                _Records(conn, batch.negotiation),
                batch,
                sync=sync,
                list_changes=list_changes or dry_run,
            )
            if conn.total_changes != before:
                conn.execute(
                    "UPDATE negotiations SET updated_at = ? WHERE name = ?",
                    (now, batch.negotiation),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
        result.dry_run = dry_run
        return result

    # -- reads -------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """
            SELECT n.name,
                   (SELECT count(*) FROM stakeholders s WHERE s.negotiation = n.name),
                   (SELECT count(*) FROM interactions i WHERE i.negotiation = n.name),
                   (SELECT count(*) FROM relationships r WHERE r.negotiation = n.name),
                   (SELECT min(date) FROM interactions i WHERE i.negotiation = n.name),
                   (SELECT max(date) FROM interactions i WHERE i.negotiation = n.name)
            FROM negotiations n ORDER BY n.name
            """
        )
        keys = [
            "name",
            "stakeholders",
            "interactions",
            "relationships",
            "first_contact",
            "last_contact",
        ]
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def _require(self, negotiation: str) -> None:
        if not self.conn.execute(
            "SELECT 1 FROM negotiations WHERE name = ?", (negotiation,)
        ).fetchone():
            known = [r[0] for r in self.conn.execute("SELECT name FROM negotiations ORDER BY name")]
            raise NotFound(not_found(negotiation, known, self.display))

    def load(self, negotiation: str, filters: Filters | None = None) -> NegotiationData:
        self._require(negotiation)
        filters = filters or Filters()
        conn = self.conn
        stakeholders = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    "SELECT id, name, party, organization, role, tier, kind, notes, unmapped, "
                    "attributes FROM stakeholders WHERE negotiation = ? ORDER BY id",
                    (negotiation,),
                )
            ),
            STAKEHOLDER_COLUMNS,
        )
        where: list[str] = ["i.negotiation = ?"]
        params: list[str | None] = [negotiation]
        if filters.since:
            where.append("i.date >= ?")
            params.append(filters.since)
        if filters.until:
            where.append("i.date < ?")
            params.append(filters.until_exclusive)
        if filters.track:
            where.append("i.track = ?")
            params.append(filters.track)
        if filters.party:
            where.append(_PARTY_CLAUSE.format(alias="i"))
            params += [negotiation, filters.party] * 2
        interactions = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    "SELECT i.key, i.date, i.source, i.target, i.channel, i.track, i.sentiment, "
                    "i.confidential, i.notes, i.attributes FROM interactions i WHERE "
                    + " AND ".join(where)
                    + " ORDER BY i.date, i.key",
                    params,
                )
            ),
            INTERACTION_COLUMNS,
        )
        rwhere: list[str] = ["r.negotiation = ?"]
        rparams: list[str | None] = [negotiation]
        if filters.party:
            rwhere.append(_PARTY_CLAUSE.format(alias="r"))
            rparams += [negotiation, filters.party] * 2
        relationships = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    "SELECT r.key, r.source, r.target, r.type, r.sign, r.weight, r.directed, r.notes, "
                    "r.attributes FROM relationships r WHERE "
                    + " AND ".join(rwhere)
                    + " ORDER BY r.key",
                    rparams,
                )
            ),
            RELATIONSHIP_COLUMNS,
        )
        return normalise_frames(
            NegotiationData(negotiation, stakeholders, interactions, relationships, filters)
        )

    # -- metrics and deletion -----------------------------------------------------

    def write_metrics(
        self, negotiation: str, metrics: Mapping[str, Mapping[str, float | None]]
    ) -> int:
        self._require(negotiation)
        rows = [
            (negotiation, sid, name, None if value is None else float(value))
            for sid, values in metrics.items()
            for name, value in values.items()
        ]
        with self._transaction() as conn:
            conn.execute("DELETE FROM metrics WHERE negotiation = ?", (negotiation,))
            conn.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", rows)
        return len(metrics)

    def read_metrics(self, negotiation: str) -> dict[str, dict[str, float]]:
        self._require(negotiation)
        out: dict[str, dict[str, float]] = {}
        for sid, name, value in self.conn.execute(
            "SELECT stakeholder, metric, value FROM metrics WHERE negotiation = ?", (negotiation,)
        ):
            out.setdefault(sid, {})[name] = value
        return out

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
        try:
            counts = self._delete(negotiation, stakeholders, dry_run)
        except _Rollback as done:
            counts = done.counts
        return DeleteResult(negotiation, stakeholders is None, *counts)

    def _delete(
        self, negotiation: str, stakeholders: Sequence[str] | None, dry_run: bool
    ) -> list[int]:
        with self._transaction() as conn:
            if stakeholders is None:
                counts = [
                    conn.execute(
                        f"SELECT count(*) FROM {table} WHERE negotiation = ?", (negotiation,)
                    ).fetchone()[0]
                    for table in ("stakeholders", "interactions", "relationships")
                ]
                for table in ("metrics", "interactions", "relationships", "stakeholders"):
                    conn.execute(f"DELETE FROM {table} WHERE negotiation = ?", (negotiation,))
                conn.execute("DELETE FROM negotiations WHERE name = ?", (negotiation,))
            else:
                ids = list(dict.fromkeys(stakeholders))
                require_stakeholders(ids, self.stakeholder_names(negotiation), negotiation)
                marks = ",".join("?" * len(ids))
                counts = [len(ids)]
                for table in ("interactions", "relationships"):
                    cur = conn.execute(
                        f"DELETE FROM {table} WHERE negotiation = ? AND (source IN ({marks}) "
                        f"OR target IN ({marks}))",
                        (negotiation, *ids, *ids),
                    )
                    counts.append(cur.rowcount)
                conn.execute(
                    f"DELETE FROM metrics WHERE negotiation = ? AND stakeholder IN ({marks})",
                    (negotiation, *ids),
                )
                conn.execute(
                    f"DELETE FROM stakeholders WHERE negotiation = ? AND id IN ({marks})",
                    (negotiation, *ids),
                )
            if dry_run:
                raise _Rollback(counts)
        return counts


class _Rollback(Exception):
    """Raised inside the transaction so that a dry run writes nothing."""

    def __init__(self, counts: list[int]):
        self.counts = counts


class _Records:
    """:class:`~graphkit.changes.StoredRecords` on the open SQLite transaction."""

    _TABLES: ClassVar[dict[str, tuple[str, list[str]]]] = {
        "stakeholders": ("id", STAKEHOLDER_COLUMNS),
        "interactions": ("key", INTERACTION_COLUMNS),
        "relationships": ("key", RELATIONSHIP_COLUMNS),
    }
    _BOOLEAN: ClassVar[frozenset[str]] = frozenset({"unmapped", "confidential", "directed"})

    def __init__(self, conn: sqlite3.Connection, negotiation: str):
        self.conn, self.negotiation = conn, negotiation

    def stored(self, kind: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        key, columns = self._TABLES[kind]
        names = [c for c in columns if c != key]
        out: dict[str, dict[str, Any]] = {}
        if not self.conn.execute(
            f"SELECT 1 FROM {kind} WHERE negotiation = ? LIMIT 1", (self.negotiation,)
        ).fetchone():
            return out
        select = f"SELECT {key}, {', '.join(names)} FROM {kind} WHERE negotiation = ? AND {key} IN "
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for row in self.conn.execute(
                select + f"({','.join('?' * len(chunk))})", (self.negotiation, *chunk)
            ):
                record = dict(zip(names, row[1:], strict=True))
                record["attributes"] = loads(record["attributes"])
                for b in self._BOOLEAN & record.keys():
                    record[b] = bool(record[b])
                out[row[0]] = record
        return out

    def stored_keys(self, kind: str) -> set[str]:
        key = self._TABLES[kind][0]
        return {
            r[0]
            for r in self.conn.execute(
                f"SELECT {key} FROM {kind} WHERE negotiation = ?", (self.negotiation,)
            )
        }

    def referencing(self, ids: Iterable[str]) -> dict[str, list[str]]:
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        return {
            kind: [
                r[0]
                for r in self.conn.execute(
                    f"SELECT key FROM {kind} WHERE negotiation = ? AND (source IN ({marks}) "
                    f"OR target IN ({marks}))",
                    (self.negotiation, *ids, *ids),
                )
            ]
            for kind in ("interactions", "relationships")
        }

    def write(
        self,
        kind: str,
        added: Sequence[dict[str, Any]],
        updated: Sequence[tuple[dict[str, Any], frozenset[str]]],
        removed: Sequence[str],
    ) -> None:
        rows = [*added, *(row for row, _ in updated)]
        key, columns = self._TABLES[kind]
        names = ["negotiation", *columns]
        fields = ["key" if c == key else c for c in columns]
        n, a = self.negotiation, fields.index("attributes")
        flags = [i for i, c in enumerate(fields) if c in self._BOOLEAN]
        values = []
        for row in rows:
            v = [n, *map(row.__getitem__, fields)]
            v[a + 1] = dumps(v[a + 1])
            for i in flags:
                v[i + 1] = int(v[i + 1])
            values.append(v)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
        self.conn.executemany(
            f"INSERT INTO {kind} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT(negotiation, {key}) DO UPDATE SET {updates}",
            values,
        )
        self.conn.executemany(
            f"DELETE FROM {kind} WHERE negotiation = ? AND {key} = ?",
            [(self.negotiation, k) for k in removed],
        )
        if kind == "stakeholders" and removed:
            self.conn.executemany(
                "DELETE FROM metrics WHERE negotiation = ? AND stakeholder = ?",
                [(self.negotiation, k) for k in removed],
            )


_PARTY_CLAUSE = (
    "({alias}.source IN (SELECT id FROM stakeholders WHERE negotiation = ? AND party = ?) OR "
    "{alias}.target IN (SELECT id FROM stakeholders WHERE negotiation = ? AND party = ?))"
)
