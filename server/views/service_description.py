"""The SPARQL 1.1 Service Description answered on a plain GET of the endpoint."""

from flask import Response, current_app, request
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from govkg.rdf.namespaces import INFERRED_GRAPH, INFERRED_SCHEMA_GRAPH
from govkg.server.errors import HttpError
from govkg.server.http import content_type
from govkg.server.urls import public_url
from govkg.server.views.graph_store import current_snapshot
from govkg.sparql.negotiate import NotAcceptable, negotiate
from govkg.sparql.results import serialize
from govkg.sparql.run import GRAPH, Result

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
DCTERMS_TITLE = NamedNode("http://purl.org/dc/terms/title")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: The W3C format IRIs (http://www.w3.org/ns/formats/) of every result format the endpoint writes.
RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "N-Quads",
    "TriG",
]


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)


def description(endpoint: str, sizes: dict[str | None, int], config: dict) -> list[Triple]:
    """The service description triples of ``endpoint``; ``sizes`` maps graph IRIs (None: default) to triple counts."""
    service, dataset, default_graph = BlankNode(), BlankNode(), BlankNode()
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        Triple(service, DCTERMS_TITLE, Literal("govkg SPARQL 1.1 endpoint (read-only)")),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/OWL-RDF-Based")),
        Triple(service, _sd("defaultSupportedEntailmentProfile"), NamedNode("http://www.w3.org/ns/owl-profile/RL")),
        Triple(
            service,
            RDFS_COMMENT,
            Literal(
                "The default graph is the union of all named graphs, including the OWL 2 RL inferences "
                f"of <{INFERRED_GRAPH}> and the ontology's closure in <{INFERRED_SCHEMA_GRAPH}>; "
                "GRAPH and the default-graph-uri / named-graph-uri parameters select parts. "
                "Read-only: SPARQL Update is refused. "
                f"SERVICE calls only: {', '.join(config['SERVICE_ALLOWLIST']) or 'none'}. "
                f"Queries stop after {config['QUERY_TIMEOUT']:g} s; results are capped at {config['ROW_CAP']} rows "
                "(header X-SPARQL-Truncated)."
            ),
        ),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
        Triple(default_graph, NamedNode(VOID + "triples"), _count(sizes.get(None, 0))),
        Triple(default_graph, RDFS_COMMENT, Literal("union of all named graphs, inferred triples included")),
    ]
    triples += [Triple(service, _sd("resultFormat"), NamedNode(FORMATS + name)) for name in RESULT_FORMATS]
    if config["SERVICE_ALLOWLIST"]:
        triples.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for name, size in sizes.items():
        if name is None:
            continue
        named, graph = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), NamedNode(name)),
            Triple(named, _sd("graph"), graph),
            Triple(graph, RDF_TYPE, _sd("Graph")),
            Triple(graph, NamedNode(VOID + "triples"), _count(size)),
        ]
    return triples


def respond(format_param: str | None) -> Response:
    """The service description of the endpoint (its URL under the public base), in the negotiated RDF format."""
    try:
        media_type = negotiate(request.headers.get("Accept"), format_param, GRAPH)
    except NotAcceptable as error:
        raise HttpError(406, str(error), offered=error.offered) from None
    sizes = current_snapshot().sizes  # counted once per store generation (govkg.server.published)
    triples = description(public_url("sparql.sparql"), sizes, current_app.config)
    response = Response(serialize(Result(GRAPH, triples=triples), media_type), content_type=content_type(media_type))
    response.vary.add("Accept")
    return response
