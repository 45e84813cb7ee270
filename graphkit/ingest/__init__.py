"""CSV files to a validated :class:`~graphkit.model.ImportBatch`.

All input checks live here. Nothing is written until every file has been read
and every row checked; a single problem rejects the whole import.

Example::

    from graphkit.ingest import Options, prepare_import
    batch = prepare_import("talks", store, interactions="log.csv", options=Options())
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from graphkit.errors import GraphkitError, ImportRejected, Problem
from graphkit.ingest import fields
from graphkit.ingest.columns import Summary, unused_value_maps
from graphkit.ingest.csvfile import CsvFile, CsvSyntaxError, check_input_file
from graphkit.ingest.inputs import read_input_file
from graphkit.ingest.lookalike import LookalikeIndex, escape, how_they_differ
from graphkit.ingest.records import (
    Options,
    Problems,
    parse_interactions,
    parse_relationships,
    parse_stakeholders,
    parse_stances,
)
from graphkit.ingest.values import check_value_maps, parse_value_map, typed_attributes
from graphkit.ingest.workbook import locate_cells
from graphkit.model import ENDS, ImportBatch, Stakeholder, check_negotiation_name
from graphkit.suggest import did_you_mean

__all__ = ["Options", "PathsArg", "parse_map_option", "parse_value_map", "prepare_import"]


class KnownStakeholders(Protocol):
    """What the importer asks of a store (every Store provides it)."""

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


PathArg = str | Path
PathsArg = PathArg | Sequence[PathArg] | None


def _as_list(paths: PathsArg) -> list[PathArg]:
    if paths is None:
        return []
    if isinstance(paths, str | Path):
        return [paths]
    return list(paths)


def prepare_import(
    negotiation: str,
    store: KnownStakeholders,
    *,
    stakeholders: PathsArg = None,
    interactions: PathsArg = None,
    relationships: PathsArg = None,
    stances: PathsArg = None,
    options: Options | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportBatch:
    """Read and validate the given files; raise :class:`ImportRejected` listing every problem.

    Each kind takes one path or several: the records of several files of one kind are
    imported together, and a record given in two files must be the same in both.
    """
    check_negotiation_name(negotiation)
    options = options or Options()
    paths = {
        "stakeholders": _as_list(stakeholders),
        "interactions": _as_list(interactions),
        "relationships": _as_list(relationships),
        "stances": _as_list(stances),
    }
    paths = {kind: p for kind, p in paths.items() if p}
    if not paths:
        raise GraphkitError(
            "nothing to import - give --stakeholders, --interactions, --relationships "
            "and/or --stances"
        )

    # Every path is checked before any is read: a FIFO given last must not wait for a
    # 2 GiB log given first.
    for ps in paths.values():
        for p in ps:
            check_input_file(p)
    opts = {(kind, str(p)): options.for_file(kind, p) for kind, ps in paths.items() for p in ps}
    files = {
        kind: [read_input_file(p, kind, opts[kind, str(p)]) for p in ps]
        for kind, ps in paths.items()
    }
    for note in (note for cs in files.values() for c in cs for note in c.notes):
        progress(note)
    #: The options of each file read (by the identity of its CsvFile).
    file_options = {
        id(csv): opts[kind, str(p)]
        for kind, ps in paths.items()
        for p, csv in zip(ps, files[kind], strict=True)
    }
    _check_mapping_used(files, options)
    for o in (options, *opts.values()):
        check_value_maps(o.value_maps)

    problems = Problems()
    summary = Summary()
    batch = ImportBatch(
        negotiation, files={k: ", ".join(c.display for c in cs) for k, cs in files.items()}
    )
    parsed: dict[str, list[tuple[CsvFile, int, Any]]] = {}
    for kind, parse in (
        ("stakeholders", parse_stakeholders),
        ("interactions", parse_interactions),
        ("relationships", parse_relationships),
        ("stances", parse_stances),
    ):
        for csv in files.get(kind, []):

            def report(n: int, name: str = csv.display) -> None:
                progress(f"{name}: {n:,} rows checked")

            try:
                rows, read = parse(csv, file_options[id(csv)], problems, report, summary)
            except CsvSyntaxError as exc:
                problems.add(exc.problem)
                rows, read = [], 0
            batch.read[kind] = batch.read.get(kind, 0) + read
            parsed.setdefault(kind, []).extend((csv, line, record) for line, record in rows)
        if kind == "stakeholders" and kind in parsed:
            parsed[kind] = typed_attributes(parsed[kind])
        if len(files.get(kind, [])) > 1:
            parsed[kind] = _merge_files(kind, parsed[kind], problems)
    for problem in unused_value_maps(summary):
        problems.add(problem)
    batch.unused, batch.inferred = summary.unused, summary.inferred

    mapped = {record.id for _, _, record in parsed.get("stakeholders", [])}
    member_names = store.stakeholder_names(negotiation)
    people = parsed.get("stakeholders", [])
    for n, (csv, line, record) in enumerate(people):
        if record.name is None and record.id not in member_names:
            if id(csv) in summary.name_from_id:  # a mapped id column names new stakeholders
                people[n] = (csv, line, dataclasses.replace(record, name=record.id))
                continue
            problems.add(
                Problem(
                    csv.display,
                    line,
                    _column_name(csv, "name", "stakeholders", options, None),
                    f'"{record.id}" is a new stakeholder in {negotiation} and has no name',
                    "give it a name (a name column, or --set name=...)",
                )
            )
    referenced: dict[str, list[tuple[CsvFile, int, str, str]]] = {}
    for kind, ends in ENDS.items():
        for csv, line, record in parsed.get(kind, []):
            for end in ends:
                sid = getattr(record, end)
                if sid not in mapped and sid not in member_names:
                    referenced.setdefault(sid, []).append((csv, line, end, kind))
    unknown = referenced
    new = [row for row in parsed.get("stakeholders", []) if row[2].id not in member_names]
    # Skeletons only when an id may be new: a log of known ids costs nothing here.
    known = LookalikeIndex()
    if new or unknown:
        known = _lookalike_index(new, member_names, negotiation, options, problems)
    if unknown and options.create_missing:
        batch.created = [Stakeholder(id=sid, name=sid, unmapped=True) for sid in sorted(unknown)]
        if not options.allow_similar_ids:
            _check_created(unknown, known, negotiation, options, problems)
    elif unknown:
        _report_unknown(unknown, known, member_names, negotiation, files, options, problems)

    if problems:
        read = sum(batch.read.values())
        # Problems of workbook sheets name the sheet and the cell (C14), as a spreadsheet does.
        located = locate_cells(problems.items, (c for cs in files.values() for c in cs))
        raise ImportRejected(
            located, rejected_rows=len(problems.rows), read_rows=read, total=problems.total
        )
    batch.stakeholders = [r for _, _, r in parsed.get("stakeholders", [])]
    batch.interactions = [r for _, _, r in parsed.get("interactions", [])]
    batch.relationships = [r for _, _, r in parsed.get("relationships", [])]
    batch.stances = [r for _, _, r in parsed.get("stances", [])]
    return batch


def _merge_files(
    kind: str, rows: list[tuple[CsvFile, int, Any]], problems: Problems
) -> list[tuple[CsvFile, int, Any]]:
    """One record per key across several files of a kind; the same key must agree."""
    first: dict[str, tuple[CsvFile, int, Any]] = {}
    out = []
    for csv, line, record in rows:
        seen = first.get(record.key)
        if seen is None:
            first[record.key] = (csv, line, record)
            out.append((csv, line, record))
        elif seen[0] is not csv and seen[2] != record:
            what = {"stakeholders": "stakeholder", "interactions": "contact"}.get(kind, "tie")
            problems.add(
                Problem(
                    csv.display,
                    line,
                    None,
                    f"this {what} is also on {seen[0].display} line {seen[1]}, with other values",
                    "keep one version of it: correct one file, or import them one after the other",
                )
            )
    return out


def _check_mapping_used(files: dict[str, list[CsvFile]], options: Options) -> None:
    """Every --map must name a column of some given file: a typo there is silent otherwise."""
    for key, header in options.mapping.items():
        kind = key.rpartition(".")[0]
        if kind and kind not in files:
            raise GraphkitError(f"--map {key}={header}: no --{kind} file is given")
        candidates = files[kind] if kind else [c for cs in files.values() for c in cs]
        wanted = fields.normalise_header(header)
        if not any(wanted in {fields.normalise_header(h) for h in c.header} for c in candidates):
            cols = "; ".join(
                f"{c.display}: " + ", ".join(h for h in c.header if h) for c in candidates
            )
            raise GraphkitError(
                f'--map {key}={header}: no column "{header}" in the given files ({cols})'
            )


#: Where an id was seen: (file, line, column), or None for a stored stakeholder.
_Where = tuple[CsvFile, int, str | None] | None


def _lookalike_index(
    new: list[tuple[CsvFile, int, Any]],
    stored: dict[str, str],
    negotiation: str,
    options: Options,
    problems: Problems,
) -> LookalikeIndex:
    """The negotiation's ids, stored and ``new`` (stakeholder rows whose id is not
    stored), indexed by look; a new id that looks like another is a problem unless
    ``options.allow_similar_ids``.

    Only the distinct ids are compared, never the rows of a log. Two stored ids that
    look alike are left alone: the import did not make them.
    """
    index = LookalikeIndex()
    for sid in stored:
        index.add(sid, None)
    for csv, line, record in new:
        where = (csv, line, _column_name(csv, "id", "stakeholders", options))
        other = index.add(record.id, where)
        if other is not None and not options.allow_similar_ids:
            problems.add(_lookalike_problem(record.id, where, other, negotiation, "rename one"))
    return index


def _check_created(
    unknown: dict[str, list[tuple[CsvFile, int, str, str]]],
    index: LookalikeIndex,
    negotiation: str,
    options: Options,
    problems: Problems,
) -> None:
    """``--create-missing`` must not create "a-01" beside "A-01"."""
    for sid, places in unknown.items():
        csv, line, end, kind = places[0]
        where = (csv, line, _column_name(csv, end, kind, options))
        other = index.add(sid, where)
        if other is not None:
            fix = f'use "{escape(other[0])}"'
            problems.add(_lookalike_problem(sid, where, other, negotiation, fix))


def _lookalike_problem(
    sid: str, where: _Where, other: tuple[str, _Where], negotiation: str, fix: str
) -> Problem:
    assert where is not None
    csv, line, column = where
    other_id, seen = other
    if seen is None:
        at = f"already in {negotiation}"
    elif seen[0] is csv:
        at = f"line {seen[1]}"
    else:
        at = f"{seen[0].display} line {seen[1]}"
    return Problem(
        csv.display,
        line,
        column,
        f'id "{escape(sid)}" looks like "{escape(other_id)}" ({at})',
        f"they differ only by {how_they_differ(sid, other_id)}; {fix}, or pass "
        "--allow-similar-ids if they really are different people",
    )


def _report_unknown(
    unknown: dict[str, list[tuple[CsvFile, int, str, str]]],
    known: LookalikeIndex,
    names: dict[str, str],
    negotiation: str,
    files: dict[str, list[CsvFile]],
    options: Options,
    problems: Problems,
) -> None:
    candidates: list[str] | None = None
    by_name = {name.casefold(): sid for sid, name in names.items()}
    stake_files = files.get("stakeholders")
    add_to = stake_files[0].display if stake_files else "stakeholders.csv"
    for n, (sid, places) in enumerate(unknown.items()):
        hint = ""
        similar = known.find(sid)
        if sid.casefold() in by_name:
            hint = f'"{escape(sid)}" is the name of {by_name[sid.casefold()]}: use the id. '
        elif similar is not None:
            hint = (
                f'Did you mean "{escape(similar[0])}"? They differ only by '
                f"{how_they_differ(sid, similar[0])}. "
            )
        elif n < 200:
            if candidates is None:
                candidates = sorted(known.ids())
            hint = did_you_mean(sid, candidates, cutoff=0.75, shown=escape)
            hint += " " if hint else ""
        for csv, line, end, kind in places:
            problems.add(
                Problem(
                    csv.display,
                    line,
                    _column_name(csv, end, kind, options),
                    f'unknown stakeholder "{escape(sid)}" (not in {negotiation})',
                    f"{hint}Add it to {add_to}, or pass --create-missing",
                )
            )


def _column_name(
    csv: CsvFile, field_name: str, kind: str, options: Options, absent: str | None = ""
) -> str | None:
    """The file's header for ``field_name``; ``absent`` (default: the field name) if none."""
    wanted = options.mapping.get(
        f"{kind}.{field_name}", options.mapping.get(field_name, field_name)
    )
    for h in csv.header:
        if fields.normalise_header(h) == fields.normalise_header(wanted):
            return h
    if kind == "stakeholders" and field_name == "id":  # the name column serves as the id
        return _column_name(csv, "name", kind, options, absent)
    return field_name if absent == "" else absent
