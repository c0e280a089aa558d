"""The query editor page ``/query``: a SPARQL editor with the project's prefixes and the named queries as examples,
completion of prefixes and terms, and a history of the queries run (kept in the browser).

``/query?query=TEXT`` opens the editor on TEXT and ``/query?example=NAME`` on the named query NAME; with
JavaScript (server/static/query.js) either runs at once, results come from /sparql and the URL keeps the query,
so a page can be bookmarked or shared. Without JavaScript the form sends the query to /sparql and the browser
shows or saves the result in the chosen format.
"""

from flask import Blueprint, current_app, render_template, request, url_for

from govkg.errors import KgError
from govkg.rdf.namespaces import PREFIXES
from govkg.server.errors import ErrorPage, HttpError
from govkg.server.pages.catalogue import catalogue
from govkg.sparql import named
from govkg.sparql.table import compact

bp = Blueprint("editor", __name__)

#: The query the editor opens on (and runs) without one: named things, their labels and most specific classes.
STARTER_QUERY = f"""# Which named things does the graph hold, and what are they?
# In this editor the project's prefixes (gko:, gkr:, rdfs:, skos:, ...) need no PREFIX line;
# these three are declared so that the query also runs as it is elsewhere.
PREFIX gko: <{PREFIXES["gko"]}>
PREFIX gkr: <{PREFIXES["gkr"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
SELECT ?thing ?label ?class WHERE {{
  ?thing a ?class ;
         rdfs:label ?label .
  FILTER (STRSTARTS(STR(?thing), STR(gkr:)) && STRSTARTS(STR(?class), STR(gko:)))
  FILTER NOT EXISTS {{ ?thing a ?narrower . ?narrower rdfs:subClassOf ?class FILTER (?narrower != ?class) }}
}}
ORDER BY ?class ?label
LIMIT 200
"""
#: Formats offered to the form without JavaScript (``format`` parameter of /sparql).
FORMATS = {"json": "JSON", "csv": "CSV", "tsv": "TSV", "xml": "XML"}


def _terms() -> list[str]:
    """The prefixed names of the labelled things of the ontology and the store (the editor completes them); none
    when the store cannot be read (the editor still opens)."""
    try:
        found = catalogue()
    except HttpError:
        return []
    names = (compact({"type": "uri", "value": iri}) for iri in found.labels)
    return sorted({name for name in names if not name.startswith("<")}, key=str.casefold)


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
        "labels": url_for("search.labels"),
        "terms": _terms(),
        "examples": examples,
        "autorun": True,
    }
    context = {
        "text": text if text is not None else STARTER_QUERY,
        "selected": example if example in library and "query" not in request.args else "",
        "library": library,
        "formats": FORMATS,
        "config": config,
    }
    if unknown:
        raise HttpError(404, f"unknown named query {example!r} (see /queries)", page=ErrorPage("query.html", context))
    return render_template("query.html", **context, error=error)
