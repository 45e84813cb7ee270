"""What graphkit accepts as an input file, row and number (issue 10, point 6).

Only regular files are read, and nothing that is not one is ever opened for reading:
a FIFO with no writer must not hang the import, /dev/zero must not fill the memory.
Rows cut short are refused like rows that are too long, and numbers must be plain
decimals.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

import graphkit.ingest
from graphkit import GraphkitError, import_files
from graphkit.ingest import csvfile
from graphkit.ingest.fields import CellError, SentimentScale, parse_number
from graphkit.stores.sqlite import SQLiteStore
from tests.conftest import DATA, cli, snapshot
from tests.processes import run_graphkit

BASE = DATA / "base_stakeholders.csv"
NOT_A_FILE = "not a file - export the data to a CSV file and give its path"


@pytest.fixture
def seeded(store_path):
    result = cli("import", "-n", "talks", "--stakeholders", BASE, store=store_path)
    assert result.exit_code == 0, result.output
    return store_path


def _graphkit(*args: str | Path, timeout: float = 30) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI in a child process, as a user would, and how long it took; fail the test
    if it hangs."""
    start = time.monotonic()
    done = run_graphkit(*args, timeout=timeout)
    return done, time.monotonic() - start


def _char_device(tmp_path: Path) -> Path:
    """/dev/null, or where it is not a device on this machine, a node of the same device."""
    null = Path("/dev/null")
    if stat.S_ISCHR(os.stat(null).st_mode):
        return null
    node = tmp_path / "null.csv"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


# -- only regular files --------------------------------------------------------------------


def test_a_fifo_without_writer_is_refused_at_once(tmp_path, seeded):
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    before = snapshot(seeded)
    done, took = _graphkit("import", "-n", "talks", "--interactions", fifo, "--store", seeded)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {fifo} is a FIFO (named pipe), {NOT_A_FILE}\n"
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert took < 20
    assert snapshot(seeded) == before


def test_dev_zero_is_refused_before_any_read(seeded):
    done, _ = _graphkit("import", "-n", "talks", "--interactions", "/dev/zero", "--store", seeded)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: /dev/zero is a character device, {NOT_A_FILE}\n"


def test_dev_null_is_a_device_not_an_empty_file(tmp_path, seeded):
    null = _char_device(tmp_path)
    done, _ = _graphkit("import", "-n", "talks", "--stakeholders", null, "--store", seeded)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {null} is a character device, {NOT_A_FILE}\n"


def test_a_folder_and_a_socket_are_refused(tmp_path, store_path):
    sock_path = tmp_path / "live.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    store = SQLiteStore(store_path)
    try:
        with pytest.raises(GraphkitError) as folder:
            import_files(store, "talks", stakeholders=tmp_path)
        with pytest.raises(GraphkitError) as sock:
            import_files(store, "talks", interactions=sock_path)
    finally:
        store.close()
        server.close()
    assert str(folder.value) == f"{tmp_path} is a folder, {NOT_A_FILE}"
    assert str(sock.value) == f"{sock_path} is a socket, {NOT_A_FILE}"


def test_a_symlink_to_a_file_is_read_and_to_a_fifo_refused(tmp_path, store_path):
    link = tmp_path / "map.csv"
    link.symlink_to(BASE)
    result = cli("import", "-n", "talks", "--stakeholders", link, store=store_path)
    assert result.exit_code == 0, result.output
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    to_fifo = tmp_path / "log.csv"
    to_fifo.symlink_to(fifo)
    done, _ = _graphkit("import", "-n", "talks", "--interactions", to_fifo, "--store", store_path)
    assert done.stderr == f"Error: {to_fifo} is a FIFO (named pipe), {NOT_A_FILE}\n"


