"""The store's graphs over HTTP: the SPARQL 1.1 Graph Store Protocol (read-only) and the downloads.

``GET /rdf-graph-store?graph=IRI`` answers one named graph, ``?default`` the default graph, which is (as at
/sparql) the union of all named graphs; the format is negotiated like /sparql's CONSTRUCT results (Accept with
q-values, or ``format=``). ``/downloads/dataset.nq`` and ``/downloads/dataset.trig`` are the whole dataset,
``/downloads/<key>.<ext>`` one graph (key: the graph IRI after ``https://w3id.org/govkg/graph/``; ext: ttl, nt,
jsonld, rdf). Every body is written by govkg.export.serialize, so it equals what `kg export` writes for the same
graphs and format (a dataset format keeps each triple in its named graph, a graph format gets their union).

These are whole-graph reads, not queries: they do not go through the query workers (no timeout, no row cap).
The server keeps one read-only handle per store generation (for sizes and existence checks); each (generation,
graphs, format) is serialized once, by a child process (so that its memory is given back and the request threads
keep running), into a cache folder (a temporary folder of the app, removed at exit), and then sent from there as
a file, with a strong ETag and Last-Modified taken from the generation, so a repeated download is a 304 and a
cut one can resume (Range). A new `kg build` / `kg load` / `kg link` makes a new generation: the next request
opens it and the cache of the one before last is deleted.
"""

import atexit
import hashlib
import multiprocessing
import os
import shutil
import tempfile
import threading
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import pyoxigraph
from flask import Blueprint, current_app, request, send_file

from govkg.errors import KgError
from govkg.export import chosen_graphs, graph_key, serialize, write
from govkg.rdf.canonical import canonical_statements
from govkg.rdf.namespaces import GRAPH as GRAPH_NAMESPACE
from govkg.server.execution import json_error
from govkg.sparql.execute import GRAPH, NotAcceptable, negotiate, run_query
from govkg.store import current_generation, open_read_only

bp = Blueprint("graph_store", __name__)
_CONTEXT = multiprocessing.get_context("forkserver")  # as server.pool: no thread state is forked

PUBLISHED_KEY = "govkg.published"
#: File extensions of the downloads of one graph, and of the whole dataset.
GRAPH_EXTENSIONS = ("ttl", "nt", "jsonld", "rdf")
DATASET_EXTENSIONS = ("nq", "trig")
DATASET_KEY = "dataset"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
READ_ONLY = "the Graph Store is read-only: PUT, POST, DELETE and PATCH are not supported; use GET or HEAD"


class Download(NamedTuple):
    """One download: the graph IRI (None: the whole dataset), its number of triples (quads for the dataset),
    and its URL (a path on this server) per format name (``Turtle``, ``N-Quads``...)."""

    graph: str | None
    triples: int
    urls: dict[str, str]


def write_file(generation: str, graph: str | None, extension: str, path: str) -> None:
    """Write ``graph`` (None: every graph) of the store generation folder ``generation`` to ``path`` with
    govkg.export.serialize in the format of ``extension`` (through a temporary file, then renamed).

    Runs in a child process: the memory a large serialization takes is given back when it ends, and the
    server's request threads keep the interpreter meanwhile."""
    store = pyoxigraph.Store.read_only(generation)
    _, data = serialize(
        store, chosen_graphs(store, [graph] if graph else None), pyoxigraph.RdfFormat.from_extension(extension)
    )
    temporary = Path(path).with_name(f".{Path(path).name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


#: One query for the size of every named graph and (the row whose ?g is unbound) of the union default graph.
GRAPH_SIZES_QUERY = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
)


