"""The Store contract that the embedded SQLite store and the Neo4j store both keep.

A store holds negotiations, each with its own stakeholders, logged interactions and
declared relationships. ``apply`` writes one
validated :class:`~graphkit.model.ImportBatch`; ``load`` reads one negotiation
back as pandas DataFrames, with date, track and party filters applied by the
store itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from graphkit.errors import NotFound
from graphkit.model import (
    COLUMN_TYPES,
    COLUMNS,
    DeleteResult,
    ImportBatch,
    ImportResult,
)
from graphkit.suggest import close_matches, did_you_mean

#: The columns of the frames :meth:`Store.load` returns (and of the stored records).
STAKEHOLDER_COLUMNS = list(COLUMNS["stakeholders"])
INTERACTION_COLUMNS = list(COLUMNS["interactions"])
RELATIONSHIP_COLUMNS = list(COLUMNS["relationships"])
STANCE_COLUMNS = list(COLUMNS["stances"])


@dataclass(frozen=True)
class Filters:
    """What part of a negotiation to read.

    ``since`` and ``as_of`` are inclusive ISO dates (``as_of`` is ``--as-of``: only what
    was known then; the same name as in :class:`graphkit.scope.Scope` and
    :func:`graphkit.analyse`). ``track`` keeps contacts of that track;
    ``party`` keeps contacts and declared ties with at least one end in that party.
    Stakeholders are always all members of the negotiation.
    """

    since: str | None = None
    as_of: str | None = None
    track: str | None = None
    party: str | None = None

    @property
    def until_exclusive(self) -> str | None:
        """The day after ``as_of``: ISO strings compare correctly with date-times that way."""
        if self.as_of is None:
            return None
        from datetime import date, timedelta

        return (date.fromisoformat(self.as_of[:10]) + timedelta(days=1)).isoformat()


@dataclass
class NegotiationData:
    """One negotiation as read from a store."""

    name: str
    stakeholders: pd.DataFrame
    interactions: pd.DataFrame
    relationships: pd.DataFrame
    filters: Filters = Filters()


@dataclass
class TieData:
    """One negotiation as its ties (:meth:`Store.load_ties`): the stakeholders and declared
    relationships as :meth:`Store.load` reads them, and instead of the contacts their
    aggregates per ordered pair (:func:`graphkit.aggregates.directed_aggregates`)."""

    name: str
    stakeholders: pd.DataFrame
    directed: pd.DataFrame
    relationships: pd.DataFrame
    filters: Filters
    as_of: str
    half_life_days: float
    period_days: int
    public: bool = False
    #: The contacts the aggregates are made of, when the store read them anyway (the
    #: embedded store: a local file); ``None`` when it did not (Neo4j: they stay on the
    #: server until an output shows them, :meth:`Store.contacts_between`).
    contacts: pd.DataFrame | None = None


@runtime_checkable
class Store(Protocol):
    """What every store does. Both implementations pass the same contract tests.

    Stakeholders belong to one negotiation: the same id in two negotiations is two
    stakeholders, and nothing done to one negotiation changes another.
    """

    #: Where the store is, for messages; credentials are never part of it.
    display: str

    def stakeholder_names(self, negotiation: str) -> dict[str, str]:
        """``{id: name}`` of the negotiation's stakeholders (empty for a new negotiation)."""

    def load_stances(self, negotiation: str, *, public: bool = False) -> pd.DataFrame:
        """Every declared stance of the negotiation (:data:`STANCE_COLUMNS`; without the
        confidential ones when ``public``), sorted by stakeholder, issue and date. Raises
        NotFound for an unknown negotiation."""

    def apply(
        self,
        batch: ImportBatch,
        *,
        dry_run: bool = False,
        sync: bool = False,
        list_changes: bool = False,
        notify: Callable[[str], None] = ...,
    ) -> ImportResult:
        """Write ``batch`` atomically (all or nothing) and count what changed.

        Fields the batch does not give keep their stored values (see
        :mod:`graphkit.changes`). With ``sync`` the negotiation's stored records of
        each kind in the batch that the batch lacks are removed. With ``dry_run`` the
        counts and the record-by-record changes are computed and nothing is kept.
        ``notify`` receives a notice when the import must wait for another one.
        """

    def negotiations(self) -> list[dict[str, Any]]:
        """One row per negotiation: name, stakeholders, interactions, relationships,
        first_contact, last_contact."""

    def load(
        self, negotiation: str, filters: Filters | None = None, *, contacts: bool = True
    ) -> NegotiationData:
        """Read one negotiation (``contacts`` False: without its contacts); raises NotFound
        when it does not exist."""

    def load_ties(
        self,
        negotiation: str,
        filters: Filters,
        *,
        as_of: str,
        half_life_days: float,
        period_days: int,
        public: bool = False,
    ) -> TieData:
        """The negotiation's stakeholders and declared relationships (as :meth:`load`), and
        the contacts that ``filters`` keep up to ``as_of`` aggregated per ordered pair as
        :func:`graphkit.aggregates.directed_aggregates` does (``public``: without the contacts
        marked confidential), all from one state of the negotiation. Raises NotFound."""

    def contacts_between(
        self,
        negotiation: str,
        filters: Filters,
        pairs: Sequence[tuple[str, str]],
        *,
        public: bool = False,
    ) -> pd.DataFrame:
        """The contacts :meth:`load` gives with ``filters`` (``public``: not confidential)
        between the ends of each pair, either way round, as a frame of
        :data:`INTERACTION_COLUMNS` sorted by date and key."""

    def last_contact(self, negotiation: str, *, public: bool = False) -> str | None:
        """The day of the negotiation's last contact (``public``: the last not marked
        confidential); ``None`` without any."""

    def write_metrics(
        self, negotiation: str, metrics: Mapping[str, Mapping[str, float | None]]
    ) -> int:
        """Replace the negotiation's stored metrics with ``{stakeholder: {metric: value}}``."""

    def read_metrics(self, negotiation: str) -> dict[str, dict[str, float]]:
        """The metrics last written with :meth:`write_metrics`."""

    def delete(
        self, negotiation: str, stakeholders: Sequence[str] | None = None, *, dry_run: bool = False
    ) -> DeleteResult:
        """Remove the negotiation, or only these stakeholders with their contacts, ties and
        metrics, all or nothing; raises NotFound for an unknown negotiation or id."""

    def close(self) -> None: ...


