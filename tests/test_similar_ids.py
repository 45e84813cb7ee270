"""Ids that are not what they look like (issue 10, point 7).

Text is NFC-normalised on import, so an id typed on one system matches the same id
typed on another.
"""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from graphkit import Options, import_files
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import DATA, cli

BASE = DATA / "base_stakeholders.csv"


@pytest.fixture
def seeded(store_path):
    result = cli("import", "-n", "talks", "--stakeholders", BASE, store=store_path)
    assert result.exit_code == 0, result.output
    return store_path


def _rows(store, sql, *params):
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _import(store_path, options=None, **files):
    store = SQLiteStore(store_path)
    try:
        return import_files(store, "talks", options=options, **files)
    finally:
        store.close()


# -- NFC ---------------------------------------------------------------------------------


def test_ids_names_and_text_are_stored_in_nfc(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "stakeholders_decomposed_unicode.csv",
        store=seeded,
    )
    assert result.exit_code == 0, result.output
    composed = unicodedata.normalize("NFC", "E\u0301-01")
    assert composed == "\u00c9-01"
    assert _rows(
        seeded, "SELECT id, name, party FROM stakeholders WHERE id LIKE '%-01' ORDER BY id"
    ) == [
        ("S-01", "Ana Ruiz", "Aster"),
        ("\u00c9-01", "Am\u00e9lie Ducharme", "Ast\u00e9r"),
    ]


def test_a_decomposed_reference_finds_the_composed_id(seeded, tmp_path):
    _import(seeded, stakeholders=DATA / "stakeholders_decomposed_unicode.csv")
    log = tmp_path / "log.csv"
    log.write_text(
        "date,source,target,notes\n2024-01-05,E\u0301-01,S-01,cafe\u0301\n", encoding="utf-8"
    )
    result = _import(seeded, interactions=log)
    assert result.counts["interactions"].added == 1
    assert _rows(seeded, "SELECT source, notes FROM interactions") == [("\u00c9-01", "caf\u00e9")]


def test_a_set_value_is_nfc_too(seeded, tmp_path):
    _import(seeded, stakeholders=DATA / "stakeholders_decomposed_unicode.csv")
    log = tmp_path / "log.csv"
    log.write_text("date,target\n2024-01-05,S-01\n", encoding="utf-8")
    _import(seeded, interactions=log, options=Options(constants={"source": "E\u0301-01"}))
    assert _rows(seeded, "SELECT source FROM interactions") == [("\u00c9-01",)]
