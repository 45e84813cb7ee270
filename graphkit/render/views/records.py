"""``graphkit import``, ``negotiations`` and ``delete``: what is stored and what changed."""

from __future__ import annotations

from typing import Any

from graphkit.errors import ImportRejected
from graphkit.model import DeleteResult, ImportResult
from graphkit.render.text import terminal_safe
from graphkit.render.views import View

NEGOTIATION_COLUMNS = [
    "name", "stakeholders", "interactions", "relationships", "first_contact", "last_contact",
]  # fmt: skip
IMPORT_COLUMNS = ["file", "read", "added", "updated", "unchanged", "removed", "rejected"]


def imported(result: ImportResult, store: str) -> View:
    """Per file: rows read, added, updated, unchanged (removed with --sync), rejected; with
    --dry-run every change, record by record."""
    changes = change_rows(result) if result.dry_run else []
    document = {
        "negotiation": result.negotiation,
        "store": store,
        "dry_run": result.dry_run,
        "sync": result.sync,
        "files": result.rows(),
        "fields_changed": {k: c.fields for k, c in result.counts.items()},
        "created_unmapped": result.created,
        "unused_columns": result.unused,
        "inferred": result.inferred,
        **({"changes": changes} if result.dry_run else {}),
    }
    listed = [
        f"  {c['action']:<8} {c['kind']:<13} {c['record']}"
        + (f": {c['detail']}" if c["detail"] else "")
        for c in changes
    ]
    return View(
        result.rows(),
        [c for c in IMPORT_COLUMNS if result.sync or c != "removed"],
        document=document,
        after=["", "Changes (dry run, nothing written):", *listed] if listed else [],
    )


def change_rows(result: ImportResult) -> list[dict[str, Any]]:
    """Each change of an import as a row: action, kind, record and what changed."""
    rows = []
    for c in result.changes:
        detail = ""
        if c.action == "updated":
            detail = "; ".join(
                f"{name} {_shown(old)} -> {_shown(new)}" for name, (old, new) in c.fields.items()
            )
        rows.append(
            {
                "action": c.action,
                "kind": c.kind,
                "key": c.key,
                "record": c.label,
                "detail": detail,
                "fields": {name: {"from": old, "to": new} for name, (old, new) in c.fields.items()},
            }
        )
    return rows


def _shown(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "(none)"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f'"{text}"' if isinstance(value, str) else text


#: What the records of each kind are, for the note on unused columns.
_RECORD = {"interactions": "contact", "relationships": "tie"}


def unused_notes(result: ImportResult) -> list[str]:
    """``contacts.csv: 2 columns not used: "Tone", "Room" (...)``, a line per file."""
    lines = []
    for file, headers in result.unused.items():
        n = len(headers)
        shown = ", ".join(f'"{h}"' for h in headers)
        # result.files joins a kind's files with ", " (which a file's display may hold too)
        kind = next((k for k, names in result.files.items() if f", {file}, " in f", {names}, "), "")
        record = _RECORD.get(kind, "record")
        lines.append(
            f"{file}: {n} {'column' if n == 1 else 'columns'} not used: {shown} (kept as "
            f'attributes of each {record}; read one as a field with --map FIELD="HEADER")'
        )
    return lines


def import_notes(result: ImportResult, store: str) -> list[str]:
    """What an import says on stderr after its table: what it inferred (date orders, the
    id column), the columns no field reads, fields changed, stakeholders created."""
    lines = [*result.inferred, *unused_notes(result), *result.field_summary()]
    if result.created:
        shown = ", ".join(result.created[:10]) + (" ..." if len(result.created) > 10 else "")
        lines.append(
            f"Created {len(result.created)} unmapped stakeholders for ids not in the map of "
            f"{result.negotiation}: {shown}"
        )
    verb = "Checked (dry run, nothing written)" if result.dry_run else "Imported"
    lines.append(f'{verb}: negotiation "{result.negotiation}" in {store}')
    return lines


def rejection(exc: ImportRejected) -> str:
    """The problems, one per line, with their data terminal-safe (line breaks in a cell too)."""
    problems = [str(p) for p in exc.problems[: exc.shown]]
    tail = str(exc).split("\n")[sum(p.count("\n") + 1 for p in problems) :]
    return "\n".join(terminal_safe(line) for line in [*problems, *tail])


def negotiations(rows: list[dict[str, Any]], store: str) -> View:
    """The negotiations in a store with their counts."""
    return View(
        rows,
        NEGOTIATION_COLUMNS,
        empty_note=f"No negotiations in {store} yet - import one with graphkit import",
        table_if_empty=False,
    )


def deleted(done: DeleteResult, negotiation: str, *, dry_run: bool) -> View:
    """What a delete removed (or would remove)."""
    row = {
        "negotiation": negotiation,
        "whole_negotiation": done.whole,
        "stakeholders": done.stakeholders,
        "interactions": done.interactions,
        "relationships": done.relationships,
        "dry_run": dry_run,
    }
    return View([row], list(row), document=row)
