"""One call from CSV files to the store: validate everything, then write atomically."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from graphkit.ingest import Options, PathsArg, prepare_import
from graphkit.model import RECORD_KINDS, ImportResult
from graphkit.stores.base import Store


def import_files(
    store: Store,
    negotiation: str,
    *,
    stakeholders: PathsArg = None,
    interactions: PathsArg = None,
    relationships: PathsArg = None,
    stances: PathsArg = None,
    options: Options | None = None,
    dry_run: bool = False,
    sync: bool = False,
    list_changes: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportResult:
    """Import stakeholder maps, contact logs, declared ties and stances into ``negotiation`` as
    one all-or-nothing import (each kind takes one path or a list of paths).

    Raises :class:`~graphkit.errors.ImportRejected` listing every problem when any
    row is invalid; the store is then left exactly as it was. Re-importing the
    same files changes nothing; an extended log adds only its new rows; a column
    the file lacks, or an empty cell, leaves the stored value alone (unless
    ``Options(clear_empty=True)``). With ``sync`` the negotiation's stored records
    of each kind given that the files do not have are removed. ``dry_run`` writes
    nothing and returns every change in ``result.changes`` (also with ``list_changes``).
    ``result.unused`` lists the columns of each file that no field reads, and
    ``result.inferred`` what was inferred from the files (e.g. day-first dates).

    Example (a file and a store of your own)::

        from graphkit import import_files, open_store
        result = import_files(open_store("talks.db"), "blue-harbor", interactions="contacts.csv")
        result.counts["interactions"].added
    """
    with few_collections():
        batch = prepare_import(
            negotiation,
            store,
            stakeholders=stakeholders,
            interactions=interactions,
            relationships=relationships,
            stances=stances,
            options=options,
            progress=progress,
        )
        total = sum(len(batch.records(kind)) for kind in RECORD_KINDS)
        if total >= 100_000:
            progress(f"writing {total:,} rows to {store.display}")
        result = store.apply(
            batch, dry_run=dry_run, sync=sync, list_changes=list_changes, notify=progress
        )
    # What the files told besides their records: the columns nothing reads, and what the
    # import inferred (date orders, a name column serving as the id).
    result.unused, result.inferred = batch.unused, batch.inferred
    return result


#: Allocations between two collections of Python's youngest generation during an import
#: (the default is 700), and how rarely the older generations are collected.
IMPORT_GC_THRESHOLD = (100_000, 50, 100)


@contextmanager
def few_collections() -> Iterator[None]:
    """Python's cyclic garbage collector runs less often while an import builds its
    records (millions of objects, none of them cyclic garbage): with the default
    thresholds its collections walk every record built so far, again and again - about
    6 s of the 25 s that parsing and planning the 1M-contact log took (bench/RESULTS.md).
    The thresholds in force before are restored afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(IMPORT_GC_THRESHOLD, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)
