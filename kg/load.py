"""`kg load`: add RDF files to the store as a new generation, outside the build (kept across builds)."""

from pathlib import Path

import pyoxigraph as ox

from govkg.errors import KgError
from govkg.rdf.io import into_graph, read_quads
from govkg.rdf.namespaces import LOADED_GRAPH
from govkg.store import has_store, new_generation


def load_files(
    store_dir: Path, files: list[Path], graph: str = str(LOADED_GRAPH), format_name: str | None = None
) -> dict:
    """Parse every file fully, then add them to the store in one new generation; triples added per file.

    Triples (and the default graph of a dataset file) go to ``graph``; the named
    graphs of an N-Quads, TriG or JSON-LD file keep their names.
    """
    try:
        target = ox.NamedNode(graph)
    except ValueError:
        raise KgError(f"--graph {graph!r} is not an absolute IRI") from None
    parsed = {Path(path): read_quads(Path(path), format_name) for path in files}
    with new_generation(Path(store_dir), copy_current=has_store(store_dir)) as store:
        for quads in parsed.values():
            store.extend(into_graph(quads, target))
    return {path: len(quads) for path, quads in parsed.items()}
