"""Export the store (or chosen named graphs) to an RDF file, atomically, or to stdout.

Dataset formats (N-Quads, TriG, JSON-LD) keep each triple in its named graph;
graph formats (Turtle, N-Triples, RDF/XML) get the union of the chosen graphs.
A file is written to a temporary file beside it and renamed into place, so it
is never seen half-written.
"""

import contextlib
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.load import EXTENSIONS, FORMATS
from kg.namespaces import INFERRED_GRAPH, used_prefixes
from kg.store import open_read_only

DEFAULT_FORMAT = "turtle"


def output_format(output: Path | None, format_name: str | None) -> ox.RdfFormat:
    """``format_name``, else the format of ``output``'s extension, else Turtle."""
    if format_name is not None:
        return FORMATS[format_name]
    if output is not None and output.suffix.lower() in EXTENSIONS:
        return FORMATS[EXTENSIONS[output.suffix.lower()]]
    return FORMATS[DEFAULT_FORMAT]


def chosen_graphs(store: ox.Store, graphs: list[str] | None, inferred: bool) -> list[ox.NamedNode]:
    """The named graphs to export: ``graphs`` (all when None), without the inferred graph unless ``inferred``."""
    present = sorted(graph.value for graph in store.named_graphs())
    for graph in graphs or []:
        if graph not in present:
            raise KgError(f"graph <{graph}> is not in the store (it has: {', '.join(present) or 'no graph'})")
    names = graphs if graphs else present
    return [ox.NamedNode(graph) for graph in dict.fromkeys(names) if inferred or graph != str(INFERRED_GRAPH)]


def statements(store: ox.Store, graphs: list[ox.NamedNode], rdf_format: ox.RdfFormat) -> list:
    """The quads of ``graphs``, or for a graph format their triples without duplicates."""
    quads = [quad for graph in graphs for quad in store.quads_for_pattern(None, None, None, graph)]
    if rdf_format.supports_datasets:
        return quads
    return list(dict.fromkeys(quad.triple for quad in quads))


def serialize(store: ox.Store, graphs: list[ox.NamedNode], rdf_format: ox.RdfFormat) -> tuple[list, bytes]:
    """The statements of ``graphs`` in ``rdf_format``: (the triples or quads, the serialized bytes).

    The one serializer behind `kg export` and the server's downloads and Graph Store reads.
    """
    content = statements(store, graphs, rdf_format)
    return content, ox.serialize(content, format=rdf_format, prefixes=used_prefixes(content))


def export(
    store_dir: Path,
    output: Path | None = None,
    format_name: str | None = None,
    graphs: list[str] | None = None,
    inferred: bool = True,
) -> int:
    """Write the chosen graphs to ``output`` (atomically) or to stdout; the number of triples or quads written."""
    if output is not None and Path(output).is_dir():
        raise KgError(f"{output}: is a folder; --output needs a file name")
    rdf_format = output_format(output, format_name)
    store = open_read_only(Path(store_dir))
    content, data = serialize(store, chosen_graphs(store, graphs, inferred), rdf_format)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return len(content)
    output = Path(output)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, output)
    except BaseException as error:  # an OSError, or Ctrl-C while writing: no temporary file left behind
        with contextlib.suppress(OSError):  # it may not exist, nor its folder
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise KgError(f"{output}: cannot write: {error.strerror or error}") from None
        raise
    return len(content)
