"""Every file graphkit writes is written whole or not at all, and never through a link.

Reports, maps, exports and the demo's outputs go through graphkit/safefile.py: a temporary
file in the target's folder, fsync, then os.replace. A symlink, FIFO, device or folder at a
target is refused with a clear error, before anything is written; a failure leaves the old
file and no temporary file; a planted link is replaced, never followed. The demo replaces
an existing store only with --force.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from graphkit import safefile
from graphkit.demo import DEMO_FILES
from graphkit.errors import GraphkitError
from graphkit.report import REPORT_FILES
from graphkit.safefile import atomic_open, check_target, ensure_folder, write_text_atomic
from tests.conftest import DATA, cli, snapshot
from tests.processes import run_graphkit

LOG = """date,source,target,sentiment,track
2024-01-10,S-01,S-02,0.6,fisheries
2024-02-11,S-02,S-01,0.5,fisheries
2024-03-12,S-01,S-03,0.7,energy
2024-04-13,S-03,S-02,0.4,energy
2024-05-14,S-04,S-05,-0.6,fisheries
2024-06-15,S-05,S-03,0.3,energy
"""
VICTIM_TEXT = "the victim's own data\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A small negotiation "base" in an embedded store."""
    folder = tmp_path_factory.mktemp("base")
    log = folder / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    path = folder / "store.db"
    result = cli(
        "import", "-n", "base", "--stakeholders", DATA / "base_stakeholders.csv",
        "--interactions", log, store=path,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def victim(tmp_path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text(VICTIM_TEXT, encoding="utf-8")
    return path


def _report(db, out, *more):
    return cli("report", "-n", "base", "--output-dir", out, *more, store=db)


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


# -- links at the targets ----------------------------------------------------------------


def test_report_writes_every_file_and_leaves_no_temporary_file(db, tmp_path):
    result = _report(db, tmp_path / "reports")
    assert result.exit_code == 0, result.stderr
    folder = (tmp_path / "reports" / "base").resolve()
    assert result.stdout.splitlines() == [str(folder / name) for name in REPORT_FILES]
    assert sorted(p.name for p in folder.iterdir()) == sorted(REPORT_FILES)


@pytest.mark.parametrize("name", REPORT_FILES)
def test_report_refuses_a_symlink_at_each_output(db, tmp_path, victim, name):
    folder = tmp_path / "reports" / "base"
    folder.mkdir(parents=True)
    link = folder / name
    link.symlink_to(victim)
    result = _report(db, tmp_path / "reports")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder.resolve() / name} is a symbolic link (to {victim}); graphkit never "
        "writes through a link - remove it, or pass another --output-dir\n"
    )
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    assert link.is_symlink() and os.readlink(link) == str(victim)
    # refused before anything was written: no other output, no temporary file
    assert [p.name for p in folder.iterdir()] == [name]


def test_report_refuses_a_dangling_symlink(db, tmp_path):
    folder = tmp_path / "reports" / "base"
    folder.mkdir(parents=True)
    target = tmp_path / "would-be-created.txt"
    (folder / "metrics.csv").symlink_to(target)
    result = _report(db, tmp_path / "reports")
    assert result.exit_code == 1 and "is a symbolic link" in result.stderr
    assert not target.exists()


def test_report_refuses_a_fifo_a_folder_and_a_device(db, tmp_path):
    folder = tmp_path / "reports" / "base"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "graph.gexf")
    result = run_graphkit(
        "report", "-n", "base", "--output-dir", tmp_path / "reports", "--store", db, timeout=60
    )
    assert result.returncode == 1
    assert f"{folder.resolve() / 'graph.gexf'} is a named pipe (FIFO), not a regular file" in (
        result.stderr
    )
    assert stat.S_ISFIFO(os.lstat(folder / "graph.gexf").st_mode)
    os.unlink(folder / "graph.gexf")
    (folder / "graph.json").mkdir()
    (folder / "graph.json" / "keep.txt").write_text("kept", encoding="utf-8")
    result = _report(db, tmp_path / "reports")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder.resolve() / 'graph.json'} is a folder, not a regular file - "
        "remove it, or pass another --output-dir\n"
    )
    assert (folder / "graph.json" / "keep.txt").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in folder.iterdir()) == ["graph.json"]


def test_report_folder_that_is_a_symlink_is_refused(db, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "base").symlink_to(elsewhere)
    result = _report(db, reports)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {reports / 'base'} is a symbolic link (to {elsewhere}); graphkit never writes "
        "through a link - remove it, or pass another --output-dir\n"
    )
    assert list(elsewhere.iterdir()) == []
    # a link to a folder inside reports/ is refused too, not only one leading outside
    (reports / "other").mkdir()
    (reports / "base").unlink()
    (reports / "base").symlink_to(reports / "other")
    assert _report(db, reports).exit_code == 1
    assert list((reports / "other").iterdir()) == []


