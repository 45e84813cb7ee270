"""Every option that takes a stakeholder takes its id or its exact name (graphkit.resolve);
an analysis date that is not ISO is refused with a fix that names no import option."""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from graphkit.errors import GraphkitError, NotFound
from graphkit.resolve import resolve_stakeholder
from graphkit.scope import Scope
from tests.conftest import SAMPLE_FILES, cli

#: Two stakeholders who share a name (in other case and spacing), one whose name would
#: drive the terminal (ESC [2J clears the screen), one with a line break in the name.
EXTRA = (
    'id,name,party\nX-01,Ana Costa,Alvara\nX-02,ana  costa,Alvara\nX-03,"Zed\x1b[2J Zulu",Alvara\n'
    'X-04,"Lena\nBreak",Alvara\n'
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    db = folder / "store.db"
    assert cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=db).exit_code == 0
    (folder / "extra.csv").write_text(EXTRA, encoding="utf-8")
    assert cli("import", "-n", "blue-harbor", "--stakeholders", folder / "extra.csv",
               store=db).exit_code == 0  # fmt: skip
    return db


#: Each stakeholder option: its flag, the command line with VALUE where the stakeholder
#: goes, and the stakeholder tried (id, name).
OPTIONS = {
    "path --from": ("--from", ["path", "-n", "blue-harbor", "--from", "VALUE", "--to", "B-02"],
                    ("A-02", "Duarte Mendonça")),
    "path --to": ("--to", ["path", "-n", "blue-harbor", "--from", "A-02", "--to", "VALUE"],
                  ("B-02", "Tomislav Barić")),
    "whatif --remove": ("--remove", ["whatif", "-n", "blue-harbor", "--remove", "VALUE"],
                        ("M-01", "Ingrid Solheim")),
    "map --focus": ("--focus", ["map", "-n", "blue-harbor", "--focus", "VALUE", "--output", "OUT"],
                    ("M-01", "Ingrid Solheim")),
    "delete --stakeholder": ("--stakeholder", ["delete", "-n", "blue-harbor", "--stakeholder",
                             "VALUE", "--dry-run"], ("M-01", "Ingrid Solheim")),
}  # fmt: skip


def run(option: str, value: str, store, tmp_path):
    args = [value if a == "VALUE" else tmp_path / "m.html" if a == "OUT" else a
            for a in OPTIONS[option][1]]  # fmt: skip
    return cli(*args, store=store)


def same_output(result, by_id) -> None:
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == (by_id.stdout, by_id.stderr)


@pytest.mark.parametrize("option", OPTIONS)
def test_an_exact_name_works_like_the_id(option, store, tmp_path):
    sid, name = OPTIONS[option][2]
    by_id = run(option, sid, store, tmp_path)
    assert by_id.exit_code == 0, by_id.stderr
    same_output(run(option, name, store, tmp_path), by_id)


@pytest.mark.parametrize("option", OPTIONS)
def test_the_name_in_other_case_spacing_or_normal_form_works(option, store, tmp_path):
    sid, name = OPTIONS[option][2]
    by_id = run(option, sid, store, tmp_path)
    first, last = name.split(" ", 1)
    for variant in (f"  {first.upper()}   {last.lower()} ", unicodedata.normalize("NFD", name)):
        same_output(run(option, variant, store, tmp_path), by_id)
    same_output(run(option, f" {sid} ", store, tmp_path), by_id)  # the id, spaces trimmed


@pytest.mark.parametrize("option", OPTIONS)
def test_a_shared_name_is_refused_with_both_ids(option, store, tmp_path):
    flag = OPTIONS[option][0]
    result = run(option, "Ana Costa", store, tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f'Error: {flag} "Ana Costa": 2 stakeholders in blue-harbor have that name: '
        "X-01 (Ana Costa), X-02 (ana  costa) - give the id instead"
    )


@pytest.mark.parametrize("option", OPTIONS)
def test_a_typo_of_a_name_or_an_id_gets_a_suggestion(option, store, tmp_path):
    flag = OPTIONS[option][0]
    name = run(option, "Ingrid Solhiem", store, tmp_path)
    assert name.exit_code == 1
    assert name.stderr.startswith(f'Error: {flag} "Ingrid Solhiem": no stakeholder with that id '
                                  "or name in blue-harbor. ")  # fmt: skip
    assert 'Did you mean "Ingrid Solheim" (M-01)' in name.stderr
    typo = run(option, "M-1", store, tmp_path)
    assert typo.exit_code == 1 and '"M-01" (Ingrid Solheim)' in typo.stderr
    accent = run(option, "Duarte Mendonca", store, tmp_path)  # the analyst's case
    assert 'Did you mean "Duarte Mendonça" (A-02)?' in accent.stderr


@pytest.mark.parametrize("option", OPTIONS)
def test_nothing_close_is_a_clear_error(option, store, tmp_path):
    flag = OPTIONS[option][0]
    result = run(option, "zzqq wwvv", store, tmp_path)
    assert result.exit_code == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr == (
        f'Error: {flag} "zzqq wwvv": no stakeholder with that id or name in blue-harbor. '
        "List the ids with: graphkit influence -n blue-harbor\n"
    )


