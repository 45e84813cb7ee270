"""What an analysis looks at (:class:`Scope`) and what may leave the room (:class:`Sharing`).

Every analysis command takes the same filters and every output command the same sharing
choice; both are one value each, built once by the CLI (``graphkit.cli.options``) or by a
notebook user, and passed whole to the library::

    from graphkit.scope import Scope, Sharing
    scope = Scope(as_of="2023-12-31", track="fisheries")
    analysis = analyse_negotiation(store, "blue-harbor", scope, sharing=Sharing(public=True))

:meth:`Sharing.apply` returns a new, redacted analysis and never changes the one given.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from graphkit.analysis.negotiation import Analysis
    from graphkit.graph import ContactFetch, TieModel

#: Days after which a contact counts half as much as a new one (``--half-life``): every
#: analysis weighs contacts by ``2 ** (-age / half-life)`` (:mod:`graphkit.graph`).
DEFAULT_HALF_LIFE = 180.0
#: Opsahl's alpha (``--alpha``): a tie of strength ``s`` is ``1 / s ** alpha`` long for
#: betweenness, closeness and paths (:mod:`graphkit.graph`). 0 counts go-betweens only
#: (hops), 1 counts strength only (``1 / s``); 0.5 weighs both (Opsahl et al. 2010).
DEFAULT_ALPHA = 0.5
#: Positive contacts, each side initiating one, that a tie needs to carry trust
#: (``--min-trust-contacts``; :func:`graphkit.analysis.trust.tie_trust`).
DEFAULT_MIN_TRUST_CONTACTS = 3
#: The metric stakeholders are ranked by unless told (``graphkit influence --sort``;
#: :func:`graphkit.analysis.metrics.ranks`).
DEFAULT_SORT = "influence"
#: The notice every output of ``--public`` carries.
PUBLIC_NOTE = "Public version: confidential contacts and all free-text notes were removed."
#: The notice every output of ``--redact notes`` carries.
NOTES_NOTE = "Free-text notes were removed."


@dataclass(frozen=True)
class Scope:
    """The filters of an analysis: what was known ``as_of`` a date (default: the last
    contact), contacts ``since`` a date, of one ``track``, involving one ``party``, the
    recency ``half_life_days``, and ``alpha``, how much tie strength against the number of
    go-betweens counts in path lengths (:data:`DEFAULT_ALPHA`). Dates are ISO ``YYYY-MM-DD``."""

    as_of: str | None = None
    since: str | None = None
    track: str | None = None
    party: str | None = None
    half_life_days: float = DEFAULT_HALF_LIFE
    alpha: float = DEFAULT_ALPHA
    #: The evidence a tie needs to carry trust (:data:`DEFAULT_MIN_TRUST_CONTACTS`).
    min_trust_contacts: int = DEFAULT_MIN_TRUST_CONTACTS
    #: The contact log's direction carries no meaning (co-attendance, marriages): every
    #: contact counts both ways.
    undirected: bool = False
    #: Estimate each pair of parties' path shares from this many members of its smaller
    #: party (``--pair-sample``); ``None``: exact.
    pair_sample: int | None = None

    def __post_init__(self) -> None:
        from graphkit.ingest.fields import option_date

        if not 0 <= self.alpha <= 1:
            raise GraphkitError(
                f"--alpha {self.alpha:g} is out of range: give a number from 0 (count "
                "go-betweens only) to 1 (count tie strength only); the default is "
                f"{DEFAULT_ALPHA:g}."
            )

        for flag, value in (("--as-of", self.as_of), ("--since", self.since)):
            if value:
                try:
                    option_date(value, flag)
                except ValueError as err:
                    raise GraphkitError(str(err)) from None

    def at(self, as_of: str | None) -> Scope:
        """The same scope as of another date."""
        return dataclasses.replace(self, as_of=as_of)

    def describe(self) -> str | None:
        """The filters besides the date, in words (``None`` when there are none)."""
        used = [
            f"{word} {value}"
            for word, value in (("since", self.since), ("track", self.track), ("party", self.party))
            if value
        ]
        if self.half_life_days != DEFAULT_HALF_LIFE:
            used.append(f"half-life {self.half_life_days:g} days")
        if self.alpha != DEFAULT_ALPHA:
            used.append(f"alpha {self.alpha:g}")
        if self.min_trust_contacts != DEFAULT_MIN_TRUST_CONTACTS:
            used.append(f"trust from {self.min_trust_contacts} contacts")
        if self.undirected:
            used.append("contacts counted both ways")
        if self.pair_sample is not None:
            used.append(f"party-pair shares estimated from {self.pair_sample} members")
        return ", ".join(used) or None


@dataclass(frozen=True)
class Sharing:
    """Who an output is for. ``public``: a version to share outside the team, without the
    contacts marked confidential and without any free-text note. ``redact_notes``: without
    the free-text notes only."""

    public: bool = False
    redact_notes: bool = False

    @property
    def redacted(self) -> bool:
        """Whether anything is removed."""
        return self.public or self.redact_notes

    @property
    def notice(self) -> str:
        """What every output says was removed (``""`` when nothing was)."""
        return PUBLIC_NOTE if self.public else NOTES_NOTE if self.redact_notes else ""

    def apply(self, analysis: Analysis) -> Analysis:
        """A copy of ``analysis`` with every free-text note removed when redacted (the
        confidential contacts of ``public`` are left out earlier, when the analysis is
        computed: see :func:`graphkit.pipeline.load_model`). ``analysis`` is not changed.

        Notes live on stakeholders, contacts and declared ties; the team's own text
        fields (every extra stakeholder column that is not all numbers:
        :mod:`graphkit.analysis.team_fields`) are free text too, and go with them, while
        the numeric fields stay. All outputs are built from the analysis, so clearing them
        here clears them everywhere.
        """
        if not self.redacted:
            return analysis
        from graphkit.analysis.team_fields import text_field_labels, without_text_fields

        text = text_field_labels(analysis.stakeholders)

        def redacted(people: pd.DataFrame) -> pd.DataFrame:
            people = people.assign(notes="")
            return without_text_fields(people, text)

        model = analysis.model
        model = dataclasses.replace(
            model,
            stakeholders=redacted(model.stakeholders),
            fetch_contacts=_without_notes(model),
            declared=model.declared.assign(notes=""),
        )
        return dataclasses.replace(
            analysis, model=model, stakeholders=redacted(analysis.stakeholders)
        )


def _without_notes(model: TieModel) -> ContactFetch:
    """``model``'s contacts, read when asked for, without their notes."""

    def fetch(pairs: Sequence[tuple[str, str]] | None) -> pd.DataFrame:
        contacts = model.contacts if pairs is None else model.contacts_between(pairs)
        return contacts.assign(notes="")

    return fetch


#: Everything known, up to the last contact (no filter).
EVERYTHING = Scope()
#: For the team itself: nothing removed.
IN_TEAM = Sharing()
