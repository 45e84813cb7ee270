"""The records of one staged write to the Neo4j store, as the import's planning sees them
(:class:`~graphkit.changes.StoredRecords`), and how a record's values are stored as
properties (schema 5: dates as Neo4j temporal values, extra columns as ``field:<header>``
properties). See ``cypher/README.md`` ("What an import writes")."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from graphkit.changes import FINGERPRINT
from graphkit.model import COLUMNS, ENDS
from graphkit.stores.neo4j_import import StagedWrite
from graphkit.stores.neo4j_schema import SEP

#: An extra column ``header`` of a record is its property ``field:<header>`` (schema 5).
#: graphkit's own property names never contain ``:``, so no header can collide with one.
FIELD_PREFIX = "field:"


#: The columns of each kind written as properties of its node or relationship, beside
#: the extra columns (``field:<header>``): not the identity, which is set when it is created, and not
#: source and target, which are the ends of a contact or tie.
_PROPERTIES = {
    kind: tuple(c for c in columns[1:] if c not in (*ENDS.get(kind, ()), "attributes"))
    for kind, columns in COLUMNS.items()
}


class _Records:
    """:class:`~graphkit.changes.StoredRecords` of one staged write (reads at its
    generation, writes in batches of their own transactions)."""

    _STORED: ClassVar[dict[str, str]] = {
        "stakeholders": "stored_stakeholders",
        "interactions": "stored_interactions",
        "relationships": "stored_relationships",
        "stances": "stored_stances",
    }
    _PRINTS: ClassVar[dict[str, str]] = {
        "interactions": "stored_interaction_fingerprints",
        "relationships": "stored_relationship_fingerprints",
    }
    _KEYS: ClassVar[dict[str, str]] = {
        "stakeholders": "stored_stakeholder_keys",
        "interactions": "stored_interaction_keys",
        "relationships": "stored_relationship_keys",
        "stances": "stored_stance_keys",
    }

    def __init__(self, write: StagedWrite):
        self.staged = write
        self.prefix = write.negotiation + SEP

    def stored(self, kind: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        uids = [self.prefix + k for k in keys]
        # Other keys than those being written (graphkit.changes): no need to wait for them.
        for record in self.staged.read_batches(self._STORED[kind], "uids", uids, wait=False):
            key = record.pop("key")
            record["attributes"] = _attributes(record["attributes"])
            out[key] = record
        return out

    def fingerprints(self, kind: str) -> tuple[int, set[int]]:
        # Read before the kind's first write: what is queued is of another kind.
        found = self.staged.read(self._PRINTS[kind], wait=False)[0]
        return found["stored"], set(found["prints"])

    def stored_keys(self, kind: str) -> set[str]:
        return {r["key"] for r in self.staged.read(self._KEYS[kind])}

    def referencing(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {kind: [] for kind in ENDS}
        uids = [self.prefix + i for i in ids]
        for r in self.staged.read_batches("read_referencing", "uids", uids):
            out[r["kind"]].append(r["key"])
        return out

    def write(
        self,
        kind: str,
        added: Sequence[dict[str, Any]],
        updated: Sequence[tuple[dict[str, Any], frozenset[str]]],
        removed: Sequence[str],
    ) -> None:
        """Stage: a changed stakeholder gets a draft of its new values; a changed contact
        or tie is a new version (the old one ends at this generation)."""
        stage = self.staged.stage
        if kind == "stakeholders":
            rows = [*added, *(r for r, _ in updated)]
            stage("write_stakeholders", [self._payload(kind, r) for r in rows])
        else:
            stage(f"end_{kind}", [self.prefix + r["key"] for r, _ in updated], "uids")
            rows = [self._payload(kind, r) for r in [*added, *(r for r, _ in updated)]]
            stage(f"create_{kind}", [r for r in rows if not r["fields"]])
            stage(f"create_{kind}_with_fields", [r for r in rows if r["fields"]])
        stage(f"end_{kind}", [self.prefix + k for k in removed], "uids")

    def _payload(self, kind: str, r: dict[str, Any]) -> dict[str, Any]:
        p = self.prefix
        props = {f: r[f] for f in _PROPERTIES[kind]}
        for f in _DATE_PROPERTIES[kind]:
            props[f] = _temporal(props[f])
        fields = {FIELD_PREFIX + k: v for k, v in r["attributes"].items()}
        if kind == "stakeholders":
            return {"uid": p + r["key"], "id": r["key"], "props": props, "fields": fields}
        if kind == "stances":
            return {"uid": p + r["key"], "key": r["key"], "a": p + r["stakeholder"],
                    "props": props, "fields": fields}  # fmt: skip
        return {
            "uid": p + r["key"],
            "key": r["key"],
            "g": r.get(FINGERPRINT),
            "a": p + r["source"],
            "b": p + r["target"],
            "props": props,
            "fields": fields,
        }


#: The columns stored as Neo4j temporal values (schema 5): a contact's date, the days a
#: declared tie held.
_DATES = frozenset({"date", "since", "until"})
_DATE_PROPERTIES = {kind: [f for f in names if f in _DATES] for kind, names in _PROPERTIES.items()}


@functools.lru_cache(maxsize=1 << 16)  # a log has far fewer days than contacts
def _temporal(text: str) -> date | datetime | str | None:
    """The value stored for an ISO date column: a ``date`` (a Neo4j Date) or a naive
    ``datetime`` with whole seconds (a LocalDateTime), whose ``toString`` in Cypher is
    exactly ``text`` again; ``None`` (no property) for ``""`` (an open declared tie).
    Anything else stays text: a time with fractions of a second (``toString`` would not
    write its digits as given) or a value that is no ISO date.

    >>> _temporal("2024-05-26"), _temporal("2024-05-26T10:30:00"), _temporal("")
    (datetime.date(2024, 5, 26), datetime.datetime(2024, 5, 26, 10, 30), None)
    >>> _temporal("2024-05-26T10:30:00.250")
    '2024-05-26T10:30:00.250'
    """
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day if day.isoformat() == text else text
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None and not moment.microsecond and moment.isoformat() == text:
        return moment
    return text


def _attributes(pairs: Iterable[Sequence[Any]] | None) -> dict[str, Any]:
    """The extra columns of a record from the ``[header, value]`` pairs a read query
    returns for its ``field:<header>`` properties, sorted by header (as JSON text was)."""
    return dict(sorted(((k, v) for k, v in pairs or ()), key=lambda kv: kv[0]))
