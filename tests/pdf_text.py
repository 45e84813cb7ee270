"""The text of each page of a PDF (the printed briefing), read with pypdf.

pages = pdf_pages(page.pdf(format="A4"))
assert "Whom to talk to" in pages[0]
"""

from __future__ import annotations

import io

from pypdf import PdfReader

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl"})


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, in page order: lines joined by one space (a sentence wrapped on
    paper reads as one), ligatures as the letters they stand for."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join((p.extract_text() or "").translate(_LIGATURES).split()) for p in pages]
