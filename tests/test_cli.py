"""Every command has help with an example; errors are one line, tracebacks only with --debug."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from graphkit.cli import main
from tests.conftest import DATA, cli


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


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *args], capture_output=True, text=True, timeout=60
    )


def test_errors_have_no_traceback_unless_debug(tmp_path):
    store = tmp_path / "s.db"
    plain = _run(
        "import", "-n", "x", "--interactions", str(DATA / "empty.csv"), "--store", str(store)
    )
    assert plain.returncode == 1
    assert plain.stderr.startswith("Error: empty.csv: the file is empty")
    assert "Traceback" not in plain.stderr
    debug = _run(
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
    missing = _run(
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
    scheme = _run("negotiations", "--store", "ftp://user:hunter2@host/x")
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
