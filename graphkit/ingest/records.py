"""Rows to validated records: per-cell checks (with value maps), duplicate detection.

All problems in a file are collected (not just the first) so a prep team can
fix a file in one go. Which column gives which field is planned in
:mod:`graphkit.ingest.columns`.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from graphkit.errors import Problem
from graphkit.ingest import fields as f
from graphkit.ingest.cells import Cells, column_cells
from graphkit.ingest.columns import Columns, Summary, plan_columns
from graphkit.ingest.csvfile import CsvFile
from graphkit.ingest.dates import ColumnRefused, DateColumn
from graphkit.model import Interaction, Relationship, Stakeholder, Stance

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

    def add(self, problem: Problem | None) -> None:
        if problem is None:
            return
        self.total += 1
        if problem.line is not None:
            self.rows.add((problem.file, problem.line))
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)

    def reject_row(self, file: str, line: int) -> None:
        """Count a row as rejected by a problem reported for its whole column."""
        self.rows.add((file, line))

    def __bool__(self) -> bool:
        return self.total > 0


class _Pool(dict):
    """Interns repeated strings (ids, channels, tracks) so 1M rows stay small."""

    def __call__(self, s: str) -> str:
        return self.setdefault(s, s)


def parse_stakeholders(
    csv: CsvFile,
    options: Options,
    problems: Problems,
    progress: Callable[[int], None],
    summary: Summary | None = None,
) -> tuple[list[tuple[int, Stakeholder]], int]:
    """Stakeholders with the line each came from."""
    summary = summary if summary is not None else Summary()
    columns = plan_columns(csv, "stakeholders", options, problems, summary)
    if columns is None:
        return [], 0
    cells = Cells(csv, columns, problems, options.clear_empty)
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
        power = cells.given("power", partial(f.parse_level, what="power"))
        interest = cells.given("interest", partial(f.parse_level, what="interest"))
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
                        power=power,
                        interest=interest,
                        notes=cells.given("notes"),
                        attributes=cells.extras(),
                    ),
                )
            )
    cells.finish(summary)
    return out, read


def parse_interactions(
    csv: CsvFile,
    options: Options,
    problems: Problems,
    progress: Callable[[int], None],
    summary: Summary | None = None,
) -> tuple[list[tuple[int, Interaction]], int]:
    """Interactions with the line each came from (for reference checks)."""
    summary = summary if summary is not None else Summary()
    columns = plan_columns(csv, "interactions", options, problems, summary)
    if columns is None:
        return [], 0
    cells = Cells(csv, columns, problems, options.clear_empty)
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

    def mapped_sentiment(value: str) -> float:  # graphkit's own scale: not rescaled
        return f.parse_sentiment(value, f.SentimentScale(), decimal_comma=False)

    dates = _date_column(csv, columns, options, "date")
    for line, row in _rows(csv, progress):
        read += 1
        if not cells.start(line, row):
            continue
        when = cells.get("date", dates.parse)
        source = cells.identifier("source", "source stakeholder id")
        target = cells.identifier("target", "target stakeholder id")
        tone = cells.given("sentiment", sentiment, mapped_sentiment)
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
    _report_dates(dates, problems, summary)
    cells.finish(summary)
    return out, read


def identity_hash(date: str, source: str, target: str, channel: str, track: str) -> str:
    """A short digest of what identifies a contact that has no id.

    >>> identity_hash("2024-03-01", "A-01", "B-01", "meeting", "fisheries")
    '11479fdf979ced3aaa784d7f'
    """
    text = "\x1f".join((date, source, target, channel, track))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def parse_relationships(
    csv: CsvFile,
    options: Options,
    problems: Problems,
    progress: Callable[[int], None],
    summary: Summary | None = None,
) -> tuple[list[tuple[int, Relationship]], int]:
    summary = summary if summary is not None else Summary()
    columns = plan_columns(csv, "relationships", options, problems, summary)
    if columns is None:
        return [], 0
    cells = Cells(csv, columns, problems, options.clear_empty)
    decimal_comma = csv.delimiter != ","
    seen: dict[str, int] = {}
    out: list[tuple[int, Relationship]] = []
    read = 0
    held = {name: _date_column(csv, columns, options, name) for name in ("since", "until")}

    def day(name: str) -> Callable[[str], str]:
        return lambda raw: held_day(raw, name, held[name])

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
        since, until = cells.given("since", day("since")), cells.given("until", day("until"))
        if source and source == target:
            cells.fail(
                "target",
                f'source and target are both "{source}"',
                "a tie needs two different stakeholders",
            )
        if since and until and until < since:
            cells.fail(
                "until",
                f"the tie ends ({until}) before it starts (since {since})",
                "correct one of the dates, or swap them",
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
            since=since,
            until=until,
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
    for dates in held.values():
        _report_dates(dates, problems, summary)
    cells.finish(summary)
    return out, read


def parse_stances(
    csv: CsvFile,
    options: Options,
    problems: Problems,
    progress: Callable[[int], None],
    summary: Summary | None = None,
) -> tuple[list[tuple[int, Stance]], int]:
    """Declared stances with the line each came from: one row per stakeholder, issue and
    day (the day a stance was reported, or from which it held)."""
    summary = summary if summary is not None else Summary()
    columns = plan_columns(csv, "stances", options, problems, summary)
    if columns is None:
        return [], 0
    cells = Cells(csv, columns, problems, options.clear_empty)
    pool = _Pool()
    seen: dict[str, int] = {}
    out: list[tuple[int, Stance]] = []
    read = 0
    dates = _date_column(csv, columns, options, "date")
    for line, row in _rows(csv, progress):
        read += 1
        if not cells.start(line, row):
            continue
        who = cells.identifier("stakeholder", "stakeholder id")
        issue = cells.required("issue", "issue")
        when = cells.get("date", dates.parse)
        stance = cells.get("stance", f.parse_stance)
        confidential = cells.given("confidential", f.parse_bool)
        if not cells.ok:
            continue
        record = Stance(
            stakeholder=pool(who),
            issue=pool(issue),
            date=str(when),
            stance=int(stance),
            source=cells.given("source"),
            confidential=confidential,
            notes=cells.given("notes"),
            attributes=cells.extras(),
        )
        if record.key in seen:
            cells.fail(
                "stance",
                f'the stance of "{who}" on {issue} on {when} is given twice (first on '
                f"line {seen[record.key]})",
                "keep one row per stakeholder, issue and date",
            )
            continue
        seen[record.key] = line
        out.append((line, record))
    _report_dates(dates, problems, summary)
    cells.finish(summary)
    return out, read


def _date_column(csv: CsvFile, columns: Columns, options: Options, name: str) -> DateColumn:
    """How the dates of column ``name`` are read (the order of non-ISO dates is decided
    by the whole column, read again only if needed)."""
    return DateColumn(
        options.date_format,
        partial(column_cells, csv, columns, name),
        csv.display,
        columns.header_of(csv, name),
    )


def _report_dates(dates: DateColumn, problems: Problems, summary: Summary) -> None:
    """A date column's problem (an order it could not decide), and what it inferred."""
    problems.add(dates.problem())
    inferred = dates.inferred()
    if inferred:
        summary.inferred.append(inferred)


