"""Reading CSV files as prep teams actually have them.

Excel exports arrive as UTF-8 with or without a BOM, UTF-16 ("Unicode text"),
or a legacy single-byte code page; with commas, semicolons or tabs; with quoted
fields that span lines. This module turns such a file into a header and rows
with the line number each row starts on, or into :class:`Problem` s that say
how to fix the file. It never guesses an encoding: UTF-8 is assumed unless a
BOM or ``--encoding`` says otherwise.

Only regular files are read, and at most :data:`MAX_FILE_BYTES` of them: a FIFO,
a device, a socket or a folder is refused before anything is opened for reading,
so ``/dev/zero`` or a pipe with no writer can neither hang nor exhaust memory.
Text is NFC-normalised, so a name typed on one system matches the same name
typed on another.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import GraphkitError, Problem
from graphkit.ingest import sniff
from graphkit.ingest.encoding import bom_encoding, decode, find_mojibake, is_unicode, mojibake_fix
from graphkit.ingest.header import MAX_TITLE_ROWS, find_header, skipped_note

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
#: Fields longer than this are refused (a stray quote usually swallows the file).
MAX_FIELD = 8 * 1024 * 1024

#: Larger files are refused: the whole file is read into memory before it is checked.
MAX_FILE_BYTES = 2 * 1024**3
#: Bytes read at a time past the size the file had when it was opened.
_CHUNK = 16 * 1024 * 1024

csv.field_size_limit(MAX_FIELD)


@dataclass
class CsvFile:
    """A decoded CSV file: its header and an iterator over its data rows."""

    path: Path
    display: str
    text: str
    encoding: str
    delimiter: str
    header: list[str]
    header_line: int
    #: False when some text is not in NFC: the rows are then normalised cell by cell.
    nfc: bool = True
    #: What the reading did that the import's progress should say (title rows skipped,
    #: a byte-order mark that overrode the stated encoding).
    notes: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yield ``(line, fields)`` for every data row, ``line`` being where it starts.

        Entirely blank rows (including Excel's ``,,,`` rows) are skipped; every
        field is in NFC. Raises :class:`CsvSyntaxError` on a quote that never closes.
        """
        # newline="": lines end at \n, \r\n or \r (old Mac), and line ends inside quoted
        # fields are kept exactly as written.
        reader = csv.reader(
            io.StringIO(self.text, newline=""), delimiter=self.delimiter, strict=True
        )
        start = 1
        try:
            for fields in reader:
                line, start = start, reader.line_num + 1
                if line <= self.header_line:
                    continue
                if any(f.strip() for f in fields):
                    yield line, fields if self.nfc else [_nfc(f) for f in fields]
        except csv.Error as exc:
            raise CsvSyntaxError(
                Problem(
                    self.display,
                    start,
                    None,
                    _csv_error_text(exc),
                    'close the quote (a quote inside a quoted field is written twice: "")',
                )
            ) from None


