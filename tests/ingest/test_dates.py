"""Dates that are not ISO 8601 (issue 12): a column is read day-first or month-first only
when its values decide it, the import says what it inferred, and a column that could be
either is refused as before: never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit import ImportRejected, Options, import_files, open_store
from tests.conftest import cli, snapshot

PEOPLE = "id,name\nA-01,Ana\nB-01,Bo\n"


def _log(tmp_path: Path, dates: list[str], header: str = "Date of meeting") -> Path:
    rows = [f'"{d}",A-01,B-01,{i}' for i, d in enumerate(dates)]
    path = tmp_path / "contacts.csv"
    path.write_text(f"{header},source,target,id\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _import(tmp_path: Path, dates: list[str], **options):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    store = open_store(tmp_path / "store.db", create=True)
    mapping = {"date": "Date of meeting"}
    try:
        result = import_files(
            store,
            "talks",
            stakeholders=people,
            interactions=_log(tmp_path, dates),
            options=Options(mapping=mapping, **options),
        )
        frame = store.load("talks").interactions.sort_values("key")
        return result, list(frame.date)
    finally:
        store.close()


def _problems(tmp_path: Path, dates: list[str], **options) -> list[str]:
    with pytest.raises(ImportRejected) as err:
        _import(tmp_path, dates, **options)
    return [str(p) for p in err.value.problems]


def test_a_day_above_12_makes_the_column_day_first(tmp_path):
    result, dates = _import(tmp_path, ["03/04/2024", "26/05/2024", "01/06/2024", "2024-07-01"])
    assert dates == ["2024-04-03", "2024-05-26", "2024-06-01", "2024-07-01"]
    assert result.inferred == [
        'contacts.csv, column "Date of meeting": read as day/month/year (26/05/2024 on line 3 '
        "has day 26)"
    ]


def test_a_second_part_above_12_makes_the_column_month_first(tmp_path):
    result, dates = _import(tmp_path, ["04/03/2024", "05/26/2024 14:30", "12/31/2023"])
    assert dates == ["2024-04-03", "2024-05-26T14:30:00", "2023-12-31"]
    assert result.inferred == [
        'contacts.csv, column "Date of meeting": read as month/day/year (05/26/2024 14:30 on '
        "line 3 has day 26)"
    ]


def test_dots_and_dashes_and_one_digit_parts(tmp_path):
    _, dates = _import(tmp_path, ["26.5.2024", "3-4-2024", "1/2/2024 9:05:07"])
    assert dates == ["2024-05-26", "2024-04-03", "2024-02-01T09:05:07"]


def test_a_column_that_could_be_either_is_refused_cell_by_cell_as_before(tmp_path):
    assert _problems(tmp_path, ["03/04/2024", "2024-05-06", "11/12/2024"]) == [
        'contacts.csv line 2, column "Date of meeting": "03/04/2024" is not an ISO 8601 date - '
        "it is ambiguous (day 3 of month 4, or month 3 day 4); write YYYY-MM-DD, or pass "
        "--date-format %d/%m/%Y or --date-format %m/%d/%Y",
        'contacts.csv line 4, column "Date of meeting": "11/12/2024" is not an ISO 8601 date - '
        "it is ambiguous (day 11 of month 12, or month 11 day 12); write YYYY-MM-DD, or pass "
        "--date-format %d/%m/%Y or --date-format %m/%d/%Y",
    ]


def test_an_ambiguous_column_imports_with_its_date_format(tmp_path):
    result, dates = _import(tmp_path, ["03/04/2024", "11/12/2024"], date_format="%m/%d/%Y")
    assert dates == ["2024-03-04", "2024-11-12"]
    assert result.inferred == []


def test_a_column_with_both_orders_is_refused_once(tmp_path):
    dates = ["26/05/2024", "01/02/2024", "05/27/2024", "28/05/2024"]
    with pytest.raises(ImportRejected) as err:
        _import(tmp_path, dates)
    assert [str(p) for p in err.value.problems] == [
        'contacts.csv, column "Date of meeting": the dates are written both day first '
        "(26/05/2024 on line 2 has day 26) and month first (05/27/2024 on line 4 has day 27) - "
        "write them all one way, as YYYY-MM-DD, or correct the others and pass --date-format "
        "%d/%m/%Y or --date-format %m/%d/%Y"
    ]
    assert str(err.value).endswith("1 problem found in 4 of 6 rows; nothing was imported.")


def test_a_date_that_does_not_exist_in_the_inferred_order(tmp_path):
    assert _problems(tmp_path, ["26/05/2024", "31/02/2024"]) == [
        'contacts.csv line 3, column "Date of meeting": "31/02/2024" is not a date when read '
        "as day/month/year, as the column is (26/05/2024 on line 2 has day 26) - correct it, "
        "or write it as YYYY-MM-DD"
    ]


def test_two_digit_years_are_never_inferred(tmp_path):
    """24 may be 1924 or 2024: the column needs --date-format (%y reads 00-68 as 20xx)."""
    assert _problems(tmp_path, ["26/05/24"]) == [
        'contacts.csv line 2, column "Date of meeting": "26/05/24" is not an ISO 8601 date - '
        "write YYYY-MM-DD, or pass --date-format %d/%m/%y"
    ]
    _, dates = _import(tmp_path, ["26/05/24"], date_format="%d/%m/%y")
    assert dates == ["2024-05-26"]


def test_a_stated_date_format_wins(tmp_path):
    """--date-format is never second-guessed: 26/05/2024 does not match %m/%d/%Y."""
    assert _problems(tmp_path, ["05/26/2024", "26/05/2024"], date_format="%m/%d/%Y") == [
        'contacts.csv line 3, column "Date of meeting": "26/05/2024" does not match '
        "--date-format %m/%d/%Y - fix the value or the --date-format pattern"
    ]


def test_the_cli_says_what_it_inferred_and_the_json_has_it(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    log = _log(tmp_path, ["25/12/2023", "05/01/2024"], header="date")
    store = tmp_path / "store.db"
    result = cli("import", "-n", "talks", "--stakeholders", people, "--interactions", log,
                 "--format", "json", store=store)  # fmt: skip
    assert result.exit_code == 0, result.output
    note = 'contacts.csv, column "date": read as day/month/year (25/12/2023 on line 2 has day 25)'
    assert note in result.stderr.splitlines()
    assert json.loads(result.stdout)["inferred"] == [note]
    again = cli("import", "-n", "talks", "--interactions", log, "--format", "json", store=store)
    assert json.loads(again.stdout)["files"][0]["unchanged"] == 2  # the same dates again


def test_a_refused_column_leaves_the_store_as_it_was(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    store = tmp_path / "store.db"
    assert cli("import", "-n", "talks", "--stakeholders", people, store=store).exit_code == 0
    before = snapshot(store)
    log = _log(tmp_path, ["26/05/2024", "05/27/2024"], header="date")
    result = cli("import", "-n", "talks", "--interactions", log, store=store)
    assert result.exit_code == 1
    assert "the dates are written both day first" in result.stderr
    assert snapshot(store) == before


def test_one_date_for_every_row_is_read_in_its_order_too(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text("source,target\nA-01,B-01\nB-01,A-01\n", encoding="utf-8")
    store = open_store(tmp_path / "store.db", create=True)
    options = Options(constants={"date": "26/05/2024"})
    result = import_files(store, "talks", stakeholders=people, interactions=log, options=options)
    assert list(store.load("talks").interactions.date) == ["2024-05-26", "2024-05-26"]
    assert result.inferred == [
        'log.csv, column "--set date": read as day/month/year (26/05/2024 has day 26)'
    ]


def test_iso_dates_pass_beside_a_stated_format():
    # a workbook's typed date cells arrive as ISO while its text cells need the pattern
    from graphkit.ingest.fields import CellError, parse_date

    assert parse_date("2024-05-26", "%d/%m/%Y") == "2024-05-26"
    assert parse_date("2024-05-27T10:30:00", "%d/%m/%Y") == "2024-05-27T10:30:00"
    assert parse_date("26/05/2024", "%d/%m/%Y") == "2024-05-26"
    with pytest.raises(CellError, match="does not match --date-format"):
        parse_date("2024-13-01", "%d/%m/%Y")
