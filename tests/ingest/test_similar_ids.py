"""Ids that are not what they look like (issue 10, point 7).

Text is NFC-normalised on import; ids with invisible or control characters are refused
and shown escaped, never raw; a new id that differs from another id of the negotiation
only by case, whitespace or look-alike characters (UTS #39 skeletons) stops the import
unless ``Options(allow_similar_ids=True)``.
"""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from graphkit import ImportRejected, Options, import_files
from graphkit.errors import Problem
from graphkit.ingest import lookalike
from graphkit.ingest.lookalike import how_they_differ, skeleton
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import DATA, cli, snapshot

BASE = DATA / "base_stakeholders.csv"
RENAME = "rename one, or pass --allow-similar-ids if they really are different people"
INVISIBLE_FIX = (
    "delete them and type the id again (they come with text copied from web pages, chats "
    "or PDFs, and make ids that look the same differ)"
)


@pytest.fixture
def seeded(store_path):
    result = cli("import", "-n", "talks", "--stakeholders", BASE, store=store_path)
    assert result.exit_code == 0, result.output
    return store_path


def _rows(store, sql, *params):
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _import(store_path, options=None, **files):
    store = SQLiteStore(store_path)
    try:
        return import_files(store, "talks", options=options, **files)
    finally:
        store.close()


# -- NFC ---------------------------------------------------------------------------------


def test_ids_names_and_text_are_stored_in_nfc(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "stakeholders_decomposed_unicode.csv",
        store=seeded,
    )
    assert result.exit_code == 0, result.output
    composed = unicodedata.normalize("NFC", "E\u0301-01")
    assert composed == "\u00c9-01"
    assert _rows(
        seeded, "SELECT id, name, party FROM stakeholders WHERE id LIKE '%-01' ORDER BY id"
    ) == [
        ("S-01", "Ana Ruiz", "Aster"),
        ("\u00c9-01", "Am\u00e9lie Ducharme", "Ast\u00e9r"),
    ]


def test_a_decomposed_reference_finds_the_composed_id(seeded, tmp_path):
    _import(seeded, stakeholders=DATA / "stakeholders_decomposed_unicode.csv")
    log = tmp_path / "log.csv"
    log.write_text(
        "date,source,target,notes\n2024-01-05,E\u0301-01,S-01,cafe\u0301\n", encoding="utf-8"
    )
    result = _import(seeded, interactions=log)
    assert result.counts["interactions"].added == 1
    assert _rows(seeded, "SELECT source, notes FROM interactions") == [("\u00c9-01", "caf\u00e9")]


def test_a_set_value_is_nfc_too(seeded, tmp_path):
    _import(seeded, stakeholders=DATA / "stakeholders_decomposed_unicode.csv")
    log = tmp_path / "log.csv"
    log.write_text("date,target\n2024-01-05,S-01\n", encoding="utf-8")
    _import(seeded, interactions=log, options=Options(constants={"source": "E\u0301-01"}))
    assert _rows(seeded, "SELECT source FROM interactions") == [("\u00c9-01",)]


# -- invisible characters --------------------------------------------------------------------


def test_invisible_characters_in_stakeholder_ids_are_refused_and_shown_escaped(seeded):
    before = snapshot(seeded)
    result = cli(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "stakeholders_invisible_ids.csv",
        store=seeded,
    )
    at = 'stakeholders_invisible_ids.csv line {}, column "id": the stakeholder id '
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        at.format(2) + '"S-20\\u200b" contains invisible or control characters: \\u200b '
        f"(ZERO WIDTH SPACE) at position 5 - {INVISIBLE_FIX}",
        at.format(3) + '"\\u202eS-21" contains invisible or control characters: \\u202e '
        f"(RIGHT-TO-LEFT OVERRIDE) at position 1 - {INVISIBLE_FIX}",
        at.format(4) + '"S-22\\x07" contains invisible or control characters: \\x07 '
        f"(a control character) at position 5 - {INVISIBLE_FIX}",
        at.format(5) + '"S\\xad-23" contains invisible or control characters: \\xad '
        f"(SOFT HYPHEN) at position 2 - {INVISIBLE_FIX}",
        "Error: 4 problems found in 4 of 5 rows; nothing was imported.",
    ]
    for raw in ("\u200b", "\u202e", "\x07", "\xad"):
        assert raw not in result.stderr
    assert snapshot(seeded) == before


