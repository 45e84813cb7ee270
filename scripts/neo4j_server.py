#!/usr/bin/env python3
"""Fetch, start and stop a real Neo4j Community 5.26 server on loopback for tests and CI.

Stdlib only (the ``neo4j`` driver, if installed, is imported lazily for the readiness check).
API: ``sys.path.insert(0, "scripts"); from neo4j_server import Neo4jServer`` then
``with Neo4jServer() as s: ...`` (``s.uri``, ``s.username``, ``s.password``, ``s.database``).
CLI: ``neo4j_server.py fetch`` | ``neo4j_server.py run [--port N] [--home DIR] -- CMD ARGS...``

Jars come from Maven Central (``org.neo4j:neo4j`` + transitive deps, incl. neo4j-bolt) and are
cached in ``${GRAPHKIT_NEO4J_CACHE:-~/.cache/graphkit}/neo4j-<version>/lib``. The server is
``org.neo4j.server.CommunityEntryPoint`` with a generated ``neo4j.conf``: Bolt on 127.0.0.1
only, HTTP(S) off, usage reports off, auth on; the initial password is set with
``neo4j-admin dbms set-initial-password`` (``org.neo4j.cli.AdminTool``) before the first start.
"""

from __future__ import annotations

import argparse
import atexit
import fcntl
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NEO4J_VERSION = os.environ.get("GRAPHKIT_NEO4J_VERSION", "5.26.30")  # 5.26 LTS: last on Java 17
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# What the official 5.26 launcher passes (neo4j.conf server.jvm.additional + bootloader).
JVM_FLAGS = """-XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+UnlockExperimentalVMOptions
-XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC -Djdk.nio.maxCachedBufferSize=1024
-Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"""
POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>graphkit</groupId><artifactId>neo4j-fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies><dependency>
    <groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>
  </dependency></dependencies>
</project>
"""
CONF = """server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{port}
server.bolt.advertised_address=127.0.0.1:{port}
server.bolt.tls_level=DISABLED
server.http.enabled=false
server.https.enabled=false
server.memory.heap.initial_size={heap}
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}
dbms.security.auth_enabled=true
# LOAD CSV reads only from <home>/import, never from the rest of the file system.
server.directories.import=import
dbms.usage_report.enabled=false
internal.server.bolt.connection_shutdown_wait_time=0s
internal.server.bolt.thread_pool_shutdown_wait_time=0s
"""


class Neo4jServerError(RuntimeError):
    """Fetching or starting Neo4j failed; the message is meant for humans (and CI logs)."""


def say(msg: str) -> None:
    """Print a progress message on stderr."""
    print(f"neo4j_server: {msg}", file=sys.stderr, flush=True)


def cache_dir(version: str = NEO4J_VERSION) -> Path:
    """Directory holding ``lib/`` (the jars) and the ``.complete`` marker for *version*."""
    root = os.environ.get("GRAPHKIT_NEO4J_CACHE") or Path.home() / ".cache" / "graphkit"
    return Path(root) / f"neo4j-{version}"


def fetch(version: str = NEO4J_VERSION, quiet: bool = False) -> Path:
    """Download Neo4j *version* jars with Maven unless cached; return the ``lib`` directory."""
    base = cache_dir(version)
    lib, marker = base / "lib", base / ".complete"
    if marker.is_file() and lib.is_dir():
        return lib
    base.mkdir(parents=True, exist_ok=True)
    with open(base.parent / f"neo4j-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # concurrent fetches (e.g. pytest-xdist) wait here
        if marker.is_file() and lib.is_dir():
            return lib
        marker.unlink(missing_ok=True)
        mvn = shutil.which("mvn")
        if not mvn:
            raise Neo4jServerError("Maven ('mvn') is not on PATH; it is needed to fetch Neo4j.")
        partial = base / "lib.partial"
        shutil.rmtree(lib, ignore_errors=True)
        shutil.rmtree(partial, ignore_errors=True)
        if not quiet:
            say(f"fetching Neo4j {version} with Maven into {lib} ...")
        t0 = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="graphkit-neo4j-pom-") as tmp:
            (Path(tmp) / "pom.xml").write_text(POM.format(version=version))
            cmd = [mvn, "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={partial}"]
            res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        if res.returncode != 0 or not (partial / f"neo4j-{version}.jar").is_file():
            out = "\n".join((res.stdout + res.stderr).strip().splitlines()[-20:])
            raise Neo4jServerError(f"Maven failed to fetch org.neo4j:neo4j:{version}:\n{out}")
        partial.rename(lib)
        jars = list(lib.glob("*.jar"))
        marker.write_text(f"{version} {len(jars)} jars\n")
        if not quiet:
            mb = sum(j.stat().st_size for j in jars) / 1e6
            say(f"fetched {len(jars)} jars ({mb:.0f} MB) in {time.monotonic() - t0:.1f}s")
    return lib


def free_port() -> int:
    """Return a currently free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise Neo4jServerError("No 'java' found (JAVA_HOME/PATH); Neo4j 5.26 needs Java 17+.")
    return java


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return f"--- {path} (last {lines} lines) ---\n" + "\n".join(text[-lines:]) if text else ""


