"""``graphkit demo``: the Blue-Harbor Accord sample, end to end, into ``reports/blue-harbor/``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from graphkit import pipeline
from graphkit.analysis import planning
from graphkit.importer import import_files
from graphkit.render.tables import render, to_json
from graphkit.report import write_report
from graphkit.resources import sample_dir
from graphkit.stores.sqlite import SQLiteStore

NEGOTIATION = "blue-harbor"


def run_demo(output_dir: Path, *, progress: Callable[[str], None] = lambda m: None) -> list[Path]:
    """Import the sample into a fresh store at ``output_dir/blue-harbor/graphkit.db``,
    run every analysis, and return the paths written."""
    out = output_dir / NEGOTIATION
    out.mkdir(parents=True, exist_ok=True)
    db = out / "graphkit.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    sample = sample_dir()
    store = SQLiteStore(db)
    written = [db]
    try:
        progress(f"Importing the Blue-Harbor Accord sample from {sample}")
        result = import_files(
            store,
            NEGOTIATION,
            stakeholders=sample / "stakeholders.csv",
            interactions=sample / "interactions.csv",
            relationships=sample / "relationships.csv",
        )
        summary = out / "import.json"
        summary.write_text(
            to_json({"negotiation": NEGOTIATION, "files": result.rows()}), encoding="utf-8"
        )
        written.append(summary)
        listing = out / "negotiations.csv"
        columns = [
            "name",
            "stakeholders",
            "interactions",
            "relationships",
            "first_contact",
            "last_contact",
        ]
        listing.write_text(render(store.negotiations(), columns, "csv"), encoding="utf-8")
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
    files = {
        "influence.json": to_json(analysis.to_dict()),
        "influence.csv": render(
            pipeline.influence_rows(analysis), pipeline.INFLUENCE_CSV_COLUMNS, "csv"
        ),
        "brokers.csv": render(pipeline.broker_rows(analysis), pipeline.BROKER_COLUMNS, "csv"),
        "friction.json": to_json(pipeline.friction_items(analysis)),
        "friction.csv": render(
            pipeline.friction_rows(pipeline.friction_items(analysis)),
            pipeline.FRICTION_COLUMNS,
            "csv",
        ),
    }
    paths = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    progress("Planning: warm introductions, what-if, change over the last year")
    intro = planning.introduction_paths(analysis, "A-02", "B-02", k=3)
    whatif = planning.what_if(analysis, ["M-01"])
    whatif.pop("after")
    earlier = pipeline.analyse_negotiation(store, NEGOTIATION, as_of="2023-06-30")
    later = pipeline.analyse_negotiation(store, NEGOTIATION, as_of="2024-06-30")
    extra = {
        "path-A-02-to-B-02.json": {
            "from": intro.source,
            "to": intro.target,
            "excluded_hostile": intro.excluded,
            "paths": [asdict(p) for p in intro.paths],
            "partial": intro.partial,
        },
        "whatif-without-M-01.json": whatif,
        "diff-2023-06-30-to-2024-06-30.json": asdict(planning.diff(earlier, later)),
    }
    for name, data in extra.items():
        path = out / name
        path.write_text(to_json(data), encoding="utf-8")
        paths.append(path)
    progress("Writing the briefing and exports")
    paths += write_report(store, NEGOTIATION, out.parent)
    return paths
