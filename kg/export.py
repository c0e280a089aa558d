"""Export the store, or chosen named graphs, to one RDF file (or stdout) or to a folder of one file per graph.

Dataset formats (N-Quads, TriG, JSON-LD) keep each triple in its named graph;
graph formats (Turtle, N-Triples, RDF/XML) get the union of the chosen graphs.
Every format is deterministic: blank nodes get stable labels (govkg.rdf.canonical) and
statements a stable order, so the same data gives the same bytes on every run
and machine. A file is written to a temporary file beside it and renamed into
place; a folder is built beside its target and renamed into place, its
manifest.json written last; so neither is ever seen half-written.
"""

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from govkg.errors import KgError
from govkg.rdf.canonical import canonical_statements, statement_key
from govkg.rdf.io import EXTENSIONS, FORMATS, SLUG
from govkg.rdf.jsonld import write_jsonld
from govkg.rdf.namespaces import GRAPH, INFERRED_GRAPHS, used_prefixes
from govkg.rdf.turtle import trig, turtle
from govkg.store import open_read_only

DEFAULT_FORMAT = "turtle"
#: Graph choices that name several graphs: every graph, and every graph but the inferred ones.
ALL, ASSERTED = "all", "asserted"
#: The file of an export folder that lists its graph files.
MANIFEST = "manifest.json"
#: The end of an IRI that RDF/XML can write as an element name (an NCName, ASCII subset).
_XML_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*$")


def output_format(output: Path | None, format_name: str | None) -> ox.RdfFormat:
    """``format_name``, else the format of ``output``'s extension, else Turtle."""
    if format_name is not None:
        return FORMATS[format_name]
    if output is not None and output.suffix.lower() in EXTENSIONS:
        return FORMATS[EXTENSIONS[output.suffix.lower()]]
    return FORMATS[DEFAULT_FORMAT]


def graph_key(iri: str) -> str | None:
    """The short name of a graph of ours: its IRI after https://w3id.org/govkg/graph/ (``article/SLUG``), else None."""
    key = iri.removeprefix(str(GRAPH))
    if key != iri and all(SLUG.fullmatch(part) for part in key.split("/")):
        return key
    return None


def chosen_graphs(store: ox.Store, names: list[str] | None) -> list[ox.NamedNode]:
    """The named graphs ``names`` choose (default ``all``), in IRI order.

    A name is ``all``, ``asserted`` (every graph but the two inferred ones), a graph's short
    name (``ontology``, ``inferred``, ``inferred-schema``, ``links``, ``article/SLUG``: see graph_key) or a graph IRI.
    """
    present = sorted(graph.value for graph in store.named_graphs())
    chosen = set()
    for name in names or [ALL]:
        if name == ALL:
            chosen.update(present)
        elif name == ASSERTED:
            chosen.update(graph for graph in present if graph not in INFERRED_GRAPHS)
        else:
            iri = name if ":" in name else str(GRAPH) + name
            if iri not in present:
                keys = [graph_key(graph) or graph for graph in present]
                raise KgError(
                    f"unknown graph {name!r}: the store has {', '.join(keys) or 'no graph'} "
                    f"(give one of those, {ALL}, {ASSERTED} or a graph IRI)"
                )
            chosen.add(iri)
    return [ox.NamedNode(graph) for graph in sorted(chosen)]


def statements(store: ox.Store, graphs: list[ox.NamedNode], rdf_format: ox.RdfFormat) -> list:
    """The quads of ``graphs``, or for a graph format their triples without duplicates."""
    quads = [quad for graph in graphs for quad in store.quads_for_pattern(None, None, None, graph)]
    if rdf_format.supports_datasets:
        return quads
    return list(dict.fromkeys(quad.triple for quad in quads))


def serialize(store: ox.Store, graphs: list[ox.NamedNode], rdf_format: ox.RdfFormat) -> tuple[list, bytes]:
    """The statements of ``graphs`` in ``rdf_format``: (the triples or quads, the serialized bytes).

    The one serializer behind `kg export` and the server's downloads and Graph Store reads;
    the bytes depend only on the statements (stable blank node labels and order).
    """
    content = canonical_statements(statements(store, graphs, rdf_format))
    return content, write(content, rdf_format)


