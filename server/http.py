"""HTTP rules common to every route: a valid Host, the request size cap, CORS; and the helpers views share to
answer in the right media type."""

from flask import Blueprint, current_app, request

from govkg.server.errors import HttpError
from govkg.sparql.negotiate import ALIASES, OFFERED
from govkg.sparql.run import GRAPH

bp = Blueprint("http", __name__)

TRUNCATED_HEADER = "X-SPARQL-Truncated"
ROW_CAP_HEADER = "X-SPARQL-Row-Cap"
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Every media type that asks for RDF (the offered ones and their aliases).
RDF_TYPES = OFFERED[GRAPH] + [alias for alias in ALIASES[GRAPH] if "/" in alias]
#: Every media type a query result can be given in.
RESULT_TYPES = sorted({media_type for types in OFFERED.values() for media_type in types})


@bp.before_app_request
def require_valid_host() -> None:
    """400 when the Host header cannot name this server (RFC 9112 section 3.2): the endpoint's own URL,
    used as the base IRI of queries and in the service description, is built from it."""
    try:
        valid = bool(request.host) and bool(request.base_url)
    except ValueError:  # e.g. a port out of range
        valid = False
    if not valid:
        raise HttpError(400, f"invalid Host header: {request.headers.get('Host', '')!r}")


@bp.before_app_request
def cap_request_size() -> None:
    """413 when the URL or the declared body exceeds MAX_REQUEST_BYTES (bodies are also cut while read)."""
    cap = current_app.config["MAX_REQUEST_BYTES"]
    size = max(len(request.query_string), request.content_length or 0)
    if size > cap:
        raise HttpError(413, f"request too large: {size} bytes, the limit is {cap}")


#: What a page may load and do: only this site's scripts (none inline), styles and images, no plugins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@bp.after_app_request
def security_headers(response):
    """The Content-Security-Policy (unless the view set its own), no MIME sniffing, no framing, no referrer to
    other sites."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


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


def content_type(media_type: str) -> str:
    """``media_type`` with ``charset=utf-8`` for the text/* types."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def html_response(body: str, status: int = 200):
    """An HTML page as a response."""
    return current_app.response_class(body, status=status, content_type="text/html; charset=utf-8")
