"""The metric registry is the only list of metrics: every metric reaches exactly the outputs
it declares (JSON, CSV, write-back, exports, map card), with the same value everywhere."""

from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pandas as pd
import pytest

import graphkit
from graphkit.analysis import metrics
from graphkit.pipeline import analyse_negotiation, write_back
from graphkit.render import exports
from graphkit.render.map import render_map
from graphkit.render.views import ranking
from graphkit.resources import sample_dir

#: Columns that are not metrics: who a stakeholder is, and the team's declared ratings.
IDENTITY = {"id", "rank", "label", "name", "party", "organization", "role", "tier", "kind", "roles", "why",
            "notes", "reasons", "brokerage", "power", "interest"}  # fmt: skip


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store = graphkit.open_store(tmp_path_factory.mktemp("registry") / "store.db", create=True)
    s = sample_dir()
    graphkit.import_files(store, "blue-harbor", stakeholders=s / "stakeholders.csv",
                          interactions=s / "interactions.csv",
                          relationships=s / "relationships.csv")  # fmt: skip
    yield store, analyse_negotiation(store, "blue-harbor")
    store.close()


def test_registry_names_are_unique_and_outputs_known():
    names = [m.name for m in metrics.METRICS]
    assert len(names) == len(set(names))
    for m in metrics.METRICS:
        assert m.outputs <= metrics.OUTPUTS, m.name
        assert m.definition and m.label, m.name


def test_every_metric_is_a_column_of_the_analysis(sample):
    _, analysis = sample
    for m in metrics.METRICS:
        assert m.name in analysis.stakeholders.columns, m.name


def test_json_carries_exactly_the_json_metrics(sample):
    _, analysis = sample
    row = json.loads(ranking.influence(analysis).text("json"))["stakeholders"][0]
    flat = {k for k in row if k not in IDENTITY} | set(row["brokerage"])
    assert flat == set(metrics.names("json"))
    sid = row["id"]
    for m in metrics.for_output("json"):
        got = row[m.json_group][m.name] if m.json_group else row[m.name]
        assert got == m.plain(analysis.stakeholders.at[sid, m.name]), m.name


def test_csv_carries_exactly_the_csv_metrics_in_registry_order(sample):
    _, analysis = sample
    header = next(csv.reader(io.StringIO(ranking.influence(analysis).text("csv"))))
    shown = [c for c in header if c not in IDENTITY]
    assert shown == list(metrics.names("csv"))


def test_exports_carry_exactly_the_export_metrics(sample):
    _, analysis = sample
    G = exports.analysis_graph(analysis)
    attrs = set().union(*(d.keys() for _, d in G.nodes(data=True)))
    assert attrs - IDENTITY == set(metrics.names("export"))


def test_write_back_stores_exactly_the_write_back_metrics(sample, tmp_path):
    store, analysis = sample
    write_back(store, analysis)
    stored = store.read_metrics("blue-harbor")
    sid = next(iter(stored))
    assert set(stored[sid]) == set(metrics.names("write_back"))
    for m in metrics.for_output("write_back"):
        want = m.stored(analysis.stakeholders.at[sid, m.name])
        got = stored[sid][m.name]
        assert (want is None and got is None) or math.isclose(got, want), m.name


def test_map_card_shows_the_card_metrics_with_their_labels(sample):
    _, analysis = sample
    html = render_map(analysis)
    meta = json.loads(html.split('id="gk-meta">', 1)[1].split("</script>", 1)[0])
    assert meta["metrics"] == [m.label for m in metrics.for_output("card")]
    nodes = json.loads(html.split('id="gk-nodes">', 1)[1].split("</script>", 1)[0])
    assert all(len(n["m"]) == len(meta["metrics"]) for n in nodes)


def test_a_metric_without_a_value_is_null_not_zero():
    # constraint is undefined for a stakeholder without ties (Burt 1992): null in JSON, None
    # in the store, never a made-up 0.
    m = metrics.get("constraint")
    assert m.fill is None and m.plain(math.nan) is None and m.stored(math.nan) is None
    col = m.column({"a": 0.5}, pd.Index(["a", "b"]))
    assert col["a"] == 0.5 and math.isnan(col["b"])


def test_inputs_compute_each_shared_result_once():
    import pandas as pd

    from graphkit.graph import build_ties

    people = pd.DataFrame(
        {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "party": ["X", "Y", "X"]}
    )
    contacts = pd.DataFrame({"date": ["2024-01-01"] * 2, "source": ["a", "b"], "target": ["b", "c"],
                             "sentiment": [0.5, 0.4]})  # fmt: skip
    inputs = metrics.Inputs(build_ties(people, contacts, pd.DataFrame()))
    assert inputs.positive is inputs.positive and inputs.brokerage is inputs.brokerage
    assert isinstance(inputs.contacts, nx.DiGraph)


def test_closeness_has_a_value_at_every_size():
    """Closeness comes from the same shortest-path pass as betweenness (issue 17): no
    longer missing above 5,000 stakeholders. A map of 6,000, mostly isolates."""
    import networkx as nx
    import pandas as pd

    from graphkit.analysis.negotiation import analyse
    from graphkit.graph import build_ties

    ids = [f"s{n}" for n in range(6000)]
    people = pd.DataFrame({"id": ids, "name": ids, "party": ["X", "Y"] * 3000})
    contacts = pd.DataFrame({"date": "2024-01-01", "source": ids[:3], "target": ids[1:4],
                             "sentiment": 0.5})  # fmt: skip
    model = build_ties(people, contacts, pd.DataFrame())
    analysis = analyse(model)
    closeness = analysis.stakeholders["closeness"]
    assert closeness.notna().all() and closeness["s5999"] == 0.0
    G = metrics.Inputs(model).positive
    assert len(G) == 6000
    assert closeness.to_dict() == pytest.approx(nx.closeness_centrality(G, distance="distance"))
    row = json.loads(ranking.influence(analysis).text("json"))["stakeholders"][0]
    assert row["closeness"] is not None


def test_graphkit_metrics_lists_every_metric_with_its_definition():
    from tests.conftest import cli

    result = cli("metrics", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [r["name"] for r in listed] == [m.name for m in metrics.METRICS]
    assert all(r["definition"] and r["outputs"] for r in listed)
    table = cli("metrics").stdout
    assert "coreness" in table and "Seidman 1983" in table
