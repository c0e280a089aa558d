"""HTTP behaviour common to every route: a valid Host, CORS, request size cap, JSON bodies for every error."""

from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException

from govkg.server.execution import ROW_CAP_HEADER, TRUNCATED_HEADER, json_error
from govkg.sparql.execute import ALIASES, GRAPH, OFFERED

bp = Blueprint("http", __name__)


@bp.before_app_request
def require_valid_host():
    """400 when the Host header cannot name this server (RFC 9112 section 3.2): the endpoint's own URL,
    used as the base IRI of queries and in the service description, is built from it."""
    try:
        valid = bool(request.host) and bool(request.base_url)
    except ValueError:  # e.g. a port out of range
        valid = False
    if not valid:
        return json_error(400, f"invalid Host header: {request.headers.get('Host', '')!r}")
    return None


@bp.before_app_request
def cap_request_size():
    """413 when the URL or the declared body exceeds MAX_REQUEST_BYTES (bodies are also cut while read)."""
    cap = current_app.config["MAX_REQUEST_BYTES"]
    size = max(len(request.query_string), request.content_length or 0)
    if size > cap:
        return json_error(413, f"request too large: {size} bytes, the limit is {cap}")
    return None


@bp.after_app_request
def cors(response):
    """Allow any origin, without credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = f"{TRUNCATED_HEADER}, {ROW_CAP_HEADER}"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Any HTTP error (404, 405, 413, ...) as a JSON body, keeping headers such as Allow."""
    response = json_error(error.code or 400, error.description or error.name)
    for name, value in error.get_response().headers.items():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Every media type that asks for RDF (the offered ones and their aliases).
RDF_TYPES = OFFERED[GRAPH] + [alias for alias in ALIASES[GRAPH] if "/" in alias]


def wants_html(competing_types: list[str]) -> bool:
    """True for ``format=html``, or without ``format`` when Accept names an HTML type at least as high as every
    one of ``competing_types`` (the other media types the route offers)."""
    format_param = request.args.get("format")
    if format_param:
        return format_param.strip().lower() == "html"
    accept = request.accept_mimetypes
    named = [media_type for media_type in HTML_TYPES if any(value == media_type for value, _ in accept)]
    if not named:
        return False
    best_html = max(accept[media_type] for media_type in named)
    return best_html > 0 and best_html >= max(accept[media_type] for media_type in competing_types)
