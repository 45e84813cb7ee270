"""--min-trust-contacts and --undirected reach the analysis, and what-if keeps them."""

from __future__ import annotations

import json

import graphkit
from graphkit.analysis.whatif import analysis_without
from graphkit.pipeline import analyse_negotiation
from graphkit.scope import Scope
from tests.conftest import cli


def small(tmp_path):
    (tmp_path / "people.csv").write_text("id,name,party\na,A,X\nb,B,Y\nc,C,X\n", "utf-8")
    (tmp_path / "log.csv").write_text(
        "date,source,target,sentiment\n2024-05-01,a,b,0.6\n2024-05-02,b,a,0.6\n"
        "2024-05-03,c,a,0.5\n2024-05-04,c,a,0.5\n",
        "utf-8",
    )
    store = tmp_path / "s.db"
    graphkit.import_files(graphkit.open_store(store, create=True), "t",
                          stakeholders=tmp_path / "people.csv", interactions=tmp_path / "log.csv")  # fmt: skip
    return store


def trust(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return {(t["source"], t["target"]): t["trust"] for t in json.loads(result.stdout)["ties"]}


def test_min_trust_contacts_on_the_command_line(tmp_path):
    store = small(tmp_path)
    assert trust(cli("influence", "-n", "t", "--format", "json", store=store))[("a", "b")] == 0
    one = trust(cli("influence", "-n", "t", "--min-trust-contacts", "1", "--format", "json",
                    store=store))  # fmt: skip
    assert one[("a", "b")] > 0 and one[("a", "c")] == 0  # c -> a only: not reciprocated


def test_undirected_counts_every_contact_both_ways(tmp_path):
    store = small(tmp_path)
    both = trust(cli("influence", "-n", "t", "--undirected", "--min-trust-contacts", "1",
                     "--format", "json", store=store))  # fmt: skip
    assert both[("a", "c")] > 0  # reciprocated once direction means nothing


def test_what_if_keeps_the_options_of_the_analysis(tmp_path):
    store = graphkit.open_store(small(tmp_path))
    scope = Scope(min_trust_contacts=1, undirected=True, pair_sample=3)
    before = analyse_negotiation(store, "t", scope)
    assert before.options == {"min_trust_contacts": 1, "undirected": True, "pair_sample": 3}
    assert analysis_without(before, ["c"]).options == before.options
