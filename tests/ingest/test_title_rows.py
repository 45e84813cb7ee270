"""The header past title rows, in CSV files (issue 12, point 1; workbooks in
test_workbooks.py): found by the rule of graphkit.ingest.header, or given as
Options.header_row (--header-row); a normal file's header is never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit import GraphkitError, Options, import_files
from graphkit.stores.sqlite import SQLiteStore

LOG = "date,source,target\n2024-01-02,A,B\n2024-01-03,B,A\n"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "store.db")
    people = tmp_path / "people.csv"
    people.write_text("id,name\nA,Ana\nB,Bo\n", encoding="utf-8")
    import_files(s, "talks", stakeholders=people)
    yield s
    s.close()


def _import(store, path: Path, **options) -> tuple[int, list[str]]:
    notes: list[str] = []
    result = import_files(
        store, "talks", interactions=path, options=Options(**options), progress=notes.append
    )
    return result.counts["interactions"].added, notes


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # A title, a blank row, then the header: an Excel export writes every delimiter.
        ("Contacts - round 3,,\n,,\n" + LOG, "skipped 1 title row above the header at line 3"),
        ("Contacts - round 3\n\n" + LOG, "skipped 1 title row above the header at line 3"),
        ("Blue Harbor\nContacts, round 3\n\n" + LOG.replace(",", ";"),
         "skipped 2 title rows above the header at line 4"),
        ('"Contacts, round 3"\n' + LOG, "skipped 1 title row above the header at line 2"),
        ("Team log\nprepared by,Ana\n\n" + LOG, "skipped 2 title rows above the header at line 4"),
    ],
)  # fmt: skip
def test_title_rows_above_the_header_are_skipped_and_said(tmp_path, store, text, note):
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    added, notes = _import(store, path)
    assert added == 2
    assert notes[0] == f"log.csv: {note}"


@pytest.mark.parametrize(
    "text",
    [
        LOG,
        "\n\n" + LOG,  # blank lines are not title rows
        ",,\n" + LOG,  # nor are Excel's empty rows
        "date,source,target,notes\n2024-01-02,A,B,a,b,c\n",  # a longer data row
    ],
)
def test_a_normal_header_is_never_skipped(tmp_path, store, text):
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    try:
        _, notes = _import(store, path)
    except GraphkitError as err:  # the longer row is refused as before: against line 1
        assert "line 2: the row has 6 fields but the header has 4" in str(err)
        return
    assert notes == []


def test_a_one_column_file_keeps_its_header(tmp_path, store):
    path = tmp_path / "people.csv"
    path.write_text("id\nA\nB\nC, Jr\n", encoding="utf-8")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path)
    assert "people.csv line 4: the row has 2 fields but the header has 1" in str(err.value)


def test_a_mapped_one_cell_header_is_a_header(tmp_path, store):
    path = tmp_path / "people.csv"
    path.write_text("Person\nA\nB,stray\n", encoding="utf-8")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path, options=Options(mapping={"id": "Person"}))
    assert "people.csv line 3: the row has 2 fields but the header has 1" in str(err.value)


def test_the_header_row_can_be_given(tmp_path, store):
    path = tmp_path / "log.csv"
    path.write_text("Team log\nprepared by,Ana,2024-06-01\n\n" + LOG, encoding="utf-8")
    added, notes = _import(store, path, header_row=4)
    assert added == 2
    assert notes == ["log.csv: skipped 2 title rows above the header at line 4"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (2, "log.csv line 2 is blank - --header-row 2 must name the line of the header (the column names)"),
        (9, "log.csv has 5 lines - --header-row 9 is past its end; give the line of the header (the column names)"),
        (0, "--header-row 0: lines are counted from 1 - give the header's line"),
    ],
)  # fmt: skip
def test_a_header_row_that_is_no_header_is_an_error(tmp_path, store, row, message):
    path = tmp_path / "log.csv"
    path.write_text("Team log\n\n" + LOG, encoding="utf-8")
    with pytest.raises(GraphkitError) as err:
        _import(store, path, header_row=row)
    assert str(err.value) == message
