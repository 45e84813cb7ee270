"""The map's timeline (issue 15, point 4): snapshots chosen from the log's span, each one
what ``graphkit influence --as-of`` gives on its date, on the map's positions."""

from __future__ import annotations

import json

import pytest

import graphkit
from graphkit.analysis.change import MAX_SNAPSHOTS, snapshot_dates
from graphkit.pipeline import analyse_over_time
from graphkit.render.map import select_stakeholders
from graphkit.render.map.timeline import ARROW, DASHED, NEGATIVE, role_bits, timeline_data
from graphkit.scope import Scope
from tests.conftest import SAMPLE_FILES, cli


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2024-01-01", "2024-01-01", ["2024-01-01"]),
        ("2024-01-15", "2024-03-31", ["2024-01-31", "2024-02-29", "2024-03-31"]),
        ("2023-11-20", "2024-01-05", ["2023-11-30", "2023-12-31", "2024-01-05"]),
    ],
)
def test_monthly_snapshots_over_short_talks(first, last, expected):
    assert snapshot_dates(first, last) == expected


def test_quarterly_and_longer_steps_keep_the_count_bounded():
    three_years = snapshot_dates("2022-01-10", "2024-12-18")
    assert three_years[:3] == ["2022-03-31", "2022-06-30", "2022-09-30"]  # calendar quarters
    assert three_years[-1] == "2024-12-18" and len(three_years) == 12
    for first, last in (("2000-01-01", "2024-12-31"), ("1946-01-01", "1999-12-31")):
        dates = snapshot_dates(first, last)
        assert len(dates) <= MAX_SNAPSHOTS + 1 and dates == sorted(dates) and dates[-1] == last


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store = tmp_path_factory.mktemp("timeline") / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, store=store).exit_code == 0
    return store


def test_each_snapshot_is_influence_as_of_its_date(sample):
    store = graphkit.open_store(sample)
    try:
        snapshots = analyse_over_time(store, "bh", Scope(track="fisheries"))
    finally:
        store.close()
    ids = select_stakeholders(snapshots[-1]).ids
    data = timeline_data(snapshots, ids)["snapshots"]
    first = str(snapshots[-1].model.contacts["date"].min())
    assert [s["date"] for s in data] == snapshot_dates(first, snapshots[-1].model.as_of)
    for snap in data[:-1:3] + data[-1:]:
        result = cli("influence", "-n", "bh", "--track", "fisheries", "--as-of", snap["date"],
                     "--format", "json", store=sample)  # fmt: skip
        doc = json.loads(result.stdout)
        flagged = {r["id"]: r["roles"] for r in doc["stakeholders"] if r["roles"]}
        assert snap["counts"] == {
            "ties": len(doc["ties"]),
            "contacts": doc["summary"]["contacts"],
            "flagged": len(flagged),
        }
        # every shown tie and every role, on the map's indices
        on_map = {frozenset((ids[a], ids[b])) for a, b, *_ in snap["ties"]}
        assert on_map == {
            frozenset((t["source"], t["target"]))
            for t in doc["ties"]
            if t["source"] in ids and t["target"] in ids
        }
        assert {ids[i]: bits for i, bits in snap["roles"]} == {
            sid: role_bits(r) for sid, r in flagged.items() if sid in ids
        }


def test_the_last_snapshot_is_the_map_s_own_date(sample):
    store = graphkit.open_store(sample)
    try:
        now = graphkit.analyse(store, "bh").analysis
        snapshots = analyse_over_time(store, "bh", Scope(), now=now)
    finally:
        store.close()
    assert snapshots[-1] is now
    assert [s.model.as_of for s in snapshots] == snapshot_dates("2022-01-01", "2024-12-18")[-12:]
    bits = {b for snap in timeline_data(snapshots, list(now.stakeholders.index))["snapshots"]
            for *_, b in snap["ties"]}  # fmt: skip
    assert bits <= set(range((DASHED | ARROW | NEGATIVE) + 1)) and {ARROW, NEGATIVE} <= bits


@pytest.mark.browser
def test_the_slider_shows_each_date_as_influence_as_of_gives_it(sample, tmp_path):
    from tests.browser import MAP_DRAWN, Browser

    page_file = tmp_path / "map.html"
    made = cli("map", "-n", "bh", "--output", page_file, store=sample)
    assert made.exit_code == 0, made.output
    with Browser(viewport={"width": 1280, "height": 720}) as browser:
        visit = browser.open(page_file)
        page = visit.page
        page.wait_for_function(MAP_DRAWN, timeout=20_000)
        dates = page.evaluate("() => window.graphkitMap.timeline.snapshots.map(s => s.date)")
        assert len(dates) == 12 and dates[-1] == "2024-12-18"
        where = page.evaluate("() => JSON.stringify(window.graphkitMap.network.getPositions())")
        for k in (0, 5, 11):
            # as a user drags the slider
            page.evaluate(
                "k => { const s = document.getElementById('gk-when'); s.value = String(k);"
                " s.dispatchEvent(new Event('input')); }",
                k,
            )
            visit.next_frame()
            shown = page.evaluate(
                "() => ({text: document.getElementById('gk-when-text').textContent,"
                " ties: window.graphkitMap.edges.get({filter: e => !e.hidden}).length})"
            )
            result = cli("influence", "-n", "bh", "--as-of", dates[k], "--format", "json",
                         store=sample)  # fmt: skip
            doc = json.loads(result.stdout)
            flagged = sum(1 for r in doc["stakeholders"] if r["roles"])
            assert shown["ties"] == len(doc["ties"]), dates[k]
            assert f"as of {dates[k]}" in shown["text"]
            assert f"{len(doc['ties'])} ties · {flagged} stand out" in shown["text"]
            # the same positions: the picture stays put
            assert (
                page.evaluate("() => JSON.stringify(window.graphkitMap.network.getPositions())")
                == where
            )
        # play runs from the first date to the last
        page.evaluate("() => window.graphkitMap.showSnapshot(3)")
        page.click("#gk-play")
        page.wait_for_function(
            "() => document.getElementById('gk-when').value === '11'", timeout=20_000
        )
        assert page.inner_text("#gk-play") == "Play"
        assert visit.requests == [visit.url]
        assert not visit.console_errors()
