"""Which row is the header: past the title rows of a spreadsheet export.

Prep teams' sheets often start with a title ("Contacts - round 3"), maybe a date or a
blank row, and only then the header. The rule, the same for workbooks and CSV files:

* The first non-blank row is the header when it has at least two non-empty cells, or
  when its one cell names a known column (``id``, a ``--map`` header, ...). A normal
  file's header is therefore never skipped.
* Otherwise it is a title, and so is every row with at most one non-empty cell after it:
  the header is the first of the next :data:`MAX_TITLE_ROWS` rows with two or more
  non-empty cells (one that names a known column, when a subtitle such as
  "Prepared by, Ana" comes first).
* When no such row follows, the first non-blank row is the header after all (a file
  with one column).

``--header-row N`` (:attr:`Options.header_row`) says it instead.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from graphkit.ingest.fields import normalise_header

#: Rows looked at past the first non-blank one for the header.
MAX_TITLE_ROWS = 10


def filled(cells: Sequence[str]) -> int:
    """How many cells are not empty (or blank)."""
    return sum(1 for c in cells if c.strip())


def find_header(rows: Sequence[Sequence[str]], known: Collection[str] = ()) -> int:
    """The index in ``rows`` (the file's first non-blank rows, in order) of the header.

    ``known``: normalised headers that name a column (see
    :func:`graphkit.ingest.fields.normalise_header`).

    >>> find_header([["id", "name"], ["A-01", "Ana"]])
    0
    >>> find_header([["Contacts - round 3", ""], ["date", "source", "target"], ["2024-01-02"]])
    1
    >>> find_header([["id"], ["A-01", "stray"]], known={"id"})
    0
    >>> find_header([["People"], ["Prepared by", "Ana"], ["id", "name"]], known={"id", "name"})
    2
    """
    if not rows:
        return 0
    first = [c for c in rows[0] if c.strip()]
    if len(first) >= 2 or (first and _names_a_column(first, known)):
        return 0
    candidates = [i for i in range(1, min(len(rows), MAX_TITLE_ROWS + 1)) if filled(rows[i]) >= 2]
    if not candidates:
        return 0
    named = [i for i in candidates if _names_a_column(rows[i], known)]
    return named[0] if named else candidates[0]


def _names_a_column(cells: Sequence[str], known: Collection[str]) -> bool:
    return any(c.strip() and normalise_header(c) in known for c in cells)


def skipped_note(where: str, skipped: int, unit: str, header_at: int) -> str:
    """``team.xlsx, sheet Contacts: skipped 2 title rows above the header at row 3``."""
    rows = "title row" if skipped == 1 else "title rows"
    return f"{where}: skipped {skipped} {rows} above the header at {unit} {header_at}"
