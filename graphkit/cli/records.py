"""``graphkit import``, ``negotiations`` and ``delete``: what goes into the store."""

from __future__ import annotations

import sys

import click

from graphkit.cli.app import CONTEXT, main, progress
from graphkit.cli.intake import intake_options
from graphkit.cli.options import (
    emit,
    format_option,
    negotiation_option,
    stakeholder_option,
    stored_stakeholders,
    with_store,
)
from graphkit.errors import GraphkitError, ImportRejected
from graphkit.render.views import records as views


@main.command("import", context_settings=CONTEXT)
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
def import_command(store, negotiation, files, options, save_profile, sync, dry_run, fmt):
    """Import stakeholder maps, contact logs and declared ties from CSV or workbooks.

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
      graphkit import --profile prep.toml            # the weekly import, as saved
      graphkit import -n gdelt --interactions events.csv --create-missing \\
          --map source=Actor1CountryCode --map target=Actor2CountryCode \\
          --map date=SQLDATE --map sentiment=GoldsteinScale --sentiment-range -10:10
    """
    from graphkit.importer import import_files

    try:
        result = import_files(store, negotiation, **files, options=options, dry_run=dry_run,
                              sync=sync, progress=progress)  # fmt: skip
    except ImportRejected as exc:
        click.echo(views.rejection(exc), err=True)
        sys.exit(1)
    emit(views.imported(result, store.display), fmt)
    for line in views.import_notes(result, store.display):
        progress(line)
    if save_profile:
        from graphkit.ingest.profile import save_profile as save

        progress(f"Saved the import's options to {save(save_profile, negotiation, files, options)}")


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
@stakeholder_option(
    "--stakeholder",
    "stakeholder_ids",
    multiple=True,
    help="Delete only this stakeholder, with their contacts and ties (repeatable). "
    "Without it the whole negotiation is deleted.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted; delete nothing.")
@format_option
@with_store
def delete(store, negotiation, stakeholder_ids, yes, dry_run, fmt):
    """Delete a negotiation, or some of its stakeholders with their contacts and ties.

    Nothing of any other negotiation is touched. All of it is deleted or nothing. On a terminal it asks first; elsewhere it needs --yes.

    \b
    Examples:
      graphkit delete -n old-talks
      graphkit delete -n blue-harbor --stakeholder A-17 --stakeholder A-18 --yes
      graphkit delete -n blue-harbor --stakeholder A-17 --dry-run
    """
    ids = stored_stakeholders(store, negotiation, stakeholder_ids, "--stakeholder")
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