class CsvSyntaxError(GraphkitError):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _csv_error_text(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {MAX_FIELD // (1024 * 1024)} MiB (probably a quote that never closes)"
    if "unexpected end of data" in text or "EOF" in text:
        return "a quoted field starts here and never closes"
    return f"the CSV cannot be parsed here ({text})"


def read_csv_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
    known: Collection[str] = (),
) -> CsvFile:
    """Read and decode ``path``, detect its delimiter and header row and return a
    :class:`CsvFile`.

    ``header_row`` is the header's 1-based line; without it the header is found past
    title rows (:mod:`graphkit.ingest.header`; ``known``: normalised headers that name
    a column). Raises :class:`GraphkitError` (with file, line and fix) when the file is
    missing, empty, not text (a workbook, a PDF, ...), not decodable, or UTF-8 read as
    a legacy encoding.
    """
    path = Path(path)
    display = path.name if path.name else str(path)
    data = read_regular_file(path)
    refuse_non_text(data, display, encoding)
    return parse_csv(
        data, path, display, encoding=encoding, delimiter=delimiter, header_row=header_row,
        known=known,
    )  # fmt: skip


def refuse_non_text(data: bytes, display: str, encoding: str | None) -> None:
    """Raise :class:`GraphkitError` naming what ``data`` is when it is not text."""
    what = sniff.sniff(data)
    if what is not None:
        raise GraphkitError(what.refusal(display))
    if bom_encoding(data) is not None or (encoding is not None and _is_unicode_name(encoding)):
        return
    nul = sniff.nul_offset(data)
    if nul < 0:
        return
    # A NUL in a name or a note is text (shown as \x00 everywhere); UTF-16 text and
    # binary data have many, or bytes that are no UTF-8.
    if not sniff.looks_like_utf16(data) and not sniff.looks_binary(data, utf8=encoding is None):
        return
    if sniff.looks_like_utf16(data):
        order = "le" if data[1:2] == b"\x00" else "be"
        raise GraphkitError(
            f"{display} looks like UTF-16 text without a byte-order mark - pass "
            f"--encoding utf-16-{order}"
        )
    raise GraphkitError(
        f"{display} is a binary file, not a text table (a NUL byte at byte {nul}) - {sniff.EXPORT}"
    )


def _is_unicode_name(encoding: str) -> bool:
    try:
        return is_unicode(encoding)
    except LookupError:
        return False


def parse_csv(
    data: bytes,
    path: Path,
    display: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
    known: Collection[str] = (),
) -> CsvFile:
    """The :class:`CsvFile` of ``data``, the bytes of the text file ``path``."""
    text, used, notes = decode(data, display, encoding)
    if not text.strip():
        raise GraphkitError(
            f"{display}: the file is empty - it needs a header row naming its columns "
            "(see import/templates/)"
        )
    found = find_mojibake(text)
    if found is not None:
        raise GraphkitError(
            f"{display} line {_text_line(text, found[0])}: {mojibake_fix(*found[1:])}"
        )
    if header_row is not None:
        header_line, first = _line_at(text, header_row, display)
    else:
        header_line, first = _first_nonblank_line(text)
    if delimiter is None:
        delimiter = _detect_delimiter(first)
        if header_row is None and not _count_delimiters(first):
            # A title without delimiters ("Contacts"): the header below says.
            delimiter = _detect_delimiter(_widest_line(text, header_line))
    elif delimiter not in DELIMITERS:
        names = ", ".join(f"{n} ({d!r})" for d, n in DELIMITERS.items())
        raise GraphkitError(f"--delimiter {delimiter!r} is not supported - use one of: {names}")
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (StopIteration, csv.Error):
        header = []
    nfc = unicodedata.is_normalized("NFC", text)
    header = [_nfc(h.strip()) for h in header]
    if header_row is None:
        records = _head_records(text, delimiter)
        at = find_header([cells for _, cells in records], known) if records else 0
        if records and records[at][0] != header_line:
            header_line, header = records[at]
        if at:
            notes.append(skipped_note(display, at, "line", header_line))
    else:
        above = _nonblank_lines_above(text, header_line)
        if above:
            notes.append(skipped_note(display, above, "line", header_line))
    return CsvFile(path, display, text, used, delimiter, header, header_line, nfc, notes)


#: Characters of text read to find the header past title rows.
_HEAD = 1024 * 1024


def _head_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The first non-blank records (line, stripped cells), as many as the header rule
    looks at."""
    reader = csv.reader(io.StringIO(text[:_HEAD], newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if any(f.strip() for f in fields):
                out.append((line, [_nfc(f.strip()) for f in fields]))
                if len(out) > MAX_TITLE_ROWS:
                    break
    except csv.Error:
        pass
    return out


def _text_line(text: str, index: int) -> int:
    """The line of ``text[index]``, lines ending at \\n, \\r\\n or \\r."""
    return (
        text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1
    )


def _line_at(text: str, number: int, display: str) -> tuple[int, str]:
    """Line ``number`` (``--header-row``), which must exist and not be blank."""
    if number < 1:
        raise GraphkitError(
            f"--header-row {number}: lines are counted from 1 - give the header's line"
        )
    count = 0
    for count, line in enumerate(io.StringIO(text, newline=None), start=1):
        if count == number:
            if not line.strip(' \t\r\n,;|"'):
                raise GraphkitError(
                    f"{display} line {number} is blank - --header-row {number} must name the "
                    "line of the header (the column names)"
                )
            return number, line
    raise GraphkitError(
        f"{display} has {count} lines - --header-row {number} is past its end; give the "
        "line of the header (the column names)"
    )


def _nonblank_lines_above(text: str, number: int) -> int:
    lines = io.StringIO(text, newline=None)
    return sum(
        1 for _, line in zip(range(number - 1), lines, strict=False) if line.strip(' \t\r\n,;|"')
    )


def _widest_line(text: str, after: int) -> str:
    """Of the next lines after line ``after`` (as many as title rows are looked at), the
    one with the most delimiters: the header, not a title with a comma in it."""
    lines = []
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if number > after and line.strip():
            lines.append(line)
            if len(lines) > MAX_TITLE_ROWS:
                break
    counts = [max(_count_outside_quotes(line, d) for d in DELIMITERS) for line in lines]
    return lines[counts.index(max(counts))] if lines else ""


_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_input_file(path: str | Path) -> os.stat_result:
    """Refuse, without opening it, anything at ``path`` that is not a regular file
    of at most :data:`MAX_FILE_BYTES` (a symlink to one is fine).

    >>> check_input_file("/")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: / is a folder, not a file - export the data to a CSV file and give its path
    """
    path = split_sheet(path)[0]
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise GraphkitError(f"{path}: no such file - check the path") from None
    except OSError as exc:
        raise GraphkitError(f"{path}: cannot be read ({exc.strerror})") from None
    _check_stat(path, info)
    return info


def split_sheet(path: str | Path) -> tuple[Path, str | None]:
    """``team.xlsx#Contacts`` to the workbook's path and the sheet; any other path (also
    a file whose name has a ``#``) to itself and None.

    >>> split_sheet("/no/such/team.xlsx#Contacts")[1] is None  # no such workbook
    True
    """
    text = str(path)
    base, mark, sheet = text.rpartition("#")
    if not mark or "/" in sheet or os.path.lexists(text) or not os.path.lexists(base):
        return Path(text), None
    return Path(base), sheet or None


def _check_stat(path: str | Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _NOT_FILES if test(info.st_mode)), "not a regular file")
        raise GraphkitError(
            f"{path} is {what}, not a file - export the data to a CSV file and give its path"
        )
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(path, info.st_size)


def _too_large(path: str | Path, size: int | None) -> GraphkitError:
    actual = f" ({_size(size)})" if size is not None else ""
    return GraphkitError(
        f"{path} is larger than {_size(MAX_FILE_BYTES)}{actual}, the most graphkit reads "
        "from one file - split it into smaller files and import them one after the other"
    )


def _size(n: int) -> str:
    """``2 GiB``, ``2.5 GiB``, ``300 MiB``, ``1,000 bytes``."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n:,} bytes"


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, a regular file: checked before opening (and again on the
    open descriptor, in case the path changed in between), opened without blocking, and
    read to at most :data:`MAX_FILE_BYTES` however much the file grows meanwhile."""
    check_input_file(path)
    try:
        # O_NONBLOCK: even a FIFO swapped in after the check cannot block the open.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise GraphkitError(f"{path}: cannot be read ({exc.strerror})") from None
    with open(fd, "rb") as f:
        info = os.fstat(fd)
        _check_stat(path, info)
        try:
            data = f.read(info.st_size)
            if len(data) < info.st_size:
                return data
            # The file may have grown since, or report no size (/proc): read on, in
            # chunks, to the limit and no further.
            tail = [f.read(1)]
            size = len(data) + len(tail[0])
            while tail[-1] and size <= MAX_FILE_BYTES:
                tail.append(f.read(min(_CHUNK, MAX_FILE_BYTES + 1 - size)))
                size += len(tail[-1])
        except OSError as exc:
            raise GraphkitError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise _too_large(path, None)
    return data + b"".join(tail) if size > len(data) else data


def _first_nonblank_line(text: str) -> tuple[int, str]:
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if line.strip():
            return number, line
    return 1, ""


def _count_delimiters(line: str) -> int:
    return sum(_count_outside_quotes(line, d) for d in DELIMITERS)


def _detect_delimiter(header: str) -> str:
    """The candidate delimiter that splits the header into the most fields; comma on a tie."""
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count