def test_names_reach_the_terminal_escaped(store, tmp_path):
    result = run("path --from", "Zed Zulu", store, tmp_path)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and '"Zed\\x1b[2J Zulu" (X-03)' in result.stderr
    typed = run("path --from", "Q\x1b[2J", store, tmp_path)
    assert "\x1b" not in typed.stderr and '--from "Q\\x1b[2J"' in typed.stderr
    broken = run("path --from", "Lena Brake", store, tmp_path)  # a line break in a name
    assert broken.stderr.count("\n") == 1 and '"Lena\\nBreak" (X-04)' in broken.stderr
    with pytest.raises(NotFound) as err:  # the library's message is as safe
        resolve_stakeholder("Zed Zulu", {"E-1": "Zed\x1b[2J Zulu"}, flag="--from", where="t")
    assert "\x1b" not in str(err.value) and '"Zed\\x1b[2J Zulu" (E-1)' in str(err.value)


def test_whatif_removes_the_named_stakeholders_and_delete_deletes_them(store, tmp_path):
    by_id = cli("whatif", "-n", "blue-harbor", "--remove", "M-01", "--remove", "A-02",
                "--format", "json", store=store)  # fmt: skip
    by_name = cli("whatif", "-n", "blue-harbor", "--remove", "ingrid solheim", "--remove",
                  "Duarte Mendonça", "--format", "json", store=store)  # fmt: skip
    assert by_id.exit_code == 0 and by_name.stdout == by_id.stdout
    copy = tmp_path / "copy.db"
    shutil.copy(store, copy)
    gone = cli("delete", "-n", "blue-harbor", "--stakeholder", "Ingrid Solheim", "--yes",
               store=copy)  # fmt: skip
    assert gone.exit_code == 0, gone.stderr
    from graphkit.stores import open_store

    left = open_store(copy)
    try:
        assert "M-01" not in left.stakeholder_names("blue-harbor")
    finally:
        left.close()


@pytest.mark.parametrize("option", ["path --from", "map --focus", "whatif --remove"])
def test_filters_are_named_when_they_left_the_stakeholder_out(option, store, tmp_path):
    args = [value if a == "VALUE" else tmp_path / "m.html" if a == "OUT" else a
            for value in ["Ana Costta"] for a in OPTIONS[option][1]]  # fmt: skip
    result = cli(*args, "--track", "fisheries", store=store)
    assert result.exit_code == 1
    assert "in blue-harbor (with the filters given)." in result.stderr


def test_the_resolver_rules():
    people = {"A-1": "Bo", "B-1": "A-1", "C-1": "Ça va", "D-1": ""}
    where = dict(flag="--from", where="t")
    assert resolve_stakeholder("A-1", people, **where) == "A-1"  # an id wins over a name
    assert resolve_stakeholder(" BO ", people, **where) == "A-1"
    assert resolve_stakeholder("C\u0327A  VA", people, **where) == "C-1"
    assert resolve_stakeholder("a-1", people, **where) == "B-1"  # B-1's name, in other case
    with pytest.raises(NotFound, match=r'--from "c-1": no stakeholder .* Did you mean "C-1"'):
        resolve_stakeholder("c-1", people, **where)  # ids are exact
    with pytest.raises(NotFound, match=r'^--from "": no stakeholder'):
        resolve_stakeholder("", people, **where)  # an empty name is nobody's name


@pytest.mark.parametrize(
    "args",
    [
        ["influence", "-n", "blue-harbor", "--as-of", "31/12/2023"],
        ["friction", "-n", "blue-harbor", "--since", "03/04/2024"],
        ["diff", "-n", "blue-harbor", "--from", "12/31/2023", "--to", "2024-06-30"],
        ["path", "-n", "blue-harbor", "--from", "A-02", "--to", "B-02", "--as-of", "2024/06/30"],
    ],
)
def test_an_analysis_date_error_advises_no_import_option(args, store):
    result = cli(*args, store=store)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "--date-format" not in result.stderr
    assert "is not an ISO 8601 date - " in result.stderr and "YYYY-MM-DD" in result.stderr


def test_the_date_fix_reads_the_date_both_ways_when_ambiguous(store):
    result = cli("influence", "-n", "blue-harbor", "--as-of", "03/04/2024", store=store)
    assert result.stderr == (
        'Error: --as-of "03/04/2024" is not an ISO 8601 date - it is ambiguous (day 3 of month '
        "4, or month 3 day 4); write it as YYYY-MM-DD: 2024-04-03 or 2024-03-04\n"
    )
    one = cli("influence", "-n", "blue-harbor", "--as-of", "31/12/2023", store=store)
    assert one.stderr.endswith("write it as YYYY-MM-DD: 2023-12-31\n")
    with pytest.raises(GraphkitError) as err:
        Scope(as_of="31/12/2023")  # the library says the same
    assert "--date-format" not in str(err.value) and "2023-12-31" in str(err.value)