_YEAR_OR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def held_day(raw: str, name: str, dates: DateColumn) -> str:
    """The ISO day of a tie's ``since`` or ``until`` cell (``name``). A year or a year and
    month is its first day for ``since`` and its last for ``until`` (an alliance "since
    2019" held from 2019-01-01; one "until 2023-06" to 2023-06-30); the time of a date-time
    is dropped; an empty cell (with ``--clear-empty``) is open: ``""``.

    >>> column = DateColumn(None, list, "ties.csv", "until")
    >>> held_day("2019", "since", column), held_day("2024-02", "until", column)
    ('2019-01-01', '2024-02-29')
    """
    text = raw.strip()
    if not text:
        return ""
    m = _YEAR_OR_MONTH.fullmatch(text)
    if m is None:
        try:
            return dates.parse(text)[:10]
        except f.CellError as err:
            if isinstance(err, ColumnRefused):
                raise
            first = "first" if name == "since" else "last"
            raise f.CellError(
                err.message,
                f"{err.fix}; or a year (2019) or a month (2019-03) for its {first} day",
            ) from None
    year, month = int(m.group(1)), int(m.group(2) or 0)
    if month > 12 or m.group(2) == "00":
        raise f.CellError(f'"{text}" is not a month', "write YYYY-MM with a month from 01 to 12")
    if name == "since":
        return date(year, month or 1, 1).isoformat()
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _rows(csv: CsvFile, progress: Callable[[int], None]) -> Iterator[tuple[int, list[str]]]:
    for n, item in enumerate(csv.rows(), start=1):
        if n % 100_000 == 0:
            progress(n)
        yield item
