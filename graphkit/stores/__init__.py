"""Stores: the embedded SQLite default and a shared Neo4j server.

Example::

    store = open_store("reports/demo.db")        # embedded
    store = open_store("bolt://127.0.0.1:7687")  # Neo4j, credentials from NEO4J_*
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from graphkit.errors import StoreError
from graphkit.secrets import scrub
from graphkit.stores.base import Filters, NegotiationData, Store
from graphkit.stores.sqlite import SQLiteStore, default_path

__all__ = [
    "Filters",
    "NegotiationData",
    "SQLiteStore",
    "Store",
    "default_path",
    "open_store",
    "redact_url",
]

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def redact_url(url: str) -> str:
    """``bolt://user:secret@host`` -> ``bolt://user:***@host``: URLs are shown, secrets
    never (:func:`graphkit.secrets.scrub` of the URL)."""
    return scrub(url, url=True)


def open_store(url: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the store at ``url``: a file path or ``sqlite:///path`` (embedded), a
    ``neo4j://`` / ``bolt://`` URL, or ``neo4j`` for the server at ``$NEO4J_URI``
    (credentials from ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``).
    ``None`` means ``$GRAPHKIT_STORE``, then the default embedded store
    (:func:`default_path`).

    An embedded store that does not exist is created only with ``create=True`` (what
    ``graphkit import`` and ``demo`` do); otherwise the missing path is an error, so
    a mistyped path never leaves an empty store behind.
    """
    if url is None:
        url = os.environ.get("GRAPHKIT_STORE") or None
    if url is None:
        path = default_path()
        if not create and not path.exists():
            raise StoreError(
                f"no store yet at the default place {path} - import a negotiation first "
                "(graphkit import --negotiation NAME --stakeholders FILE ...), or name "
                "another store with --store"
            )
        return SQLiteStore(path, create=create)
    text = os.fspath(url)
    if text.strip().lower() == "neo4j":
        text = os.environ.get("NEO4J_URI", "").strip()
        if not text:
            raise StoreError(
                "--store neo4j means the Neo4j server at $NEO4J_URI, and NEO4J_URI is not "
                "set - export NEO4J_URI=neo4j://HOST:7687 (with NEO4J_USERNAME and "
                "NEO4J_PASSWORD), or give the URL: --store bolt://HOST:7687"
            )
        given = _SCHEME.match(text)
        if not given or given.group(1).lower() not in NEO4J_SCHEMES:
            raise StoreError(
                f'NEO4J_URI "{redact_url(text)}" is not a Neo4j URL - use '
                + ", ".join(f"{s}://HOST:PORT" for s in NEO4J_SCHEMES[:2])
            )
    m = _SCHEME.match(text)
    scheme = m.group(1).lower() if m else None
    if scheme in NEO4J_SCHEMES:
        from graphkit.stores.neo4j import Neo4jStore

        check_neo4j_url(text)
        return Neo4jStore(text)
    if scheme == "sqlite":
        return SQLiteStore(Path(text[len("sqlite://") :]), create=create)
    if scheme is not None:
        raise StoreError(
            f'--store "{redact_url(text)}": unknown scheme "{scheme}" - use a file path, '
            "sqlite:///path, neo4j (the server at $NEO4J_URI), or "
            + ", ".join(f"{s}://" for s in NEO4J_SCHEMES)
        )
    return SQLiteStore(Path(text), create=create)


def check_neo4j_url(url: str) -> None:
    """Refuse a Neo4j URL whose host or port cannot be right, with a one-line reason."""
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise StoreError(
            f'--store "{shown}": {exc} - write it as bolt://HOST:PORT, e.g. '
            "bolt://127.0.0.1:7687 (an IPv6 address goes in brackets: bolt://[::1]:7687)"
        ) from None
    if not parts.hostname:
        raise StoreError(f'--store "{shown}" names no host - e.g. bolt://127.0.0.1:7687')
    if port == 0:
        raise StoreError(f'--store "{shown}": port 0 is not a port - Neo4j listens on 7687')
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise StoreError(
            f'--store "{shown}": a Neo4j URL is only scheme://HOST:PORT - choose the '
            "database with NEO4J_DATABASE"
        )
