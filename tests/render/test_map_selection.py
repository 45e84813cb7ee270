"""A map selects its stakeholders once: ``selection=`` draws a selection made already.

The CLI's ``map`` command needs the selection for its progress line; passing it on to
``write_map`` means the map does not select again, and gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

import graphkit
import graphkit.render.map as gkmap
from graphkit.pipeline import analyse_negotiation
from graphkit.render.map import Selection, render_map, select_stakeholders, write_map
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """The Blue-Harbor sample's analysis."""
    store = graphkit.open_store(tmp_path_factory.mktemp("sample") / "store.db", create=True)
    graphkit.import_files(
        store,
        "blue-harbor",
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
    )
    yield analyse_negotiation(store, "blue-harbor")
    store.close()


def page(html: str, name: str):
    """One of the page's JSON documents (``meta``, ``nodes``, ``edges``)."""
    m = re.search(rf'<script type="application/json" id="gk-{name}">(.*?)</script>', html)
    assert m, name
    return json.loads(m.group(1))


def no_second_selection(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("selected again")

    monkeypatch.setattr(gkmap, "select_stakeholders", fail)
    monkeypatch.setattr(gkmap.selection, "select_stakeholders", fail)


def test_write_map_draws_the_selection_given_without_selecting_again(
    analysis, tmp_path, monkeypatch
):
    options = {"focus": "M-01", "depth": 2, "max_nodes": 12}
    sel = select_stakeholders(analysis, **options)
    before = write_map(analysis, tmp_path / "before.html", **options).read_bytes()
    no_second_selection(monkeypatch)
    after = write_map(analysis, tmp_path / "after.html", selection=sel).read_bytes()
    assert after == before
    # the same arguments as well as the selection (what the CLI may pass): the same map
    again = write_map(analysis, tmp_path / "again.html", selection=sel, **options)
    assert again.read_bytes() == before
    meta = page(after.decode(), "meta")
    assert meta["shown"] == len(sel.ids) and meta["ties_shown"] == sel.ties_shown
    assert meta["notices"] == [
        "Neighbourhood of Ingrid Solheim (M-01): everyone within 2 ties.",
        sel.omitted,
    ]


def test_the_map_shows_exactly_the_selection(analysis, monkeypatch):
    full = select_stakeholders(analysis)
    few = Selection(full.ids[:5], full.in_scope, full.ties_in_scope, 0, "only five")
    no_second_selection(monkeypatch)
    html = render_map(analysis, selection=few)
    assert [n["sid"] for n in page(html, "nodes")] == full.ids[:5]
    assert page(html, "meta")["notices"] == ["only five"]


@pytest.mark.parametrize(
    "other", [{"focus": "A-02"}, {"depth": 3}, {"max_nodes": 5}], ids=lambda o: next(iter(o))
)
def test_a_selection_with_other_arguments_is_refused(analysis, other):
    sel = select_stakeholders(analysis, focus="M-01", depth=2, max_nodes=12)
    with pytest.raises(ValueError, match=f"{next(iter(other))}=.*the selection has"):
        render_map(analysis, selection=sel, **other)


def test_a_selection_of_another_analysis_is_refused(analysis):
    sel = dataclasses.replace(select_stakeholders(analysis), ids=["A-01", "Z-99"])
    with pytest.raises(ValueError, match="Z-99"):
        render_map(analysis, selection=sel)


def test_selection_records_its_arguments(analysis):
    sel = select_stakeholders(analysis, focus="M-01", depth=2, max_nodes=12)
    assert (sel.focus, sel.depth, sel.max_nodes) == ("M-01", 2, 12)
    assert select_stakeholders(analysis).focus is None