def test_a_fifo_swapped_in_after_the_check_neither_blocks_nor_is_read(tmp_path, monkeypatch):
    # The path was a regular file when checked, and is a FIFO with no writer when opened.
    fifo = tmp_path / "swapped.csv"
    os.mkfifo(fifo)
    monkeypatch.setattr(csvfile, "check_input_file", lambda path: None)

    def hung(signum, frame):
        raise TimeoutError("opening the FIFO blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        with pytest.raises(GraphkitError) as err:
            csvfile.read_csv_file(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert str(err.value) == f"{fifo} is a FIFO (named pipe), {NOT_A_FILE}"


def test_every_path_is_checked_before_any_file_is_read(tmp_path, store_path, monkeypatch):
    fifo = tmp_path / "ties.csv"
    os.mkfifo(fifo)

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read before every path was checked")

    monkeypatch.setattr(graphkit.ingest, "read_input_file", no_reading)
    store = SQLiteStore(store_path)
    try:
        with pytest.raises(GraphkitError, match="is a FIFO"):
            graphkit.ingest.prepare_import(
                "talks",
                store,
                stakeholders=BASE,
                interactions=[DATA / "interactions_identical_rows.csv"],
                relationships=fifo,
            )
    finally:
        store.close()


def test_a_file_above_the_limit_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_text("id,name\n" + "S-01,Ana\n" * 20, encoding="utf-8")
    monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 100)
    with monkeypatch.context() as m, pytest.raises(GraphkitError) as err:
        m.setattr(os, "open", _no_open)
        csvfile.read_csv_file(big)
    assert str(err.value) == (
        f"{big} is larger than 100 bytes (188 bytes), the most graphkit reads from one "
        "file - split it into smaller files and import them one after the other"
    )


def _no_open(*args, **kwargs):
    raise AssertionError("the file was opened")


def test_the_limit_is_two_gib_and_named_in_the_message(tmp_path, monkeypatch):
    assert csvfile.MAX_FILE_BYTES == 2 * 1024**3
    sparse = tmp_path / "huge.csv"
    with open(sparse, "wb") as f:
        f.truncate(csvfile.MAX_FILE_BYTES + 512 * 1024**2)  # sparse: no disk used
    with monkeypatch.context() as m, pytest.raises(GraphkitError) as err:
        m.setattr(os, "open", _no_open)
        csvfile.read_csv_file(sparse)
    assert str(err.value).startswith(f"{sparse} is larger than 2 GiB (2.5 GiB), the most")


def test_a_file_that_reports_no_size_is_still_read_only_to_the_limit(monkeypatch):
    # /proc files are regular files of size 0 whatever they hold: reading stops at the
    # limit, however much the file gives.
    status = Path("/proc/self/status")
    monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 64)
    with pytest.raises(GraphkitError) as err:
        csvfile.read_csv_file(status)
    assert str(err.value).startswith(f"{status} is larger than")
    monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 1024**2)
    read = csvfile.read_csv_file(status)
    assert read.header[0].startswith("Name:")  # read past the size of 0 it reports


def test_a_file_that_never_ends_is_read_only_to_the_limit(tmp_path, monkeypatch):
    class Endless:
        """A file that keeps growing as it is read (a log still being written)."""

        given = 0

        def __init__(self, fd, mode):
            self.fd = fd

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            os.close(self.fd)

        def read(self, n):
            Endless.given += n
            assert Endless.given < 100_000, "read on past the limit"
            return b"a" * n

    growing = tmp_path / "growing.csv"
    growing.write_text("id\n", encoding="utf-8")
    monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(csvfile, "open", Endless, raising=False)
    with pytest.raises(GraphkitError, match=r"growing.csv is larger than 1,000 bytes, the most"):
        csvfile.read_csv_file(growing)
    assert Endless.given == 1001


def test_a_file_that_grew_since_it_was_opened_is_read_whole(tmp_path, monkeypatch):
    log = tmp_path / "log.csv"
    log.write_text("id,name\n" + "".join(f"S-{i:03},N{i}\n" for i in range(300)), "utf-8")
    real_fstat = os.fstat

    def stale_fstat(fd):  # the size the file had a moment ago
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 10, *info[7:]))

    monkeypatch.setattr(csvfile, "_CHUNK", 7)
    with monkeypatch.context() as m:
        m.setattr(os, "fstat", stale_fstat)
        read = csvfile.read_csv_file(log)
    assert [fields for _, fields in read.rows()][-1] == ["S-299", "N299"]
    assert len(list(read.rows())) == 300


# -- rows ------------------------------------------------------------------------------------


def test_a_short_row_is_refused_not_filled_with_defaults(seeded, tmp_path):
    log = tmp_path / "contacts.csv"
    log.write_text(
        "date,source,target,sentiment\n2024-01-05,S-01,S-02,0.5\n2024-01-06,S-01,S-02\n",
        encoding="utf-8",
    )
    before = snapshot(seeded)
    result = cli("import", "-n", "talks", "--interactions", log, store=seeded)
    assert result.exit_code == 1
    assert result.stderr == (
        "contacts.csv line 3: the row ends early: it has 3 fields but the header has 4 - was "
        "the file cut off? re-export it (a row needs every delimiter, even when its last "
        "cells are empty)\nError: 1 problem found in 1 of 2 rows; nothing was imported.\n"
    )
    assert snapshot(seeded) == before


