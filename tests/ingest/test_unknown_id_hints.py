"""The "did you mean" of an unknown value comes from graphkit.suggest everywhere: an
unknown stakeholder in a contact log, an unknown negotiation, an unknown id to delete."""

from __future__ import annotations

import sqlite3

import pytest

from graphkit import ImportRejected, import_files
from graphkit.errors import NotFound
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import DATA, cli

BASE = DATA / "base_stakeholders.csv"
FIX = "Add it to stakeholders.csv, or pass --create-missing"


@pytest.fixture
def seeded(store_path):
    result = cli("import", "-n", "talks", "--stakeholders", BASE, store=store_path)
    assert result.exit_code == 0, result.output
    return store_path


def _problems(store_path, log_text, tmp_path) -> list[str]:
    log = tmp_path / "log.csv"
    log.write_text(log_text, encoding="utf-8")
    store = SQLiteStore(store_path)
    try:
        with pytest.raises(ImportRejected) as caught:
            import_files(store, "talks", interactions=log)
    finally:
        store.close()
    return [str(p) for p in caught.value.problems]


def test_an_unknown_stakeholder_close_to_a_known_id_gets_the_id(seeded, tmp_path):
    problems = _problems(seeded, "date,source,target\n2024-01-05,S-2,S-01\n", tmp_path)
    assert problems == [
        f'log.csv line 2, column "source": unknown stakeholder "S-2" (not in talks) - '
        f'Did you mean "S-02"? {FIX}'
    ]


def test_an_unknown_stakeholder_far_from_every_id_gets_no_guess(seeded, tmp_path):
    problems = _problems(seeded, "date,source,target\n2024-01-05,S-099,S-01\n", tmp_path)
    assert problems == [
        f'log.csv line 2, column "source": unknown stakeholder "S-099" (not in talks) - {FIX}'
    ]


def test_the_id_offered_is_shown_escaped(seeded, tmp_path):
    # A control character in a stored id (a store written before such ids were refused).
    conn = sqlite3.connect(seeded)
    with conn:
        conn.execute("INSERT INTO stakeholders(negotiation, id, name) VALUES ('talks', ?, 'X')",
                     ("Kx-77\x07",))  # fmt: skip
    conn.close()
    problems = _problems(seeded, "date,source,target\n2024-01-05,Kx-7,S-01\n", tmp_path)
    assert problems == [
        f'log.csv line 2, column "source": unknown stakeholder "Kx-7" (not in talks) - '
        f'Did you mean "Kx-77\\x07"? {FIX}'
    ]


def test_an_unknown_negotiation_gets_the_closest_name(seeded):
    store = SQLiteStore(seeded)
    try:
        with pytest.raises(NotFound) as caught:
            store.load("tlaks")
        assert str(caught.value) == (
            f'no negotiation "tlaks" in {seeded} - Did you mean "talks"? Known: talks. '
            "Import one with graphkit import --negotiation NAME"
        )
        with pytest.raises(NotFound) as caught:
            store.load("zzz")
        assert str(caught.value) == (
            f'no negotiation "zzz" in {seeded} - Known: talks. '
            "Import one with graphkit import --negotiation NAME"
        )
    finally:
        store.close()


def test_an_unknown_id_to_delete_gets_the_closest_id(seeded):
    store = SQLiteStore(seeded)
    try:
        with pytest.raises(NotFound) as caught:
            store.delete("talks", ["S-3", "nobody"])
        assert str(caught.value) == (
            'no stakeholder "S-3" (did you mean "S-03"?), "nobody" in talks - nothing was '
            "deleted; list them with graphkit influence -n talks --format csv"
        )
    finally:
        store.close()
