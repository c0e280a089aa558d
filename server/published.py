"""The store as the web app publishes it whole: one read-only Snapshot per store generation, with the files of its
serialized graphs.

The Graph Store, the downloads, /data, the VoID and the service description read whole graphs or small fixed
patterns, not queries: they do not go through the query workers (no timeout, no row cap). The app keeps one
read-only handle per store generation (for sizes and existence checks); each (generation, graphs, format) is
serialized once, by a child process (so that its memory is given back and the request threads keep running),
into a cache folder (a temporary folder of the app, removed at exit), then sent from there as a file. A new
`kg build` / `kg load` / `kg link` makes a new generation: the next request opens it and the cache of the one
before last is deleted. Every body is written by govkg.export, so it equals what `kg export` writes for the same
graphs and format.
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

import pyoxigraph
from flask import current_app

from govkg.errors import KgError
from govkg.export import chosen_graphs, graph_key, serialize, write
from govkg.rdf.canonical import canonical_statements
from govkg.sparql.run import run_query
from govkg.store import current_generation, open_read_only

_CONTEXT = multiprocessing.get_context("forkserver")  # as the query workers: no thread state is forked

PUBLISHED_KEY = "govkg.published"
#: File extensions of the downloads of one graph, and of the whole dataset.
GRAPH_EXTENSIONS = ("ttl", "nt", "jsonld", "rdf")
DATASET_EXTENSIONS = ("nq", "trig")
DATASET_KEY = "dataset"
#: One query for the size of every named graph and (the row whose ?g is unbound) of the union default graph.
GRAPH_SIZES_QUERY = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
)


def write_file(generation: str, graph: str | None, extension: str, path: str) -> None:
    """Write ``graph`` (None: every graph) of the store generation folder ``generation`` to ``path`` with
    govkg.export.serialize in the format of ``extension`` (through a temporary file, then renamed).

    Runs in a child process: the memory a large serialization takes is given back when it ends, and the
    server's request threads keep the interpreter meanwhile."""
    store = pyoxigraph.Store.read_only(generation)
    _, data = serialize(store, chosen_graphs(store, [graph] if graph else None), rdf_format(extension))
    temporary = Path(path).with_name(f".{Path(path).name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


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
        """Triples per named graph IRI, and (key None) in the union default graph."""
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


def rdf_format(media_type_or_extension: str) -> pyoxigraph.RdfFormat:
    """The RDF format of a media type (``text/turtle``) or file extension (``ttl``); ValueError if none."""
    found = pyoxigraph.RdfFormat.from_media_type(media_type_or_extension) or pyoxigraph.RdfFormat.from_extension(
        media_type_or_extension
    )
    if found is None:
        raise ValueError(f"no RDF format {media_type_or_extension!r}")
    return found


def format_name(extension: str) -> str:
    """``Turtle``, ``N-Triples``, ``JSON-LD``, ``RDF/XML``, ``N-Quads`` or ``TriG``."""
    return rdf_format(extension).name


def download_key(graph: str) -> str | None:
    """The key of ``graph`` in /downloads/<key>.<ext> (its short name, govkg.export.graph_key), or None."""
    key = graph_key(graph)
    return key if key != DATASET_KEY else None


def document(triples: list[pyoxigraph.Triple], media_type: str) -> bytes:
    """``triples`` in ``media_type`` (an RDF type of govkg.sparql.negotiate.OFFERED) by the writer of govkg.export:
    readable Turtle with prefixes, stable blank node labels and order; a dataset format puts them in the default
    graph."""
    chosen = rdf_format(media_type)
    statements: list = canonical_statements(triples)
    if chosen.supports_datasets:
        statements = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in statements]
    return write(statements, chosen)
