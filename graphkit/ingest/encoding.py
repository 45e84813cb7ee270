"""Bytes to text: byte-order marks, stated encodings, and mojibake caught.

A file's byte-order mark says how it is encoded and wins over ``--encoding``; without
one, UTF-8 is assumed unless an encoding is stated, and nothing is ever decoded by
guess. Two mistakes are caught rather than imported:

* **UTF-8 read as a legacy code page.** A file stated to be cp1252 (or latin-1, ...)
  whose bytes are valid UTF-8 and hold a UTF-8 letter or punctuation mark of the kinds
  :func:`find_mojibake` knows is UTF-8: read as cp1252, "Tomás" would become "TomÃ¡s".
  Real cp1252 text is practically never valid UTF-8 (an accented letter is one byte
  >= 0xC0 followed by an ASCII letter, which UTF-8 forbids), and the rare pairs that are
  ("Ç’" in Albanian) are not of those kinds, so this never refuses a file that really is
  in the stated code page.
* **Mojibake already in the text** (:func:`find_mojibake`): "TomÃ¡s", "donâ€™t" in a
  file or workbook that was opened in the wrong encoding and saved again, typically a
  UTF-8 CSV opened in Excel. Only sequences that are a UTF-8 letter or punctuation mark
  read as cp1252 or latin-1 count (``Ã¡``, ``â€™``, ``Ã©``, ``Ð¿``), so "Álvaro Brandão",
  "Tomás García" or "Šarić" never do.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata

from graphkit.errors import GraphkitError

_BOMS = (
    # UTF-32 LE starts with the UTF-16 LE mark: test it first.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

#: Where Excel users get UTF-8 right (the fix for mojibake already in a file).
_EXCEL_UTF8 = (
    'open a UTF-8 CSV in Excel with Data > From Text/CSV and File origin "65001: Unicode '
    '(UTF-8)", not by double-clicking it'
)


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """``(codec, name)`` of the byte-order mark ``data`` starts with, or None.

    >>> bom_encoding(b"\\xef\\xbb\\xbfid,name")
    ('utf-8-sig', 'UTF-8')
    >>> bom_encoding(b"id,name") is None
    True
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name
    return None


def is_unicode(encoding: str) -> bool:
    """True for the UTF encodings (which cannot mistake UTF-8 for something else)."""
    return codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32"))


