"""Run a query job through the app's worker pool and turn the reply into an HTTP response.

Every blueprint that executes SPARQL (the protocol endpoint, the query pages)
goes through ``respond(job)`` so that the same rules apply everywhere: the
SERVICE allow-list, content negotiation, the row cap, the timeout.

A job is a dict: ``query`` (text), ``default_graph_uris`` and
``named_graph_uris`` (lists, or None for the union default graph),
``substitutions`` ({variable: N-Triples term}, optional), ``accept`` (the
Accept header), ``format`` (the ``format`` parameter, optional) and ``base_iri``
(for relative IRIs in the query; the protocol uses the endpoint's URL).
"""

import json

from flask import Response, current_app, jsonify

from govkg.sparql.execute import OFFERED, NotAcceptable, negotiate

POOL_KEY = "govkg.pool"
TRUNCATED_HEADER = "X-SPARQL-Truncated"
ROW_CAP_HEADER = "X-SPARQL-Row-Cap"


def json_error(status: int, message: str, **extra) -> Response:
    """A JSON error response ``{"error": message, "status": status, ...}``."""
    response = jsonify({"error": message, "status": status, **extra})
    response.status_code = status
    return response


def content_type(media_type: str) -> str:
    """``media_type`` with ``charset=utf-8`` for the text/* types."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def _acceptable_somehow(job: dict) -> NotAcceptable | None:
    """None if some query form could be answered in a format the client takes, else the refusal."""
    refusal = None
    for kind in OFFERED:
        try:
            negotiate(job.get("accept"), job.get("format"), kind)
            return None
        except NotAcceptable as error:
            refusal = error
    all_offered = sorted({media_type for types in OFFERED.values() for media_type in types})
    return NotAcceptable(str(refusal), all_offered)


def run(job: dict) -> dict:
    """The worker reply for ``job`` (see server.worker), with this app's row cap, allow-list and timeout."""
    config = current_app.config
    refusal = _acceptable_somehow(job)
    if refusal is not None:
        return {"status": 406, "error": str(refusal), "offered": refusal.offered}
    pool = current_app.extensions[POOL_KEY]
    timeout = config["QUERY_TIMEOUT"]
    limits = {"row_cap": config["ROW_CAP"], "service_allowlist": config["SERVICE_ALLOWLIST"]}
    return pool.run({**job, **limits}, timeout=timeout, wait=timeout)


def respond(job: dict) -> Response:
    """Execute ``job`` through the worker pool and answer with the result or a JSON error."""
    reply = run(job)
    if reply["status"] != 200:
        extra = {"offered": reply["offered"]} if "offered" in reply else {}
        return json_error(reply["status"], reply["error"], **extra)
    response = Response(reply["body"], status=200, content_type=content_type(reply["media_type"]))
    response.headers[TRUNCATED_HEADER] = "true" if reply["truncated"] else "false"
    response.headers[ROW_CAP_HEADER] = str(reply["row_cap"])
    response.vary.add("Accept")
    return response


class SelectFailed(Exception):
    """A SELECT run by :func:`select` did not answer: its HTTP status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def select(query: str, substitutions: dict[str, str] | None = None) -> list[dict]:
    """The SPARQL JSON bindings of a SELECT over the union default graph, run through the worker pool (timeout,
    row cap); ``substitutions`` pre-binds variables to N-Triples terms. SelectFailed if it does not answer."""
    job = {
        "query": query,
        "default_graph_uris": None,
        "named_graph_uris": None,
        "substitutions": substitutions,
        "accept": None,
        "format": "json",
        "base_iri": None,
    }
    reply = run(job)
    if reply["status"] != 200:
        raise SelectFailed(reply["status"], reply["error"])
    return json.loads(reply["body"])["results"]["bindings"]
