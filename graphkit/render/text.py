"""Text from the data, made safe to show: on a terminal, in HTML and Markdown, in XML.

Names, notes and every other field come from CSV files that anyone may have written.
Shown raw, some characters do more than show:

- On a terminal, C0 and C1 control characters start escape sequences: ``ESC ] 52`` writes
  the clipboard, ``ESC [`` or ``\\x9b`` moves the cursor and recolours or hides text,
  ``\\x07`` rings the bell, a carriage return overwrites the line.
- Everywhere, the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069)
  and marks (U+200E, U+200F, U+061C) reorder the text around them, so that what is read
  is not what is there ("Trojan Source", CVE-2021-42574).
- XML 1.0 forbids most C0 controls, U+FFFE, U+FFFF and lone surrogates: one of them
  makes a GraphML or GEXF file unreadable.

Each is replaced with a visible escape in Python's notation (``\\x1b``, ``\\u202e``;
tab, line feed and carriage return as ``\\t``, ``\\n``, ``\\r``), so it is seen and
nothing happens. Backslashes already in the text are left as they are: the escapes are
for reading, not for decoding. Text without such characters is returned unchanged.

Examples:

>>> terminal_safe("Ana\\x1b]52;c;aGk=\\x07 Silva")
'Ana\\\\x1b]52;c;aGk=\\\\x07 Silva'
>>> visible_text("abc\\u202edef")
'abc\\\\u202edef'
>>> xml_safe("tab\\tok, vt\\x0bnot")
'tab\\tok, vt\\\\x0bnot'
"""

from __future__ import annotations

import re

#: Bidirectional formatting characters: embeddings and overrides, isolates, and the
#: implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = BIDI_CONTROLS
_SURROGATES = "\ud800-\udfff"
#: On a terminal: every C0 control (line breaks too, unless kept), DEL, every C1 control,
#: the bidi controls, U+2028/U+2029 (line breaks to some terminals) and lone surrogates.
_TERMINAL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATES}]")
_TERMINAL_LINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATES}]")
#: In HTML and Markdown: the same, except tab, line feed and carriage return (whitespace
#: there) and U+2028/U+2029.
_VISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")
#: What XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets).
_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff{_SURROGATES}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(ch: str) -> str:
    """One character as its visible escape: ``\\t``, ``\\x1b``, ``\\u202e``."""
    if ch in _SHORT:
        return _SHORT[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group(0))


def terminal_safe(text: object, *, newlines: bool = False) -> str:
    """``text`` as it may be written to a terminal: controls, bidi characters and lone
    surrogates shown as visible escapes. With ``newlines``, line feeds are kept (for
    messages of several lines); otherwise the result is always one line."""
    pattern = _TERMINAL_LINES if newlines else _TERMINAL
    return pattern.sub(_escape, str(text))


def visible_text(text: object) -> str:
    """``text`` for HTML or Markdown (escape those separately): controls and bidi
    characters shown as visible escapes; tab and line breaks kept."""
    return _VISIBLE.sub(_escape, str(text))


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold shown as a visible escape."""
    return _XML.sub(_escape, text)


def xml_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot hold."""
    return _XML.search(text) is not None