class Snapshot:
    """One generation of the store, opened read-only, with the cache folder of its serialized graphs."""

    def __init__(self, generation: Path, store: pyoxigraph.Store, cache_dir: Path):
        self.generation = generation
        self.store = store
        self.cache_dir = cache_dir
        self.modified = datetime.fromtimestamp(generation.stat().st_mtime, UTC)
        self._writing = threading.Lock()

    @cached_property
    def sizes(self) -> dict[str | None, int]:
        """Triples per named graph IRI, and (key None) in the union default graph (the service description's query)."""
        result = run_query(self.store, GRAPH_SIZES_QUERY)
        return {graph.value if graph else None: int(count.value) for graph, count in result.rows}

    def graphs(self) -> list[str]:
        """The named graphs' IRIs, sorted (also those that are empty)."""
        return sorted(graph.value for graph in self.store.named_graphs())

    def has_graph(self, iri: str) -> bool:
        """True if ``iri`` names a graph of the store (False also when it is no valid IRI)."""
        try:
            return self.store.contains_named_graph(pyoxigraph.NamedNode(iri))
        except ValueError:
            return False

    def etag(self, graph: str | None, extension: str) -> str:
        """The entity tag of ``graph`` (None: every graph) in the format of ``extension`` in this generation."""
        key = f"{self.generation.name}\n{graph or ''}\n{extension}".encode()
        return hashlib.sha256(key).hexdigest()[:32]

    def file(self, graph: str | None, extension: str) -> Path:
        """The file holding ``graph`` (None: every graph) serialized by govkg.export.serialize in the format of
        ``extension``; written on first use by write_file in a child process, one file at a time so that the memory
        a large serialization takes is needed only once; KgError if the writer fails."""
        path = self.cache_dir / f"{self.etag(graph, extension)}.{extension}"
        if path.exists():
            return path
        with self._writing:
            if not path.exists():
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                writer = _CONTEXT.Process(
                    target=write_file, args=(str(self.generation), graph, extension, str(path)), daemon=True
                )
                writer.start()
                writer.join()
                if writer.exitcode != 0 or not path.exists():
                    raise KgError(
                        f"could not serialize {graph or 'the dataset'} (writer exit status {writer.exitcode})"
                    )
        return path


class Published:
    """The app's view of the store for whole-graph reads: the current Snapshot, re-opened on a new generation."""

    def __init__(self, store_dir: Path):
        self.store_dir = Path(store_dir)
        self.cache_root = Path(tempfile.mkdtemp(prefix="govkg-downloads-"))
        atexit.register(shutil.rmtree, self.cache_root, ignore_errors=True)
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._previous: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The Snapshot of the current generation (KgError if there is no store)."""
        generation = current_generation(self.store_dir)
        with self._lock:
            if self._current is None or self._current.generation != generation:
                store = open_read_only(self.store_dir)
                while current_generation(self.store_dir) != generation:  # it moved on while we opened it
                    generation = current_generation(self.store_dir)
                    store = open_read_only(self.store_dir)
                if self._previous is not None:
                    shutil.rmtree(self._previous.cache_dir, ignore_errors=True)
                self._previous = self._current
                self._current = Snapshot(generation, store, self.cache_root / generation.name)
            return self._current


_SETUP_LOCK = threading.Lock()


def snapshot() -> Snapshot:
    """The current app's Snapshot of the store (KgError if there is no store)."""
    extensions = current_app.extensions
    with _SETUP_LOCK:
        if PUBLISHED_KEY not in extensions:
            extensions[PUBLISHED_KEY] = Published(current_app.config["STORE_DIR"])
    return extensions[PUBLISHED_KEY].snapshot()


def format_name(extension: str) -> str:
    """``Turtle``, ``N-Triples``, ``JSON-LD``, ``RDF/XML``, ``N-Quads`` or ``TriG``."""
    return pyoxigraph.RdfFormat.from_extension(extension).name


def download_key(graph: str) -> str | None:
    """The key of ``graph`` in /downloads/<key>.<ext> (its short name, govkg.export.graph_key), or None."""
    key = graph_key(graph)
    return key if key != DATASET_KEY else None


def graph_url(graph: str | None, extension: str) -> str:
    """The path that serves ``graph`` (None: the whole dataset) in the format of ``extension``."""
    if graph is None:
        return f"/downloads/{DATASET_KEY}.{extension}"
    key = download_key(graph)
    if key is not None and extension in GRAPH_EXTENSIONS:
        return f"/downloads/{key}.{extension}"
    return "/rdf-graph-store?" + urlencode({"graph": graph, "format": extension})


def downloads() -> list[Download]:
    """The downloads of the current store, for the landing page: first the whole dataset, then each named graph in
    IRI order. Call within a request or app context; KgError if there is no store."""
    current = snapshot()
    sizes = current.sizes
    total = sum(size for graph, size in sizes.items() if graph is not None)
    listing = [Download(None, total, {format_name(ext): graph_url(None, ext) for ext in DATASET_EXTENSIONS})]
    for graph in current.graphs():
        urls = {format_name(ext): graph_url(graph, ext) for ext in GRAPH_EXTENSIONS}
        listing.append(Download(graph, sizes.get(graph, 0), urls))
    return listing


