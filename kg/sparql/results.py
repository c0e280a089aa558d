"""Query results written in the offered formats: one writer per format.

The solution formats (SPARQL 1.1 Query Results JSON, XML, CSV, TSV) are written here, after the W3C
specifications, so that they work on a result cut by the row cap; the RDF formats go through
``pyoxigraph.serialize`` (Turtle and TriG with the project's prefixes that the triples use).
"""

import csv
import io
import json
from collections.abc import Callable
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph

from govkg.rdf.jsonld import write_jsonld
from govkg.rdf.namespaces import used_prefixes
from govkg.sparql.negotiate import (
    CSV,
    JSON_LD,
    N_QUADS,
    N_TRIPLES,
    OFFERED,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TRIG,
    TSV,
    TURTLE,
    NotAcceptable,
)
from govkg.sparql.run import BOOLEAN, GRAPH, Result

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def serialize(result: Result, media_type: str) -> bytes:
    """``result`` as bytes in ``media_type`` (one of OFFERED[result.kind]).

    NotAcceptable if the type is not offered for the result's kind, or if the result cannot be written in it
    (e.g. RDF 1.2 triple terms in JSON-LD).
    """
    offered = OFFERED[result.kind]
    if media_type not in offered:
        raise NotAcceptable(f"{media_type} is not offered for this query form", offered)
    if result.kind != GRAPH:
        return SOLUTION_WRITERS[media_type](result)
    try:
        return write_graph(result.triples, media_type)
    except (OSError, ValueError, TypeError) as error:
        raise NotAcceptable(f"this result cannot be written as {media_type}: {error}", offered) from None


_RDF_FORMATS = {
    TURTLE: pyoxigraph.RdfFormat.TURTLE,
    N_TRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
    RDF_XML: pyoxigraph.RdfFormat.RDF_XML,
    JSON_LD: pyoxigraph.RdfFormat.JSON_LD,
    N_QUADS: pyoxigraph.RdfFormat.N_QUADS,
    TRIG: pyoxigraph.RdfFormat.TRIG,
}


def write_graph(triples: list, media_type: str) -> bytes:
    """Triples in an RDF format (the writer of every graph format); quad formats put them in the default graph;
    JSON-LD has a ``@context`` (govkg.rdf.jsonld)."""
    if media_type == JSON_LD:
        return write_jsonld(triples)
    rdf_format = _RDF_FORMATS[media_type]
    if media_type in (N_QUADS, TRIG):
        triples = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples]
    prefixes = used_prefixes(triples) if media_type in (TURTLE, TRIG) else None
    return pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


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


def write_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    document: dict
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


def write_xml(result: Result) -> bytes:
    """SPARQL Query Results XML."""
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


def write_csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV (an ASK result as ``true`` or ``false``)."""
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


def write_tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV (an ASK result as ``true`` or ``false``)."""
    if result.kind == BOOLEAN:
        return b"true" if result.boolean else b"false"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


#: The writer of each solution format (SELECT and ASK results).
SOLUTION_WRITERS: dict[str, Callable[[Result], bytes]] = {
    SPARQL_JSON: write_json,
    SPARQL_XML: write_xml,
    CSV: write_csv,
    TSV: write_tsv,
}
