"""Queries over HTTP: the status of each way a job can end, the response of an answer, and the app's QueryService.

Every view that executes SPARQL (the protocol endpoint, the named query pages, the landing and resource pages)
goes through :func:`run` so that the same rules apply everywhere: the SERVICE allow-list, content negotiation,
the row cap, the timeout.
"""

import json

from flask import Flask, Response, current_app

from govkg.server.errors import ErrorPage, HttpError
from govkg.server.http import ROW_CAP_HEADER, TRUNCATED_HEADER, content_type
from govkg.server.querying.jobs import Ending, Job, Outcome
from govkg.server.querying.service import QueryService

SERVICE_KEY = "govkg.queries"

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
    Ending.BUSY: 503,
}


def query_service(app: Flask | None = None) -> QueryService:
    """The QueryService of ``app`` (default: the current app)."""
    return (app or current_app).extensions[SERVICE_KEY]


def run(job: Job) -> Outcome:
    """The Outcome of ``job`` on the current app's QueryService."""
    return query_service().run(job)


def refusal(outcome: Outcome, page: ErrorPage | None = None) -> HttpError:
    """The HttpError for an outcome that is not an answer (shown on ``page`` to a browser, if given)."""
    offered = list(outcome.offered) if outcome.ending is Ending.NOT_ACCEPTABLE else None
    return HttpError(STATUS[outcome.ending], outcome.message, offered=offered, page=page)


def respond(job: Job) -> Response:
    """Run ``job`` and answer with its result (the row cap in headers); HttpError if it did not answer."""
    outcome = run(job)
    if not outcome.answered:
        raise refusal(outcome)
    response = Response(outcome.body, status=200, content_type=content_type(outcome.media_type))
    response.headers[TRUNCATED_HEADER] = "true" if outcome.truncated else "false"
    response.headers[ROW_CAP_HEADER] = str(outcome.row_cap)
    response.vary.add("Accept")
    return response


def select(query: str, substitutions: dict[str, str] | None = None) -> list[dict]:
    """The SPARQL JSON bindings of a SELECT over the union default graph, run like any job (timeout, row cap);
    ``substitutions`` pre-binds variables to N-Triples terms. HttpError if it does not answer."""
    outcome = run(Job(query, substitutions=substitutions, format="json"))
    if not outcome.answered:
        raise refusal(outcome)
    return json.loads(outcome.body)["results"]["bindings"]
