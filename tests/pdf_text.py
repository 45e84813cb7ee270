"""The text of each page of a PDF that Chromium printed (Skia/PDF), without a PDF library.

Enough for the briefing's print tests: Skia writes plain objects (no object streams),
Flate-compressed content streams and Type0 fonts with Identity-H encoding and a
ToUnicode map, and shows text with ``Tj``/``TJ``. Text runs are joined in the order the
page draws them; a run that starts a new line (``Tm``, ``T*``, or a ``Td`` that moves down) starts with
a space, so words stay apart; Skia positions each glyph with a ``Td`` along the line and
draws spaces as glyphs. Not a general PDF reader: a PDF text library (pypdf) would
do, and the test extra could name one; this keeps the tests free of a new dependency.

    pages = pdf_pages(page.pdf(format="A4"))
    assert "Whom to talk to" in pages[0]
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*)\r?\nendstream", re.S)
_REF = r"(\d+) 0 R"
#: The ligature glyphs a font's ToUnicode map may give, as the letters they stand for.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl"})  # fmt: skip


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJ.finditer(data)}


def _stream(obj: bytes) -> bytes:
    m = _STREAM.search(obj)
    if not m:
        return b""
    raw = m[1]
    head = obj[: m.start()]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _cmap(text: bytes) -> dict[int, str]:
    """A ToUnicode CMap: ``bfchar`` and ``bfrange`` entries, code -> text."""
    out: dict[int, str] = {}

    def uni(h: bytes) -> str:
        b = bytes.fromhex(h.decode())
        return b.decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = uni(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block
        ):
            a, b = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for i, h in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", dst)):
                    out[a + i] = uni(h)
            else:
                first = bytes.fromhex(dst[1:-1].decode())
                for i in range(b - a + 1):
                    code = int.from_bytes(first, "big") + i
                    out[a + i] = code.to_bytes(len(first), "big").decode(
                        "utf-16-be", errors="replace"
                    )
    return out


_TOKENS = re.compile(
    rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|[-+]?[\d.]+|[A-Za-z*'\"]+"
)


def _literal(tok: bytes) -> bytes:
    body = tok[1:-1]
    return re.sub(
        rb"\\([nrtbf()\\]|[0-7]{1,3})",
        lambda m: (
            bytes([int(m[1], 8)])
            if m[1][:1].isdigit()
            else {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(m[1], m[1])
        ),
        body,
    )


def _show(codes: bytes, cmap: dict[int, str], two_bytes: bool) -> str:
    if two_bytes:
        return "".join(
            cmap.get(int.from_bytes(codes[i : i + 2], "big"), "")
            for i in range(0, len(codes) - 1, 2)
        )
    return "".join(cmap.get(c, chr(c)) for c in codes)


def _page_text(content: bytes, fonts: dict[str, tuple[dict[int, str], bool]]) -> str:
    out: list[str] = []
    font: tuple[dict[int, str], bool] = ({}, False)
    stack: list[bytes] = []
    in_array = False
    array: list[bytes] = []
    for tok in _TOKENS.findall(content):
        if tok == b"[":
            in_array, array = True, []
            continue
        if tok == b"]":
            in_array = False
            stack.append(b"[" + b"\0".join(array))
            continue
        if in_array:
            array.append(tok)
            continue
        if tok[:1].isalpha() or tok in (b"'", b'"', b"T*"):
            op = tok
            if op == b"Tf" and len(stack) >= 2:
                name = stack[-2].decode()[1:]
                font = fonts.get(name, ({}, False))
            elif op in (b"Td", b"TD") and len(stack) >= 2 and float(stack[-1]) != 0:
                out.append(" ")  # a move down: a new line (Skia moves along a line per glyph)
            elif op in (b"Tm", b"T*", b"BT"):
                out.append(" ")
            elif op in (b"Tj", b"'", b'"') and stack:
                out.append(_strings([stack[-1]], font))
            elif op == b"TJ" and stack and stack[-1].startswith(b"["):
                out.append(_strings(stack[-1][1:].split(b"\0"), font))
            stack = []
        else:
            stack.append(tok)
    return re.sub(r"\s+", " ", "".join(out).translate(_LIGATURES)).strip()


def _strings(tokens: list[bytes], font: tuple[dict[int, str], bool]) -> str:
    cmap, two = font
    parts = []
    for t in tokens:
        if t.startswith(b"<"):
            parts.append(_show(bytes.fromhex(re.sub(rb"\s", b"", t[1:-1]).decode()), cmap, two))
        elif t.startswith(b"("):
            parts.append(_show(_literal(t), cmap, two))
    return "".join(parts)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in page order, whitespace collapsed to single spaces."""
    objs = _objects(data)
    root = re.search(rb"/Root " + _REF.encode(), data)
    if root is None:
        raise ValueError("not a PDF this reader knows (no /Root)")
    catalog = objs[int(root[1])]
    pages_ref = re.search(rb"/Pages " + _REF.encode(), catalog)
    assert pages_ref is not None

    def leaves(num: int) -> list[int]:
        obj = objs[num]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", obj)
        if re.search(rb"/Type\s*/Pages\b", obj) and kids:
            return [p for k in re.findall(_REF.encode(), kids[1]) for p in leaves(int(k))]
        return [num]

    texts = []
    for num in leaves(int(pages_ref[1])):
        page = objs[num]
        fonts: dict[str, tuple[dict[int, str], bool]] = {}
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", page, re.S)
        for name, ref in re.findall(
            rb"/(\w+) " + _REF.encode(), font_dict[1] if font_dict else b""
        ):
            fobj = objs[int(ref)]
            tu = re.search(rb"/ToUnicode " + _REF.encode(), fobj)
            cmap = _cmap(_stream(objs[int(tu[1])])) if tu else {}
            fonts[name.decode()] = (cmap, b"/Identity-H" in fobj)
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|" + _REF.encode() + rb")", page)
        refs = re.findall(_REF.encode(), contents[1]) if contents else []
        stream = b"\n".join(_stream(objs[int(r)]) for r in refs)
        texts.append(_page_text(stream, fonts))
    return texts
