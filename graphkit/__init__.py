"""graphkit: relationship graphs for negotiation prep teams.

Stakeholder maps and contact logs (CSV) -> validated records -> a store (embedded
SQLite by default, or Neo4j) -> a networkx graph -> analysis -> tables, maps and
briefings. Every CLI command is a thin layer over these functions; a notebook starts
with :func:`graphkit.open_store`, :func:`graphkit.import_files` and
:func:`graphkit.analyse` (:mod:`graphkit.api`).
"""

from graphkit.api import Map, Result, analyse
from graphkit.errors import GraphkitError, ImportRejected, NotFound, StoreError
from graphkit.importer import import_files
from graphkit.ingest import Options
from graphkit.stores import Filters, open_store

__version__ = "0.1.0"
__all__ = [
    "Filters",
    "GraphkitError",
    "ImportRejected",
    "Map",
    "NotFound",
    "Options",
    "Result",
    "StoreError",
    "analyse",
    "import_files",
    "open_store",
]
