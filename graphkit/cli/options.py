"""The options several commands share, each declared once, and the helpers every command
uses to print.

The decorators turn groups of flags into one value each: :func:`scope_options` into a
:class:`~graphkit.scope.Scope` (``scope``), :func:`sharing_options` into a
:class:`~graphkit.scope.Sharing` (``sharing``), :func:`intake_options` into import
:class:`~graphkit.ingest.Options` (``options``), and :func:`with_store` opens the store
(``store``). Dates are checked by :class:`IsoDate`. An option that names a stakeholder
(:func:`stakeholder_option`) takes an id or the exact name, turned into the id by
:func:`stakeholder` (or :func:`stored_stakeholders`), both :mod:`graphkit.resolve`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from graphkit.cli import complete
from graphkit.cli.app import progress
from graphkit.errors import GraphkitError
from graphkit.render.tables import FORMATS
from graphkit.scope import (
    DEFAULT_ALPHA,
    DEFAULT_HALF_LIFE,
    DEFAULT_MIN_TRUST_CONTACTS,
    Scope,
    Sharing,
)

if TYPE_CHECKING:
    from graphkit.analysis.negotiation import Analysis
    from graphkit.render.views import View
    from graphkit.stores import Store

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class IsoDate(click.ParamType):
    """A date as ``YYYY-MM-DD`` (ISO 8601; the basic form ``YYYYMMDD`` too). A wrong date
    is an ``Error:`` naming the flag and the fix, exit 1."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from graphkit.ingest.fields import option_date

        flag = param.opts[0] if param is not None and param.opts else "date"
        try:
            return option_date(str(value), flag)
        except ValueError as err:
            raise GraphkitError(str(err)) from None


DATE = IsoDate()


def apply(f: Callable[..., Any], *decorators: Decorator) -> Callable[..., Any]:
    """``f`` with ``decorators`` applied, the first one outermost (as if written above it)."""
    for decorate in reversed(decorators):
        f = decorate(f)
    return f


def negotiation_option(help: str) -> Decorator:
    """-n/--negotiation, required, completed from the store's negotiations."""
    return click.option("--negotiation", "-n", required=True, help=help,
                        shell_complete=complete.negotiations)  # fmt: skip


def stakeholder_option(*decls: str, help: str, **kwargs: Any) -> Decorator:
    """An option that names a stakeholder: an id, or the exact name (turned into the id by
    :func:`stakeholder` or :func:`stored_stakeholders`), completed with the ids of the
    negotiation given with -n."""
    return click.option(*decls, metavar="ID", shell_complete=complete.stakeholders,
                        help=f"{help} An id, or the exact name.", **kwargs)  # fmt: skip


def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format for the data on stdout.",
    )(f)


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_url",
        envvar="GRAPHKIT_STORE",
        metavar="URL",
        help="Embedded store file (default ~/.local/share/graphkit/graphkit.db), or "
        "neo4j://HOST:PORT / bolt://HOST:PORT (credentials from NEO4J_USERNAME, "
        "NEO4J_PASSWORD, NEO4J_DATABASE). Env: GRAPHKIT_STORE.",
    )(f)


def with_store(f: Callable[..., Any] | None = None, *, create: bool = False) -> Any:
    """Open the store named by --store for the command (``store=``), and close it after.

    Only commands that write (``import``) pass ``create=True``: every other command
    refuses a store that does not exist rather than leave an empty one behind. A store
    created for a failed or dry-run import is removed again.
    """

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @store_option
        @functools.wraps(f)
        def wrapper(store_url: str | None, **kwargs: Any) -> Any:
            from graphkit.stores import open_store

            store = open_store(store_url, create=create)
            created = getattr(store, "created", False)
            try:
                out = f(store=store, **kwargs)
            except BaseException:
                if created:  # a failed import leaves no new store behind either
                    store.discard()  # type: ignore[attr-defined]
                raise
            if created and kwargs.get("dry_run"):
                store.discard()  # type: ignore[attr-defined]
            elif created:
                store.close()
                progress(f"Created a new embedded store at {store.display}")
            else:
                store.close()
            return out

        return wrapper

    return decorate(f) if f is not None else decorate


