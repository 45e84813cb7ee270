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
    """One problem found in an input file, located to the line and column."""

    file: str
    line: int | None
    column: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column is not None:
            where += f', column "{self.column}"'
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" - {self.fix}"
        return text


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
