"""Every awkward or malformed file in tests/data either imports correctly or fails
with the expected message: never a traceback, and the store unchanged after a failure."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DATA, cli, snapshot

BASE = DATA / "base_stakeholders.csv"

# file, extra options, expected: ("ok", {counts}) or ("error", message fragment)
CASES = [
    ("empty.csv", [], ("error", "empty.csv: the file is empty")),
    ("whitespace_only.csv", [], ("error", "whitespace_only.csv: the file is empty")),
    ("header_only.csv", [], ("ok", {"read": 0, "added": 0})),
    (
        "stakeholders_missing_name_column.csv",
        [],
        (
            "error",
            'stakeholders_missing_name_column.csv line 2: "S-10" is a new stakeholder in talks and has no name - give it a name',
        ),
    ),
    (
        "interactions_missing_source_column.csv",
        [],
        ("error", 'missing required column "source" (columns found: date, from, target)'),
    ),
    (
        "stakeholders_duplicate_ids.csv",
        [],
        (
            "error",
            'stakeholders_duplicate_ids.csv line 4, column "id": duplicate id "S-10" (first on line 2)',
        ),
    ),
    (
        "stakeholders_missing_id_value.csv",
        [],
        ("error", 'line 2, column "id": the stakeholder id is empty'),
    ),
    (
        "interactions_unknown_ids.csv",
        [],
        (
            "error",
            'interactions_unknown_ids.csv line 5, column "source": unknown stakeholder "S-O2" (not in talks) - Did you mean "S-02"? They differ only by look-alike characters: "O" (U+004F LATIN CAPITAL LETTER O) for "0" (U+0030 DIGIT ZERO). Add it to stakeholders.csv, or pass --create-missing',
        ),
    ),
    (
        "interactions_bad_date.csv",
        [],
        ("error", 'line 3, column "date": "2024-02-30" is not an ISO 8601 date'),
    ),
    (
        "interactions_ambiguous_date.csv",
        [],
        (
            "error",
            "it is ambiguous (day 3 of month 4, or month 3 day 4); write YYYY-MM-DD, or pass --date-format %d/%m/%Y or --date-format %m/%d/%Y",
        ),
    ),
    # 25/12/2023 has day 25: the column is read day first (tests/ingest/test_dates.py)
    ("interactions_day_first_date.csv", [], ("ok", {"read": 2, "added": 2})),
    (
        "interactions_day_first_date.csv",
        ["--date-format", "%d/%m/%Y"],
        ("ok", {"read": 2, "added": 2}),
    ),
    ("interactions_excel_serial_date.csv", [], ("error", "looks like an Excel date serial number")),
    ("interactions_empty_date.csv", [], ("error", 'line 2, column "date": the date is empty')),
    ("interactions_datetime_timezones.csv", [], ("ok", {"read": 3, "added": 3})),
    (
        "interactions_sentiment_out_of_range.csv",
        [],
        (
            "error",
            'column "sentiment": sentiment 1.5 is outside [-1, 1] - rescale the column, or pass --sentiment-range MIN:MAX',
        ),
    ),
    (
        "interactions_sentiment_out_of_range.csv",
        ["--sentiment-range", "-2:2"],
        ("ok", {"read": 1, "added": 1}),
    ),
    ("interactions_sentiment_not_a_number.csv", [], ("error", '"positive" is not a number')),
    ("interactions_self_loop.csv", [], ("error", 'source and target are both "S-01"')),
    (
        "interactions_duplicate_ids.csv",
        [],
        ("error", 'line 3, column "id": duplicate interaction id "I-1" (first on line 2)'),
    ),
    ("interactions_identical_rows.csv", [], ("ok", {"read": 2, "added": 2})),
    (
        "interactions_unclosed_quote.csv",
        [],
        (
            "error",
            "interactions_unclosed_quote.csv line 3: a quoted field starts here and never closes",
        ),
    ),
    (
        "interactions_too_many_fields.csv",
        [],
        (
            "error",
            "line 2: the row has 8 fields but the header has 7 - quote fields that contain the delimiter (comma)",
        ),
    ),
    ("interactions_many_errors.csv", [], ("error", "... and 30 more problems (50 in total)")),
    ("interactions_semicolon_decimal_comma.csv", [], ("ok", {"read": 2, "added": 2})),
    ("stakeholders_bom.csv", [], ("ok", {"read": 5, "added": 5})),
    (
        "stakeholders_cp1252.csv",
        [],
        (
            "error",
            "is not valid UTF-8 - the file is probably in a legacy encoding: pass --encoding cp1252",
        ),
    ),
    ("stakeholders_cp1252.csv", ["--encoding", "cp1252"], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_utf16_tabs.csv", [], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_semicolons.csv", [], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_tabs.csv", [], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_quoted_newlines.csv", [], ("ok", {"read": 2, "added": 2})),
    ("stakeholders_very_long_field.csv", [], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_formula_cells.csv", [], ("ok", {"read": 1, "added": 1})),
    ("stakeholders_crlf.csv", [], ("ok", {"read": 5, "added": 5})),
    ("stakeholders_cr_only.csv", [], ("ok", {"read": 5, "added": 5})),
    (
        "stakeholders_bad_tier_and_kind.csv",
        [],
        ("error", '"minister" is not a tier - use one of: official, semi-official, civil-society'),
    ),
    ("stakeholders_header_variants.csv", [], ("ok", {"read": 1, "added": 1})),
    (
        "stakeholders_repeated_header.csv",
        [],
        ("error", 'column "Name": the header repeats column "name" - rename or delete one of them'),
    ),
    ("stakeholders_blank_rows.csv", [], ("ok", {"read": 5, "added": 5})),
    ("relationships_bad_sign.csv", [], ("error", '"maybe" is not a sign - write +1 or -1')),
    ("relationships_bad_weight.csv", [], ("error", "weight -2 is not positive")),
    (
        "relationships_duplicate_tie.csv",
        [],
        ("error", 'the alliance tie between "S-02" and "S-01" is declared twice (first on line 2)'),
    ),
    ("relationships_signed.csv", [], ("ok", {"read": 3, "added": 3})),
    (
        "interactions_too_few_fields.csv",
        [],
        (
            "error",
            "interactions_too_few_fields.csv line 3: the row ends early: it has 4 fields but the header has 7 - was the file cut off? re-export it",
        ),
    ),
    (
        "stakeholders_trailing_empty_cells_dropped.csv",
        [],
        (
            "error",
            "line 3: the row ends early: it has 3 fields but the header has 5 - was the file cut off? re-export it (a row needs every delimiter, even when its last cells are empty)",
        ),
    ),
    ("stakeholders_unnamed_trailing_columns.csv", [], ("ok", {"read": 1, "added": 1})),
    (
        "interactions_numbers_not_plain.csv",
        [],
        ("error", "7 problems found in 7 of 8 rows; nothing was imported."),
    ),
    ("interactions_sentiment_exponent.csv", [], ("ok", {"read": 3, "added": 3})),
    (
        "relationships_weight_thousands.csv",
        [],
        ("error", 'line 3, column "weight": "1_000" is not a plain number - write it as 1000'),
    ),
    (
        "stakeholders_invisible_ids.csv",
        [],
        (
            "error",
            'line 2, column "id": the stakeholder id "S-20\\u200b" contains invisible or control characters: \\u200b (ZERO WIDTH SPACE) at position 5',
        ),
    ),
    (
        "interactions_invisible_reference.csv",
        [],
        ("error", 'line 2, column "source": the source stakeholder id "S-01\\u200b" contains'),
    ),
    (
        "stakeholders_lookalike_ids.csv",
        [],
        (
            "error",
            'line 5, column "id": id "t-01" looks like "T-01" (line 2) - they differ only by case; rename one, or pass --allow-similar-ids if they really are different people',
        ),
    ),
    ("stakeholders_decomposed_unicode.csv", [], ("ok", {"read": 1, "added": 1})),
]


def _kind(name: str) -> str:
    for kind in ("stakeholders", "interactions", "relationships"):
        if name.startswith(kind):
            return kind
    return "interactions"


@pytest.fixture
def seeded(store_path):
    result = cli("import", "-n", "talks", "--stakeholders", BASE, store=store_path)
    assert result.exit_code == 0, result.output
    return store_path


@pytest.mark.parametrize(
    ("name", "options", "expected"), CASES, ids=[f"{c[0]}{c[1]}" for c in CASES]
)
def test_case_file(seeded, name, options, expected):
    before = snapshot(seeded)
    result = cli(
        "import",
        "-n",
        "talks",
        f"--{_kind(name)}",
        DATA / name,
        "--format",
        "json",
        *options,
        store=seeded,
    )
    assert "Traceback" not in result.output
    status, detail = expected
    if status == "error":
        assert result.exit_code == 1, result.output
        assert detail in result.stderr
        assert result.stdout == ""
        assert snapshot(seeded) == before, "a failed import changed the store"
    else:
        assert result.exit_code == 0, result.stderr
        (counts,) = json.loads(result.stdout)["files"]
        for key, value in detail.items():
            assert counts[key] == value, (key, counts)
        assert counts["read"] == counts["added"] + counts["updated"] + counts["unchanged"]


def test_case_files_are_many_and_all_covered():
    names = {p.name for p in DATA.glob("*.csv")} - {BASE.name}
    covered = {c[0] for c in CASES}
    assert len(covered) >= 25
    assert names == covered, f"files without a case: {names - covered}"


def _rows(store, sql, *params):
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _imported(seeded, name, *options):
    result = cli("import", "-n", "talks", f"--{_kind(name)}", DATA / name, *options, store=seeded)
    assert result.exit_code == 0, result.output
    return seeded


def test_cp1252_names_are_decoded(seeded):
    store = _imported(seeded, "stakeholders_cp1252.csv", "--encoding", "cp1252")
    [(name, org, notes)] = _rows(
        store, "SELECT name, organization, notes FROM stakeholders WHERE id = 'C-01'"
    )
    assert (name, org, notes) == ("Frédéric Lefèvre", "Ministère de la Mer", "“quoted” — œuvre")


def test_utf16_excel_unicode_text(seeded):
    store = _imported(seeded, "stakeholders_utf16_tabs.csv")
    assert _rows(store, "SELECT name, party FROM stakeholders WHERE id = 'U-01'") == [
        ("Søren Ågård", "Brenn")
    ]


def test_bom_does_not_leak_into_the_first_header(seeded):
    store = _imported(seeded, "stakeholders_bom.csv")
    assert _rows(store, "SELECT name FROM stakeholders WHERE id = 'B-01'") == [("Ana Ruiz",)]


def test_quoted_newlines_are_kept(seeded):
    store = _imported(seeded, "stakeholders_quoted_newlines.csv")
    [(notes,)] = _rows(store, "SELECT notes FROM stakeholders WHERE id = 'Q-01'")
    assert notes == 'First line\nsecond line, with comma\nthird "quoted" line'


def test_cr_only_line_ends(seeded):
    store = _imported(seeded, "stakeholders_cr_only.csv")
    assert [
        r[0] for r in _rows(store, "SELECT id FROM stakeholders WHERE id LIKE 'R-%' ORDER BY id")
    ] == ["R-01", "R-02", "R-03", "R-04", "R-05"]


def test_very_long_field_is_kept_whole(seeded):
    store = _imported(seeded, "stakeholders_very_long_field.csv")
    assert _rows(store, "SELECT length(notes) FROM stakeholders WHERE id = 'L-01'") == [(200_000,)]


def test_formula_like_cells_are_plain_text(seeded):
    store = _imported(seeded, "stakeholders_formula_cells.csv")
    row = _rows(store, "SELECT name, organization, role, notes FROM stakeholders WHERE id = 'F-01'")
    assert row == [
        ('=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")
    ]


def test_header_variants_and_extra_columns(seeded):
    store = _imported(seeded, "stakeholders_header_variants.csv")
    rows = _rows(
        store, "SELECT organization, tier, kind, attributes FROM stakeholders WHERE id = 'H-01'"
    )
    assert rows == [("Ministry", "official", "non-state", '{"Home Port":"Brest"}')]


def test_semicolon_file_with_decimal_commas(seeded):
    store = _imported(seeded, "interactions_semicolon_decimal_comma.csv")
    rows = _rows(store, "SELECT sentiment, notes FROM interactions ORDER BY date")
    assert rows == [(0.5, ""), (-0.25, "a; b")]


def test_dates_are_normalised_to_iso(seeded):
    store = _imported(seeded, "interactions_datetime_timezones.csv")
    dates = [r[0] for r in _rows(store, "SELECT date FROM interactions ORDER BY date")]
    assert dates == ["2024-03-05T08:00:00", "2024-03-05T09:30:00", "2024-03-06"]


def test_day_first_dates_with_explicit_format(seeded):
    store = _imported(seeded, "interactions_day_first_date.csv", "--date-format", "%d/%m/%Y")
    assert [r[0] for r in _rows(store, "SELECT date FROM interactions ORDER BY date")] == [
        "2023-12-25",
        "2024-01-05",
    ]


def test_sentiment_range_rescales(seeded):
    store = _imported(
        seeded, "interactions_sentiment_out_of_range.csv", "--sentiment-range", "-2:2"
    )
    assert _rows(store, "SELECT sentiment FROM interactions") == [(0.75,)]


def test_unknown_ids_name_the_fix_and_spot_names_used_as_ids(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_unknown_ids.csv",
        store=seeded,
    )
    assert result.exit_code == 1
    assert (
        'line 4, column "source": unknown stakeholder "Bo Lind" (not in talks) - "Bo Lind" is the name of S-02: use the id.'
        in result.stderr
    )
    assert "Add it to stakeholders.csv, or pass --create-missing" in result.stderr
    assert "3 problems found in 3 of 4 rows; nothing was imported." in result.stderr


def _unknown_ids_without_lookalikes(tmp: Path) -> Path:
    """interactions_unknown_ids.csv less the row of "S-O2", which looks like S-02 (a
    look-alike is never created: tests/ingest/test_similar_ids.py)."""
    lines = (DATA / "interactions_unknown_ids.csv").read_text(encoding="utf-8").splitlines()
    log = tmp / "interactions_unknown_ids.csv"
    log.write_text("\n".join(x for x in lines if "S-O2" not in x) + "\n", encoding="utf-8")
    return log


def test_create_missing_adds_unmapped_stakeholders(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        _unknown_ids_without_lookalikes(seeded.parent),
        "--create-missing",
        store=seeded,
    )
    assert result.exit_code == 0, result.output
    assert (
        "Created 2 unmapped stakeholders for ids not in the map of talks: Bo Lind, S-099"
        in result.stderr
    )
    rows = _rows(
        seeded, "SELECT id, name, unmapped FROM stakeholders WHERE unmapped = 1 ORDER BY id"
    )
    assert rows == [("Bo Lind", "Bo Lind", 1), ("S-099", "S-099", 1)]


def test_mapped_stakeholder_replaces_its_unmapped_stub(seeded):
    created = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        _unknown_ids_without_lookalikes(seeded.parent),
        "--create-missing",
        store=seeded,
    )
    assert created.exit_code == 0, created.output
    fix = seeded.parent / "fix.csv"
    fix.write_text("id,name,party\nS-099,Nora Vale,Aster\n", encoding="utf-8")
    result = cli("import", "-n", "talks", "--stakeholders", fix, "--format", "json", store=seeded)
    (counts,) = json.loads(result.stdout)["files"]
    assert (counts["added"], counts["updated"]) == (0, 1)
    assert _rows(seeded, "SELECT name, party, unmapped FROM stakeholders WHERE id = 'S-099'") == [
        ("Nora Vale", "Aster", 0)
    ]
