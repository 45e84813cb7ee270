"""Every query the Neo4j store sends is the text of a file in cypher/, in every module of
the store (tests/system/test_security.py checks stores/neo4j.py; the store's connection and
schema modules send queries too)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

STORES = ROOT / "graphkit" / "stores"
MODULES = sorted(p for p in STORES.glob("*.py") if "import neo4j" in p.read_text(encoding="utf-8"))


def _sent(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in ("run", "execute_query")]  # fmt: skip


def test_the_neo4j_store_is_every_module_that_imports_the_driver():
    assert {p.name for p in MODULES} == {
        "neo4j.py",
        "neo4j_connection.py",
        "neo4j_import.py",
        "neo4j_schema.py",
    }


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_cypher_is_never_built_from_strings(path):
    for call in _sent(path):
        first = call.args[0]
        ok = (isinstance(first, ast.Call) and getattr(first.func, "id", "") == "query") or (
            isinstance(first, ast.Name) and first.id in ("statement", "text")
        )
        assert ok, f"{path.name} line {call.lineno}: Cypher not from cypher/: {ast.unparse(first)}"
    assert _sent(path), f"{path.name} sends no query: is it still part of the Neo4j store?"
