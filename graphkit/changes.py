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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from graphkit.errors import GraphkitError
from graphkit.model import (
    RECORD_KINDS,
    Change,
    Counts,
    ImportBatch,
    ImportResult,
)

#: Every stored field of each kind with the value a new record gets when the file
#: does not give it.
DEFAULTS: dict[str, dict[str, Any]] = {
    "stakeholders": {
        "name": "",
        "party": "",
        "organization": "",
        "role": "",
        "tier": "",
        "kind": "",
        "notes": "",
        "attributes": {},
        "unmapped": False,
    },
    "interactions": {
        "date": "",
        "source": "",
        "target": "",
        "channel": "",
        "track": "",
        "sentiment": 0.0,
        "confidential": False,
        "notes": "",
        "attributes": {},
    },
    "relationships": {
        "source": "",
        "target": "",
        "type": "",
        "sign": 1,
        "weight": 1.0,
        "directed": False,
        "notes": "",
        "attributes": {},
    },
}


class StoredRecords(Protocol):
    """One negotiation's records inside a store's open write transaction."""

    def stored(self, kind: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored records among ``keys``: key -> every field of :data:`DEFAULTS`."""

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
        """Write new records (every field plus ``key``), replace stored ones (with the
        names of the fields that changed, so a store can update in place), and delete the
        records whose keys are in ``removed``."""


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
    arrow = "->" if values.get("directed") else "-"
    return f"{values['type']} {values['source']} {arrow} {values['target']}"


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
    """
    counts: dict[str, Counts] = {}
    changes: list[Change] | None = [] if list_changes else None
    removed: dict[str, list[str]] = {}
    fresh: dict[str, list[dict[str, Any]]] = {}
    updates: dict[str, list[tuple[dict[str, Any], frozenset[str]]]] = {}
    for kind in RECORD_KINDS:
        records = list(batch.records(kind))
        if kind == "stakeholders":
            given = {s.id for s in records}
            records += [s for s in batch.created if s.id not in given]
        if kind not in batch.files and not records:
            continue
        stored = target.stored(kind, [r.key for r in records]) if records else {}
        rows: list[dict[str, Any]] = []
        changed: list[tuple[dict[str, Any], frozenset[str]]] = []
        c = Counts(read=batch.read.get(kind, 0))
        for record in records:
            old = stored.get(record.key)
            if kind == "stakeholders" and record.unmapped and old is not None:
                continue  # --create-missing never touches a stakeholder that exists
            new = merge(kind, old, record)
            if kind == "stakeholders" and not record.unmapped:
                new["unmapped"] = False
            if old is None:
                c.added += 1
                diff = {}
                if changes is not None:
                    diff = {f: (None, v) for f, v in new.items() if v != DEFAULTS[kind][f]}
            else:
                diff = {f: (old[f], v) for f, v in new.items() if old[f] != v}
                if not diff:
                    continue
                c.updated += 1
                for f in diff:
                    c.fields[f] = c.fields.get(f, 0) + 1
            row = {"key": record.key, **new}
            if old is None:
                rows.append(row)
            else:
                changed.append((row, frozenset(diff)))
            if changes is not None:
                action = "added" if old is None else "updated"
                changes.append(Change(kind, record.key, action, label(kind, record.key, new), diff))
        if kind == "stakeholders":
            c.added -= len([r for r in rows if r["unmapped"]])  # counted as created instead
        if sync and kind in batch.files:
            keep = {r.key for r in records}
            gone = sorted(target.stored_keys(kind) - keep)
            if gone:
                removed[kind] = gone
                c.removed = len(gone)
                if changes is not None:
                    for key, old in target.stored(kind, gone).items():
                        changes.append(
                            Change(kind, key, "removed", label(kind, key, old), {
                                f: (v, None) for f, v in old.items() if v != DEFAULTS[kind][f]
                            })
                        )  # fmt: skip
        c.unchanged = max(0, c.read - c.added - c.updated)
        if kind in batch.files:
            counts[kind] = c
        fresh[kind], updates[kind] = rows, changed

    written = {r["key"] for r in fresh.get("stakeholders", [])}
    gone_people = removed.get("stakeholders", [])
    if gone_people:
        pending = {
            kind: [*fresh.get(kind, []), *(row for row, _ in updates.get(kind, []))]
            for kind in ("interactions", "relationships")
        }
        _check_still_referenced(target, gone_people, pending, removed, batch)
    # Stakeholders first (contacts refer to them), their removal last.
    for kind in RECORD_KINDS:
        rows, changed, gone = fresh.get(kind, []), updates.get(kind, []), removed.get(kind, [])
        if rows or changed or (gone and kind != "stakeholders"):
            target.write(kind, rows, changed, [] if kind == "stakeholders" else gone)
    if gone_people:
        target.write("stakeholders", [], [], gone_people)
    return ImportResult(
        batch.negotiation,
        counts,
        batch.files,
        [s.id for s in batch.created if s.id in written],
        sync=sync,
        changes=changes or [],
    )


def _check_still_referenced(
    target: StoredRecords,
    gone: list[str],
    pending: dict[str, list[dict[str, Any]]],
    removed: dict[str, list[str]],
    batch: ImportBatch,
) -> None:
    people = set(gone)
    stale: dict[str, list[str]] = {}
    for kind, keys in target.referencing(people).items():
        going = set(removed.get(kind, []))
        rewritten = {
            r["key"]
            for r in pending.get(kind, [])
            if r["source"] not in people and r["target"] not in people
        }
        left = [k for k in keys if k not in going and k not in rewritten]
        if left:
            stale[kind] = left
    for kind in ("interactions", "relationships"):
        new = [
            r["key"]
            for r in pending.get(kind, [])
            if r["source"] in people or r["target"] in people
        ]
        if new:
            stale.setdefault(kind, []).extend(new)
    if not stale:
        return
    who = ", ".join(f'"{p}"' for p in gone[:5]) + (" ..." if len(gone) > 5 else "")
    what = " and ".join(
        f"{len(keys)} {'contacts' if kind == 'interactions' else 'declared ties'}"
        for kind, keys in stale.items()
    )
    raise GraphkitError(
        f"--sync would remove {len(gone)} stakeholders of {batch.negotiation} that "
        f"{batch.files.get('stakeholders', 'the stakeholder map')} no longer has ({who}), but "
        f"{what} still refer to them; nothing was changed - add them back to the map, give "
        "the contact log and ties with --sync too, or remove them first with graphkit delete "
        f"--negotiation {batch.negotiation} --stakeholder ID"
    )