def test_invisible_characters_in_references_and_contact_ids_are_refused(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_invisible_reference.csv",
        store=seeded,
    )
    at = "interactions_invisible_reference.csv line {}, "
    assert result.stderr.splitlines() == [
        at.format(2) + 'column "source": the source stakeholder id "S-01\\u200b" contains '
        f"invisible or control characters: \\u200b (ZERO WIDTH SPACE) at position 5 - {INVISIBLE_FIX}",
        at.format(3) + 'column "id": the interaction id "I-2\\ufeff" contains invisible or '
        f"control characters: \\ufeff (ZERO WIDTH NO-BREAK SPACE) at position 4 - {INVISIBLE_FIX}",
        at.format(4) + 'column "target": the target stakeholder id "\\u2066S-02\\u2069" '
        "contains invisible or control characters: \\u2066 (LEFT-TO-RIGHT ISOLATE) at "
        f"position 1, \\u2069 (POP DIRECTIONAL ISOLATE) at position 6 - {INVISIBLE_FIX}",
        "Error: 3 problems found in 3 of 3 rows; nothing was imported.",
    ]


@pytest.mark.parametrize(
    "ch",
    [
        *("\x00", "\x1f", "\x7f", "\x85", "\x9f"),  # C0, DEL, C1
        *("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"),  # zero-width
        *("\u200e", "\u200f", "\u061c", "\u202a", "\u202e", "\u2066", "\u2069"),  # bidi
        *("\u2028", "\ufe0f", "\u00ad", "\U000e0041"),  # separators, other ignorables
    ],
)
def test_every_kind_of_invisible_character_is_found(ch):
    assert lookalike.invisible_characters(f"A{ch}-01") == [(2, ch)]
    assert ch not in lookalike.escape(f"A{ch}-01")


def test_invisible_characters_outside_ids_are_kept(seeded, tmp_path):
    # A zero-width non-joiner is part of the spelling of many Persian names.
    people = tmp_path / "people.csv"
    people.write_text("id,name,notes\nP-01,Mehr\u200cdad,line one\n", encoding="utf-8")
    _import(seeded, stakeholders=people)
    assert _rows(seeded, "SELECT name FROM stakeholders WHERE id = 'P-01'") == [("Mehr\u200cdad",)]


# -- look-alike ids ----------------------------------------------------------------------------


def test_lookalike_ids_in_a_file_and_against_the_store_stop_the_import(seeded):
    before = snapshot(seeded)
    result = cli(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "stakeholders_lookalike_ids.csv",
        store=seeded,
    )
    at = 'stakeholders_lookalike_ids.csv line {}, column "id": '
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        at.format(3) + 'id "S-O1" looks like "S-01" (already in talks) - they differ only by '
        'look-alike characters: "O" (U+004F LATIN CAPITAL LETTER O) for "0" (U+0030 DIGIT '
        f"ZERO); {RENAME}",
        at.format(4) + 'id "\u0422-01" looks like "T-01" (line 2) - they differ only by '
        'look-alike characters: "\u0422" (U+0422 CYRILLIC CAPITAL LETTER TE) for "T" (U+0054 '
        f"LATIN CAPITAL LETTER T); {RENAME}",
        at.format(5) + f'id "t-01" looks like "T-01" (line 2) - they differ only by case; {RENAME}',
        at.format(7)
        + f'id "U01" looks like "U 01" (line 6) - they differ only by spaces; {RENAME}',
        "Error: 4 problems found in 4 of 6 rows; nothing was imported.",
    ]
    assert snapshot(seeded) == before


