"""/.well-known/void through the test client: the VoID + DCAT description, its counts against the store, and that
every link in it works."""

import pytest
import rdflib
from rdflib import RDF, Namespace, URIRef
from rdflib.compare import isomorphic

from govkg.rdf.namespaces import GKR, ONTOLOGY_IRI, article_iri
from support.served import BROWSER

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
DATASET = URIRef("https://w3id.org/govkg/.well-known/void#dataset")
#: The public base the app runs with (the default): its service and download URLs are under it.
PUBLIC_BASE = "https://w3id.org/govkg/"


def local(url: str) -> str:
    """The path on this app of a URL under the public base."""
    assert url.startswith(PUBLIC_BASE), url
    return "/" + url.removeprefix(PUBLIC_BASE)


@pytest.fixture(scope="module")
def void(app) -> rdflib.Graph:
    response = app.test_client().get("/.well-known/void")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    return rdflib.Graph().parse(data=response.data, format="turtle")


def select(client, query: str) -> list[dict]:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.text
    return response.json["results"]["bindings"]


def count(client, pattern: str) -> int:
    return int(select(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def test_subsets_are_the_graphs_with_the_store_counts(client, void):
    graphs = {row["g"]["value"] for row in select(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    subsets = {str(subset) for subset in void.objects(DATASET, VOID.subset)}
    assert subsets == graphs
    for graph in graphs:
        assert void.value(URIRef(graph), VOID.triples).toPython() == count(client, f"GRAPH <{graph}> {{ ?s ?p ?o }}")
    assert void.value(DATASET, VOID.triples).toPython() == count(client, "?s ?p ?o")


def test_endpoint_and_services_are_this_server(client, void):
    endpoint = void.value(DATASET, VOID.sparqlEndpoint)
    assert str(endpoint) == PUBLIC_BASE + "sparql"
    assert client.get(local(str(endpoint)), query_string={"query": "ASK {}"}).json["boolean"] is True
    services = {str(void.value(s, DCAT.endpointURL)) for s in void.objects(DATASET, DCAT.accessService)}
    assert services == {PUBLIC_BASE + "sparql", PUBLIC_BASE + "rdf-graph-store"}


def test_every_distribution_downloads_in_its_media_type(client, void):
    distributions = list(void.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 + 4 * len(list(void.objects(DATASET, VOID.subset)))
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        media_type = str(void.value(distribution, DCAT.mediaType)).removeprefix(
            "https://www.iana.org/assignments/media-types/"
        )
        assert url.startswith(PUBLIC_BASE + "downloads/")
        response = client.head(local(url))
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].split(";")[0] == media_type
    dumps = {str(url) for url in void.objects(DATASET, VOID.dataDump)}
    assert {url.rsplit("/", 1)[1] for url in dumps} == {"dataset.nq", "dataset.trig"}


def test_example_resources_dereference(client, void):
    examples = list(void.objects(DATASET, VOID.exampleResource))
    assert URIRef(str(GKR["Kazakhstan"])) in examples
    space = str(void.value(DATASET, VOID.uriSpace))
    for example in examples:
        assert str(example).startswith(space)
        path = "/" + str(example).removeprefix("https://w3id.org/govkg/")
        response = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert response.status_code == 200 and len(rdflib.Graph().parse(data=response.data, format="turtle"))


def test_source_license_and_vocabularies_come_from_the_store(client, void):
    article = URIRef(article_iri("kz-kg-government-visit"))
    assert article in set(void.objects(DATASET, DCTERMS.source))
    publisher = void.value(article, DCTERMS.publisher)
    stated = select(
        client,
        f"SELECT ?url ?license WHERE {{ <{article}> <{DCTERMS.publisher}> ?p . ?p <{SCHEMA.url}> ?url . "
        f"<{ONTOLOGY_IRI}> <{DCTERMS.license}> ?license }}",
    )[0]
    assert str(void.value(publisher, SCHEMA.url)) == stated["url"]["value"]
    assert str(void.value(DATASET, DCTERMS.license)) == stated["license"]["value"]
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {"https://w3id.org/govkg/ontology#", "http://www.w3.org/ns/org#"} <= vocabularies
    assert "https://w3id.org/govkg/id/" not in vocabularies  # resources, not a vocabulary


def test_negotiated(client):
    response = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.headers["Content-Type"] == "application/ld+json"
    assert (DATASET, RDF.type, VOID.Dataset) in rdflib.Graph().parse(data=response.data, format="json-ld")
    refused = client.get("/.well-known/void", headers={"Accept": "text/csv"})
    assert refused.status_code == 406 and "text/turtle" in refused.json["offered"]


def test_a_browser_reads_the_description_as_a_page_linking_its_turtle(client, void):
    response = client.get("/.well-known/void", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert 'href="/.well-known/void?format=ttl"' in page and "Dataset description" in page
    turtle = client.get("/.well-known/void?format=ttl", headers={"Accept": BROWSER})
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert isomorphic(rdflib.Graph().parse(data=turtle.data, format="turtle"), void)
