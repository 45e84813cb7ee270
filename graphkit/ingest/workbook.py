"""Excel and LibreOffice workbooks, read as the importer reads CSV files.

A sheet becomes a :class:`SheetFile`: the :class:`~graphkit.ingest.csvfile.CsvFile` of
the CSV path (a header and rows of text cells), so everything after reading is the
same for both. Cells keep what the spreadsheet shows, as text the CSV checks accept:

* cells typed as dates become ISO dates (``2024-05-26``), or ISO date-times
  (``2024-05-26T10:30:00``) when they hold a time;
* numbers become plain decimals as Excel shows them (15 significant digits): ``3``, not
  ``3.0``; ``0.00001``, not ``1e-05``;
* booleans become ``TRUE`` / ``FALSE``; empty cells and formula errors, empty text.

Rows are the sheet's own row numbers and each header knows its column letter, so
:meth:`SheetFile.locate` turns a problem's line and column into the cell a spreadsheet
user sees: ``team.xlsx, sheet Contacts, cell C14 (column "Date of meeting")``.

The engine is python-calamine through pandas (``engine="calamine"``): about eleven times
as fast as openpyxl on a 100k-row sheet, and it reads ``.xlsx``, ``.xlsm``, ``.xlsb``,
``.xls`` and ``.ods`` alike (``bench/workbook_read.py``, ``bench/RESULTS.md``).
"""

from __future__ import annotations

import dataclasses
import io
import math
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, Problem
from graphkit.ingest.csvfile import MAX_FILE_BYTES, CsvFile
from graphkit.ingest.encoding import find_mojibake, mojibake_fix
from graphkit.ingest.header import MAX_TITLE_ROWS, filled, find_header, skipped_note
from graphkit.suggest import did_you_mean

#: Sheet names that say which kind a sheet holds (compared ignoring case).
SHEET_NAMES = {
    "stakeholders": ("stakeholders",),
    "interactions": ("interactions", "contacts"),
    "relationships": ("relationships", "ties"),
    "stances": ("stances", "positions"),
}


@dataclass
class SheetFile(CsvFile):
    """One sheet of a workbook: a :class:`CsvFile` whose rows are already cells.

    ``display`` is ``book#sheet`` (``team.xlsx#Contacts``), so two sheets of one
    workbook are two files to the importer.
    """

    #: The workbook as shown to the user, e.g. ``team.xlsx``.
    book: str = ""
    sheet: str = ""
    #: The data rows after the header: (sheet row, cells); blank rows left out.
    table: list[tuple[int, list[str]]] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return iter(self.table)

    def locate(self, problem: Problem) -> Problem:
        """``problem`` (of this sheet) with the workbook, the sheet and the cell."""
        cell = None
        if problem.line is not None and problem.column is not None:
            columns = [i for i, h in enumerate(self.header) if h and h == problem.column]
            if columns:
                # A repeated header is reported at its second occurrence.
                i = (
                    columns[1]
                    if problem.line == self.header_line and len(columns) > 1
                    else columns[0]
                )
                cell = f"{column_letter(i)}{problem.line}"
        return dataclasses.replace(problem, file=self.book, sheet=self.sheet, cell=cell)


def locate_cells(problems: list[Problem], files: Iterable[CsvFile]) -> list[Problem]:
    """The problems, those of workbook sheets located to their sheet and cell."""
    sheets = {f.display: f for f in files if isinstance(f, SheetFile)}
    if not sheets:
        return problems
    return [sheets[p.file].locate(p) if p.file in sheets else p for p in problems]


