"""Rows to validated records: header matching, per-cell checks, duplicate detection.

All problems in a file are collected (not just the first) so a prep team can
fix a file in one go.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import Problem
from graphkit.ingest import fields as f
from graphkit.ingest import lookalike
from graphkit.ingest.csvfile import CsvFile
from graphkit.model import NO_ATTRIBUTES, Interaction, Relationship, Stakeholder

#: Problems kept in memory per import; the rest are only counted.
MAX_PROBLEMS = 1000


@dataclass
class Options:
    """How to read the files (``graphkit import`` options)."""

    #: field -> header, optionally qualified: ``"source"`` or ``"interactions.source"``.
    mapping: dict[str, str] = field(default_factory=dict)
    #: field -> one value for every row of a file that has no such column (``--set``).
    constants: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    sentiment_scale: f.SentimentScale = field(default_factory=f.SentimentScale)
    encoding: str | None = None
    delimiter: str | None = None
    create_missing: bool = False
    #: An empty cell erases the stored value (``--clear-empty``); by default it is
    #: "not given", like an absent column, and the stored value stays.
    clear_empty: bool = False
    #: Accept new ids that differ from another id of the negotiation only by case,
    #: whitespace or look-alike characters (``--allow-similar-ids``); by default such
    #: an id rejects the import.
    allow_similar_ids: bool = False
    #: The sheet of a workbook to read (``--sheet``, or ``file.xlsx#Sheet``); None: the
    #: sheet named like the kind, or the only one.
    sheet: str | None = None
    #: The 1-based row (line) of the header (``--header-row``); None: found past title rows.
    header_row: int | None = None
    #: field -> {word in the file: value} (``--value-map "sentiment:Positive=0.6,..."``),
    #: the field optionally qualified like ``mapping``: ``"interactions.sentiment"``.
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Options for the files of one kind (key ``"interactions"``) or one file (key: its
    #: path as given, or ``"kind:path"``), e.g. ``{"interactions": {"encoding": "cp1252"}}``;
    #: a file's own entry wins over its kind's, and both over the options above.
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_file(self, kind: str, path: str | os.PathLike[str]) -> Options:
        """The options that apply to one file of ``kind``: these, with the overrides of the
        kind and then of the file applied (maps are merged key by key)."""
        result = self
        for key in (kind, str(path), f"{kind}:{path}"):
            changes = dict(self.overrides.get(key, {}))
            if not changes:
                continue
            for name in ("mapping", "constants", "value_maps"):
                if name in changes:
                    changes[name] = {**getattr(result, name), **changes[name]}
            result = dataclasses.replace(result, **changes)
        return dataclasses.replace(result, overrides={}) if result.overrides else result


class Problems:
    """Collects problems, capped, and remembers which rows were rejected."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0
        self.rows: set[tuple[str, int]] = set()

    def add(self, problem: Problem) -> None:
        self.total += 1
        if problem.line is not None:
            self.rows.add((problem.file, problem.line))
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class Columns:
    """Where each field of a record kind is found in one file."""

    kind: str
    index: dict[str, int]
    constants: dict[str, str]
    extras: list[tuple[int, str]]
    width: int
    #: Fields a row needs: up to the header's last named column (Excel writes every
    #: delimiter of every row, so a shorter row was cut off).
    needed: int = 0


def plan_columns(csv: CsvFile, kind: str, options: Options, problems: Problems) -> Columns | None:
    """Match the file's header to the fields of ``kind``; None if a required field is missing."""
    header = csv.header
    by_norm: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        key = f.normalise_header(name)
        if key in by_norm:
            problems.add(
                Problem(
                    csv.display,
                    csv.header_line,
                    name,
                    f'the header repeats column "{header[by_norm[key]]}"',
                    "rename or delete one of them",
                )
            )
            continue
        by_norm[key] = i

    index: dict[str, int] = {}
    constants: dict[str, str] = {}
    for name in f.FIELDS[kind]:
        wanted = options.mapping.get(f"{kind}.{name}", options.mapping.get(name))
        if wanted is not None and f.normalise_header(wanted) in by_norm:
            index[name] = by_norm[f.normalise_header(wanted)]
        elif name in by_norm and not _claimed(name, kind, options, by_norm):
            index[name] = by_norm[name]
        const = options.constants.get(f"{kind}.{name}", options.constants.get(name))
        if const is not None:
            if name in index:
                problems.add(
                    Problem(
                        csv.display,
                        csv.header_line,
                        header[index[name]],
                        f"--set {name}=... is given but the file already has this column",
                        f"drop --set {name}, or remove the column",
                    )
                )
            else:
                constants[name] = unicodedata.normalize("NFC", const)

    missing = [n for n in f.REQUIRED[kind] if n not in index and n not in constants]
    for name in missing:
        present = ", ".join(h for h in header if h) or "(none)"
        problems.add(
            Problem(
                csv.display,
                csv.header_line,
                None,
                f'missing required column "{name}" (columns found: {present})',
                f"add it, or map another column with --map {name}=HEADER"
                + (
                    f" or give every row one value with --set {name}=VALUE"
                    if name == "date"
                    else ""
                ),
            )
        )
    if missing:
        return None
    used = set(index.values())
    extras = [(i, h) for i, h in enumerate(header) if i not in used]
    extras = [(i, h if h else f"column_{i + 1}") for i, h in extras]
    needed = max((i + 1 for i, h in enumerate(header) if h), default=0)
    return Columns(kind, index, constants, extras, len(header), needed)


