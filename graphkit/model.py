"""The records graphkit stores: stakeholders, interactions, declared relationships and
declared stances.

Records are validated before they are built (see :mod:`graphkit.ingest`), so every
field here already has its final, normalised form: dates are ISO 8601 strings,
sentiment is a float in [-1, 1], empty text is ``""``.

The record dataclasses are the one declaration of each kind's fields: the stored
columns (:data:`COLUMNS`), their types (:data:`COLUMN_TYPES`), the values a new
record is stored with (:data:`DEFAULTS`) and the columns of the import files
(:data:`FILE_FIELDS`) are derived from them, and the stores, the importer and
:mod:`graphkit.changes` use those.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.words import count

TIERS = ("official", "semi-official", "civil-society")
KINDS = ("state", "non-state", "mediator")

#: The value of an extra column: text, or a number for a stakeholder map's numeric
#: columns (the team's own fields, see :func:`graphkit.ingest.values.typed_attributes`).
AttributeValue = str | int | float

#: Shared empty mapping: most rows carry no extra columns.
NO_ATTRIBUTES: MappingProxyType[str, AttributeValue] = MappingProxyType({})

_NEGOTIATION_NAME = re.compile(r"^[^\W_][\w .-]{0,79}$")


def check_negotiation_name(name: str) -> str:
    """Return ``name`` if it is a valid negotiation name, else raise GraphkitError.

    Names become folder names under ``reports/``, so they are restricted to
    letters, digits, spaces, ``.``, ``_`` and ``-``, start with a letter or
    digit, and never contain ``..``.
    """
    if not _NEGOTIATION_NAME.match(name) or ".." in name or name != name.strip():
        raise GraphkitError(
            f'"{name}" is not a valid negotiation name - use 1 to 80 letters, digits, '
            'spaces, ".", "_" or "-", starting with a letter or digit (e.g. blue-harbor)'
        )
    return name


#: The record kinds, in the order an import writes them.
RECORD_KINDS = ("stakeholders", "interactions", "relationships", "stances")

#: The five stances on an issue, from -2 to +2 (``stance`` of :class:`Stance`).
STANCES = ("oppose", "lean oppose", "undecided", "lean support", "support")


# Field metadata: "stored" is the value a new record is stored with when the file does
# not give the field (a field without it is text: ""); "header" is the column of the
# import file the field is read from (default: its name; None: not a column).


def _given(stored: Any = "") -> Any:
    """A field the file may leave out: ``None`` (not given) keeps the stored value."""
    return field(default=None, metadata={"stored": stored})


def _attributes() -> Any:
    """The row's extra columns (any header that names no field), stored as JSON text."""
    return field(default_factory=lambda: NO_ATTRIBUTES, metadata={"stored": {}, "header": None})


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """A person or organisation in one negotiation's stakeholder map.

    A field that is ``None`` was not given by the file (no such column, or an empty
    cell): an import then leaves the stored value alone, and a new stakeholder gets
    the default (``""``). ``id`` is unique within its negotiation only.
    """

    id: str
    name: str | None = _given()
    party: str | None = _given()
    organization: str | None = _given()
    role: str | None = _given()
    tier: str | None = _given()
    kind: str | None = _given()
    #: Declared power over the outcome and interest in it, 1 (least) to 5 (most); 0: not
    #: declared.
    power: int | None = _given(0)
    interest: int | None = _given(0)
    notes: str | None = _given()
    #: Extra columns (the team's own fields): numbers (``int`` as written without a
    #: point, else ``float``) when every cell of the column is a plain number, else text.
    #: With ``--clear-empty`` an empty value means "remove this attribute".
    attributes: Mapping[str, AttributeValue] = _attributes()
    #: True when created by ``--create-missing`` for an id that is not in the map yet.
    unmapped: bool = field(default=False, metadata={"stored": False, "header": None})

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True)
class Interaction:
    """One logged contact: ``source`` initiated it with ``target`` on ``date``.

    ``key`` identifies the contact within its negotiation: ``id:<id>`` when the log
    has an ``id`` column, otherwise ``h:`` and a hash of what identifies a contact
    without an id (date, source, target, channel, track), plus ``#n`` for the n-th
    row of that identity in the file. Sentiment, confidentiality, notes and extra
    columns are values of the contact: a corrected tone updates it. ``None`` means
    "not given" as for :class:`Stakeholder`.
    """

    #: Made from the log's ``id`` column (see above).
    key: str = field(metadata={"header": "id"})
    date: str
    source: str
    target: str
    channel: str | None = _given()
    track: str | None = _given()
    sentiment: float | None = _given(0.0)
    confidential: bool | None = _given(False)
    notes: str | None = _given()
    attributes: Mapping[str, AttributeValue] = _attributes()


