"""A small headless-Chromium harness for tests of graphkit's HTML output (maps, briefings).

Drives Debian's ``chromium`` (``apt-get install chromium``; ``scripts/test`` installs it)
through Playwright's Python package, never a browser downloaded by ``playwright install``.
Every page visit records what a test needs to judge it: each request the page made, console
messages, uncaught errors and dialogs (``alert``/``confirm``/``prompt``, dismissed). Requests
other than ``file://`` are also aborted, so a page under test can never reach the network
even when it tries (the attempt is still recorded).

A missing Chromium or Playwright *fails* the tests (never a skip): set ``GRAPHKIT_CHROMIUM``
to use another Chromium binary.

Pass page predicates as functions (``"() => ..."``), never bare expressions: Playwright
polls a bare expression with ``eval()``, which a page with a strict Content-Security-Policy
refuses.

    with Browser() as browser:
        visit = browser.open(Path("reports/blue-harbor/map.html"))
        visit.page.wait_for_function("() => window.graphkitMap && window.graphkitMap.drawn")
        assert visit.requests == [visit.url]
        assert not visit.console_errors()
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
#: Headless, no sandbox (containers run as root), and none of Chromium's own background
#: traffic (updates, sync, field trials), so every request seen comes from the page.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
#: A page predicate: graphkit's map has drawn for the first time (every script of the page
#: has run by then). Predicates are functions: see the module docstring.
MAP_DRAWN = "() => !!(window.graphkitMap && window.graphkitMap.drawn)"
#: Set by tests/conftest.py before each test: whether it carries ``@pytest.mark.browser``
#: (None outside pytest, e.g. in bench/map_bench.py, where Chromium may always start).
MARKED: bool | None = None


def chromium_path() -> str:
    """The Chromium binary, or an AssertionError that says how to install it."""
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if not path:
        raise AssertionError(
            f"Chromium not found at {CHROMIUM}: install it with "
            "`apt-get update && apt-get install -y chromium` (scripts/test does), "
            "or set GRAPHKIT_CHROMIUM to a Chromium binary"
        )
    return path


@dataclass
class Visit:
    """One page opened by :meth:`Browser.open`, and everything it did."""

    page: Any  # playwright.sync_api.Page
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        """Console errors and warnings (CSP violations are reported as errors) and uncaught
        exceptions."""
        return [f"{k}: {t}" for k, t in self.console if k in ("error", "warning")] + [
            f"pageerror: {e}" for e in self.errors
        ]

    def next_frame(self) -> None:
        """Return once the page has rendered a frame after everything it did so far (two
        requestAnimationFrame callbacks): the event to wait on before judging a page, in
        place of a fixed wait."""
        self.page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    def close(self) -> None:
        self.page.close()


class Browser:
    """Headless Chromium with a fresh, throw-away profile (user-data-dir)."""

    def __init__(self, *, viewport: dict[str, int] | None = None):
        self.viewport = viewport or VIEWPORT
        self._playwright: Any = None
        self._context: Any = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Browser:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # pragma: no cover - the test extra installs it
            raise AssertionError(
                "Playwright is not installed: python3 -m pip install -e '.[test]' "
                "(never `playwright install`: tests use the system Chromium)"
            ) from exc
        if MARKED is False:
            raise AssertionError("this test drives Chromium: mark it @pytest.mark.browser")
        executable = chromium_path()
        self._profile = tempfile.TemporaryDirectory(prefix="graphkit-chromium-")
        self._playwright = sync_playwright().start()
        try:
            self._context = self._playwright.chromium.launch_persistent_context(
                self._profile.name,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport=self.viewport,
                service_workers="block",
                accept_downloads=False,
            )
            self._context.route(_NOT_FILE, lambda route: route.abort())
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    def open(self, path: Path, *, wait_until: str = "load") -> Visit:
        """Open a local file in a new page, recording everything from the first request."""
        page = self._context.new_page()
        url = Path(path).resolve().as_uri()
        visit = Visit(page, url)
        page.on("request", lambda r: visit.requests.append(r.url))
        page.on("console", lambda m: visit.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: visit.errors.append(str(e)))

        def dialog(d: Any) -> None:
            visit.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(url, wait_until=wait_until)
        return visit


def _NOT_FILE(url: str) -> bool:
    return not url.startswith("file:")


@contextmanager
def browser(**options: Any) -> Iterator[Browser]:
    """``with browser() as b:`` - the same as ``with Browser() as b:``."""
    with Browser(**options) as b:
        yield b


# -- screenshots ------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).

    Returns ``(width, height, rows, channels)``: each row holds ``width * channels`` bytes.
    """
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    width = height = depth = colour = interlace = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


def count_pixels_unlike(
    png: bytes, background: tuple[int, int, int] = (255, 255, 255), tolerance: int = 24
) -> tuple[int, int]:
    """``(pixels differing from background by more than tolerance in any channel, total)``."""
    width, height, rows, channels = png_pixels(png)
    br, bg, bb = background
    count = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if abs(r - br) > tolerance or abs(g - bg) > tolerance or abs(b - bb) > tolerance:
                count += 1
    return count, width * height
