"""Re-importing changes nothing; extended logs add only new rows; updates are counted."""

from __future__ import annotations

import csv
import json

from tests.conftest import DATA, cli, snapshot

BASE = DATA / "base_stakeholders.csv"
IDS = ["S-01", "S-02", "S-03", "S-04", "S-05"]


def _log(path, rows, with_id=False):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            (["id"] if with_id else []) + ["date", "source", "target", "track", "sentiment"]
        )
        for n, (day, s, t, track, sentiment) in enumerate(rows, start=1):
            writer.writerow(([f"I-{n:03d}"] if with_id else []) + [day, s, t, track, sentiment])
    return path


def _rows(n, offset=0):
    out = []
    for i in range(offset, offset + n):
        s, t = IDS[i % 5], IDS[(i * 3 + 1) % 5]
        if s == t:
            t = IDS[(i + 1) % 5]
        out.append(
            (
                f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                s,
                t,
                ("fisheries", "energy")[i % 2],
                f"{(i % 7 - 3) / 4:.2f}",
            )
        )
    return out


def _counts(result):
    assert result.exit_code == 0, result.output
    return {f["kind"]: f for f in json.loads(result.stdout)["files"]}


def _import(store, *args):
    return _counts(cli("import", "-n", "talks", "--format", "json", *args, store=store))


def test_reimport_changes_nothing_and_extension_adds_only_new_rows(store_path, tmp_path):
    _import(store_path, "--stakeholders", BASE)
    log = _log(tmp_path / "log.csv", _rows(100))
    first = _import(store_path, "--interactions", log)["interactions"]
    assert (first["read"], first["added"], first["unchanged"]) == (100, 100, 0)
    before = snapshot(store_path)
    again = _import(store_path, "--interactions", log, "--stakeholders", BASE)
    assert (again["interactions"]["added"], again["interactions"]["unchanged"]) == (0, 100)
    assert (
        again["stakeholders"]["added"],
        again["stakeholders"]["updated"],
        again["stakeholders"]["unchanged"],
    ) == (0, 0, 5)
    assert snapshot(store_path) == before
    extended = _log(tmp_path / "log2.csv", _rows(100) + _rows(30, offset=100))
    more = _import(store_path, "--interactions", extended)["interactions"]
    assert (more["read"], more["added"], more["updated"], more["unchanged"]) == (130, 30, 0, 100)
    listing = json.loads(cli("negotiations", "--format", "json", store=store_path).stdout)
    assert listing[0]["interactions"] == 130


def test_identical_rows_without_ids_are_distinct_contacts(store_path, tmp_path):
    _import(store_path, "--stakeholders", BASE)
    row = ("2023-05-05", "S-01", "S-02", "fisheries", "0.5")
    log = _log(tmp_path / "log.csv", [row, row])
    assert _import(store_path, "--interactions", log)["interactions"]["added"] == 2
    three = _log(tmp_path / "log3.csv", [row, row, row])
    counts = _import(store_path, "--interactions", three)["interactions"]
    assert (counts["added"], counts["unchanged"]) == (1, 2)


def test_logs_with_ids_update_changed_rows(store_path, tmp_path):
    _import(store_path, "--stakeholders", BASE)
    rows = _rows(40)
    _import(store_path, "--interactions", _log(tmp_path / "a.csv", rows, with_id=True))
    changed = [
        (d, s, t, tr, "0.99") if i % 8 == 0 else (d, s, t, tr, x)
        for i, (d, s, t, tr, x) in enumerate(rows)
    ]
    counts = _import(store_path, "--interactions", _log(tmp_path / "b.csv", changed, with_id=True))[
        "interactions"
    ]
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (0, 5, 35)


def test_stakeholder_and_relationship_updates(store_path, tmp_path):
    _import(
        store_path, "--stakeholders", BASE, "--relationships", DATA / "relationships_signed.csv"
    )
    edited = tmp_path / "stakeholders.csv"
    edited.write_text(
        BASE.read_text(encoding="utf-8").replace("Liaison officer", "Deputy commander"),
        encoding="utf-8",
    )
    ties = tmp_path / "ties.csv"
    ties.write_text(
        (DATA / "relationships_signed.csv")
        .read_text(encoding="utf-8")
        .replace("S-04,S-02,rivalry,-1,,,", "S-04,S-02,rivalry,-1,3,,"),
        encoding="utf-8",
    )
    counts = _import(store_path, "--stakeholders", edited, "--relationships", ties)
    s, r = counts["stakeholders"], counts["relationships"]
    assert (s["added"], s["updated"], s["unchanged"]) == (0, 1, 4)
    assert (r["added"], r["updated"], r["unchanged"]) == (0, 1, 2)


def test_dry_run_counts_but_writes_nothing(store_path, tmp_path):
    _import(store_path, "--stakeholders", BASE)
    before = snapshot(store_path)
    counts = _import(
        store_path, "--interactions", _log(tmp_path / "log.csv", _rows(10)), "--dry-run"
    )
    assert counts["interactions"]["added"] == 10
    assert snapshot(store_path) == before


def test_a_stakeholder_can_take_part_in_several_negotiations(store_path, tmp_path):
    log = _log(tmp_path / "log.csv", _rows(10))
    for name in ("alpha", "beta"):
        result = cli("import", "-n", name, "--stakeholders", BASE, store=store_path)
        assert result.exit_code == 0
    cli("import", "-n", "alpha", "--interactions", log, store=store_path)
    listing = {
        r["name"]: r
        for r in json.loads(cli("negotiations", "--format", "json", store=store_path).stdout)
    }
    assert (listing["alpha"]["stakeholders"], listing["alpha"]["interactions"]) == (5, 10)
    assert (listing["beta"]["stakeholders"], listing["beta"]["interactions"]) == (5, 0)


def test_an_import_collects_garbage_less_often_and_restores_the_thresholds(tmp_path):
    """graphkit.importer.few_collections: raised during the import (parsing and planning a
    large log spent a quarter of its time in collections), restored afterwards, also when
    the import is rejected."""
    import gc

    import pytest

    from graphkit import import_files
    from graphkit.errors import ImportRejected
    from graphkit.importer import IMPORT_GC_THRESHOLD
    from graphkit.stores import SQLiteStore

    class Watching(SQLiteStore):
        def apply(self, batch, **kw):
            seen.append(gc.get_threshold())
            return super().apply(batch, **kw)

    seen: list[tuple[int, ...]] = []
    before = gc.get_threshold()
    store = Watching(tmp_path / "store.db")
    try:
        import_files(store, "talks", stakeholders=BASE)
        assert seen and all(a >= b for a, b in zip(seen[0], IMPORT_GC_THRESHOLD, strict=True))
        assert gc.get_threshold() == before
        bad = tmp_path / "bad.csv"
        bad.write_text("date,source,target\nnot a date,S-01,S-02\n", encoding="utf-8")
        with pytest.raises(ImportRejected):
            import_files(store, "talks", interactions=bad)
        assert gc.get_threshold() == before
    finally:
        store.close()
