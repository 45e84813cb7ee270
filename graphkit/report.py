"""``graphkit report``: the briefing and every export of one negotiation, in one folder.

Writes ``index.html`` and ``briefing.md`` (the two-minute briefing; ``briefing.svg``, its
picture of the map, and ``grid.svg``, its power-interest grid, for the Markdown), ``metrics.csv``,
``graph.graphml``, ``graph.gexf`` and ``graph.json`` (node-link), and ``map.html``.
Redacted outputs say so in each file. Every file is written through
:mod:`graphkit.safefile` (whole or not at all; never through a link), and the report
folder ``OUTPUT_DIR/NEGOTIATION`` must be a real folder, not a link.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graphkit import pipeline
from graphkit.analysis.change import diff
from graphkit.analysis.negotiation import Analysis
from graphkit.render import briefing as brief
from graphkit.render import exports
from graphkit.render.map import render_map
from graphkit.render.tables import render
from graphkit.render.views import ranking
from graphkit.safefile import check_target, ensure_folder, negotiation_folder, write_text_atomic
from graphkit.scope import EVERYTHING, IN_TEAM, Scope, Sharing
from graphkit.stores.base import Store

#: The files :func:`write_report` writes into the report folder, in the order written.
REPORT_FILES = (
    "map.html",
    "index.html",
    "briefing.md",
    "briefing.svg",
    "grid.svg",
    "metrics.csv",
    "graph.graphml",
    "graph.gexf",
    "graph.json",
)
_FIX = "remove it, or pass another --output-dir"


def report_dir(output_dir: Path, negotiation: str) -> Path:
    """``output_dir/negotiation``: the name is validated, so it cannot leave ``output_dir``.

    ``output_dir`` (and the folders above it) may be links: the user chose them. The
    report folder itself may not: a link there is refused rather than followed.
    """
    return negotiation_folder(output_dir, negotiation, fix=_FIX).resolve()


def write_report(
    store: Store,
    negotiation: str,
    output_dir: Path,
    scope: Scope = EVERYTHING,
    *,
    sharing: Sharing = IN_TEAM,
    progress: Callable[[str], None] = lambda m: None,
) -> list[Path]:
    """Analyse ``negotiation`` and write the briefing and exports; return the paths."""
    folder = report_dir(output_dir, negotiation)
    for name in REPORT_FILES:  # refuse before writing anything, not half way through
        check_target(folder / name, fix=_FIX)
    ensure_folder(folder, fix=_FIX)
    analysis = pipeline.analyse_negotiation(
        store, negotiation, scope, sharing=sharing, progress=progress
    )
    note = sharing.notice
    previous_date = _previous(analysis)
    change = None
    if previous_date:
        earlier = pipeline.analyse_negotiation(
            store, negotiation, scope.at(previous_date), sharing=sharing
        )
        change = diff(earlier, analysis)
    stances = pipeline.load_stances(store, negotiation, sharing=sharing)
    b = brief.build_briefing(analysis, change, redacted=note, since=previous_date, stances=stances)
    timeline = pipeline.analyse_over_time(
        store, negotiation, scope, sharing=sharing, now=analysis, progress=progress
    )
    written = []
    for name, text in (
        ("map.html", render_map(analysis, notice=note or None, timeline=timeline, stances=stances)),
        ("index.html", brief.to_html(b)),
        ("briefing.md", brief.to_markdown(b)),
        ("briefing.svg", brief.to_svg_file(b)),
        ("grid.svg", grid_file(b)),
        ("metrics.csv", _metrics_csv(analysis, note)),
    ):
        written.append(write_text_atomic(folder / name, text, fix=_FIX))
    graph = exports.analysis_graph(analysis)
    if note:
        graph.graph["redacted"] = note
    for name, writer in (
        ("graph.graphml", exports.write_graphml),
        ("graph.gexf", exports.write_gexf),
        ("graph.json", exports.write_node_link),
    ):
        writer(analysis, folder / name, graph=graph)
        written.append(folder / name)
    return written


def grid_file(b: brief.Briefing) -> str:
    """The briefing's power-interest grid as one SVG file (an empty one without it)."""
    from graphkit.render.briefing.powergrid import stacked

    panels = next((s.figures for s in b.sections if s.figure_file == "grid.svg"), [])
    return stacked(panels)


def _metrics_csv(analysis: Analysis, note: str) -> str:
    """Every metric of every stakeholder, then the team's own fields (``field:<header>``),
    the notes (and the notice when redacted)."""
    rows = ranking.influence_rows(analysis)
    columns = [*ranking.INFLUENCE_CSV_COLUMNS, *ranking.field_columns(analysis), "notes"]
    for row, (_, r) in zip(rows, analysis.ranked().iterrows(), strict=True):
        row["notes"] = r["notes"]
        if note:
            row["redacted"] = note
    return render(rows, [*columns, "redacted"] if note else columns, "csv")


def _previous(analysis: Analysis) -> str | None:
    """The as-of date one period before this one, if there were contacts by then."""
    first = analysis.model.first_contact
    if first is None:
        return None
    from datetime import date, timedelta

    earlier = (
        date.fromisoformat(analysis.model.as_of) - timedelta(days=analysis.model.period_days)
    ).isoformat()
    if first > earlier:
        return None
    return earlier
