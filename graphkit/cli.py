"""The ``graphkit`` command line: thin click commands over the library.

Each command parses its options, makes one library call and formats the result.
Data goes to stdout, progress and notices to stderr. A problem the user can fix
prints ``Error: ...`` and exits 1; a traceback appears only with ``--debug``. Text from
the data reaches the terminal only through :func:`graphkit.render.text.terminal_safe`
(tables, "Why:" lines, errors, progress). A reader that stops early (``| head``) ends
the command quietly with status 0.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.errors import GraphkitError, ImportRejected
from graphkit.render.tables import FORMATS, render
from graphkit.render.text import terminal_safe

#: ``color``: click.echo must never strip what looks like ANSI codes from the data (it does
#: when stdout is not a terminal): CSV and JSON are exact, and text for a terminal is made
#: safe by terminal_safe instead.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100, "color": True}


class GraphkitGroup(click.Group):
    """Turns library errors into one clear line and a non-zero exit."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            super().main(*args, **kwargs)
            code: Any = 0
        except SystemExit as exc:
            code = exc.code
        # Flush now, not at interpreter exit, so that a reader gone away is seen here.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _stdout_gone()
        sys.exit(code)

    def invoke(self, ctx: click.Context) -> Any:
        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            if _reader_gone():  # graphkit ... | head: the reader has all it wants
                _stdout_gone()
                sys.exit(0)
            if debug:
                raise
            _fail(f"unexpected BrokenPipeError: {_safe(exc)} - this is a bug in graphkit; "
                  "run again with --debug for the full trace and report it")  # fmt: skip
        except GraphkitError as exc:
            if debug:
                raise
            _fail(str(exc))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted; nothing was changed by the interrupted step", code=130)
        except Exception as exc:
            if debug:
                raise
            _fail(
                f"unexpected {type(exc).__name__}: {_safe(exc)} - this is a bug in graphkit; "
                "run again with --debug for the full trace and report it"
            )


def _safe(exc: BaseException) -> str:
    from graphkit.secrets import scrub

    return scrub(str(exc))


def _fail(message: str, code: int = 1) -> None:
    from graphkit.secrets import scrub

    click.echo(f"Error: {terminal_safe(scrub(message), newlines=True)}", err=True)
    sys.exit(code)


def _reader_gone() -> bool:
    """Whether the reader of stdout or stderr (a pipe) has gone away: poll reports an
    error on the write end of a pipe whose read end is closed."""
    import select

    if not hasattr(select, "poll"):
        return True  # cannot tell: the likeliest broken pipe is stdout's
    poll = select.poll()
    for stream in (sys.stdout, sys.stderr):
        try:
            poll.register(stream.fileno(), select.POLLOUT)
        except (AttributeError, OSError, ValueError):
            continue
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in poll.poll(0))


