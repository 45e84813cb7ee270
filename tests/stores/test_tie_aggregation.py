"""The ties aggregated by each store (``Store.load_ties``: Neo4j in Cypher on the server, the
embedded store in pandas) are the same, and equal to the contacts summed by hand; an
analysis from Neo4j reads those aggregates, not every contact, and says what the embedded
store's says.

One Neo4j and one embedded store, each holding the sample negotiation and three reference
networks (imported once for the module), are compared under the filters of an analysis.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

import pandas as pd
import pytest

from graphkit import import_files
from graphkit.aggregates import (
    AGGREGATE_COLUMNS,
    AGGREGATE_COUNTS,
    AGGREGATE_DATES,
    SIGN_THRESHOLD,
)
from graphkit.pipeline import analyse_negotiation
from graphkit.render.views.friction import friction_items
from graphkit.scope import Scope
from graphkit.stores import Filters, open_store
from tests.conftest import REFERENCE, SAMPLE, cli

pytestmark = pytest.mark.neo4j

#: (negotiation, filters, as_of, half-life, public): the sample under every filter, and
#: the reference networks that are contact logs.
CASES = [
    ("blue-harbor", Filters(), "2024-12-18", 180.0, False),
    ("blue-harbor", Filters(as_of="2023-06-30"), "2023-06-30", 90.0, False),
    ("blue-harbor", Filters(track="fisheries"), "2024-12-18", 180.0, False),
    ("blue-harbor", Filters(party="Dalvenia"), "2024-12-18", 45.0, False),
    ("blue-harbor", Filters(since="2023-01-01", as_of="2024-03-31"), "2024-03-31", 180.0, False),
    ("blue-harbor", Filters(), "2024-12-18", 180.0, True),
    ("gdelt", Filters(), "2017-07-01", 30.0, False),
    ("gdelt", Filters(since="2017-06-15"), "2017-06-30", 7.0, False),
    ("knoke", Filters(track="information"), "1981-01-01", 180.0, False),
    ("florentine", Filters(), "1430-01-01", 180.0, False),
]

#: Analyses compared whole between the stores.
SCOPES = [
    Scope(),
    Scope(as_of="2023-06-30", half_life_days=90.0),
    Scope(track="fisheries"),
    Scope(party="Dalvenia", since="2022-06-01"),
]


def _import_references(url: str, people) -> None:
    def run(*args) -> None:
        result = cli("import", *args, "--format", "json", store=url)
        assert result.exit_code == 0, result.output

    run(
        "-n", "gdelt", "--interactions", REFERENCE / "gdelt2_events_international_sample_2017.csv",
        "--create-missing", "--map", "id=GLOBALEVENTID", "--map", "source=Actor1CountryCode",
        "--map", "target=Actor2CountryCode", "--map", "date=SQLDATE",
        "--map", "sentiment=GoldsteinScale", "--sentiment-range", "-10:10",
    )  # fmt: skip
    sectors = pd.read_csv(REFERENCE / "knoke_bureaucracies_brokerage_sna.csv").drop_duplicates(
        "org"
    )
    pd.DataFrame({"id": sectors["org"], "name": sectors["org"], "party": sectors["sector"]}).to_csv(
        people, index=False
    )
    run(
        "-n", "knoke", "--stakeholders", people,
        "--interactions", REFERENCE / "knoke_bureaucracies_arcs.csv",
        "--map", "source=sender", "--map", "target=receiver", "--map", "track=relation",
        "--set", "date=1981-01-01",
    )  # fmt: skip
    run(
        "-n", "florentine", "--stakeholders", REFERENCE / "florentine_families_nodes.csv",
        "--interactions", REFERENCE / "florentine_families_marriage_edges.csv",
        "--map", "stakeholders.id=family", "--map", "stakeholders.name=family",
        "--map", "source=family_a", "--map", "target=family_b", "--set", "date=1430-01-01",
    )  # fmt: skip


@pytest.fixture(scope="module")
def stores(tmp_path_factory, neo4j_access):
    """``{"sqlite": store, "neo4j": store}``, the same negotiations in each."""
    neo4j_access.wipe()
    folder = tmp_path_factory.mktemp("ties")
    urls = {"sqlite": str(folder / "store.db"), "neo4j": neo4j_access.uri}
    opened = {}
    for kind, url in urls.items():
        store = open_store(url, create=True)
        import_files(
            store,
            "blue-harbor",
            stakeholders=SAMPLE / "stakeholders.csv",
            interactions=SAMPLE / "interactions.csv",
            relationships=SAMPLE / "relationships.csv",
        )
        _import_references(url, folder / "knoke_orgs.csv")
        opened[kind] = store
    yield opened
    for store in opened.values():
        store.close()


def _by_hand(contacts: pd.DataFrame, as_of: str, half_life: float, public: bool) -> pd.DataFrame:
    """The aggregates of each ordered pair summed contact by contact in plain Python."""
    period = int(half_life)
    end = date.fromisoformat(as_of)
    acc: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(float))
    days: dict[tuple[str, str], list[str]] = defaultdict(list)
    hostile_days: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in contacts.itertuples():
        day = str(c.date)[:10]
        if day > as_of or (public and c.confidential):
            continue
        age = (end - date.fromisoformat(day)).days
        w, s = 2.0 ** (-age / half_life), float(c.sentiment)
        a = acc[(c.source, c.target)]
        a["contacts"] += 1
        a["strength"] += w
        a["weighted_sentiment"] += w * s
        a["positive"] += s >= 0
        a["warm"] += s > SIGN_THRESHOLD
        a["hostile"] += s < -SIGN_THRESHOLD
        a["sought_strength"] += 0.0 if s < -SIGN_THRESHOLD else w
        a["hostile_strength"] += w if s < -SIGN_THRESHOLD else 0.0
        a["last_contacts"] += age < period
        a["last_sentiment_sum"] += s if age < period else 0.0
        a["prev_contacts"] += period <= age < 2 * period
        a["prev_sentiment_sum"] += s if period <= age < 2 * period else 0.0
        days[(c.source, c.target)].append(day)
        if s < -SIGN_THRESHOLD:
            hostile_days[(c.source, c.target)].append(day)
    rows = [
        {
            "source": s,
            "target": t,
            **a,
            "first_contact": min(days[(s, t)]),
            "last_contact": max(days[(s, t)]),
            "hostile_last": max(hostile_days[(s, t)], default=""),
        }
        for (s, t), a in sorted(acc.items())
    ]
    return pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)


def _assert_same_aggregates(got: pd.DataFrame, expected: pd.DataFrame, what: str) -> None:
    assert list(got.columns) == AGGREGATE_COLUMNS
    got, expected = got.reset_index(drop=True), expected.reset_index(drop=True)
    pairs = list(zip(got["source"], got["target"], strict=True))
    assert pairs == list(zip(expected["source"], expected["target"], strict=True)), what
    for column in AGGREGATE_COLUMNS[2:]:
        if column in AGGREGATE_COUNTS or column in AGGREGATE_DATES:
            assert got[column].tolist() == expected[column].astype(got[column].dtype).tolist(), (
                what,
                column,
            )
        else:
            for pair, x, y in zip(pairs, got[column], expected[column], strict=True):
                assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12), (what, column, pair, x, y)


@pytest.mark.parametrize("negotiation, filters, as_of, half_life, public", CASES)
def test_both_stores_aggregate_the_contacts_as_summed_by_hand(
    stores, negotiation, filters, as_of, half_life, public
):
    contacts = stores["sqlite"].load(negotiation, filters).interactions
    expected = _by_hand(contacts, as_of, half_life, public)
    assert len(expected) > 0
    out = {}
    for kind, store in stores.items():
        data = store.load_ties(
            negotiation,
            filters,
            as_of=as_of,
            half_life_days=half_life,
            period_days=int(half_life),
            public=public,
        )
        _assert_same_aggregates(data.directed, expected, f"{kind} {negotiation} {filters}")
        out[kind] = data
    # the rest of what an analysis reads is the same too
    a, b = out["sqlite"], out["neo4j"]
    pd.testing.assert_frame_equal(a.stakeholders, b.stakeholders)
    pd.testing.assert_frame_equal(a.relationships, b.relationships)
    # and rounded the same way, the two stores' sums agree to the last bit
    floats = [c for c in AGGREGATE_COLUMNS[2:] if c not in AGGREGATE_COUNTS + AGGREGATE_DATES]
    assert (a.directed[floats].to_numpy() == b.directed[floats].to_numpy()).mean() > 0.999


def test_public_leaves_the_confidential_contacts_out_of_the_aggregates(stores):
    for store in stores.values():
        args = {"as_of": "2024-12-18", "half_life_days": 180.0, "period_days": 180}
        everything = store.load_ties("blue-harbor", Filters(), **args)
        public = store.load_ties("blue-harbor", Filters(), **args, public=True)
        confidential = store.load("blue-harbor").interactions["confidential"].sum()
        assert confidential > 0
        assert (
            everything.directed["contacts"].sum() - public.directed["contacts"].sum()
            == confidential
        )
        assert store.last_contact("blue-harbor", public=True) <= store.last_contact("blue-harbor")


def test_contacts_between_are_the_loaded_contacts_of_those_pairs(stores):
    pairs = [("A-14", "B-15"), ("B-05", "A-04"), ("A-01", "nobody")]
    filters = Filters(as_of="2024-06-30", track="fisheries")
    found = {}
    for kind, store in stores.items():
        c = store.contacts_between("blue-harbor", filters, pairs, public=True)
        everything = store.load("blue-harbor", filters).interactions
        ends = {frozenset(p) for p in pairs}
        keep = [
            frozenset((s, t)) in ends and not secret
            for s, t, secret in zip(
                everything.source, everything.target, everything.confidential, strict=True
            )
        ]
        expected = everything[keep].reset_index(drop=True)
        assert len(c) >= 5
        assert sum(keep) < sum(frozenset((s, t)) in ends for s, t in zip(everything.source, everything.target, strict=True))  # fmt: skip
        pd.testing.assert_frame_equal(c, expected)
        found[kind] = c
    pd.testing.assert_frame_equal(found["sqlite"], found["neo4j"])


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.describe() or "everything")
@pytest.mark.parametrize("public", [False, True], ids=["team", "public"])
def test_the_analysis_from_neo4j_equals_the_embedded_stores(stores, scope, public):
    a, b = (analyse_negotiation(s, "blue-harbor", scope, public=public) for s in stores.values())
    assert a.model.as_of == b.model.as_of
    assert a.summary == b.summary
    left, right = a.stakeholders, b.stakeholders
    assert left.index.tolist() == right.index.tolist()
    exact = ["roles", "why", "name", "party", "trusted_by", "community"]
    for column in left.columns:
        if column in exact or not pd.api.types.is_float_dtype(left[column]):
            assert left[column].tolist() == right[column].tolist(), column
        else:
            pd.testing.assert_series_equal(left[column], right[column], rtol=1e-9, atol=1e-12)
    for by in ("influence", "betweenness", "trust", "friction"):
        assert a.ranked(by=by).index.tolist() == b.ranked(by=by).index.tolist(), by
    ties = ["u", "v", "contacts", "sign", "contested", "flags", "first_contact", "last_contact"]
    assert a.ties[ties].to_dict("records") == b.ties[ties].to_dict("records")
    assert friction_items(a) == friction_items(b)
    assert len(a.model.contacts) == len(b.model.contacts) == a.summary["contacts"]


def test_neo4j_analysis_reads_ties_not_contacts(stores):
    """The observable: the queries the Neo4j store runs, and the rows each returns."""
    store = stores["neo4j"]
    reads: list[tuple[str, int]] = []
    read = store.server.read

    def counted(name, **params):
        rows = read(name, **params)
        if name != "read_negotiation":  # which generation to read: one row
            reads.append((name, len(rows)))
        return rows

    store.server.read = counted
    try:
        analysis = analyse_negotiation(store, "blue-harbor")
        influence = dict(reads)
        reads.clear()
        items = friction_items(analysis)
        evidence = list(reads)
    finally:
        del store.server.read
    contacts = analysis.summary["contacts"]
    assert contacts == 879
    assert "read_interactions" not in influence
    assert influence["aggregate_ties"] == len(analysis.model.directed) < contacts
    # friction reads the contacts of the ties it cites, no others
    cited = {frozenset((i["a"], i["b"])) for i in items["negative"]}
    cited |= {frozenset((i["initiator"], i["receiver"])) for i in items["one_sided"]}
    assert [name for name, _ in evidence] == ["read_pair_interactions"]
    behind = sum(int(n) for u, v, n in analysis.ties[["u", "v", "contacts"]].itertuples(index=False)
                 if frozenset((u, v)) in cited)  # fmt: skip
    assert evidence[0][1] == behind < contacts


def test_the_python_api_reads_neo4j_contacts_when_they_are_asked_for(stores, neo4j_access):
    """``graphkit.analyse(url, ...)`` opens the store itself: it stays open for the contacts
    that the result shows later (and closes with the result)."""
    import graphkit

    result = graphkit.analyse(neo4j_access.uri, "blue-harbor", public=True)
    embedded = graphkit.analyse(stores["sqlite"], "blue-harbor", public=True)
    assert len(result.contacts) == len(embedded.contacts) == 879 - 22
    pd.testing.assert_frame_equal(result.contacts, embedded.contacts)


def test_contacts_asked_for_after_the_neo4j_store_closed_say_what_to_do(stores, neo4j_access):
    from graphkit.errors import StoreError

    store = open_store(neo4j_access.uri)
    analysis = analyse_negotiation(store, "blue-harbor")
    store.close()
    with pytest.raises(StoreError, match="keep the store open until then"):
        analysis.model.contacts  # noqa: B018
