"""Files graphkit ships beside its code: the Cypher queries and the sample negotiation.

In a source checkout they live at the top of the repository (``cypher/``,
``import/``); a wheel carries copies inside the package (``_cypher``, ``_sample``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(packaged: str, *checkout: str) -> Path:
    inside = _PACKAGE / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.joinpath(*checkout)


def cypher_dir() -> Path:
    return _find("_cypher", "cypher")


def sample_dir() -> Path:
    """The Blue-Harbor Accord sample: stakeholders.csv, interactions.csv, relationships.csv,
    stances.csv."""
    return _find("_sample", "import", "blue-harbor")
