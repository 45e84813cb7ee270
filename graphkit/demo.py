"""``graphkit demo``: the Blue-Harbor Accord sample, end to end, into ``reports/blue-harbor/``.

An existing store at ``OUTPUT_DIR/blue-harbor/graphkit.db`` is replaced only with
``force=True`` (``--force``). Every output is written through :mod:`graphkit.safefile`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from graphkit import pipeline
from graphkit.analysis import change, introductions, persuade, whatif
from graphkit.errors import GraphkitError
from graphkit.importer import import_files
from graphkit.render.tables import to_json
from graphkit.render.views import View, ranking, records
from graphkit.render.views import friction as views_friction
from graphkit.render.views import persuasion as views_persuasion
from graphkit.render.views import planning as views_planning
from graphkit.report import REPORT_FILES, report_dir, write_report
from graphkit.resources import sample_dir
from graphkit.safefile import check_target, ensure_folder, write_text_atomic
from graphkit.stores.sqlite import SQLiteStore

NEGOTIATION = "blue-harbor"
#: The sample's issues: its tracks, with stances in stances.csv.
ISSUES = ("fisheries", "renewable-energy", "security-patrols")
#: The files the demo writes besides the store and the report (:data:`REPORT_FILES`).
DEMO_FILES = (
    "import.json",
    "negotiations.csv",
    "influence.json",
    "influence.csv",
    "brokers.csv",
    "friction.json",
    "friction.csv",
    "path-A-02-to-B-02.json",
    "whatif-without-M-01.json",
    "diff-2023-06-30-to-2024-06-30.json",
    *(f"persuade-{issue}.json" for issue in ISSUES),
    "persuade.csv",
)
_FIX = "remove it, or pass another --output-dir"


def run_demo(
    output_dir: Path,
    *,
    force: bool = False,
    progress: Callable[[str], None] = lambda m: None,
) -> list[Path]:
    """Import the sample into a fresh store at ``output_dir/blue-harbor/graphkit.db``,
    run every analysis, and return the paths written.

    An existing store there is replaced only with ``force``; without it, it is a
    :class:`GraphkitError` and nothing is written.
    """
    report_dir(Path(output_dir), NEGOTIATION)  # refuses a link at OUTPUT_DIR/blue-harbor
    out = Path(output_dir) / NEGOTIATION
    db = out / "graphkit.db"
    store_files = [db.with_name(db.name + x) for x in ("", "-wal", "-shm", "-journal")]
    # Everything is checked before anything is written; a link is refused even with --force.
    for path in (*store_files, *(out / name for name in (*DEMO_FILES, *REPORT_FILES))):
        check_target(path, fix=_FIX)
    present = [f for f in store_files if os.path.lexists(f)]
    if present and not force:
        raise GraphkitError(
            f"{present[0]} already exists - pass --force to replace it, or pass another "
            "--output-dir"
        )
    ensure_folder(out, fix=_FIX)
    for stale in present:
        stale.unlink(missing_ok=True)
    sample = sample_dir()
    store = SQLiteStore(db)
    written = [db]
    try:
        progress(f"Created a new embedded store at {db}")
        progress(f"Importing the Blue-Harbor Accord sample from {sample}")
        result = import_files(
            store,
            NEGOTIATION,
            stakeholders=sample / "stakeholders.csv",
            interactions=sample / "interactions.csv",
            relationships=sample / "relationships.csv",
            stances=sample / "stances.csv",
        )
        summary = out / "import.json"
        write_text_atomic(
            summary, to_json({"negotiation": NEGOTIATION, "files": result.rows()}), fix=_FIX
        )
        written.append(summary)
        listing = out / "negotiations.csv"
        listed = records.negotiations(store.negotiations(), store.display)
        write_text_atomic(listing, listed.text("csv"), fix=_FIX)
        written.append(listing)
        written += _analyses(store, out, progress)
    finally:
        store.close()
    progress(f"Done. Explore it: graphkit negotiations --store {db}")
    return written


def _analyses(store: SQLiteStore, out: Path, progress: Callable[[str], None]) -> list[Path]:
    """Every analysis graphkit has, as the CLI would write it."""
    progress("Analysing: influence, brokers, friction")
    analysis = pipeline.analyse_negotiation(store, NEGOTIATION)
    influence = ranking.influence(analysis)
    friction = views_friction.friction(analysis)
    files = {
        "influence.json": influence.text("json"),
        "influence.csv": influence.text("csv"),
        "brokers.csv": ranking.brokers(analysis).text("csv"),
        "friction.json": to_json(views_friction.friction_items(analysis)),
        "friction.csv": friction.text("csv"),
    }
    paths = []
    for name, text in files.items():
        paths.append(write_text_atomic(out / name, text, fix=_FIX))
    progress("Planning: warm introductions, what-if, change over the last year")
    intro = introductions.introduction_paths(analysis, "A-02", "B-02", k=3)
    lost = whatif.what_if(analysis, ["M-01"])
    earlier = pipeline.analyse_negotiation(store, NEGOTIATION, as_of="2023-06-30")
    later = pipeline.analyse_negotiation(store, NEGOTIATION, as_of="2024-06-30")
    extra = {
        "path-A-02-to-B-02.json": views_planning.path_document(intro),
        "whatif-without-M-01.json": lost,
        "diff-2023-06-30-to-2024-06-30.json": views_planning.change_document(
            change.diff(earlier, later)
        ),
    }
    progress("Planning: whom to persuade on each issue, and through whom")
    stances = store.load_stances(NEGOTIATION)
    plans = [persuade.persuasion_plan(analysis, stances, issue) for issue in ISSUES]
    for issue, plan in zip(ISSUES, plans, strict=True):
        extra[f"persuade-{issue}.json"] = views_persuasion.plan_document(plan)
    for name, data in extra.items():
        paths.append(write_text_atomic(out / name, to_json(data), fix=_FIX))
    views = [views_persuasion.plan(plan, analysis) for plan in plans]
    rows = [row for view in views for row in view.rows]
    table = View(rows, views_persuasion.PLAN_CSV_COLUMNS)
    paths.append(write_text_atomic(out / "persuade.csv", table.text("csv"), fix=_FIX))
    progress("Writing the briefing and exports")
    paths += write_report(store, NEGOTIATION, out.parent)
    return paths