@dataclass(frozen=True, slots=True)
class Relationship:
    """A declared tie that is not a logged contact: alliance, rivalry, reports-to...

    Its identity is the type and the pair (unordered unless directed); sign, weight,
    the dates it held and notes are values (``None``: not given).
    """

    source: str
    target: str
    type: str
    sign: int | None = _given(1)
    weight: float | None = _given(1.0)
    directed: bool = field(default=False, metadata={"stored": False})
    #: The first and the last day the tie held (ISO dates, both included; ``""``: open).
    #: An analysis as of a date outside them leaves the tie out.
    since: str | None = _given()
    until: str | None = _given()
    notes: str | None = _given()
    attributes: Mapping[str, AttributeValue] = _attributes()

    @property
    def key(self) -> str:
        """Identity within a negotiation: type plus the pair (unordered unless directed)."""
        a, b = self.source, self.target
        if not self.directed and b < a:
            a, b = b, a
        return f"{self.type}\x1f{a}\x1f{b}\x1f{'d' if self.directed else 'u'}"


@dataclass(frozen=True, slots=True)
class Stance:
    """Where ``stakeholder`` stood on ``issue`` from ``date`` on, as someone reported it.

    Its identity is the stakeholder, the issue and the day: a stance that changes is a
    new row with a later date, and a corrected row (the same three) updates the stance,
    its source, confidentiality and notes (``None``: not given).
    """

    stakeholder: str
    issue: str
    date: str
    #: -2 (oppose) to +2 (support): the index in :data:`STANCES` minus 2.
    stance: int = field(metadata={"stored": 0})
    #: Who said so or where it comes from ("Embassy cable 14 March").
    source: str | None = _given()
    confidential: bool | None = _given(False)
    notes: str | None = _given()
    attributes: Mapping[str, AttributeValue] = _attributes()

    @property
    def key(self) -> str:
        return f"{self.stakeholder}\x1f{self.issue}\x1f{self.date}"


#: The record type of each kind.
RECORD_TYPES: dict[str, type] = {
    "stakeholders": Stakeholder,
    "interactions": Interaction,
    "relationships": Relationship,
    "stances": Stance,
}


#: The fields of each kind that name a stakeholder of the negotiation.
ENDS: dict[str, tuple[str, ...]] = {
    "interactions": ("source", "target"),
    "relationships": ("source", "target"),
    "stances": ("stakeholder",),
}


def _identity(record: type) -> str:
    """The column that identifies a record of its negotiation: its ``id`` field if it has
    one, else ``key`` (a field, or a property made from the fields that identify it)."""
    return "id" if "id" in {f.name for f in fields(record)} else "key"


def _column_type(hint: Any) -> type:
    """``str | None`` -> ``str``; ``Mapping[str, str]`` -> ``dict``."""
    if isinstance(hint, types.UnionType):
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
    return dict if typing.get_origin(hint) is Mapping else hint


def _columns(record: type) -> tuple[str, ...]:
    key = _identity(record)
    names = [f.name for f in fields(record) if f.name not in (key, "attributes")]
    return (key, *names, "attributes")


#: The stored columns of each kind: the identity (``id`` or ``key``), the record's
#: fields in their order, and ``attributes`` last.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: _columns(record) for kind, record in RECORD_TYPES.items()
}

#: The Python type of every stored column (``str``, ``float``, ``int``, ``bool``, or
#: ``dict`` for the attributes).
COLUMN_TYPES: dict[str, dict[str, type]] = {
    kind: {
        _identity(record): str,
        **{n: _column_type(t) for n, t in typing.get_type_hints(record).items()},
    }
    for kind, record in RECORD_TYPES.items()
}

#: Every stored field of each kind but the identity, in the record's order, with the
#: value a new record gets when the file does not give it.
DEFAULTS: dict[str, dict[str, Any]] = {
    kind: {
        f.name: f.metadata.get("stored", "") for f in fields(record) if f.name != _identity(record)
    }
    for kind, record in RECORD_TYPES.items()
}

