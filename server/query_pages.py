"""The query library over HTTP: /queries lists the named questions, /queries/NAME runs one.

``/queries/NAME?param=value`` binds the query's declared parameters (an empty
value counts as not given); the result is negotiated exactly as at /sparql
(Accept header or ``format``), through the same worker pool, timeout, row cap
and SERVICE allow-list (server.execution). A browser (Accept naming text/html
above every result type, or ``format=html``) gets an HTML page with a form
for the parameters, the query text and the result as a table.

Config ``QUERY_SERVICE_MAP`` (dict FROM -> TO, default empty) points the
library's ``SERVICE <FROM>`` at ``<TO>`` (a stand-in or a mirror); the
mapped endpoint must still be on ``SERVICE_ALLOWLIST``.
"""

import json

from flask import Blueprint, current_app, render_template, request, url_for

from govkg.errors import KgError
from govkg.server.execution import json_error, respond, run
from govkg.server.http import wants_html
from govkg.sparql import execute, named, table

bp = Blueprint("queries", __name__, template_folder="templates")

HTML = "text/html"
#: Every media type a query result can be given in (for deciding whether a browser asks).
_RESULT_TYPES = sorted({media_type for types in execute.OFFERED.values() for media_type in types})


def _html_response(body: str, status: int = 200):
    response = current_app.response_class(body, status=status, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


@bp.route("/queries")
@bp.route("/queries/")
def index():
    """The named queries: an HTML list for browsers, JSON (name, title, question, flags, params, url) otherwise."""
    try:
        queries = list(named.library(current_app.config["QUERIES_DIR"]).values())
    except KgError as error:
        return json_error(422, str(error))
    if wants_html(_RESULT_TYPES):
        return _html_response(render_template("queries.html", queries=queries))
    listing = [{**q.to_dict(), "url": url_for("queries.run_named", name=q.name, _external=True)} for q in queries]
    response = current_app.json.response({"queries": listing})
    response.vary.add("Accept")
    return response


def _values() -> dict[str, str]:
    """The parameter values of the request (every argument but ``format``); KgError on a repeated one."""
    values = {}
    for name in request.args:
        if name == "format":
            continue
        given = request.args.getlist(name)
        if len(given) > 1:
            raise KgError(f"parameter {name!r} given {len(given)} times: give it once")
        values[name] = given[0]
    return values


@bp.route("/queries/<name>")
def run_named(name: str):
    """Run the named query with the request's parameters; HTML for browsers, else the negotiated result."""
    try:
        query = named.library(current_app.config["QUERIES_DIR"]).get(name)
    except KgError as error:
        return json_error(422, str(error))
    if query is None:
        return json_error(404, f"unknown query {name!r} (see /queries)")
    html = wants_html(_RESULT_TYPES)
    try:
        values = _values()
        substitutions = named.bind(query, values)
    except KgError as error:
        if html:
            return _html_response(_page(query, request.args.to_dict(), error=str(error)), status=400)
        return json_error(400, str(error))
    text = named.map_services(query.text, current_app.config.get("QUERY_SERVICE_MAP", {}))
    job = {
        "query": text,
        "default_graph_uris": None,
        "named_graph_uris": None,
        "substitutions": substitutions,
        "accept": request.headers.get("Accept"),
        "format": request.args.get("format"),
        "base_iri": None,
    }
    if not html:
        return respond(job)
    reply = run({**job, "accept": None, "format": "json"})
    if reply["status"] != 200:
        return _html_response(_page(query, values, error=reply["error"]), status=reply["status"])
    columns, rows = table.rows(json.loads(reply["body"]))
    result = {"columns": columns, "rows": rows, "truncated": reply["truncated"], "row_cap": reply["row_cap"]}
    return _html_response(_page(query, values, result=result))


def _page(query, values: dict, result: dict | None = None, error: str | None = None) -> str:
    """The HTML page of one query: header, parameter form, result (or error), query text, download links."""
    given = {k: v for k, v in values.items() if k != "format" and v}
    downloads = {
        fmt: url_for("queries.run_named", name=query.name, **given, format=fmt) for fmt in ("json", "csv", "tsv", "xml")
    }
    return render_template(
        "queries_run.html", query=query, values=values, result=result, error=error, downloads=downloads
    )
