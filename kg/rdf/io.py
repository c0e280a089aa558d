"""Reading RDF: the supported formats, parsing with one-line errors, the build's inputs, term conversion.

Files are parsed with pyoxigraph (exact line and column on a syntax error);
the reasoner and the SHACL validator work on rdflib graphs, so this module
also converts terms between the two libraries.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
import rdflib

from govkg.errors import KgError
from govkg.project import Sources, require_input_dir
from govkg.rdf.namespaces import PREFIXES

#: Format names accepted by ``--format``, and the pyoxigraph format of each.
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: File name extensions and the format each means.
EXTENSIONS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
#: What an article's file name (without .ttl) must look like: it becomes part of IRIs.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: The file in the ontology folder that holds the SHACL shapes (not part of the ontology graph).
SHAPES_FILE = "shapes.ttl"

#: The deepest nesting read in JSON-LD (objects and arrays) and RDF/XML (elements): pyoxigraph's JSON-LD reader
#: needs memory quadratic in the depth (and crashes a few thousand levels down), its RDF/XML reader time.
MAX_DEPTH = 256
#: The longest term (literal, IRI), line or comment read: pyoxigraph's parsers stop at 16 MiB, and RDF/XML (where
#: they do not) is held to the same limit.
MAX_TERM = 16 * 1024 * 1024
#: Files are checked in chunks of this many bytes (the checks' memory does not grow with the file).
_CHUNK = 1 << 20

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def supported_formats() -> str:
    """The supported formats and their extensions, for error messages and help texts."""
    return ", ".join(f"{name} ({' '.join(ext for ext, fmt in EXTENSIONS.items() if fmt == name)})" for name in FORMATS)


def format_of(path: Path, name: str | None = None) -> ox.RdfFormat:
    """The format named ``name``, else the one ``path``'s extension means; KgError if neither is known."""
    if name is not None:
        if name not in FORMATS:
            raise KgError(f"unknown format {name!r}; supported: {supported_formats()}")
        return FORMATS[name]
    extension = Path(path).suffix.lower()
    if extension not in EXTENSIONS:
        raise KgError(
            f"{path}: unknown RDF file extension {extension!r}; supported: {supported_formats()} (or give --format)"
        )
    return FORMATS[EXTENSIONS[extension]]


def read_quads(path: Path, format_name: str | None = None) -> list[ox.Quad]:
    """Parse the whole file ``path`` into memory (see :func:`parse_file`)."""
    return list(parse_file(path, format_name))


def parse_file(path: Path, format_name: str | None = None) -> Iterator[ox.Quad]:
    """The quads of the file ``path``, as the parser reads them (the file is never held in memory whole); triples
    come back as quads in the default graph.

    Blank nodes get fresh identifiers so that files never share one by accident.
    The file is checked first for what would make the parser exhaust the machine (:func:`refuse_hostile`).
    KgError (one line with the file, line and column) on a missing file, bad syntax or such a file.
    """
    path = Path(path)
    rdf_format = format_of(path, format_name)
    if not path.is_file():
        raise KgError(f"{path}: {'not a file' if path.exists() else 'file not found'}")
    refuse_hostile(path, rdf_format)
    try:
        yield from ox.parse(path=path, format=rdf_format, rename_blank_nodes=True)
    except SyntaxError as error:
        line = f":{error.lineno}:{error.offset}" if error.lineno else ""
        message = re.sub(r"^Parser error (at|between) .*?: ", "", error.msg.replace("\n", " "))
        if "No scheme found" in message:
            message += " (relative IRIs are not resolved: write absolute IRIs or declare @base)"
        raise KgError(f"{path}{line}: {rdf_format.name} syntax error: {message}") from None
    except MemoryError as error:
        if "buffer maximal size" in str(error):
            raise KgError(f"{path}: refused: a term, line or comment longer than {MAX_TERM >> 20} MiB") from None
        raise KgError(f"{path}: cannot read: out of memory") from None
    except (OSError, ValueError) as error:
        raise KgError(f"{path}: cannot read: {error}") from None


def refuse_hostile(path: Path, rdf_format: ox.RdfFormat) -> None:
    """KgError (one line: file, line, why) if the file would make the parser exhaust memory or time, before the
    parser sees it: in RDF/XML a DOCTYPE with an internal subset (entity declarations: an entity-expansion bomb),
    elements nested deeper than MAX_DEPTH or text longer than MAX_TERM; in JSON-LD, nesting deeper than MAX_DEPTH
    or a string longer than MAX_TERM. Remote JSON-LD contexts are never fetched (the parser refuses them). The check
    reads the file in chunks: its memory does not grow with the file."""
    if rdf_format == ox.RdfFormat.RDF_XML:
        _check_xml(path)
    elif rdf_format == ox.RdfFormat.JSON_LD:
        _check_json(path)


