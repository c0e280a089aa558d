"""``/.well-known/void``: the VoID and DCAT description of the dataset (negotiated RDF, Turtle by default).

The dataset ``PUBLIC_BASE + ".well-known/void#dataset"`` (a void:Dataset and dcat:Dataset) has a void:subset per
named graph (the graph IRI itself) with its void:triples, read from the store like the service description's
counts; its own void:triples is the size of the union default graph. It names the SPARQL endpoint
(void:sparqlEndpoint and a dcat:DataService), the Graph Store (a second dcat:DataService), a download per format
of the dataset and of each graph (void:dataDump and dcat:distribution with dcat:downloadURL and dcat:mediaType),
void:uriSpace (``PUBLIC_BASE + "id/"``), a few void:exampleResource, the vocabularies its predicates and classes
come from, the license the ontology states, and its sources: each article (dcterms:source) with its title and
publisher as the article graphs state them. Service and download URLs are this server's under PUBLIC_BASE (never
taken from the request's Host header); the names of things (dataset, graphs, resources) are IRIs of the data.
"""

import functools

from flask import Blueprint, Response, current_app, render_template
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from govkg.rdf.namespaces import GKO, GKR, GKS, ONTOLOGY_IRI, PREFIXES
from govkg.server.http import RDF_TYPES, content_type, html_response, wants_html
from govkg.server.published import DATASET_EXTENSIONS, GRAPH_EXTENSIONS, Snapshot, document, format_name, rdf_format
from govkg.server.urls import graph_url, page_href, public_url
from govkg.server.views.graph_store import current_snapshot, negotiated_graph_type
from govkg.sparql.run import run_query

TURTLE = "text/turtle"

bp = Blueprint("void", __name__)

VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]
DCTERMS = PREFIXES["dcterms"]
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
XSD_INTEGER = NamedNode(PREFIXES["xsd"] + "integer")
XSD_DATE_TIME = NamedNode(PREFIXES["xsd"] + "dateTime")
SPARQL_PROTOCOL = NamedNode("https://www.w3.org/TR/sparql11-protocol/")
GRAPH_STORE_PROTOCOL = NamedNode("https://www.w3.org/TR/sparql11-http-rdf-update/")
#: Resources shown as void:exampleResource when the store has them.
EXAMPLES = [GKR["Kazakhstan"], GKR["OlzhasBektenov"], GKR["KazakhstanKyrgyzstanBorder"], GKS["trade"]]
#: Namespaces of PREFIXES that hold resources, not vocabulary terms.
RESOURCE_NAMESPACES = {str(GKR), str(GKS), PREFIXES["wd"]}

TERMS_QUERY = "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }"
LICENSE_QUERY = f"SELECT ?license WHERE {{ <{ONTOLOGY_IRI}> <{DCTERMS}license> ?license }}"
NEWS_ARTICLE = NamedNode(str(GKO["NewsArticle"]))
RDFS_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
DCTERMS_PUBLISHER = NamedNode(DCTERMS + "publisher")
SCHEMA_URL = NamedNode(PREFIXES["schema"] + "url")


def _void(name: str) -> NamedNode:
    return NamedNode(VOID + name)


def _dcat(name: str) -> NamedNode:
    return NamedNode(DCAT + name)


def _dcterms(name: str) -> NamedNode:
    return NamedNode(DCTERMS + name)


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)


@functools.lru_cache(maxsize=2)  # a scan of the whole store: once per store generation (Snapshot)
def vocabularies(current: Snapshot) -> list[str]:
    """The namespaces (of the project's prefixes) that the store's predicates and classes come from."""
    terms = [row[0].value for row in run_query(current.store, TERMS_QUERY).rows if isinstance(row[0], NamedNode)]
    used = {ns for ns in PREFIXES.values() if ns not in RESOURCE_NAMESPACES and any(t.startswith(ns) for t in terms)}
    return sorted(used)


def sources(store) -> tuple[list[NamedNode], list[Triple]]:
    """The articles of the store, and what it states about them: type and title, publisher with name and URL."""
    articles = sorted({quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, NEWS_ARTICLE)}, key=str)
    found = dict.fromkeys(Triple(article, RDF_TYPE, NEWS_ARTICLE) for article in articles)

    def add(subjects, predicates) -> None:
        for subject in subjects:
            for predicate in predicates:
                found.update(dict.fromkeys(quad.triple for quad in store.quads_for_pattern(subject, predicate, None)))

    add(articles, (RDFS_LABEL, DCTERMS_PUBLISHER))
    add({t.object for t in found if t.predicate == DCTERMS_PUBLISHER}, (RDFS_LABEL, SCHEMA_URL))
    return articles, list(found)


def _distributions(dataset, graph: str | None, extensions) -> list[Triple]:
    """void:dataDump and a dcat:Distribution for each download of ``graph`` (None: the whole dataset)."""
    triples = []
    for extension in extensions:
        url = NamedNode(graph_url(graph, extension, public=True))
        media_type = NamedNode(IANA_MEDIA_TYPES + rdf_format(extension).media_type)
        distribution = BlankNode()
        triples += [
            Triple(dataset, _void("dataDump"), url),
            Triple(dataset, _dcat("distribution"), distribution),
            Triple(distribution, RDF_TYPE, _dcat("Distribution")),
            Triple(distribution, _dcterms("title"), Literal(format_name(extension))),
            Triple(distribution, _dcat("downloadURL"), url),
            Triple(distribution, _dcat("mediaType"), media_type),
        ]
    return triples


