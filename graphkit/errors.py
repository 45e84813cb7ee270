"""The few exceptions graphkit raises on purpose.

Every message says what went wrong, where, and how to fix it. The CLI prints
``Error: <message>`` and exits with status 1; a traceback appears only with
``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass


class GraphkitError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located to the line and column.

    A problem in a workbook also names its ``sheet`` and, where it is one cell, the
    ``cell`` as a spreadsheet shows it; ``line`` is then the sheet's row:

    >>> print(Problem("team.xlsx", 14, "Date of meeting", "bad date", sheet="Contacts", cell="C14"))
    team.xlsx, sheet Contacts, cell C14 (column "Date of meeting"): bad date
    >>> print(Problem("team.xlsx", 3, None, "missing column", sheet="Contacts"))
    team.xlsx, sheet Contacts, row 3: missing column
    >>> print(Problem("contacts.csv", 14, "date", "bad date", "write YYYY-MM-DD"))
    contacts.csv line 14, column "date": bad date - write YYYY-MM-DD
    """

    file: str
    line: int | None
    column: str | None
    message: str
    fix: str = ""
    #: The workbook sheet the problem is on (None: a CSV file).
    sheet: str | None = None
    #: The cell, e.g. ``C14``, when the problem is in one cell of a workbook sheet.
    cell: str | None = None

    def __str__(self) -> str:
        text = f"{self._where()}: {self.message}"
        if self.fix:
            text += f" - {self.fix}"
        return text

    def _where(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", sheet {self.sheet}"
            if self.cell is not None:
                where += f", cell {self.cell}"
                return where + (f' (column "{self.column}")' if self.column is not None else "")
            if self.line is not None:
                where += f", row {self.line}"
            if self.column is not None:
                where += f', column "{self.column}"'
            return where
        if self.line is not None:
            where += f" line {self.line}"
        if self.column is not None:
            where += f', column "{self.column}"'
        return where


class ImportRejected(GraphkitError):
    """The input has problems; nothing was written to the store."""

    #: How many problems are printed in full before the rest are counted.
    shown = 20

    def __init__(
        self,
        problems: list[Problem],
        *,
        rejected_rows: int = 0,
        read_rows: int = 0,
        total: int | None = None,
    ):
        self.problems = problems
        self.rejected_rows = rejected_rows
        self.read_rows = read_rows
        self.total = len(problems) if total is None else total
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [str(p) for p in self.problems[: self.shown]]
        extra = self.total - min(len(self.problems), self.shown)
        if extra > 0:
            lines.append(f"... and {extra} more problems ({self.total} in total)")
        noun = "problem" if self.total == 1 else "problems"
        rows = ""
        if 0 < self.rejected_rows <= self.read_rows:
            rows = f" in {self.rejected_rows} of {self.read_rows} rows"
        lines.append(f"Error: {self.total} {noun} found{rows}; nothing was imported.")
        return "\n".join(lines)


class StoreError(GraphkitError):
    """The store cannot be opened, reached or written."""


class NotFound(GraphkitError):
    """A negotiation or stakeholder named by the user does not exist."""
