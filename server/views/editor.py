"""The query editor page ``/query``: a SPARQL editor with the project's prefixes and the named queries as examples.

``/query?query=TEXT`` opens the editor on TEXT and ``/query?example=NAME`` on the named query NAME; with
JavaScript (server/static/query.js) either runs at once, results come from /sparql and the URL keeps the query,
so a page can be bookmarked or shared. Without JavaScript the form sends the query to /sparql and the browser
shows or saves the result in the chosen format.
"""

from flask import Blueprint, current_app, render_template, request, url_for

from govkg.errors import KgError
from govkg.rdf.namespaces import PREFIXES, SPARQL_PREFIXES
from govkg.server.errors import ErrorPage, HttpError
from govkg.sparql import named

bp = Blueprint("editor", __name__)

#: The query under the prefixes when the editor opens without one.
STARTER_QUERY = """
# Which things are in the graph, and of which classes?
SELECT ?thing ?label ?class WHERE {
  ?thing a ?class ;
         rdfs:label ?label .
  FILTER (STRSTARTS(STR(?thing), STR(gkr:)))
}
ORDER BY ?class ?thing
LIMIT 50
"""
#: Formats offered to the form without JavaScript (``format`` parameter of /sparql).
FORMATS = {"json": "JSON", "csv": "CSV", "tsv": "TSV", "xml": "XML"}


@bp.route("/query")
def query():
    """The editor, opened on ``query``, on the named query ``example``, or on the prefixes and a starter query."""
    error = None
    try:
        library = named.library(current_app.config["QUERIES_DIR"])
    except KgError as failure:
        library, error = {}, f"the named queries cannot be read: {failure}"
    text = request.args.get("query")
    example = request.args.get("example")
    unknown = text is None and bool(example) and example not in library
    if text is None and example in library:
        text = library[example].text
    examples = {
        q.name: {
            "title": q.title,
            "text": q.text,
            "params": [p.name for p in q.params],
            "page": url_for("queries.run_named", name=q.name),
        }
        for q in library.values()
    }
    config = {
        "endpoint": url_for("sparql.sparql"),
        "root": url_for("landing.index"),
        "publicBase": current_app.config["PUBLIC_BASE"],
        "prefixes": PREFIXES,
        "examples": examples,
        "autorun": text is not None,
    }
    context = {
        "text": text if text is not None else SPARQL_PREFIXES + STARTER_QUERY,
        "selected": example if example in library and "query" not in request.args else "",
        "library": library,
        "formats": FORMATS,
        "config": config,
    }
    if unknown:
        raise HttpError(404, f"unknown named query {example!r} (see /queries)", page=ErrorPage("query.html", context))
    return render_template("query.html", **context, error=error)
