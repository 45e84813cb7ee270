"""The Python API (issue 14, point 5): ``graphkit.analyse`` and its ``Result``, dates as
datetime64, ``to_networkx()``, the map inline in Jupyter, one name per concept, and the
README's Python section run exactly as written on a fresh store."""

from __future__ import annotations

import html
import json
import re
import shutil

import networkx as nx
import pandas as pd
import pytest

import graphkit
from graphkit.errors import GraphkitError
from tests.browser import MAP_DRAWN
from tests.conftest import ROOT, SAMPLE, SAMPLE_FILES, cli


def _readme_python() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## From Python\n", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return code


def test_the_readme_python_section_runs_as_written_on_a_fresh_store(tmp_path, monkeypatch):
    # as from the repository's root of a fresh clone: the sample there, no store yet
    shutil.copytree(SAMPLE, tmp_path / "import" / "blue-harbor")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GRAPHKIT_STORE", raising=False)
    namespace: dict = {}
    exec(compile(_readme_python(), "README.md", "exec"), namespace)
    assert (tmp_path / "talks.db").is_file() and (tmp_path / "m01.html").is_file()
    talks = namespace["talks"]
    assert isinstance(talks, graphkit.Result)
    assert str(talks.as_of.date()) == "2024-06-30"
    assert namespace["result"].counts["interactions"].added == 879
    # a second run changes nothing and still runs
    exec(compile(_readme_python(), "README.md", "exec"), namespace)
    assert namespace["result"].counts["interactions"].added == 0


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, store=path).exit_code == 0
    return path


def test_analyse_gives_the_cli_s_answer(store):
    result = graphkit.analyse(str(store), "bh", as_of="2024-06-30", track="fisheries")
    doc = cli("influence", "-n", "bh", "--as-of", "2024-06-30", "--track", "fisheries",
              "--format", "json", store=store)  # fmt: skip
    expected = json.loads(doc.stdout)
    assert result.to_dict() == json.loads(json.dumps(result.to_dict()))  # plain JSON
    assert result.to_dict()["summary"] == expected["summary"]
    people = result.stakeholders
    assert list(people.index) == [r["id"] for r in expected["stakeholders"]]
    assert people["rank"].tolist() == [r["rank"] for r in expected["stakeholders"]]
    assert people["roles"].tolist() == [r["roles"] for r in expected["stakeholders"]]
    assert result.reasons == {
        r["id"]: r["reasons"] for r in expected["stakeholders"] if r["reasons"]
    }


def test_dates_are_datetime64(store):
    result = graphkit.analyse(store, "bh")
    assert result.as_of == pd.Timestamp("2024-12-18")
    for frame, columns in (
        (result.ties, ["first_contact", "last_contact"]),
        (result.contacts, ["date"]),
        (result.declared, ["since", "until"]),
    ):
        for column in columns:
            assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert result.contacts["date"].max() == pd.Timestamp("2024-12-18")
    assert len(result.ties) == result.summary["ties"]
    assert len(result.contacts) == result.summary["contacts"]
    # the tables are copies: changing one changes nothing else
    people = result.stakeholders
    people["influence"] = 0.0
    assert result.stakeholders["influence"].max() > 0
    assert result.analysis.stakeholders["influence"].max() > 0


def test_to_networkx_is_the_tie_graph_with_names_and_weights(store):
    result = graphkit.analyse(store, "bh")
    G = result.to_networkx()
    assert isinstance(G, nx.Graph)
    assert (G.number_of_nodes(), G.number_of_edges()) == (61, result.summary["ties"])
    assert G.nodes["M-01"]["label"] == "Ingrid Solheim"
    ties = result.ties.set_index(["source", "target"])
    for u, v, d in G.edges(data=True):
        row = ties.loc[(u, v)] if (u, v) in ties.index else ties.loc[(v, u)]
        assert d["weight"] == pytest.approx(row["strength"])
        assert d["sentiment"] == pytest.approx(row["sentiment"])


def test_the_map_shows_inline_in_a_notebook(store, tmp_path):
    m = graphkit.analyse(store, "bh").map(focus="Ingrid Solheim")
    frame = m._repr_html_()
    srcdoc = re.fullmatch(
        r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" .*</iframe>', frame, re.S
    )
    assert srcdoc and html.unescape(srcdoc[1]) == m.html
    saved = m.save(tmp_path / "m.html")
    assert saved.read_text("utf-8") == m.html
    link = tmp_path / "link.html"
    link.symlink_to(saved)
    with pytest.raises(GraphkitError):
        m.save(link)  # never through a link


@pytest.mark.browser
def test_the_inline_map_draws_in_chromium_offline(store, tmp_path):
    from tests.browser import Browser

    m = graphkit.analyse(store, "bh").map()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body>{m._repr_html_()}</body></html>", "utf-8")
    with Browser() as browser:
        visit = browser.open(notebook)
        inner = visit.page.frames[1]
        inner.wait_for_function(MAP_DRAWN, timeout=20_000)
        drawn = inner.evaluate(
            "() => JSON.parse(document.getElementById('gk-nodes').textContent).length"
        )
        assert drawn == 61
        assert visit.requests == [visit.url]
        assert not visit.console_errors()


def test_one_name_per_concept(store):
    s = graphkit.open_store(store)
    try:
        data = s.load("bh", graphkit.Filters(as_of="2023-12-31", track="fisheries"))
        assert data.interactions["date"].max() <= "2023-12-31"
        with pytest.raises(TypeError):
            graphkit.Filters(until="2023-12-31")  # as_of, as everywhere
    finally:
        s.close()
    result = graphkit.analyse(store, "bh", as_of="2023-12-31", half_life_days=90, alpha=1.0)
    assert (result.analysis.model.half_life_days, result.analysis.model.alpha) == (90.0, 1.0)


def test_a_missing_store_is_an_error_not_a_new_file(tmp_path):
    with pytest.raises(GraphkitError):
        graphkit.analyse(tmp_path / "nope.db", "bh")
    assert not (tmp_path / "nope.db").exists()


def test_a_bad_date_says_what_to_write(store):
    with pytest.raises(GraphkitError, match="YYYY-MM-DD"):
        graphkit.analyse(store, "bh", as_of="31/12/2023")