def test_blank_rows_are_still_skipped_and_full_rows_with_empty_cells_read(seeded, tmp_path):
    log = tmp_path / "contacts.csv"
    log.write_text(
        "date,source,target,sentiment,notes\n\n2024-01-05,S-01,S-02,,\n,,,,\n", encoding="utf-8"
    )
    result = cli("import", "-n", "talks", "--interactions", log, "--format", "json", store=seeded)
    assert result.exit_code == 0, result.output
    assert '"read": 1' in result.stdout and '"added": 1' in result.stdout


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "value"),
    [
        ("0.5", False, 0.5),
        ("-1", False, -1.0),
        ("+.5", False, 0.5),
        (" 12 ", False, 12.0),
        ("-2.5e-1", False, -0.25),
        ("1E3", False, 1000.0),
        ("\u22120.3", False, -0.3),
        ("0,5", True, 0.5),
        ("1.5", True, 1.5),
    ],
)
def test_plain_numbers(cell, decimal_comma, value):
    assert parse_number(cell, decimal_comma=decimal_comma) == value


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "message", "fix"),
    [
        ("1_000", False, '"1_000" is not a plain number', "write it as 1000"),
        (
            "0_5",
            False,
            '"0_5" is not a plain number',
            'write it with the digits 0-9 and a decimal point, without "_"',
        ),
        (
            "1,000",
            False,
            '"1,000" is not a plain number',
            "write it as 1000, or as 1.000 if the comma is a decimal comma",
        ),
        ("1,000,000", False, '"1,000,000" is not a plain number', "write it as 1000000"),
        ("1.000,5", True, '"1.000,5" is not a plain number', "write it as 1000.5"),
        ("1\u202f000", False, '"1\u202f000" is not a plain number', "write it as 1000"),
        ("0x10", False, '"0x10" is not a plain number', "write it in decimal, as 16"),
        ("inf", False, '"inf" is not a finite number', "write a number like 0.5"),
        ("-Infinity", False, '"-Infinity" is not a finite number', "write a number like 0.5"),
        ("NaN", False, '"NaN" is not a finite number', "write a number like 0.5"),
        ("1e999", False, '"1e999" is too large a number', "write a number like 0.5"),
        ("\u0661\u0662", False, '"\u0661\u0662" is not a plain number', "write it as 12"),
        ("5.", False, '"5." is not a plain number', "write it as 5"),
        (
            "0,5",
            False,
            '"0,5" is not a plain number',
            "write it as 0.5 (a decimal comma is read only in semicolon and tab files)",
        ),
        ("positive", False, '"positive" is not a number', "write a number like 0.5"),
    ],
)
def test_numbers_that_are_not_plain_are_refused_as_written(cell, decimal_comma, message, fix):
    with pytest.raises(CellError) as err:
        parse_number(cell, decimal_comma=decimal_comma)
    assert (err.value.message, err.value.fix) == (message, fix)


def test_every_bad_number_of_a_log_is_listed_with_its_line(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_numbers_not_plain.csv",
        store=seeded,
    )
    at = 'interactions_numbers_not_plain.csv line {}, column "sentiment": '
    assert result.stderr.splitlines() == [
        at.format(3) + '"0_5" is not a plain number - write it with the digits 0-9 and a '
        'decimal point, without "_"',
        at.format(4) + '"nan" is not a finite number - write a number like 0.5',
        at.format(5) + '"-inf" is not a finite number - write a number like 0.5',
        at.format(6) + '"0x1" is not a plain number - write it in decimal, as 1',
        at.format(7) + '"0,5" is not a plain number - write it as 0.5 (a decimal comma is '
        "read only in semicolon and tab files)",
        at.format(8) + '"\u0661" is not a plain number - write it as 1',
        at.format(9) + '"5." is not a plain number - write it as 5',
        "Error: 7 problems found in 7 of 8 rows; nothing was imported.",
    ]


def test_exponents_are_plain_numbers(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_sentiment_exponent.csv",
        store=seeded,
    )
    assert result.exit_code == 0, result.output
    store = SQLiteStore(seeded)
    try:
        tones = sorted(store.load("talks").interactions["sentiment"])
    finally:
        store.close()
    assert tones == [-0.25, 0.5, 0.5]


def test_weights_with_thousands_separators_are_refused(seeded):
    result = cli(
        "import",
        "-n",
        "talks",
        "--relationships",
        DATA / "relationships_weight_thousands.csv",
        store=seeded,
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        'relationships_weight_thousands.csv line 2, column "weight": "1,000" is not a plain '
        "number - write it as 1000, or as 1.000 if the comma is a decimal comma",
        'relationships_weight_thousands.csv line 3, column "weight": "1_000" is not a plain '
        "number - write it as 1000",
    ]


def test_sentiment_range_takes_plain_numbers_only(store_path):
    assert SentimentScale.parse("-1e1:+10") == SentimentScale(-10.0, 10.0)
    for text, error in [
        ("1_000:2000", '"1_000:2000": "1_000" is not a plain number - write it as 1000'),
        ("-inf:10", '"-inf:10": "-inf" is not a finite number - write a number like 0.5'),
        ("0x0:10", '"0x0:10": "0x0" is not a plain number - write it in decimal, as 0'),
        ("10", '"10" is not MIN:MAX - write it like -10:10 or 0:100'),
    ]:
        with pytest.raises(ValueError) as err:
            SentimentScale.parse(text)
        assert str(err.value) == error
    result = cli(
        "import",
        "-n",
        "talks",
        "--interactions",
        DATA / "interactions_sentiment_out_of_range.csv",
        "--sentiment-range",
        "-1_000:1000",
        store=store_path,
    )
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: --sentiment-range "-1_000:1000": "-1_000" is not a plain number - write it '
        "as -1000\n"
    )