def _claimed(name: str, kind: str, options: Options, by_norm: dict[str, int]) -> bool:
    """True when a column named like ``name`` was mapped to another field of ``kind``."""
    norm = f.normalise_header(name)
    for key, header in options.mapping.items():
        target = key.split(".", 1)[-1]
        if "." in key and not key.startswith(f"{kind}."):
            continue
        if target != name and f.normalise_header(header) == norm and target in f.FIELDS[kind]:
            return True
    return False


class _Cells:
    """Access to one row's fields by field name, reporting problems with location."""

    __slots__ = ("clear_empty", "columns", "csv", "fields", "line", "ok", "problems")

    def __init__(self, csv: CsvFile, columns: Columns, problems: Problems, clear_empty: bool):
        self.csv, self.columns, self.problems = csv, columns, problems
        self.clear_empty = clear_empty
        self.line = 0
        self.fields: list[str] = []
        self.ok = True

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

    def get(self, name: str, parse: Callable[[str], object], default: object = "") -> object:
        try:
            return parse(self.raw(name))
        except f.CellError as err:
            self.fail(name, err.message, err.fix)
            return default

    def given(self, name: str, parse: Callable[[str], Any] = str.strip) -> Any:
        """The cell's value, or None when the file does not give it: no such column, or
        an empty cell (unless ``--clear-empty``: then the field's empty value)."""
        if name not in self.columns.index and name not in self.columns.constants:
            return None
        raw = self.raw(name)
        if not raw.strip() and not self.clear_empty:
            return None
        try:
            return parse(raw)
        except f.CellError as err:
            self.fail(name, err.message, err.fix)
            return None

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
        i = self.columns.index.get(name)
        column = self.csv.header[i] if i is not None else f"--set {name}"
        self.problems.add(Problem(self.csv.display, self.line, column, message, fix))
        self.ok = False

    def extras(self) -> Mapping[str, str]:
        """Extra columns with a value; with ``--clear-empty`` also the empty ones ("" means
        "remove this attribute")."""
        out = {}
        for i, name in self.columns.extras:
            value = self.fields[i].strip() if i < len(self.fields) else ""
            if value or self.clear_empty:
                out[name] = value
        return out or NO_ATTRIBUTES