def document(triples: list[pyoxigraph.Triple], media_type: str) -> bytes:
    """``triples`` in ``media_type`` (an RDF type of govkg.sparql.execute.OFFERED) by the writer of govkg.export: readable
    Turtle with prefixes, stable blank node labels and order; a dataset format puts them in the default graph."""
    rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
    statements = canonical_statements(triples)
    if rdf_format.supports_datasets:
        statements = [pyoxigraph.Quad(*triple, pyoxigraph.DefaultGraph()) for triple in statements]
    return write(statements, rdf_format)


def _send(current: Snapshot, graph: str | None, extension: str, download_name: str | None = None):
    """The serialized graph as a file response: ETag, Last-Modified, 304 and Range handled by Flask; 503 if it
    could not be written."""
    try:
        path = current.file(graph, extension)
    except KgError as error:
        return json_error(503, str(error))
    response = send_file(
        path,
        mimetype=pyoxigraph.RdfFormat.from_extension(extension).media_type,  # text/* get charset=utf-8 from Flask
        download_name=download_name,
        etag=current.etag(graph, extension),
        last_modified=current.modified,
    )
    response.cache_control.no_cache = True  # revalidate: a new build changes the content (and the ETag)
    return response


def _requested_graph() -> str | None:
    """The graph a Graph Store request names (None: the default graph); ValueError with the reason if the
    request does not name exactly one graph by an absolute IRI."""
    graphs = request.args.getlist("graph")
    if "default" in request.args and graphs:
        raise ValueError("give either 'graph=IRI' or 'default', not both")
    if "default" in request.args:
        return None
    if not graphs:
        raise ValueError("name the graph: ?graph=IRI (a named graph) or ?default (the union of all graphs)")
    if len(graphs) > 1:
        raise ValueError(f"parameter 'graph' given {len(graphs)} times: give it once")
    try:
        return pyoxigraph.NamedNode(graphs[0]).value
    except ValueError as error:
        raise ValueError(f"graph {graphs[0]!r} is not an absolute IRI ({error})") from None


@bp.route("/rdf-graph-store")
def read_graph():
    """GET (or HEAD) one graph of the store, or the default graph, in the negotiated format."""
    try:
        graph = _requested_graph()
    except ValueError as error:
        return json_error(400, str(error))
    try:
        media_type = negotiate(request.headers.get("Accept"), request.args.get("format"), GRAPH)
        current = snapshot()
    except NotAcceptable as error:
        return json_error(406, str(error), offered=error.offered)
    except KgError as error:
        return json_error(503, str(error))
    if graph is not None and not current.has_graph(graph):
        return json_error(
            404,
            f"no graph <{graph}> in the store; its graphs: {', '.join(current.graphs())}",
        )
    response = _send(current, graph, pyoxigraph.RdfFormat.from_media_type(media_type).file_extension)
    response.vary.add("Accept")
    return response


@bp.route("/rdf-graph-store", methods=["PUT", "POST", "DELETE", "PATCH"])
def refuse_write():
    """405 with Allow: the Graph Store is read-only (a method it never supports, as opposed to /sparql's 403 for
    an update sent by a method it supports)."""
    response = json_error(405, READ_ONLY)
    response.allow.update(READ_METHODS)
    return response


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
        return json_error(404, f"no download {name!r}: ask for {kinds}")
    try:
        current = snapshot()
    except KgError as error:
        return json_error(503, str(error))
    if key == DATASET_KEY:
        if extension not in DATASET_EXTENSIONS:
            offered = ", ".join(f"{key}.{e}" for e in DATASET_EXTENSIONS)
            return json_error(404, f"no download {name!r}: the dataset is offered as {offered}")
        return _send(current, None, extension, download_name=name)
    if extension not in GRAPH_EXTENSIONS:
        offered = ", ".join(f"{key}.{e}" for e in GRAPH_EXTENSIONS)
        return json_error(404, f"no download {name!r}: a graph is offered as {offered}")
    graph = str(GRAPH_NAMESPACE) + key
    if not current.has_graph(graph):
        return json_error(404, f"no graph <{graph}> in the store (see /rdf-graph-store for graphs of other IRIs)")
    return _send(current, graph, extension, download_name=name.replace("/", "-"))
