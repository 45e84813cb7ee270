"""Shared fixtures: a fresh embedded store, a CLI runner, the reference networks."""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import tests.browser
from graphkit.cli import main
from tests.processes import wait_until

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
REFERENCE = DATA / "reference"
SAMPLE = ROOT / "import" / "blue-harbor"
#: The sample's three files as graphkit import options.
SAMPLE_FILES = [
    "--stakeholders", SAMPLE / "stakeholders.csv",
    "--interactions", SAMPLE / "interactions.csv",
    "--relationships", SAMPLE / "relationships.csv",
]  # fmt: skip


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"reference networks not found at {REFERENCE} (copied from shared/reference/)")
    return REFERENCE


def edited_stances(path: Path, edit: Callable[[dict[str, str]], None]) -> Path:
    """The sample's stances.csv written to ``path`` with ``edit`` applied to every row."""
    with open(SAMPLE / "stances.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        edit(row)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def cli(*args: str | Path, store: Path | str | None = None) -> Result:
    """Run ``graphkit ARGS`` in-process; stdout and stderr are kept apart."""
    argv = [str(a) for a in args]
    if store is not None:
        argv += ["--store", str(store)]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def snapshot(path: Path) -> str:
    """Everything in an embedded store, as SQL text: equal snapshots, equal stores."""
    if not path.exists():
        return ""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


# -- a real Neo4j --------------------------------------------------------------------


class Neo4jAccess:
    """Where the test Neo4j is: started by scripts/neo4j_server.py, here or around pytest."""

    def __init__(self, uri: str, username: str, password: str, server=None):
        self.uri, self.username, self.password, self.server = uri, username, password, server

    def wipe(self) -> None:
        from neo4j import GraphDatabase

        with (
            GraphDatabase.driver(self.uri, auth=(self.username, self.password)) as driver,
            driver.session() as session,
        ):  # in batches: a large test graph does not fit one transaction of a small server
            # (relationships first: 5,000 stakeholders with all their contacts' relationships
            # ran out of transaction memory on a 1 GB heap)
            session.run(
                "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()


@pytest.fixture(scope="session")
def neo4j_access():
    """The Neo4j given by NEO4J_URI (scripts/neo4j_server.py run), else one started here.

    A Neo4j that cannot be reached or started FAILS the tests that need it: never a skip.
    """
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        yield Neo4jAccess(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USERNAME", "neo4j"),
            os.environ["NEO4J_PASSWORD"],
        )
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    from neo4j_server import Neo4jServer

    server = Neo4jServer(quiet=True)
    try:
        server.start()
    except Exception as exc:
        server.cleanup()
        pytest.fail(f"could not start Neo4j for the tests: {exc}")
    saved = {
        k: os.environ.get(k)
        for k in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    }
    os.environ.update(
        NEO4J_URI=server.uri,
        NEO4J_USERNAME=server.username,
        NEO4J_PASSWORD=server.password,
        NEO4J_DATABASE=server.database,
    )
    try:
        yield Neo4jAccess(server.uri, server.username, server.password, server)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.cleanup()


@pytest.fixture
def neo4j_uri(request, neo4j_access) -> str:
    """A wiped Neo4j database for one test."""
    if not request.node.get_closest_marker("neo4j"):
        pytest.fail(f"{request.node.nodeid} uses the real Neo4j: mark it @pytest.mark.neo4j")
    neo4j_access.wipe()
    return neo4j_access.uri


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_url(request, tmp_path) -> str:
    """The same test against both stores."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("neo4j_uri")


@pytest.fixture
def store(store_url):
    from graphkit.stores import open_store

    s = open_store(store_url, create=True)
    yield s
    s.close()


#: Fixtures that give a test a real Neo4j or a real Chromium, and the marker it must carry
#: for ``-m "not neo4j and not browser"`` to leave it out.
NEEDS_MARKER = {"neo4j_access": "neo4j", "neo4j_uri": "neo4j", "browser": "browser"}


def pytest_collection_modifyitems(config, items):
    """A test that asks for Neo4j or Chromium without its marker is an error, not a test
    that ``-m "not neo4j"`` would run anyway and fail."""
    missing = [
        f"{item.nodeid} uses {fixture}: mark it @pytest.mark.{marker}"
        for item in items
        for fixture, marker in NEEDS_MARKER.items()
        if fixture in getattr(item, "fixturenames", ()) and not item.get_closest_marker(marker)
    ]
    if missing:
        raise pytest.UsageError("\n".join(missing))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """tests/browser.py refuses to start Chromium for a test without the browser marker."""
    tests.browser.MARKED = item.get_closest_marker("browser") is not None


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: every test here must really run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"{skipped} tests were skipped; in CI that is a failure.", red=True)


def neo4j_value(uri: str, password: str, query: str, **params):
    """The first value of the first row of ``query`` (as user neo4j)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        return driver.execute_query(query, params).records[0][0]


def wait_until_writing_contacts(uri: str, password: str, proc, timeout: float = 120) -> str:
    """The id of the import's transaction, once it runs cypher/create_interactions.cypher on
    the server (the moment a fault test wants to strike); fails the test if ``proc`` ends
    or ``timeout`` passes first."""

    def writing() -> str | None:
        return neo4j_value(
            uri, password,
            "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
            "WHERE currentQuery STARTS WITH $q RETURN collect(transactionId)[0]",
            q="// create_interactions.cypher",
        )  # fmt: skip

    def ended() -> str | None:
        return None if proc.poll() is None else f"graphkit ended with status {proc.returncode}"

    return wait_until(
        writing, "the import never reached the contact writes", timeout=timeout, unless=ended
    )