def scope_options(f: Callable[..., Any] | None = None, *, dates: bool = True) -> Any:
    """--as-of, --since (with ``dates``), --track, --party, --half-life and --alpha as one
    ``scope: Scope``."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(**kwargs: Any) -> Any:
            fields = ("as_of", "since", "track", "party", "half_life_days", "alpha",
                      "min_trust_contacts", "undirected", "pair_sample")  # fmt: skip
            scope = Scope(**{k: kwargs.pop(k) for k in fields if k in kwargs})
            return f(scope=scope, **kwargs)

        options = [
            click.option("--track", metavar="TRACK", help="Only contacts of this track."),
            click.option(
                "--party", metavar="PARTY", help="Only contacts and ties involving this party."
            ),
            click.option(
                "--half-life",
                "half_life_days",
                type=click.FloatRange(min=1),
                default=f"{DEFAULT_HALF_LIFE:g}",  # as text, so that --help says 180
                show_default=True,
                metavar="DAYS",
                help="Age at which a contact counts half as much as a new one.",
            ),
            click.option(
                "--alpha",
                type=click.FloatRange(0, 1),
                default=f"{DEFAULT_ALPHA:g}",
                show_default=True,
                metavar="A",
                help="How paths weigh tie strength against go-betweens (Opsahl et al. 2010; a "
                "tie is 1/strength**A long): 0 counts go-betweens only, 0.5 both, 1 "
                "strength only.",
            ),
            click.option(
                "--min-trust-contacts",
                type=click.IntRange(min=1),
                default=DEFAULT_MIN_TRUST_CONTACTS,
                show_default=True,
                metavar="N",
                help="A tie carries trust only with at least N positive contacts (sentiment "
                "above +0.1), each side initiating one.",
            ),
            click.option(
                "--undirected",
                is_flag=True,
                help="The log's direction carries no meaning (co-attendance, marriages): every "
                "contact counts both ways in influence, pressure, brokerage and trust.",
            ),
            click.option(
                "--pair-sample",
                type=click.IntRange(min=2),
                metavar="N",
                help="Estimate the share of each pair of parties' paths through a stakeholder "
                "from N members of the smaller party (each share with its standard error), "
                "instead of counting every path (the default, exact).",
            ),
        ]
        if dates:
            options[:0] = [
                click.option(
                    "--as-of",
                    type=DATE,
                    metavar="DATE",
                    help="Only what was known on DATE (YYYY-MM-DD).",
                ),
                click.option(
                    "--since", type=DATE, metavar="DATE", help="Only contacts from DATE on."
                ),
            ]
        return apply(wrapper, *options)

    return decorate(f) if f is not None else decorate


def analysis_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--negotiation and the scope every analysis command takes."""
    return apply(f, negotiation_option("The negotiation to analyse."), scope_options)


def sharing_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--public and --redact notes as one ``sharing: Sharing``."""

    @functools.wraps(f)
    def wrapper(public: bool, redact: tuple[str, ...], **kwargs: Any) -> Any:
        return f(sharing=Sharing(public=public, redact_notes="notes" in redact), **kwargs)

    return apply(
        wrapper,
        click.option(
            "--redact",
            type=click.Choice(["notes"]),
            multiple=True,
            help="Remove free-text notes from every output (--redact notes).",
        ),
        click.option(
            "--public",
            is_flag=True,
            help="Shareable version: drop contacts marked confidential and all notes; every "
            "output says so.",
        ),
    )


def emit(view: View, fmt: str) -> None:
    """Print ``view`` as ``fmt`` on stdout, and its note, if any, on stderr."""
    note = view.note(fmt)
    if note:
        progress(note)
    click.echo(view.text(fmt), nl=False)


def stakeholder(analysis: Analysis, value: str, flag: str, scope: Scope | None = None) -> str:
    """The id of the stakeholder of the analysis that ``value`` names: its id, or its exact
    name (:func:`graphkit.resolve.resolve_stakeholder`); an ``Error:`` naming ``flag``, with
    the closest ids and names, otherwise."""
    from graphkit.resolve import resolve_stakeholder

    people = analysis.stakeholders
    names = {str(k): str(v) for k, v in people["name"].items()}
    filtered = scope is not None and bool(scope.track or scope.party)
    return resolve_stakeholder(value, names, flag=flag, where=analysis.negotiation,
                               within=" (with the filters given)" if filtered else "")  # fmt: skip


def stored_stakeholders(
    store: Store, negotiation: str, values: tuple[str, ...], flag: str
) -> list[str] | None:
    """The ids that ``values`` name (ids or exact names) among the negotiation's stored
    stakeholders; ``None`` for none given. A negotiation that is not there, or has no
    stakeholders, is left for the store to refuse."""
    from graphkit.resolve import resolve_stakeholder

    if not values:
        return None
    names = store.stakeholder_names(negotiation)
    if not names:
        return list(values)
    return [resolve_stakeholder(v, names, flag=flag, where=negotiation) for v in values]


def issue_of(value: str, issues: list[str], negotiation: str, flag: str = "--issue") -> str:
    """``value`` when it is one of ``issues`` (the issues of the negotiation's stances);
    an ``Error:`` naming ``flag`` and the closest issue, or how to import stances,
    otherwise."""
    from graphkit.suggest import did_you_mean

    if value in issues:
        return value
    hint = did_you_mean(value, issues)
    raise GraphkitError(
        f'{flag}: no issue "{value}" in {negotiation}{f" - {hint}" if hint else ""}'
        + (f" (issues: {', '.join(issues)})" if issues else
           " - import stances with graphkit import --stances FILE")
    )  # fmt: skip
