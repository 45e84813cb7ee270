"""Shell completion (graphkit.cli.complete): commands, options, negotiation names and
stakeholder ids from the store on the command line, read-only, never a traceback."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
from click.shell_completion import BashComplete

from graphkit.cli import main
from tests.conftest import SAMPLE, SAMPLE_FILES, cli
from tests.processes import child_env

#: A second negotiation: completion gives the ids of the negotiation on the line only.
TALKS = 'id,name\nT-01,Tove Lund\nT-02,"Zed\x1b[2J Zulu"\n'


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("complete")
    db = folder / "store.db"
    assert cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=db).exit_code == 0
    (folder / "talks.csv").write_text(TALKS, encoding="utf-8")
    assert cli("import", "-n", "talks", "--stakeholders", folder / "talks.csv",
               store=db).exit_code == 0  # fmt: skip
    return db


def complete(args, incomplete: str) -> list[tuple[str, str | None]]:
    """What graphkit offers for ``incomplete`` after ``args``, as (value, help)."""
    done = BashComplete(main, {}, "graphkit", "_GRAPHKIT_COMPLETE")
    return [(c.value, c.help) for c in done.get_completions([str(a) for a in args], incomplete)]


def values(args, incomplete: str) -> list[str]:
    return [v for v, _ in complete(args, incomplete)]


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_commands_and_options_complete():
    assert values([], "pa") == ["path"]
    assert {"whatif", "map", "delete"} <= set(values([], ""))
    assert values(["path"], "--fr") == ["--from"]


@pytest.mark.parametrize("command", ["influence", "path", "whatif", "map", "delete", "import"])
def test_negotiation_names_complete(command, store):
    assert values([command, "--store", store, "-n"], "") == ["blue-harbor", "talks"]
    assert values([command, "--store", store, "--negotiation"], "BL") == ["blue-harbor"]


#: Every stakeholder option, as the words before it on the line.
OPTIONS = {
    "path --from": ["path"],
    "path --to": ["path", "--from", "A-02"],
    "whatif --remove": ["whatif", "--remove", "A-02"],
    "map --focus": ["map"],
    "delete --stakeholder": ["delete"],
}


@pytest.mark.parametrize("option", OPTIONS)
def test_stakeholder_ids_complete_with_their_names(option, store):
    before = [*OPTIONS[option], "--store", store, "-n", "blue-harbor", option.split()[1]]
    found = complete(before, "M-0")
    assert [v for v, _ in found] == [f"M-0{i}" for i in range(1, 8)]
    assert found[0] == ("M-01", "Ingrid Solheim")
    assert values(before, "m-01") == ["M-01"]  # any case
    assert values(before, "ingr") == ["M-01"]  # the start of a name, when no id starts so
    with open(SAMPLE / "stakeholders.csv", encoding="utf-8", newline="") as fh:
        every = sorted(row["id"] for row in csv.DictReader(fh))
    assert values(before, "") == every


def test_stakeholders_come_from_the_negotiation_on_the_line(store):
    talks = complete(["path", "--store", store, "-n", "talks", "--from"], "")
    assert talks == [("T-01", "Tove Lund"), ("T-02", "Zed\\x1b[2J Zulu")]  # names escaped
    assert values(["path", "--store", store, "--from"], "") == []  # no -n yet: nothing
    assert values(["path", "--store", store, "-n", "nope", "--from"], "") == []


def test_the_store_is_store_then_env_then_the_default(store, tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHKIT_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert values(["influence", "-n"], "") == []  # no default store: nothing, and none made
    assert not (tmp_path / "xdg").exists()
    monkeypatch.setenv("GRAPHKIT_STORE", str(store))
    assert values(["influence", "-n"], "") == ["blue-harbor", "talks"]
    assert values(["influence", "--store", tmp_path / "other.db", "-n"], "") == []
    monkeypatch.delenv("GRAPHKIT_STORE")
    (tmp_path / "xdg" / "graphkit").mkdir(parents=True)
    (tmp_path / "xdg" / "graphkit" / "graphkit.db").write_bytes(store.read_bytes())
    assert values(["influence", "-n"], "t") == ["talks"]
    assert values(["influence", "--store", f"sqlite://{store}", "-n"], "t") == ["talks"]


def test_completion_creates_and_changes_nothing(store, tmp_path):
    missing = tmp_path / "missing" / "store.db"
    for args in (["path", "--store", missing, "-n"], ["path", "--store", missing, "-n", "x",
                                                     "--from"]):  # fmt: skip
        assert values(args, "") == []
    assert list(tmp_path.iterdir()) == []
    before = files(store.parent)
    assert values(["path", "--store", store, "-n", "blue-harbor", "--from"], "A")
    assert files(store.parent) == before  # not even SQLite's -wal and -shm side files


def test_no_store_there_means_no_completions_and_no_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store", encoding="utf-8")
    for store in (tmp_path / "notes.txt", tmp_path, "bolt://neo4j:s3cret@127.0.0.1:1", "neo4j",
                  "ftp://host/x"):  # fmt: skip
        assert values(["path", "--store", store, "-n"], "") == []
        assert values(["path", "--store", store, "-n", "x", "--from"], "") == []
    # A value on the line that the command would refuse does not stop completion.
    assert values(["path", "--as-of", "31/12/2023", "--store", tmp_path, "-n"], "") == []


def test_a_failure_while_completing_completes_nothing(store, monkeypatch):
    from graphkit.cli import complete as completion

    def broken(*args):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(completion, "_read", broken)
    assert values(["path", "--store", store, "-n"], "") == []
    assert values(["path", "--store", store, "-n", "blue-harbor", "--from"], "") == []


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *args], env=child_env(env), capture_output=True,
        text=True, stdin=subprocess.DEVNULL, timeout=60, check=False,
    )  # fmt: skip


def test_python_m_graphkit_prints_the_scripts_and_answers_them(store, tmp_path):
    bash = run({"_GRAPHKIT_COMPLETE": "bash_source"})
    assert bash.returncode == 0 and bash.stderr == ""
    assert "complete -o nosort -F _graphkit_completion graphkit" in bash.stdout
    zsh = run({"_GRAPHKIT_COMPLETE": "zsh_source"})
    assert zsh.stdout.startswith("#compdef graphkit")
    fish = run({"_GRAPHKIT_COMPLETE": "fish_source"})
    assert "complete --no-files --command graphkit" in fish.stdout
    words = f"graphkit path --store {store} -n blue-harbor --from Ingr"
    answer = run({"_GRAPHKIT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "7"})
    assert (answer.returncode, answer.stdout, answer.stderr) == (0, "plain,M-01\n", "")
    zsh_answer = run({"_GRAPHKIT_COMPLETE": "zsh_complete", "COMP_WORDS": words,
                      "COMP_CWORD": "7"})  # fmt: skip
    assert zsh_answer.stdout == "plain\nM-01\nIngrid Solheim\n"


def test_a_real_bash_completes_with_the_script(store, tmp_path):
    """The script as bash runs it: it calls the program ``graphkit`` (here a stand-in that
    runs this checkout's python -m graphkit)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "graphkit").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m graphkit "$@"\n')
    (bin_dir / "graphkit").chmod(0o755)
    script = run({"_GRAPHKIT_COMPLETE": "bash_source"}).stdout
    test = (
        f"{script}\nCOMP_WORDS=(graphkit whatif --store '{store}' -n blue-harbor --remove Duar)\n"
        'COMP_CWORD=7; _graphkit_completion graphkit; echo "${COMPREPLY[@]}"\n'
        "COMPREPLY=(); COMP_WORDS=(graphkit wh); COMP_CWORD=1; _graphkit_completion graphkit\n"
        'echo "${COMPREPLY[@]}"\n'
    )
    env = child_env({"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    done = subprocess.run(["bash", "-c", test], env=env, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert (done.stdout, done.stderr) == ("A-02\nwhatif\n", "")
