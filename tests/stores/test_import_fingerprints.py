"""Re-imports that skip unchanged records by their fingerprint (graphkit/changes.py) give
exactly what reading and comparing every record gives, on both stores; on Neo4j an
unchanged re-import of the same file reads no stored contact."""

from __future__ import annotations

import csv

import pytest

from graphkit import import_files
from graphkit.stores.neo4j_records import _Records

PEOPLE = [f"P-{n}" for n in range(12)]
ROWS = 60


def _people(path):
    path.write_text(
        "id,name,party\n"
        + "".join(f"{p},Person {p},{'AB'[n % 2]}\n" for n, p in enumerate(PEOPLE)),
        encoding="utf-8",
    )
    return path


def _log(path, *, notes=True, sentiment=None, without_id=False):
    """ROWS contacts; ``notes``: with a notes column; ``sentiment``: {row: value}."""
    sentiment = sentiment or {}
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*([] if without_id else ["id"]), "date", "source", "target", "sentiment",
                    *(["notes"] if notes else [])])  # fmt: skip
        for n in range(ROWS):
            a, b = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 5 + 1) % len(PEOPLE)]
            w.writerow([*([] if without_id else [f"C-{n}"]), f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}",
                        a, b, sentiment.get(n, 0.25), *([f"note {n}"] if notes else [])])  # fmt: skip
    return path


@pytest.fixture
def contacts_read(monkeypatch):
    """How many stored contacts the Neo4j planning asks for (a spy on the real store)."""
    asked: list[int] = []
    real = _Records.stored

    def spy(self, kind, keys):
        if kind == "interactions":
            asked.append(len(keys))
        return real(self, kind, keys)

    monkeypatch.setattr(_Records, "stored", spy)
    return asked


def _counts(result):
    c = result.counts["interactions"]
    return c.added, c.updated, c.unchanged


def _contacts(store):
    rows = store.load("talks").interactions
    return {r["key"]: (r["sentiment"], r["notes"]) for r in rows.to_dict("records")}


@pytest.mark.parametrize("without_id", [False, True], ids=["ids", "no-ids"])
def test_re_imports_with_other_columns_and_corrections(store, tmp_path, contacts_read, without_id):
    people = _people(tmp_path / "people.csv")
    full = _log(tmp_path / "full.csv", without_id=without_id)
    assert _counts(import_files(store, "talks", stakeholders=people, interactions=full)) == (
        ROWS,
        0,
        0,
    )
    first = _contacts(store)
    asked = len(contacts_read)
    if store.__class__.__name__ == "Neo4jStore":  # nothing stored yet: nothing read
        assert sum(contacts_read) == 0

    # The same file again: nothing changes (on Neo4j: not one stored contact read).
    assert _counts(import_files(store, "talks", interactions=full)) == (0, 0, ROWS)
    assert _contacts(store) == first
    if store.__class__.__name__ == "Neo4jStore":
        assert sum(contacts_read[asked:]) == 0

    seventh, ninth = (
        next(k for k, (_, note) in first.items() if note == f"note {n}") for n in (7, 9)
    )

    # The same columns, one tone corrected: that contact changes, and only that one.
    corrected = _log(tmp_path / "corrected.csv", sentiment={7: -0.5}, without_id=without_id)
    assert _counts(import_files(store, "talks", interactions=corrected)) == (0, 1, ROWS - 1)
    second = _contacts(store)
    assert [k for k in first if first[k] != second[k]] == [seventh]
    assert second[seventh] == (-0.5, "note 7")

    # Without the notes column, another tone corrected (and the seventh as first given):
    # the notes stay.
    fixed = _log(tmp_path / "fixed.csv", notes=False, sentiment={9: -0.75}, without_id=without_id)
    assert _counts(import_files(store, "talks", interactions=fixed)) == (0, 2, ROWS - 2)
    third = _contacts(store)
    assert [k for k in first if first[k] != third[k]] == [ninth]
    assert third[ninth] == (-0.75, "note 9")
    assert _counts(import_files(store, "talks", interactions=fixed)) == (0, 0, ROWS)

    # The first file again puts its tone back, and only that.
    assert _counts(import_files(store, "talks", interactions=full)) == (0, 1, ROWS - 1)
    assert _contacts(store) == first


def test_a_deleted_stakeholders_contacts_come_back_with_the_file(store, tmp_path):
    people = _people(tmp_path / "people.csv")
    full = _log(tmp_path / "full.csv")
    import_files(store, "talks", stakeholders=people, interactions=full)
    before = _contacts(store)
    gone = store.delete("talks", ["P-3"])
    assert gone.interactions > 0
    # the removed contacts' fingerprints do not count: they are added again
    again = import_files(store, "talks", stakeholders=people, interactions=full)
    assert _counts(again) == (gone.interactions, 0, ROWS - gone.interactions)
    assert _contacts(store) == before
