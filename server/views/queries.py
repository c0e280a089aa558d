"""The query library over HTTP: /queries lists the named questions, /queries/NAME runs one.

``/queries/NAME?param=value`` binds the query's declared parameters (an empty value counts as not given); the
result is negotiated exactly as at /sparql (Accept header or ``format``), through the same QueryService, timeout,
row cap and SERVICE allow-list (govkg.server.querying). A browser (Accept naming text/html above every result type,
or ``format=html``) gets an HTML page with a form for the parameters, the query text and the result as a table whose
IRIs show their labels; with JavaScript (server/static/results.js) the result can also be shown as a bar chart, a
timeline or a graph where it fits, and the table is paginated and sortable.

Config ``QUERY_SERVICE_MAP`` (dict FROM -> TO, default empty) points the library's ``SERVICE <FROM>`` at ``<TO>``
(a stand-in or a mirror); the mapped endpoint must still be on the allow-list.
"""

import json
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, request, url_for

from govkg.errors import KgError
from govkg.rdf.namespaces import PREFIXES
from govkg.server.errors import ErrorPage, HttpError
from govkg.server.http import RESULT_TYPES, html_response, wants_html
from govkg.server.pages.catalogue import catalogue
from govkg.server.querying.answers import refusal, respond, run
from govkg.server.querying.jobs import Job
from govkg.server.urls import page_href, public_url
from govkg.sparql import named, table

bp = Blueprint("queries", __name__)


@dataclass(frozen=True)
class Cell:
    """A result value as the table shows it: its text (an IRI's label, else its prefixed name), and for an IRI its
    page and the IRI itself."""

    text: str
    href: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Table:
    """A result shown as a table (labelled cells), whether the row cap cut it, and the data the result views of
    server/static/results.js draw from (the SPARQL JSON result, the labels of its IRIs, the site's settings)."""

    columns: list[str]
    rows: list[list[Cell]]
    truncated: bool
    row_cap: int | None
    data: dict


def _table(results: dict, truncated: bool, row_cap: int | None) -> Table:
    """The labelled table of a SPARQL JSON result (SELECT or ASK)."""
    columns, texts = table.rows(results)
    bindings = results.get("results", {}).get("bindings", [])
    iris = {b["value"] for row in bindings for b in row.values() if b["type"] == "uri"}
    try:
        known = catalogue().labels
    except HttpError:  # the result is shown all the same, by prefixed names
        known = {}
    labels = {iri: known[iri] for iri in iris if iri in known}
    rows = []
    for index, text_row in enumerate(texts):
        row = bindings[index] if bindings else {}
        cells = []
        for column, text in zip(columns, text_row, strict=True):
            term = row.get(column)
            if term is not None and term["type"] == "uri":
                cells.append(Cell(labels.get(term["value"], text), page_href(term["value"]), term["value"]))
            else:
                cells.append(Cell(text))
        rows.append(cells)
    config = {"root": url_for("landing.index"), "publicBase": current_app.config["PUBLIC_BASE"], "prefixes": PREFIXES}
    data = {"config": config, "results": results, "labels": labels} if bindings else {}
    return Table(columns, rows, truncated, row_cap, data)


@bp.after_request
def vary_on_accept(response):
    """Every answer here depends on Accept (HTML for browsers, else a negotiated result or JSON)."""
    response.vary.add("Accept")
    return response


def _library() -> dict[str, named.NamedQuery]:
    """The named queries of the app's queries folder; HttpError 422 if they cannot be read."""
    try:
        return named.library(current_app.config["QUERIES_DIR"])
    except KgError as error:
        raise HttpError(422, str(error)) from None


@bp.route("/queries/")
@bp.route("/queries")
def index():
    """The named queries: an HTML list for browsers, JSON (name, title, question, flags, params, url) otherwise."""
    queries = list(_library().values())
    if wants_html(RESULT_TYPES):
        return html_response(render_template("queries.html", queries=queries))
    listing = [{**q.to_dict(), "url": public_url("queries.run_named", name=q.name)} for q in queries]
    return current_app.json.response({"queries": listing})


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


def _page(query: named.NamedQuery, values: dict) -> dict:
    """What the HTML page of one query shows besides its result: header, parameter form, query text, downloads."""
    given = {k: v for k, v in values.items() if k != "format" and v}
    downloads = {
        fmt: url_for("queries.run_named", name=query.name, **given, format=fmt) for fmt in ("json", "csv", "tsv", "xml")
    }
    return {"query": query, "values": values, "downloads": downloads}


@bp.route("/queries/<name>")
def run_named(name: str):
    """Run the named query with the request's parameters; HTML for browsers, else the negotiated result."""
    query = _library().get(name)
    if query is None:
        raise HttpError(404, f"unknown query {name!r} (see /queries)")
    html = wants_html(RESULT_TYPES)
    try:
        values = _values()
        substitutions = named.bind(query, values)
    except KgError as error:
        page = ErrorPage("queries_run.html", _page(query, request.args.to_dict())) if html else None
        raise HttpError(400, str(error), page=page) from None
    text = named.map_services(query.text, current_app.config["QUERY_SERVICE_MAP"])
    if not html:
        accept, format_param = request.headers.get("Accept"), request.args.get("format")
        return respond(Job(text, substitutions=substitutions, accept=accept, format=format_param))
    outcome = run(Job(text, substitutions=substitutions, format="json"))
    if not outcome.answered:
        raise refusal(outcome, page=ErrorPage("queries_run.html", _page(query, values)))
    result = _table(json.loads(outcome.body), outcome.truncated, outcome.row_cap)
    return html_response(render_template("queries_run.html", **_page(query, values), result=result, error=None))
