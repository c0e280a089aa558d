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
These are small fixed-pattern reads of the store, done directly (server.graph_store.snapshot), not by a worker.
"""

from urllib.parse import urlencode

import pyoxigraph
from flask import Blueprint, Response, current_app, redirect, request

from govkg.errors import KgError
from govkg.rdf.namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES
from govkg.server.execution import ROW_CAP_HEADER, TRUNCATED_HEADER, content_type, json_error
from govkg.server.graph_store import document, snapshot
from govkg.server.http import RDF_TYPES, wants_html
from govkg.server.resource_pages import PageError, requested_iri
from govkg.sparql.execute import GRAPH, NotAcceptable, negotiate

bp = Blueprint("dereference", __name__)

ONTOLOGY_DOCS = "/docs/ontology/"
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
    return {ONTOLOGY_IRI} | {quad.object.value for quad in store.quads_for_pattern(ontology, OWL_VERSION_IRI, None)}


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
    pending, seen = [node], {node}
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


def _see_other(iri: str, html_location: str, rdf_location) -> Response:
    """303 to ``html_location`` or to ``rdf_location(extension)``, as the request asks; 404 if no triple mentions
    ``iri``; 406 if no format fits."""
    try:
        if not mentions(snapshot().store, iri):
            return json_error(404, f"no triple of the store mentions <{iri}>")
    except KgError as error:
        return json_error(503, str(error))
    format_param = request.args.get("format")
    if wants_html(RDF_TYPES):
        location = html_location
    else:
        try:
            media_type = negotiate(request.headers.get("Accept"), format_param, GRAPH)
        except NotAcceptable as error:
            return json_error(406, f"{error} (or text/html)", offered=[*error.offered, "text/html"])
        location = rdf_location(pyoxigraph.RdfFormat.from_media_type(media_type).file_extension)
    response = redirect(location, code=303)
    response.vary.add("Accept")
    return response


def _data_url(iri: str, extension: str) -> str:
    return "/data?" + urlencode({"iri": iri, "format": extension})


def _page_url(iri: str) -> str:
    return "/page?" + urlencode({"iri": iri})


def _public(path: str) -> str:
    """The IRI that the server path ``/path`` stands for."""
    return current_app.config["PUBLIC_BASE"] + path


@bp.route("/id/<path:path>")
def resource(path: str):
    """A resource IRI ``PUBLIC_BASE/id/...``: 303 to its page or its data."""
    iri = _public("id/" + path)
    return _see_other(iri, _page_url(iri), lambda extension: _data_url(iri, extension))


@bp.route("/ontology")
def ontology():
    """The ontology IRI (and so every ``...ontology#Term``): 303 to its documentation or to the ontology graph."""
    iri = _public("ontology")
    return _see_other(iri, ONTOLOGY_DOCS, lambda extension: _data_url(iri, extension))


@bp.route("/graph/<path:path>")
def graph(path: str):
    """A named graph IRI ``PUBLIC_BASE/graph/...``: 303 to its page or to the Graph Store."""
    iri = _public("graph/" + path)
    return _see_other(
        iri,
        _page_url(iri),
        lambda extension: "/rdf-graph-store?" + urlencode({"graph": iri, "format": extension}),
    )


@bp.route("/data")
def data():
    """The RDF description of ``iri`` in the negotiated format."""
    try:
        iri = requested_iri(request.args)
    except PageError as error:
        return json_error(error.status, error.message)
    try:
        media_type = negotiate(request.headers.get("Accept"), request.args.get("format"), GRAPH)
        store = snapshot().store
    except NotAcceptable as error:
        return json_error(406, str(error), offered=error.offered)
    except KgError as error:
        return json_error(503, str(error))
    if not mentions(store, iri):
        return json_error(404, f"no triple of the store mentions <{iri}>")
    cap = current_app.config["ROW_CAP"]
    triples, truncated = describe(store, iri, cap)
    response = current_app.response_class(document(triples, media_type), content_type=content_type(media_type))
    response.headers[TRUNCATED_HEADER] = "true" if truncated else "false"
    response.headers[ROW_CAP_HEADER] = str(cap)
    response.vary.add("Accept")
    return response
