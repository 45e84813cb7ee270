"""Dates that are not ISO 8601, read day-first or month-first only when the column says so.

Without ``--date-format`` a column's ``DD/MM/YYYY``-like dates (``/``, ``-`` or ``.``
between the parts, a four-digit year, optionally a time ``HH:MM[:SS]``) are read in
the order their values decide: some date has a first part above 12 (``26/05/2024``)
and none a second part above 12, so the column is day/month/year; the mirror makes it
month/day/year. A column where nothing decides (every part up to 12) is refused cell by
cell as before, and one that holds both orders is refused once, with the fix. ISO 8601
cells in the same column are read as ISO: they cannot be misread. Two-digit years are
never inferred (``24`` may be 1924 or 2024): they need ``--date-format``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

from graphkit.errors import Problem
from graphkit.ingest import fields as f

#: Day and month in either order, a four-digit year, one separator; an optional time.
_DMY_OR_MDY = re.compile(
    r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
ORDERS = {"dmy": "day/month/year", "mdy": "month/day/year"}


class ColumnRefused(f.CellError):
    """A cell of a column refused as a whole (one problem for the column, not per cell)."""


class DateColumn:
    """Parses the date cells of one column, inferring the order of non-ISO dates once.

    ``cells`` gives every ``(line, cell)`` of the column; it is read only when a non-ISO
    date is met, so ISO files are read once.
    """

    def __init__(
        self,
        date_format: str | None,
        cells: Callable[[], Iterable[tuple[int, str]]],
        file: str,
        column: str,
    ):
        self.date_format, self.cells, self.file, self.column = date_format, cells, file, column
        #: "dmy", "mdy", or None (not decided: not seen yet, ambiguous or contradicted).
        self.order: str | None = None
        self._scanned = False
        #: The first cell of each order: (line, text, day).
        self._evidence: dict[str, tuple[int, str, int]] = {}

    def parse(self, raw: str) -> str:
        if self.date_format:
            return f.parse_date(raw, self.date_format)
        try:
            return f.parse_date(raw, None)
        except f.CellError:
            m = _DMY_OR_MDY.fullmatch(raw.strip())
            if m is None:
                raise
            if not self._scanned:
                self._decide()
            if self.order is None:
                if len(self._evidence) == 2:
                    raise ColumnRefused("") from None
                raise  # ambiguous: every date could be either (refused as before)
            return self._read(raw.strip(), m)

    def _decide(self) -> None:
        self._scanned = True
        for line, cell in self.cells():
            m = _DMY_OR_MDY.fullmatch(cell.strip())
            if m is None:
                continue
            a, b = int(m.group(1)), int(m.group(3))
            if 12 < a <= 31 and 1 <= b <= 12:
                self._evidence.setdefault("dmy", (line, cell.strip(), a))
            elif 12 < b <= 31 and 1 <= a <= 12:
                self._evidence.setdefault("mdy", (line, cell.strip(), b))
            if len(self._evidence) == 2:
                return
        if len(self._evidence) == 1:
            (self.order,) = self._evidence

    def _read(self, text: str, m: re.Match[str]) -> str:
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day, month = (a, b) if self.order == "dmy" else (b, a)
        order = ORDERS[str(self.order)]
        try:
            if m.group(5) is None:
                return date(year, month, day).isoformat()
            hms = (int(m.group(5)), int(m.group(6)), int(m.group(7) or 0))
            return datetime(year, month, day, *hms).isoformat()
        except ValueError:
            raise f.CellError(
                f'"{text}" is not a date when read as {order}, as the column is ({self.because()})',
                "correct it, or write it as YYYY-MM-DD",
            ) from None

    def because(self) -> str:
        """``26/05/2024 on line 7 has day 26``: why the column is read in its order."""
        line, text, day = self._evidence[str(self.order)]
        return f"{text}{f' on line {line}' if line else ''} has day {day}"

    def inferred(self) -> str | None:
        """``contacts.csv, column "Date": read as day/month/year (...)``, if it was inferred."""
        if self.order is None:
            return None
        return (
            f'{self.file}, column "{self.column}": read as {ORDERS[self.order]} ({self.because()})'
        )

    def problem(self) -> Problem | None:
        """The one problem of a column that holds both orders."""
        if len(self._evidence) < 2:
            return None
        (l1, t1, d1), (l2, t2, d2) = self._evidence["dmy"], self._evidence["mdy"]
        sep = _DMY_OR_MDY.fullmatch(t1)
        s = sep.group(2) if sep else "/"
        return Problem(
            self.file,
            None,
            self.column,
            f"the dates are written both day first ({t1} on line {l1} has day {d1}) and "
            f"month first ({t2} on line {l2} has day {d2})",
            "write them all one way, as YYYY-MM-DD, or correct the others and pass "
            f"--date-format %d{s}%m{s}%Y or --date-format %m{s}%d{s}%Y",
        )
