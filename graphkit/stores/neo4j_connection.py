"""The connection of the Neo4j store: the driver, the credentials, and driver errors as
one clear :class:`~graphkit.errors.StoreError`.

Credentials come from ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` (or the URL's
``user:password@`` part), the database from ``NEO4J_DATABASE``. They are never
printed, logged or put in an error message: the address shown is the URL without its
credentials, and driver messages pass through :func:`graphkit.secrets.scrub`.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx

from graphkit.cypher import query
from graphkit.errors import StoreError
from graphkit.secrets import scrub

#: Rows per ``UNWIND $rows`` query, and per transaction of an import: what bounds the
#: server memory an import needs.
BATCH = 10_000

#: How long a transaction is tried again after a transient error (a deadlock, a leader
#: switch, a lost connection) before the error is reported.
RETRY_SECONDS = 15.0

# The driver logs retries ("Transaction failed and will be retried...") through Python's
# last-resort handler onto stderr; graphkit reports the outcome itself, in one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``bolt://u:p@host:7687`` -> (``bolt://host:7687``, ``u``, ``p``)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.netloc.rpartition("@")[2]  # keeps an IPv6 literal's brackets
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username or ""), unquote(parts.password) if parts.password else None


class Neo4jConnection:
    """A driver for one Neo4j server (and database); nothing is sent until it is used."""

    def __init__(self, url: str, *, database: str | None = None):
        address, url_user, url_password = split_credentials(url)
        self.user = os.environ.get("NEO4J_USERNAME") or url_user or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            password = url_password
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.address = address
        #: Where the store is, for messages; credentials are never part of it.
        self.display = address + (f" (database {self.database})" if self.database else "")
        auth = (self.user, password) if password is not None else None
        try:
            self.driver = GraphDatabase.driver(
                address,
                auth=auth,
                connection_timeout=10.0,
                connection_acquisition_timeout=30.0,
                max_transaction_retry_time=RETRY_SECONDS,
                user_agent="graphkit",
            )
        except (ValueError, nx.ConfigurationError) as exc:
            raise StoreError(
                f'--store "{address}" is not a Neo4j address ({scrub(str(exc))})'
            ) from None

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Driver exceptions become one clear StoreError without secrets."""
        try:
            yield
        except nx.AuthError:
            raise StoreError(
                f"Neo4j at {self.address} refused the credentials of user "
                f'"{self.user}" - check NEO4J_USERNAME and NEO4J_PASSWORD'
            ) from None
        except nx.ClientError as exc:
            if exc.code and "DatabaseNotFound" in exc.code:
                raise StoreError(
                    f'Neo4j at {self.address} has no database "{self.database}" - check '
                    "NEO4J_DATABASE (Neo4j Community has only the default database, neo4j)"
                ) from None
            if exc.code and "Security" in exc.code:
                raise StoreError(
                    f"Neo4j at {self.address} refused access ({exc.code}) - check NEO4J_USERNAME "
                    "and NEO4J_PASSWORD"
                ) from None
            raise StoreError(
                f"Neo4j rejected a query while {doing}: {scrub(exc.message or str(exc))}"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, nx.IncompleteCommit, OSError) as exc:
            if doing == "importing":
                raise StoreError(
                    f"lost the connection to Neo4j at {self.address} during the import; "
                    "nothing of it was published (readers see the store as it was, and the "
                    "next import removes what it had staged) - re-run the same command when "
                    "the server is back"
                ) from None
            raise StoreError(
                f"cannot reach Neo4j at {self.address} while {doing} - is the server running "
                f"and the address right? ({scrub(type(exc).__name__)})"
            ) from None
        except TransactionTooLarge:
            raise StoreError(
                f"Neo4j at {self.address} ran out of memory for the transaction while {doing}, "
                "even in the smallest batches - give the server more heap "
                "(server.memory.heap.max_size) or transaction memory "
                "(db.memory.transaction.max, db.memory.transaction.total.max); nothing was "
                "published"
            ) from None
        except nx.Neo4jError as exc:
            raise StoreError(
                f"Neo4j error while {doing}: {scrub(exc.message or str(exc))}"
            ) from None
        except nx.DriverError as exc:
            raise StoreError(f"Neo4j driver error while {doing}: {scrub(str(exc))}") from None

    def session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of ``cypher/<name>.cypher`` in a read transaction."""
        with self.errors("reading"), self.session(read=True) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(query(name), params)])

    def write(self, work: Callable[[neo4j.ManagedTransaction], Any], doing: str = "writing") -> Any:
        """``work`` in one write transaction (run again by the driver on a transient error)."""
        with self.errors(doing), self.session() as session:
            return session.execute_write(work)

    def close(self) -> None:
        self.driver.close()


def out_of_memory(exc: nx.Neo4jError) -> bool:
    """The server could not hold the transaction: its transaction-memory guard tripped
    (MemoryPoolOutOfMemory, a transient error) or, before that, the heap itself ran out."""
    code, message = exc.code or "", exc.message or ""
    return (
        "MemoryPoolOutOfMemory" in code
        or "MemoryLimit" in code
        or "OutOfMemory" in code
        or "Java heap space" in message
    )


class TransactionTooLarge(Exception):
    """The import does not fit in the server's transaction memory."""


def write_sized(
    session: neo4j.Session,
    work: Callable[[neo4j.Transaction], Any],
    *,
    retry_seconds: float = RETRY_SECONDS,
) -> Any:
    """``work`` in one write transaction of ``session``, committed; run again on a transient
    error as the driver's ``execute_write`` does, except when the server could not hold the
    transaction: that is :class:`TransactionTooLarge` at once, so that the caller splits
    it. (The driver retries a commit refused by the transaction-memory guard, a transient
    error, for ``retry_seconds`` in vain: on a server with ``db.memory.transaction.max`` an
    import waited that long for every halving of its batch.)"""
    deadline = time.monotonic() + retry_seconds
    delay = 0.5
    while True:
        try:
            with session.begin_transaction() as tx:
                result = work(tx)
                tx.commit()
            return result
        except nx.Neo4jError as exc:
            if out_of_memory(exc):
                raise TransactionTooLarge() from None
            if not exc.is_retryable() or time.monotonic() >= deadline:
                raise
        except nx.DriverError as exc:  # a lost connection, an expired session
            if not exc.is_retryable() or time.monotonic() >= deadline:
                raise
        time.sleep(delay * random.uniform(0.8, 1.2))
        delay = min(2 * delay, 4.0)
