"""One call from CSV files to the store: validate everything, then write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graphkit.ingest import Options, prepare_import
from graphkit.model import ImportResult
from graphkit.stores.base import Store


def import_files(
    store: Store,
    negotiation: str,
    *,
    stakeholders: str | Path | None = None,
    interactions: str | Path | None = None,
    relationships: str | Path | None = None,
    options: Options | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportResult:
    """Import up to three CSV files into ``negotiation`` as one transaction.

    Raises :class:`~graphkit.errors.ImportRejected` listing every problem when any
    row is invalid; the store is then left exactly as it was. Re-importing the
    same files changes nothing; an extended log adds only its new rows.

    Example (a file and a store of your own)::

        from graphkit import import_files, open_store
        result = import_files(open_store("talks.db"), "blue-harbor", interactions="contacts.csv")
        result.counts["interactions"].added
    """
    batch = prepare_import(
        negotiation,
        store,
        stakeholders=stakeholders,
        interactions=interactions,
        relationships=relationships,
        options=options,
        progress=progress,
    )
    total = len(batch.interactions) + len(batch.stakeholders) + len(batch.relationships)
    if total >= 100_000:
        progress(f"writing {total:,} rows to {store.display}")
    return store.apply(batch, dry_run=dry_run, notify=progress)
