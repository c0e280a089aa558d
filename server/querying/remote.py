"""The RemoteQueryService: the QueryService's interface (``run(job) -> Outcome``, ``busy()``, ``pids()``,
``close()``) over a remote SPARQL 1.1 engine (`kg serve --backend URL`, docs/scale-out.md) instead of worker
processes over the embedded store.

Every safety layer of the embedded service is kept, and applied before the query leaves: only queries (no update
word), SERVICE endpoints on the allow-list (service_policy), content negotiation. Parameters are bound by a VALUES
block (govkg.remote.portable), the endpoint's base by a BASE line. Without a dataset of its own (protocol
parameters or FROM), a query runs on what `kg publish` wrote: the union graph as the default graph and the
published graphs as the named graphs, as on the embedded store. The answer is read as a stream, at most
``row_cap`` rows or triples, and written by the same serializers as the embedded store's (so an engine's
non-canonical ``"1"^^xsd:boolean`` reads ``true``; Virtuoso's ASK answer, a one-cell table, reads as a boolean).
A query that has not answered within the timeout is abandoned (its connection closed; the engine's own timeout is
set too where the engine takes one per query: Virtuoso) and answered TIMED_OUT.
"""

import threading
import time
from typing import IO, cast

import pyoxigraph

from govkg.errors import KgError
from govkg.remote import portable
from govkg.remote.protocol import ENGINES, Auth, Endpoints, Remote, RemoteError, TimedOut, check_url
from govkg.remote.publish import ENGINE, HAS_PART, IDENTIFIER, PUBLICATION_GRAPH, UNION_GRAPH
from govkg.server.querying import service_policy
from govkg.server.querying.jobs import Ending, Job, Limits, Outcome
from govkg.server.querying.service import acceptable_somehow
from govkg.sparql.negotiate import NotAcceptable, negotiate
from govkg.sparql.results import serialize
from govkg.sparql.run import BOOLEAN, GRAPH, SOLUTIONS, Result

#: What the upstream request accepts, by query form: results as SPARQL JSON, graphs as N-Triples (or Turtle); asked
#: by form, since an engine may honour the first type of the Accept header whatever the form (Virtuoso does).
_RESULTS, _GRAPHS = "application/sparql-results+json", "application/n-triples, text/turtle;q=0.8"
_BOOLEAN = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
#: How long the publication record read from the engine is trusted before it is read again, in seconds.
RECORD_TTL = 2.0


class _Deadline:
    """A response read as a stream that stops (TimeoutError) once ``deadline`` (time.monotonic) has passed."""

    def __init__(self, response, deadline: float):
        self.response = response
        self.deadline = deadline
        self.expired = False

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self.deadline:
            self.expired = True
            raise TimeoutError("deadline passed")
        return self.response.read(size)


class Publication:
    """What the last `kg publish` wrote to the engine (its record graph): the graphs (the union aside), the
    engine's name and the build, read again once older than RECORD_TTL seconds."""

    def __init__(self, remote: Remote):
        self.remote = remote
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self.graphs: tuple[str, ...] = ()
        self.engine = ""
        self.build = ""

    def refresh(self) -> "Publication":
        """This record, read again if it is stale; RemoteError if the engine cannot be read."""
        with self._lock:
            if time.monotonic() - self._read_at > RECORD_TTL:
                rows = self.remote.select(
                    f"SELECT ?p ?o WHERE {{ GRAPH <{PUBLICATION_GRAPH}> {{ <{PUBLICATION_GRAPH}> ?p ?o }} }}"
                )
                self.graphs = tuple(sorted(r["o"] for r in rows if r.get("p") == HAS_PART and r["o"] != UNION_GRAPH))
                self.engine = next((r["o"] for r in rows if r.get("p") == ENGINE), "")
                self.build = next((r["o"] for r in rows if r.get("p") == IDENTIFIER), "")
                self._read_at = time.monotonic()
        return self


def backend_remote(url: str, timeout: float, auth: Auth, engine: str = "oxigraph") -> Remote:
    """A client of the query service at ``url`` of ``engine`` (for its own timeout parameter)."""
    return Remote(Endpoints(check_url(url), url, url, ENGINES.get(engine, ENGINES["oxigraph"])), auth, timeout)


