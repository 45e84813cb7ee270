"""One Store contract, run against the embedded SQLite store and a real Neo4j 5.26.

Same input, same graph, same counts.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from graphkit import Options, import_files
from graphkit.errors import NotFound
from graphkit.stores import Filters, Store, open_store
from tests.conftest import DATA, SAMPLE

BASE = DATA / "base_stakeholders.csv"


def _csv_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1


def _sample(store: Store, **kw):
    return import_files(
        store,
        "blue-harbor",
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
        **kw,
    )


def test_store_is_a_store(store):
    assert isinstance(store, Store)


@pytest.mark.slow  # on Neo4j: ~5 s
def test_sample_imports_with_exact_counts_then_changes_nothing(store):
    first = _sample(store)
    for kind in ("stakeholders", "interactions", "relationships"):
        expected = _csv_rows(SAMPLE / f"{kind}.csv")
        c = first.counts[kind]
        assert (c.read, c.added, c.updated, c.unchanged) == (expected, expected, 0, 0), kind
    listing = store.negotiations()
    assert [
        (r["name"], r["stakeholders"], r["interactions"], r["relationships"]) for r in listing
    ] == [
        (
            "blue-harbor",
            _csv_rows(SAMPLE / "stakeholders.csv"),
            _csv_rows(SAMPLE / "interactions.csv"),
            _csv_rows(SAMPLE / "relationships.csv"),
        )
    ]
    before = store.load("blue-harbor")
    again = _sample(store)
    assert all(c.added == c.updated == 0 for c in again.counts.values())
    after = store.load("blue-harbor")
    for name in ("stakeholders", "interactions", "relationships"):
        pd.testing.assert_frame_equal(getattr(before, name), getattr(after, name))


@pytest.mark.neo4j
def test_both_stores_give_the_same_graph(tmp_path, neo4j_uri):
    loaded = []
    for url in (str(tmp_path / "s.db"), neo4j_uri):
        store = open_store(url, create=True)
        try:
            result = _sample(store)
            loaded.append((result.rows(), store.negotiations(), store.load("blue-harbor")))
            filtered = store.load(
                "blue-harbor", Filters(since="2023-01-01", as_of="2023-12-31", track="fisheries")
            )
            loaded[-1] += (filtered,)
            loaded[-1] += (
                store.load("blue-harbor", Filters(party=loaded[-1][2].stakeholders.party.iloc[0])),
            )
        finally:
            store.close()
    (rows_a, list_a, data_a, filt_a, party_a), (rows_b, list_b, data_b, filt_b, party_b) = loaded
    assert rows_a == rows_b
    assert list_a == list_b
    for a, b in ((data_a, data_b), (filt_a, filt_b), (party_a, party_b)):
        for name in ("stakeholders", "interactions", "relationships"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert 0 < len(filt_a.interactions) < len(data_a.interactions)
    assert set(filt_a.interactions.track) == {"fisheries"}
    assert (
        filt_a.interactions.date.min() >= "2023-01-01"
        and filt_a.interactions.date.max() <= "2023-12-31"
    )


def test_updates_are_counted_the_same(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE, relationships=DATA / "relationships_signed.csv")
    edited = tmp_path / "s.csv"
    edited.write_text(
        BASE.read_text(encoding="utf-8").replace("Coast Guard", "Coast Guard HQ"), encoding="utf-8"
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "id,date,source,target,sentiment\nA,2024-01-01,S-01,S-02,0.5\nB,2024-01-02,S-02,S-01,0.1\n"
    )
    import_files(store, "talks", stakeholders=edited, interactions=log)
    log.write_text(
        "id,date,source,target,sentiment\nA,2024-01-01,S-01,S-03,0.5\nB,2024-01-02,S-02,S-01,0.1\nC,2024-01-03,S-03,S-01,-0.2\n"
    )
    result = import_files(store, "talks", interactions=log)
    c = result.counts["interactions"]
    assert (c.read, c.added, c.updated, c.unchanged) == (3, 1, 1, 1)
    data = store.load("talks")
    assert data.interactions.set_index("key").loc["id:A", "target"] == "S-03"
    assert len(data.interactions) == 3


def test_create_missing_and_memberships(store, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-01-01,X-1,X-2\n2024-01-02,X-2,X-3\n")
    result = import_files(store, "new", interactions=log, options=Options(create_missing=True))
    assert result.created == ["X-1", "X-2", "X-3"]
    data = store.load("new")
    assert list(data.stakeholders.id) == ["X-1", "X-2", "X-3"]
    assert data.stakeholders.unmapped.all()
    assert store.stakeholder_names("new") == {"X-1": "X-1", "X-2": "X-2", "X-3": "X-3"}
    assert store.stakeholder_names("other") == {}


def test_dry_run_writes_nothing(store):
    result = _sample(store, dry_run=True)
    assert result.counts["interactions"].added == _csv_rows(SAMPLE / "interactions.csv")
    assert store.negotiations() == []


def test_unknown_negotiation(store):
    import_files(store, "talks", stakeholders=BASE)
    with pytest.raises(NotFound, match='Did you mean "talks"'):
        store.load("tlaks")


def test_metrics_write_back_replaces_previous_values(store):
    import_files(store, "talks", stakeholders=BASE)
    store.write_metrics(
        "talks", {"S-01": {"influence": 0.5, "betweenness": 0.25}, "S-02": {"influence": 0.1}}
    )
    store.write_metrics("talks", {"S-01": {"influence": 0.75}})
    assert store.read_metrics("talks") == {"S-01": {"influence": 0.75}}


def test_delete_negotiation_leaves_other_negotiations_alone(store, tmp_path):
    import_files(store, "alpha", stakeholders=BASE)
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-01-01,S-01,S-02\n2024-01-02,S-02,Z-9\n")
    import_files(store, "beta", interactions=log, options=Options(create_missing=True))
    alpha = store.load("alpha")
    gone = store.delete("beta")
    assert (gone.whole, gone.stakeholders, gone.interactions, gone.relationships) == (
        True,
        3,
        2,
        0,
    )
    assert [r["name"] for r in store.negotiations()] == ["alpha"]
    with pytest.raises(NotFound):
        store.delete("beta")
    pd.testing.assert_frame_equal(store.load("alpha").stakeholders, alpha.stakeholders)
