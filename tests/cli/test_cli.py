"""Every command has help with an example; errors are one line, tracebacks only with --debug."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import click
import pytest

from graphkit.cli import main
from tests.conftest import DATA, cli
from tests.processes import child_env, graphkit_command, run_graphkit, spawn_graphkit


def _commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name):
    for flag in ("--help", "-h"):
        result = cli(name, flag)
        assert result.exit_code == 0
        assert "Example" in result.output
        assert f"graphkit {name}" in result.output


def test_tabular_commands_offer_the_three_formats():
    for name, command in main.commands.items():
        options = {o.name: o for o in command.params if isinstance(o, click.Option)}
        if "fmt" in options:
            assert list(options["fmt"].type.choices) == ["table", "csv", "json"], name


def test_unknown_negotiation_is_a_clear_error(store_path):
    result = cli(
        "import", "-n", "talks", "--stakeholders", DATA / "base_stakeholders.csv", store=store_path
    )
    assert result.exit_code == 0
    # The store API raises NotFound with the known names; the CLI shows it in one line.
    from graphkit.errors import NotFound
    from graphkit.stores import open_store

    with pytest.raises(NotFound, match=r'no negotiation "tlaks" .* Did you mean "talks"'):
        open_store(store_path).load("tlaks")


def test_errors_have_no_traceback_unless_debug(tmp_path):
    store = tmp_path / "s.db"
    plain = run_graphkit(
        "import", "-n", "x", "--interactions", str(DATA / "empty.csv"), "--store", str(store)
    )
    assert plain.returncode == 1
    assert plain.stderr.startswith("Error: empty.csv: the file is empty")
    assert "Traceback" not in plain.stderr
    debug = run_graphkit(
        "--debug",
        "import",
        "-n",
        "x",
        "--interactions",
        str(DATA / "empty.csv"),
        "--store",
        str(store),
    )
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr


def test_missing_file_and_bad_store_scheme(tmp_path):
    missing = run_graphkit(
        "import",
        "-n",
        "x",
        "--interactions",
        str(tmp_path / "nope.csv"),
        "--store",
        str(tmp_path / "s.db"),
    )
    assert (
        missing.returncode == 1
        and "no such file" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    scheme = run_graphkit("negotiations", "--store", "ftp://user:hunter2@host/x")
    assert scheme.returncode == 1
    assert 'unknown scheme "ftp"' in scheme.stderr
    assert "hunter2" not in scheme.stderr


def test_data_on_stdout_notices_on_stderr(store_path):
    result = cli(
        "import",
        "-n",
        "talks",
        "--stakeholders",
        DATA / "base_stakeholders.csv",
        "--format",
        "csv",
        store=store_path,
    )
    assert result.stdout.splitlines()[0] == "file,read,added,updated,unchanged,rejected"
    assert result.stdout.splitlines()[1] == "base_stakeholders.csv,5,5,0,0,0"
    assert 'Imported: negotiation "talks"' in result.stderr


# -- user mistakes are not bugs -------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from tests.conftest import SAMPLE_FILES

    db = tmp_path_factory.mktemp("pipe") / "s.db"
    assert cli("import", "-n", "blue-harbor", *SAMPLE_FILES, store=db).exit_code == 0
    return db


#: As a user runs it: stdout buffered (PYTHONUNBUFFERED would hide the flush at exit).
BUFFERED = ("PYTHONUNBUFFERED",)


def test_reader_that_stops_early_ends_the_command_quietly(sample_db):
    """graphkit influence ... | head -1: the reader takes one line and closes the pipe while
    graphkit is still writing (the JSON is far larger than a pipe's buffer)."""
    for fmt in ("json", "table"):
        proc = spawn_graphkit(
            "influence", "-n", "blue-harbor", "--format", fmt, "--store", sample_db,
            text=False, without=BUFFERED,
        )  # fmt: skip
        first = proc.stdout.readline()
        proc.stdout.close()  # what head -1 does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
        assert err == "", err
        assert first.startswith(b"{" if fmt == "json" else b"blue-harbor as of ")
    shell = subprocess.run(
        ["sh", "-c", shlex.join(graphkit_command("influence", "-n", "blue-harbor", "--format",
                                                 "json", "--store", sample_db))
         + " | head -1; echo $? >&2"],
        capture_output=True, text=True, timeout=60, env=child_env(without=BUFFERED),
    )  # fmt: skip
    assert shell.stdout == "{\n" and shell.stderr == "0\n"


def test_closed_stdout_before_the_first_write_and_at_exit(sample_db, tmp_path):
    read, write = os.pipe()
    os.close(read)  # every write to stdout fails with EPIPE, the very first one too
    try:
        done = run_graphkit(
            "influence", "-n", "blue-harbor", "--store", sample_db,
            stdout=write, stderr=subprocess.PIPE, timeout=60, without=BUFFERED,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, "")
        # output still buffered when the command ends (it writes only to stderr): the flush
        # before exit meets EPIPE
        from graphkit.stores import open_store

        open_store(tmp_path / "empty.db", create=True).close()  # an empty store
        code = (
            "import sys; from graphkit.cli import main; sys.stdout.write('x' * 100); "
            f"main(['negotiations', '--store', {str(tmp_path / 'empty.db')!r}])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], stdout=write, stderr=subprocess.PIPE, text=True,
            timeout=60, env=child_env(without=BUFFERED),
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (
            0,
            f"No negotiations in {tmp_path / 'empty.db'} yet - import one with graphkit import\n",
        )
    finally:
        os.close(write)


def test_a_broken_pipe_elsewhere_is_still_reported():
    """Only a reader gone from stdout is quiet: a BrokenPipeError from anything else (stdout
    still open) is an unexpected error, as before."""
    from click.testing import CliRunner

    @main.command("gk-test-broken-pipe")
    def broken():
        raise BrokenPipeError(32, "Broken pipe")

    try:
        result = CliRunner().invoke(main, ["gk-test-broken-pipe"])
    finally:
        main.commands.pop("gk-test-broken-pipe")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unexpected BrokenPipeError: [Errno 32] Broken pipe")


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex"])
def test_encodings_that_are_not_text_encodings_are_a_clear_error(tmp_path, encoding):
    result = cli("import", "-n", "x", "--stakeholders", DATA / "base_stakeholders.csv",
                 "--encoding", encoding, store=tmp_path / "s.db")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: --encoding "{encoding}" is not a text encoding (it does not turn bytes into '
        "text) - try utf-8, cp1252, latin-1 or utf-16\n"
    )