def not_found(name: str, known: list[str], where: str) -> str:
    """The message for an unknown negotiation, with the closest name and the known ones."""
    hint = did_you_mean(name, known)
    hint += " " if hint else ""
    listed = ", ".join(known) if known else "none yet"
    return (
        f'no negotiation "{name}" in {where} - {hint}Known: {listed}. '
        "Import one with graphkit import --negotiation NAME"
    )


def require_stakeholders(ids: Sequence[str], names: Mapping[str, str], negotiation: str) -> None:
    """Raise NotFound naming every id that is not a stakeholder of the negotiation."""
    missing = [sid for sid in ids if sid not in names]
    if not missing:
        return
    parts = []
    for sid in missing:
        close = close_matches(sid, names, cutoff=0.75)
        parts.append(f'"{sid}"' + (f' (did you mean "{close[0]}"?)' if close else ""))
    raise NotFound(
        f"no stakeholder {', '.join(parts)} in {negotiation} - nothing was deleted; "
        f"list them with graphkit influence -n {negotiation} --format csv"
    )


def dumps(attributes: Mapping[str, str]) -> str:
    """Attributes as stored: canonical JSON, so equal attributes compare equal as text."""
    if not attributes:
        return "{}"  # most rows carry no extra columns
    return json.dumps(dict(attributes), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None) -> dict[str, str]:
    return json.loads(text) if text and text != "{}" else {}  # most rows: no extra columns


#: The fields of a declared tie added in schema version 3 (SQLite) / 3 (Neo4j).
DECLARED_DATES = ("since", "until")


def declared_dates(attributes: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """Split a declared tie's stored attributes for the migration that adds ``since`` and
    ``until``: ``({field: ISO date}, the other attributes)``.

    Before they were fields, a column of that name was kept as an attribute; the next
    import of the same file reads it as the field, so a value that import reads the same
    way (an ISO date, a year or a month: :func:`graphkit.ingest.records.held_day`) moves to
    the field rather than stay behind twice. Anything else stays an attribute (the next
    import says what is wrong with that cell).

    >>> declared_dates({"Since": "2019", "until": "ongoing", "desk": "EU"})
    ({'since': '2019-01-01'}, {'until': 'ongoing', 'desk': 'EU'})
    """
    from graphkit.ingest.dates import DateColumn
    from graphkit.ingest.fields import CellError, normalise_header
    from graphkit.ingest.records import held_day

    dates: dict[str, str] = {}
    rest: dict[str, Any] = {}
    for name, value in attributes.items():
        key = normalise_header(name)
        if key in DECLARED_DATES and key not in dates and isinstance(value, str):
            try:
                day = held_day(value, key, DateColumn(None, list, "", key))
                if day:
                    dates[key] = day
                    continue
            except CellError:
                pass
        rest[name] = value
    return dates, rest


def frame(
    rows: Iterable[Mapping[str, Any]] | Iterable[tuple[Any, ...]], columns: list[str]
) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (also when there are no rows)."""
    return pd.DataFrame.from_records(list(rows), columns=columns)  # type: ignore[arg-type]


def stance_frame(rows: Iterable[Mapping[str, Any]] | Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """The stances :meth:`Store.load_stances` returns: :data:`STANCE_COLUMNS` with their
    types, sorted by stakeholder, issue and date."""
    table = frame(rows, STANCE_COLUMNS)
    table["stance"] = table["stance"].astype(int)
    table["confidential"] = table["confidential"].astype(bool)
    return table.sort_values("key", kind="stable").reset_index(drop=True)


def visible_contacts(
    contacts: pd.DataFrame,
    *,
    public: bool = False,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """``contacts`` without the confidential ones when ``public``, and with ``pairs`` only
    those between the ends of a pair (either way round)."""
    if public:
        contacts = contacts[~contacts["confidential"].astype(bool)]
    if pairs is not None:
        wanted = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
        ends = pd.MultiIndex.from_arrays(
            [contacts["source"].astype(str), contacts["target"].astype(str)]
        )
        contacts = contacts[ends.isin(list(wanted))]
    return contacts.reset_index(drop=True)


def normalise_frames(data: NegotiationData) -> NegotiationData:
    """Give both stores' output the same dtypes (a column's type in
    :data:`~graphkit.model.COLUMN_TYPES`) and order (sorted by id / key)."""
    for kind in ("stakeholders", "interactions", "relationships"):  # stances: stance_frame
        table = getattr(data, kind)
        for column, python_type in COLUMN_TYPES[kind].items():
            if python_type in (bool, int, float):
                table[column] = table[column].astype(python_type)
    s, i, r = data.stakeholders, data.interactions, data.relationships
    data.stakeholders = s.sort_values("id", kind="stable").reset_index(drop=True)
    data.interactions = i.sort_values(["date", "key"], kind="stable").reset_index(drop=True)
    data.relationships = r.sort_values("key", kind="stable").reset_index(drop=True)
    return data
