"""``graphkit influence``, ``brokers``, ``friction``, ``path``, ``persuade``,
``ratification``, ``whatif`` and ``diff``."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

from graphkit.cli.app import CONTEXT, main, progress
from graphkit.cli.options import (
    DATE,
    analysis_options,
    emit,
    format_option,
    issue_of,
    negotiation_option,
    scope_options,
    sharing_options,
    stakeholder,
    stakeholder_option,
    with_store,
)
from graphkit.errors import GraphkitError
from graphkit.scope import DEFAULT_SORT
from graphkit.suggest import did_you_mean


class MetricName(click.ParamType):
    """A metric stakeholders can be ranked by (:func:`graphkit.analysis.metrics.sort_keys`),
    looked up when used, so that ``--help`` and completion never load the analysis."""

    name = "metric"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from graphkit.analysis.metrics import sort_keys

        if value in sort_keys():
            return str(value)
        hint = did_you_mean(str(value), list(sort_keys()))
        self.fail(
            f'"{value}" is not a metric to rank by.{f" {hint}" if hint else ""} '
            f"One of: {', '.join(sort_keys())}",
            param,
            ctx,
        )

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from graphkit.analysis.metrics import sort_keys

        return [CompletionItem(k) for k in sort_keys() if k.startswith(incomplete)]


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option(
    "--sort",
    "by",
    type=MetricName(),
    default=DEFAULT_SORT,
    show_default=True,
    metavar="METRIC",
    help="Rank by this metric (any number of `graphkit metrics`; constraint: lowest first).",
)
@click.option("--top", type=click.IntRange(min=1), help="Show only the first N by that rank.")
@click.option(
    "--write-back",
    is_flag=True,
    help="Also store the metrics in the store (Neo4j: gk_* properties, and the computed "
    "ties as TIE relationships; see cypher/README.md).",
)
@format_option
@with_store
def influence(store, negotiation, scope, by, top, write_back, fmt):
    """Rank stakeholders: influencers, brokers, trust nodes and friction points, each with why.

    The rank is the position by influence (PageRank on who seeks out whom), or by the
    metric of --sort; tied values share a rank. Brokers sit on the shortest paths
    between parties; trust nodes hold positive, two-way, recent contacts with more
    than one party; friction points carry negative ties and unbalanced triangles.
    The JSON output carries every metric.

    \b
    Examples:
      graphkit influence -n blue-harbor --top 10
      graphkit influence -n blue-harbor --sort betweenness --top 5
      graphkit influence -n blue-harbor --track fisheries --as-of 2023-12-31 --format json
    """
    from graphkit.pipeline import analyse_negotiation
    from graphkit.pipeline import write_back as store_metrics
    from graphkit.render.views import ranking

    analysis = analyse_negotiation(store, negotiation, scope, progress=progress)
    if write_back:
        store_metrics(store, analysis, notify=progress)
    emit(ranking.influence(analysis, top, by), fmt)


@main.command(context_settings=CONTEXT)
@format_option
def metrics(fmt):
    """What every metric means: its name in the CSV and JSON, the graph it runs on, and
    its definition with the reference.

    \b
    Example:
      graphkit metrics --format csv
    """
    from graphkit.render.views import ranking

    emit(ranking.metric_list(), fmt)


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
def brokers(store, negotiation, scope, per_pair, fmt):
    """Who carries messages between the parties, and how much of the traffic.

    For each pair of parties: the stakeholders that the shortest paths between
    them pass through, with the share of those paths, their Gould-Fernandez
    brokerage roles and whether removing them cuts the parties apart.

    \b
    Example:
      graphkit brokers -n blue-harbor --per-pair 3
    """
    from graphkit.pipeline import analyse_negotiation
    from graphkit.render.views import ranking

    analysis = analyse_negotiation(store, negotiation, scope, progress=progress)
    emit(ranking.brokers(analysis, per_pair=per_pair), fmt)


@main.command(context_settings=CONTEXT)
@analysis_options
@format_option
@with_store
def friction(store, negotiation, scope, fmt):
    """Where it may break: negative, cooling and one-sided ties, unbalanced triangles and
    stakeholders under pressure (hostile contacts from two stakeholders or more).

    Each item comes with the evidence behind it: the dates, tracks and sentiment of
    the contacts, or the declared tie.

    \b
    Example:
      graphkit friction -n blue-harbor --since 2024-01-01 --format csv
    """
    from graphkit.pipeline import analyse_negotiation
    from graphkit.render.views import friction as friction_view

    analysis = analyse_negotiation(store, negotiation, scope, progress=progress)
    emit(friction_view.friction(analysis), fmt)


@main.command(context_settings=CONTEXT)
@analysis_options
@stakeholder_option("--from", "source", required=True, help="Who wants the introduction.")
@stakeholder_option("--to", "target", required=True, help="Whom they want to reach.")
@click.option(
    "--k",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="How many alternative chains.",
)
@format_option
@with_store
def path(store, negotiation, scope, source, target, k, fmt):
    """The best warm-introduction chains from one stakeholder to another.

    Chains run over positive ties that carry trust and maximise the product of
    tie trust; nobody hostile to either end is used. Each link shows its evidence.
    Without a trusted chain, the closest trusted approach is shown.

    \b
    Examples:
      graphkit path -n blue-harbor --from A-02 --to B-02 --k 3
      graphkit path -n blue-harbor --from "Duarte Mendonça" --to B-02
    """
    from graphkit.analysis.introductions import introduction_paths
    from graphkit.pipeline import analyse_negotiation
    from graphkit.render.views import planning

    analysis = analyse_negotiation(store, negotiation, scope, progress=progress)
    source = stakeholder(analysis, source, "--from", scope)
    target = stakeholder(analysis, target, "--to", scope)
    result = introduction_paths(analysis, source, target, k=k)
    emit(planning.path(result, analysis), fmt)


def _stances_option(value: str) -> tuple[int, ...]:
    from graphkit.ingest.fields import CellError, parse_stance

    try:
        return tuple(sorted({parse_stance(word) for word in value.split(",") if word.strip()}))
    except CellError as err:
        raise click.BadParameter(f"{err.message} - {err.fix}") from None


@main.command(context_settings=CONTEXT)
@analysis_options
@click.option("--issue", required=True, metavar="ISSUE",
              help="The issue (a track, or an issue of the stances file).")  # fmt: skip
@click.option("--min-power", type=click.IntRange(1, 5), default=4, show_default=True,
              help="Declared power (1-5) from which a stakeholder's stance matters.")  # fmt: skip
@click.option("--targets", "targets", default="oppose,lean oppose,undecided", show_default=True,
              metavar="STANCES", help="The stances to move, comma-separated.")  # fmt: skip
@click.option("--k", type=click.IntRange(min=1), default=3, show_default=True,
              help="How many chains per stakeholder, each from another supporter.")  # fmt: skip
@sharing_options
@format_option
@with_store
def persuade(store, negotiation, scope, issue, min_power, targets, k, sharing, fmt):
    """Whom to move on an issue, who can reach them, and whom to ask first.

    For each stakeholder with declared power of --min-power or more who opposes the
    issue or is undecided (stances as of --as-of, from the stances file), the best
    chains of warm introductions from its supporters: trusted ties, nobody hostile to
    either end on the way. Then the supporters whose chains reach the most power at
    stake, and what the plan loses if a go-between leaves.

    \b
    Examples:
      graphkit persuade -n blue-harbor --issue fisheries
      graphkit persuade -n blue-harbor --issue security-patrols --min-power 3 --format json
    """
    from graphkit.analysis.persuade import persuasion_plan
    from graphkit.pipeline import analyse_negotiation, load_stances
    from graphkit.render.views import persuasion

    stances = load_stances(store, negotiation, sharing=sharing)
    issue_of(issue, sorted(set(stances["issue"])), negotiation)  # before the analysis
    analysis = analyse_negotiation(store, negotiation, scope, sharing=sharing, progress=progress)
    result = persuasion_plan(analysis, stances, issue, min_power=min_power,
                             targets=_stances_option(targets), k=k)  # fmt: skip
    emit(persuasion.plan(result, analysis), fmt)


@main.command(context_settings=CONTEXT)
@negotiation_option("The negotiation.")
@click.option("--as-of", type=DATE, metavar="DATE", help="The stances held on DATE.")
@click.option("--issue", metavar="ISSUE", help="Only this issue.")
@sharing_options
@format_option
@with_store
def ratification(store, negotiation, as_of, issue, sharing, fmt):
    """Where each party stands on each issue: support and opposition weighted by declared
    power, and the swing stakeholders who decide it.

    \b
    Examples:
      graphkit ratification -n blue-harbor
      graphkit ratification -n blue-harbor --issue security-patrols --as-of 2024-06-30
    """
    from graphkit.analysis.stances import ratification as balances
    from graphkit.render.views import persuasion

    people = store.load(negotiation, contacts=False).stakeholders.set_index("id")
    stances = store.load_stances(negotiation, public=sharing.public)
    if issue is not None:
        stances = stances[stances["issue"] == issue]
    when = as_of or store.last_contact(negotiation, public=sharing.public)
    emit(persuasion.ratification(balances(people, stances, when), when), fmt)


@main.command(context_settings=CONTEXT)
@analysis_options
@stakeholder_option(
    "--remove",
    "remove",
    multiple=True,
    required=True,
    help="A stakeholder who leaves (repeatable).",
)
@format_option
@with_store
def whatif(store, negotiation, scope, remove, fmt):
    """What is lost if these stakeholders leave (a minister resigns, an envoy is recalled).

    Parties that lose their only trusted channel, parts of the network that split
    off, brokers who rise or fall, and the change in balance: in words and numbers.

    \b
    Example:
      graphkit whatif -n blue-harbor --remove M-01
    """
    from graphkit.analysis.whatif import what_if
    from graphkit.pipeline import analyse_negotiation
    from graphkit.render.views import planning

    analysis = analyse_negotiation(store, negotiation, scope, progress=progress)
    ids = [stakeholder(analysis, sid, "--remove", scope) for sid in remove]
    emit(planning.whatif(what_if(analysis, ids), analysis), fmt)


@main.command(context_settings=CONTEXT)
@negotiation_option("The negotiation to compare.")
@click.option("--from", "date_from", required=True, type=DATE, metavar="DATE",
              help="The earlier as-of date.")  # fmt: skip
@click.option("--to", "date_to", required=True, type=DATE, metavar="DATE",
              help="The later as-of date.")  # fmt: skip
@scope_options(dates=False)
@format_option
@with_store
def diff(store, negotiation, date_from, date_to, scope, fmt):
    """How relationships changed between two dates: ties formed, broken, warmed and
    cooled, stakeholders whose roles changed, the change in balance, and who moved on
    each issue (declared stances) with the contacts that preceded the move.

    \b
    Example:
      graphkit diff -n blue-harbor --from 2023-06-30 --to 2024-06-30
    """
    from graphkit.analysis.change import diff as compare
    from graphkit.analysis.stances import stance_moves
    from graphkit.pipeline import analyse_negotiation
    from graphkit.render.views import planning

    if date_from >= date_to:
        raise GraphkitError(f"--from {date_from} must be before --to {date_to}")
    earlier = analyse_negotiation(store, negotiation, scope.at(date_from), progress=progress)
    later = analyse_negotiation(store, negotiation, scope.at(date_to), progress=progress)
    stances = store.load_stances(negotiation)
    moves = stance_moves(stances, date_from, date_to)
    if moves:  # the contacts in between are read only when someone moved
        moves = stance_moves(stances, date_from, date_to, later.model.contacts)
    emit(planning.diff(compare(earlier, later), negotiation, date_from, date_to, moves), fmt)
