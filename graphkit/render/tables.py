"""Tabular output as an aligned table, CSV or JSON.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with ``'`` so Excel and
LibreOffice show them as text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("table", "csv", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Make a text cell inert in spreadsheets; leave numbers and booleans alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise_cell(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise_cell(_plain(row.get(c))) for c in columns])
    return out.getvalue()


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def to_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = (
        [all(_is_number(row.get(c)) for row in rows if row.get(c) is not None) for c in columns]
        if isinstance(rows, list)
        else [False] * len(columns)
    )
    lines = [_line(columns, widths, numeric), _line(["-" * w for w in widths], widths, numeric)]
    lines += [_line(r, widths, numeric) for r in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(rows: list[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Rows as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    return to_table(rows, columns)


def _line(cells: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    return "  ".join(
        c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True)
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        if abs(value) < 0.001:
            return f"{value:.2g}"
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    # One line per row: control characters from user data never reach the terminal.
    return "".join(ch if ch.isprintable() else " " for ch in str(value))


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
