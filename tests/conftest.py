"""Shared fixtures: a fresh embedded store, a CLI runner, the reference networks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphkit.cli import main

DATA = Path(__file__).parent / "data"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(
            f"reference networks not found at {REFERENCE} (shared/ must sit beside the repo)"
        )
    return REFERENCE


def cli(*args: str | Path, store: Path | str | None = None) -> Result:
    """Run ``graphkit ARGS`` in-process; stdout and stderr are kept apart."""
    argv = [str(a) for a in args]
    if store is not None:
        argv += ["--store", str(store)]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def snapshot(path: Path) -> str:
    """Everything in an embedded store, as SQL text: equal snapshots, equal stores."""
    if not path.exists():
        return ""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
