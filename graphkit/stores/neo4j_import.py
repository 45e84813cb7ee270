"""A bounded-memory, all-or-nothing write to one negotiation of the Neo4j store: an import,
or a ``graphkit delete``. See ``cypher/README.md`` ("Imports: staged generations").

Readers read a negotiation at its published generation ``Negotiation.gen``. A write of
generation ``gen + 1``:

1. takes the negotiation's import lock: a transaction that stays open until the end and
   holds the write lock of its ``(:ImportLock)`` node (a second import waits; a killed
   client or server rolls it back, which frees the lock at once), then claims the
   negotiation for this importer (``Negotiation._importer``, checked by every batch);
2. tidies what an earlier import left (:meth:`StagedWrite.tidy`): staged versions it never
   published, versions a published one superseded;
3. stages records in batches of at most :data:`WRITE_BATCH` rows, each its own transaction,
   invisible to readers (``_gen``, ``_end``, stakeholder drafts). The batches are written
   by :data:`WRITERS` background threads at once while the importer plans the next ones
   (at most :data:`PENDING` waiting), so that the client and the server's cores work at
   the same time. Batches of one query run in any order; a batch of another query waits
   until those before it are written (stakeholders before their contacts, old versions
   ended before the new ones are created); every other read and write waits for them;
4. publishes: one small statement in the lock's transaction sets ``Negotiation.gen``;
   then tidies again (batches), so only the published versions remain.

A failure before the publish leaves readers' view exactly as it was; the importer removes
what it staged if it can, and otherwise the next import of the negotiation does.
"""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import neo4j
from neo4j import exceptions as nx

from graphkit.cypher import query
from graphkit.errors import StoreError
from graphkit.stores.neo4j_connection import (
    BATCH,
    RETRY_SECONDS,
    Neo4jConnection,
    TransactionTooLarge,
    out_of_memory,
    write_sized,
)

#: Rows per staging transaction. On a server with a 1 GB heap, 10,000-row batches spent
#: about a third of the server's CPU time collecting garbage: 5,000 took the 1M-contact
#: import from 87 s to 73 s, 2,500 were no faster (bench/RESULTS.md).
WRITE_BATCH = 5_000
#: Records tidied per transaction.
TIDY_BATCH = 10_000
#: How long a new import tries the lock before it says that it waits for another one.
LOCK_PROBE_SECONDS = 1.0
#: The smallest batch a write is split into when the server's transaction memory is short.
SMALLEST_BATCH = 50
#: Batch transactions written at once, each by its own thread and session under its own
#: writer lock (``(:ImportWriter {negotiation, slot})``, ``lock_import_writer.cypher``): a
#: new claim takes all of them, so it waits for every batch in flight. One writer left a
#: 2-core server half idle (the 1M-contact import: 90 s with one, 73 s with two).
WRITERS = 2
#: Batches queued for the writers before the importer waits for the oldest one.
PENDING = WRITERS + 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LostClaim(StoreError):
    """Another import claimed the negotiation while this one was writing."""


