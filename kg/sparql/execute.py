"""Run a SPARQL query against a pyoxigraph store, negotiate a result format and serialize the result.

Shared by the HTTP endpoint (server/, inside its worker processes) and by
`kg query` (in-process). The three steps are separate so that a caller can
pick the format after it knows the query form:

    result = run_query(store, text, row_cap=10_000)
    media_type = negotiate(accept_header, format_param, result.kind)
    body = serialize(result, media_type)

``run_query`` materializes at most ``row_cap`` solutions (or triples) and
records in ``Result.truncated`` whether more were available. The solution
serializers (SPARQL JSON, XML, CSV, TSV) are written here, after the W3C
specifications, so that they work on a truncated list; RDF formats go through
``pyoxigraph.serialize``.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph

from govkg.errors import KgError
from govkg.rdf.namespaces import used_prefixes
from govkg.store import has_union

# Result kinds: what a query form yields.
SOLUTIONS = "solutions"  # SELECT
BOOLEAN = "boolean"  # ASK
GRAPH = "graph"  # CONSTRUCT, DESCRIBE

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
JSON_LD = "application/ld+json"
N_QUADS = "application/n-quads"
TRIG = "application/trig"

#: Media types offered per result kind, the default first.
OFFERED = {
    SOLUTIONS: [SPARQL_JSON, SPARQL_XML, CSV, TSV],
    BOOLEAN: [SPARQL_JSON, SPARQL_XML, CSV, TSV],
    GRAPH: [TURTLE, N_TRIPLES, RDF_XML, JSON_LD, N_QUADS, TRIG],
}

#: Other names a client may use (in Accept or ``format``) for an offered media type, per kind.
_RESULT_ALIASES = {
    "json": SPARQL_JSON,
    "srj": SPARQL_JSON,
    "application/json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "srx": SPARQL_XML,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
}
_GRAPH_ALIASES = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "n3": TURTLE,
    "application/x-turtle": TURTLE,
    "ntriples": N_TRIPLES,
    "n-triples": N_TRIPLES,
    "nt": N_TRIPLES,
    "text/plain": N_TRIPLES,
    "rdfxml": RDF_XML,
    "rdf+xml": RDF_XML,
    "rdf": RDF_XML,
    "xml": RDF_XML,
    "application/xml": RDF_XML,
    "text/xml": RDF_XML,
    "jsonld": JSON_LD,
    "json-ld": JSON_LD,
    "json": JSON_LD,
    "application/json": JSON_LD,
    "nquads": N_QUADS,
    "n-quads": N_QUADS,
    "nq": N_QUADS,
    "trig": TRIG,
}
ALIASES = {SOLUTIONS: _RESULT_ALIASES, BOOLEAN: _RESULT_ALIASES, GRAPH: _GRAPH_ALIASES}

_RDF_FORMATS = {
    TURTLE: pyoxigraph.RdfFormat.TURTLE,
    N_TRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
    RDF_XML: pyoxigraph.RdfFormat.RDF_XML,
    JSON_LD: pyoxigraph.RdfFormat.JSON_LD,
    N_QUADS: pyoxigraph.RdfFormat.N_QUADS,
    TRIG: pyoxigraph.RdfFormat.TRIG,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryError(KgError):
    """The query is malformed or failed to evaluate; the message is the parser's or evaluator's."""


class NotAcceptable(KgError):
    """No offered media type fits the Accept header or the ``format`` parameter."""

    def __init__(self, message: str, offered: list[str]):
        super().__init__(message)
        self.offered = offered


@dataclass
class Result:
    """A materialized query result.

    ``kind`` is SOLUTIONS, BOOLEAN or GRAPH. SOLUTIONS fill ``variables`` and
    ``rows`` (one tuple of terms or None per solution); BOOLEAN fills
    ``boolean``; GRAPH fills ``triples``. ``truncated`` is True when the row cap
    cut the result; ``row_cap`` is the cap that applied (None: no cap).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False
    row_cap: int | None = None