#: The columns an import file of each kind may have, in the record's order (other
#: columns become attributes).
FILE_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(
        f.metadata.get("header", f.name)
        for f in fields(record)
        if f.metadata.get("header", f.name) is not None
    )
    for kind, record in RECORD_TYPES.items()
}


@dataclass
class ImportBatch:
    """Everything one ``graphkit import`` writes, validated, as one unit."""

    negotiation: str
    stakeholders: list[Stakeholder] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    #: Stakeholders created by ``--create-missing`` (ids referenced but not mapped).
    created: list[Stakeholder] = field(default_factory=list)
    #: Display names of the files, keyed by record kind (several files of a kind are
    #: joined with ", ").
    files: dict[str, str] = field(default_factory=dict)
    #: Rows read per kind (blank rows are not counted).
    read: dict[str, int] = field(default_factory=dict)
    #: File -> the columns no field reads (see :attr:`ImportResult.unused`).
    unused: dict[str, list[str]] = field(default_factory=dict)
    #: What the import inferred, one line each (see :attr:`ImportResult.inferred`).
    inferred: list[str] = field(default_factory=list)

    def records(self, kind: str) -> list[Any]:
        return getattr(self, kind)


@dataclass
class Counts:
    """What happened to the rows of one file (or of one kind's files)."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    #: Stored records the file no longer has, removed by ``--sync``.
    removed: int = 0
    #: Field -> how many updated records changed it.
    fields: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One record an import adds, updates or (with ``--sync``) removes."""

    kind: str
    key: str
    action: str  # "added" | "updated" | "removed"
    #: A readable name for the record: the stakeholder id, or date, people and track.
    label: str
    #: Field -> (stored value, new value); for "added" every field, stored value None.
    fields: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class ImportResult:
    """Counts per record kind, as returned by :meth:`Store.apply`."""

    negotiation: str
    counts: dict[str, Counts]
    files: dict[str, str]
    created: list[str]
    dry_run: bool = False
    sync: bool = False
    #: Every change, record by record (what ``--dry-run`` lists).
    changes: list[Change] = field(default_factory=list)
    #: File -> the columns of contact logs and declared ties that no field reads, in the
    #: file's order (they are kept as attributes of each record, but nothing uses them;
    #: a stakeholder map's extra columns are the team's own fields, which are used).
    unused: dict[str, list[str]] = field(default_factory=dict)
    #: What the import inferred, one line each: the order of non-ISO dates
    #: (``contacts.csv, column "Date": read as day/month/year (26/05/2024 on line 7 has
    #: day 26)``), a name column serving as the id, an id column naming new stakeholders.
    inferred: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "file": self.files.get(kind, ""),
                "read": c.read,
                "added": c.added,
                "updated": c.updated,
                "unchanged": c.unchanged,
                "removed": c.removed,
                "rejected": c.rejected,
            }
            for kind, c in self.counts.items()
        ]

    def field_summary(self) -> list[str]:
        """``stakeholders.csv: party changed in 3 of 3 updated records, ...`` lines."""
        out = []
        for kind, c in self.counts.items():
            if c.fields:
                parts = ", ".join(f"{name} {n}" for name, n in sorted(c.fields.items()))
                noun = "record" if c.updated == 1 else "records"
                out.append(
                    f"{self.files.get(kind, kind)}: fields changed in the {c.updated} updated {noun}: {parts}"
                )
        return out


@dataclass(frozen=True)
class DeleteResult:
    """What ``graphkit delete`` removed (or, with ``--dry-run``, would remove)."""

    negotiation: str
    #: True when the whole negotiation was removed.
    whole: bool
    stakeholders: int
    interactions: int
    relationships: int
    stances: int = 0

    def describe(self) -> str:
        what = (
            f"{count(self.stakeholders, 'stakeholder')}, {count(self.interactions, 'contact')} "
            f"and {count(self.relationships, 'declared tie')}"
        )
        if self.stances:
            what = what.replace(" and ", ", ") + f" and {count(self.stances, 'stance')}"
        if self.whole:
            return f'negotiation "{self.negotiation}" with its {what}'
        return f"{what} of {self.negotiation}"
