"""The SPARQL 1.1 Protocol endpoint at /sparql (queries only; updates are refused)."""

from urllib.parse import parse_qsl

from flask import Blueprint, redirect, request
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from govkg.server import service_description
from govkg.server.execution import json_error, respond
from govkg.server.http import RDF_TYPES, wants_html

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


def _require_utf8_charset() -> None:
    """415 unless the POST body is declared UTF-8 (or declares no charset)."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise _Refusal(415, f"charset {charset} is not supported: send the query in UTF-8")


def _form(encoded: bytes, where: str) -> MultiDict:
    """URL-encoded parameters, decoded strictly as UTF-8 (werkzeug would replace bad bytes silently)."""
    try:
        return MultiDict(parse_qsl(encoded.decode("utf-8"), keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as error:
        raise _Refusal(400, f"the {where} is not valid UTF-8 ({error})") from None


def _parameters() -> tuple[MultiDict, str | None]:
    """The request's protocol parameters and, for a direct POST, the query in its body."""
    url_parameters = _form(request.query_string, "URL's query string")
    if request.method in ("GET", "HEAD"):
        return url_parameters, None
    mimetype = request.mimetype
    if mimetype == SPARQL_UPDATE:
        raise _Refusal(403, READ_ONLY)
    if mimetype not in (FORM, SPARQL_QUERY):
        shown = mimetype or "none"
        raise _Refusal(415, f"Content-Type {shown} is not accepted: use {FORM} or {SPARQL_QUERY} (or GET ?query=)")
    _require_utf8_charset()
    body = request.get_data(cache=False)
    if mimetype == FORM:
        return CombinedMultiDict([url_parameters, _form(body, "form body")]), None
    try:
        return url_parameters, body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refusal(400, f"the query is not valid UTF-8 ({error})") from None


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
        if request.method != "POST":
            if wants_html(RDF_TYPES):  # a browser: the query editor rather than the description in RDF
                return redirect("/query", 303)
            return service_description.respond(params.get("format"))
        return json_error(400, "no query given: send it as 'query' (form) or as an application/sparql-query body")
    if not queries[0].strip():
        return json_error(400, "the query is empty")
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
