"""Content negotiation for query results (RFC 9110 section 12.5.1): the media types offered per result kind, the
names a client may use for them, and the choice between them from an Accept header or a ``format`` parameter."""

from govkg.errors import KgError
from govkg.sparql.run import BOOLEAN, GRAPH, SOLUTIONS

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


class NotAcceptable(KgError):
    """No offered media type fits the Accept header or the ``format`` parameter (``offered`` lists them)."""

    def __init__(self, message: str, offered: list[str]):
        super().__init__(message)
        self.offered = offered


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

    ``format_param`` (a short name such as ``json``, ``turtle``, ``csv`` or a media type) wins over ``accept``; a
    missing or empty Accept header, or one whose every member is malformed (``q=abc``, ``q=2``, no ``/``), means
    the default (SPARQL JSON for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE).
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