def _check_xml(path: Path) -> None:
    """:func:`refuse_hostile` for RDF/XML, with expat (which stops at the DOCTYPE, before any entity is declared)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    depth, text = 0, 0

    def refuse(why: str) -> None:
        raise KgError(f"{path}:{parser.CurrentLineNumber}: refused: {why}")

    def doctype(name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            refuse(
                "a DOCTYPE with an internal subset (entity declarations) is not read, as a guard against "
                "entity-expansion bombs; write the entities' text in their place"
            )

    def start(name, attributes) -> None:
        nonlocal depth, text
        depth, text = depth + 1, 0
        if depth > MAX_DEPTH:
            refuse(f"elements nested deeper than {MAX_DEPTH}")
        if any(len(value) > MAX_TERM for value in attributes.values()):
            refuse(f"an attribute value longer than {MAX_TERM >> 20} MiB")

    def end(name) -> None:
        nonlocal depth, text
        depth, text = depth - 1, 0

    def characters(data) -> None:
        nonlocal text
        text += len(data)
        if text > MAX_TERM:
            refuse(f"a text longer than {MAX_TERM >> 20} MiB")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise KgError(
            f"{path}:{error.lineno}:{error.offset + 1}: {ox.RdfFormat.RDF_XML.name} syntax error: "
            f"{expat.ErrorString(error.code)}"
        ) from None
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error}") from None


#: A JSON string, a bracket, or the quote of a string that goes on in the next chunk.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.DOTALL)
#: The rest of a string begun in an earlier chunk, up to its closing quote (excluded) or the end of the chunk.
_JSON_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)


def _check_json(path: Path) -> None:
    """:func:`refuse_hostile` for JSON-LD: the nesting depth of objects and arrays, and the length of strings."""
    depth, line = 0, 1
    string, string_line = -1, 0  # the length so far and the line of a string that goes on (-1: none)
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                while chunk.endswith(b"\\") and (more := file.read(1)):  # never split an escape between chunks
                    chunk += more
                position = 0
                if string >= 0:
                    rest = _JSON_STRING_REST.match(chunk)  # always matches (maybe empty)
                    position = rest.end() if rest else 0
                    string += position
                    if position == len(chunk) and string <= MAX_TERM:
                        line += chunk.count(b"\n")
                        continue
                    if string > MAX_TERM:
                        raise KgError(f"{path}:{string_line}: refused: a string longer than {MAX_TERM >> 20} MiB")
                    position, string = position + 1, -1
                for match in _JSON_TOKEN.finditer(chunk, position):
                    token = match.group()
                    if token == b'"':
                        string, string_line = len(chunk) - match.start(), line + chunk.count(b"\n", 0, match.start())
                        break
                    if token in (b"[", b"{"):
                        depth += 1
                        if depth > MAX_DEPTH:
                            where = line + chunk.count(b"\n", 0, match.start())
                            raise KgError(f"{path}:{where}: refused: objects and arrays nested deeper than {MAX_DEPTH}")
                    elif token in (b"]", b"}"):
                        depth -= 1
                line += chunk.count(b"\n")
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error}") from None


def into_graph(quads, graph: ox.NamedNode) -> list[ox.Quad]:
    """``quads`` with those of the default graph moved into ``graph`` (quads of a named graph keep it)."""
    return [
        ox.Quad(quad.subject, quad.predicate, quad.object, graph)
        if isinstance(quad.graph_name, ox.DefaultGraph)
        else quad
        for quad in quads
    ]


def to_rdflib(term):
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype, normalize=False)
    raise KgError(f"unsupported RDF term {term!r} (RDF-star is not supported)")


def to_oxigraph(term):
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise KgError(f"unsupported RDF term {term!r}")


def rdflib_graph(quads) -> rdflib.Graph:
    """An rdflib graph of the triples of ``quads`` (graph names are ignored)."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def oxigraph_quads(graph: rdflib.Graph, graph_name: str) -> list[ox.Quad]:
    """The triples of the rdflib ``graph`` as pyoxigraph quads in the named graph ``graph_name``."""
    name = ox.NamedNode(str(graph_name))
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph]


def shorten(text: str) -> str:
    """``text`` with the project's namespace IRIs written as prefixes (``gkr:Bishkek``), for messages."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        text = text.replace(namespace, prefix + ":")
    return text


def label(term) -> str:
    """A short readable form of an rdflib term: ``gkr:Bishkek``, ``<http://...>``, ``_:b0`` or a literal's text."""
    if isinstance(term, rdflib.URIRef):
        short = shorten(str(term))
        return short if short != str(term) else f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


@dataclass
class Inputs:
    """The build's inputs, parsed: ontology files, the SHACL shapes and one quad list per article."""

    ontology: dict[Path, list[ox.Quad]] = field(default_factory=dict)
    shapes: dict[Path, list[ox.Quad]] = field(default_factory=dict)
    articles: dict[str, tuple[Path, list[ox.Quad]]] = field(default_factory=dict)

    def files(self) -> dict[Path, list[ox.Quad]]:
        """Every ontology and article file with its quads (shapes excluded)."""
        return {**self.ontology, **{path: quads for path, quads in self.articles.values()}}


def ontology_files(sources: Sources) -> list[Path]:
    """The ``*.ttl`` files of the ontology folders, folder by folder (shapes.ttl included); KgError if a folder is
    missing or two folders hold ontology files of one name."""
    files: dict[str, Path] = {}
    for folder in sources.ontology:
        for path in sorted(require_input_dir(folder).glob("*.ttl")):
            if path.name in files and path.name != SHAPES_FILE:
                raise KgError(f"{path}: an ontology file of this name is read already, from {files[path.name]}")
            files.setdefault(path.name, path)
    return [path for folder in sources.ontology for path in sorted(folder.glob("*.ttl"))]


def read_inputs(sources: Sources) -> Inputs:
    """Parse the ontology folders' ``*.ttl`` (shapes.ttl apart) and the articles folder's ``*.ttl`` (slug = file
    stem). A folder of articles with no file is an empty corpus (the ontology alone is built)."""
    inputs = Inputs()
    for path in ontology_files(sources):
        target = inputs.shapes if path.name == SHAPES_FILE else inputs.ontology
        target[path] = read_quads(path)
    if not inputs.ontology:
        raise KgError(f"{sources.ontology[0]}: no ontology file (*.ttl) found")
    for path in sorted(require_input_dir(sources.articles).glob("*.ttl")):
        if not SLUG.fullmatch(path.stem):
            raise KgError(
                f"{path}: an article file name must be a slug (letters, digits, '-', '_', '.') to name its graph"
            )
        inputs.articles[path.stem] = (path, read_quads(path))
    return inputs
