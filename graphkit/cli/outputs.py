"""``graphkit map``, ``report`` and ``demo``: the files an ambassador opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.cli.app import CONTEXT, main, progress
from graphkit.cli.options import (
    analysis_options,
    issue_of,
    sharing_options,
    stakeholder,
    stakeholder_option,
    with_store,
)
from graphkit.errors import GraphkitError
from graphkit.render.text import terminal_safe
from graphkit.words import count


def _output_dir(help: str) -> Callable[..., Any]:
    return click.option(
        "--output-dir",
        type=click.Path(file_okay=False),
        default="reports",
        show_default=True,
        help=help,
    )


@main.command("map", context_settings=CONTEXT)
@analysis_options
@stakeholder_option("--focus", help="Only this stakeholder's neighbourhood (see --depth).")
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
@click.option(
    "--timeline/--no-timeline",
    default=True,
    show_default=True,
    help="A time slider: the ties and roles as of each month or quarter of the talks "
    "(one analysis per date).",
)
@click.option("--stance", "colour", metavar="ISSUE",
              help="Colour the stakeholders by their declared stance on ISSUE (as of "
              "--as-of), not by party.")  # fmt: skip
@click.option("--view", type=click.Choice(["network", "grid"]), default="network",
              show_default=True,
              help="Open on the relationship network, or on the power-interest grid of the "
              "declared power and interest.")  # fmt: skip
@click.option("--persuade", metavar="ISSUE",
              help="Draw the persuasion chains on ISSUE (graphkit persuade: whom to win over, "
              "through whom).")  # fmt: skip
@sharing_options
@with_store
def map_command(store, negotiation, scope, focus, depth, max_nodes, output, timeline, colour,
                view, persuade, sharing):  # fmt: skip
    """Draw the negotiation as one HTML map that opens offline in any browser.

    Size is influence, colour the party (or the detected coalition), shape the
    kind (non-state square, mediator diamond); brokers have a black border, trust
    nodes a blue ring, friction points a dashed red ring. Ties run from friction
    (red) to trust (blue), as wide as they are strong, dashed when cooling, with
    an arrow when one-sided. A time slider shows the ties and roles as of earlier
    dates, on the same positions. Hover for the reasons; click to focus; search
    and filter by party, role and track; with declared stances, colour by the
    stance on an issue, lay out the power-interest grid, draw the persuasion
    chains. It prints on one landscape page. The file loads nothing from
    anywhere, and nothing in the data can run in it.

    \b
    Examples:
      graphkit map -n blue-harbor
      graphkit map -n blue-harbor --focus M-01 --depth 2 --output m01.html
      graphkit map -n blue-harbor --as-of 2023-12-31 --max-nodes 100 --public
      graphkit map -n blue-harbor --stance fisheries --persuade fisheries --view grid
    """
    from graphkit.pipeline import analyse_negotiation, analyse_over_time
    from graphkit.render.map import default_map_path, prepare_map_path, write_map

    if depth is not None and focus is None:
        raise GraphkitError("--depth applies only with --focus ID")
    path = prepare_map_path(Path(output) if output else default_map_path(negotiation))
    stances = _map_stances(store, negotiation, sharing, colour, persuade)
    analysis = analyse_negotiation(store, negotiation, scope, sharing=sharing, progress=progress)
    focus = focus if focus is None else stakeholder(analysis, focus, "--focus", scope)
    selection, plan = _map_selection(analysis, stances, persuade, view, focus=focus,
                                     depth=depth or 1, max_nodes=max_nodes)  # fmt: skip
    dates = (analyse_over_time(store, negotiation, scope, sharing=sharing, now=analysis,
                               progress=progress) if timeline else None)  # fmt: skip
    written = write_map(analysis, path, selection=selection, subtitle=scope.describe(),
                        notice=sharing.notice or None, timeline=dates, stances=stances,
                        colour=colour, view=view, plan=plan)  # fmt: skip
    _map_written(negotiation, analysis, selection, written)


def _map_stances(store: Any, negotiation: str, sharing: Any, *issues: str | None) -> Any:
    """The stances the map may show, once the issues of ``--stance`` and ``--persuade``
    (None: not given) are known."""
    from graphkit.pipeline import load_stances

    stances = load_stances(store, negotiation, sharing=sharing)
    for flag, value in zip(("--stance", "--persuade"), issues, strict=True):
        if value is not None:
            issue_of(value, sorted(set(stances["issue"])), negotiation, flag)
    return stances


def _map_selection(
    analysis: Any, stances: Any, persuade: str | None, view: str, **options: Any
) -> Any:
    """The stakeholders to draw (``options`` of ``select_stakeholders``) and the persuasion
    plan on ``persuade`` (None without), whose chains the map keeps; a grid ``view`` only
    when someone has a declared power and interest."""
    from graphkit.analysis.persuade import persuasion_plan
    from graphkit.render.map import plan_members, select_stakeholders

    people = analysis.stakeholders
    if view == "grid" and not ((people["power"] > 0) & (people["interest"] > 0)).any():
        raise GraphkitError(
            f"--view grid: no stakeholder of {analysis.negotiation} has both a declared power "
            "and interest - add power and interest columns (1-5) to the stakeholder map and "
            "import it again"
        )

    plan = persuasion_plan(analysis, stances, persuade) if persuade else None
    return select_stakeholders(analysis, keep=plan_members(plan), **options), plan


def _map_written(negotiation: str, analysis: Any, selection: Any, written: Path) -> None:
    """What `graphkit map` says when done: on stderr what it drew, on stdout the file."""
    progress(
        f"Map of {negotiation} as of {analysis.model.as_of}: {len(selection.ids):,} of "
        f"{count(len(analysis.stakeholders), 'stakeholder', grouped=True)}, "
        f"{count(selection.ties_shown, 'tie', grouped=True)} "
        f"({written.stat().st_size / 1e6:.1f} MB)"
    )
    if selection.omitted:
        progress(selection.omitted)
    click.echo(terminal_safe(written))


@main.command(context_settings=CONTEXT)
@_output_dir("Where reports/blue-harbor/ is written.")
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

    for path in run_demo(Path(output_dir), force=force, progress=progress):
        click.echo(terminal_safe(path))


@main.command(context_settings=CONTEXT)
@analysis_options
@sharing_options
@_output_dir("Reports go to OUTPUT_DIR/NEGOTIATION/.")
@with_store
def report(store, negotiation, scope, sharing, output_dir):
    """Write the two-minute briefing and every export to reports/NEGOTIATION/.

    index.html (self-contained, offline, printable) and briefing.md (with its
    picture briefing.svg): page one in plain words (whom to talk to, who can carry
    messages, where it may break, what changed), then an appendix with every number;
    metrics.csv; graph.graphml and graph.gexf (Gephi); graph.json (node-link); map.html.

    \b
    Examples:
      graphkit report -n blue-harbor
      graphkit report -n blue-harbor --public --output-dir shared-with-partners
    """
    from graphkit.report import write_report

    paths = write_report(store, negotiation, Path(output_dir), scope, sharing=sharing,
                         progress=progress)  # fmt: skip
    for path in paths:
        click.echo(terminal_safe(path))