def parse_term(text: str):
    """A pyoxigraph term from its N-Triples form (``<iri>``, ``"lit"@en``, ``"1"^^<dt>``, ``_:b``)."""
    try:
        quads = list(pyoxigraph.parse(f"<urn:s> <urn:p> {text} .", format=pyoxigraph.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise QueryError(f"substitution {text!r} is not an N-Triples term: {error}") from None
    if len(quads) != 1:
        raise QueryError(f"substitution {text!r} is not a single N-Triples term")
    return quads[0].object


def run_query(
    store: pyoxigraph.Store,
    query: str,
    *,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    substitutions: dict[str, str] | None = None,
    row_cap: int | None = None,
    base_iri: str | None = None,
) -> Result:
    """Evaluate ``query`` on ``store`` and materialize at most ``row_cap`` rows or triples.

    The dataset is the union of all graphs unless ``default_graphs`` or
    ``named_graphs`` is given (the SPARQL protocol's ``default-graph-uri`` and
    ``named-graph-uri``): then exactly those graphs, an absent list meaning none;
    else unless the query has FROM / FROM NAMED: then the graphs it names.
    ``substitutions`` maps variable names to N-Triples terms (pre-bound values).
    Raises QueryError with the parser's message (it names line and column).
    """
    try:
        options = {"base_iri": base_iri}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [_graph_name(iri) for iri in default_graphs or []]
            options["named_graphs"] = [_graph_name(iri) for iri in named_graphs or []]
        elif "from" not in code_words(query) and not has_union(store):
            # the store's default graph is the union (govkg.store); a store written before it was needs pyoxigraph's
            # union option (which repeats a triple held by several graphs, and would override FROM / FROM NAMED)
            options["use_default_graph_as_union"] = True
        if substitutions:
            options["substitutions"] = {pyoxigraph.Variable(k): parse_term(v) for k, v in substitutions.items()}
        answer = store.query(query, **options)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return Result(BOOLEAN, boolean=bool(answer), row_cap=row_cap)
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = [variable.value for variable in answer.variables]
            rows, truncated = _take(answer, row_cap)
            rows = [tuple(solution[name] for name in variables) for solution in rows]
            return Result(SOLUTIONS, variables=variables, rows=rows, truncated=truncated, row_cap=row_cap)
        triples, truncated = _take(answer, row_cap)
        return Result(GRAPH, triples=triples, truncated=truncated, row_cap=row_cap)
    except (SyntaxError, ValueError, TypeError, RuntimeError) as error:
        raise QueryError(str(error).replace("\n", " ")) from None


def _graph_name(iri: str) -> pyoxigraph.NamedNode:
    """The graph called ``iri``; QueryError naming it if it is not an absolute IRI."""
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"graph name {iri!r} is not an absolute IRI ({error})") from None


#: What pyoxigraph's tokenizer skips: a comment (it ends at CR or LF), a string with its escapes, an IRI.
_SKIPPED = "|".join(
    [
        r"\#[^\r\n]*",
        r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''",
        r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""',
        r"'(?:[^'\\\r\n]|\\.)*'",
        r'"(?:[^"\\\r\n]|\\.)*"',
        r"<[^<>\"{}|^`\x00-\x20]*>",
    ]
)
#: A word: keyword, variable or prefixed name (``.`` splits words, so that more words are found, not fewer).
_WORD = r"(?:[\w?$:%\-\u00b7\u0300-\u036f\u203f\u2040]|\\.)+"
_LEXEMES = re.compile(f"(?:{_SKIPPED})|(?P<word>{_WORD})|.", re.DOTALL)


def code_words(query: str) -> list[str]:
    """The bare words of ``query`` outside comments, strings and IRIs (keywords such as FROM or
    SERVICE, casefolded), as pyoxigraph tokenizes the text; ``?var``, ``$var`` and prefixed names are
    left out. Where the tokenization is ambiguous it errs on the side of finding more words."""
    words = []
    for match in _LEXEMES.finditer(query):
        word = match.group("word")
        if word and not any(mark in word for mark in "?$:\\%"):
            words.append(word.casefold())
    return words


def _take(iterator, cap: int | None) -> tuple[list, bool]:
    """The first ``cap`` items of ``iterator`` and whether there were more."""
    items = []
    for item in iterator:
        if cap is not None and len(items) >= cap:
            return items, True
        items.append(item)
    return items, False


# --- content negotiation (RFC 9110 section 12.5.1) ---


def _parse_accept(header: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; malformed members are skipped."""
    ranges = []
    for member in header.split(","):
        parts = [part.strip() for part in member.split(";")]
        media_range = parts[0].lower()
        if media_range.count("/") != 1:
            continue
        q = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append((media_range, q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching media range gives ``media_type`` (0 if none matches)."""
    main = media_type.split("/")[0]
    best_specificity, best_q = -1, 0.0
    for media_range, q in ranges:
        if media_range == media_type:
            specificity = 2
        elif media_range == f"{main}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_q = specificity, q
    return best_q


def negotiate(accept: str | None, format_param: str | None, kind: str) -> str:
    """The media type to answer a ``kind`` result with.

    ``format_param`` (a short name such as ``json``, ``turtle``, ``csv`` or a
    media type) wins over ``accept``; a missing or empty Accept header, or one
    whose every member is malformed (``q=abc``, ``q=2``, no ``/``), means the
    default (SPARQL JSON for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE).
    Raises NotAcceptable listing the offered media types when nothing fits.
    """
    offered = OFFERED[kind]
    aliases = ALIASES[kind]
    if format_param:
        name = format_param.strip().lower()
        chosen = name if name in offered else aliases.get(name)
        if chosen is None:
            raise NotAcceptable(f"format {format_param!r} is not offered for this query form", offered)
        return chosen
    ranges = _parse_accept(accept or "")
    if not ranges:
        return offered[0]
    candidates = offered + [alias for alias in aliases if "/" in alias]
    best, best_q = None, 0.0
    for media_type in candidates:
        q = _quality(media_type, ranges)
        if q > best_q:
            best, best_q = media_type, q
    if best is None:
        raise NotAcceptable(f"none of the offered media types fits Accept: {accept}", offered)
    return aliases.get(best, best)


# --- serialization ---


def serialize(result: Result, media_type: str) -> bytes:
    """``result`` as bytes in ``media_type`` (one of OFFERED[result.kind]).

    NotAcceptable if the type is not offered for the result's kind, or if the
    result cannot be written in it (e.g. RDF 1.2 triple terms in JSON-LD).
    """
    offered = OFFERED[result.kind]
    if media_type not in offered:
        raise NotAcceptable(f"{media_type} is not offered for this query form", offered)
    if result.kind != GRAPH:
        return _SOLUTION_WRITERS[media_type](result)
    try:
        return _serialize_graph(result.triples, media_type)
    except (OSError, ValueError, TypeError) as error:
        raise NotAcceptable(f"this result cannot be written as {media_type}: {error}", offered) from None


def _serialize_graph(triples: list, media_type: str) -> bytes:
    """Triples in an RDF format; quad formats put them in the default graph."""
    rdf_format = _RDF_FORMATS[media_type]
    if media_type in (N_QUADS, TRIG):
        triples = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples]
    prefixes = used_prefixes(triples) if media_type in (TURTLE, TRIG) else None
    return pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes)