def column_letter(index: int) -> str:
    """The spreadsheet letters of the 0-based column ``index``.

    >>> column_letter(0), column_letter(2), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'C', 'Z', 'AA', 'AAA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_workbook(
    data: bytes,
    path: Path,
    display: str,
    kind: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    known: Collection[str] = (),
) -> SheetFile:
    """The sheet of the workbook ``data`` (the bytes of ``path``) that holds ``kind``.

    ``sheet`` names it; without it, the sheet named like the kind (:data:`SHEET_NAMES`)
    or the only one. ``header_row`` is the header's 1-based row; without it the header
    is found past title rows (``known`` as for :func:`graphkit.ingest.header.find_header`).
    """
    _check_unpacked_size(data, display)
    try:
        import pandas as pd
        import python_calamine  # noqa: F401  (the engine; a clear error when it is missing)
    except ImportError:
        raise GraphkitError(
            f"{display} is a workbook, and reading workbooks needs python-calamine - "
            "pip install python-calamine, or export the sheet as CSV"
        ) from None
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="calamine") as book:
            names = [str(n) for n in book.sheet_names]
            name = choose_sheet(names, sheet, kind, display, _hidden(book))
            frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
            values = frame.to_numpy(dtype=object).tolist()
    except GraphkitError:
        raise
    except Exception as exc:  # the engine's own errors: a damaged or unsupported file
        raise GraphkitError(
            f"{display}: the workbook cannot be read ({type(exc).__name__}: {exc}) - open it in "
            "Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV"
        ) from None
    where = f"{display}, sheet {name}"
    rows = _cells(values, display, name)
    nonblank = [(number, cells) for number, cells in rows if "".join(cells).strip()]
    if not nonblank:
        raise GraphkitError(
            f"{where} is empty - it needs a header row naming its columns (see import/templates/)"
        )
    if header_row is None:
        at = find_header([cells for _, cells in nonblank[: MAX_TITLE_ROWS + 1]], known)
        header_line, header = nonblank[at]
        skipped = at
    else:
        header_line, header = _row_at(rows, header_row, where)
        skipped = sum(1 for number, _ in nonblank if number < header_line)
    header = [h.strip() for h in header]
    notes = [skipped_note(where, skipped, "row", header_line)] if skipped else []
    table = [(number, cells) for number, cells in nonblank if number > header_line]
    return SheetFile(
        path, f"{display}#{name}", "", "", ",", header, header_line, True, notes,
        book=display, sheet=name, table=table,
    )  # fmt: skip


def choose_sheet(
    names: list[str], wanted: str | None, kind: str, display: str, hidden: Collection[str] = ()
) -> str:
    """The sheet to read: ``wanted`` (its case aside), else the one named like ``kind``,
    else the only (visible) one; a :class:`GraphkitError` listing the sheets otherwise."""
    listing = ", ".join(f"{n} (hidden)" if n in hidden else n for n in names)
    if wanted:
        if wanted in names:
            return wanted
        same = [n for n in names if n.strip().casefold() == wanted.strip().casefold()]
        if len(same) == 1:
            return same[0]
        hint = did_you_mean(wanted, names, names={n: n for n in names})
        raise GraphkitError(
            f'{display} has no sheet "{wanted}" (its sheets: {listing}) - '
            + (f"{hint} " if hint else "")
            + f"Name one with --sheet or as {display}#SHEET"
        )
    if not names:
        raise GraphkitError(f"{display} has no worksheets - export the table as CSV or Excel")
    named = [n for n in names if n.strip().casefold() in SHEET_NAMES[kind]]
    if len(named) == 1:
        return named[0]
    visible = [n for n in names if n not in hidden]
    if len(names) == 1 or (len(visible) == 1 and not named):
        return visible[0] if visible else names[0]
    expected = " or ".join(f'"{n.title()}"' for n in SHEET_NAMES[kind])
    raise GraphkitError(
        f"{display} has {len(names)} sheets ({listing}) and not one named {expected} for "
        f"the {kind} - name the sheet with --sheet or as {display}#SHEET"
    )


def _hidden(book: Any) -> set[str]:
    """The hidden sheets of an open ``pandas.ExcelFile`` on calamine (none if unknown)."""
    try:
        return {s.name for s in book.book.sheets_metadata if s.visible.name != "Visible"}
    except AttributeError:
        return set()


def _check_unpacked_size(data: bytes, display: str) -> None:
    """Refuse a zip workbook that unpacks to more than graphkit reads from one file."""
    if not data.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = max((i.file_size for i in z.infolist()), default=0)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # the engine says what is wrong
    if size > MAX_FILE_BYTES:
        raise GraphkitError(
            f"{display} unpacks to more than {MAX_FILE_BYTES // 1024**3} GiB, the most graphkit "
            "reads from one file - split it into smaller workbooks or CSV files"
        )


def _row_at(rows: list[tuple[int, list[str]]], number: int, where: str) -> tuple[int, list[str]]:
    if number < 1:
        raise GraphkitError(
            f"--header-row {number}: rows are counted from 1 - give the header's row"
        )
    if number > len(rows):
        raise GraphkitError(
            f"{where} has {len(rows)} rows - --header-row {number} is past its end; give the "
            "row of the header (the column names)"
        )
    cells = rows[number - 1][1]
    if not filled(cells):
        raise GraphkitError(
            f"{where}, row {number} is blank - --header-row {number} must name the row of the "
            "header (the column names)"
        )
    return number, cells


def _cells(values: list[list[Any]], display: str, sheet: str) -> list[tuple[int, list[str]]]:
    """Every row of the sheet as text cells, numbered from 1 as the sheet numbers them;
    mojibake in a text cell stops the import with the cell named."""
    out = []
    for number, row in enumerate(values, start=1):
        cells = [v if type(v) is str else cell_text(v) for v in row]
        if "".join(cells).isascii():
            out.append((number, cells))
            continue
        for i, text in enumerate(cells):
            if not text.isascii():
                text = cells[i] = unicodedata.normalize("NFC", text)
                found = find_mojibake(text)
                if found is not None:
                    where = f"{display}, sheet {sheet}, cell {column_letter(i)}{number}"
                    raise GraphkitError(f"{where}: {mojibake_fix(*found[1:])}")
        out.append((number, cells))
    return out


def cell_text(value: object) -> str:
    """A cell as the text the CSV checks read.

    >>> [cell_text(v) for v in (3, 3.0, 1e-05, 0.1 + 0.2, True, "", float("nan"))]
    ['3', '3', '0.00001', '0.3', 'TRUE', '', '']
    >>> cell_text(datetime(2024, 5, 26)), cell_text(datetime(2024, 5, 26, 10, 30))
    ('2024-05-26', '2024-05-26T10:30:00')
    """
    if isinstance(value, str):
        return value
    if value is None or value != value:  # NaN, NaT
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value) if abs(value) < 2**53 else plain_number(float(value))
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if not value.microsecond else "milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if not value.microsecond else "milliseconds")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def plain_number(value: float) -> str:
    """``value`` as a plain decimal of at most 15 significant digits, as Excel shows it.

    >>> plain_number(1e-05), plain_number(1.5e20), plain_number(-2.50), plain_number(1234567.125)
    ('0.00001', '150000000000000000000', '-2.5', '1234567.125')
    """
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
