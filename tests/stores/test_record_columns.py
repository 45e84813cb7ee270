"""The record columns are declared once, by the record dataclasses (graphkit.model): the
schema text that cannot be derived from them (SQL tables, Cypher reads, the import
formats' README) must say the same."""

from __future__ import annotations

import re
import sqlite3

import pytest

from graphkit.cypher import query
from graphkit.ingest.fields import FIELDS, REQUIRED
from graphkit.model import (
    COLUMN_TYPES,
    COLUMNS,
    DEFAULTS,
    FILE_FIELDS,
    RECORD_KINDS,
    Interaction,
    Relationship,
    Stakeholder,
    Stance,
)
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import ROOT


def test_columns_come_from_the_record_fields():
    assert COLUMNS["stakeholders"][0] == "id"
    assert COLUMNS["interactions"][0] == COLUMNS["relationships"][0] == "key"
    for kind, record in zip(RECORD_KINDS, (Stakeholder, Interaction, Relationship, Stance),
                            strict=True):  # fmt: skip
        names = set(record.__dataclass_fields__) | {COLUMNS[kind][0]}
        assert set(COLUMNS[kind]) == names == set(COLUMN_TYPES[kind])
        assert COLUMNS[kind][-1] == "attributes"
        identity = COLUMNS[kind][0]
        assert list(DEFAULTS[kind]) == [n for n in record.__dataclass_fields__ if n != identity]
    assert FIELDS is FILE_FIELDS


def test_new_records_get_the_stored_defaults():
    assert DEFAULTS["stakeholders"]["unmapped"] is False
    assert DEFAULTS["interactions"]["sentiment"] == 0.0
    assert DEFAULTS["relationships"]["sign"] == 1
    for kind in RECORD_KINDS:
        for name, value in DEFAULTS[kind].items():
            assert type(value) is COLUMN_TYPES[kind][name], (kind, name)


def test_sqlite_tables_have_the_declared_columns(tmp_path):
    SQLiteStore(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    try:
        for kind in RECORD_KINDS:
            table = [row[1] for row in conn.execute(f"PRAGMA table_info({kind})")]
            assert table == ["negotiation", *COLUMNS[kind]], kind
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("read_stakeholders", "stakeholders"),
        ("read_interactions", "interactions"),
        ("read_relationships", "relationships"),
        ("stored_stakeholders", "stakeholders"),
        ("stored_interactions", "interactions"),
        ("stored_relationships", "relationships"),
        ("read_stances", "stances"),
        ("stored_stances", "stances"),
    ],
)
def test_cypher_reads_return_the_declared_columns(name, kind):
    returned = query(name).rpartition("RETURN")[2]
    aliases = re.findall(r"\bAS (\w+)", returned)
    expected = list(COLUMNS[kind])
    if name.startswith("stored_"):
        expected[0] = "key"  # the import planning calls every identity "key"
    assert aliases == expected


def test_the_import_formats_document_every_file_column():
    readme = (ROOT / "import" / "README.md").read_text(encoding="utf-8")
    for kind in RECORD_KINDS:
        section = readme.split(f"## {kind}.csv")[1].split("\n## ")[0]
        documented = {}
        for row in re.findall(r"^\|\s*(`[^|]+?)\s*\|\s*([^|]*?)\s*\|", section, flags=re.M):
            for column in re.findall(r"`([^`]+)`", row[0]):
                documented[column] = row[1].strip()
        assert set(documented) == set(FILE_FIELDS[kind]), kind
        assert {c for c, req in documented.items() if req == "yes"} == set(REQUIRED[kind]), kind
