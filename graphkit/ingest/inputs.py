"""One input file to a :class:`~graphkit.ingest.csvfile.CsvFile`, whatever it is.

The bytes decide, never the extension: a workbook is read as a workbook (its sheet
chosen by ``--sheet``, ``file.xlsx#Sheet`` or its name), text as CSV, and anything else
(a PDF, a zip archive, an image, a database) is refused with what it is and how to get
a table out of it.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.ingest import sniff
from graphkit.ingest.csvfile import (
    CsvFile,
    parse_csv,
    read_regular_file,
    refuse_non_text,
    split_sheet,
)
from graphkit.ingest.fields import FIELDS, normalise_header
from graphkit.ingest.records import Options
from graphkit.ingest.workbook import read_workbook

#: Extensions of text tables: a workbook with one of them was misnamed.
TEXT_SUFFIXES = {".csv", ".tsv", ".tab", ".txt"}
_WORKBOOK_SUFFIX = {sniff.XLSX: ".xlsx", sniff.XLSB: ".xlsb", sniff.ODS: ".ods", sniff.XLS: ".xls"}


def read_input_file(path: str | Path, kind: str, options: Options) -> CsvFile:
    """Read the file of ``kind`` at ``path`` (``team.xlsx#Contacts`` names a sheet) with
    its ``options`` (:meth:`Options.for_file`): encoding, delimiter, sheet, header row.

    Raises :class:`GraphkitError` with what is wrong and the fix.
    """
    real, sheet = split_sheet(path)
    display = real.name if real.name else str(real)
    data = read_regular_file(real)
    known = known_headers(kind, options)
    what = sniff.sniff(data)
    if what is not None and what.workbook:
        if real.suffix.lower() in TEXT_SUFFIXES:
            suffix = _WORKBOOK_SUFFIX.get(what, ".xlsx")
            raise GraphkitError(
                f"{display} is {what.name}, not a CSV file - rename it to "
                f"{real.stem}{suffix} to import it as a workbook, or save it from Excel or "
                'LibreOffice as CSV ("CSV UTF-8")'
            )
        return read_workbook(
            data, real, display, kind, sheet=sheet or options.sheet,
            header_row=options.header_row, known=known,
        )  # fmt: skip
    refuse_non_text(data, display, options.encoding)
    if sheet is not None:
        raise GraphkitError(
            f'{display} is a text (CSV) file, which has no sheets - give it without "#{sheet}"'
        )
    return parse_csv(
        data, real, display, encoding=options.encoding, delimiter=options.delimiter,
        header_row=options.header_row, known=known,
    )  # fmt: skip


def known_headers(kind: str, options: Options) -> set[str]:
    """Normalised headers that name a column of ``kind``: its fields and the ``--map``
    headers that apply to it (a one-cell first row naming one is a header, not a title)."""
    known = {normalise_header(f) for f in FIELDS[kind]}
    for key, header in options.mapping.items():
        qualifier = key.rpartition(".")[0]
        if qualifier in ("", kind):
            known.add(normalise_header(header))
    return known
