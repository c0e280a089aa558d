"""``/page?iri=IRI``: the HTML page of any IRI of the store (the model: govkg.server.pages.resource).

``iri`` may also be a prefixed name with one of the project's prefixes (``gkr:Kazakhstan``). The page's queries
(govkg.server.pages.resource_queries) run like any query (timeout, row cap); the labels query names every IRI on
the page in a VALUES clause, each checked by pyoxigraph's IRI parser first. Answers: 200, 400 (no or bad ``iri``),
404 (no triple mentions the IRI), or the query's status (503 on a timeout), always as an HTML page.
"""

import pyoxigraph
from flask import Blueprint, render_template, request

from govkg.server.errors import ErrorPage, HttpError
from govkg.server.http import html_response
from govkg.server.pages import resource_queries as queries
from govkg.server.pages.catalogue import catalogue
from govkg.server.pages.resource import Rows, describe, mentioned, requested_iri
from govkg.server.pages.terms import LABELS, best_labels
from govkg.server.querying.answers import select
from govkg.server.urls import data_url, graph_store_url, page_href

bp = Blueprint("resources", __name__)

#: The formats of the resource's RDF description that the page links: (format parameter, media type, name).
DATA_FORMATS = [
    ("turtle", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("ntriples", "application/n-triples", "N-Triples"),
]


def _error_page(given: str) -> ErrorPage:
    return ErrorPage("resource.html", {"given": given})


def _select(query: str, iri: str | None, given: str) -> list[dict]:
    """The bindings of a page query (``?this`` bound to ``iri``); HttpError shown as a page if it fails."""
    try:
        return select(query, {"this": f"<{iri}>"} if iri else None)
    except HttpError as failure:
        message = f"the store could not be read for this page: {failure.message}"
        raise HttpError(failure.code or 503, message, page=_error_page(given)) from None


def _labels(iris: set[str], given: str) -> dict[str, str]:
    """The best label of each of ``iris`` that has one (one query)."""
    checked = sorted(str(pyoxigraph.NamedNode(iri)) for iri in iris)  # store IRIs, checked before writing them
    if not checked:
        return {}
    properties = " ".join(f"<{p}>" for p in LABELS)
    return best_labels(_select(queries.LABELS.format(iris=" ".join(checked), properties=properties), None, given))


@bp.route("/page")
def page():
    """The HTML page of the IRI in ``iri`` (see the module docstring)."""
    given = request.args.get("iri", "")
    try:
        iri = requested_iri(request.args.getlist("iri"))
    except ValueError as error:
        raise HttpError(400, str(error), page=_error_page(given)) from None
    outgoing = _select(queries.OUTGOING, iri, given)
    incoming = _select(queries.INCOMING, iri, given)
    counts = _select(queries.COUNTS, iri, given)
    if not mentioned(outgoing, counts):
        raise HttpError(404, f"no triple of the store mentions <{iri}>", page=_error_page(given))
    sentences = _select(queries.SENTENCES, iri, given) or _select(queries.SENTENCES_TWO_LINKS_AWAY, iri, given)
    rows = Rows(outgoing, incoming, counts, sentences, _select(queries.WIKIDATA, iri, given))
    try:
        most_specific = catalogue().most_specific
    except HttpError as failure:
        raise HttpError(failure.code or 503, failure.message, page=_error_page(given)) from None
    resource = describe(iri, rows, lambda iris: _labels(iris, given), page_href, most_specific)
    data_links = [{"href": data_url(iri, f), "type": t, "name": n} for f, t, n in DATA_FORMATS]
    body = render_template(
        "resource.html",
        r=resource,
        data_links=data_links,
        graph_store_href=graph_store_url(iri),
        outgoing_cap=queries.OUTGOING_CAP,
        given=iri,
    )
    return html_response(body)
