"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) used as a user would, against the served project."""

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from govkg.rdf.namespaces import GKO, GKR, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from govkg.server import create_app
from govkg.server.serve import RunningServer

OWL = "http://www.w3.org/2002/07/owl#"
SELECT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
ASK_ONTOLOGY = f"ASK {{ <{ONTOLOGY_IRI}> a <{OWL}Ontology> }}"
CONSTRUCT_CLASSES = f"CONSTRUCT {{ ?c a <{OWL}Class> }} WHERE {{ ?c a <{OWL}Class> }} LIMIT 5"
DESCRIBE_ONTOLOGY = f"DESCRIBE <{ONTOLOGY_IRI}>"


@pytest.fixture(scope="module")
def server(built_store):
    with RunningServer(create_app({"STORE_DIR": built_store, "WORKERS": 2}), port=0) as running:
        yield running


@pytest.fixture(scope="module")
def endpoint(server):
    return server.url + "/sparql"


def wrapper(endpoint: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


def test_sparqlwrapper_select_json_and_xml(endpoint):
    rows = wrapper(endpoint, SELECT_GRAPHS, JSON).query().convert()["results"]["bindings"]
    assert str(ONTOLOGY_GRAPH) in {row["g"]["value"] for row in rows}
    document = wrapper(endpoint, SELECT_GRAPHS, XML).query().convert()
    assert len(document.getElementsByTagName("result")) == len(rows)


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, ASK_ONTOLOGY, JSON).query().convert()["boolean"] is True
    document = wrapper(endpoint, ASK_ONTOLOGY, XML).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("return_format", [XML, TURTLE])
def test_sparqlwrapper_construct_and_describe(endpoint, return_format):
    constructed = wrapper(endpoint, CONSTRUCT_CLASSES, return_format).query().convert()
    if return_format == TURTLE:  # SPARQLWrapper hands Turtle back as bytes
        constructed = rdflib.Graph().parse(data=constructed, format="turtle")
    assert len(constructed) == 5
    described = wrapper(endpoint, DESCRIBE_ONTOLOGY, return_format).query().convert()
    if return_format == TURTLE:
        described = rdflib.Graph().parse(data=described, format="turtle")
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.RDF.type, rdflib.OWL.Ontology) in described


def test_sparqlwrapper_post(endpoint):
    client = wrapper(endpoint, SELECT_GRAPHS, JSON)
    client.setMethod("POST")
    assert client.query().convert()["results"]["bindings"]


def test_rdflib_sparqlstore(endpoint):
    graph = rdflib.Graph(SPARQLStore(endpoint))
    rows = list(graph.query(SELECT_GRAPHS))
    assert rdflib.URIRef(ONTOLOGY_GRAPH) in {row.g for row in rows}
    assert graph.query(ASK_ONTOLOGY).askAnswer is True
    assert len(graph.query(CONSTRUCT_CLASSES).graph) == 5
    described = graph.query(DESCRIBE_ONTOLOGY).graph
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.RDF.type, rdflib.OWL.Ontology) in described


def test_rdflib_dereferences_an_entity_and_a_term(server):
    """rdflib follows the 303 of /id/... and /ontology to the RDF (the IRIs of the data dereference)."""
    entity = rdflib.Graph().parse(server.url + "/id/Kazakhstan")
    assert (rdflib.URIRef(str(GKR["Kazakhstan"])), rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in entity
    ontology = rdflib.Graph().parse(server.url + "/ontology")
    assert (rdflib.URIRef(str(GKO["Person"])), rdflib.RDF.type, rdflib.OWL.Class) in ontology
