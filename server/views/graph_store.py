"""The store's graphs over HTTP: the SPARQL 1.1 Graph Store Protocol (read-only) and the downloads.

``GET /rdf-graph-store?graph=IRI`` answers one named graph, ``?default`` the default graph, which is (as at
/sparql) the union of all named graphs; the format is negotiated like /sparql's CONSTRUCT results (Accept with
q-values, or ``format=``). ``/downloads/dataset.nq`` and ``/downloads/dataset.trig`` are the whole dataset,
``/downloads/<key>.<ext>`` one graph (key: the graph IRI after ``https://w3id.org/govkg/graph/``; ext: ttl, nt,
jsonld, rdf). Bodies are the files of govkg.server.published (what `kg export` writes), sent with a strong ETag
and Last-Modified taken from the store generation, so a repeated download is a 304 and a cut one can resume
(Range). A file not written yet is written first, under the limits of govkg.server.published (503 with
Retry-After when the writer is busy).
"""

from dataclasses import dataclass

import pyoxigraph
from flask import Blueprint, request, send_file

from govkg.errors import KgError
from govkg.rdf.namespaces import GRAPH as GRAPH_NAMESPACE
from govkg.server.errors import HttpError
from govkg.server.published import (
    DATASET_EXTENSIONS,
    DATASET_KEY,
    GRAPH_EXTENSIONS,
    WRITER_RETRY_AFTER,
    Snapshot,
    WriterBusy,
    format_name,
    rdf_format,
    snapshot,
)
from govkg.server.urls import graph_url
from govkg.sparql.negotiate import NotAcceptable, negotiate
from govkg.sparql.run import GRAPH

bp = Blueprint("graph_store", __name__)

READ_METHODS = ["GET", "HEAD", "OPTIONS"]
READ_ONLY = "the Graph Store is read-only: PUT, POST, DELETE and PATCH are not supported; use GET or HEAD"


@dataclass(frozen=True)
class Download:
    """One download: the graph IRI (None: the whole dataset) and its number of triples (quads for the dataset)."""

    graph: str | None
    triples: int

    @property
    def urls(self) -> dict[str, str]:
        """The download's URL (a path on this server) per format name (``Turtle``, ``N-Quads``...); made when asked
        for (within a request), so that listing many graphs costs no URL building."""
        extensions = GRAPH_EXTENSIONS if self.graph is not None else DATASET_EXTENSIONS
        return {format_name(ext): graph_url(self.graph, ext) for ext in extensions}


def downloads() -> list[Download]:
    """The downloads of the current store, for the landing page: first the whole dataset, then each named graph in
    IRI order. Call within a request context; KgError if there is no store or its graphs could not be counted."""
    current = snapshot()
    try:
        sizes = current.sizes
    except HttpError as error:
        raise KgError(f"could not count the graphs' triples: {error.message}") from None
    total = sum(size for graph, size in sizes.items() if graph is not None)
    return [Download(None, total)] + [Download(graph, sizes.get(graph, 0)) for graph in current.graphs()]


def current_snapshot() -> Snapshot:
    """The current Snapshot of the store; HttpError 503 if there is no store."""
    try:
        return snapshot()
    except KgError as error:
        raise HttpError(503, str(error)) from None


def negotiated_graph_type() -> str:
    """The RDF media type the request asks for (Accept or ``format``); HttpError 406 listing the offered ones."""
    try:
        return negotiate(request.headers.get("Accept"), request.args.get("format"), GRAPH)
    except NotAcceptable as error:
        raise HttpError(406, str(error), offered=error.offered) from None