def decode(data: bytes, display: str, encoding: str | None) -> tuple[str, str, list[str]]:
    """``(text, encoding used, notes)`` for the bytes of ``display``.

    Raises :class:`GraphkitError` naming the line and the fix when the bytes are not
    text in the encoding, or are UTF-8 while a legacy encoding is stated.
    """
    if encoding is not None:
        _check_encoding_name(encoding)
    notes = []
    bom = bom_encoding(data)
    if bom is not None:
        codec, name = bom
        if encoding is not None and not _same_family(encoding, codec):
            notes.append(
                f"{display}: starts with a {name} byte-order mark, so it is read as {name} "
                f"(not {encoding} as stated)"
            )
        body = data[len(codecs.BOM_UTF8) :] if codec == "utf-8-sig" else data
        return _strict(body, codec, name, display), codec, notes
    if encoding is None:
        return _strict(data, "utf-8", "UTF-8", display), "utf-8", notes
    misread = None if is_unicode(encoding) else _utf8_misread(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if misread is not None:
            raise _utf8_read_as(data, misread, display, encoding) from None
        line, col = _position(data, exc.start)
        raise GraphkitError(
            f"{display} line {line}: byte {data[exc.start]:#04x} at character {col} is not "
            f"valid {encoding} - check the file's encoding (Excel's 'CSV UTF-8' export is utf-8)"
        ) from None
    if misread is not None:
        raise _utf8_read_as(data, misread, display, encoding)
    return text.removeprefix("\ufeff"), encoding, notes


def _check_encoding_name(encoding: str) -> None:
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


def _same_family(encoding: str, codec: str) -> bool:
    """``utf-16-le`` is stated for a file with a UTF-16 mark: nothing to say."""

    def family(name: str) -> str:
        name = codecs.lookup(name).name
        return next((f for f in ("utf-8", "utf-16", "utf-32") if name.startswith(f)), name)

    return family(encoding) == family(codec)


def _strict(data: bytes, codec: str, name: str, display: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise GraphkitError(
            f"{display} line {line}: byte {data[exc.start]:#04x} at character {col} is not valid "
            f"{name} - the file is probably in a legacy encoding: pass "
            "--encoding cp1252 (Windows/Excel, Western Europe) or --encoding latin-1"
        ) from None


def _utf8_misread(data: bytes) -> int | None:
    """Where UTF-8 ``data`` would be misread by a single- or double-byte code page: the
    byte offset of its first UTF-8 letter or punctuation mark of the kinds that
    :func:`find_mojibake` knows, or None (also when ``data`` is not UTF-8 at all)."""
    if data.isascii():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = find_mojibake(data.decode("latin-1"))  # latin-1: one character per byte
    return None if found is None else found[0]


def _utf8_read_as(data: bytes, at: int, display: str, encoding: str) -> GraphkitError:
    """The error for a UTF-8 file stated to be in ``encoding``, showing the word around
    byte ``at`` both ways."""
    start, end = at, at
    while start > 0 and data[start - 1] not in _WORD_END:
        start -= 1
    while end < len(data) and data[end] not in _WORD_END and end - start < 60:
        end += 1
    word = data[start:end].decode("utf-8", errors="replace")
    wrong = data[start:end].decode(encoding, errors="replace")
    line, _ = _position(data, at)
    return GraphkitError(
        f'{display} line {line}: "{wrong}" is UTF-8 read as {encoding} (as UTF-8: "{word}") - '
        f"the file is UTF-8: read it without --encoding {encoding} (or give the encoding "
        f"per kind when only the other files are {encoding}, e.g. --encoding interactions={encoding})"
    )


_WORD_END = frozenset(b" \t\r\n,;|\"'")


def _position(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    col = index - (data.rfind(b"\n", 0, index) + 1) + 1
    return line, col


# -- mojibake already in the text --------------------------------------------------------


def _legacy_bytes() -> dict[str, int]:
    """Each character a byte 0x80-0xFF becomes in cp1252 or latin-1, to that byte."""
    out = {}
    for b in range(0x80, 0x100):
        out[chr(b)] = b  # latin-1 (and cp1252 from 0xA0 on)
        with contextlib.suppress(UnicodeDecodeError):  # 0x81, 0x8D, ... are not cp1252
            out[bytes([b]).decode("cp1252")] = b
    return out


_TO_BYTE = _legacy_bytes()
_CONT = "".join(re.escape(c) for c, b in _TO_BYTE.items() if 0x80 <= b <= 0xBF)
#: Lead bytes of the UTF-8 letters and punctuation whose misreadings are caught: Latin-1
#: Supplement and Latin Extended-A (C2-C5), Greek (CE-CF), Cyrillic (D0-D1), Hebrew and
#: Arabic (D7-DB), and every three- and four-byte sequence (punctuation, currency, CJK,
#: emoji). Not C6-CD and D2-D6 (Latin Extended-B, IPA, combining marks, Armenian): their
#: misreadings are rare, and each of their lead characters ("Ç", "É", "Ö", ...) followed
#: by a quote mark or a symbol is real text ("Ç’ka", Albanian; "CAFÉ\u00a0:", French).
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00d7-\u00db][{_CONT}]"
    f"|[\u00e0-\u00ef][{_CONT}]{{2}}"
    f"|[\u00f0-\u00f4][{_CONT}]{{3}}"
)


def find_mojibake(text: str) -> tuple[int, str, str] | None:
    """The first place where ``text`` holds UTF-8 read as cp1252 or latin-1:
    ``(index, what is there, what it was)``, or None.

    >>> find_mojibake("Tomás García, Álvaro Brandão, Šarić") is None
    True
    >>> find_mojibake("TomÃ¡s GarcÃ­a")
    (3, 'Ã¡', 'á')
    >>> find_mojibake("donâ€™t")[1:]
    ('â€™', '’')
    """
    if text.isascii():
        return None
    for m in _MOJIBAKE.finditer(text):
        found = m.group()
        try:
            was = bytes(_TO_BYTE[c] for c in found).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if unicodedata.category(was)[0] in "LPSNZ" and unicodedata.category(was) not in (
            "Zl",
            "Zp",
        ):
            return m.start(), found, was
    return None


def mojibake_fix(found: str, was: str) -> str:
    """The message and fix for mojibake found in a file's text."""
    return (
        f'"{found}" looks like UTF-8 text that was read as cp1252 or latin-1 and saved '
        f'again (it was "{was}") - correct the file: export it again from the original '
        f"data ({_EXCEL_UTF8})"
    )
