"""Stores: the embedded SQLite default and a shared Neo4j server.

Example::

    store = open_store("reports/demo.db")        # embedded
    store = open_store("bolt://127.0.0.1:7687")  # Neo4j, credentials from NEO4J_*
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from graphkit.errors import GraphkitError
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
    """``bolt://user:secret@host`` -> ``bolt://user:***@host``: URLs are shown, secrets never."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)


def open_store(url: str | os.PathLike[str] | None = None) -> Store:
    """Open the store at ``url``: a file path or ``sqlite:///path`` (embedded), or a
    ``neo4j://`` / ``bolt://`` URL (credentials from ``NEO4J_USERNAME``,
    ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``). ``None`` means ``$GRAPHKIT_STORE``, then
    the default embedded store (:func:`default_path`).
    """
    if url is None:
        url = os.environ.get("GRAPHKIT_STORE") or None
    if url is None:
        return SQLiteStore(default_path())
    text = os.fspath(url)
    m = _SCHEME.match(text)
    scheme = m.group(1).lower() if m else None
    if scheme in NEO4J_SCHEMES:
        from graphkit.stores.neo4j import Neo4jStore

        return Neo4jStore(text)
    if scheme == "sqlite":
        return SQLiteStore(Path(text[len("sqlite://") :]))
    if scheme is not None:
        raise GraphkitError(
            f'--store "{redact_url(text)}": unknown scheme "{scheme}" - use a file path, '
            "sqlite:///path, or " + ", ".join(f"{s}://" for s in NEO4J_SCHEMES)
        )
    return SQLiteStore(Path(text))
