"""One row's cells by field name: parsed, looked up in value maps, and every problem
reported with its file, line and column."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError, Problem
from graphkit.ingest import fields as f
from graphkit.ingest import lookalike
from graphkit.ingest.columns import Columns, Summary
from graphkit.ingest.dates import ColumnRefused
from graphkit.ingest.values import ValueMap, word_hint
from graphkit.model import NO_ATTRIBUTES, AttributeValue

if TYPE_CHECKING:
    from graphkit.ingest.csvfile import CsvFile
    from graphkit.ingest.records import Problems


class Cells:
    """Access to one row's fields by field name, reporting problems with location."""

    __slots__ = (
        "clear_empty", "columns", "csv", "fields", "filled", "line", "ok", "problems", "unnamed",
    )  # fmt: skip

    def __init__(self, csv: CsvFile, columns: Columns, problems: Problems, clear_empty: bool):
        self.csv, self.columns, self.problems = csv, columns, problems
        self.clear_empty = clear_empty
        self.line = 0
        self.fields: list[str] = []
        self.ok = True
        #: Extra columns without a header, and those of them that hold a value.
        self.unnamed = {i for i, h in columns.extras if not csv.header[i]}
        self.filled: set[int] = set()

    def start(self, line: int, fields: list[str]) -> bool:
        self.line, self.fields, self.ok = line, fields, True
        width = self.columns.width
        if len(fields) > width and any(x.strip() for x in fields[width:]):
            self.problems.add(
                Problem(
                    self.csv.display,
                    line,
                    None,
                    f"the row has {len(fields)} fields but the header has {width}",
                    "quote fields that contain the delimiter "
                    f"({_delimiter_name(self.csv.delimiter)}), or add the missing header",
                )
            )
            self.ok = False
        elif len(fields) < self.columns.needed:
            self.problems.add(
                Problem(
                    self.csv.display,
                    line,
                    None,
                    f"the row ends early: it has {len(fields)} fields but the header has {width}",
                    "was the file cut off? re-export it (a row needs every delimiter, "
                    "even when its last cells are empty)",
                )
            )
            self.ok = False
        return self.ok

    def raw(self, name: str) -> str:
        i = self.columns.index.get(name)
        if i is None:
            return self.columns.constants.get(name, "")
        return self.fields[i] if i < len(self.fields) else ""

    def get(
        self,
        name: str,
        parse: Callable[[str], Any],
        default: object = "",
        mapped: Callable[[str], Any] | None = None,
    ) -> Any:
        raw = self.raw(name)
        if self.columns.value_maps:
            return self._mapped(name, raw, parse, mapped, default)
        try:
            return parse(raw)
        except f.CellError as err:
            self._refused(name, raw, err, None)
            return default

    def given(
        self,
        name: str,
        parse: Callable[[str], Any] = str.strip,
        mapped: Callable[[str], Any] | None = None,
    ) -> Any:
        """The cell's value, or None when the file does not give it: no such column, or
        an empty cell (unless ``--clear-empty``: then the field's empty value).
        ``mapped`` parses a value from the column's value map (default: ``parse``)."""
        if name not in self.columns.index and name not in self.columns.constants:
            return None
        raw = self.raw(name)
        if not raw.strip() and not self.clear_empty:
            return None
        if self.columns.value_maps:
            return self._mapped(name, raw, parse, mapped, None)
        try:
            return parse(raw)
        except f.CellError as err:
            self._refused(name, raw, err, None)
            return None

    def _mapped(
        self,
        name: str,
        raw: str,
        parse: Callable[[str], Any],
        mapped: Callable[[str], Any] | None,
        default: object,
    ) -> Any:
        """The value of a cell of a file with value maps: a word in its column's map is
        read as its value (by ``mapped``, default ``parse``), any other cell as written."""
        words = self.columns.value_maps.get(name)
        if words is not None:
            value = words.get(raw)
            if value is not None:
                raw, parse = value, mapped or parse
        try:
            return parse(raw)
        except f.CellError as err:
            self._refused(name, raw, err, words)
            return default

    def _refused(self, name: str, raw: str, err: f.CellError, words: ValueMap | None) -> None:
        """A cell its field refused: a problem on its line, or, for a column refused as a
        whole or a word its value map lacks, a rejected row (the column's problem says why)."""
        refused = isinstance(err, ColumnRefused)
        if refused or (words is not None and words.unknown(raw, self.line)):
            self.ok = False
            self.problems.reject_row(self.csv.display, self.line)
        else:
            hint = word_hint(name, raw) if words is None else ""
            self.fail(name, err.message, err.fix + hint)

    def required(self, name: str, what: str) -> str:
        value = self.raw(name).strip()
        if not value:
            self.fail(name, f"the {what} is empty", f"every row needs a {what}")
        return value

    def identifier(self, name: str, what: str) -> str:
        """A required id: refused when empty or when it holds invisible characters."""
        value = self.raw(name).strip()
        if not value:
            self.fail(name, f"the {what} is empty", f"every row needs a {what}")
        elif not (value.isascii() and value.isprintable()):  # the common case, fast
            self.check_visible(name, what, value)
        return value

    def check_visible(self, name: str, what: str, value: str) -> None:
        found = lookalike.invisible_characters(value)
        if found:
            self.fail(
                name,
                f'the {what} "{lookalike.escape(value)}" contains invisible or control '
                f"characters: {lookalike.describe_invisible(found)}",
                "delete them and type the id again (they come with text copied from web "
                "pages, chats or PDFs, and make ids that look the same differ)",
            )

    def fail(self, name: str, message: str, fix: str = "") -> None:
        column = self.columns.header_of(self.csv, name)
        self.problems.add(Problem(self.csv.display, self.line, column, message, fix))
        self.ok = False

    def finish(self, summary: Summary) -> None:
        """Report what the file's columns gathered: words their value maps lack, and
        extra columns without a header that hold values (nothing reads them)."""
        for name, words in self.columns.value_maps.items():
            self.problems.add(
                words.problem(self.csv.display, self.columns.header_of(self.csv, name))
            )
        if self.columns.kind != "stakeholders":
            shown = [f"column {i + 1} (no header)" for i in sorted(self.filled)]
            summary.add_unused(self.csv.display, shown)

    def extras(self) -> Mapping[str, AttributeValue]:
        """Extra columns with a value; with ``--clear-empty`` also the empty ones ("" means
        "remove this attribute")."""
        out: dict[str, AttributeValue] = {}
        for i, name in self.columns.extras:
            value = self.fields[i].strip() if i < len(self.fields) else ""
            if value or self.clear_empty:
                out[name] = value
                if value and self.unnamed and i in self.unnamed:
                    self.filled.add(i)
        return out or NO_ATTRIBUTES


def _delimiter_name(d: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(d, repr(d))


def column_cells(csv: CsvFile, columns: Columns, name: str) -> Iterator[tuple[int, str]]:
    """Every ``(line, cell)`` of the column a field is read from (its ``--set`` value if
    it has none); a file that cannot be read to its end gives what it has (the rows'
    own pass reports why)."""
    i = columns.index.get(name)
    if i is None:  # --set: no line
        yield 0, columns.constants.get(name, "")
        return
    try:
        for line, row in csv.rows():
            yield line, row[i] if i < len(row) else ""
    except GraphkitError:
        return
