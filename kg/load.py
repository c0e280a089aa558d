"""`kg load`: add RDF files to the store as a new generation, outside the build (kept across builds).

Files are streamed, never held in memory whole: each is read once to check it (its syntax, and that it is not built
to exhaust the reader) before the store is touched, then again into the new generation, ``BATCH`` quads at a time.
A file that fails either read leaves the store as it was (the generation is published only when complete).
"""

from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from govkg.errors import KgError
from govkg.rdf.io import parse_file
from govkg.rdf.namespaces import LOADED_GRAPH
from govkg.store import new_generation

#: Triples read before they are written (twice: in their graph and in the union): what a load holds in memory besides
#: the parser's buffer and the database's own (about 300 MB in all; see docs/store.md).
BATCH = 50_000
#: From this many triples on, a batch is written with pyoxigraph's bulk loader (faster for many, slower for few).
BULK_FROM = 5_000


def load_files(
    store_dir: Path, files: list[Path], graph: str = str(LOADED_GRAPH), format_name: str | None = None
) -> dict[Path, int]:
    """Check every file, then stream them all into one new generation of the store; triples added per file.

    Triples (and the default graph of a dataset file) go to ``graph``; the named
    graphs of an N-Quads, TriG or JSON-LD file keep their names.
    """
    try:
        target = ox.NamedNode(graph)
    except ValueError:
        raise KgError(f"--graph {graph!r} is not an absolute IRI") from None
    paths = list(dict.fromkeys(Path(path) for path in files))
    for path in paths:
        for _ in parse_file(path, format_name):
            pass
    with new_generation(Path(store_dir), copy_current=True, keep_union=True) as store:
        return {path: _write(store, parse_file(path, format_name), target) for path in paths}


def _write(store: ox.Store, quads, target: ox.NamedNode) -> int:
    """Add ``quads`` to ``store`` (those of the default graph to ``target``) and their triples to its union (the
    default graph), in batches; how many."""
    count, default = 0, ox.DefaultGraph()
    while batch := list(islice(quads, BATCH)):
        count += len(batch)
        pairs: list[ox.Quad] = []
        for quad in batch:
            if isinstance(quad.graph_name, ox.DefaultGraph):  # it is its own union quad
                pairs += (ox.Quad(quad.subject, quad.predicate, quad.object, target), quad)
            else:
                pairs += (quad, ox.Quad(quad.subject, quad.predicate, quad.object, default))
        (store.bulk_extend if len(batch) >= BULK_FROM else store.extend)(pairs)
    return count
