"""The views: what each command shows, as rows for a table or CSV and a JSON document.

A view is built from library results only (an analysis, an import result, ...) and knows
nothing of click: the CLI makes one library call, builds the view and prints
:meth:`View.text` for ``--format table|csv|json``; the demo writes the same views to files.

- :mod:`.ranking`: ``influence`` and ``brokers``;
- :mod:`.friction`: ``friction``;
- :mod:`.planning`: ``path``, ``whatif`` and ``diff``;
- :mod:`.records`: ``import``, ``negotiations`` and ``delete``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphkit.render.tables import render, to_json
from graphkit.render.text import terminal_safe


@dataclass
class View:
    """One command's output in every format.

    ``rows`` and ``columns`` make the table and the CSV (``csv_columns`` when the CSV has
    more columns than the table); ``document`` is the JSON (the rows themselves when it is
    None). ``before`` and ``after`` are lines of a table only (a headline, the reasons),
    already in words; ``empty_note`` is said on stderr when a table has no rows, and
    ``table_if_empty`` False prints no table header then.
    """

    rows: list[dict[str, Any]]
    columns: list[str]
    document: Any = None
    csv_columns: list[str] | None = None
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    empty_note: str | None = None
    table_if_empty: bool = True

    def text(self, fmt: str) -> str:
        """The view as ``fmt`` (``table``, ``csv`` or ``json``) for stdout."""
        if fmt == "json":
            if self.document is None:
                return render(self.rows, self.columns, "json")
            return to_json(self.document)
        if fmt == "csv":
            return render(self.rows, self.csv_columns or self.columns, "csv")
        out = [terminal_safe(line) + "\n" for line in self.before]
        if self.rows or self.table_if_empty:
            out.append(render(self.rows, self.columns, "table"))
        out += [terminal_safe(line) + "\n" for line in self.after]
        return "".join(out)

    def note(self, fmt: str) -> str | None:
        """What to say on stderr for this format, if anything."""
        return self.empty_note if fmt == "table" and not self.rows else None
