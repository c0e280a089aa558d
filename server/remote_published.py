"""Whole-graph reads (the Graph Store, the downloads, /data, the VoID, the sizes) under `kg serve --backend`: the
published graphs mirrored from the engine into a local store folder (a temporary one, removed at exit), once per
publication, and read from there by govkg.server.published as from the embedded store.

The mirror is a store folder of govkg.store: each publication the engine's record names becomes a new generation
(written aside, swapped in atomically), so a request never sees a half-copied mirror; the app's STORE_DIR names it
(so that what is cached per store generation, the catalogue, follows the publications). Queries do not use it:
they run on the engine (govkg.server.querying.remote).
"""

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph

from govkg.remote.protocol import RemoteError
from govkg.remote.publish import UNION_GRAPH
from govkg.server.published import Published, Snapshot, Writer
from govkg.server.querying.remote import Publication
from govkg.store import extend_union, new_generation


class RemotePublished(Published):
    """The app's view for whole-graph reads over the publication ``publication`` describes (see the module doc),
    its files written by ``writer``."""

    def __init__(self, publication: Publication, writer: Writer):
        folder = Path(tempfile.mkdtemp(prefix="govkg-mirror-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        super().__init__(folder / "store", writer)
        self.publication = publication
        self._build: str | None = None
        self._mirroring = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The Snapshot of the mirror of the engine's current publication (copied first if it is new); KgError
        (RemoteError) if the engine cannot be read or holds no publication."""
        self.sync()
        return super().snapshot()

    def sync(self) -> None:
        """Copy the engine's current publication into the mirror if it is new (see :meth:`snapshot`)."""
        publication = self.publication.refresh()
        if not publication.build:
            raise RemoteError("the backend holds no publication of kg publish (run 'kg publish --to URL' first)")
        with self._mirroring:
            if publication.build != self._build:
                self._mirror(publication)
                self._build = publication.build

    def _mirror(self, publication: Publication) -> None:
        """Copy every published graph, and the union as the default graph, into a new generation of the mirror."""
        remote = self.publication.remote
        with new_generation(self.store_dir, keep_union=True) as store:
            for graph in (*publication.graphs, UNION_GRAPH):
                query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
                with remote.query(query, "application/n-triples") as response:
                    triples = [q.triple for q in pyoxigraph.parse(response, format=pyoxigraph.RdfFormat.N_TRIPLES)]
                if graph == UNION_GRAPH:
                    extend_union(store, [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples])
                else:
                    name = pyoxigraph.NamedNode(graph)
                    store.add_graph(name)
                    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, name) for t in triples)
