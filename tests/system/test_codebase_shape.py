"""The shape the codebase keeps (issue 11): every change has one room.

- no module of the package over MAX_MODULE_LINES lines;
- every CLI command is thin: parse options, one library call, format (at most
  MAX_COMMAND_LINES lines, docstring included);
- the analysis core imports no store, file format, CLI or HTML library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "graphkit"
MAX_MODULE_LINES = 500
MAX_COMMAND_LINES = 40
#: What the pure analysis (graph in, plain data out) may not import.
NOT_IN_CORE = ("graphkit.stores", "graphkit.cli", "graphkit.render", "graphkit.ingest", "click",
               "pyvis", "neo4j", "sqlite3")  # fmt: skip


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_where_the_tests_look():
    assert (PACKAGE / "__init__.py").is_file() and len(modules()) > 20


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines: split it along a seam"


def _commands(tree: ast.Module) -> list[ast.FunctionDef]:
    def is_command(d: ast.expr) -> bool:
        f = d.func if isinstance(d, ast.Call) else d
        return isinstance(f, ast.Attribute) and f.attr == "command"

    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(is_command(d) for d in node.decorator_list)
    ]


def test_cli_commands_are_thin():
    found = {}
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for fn in _commands(ast.parse(path.read_text(encoding="utf-8"))):
            found[fn.name] = (fn.end_lineno or fn.lineno) - fn.lineno + 1
    assert len(found) >= 12, found  # import .. demo: every command was seen
    long = {name: n for name, n in found.items() if n > MAX_COMMAND_LINES}
    assert not long, f"commands over {MAX_COMMAND_LINES} lines: {long}"


@pytest.mark.parametrize(
    "path",
    [*sorted((PACKAGE / "analysis").glob("*.py")), PACKAGE / "graph.py", PACKAGE / "aggregates.py"],
    ids=lambda p: p.name,
)  # fmt: skip
def test_the_analysis_core_imports_no_io(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        *(a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names),
        *(n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)),
    ]
    bad = [m for m in imported if m.startswith(NOT_IN_CORE)]
    assert not bad, f"{path.name} imports {bad}"
