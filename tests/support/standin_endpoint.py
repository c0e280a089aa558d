"""A small real SPARQL endpoint over HTTP for tests: a local stand-in for the Wikidata query service.

    with StandinEndpoint(FIXTURES / "wikidata-fixture.ttl") as endpoint:
        run_something_against(endpoint.url)
        assert endpoint.requests[0].user_agent.startswith("govkg/")

It serves an in-memory pyoxigraph store loaded with a Turtle fixture on a free
port of 127.0.0.1, answers SPARQL protocol queries (GET ``?query=``, POST
form-encoded or ``application/sparql-query``) with SPARQL JSON results
(SELECT, ASK) or Turtle (CONSTRUCT, DESCRIBE), logs every request, and can
answer the next requests with scripted failures (for retry tests). Nothing in
it reaches beyond 127.0.0.1.
"""

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph

PATH = "/sparql"


@dataclass
class LoggedRequest:
    """One request the stand-in received and the status it answered."""

    method: str
    path: str
    query: str | None
    headers: dict[str, str]
    status: int = 0

    @property
    def user_agent(self) -> str:
        return self.headers.get("user-agent", "")


@dataclass
class ScriptedFailure:
    """An answer to give instead of evaluating the query: a status, headers and a body, after ``delay`` seconds."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = "scripted failure"
    delay: float = 0.0


class StandinEndpoint:
    """A context manager running the stand-in endpoint; ``url`` is its SPARQL endpoint URL."""

    def __init__(self, *fixtures: Path):
        self.store = pyoxigraph.Store()
        for fixture in fixtures:
            self.store.load(path=str(fixture), format=pyoxigraph.RdfFormat.TURTLE)
        self.requests: list[LoggedRequest] = []
        self._script: list[ScriptedFailure] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:54321/sparql``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PATH}"

    def fail_next(self, *failures: ScriptedFailure) -> None:
        """Answer the next requests, in order, with these failures instead of query results."""
        with self._lock:
            self._script.extend(failures)

    def _next_failure(self) -> ScriptedFailure | None:
        with self._lock:
            return self._script.pop(0) if self._script else None

    def __enter__(self) -> "StandinEndpoint":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _handler_for(endpoint: StandinEndpoint) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``endpoint``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(parsed.query).get("query", [None])[0]
            self._answer(parsed.path, query)

        def do_POST(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type == "application/sparql-query":
                query = body
            else:
                query = urllib.parse.parse_qs(body).get("query", [None])[0]
            self._answer(parsed.path, query)

        def _answer(self, path: str, query: str | None) -> None:
            self.logged = LoggedRequest(self.command, path, query, {k.lower(): v for k, v in self.headers.items()})
            endpoint.requests.append(self.logged)
            failure = endpoint._next_failure()
            if failure is not None:
                time.sleep(failure.delay)
                self._send(failure.status, "text/plain", failure.body.encode(), failure.headers)
            elif path != PATH:
                self._send(404, "text/plain", b"not found: use " + PATH.encode())
            elif not query:
                self._send(400, "text/plain", b"missing query parameter")
            else:
                self._evaluate(query)

        def _evaluate(self, query: str) -> None:
            try:
                results = endpoint.store.query(query)
            except (SyntaxError, ValueError, OSError) as error:
                self._send(400, "text/plain", f"bad query: {error}".encode())
                return
            if isinstance(results, pyoxigraph.QueryTriples):
                self._send(200, "text/turtle", results.serialize(format=pyoxigraph.RdfFormat.TURTLE))
            else:
                self._send(200, "application/sparql-results+json", results.serialize(format=pyoxigraph.QueryResultsFormat.JSON))

        def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.logged.status = status  # logged before answering, so a client that got the answer sees it
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                self.close_connection = True

    return Handler
