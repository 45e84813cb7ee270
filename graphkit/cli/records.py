"""``graphkit import``, ``negotiations`` and ``delete``: what goes into the store."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from graphkit.cli.app import CONTEXT, main, progress
from graphkit.cli.options import apply, emit, format_option, negotiation_option, with_store
from graphkit.errors import GraphkitError, ImportRejected
from graphkit.render.views import records as views


def _delimiter(value: str | None) -> str | None:
    return "\t" if value == "tab" else value


def intake_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """How to read the files (--map, --set, --sentiment-range, --date-format, --encoding,
    --delimiter, --create-missing, --clear-empty, --allow-similar-ids) as one ``options``."""

    @functools.wraps(f)
    def wrapper(**kw: Any) -> Any:
        from graphkit.ingest import Options, parse_map_option
        from graphkit.ingest.fields import SentimentScale

        scale, text = SentimentScale(), kw.pop("sentiment_range")
        if text:
            try:
                scale = SentimentScale.parse(text)
            except ValueError as exc:
                raise GraphkitError(f"--sentiment-range {exc}") from None
        options = Options(
            mapping=parse_map_option(kw.pop("mapping"), "--map"),
            constants=parse_map_option(kw.pop("constants"), "--set"),
            sentiment_scale=scale,
            delimiter=_delimiter(kw.pop("delimiter")),
            **{k: kw.pop(k) for k in ("date_format", "encoding", "create_missing", "clear_empty",
                                      "allow_similar_ids")},
        )  # fmt: skip
        return f(options=options, **kw)

    return apply(
        wrapper,
        click.option("--map", "mapping", multiple=True, metavar="FIELD=HEADER",
                     help="Read FIELD from another column, e.g. --map source=Actor1CountryCode. "
                     "Qualify with the file kind when needed: --map stakeholders.id=Code. "
                     "Repeatable."),
        click.option("--set", "constants", multiple=True, metavar="FIELD=VALUE",
                     help="Give a field the file lacks one value for every row, e.g. "
                     "--set date=2024-01-01."),
        click.option("--sentiment-range", metavar="MIN:MAX",
                     help="Rescale sentiment from another scale onto [-1, 1], e.g. -10:10 for "
                     "Goldstein."),
        click.option("--date-format", metavar="PATTERN",
                     help="strptime pattern for non-ISO dates, e.g. %d/%m/%Y."),
        click.option("--encoding", metavar="NAME",
                     help="File encoding when not UTF-8, e.g. cp1252 or latin-1."),
        click.option("--delimiter", type=click.Choice([",", ";", "tab", "|"]),
                     help="Field delimiter (detected from the header by default)."),
        click.option("--create-missing", is_flag=True,
                     help="Create a minimal stakeholder, marked unmapped, for ids not in the "
                     "negotiation's map."),
    )  # fmt: skip


def _files(kind: str, help: str) -> Callable[..., Any]:
    return click.option(f"--{kind}", type=click.Path(dir_okay=False), multiple=True, help=help)


@main.command("import", context_settings=CONTEXT)
@negotiation_option("Negotiation to import into (created if new).")
@_files("stakeholders", "Stakeholder map CSV (repeatable: every file is imported).")
@_files("interactions", "Contact log CSV (repeatable).")
@_files("relationships", "Declared ties CSV (repeatable).")
@intake_options
@click.option(
    "--sync",
    is_flag=True,
    help="Make the negotiation's stored records of each kind given equal to the files: "
    "what is stored but not in the files is removed (and counted). Preview with --dry-run.",
)
@click.option(
    "--clear-empty",
    is_flag=True,
    help="An empty cell erases the stored value. Without it an empty cell, like a missing "
    "column, leaves the stored value alone.",
)
@click.option(
    "--allow-similar-ids",
    is_flag=True,
    help="Accept ids that differ only by case, spaces or look-alike letters (А/A).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Check and count everything and list every change, record by record; write nothing.",
)
@format_option
@with_store(create=True)
def import_command(store, negotiation, stakeholders, interactions, relationships, options,
                   sync, dry_run, fmt):  # fmt: skip
    """Import stakeholder maps, contact logs and declared ties from CSV.

    Everything is checked before anything is written; one problem rejects the
    whole import and the store stays exactly as it was. Re-importing a file
    changes nothing; an extended log adds only its new rows; a column a file
    lacks, or an empty cell, leaves the stored value alone. Stakeholders belong to
    the negotiation: the same id in another negotiation is another person.
    Formats: import/README.md.

    \b
    Examples:
      graphkit import -n blue-harbor --stakeholders import/blue-harbor/stakeholders.csv \\
          --interactions import/blue-harbor/interactions.csv \\
          --relationships import/blue-harbor/relationships.csv
      graphkit import -n blue-harbor --interactions week-12.csv --interactions week-13.csv
      graphkit import -n blue-harbor --stakeholders map.csv --sync --dry-run
      graphkit import -n gdelt --interactions events.csv --create-missing \\
          --map source=Actor1CountryCode --map target=Actor2CountryCode \\
          --map date=SQLDATE --map sentiment=GoldsteinScale --sentiment-range -10:10
    """
    from graphkit.importer import import_files

    files = {"stakeholders": stakeholders, "interactions": interactions,
             "relationships": relationships}  # fmt: skip
    try:
        result = import_files(store, negotiation, **files, options=options, dry_run=dry_run,
                              sync=sync, progress=progress)  # fmt: skip
    except ImportRejected as exc:
        click.echo(views.rejection(exc), err=True)
        sys.exit(1)
    emit(views.imported(result, store.display), fmt)
    for line in views.import_notes(result, store.display):
        progress(line)


@main.command(context_settings=CONTEXT)
@format_option
@with_store
def negotiations(store, fmt):
    """List the negotiations in the store with their counts.

    \b
    Example:
      graphkit negotiations --format json
    """
    emit(views.negotiations(store.negotiations(), store.display), fmt)


@main.command(context_settings=CONTEXT)
@negotiation_option("The negotiation to delete from.")
@click.option(
    "--stakeholder",
    "stakeholder_ids",
    multiple=True,
    metavar="ID",
    help="Delete only this stakeholder, with their contacts and ties (repeatable). "
    "Without it the whole negotiation is deleted.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted; delete nothing.")
@format_option
@with_store
def delete(store, negotiation, stakeholder_ids, yes, dry_run, fmt):
    """Delete a negotiation, or some of its stakeholders with their contacts and ties.

    Nothing of any other negotiation is touched. It is one transaction: all of it
    is deleted or nothing. On a terminal it asks first; elsewhere it needs --yes.

    \b
    Examples:
      graphkit delete -n old-talks
      graphkit delete -n blue-harbor --stakeholder A-17 --stakeholder A-18 --yes
      graphkit delete -n blue-harbor --stakeholder A-17 --dry-run
    """
    ids = list(stakeholder_ids) or None
    done = store.delete(negotiation, ids, dry_run=True)
    if not dry_run:
        _confirm(f"{done.describe()}", yes)
        done = store.delete(negotiation, ids)
    emit(views.deleted(done, negotiation, dry_run=dry_run), fmt)
    verb = "Would delete (dry run, nothing deleted)" if dry_run else "Deleted"
    progress(f"{verb}: {done.describe()} in {store.display}")


def _confirm(what: str, yes: bool) -> None:
    """Ask on a terminal; elsewhere only --yes goes ahead."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise GraphkitError(
            f"this would delete {what}; pass --yes to confirm (or --dry-run to see what would go)"
        )
    click.confirm(f"Delete {what}?", abort=True, err=True)