def test_output_dir_that_is_a_symlink_is_the_users_choice(db, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via-link").symlink_to(real)
    result = _report(db, tmp_path / "via-link")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (real / "base").iterdir()) == sorted(REPORT_FILES)


def test_map_refuses_a_symlink_at_output_and_at_the_default_path(db, tmp_path, victim, monkeypatch):
    link = tmp_path / "map.html"
    link.symlink_to(victim)
    result = cli("map", "-n", "base", "--output", link, store=db)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {link} is a symbolic link (to {victim}); graphkit never writes through a link "
        "- remove it or choose another output path\n"
    )
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT and link.is_symlink()
    # the default reports/NAME/map.html, and a linked reports/NAME folder
    monkeypatch.chdir(tmp_path)
    Path("reports/base").mkdir(parents=True)
    Path("reports/base/map.html").symlink_to(victim)
    result = cli("map", "-n", "base", store=db)
    assert result.exit_code == 1 and "reports/base/map.html is a symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    Path("reports/base/map.html").unlink()
    Path("reports/base").rmdir()
    (tmp_path / "elsewhere").mkdir()
    Path("reports/base").symlink_to(tmp_path / "elsewhere")
    result = cli("map", "-n", "base", store=db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: reports/base is a symbolic link")
    assert result.stderr.endswith(" - remove the link, or pass --output\n")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_map_refuses_a_fifo_without_blocking(db, tmp_path):
    fifo = tmp_path / "map.html"
    os.mkfifo(fifo)
    # A writer that opened the FIFO would block until the timeout: run it in a subprocess.
    result = run_graphkit("map", "-n", "base", "--output", fifo, "--store", db, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {fifo} is a named pipe (FIFO), not a regular file - remove it or choose "
        "another output path\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _temp_files(tmp_path) == []


def _make_device(path: Path) -> bool:
    """A character device like /dev/null at ``path`` (needs CAP_MKNOD, e.g. root)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        return False
    return True


@pytest.fixture
def dev_null_guard(monkeypatch):
    """A safety net for the machine, not part of what is tested: should the code under test
    ever try to rename over or remove /dev/null, fail the test instead of doing it."""
    for name in ("replace", "rename", "unlink", "remove"):
        real = getattr(os, name)

        def guarded(*args, _real=real, _name=name, **kwargs):
            paths = [a for a in args if isinstance(a, str | os.PathLike)]
            if any(os.path.abspath(p) == "/dev/null" for p in paths):
                raise AssertionError(f"os.{_name} was called on /dev/null")
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, guarded)


@pytest.mark.parametrize("where", ["/dev/null", "a device in tmp"])
def test_map_refuses_a_device(db, tmp_path, where, dev_null_guard):
    if where == "/dev/null":
        device = Path("/dev/null")
    else:
        device = tmp_path / "null"
        if not _make_device(device):
            device = Path("/dev/null")  # without CAP_MKNOD, /dev/null is the device
    before = os.lstat(device)
    result = cli("map", "-n", "base", "--output", device, store=db)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {device} is a character device, not a regular file - choose another output path\n"
    )
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


def test_library_writers_refuse_the_same(tmp_path, victim, dev_null_guard):
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    for target in (link, tmp_path, Path("/dev/null")):
        with pytest.raises(GraphkitError, match=f"^{target} is a"):
            write_text_atomic(target, "x")
        with pytest.raises(GraphkitError, match=f"^{target} is a"), atomic_open(target, "wb") as f:
            f.write(b"x")
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    with pytest.raises(GraphkitError, match=r"^cannot write .*: No such file or directory - "):
        write_text_atomic(tmp_path / "no" / "such" / "folder.txt", "x")
    with pytest.raises(GraphkitError, match=r"symbolic link \(to .*\); graphkit never writes"):
        ensure_folder(link)


# -- atomicity ------------------------------------------------------------------------------


def test_failure_mid_write_keeps_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "graph.graphml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="renderer failed"), atomic_open(target) as f:
        f.write("half of the new conte")
        f.flush()
        assert len(_temp_files(tmp_path)) == 1  # the temporary file is next to the target
        raise RuntimeError("renderer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as f:
        f.write("new")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]


def test_disk_full_is_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "metrics.csv"
    target.write_text("old", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safefile.os, "fsync", full)
    with pytest.raises(GraphkitError) as err:
        write_text_atomic(target, "new " * 1000, what="the metrics")
    assert str(err.value) == (
        f"cannot write the metrics to {target}: No space left on device - check the folder "
        "exists and you may write there"
    )
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.csv"]


def test_report_failing_mid_write_keeps_the_previous_report(db, tmp_path, monkeypatch):
    assert _report(db, tmp_path / "reports").exit_code == 0
    folder = tmp_path / "reports" / "base"
    before = {name: (folder / name).read_bytes() for name in REPORT_FILES}
    from graphkit.render import exports

    def broken(writer, f):
        f.write(b"<?xml version='1.0'?><graphml><half")
        raise RuntimeError("the writer broke half way")

    monkeypatch.setattr(exports._GraphMLWriter, "dump", broken)
    result = _report(db, tmp_path / "reports")
    assert result.exit_code == 1
    assert "unexpected RuntimeError: the writer broke half way" in result.stderr
    assert (folder / "graph.graphml").read_bytes() == before["graph.graphml"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(REPORT_FILES)


def test_a_link_planted_during_the_write_is_refused_at_the_rename(tmp_path, victim):
    target = tmp_path / "index.html"
    with pytest.raises(GraphkitError, match="is a symbolic link"), atomic_open(target) as f:
        f.write("new")
        target.symlink_to(victim)  # planted after the first check
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    assert target.is_symlink() and _temp_files(tmp_path) == []


def test_rename_replaces_a_planted_link_itself_never_its_target(tmp_path, victim, monkeypatch):
    """Should a link appear after the last check, os.replace renames over the link: the
    link is gone and its target untouched (rename(2) never follows the destination)."""
    target = tmp_path / "index.html"
    monkeypatch.setattr(safefile, "check_target", lambda path, **kw: Path(path))
    with atomic_open(target) as f:
        f.write("new")
        target.symlink_to(victim)
    assert not target.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT


def test_permissions_new_files_follow_the_umask_replaced_files_keep_theirs(tmp_path):
    old = os.umask(0o027)
    try:
        new = write_text_atomic(tmp_path / "new.csv", "x")
        assert stat.S_IMODE(os.stat(new).st_mode) == 0o640
        private = tmp_path / "private.csv"
        private.write_text("old", encoding="utf-8")
        os.chmod(private, 0o600)
        write_text_atomic(private, "new")
        assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    finally:
        os.umask(old)


def test_check_target_accepts_regular_files_and_nothing_else(tmp_path):
    regular = tmp_path / "a.txt"
    regular.write_text("x", encoding="utf-8")
    assert check_target(regular) == regular
    assert check_target(tmp_path / "missing.txt") == tmp_path / "missing.txt"
    (tmp_path / "link").symlink_to(regular)  # a link even to a regular file
    with pytest.raises(GraphkitError, match="is a symbolic link"):
        check_target(tmp_path / "link")


# -- the demo --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["graphkit.db", *DEMO_FILES, *REPORT_FILES])
def test_demo_refuses_a_symlink_at_each_output(tmp_path, victim, name):
    folder = tmp_path / "out" / "blue-harbor"
    folder.mkdir(parents=True)
    (folder / name).symlink_to(victim)
    for force in ([], ["--force"]):
        result = cli("demo", "--output-dir", tmp_path / "out", *force)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {folder / name} is a symbolic link (to {victim})")
        assert result.stderr.endswith(" - remove it, or pass another --output-dir\n")
        assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
        assert [p.name for p in folder.iterdir()] == [name]


def test_demo_refuses_an_existing_store_unless_forced(tmp_path):
    out = tmp_path / "out"
    result = cli("demo", "--output-dir", out)
    assert result.exit_code == 0, result.stderr
    db = out / "blue-harbor" / "graphkit.db"
    assert str(db) in result.stdout.splitlines()
    assert f"Created a new embedded store at {db}" in result.stderr.splitlines()
    # someone's work in that store: it must not be replaced silently
    extra = cli("import", "-n", "mine", "--stakeholders", DATA / "base_stakeholders.csv", store=db)
    assert extra.exit_code == 0, extra.stderr
    before = snapshot(db)
    outputs = {p: p.read_bytes() for p in (out / "blue-harbor").iterdir() if p != db}
    result = cli("demo", "--output-dir", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db} already exists - pass --force to replace it, or pass another --output-dir\n"
    )
    assert result.stdout == ""
    assert snapshot(db) == before
    assert {p: p.read_bytes() for p in outputs} == outputs
    result = cli("demo", "--output-dir", out, "--force")
    assert result.exit_code == 0, result.stderr
    listing = cli("negotiations", "--format", "csv", store=db)
    assert [line.split(",")[0] for line in listing.stdout.splitlines()] == ["name", "blue-harbor"]
    assert _temp_files(out) == []


def test_demo_help_mentions_force():
    result = cli("demo", "--help")
    assert "--force" in result.stdout and "Replace an existing" in result.stdout
