"""Output files that are written whole or not at all, and never through a link.

Every file graphkit writes for the user (reports, maps, exports, the demo's outputs) goes
through this module:

- The content goes to a new temporary file in the target's folder (``tempfile.mkstemp``:
  an unpredictable name, created with ``O_EXCL``, so it can be neither guessed nor
  pre-planted), is flushed and ``fsync``-ed, and is then renamed over the target with
  ``os.replace``. A reader (a browser showing the map, Excel holding the CSV) sees the
  old file or the new one, never half of one; a failure (disk full, an error while
  rendering, Ctrl-C) leaves the old file as it was and removes the temporary file.
- The target must be a regular file or not exist. A symbolic link, named pipe (FIFO),
  device, socket or folder at the target is refused with a :class:`GraphkitError` that
  names the path: graphkit never writes through a link (``ln -s ~/victim
  reports/x/metrics.csv`` cannot make it overwrite ``~/victim``) and never replaces
  ``/dev/null``. The check runs before the temporary file is made and again just
  before the rename; should a link appear in between, ``os.replace`` replaces the link
  itself (``rename(2)`` never follows a link at its destination), so the link's target
  is still untouched.
- A replaced file keeps its permission bits; a new one gets the usual ``0o666`` less
  the umask, as if the user had created it.

Folders: :func:`ensure_folder` creates the folder graphkit makes for a negotiation
(``reports/NAME/``) and refuses it when it is itself a link. The folders above it (the
``--output-dir`` or ``--output`` the user gave, and their parents) are the user's
choice and may be links.

Example::

    write_text_atomic("reports/talks/briefing.md", text)
    with atomic_open("reports/talks/graph.graphml", "wb") as f:
        networkx.write_graphml(G, f)
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graphkit.errors import GraphkitError

#: How to fix a refused or failed output, when the caller gives no better advice.
DEFAULT_FIX = "remove it or choose another output path"

_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: str | os.PathLike[str], *, fix: str | None = None) -> Path:
    """Return ``path`` if graphkit may write a file there: nothing there yet, or a regular
    file (never a link to one). Anything else raises :class:`GraphkitError`."""
    target = Path(path)
    try:
        st = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return target  # nothing there (creating it will say what is wrong with the folder)
    except OSError as exc:
        raise _cannot(target, exc, None, fix) from None
    if stat.S_ISREG(st.st_mode):
        return target
    if not fix:
        device = stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
        fix = "choose another output path" if device else DEFAULT_FIX
    raise GraphkitError(f"{target} is {_kind(target, st, 'a regular file')} - {fix}")


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str = "utf-8",
    what: str | None = None,
    fix: str | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path`` for writing; on a clean exit from the
    ``with`` block it replaces ``path``, on an exception it is removed.

    ``mode`` is ``"w"`` (text in ``encoding``, no newline translation: the bytes are
    the same on every platform) or ``"wb"``. ``what`` names the output in error
    messages ("the map"), ``fix`` says what to do about a refused target. An
    :class:`OSError` (no such folder, permission denied, disk full) becomes a
    :class:`GraphkitError`; any other exception is raised as it is.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    target = check_target(path, fix=fix)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot(target, exc, what, fix) from None
    try:
        try:
            os.fchmod(fd, _mode_for(target))
            f: IO[Any]
            if mode == "wb":
                f = os.fdopen(fd, "wb")
            else:
                f = os.fdopen(fd, "w", encoding=encoding, newline="")
        except BaseException:
            os.close(fd)
            raise
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        check_target(target, fix=fix)  # again, just before the rename
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise _cannot(target, exc, what, fix) from None
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(target.parent)


def write_text_atomic(
    path: str | os.PathLike[str],
    text: str,
    *,
    encoding: str = "utf-8",
    what: str | None = None,
    fix: str | None = None,
) -> Path:
    """Write ``text`` to ``path`` through :func:`atomic_open`; return ``path``."""
    return write_bytes_atomic(path, text.encode(encoding), what=what, fix=fix)


def write_bytes_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    what: str | None = None,
    fix: str | None = None,
) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_open`; return ``path``."""
    with atomic_open(path, "wb", what=what, fix=fix) as f:
        f.write(data)
    return Path(path)


