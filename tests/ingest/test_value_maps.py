"""Words for values (issue 12): ``--value-map "sentiment:Positive=0.6,..."`` turns a
team's words into graphkit's values, and the words a map lacks are listed once per
column, with their counts and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit import GraphkitError, ImportRejected, Options, import_files, open_store
from graphkit.ingest import parse_value_map
from graphkit.ingest.fields import SentimentScale

PEOPLE = "id,name,party\nA-01,Ana Ruiz,Alvara\nB-01,Bo Lind,Dalvenia\n"
TONE = {"source": "Person", "target": "Met with", "sentiment": "Tone"}
WORDS = {"Positive": "0.6", "Cordial": "0.3", "Neutral": "0", "Tense": "-0.4", "Hostile": "-0.8"}


def _log(tmp_path: Path, tones: list[str], name: str = "contacts.csv") -> Path:
    rows = [f"2024-05-{i + 1:02d},A-01,B-01,{tone}" for i, tone in enumerate(tones)]
    path = tmp_path / name
    path.write_text("date,Person,Met with,Tone\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _import(tmp_path: Path, people: Path, log: Path, **options):
    store = open_store(tmp_path / "store.db", create=True)
    try:
        return import_files(
            store, "talks", stakeholders=people, interactions=log, options=Options(**options)
        ), store.load("talks")
    finally:
        store.close()


def test_parse_value_map_gives_the_field_and_its_words():
    assert parse_value_map(
        "sentiment:Positive=0.6,Cordial=0.3,Neutral=0,Tense=-0.4,Hostile=-0.8"
    ) == (
        "sentiment",
        WORDS,
    )
    assert parse_value_map(" Interactions.Confidential : Restricted = yes , Open=no ,") == (
        "interactions.confidential",
        {"Restricted": "yes", "Open": "no"},
    )
    assert parse_value_map("tier:Minister=official,NGO=civil-society")[1] == {
        "Minister": "official",
        "NGO": "civil-society",
    }
    # only the first colon separates the field: a word may hold one
    assert parse_value_map("channel:Tel: mobile=call") == ("channel", {"Tel: mobile": "call"})


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "Positive=0.6",
            '--value-map "Positive=0.6" is not FIELD:WORD=VALUE,... - e.g. --value-map '
            '"sentiment:Positive=0.6,Neutral=0,Tense=-0.4"',
        ),
        (
            "sentiment:",
            '--value-map "sentiment:": no words are given - e.g. --value-map '
            '"sentiment:Positive=0.6,Neutral=0,Tense=-0.4"',
        ),
        (
            "sentiment:Positive",
            '--value-map "sentiment:Positive": "Positive" is not WORD=VALUE - e.g. --value-map '
            '"sentiment:Positive=0.6,Neutral=0,Tense=-0.4" (pairs are separated by commas: '
            "write decimals with a point, 0.6)",
        ),
        (
            "sentiment:Positive=0,6",
            '--value-map "sentiment:Positive=0,6": "6" is not WORD=VALUE - e.g. --value-map '
            '"sentiment:Positive=0.6,Neutral=0,Tense=-0.4" (pairs are separated by commas: '
            "write decimals with a point, 0.6)",
        ),
        (
            "sentiment:Positive=high",
            '--value-map "sentiment:Positive=high": "high" (for "Positive") is not a sentiment '
            "value - give a number in [-1, 1], in graphkit's own scale (--sentiment-range does "
            "not rescale it)",
        ),
        (
            "sentiment:Positive=5",
            '--value-map "sentiment:Positive=5": "5" (for "Positive") is not a sentiment value '
            "- give a number in [-1, 1], in graphkit's own scale (--sentiment-range does not "
            "rescale it)",
        ),
        (
            "tier:Minister=top",
            '--value-map "tier:Minister=top": "top" (for "Minister") is not a tier value - '
            "give one of: official, semi-official, civil-society",
        ),
        (
            "sign:Friends=2",
            '--value-map "sign:Friends=2": "2" (for "Friends") is not a sign value - give +1 or -1',
        ),
        (
            "sentiment:Positive=0.6,positive=0.5",
            '--value-map "sentiment:Positive=0.6,positive=0.5": "positive" is given twice, as '
            "0.6 and as 0.5 (words match ignoring case) - keep one",
        ),
        (
            "sentiment:=0.6",
            '--value-map "sentiment:=0.6": a word is empty - write WORD=VALUE',
        ),
        (
            "sentiment:Positive=",
            '--value-map "sentiment:Positive=": "Positive" has no value - write Positive=NUMBER',
        ),
        (
            "date:today=2024-01-01",
            '--value-map "date:today=2024-01-01": "date" takes no value map - value maps are '
            "for: channel, confidential, directed, interest, issue, kind, organization, party, "
            "power, role, sentiment, sign, stance, tier, track, type, weight",
        ),
        (
            "tone:Positive=0.6",
            '--value-map "tone:Positive=0.6": "tone" is not a field - value maps are for: '
            "channel, confidential, directed, interest, issue, kind, organization, party, power, "
            "role, sentiment, sign, stance, tier, track, type, weight",
        ),
        (
            "people.tier:Minister=official",
            '--value-map "people.tier:Minister=official": "people" is not a file kind - use '
            "one of: stakeholders, interactions, relationships, stances",
        ),
        (
            "stakeholders.sentiment:Positive=0.6",
            '--value-map "stakeholders.sentiment:Positive=0.6": "sentiment" is not a field of '
            "stakeholders - use one of: party, organization, role, tier, kind, power, interest",
        ),
    ],
)
def test_a_malformed_value_map_says_how_to_write_it(spec, message):
    with pytest.raises(GraphkitError) as err:
        parse_value_map(spec)
    assert str(err.value) == message


def test_words_become_numbers_end_to_end(tmp_path, people):
    log = _log(tmp_path, ["Positive", " tense ", "HOSTILE", "Neutral", "0.25", ""])
    result, data = _import(tmp_path, people, log, mapping=TONE, value_maps={"sentiment": WORDS})
    assert result.counts["interactions"].added == 6
    assert list(data.interactions.sort_values("date").sentiment) == [0.6, -0.4, -0.8, 0, 0.25, 0]


def test_mapped_values_are_in_graphkits_scale_and_not_rescaled(tmp_path, people):
    """With --sentiment-range -10:10 a cell 5 is 0.5, and "Positive" mapped to 0.6 is 0.6."""
    log = _log(tmp_path, ["Positive", "5", "-10"])
    _, data = _import(
        tmp_path,
        people,
        log,
        mapping=TONE,
        value_maps={"interactions.sentiment": {"Positive": "0.6"}},
        sentiment_scale=SentimentScale(-10, 10),
    )
    assert list(data.interactions.sort_values("date").sentiment) == [0.6, 0.5, -1.0]


def test_unknown_words_are_listed_at_once_with_counts_and_lines(tmp_path, people):
    tones = ["Positive"] * 5 + ["Frosty", "Warm", "frosty", "Positive", "FROSTY ", "Frosty", "9"]
    tones += ["-", "1_000"]
    log = _log(tmp_path, tones)
    with pytest.raises(ImportRejected) as err:
        _import(tmp_path, people, log, mapping=TONE, value_maps={"sentiment": {"Positive": "0.6"}})
    assert [str(p) for p in err.value.problems] == [
        'contacts.csv line 13, column "Tone": sentiment 9 is outside [-1, 1] - rescale the '
        "column, or pass --sentiment-range MIN:MAX (e.g. -10:10) to map another scale onto "
        "[-1, 1]",
        'contacts.csv line 15, column "Tone": "1_000" is not a plain number - write it as 1000',
        'contacts.csv, column "Tone": 3 words not in the value map for sentiment: "Frosty" '
        '(4 rows: lines 7, 9, 11 ...), "Warm" (1 row: line 8), "-" (1 row: line 14) - add '
        'them to --value-map "sentiment:...,Frosty=NUMBER,Warm=NUMBER,-=NUMBER", each value a '
        "number in [-1, 1], in graphkit's own scale (--sentiment-range does not rescale it)",
    ]
    assert str(err.value).endswith("Error: 3 problems found in 8 of 16 rows; nothing was imported.")


def test_words_for_categories_and_flags(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "id,name,tier,kind\nA-01,Ana,Minister,Country\nB-01,Bo,NGO,Civil\n", encoding="utf-8"
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "date,source,target,channel,confidential\n"
        "2024-01-02,A-01,B-01,Mtg,Restricted\n2024-01-03,B-01,A-01,Tel,Open\n",
        encoding="utf-8",
    )
    maps = {
        "tier": {"Minister": "official", "NGO": "civil-society"},
        "kind": {"Country": "state", "Civil": "non-state"},
        "channel": {"mtg": "meeting"},  # text fields: other words pass as written
        "confidential": {"Restricted": True, "Open": False},  # a profile may give booleans
    }
    _, data = _import(tmp_path, people, log, value_maps=maps)
    people_rows = data.stakeholders.set_index("id")
    assert list(people_rows.tier) == ["official", "civil-society"]
    assert list(people_rows.kind) == ["state", "non-state"]
    contacts = data.interactions.sort_values("date")
    assert list(contacts.channel) == ["meeting", "Tel"]
    assert list(contacts.confidential) == [True, False]


def test_words_for_signs_and_weights(tmp_path, people):
    ties = tmp_path / "ties.csv"
    ties.write_text(
        "source,target,type,sign,weight\nA-01,B-01,alliance,Friends,Strong\n"
        "A-01,B-01,rivalry,Foes,Weak\n",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "store.db", create=True)
    maps = {"sign": {"Friends": "+1", "Foes": "-1"}, "weight": {"Strong": 3, "Weak": 0.5}}
    import_files(
        store, "talks", stakeholders=people, relationships=ties, options=Options(value_maps=maps)
    )
    rows = store.load("talks").relationships.set_index("type")
    assert (rows.loc["alliance", "sign"], rows.loc["alliance", "weight"]) == (1, 3.0)
    assert (rows.loc["rivalry", "sign"], rows.loc["rivalry", "weight"]) == (-1, 0.5)


def test_a_category_word_not_in_the_map_is_listed_too(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "id,name,tier\nA-01,Ana,Minister\nB-01,Bo,Envoy\nC-01,Cy,3\n", encoding="utf-8"
    )
    store = open_store(tmp_path / "store.db", create=True)
    options = Options(value_maps={"tier": {"Minister": "official"}})
    with pytest.raises(ImportRejected) as err:
        import_files(store, "talks", stakeholders=people, options=options)
    assert [str(p) for p in err.value.problems] == [
        'people.csv, column "tier": 2 words not in the value map for tier: "Envoy" (1 row: '
        'line 3), "3" (1 row: line 4) - add them to --value-map "tier:...,Envoy=TIER,3=TIER", '
        "each value one of: official, semi-official, civil-society",
    ]


def test_without_a_value_map_a_refused_word_suggests_one(tmp_path, people):
    log = _log(tmp_path, ["Positive"])
    with pytest.raises(ImportRejected) as err:
        _import(tmp_path, people, log, mapping=TONE)
    assert [str(p) for p in err.value.problems] == [
        'contacts.csv line 2, column "Tone": "Positive" is not a number - write a number like '
        '0.5, or give words their values: --value-map "sentiment:Positive=NUMBER,..."'
    ]


def test_a_value_map_that_no_column_is_read_with_is_a_problem(tmp_path, people):
    log = _log(tmp_path, ["0.5"])
    with pytest.raises(ImportRejected) as err:  # Tone is not mapped to sentiment
        _import(tmp_path, people, log, mapping={"source": "Person", "target": "Met with"},
                value_maps={"sentiment": WORDS})  # fmt: skip
    assert [str(p) for p in err.value.problems] == [
        "contacts.csv: --value-map sentiment is given, but no column is read as sentiment - "
        'read a column as sentiment with --map sentiment="HEADER", or drop the value map'
    ]


def test_value_maps_given_as_options_are_checked_too(tmp_path, people):
    """A profile gives Options(value_maps=...) without parse_value_map: the same checks."""
    log = _log(tmp_path, ["Positive"])
    with pytest.raises(GraphkitError) as err:
        _import(tmp_path, people, log, mapping=TONE, value_maps={"sentiment": {"Positive": 2}})
    assert str(err.value) == (
        '--value-map "sentiment:Positive=2": "2" (for "Positive") is not a sentiment value - '
        "give a number in [-1, 1], in graphkit's own scale (--sentiment-range does not rescale it)"
    )
    with pytest.raises(GraphkitError, match='"date" takes no value map'):
        _import(tmp_path, people, log, value_maps={"date": {"today": "2024-01-01"}})
    per_file = {"interactions": {"value_maps": {"sentiment": {"Positive": "high"}}}}
    with pytest.raises(GraphkitError, match='"high" \\(for "Positive"\\) is not a sentiment'):
        _import(tmp_path, people, log, mapping=TONE, overrides=per_file)


def test_each_file_has_its_own_value_map(tmp_path, people):
    """The maps of the kind and of one file merge: week-2 calls Positive 0.9."""
    week1 = _log(tmp_path, ["Positive", "Tense"], "week-1.csv")
    week2 = tmp_path / "week-2.csv"
    week2.write_text("date,Person,Met with,Tone\n2024-06-01,B-01,A-01,Positive\n", encoding="utf-8")
    store = open_store(tmp_path / "store.db", create=True)
    options = Options(
        mapping=TONE,
        value_maps={"sentiment": WORDS},
        overrides={str(week2): {"value_maps": {"sentiment": {"Positive": "0.9"}}}},
    )
    import_files(store, "talks", stakeholders=people, interactions=[week1, week2], options=options)
    assert list(store.load("talks").interactions.sort_values("date").sentiment) == [0.6, -0.4, 0.9]


def test_a_value_map_key_matches_in_any_case(tmp_path, people):
    log = _log(tmp_path, ["Positive", "Tense"])
    maps = {"Sentiment": {"Positive": "0.6"}, "Interactions.SENTIMENT": {"tense": "-0.4"}}
    _, data = _import(tmp_path, people, log, mapping=TONE, value_maps=maps)
    assert list(data.interactions.sort_values("date").sentiment) == [0.6, -0.4]
