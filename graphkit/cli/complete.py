"""Shell completion of negotiation names and stakeholder ids, read from the store.

Click completes the commands and options itself (``_GRAPHKIT_COMPLETE=bash_source
graphkit``, and ``zsh_source``, ``fish_source``: README "Shell completion"); these
functions complete the values of ``-n/--negotiation`` and of every option that names a
stakeholder, given to click as ``shell_complete=``.

They run on every press of Tab, so they only ever read, and quickly: the names of the
negotiations, or the ids and names of one negotiation's stakeholders (the one given with
``-n`` earlier on the line). The store is the one given with ``--store`` earlier on the
line, else ``$GRAPHKIT_STORE``, else the default embedded store. It is opened read-only
(SQLite ``mode=ro``): a path where no store exists completes nothing and is left as it
was, with no file created. A Neo4j store completes nothing (that would mean a network
round-trip and credentials on each Tab). Nothing here prompts, prints or raises: any
problem means no completions.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from graphkit.render.text import terminal_safe

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def negotiations(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The negotiations in the store whose names start with ``incomplete`` (any case)."""
    try:
        rows = _read(ctx, "SELECT name FROM negotiations ORDER BY name", ())
        start = incomplete.casefold()
        return [CompletionItem(n) for (n,) in rows if _plain(n) and n.casefold().startswith(start)]
    except Exception:
        return []


def stakeholders(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The ids of the stakeholders of the negotiation given with ``-n`` that start with
    ``incomplete`` (any case), each with the name as its help; when no id does, the ids of
    those whose name starts with it (as :func:`graphkit.resolve.name_key` compares names)."""
    try:
        from graphkit.resolve import name_key

        negotiation = ctx.params.get("negotiation")
        if not isinstance(negotiation, str) or not negotiation:
            return []
        rows = _read(
            ctx,
            "SELECT id, name FROM stakeholders WHERE negotiation = ? ORDER BY id",
            (negotiation,),
        )
        rows = [(sid, name) for sid, name in rows if _plain(sid)]
        start, key = incomplete.casefold(), name_key(incomplete)
        found = [r for r in rows if r[0].casefold().startswith(start)]
        if not found and key:  # the start of a name instead: "Duar" completes to A-02
            found = [r for r in rows if isinstance(r[1], str) and name_key(r[1]).startswith(key)]
        return [CompletionItem(sid, help=terminal_safe(name) or None) for sid, name in found]
    except Exception:
        return []


def store_path(ctx: click.Context) -> Path | None:
    """The embedded store file the command line names (``--store``, ``$GRAPHKIT_STORE``, the
    default), if it is one that exists; ``None`` otherwise (Neo4j, nothing there)."""
    from graphkit.stores import NEO4J_SCHEMES, default_path

    given = ctx.params.get("store_url") or os.environ.get("GRAPHKIT_STORE") or None
    if given is None:
        path = default_path()
    else:
        text = str(given).strip()
        m = _SCHEME.match(text)
        scheme = m.group(1).lower() if m else None
        if text.lower() == "neo4j" or scheme in NEO4J_SCHEMES:
            return None
        if scheme not in (None, "sqlite"):
            return None
        path = Path(text[len("sqlite://") :] if scheme else text).expanduser()
    return path if path.is_file() else None


def _read(ctx: click.Context, sql: str, params: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` in the store, opened read-only; none when there is no store or
    it cannot be read (not a graphkit store, an older schema, locked)."""
    path = store_path(ctx)
    if path is None:
        return []
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=1.0)
    except (sqlite3.Error, OSError, ValueError):
        return []
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def _read_only_uri(path: Path) -> str:
    """How to open the store without writing anything, not even SQLite's side files.

    A read-only connection to a write-ahead-log database creates its ``-wal`` and ``-shm``
    files when they are not there, and cannot remove them again. When they are not there,
    no one has the store open and every write is in the file itself: it is opened as
    ``immutable`` (no side files, no locks). When they are, another process may be writing:
    it is opened ``mode=ro``, which uses them as they are.
    """
    uri = path.resolve().as_uri()
    side = [path.with_name(path.name + s).exists() for s in ("-wal", "-shm")]
    return f"{uri}?mode=ro" if all(side) else f"{uri}?mode=ro&immutable=1"


def _plain(value: object) -> bool:
    """Whether ``value`` can be offered as it is: text that the shell shows as it is (no
    control or bidi character, no line break; see :func:`terminal_safe`)."""
    return isinstance(value, str) and bool(value) and terminal_safe(value) == value
