"""Excel and LibreOffice workbooks read directly (issue 12, point 1): the sheet chosen
by option, by ``file.xlsx#Sheet`` or by its name; the header found past title rows;
typed cells as the text the CSV checks read; problems named by sheet and cell.

Every workbook is built here with openpyxl (the .ods by hand: an OpenDocument
spreadsheet is a zip of XML, and python-calamine reads it without odfpy).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graphkit import GraphkitError, ImportRejected, Options, import_files
from graphkit.ingest.inputs import read_input_file
from graphkit.stores.sqlite import SQLiteStore

Rows = list[list[object]]


def book(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook with these sheets, each row written from column A (None: empty cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


PEOPLE: Rows = [
    ["Blue Harbor - stakeholder map, round 3"],
    [],
    ["id", "name", "party", "Influence (1-5)", "Since", "Share", "Lead?"],
    ["A-01", "Tomás García", "Alvara", 4, dt.datetime(2021, 3, 1), 1e-05, True],
    ["B-01", "Ana Šarić", "Dalvenia", 2.5, dt.datetime(2022, 7, 9), 1234567.125, False],
    ["M-01", "Ingrid Solheim", "Council", 3.0, None, 1.5e20, None],
]
CONTACTS: Rows = [
    ["Contacts - prepared by the delegation"],
    [],
    ["Person", "Met with", "Date of meeting", "Tone", "Confidential?"],
    ["A-01", "B-01", dt.datetime(2024, 5, 26), 0.6, True],
    ["B-01", "M-01", dt.datetime(2024, 5, 27, 10, 30), -0.4, False],
    ["M-01", "A-01", dt.datetime(2024, 6, 2), 0, False],
]
MAP = {
    "source": "Person",
    "target": "Met with",
    "date": "Date of meeting",
    "sentiment": "Tone",
    "confidential": "Confidential?",
}


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def team(tmp_path) -> Path:
    return book(tmp_path / "team.xlsx", {"Stakeholders": PEOPLE, "Contacts": CONTACTS})


def test_a_team_workbook_imports_both_sheets_with_typed_cells_as_text(team, store):
    notes: list[str] = []
    result = import_files(
        store, "talks", stakeholders=team, interactions=team,
        options=Options(mapping=MAP), progress=notes.append,
    )  # fmt: skip
    assert result.counts["stakeholders"].added == 3
    assert result.counts["interactions"].added == 3
    assert notes[:2] == [
        "team.xlsx, sheet Stakeholders: skipped 1 title row above the header at row 3",
        "team.xlsx, sheet Contacts: skipped 1 title row above the header at row 3",
    ]
    data = store.load("talks")
    people = data.stakeholders.set_index("id")
    assert people.loc["A-01", "name"] == "Tomás García"
    contacts = data.interactions.sort_values("date")
    assert list(contacts["date"]) == ["2024-05-26", "2024-05-27T10:30:00", "2024-06-02"]
    assert list(contacts["sentiment"]) == [0.6, -0.4, 0.0]
    assert list(contacts["confidential"]) == [True, False, False]
    assert result.files == {
        "stakeholders": "team.xlsx#Stakeholders",
        "interactions": "team.xlsx#Contacts",
    }


def test_typed_cells_become_the_text_the_csv_checks_read(team):
    sheet = read_input_file(team, "stakeholders", Options())
    assert (sheet.display, sheet.header_line) == ("team.xlsx#Stakeholders", 3)
    assert sheet.header == ["id", "name", "party", "Influence (1-5)", "Since", "Share", "Lead?"]
    # Numbers as Excel shows them, dates as ISO dates, booleans TRUE/FALSE, empty as empty.
    assert list(sheet.rows()) == [
        (4, ["A-01", "Tomás García", "Alvara", "4", "2021-03-01", "0.00001", "TRUE"]),
        (5, ["B-01", "Ana Šarić", "Dalvenia", "2.5", "2022-07-09", "1234567.125", "FALSE"]),
        (6, ["M-01", "Ingrid Solheim", "Council", "3", "", "150000000000000000000", ""]),
    ]


def test_the_same_workbook_again_changes_nothing(team, store):
    for _ in range(2):
        result = import_files(
            store, "talks", stakeholders=team, interactions=team, options=Options(mapping=MAP)
        )
    assert result.counts["stakeholders"].unchanged == 3
    assert result.counts["interactions"].unchanged == 3


def test_a_problem_names_the_sheet_and_the_cell(tmp_path, store):
    rows = [row[:] for row in CONTACTS] + [
        ["A-01", "B-01", dt.datetime(2024, 7, day), 0.1, False] for day in range(1, 8)
    ]
    rows.append(["A-01", "B-01", "2024-02-30", 0.2, False])  # row 14: no such date, as text
    path = book(tmp_path / "team.xlsx", {"Stakeholders": PEOPLE, "Contacts": rows})
    with pytest.raises(ImportRejected) as err:
        import_files(
            store, "talks", stakeholders=path, interactions=path, options=Options(mapping=MAP)
        )
    assert len(err.value.problems) == 1
    assert str(err.value.problems[0]).startswith(
        'team.xlsx, sheet Contacts, cell C14 (column "Date of meeting"): "2024-02-30" '
    )


def test_a_problem_of_a_whole_row_or_the_header_names_the_sheet_and_the_row(tmp_path, store):
    path = book(tmp_path / "team.xlsx", {"Contacts": CONTACTS})
    with pytest.raises(ImportRejected) as err:
        import_files(store, "talks", interactions=path)
    assert str(err.value.problems[0]) == (
        'team.xlsx, sheet Contacts, row 3: missing required column "date" (columns found: '
        "Person, Met with, Date of meeting, Tone, Confidential?) - add it, or map another "
        "column with --map date=HEADER or give every row one value with --set date=VALUE"
    )


def test_a_missing_sheet_names_the_file_and_lists_the_sheets(team, store):
    expected = (
        'team.xlsx has no sheet "Contact" (its sheets: Stakeholders, Contacts) - Did you mean '
        '"Contacts"? Name one with --sheet or as team.xlsx#SHEET'
    )
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=f"{team}#Contact")
    assert str(err.value) == expected
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=team, options=Options(sheet="Contact"))
    assert str(err.value) == expected


def test_the_sheet_is_chosen_by_the_path_by_the_option_and_ignoring_case(tmp_path, store):
    path = book(tmp_path / "week.xlsx", {"Notes": [["x"]], "Log": CONTACTS, "People": PEOPLE})
    result = import_files(
        store, "talks", stakeholders=f"{path}#people", interactions=path,
        options=Options(mapping=MAP, overrides={"interactions": {"sheet": "Log"}}),
    )  # fmt: skip
    assert result.files == {"stakeholders": "week.xlsx#People", "interactions": "week.xlsx#Log"}
    assert result.counts["interactions"].added == 3


def test_several_sheets_none_named_for_the_kind_is_an_error_listing_them(tmp_path, store):
    path = book(tmp_path / "week.xlsx", {"Notes": [["x"]], "Log": CONTACTS})
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=path, options=Options(mapping=MAP))
    assert str(err.value) == (
        'week.xlsx has 2 sheets (Notes, Log) and not one named "Interactions" or "Contacts" '
        "for the interactions - name the sheet with --sheet or as week.xlsx#SHEET"
    )


def test_the_only_sheet_is_read_whatever_its_name(tmp_path, store):
    path = book(tmp_path / "log.xlsx", {"Sheet1": CONTACTS})
    result = import_files(
        store, "talks", stakeholders=book(tmp_path / "p.xlsx", {"Sheet1": PEOPLE}),
        interactions=path, options=Options(mapping=MAP),
    )  # fmt: skip
    assert result.counts["interactions"].added == 3


def test_the_header_row_can_be_given(tmp_path, store):
    rows = [["Contacts"], ["prepared by", "the delegation"], [], *CONTACTS[2:]]
    path = book(tmp_path / "log.xlsx", {"Contacts": rows})
    people = book(tmp_path / "p.xlsx", {"Stakeholders": PEOPLE})
    notes: list[str] = []
    result = import_files(
        store, "talks", stakeholders=people, interactions=path,
        options=Options(mapping=MAP, overrides={"interactions": {"header_row": 4}}),
        progress=notes.append,
    )  # fmt: skip
    assert result.counts["interactions"].added == 3
    assert "log.xlsx, sheet Contacts: skipped 2 title rows above the header at row 4" in notes
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=path, options=Options(header_row=3))
    assert str(err.value) == (
        "log.xlsx, sheet Contacts, row 3 is blank - --header-row 3 must name the row of the "
        "header (the column names)"
    )


def test_a_workbook_is_read_as_one_whatever_encoding_is_stated(team, store):
    """The issue: `--stakeholders team.xlsx` said "byte 0x81 ... pass --encoding cp1252",
    and following that advice printed zip content as headers."""
    result = import_files(store, "talks", stakeholders=team, options=Options(encoding="cp1252"))
    assert result.counts["stakeholders"].added == 3


def test_a_workbook_named_csv_is_named_for_what_it_is(team, store, tmp_path):
    renamed = tmp_path / "contacts.csv"
    renamed.write_bytes(team.read_bytes())
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=renamed)
    assert str(err.value) == (
        "contacts.csv is an Excel workbook (zip), not a CSV file - rename it to contacts.xlsx "
        'to import it as a workbook, or save it from Excel or LibreOffice as CSV ("CSV UTF-8")'
    )


def test_mojibake_in_a_cell_is_named_by_its_cell(tmp_path, store):
    rows = [row[:] for row in PEOPLE]
    rows[4][1] = "Ana Å\xa0ariÄ\x87"  # "Ana Šarić", UTF-8 once read as latin-1
    path = book(tmp_path / "team.xlsx", {"Stakeholders": rows})
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path)
    assert str(err.value).startswith(
        'team.xlsx, sheet Stakeholders, cell B5: "Å\xa0" looks like UTF-8 text that was read '
        'as cp1252 or latin-1 and saved again (it was "Š") - correct the file'
    )


def _ods(path: Path, name: str, rows: list[list[tuple[str, str]]]) -> Path:
    """A minimal OpenDocument spreadsheet: cells as (value type, value)."""

    def cell(kind: str, value: str) -> str:
        if kind == "date":
            return f'<table:table-cell office:value-type="date" office:date-value="{value}"><text:p>{value}</text:p></table:table-cell>'
        if kind == "float":
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        if kind == "empty":
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(k, v) for k, v in row) + "</table:table-row>"
        for row in rows
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )  # stored, first: how OpenDocument files are recognised
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_a_libreoffice_spreadsheet_is_read_with_its_date_and_number_cells(tmp_path, store):
    s = "string"
    path = _ods(
        tmp_path / "log.ods",
        "Contacts",
        [
            [(s, "Contacts, round 3")],
            [("empty", "")],
            [(s, "date"), (s, "source"), (s, "target"), (s, "sentiment")],
            [("date", "2024-05-26"), (s, "A-01"), (s, "B-01"), ("float", "0.5")],
            [("date", "2024-05-27T10:30:00"), (s, "B-01"), (s, "A-01"), ("float", "-1")],
        ],
    )
    people = book(tmp_path / "p.xlsx", {"Stakeholders": PEOPLE})
    notes: list[str] = []
    result = import_files(
        store, "talks", stakeholders=people, interactions=path, progress=notes.append
    )
    assert result.counts["interactions"].added == 2
    assert "log.ods, sheet Contacts: skipped 1 title row above the header at row 3" in notes
    contacts = store.load("talks").interactions.sort_values("date")
    assert list(contacts["date"]) == ["2024-05-26", "2024-05-27T10:30:00"]
    assert list(contacts["sentiment"]) == [0.5, -1.0]
