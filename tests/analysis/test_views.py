"""graphkit influence / brokers / friction on the Blue-Harbor sample: the roles found are
the ones planted, and every reason's evidence checks out against the CSV files."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

import pytest

from tests.conftest import SAMPLE, SAMPLE_FILES, cli


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("sample") / "store.db"
    result = cli(
        "import",
        "-n",
        "blue-harbor",
        *SAMPLE_FILES,
        store=store,
    )
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def contacts():
    """Contacts per unordered pair, read straight from the CSV."""
    pairs = defaultdict(list)
    with open(SAMPLE / "interactions.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pairs[frozenset((row["source"], row["target"]))].append(row)
    return pairs


@pytest.fixture(scope="module")
def report(sample_store):
    result = cli("influence", "-n", "blue-harbor", "--format", "json", store=sample_store)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _by_id(report):
    return {s["id"]: s for s in report["stakeholders"]}


def test_json_has_the_documented_keys(report):
    assert {"negotiation", "as_of", "summary", "stakeholders", "ties"} <= set(report)
    assert {"stakeholders", "ties", "balance_ratio", "unbalanced_triangles"} <= set(
        report["summary"]
    )
    keys = {"id", "name", "party", "influence", "betweenness", "constraint", "brokerage", "trust", "friction",
            "unbalanced_triangles", "community", "roles", "why"}  # fmt: skip
    for s in report["stakeholders"]:
        assert keys <= set(s)
        assert set(s["brokerage"]) == {
            "coordinator",
            "itinerant",
            "representative",
            "gatekeeper",
            "liaison",
            "total",
        }
    for t in report["ties"]:
        assert {
            "source",
            "target",
            "strength",
            "sentiment",
            "sign",
            "unbalanced_triangles",
            "flags",
        } <= set(t)


def test_planted_roles_are_found(report):
    people = _by_id(report)
    assert {"broker", "trust node"} <= set(people["M-01"]["roles"])  # the mediator's envoy
    assert "trust node" in people["B-17"]["roles"]  # the marine scientist
    # The NGO director is trusted by Dalvenia but by no third party: trust at home (Alvara)
    # no longer counts toward a trust node (issue 13, point 6).
    assert "trust node" not in people["A-17"]["roles"]
    for sid in ("B-10", "A-14", "B-15"):  # hardline deputy minister, two fishing cooperatives
        assert "friction point" in people[sid]["roles"], sid
    ranked = sorted(people.values(), key=lambda s: -s["betweenness"])
    assert ranked[0]["id"] == "M-01"
    trust_nodes = [s["id"] for s in people.values() if "trust node" in s["roles"]]
    assert set(trust_nodes) == {"M-01", "B-17"}


def test_every_flag_has_a_reason(report):
    for s in report["stakeholders"]:
        assert bool(s["roles"]) == bool(s["why"]), s["id"]
        for role in s["roles"]:
            assert f"{role}: " in s["why"]


def weighted_sentiment(rows, as_of: str, half_life: float = 180.0) -> float:
    """A tie's sentiment by its definition: the mean of its contacts' sentiment, each
    weighted 2 ** (-age in days / half-life) at the as-of date."""
    from datetime import date

    end = date.fromisoformat(as_of)
    weights = [2 ** (-(end - date.fromisoformat(r["date"][:10])).days / half_life) for r in rows]
    return sum(w * float(r["sentiment"]) for w, r in zip(weights, rows, strict=True)) / sum(weights)


def test_friction_reasons_match_the_csv(report, contacts, sample_store):
    cited = re.compile(
        r"\(([A-Z]-\d\d)\) sentiment ([+-]\d\.\d\d) \(recency-weighted\) over (\d+) contacts?, "
        r"last (\d{4}-\d\d-\d\d)"
    )
    friction = cli("friction", "-n", "blue-harbor", "--format", "json", store=sample_store)
    evidence = {
        frozenset((i["a"], i["b"])): i["evidence"] for i in json.loads(friction.stdout)["negative"]
    }
    checked = 0
    for s in report["stakeholders"]:
        if "friction point" not in s["roles"]:
            continue
        for other, sentiment, count, last in cited.findall(s["reasons"]["friction point"]):
            rows = contacts[frozenset((s["id"], other))]
            assert len(rows) == int(count), (s["id"], other)
            assert max(r["date"] for r in rows) == last
            assert abs(weighted_sentiment(rows, report["as_of"]) - float(sentiment)) < 0.006
            # one tie, one sentiment: friction's evidence gives the same number
            assert (
                f"sentiment {sentiment} (recency-weighted)" in evidence[frozenset((s["id"], other))]
            )
            checked += 1
    assert checked >= 9


def test_trust_reasons_match_the_csv(report, contacts):
    cited = re.compile(r"\(([A-Z]-\d\d)\) (\d\.\d\d)")
    for s in report["stakeholders"]:
        if "trust node" not in s["roles"]:
            continue
        for other, _value in cited.findall(s["reasons"]["trust node"]):
            rows = contacts[frozenset((s["id"], other))]
            initiators = {r["source"] for r in rows}
            assert initiators == {s["id"], other}, "trust needs contacts initiated by both sides"
            assert sum(float(r["sentiment"]) for r in rows) > 0


def test_influence_table_and_top(sample_store):
    result = cli("influence", "-n", "blue-harbor", "--top", "5", store=sample_store)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("blue-harbor as of 2024-12-18: 61 stakeholders")
    header = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    assert lines[header + 2].split()[:2] == ["1", "M-01"]
    assert "Why:" in result.stdout


def test_filters_change_the_picture(sample_store):
    early = json.loads(
        cli(
            "influence",
            "-n",
            "blue-harbor",
            "--as-of",
            "2022-12-31",
            "--format",
            "json",
            store=sample_store,
        ).stdout
    )
    assert early["as_of"] == "2022-12-31"
    assert all(t["last_contact"] <= "2022-12-31" for t in early["ties"] if t["last_contact"])
    fish = json.loads(
        cli(
            "influence",
            "-n",
            "blue-harbor",
            "--track",
            "fisheries",
            "--format",
            "json",
            store=sample_store,
        ).stdout
    )
    assert 0 < fish["summary"]["stakeholders"] < 61
    bad = cli("influence", "-n", "blue-harbor", "--as-of", "31/12/2022", store=sample_store)
    assert bad.exit_code == 1 and "--as-of" in bad.stderr and "Traceback" not in bad.output


def test_brokers_view(sample_store):
    result = cli("brokers", "-n", "blue-harbor", "--format", "json", store=sample_store)
    rows = json.loads(result.stdout)["brokers"]
    top = {}
    for r in rows:
        top.setdefault(r["parties"], r)
    assert top["Alvara - Dalvenia"]["id"] == "M-01"
    assert 0 < top["Alvara - Dalvenia"]["share"] <= 1


def test_friction_view_has_evidence(sample_store, contacts):
    data = json.loads(
        cli("friction", "-n", "blue-harbor", "--format", "json", store=sample_store).stdout
    )
    assert data["summary"]["unbalanced_triangles"] == len(data["unbalanced_triangles"]) > 0
    for item in data["negative"]:
        rows = contacts[frozenset((item["a"], item["b"]))]
        if rows:
            assert item["evidence"].startswith(
                f"{len(rows)} contacts {min(r['date'] for r in rows)}.."
            )
    assert {(i["initiator"], i["receiver"]) for i in data["one_sided"]} >= {("B-16", "B-04")}
    cooling = {frozenset((i["a"], i["b"])) for i in data["cooling"]}
    assert frozenset(("A-14", "A-06")) in cooling


def test_write_back_round_trips(sample_store):
    result = cli(
        "influence", "-n", "blue-harbor", "--write-back", "--format", "csv", store=sample_store
    )
    assert result.exit_code == 0
    from graphkit.stores import open_store

    metrics = open_store(sample_store).read_metrics("blue-harbor")
    assert len(metrics) == 61
    first = next(csv.DictReader(result.stdout.splitlines()))
    assert metrics[first["id"]]["influence"] == pytest.approx(float(first["influence"]))


def test_unknown_track_or_party_is_a_clear_error(sample_store):
    bad = cli("influence", "-n", "blue-harbor", "--track", "fisherie", store=sample_store)
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert '--track "fisherie": no contacts with that track in blue-harbor' in bad.stderr
    assert 'Did you mean "fisheries"?' in bad.stderr
    party = cli("brokers", "-n", "blue-harbor", "--party", "Alvra", store=sample_store)
    assert party.exit_code == 1 and 'Did you mean "Alvara"?' in party.stderr


def test_empty_and_single_stakeholder_analyses():
    import pandas as pd

    from graphkit.analysis.negotiation import analyse
    from graphkit.graph import build_ties

    for ids in (["a"], []):
        people = pd.DataFrame({"id": ids, "name": ids, "party": ["x"] * len(ids)})
        result = analyse(build_ties(people, pd.DataFrame(), pd.DataFrame()), "empty").to_dict()
        assert result["summary"]["stakeholders"] == len(ids)
        assert result["ties"] == [] and all(not s["roles"] for s in result["stakeholders"])
