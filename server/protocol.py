"""The SPARQL 1.1 Protocol endpoint at /sparql (queries only; updates are refused)."""

from flask import Blueprint, request
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from server import service_description
from server.execution import json_error, respond

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update (and LOAD) is not accepted"


class _Refusal(Exception):
    """A request the protocol refuses: status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _direct_query() -> str:
    """The body of an ``application/sparql-query`` POST, decoded as UTF-8 (the only charset allowed)."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise _Refusal(415, f"charset {charset} is not supported: send the query in UTF-8")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refusal(400, f"the query is not valid UTF-8 ({error})") from None


def _parameters() -> tuple[MultiDict, str | None]:
    """The request's protocol parameters and, for a direct POST, the query in its body."""
    if request.method == "GET":
        return request.args, None
    mimetype = request.mimetype
    if mimetype == SPARQL_UPDATE:
        raise _Refusal(403, READ_ONLY)
    if mimetype == FORM:
        return CombinedMultiDict([request.args, request.form]), None
    if mimetype == SPARQL_QUERY:
        return request.args, _direct_query()
    shown = mimetype or "none"
    raise _Refusal(415, f"Content-Type {shown} is not accepted: use {FORM} or {SPARQL_QUERY} (or GET ?query=)")


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def sparql():
    """Answer a SPARQL query (GET ?query=, form POST, direct POST) or, without one, the service description."""
    try:
        params, body_query = _parameters()
    except _Refusal as refusal:
        return json_error(refusal.status, str(refusal))
    if any(name in params for name in ("update", "using-graph-uri", "using-named-graph-uri")):
        return json_error(403, READ_ONLY)
    queries = params.getlist("query") + ([body_query] if body_query is not None else [])
    if len(queries) > 1:
        return json_error(400, "more than one query given: send exactly one")
    if not queries:
        if request.method == "GET":
            return service_description.respond(params.get("format"))
        return json_error(400, "no query given: send it as 'query' (form) or as an application/sparql-query body")
    has_dataset = "default-graph-uri" in params or "named-graph-uri" in params
    job = {
        "query": queries[0],
        "default_graph_uris": params.getlist("default-graph-uri") if has_dataset else None,
        "named_graph_uris": params.getlist("named-graph-uri") if has_dataset else None,
        "accept": request.headers.get("Accept"),
        "format": params.get("format"),
        "base_iri": request.base_url,
    }
    return respond(job)