def test_allow_similar_ids_imports_them(seeded):
    file = DATA / "stakeholders_lookalike_ids.csv"
    with pytest.raises(ImportRejected):
        _import(seeded, stakeholders=file)
    result = _import(seeded, stakeholders=file, options=Options(allow_similar_ids=True))
    assert result.counts["stakeholders"].added == 6


def test_lookalikes_in_two_files_name_the_other_file(seeded, tmp_path):
    first, second = tmp_path / "delegation_a.csv", tmp_path / "delegation_b.csv"
    first.write_text("id,name\nK-01,Kai Berg\n", encoding="utf-8")
    second.write_text("id,name\nX-9,Xu Li\nK\u200a-01,Kim Sato\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        _import(seeded, stakeholders=[first, second])
    assert err.value.problems == [
        Problem(
            "delegation_b.csv",
            3,
            "id",
            'id "K\u200a-01" looks like "K-01" (delegation_a.csv line 2)',
            f"they differ only by spaces; {RENAME}",
        )
    ]


def test_lookalikes_stored_before_do_not_block_later_imports(seeded):
    file = DATA / "stakeholders_lookalike_ids.csv"
    _import(seeded, stakeholders=file, options=Options(allow_similar_ids=True))
    again = _import(seeded, stakeholders=file)  # every id is stored: none is new
    assert again.counts["stakeholders"].unchanged == 6
    other = _import(seeded, stakeholders=BASE)
    assert other.counts["stakeholders"].unchanged == 5


def test_a_new_id_is_compared_with_every_stored_lookalike_kind(seeded, tmp_path):
    for new, how in [
        ("s-01", "case"),
        ("S- 01", "spaces"),
        ("s- 01", "case and spaces"),
        ("S-0l", 'look-alike characters: "l" (U+006C LATIN SMALL LETTER L) for "1"'),
        ("\u0405-01", 'look-alike characters: "\u0405" (U+0405 CYRILLIC CAPITAL LETTER DZE)'),
    ]:
        people = tmp_path / "people.csv"
        people.write_text(f"id,name\n{new},Someone\n", encoding="utf-8")
        with pytest.raises(ImportRejected) as err:
            _import(seeded, stakeholders=people)
        (problem,) = err.value.problems
        assert problem.message == f'id "{new}" looks like "S-01" (already in talks)'
        assert problem.fix.startswith(f"they differ only by {how}")


def test_different_ids_are_not_lookalikes(seeded, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,name\nS-010,A\nS-1,B\nS-O2X,C\nSS-01,D\nS_01x,E\n", encoding="utf-8")
    assert _import(seeded, stakeholders=people).counts["stakeholders"].added == 5


def test_an_unknown_reference_that_looks_like_a_known_id_says_so(seeded, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-01-05,s-01,S-02\n", encoding="utf-8")
    result = cli("import", "-n", "talks", "--interactions", log, store=seeded)
    assert result.stderr.splitlines()[0] == (
        'log.csv line 2, column "source": unknown stakeholder "s-01" (not in talks) - Did you '
        'mean "S-01"? They differ only by case. Add it to stakeholders.csv, or pass '
        "--create-missing"
    )


def test_create_missing_never_creates_a_lookalike_of_a_known_id(seeded):
    before = snapshot(seeded)
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_unknown_ids.csv",
        "--create-missing",
        store=seeded,
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'interactions_unknown_ids.csv line 5, column "source": id "S-O2" looks like "S-02" '
        '(already in talks) - they differ only by look-alike characters: "O" (U+004F LATIN '
        'CAPITAL LETTER O) for "0" (U+0030 DIGIT ZERO); use "S-02", or pass '
        "--allow-similar-ids if they really are different people",
        "Error: 1 problem found in 1 of 4 rows; nothing was imported.",
    ]
    assert snapshot(seeded) == before
    allowed = _import(
        seeded,
        interactions=DATA / "interactions_unknown_ids.csv",
        options=Options(create_missing=True, allow_similar_ids=True),
    )
    assert allowed.created == ["Bo Lind", "S-099", "S-O2"]


def test_create_missing_never_creates_two_lookalikes(seeded, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "date,source,target\n2024-01-05,X-1,S-01\n2024-01-06,S-02,x-1\n", encoding="utf-8"
    )
    with pytest.raises(ImportRejected) as err:
        _import(seeded, interactions=log, options=Options(create_missing=True))
    (problem,) = err.value.problems
    assert (problem.line, problem.column, problem.message) == (
        3,
        "target",
        'id "x-1" looks like "X-1" (line 2)',
    )


def test_lookalike_keys_are_computed_per_distinct_id_not_per_row(seeded, tmp_path, monkeypatch):
    calls = []
    real = lookalike.lookalike_keys
    monkeypatch.setattr(lookalike, "lookalike_keys", lambda sid: calls.append(sid) or real(sid))
    people = tmp_path / "people.csv"
    people.write_text("id,name\nN-01,New One\nN-02,New Two\n", encoding="utf-8")
    log = tmp_path / "log.csv"
    ids = ["S-01", "S-02", "S-03", "S-04", "S-05", "N-01", "N-02"]
    rows = [f"2024-01-{1 + i % 28:02},{ids[i % 7]},{ids[(i + 1) % 7]}" for i in range(5000)]
    log.write_text("date,source,target\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = _import(seeded, stakeholders=people, interactions=log)
    assert result.counts["interactions"].added == 5000
    assert set(calls) == set(ids)
    assert len(calls) == 2 * len(ids)  # find, then remember: once per distinct id


def test_a_log_of_known_ids_computes_no_skeleton(seeded, monkeypatch):
    calls = []
    real = lookalike.lookalike_keys
    monkeypatch.setattr(lookalike, "lookalike_keys", lambda sid: calls.append(sid) or real(sid))
    result = _import(seeded, interactions=DATA / "interactions_identical_rows.csv")
    assert result.counts["interactions"].added == 2
    assert calls == []


# -- skeletons ---------------------------------------------------------------------------------


def test_the_confusables_data_is_whole():
    text = lookalike.DATA.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert "# Version: 18.0.0" in header
    assert f"# mappings: {len(rows)}  (source code point, tab, prototype code points, in hex)" in (
        header
    )
    assert len(rows) == 6712
    assert "# UNICODE LICENSE V3" in header


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("\u0410-01", "A-01"),  # Cyrillic А
        ("\u0391-01", "A-01"),  # Greek Α
        ("S-O1", "S-01"),
        ("Il", "ll"),
        ("rn", "m"),
        ("\uff50\uff41\uff59", "pay"),  # fullwidth
        ("\ufb01le", "file"),  # the fi ligature
        ("e\u0301", "\u00e9"),  # decomposed and composed
        ("A\u2010B", "A-B"),  # hyphen
        ("A\u200bB", "AB"),  # default-ignorable: removed
    ],
)
def test_skeletons_of_confusables_are_equal(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"), [("A-01", "A-02"), ("Ana", "Ama"), ("a", "A"), ("S-01", "S01")]
)
def test_skeletons_of_different_strings_differ(a, b):
    # Case and spaces are not confusables: lookalike_keys adds them.
    assert skeleton(a) != skeleton(b)


def test_how_two_lookalikes_differ_in_words():
    assert how_they_differ("a-01", "A-01") == "case"
    assert how_they_differ("A 01", "A01") == "spaces"
    assert how_they_differ("a 01", "A01") == "case and spaces"
    assert how_they_differ("E\u0301-01", "\u00c9-01") == (
        "how their accents are encoded (composed in one, decomposed in the other)"
    )
    assert how_they_differ("Tirn", "Tim") == (
        'look-alike characters: "r" (U+0072 LATIN SMALL LETTER R), "n" (U+006E LATIN SMALL '
        'LETTER N) for "m" (U+006D LATIN SMALL LETTER M)'
    )
