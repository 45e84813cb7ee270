"""Ids that are not what they look like.

Two checks on the ids of an import (stakeholder ids, the ``source``/``target``
references to them, interaction ids):

- **Invisible characters.** Control characters (C0, DEL, C1), line and paragraph
  separators and the default-ignorable code points (zero-width spaces and joiners,
  bidi controls such as U+202E, the BOM, variation selectors, ...) make two ids that
  print alike differ. :func:`invisible_characters` finds them; :func:`escape` shows
  them as ``\\u200b`` and never raw.
- **Look-alikes.** ``A-01``, ``a-01``, ``A 01`` and ``А-01`` (Cyrillic А) are four
  different ids that a reader takes for one. :class:`LookalikeIndex` finds ids that
  differ only by case, whitespace or confusable characters, using the skeletons of
  Unicode Technical Standard #39 (:func:`skeleton`) over the Unicode confusables data
  in ``confusables.tsv`` beside this module.

Regenerate the data file from a new ``confusables.txt`` with
``python3 -m graphkit.ingest.lookalike confusables.txt > graphkit/ingest/confusables.tsv``.

References: Unicode Technical Standard #39, *Unicode Security Mechanisms*, section 4
"Confusable Detection" (https://www.unicode.org/reports/tr39/).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from graphkit.render.text import escape_char

DATA = Path(__file__).with_name("confusables.tsv")

#: Default_Ignorable_Code_Point, from DerivedCoreProperties.txt (Unicode 15.0.0).
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
#: Control characters (C0, DEL, C1) and the line and paragraph separators.
_CONTROLS = ((0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029))
_REFUSED = re.compile(
    "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _CONTROLS + _IGNORABLE) + "]"
)


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """``(position, character)`` for each control or default-ignorable character in
    ``text`` (positions count from 1).

    >>> invisible_characters("A-01\\u200b")
    [(5, '\\u200b')]
    >>> invisible_characters("Ana Ruiz")
    []
    """
    if text.isascii() and text.isprintable():
        return []
    return [(m.start() + 1, m.group()) for m in _REFUSED.finditer(text)]


def escape(text: str) -> str:
    """``text`` with every invisible character written as a Python escape.

    >>> print(escape("A-01\\u200b\\x07"))
    A-01\\u200b\\x07
    """
    return _REFUSED.sub(lambda m: escape_char(m.group()), text)


def describe_invisible(found: list[tuple[int, str]]) -> str:
    """``\\u200b (ZERO WIDTH SPACE) at position 5``, for at most three characters."""
    parts = [
        f"{escape_char(ch)} ({unicodedata.name(ch, 'a control character')}) at position {pos}"
        for pos, ch in found[:3]
    ]
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return ", ".join(parts) + more


# -- skeletons ----------------------------------------------------------------------------


@cache
def _prototypes() -> dict[int, str | None]:
    """Code point -> its prototype (confusables.tsv); default-ignorables -> removed."""
    table: dict[int, str | None] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, _, target = line.partition("\t")
            table[int(source, 16)] = "".join(chr(int(c, 16)) for c in target.split())
    for a, b in _IGNORABLE:
        table.update(dict.fromkeys(range(a, b + 1)))
    return table


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: two strings are confusable when their
    skeletons are equal.

    ``skeleton(X)``: convert X to NFD, remove the default-ignorable code points, replace
    each character by its prototype from the confusables data, convert to NFD again.
    Skeletons are for comparing, never for showing: ``m`` becomes ``rn`` and ``0``
    becomes ``O``.

    >>> skeleton("А-01") == skeleton("A-01")  # the first is Cyrillic А (U+0410)
    True
    >>> skeleton("S-O1") == skeleton("S-01"), skeleton("rn") == skeleton("m")
    (True, True)
    >>> skeleton("A-01") == skeleton("B-01")
    False

    Reference: Unicode Technical Standard #39, section 4, "Confusable Detection".
    """
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", nfd.translate(_prototypes()))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def lookalike_keys(text: str) -> tuple[str, str]:
    """Two keys; ids that share either look alike.

    The first is the skeleton without whitespace (confusables, ``I`` and ``l``); the
    second folds case before and after taking it (``a-01`` and ``A-01``, ``s-o1`` and
    ``S-01``).

    >>> lookalike_keys("A 01") == lookalike_keys("A01")
    True
    >>> lookalike_keys("a-01")[1] == lookalike_keys("A-01")[1]
    True
    """
    squeezed = _squeeze(text)
    return skeleton(squeezed), skeleton(squeezed.casefold()).casefold()


