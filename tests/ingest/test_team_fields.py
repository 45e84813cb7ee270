"""The team's own fields keep their types (issue 12): a stakeholder column of plain
numbers holds numbers (int as written without a point, else float), every other column
text; both stores give them back exactly, and a second import changes nothing."""

from __future__ import annotations

from pathlib import Path

from graphkit import Options, import_files

PEOPLE = (
    "id,name,Influence (1-5),Interest (1-5),Budget,Stance,Code,Phone,Small,Mixed,Empty\n"
    "A-01,Ana,5,3.5,-1250000,for,007,004930123456789,1e-7,4,\n"
    "B-01,Bo,2,4,0.1,against,012,004930123456780,2.5E3,n/a,\n"
    "C-01,Cy,,4.0,+12,,100,004930123456781,-0.333333333333333,1,\n"
)
#: What each stakeholder's attributes hold, with their types.
EXPECTED = {
    "A-01": {"Influence (1-5)": 5, "Interest (1-5)": 3.5, "Budget": -1250000, "Stance": "for",
             "Code": "007", "Phone": "004930123456789", "Small": 1e-7, "Mixed": "4"},
    "B-01": {"Influence (1-5)": 2, "Interest (1-5)": 4, "Budget": 0.1, "Stance": "against",
             "Code": "012", "Phone": "004930123456780", "Small": 2500.0, "Mixed": "n/a"},
    "C-01": {"Interest (1-5)": 4.0, "Budget": 12, "Code": "100", "Phone": "004930123456781",
             "Small": -0.333333333333333, "Mixed": "1"},
}  # fmt: skip


def _types(attributes: dict) -> dict:
    return {k: type(v).__name__ for k, v in attributes.items()}


def test_numbers_stay_numbers_in_both_stores(store, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    first = import_files(store, "talks", stakeholders=people)
    assert first.counts["stakeholders"].added == 3
    stored = store.load("talks").stakeholders.set_index("id").attributes.to_dict()
    assert stored == EXPECTED
    assert {k: _types(v) for k, v in stored.items()} == {
        k: _types(v) for k, v in EXPECTED.items()
    }, "an int came back as a float, or a number as text"
    again = import_files(store, "talks", stakeholders=people)
    c = again.counts["stakeholders"]
    assert (c.added, c.updated, c.unchanged) == (0, 0, 3)


def test_a_semicolon_file_reads_decimal_commas_as_numbers(store, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text("id;name;Score\nA-01;Ana;0,5\nB-01;Bo;2\n", encoding="utf-8")
    import_files(store, "talks", stakeholders=people)
    stored = store.load("talks").stakeholders.set_index("id").attributes.to_dict()
    assert stored == {"A-01": {"Score": 0.5}, "B-01": {"Score": 2}}


def test_a_column_is_typed_across_the_files_of_an_import(store, tmp_path: Path):
    """Numbers in one file and text in another: the column is text in both."""
    a = tmp_path / "a.csv"
    a.write_text("id,name,Rank\nA-01,Ana,1\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("id,name,Rank\nB-01,Bo,high\n", encoding="utf-8")
    import_files(store, "talks", stakeholders=[a, b])
    stored = store.load("talks").stakeholders.set_index("id").attributes.to_dict()
    assert stored == {"A-01": {"Rank": "1"}, "B-01": {"Rank": "high"}}


def test_clear_empty_still_removes_a_numeric_attribute(store, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text("id,name,Score\nA-01,Ana,3\nB-01,Bo,4\n", encoding="utf-8")
    import_files(store, "talks", stakeholders=people)
    people.write_text("id,name,Score\nA-01,Ana,\nB-01,Bo,5\n", encoding="utf-8")
    import_files(store, "talks", stakeholders=people, options=Options(clear_empty=True))
    stored = store.load("talks").stakeholders.set_index("id").attributes.to_dict()
    assert stored == {"A-01": {}, "B-01": {"Score": 5}}
