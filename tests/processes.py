"""``python -m graphkit ...`` in a child process, as a user runs it, and waits on what it does.

Every child runs the graphkit of this checkout (``PYTHONPATH`` starts with the repository
root, whatever the working directory), with stdin at end of file unless a test gives one.

    done = run_graphkit("import", "-n", "talks", "--stakeholders", path, "--store", db)
    assert done.returncode == 0, done.stderr

    proc = spawn_graphkit("import", "-n", "big", "--interactions", log, "--store", db)
    output = Output(proc)
    output.wait_for_line("writing 120,000 rows")  # an event the child reports, not a guess

Fault tests wait on events with :func:`wait_until` (a condition polled under a deadline),
never on a fixed or random sleep.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def graphkit_command(*args: object) -> list[str]:
    """``[python, -m, graphkit, *args]`` with every argument as a string."""
    return [sys.executable, "-m", "graphkit", *map(str, args)]


def child_env(env: dict[str, str] | None = None, *, without: Iterable[str] = ()) -> dict[str, str]:
    """The environment of a child: ours without the variables named (or prefixed) in
    ``without``, the repository root first on ``PYTHONPATH``, then ``env``."""
    drop = tuple(without)
    base = {k: v for k, v in os.environ.items() if not (drop and k.startswith(drop))}
    path = [str(ROOT), *filter(None, [base.get("PYTHONPATH")])]
    return {**base, "PYTHONPATH": os.pathsep.join(path), **(env or {})}


def run_graphkit(
    *args: object,
    env: dict[str, str] | None = None,
    without: Iterable[str] = (),
    timeout: float = 600,
    **kwargs: Any,
) -> subprocess.CompletedProcess:
    """Run ``graphkit ARGS`` to the end: text output captured (unless ``stdout``/``stderr``
    are given), stdin empty. A child still running after ``timeout`` seconds fails the test."""
    kwargs.setdefault("text", True)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    try:
        return subprocess.run(
            graphkit_command(*args),
            env=child_env(env, without=without),
            timeout=timeout,
            **kwargs,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"graphkit {' '.join(map(str, args))} still ran after {timeout} s")


def spawn_graphkit(
    *args: object,
    env: dict[str, str] | None = None,
    without: Iterable[str] = (),
    **kwargs: Any,
) -> subprocess.Popen:
    """Start ``graphkit ARGS`` and return at once: stdout and stderr are pipes (text unless
    ``text=False``), stdin is empty unless given."""
    kwargs.setdefault("text", True)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(graphkit_command(*args), env=child_env(env, without=without), **kwargs)


def wait_until(
    condition: Callable[[], T],
    what: str,
    *,
    timeout: float = 60,
    interval: float = 0.01,
    unless: Callable[[], str | None] | None = None,
) -> T:
    """Poll ``condition`` until it returns something true, and return that.

    Fails the test with ``what`` when ``timeout`` seconds pass first, or as soon as
    ``unless`` returns a reason (for instance: the child it waits on has ended). The short
    sleep between polls only spaces them out: the wait ends on the condition, never on time.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        reason = unless() if unless else None
        if reason:
            value = condition()  # what happened just before it ended still counts
            if value:
                return value
            pytest.fail(f"{what}: {reason}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout} s")
        time.sleep(interval)


class Output:
    """What a spawned child writes to stdout and stderr, read line by line as it comes
    (by two threads, so that a full pipe never stalls the child)."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.lines: dict[str, list[str]] = {"stdout": [], "stderr": []}
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._read, args=(name, stream), daemon=True)
            for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr))
            if stream is not None
        ]
        for thread in self._threads:
            thread.start()

    def _read(self, name: str, stream: Any) -> None:
        for line in stream:
            with self._lock:
                self.lines[name].append(line)

    def text(self, name: str = "stderr") -> str:
        with self._lock:
            return "".join(self.lines[name])

    def ended(self) -> str | None:
        """Why no more output can come (the child ended and both pipes were read to the end)."""
        if self.proc.poll() is None or any(t.is_alive() for t in self._threads):
            return None
        return f"graphkit ended with status {self.proc.returncode}; stderr:\n{self.text()}"

    def wait_for_line(self, text: str, *, stream: str = "stderr", timeout: float = 120) -> str:
        """The first line of ``stream`` containing ``text``, once the child has written it;
        fails if the child ends or ``timeout`` passes first."""

        def seen() -> str | None:
            with self._lock:
                return next((line for line in self.lines[stream] if text in line), None)

        return wait_until(
            seen, f"graphkit never wrote {text!r} to {stream}", timeout=timeout, unless=self.ended
        )

    def finish(self, timeout: float = 600) -> tuple[int, str, str]:
        """Wait for the child to end: ``(status, stdout, stderr)``."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"graphkit still ran after {timeout} s; stderr:\n{self.text()}")
        for thread in self._threads:
            thread.join(timeout=60)
        return code, self.text("stdout"), self.text("stderr")
