"""The embedded default store: one SQLite file, no server.

Each import is one ``BEGIN IMMEDIATE`` transaction: a failed or interrupted
import leaves the file exactly as it was (SQLite's write-ahead log makes this
hold even when the process is killed). A second writer waits for the first.
The schema is versioned with ``PRAGMA user_version`` and migrated forward on open
(:mod:`graphkit.stores.sqlite_schema`); what an import reads and writes inside its
transaction is :mod:`graphkit.stores.sqlite_records`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from graphkit.changes import apply_batch
from graphkit.errors import NotFound, StoreError
from graphkit.model import ENDS, DeleteResult, ImportBatch, ImportResult
from graphkit.stores.base import (
    INTERACTION_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    STANCE_COLUMNS,
    Filters,
    NegotiationData,
    TieData,
    frame,
    loads,
    normalise_frames,
    not_found,
    require_stakeholders,
    stance_frame,
    visible_contacts,
)
from graphkit.stores.sqlite_records import SQLiteRecords
from graphkit.stores.sqlite_schema import (
    INDEXES_V2,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_V2,
    migrate,
    schema_version,
)

__all__ = [
    "INDEXES_V2",
    "MIGRATIONS",
    "SCHEMA_V1",
    "SCHEMA_V2",
    "SQLiteStore",
    "default_path",
]


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
            migrate(self.conn, self.display)
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}) - is it a graphkit store? "
                "Pass another path with --store"
            ) from None

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

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
                SQLiteRecords(conn, batch.negotiation),
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

    def load(
        self, negotiation: str, filters: Filters | None = None, *, contacts: bool = True
    ) -> NegotiationData:
        """The negotiation's records (``contacts`` False: without its contacts)."""
        self._require(negotiation)
        filters = filters or Filters()
        conn = self.conn
        stakeholders = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    f"SELECT {_select(STAKEHOLDER_COLUMNS)} FROM stakeholders "
                    "WHERE negotiation = ? ORDER BY id",
                    (negotiation,),
                )
            ),
            STAKEHOLDER_COLUMNS,
        )
        where, params = _contact_filter(negotiation, filters)
        interactions = frame(
            (
                (*r[:-1], loads(r[-1]))
                for r in conn.execute(
                    f"SELECT {_select(INTERACTION_COLUMNS, 'i')} FROM interactions i WHERE "
                    + where
                    + " ORDER BY i.date, i.key",
                    params,
                )
            )
            if contacts
            else (),
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
                    f"SELECT {_select(RELATIONSHIP_COLUMNS, 'r')} FROM relationships r WHERE "
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
        """The contacts are aggregated here, in pandas (the file is local: reading every
        contact costs no transfer), by :func:`graphkit.aggregates.directed_aggregates` itself.

        Only the columns of a contact that graphkit uses are read
        (:func:`graphkit.aggregates.contact_frame`: not the key nor the extra columns), in
        the order :meth:`load` gives, each repeated text (an id, a day, a channel) one
        string in memory. They come with the ties (``TieData.contacts``), so an analysis
        from a file needs the file no more. On the 1M log the process held 711 MB after
        reading instead of 1236 MB when every column was read (the whole analysis' peak:
        bench/RESULTS.md)."""
        from graphkit.aggregates import directed_aggregates

        data = self.load(negotiation, filters, contacts=False)
        where, params = _contact_filter(negotiation, filters)
        one: dict[str, str] = {}
        same = one.setdefault
        rows = self.conn.execute(
            f"SELECT {_select(_CONTACT_COLUMNS, 'i')} FROM interactions i WHERE "
            + where
            + (" AND i.confidential = 0" if public else "")
            + " ORDER BY i.date, i.key",
            params,
        )
        contacts = pd.DataFrame.from_records(
            [
                (same(d, d), same(s, s), same(t, t), same(c, c), same(k, k), x, f, same(n, n))
                for d, s, t, c, k, x, f, n in rows
            ],
            columns=_CONTACT_COLUMNS,
        ).astype({"sentiment": float, "confidential": bool})
        del one
        directed = directed_aggregates(
            contacts,
            as_of=as_of,
            half_life_days=half_life_days,
            period_days=period_days,
        )
        return TieData(
            negotiation, data.stakeholders, directed, data.relationships, filters, as_of,
            float(half_life_days), int(period_days), public, contacts,
        )  # fmt: skip

    def contacts_between(
        self,
        negotiation: str,
        filters: Filters,
        pairs: Sequence[tuple[str, str]],
        *,
        public: bool = False,
    ) -> pd.DataFrame:
        contacts = self.load(negotiation, filters).interactions
        return visible_contacts(contacts, public=public, pairs=pairs)

    def last_contact(self, negotiation: str, *, public: bool = False) -> str | None:
        self._require(negotiation)
        row = self.conn.execute(
            "SELECT max(substr(date, 1, 10)) FROM interactions WHERE negotiation = ?"
            + (" AND confidential = 0" if public else ""),
            (negotiation,),
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def load_stances(self, negotiation: str, *, public: bool = False) -> pd.DataFrame:
        self._require(negotiation)
        rows = self.conn.execute(
            f"SELECT {_select(STANCE_COLUMNS, 's')} FROM stances s WHERE s.negotiation = ?"
            + (" AND s.confidential = 0" if public else "")
            + " ORDER BY s.key",
            (negotiation,),
        )
        return stance_frame((*r[:-1], loads(r[-1])) for r in rows)

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
                    for table in ("stakeholders", "interactions", "relationships", "stances")
                ]
                for table in ("metrics", "interactions", "relationships", "stances",
                              "stakeholders"):  # fmt: skip
                    conn.execute(f"DELETE FROM {table} WHERE negotiation = ?", (negotiation,))
                conn.execute("DELETE FROM negotiations WHERE name = ?", (negotiation,))
            else:
                ids = list(dict.fromkeys(stakeholders))
                require_stakeholders(ids, self.stakeholder_names(negotiation), negotiation)
                marks = ",".join("?" * len(ids))
                counts = [len(ids)]
                for table, ends in ENDS.items():
                    cur = conn.execute(
                        f"DELETE FROM {table} WHERE negotiation = ? AND ("
                        + " OR ".join(f"{end} IN ({marks})" for end in ends)
                        + ")",
                        (negotiation, *(ids * len(ends))),
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


def _select(columns: list[str], alias: str = "") -> str:
    """``i.key, i.date, ...``: the columns of a kind, in order (attributes last)."""
    return ", ".join(f"{alias}.{c}" if alias else c for c in columns)


#: What an analysis reads of each contact (:func:`graphkit.aggregates.contact_frame`).
_CONTACT_COLUMNS = [
    "date", "source", "target", "channel", "track", "sentiment", "confidential", "notes",
]  # fmt: skip


def _contact_filter(negotiation: str, filters: Filters) -> tuple[str, list[str | None]]:
    """The ``WHERE`` condition on contacts ``i`` of ``filters``, and its parameters."""
    where: list[str] = ["i.negotiation = ?"]
    params: list[str | None] = [negotiation]
    if filters.since:
        where.append("i.date >= ?")
        params.append(filters.since)
    if filters.as_of:
        where.append("i.date < ?")
        params.append(filters.until_exclusive)
    if filters.track:
        where.append("i.track = ?")
        params.append(filters.track)
    if filters.party:
        where.append(_PARTY_CLAUSE.format(alias="i"))
        params += [negotiation, filters.party] * 2
    return " AND ".join(where), params


_PARTY_CLAUSE = (
    "({alias}.source IN (SELECT id FROM stakeholders WHERE negotiation = ? AND party = ?) OR "
    "{alias}.target IN (SELECT id FROM stakeholders WHERE negotiation = ? AND party = ?))"
)
