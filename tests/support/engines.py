"""Real SPARQL engines for the tests: Oxigraph server (the ``oxigraph`` command of the test extras) and Virtuoso 7
(``virtuoso-t``, where installed: .ci/run installs it when it can), each on free loopback ports in a temporary
folder, stopped after; and :class:`Interposer`, a forwarding proxy in front of one that can alter or refuse requests
(to make a publish fail midway)."""

import contextlib
import http.server
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest

from conftest import free_port
from govkg.remote.protocol import Auth, Endpoints, Remote

VIRTUOSO_BINARY = "virtuoso-t"
#: The Virtuoso administrator of a fresh database (digest authentication on its -auth endpoints).
VIRTUOSO_USER = VIRTUOSO_PASSWORD = "dba"


@dataclass
class Engine:
    """A running engine: its name (an entry of govkg.remote.protocol.ENGINES), base URL and write credentials."""

    name: str
    base: str
    process: subprocess.Popen
    folder: Path
    auth: Auth = Auth()

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints.of(self.base, self.name)

    def remote(self, timeout: float = 30.0) -> Remote:
        """A client that may write."""
        return Remote(self.endpoints, self.auth, timeout=timeout)

    def publish_args(self) -> list[str]:
        """The `kg publish` options that reach this engine (credentials through the environment)."""
        return ["--to", self.base, "--engine", self.name]

    def environment(self) -> dict[str, str]:
        """The environment of a `kg` subprocess that writes here."""
        extra = {"KG_REMOTE_USER": self.auth.user, "KG_REMOTE_PASSWORD": self.auth.password,
                 "KG_REMOTE_AUTH": self.auth.kind} if self.auth.kind != "none" else {}
        return {**os.environ, **{k: v for k, v in extra.items() if v}}

    def stop(self) -> None:
        """Stop the engine (SIGTERM, then SIGKILL)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _wait_until_up(engine: Engine, log: Path, seconds: float = 90.0) -> None:
    """Wait until the engine answers a query; fail naming its log if it exits or does not answer in time."""
    deadline = time.monotonic() + seconds
    probe = f"{engine.endpoints.query}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if engine.process.poll() is not None:
            pytest.fail(f"{engine.name} exited with status {engine.process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    engine.stop()
    pytest.fail(f"{engine.name} did not answer within {seconds:g} s: {log.read_text()[-2000:]}")


def oxigraph_binary() -> str:
    """The ``oxigraph`` command (from the test extras: pip install oxigraph); fails the test if it is missing."""
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph command is missing: pip install -e '.[test]' installs it")
    return found


@contextlib.contextmanager
def oxigraph(folder: Path, timeout_s: float | None = None, read_only: bool = False) -> Iterator[Engine]:
    """Oxigraph server on a free port with its database in ``folder`` (``--timeout-s`` if given), for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    if read_only and not (folder / "db").exists():
        pyoxigraph.Store(str(folder / "db")).flush()  # an empty database to serve (closed when dropped)
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(folder / "db"),
               "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        command += ["--timeout-s", f"{timeout_s:g}"]
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    engine = Engine("oxigraph", f"http://127.0.0.1:{port}/", process, folder)
    try:
        _wait_until_up(engine, log)
        yield engine
    finally:
        engine.stop()


def virtuoso_binary() -> str:
    """The ``virtuoso-t`` command; skips the test, with how to install it, if it is missing."""
    found = shutil.which(VIRTUOSO_BINARY)
    if found is None:
        pytest.skip(f"{VIRTUOSO_BINARY} is not installed (apt-get install -y virtuoso-opensource-7-bin; .ci/run "
                    "installs it where apt-get works)")
    return found


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = ./virtuoso.db
ErrorLogFile = ./virtuoso.log
LockFile = ./virtuoso.lck
TransactionFile = ./virtuoso.trx
xa_persistent_file = ./virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ./virtuoso-temp.db
TransactionFile = ./virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
MaxQueryMem = 200M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[Engine]:
    """Virtuoso 7 (a fresh database in ``folder``) on free ports, for the block; skips if it is not installed."""
    binary = virtuoso_binary()
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(http_port=http_port, sql_port=sql_port))
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "-f", "-c", "virtuoso.ini"], cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT)
    engine = Engine("virtuoso", f"http://127.0.0.1:{http_port}/", process, folder,
                    Auth("digest", VIRTUOSO_USER, VIRTUOSO_PASSWORD))
    try:
        _wait_until_up(engine, log)
        yield engine
    finally:
        engine.stop()


#: Decides about one request to the engine: (method, path with query, body) -> None to forward it as it is, bytes
#: to forward that body instead, or an int to answer with that HTTP status without forwarding.
Decision = Callable[[str, str, bytes], None | bytes | int]


class Interposer:
    """A forwarding HTTP proxy on a free loopback port in front of ``target`` (a base URL): each request is first
    put to ``decide``. ``base`` is its own base URL; ``authorizations`` the Authorization header of each request."""

    def __init__(self, target: str, decide: Decision):
        self.target = target.rstrip("/")
        self.decide = decide
        self.authorizations: list[str | None] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.authorizations.append(self.headers.get("Authorization"))
                decision = outer.decide(self.command, self.path, body)
                if isinstance(decision, int):
                    self.send_response(decision)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if isinstance(decision, bytes):
                    body = decision
                headers = {k: v for k, v in self.headers.items() if k.lower() in
                           ("content-type", "accept", "authorization")}
                request = urllib.request.Request(outer.target + self.path, data=body if body else None,
                                                 method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, answer, reply_headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as error:
                    status, answer, reply_headers = error.code, error.read(), error.headers
                self.send_response(status)
                for key in ("Content-Type", "WWW-Authenticate"):
                    if reply_headers.get(key):
                        self.send_header(key, reply_headers[key])
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "Interposer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