def how_they_differ(a: str, b: str) -> str:
    """What tells ``a`` from ``b``, two ids that look alike, in words.

    >>> how_they_differ("a-01", "A-01")
    'case'
    >>> how_they_differ("А-01", "A-01")
    'look-alike characters: "А" (U+0410 CYRILLIC CAPITAL LETTER A) for "A" (U+0041 LATIN CAPITAL LETTER A)'
    """
    if a.casefold() == b.casefold():
        return "case"
    sa, sb = _squeeze(a), _squeeze(b)
    if sa == sb:
        return "spaces"
    if sa.casefold() == sb.casefold():
        return "case and spaces"
    if unicodedata.normalize("NFD", sa) == unicodedata.normalize("NFD", sb):
        return "how their accents are encoded (composed in one, decomposed in the other)"
    opcodes = difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes()
    parts = [
        f"{_characters(sa[i1:i2])} for {_characters(sb[j1:j2])}"
        for tag, i1, i2, j1, j2 in opcodes
        if tag != "equal"
    ]
    more = f" and {len(parts) - 3} more" if len(parts) > 3 else ""
    return "look-alike characters: " + "; ".join(parts[:3]) + more


def _characters(segment: str) -> str:
    if not segment:
        return "nothing"
    return ", ".join(
        f'"{escape(ch)}" (U+{ord(ch):04X} {unicodedata.name(ch, "unnamed")})' for ch in segment
    )


class LookalikeIndex:
    """Ids seen so far, by :func:`lookalike_keys`, each with where it was seen.

    >>> index = LookalikeIndex()
    >>> index.add("A-01", "line 3")
    >>> index.add("a-01", "line 7")
    ('A-01', 'line 3')
    >>> index.find("A-O1")
    ('A-01', 'line 3')
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], tuple[str, Any]] = {}
        self._ids: dict[str, None] = {}

    def ids(self) -> list[str]:
        """Every id added, in the order added."""
        return list(self._ids)

    def find(self, sid: str) -> tuple[str, Any] | None:
        """An id seen before, other than ``sid``, that looks like it (and where)."""
        for n, key in enumerate(lookalike_keys(sid)):
            other = self._seen.get((n, key))
            if other is not None and other[0] != sid:
                return other
        return None

    def add(self, sid: str, where: Any) -> tuple[str, Any] | None:
        """Remember ``sid``; return what :meth:`find` found for it before."""
        other = self.find(sid)
        self._ids[sid] = None
        for n, key in enumerate(lookalike_keys(sid)):
            self._seen.setdefault((n, key), (sid, where))
        return other


# -- the data file ------------------------------------------------------------------------

_LICENSE = """\
UNICODE LICENSE V3

COPYRIGHT AND PERMISSION NOTICE

Copyright © 1991-2024 Unicode, Inc.

NOTICE TO USER: Carefully read the following legal agreement. BY
DOWNLOADING, INSTALLING, COPYING OR OTHERWISE USING DATA FILES, AND/OR
SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE
TERMS AND CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO NOT
DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA FILES OR SOFTWARE.

Permission is hereby granted, free of charge, to any person obtaining a
copy of data files and any associated documentation (the "Data Files") or
software and any associated documentation (the "Software") to deal in the
Data Files or Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, and/or sell
copies of the Data Files or Software, and to permit persons to whom the
Data Files or Software are furnished to do so, provided that either (a)
this copyright and permission notice appear with all copies of the Data
Files or Software, or (b) this copyright and permission notice appear in
associated Documentation.

THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF
THIRD PARTY RIGHTS.

IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE
BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES,
OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION,
ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA
FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder shall
not be used in advertising or otherwise to promote the sale, use or other
dealings in these Data Files or Software without prior written
authorization of the copyright holder.
"""


def compact(source: str, provenance: str = "") -> str:
    """``confusables.txt`` (as published by Unicode) in the form of ``confusables.tsv``:
    its header and the license as ``#`` comments, then ``SOURCE<tab>PROTOTYPE`` in hex,
    one mapping a line. Refuses a file whose mapping count differs from its ``# total``.

    >>> text = "# Version: 1.0\\n0410 ;\\t0041 ;\\tMA\\t# ( А → A )\\n\\n# total: 1\\n"
    >>> compact(text).splitlines()[-1]
    '0410\\t0041'
    """
    header: list[str] = []
    rows: list[str] = []
    total = None
    for line in source.removeprefix("\ufeff").splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            fields = [f.strip() for f in data.split(";")]
            rows.append(f"{fields[0]}\t{fields[1]}")
        elif line.startswith("# total:"):
            total = int(line.split(":", 1)[1])
        elif line.startswith("#") and not rows:
            header.append(line)
    if total is not None and total != len(rows):
        raise ValueError(f"{len(rows)} mappings but the file says # total: {total}")
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    lines = [
        "# Unicode confusables, for graphkit.ingest.lookalike (UTS #39 skeletons).",
        "# Made by `python3 -m graphkit.ingest.lookalike confusables.txt [WHERE FROM]`",
        f"# from the file with sha256 {digest}",
        *([f"# taken from {provenance}"] if provenance else []),
        "# Its header:",
        *header,
        "#",
        *("# " + line if line else "#" for line in _LICENSE.splitlines()),
        "#",
        f"# mappings: {len(rows)}  (source code point, tab, prototype code points, in hex)",
        *rows,
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    _text = Path(sys.argv[1]).read_text(encoding="utf-8")
    sys.stdout.write(compact(_text, " ".join(sys.argv[2:])))
