"""What a file is, by its first bytes: a workbook, an archive, a document or a table.

A prep team's folder holds workbooks, PDFs of briefing notes, zipped exports and
screenshots beside its CSV files; any of them may be given where a CSV file is
expected. :func:`sniff` names such a file by its magic bytes (never by its
extension), so the importer can read a workbook as a workbook and refuse anything
else with what it is and how to get a table out of it, instead of decoding zip
bytes as text.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass

#: How to get a table out of a document or an image.
EXPORT = "export the table as CSV or Excel"


@dataclass(frozen=True)
class Kind:
    """What a file is: ``name`` as said to the user, ``workbook`` when graphkit reads it
    as one, and the ``fix`` for a file it does not read."""

    name: str
    workbook: bool = False
    fix: str = EXPORT

    def refusal(self, display: str) -> str:
        """The error for this file given where a table is expected."""
        return f"{display} is {self.name}, not a table - {self.fix}"


XLSX = Kind("an Excel workbook (zip)", workbook=True)
XLSB = Kind("an Excel binary workbook (.xlsb)", workbook=True)
ODS = Kind("an OpenDocument spreadsheet (LibreOffice .ods)", workbook=True)
#: An OLE2 compound file: an Excel 97-2003 .xls, unless the workbook reader says otherwise.
XLS = Kind("an Excel 97-2003 workbook (.xls)", workbook=True)
ENCRYPTED = Kind(
    "a password-protected Office file",
    fix="save a copy without the password (Excel: File > Info > Protect Workbook > "
    "Encrypt with Password, clear it), or export the table as CSV",
)
OLD_OFFICE = Kind(
    "a Microsoft Office 97-2003 file that is not a workbook (a Word or PowerPoint file?)",
)
SPREADSHEET_XML = Kind(
    "an Excel 2003 XML spreadsheet",
    fix="open it in Excel or LibreOffice and save it as .xlsx or CSV",
)
HTML = Kind(
    "an HTML page (web applications often export one named .xls)",
    fix="open it in Excel or LibreOffice and save it as .xlsx or CSV",
)

#: Signatures at offset 0, most specific first.
_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", Kind("a PDF document")),
    (
        b"\x1f\x8b",
        Kind("a gzip-compressed file", fix="decompress it (gunzip FILE) and give the file inside"),
    ),
    (
        b"BZh",
        Kind(
            "a bzip2-compressed file", fix="decompress it (bunzip2 FILE) and give the file inside"
        ),
    ),
    (
        b"\xfd7zXZ\x00",
        Kind("an xz-compressed file", fix="decompress it (unxz FILE) and give the file inside"),
    ),
    (
        b"(\xb5/\xfd",
        Kind("a zstd-compressed file", fix="decompress it (unzstd FILE) and give the file inside"),
    ),
    (
        b"7z\xbc\xaf\x27\x1c",
        Kind("a 7-Zip archive", fix="extract it and give the CSV or Excel file inside"),
    ),
    (
        b"Rar!\x1a\x07",
        Kind("a RAR archive", fix="extract it and give the CSV or Excel file inside"),
    ),
    (
        b"SQLite format 3\x00",
        Kind(
            "a SQLite database",
            fix="export the table as CSV (a graphkit store is given with --store)",
        ),
    ),
    (
        b"PAR1",
        Kind("a Parquet file", fix="write it out as CSV (pandas: read_parquet, then to_csv)"),
    ),
    (b"\x89PNG\r\n\x1a\n", Kind("a PNG image")),
    (b"\xff\xd8\xff", Kind("a JPEG image")),
    (b"GIF87a", Kind("a GIF image")),
    (b"GIF89a", Kind("a GIF image")),
    (b"II*\x00", Kind("a TIFF image")),
    (b"MM\x00*", Kind("a TIFF image")),
    (b"{\\rtf", Kind("an RTF document")),
    (b"\x7fELF", Kind("a program (ELF executable)", fix="give the CSV or Excel file of the data")),
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
    "application/vnd.oasis.opendocument.spreadsheet-template": ODS,
    "application/vnd.oasis.opendocument.text": Kind("an OpenDocument text document (.odt)"),
    "application/vnd.oasis.opendocument.presentation": Kind("an OpenDocument presentation"),
}
#: Bytes looked at for NUL bytes (a text table has none).
_PROBE = 64 * 1024


def sniff(data: bytes) -> Kind | None:
    """What ``data`` is when it is not text, or None for text (a CSV file, maybe).

    >>> sniff(b"%PDF-1.7 ...").name
    'a PDF document'
    >>> sniff(b"id,name\\nA-01,Ana\\n") is None
    True
    """
    head = data[:_PROBE]
    if head.startswith(_ZIP):
        return _zip_kind(data)
    if head.startswith(_OLE2):
        # An encrypted .xlsx/.docx is an OLE2 file holding an "EncryptedPackage" stream.
        # Stream names are UTF-16 in the file's directory, which may lie anywhere in it.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return ENCRYPTED
        if any(n.encode("utf-16-le") in data for n in ("WordDocument", "PowerPoint Document")):
            return OLD_OFFICE
        return XLS
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return _markup_kind(head)


def _zip_kind(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            mimetype = ""
            if "mimetype" in names:
                mimetype = z.read("mimetype")[:100].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return Kind("a damaged zip file", fix="export the table again as CSV or Excel")
    if "xl/workbook.xml" in names:
        return XLSX
    if "xl/workbook.bin" in names:
        return XLSB
    if mimetype in _ODF_MIMETYPES:
        return _ODF_MIMETYPES[mimetype]
    if "word/document.xml" in names:
        return Kind("a Word document")
    if "ppt/presentation.xml" in names:
        return Kind("a PowerPoint presentation")
    files = [n for n in names if not n.endswith("/")]
    shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    holds = f" (it holds {shown})" if files else " (it is empty)"
    return Kind(
        "a zip archive",
        fix=f"unzip it and give the CSV or Excel file inside{holds}",
    )


def _markup_kind(head: bytes) -> Kind | None:
    """HTML and Excel 2003 XML "workbooks", and other binary data (NUL bytes)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return SPREADSHEET_XML
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        return HTML
    return None


def looks_like_utf16(data: bytes) -> bool:
    """ASCII text in UTF-16 without a byte-order mark: every other byte is NUL."""
    sample = data[:_PROBE]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > 0.9 * len(odd) or even.count(0) > 0.9 * len(even)


def looks_binary(data: bytes, *, utf8: bool) -> bool:
    r"""Binary data, not text with a stray control character: in the first 64 KiB, one
    byte in 20 (and 8 or more) a control character other than tab, line ends and form
    feed, or (when
    the text should be UTF-8) bytes that are not UTF-8.

    >>> looks_binary(b"id,name\nA,Eve\x00\x1b\n", utf8=True)
    False
    >>> looks_binary(b"id\x00\x01\x02\xff\xfe", utf8=True)
    True
    """
    sample = data[:_PROBE]
    controls = sum(sample.count(bytes([b])) for b in _CONTROLS)
    if controls >= 8 and controls * 20 >= len(sample):
        return True
    if utf8:
        try:
            # A character cut at the end of the sample is not a reason.
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < _PROBE)
        except UnicodeDecodeError:
            return True
    return False


_CONTROLS = (*range(0, 9), *range(14, 32), 127)


def nul_offset(data: bytes) -> int:
    """Where the first NUL byte is in the first 64 KiB, or -1: text tables have none."""
    return data.find(b"\x00", 0, _PROBE)