class StagedWrite:
    """One generation of one negotiation, written in batches (see the module docstring)."""

    def __init__(
        self,
        server: Neo4jConnection,
        negotiation: str,
        notify: Callable[[str], None] = lambda m: None,
    ):
        self.server, self.negotiation, self.notify = server, negotiation, notify
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        #: The published generation when the write began (None: never published).
        self.published: int | None = None
        #: The generation this write stages.
        self.gen = 1
        self.wrote = False
        #: Rows per staging transaction (smaller when the server's memory is short).
        self.batch = WRITE_BATCH
        #: Records per tidying transaction (the same).
        self.tidy_batch = TIDY_BATCH
        self._lock_session: neo4j.Session | None = None
        self._lock_tx: neo4j.Transaction | None = None
        #: Reads (the importer's thread) and the writes of each writer slot (slot 0 is
        #: also the importer's, once nothing is queued): a driver session serves one
        #: thread at a time.
        self._session: neo4j.Session | None = None
        self._write_sessions: list[neo4j.Session] = []
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._writer: ThreadPoolExecutor | None = None
        self._queued: deque[Future[None]] = deque()
        #: The query of the batches queued last (one of another query waits for them).
        self._staging: str | None = None
        self._failed = False
        #: How long a write is tried again after a transient error (none once the import
        #: failed: :meth:`release` tidies only if the server answers at once).
        self._retry_seconds = RETRY_SECONDS

    # -- the lock -------------------------------------------------------------------------

    def begin(self) -> StagedWrite:
        """Take the lock, claim the negotiation, tidy what earlier writes left."""
        try:
            return self._begin()
        except BaseException:
            self.close()
            raise

    def _begin(self) -> StagedWrite:
        self._probe_lock()
        self._lock_session = self.server.session()
        self._lock_tx = self._lock_session.begin_transaction()
        self._lock_tx.run(
            query("take_import_lock"), negotiation=self.negotiation, holder=self.holder, now=_now()
        ).consume()
        self._session = self.server.session()
        self._write_sessions = [self.server.session() for _ in range(WRITERS)]
        for slot in range(WRITERS):
            self._free.put(slot)
        claim = self._claim()
        if claim["deleting"]:  # a graphkit delete of it was interrupted: finish it
            self.purge()
            self._write("drop_negotiation", {})
            claim = self._claim()
        self.published = claim["gen"]
        self.gen = (self.published or 0) + 1
        self.tidy()
        return self

    def _probe_lock(self) -> None:
        """Say so when another import holds the lock (the real wait follows, unbounded)."""
        with self.server.session() as session:
            tx = session.begin_transaction(timeout=LOCK_PROBE_SECONDS)
            try:
                tx.run(
                    query("take_import_lock"),
                    negotiation=self.negotiation,
                    holder=self.holder,
                    now=_now(),
                ).consume()
            except nx.Neo4jError as exc:
                code = exc.code or ""
                if not any(w in code for w in ("Timed", "Terminated", "LockClient")):
                    raise
                self.notify(
                    f"Another import into {self.negotiation} is writing to "
                    f"{self.server.display}; waiting for it to finish"
                )
            finally:
                tx.close()  # rolls back: the probe changes nothing

    def _claim(self) -> dict[str, Any]:
        def work(tx: neo4j.Transaction) -> dict[str, Any]:
            r = tx.run(
                query("claim_negotiation"),
                negotiation=self.negotiation,
                holder=self.holder,
                now=_now(),
            ).single()
            assert r is not None
            # Every writer lock too: a batch of an importer that lost its lock either
            # committed before this claim or sees it (check_claim.cypher).
            tx.run(
                query("lock_import_writers"), negotiation=self.negotiation, writers=WRITERS
            ).consume()
            return r.data()

        return self._execute(work)

    def publish(self, *, force: bool = False) -> None:
        """Make the staged generation what readers read (when it wrote anything, or
        ``force``, or the negotiation was never published), release the lock, tidy."""
        assert self._lock_tx is not None
        self.flush()
        if not (self.wrote or force or self.published is None):
            self.release(failed=False)
            return
        done = self._lock_tx.run(
            query("publish_import"),
            negotiation=self.negotiation,
            holder=self.holder,
            gen=self.gen,
            now=_now(),
            wrote=self.wrote or force,
        ).single()
        if done is None:
            raise LostClaim(
                f"another import claimed {self.negotiation} on {self.server.display} while "
                "this one was writing; nothing of this one was published - run it again"
            )
        try:
            self._lock_tx.commit()
        except nx.IncompleteCommit:
            # Lost during the one commit that publishes: the server may have committed it.
            raise StoreError(
                f"lost the connection to Neo4j at {self.server.address} while the import was "
                "being published: it is either all there or not there at all - re-run the "
                "same command when the server is back (an import that landed changes nothing "
                "the second time)"
            ) from None
        self.published = self.gen
        try:
            self.tidy()
            self._write("release_import", {"holder": self.holder})
        except (nx.Neo4jError, nx.DriverError, OSError, StoreError):
            pass  # published; the next import of the negotiation finishes the tidying
        finally:
            self.close()

    def release(self, *, failed: bool = True) -> None:
        """Publish nothing: remove what this write staged (if the server still answers),
        give up the claim and the lock. After a failure (``failed``) nothing is tried again:
        a server that went away must not keep the user waiting, the next import tidies."""
        try:
            self._failed = True  # what is queued is not written
            if failed:
                self._retry_seconds = 0.0
            with contextlib.suppress(Exception):
                self.flush()
            if self._session is not None:
                self.tidy()
            if self._lock_tx is not None and not self._lock_tx.closed():
                self._lock_tx.run(
                    query("release_import"), negotiation=self.negotiation, holder=self.holder
                ).consume()
                self._lock_tx.commit()
        except (nx.Neo4jError, nx.DriverError, OSError, StoreError):
            pass  # the lock goes with the connection; the next import tidies
        finally:
            self.close()

    def hide_and_purge(self) -> None:
        """graphkit delete of the whole negotiation: hidden from readers in one small
        transaction, then its records deleted in batches, then its node; an interrupted
        purge is finished by the next import or delete of that name."""
        self.flush()
        self._write("hide_negotiation", {})
        self.purge()
        self._write("drop_negotiation", {})
        self.close()  # rolls the lock's transaction back: nothing else to publish

    def close(self) -> None:
        if self._writer is not None:
            self._failed = True
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
            self._queued.clear()
        for closing in (self._lock_tx, self._lock_session, self._session, *self._write_sessions):
            if closing is not None:
                with contextlib.suppress(nx.Neo4jError, nx.DriverError, OSError):
                    closing.close()
        self._lock_tx = self._lock_session = self._session = None
        self._write_sessions = []

    # -- tidying --------------------------------------------------------------------------

    def tidy(self) -> None:
        """Remove versions the published generation superseded and everything staged for
        a generation that was never published, in batches (idempotent)."""
        self.flush()
        gen = self.published or 0
        if self.published:
            self._write("set_floor", {"gen": gen})
        for name in ("clean_interactions", "clean_relationships", "clean_stances",
                     "clean_drafts", "clean_stakeholders"):  # fmt: skip
            self._until_done(name, {"gen": gen})

    def purge(self) -> None:
        """Delete every record of a hidden negotiation (graphkit delete), in batches."""
        self.flush()
        self._until_done("purge_negotiation", {})

    def _until_done(self, name: str, params: dict[str, Any]) -> None:
        """``cypher/<name>.cypher`` with ``$limit`` until it reports done = 0; the limit is
        halved while the server's transaction memory cannot hold a batch."""
        while True:
            try:
                if not self._write(name, {**params, "limit": self.tidy_batch}, "done"):
                    return
            except TransactionTooLarge:
                if self.tidy_batch <= SMALLEST_BATCH:
                    raise
                self.tidy_batch = max(SMALLEST_BATCH, self.tidy_batch // 2)

    # -- batches ----------------------------------------------------------------------------

    def read(self, name: str, *, wait: bool = True, **params: Any) -> list[dict[str, Any]]:
        """The rows of ``cypher/<name>.cypher`` at this write's generation (what it has
        staged counts), in a read transaction of its own; once the queued writes are
        written (``wait=False``: what it reads does not depend on them)."""
        assert self._session is not None
        if wait:
            self.flush()
        text = query(name)
        params = {"gen": self.gen, "negotiation": self.negotiation, **params}

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            try:
                return [r.data() for r in tx.run(text, params)]
            except nx.Neo4jError as exc:
                if out_of_memory(exc):
                    raise TransactionTooLarge() from None  # never retried as it is
                raise

        try:
            return self._session.execute_read(work)
        except nx.Neo4jError as exc:
            if out_of_memory(exc):
                raise TransactionTooLarge() from None
            raise

    def read_batches(
        self, name: str, param: str, items: Sequence[Any], *, wait: bool = True
    ) -> list[dict[str, Any]]:
        """:meth:`read` over ``items`` given as ``param``, in batches of at most
        :data:`BATCH`, split further if the server's transaction memory is short."""
        if wait:
            self.flush()
        out: list[dict[str, Any]] = []
        for start in range(0, len(items), BATCH):
            out += self._read_batch(name, param, items[start : start + BATCH])
        return out

    def _read_batch(self, name: str, param: str, items: Sequence[Any]) -> list[dict[str, Any]]:
        try:
            return self.read(name, wait=False, **{param: list(items)})
        except TransactionTooLarge:
            if len(items) <= SMALLEST_BATCH:
                raise
            half = len(items) // 2
            return [
                *self._read_batch(name, param, items[:half]),
                *self._read_batch(name, param, items[half:]),
            ]

    def stage(self, name: str, items: Sequence[Any], param: str = "rows") -> None:
        """Queue ``cypher/<name>.cypher`` over ``items`` for the writers, in batches of at
        most :data:`WRITE_BATCH`: after every batch queued before of another query (batches of
        the same query run in any order). An error of a queued write is raised by the
        next call that waits for them (this one, when :data:`PENDING` are queued)."""
        if not items:
            return
        self.wrote = True
        if name != self._staging:
            self.flush()  # what it writes may depend on what is queued (see the module)
            self._staging = name
        if self._writer is None:
            self._writer = ThreadPoolExecutor(WRITERS, thread_name_prefix="graphkit-import")
        rows = list(items)
        step = self.batch  # a writer may halve it meanwhile: each part is split further
        for start in range(0, len(rows), step):
            while len(self._queued) >= PENDING:
                self._queued.popleft().result()
            part = rows[start : start + step]
            self._queued.append(self._writer.submit(self._stage_now, name, part, param))

    def flush(self) -> None:
        """Wait until every queued write is written; raise the first error."""
        error: BaseException | None = None
        while self._queued:
            try:
                self._queued.popleft().result()
            except BaseException as exc:
                error = error or exc
        self._staging = None
        if error is not None:
            raise error

    def _stage_now(self, name: str, items: list[Any], param: str) -> None:
        """One batch in a free writer slot, its own transaction; split (and the batches of
        the rest of the write halved) while the server's transaction memory cannot hold
        it."""
        if self._failed:
            return
        slot = self._free.get()
        try:
            start = 0
            while start < len(items):
                part = items[start : start + self.batch]
                try:
                    self._write(name, {param: part, "gen": self.gen}, slot=slot)
                except BaseException as exc:
                    if not isinstance(exc, TransactionTooLarge) or len(part) <= SMALLEST_BATCH:
                        self._failed = True  # what is queued after it is not written
                        raise
                    self.batch = max(SMALLEST_BATCH, min(self.batch, len(part) // 2))
                    continue
                start += len(part)
        finally:
            self._free.put(slot)

    def _write(
        self, name: str, params: dict[str, Any], result: str | None = None, *, slot: int = 0
    ) -> Any:
        """One write transaction of writer ``slot``: its writer lock and the claim check,
        then ``cypher/<name>.cypher``; retried by the driver on a transient error (it rolled
        back, so running it again is safe)."""
        text = query(name)
        params = {"negotiation": self.negotiation, **params}

        def work(tx: neo4j.Transaction) -> Any:
            try:
                # Two statements: the claim is read only once the writer lock is held.
                locked = tx.run(
                    query("lock_import_writer"), negotiation=self.negotiation, slot=slot
                ).single()
                claim = tx.run(
                    query("check_claim"), negotiation=self.negotiation, holder=self.holder
                ).single()
                if not (locked and locked["locked"]) or claim is None or not claim["ours"]:
                    raise LostClaim(
                        f"another import claimed {self.negotiation} on {self.server.display} "
                        "while this one was writing; nothing of this one was published - "
                        "run it again"
                    )
                if result is None:
                    tx.run(text, params).consume()
                    return None
                row = tx.run(text, params).single()
                return row[result] if row else None
            except nx.Neo4jError as exc:
                if out_of_memory(exc):
                    raise TransactionTooLarge() from None  # never retried as it is
                raise

        return self._execute(work, slot)

    def _execute(self, work: Callable[[neo4j.Transaction], Any], slot: int = 0) -> Any:
        """``work`` as one write transaction of writer ``slot``'s session; one the server
        cannot hold is :class:`TransactionTooLarge` at once (:func:`write_sized`), so that
        the caller halves its batch."""
        assert self._write_sessions
        return write_sized(self._write_sessions[slot], work, retry_seconds=self._retry_seconds)
