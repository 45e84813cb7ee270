"""The ``graphkit`` group: errors in one line, quiet exits for a reader gone away.

A problem the user can fix prints ``Error: ...`` and exits 1; a traceback appears only
with ``--debug``. A reader that stops early (``graphkit ... | head``) ends the command
quietly with status 0. Progress and notices go to stderr (:func:`progress`).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from graphkit.errors import GraphkitError
from graphkit.render.text import terminal_safe

#: ``color``: click.echo must never strip what looks like ANSI codes from the data (it does
#: when stdout is not a terminal): CSV and JSON are exact, and text for a terminal is made
#: safe by terminal_safe instead.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100, "color": True}


class GraphkitGroup(click.Group):
    """Turns library errors into one clear line and a non-zero exit."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            super().main(*args, **kwargs)
            code: Any = 0
        except SystemExit as exc:
            code = exc.code
        # Flush now, not at interpreter exit, so that a reader gone away is seen here.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _stdout_gone()
        sys.exit(code)

    def invoke(self, ctx: click.Context) -> Any:
        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            if _reader_gone():  # graphkit ... | head: the reader has all it wants
                _stdout_gone()
                sys.exit(0)
            if debug:
                raise
            _fail(f"unexpected BrokenPipeError: {_safe(exc)} - this is a bug in graphkit; "
                  "run again with --debug for the full trace and report it")  # fmt: skip
        except GraphkitError as exc:
            if debug:
                raise
            _fail(str(exc))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted; nothing was changed by the interrupted step", code=130)
        except Exception as exc:
            if debug:
                raise
            _fail(
                f"unexpected {type(exc).__name__}: {_safe(exc)} - this is a bug in graphkit; "
                "run again with --debug for the full trace and report it"
            )


def _safe(exc: BaseException) -> str:
    from graphkit.secrets import scrub

    return scrub(str(exc))


def _fail(message: str, code: int = 1) -> None:
    from graphkit.secrets import scrub

    click.echo(f"Error: {terminal_safe(scrub(message), newlines=True)}", err=True)
    sys.exit(code)


def _reader_gone() -> bool:
    """Whether the reader of stdout or stderr (a pipe) has gone away: poll reports an
    error on the write end of a pipe whose read end is closed."""
    import select

    if not hasattr(select, "poll"):
        return True  # cannot tell: the likeliest broken pipe is stdout's
    poll = select.poll()
    for stream in (sys.stdout, sys.stderr):
        try:
            poll.register(stream.fileno(), select.POLLOUT)
        except (AttributeError, OSError, ValueError):
            continue
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in poll.poll(0))


def _stdout_gone() -> None:
    """The reader of stdout has gone (``graphkit ... | head``): send the rest of the output,
    and the flush at interpreter exit, to devnull, as the Python docs advise for SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def progress(message: str) -> None:
    click.echo(terminal_safe(message, newlines=True), err=True)


@click.group(cls=GraphkitGroup, context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="graphkit")
def main(debug: bool) -> None:
    """Relationship graphs for negotiation prep teams.

    Import stakeholder maps and contact logs, then ask who holds influence, who
    brokers between the parties, whom both sides trust and where the friction is.

    \b
    Start with the sample negotiation:
      graphkit demo
    """
