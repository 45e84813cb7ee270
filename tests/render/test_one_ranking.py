"""One ranking (issue 14, point 1): the rank shown is the position by one documented key
(influence unless ``--sort``), tied values share it, every rank a reason quotes is the
rank shown, and roles are a column, not a sort key."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pytest

from tests.conftest import SAMPLE_FILES, cli


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store = tmp_path_factory.mktemp("rank") / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, store=store).exit_code == 0
    return store


def _json(store, *args) -> dict:
    result = cli("influence", "-n", "bh", "--format", "json", *args, store=store)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _expected_ranks(rows, key, *, low_first=False):
    """Rank as documented: 1 + how many have a strictly better value (ties share)."""
    values = [r[key] for r in rows]
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        better = [w for w in values if w is not None and (w < v if low_first else w > v)]
        out.append(1 + len(better))
    return out


def test_the_rank_is_the_position_by_influence(sample):
    doc = _json(sample)
    rows = doc["stakeholders"]
    assert doc["rank_by"] == "influence"
    influence = [r["influence"] for r in rows]
    assert influence == sorted(influence, reverse=True)
    assert [r["rank"] for r in rows] == _expected_ranks(rows, "influence")
    # roles do not sort: someone with more roles may rank below someone with fewer
    assert any(len(a["roles"]) < len(b["roles"]) for a, b in itertools.pairwise(rows)), (
        "the sample should show a stakeholder with more roles ranked lower"
    )


def test_every_rank_a_reason_quotes_is_the_rank_shown(sample):
    by_influence = {r["id"]: r for r in _json(sample)["stakeholders"]}
    quoted = 0
    for sid, r in by_influence.items():
        m = re.search(r"PageRank [\d.]+, rank (\d+) of (\d+)", r["reasons"].get("influencer", ""))
        if m:
            quoted += 1
            assert int(m.group(1)) == r["rank"], sid
            assert int(m.group(2)) == len(by_influence)
    assert quoted >= 3
    by_betweenness = {r["id"]: r for r in _json(sample, "--sort", "betweenness")["stakeholders"]}
    quoted = 0
    for sid, r in by_betweenness.items():
        m = re.search(r"betweenness rank (\d+) of \d+", r["reasons"].get("broker", ""))
        if m:
            quoted += 1
            assert int(m.group(1)) == r["rank"], sid
    assert quoted >= 3


def test_top_takes_the_first_by_the_rank(sample):
    everyone = _json(sample)["stakeholders"]
    top = _json(sample, "--top", "10")["stakeholders"]
    assert [r["id"] for r in top] == [r["id"] for r in everyone[:10]]
    best = sorted(everyone, key=lambda r: -r["influence"])[:10]
    assert {r["influence"] for r in top} == {r["influence"] for r in best}


def test_a_track_ranks_by_its_own_influence(sample):
    rows = _json(sample, "--track", "fisheries")["stakeholders"]
    assert [r["influence"] for r in rows] == sorted((r["influence"] for r in rows), reverse=True)
    assert [r["rank"] for r in rows] == _expected_ranks(rows, "influence")


def test_sort_by_constraint_ranks_the_lowest_first(sample):
    rows = _json(sample, "--sort", "constraint")["stakeholders"]
    values = [r["constraint"] for r in rows if r["constraint"] is not None]
    assert values == sorted(values)
    assert [r["rank"] for r in rows] == _expected_ranks(rows, "constraint", low_first=True)


def test_the_table_and_the_csv_show_the_same_rank_and_say_by_what(sample):
    table = cli("influence", "-n", "bh", "--sort", "betweenness", "--top", "5", store=sample)
    assert table.exit_code == 0, table.output
    assert "Ranked by betweenness" in table.stdout and "highest first" in table.stdout
    header = next(line for line in table.stdout.splitlines() if line.startswith("rank"))
    assert "betweenness" in header.split()
    out = cli("influence", "-n", "bh", "--sort", "betweenness", "--format", "csv", store=sample)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    doc = _json(sample, "--sort", "betweenness")["stakeholders"]
    assert [(r["id"], int(r["rank"])) for r in rows] == [(r["id"], r["rank"]) for r in doc]


def test_a_stakeholder_without_a_value_has_no_rank_and_comes_last(tmp_path, store_path):
    (tmp_path / "p.csv").write_text("id,name\na,A\nb,B\nc,C\nz,Z\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text(
        "date,source,target,sentiment\n2024-01-01,a,b,0.5\n2024-01-02,b,c,0.5\n", encoding="utf-8"
    )
    assert cli("import", "-n", "t", "--stakeholders", tmp_path / "p.csv", "--interactions",
               tmp_path / "l.csv", store=store_path).exit_code == 0  # fmt: skip
    result = cli("influence", "-n", "t", "--sort", "constraint", "--format", "json",
                 store=store_path)  # fmt: skip
    rows = json.loads(result.stdout)["stakeholders"]
    assert (rows[-1]["id"], rows[-1]["constraint"], rows[-1]["rank"]) == ("z", None, None)


def test_an_unknown_sort_key_suggests_the_metric(sample):
    result = cli("influence", "-n", "bh", "--sort", "betweeness", store=sample)
    assert result.exit_code == 2
    assert 'Did you mean "betweenness"?' in result.output
    assert "Traceback" not in result.output