class RemoteQueryService:
    """At most ``size`` queries at once on the engine whose query service is ``url``; every job runs under
    ``limits`` (its memory cap aside: the engine's own) and is abandoned after ``timeout`` seconds."""

    def __init__(self, url: str, size: int, timeout: float, limits: Limits, auth: Auth | None = None):
        self.size = size
        self.timeout = timeout
        self.limits = limits
        self.url = url
        self.auth = auth or Auth.resolve()
        self.publication = Publication(backend_remote(url, timeout, self.auth))
        self._remotes: dict[str, Remote] = {}
        self.start_failure: str | None = None  # as QueryService's: no worker to fail to start
        self._slots = threading.BoundedSemaphore(size)
        self._running = 0
        self._count_lock = threading.Lock()

    def run(self, job: Job) -> Outcome:
        """The Outcome of ``job`` (as QueryService.run: BUSY, TIMED_OUT, NOT_ACCEPTABLE...); READ_FAILED if the
        engine cannot be reached or fails."""
        refusal = acceptable_somehow(job)
        if refusal is not None:
            return Outcome(Ending.NOT_ACCEPTABLE, str(refusal), offered=tuple(refusal.offered))
        deadline = time.monotonic() + self.timeout
        if not self._slots.acquire(timeout=self.timeout):
            return Outcome(Ending.BUSY, f"all {self.size} backend connections are busy; try again shortly")
        with self._count_lock:
            self._running += 1
        try:
            return self._execute(job, deadline)
        finally:
            with self._count_lock:
                self._running -= 1
            self._slots.release()

    def _execute(self, job: Job, deadline: float) -> Outcome:
        try:
            service_policy.check(job.query, self.limits.service_allowlist, job.base_iri)
            kind = portable.form(job.query)
            text = portable.bind_values(job.query, job.substitutions or {})
            if job.base_iri:
                text = f"BASE <{job.base_iri}>\n{text}"
            publication = self.publication.refresh()
            dataset = self._dataset(job, publication)
            remote = self._remotes.get(publication.engine)
            if remote is None:
                remote = self._remotes[publication.engine] = backend_remote(
                    self.url, self.timeout, self.auth, publication.engine
                )
            result = self._fetch(remote, text, kind, dataset, deadline)
            media_type = negotiate(job.accept, job.format, result.kind)
            body = serialize(result, media_type)
        except service_policy.PolicyError as error:
            return Outcome(Ending.SERVICE_REFUSED, str(error))
        except NotAcceptable as error:
            return Outcome(Ending.NOT_ACCEPTABLE, str(error), offered=tuple(error.offered))
        except TimedOut:
            return Outcome(Ending.TIMED_OUT, f"query timed out after {self.timeout:g} s and was stopped")
        except RemoteError as error:
            if error.status == 400:
                return Outcome(Ending.BAD_QUERY, f"the backend refused the query: {error}")
            return Outcome(Ending.READ_FAILED, f"the backend failed: {error}")
        except KgError as error:
            return Outcome(Ending.BAD_QUERY, str(error))
        cap = self.limits.max_result_bytes
        if cap is not None and len(body) > cap:
            return Outcome(Ending.TOO_LARGE, f"the result is larger than {cap // (1024 * 1024)} MiB")
        return Outcome(
            Ending.ANSWERED, media_type=media_type, body=body, truncated=result.truncated, row_cap=result.row_cap
        )

    @staticmethod
    def _dataset(job: Job, publication: Publication) -> list[tuple[str, str]]:
        """The protocol's dataset parameters: the job's, else none if the query has FROM, else the publication's."""
        if job.default_graph_uris is not None or job.named_graph_uris is not None:
            return [("default-graph-uri", g) for g in job.default_graph_uris or ()] + [
                ("named-graph-uri", g) for g in job.named_graph_uris or ()
            ]
        if portable.names_dataset(job.query) or not publication.graphs:
            return []
        return [("default-graph-uri", UNION_GRAPH)] + [("named-graph-uri", g) for g in publication.graphs]

    def _fetch(self, remote: Remote, text: str, kind: str, dataset: list[tuple[str, str]], deadline: float) -> Result:
        """The engine's answer to ``text`` read into a Result of at most row_cap rows or triples."""
        cap = self.limits.row_cap
        remaining = max(deadline - time.monotonic(), 0.001)
        accept = _GRAPHS if kind in ("construct", "describe") else _RESULTS
        with remote.query(text, accept, dataset, timeout=remaining) as response:
            if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's partial answer at its timeout
                raise TimedOut("the engine stopped the query at its timeout")
            media_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
            stream = _Deadline(response, deadline)
            try:
                return _read(stream, media_type, kind, cap)
            except TimedOut:
                raise
            except Exception as error:  # the parsers raise SyntaxError, OSError, ValueError... on a cut stream
                if stream.expired or isinstance(error, TimeoutError):
                    raise TimedOut("the answer did not arrive in time") from None
                raise RemoteError(f"unreadable answer ({media_type}): {' '.join(str(error).split())}") from None

    def crashes(self, seconds: float) -> int:
        """No worker to crash: 0."""
        return 0

    def busy(self) -> int:
        """How many queries are running on the engine right now."""
        with self._count_lock:
            return self._running

    def pids(self) -> set[int]:
        """No worker processes: the engine runs the queries."""
        return set()

    def close(self) -> None:
        """Nothing to stop (each request closes its own connection)."""


def _read(stream: _Deadline, media_type: str, kind: str, cap: int) -> Result:
    """The Result in ``stream`` (``media_type``), cut at ``cap`` rows or triples."""
    results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
    if results_format is not None:
        answer = pyoxigraph.parse_query_results(cast(IO[bytes], stream), format=results_format)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return Result(BOOLEAN, boolean=bool(answer), row_cap=cap)
        variables = [variable.value for variable in answer.variables]
        rows: list[tuple] = []
        truncated = False
        for solution in answer:
            if len(rows) >= cap:
                truncated = True
                break
            rows.append(tuple(_canonical(solution[name]) for name in variables))
        if kind == "ask":  # Virtuoso answers ASK with a table of one cell
            return Result(BOOLEAN, boolean=any(_truthy(cell) for row in rows for cell in row), row_cap=cap)
        return Result(SOLUTIONS, variables=variables, rows=rows, truncated=truncated, row_cap=cap)
    rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
    if rdf_format is None:
        raise RemoteError(f"the engine answered in {media_type or 'no media type'}, which is not read here")
    triples: list = []
    for quad in pyoxigraph.parse(cast(IO[bytes], stream), format=rdf_format):
        if len(triples) >= cap:
            return Result(GRAPH, triples=triples, truncated=True, row_cap=cap)
        triples.append(quad.triple)
    return Result(GRAPH, triples=triples, row_cap=cap)


def _canonical(term):
    """``term``, with an xsd:boolean written 1 or 0 (Virtuoso) written true or false."""
    if isinstance(term, pyoxigraph.Literal) and term.datatype == _BOOLEAN and term.value in ("1", "0"):
        return pyoxigraph.Literal("true" if term.value == "1" else "false", datatype=_BOOLEAN)
    return term


def _truthy(term) -> bool:
    return isinstance(term, pyoxigraph.Literal) and term.value in ("1", "true")
