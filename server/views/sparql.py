"""The SPARQL 1.1 Protocol endpoint at /sparql (queries only; updates are refused)."""

from urllib.parse import parse_qsl

from flask import Blueprint, redirect, request, url_for
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from govkg.server.errors import HttpError
from govkg.server.http import RDF_TYPES, wants_html
from govkg.server.querying.answers import respond
from govkg.server.querying.jobs import Job
from govkg.server.urls import public_url
from govkg.server.views import service_description

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update (and LOAD) is not accepted"


def _require_utf8_charset() -> None:
    """415 unless the POST body is declared UTF-8 (or declares no charset)."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"charset {charset} is not supported: send the query in UTF-8")


def _form(encoded: bytes, where: str) -> MultiDict:
    """URL-encoded parameters, decoded strictly as UTF-8 (werkzeug would replace bad bytes silently)."""
    try:
        return MultiDict(parse_qsl(encoded.decode("utf-8"), keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as error:
        raise HttpError(400, f"the {where} is not valid UTF-8 ({error})") from None


def _parameters() -> tuple[MultiDict | CombinedMultiDict, str | None]:
    """The request's protocol parameters and, for a direct POST, the query in its body."""
    url_parameters = _form(request.query_string, "URL's query string")
    if request.method in ("GET", "HEAD"):
        return url_parameters, None
    mimetype = request.mimetype
    if mimetype == SPARQL_UPDATE:
        raise HttpError(403, READ_ONLY)
    if mimetype not in (FORM, SPARQL_QUERY):
        shown = mimetype or "none"
        raise HttpError(415, f"Content-Type {shown} is not accepted: use {FORM} or {SPARQL_QUERY} (or GET ?query=)")
    _require_utf8_charset()
    body = request.get_data(cache=False)
    if mimetype == FORM:
        return CombinedMultiDict([url_parameters, _form(body, "form body")]), None
    try:
        return url_parameters, body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"the query is not valid UTF-8 ({error})") from None


@bp.route("/sparql/", methods=["GET", "POST"])
@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    """Answer a SPARQL query (GET ?query=, form POST, direct POST) or, without one, the service description."""
    params, body_query = _parameters()
    if any(name in params for name in ("update", "using-graph-uri", "using-named-graph-uri")):
        raise HttpError(403, READ_ONLY)
    queries = params.getlist("query") + ([body_query] if body_query is not None else [])
    if len(queries) > 1:
        raise HttpError(400, "more than one query given: send exactly one")
    if not queries:
        if request.method != "POST":
            if wants_html(RDF_TYPES):  # a browser: the query editor rather than the description in RDF
                return redirect(url_for("editor.query"), 303)
            return service_description.respond(params.get("format"))
        raise HttpError(400, "no query given: send it as 'query' (form) or as an application/sparql-query body")
    if not queries[0].strip():
        raise HttpError(400, "the query is empty")
    has_dataset = "default-graph-uri" in params or "named-graph-uri" in params
    job = Job(
        query=queries[0],
        default_graph_uris=tuple(params.getlist("default-graph-uri")) if has_dataset else None,
        named_graph_uris=tuple(params.getlist("named-graph-uri")) if has_dataset else None,
        accept=request.headers.get("Accept"),
        format=params.get("format"),
        base_iri=public_url("sparql.sparql"),
    )
    return respond(job)
