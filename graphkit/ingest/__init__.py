"""CSV files to a validated :class:`~graphkit.model.ImportBatch`.

All input checks live here. Nothing is written until every file has been read
and every row checked; a single problem rejects the whole import.

Example::

    from graphkit.ingest import Options, prepare_import
    batch = prepare_import("talks", store, interactions="log.csv", options=Options())
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from graphkit.errors import GraphkitError, ImportRejected, Problem
from graphkit.ingest import fields
from graphkit.ingest.csvfile import CsvSyntaxError, read_csv_file
from graphkit.ingest.records import (
    Options,
    Problems,
    parse_interactions,
    parse_relationships,
    parse_stakeholders,
)
from graphkit.model import ImportBatch, Stakeholder, check_negotiation_name

__all__ = ["Options", "parse_map_option", "prepare_import"]


class KnownStakeholders(Protocol):
    """What the importer asks of a store (every Store provides it)."""

    def existing_stakeholders(self, ids: Iterable[str]) -> set[str]: ...

    def stakeholder_names(self, negotiation: str) -> dict[str, str]: ...


def parse_map_option(values: Iterable[str], option: str) -> dict[str, str]:
    """Parse ``--map field=Header`` (or ``--set field=value``) pairs, checking the field names."""
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or not key or (option == "--map" and not value.strip()):
            raise GraphkitError(
                f'{option} "{item}" is not FIELD=VALUE - e.g. {option} source=Actor1'
            )
        kind, dot, name = key.rpartition(".")
        known = fields.FIELDS.get(kind, ()) if dot else fields.ALL_FIELDS
        if dot and kind not in fields.FIELDS:
            raise GraphkitError(
                f'{option} "{item}": "{kind}" is not a file kind - use one of: '
                + ", ".join(fields.FIELDS)
            )
        if name not in known:
            raise GraphkitError(
                f'{option} "{item}": "{name}" is not a field - use one of: ' + ", ".join(known)
            )
        out[key] = value.strip() if option == "--map" else value
    return out


def prepare_import(
    negotiation: str,
    store: KnownStakeholders,
    *,
    stakeholders: str | Path | None = None,
    interactions: str | Path | None = None,
    relationships: str | Path | None = None,
    options: Options | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportBatch:
    """Read and validate the given files; raise :class:`ImportRejected` listing every problem."""
    check_negotiation_name(negotiation)
    options = options or Options()
    paths = {
        "stakeholders": stakeholders,
        "interactions": interactions,
        "relationships": relationships,
    }
    paths = {kind: p for kind, p in paths.items() if p is not None}
    if not paths:
        raise GraphkitError(
            "nothing to import - give --stakeholders, --interactions and/or --relationships"
        )

    files = {
        kind: read_csv_file(p, encoding=options.encoding, delimiter=options.delimiter)
        for kind, p in paths.items()
    }
    _check_mapping_used(files, options)

    problems = Problems()
    batch = ImportBatch(negotiation, files={k: c.display for k, c in files.items()})
    parsed: dict[str, list] = {}
    for kind, parse in (
        ("stakeholders", parse_stakeholders),
        ("interactions", parse_interactions),
        ("relationships", parse_relationships),
    ):
        if kind not in files:
            continue
        csv = files[kind]

        def report(n: int, name: str = csv.display) -> None:
            progress(f"{name}: {n:,} rows checked")

        try:
            parsed[kind], batch.read[kind] = parse(csv, options, problems, report)
        except CsvSyntaxError as exc:
            problems.add(exc.problem)
            parsed[kind], batch.read[kind] = [], 0

    batch.stakeholders = parsed.get("stakeholders", [])
    mapped = {s.id for s in batch.stakeholders}
    referenced: dict[str, list[tuple[str, int, str, str]]] = {}
    for kind in ("interactions", "relationships"):
        csv = files.get(kind)
        for line, record in parsed.get(kind, []):
            for end in ("source", "target"):
                sid = getattr(record, end)
                if sid not in mapped:
                    referenced.setdefault(sid, []).append((csv.display, line, end, kind))
    known = store.existing_stakeholders(referenced) if referenced else set()
    unknown = {sid: where for sid, where in referenced.items() if sid not in known}
    if unknown and options.create_missing:
        batch.created = [Stakeholder(id=sid, name=sid, unmapped=True) for sid in sorted(unknown)]
    elif unknown:
        _report_unknown(unknown, mapped, store, negotiation, files, options, problems)

    if problems:
        read = sum(batch.read.values())
        raise ImportRejected(
            problems.items, rejected_rows=len(problems.rows), read_rows=read, total=problems.total
        )
    batch.interactions = [r for _, r in parsed.get("interactions", [])]
    batch.relationships = [r for _, r in parsed.get("relationships", [])]
    return batch


def _check_mapping_used(files: dict, options: Options) -> None:
    """Every --map must name a column of some given file: a typo there is silent otherwise."""
    for key, header in options.mapping.items():
        kind = key.rpartition(".")[0]
        candidates = [files[kind]] if kind in files else ([] if kind else list(files.values()))
        if kind and kind not in files:
            raise GraphkitError(f"--map {key}={header}: no --{kind} file is given")
        wanted = fields.normalise_header(header)
        if not any(wanted in {fields.normalise_header(h) for h in c.header} for c in candidates):
            cols = "; ".join(
                f"{c.display}: " + ", ".join(h for h in c.header if h) for c in candidates
            )
            raise GraphkitError(
                f'--map {key}={header}: no column "{header}" in the given files ({cols})'
            )


def _report_unknown(unknown, mapped, store, negotiation, files, options, problems) -> None:
    names = store.stakeholder_names(negotiation)
    candidates = sorted(mapped | set(names))
    by_name = {name.casefold(): sid for sid, name in names.items()}
    stake_file = files.get("stakeholders")
    add_to = stake_file.display if stake_file else "stakeholders.csv"
    for n, (sid, places) in enumerate(unknown.items()):
        hint = ""
        if sid.casefold() in by_name:
            hint = f'"{sid}" is the name of {by_name[sid.casefold()]}: use the id. '
        elif n < 200:
            close = difflib.get_close_matches(sid, candidates, n=1, cutoff=0.75)
            if close:
                hint = f'Did you mean "{close[0]}"? '
        for display, line, end, kind in places:
            column = _column_name(files[kind], end, kind, options)
            problems.add(
                Problem(
                    display,
                    line,
                    column,
                    f'unknown stakeholder "{sid}"',
                    f"{hint}Add it to {add_to}, or pass --create-missing",
                )
            )


def _column_name(csv, field_name: str, kind: str, options: Options) -> str:
    wanted = options.mapping.get(
        f"{kind}.{field_name}", options.mapping.get(field_name, field_name)
    )
    for h in csv.header:
        if fields.normalise_header(h) == fields.normalise_header(wanted):
            return h
    return field_name
