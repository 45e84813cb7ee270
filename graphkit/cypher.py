"""Load the Cypher queries in ``cypher/`` (one query per file, ``verb_noun.cypher``).

Values are always ``$parameters``; labels and relationship types are fixed words in
the files, so no user-supplied text is ever spliced into a query.
"""

from __future__ import annotations

from functools import cache

from graphkit.resources import cypher_dir


@cache
def query(name: str) -> str:
    """The text of ``cypher/<name>.cypher``."""
    path = cypher_dir() / f"{name}.cypher"
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """A file of several statements (the schema), split on ``;``, comments dropped."""
    lines = [line for line in query(name).splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
