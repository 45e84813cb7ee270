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

import codecs
import csv
import io
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError, Problem

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
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> CsvFile:
    """Read and decode ``path``, detect its delimiter and return a :class:`CsvFile`.

    Raises :class:`GraphkitError` (with file, line and fix) when the file is
    missing, empty, not decodable or has no header row.
    """
    path = Path(path)
    display = path.name if path.name else str(path)
    data = _read_regular_file(path)

    text, used = _decode(data, display, encoding)
    if not text.strip():
        raise GraphkitError(
            f"{display}: the file is empty - it needs a header row naming its columns "
            "(see import/templates/)"
        )
    header_line, first = _first_nonblank_line(text)
    if delimiter is None:
        delimiter = _detect_delimiter(first)
    elif delimiter not in DELIMITERS:
        names = ", ".join(f"{n} ({d!r})" for d, n in DELIMITERS.items())
        raise GraphkitError(f"--delimiter {delimiter!r} is not supported - use one of: {names}")
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (StopIteration, csv.Error):
        header = []
    nfc = unicodedata.is_normalized("NFC", text)
    header = [_nfc(h.strip()) for h in header]
    return CsvFile(path, display, text, used, delimiter, header, header_line, nfc)


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
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise GraphkitError(f"{path}: no such file - check the path") from None
    except OSError as exc:
        raise GraphkitError(f"{path}: cannot be read ({exc.strerror})") from None
    _check_stat(path, info)
    return info


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


def _read_regular_file(path: Path) -> bytes:
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


def _decode(data: bytes, display: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise GraphkitError(
                f'--encoding "{encoding}" is not a known encoding - try utf-8, cp1252, '
                "latin-1 or utf-16"
            ) from None
        if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib, hex, ...
            raise GraphkitError(
                f'--encoding "{encoding}" is not a text encoding (it does not turn bytes '
                "into text) - try utf-8, cp1252, latin-1 or utf-16"
            )
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line, col = _position(data, exc.start)
            raise GraphkitError(
                f"{display} line {line}: byte {data[exc.start]:#04x} at character {col} is not "
                f"valid {encoding} - check the file's encoding (Excel's 'CSV UTF-8' export is utf-8)"
            ) from None
        return text.removeprefix("\ufeff"), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", display), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", display), "utf-16"
    return _strict(data, "utf-8", display), "utf-8"


def _strict(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise GraphkitError(
            f"{display} line {line}: byte {data[exc.start]:#04x} at character {col} is not valid "
            f"{encoding.upper()} - the file is probably in a legacy encoding: pass "
            "--encoding cp1252 (Windows/Excel, Western Europe) or --encoding latin-1"
        ) from None


def _position(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    col = index - (data.rfind(b"\n", 0, index) + 1) + 1
    return line, col


def _first_nonblank_line(text: str) -> tuple[int, str]:
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if line.strip():
            return number, line
    return 1, ""


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
