"""The embedded default store: one SQLite file, no server.

Each import is one ``BEGIN IMMEDIATE`` transaction: a failed or interrupted
import leaves the file exactly as it was (SQLite's write-ahead log makes this
hold even when the process is killed). A second writer waits for the first.
The schema is versioned with ``PRAGMA user_version`` and migrated forward on open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphkit.errors import NotFound, StoreError
from graphkit.model import Counts, ImportBatch, ImportResult
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

#: Schema migrations; the store's version is the number applied.
MIGRATIONS: list[str] = [
    """
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
    """,
]


def default_path() -> Path:
    """``$XDG_DATA_HOME/graphkit/graphkit.db`` (``~/.local/share/graphkit/graphkit.db``)."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "graphkit" / "graphkit.db"


class SQLiteStore:
    """The embedded store (see module docstring)."""

    def __init__(self, path: str | Path, *, timeout: float = 600.0):
        self.path = Path(path)
        self.timeout = timeout
        self.display = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}) - is it a graphkit store? "
                "Pass another path with --store"
            ) from None

    def _migrate(self) -> None:
        (version,) = self.conn.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: the store has schema version {version}, newer than this "
                f"graphkit ({len(MIGRATIONS)}) - upgrade graphkit"
            )
        for number in range(version, len(MIGRATIONS)):
            with self._transaction():
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

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

    # -- reads used by the importer -------------------------------------------------

    def existing_stakeholders(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT id FROM stakeholders WHERE id IN ({marks})", chunk
                )
            )
        return found

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT s.id, s.name FROM memberships m JOIN stakeholders s ON s.id = m.stakeholder "
            "WHERE m.negotiation = ?",
            (negotiation,),
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
        notify: Callable[[str], None] = lambda m: None,
    ) -> ImportResult:
        conn = self.conn
        counts: dict[str, Counts] = {}
        self._begin_write(notify)
        try:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO negotiations(name, created_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO NOTHING",
                (batch.negotiation, now, now),
            )
            if "stakeholders" in batch.files:
                counts["stakeholders"] = self._stakeholders(batch)
            conn.executemany(
                "INSERT INTO stakeholders(id, name, unmapped) VALUES (?, ?, 1) "
                "ON CONFLICT(id) DO NOTHING",
                [(s.id, s.name) for s in batch.created],
            )
            members = {s.id for s in batch.stakeholders} | {s.id for s in batch.created}
            for r in (*batch.interactions, *batch.relationships):
                members.add(r.source)
                members.add(r.target)
            conn.executemany(
                "INSERT INTO memberships(negotiation, stakeholder) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                [(batch.negotiation, sid) for sid in sorted(members)],
            )
            if "interactions" in batch.files:
                counts["interactions"] = self._interactions(batch)
            if "relationships" in batch.files:
                counts["relationships"] = self._relationships(batch)
            changed = batch.created or any(c.added or c.updated for c in counts.values())
            if changed:
                conn.execute(
                    "UPDATE negotiations SET updated_at = ? WHERE name = ?",
                    (now, batch.negotiation),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
        return ImportResult(
            batch.negotiation, counts, batch.files, [s.id for s in batch.created], dry_run
        )

    def _counted(self, sql: str, rows: Iterable[tuple]) -> int:
        before = self.conn.total_changes
        self.conn.executemany(sql, rows)
        return self.conn.total_changes - before

    def _stakeholders(self, batch: ImportBatch) -> Counts:
        rows = [
            (
                s.id,
                s.name,
                s.party,
                s.organization,
                s.role,
                s.tier,
                s.kind,
                s.notes,
                dumps(s.attributes),
            )
            for s in batch.stakeholders
        ]
        added = self._counted(
            "INSERT INTO stakeholders(id, name, party, organization, role, tier, kind, notes, "
            "attributes, unmapped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT(id) DO NOTHING",
            rows,
        )
        updated = self._counted(
            "UPDATE stakeholders SET name = ?2, party = ?3, organization = ?4, role = ?5, tier = ?6, "
            "kind = ?7, notes = ?8, attributes = ?9, unmapped = 0 WHERE id = ?1 AND (name IS NOT ?2 "
            "OR party IS NOT ?3 OR organization IS NOT ?4 OR role IS NOT ?5 OR tier IS NOT ?6 "
            "OR kind IS NOT ?7 OR notes IS NOT ?8 OR attributes IS NOT ?9 OR unmapped <> 0)",
            rows,
        )
        return _counts(batch.read.get("stakeholders", 0), added, updated)

    def _interactions(self, batch: ImportBatch) -> Counts:
        rows = [
            (
                batch.negotiation,
                i.key,
                i.date,
                i.source,
                i.target,
                i.channel,
                i.track,
                i.sentiment,
                int(i.confidential),
                i.notes,
                dumps(i.attributes),
            )
            for i in batch.interactions
        ]
        added = self._counted(
            "INSERT INTO interactions(negotiation, key, date, source, target, channel, track, "
            "sentiment, confidential, notes, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(negotiation, key) DO NOTHING",
            rows,
        )
        # Rows keyed by content cannot differ from what is stored; only id-keyed rows update.
        updated = self._counted(
            "UPDATE interactions SET date = ?3, source = ?4, target = ?5, channel = ?6, track = ?7, "
            "sentiment = ?8, confidential = ?9, notes = ?10, attributes = ?11 "
            "WHERE negotiation = ?1 AND key = ?2 AND (date IS NOT ?3 OR source IS NOT ?4 "
            "OR target IS NOT ?5 OR channel IS NOT ?6 OR track IS NOT ?7 OR sentiment IS NOT ?8 "
            "OR confidential IS NOT ?9 OR notes IS NOT ?10 OR attributes IS NOT ?11)",
            (r for r in rows if r[1].startswith("id:")),
        )
        return _counts(batch.read.get("interactions", 0), added, updated)

    def _relationships(self, batch: ImportBatch) -> Counts:
        rows = [
            (
                batch.negotiation,
                r.key,
                r.source,
                r.target,
                r.type,
                r.sign,
                r.weight,
                int(r.directed),
                r.notes,
                dumps(r.attributes),
            )
            for r in batch.relationships
        ]
        added = self._counted(
            "INSERT INTO relationships(negotiation, key, source, target, type, sign, weight, "
            "directed, notes, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(negotiation, key) DO NOTHING",
            rows,
        )
        updated = self._counted(
            "UPDATE relationships SET source = ?3, target = ?4, type = ?5, sign = ?6, weight = ?7, "
            "directed = ?8, notes = ?9, attributes = ?10 WHERE negotiation = ?1 AND key = ?2 "
            "AND (source IS NOT ?3 OR target IS NOT ?4 OR sign IS NOT ?6 OR weight IS NOT ?7 "
            "OR directed IS NOT ?8 OR notes IS NOT ?9 OR attributes IS NOT ?10)",
            rows,
        )
        return _counts(batch.read.get("relationships", 0), added, updated)

    # -- reads -------------------------------------------------------------------

    def negotiations(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """
            SELECT n.name,
                   (SELECT count(*) FROM memberships m WHERE m.negotiation = n.name),
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
            raise NotFound(_not_found(negotiation, known, self.display))

    def load(self, negotiation: str, filters: Filters | None = None) -> NegotiationData:
        self._require(negotiation)
        filters = filters or Filters()
        conn = self.conn
        stakeholders = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    "SELECT s.id, s.name, s.party, s.organization, s.role, s.tier, s.kind, s.notes, "
                    "s.unmapped, s.attributes FROM memberships m JOIN stakeholders s "
                    "ON s.id = m.stakeholder WHERE m.negotiation = ? ORDER BY s.id",
                    (negotiation,),
                )
            ),
            STAKEHOLDER_COLUMNS,
        )
        where, params = ["i.negotiation = ?"], [negotiation]
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
        rwhere, rparams = ["r.negotiation = ?"], [negotiation]
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

    def write_metrics(self, negotiation: str, metrics: Mapping[str, Mapping[str, float]]) -> int:
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

    def delete_negotiation(self, negotiation: str) -> bool:
        with self._transaction() as conn:
            if not conn.execute(
                "SELECT 1 FROM negotiations WHERE name = ?", (negotiation,)
            ).fetchone():
                return False
            for table in ("metrics", "interactions", "relationships", "memberships"):
                conn.execute(f"DELETE FROM {table} WHERE negotiation = ?", (negotiation,))
            conn.execute("DELETE FROM negotiations WHERE name = ?", (negotiation,))
            conn.execute(
                "DELETE FROM stakeholders WHERE id NOT IN (SELECT stakeholder FROM memberships)"
            )
        return True


_PARTY_CLAUSE = (
    "({alias}.source IN (SELECT m.stakeholder FROM memberships m JOIN stakeholders s ON s.id = "
    "m.stakeholder WHERE m.negotiation = ? AND s.party = ?) OR {alias}.target IN (SELECT "
    "m.stakeholder FROM memberships m JOIN stakeholders s ON s.id = m.stakeholder WHERE "
    "m.negotiation = ? AND s.party = ?))"
)


def _counts(read: int, added: int, updated: int) -> Counts:
    return Counts(read=read, added=added, updated=updated, unchanged=read - added - updated)


def _not_found(name: str, known: list[str], where: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    hint = f'Did you mean "{close[0]}"? ' if close else ""
    listed = ", ".join(known) if known else "none yet"
    return (
        f'no negotiation "{name}" in {where} - {hint}Known: {listed}. '
        "Import one with graphkit import --negotiation NAME"
    )