def _service(dataset, title: str, endpoint: str, standard: NamedNode) -> list[Triple]:
    service = BlankNode()
    return [
        Triple(dataset, _dcat("accessService"), service),
        Triple(service, RDF_TYPE, _dcat("DataService")),
        Triple(service, _dcterms("title"), Literal(title, language="en")),
        Triple(service, _dcat("endpointURL"), NamedNode(endpoint)),
        Triple(service, _dcterms("conformsTo"), standard),
        Triple(service, _dcat("servesDataset"), dataset),
    ]


def description(current: Snapshot, public_base: str) -> list[Triple]:
    """The VoID + DCAT triples of the dataset in ``current``, with this server's URLs under the public base (call
    within a request)."""
    sparql_endpoint = public_url("sparql.sparql")
    graph_store = public_url("graph_store.read_graph")
    dataset = NamedNode(public_base + ".well-known/void#dataset")
    sizes = current.sizes
    triples = [
        Triple(dataset, RDF_TYPE, _void("Dataset")),
        Triple(dataset, RDF_TYPE, _dcat("Dataset")),
        Triple(dataset, _dcterms("title"), Literal("govkg: government visits as a knowledge graph", language="en")),
        Triple(
            dataset,
            _dcterms("description"),
            Literal(
                "News articles about government visits encoded by hand as RDF against the govkg OWL 2 RL ontology, "
                "with their OWL 2 RL inferences and Wikidata links; one named graph per article.",
                language="en",
            ),
        ),
        Triple(dataset, _dcterms("modified"), Literal(current.modified.isoformat(), datatype=XSD_DATE_TIME)),
        Triple(dataset, _void("triples"), _count(sizes.get(None, 0))),
        Triple(dataset, _void("sparqlEndpoint"), NamedNode(sparql_endpoint)),
        Triple(dataset, _void("uriSpace"), Literal(public_base + "id/")),
    ]
    store = current.store
    triples += [Triple(dataset, _dcterms("license"), row[0]) for row in run_query(store, LICENSE_QUERY).rows]
    articles, about_articles = sources(store)
    triples += [Triple(dataset, _dcterms("source"), article) for article in articles]
    triples += about_articles
    for example in (NamedNode(str(iri)) for iri in EXAMPLES):
        if next(store.quads_for_pattern(example, None, None), None) is not None:
            triples.append(Triple(dataset, _void("exampleResource"), example))
    triples += [Triple(dataset, _void("vocabulary"), NamedNode(ns)) for ns in vocabularies(current)]
    for extension in DATASET_EXTENSIONS + GRAPH_EXTENSIONS:
        feature = NamedNode(W3C_FORMATS + format_name(extension).replace("/", "_"))
        triples.append(Triple(dataset, _void("feature"), feature))
    triples += _distributions(dataset, None, DATASET_EXTENSIONS)
    triples += _service(dataset, "SPARQL 1.1 endpoint (read-only)", sparql_endpoint, SPARQL_PROTOCOL)
    triples += _service(dataset, "SPARQL 1.1 Graph Store (read-only)", graph_store, GRAPH_STORE_PROTOCOL)
    for graph in current.graphs():
        subset = NamedNode(graph)
        triples += [
            Triple(dataset, _void("subset"), subset),
            Triple(subset, RDF_TYPE, _void("Dataset")),
            Triple(subset, _void("triples"), _count(sizes.get(graph, 0))),
        ]
        triples += _distributions(subset, graph, GRAPH_EXTENSIONS)
    return triples


def _page(current: Snapshot, triples: list[Triple]) -> str:
    """The description as an HTML page: what the dataset is, its graphs and services, and the Turtle itself."""
    dataset = triples[0].subject
    about = {
        t.predicate.value: t.object.value for t in triples if t.subject == dataset and isinstance(t.object, Literal)
    }
    sizes = current.sizes
    graphs = [{"iri": graph, "size": sizes.get(graph, 0), "href": page_href(graph)} for graph in current.graphs()]
    return render_template(
        "void.html",
        title=about.get(DCTERMS + "title", ""),
        summary=about.get(DCTERMS + "description", ""),
        modified=about.get(DCTERMS + "modified", ""),
        size=current.sizes.get(None, 0),
        graphs=graphs,
        endpoint=public_url("sparql.sparql"),
        turtle=document(triples, TURTLE).decode("utf-8"),
        formats={"Turtle": "ttl", "N-Triples": "nt", "JSON-LD": "jsonld", "RDF/XML": "xml"},
    )


@bp.route("/.well-known/void")
def void() -> Response:
    """The VoID + DCAT description: an HTML page for a browser (with links to the RDF), else the negotiated RDF."""
    current = current_snapshot()
    triples = description(current, current_app.config["PUBLIC_BASE"])
    if wants_html(RDF_TYPES):
        response = html_response(_page(current, triples))
    else:
        media_type = negotiated_graph_type()
        response = Response(document(triples, media_type), content_type=content_type(media_type))
    response.vary.add("Accept")
    return response
