"""The store as the web app publishes it whole: one read-only Snapshot per store generation, with the files of its
serialized graphs.

The Graph Store, the downloads, /data, the VoID and the service description read whole graphs or small fixed
patterns. The app keeps one read-only handle per store generation (for existence checks); the graphs' sizes are
read from the record the generation's writer made (govkg.store.graph_sizes), so the landing page does not count
anything; a generation without one is counted once by a query of the query workers (under their timeout and
memory cap, not in the server's process). Each (generation, graphs, format) is serialized once, by a child process
confined like the query workers (WORKER_MEMORY_MB of address space beyond the store, stopped after DOWNLOAD_TIMEOUT),
into a cache folder (a temporary folder of the app, removed at exit), then streamed from there as a file.
At most DOWNLOAD_SLOTS files are written at once: a request that would have to wait for the writer is answered at once
with :class:`WriterBusy` (503 with Retry-After), and a file that could not be written is not tried again in that
generation. A new `kg build` / `kg load` / `kg link` makes a new generation: the next request opens it and the
cache of the one before last is deleted. Every body is written by govkg.export, so it equals what `kg export`
writes for the same graphs and format.
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
from flask import Flask, current_app

from govkg.errors import KgError
from govkg.export import chosen_graphs, graph_key, serialize, write
from govkg.rdf.canonical import canonical_statements
from govkg.server.querying.answers import select
from govkg.server.querying.worker import confine, memory_cap_mb
from govkg.store import GRAPH_SIZES_QUERY, current_generation, graph_sizes, open_read_only

_CONTEXT = multiprocessing.get_context("forkserver")  # as the query workers: no thread state is forked
# A writer imports nothing once forked, so it is confined (and ignores Ctrl-C) a moment after it starts.
_CONTEXT.set_forkserver_preload(["govkg.server.querying.worker", __name__])

PUBLISHED_KEY = "govkg.published"
#: How many download files may be written at once (each by a child process).
DOWNLOAD_SLOTS = 1
#: The Retry-After of a download refused because the writer is busy.
WRITER_RETRY_AFTER = 5
#: File extensions of the downloads of one graph, and of the whole dataset.
GRAPH_EXTENSIONS = ("ttl", "nt", "jsonld", "rdf")
DATASET_EXTENSIONS = ("nq", "trig")
DATASET_KEY = "dataset"


class WriterBusy(KgError):
    """A download file would have to wait for the writer: try again after WRITER_RETRY_AFTER seconds."""


def write_file(generation: str, graph: str | None, extension: str, path: str, memory_mb: int) -> None:
    """Write ``graph`` (None: every graph) of the store generation folder ``generation`` to ``path`` with
    govkg.export.serialize in the format of ``extension`` (through a temporary file, then renamed).

    Runs in a child process confined like a query worker (``memory_mb`` MiB and a share of the generation's size):
    the memory a large serialization takes is given back when it ends, and the server's request threads keep the
    interpreter meanwhile."""
    confine(memory_mb, Path(generation))
    store = pyoxigraph.Store.read_only(generation)
    _, data = serialize(store, chosen_graphs(store, [graph] if graph else None), rdf_format(extension))
    temporary = Path(path).with_name(f".{Path(path).name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class Snapshot:
    """One generation of the store, opened read-only, with the cache folder of its serialized graphs, written by
    the ``writer`` of the app."""

    def __init__(self, generation: Path, store: pyoxigraph.Store, cache_dir: Path, writer: "Writer"):
        self.generation = generation
        self.store = store
        self.cache_dir = cache_dir
        self.writer = writer
        self.modified = datetime.fromtimestamp(generation.stat().st_mtime, UTC)
        self._failed: dict[Path, str] = {}

    @cached_property
    def sizes(self) -> dict[str | None, int]:
        """Triples per named graph IRI, and (key None) in the union default graph, as the generation's writer
        recorded them; for a generation without that record, counted by the query workers (call within a request;
        HttpError saying why if they did not answer, not remembered: tried again)."""
        recorded = graph_sizes(self.generation)
        if recorded is not None:
            return recorded
        rows = select(GRAPH_SIZES_QUERY)
        return {row["g"]["value"] if "g" in row else None: int(row["n"]["value"]) for row in rows}

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
        ``extension``, written on first use by the app's Writer; WriterBusy if the writer is busy, KgError if it
        fails (then at once for the rest of this generation)."""
        path = self.cache_dir / f"{self.etag(graph, extension)}.{extension}"
        if path.exists():
            return path
        if path in self._failed:
            raise KgError(self._failed[path])
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.writer.write(self.generation, graph, extension, path)
        except WriterBusy:
            raise
        except KgError as error:
            self._failed[path] = str(error)
            raise
        return path


class Writer:
    """Writes download files with write_file in a confined child process: at most DOWNLOAD_SLOTS at once, each
    stopped after ``timeout`` seconds; :meth:`close` stops them (when the server stops)."""

    def __init__(self, memory_mb: int, timeout: float):
        self.memory_mb = memory_mb
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(DOWNLOAD_SLOTS)
        self._lock = threading.Lock()
        self._running: set = set()
        self._closed = False

    def write(self, generation: Path, graph: str | None, extension: str, path: Path) -> None:
        """Write the file ``path`` (unless another request wrote it meanwhile); WriterBusy at once if every slot is
        taken, KgError if the writer fails, runs out of time or is stopped."""
        what = graph or "the dataset"
        if not self._slots.acquire(blocking=False):
            raise WriterBusy(f"another download is being prepared; try again in {WRITER_RETRY_AFTER} s")
        try:
            if path.exists():
                return
            process = _CONTEXT.Process(
                target=write_file, args=(str(generation), graph, extension, str(path), self.memory_mb), daemon=True
            )
            with self._lock:
                if self._closed:
                    raise KgError("the server is stopping")
                process.start()
                self._running.add(process)
            process.join(self.timeout)
            with self._lock:
                self._running.discard(process)
            if process.is_alive():
                process.kill()
                process.join()
                raise KgError(f"writing {what} took longer than {self.timeout:g} s and was stopped")
            if process.exitcode != 0 or not path.exists():
                raise KgError(
                    f"could not serialize {what} (writer exit status {process.exitcode}; a writer may use at most "
                    f"{memory_cap_mb(self.memory_mb, generation)} MiB)"
                )
        finally:
            self._slots.release()

    def close(self) -> None:
        """Stop the running writers; no new one starts."""
        with self._lock:
            self._closed = True
            running = list(self._running)
        for process in running:
            process.kill()


class Published:
    """The app's view of the store for whole-graph reads: the current Snapshot, re-opened on a new generation."""

    def __init__(self, store_dir: Path, writer: Writer):
        self.store_dir = Path(store_dir)
        self.writer = writer
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
                self._current = Snapshot(generation, store, self.cache_root / generation.name, self.writer)
            return self._current


_SETUP_LOCK = threading.Lock()


def snapshot() -> Snapshot:
    """The current app's Snapshot of the store (KgError if there is no store)."""
    extensions, config = current_app.extensions, current_app.config
    with _SETUP_LOCK:
        if PUBLISHED_KEY not in extensions:
            writer = Writer(config["WORKER_MEMORY_MB"], config["DOWNLOAD_TIMEOUT"])
            extensions[PUBLISHED_KEY] = Published(config["STORE_DIR"], writer)
    return extensions[PUBLISHED_KEY].snapshot()


def close_published(app: Flask) -> None:
    """Stop the download writers of ``app`` (if it made any)."""
    with _SETUP_LOCK:
        published = app.extensions.get(PUBLISHED_KEY)
    if published is not None:
        published.writer.close()


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