def _send(current: Snapshot, graph: str | None, extension: str, download_name: str | None = None):
    """The serialized graph as a file response: ETag, Last-Modified, 304 and Range handled by Flask; 503 if it
    could not be written."""
    try:
        path = current.file(graph, extension)
    except WriterBusy as error:
        raise HttpError(503, str(error), headers={"Retry-After": str(WRITER_RETRY_AFTER)}) from None
    except KgError as error:
        raise HttpError(503, str(error)) from None
    response = send_file(
        path,
        mimetype=rdf_format(extension).media_type,  # text/* get charset=utf-8 from Flask
        download_name=download_name,
        etag=current.etag(graph, extension),
        last_modified=current.modified,
    )
    response.cache_control.no_cache = True  # revalidate: a new build changes the content (and the ETag)
    return response


def _requested_graph() -> str | None:
    """The graph a Graph Store request names (None: the default graph); HttpError 400 with the reason if the
    request does not name exactly one graph by an absolute IRI."""
    graphs = request.args.getlist("graph")
    if "default" in request.args and graphs:
        raise HttpError(400, "give either 'graph=IRI' or 'default', not both")
    if "default" in request.args:
        return None
    if not graphs:
        raise HttpError(400, "name the graph: ?graph=IRI (a named graph) or ?default (the union of all graphs)")
    if len(graphs) > 1:
        raise HttpError(400, f"parameter 'graph' given {len(graphs)} times: give it once")
    try:
        return pyoxigraph.NamedNode(graphs[0]).value
    except ValueError as error:
        raise HttpError(400, f"graph {graphs[0]!r} is not an absolute IRI ({error})") from None


@bp.route("/rdf-graph-store")
def read_graph():
    """GET (or HEAD) one graph of the store, or the default graph, in the negotiated format."""
    graph = _requested_graph()
    media_type = negotiated_graph_type()
    current = current_snapshot()
    if graph is not None and not current.has_graph(graph):
        raise HttpError(404, f"no graph <{graph}> in the store; its graphs: {', '.join(current.graphs())}")
    response = _send(current, graph, rdf_format(media_type).file_extension)
    response.vary.add("Accept")
    return response


@bp.route("/rdf-graph-store", methods=["PUT", "POST", "DELETE", "PATCH"])
def refuse_write():
    """405 with Allow: the Graph Store is read-only (a method it never supports, as opposed to /sparql's 403 for
    an update sent by a method it supports)."""
    raise HttpError(405, READ_ONLY, headers={"Allow": ", ".join(READ_METHODS)})


@bp.after_request
def read_only_allow(response):
    """OPTIONS names only the read methods (Flask's automatic answer would list the refused ones too)."""
    if request.method == "OPTIONS" and request.endpoint == "graph_store.read_graph":
        response.allow.clear()
        response.allow.update(READ_METHODS)
    return response


@bp.route("/downloads/<path:name>")
def download(name: str):
    """A file of the whole dataset (dataset.nq, dataset.trig) or of one named graph (<key>.ttl|nt|jsonld|rdf)."""
    key, _, extension = name.rpartition(".")
    if not key:
        kinds = f"{DATASET_KEY}.{'|'.join(DATASET_EXTENSIONS)} or <graph key>.{'|'.join(GRAPH_EXTENSIONS)}"
        raise HttpError(404, f"no download {name!r}: ask for {kinds}")
    current = current_snapshot()
    if key == DATASET_KEY:
        if extension not in DATASET_EXTENSIONS:
            offered = ", ".join(f"{key}.{e}" for e in DATASET_EXTENSIONS)
            raise HttpError(404, f"no download {name!r}: the dataset is offered as {offered}")
        return _send(current, None, extension, download_name=name)
    if extension not in GRAPH_EXTENSIONS:
        offered = ", ".join(f"{key}.{e}" for e in GRAPH_EXTENSIONS)
        raise HttpError(404, f"no download {name!r}: a graph is offered as {offered}")
    graph = str(GRAPH_NAMESPACE) + key
    if not current.has_graph(graph):
        raise HttpError(404, f"no graph <{graph}> in the store (see /rdf-graph-store for graphs of other IRIs)")
    return _send(current, graph, extension, download_name=name.replace("/", "-"))
