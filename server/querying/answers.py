"""Queries over HTTP: the status of each way a job can end, the response of an answer, and the app's QueryService.

Every view that executes SPARQL (the protocol endpoint, the named query pages, the landing and resource pages)
goes through :func:`run` so that the same rules apply everywhere: admission (govkg.server.querying.admission: the
workers shared fairly between clients, a full pool answered 503 with Retry-After at once), the SERVICE allow-list,
content negotiation, the row cap, the timeout.
"""

import dataclasses
import json
import threading

from flask import Flask, Response, current_app, has_request_context, request

from govkg.server.errors import ErrorPage, HttpError
from govkg.server.http import ROW_CAP_HEADER, TRUNCATED_HEADER, content_type
from govkg.server.querying.admission import Gate, Refused
from govkg.server.querying.cache import ResultCache
from govkg.server.querying.jobs import Ending, Job, Outcome
from govkg.server.querying.service import QueryService
from govkg.server.replay import mark_replayable

SERVICE_KEY = "govkg.queries"
CACHE_KEY = "govkg.results"
GATE_KEY = "govkg.admission"
_GATE_LOCK = threading.Lock()

#: The HTTP status of each way a job can end.
STATUS = {
    Ending.ANSWERED: 200,
    Ending.BAD_QUERY: 400,
    Ending.SERVICE_REFUSED: 400,
    Ending.NOT_ACCEPTABLE: 406,
    Ending.NO_STORE: 503,
    Ending.READ_FAILED: 502,
    Ending.OUT_OF_MEMORY: 503,
    Ending.TIMED_OUT: 503,
    Ending.CRASHED: 503,
    Ending.TOO_LARGE: 503,
    Ending.BUSY: 503,
}


def query_service(app: Flask | None = None) -> QueryService:
    """The QueryService of ``app`` (default: the current app)."""
    return (app or current_app).extensions[SERVICE_KEY]


def result_cache(app: Flask | None = None) -> ResultCache:
    """The ResultCache of ``app`` (default: the current app)."""
    return (app or current_app).extensions[CACHE_KEY]


def admission_gate(app: Flask | None = None) -> Gate:
    """The admission Gate of ``app`` (default: the current app), made on first use from its settings and the size
    of its query service."""
    app = app or current_app
    with _GATE_LOCK:
        if GATE_KEY not in app.extensions:
            config = app.config
            app.extensions[GATE_KEY] = Gate(
                slots=query_service(app).size,
                queue=config["QUEUE_SIZE"],
                wait=config["QUEUE_WAIT"],
                per_client=config["CLIENT_QUERIES"],
                timeout=config["QUERY_TIMEOUT"],
            )
        return app.extensions[GATE_KEY]


def client_address() -> str:
    """Who sent the current request: its peer address, or, when the peer is a trusted proxy (TRUSTED_PROXIES), the
    last address of X-Forwarded-For that is not one of them; ``local`` outside a request."""
    if not has_request_context():
        return "local"
    address = request.remote_addr or "unknown"
    trusted = current_app.config["TRUSTED_PROXIES"]
    if address in trusted:
        forwarded = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        for hop in reversed(forwarded):
            address = hop
            if hop not in trusted:
                break
    return address


def run(job: Job, version: str | None = None) -> Outcome:
    """The Outcome of ``job`` on the current app's QueryService, once the admission gate lets it in (BUSY with a
    Retry-After if it does not), or the answer kept for it in the store generation ``version`` (default: looked up
    now); the job's client is the request's (:func:`client_address`) unless given."""
    cache = result_cache()
    version = version or cache.version()
    kept = cache.get(job, version)
    if kept is not None:
        return kept
    if job.client is None:
        job = dataclasses.replace(job, client=client_address())
    try:
        with admission_gate().admit(job.client or "local"):
            outcome = query_service().run(job)
    except Refused as refused:
        return Outcome(Ending.BUSY, str(refused), retry_after=refused.retry_after)
    cache.put(job, outcome, version)
    return outcome


def refusal(outcome: Outcome, page: ErrorPage | None = None) -> HttpError:
    """The HttpError for an outcome that is not an answer (shown on ``page`` to a browser, if given); BUSY carries
    Retry-After."""
    offered = list(outcome.offered) if outcome.ending is Ending.NOT_ACCEPTABLE else None
    headers = {"Retry-After": str(outcome.retry_after)} if outcome.retry_after is not None else None
    return HttpError(STATUS[outcome.ending], outcome.message, offered=offered, headers=headers, page=page)


def respond(job: Job) -> Response:
    """Run ``job`` and answer with its result (the row cap in headers); HttpError if it did not answer.

    A GET answer carries an entity tag (the store generation's and the request's, govkg.server.querying.cache) with
    ``Cache-Control: no-cache``: a client that revalidates with ``If-None-Match`` gets 304 without the query
    running again, and the same request again is answered by govkg.server.replay before it reaches Flask."""
    cache = result_cache()
    version = cache.version()
    etag = cache.etag(job, version) if request.method in ("GET", "HEAD") else None
    if etag is not None and request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        outcome = run(job, version)
        if not outcome.answered:
            raise refusal(outcome)
        response = Response(outcome.body, status=200, content_type=content_type(outcome.media_type))
        response.headers[TRUNCATED_HEADER] = "true" if outcome.truncated else "false"
        response.headers[ROW_CAP_HEADER] = str(outcome.row_cap)
    if etag is not None:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-cache"
        if version is not None:
            mark_replayable(request.environ, version)
    response.vary.add("Accept")
    return response


def select(query: str, substitutions: dict[str, str] | None = None) -> list[dict]:
    """The SPARQL JSON bindings of a SELECT over the union default graph, run like any job (timeout, row cap);
    ``substitutions`` pre-binds variables to N-Triples terms. HttpError if it does not answer."""
    outcome = run(Job(query, substitutions=substitutions, format="json"))
    if not outcome.answered:
        raise refusal(outcome)
    return json.loads(outcome.body)["results"]["bindings"]
