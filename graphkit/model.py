"""The records graphkit stores: stakeholders, interactions and declared relationships.

Records are validated before they are built (see :mod:`graphkit.ingest`), so every
field here already has its final, normalised form: dates are ISO 8601 strings,
sentiment is a float in [-1, 1], empty text is ``""``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from graphkit.errors import GraphkitError

TIERS = ("official", "semi-official", "civil-society")
KINDS = ("state", "non-state", "mediator")

#: Shared empty mapping: most rows carry no extra columns.
NO_ATTRIBUTES: MappingProxyType[str, str] = MappingProxyType({})

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


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """A person or organisation in a stakeholder map."""

    id: str
    name: str
    party: str = ""
    organization: str = ""
    role: str = ""
    tier: str = ""
    kind: str = ""
    notes: str = ""
    attributes: Mapping[str, str] = field(default_factory=lambda: NO_ATTRIBUTES)
    #: True when created by ``--create-missing`` for an id that is not in any map yet.
    unmapped: bool = False

    def values(self) -> tuple[Any, ...]:
        """The stored fields in a fixed order (used to detect updates)."""
        return (
            self.name,
            self.party,
            self.organization,
            self.role,
            self.tier,
            self.kind,
            self.notes,
            dict(self.attributes),
            self.unmapped,
        )


@dataclass(frozen=True, slots=True)
class Interaction:
    """One logged contact: ``source`` initiated it with ``target`` on ``date``.

    ``key`` identifies the row within its negotiation: ``id:<id>`` when the log
    has an ``id`` column, otherwise a hash of the row's content plus the count of
    identical rows before it in the same file, so that re-importing a file
    changes nothing and an extended log adds only its new rows.
    """

    key: str
    date: str
    source: str
    target: str
    channel: str = ""
    track: str = ""
    sentiment: float = 0.0
    confidential: bool = False
    notes: str = ""
    attributes: Mapping[str, str] = field(default_factory=lambda: NO_ATTRIBUTES)

    def values(self) -> tuple[Any, ...]:
        return (
            self.date,
            self.source,
            self.target,
            self.channel,
            self.track,
            self.sentiment,
            self.confidential,
            self.notes,
            dict(self.attributes),
        )


@dataclass(frozen=True, slots=True)
class Relationship:
    """A declared tie that is not a logged contact: alliance, rivalry, reports-to..."""

    source: str
    target: str
    type: str
    sign: int
    weight: float = 1.0
    directed: bool = False
    notes: str = ""
    attributes: Mapping[str, str] = field(default_factory=lambda: NO_ATTRIBUTES)

    @property
    def key(self) -> str:
        """Identity within a negotiation: type plus the pair (unordered unless directed)."""
        a, b = self.source, self.target
        if not self.directed and b < a:
            a, b = b, a
        return f"{self.type}\x1f{a}\x1f{b}\x1f{'d' if self.directed else 'u'}"

    def values(self) -> tuple[Any, ...]:
        return (
            self.source,
            self.target,
            self.type,
            self.sign,
            self.weight,
            self.directed,
            self.notes,
            dict(self.attributes),
        )


@dataclass
class ImportBatch:
    """Everything one ``graphkit import`` writes, validated, as one unit."""

    negotiation: str
    stakeholders: list[Stakeholder] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    #: Stakeholders created by ``--create-missing`` (ids referenced but not mapped).
    created: list[Stakeholder] = field(default_factory=list)
    #: Display names of the files, keyed by record kind.
    files: dict[str, str] = field(default_factory=dict)
    #: Rows read per kind (blank rows are not counted).
    read: dict[str, int] = field(default_factory=dict)


@dataclass
class Counts:
    """What happened to the rows of one file."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportResult:
    """Counts per record kind, as returned by :meth:`Store.apply`."""

    negotiation: str
    counts: dict[str, Counts]
    files: dict[str, str]
    created: list[str]
    dry_run: bool = False

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "file": self.files.get(kind, ""),
                "read": c.read,
                "added": c.added,
                "updated": c.updated,
                "unchanged": c.unchanged,
                "rejected": c.rejected,
            }
            for kind, c in self.counts.items()
        ]