def _json_term(term) -> dict:
    """A term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    entry = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        entry["datatype"] = term.datatype.value
    return entry


def _write_json(result: Result) -> bytes:
    if result.kind == BOOLEAN:
        document = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _xml_term(term) -> str:
    """A term in SPARQL Query Results XML."""
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    if term.language:
        attribute = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype.value != _XSD_STRING:
        attribute = f" datatype={quoteattr(term.datatype.value)}"
    else:
        attribute = ""
    return f"<literal{attribute}>{xml_escape(term.value)}</literal>"


def _write_xml(result: Result) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    out.append("</head>\n")
    if result.kind == BOOLEAN:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        out.append("<results>\n")
        for row in result.rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            ]
            out.append("</result>\n")
        out.append("</results>\n")
    out.append("</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term) -> str:
    """A term in SPARQL CSV: the plain value, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return term.value


def _write_csv(result: Result) -> bytes:
    if result.kind == BOOLEAN:
        return b"true" if result.boolean else b"false"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue().encode("utf-8")


def _tsv_value(term) -> str:
    """A term in SPARQL TSV: its N-Triples form (tabs and newlines inside literals escaped)."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")


def _write_tsv(result: Result) -> bytes:
    if result.kind == BOOLEAN:
        return b"true" if result.boolean else b"false"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


_SOLUTION_WRITERS = {SPARQL_JSON: _write_json, SPARQL_XML: _write_xml, CSV: _write_csv, TSV: _write_tsv}
