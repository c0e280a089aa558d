"""/.well-known/void: the VoID + DCAT description, its counts against the store, and that every link in it works."""

import pytest
import rdflib
import requests
from rdflib import RDF, Namespace, URIRef
from rdflib.compare import isomorphic

from govkg.rdf.namespaces import GKR, ONTOLOGY_IRI, article_iri
from govkg.server import create_app
from govkg.server.runner import RunningServer

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
DATASET = URIRef("https://w3id.org/govkg/.well-known/void#dataset")


@pytest.fixture(scope="module")
def server(built_store):
    with RunningServer(create_app({"STORE_DIR": built_store, "WORKERS": 1}), port=0, threads=4) as running:
        yield running


@pytest.fixture(scope="module")
def void(server) -> rdflib.Graph:
    response = requests.get(server.url + "/.well-known/void", timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    return rdflib.Graph().parse(data=response.content, format="turtle")


def select(server, query: str) -> list[dict]:
    response = requests.get(server.url + "/sparql", params={"query": query}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def count(server, pattern: str) -> int:
    return int(select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def test_subsets_are_the_graphs_with_the_store_counts(server, void):
    graphs = {row["g"]["value"] for row in select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    subsets = {str(subset) for subset in void.objects(DATASET, VOID.subset)}
    assert subsets == graphs
    for graph in graphs:
        assert void.value(URIRef(graph), VOID.triples).toPython() == count(server, f"GRAPH <{graph}> {{ ?s ?p ?o }}")
    assert void.value(DATASET, VOID.triples).toPython() == count(server, "?s ?p ?o")


def test_endpoint_and_services_are_this_server(server, void):
    endpoint = void.value(DATASET, VOID.sparqlEndpoint)
    assert str(endpoint) == server.url + "/sparql"
    assert requests.get(str(endpoint), params={"query": "ASK {}"}, timeout=60).json()["boolean"] is True
    services = {str(void.value(s, DCAT.endpointURL)) for s in void.objects(DATASET, DCAT.accessService)}
    assert services == {server.url + "/sparql", server.url + "/rdf-graph-store"}


def test_every_distribution_downloads_in_its_media_type(void):
    distributions = list(void.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 + 4 * len(list(void.objects(DATASET, VOID.subset)))
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        media_type = str(void.value(distribution, DCAT.mediaType)).removeprefix(
            "https://www.iana.org/assignments/media-types/"
        )
        response = requests.head(url, timeout=60)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].split(";")[0] == media_type
    dumps = {str(url) for url in void.objects(DATASET, VOID.dataDump)}
    assert {url.rsplit("/", 1)[1] for url in dumps} == {"dataset.nq", "dataset.trig"}


def test_example_resources_dereference(server, void):
    examples = list(void.objects(DATASET, VOID.exampleResource))
    assert URIRef(str(GKR["Kazakhstan"])) in examples
    space = str(void.value(DATASET, VOID.uriSpace))
    for example in examples:
        assert str(example).startswith(space)
        path = "/" + str(example).removeprefix("https://w3id.org/govkg/")
        response = requests.get(server.url + path, headers={"Accept": "text/turtle"}, timeout=60)
        assert response.status_code == 200 and len(rdflib.Graph().parse(data=response.content, format="turtle"))


def test_source_license_and_vocabularies_come_from_the_store(server, void):
    article = URIRef(article_iri("kz-kg-government-visit"))
    assert article in set(void.objects(DATASET, DCTERMS.source))
    publisher = void.value(article, DCTERMS.publisher)
    stated = select(
        server,
        f"SELECT ?url ?license WHERE {{ <{article}> <{DCTERMS.publisher}> ?p . ?p <{SCHEMA.url}> ?url . "
        f"<{ONTOLOGY_IRI}> <{DCTERMS.license}> ?license }}",
    )[0]
    assert str(void.value(publisher, SCHEMA.url)) == stated["url"]["value"]
    assert str(void.value(DATASET, DCTERMS.license)) == stated["license"]["value"]
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {"https://w3id.org/govkg/ontology#", "http://www.w3.org/ns/org#"} <= vocabularies
    assert "https://w3id.org/govkg/id/" not in vocabularies  # resources, not a vocabulary


def test_negotiated(server):
    response = requests.get(server.url + "/.well-known/void", headers={"Accept": "application/ld+json"}, timeout=60)
    assert response.headers["Content-Type"] == "application/ld+json"
    assert (DATASET, RDF.type, VOID.Dataset) in rdflib.Graph().parse(data=response.content, format="json-ld")
    refused = requests.get(server.url + "/.well-known/void", headers={"Accept": "text/csv"}, timeout=60)
    assert refused.status_code == 406 and "text/turtle" in refused.json()["offered"]


def test_a_browser_reads_the_description_as_plain_text(server, void):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = requests.get(server.url + "/.well-known/void", headers={"Accept": browser}, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert isomorphic(rdflib.Graph().parse(data=response.content, format="turtle"), void)