class Neo4jServer:
    """A throw-away Neo4j Community server (Bolt on 127.0.0.1, auth enabled).

    ``home=None`` uses a fresh temp dir (deleted by :meth:`cleanup`); ``port=None`` picks a
    free port on first start; ``password=None`` generates a random one. Port, data and
    password are kept across ``stop()``/``kill()`` + ``start()``.
    """

    username = "neo4j"
    database = "neo4j"

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        port: int | None = None,
        password: str | None = None,
        heap: str = "512m",
        pagecache: str = "256m",
        version: str = NEO4J_VERSION,
        quiet: bool = False,
        settings: dict[str, str] | None = None,
    ) -> None:
        self._own_home = home is None
        self.home = Path(home or tempfile.mkdtemp(prefix="graphkit-neo4j-")).resolve()
        self.port = port
        # A letter first: neo4j-admin reads a password starting with "-" as an option.
        self.password = password or "p" + secrets.token_urlsafe(18)
        self.heap, self.pagecache, self.version, self.quiet = heap, pagecache, version, quiet
        #: Extra neo4j.conf lines, e.g. {"db.memory.transaction.max": "16m"}.
        self.settings = dict(settings or {})
        self._proc: subprocess.Popen[bytes] | None = None
        self._atexit = False

    @property
    def uri(self) -> str:
        """Bolt URI, e.g. ``bolt://127.0.0.1:7687`` (port is fixed at the first start)."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """True while the Neo4j JVM process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def _say(self, msg: str) -> None:
        if not self.quiet:
            say(msg)

    def _redact(self, text: str) -> str:
        return text.replace(self.password, "********")

    def start(self, timeout: float = 120.0) -> None:
        """Fetch if needed, start Neo4j and return once Bolt answers ``RETURN 1``."""
        if self.running:
            return
        lib, java = fetch(self.version, self.quiet), _java()
        if self.port is None:
            self.port = free_port()
        for sub in ("conf", "data", "logs", "plugins", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = CONF.format(port=self.port, heap=self.heap, pagecache=self.pagecache)
        conf += "".join(f"{key}={value}\n" for key, value in self.settings.items())
        (self.home / "conf" / "neo4j.conf").write_text(conf)
        cp = f"{self.home / 'plugins'}/*:{lib}/*"
        if not (self.home / "data" / "databases" / "system").exists():
            self._set_initial_password(java, cp)
        t0 = time.monotonic()
        while not _port_free(self.port):  # e.g. just after kill(), or taken by someone else
            if time.monotonic() - t0 > min(10.0, timeout):
                raise Neo4jServerError(f"Port 127.0.0.1:{self.port} is already in use.")
            time.sleep(0.2)
        deadline = t0 + timeout
        heap = [f"-Xms{self.heap}", f"-Xmx{self.heap}"]
        args = [f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}"]
        self._say(f"starting Neo4j {self.version} on {self.uri} (home {self.home})")
        with open(self.home / "logs" / "console.log", "ab") as out:
            self._proc = subprocess.Popen(
                [java, "-cp", cp, *heap, *JVM_FLAGS.split(), MAIN_CLASS, *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                start_new_session=True,  # Ctrl-C goes to us, we stop Neo4j gracefully
            )
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
        try:
            self._wait_ready(deadline)
        except BaseException:
            self.kill()
            raise
        self._say(f"Neo4j ready in {time.monotonic() - t0:.1f}s")

    def _set_initial_password(self, java: str, cp: str) -> None:
        argfile = self.home / "run" / "set-initial-password.args"  # keeps it out of `ps`
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            quoted = self.password.replace("\\", "\\\\").replace('"', '\\"')  # picocli @file
            f.write(f'dbms\nset-initial-password\n"{quoted}"\n')
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}
        try:
            cmd = [java, "-cp", cp, "-Xmx128m", "-Dfile.encoding=UTF-8", ADMIN_CLASS, f"@{argfile}"]
            res = subprocess.run(cmd, env=env, cwd=self.home, capture_output=True, text=True)
        finally:
            argfile.unlink()
        if res.returncode != 0:
            lines = (res.stdout + res.stderr).strip().splitlines()
            out = self._redact("\n".join(x for x in lines if not x.startswith("\t")))
            raise Neo4jServerError(f"neo4j-admin set-initial-password failed:\n{out}")

    def _probe(self) -> bool:
        """True when Bolt accepts our credentials; raises on a definitive auth failure."""
        try:
            with socket.create_connection(("127.0.0.1", self.port or 0), timeout=1):
                pass
        except OSError:
            return False
        try:
            import neo4j  # optional, lazy
        except ImportError:
            return True
        auth = (self.username, self.password)
        drv = neo4j.GraphDatabase.driver(self.uri, auth=auth, connection_timeout=5)
        try:
            with drv, drv.session(database=self.database) as session:
                session.run("RETURN 1").consume()
            return True
        except neo4j.exceptions.AuthError as exc:
            msg = f"Neo4j rejected the password for '{self.username}': {exc}"
            raise Neo4jServerError(msg) from None
        except Exception:
            return False

    def _wait_ready(self, deadline: float) -> None:
        while True:
            assert self._proc is not None
            rc = self._proc.poll()
            if rc is not None:
                self._fail(f"Neo4j exited with code {rc} during startup.")
            if self._probe():
                return
            if time.monotonic() > deadline:
                self._fail("Neo4j did not answer on Bolt before the timeout.")
            time.sleep(0.25)

    def _fail(self, why: str) -> None:
        logs = self.home / "logs"
        tails = [_tail(logs / name) for name in ("neo4j.log", "console.log")]
        detail = "\n".join(t for t in tails if t) or "(no log output)"
        raise Neo4jServerError(
            f"{why} URI {self.uri}, home {self.home}; see {logs / 'debug.log'}.\n{detail}"
        )

    def peak_rss_mb(self) -> float | None:
        """Peak resident memory of the running JVM in MB (Linux ``VmHWM``), else None."""
        try:
            status = Path(f"/proc/{self._proc.pid}/status").read_text()  # type: ignore[union-attr]
            return int(status.split("VmHWM:")[1].split()[0]) / 1024
        except (AttributeError, OSError, IndexError, ValueError):
            return None

    def stop(self, timeout: float = 60.0) -> None:
        """Graceful shutdown (SIGTERM, wait, then SIGKILL). Keeps the data directory."""
        if not self.running:
            self._proc = None
            return
        assert self._proc is not None
        rss = self.peak_rss_mb()
        self._proc.terminate()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._say("Neo4j did not stop in time; killing it")
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        self._say(f"Neo4j stopped (peak RSS {rss or 0:.0f} MB)")

    def kill(self) -> None:
        """SIGKILL the server (simulates a crash); ``start()`` afterwards recovers."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._proc = None

    def cleanup(self) -> None:
        """Stop the server and delete the home directory if it is our temp dir."""
        self.stop()
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> Neo4jServer:
        try:
            self.start()
        except BaseException:
            self.cleanup()  # __exit__ is not called when __enter__ fails
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.cleanup()


def _run(opts: argparse.Namespace, cmd: list[str]) -> int:
    """Start a server, run *cmd* with NEO4J_* env vars, always stop; return cmd's code."""
    child: subprocess.Popen[bytes] | None = None

    def on_signal(signum: int, _frame: Any) -> None:
        if child is None:
            raise SystemExit(128 + signum)
        if signum != signal.SIGINT:  # the terminal already sent SIGINT to the child
            child.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    password = opts.password or os.environ.get("GRAPHKIT_NEO4J_PASSWORD")
    server = Neo4jServer(opts.home, opts.port, password, opts.heap, opts.pagecache)
    try:
        try:
            server.start(timeout=opts.timeout)
        except Neo4jServerError as exc:
            if (server.home / "logs" / "neo4j.log").exists():
                server._own_home = False  # keep the logs for inspection / CI artifacts
            say(f"ERROR: could not start Neo4j: {server._redact(str(exc))}")
            return 1
        env = {
            **os.environ,
            "NEO4J_URI": server.uri,
            "NEO4J_USERNAME": server.username,
            "NEO4J_PASSWORD": server.password,
            "NEO4J_DATABASE": server.database,
            "GRAPHKIT_NEO4J_HOME": str(server.home),
        }
        say(f"running: {server._redact(shlex.join(cmd))}")
        try:
            child = subprocess.Popen(cmd, env=env)
        except OSError as exc:
            say(f"ERROR: cannot run {cmd[0]!r}: {exc}")
            return 127
        rc = child.wait()
        return 128 - rc if rc < 0 else rc
    except SystemExit as exc:
        say(f"interrupted by signal {int(exc.code or 128) - 128}")
        return int(exc.code or 1)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # do not interrupt the shutdown
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        server.cleanup()


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; see the module docstring."""
    argv = sys.argv[1:] if argv is None else argv
    cmd: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, cmd = argv[:i], argv[i + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("fetch", help="download and cache the Neo4j jars")
    run = sub.add_parser("run", help="start Neo4j, run `-- CMD ARGS...`, stop Neo4j")
    run.add_argument("--home", help="server home (default: temp dir, deleted afterwards)")
    run.add_argument("--port", type=int, help="Bolt port (default: a free one)")
    run.add_argument("--password", help="default: $GRAPHKIT_NEO4J_PASSWORD or random")
    run.add_argument("--heap", default="512m")
    run.add_argument("--pagecache", default="256m")
    run.add_argument("--timeout", type=float, default=120.0, help="startup timeout (s)")
    opts = parser.parse_args(argv)
    try:
        if opts.action == "fetch":
            say(f"Neo4j {NEO4J_VERSION} jars in {fetch()}")
            return 0
        if not cmd:
            parser.error("run needs a command after `--`")
        return _run(opts, cmd)
    except Neo4jServerError as exc:
        say(f"ERROR: {exc}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
