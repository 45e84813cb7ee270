"""What an import changes, decided once for both stores.

A store opens its write transaction, hands :func:`apply_batch` a
:class:`StoredRecords` view of that transaction, and this module reads what is
stored for the batch's keys, merges the file's values into it, and writes only
what differs. A field the file does not give (``None`` in the record: no such
column, or an empty cell) keeps its stored value, so a file never erases what it
does not mention. With ``sync`` the stored records of each kind given that the
files no longer have are removed, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from graphkit.errors import GraphkitError
from graphkit.model import (
    DEFAULTS,
    ENDS,
    RECORD_KINDS,
    Change,
    Counts,
    ImportBatch,
    ImportResult,
)
from graphkit.words import count


class StoredRecords(Protocol):
    """One negotiation's records inside a store's open write transaction."""

    def stored(self, kind: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored records among ``keys``: key -> every field of
        :data:`graphkit.model.DEFAULTS`."""

    def stored_keys(self, kind: str) -> set[str]:
        """The keys of every stored record of ``kind``."""

    def referencing(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Stored contacts and ties that refer to these stakeholders:
        ``{"interactions": [key, ...], "relationships": [key, ...]}``."""

    def write(
        self,
        kind: str,
        added: Sequence[dict[str, Any]],
        updated: Sequence[tuple[dict[str, Any], frozenset[str]]],
        removed: Sequence[str],
    ) -> None:
        """Write new records (every field plus ``key``, and :data:`FINGERPRINT` for the
        kinds of :data:`FINGERPRINTED`), replace stored ones (with the names of the fields
        that changed, so a store can update in place), and delete the records whose keys
        are in ``removed``."""


class Fingerprints(Protocol):
    """What a store that keeps each record's :func:`fingerprint` offers the planning: a
    record whose fingerprint is stored is unchanged, without reading its values."""

    def fingerprints(self, kind: str) -> tuple[int, set[int]]:
        """How many records of ``kind`` are stored, and the fingerprints stored with them."""


#: The kinds whose records carry a :func:`fingerprint` (stakeholders are few, and their
#: changes are drafts on the Neo4j store: they are always read and compared).
FINGERPRINTED = ("interactions", "relationships")
#: The field of a written row holding its fingerprint.
FINGERPRINT = "fingerprint"


def fingerprint(kind: str, record: Any) -> int:
    """What a file's record says, as a signed 64-bit number: its key and every field it
    gives (a field it leaves empty is not part of it).

    A stored version written from a record with this fingerprint is
    ``merge(older, record)``, and merging the same record again changes nothing
    (:func:`merge` is idempotent), so a record whose fingerprint is stored with the current
    version of its key is unchanged: the planning skips it without reading its values. Any
    other record is read and compared as before. Two different records have the same
    fingerprint with a chance of about one in 2**64 per stored record.

    >>> from graphkit.model import Interaction
    >>> a = Interaction(key="id:1", date="2024-01-01", source="a", target="b", sentiment=0.5)
    >>> b = Interaction(key="id:1", date="2024-01-01", source="a", target="b", sentiment=0.25)
    >>> fingerprint("interactions", a) == fingerprint("interactions", a), fingerprint(
    ...     "interactions", a) == fingerprint("interactions", b)
    (True, False)
    """
    given = []
    for name in DEFAULTS[kind]:
        value = getattr(record, name, None)
        if value is None:
            continue
        if name == "attributes":
            value = tuple(sorted(value.items()))
        given.append((name, value))
    text = repr((kind, record.key, given)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


def merge(kind: str, stored: Mapping[str, Any] | None, record: Any) -> dict[str, Any]:
    """The record as it will be stored: the stored values (or defaults), overwritten by
    every field the file gives. Attributes merge key by key; ``""`` removes one."""
    out = dict(DEFAULTS[kind] if stored is None else stored)
    # An undirected tie given the other way round is the same tie: keep its orientation.
    same_tie = kind == "relationships" and stored is not None and not record.directed
    for name in DEFAULTS[kind]:
        value = getattr(record, name, None)
        if value is None or (same_tie and name in ("source", "target")):
            continue
        if name == "attributes":
            attributes = dict(out["attributes"])
            for k, v in value.items():
                if v == "":
                    attributes.pop(k, None)
                else:
                    attributes[k] = v
            out["attributes"] = attributes
        else:
            out[name] = value
    return out


def label(kind: str, key: str, values: Mapping[str, Any]) -> str:
    """A record as a reader finds it in the CSV: the id, or date, people and track."""
    if kind == "stakeholders":
        return key
    if kind == "interactions":
        where = " ".join(x for x in (values.get("channel"), values.get("track")) if x)
        text = f"{values['date']} {values['source']} -> {values['target']}"
        text += f" ({where})" if where else ""
        return text + (f" [{key[3:]}]" if key.startswith("id:") else "")
    if kind == "stances":
        return f"{values['date']} {values['stakeholder']} on {values['issue']}"
    arrow = "->" if values.get("directed") else "-"
    return f"{values['type']} {values['source']} {arrow} {values['target']}"


#: Records read, compared and written at a time: the stored values of one chunk are in
#: memory, not those of a whole million-contact log.
CHUNK = 20_000


def apply_batch(
    target: StoredRecords,
    batch: ImportBatch,
    *,
    sync: bool = False,
    list_changes: bool = False,
) -> ImportResult:
    """Plan and write ``batch`` through ``target`` (inside the store's transaction).

    Counts added, updated (with the fields that changed), unchanged and, with
    ``sync``, removed records per kind; with ``list_changes`` every change is also
    returned record by record. Raises GraphkitError (so the store rolls back) when
    ``sync`` would remove a stakeholder that contacts or ties still refer to.
    Stakeholders are written first (contacts refer to them); removed ones last.
    """
    plan = _Plan(target, batch, list_changes)
    counts: dict[str, Counts] = {}
    removed: dict[str, list[str]] = {}
    # Who leaves, and which stored contacts and ties refer to them, is known before any
    # contact is planned: each planned row can then be checked as it goes by.
    gone_people: set[str] = set()
    refs: dict[str, set[str]] = {}
    for kind in RECORD_KINDS:
        records = list(batch.records(kind))
        if kind == "stakeholders":
            given = {s.id for s in records}
            records += [s for s in batch.created if s.id not in given]
        if kind not in batch.files and not records:
            continue
        c = Counts(read=batch.read.get(kind, 0))
        for start in range(0, len(records), CHUNK):
            plan.chunk(kind, records[start : start + CHUNK], c, gone_people, refs)
        if sync and kind in batch.files:
            gone = sorted(target.stored_keys(kind) - {r.key for r in records})
            if gone:
                removed[kind] = gone
                c.removed = len(gone)
                plan.removals(kind, gone)
            if kind == "stakeholders" and gone:
                gone_people = set(gone)
                refs = {k: set(v) for k, v in target.referencing(gone).items()}
        c.unchanged = max(0, c.read - c.added - c.updated)
        if kind in batch.files:
            counts[kind] = c
        if kind != "stakeholders" and removed.get(kind):
            target.write(kind, [], [], removed[kind])
    if gone_people:
        stale = {k: v - set(removed.get(k, [])) for k, v in refs.items()}
        for kind, keys in plan.stale.items():
            stale.setdefault(kind, set()).update(keys)
        if any(stale.values()):
            _refuse_orphans(sorted(gone_people), stale, batch)
        target.write("stakeholders", [], [], sorted(gone_people))
    return ImportResult(
        batch.negotiation,
        counts,
        batch.files,
        [s.id for s in batch.created if s.id in plan.created],
        sync=sync,
        changes=plan.changes or [],
    )


class _Plan:
    """Plans and writes one chunk of records at a time (see :func:`apply_batch`)."""

    def __init__(self, target: StoredRecords, batch: ImportBatch, list_changes: bool):
        self.target = target
        #: Per kind of FINGERPRINTED, on a store that keeps fingerprints: how many records
        #: are stored, and their fingerprints (read once, before the kind's first write).
        self.prints: dict[str, tuple[int, set[int]]] = {}
        self.changes: list[Change] | None = [] if list_changes else None
        #: Ids of stakeholders created by --create-missing and written.
        self.created: set[str] = set()
        #: Planned contacts and ties that refer to a stakeholder --sync removes.
        self.stale: dict[str, set[str]] = {}

    def chunk(
        self,
        kind: str,
        records: list[Any],
        c: Counts,
        gone_people: set[str],
        refs: dict[str, set[str]],
    ) -> None:
        prints: list[int] | None = None
        if kind in FINGERPRINTED and hasattr(self.target, "fingerprints"):
            if kind not in self.prints:
                self.prints[kind] = self.target.fingerprints(kind)
            how_many, known = self.prints[kind]
            prints = [fingerprint(kind, r) for r in records]
            fresh = [i for i, p in enumerate(prints) if p not in known]
            records, prints = [records[i] for i in fresh], [prints[i] for i in fresh]
            # Nothing of the kind stored: every record is new, nothing to read.
            stored = self.target.stored(kind, [r.key for r in records]) if how_many else {}
        else:
            stored = self.target.stored(kind, [r.key for r in records])
        added: list[dict[str, Any]] = []
        changed: list[tuple[dict[str, Any], frozenset[str]]] = []
        for n, record in enumerate(records):
            old = stored.get(record.key)
            if kind == "stakeholders" and record.unmapped and old is not None:
                continue  # --create-missing never touches a stakeholder that exists
            new = merge(kind, old, record)
            if kind == "stakeholders" and not record.unmapped:
                new["unmapped"] = False
            if old is None:
                diff = {}
                if self.changes is not None:
                    diff = {f: (None, v) for f, v in new.items() if v != DEFAULTS[kind][f]}
                if kind == "stakeholders" and record.unmapped:
                    self.created.add(record.key)  # counted as created, not as added
                else:
                    c.added += 1
            else:
                diff = {f: (old[f], v) for f, v in new.items() if old[f] != v}
                if not diff:
                    continue
                c.updated += 1
                for f in diff:
                    c.fields[f] = c.fields.get(f, 0) + 1
            row = {"key": record.key, **new}
            if prints is not None:
                row[FINGERPRINT] = prints[n]
            if old is None:
                added.append(row)
            else:
                changed.append((row, frozenset(diff)))
            if gone_people and kind != "stakeholders":
                if any(new[end] in gone_people for end in ENDS[kind]):
                    self.stale.setdefault(kind, set()).add(record.key)
                else:
                    refs.get(kind, set()).discard(record.key)  # rewritten away from them
            if self.changes is not None:
                action = "added" if old is None else "updated"
                self.changes.append(
                    Change(kind, record.key, action, label(kind, record.key, new), diff)
                )
        if added or changed:
            self.target.write(kind, added, changed, [])

    def removals(self, kind: str, keys: list[str]) -> None:
        if self.changes is None:
            return
        for start in range(0, len(keys), CHUNK):
            for key, old in self.target.stored(kind, keys[start : start + CHUNK]).items():
                fields = {f: (v, None) for f, v in old.items() if v != DEFAULTS[kind][f]}
                self.changes.append(Change(kind, key, "removed", label(kind, key, old), fields))


def _refuse_orphans(gone: list[str], stale: dict[str, set[str]], batch: ImportBatch) -> None:
    who = ", ".join(f'"{p}"' for p in gone[:5]) + (" ..." if len(gone) > 5 else "")
    nouns = {"interactions": "contacts", "relationships": "declared ties", "stances": "stances"}
    what = " and ".join(f"{len(keys)} {nouns[kind]}" for kind, keys in stale.items() if keys)
    raise GraphkitError(
        f"--sync would remove {count(len(gone), 'stakeholder')} of {batch.negotiation} that "
        f"{batch.files.get('stakeholders', 'the stakeholder map')} no longer has ({who}), but "
        f"{what} still refer to them; nothing was changed - add them back to the map, give "
        "the contact log, ties and stances with --sync too, or remove them first with graphkit delete "
        f"--negotiation {batch.negotiation} --stakeholder ID"
    )