def _delimiter_name(d: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(d, repr(d))


class _Pool(dict):
    """Interns repeated strings (ids, channels, tracks) so 1M rows stay small."""

    def __call__(self, s: str) -> str:
        return self.setdefault(s, s)


def parse_stakeholders(
    csv: CsvFile, options: Options, problems: Problems, progress: Callable[[int], None]
) -> tuple[list[tuple[int, Stakeholder]], int]:
    """Stakeholders with the line each came from."""
    columns = plan_columns(csv, "stakeholders", options, problems)
    if columns is None:
        return [], 0
    cells = _Cells(csv, columns, problems, options.clear_empty)
    seen: dict[str, int] = {}
    out: list[tuple[int, Stakeholder]] = []
    read = 0
    for line, row in _rows(csv, progress):
        read += 1
        if not cells.start(line, row):
            continue
        sid = cells.identifier("id", "stakeholder id")
        if "name" in columns.index or "name" in columns.constants:
            name = cells.required("name", "name") if cells.clear_empty else cells.given("name")
        else:
            name = None
        tier = cells.given("tier", f.parse_tier)
        kind = cells.given("kind", f.parse_kind)
        if sid and sid in seen:
            cells.fail(
                "id",
                f'duplicate id "{sid}" (first on line {seen[sid]})',
                "ids must be unique: merge or renumber the rows",
            )
        elif sid:
            seen[sid] = line
        if cells.ok:
            out.append(
                (
                    line,
                    Stakeholder(
                        id=sid,
                        name=name,
                        party=cells.given("party"),
                        organization=cells.given("organization"),
                        role=cells.given("role"),
                        tier=tier,
                        kind=kind,
                        notes=cells.given("notes"),
                        attributes=cells.extras(),
                    ),
                )
            )
    return out, read


def parse_interactions(
    csv: CsvFile, options: Options, problems: Problems, progress: Callable[[int], None]
) -> tuple[list[tuple[int, Interaction]], int]:
    """Interactions with the line each came from (for reference checks)."""
    columns = plan_columns(csv, "interactions", options, problems)
    if columns is None:
        return [], 0
    cells = _Cells(csv, columns, problems, options.clear_empty)
    pool = _Pool()
    decimal_comma = csv.delimiter != ","
    scale = options.sentiment_scale
    has_id = "id" in columns.index or "id" in columns.constants
    seen_ids: dict[str, int] = {}
    occurrences: dict[str, int] = {}
    out: list[tuple[int, Interaction]] = []
    read = 0

    def sentiment(raw: str) -> float:
        return f.parse_sentiment(raw, scale, decimal_comma=decimal_comma)

    for line, row in _rows(csv, progress):
        read += 1
        if not cells.start(line, row):
            continue
        when = cells.get("date", lambda raw: f.parse_date(raw, options.date_format))
        source = cells.identifier("source", "source stakeholder id")
        target = cells.identifier("target", "target stakeholder id")
        tone = cells.given("sentiment", sentiment)
        confidential = cells.given("confidential", f.parse_bool)
        if source and source == target:
            cells.fail(
                "target",
                f'source and target are both "{source}"',
                "a contact needs two different stakeholders",
            )
        iid = cells.raw("id").strip() if has_id else ""
        if has_id and not iid:
            cells.fail(
                "id", "the interaction id is empty", "give every row an id, or drop the id column"
            )
        elif iid in seen_ids:
            cells.fail(
                "id",
                f'duplicate interaction id "{iid}" (first on line {seen_ids[iid]})',
                "ids must be unique in a log",
            )
        elif iid:
            seen_ids[iid] = line
            cells.check_visible("id", "interaction id", iid)
        if not cells.ok:
            continue
        channel = cells.given("channel")
        track = cells.given("track")
        if iid:
            key = "id:" + iid
        else:
            # Without an id, what identifies a contact is when, who and where; its tone,
            # notes and extra columns are values that a corrected row updates.
            channel, track = channel or "", track or ""
            digest = identity_hash(str(when), source, target, channel, track)
            n = occurrences[digest] = occurrences.get(digest, 0) + 1
            key = f"h:{digest}" if n == 1 else f"h:{digest}#{n}"
        record = Interaction(
            key=key,
            date=pool(str(when)),
            source=pool(source),
            target=pool(target),
            channel=None if channel is None else pool(channel),
            track=None if track is None else pool(track),
            sentiment=tone,
            confidential=confidential,
            notes=cells.given("notes"),
            attributes=cells.extras(),
        )
        out.append((line, record))
    return out, read


def identity_hash(date: str, source: str, target: str, channel: str, track: str) -> str:
    """A short digest of what identifies a contact that has no id.

    >>> identity_hash("2024-03-01", "A-01", "B-01", "meeting", "fisheries")
    '11479fdf979ced3aaa784d7f'
    """
    text = "\x1f".join((date, source, target, channel, track))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def parse_relationships(
    csv: CsvFile, options: Options, problems: Problems, progress: Callable[[int], None]
) -> tuple[list[tuple[int, Relationship]], int]:
    columns = plan_columns(csv, "relationships", options, problems)
    if columns is None:
        return [], 0
    cells = _Cells(csv, columns, problems, options.clear_empty)
    decimal_comma = csv.delimiter != ","
    seen: dict[str, int] = {}
    out: list[tuple[int, Relationship]] = []
    read = 0
    for line, row in _rows(csv, progress):
        read += 1
        if not cells.start(line, row):
            continue
        source = cells.identifier("source", "source stakeholder id")
        target = cells.identifier("target", "target stakeholder id")
        kind = cells.get("type", f.parse_type)
        sign = cells.get("sign", f.parse_sign, 1)
        weight = cells.given("weight", lambda raw: f.parse_weight(raw, decimal_comma=decimal_comma))
        directed = cells.get("directed", f.parse_bool, False)
        if source and source == target:
            cells.fail(
                "target",
                f'source and target are both "{source}"',
                "a tie needs two different stakeholders",
            )
        if not cells.ok:
            continue
        record = Relationship(
            source=source,
            target=target,
            type=str(kind),
            sign=sign if isinstance(sign, int) else 1,
            weight=weight,
            directed=bool(directed),
            notes=cells.given("notes"),
            attributes=cells.extras(),
        )
        if record.key in seen:
            cells.fail(
                "type",
                f'the {kind} tie between "{source}" and "{target}" is declared twice (first on line {seen[record.key]})',
                "keep one row per declared tie",
            )
            continue
        seen[record.key] = line
        out.append((line, record))
    return out, read


def _rows(csv: CsvFile, progress: Callable[[int], None]) -> Iterator[tuple[int, list[str]]]:
    for n, item in enumerate(csv.rows(), start=1):
        if n % 100_000 == 0:
            progress(n)
        yield item
