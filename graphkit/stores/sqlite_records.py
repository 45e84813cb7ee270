"""The embedded store's side of an import: :class:`~graphkit.changes.StoredRecords`
on the open SQLite transaction (what :func:`~graphkit.changes.apply_batch` reads and
writes), in chunks that stay under SQLite's limit of bound parameters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from graphkit.model import COLUMN_TYPES, COLUMNS, ENDS
from graphkit.stores.base import dumps, loads


class SQLiteRecords:
    """:class:`~graphkit.changes.StoredRecords` on the open SQLite transaction."""

    #: Per kind: its identity column and all its columns (identity first).
    _TABLES: ClassVar[dict[str, tuple[str, tuple[str, ...]]]] = {
        kind: (columns[0], columns) for kind, columns in COLUMNS.items()
    }
    #: Columns stored as 0 or 1.
    _BOOLEAN: ClassVar[frozenset[str]] = frozenset(
        c for types in COLUMN_TYPES.values() for c, t in types.items() if t is bool
    )

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
                    f"SELECT key FROM {kind} WHERE negotiation = ? AND ("
                    + " OR ".join(f"{end} IN ({marks})" for end in ends)
                    + ")",
                    (self.negotiation, *(ids * len(ends))),
                )
            ]
            for kind, ends in ENDS.items()
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