def check_folder(path: str | os.PathLike[str], *, fix: str | None = None) -> Path:
    """Return ``path`` if it is a real folder or does not exist yet; a link there (even to
    a folder), or anything else that is not a folder, raises :class:`GraphkitError`."""
    folder = Path(path)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return folder
    except OSError as exc:
        raise GraphkitError(f"cannot use the folder {folder}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        fix = fix or "remove it, or choose another output folder"
        raise GraphkitError(f"{folder} is {_kind(folder, st, 'a folder')} - {fix}")
    return folder


def negotiation_folder(
    base: str | os.PathLike[str], negotiation: str, *, fix: str | None = None
) -> Path:
    """``base/negotiation``, the folder graphkit writes a negotiation's files to (reports,
    maps, the demo), checked so that no name can point anywhere else: the name is a valid
    negotiation name (:func:`graphkit.model.check_negotiation_name`), the folder is one
    level inside ``base`` even after links above it are followed, and it is a real folder
    or does not exist yet (a link there is refused, not followed). ``base`` and the folders
    above it may be links: the user chose them.
    """
    from graphkit.model import check_negotiation_name

    name = check_negotiation_name(negotiation)
    fix = fix or "choose another output folder"
    folder = Path(base) / name
    if Path(name).name != name or name in (".", "..") or folder.parent != Path(base):
        raise GraphkitError(f'negotiation name "{negotiation}" cannot be a folder name - {fix}')
    check_folder(folder, fix=f"remove the link, or {fix}" if not fix.startswith("remove") else fix)
    if folder.resolve().parent != Path(base).resolve():
        raise GraphkitError(
            f'negotiation name "{negotiation}" would write outside {Path(base).resolve()} - {fix}'
        )
    return folder


def ensure_folder(path: str | os.PathLike[str], *, fix: str | None = None) -> Path:
    """Create the output folder ``path`` (and its parents) if need be and return it.

    ``path`` itself must be a real folder (:func:`check_folder`): a planted
    ``reports/NAME -> ~/elsewhere`` cannot redirect a report. Its parents are the user's
    choice and are followed as they are.
    """
    folder = check_folder(path, fix=fix)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphkitError(
            f"cannot create the folder {folder}: {exc.strerror or exc} - check the path and "
            "that you may write there"
        ) from None
    return check_folder(folder, fix=fix)  # a link made meanwhile is refused too


def _kind(path: Path, st: os.stat_result, expected: str) -> str:
    """What is at ``path`` instead of ``expected``, in words."""
    if stat.S_ISLNK(st.st_mode):
        try:
            to = f" (to {os.readlink(path)})"
        except OSError:
            to = ""
        return f"a symbolic link{to}; graphkit never writes through a link"
    noun = next((text for test, text in _KINDS if test(st.st_mode)), "something unknown")
    return f"{noun}, not {expected}"


def _cannot(target: Path, exc: OSError, what: str | None, fix: str | None) -> GraphkitError:
    reason = exc.strerror or str(exc)
    name = f"{what} to {target}" if what else str(target)
    return GraphkitError(
        f"cannot write {name}: {reason} - {fix or 'check the folder exists and you may write there'}"
    )


def _mode_for(target: Path) -> int:
    """The permission bits of the file being replaced, or those of a new file."""
    try:
        return stat.S_IMODE(os.stat(target, follow_symlinks=False).st_mode) & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # No /proc: read the umask by setting it (to a strict value for the instant it is set).
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; best effort (not every system can fsync a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _discard(path: str) -> None:
    """Remove a temporary file if it is still there; never raise (the caller already is)."""
    with contextlib.suppress(OSError):
        os.unlink(path)
