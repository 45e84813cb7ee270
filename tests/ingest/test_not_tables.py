"""A workbook, zip, PDF or other binary given where CSV is expected is named for what it
is, by its bytes and never its extension, with the fix (issue 12, point 1); no file
that is not text is ever decoded as CSV, whatever --encoding says."""

from __future__ import annotations

import gzip
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from graphkit import GraphkitError, Options, import_files
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import snapshot

EXPORT = "export the table as CSV or Excel"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "store.db")
    import_files(s, "talks", stakeholders=_write(tmp_path / "base.csv", b"id,name\nA,Ana\n"))
    yield s
    s.close()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def _sqlite(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("create table t (a)")
    conn.commit()
    conn.close()
    return path.read_bytes()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


CASES = [
    ("notes.pdf", lambda p: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", f"notes.pdf is a PDF document, not a table - {EXPORT}"),
    ("contacts.csv", lambda p: b"%PDF-1.4\n", f"contacts.csv is a PDF document, not a table - {EXPORT}"),
    ("export.zip", lambda p: _zip({"contacts.csv": "a,b\n", "people.csv": "c,d\n"}),
     "export.zip is a zip archive, not a table - unzip it and give the CSV or Excel file inside "
     "(it holds contacts.csv, people.csv)"),
    ("brief.docx", lambda p: _zip({"[Content_Types].xml": "", "word/document.xml": ""}),
     f"brief.docx is a Word document, not a table - {EXPORT}"),
    ("contacts.csv.gz", lambda p: gzip.compress(b"id,name\n"),
     "contacts.csv.gz is a gzip-compressed file, not a table - decompress it (gunzip FILE) and "
     "give the file inside"),
    ("scan.png", lambda p: PNG, f"scan.png is a PNG image, not a table - {EXPORT}"),
    ("graphkit.db", _sqlite,
     "graphkit.db is a SQLite database, not a table - export the table as CSV (a graphkit store "
     "is given with --store)"),
    ("data.csv", lambda p: b"id,name\n" + bytes(range(256)) * 4,
     f"data.csv is a binary file, not a text table (a NUL byte at byte 8) - {EXPORT}"),
    ("report.xls", lambda p: b"<html><body><table><tr><td>id</td></tr></table></body></html>",
     "report.xls is an HTML page (web applications often export one named .xls), not a table - "
     "open it in Excel or LibreOffice and save it as .xlsx or CSV"),
    ("team.xlsx", lambda p: OLE2 + "EncryptedPackage".encode("utf-16-le"),
     "team.xlsx is a password-protected Office file, not a table - save a copy without the "
     "password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear it), or "
     "export the table as CSV"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "message"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("encoding", [None, "cp1252"])
def test_a_file_that_is_not_a_table_is_named_for_what_it_is(
    tmp_path, store, name, make, message, encoding
):
    path = tmp_path / name
    _write(path, make(path))
    before = snapshot(tmp_path / "store.db")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=path, options=Options(encoding=encoding))
    assert str(err.value) == message
    assert snapshot(tmp_path / "store.db") == before


def test_a_damaged_workbook_says_so(tmp_path, store):
    path = _write(tmp_path / "team.xlsx", _zip({"xl/workbook.xml": "<not a workbook"}))
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=path)
    assert str(err.value).startswith("team.xlsx: the workbook cannot be read (")
    assert str(err.value).endswith(
        "- open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV"
    )


def test_a_text_file_has_no_sheets(tmp_path, store):
    path = _write(tmp_path / "log.csv", b"date,source,target\n")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", interactions=f"{path}#Contacts")
    assert str(err.value) == (
        'log.csv is a text (CSV) file, which has no sheets - give it without "#Contacts"'
    )


def test_a_stray_nul_in_a_cell_is_text(tmp_path, store):
    """Control characters in names are shown as escapes everywhere (tests/render): one
    NUL does not make a file binary."""
    path = _write(tmp_path / "people.csv", b"id,name\nB,Eve\x00\x1b end\n")
    assert import_files(store, "talks", stakeholders=path).counts["stakeholders"].added == 1