def _serialized(content: list, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """pyoxigraph's serialization of ``content`` as bytes (it returns bytes when given no output)."""
    data = ox.serialize(content, format=rdf_format, prefixes=prefixes)
    assert data is not None
    return data


def write(content: list, rdf_format: ox.RdfFormat) -> bytes:
    """Canonically labelled triples or quads in ``rdf_format``, in a stable order.

    Turtle and TriG by govkg.rdf.turtle; JSON-LD (indented, with a ``@context`` of the prefixes it uses) by
    govkg.rdf.jsonld; the others by pyoxigraph: N-Triples and N-Quads as sorted lines, RDF/XML from the sorted
    statements.
    """
    if rdf_format == ox.RdfFormat.TURTLE:
        return turtle(content)
    if rdf_format == ox.RdfFormat.TRIG:
        return trig(content)
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        lines = _serialized(content, rdf_format).splitlines(keepends=True)
        return b"".join(sorted(lines))
    if rdf_format == ox.RdfFormat.RDF_XML:
        for predicate in {statement.predicate.value for statement in content}:
            if not _XML_LOCAL_NAME.search(predicate):
                raise KgError(
                    f"RDF/XML cannot write the predicate <{predicate}> (no XML name at its end); use another format"
                )
    ordered = sorted(content, key=statement_key)
    if rdf_format == ox.RdfFormat.JSON_LD:
        return write_jsonld(ordered)
    return _serialized(ordered, rdf_format, used_prefixes(ordered))


def export(
    store_dir: Path, output: Path | None = None, format_name: str | None = None, graphs: list[str] | None = None
) -> int:
    """Write the chosen graphs to ``output`` (atomically) or to stdout; the number of triples or quads written."""
    if output is not None and Path(output).is_dir():
        raise KgError(f"{output}: is a folder; --output needs a file name (or use --output-dir)")
    rdf_format = output_format(output, format_name)
    store = open_read_only(Path(store_dir))
    content, data = serialize(store, chosen_graphs(store, graphs), rdf_format)
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


def graph_file(iri: str, rdf_format: ox.RdfFormat) -> str:
    """The file of graph ``iri`` in an export folder: ``<short name>.<ext>`` (e.g. ``article/SLUG.ttl``).

    A graph outside https://w3id.org/govkg/graph/ gets its whole IRI percent-encoded (``http%3A%2F%2F...``).
    """
    name = graph_key(iri) or quote(iri, safe="")
    return f"{name}.{rdf_format.file_extension}"


def export_folder(
    store_dir: Path, output_dir: Path, format_name: str | None = None, graphs: list[str] | None = None
) -> dict:
    """Write one file per chosen graph and manifest.json into ``output_dir``, atomically; the manifest.

    ``output_dir`` may be missing, empty or a previous export (which is replaced whole);
    anything else is refused so that no file of the user's is ever deleted.
    """
    shown, output_dir = output_dir, Path(os.path.abspath(output_dir))  # absolute: its parent is where to build
    _check_replaceable(output_dir, shown)
    format_name = format_name or DEFAULT_FORMAT
    rdf_format = FORMATS[format_name]
    store = open_read_only(Path(store_dir))
    chosen = chosen_graphs(store, graphs)
    temporary = output_dir.with_name(f".{output_dir.name}.{os.getpid()}.tmp")
    try:
        temporary.mkdir()
        entries = []
        for graph in chosen:
            content, data = serialize(store, [graph], rdf_format)
            name = graph_file(graph.value, rdf_format)
            (temporary / name).parent.mkdir(parents=True, exist_ok=True)
            (temporary / name).write_bytes(data)
            entries.append(
                {
                    "graph": graph.value,
                    "file": name,
                    "triples": len(content),
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
        manifest = {"format": format_name, "media_type": rdf_format.media_type, "graphs": entries}
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _replace_folder(temporary, output_dir)
    except BaseException as error:  # an OSError, or Ctrl-C: the target is untouched, the temporary folder removed
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            raise KgError(f"{shown}: cannot write: {error.strerror or error}") from None
        raise
    return manifest


def _check_replaceable(output_dir: Path, shown: Path) -> None:
    """KgError (naming ``shown``) unless ``output_dir`` is missing, empty, or a previous export of only its files."""
    if output_dir.exists() and not output_dir.is_dir():
        raise KgError(f"{shown}: is a file; --output-dir needs a folder")
    if not output_dir.is_dir() or not any(output_dir.iterdir()):
        return
    try:
        listed = {entry["file"] for entry in json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))["graphs"]}
    except (OSError, ValueError, KeyError, TypeError):
        raise KgError(
            f"{shown}: folder is not empty and holds no {MANIFEST} of a previous export; give a new or empty folder"
        ) from None
    others = sorted(
        path.relative_to(output_dir).as_posix()
        for path in output_dir.rglob("*")
        if not path.is_dir() and path.relative_to(output_dir).as_posix() not in listed | {MANIFEST}
    )
    if others:
        raise KgError(f"{shown}: holds files that are not part of the previous export ({', '.join(others[:3])})")


def _replace_folder(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an existing ``target`` is moved aside first and deleted after."""
    if not target.exists():
        os.rename(new, target)
        return
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
