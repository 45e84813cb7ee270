"""Every column accounted for (issue 12): the import lists the columns no field reads,
stops at a confidentiality marker that nothing reads, and lets a stakeholder map's name
column serve as its id (and a mapped id column name new stakeholders)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit import ImportRejected, Options, import_files, open_store
from graphkit.ingest.columns import looks_confidential
from tests.conftest import cli, snapshot

PEOPLE = "id,name,party\nA-01,Ana Ruiz,Alvara\nB-01,Bo Lind,Dalvenia\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rejected(tmp_path: Path, **files) -> list[str]:
    store = open_store(tmp_path / "store.db", create=True)
    try:
        with pytest.raises(ImportRejected) as err:
            import_files(store, "talks", **files)
    finally:
        store.close()
    return [str(p) for p in err.value.problems]


# -- columns no field reads -------------------------------------------------------------


def test_the_summary_lists_the_columns_no_field_reads(tmp_path):
    people = _write(tmp_path, "people.csv", "id,name,Influence (1-5),Stance\nA-01,Ana,5,for\n"
                    "B-01,Bo,2,against\n")  # fmt: skip
    log = _write(
        tmp_path,
        "contacts.csv",
        "date,source,target,Tone,Agenda,,\n2024-01-02,A-01,B-01,warm,fish,,x\n"
        "2024-01-03,B-01,A-01,cold,wind,,\n",
    )
    ties = _write(
        tmp_path, "ties.csv", "source,target,type,sign,Founded\nA-01,B-01,alliance,+1,2019\n"
    )
    store = tmp_path / "store.db"
    result = cli("import", "-n", "talks", "--stakeholders", people, "--interactions", log,
                 "--relationships", ties, "--format", "json", store=store)  # fmt: skip
    assert result.exit_code == 0, result.output
    # the stakeholder map's extra columns are the team's own fields: used, not listed
    assert json.loads(result.stdout)["unused_columns"] == {
        "contacts.csv": ["Tone", "Agenda", "column 7 (no header)"],
        "ties.csv": ["Founded"],
    }
    notes = result.stderr.splitlines()
    assert (
        'contacts.csv: 3 columns not used: "Tone", "Agenda", "column 7 (no header)" (kept as '
        'attributes of each contact; read one as a field with --map FIELD="HEADER")'
    ) in notes
    assert (
        'ties.csv: 1 column not used: "Founded" (kept as attributes of each tie; read one as a '
        'field with --map FIELD="HEADER")'
    ) in notes
    # mapped, a column is used; the empty column without a header is not worth a line
    again = cli("import", "-n", "talks", "--interactions", log, "--map", "notes=Agenda",
                "--map", "channel=Tone", "--format", "json", store=store)  # fmt: skip
    assert json.loads(again.stdout)["unused_columns"] == {"contacts.csv": ["column 7 (no header)"]}


def test_import_files_returns_the_unused_columns(tmp_path):
    people = _write(tmp_path, "people.csv", PEOPLE)
    log = _write(tmp_path, "log.csv", "date,source,target,Room\n2024-01-02,A-01,B-01,4B\n")
    store = open_store(tmp_path / "store.db", create=True)
    result = import_files(store, "talks", stakeholders=people, interactions=log)
    assert result.unused == {"log.csv": ["Room"]}
    assert result.inferred == []


# -- confidentiality markers ----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Confidential?", "CONFIDENTIAL", "Restricted (Y/N)", "is_confidential", "Sensitivity",
     "Classification", "Classified", "Secret", "Off the record", "Confidentialité",
     "Vertraulich"],
)  # fmt: skip
def test_headers_that_mark_confidentiality(header):
    assert looks_confidential(header)


@pytest.mark.parametrize("header", ["Secretariat", "Secretary", "Agenda", "Tone", "Sentiment"])
def test_headers_that_do_not(header):
    assert not looks_confidential(header)


def test_an_unread_confidentiality_column_stops_the_import(tmp_path):
    people = _write(tmp_path, "people.csv", PEOPLE)
    log = _write(
        tmp_path, "contacts.csv", "date,source,target,Confidential?\n2024-01-02,A-01,B-01,yes\n"
    )
    store = tmp_path / "store.db"
    assert cli("import", "-n", "talks", "--stakeholders", people, store=store).exit_code == 0
    before = snapshot(store)
    result = cli("import", "-n", "talks", "--interactions", log, store=store)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'contacts.csv, column "Confidential?": this column looks like it marks confidential '
        "contacts, but it is not read as the confidential field, so --public would share them - "
        'read it with --map confidential="Confidential?", or rename the column if it does not '
        "mark confidentiality",
        "Error: 1 problem found; nothing was imported.",
    ]
    assert snapshot(store) == before
    fixed = cli("import", "-n", "talks", "--interactions", log, "--map",
                "confidential=Confidential?", store=store)  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    assert list(open_store(store).load("talks").interactions.confidential) == [True]


def test_a_second_marker_beside_the_confidential_column_stops_too(tmp_path):
    people = _write(tmp_path, "people.csv", PEOPLE)
    log = _write(
        tmp_path,
        "contacts.csv",
        "date,source,target,confidential,Classification\n2024-01-02,A-01,B-01,no,Secret\n",
    )
    assert _rejected(tmp_path, stakeholders=people, interactions=log) == [
        'contacts.csv, column "Classification": this column looks like it marks confidential '
        'contacts too, but only "confidential" is read as the confidential field, so --public '
        'would share what only this column marks - merge it into "confidential" and delete it, '
        "or rename the column if it does not mark confidentiality"
    ]


def test_a_marker_in_a_stakeholder_map_names_the_risk(tmp_path):
    people = _write(tmp_path, "people.csv", "id,name,Restricted (Y/N)\nA-01,Ana,Y\n")
    assert _rejected(tmp_path, stakeholders=people) == [
        'people.csv, column "Restricted (Y/N)": this column looks like it marks confidential '
        "stakeholders, but stakeholders have no confidential field: --public would share every "
        "one of them - keep confidential stakeholders out of the file and delete the column, or "
        "rename the column if it does not mark confidentiality"
    ]


def test_a_marker_in_declared_ties_names_the_risk(tmp_path):
    people = _write(tmp_path, "people.csv", PEOPLE)
    ties = _write(tmp_path, "ties.csv", "source,target,type,sign,Secret\nA-01,B-01,alliance,+1,x\n")
    assert _rejected(tmp_path, stakeholders=people, relationships=ties) == [
        'ties.csv, column "Secret": this column looks like it marks confidential declared ties, '
        "but declared ties have no confidential field: --public would share every one of them - "
        "keep confidential declared ties out of the file and delete the column, or rename the "
        "column if it does not mark confidentiality"
    ]


# -- the id and the name of a stakeholder ---------------------------------------------


def test_the_name_column_serves_as_the_id(tmp_path):
    people = _write(tmp_path, "people.csv", "Person,Party\nAna Ruiz,Alvara\nBo Lind,Dalvenia\n")
    log = _write(tmp_path, "log.csv", "date,source,target\n2024-01-02,Ana Ruiz,Bo Lind\n")
    store = open_store(tmp_path / "store.db", create=True)
    options = Options(mapping={"stakeholders.name": "Person"})
    result = import_files(store, "talks", stakeholders=people, interactions=log, options=options)
    assert result.counts["stakeholders"].added == 2
    assert result.inferred == [
        'people.csv: no id column: the name column "Person" serves as the id'
    ]
    frame = store.load("talks").stakeholders.set_index("id")
    assert dict(frame.name) == {"Ana Ruiz": "Ana Ruiz", "Bo Lind": "Bo Lind"}


def test_a_mapped_id_column_names_new_stakeholders(tmp_path):
    """--map stakeholders.id=family alone: the family is the id and the name."""
    people = _write(tmp_path, "families.csv", "family,wealth\nMedici,103\nStrozzi,146\n")
    store = open_store(tmp_path / "store.db", create=True)
    options = Options(mapping={"stakeholders.id": "family"})
    result = import_files(store, "talks", stakeholders=people, options=options)
    assert result.inferred == [
        'families.csv: no name column: new stakeholders are named by their id (column "family")'
    ]
    assert dict(store.load("talks").stakeholders.set_index("id").name) == {
        "Medici": "Medici",
        "Strozzi": "Strozzi",
    }
    # a stored stakeholder keeps its name: the id names only new ones
    named = _write(tmp_path, "named.csv", "family,name\nMedici,Casa Medici\n")
    import_files(store, "talks", stakeholders=named, options=options)
    again = import_files(store, "talks", stakeholders=people, options=options)
    assert (again.counts["stakeholders"].updated, again.counts["stakeholders"].unchanged) == (0, 2)
    assert store.load("talks").stakeholders.set_index("id").name["Medici"] == "Casa Medici"


def test_a_column_named_id_still_needs_a_name_for_new_stakeholders(tmp_path):
    people = _write(tmp_path, "people.csv", "id,party\nS-10,Aster\n")
    assert _rejected(tmp_path, stakeholders=people) == [
        'people.csv line 2: "S-10" is a new stakeholder in talks and has no name - give it a '
        "name (a name column, or --set name=...)"
    ]