def _stdout_gone() -> None:
    """The reader of stdout has gone (``graphkit ... | head``): send the rest of the output,
    and the flush at interpreter exit, to devnull, as the Python docs advise for SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def progress(message: str) -> None:
    click.echo(terminal_safe(message, newlines=True), err=True)


@click.group(cls=GraphkitGroup, context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="graphkit")
def main(debug: bool) -> None:
    """Relationship graphs for negotiation prep teams.

    Import stakeholder maps and contact logs, then ask who holds influence, who
    brokers between the parties, whom both sides trust and where the friction is.

    \b
    Start with the sample negotiation:
      graphkit demo
    """


# -- shared options ---------------------------------------------------------------


def store_option(f: Callable) -> Callable:
    return click.option(
        "--store",
        "store_url",
        envvar="GRAPHKIT_STORE",
        metavar="URL",
        help="Embedded store file (default ~/.local/share/graphkit/graphkit.db), or "
        "neo4j://HOST:PORT / bolt://HOST:PORT (credentials from NEO4J_USERNAME, "
        "NEO4J_PASSWORD, NEO4J_DATABASE). Env: GRAPHKIT_STORE.",
    )(f)


def format_option(f: Callable) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format for the data on stdout.",
    )(f)


def with_store(f: Callable | None = None, *, create: bool = False) -> Callable:
    """Open the store named by --store for the command, and close it afterwards.

    Only commands that write (``import``) pass ``create=True``: every other command
    refuses a store that does not exist rather than leave an empty one behind.
    """

    def decorate(f: Callable) -> Callable:
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


# -- import -----------------------------------------------------------------------


@main.command("import", context_settings=CONTEXT)
@click.option(
    "--negotiation", "-n", required=True, help="Negotiation to import into (created if new)."
)
@click.option(
    "--stakeholders",
    type=click.Path(dir_okay=False),
    multiple=True,
    help="Stakeholder map CSV (repeatable: every file is imported).",
)
@click.option(
    "--interactions",
    type=click.Path(dir_okay=False),
    multiple=True,
    help="Contact log CSV (repeatable).",
)
@click.option(
    "--relationships",
    type=click.Path(dir_okay=False),
    multiple=True,
    help="Declared ties CSV (repeatable).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Read FIELD from another column, e.g. --map source=Actor1CountryCode. "
    "Qualify with the file kind when needed: --map stakeholders.id=Code. Repeatable.",
)
@click.option(
    "--set",
    "constants",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Give a field the file lacks one value for every row, e.g. --set date=2024-01-01.",
)
@click.option(
    "--sentiment-range",
    metavar="MIN:MAX",
    help="Rescale sentiment from another scale onto [-1, 1], e.g. -10:10 for Goldstein.",
)
@click.option(
    "--date-format", metavar="PATTERN", help="strptime pattern for non-ISO dates, e.g. %d/%m/%Y."
)
@click.option(
    "--encoding", metavar="NAME", help="File encoding when not UTF-8, e.g. cp1252 or latin-1."
)
@click.option(
    "--delimiter",
    type=click.Choice([",", ";", "tab", "|"]),
    help="Field delimiter (detected from the header by default).",
)
@click.option(
    "--create-missing",
    is_flag=True,
    help="Create a minimal stakeholder, marked unmapped, for ids not in the negotiation's map.",
)
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
def import_command(
    store,
    negotiation,
    stakeholders,
    interactions,
    relationships,
    mapping,
    constants,
    sentiment_range,
    date_format,
    encoding,
    delimiter,
    create_missing,
    sync,
    clear_empty,
    allow_similar_ids,
    dry_run,
    fmt,
):
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
    from graphkit.ingest import Options, parse_map_option
    from graphkit.ingest.fields import SentimentScale

    scale = SentimentScale()
    if sentiment_range:
        try:
            scale = SentimentScale.parse(sentiment_range)
        except ValueError as exc:
            raise GraphkitError(f"--sentiment-range {exc}") from None
    options = Options(
        mapping=parse_map_option(mapping, "--map"),
        constants=parse_map_option(constants, "--set"),
        date_format=date_format,
        sentiment_scale=scale,
        encoding=encoding,
        delimiter="\t" if delimiter == "tab" else delimiter,
        create_missing=create_missing,
        clear_empty=clear_empty,
        allow_similar_ids=allow_similar_ids,
    )
    try:
        result = import_files(
            store,
            negotiation,
            stakeholders=stakeholders,
            interactions=interactions,
            relationships=relationships,
            options=options,
            dry_run=dry_run,
            sync=sync,
            progress=progress,
        )
    except ImportRejected as exc:
        click.echo(_rejection_text(exc), err=True)
        sys.exit(1)
    columns = ["file", "read", "added", "updated", "unchanged", "removed", "rejected"]
    if not sync:
        columns.remove("removed")
    if fmt == "json":
        click.echo(
            render_json(
                {
                    "negotiation": result.negotiation,
                    "store": store.display,
                    "dry_run": result.dry_run,
                    "sync": result.sync,
                    "files": result.rows(),
                    "fields_changed": {k: c.fields for k, c in result.counts.items()},
                    "created_unmapped": result.created,
                    **({"changes": _change_rows(result)} if dry_run else {}),
                }
            ),
            nl=False,
        )
    else:
        click.echo(render(result.rows(), columns, fmt), nl=False)
        if dry_run and fmt == "table" and result.changes:
            click.echo("\nChanges (dry run, nothing written):")
            for change in _change_rows(result):
                click.echo(
                    terminal_safe(
                        f"  {change['action']:<8} {change['kind']:<13} {change['record']}"
                        + (f": {change['detail']}" if change["detail"] else "")
                    )
                )
    for line in result.field_summary():
        progress(line)
    if result.created:
        shown = ", ".join(result.created[:10]) + (" ..." if len(result.created) > 10 else "")
        progress(
            f"Created {len(result.created)} unmapped stakeholders for ids not in the map of "
            f"{negotiation}: {shown}"
        )
    verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
    progress(f'{verb}: negotiation "{negotiation}" in {store.display}')


def _change_rows(result: Any) -> list[dict[str, Any]]:
    """Each change of an import as a row: action, kind, record and what changed."""
    rows = []
    for c in result.changes:
        if c.action == "updated":
            detail = "; ".join(
                f"{name} {_shown(old)} -> {_shown(new)}" for name, (old, new) in c.fields.items()
            )
        else:
            detail = ""
        rows.append(
            {
                "action": c.action,
                "kind": c.kind,
                "key": c.key,
                "record": c.label,
                "detail": detail,
                "fields": {name: {"from": old, "to": new} for name, (old, new) in c.fields.items()},
            }
        )
    return rows


def _shown(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "(none)"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f'"{text}"' if isinstance(value, str) else text


def _rejection_text(exc: ImportRejected) -> str:
    """The problems, one per line, with their data terminal-safe (line breaks in a cell too)."""
    problems = [str(p) for p in exc.problems[: exc.shown]]
    tail = str(exc).split("\n")[sum(p.count("\n") + 1 for p in problems) :]
    return "\n".join(terminal_safe(line) for line in [*problems, *tail])


def render_json(data: Any) -> str:
    from graphkit.render.tables import to_json

    return to_json(data)


# -- negotiations -----------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@format_option
@with_store
def negotiations(store, fmt):
    """List the negotiations in the store with their counts.

    \b
    Example:
      graphkit negotiations --format json
    """
    rows = store.negotiations()
    columns = [
        "name",
        "stakeholders",
        "interactions",
        "relationships",
        "first_contact",
        "last_contact",
    ]
    if not rows and fmt == "table":
        progress(f"No negotiations in {store.display} yet - import one with graphkit import")
        return
    click.echo(render(rows, columns, fmt), nl=False)


# -- delete ---------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.option("--negotiation", "-n", required=True, help="The negotiation to delete from.")
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
    preview = store.delete(negotiation, ids, dry_run=True)
    if not dry_run:
        if not yes:
            if not sys.stdin.isatty():
                raise GraphkitError(
                    f"this would delete {preview.describe()}; pass --yes to confirm "
                    "(or --dry-run to see what would go)"
                )
            click.confirm(f"Delete {preview.describe()}?", abort=True, err=True)
        done = store.delete(negotiation, ids)
    else:
        done = preview
    row = {
        "negotiation": negotiation,
        "whole_negotiation": done.whole,
        "stakeholders": done.stakeholders,
        "interactions": done.interactions,
        "relationships": done.relationships,
        "dry_run": dry_run,
    }
    if fmt == "json":
        click.echo(render_json(row), nl=False)
    else:
        click.echo(render([row], list(row), fmt), nl=False)
    verb = "Would delete (dry run, nothing deleted)" if dry_run else "Deleted"
    progress(f"{verb}: {done.describe()} in {store.display}")


# -- analysis ---------------------------------------------------------------------


def analysis_options(f: Callable) -> Callable:
    """--negotiation and the filters every analysis command takes."""
    options = [
        click.option("--negotiation", "-n", required=True, help="The negotiation to analyse."),
        click.option("--as-of", metavar="DATE", help="Only what was known on DATE (YYYY-MM-DD)."),
        click.option("--since", metavar="DATE", help="Only contacts from DATE on."),
        click.option("--track", metavar="TRACK", help="Only contacts of this track."),
        click.option(
            "--party", metavar="PARTY", help="Only contacts and ties involving this party."
        ),
        click.option(
            "--half-life",
            type=click.FloatRange(min=1),
            default=180,
            show_default=True,
            metavar="DAYS",
            help="Age at which a contact counts half as much as a new one.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def sharing_options(f: Callable) -> Callable:
    f = click.option(
        "--public",
        is_flag=True,
        help="Shareable version: drop contacts marked confidential and all notes; every output says so.",
    )(f)
    return click.option(
        "--redact",
        type=click.Choice(["notes"]),
        multiple=True,
        help="Remove free-text notes from every output (--redact notes).",
    )(f)


def _analyse(store, negotiation, as_of, since, track, party, half_life, *, public=False):
    from graphkit.ingest.fields import CellError, parse_date
    from graphkit.pipeline import analyse_negotiation

    for flag, value in (("--as-of", as_of), ("--since", since)):
        if value:
            try:
                parse_date(value, None)
            except CellError as err:
                raise GraphkitError(f"{flag} {err.message} - {err.fix}") from None
    return analyse_negotiation(
        store,
        negotiation,
        as_of=as_of,
        since=since,
        track=track,
        party=party,
        half_life_days=half_life,
        public=public,
        progress=progress,
    )


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option("--top", type=click.IntRange(min=1), help="Show only the first N stakeholders.")
@click.option(
    "--write-back",
    is_flag=True,
    help="Also store the metrics in the store (Neo4j: gk_* properties).",
)
@format_option
@with_store
def influence(store, negotiation, as_of, since, track, party, half_life, top, write_back, fmt):
    """Rank stakeholders: influencers, brokers, trust nodes and friction points, each with why.

    Influence is PageRank on who seeks out whom; brokers sit on the shortest paths
    between parties; trust nodes hold positive, two-way, recent contacts with more
    than one party; friction points carry negative ties and unbalanced triangles.
    The JSON output carries every metric.

    \b
    Examples:
      graphkit influence -n blue-harbor --top 10
      graphkit influence -n blue-harbor --track fisheries --as-of 2023-12-31 --format json
    """
    from graphkit.pipeline import (
        INFLUENCE_COLUMNS,
        INFLUENCE_CSV_COLUMNS,
        influence_rows,
    )
    from graphkit.pipeline import (
        write_back as store_metrics,
    )

    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life)
    if write_back:
        written = store_metrics(store, analysis)
        progress(f"Wrote metrics of {written} stakeholders to {store.display}")
    if fmt == "json":
        click.echo(render_json(analysis.to_dict(top)), nl=False)
        return
    rows = influence_rows(analysis, top)
    if fmt == "csv":
        click.echo(render(rows, INFLUENCE_CSV_COLUMNS, "csv"), nl=False)
        return
    s = analysis.summary
    ratio = "n/a" if s["balance_ratio"] is None else f"{s['balance_ratio']:.3f}"
    click.echo(
        f"{negotiation} as of {analysis.model.as_of}: {s['stakeholders']} stakeholders, {s['ties']} ties, "
        f"{s['contacts']} contacts; balance ratio {ratio} ({s['unbalanced_triangles']} of {s['triangles']} "
        "triangles unbalanced)\n"
    )
    click.echo(render(rows, INFLUENCE_COLUMNS, "table"), nl=False)
    flagged = [r for r in rows if r["why"]]
    if flagged:
        click.echo("\nWhy:")
        for r in flagged:
            click.echo(terminal_safe(f"  {r['id']} {r['name']}: {r['why']}"))


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option(
    "--per-pair",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Stakeholders shown per pair of parties.",
)
@format_option
@with_store
def brokers(store, negotiation, as_of, since, track, party, half_life, per_pair, fmt):
    """Who carries messages between the parties, and how much of the traffic.

    For each pair of parties: the stakeholders that the shortest paths between
    them pass through, with the share of those paths, their Gould-Fernandez
    brokerage roles and whether removing them cuts the parties apart.

    \b
    Example:
      graphkit brokers -n blue-harbor --per-pair 3
    """
    from graphkit.pipeline import BROKER_COLUMNS, broker_rows

    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life)
    rows = broker_rows(analysis, per_pair=per_pair)
    if fmt == "json":
        reasons = {sid: r.get("broker") for sid, r in analysis.reasons.items() if "broker" in r}
        click.echo(
            render_json(
                {
                    "negotiation": negotiation,
                    "as_of": analysis.model.as_of,
                    "brokers": rows,
                    "why": reasons,
                }
            ),
            nl=False,
        )
        return
    if not rows and fmt == "table":
        progress("No paths between parties: the negotiation has fewer than two parties with ties.")
    click.echo(render(rows, BROKER_COLUMNS, fmt), nl=False)


@main.command(context_settings=CONTEXT)
@analysis_options
@format_option
@with_store
def friction(store, negotiation, as_of, since, track, party, half_life, fmt):
    """Where it may break: negative, cooling and one-sided ties and unbalanced triangles.

    Each item comes with the evidence behind it: the dates, tracks and sentiment of
    the contacts, or the declared tie.

    \b
    Example:
      graphkit friction -n blue-harbor --since 2024-01-01 --format csv
    """
    from graphkit.pipeline import FRICTION_COLUMNS, friction_items, friction_rows

    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life)
    items = friction_items(analysis)
    if fmt == "json":
        s = analysis.summary
        summary = {
            k: s[k]
            for k in (
                "triangles",
                "balanced_triangles",
                "unbalanced_triangles",
                "balance_ratio",
                "triangles_by_type",
                "negative_ties",
                "cooling_ties",
                "one_sided_ties",
            )
        }
        click.echo(
            render_json(
                {
                    "negotiation": negotiation,
                    "as_of": analysis.model.as_of,
                    "summary": summary,
                    **items,
                }
            ),
            nl=False,
        )
        return
    click.echo(render(friction_rows(items), FRICTION_COLUMNS, fmt), nl=False)


# -- map --------------------------------------------------------------------------


@main.command("map", context_settings=CONTEXT)
@analysis_options
@click.option("--focus", metavar="ID", help="Only this stakeholder's neighbourhood (see --depth).")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --focus: how many ties away from it the map reaches.  [default: 1]",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=300,
    show_default=True,
    metavar="N",
    help="Most stakeholders drawn: the most influential, plus every broker, trust node and "
    "friction point (the map says what was left out).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Where to write the map (default: reports/NEGOTIATION/map.html).",
)
@sharing_options
@with_store
def map_command(
    store,
    negotiation,
    as_of,
    since,
    track,
    party,
    half_life,
    focus,
    depth,
    max_nodes,
    output,
    public,
    redact,
):
    """Draw the negotiation as one HTML map that opens offline in any browser.

    Size is influence, colour the party, shape the kind (state, non-state,
    mediator); brokers have a black border, trust nodes a blue ring, friction
    points a red triangle. Ties run from friction (red) to trust (blue), as wide
    as they are strong, dashed when cooling, with an arrow when one-sided. Hover
    for the reasons; click to focus; search and filter by party, role and track.
    The file loads nothing from anywhere, and nothing in the data can run in it.

    \b
    Examples:
      graphkit map -n blue-harbor
      graphkit map -n blue-harbor --focus M-01 --depth 2 --output m01.html
      graphkit map -n blue-harbor --as-of 2023-12-31 --max-nodes 100 --public
    """
    from graphkit.render.briefing import NOTES_NOTE, PUBLIC_NOTE
    from graphkit.render.map import default_map_path, select_stakeholders, write_map

    if depth is not None and focus is None:
        raise GraphkitError("--depth applies only with --focus ID")
    path = Path(output) if output else default_map_path(negotiation)
    redacted = public or "notes" in redact
    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life, public=public)
    if redacted:
        from graphkit.pipeline import redact as redact_notes

        analysis = redact_notes(analysis)
    selection = select_stakeholders(analysis, focus=focus, depth=depth or 1, max_nodes=max_nodes)
    used = [f"{flag} {value}" for flag, value in (("since", since), ("track", track),
            ("party", party)) if value]  # fmt: skip
    if half_life != 180:
        used.append(f"half-life {half_life:g} days")
    written = write_map(
        analysis,
        path,
        focus=focus,
        depth=depth or 1,
        max_nodes=max_nodes,
        subtitle=", ".join(used) or None,
        notice=PUBLIC_NOTE if public else NOTES_NOTE if redacted else None,
    )
    size = written.stat().st_size
    progress(
        f"Map of {negotiation} as of {analysis.model.as_of}: {len(selection.ids):,} of "
        f"{len(analysis.stakeholders):,} stakeholders, {selection.ties_shown:,} ties "
        f"({size / 1e6:.1f} MB)"
    )
    if selection.omitted:
        progress(selection.omitted)
    click.echo(terminal_safe(written))


# -- demo -------------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    default="reports",
    show_default=True,
    help="Where reports/blue-harbor/ is written.",
)
@click.option(
    "--force", is_flag=True, help="Replace an existing OUTPUT_DIR/blue-harbor/graphkit.db."
)
def demo(output_dir, force):
    """Import the Blue-Harbor Accord sample into a fresh embedded store and run every analysis.

    Writes its outputs and the store itself under OUTPUT_DIR/blue-harbor/. An existing
    store there is replaced only with --force.

    \b
    Example:
      graphkit demo --output-dir reports
    """
    from graphkit.demo import run_demo

    outputs = run_demo(Path(output_dir), force=force, progress=progress)
    for path in outputs:
        click.echo(terminal_safe(path))


# -- briefings and planning ---------------------------------------------------------


@main.command(context_settings=CONTEXT)
@analysis_options
@sharing_options
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    default="reports",
    show_default=True,
    help="Reports go to OUTPUT_DIR/NEGOTIATION/.",
)
@with_store
def report(store, negotiation, as_of, since, track, party, half_life, redact, public, output_dir):
    """Write the two-minute briefing and every export to reports/NEGOTIATION/.

    index.html (self-contained, offline, printable) and briefing.md: headline
    numbers, influencers, trust nodes, brokers per pair of parties, friction points
    and unbalanced triangles, cooling ties, what changed since the previous period,
    each with its reason; metrics.csv; graph.graphml and graph.gexf (Gephi);
    graph.json (node-link); map.html.

    \b
    Examples:
      graphkit report -n blue-harbor
      graphkit report -n blue-harbor --public --output-dir shared-with-partners
    """
    from graphkit.report import write_report

    paths = write_report(
        store,
        negotiation,
        Path(output_dir),
        redact_notes="notes" in redact,
        public=public,
        progress=progress,
        as_of=as_of,
        since=since,
        track=track,
        party=party,
        half_life_days=half_life,
    )
    for path in paths:
        click.echo(terminal_safe(path))


def _need(analysis, sid: str, flag: str) -> None:
    if sid not in analysis.stakeholders.index:
        import difflib

        close = difflib.get_close_matches(sid, list(analysis.stakeholders.index), n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise GraphkitError(
            f'{flag} "{sid}": no such stakeholder in {analysis.negotiation} (after the filters).{hint}'
        )


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option("--from", "source", required=True, metavar="ID", help="Who wants the introduction.")
@click.option("--to", "target", required=True, metavar="ID", help="Whom they want to reach.")
@click.option(
    "--k",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="How many alternative chains.",
)
@format_option
@with_store
def path(store, negotiation, as_of, since, track, party, half_life, source, target, k, fmt):
    """The best warm-introduction chains from one stakeholder to another.

    Chains run over positive ties that carry trust and maximise the product of
    tie trust; nobody hostile to either end is used. Each link shows its evidence.
    Without a trusted chain, the closest trusted approach is shown.

    \b
    Example:
      graphkit path -n blue-harbor --from A-02 --to B-02 --k 3
    """
    from graphkit.analysis.planning import introduction_paths

    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life)
    _need(analysis, source, "--from")
    _need(analysis, target, "--to")
    result = introduction_paths(analysis, source, target, k=k)
    names = analysis.stakeholders["name"].to_dict()
    rows = [
        {
            "chain": n,
            "step": i,
            "from": link["from"],
            "to": link["to"],
            "to_name": names.get(link["to"], link["to"]),
            "trust": link["trust"],
            "contacts": link["contacts"],
            "sentiment": link["sentiment"],
            "last_contact": link["last_contact"],
            "chain_trust": p.trust,
        }
        for n, p in enumerate(result.paths, start=1)
        for i, link in enumerate(p.links, start=1)
    ]
    if fmt == "json":
        click.echo(
            render_json(
                {
                    "from": source,
                    "to": target,
                    "excluded_hostile": result.excluded,
                    "paths": [
                        {"stakeholders": p.stakeholders, "trust": p.trust, "links": p.links}
                        for p in result.paths
                    ],
                    "partial": result.partial,
                }
            ),
            nl=False,
        )
        return
    if rows or fmt == "csv":
        click.echo(
            render(
                rows,
                [
                    "chain",
                    "step",
                    "from",
                    "to",
                    "to_name",
                    "trust",
                    "contacts",
                    "sentiment",
                    "last_contact",
                    "chain_trust",
                ],
                fmt,
            ),
            nl=False,
        )
    if fmt == "table":
        say = lambda text: click.echo(terminal_safe(text))  # noqa: E731
        if result.excluded:
            click.echo()
            say(f"Not used (hostile to {source} or {target}): " + ", ".join(result.excluded))
        if not result.paths:
            say(f"No trusted chain from {source} to {target}.")
            p = result.partial
            if p:
                say(
                    f"Closest approach: {' -> '.join(p['chain'])} (chain trust {p['trust']:.3f}); "
                    f"{p['via']} is {p['steps_to_target']} step(s) from {target} over non-hostile ties: "
                    + " -> ".join(p["onward"])
                )
            else:
                say(f"{source} has no trusted contact at all.")


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option(
    "--remove",
    "remove",
    multiple=True,
    required=True,
    metavar="ID",
    help="A stakeholder who leaves (repeatable).",
)
@format_option
@with_store
def whatif(store, negotiation, as_of, since, track, party, half_life, remove, fmt):
    """What is lost if these stakeholders leave (a minister resigns, an envoy is recalled).

    Parties that lose their only trusted channel, parts of the network that split
    off, brokers who rise or fall, and the change in balance: in words and numbers.

    \b
    Example:
      graphkit whatif -n blue-harbor --remove M-01
    """
    from graphkit.analysis.planning import what_if

    analysis = _analyse(store, negotiation, as_of, since, track, party, half_life)
    for sid in remove:
        _need(analysis, sid, "--remove")
    result = what_if(analysis, remove)
    result.pop("after", None)
    if fmt == "json":
        click.echo(render_json(result), nl=False)
        return
    rows = _whatif_rows(result, analysis)
    click.echo(render(rows, ["kind", "what", "before", "after"], fmt), nl=False)


def _whatif_rows(result, analysis) -> list[dict]:
    names = analysis.stakeholders["name"].to_dict()
    rows = []
    for c in result["trusted_channels"]:
        a, b = c["parties"]
        what = f"{a} - {b}: " + (
            "loses every trusted channel" if c["lost_all"] else "loses trusted channels"
        )
        rows.append(
            {"kind": "trusted channels", "what": what, "before": c["before"], "after": c["after"]}
        )
    for sp in result["splits"]:
        rows.append({"kind": "split", "what": f"{len(sp['pieces'])} parts and {len(sp['isolated'])} isolated: "
                     + " | ".join(", ".join(p[:5]) + (" ..." if len(p) > 5 else "") for p in sp["pieces"]),
                     "before": 1, "after": len(sp["pieces"]) + len(sp["isolated"])})  # fmt: skip
    for key, word in (("brokers_rising", "rises"), ("brokers_falling", "falls")):
        for b in result[key]:
            rows.append(
                {
                    "kind": "broker",
                    "what": f"{names.get(b['id'], b['id'])} ({b['id']}) {word}",
                    "before": "",
                    "after": f"{b['betweenness_change']:+.3f}",
                }
            )
    for r in result["role_changes"]:
        moves = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"-{x}" for x in r["lost"])])
        rows.append(
            {
                "kind": "role",
                "what": f"{names.get(r['id'], r['id'])} ({r['id']}): {moves}",
                "before": "",
                "after": "",
            }
        )
    br = result["balance_ratio"]
    fmt_ratio = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    rows.append(
        {
            "kind": "balance",
            "what": "balance ratio",
            "before": fmt_ratio(br["before"]),
            "after": fmt_ratio(br["after"]),
        }
    )
    return rows


@main.command(context_settings=CONTEXT)
@click.option("--negotiation", "-n", required=True, help="The negotiation to compare.")
@click.option("--from", "date_from", required=True, metavar="DATE", help="The earlier as-of date.")
@click.option("--to", "date_to", required=True, metavar="DATE", help="The later as-of date.")
@click.option("--track", metavar="TRACK", help="Only contacts of this track.")
@click.option("--party", metavar="PARTY", help="Only contacts and ties involving this party.")
@click.option(
    "--half-life",
    type=click.FloatRange(min=1),
    default=180,
    show_default=True,
    metavar="DAYS",
    help="Recency half-life.",
)
@format_option
@with_store
def diff(store, negotiation, date_from, date_to, track, party, half_life, fmt):
    """How relationships changed between two dates: ties formed, broken, warmed and
    cooled, stakeholders whose roles changed, and the change in balance.

    \b
    Example:
      graphkit diff -n blue-harbor --from 2023-06-30 --to 2024-06-30
    """
    from dataclasses import asdict

    from graphkit.analysis.planning import diff as compare

    if date_from >= date_to:
        raise GraphkitError(f"--from {date_from} must be before --to {date_to}")
    earlier = _analyse(store, negotiation, date_from, None, track, party, half_life)
    later = _analyse(store, negotiation, date_to, None, track, party, half_life)
    change = compare(earlier, later)
    if fmt == "json":
        click.echo(
            render_json(
                {"negotiation": negotiation, "from": date_from, "to": date_to, **asdict(change)}
            ),
            nl=False,
        )
        return
    rows = []
    for kind in ("formed", "broken", "warmed", "cooled"):
        for r in getattr(change, kind):
            detail = (f"first contact {r['first_contact']}, sentiment {r['sentiment']:+.2f}" if kind == "formed"
                      else f"sentiment {r['before']:+.2f} -> {r['after']:+.2f}" + (f"; {r['why']}" if r.get("why") else ""))  # fmt: skip
            rows.append({"change": kind, "who": f"{r['a']} - {r['b']}", "detail": detail})
    for r in change.roles:
        moves = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"-{x}" for x in r["lost"])])
        rows.append({"change": "roles", "who": r["id"], "detail": moves})
    b = change.balance
    if b["before"] is not None and b["after"] is not None:
        rows.append(
            {"change": "balance", "who": "", "detail": f"{b['before']:.3f} -> {b['after']:.3f}"}
        )
    click.echo(render(rows, ["change", "who", "detail"], fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
