"""Dereferenceable IRIs: the IRIs ``PUBLIC_BASE + path`` resolve on this server, after "Cool URIs for the Semantic
Web" (W3C): ``/id/<path>``, ``/ontology`` and ``/graph/<path>`` answer 303 See Other (Vary: Accept) to a document
about the thing, and ``/data?iri=IRI`` is that document in RDF.

The 303 goes to HTML for a browser (``format=html``, or Accept naming text/html or application/xhtml+xml at least
as high as every RDF type): ``/page?iri=IRI`` (for ``/ontology``: ``/docs/ontology/``); else to RDF in the
negotiated format (Accept with q-values, or ``format=``; Turtle without either): ``/data?iri=IRI&format=F`` (for
``/graph/...``: the Graph Store, ``/rdf-graph-store?graph=IRI&format=F``). An IRI that no triple of the store
mentions (as subject, predicate, object or graph name) is a 404, here as at /page and /data.

``/data?iri=IRI`` (also a prefixed name such as ``gkr:Kazakhstan``) is the IRI's description over all graphs: its
triples, recursively those of the blank nodes they lead to (its Concise Bounded Description, so OWL restrictions
and lists come whole), and the triples whose object it is and whose subject is an IRI. For the ontology IRI (and
its version IRI) it is the whole ontology graph, so that the hash IRIs of its terms (``...ontology#Term``, which
a client fetches as ``/ontology``) resolve. At most ROW_CAP triples (then ``X-SPARQL-Truncated: true``). Formats
as for /sparql's CONSTRUCT results: Turtle (default, with prefixes), N-Triples, RDF/XML, JSON-LD, N-Quads, TriG.
These are small fixed-pattern reads of the store, done directly (govkg.server.published), not by a worker.
"""

import pyoxigraph
from flask import Blueprint, current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from govkg.rdf.namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES
from govkg.server.errors import HttpError
from govkg.server.http import RDF_TYPES, ROW_CAP_HEADER, TRUNCATED_HEADER, content_type, wants_html
from govkg.server.pages.resource import requested_iri
from govkg.server.published import document, rdf_format
from govkg.server.urls import data_url, graph_store_url, resource_page_url
from govkg.server.views.graph_store import current_snapshot, negotiated_graph_type

bp = Blueprint("dereference", __name__)

OWL_VERSION_IRI = pyoxigraph.NamedNode(PREFIXES["owl"] + "versionIRI")


def mentions(store: pyoxigraph.Store, iri: str) -> bool:
    """True if some triple of the store has ``iri`` as subject, predicate, object or graph name."""
    try:
        node = pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    patterns = [(node, None, None), (None, node, None), (None, None, node)]
    found = any(next(store.quads_for_pattern(*pattern), None) is not None for pattern in patterns)
    return found or store.contains_named_graph(node)


def ontology_iris(store: pyoxigraph.Store) -> set[str]:
    """The ontology IRI and its version IRIs."""
    ontology = pyoxigraph.NamedNode(ONTOLOGY_IRI)
    versions = store.quads_for_pattern(ontology, OWL_VERSION_IRI, None)
    return {ONTOLOGY_IRI} | {quad.object.value for quad in versions if isinstance(quad.object, pyoxigraph.NamedNode)}


def describe(store: pyoxigraph.Store, iri: str, cap: int) -> tuple[list[pyoxigraph.Triple], bool]:
    """The description of ``iri`` (see the module docstring), at most ``cap`` triples, and whether it was cut."""
    found: dict[pyoxigraph.Triple, None] = {}

    def add(quads) -> bool:
        for quad in quads:
            found[quad.triple] = None
            if len(found) > cap:
                return False
        return True

    if iri in ontology_iris(store):
        complete = add(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(ONTOLOGY_GRAPH))))
        return list(found)[:cap], not complete
    node = pyoxigraph.NamedNode(iri)
    pending: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] = [node]
    seen: set[pyoxigraph.NamedNode | pyoxigraph.BlankNode] = {node}
    while pending:
        quads = list(store.quads_for_pattern(pending.pop(), None, None))
        if not add(quads):
            return list(found)[:cap], True
        for quad in quads:
            if isinstance(quad.object, pyoxigraph.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                pending.append(quad.object)
    incoming = store.quads_for_pattern(None, None, node)
    complete = add(quad for quad in incoming if isinstance(quad.subject, pyoxigraph.NamedNode))
    return list(found)[:cap], not complete


def _require_mentioned(store: pyoxigraph.Store, iri: str) -> None:
    """HttpError 404 unless some triple of the store mentions ``iri``."""
    if not mentions(store, iri):
        raise HttpError(404, f"no triple of the store mentions <{iri}>")


def _see_other(iri: str, html_location: str, rdf_location) -> Response:
    """303 to ``html_location`` or to ``rdf_location(extension)``, as the request asks; 404 if no triple mentions
    ``iri``; 406 if no format fits."""
    _require_mentioned(current_snapshot().store, iri)
    if wants_html(RDF_TYPES):
        location = html_location
    else:
        try:
            media_type = negotiated_graph_type()
        except HttpError as error:
            offered = [*(error.offered or []), "text/html"]
            raise HttpError(406, f"{error.message} (or text/html)", offered=offered) from None
        location = rdf_location(rdf_format(media_type).file_extension)
    response = redirect(location, code=303)
    response.vary.add("Accept")
    return response


def _public(path: str) -> str:
    """The IRI that the server path ``/path`` stands for."""
    return current_app.config["PUBLIC_BASE"] + path


@bp.route("/id/<path:path>")
def resource(path: str):
    """A resource IRI ``PUBLIC_BASE/id/...``: 303 to its page or its data."""
    iri = _public("id/" + path)
    return _see_other(iri, resource_page_url(iri), lambda extension: data_url(iri, extension))


@bp.route("/ontology")
def ontology():
    """The ontology IRI (and so every ``...ontology#Term``): 303 to its documentation or to the ontology graph."""
    iri = _public("ontology")
    return _see_other(iri, url_for("landing.ontology_docs"), lambda extension: data_url(iri, extension))


@bp.route("/graph/<path:path>")
def graph(path: str):
    """A named graph IRI ``PUBLIC_BASE/graph/...``: 303 to its page or to the Graph Store."""
    iri = _public("graph/" + path)
    return _see_other(iri, resource_page_url(iri), lambda extension: graph_store_url(iri, extension))


@bp.route("/data")
def data():
    """The RDF description of ``iri`` in the negotiated format."""
    try:
        iri = requested_iri(request.args.getlist("iri"))
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    media_type = negotiated_graph_type()
    store = current_snapshot().store
    _require_mentioned(store, iri)
    cap = current_app.config["ROW_CAP"]
    triples, truncated = describe(store, iri, cap)
    response = current_app.response_class(document(triples, media_type), content_type=content_type(media_type))
    response.headers[TRUNCATED_HEADER] = "true" if truncated else "false"
    response.headers[ROW_CAP_HEADER] = str(cap)
    response.vary.add("Accept")
    return response
