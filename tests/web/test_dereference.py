"""Dereferenceable IRIs: 303 See Other from /id/..., /ontology and /graph/... to HTML or RDF, and /data?iri=."""

from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from tests.conftest import free_port, run_kg, store_graphs

from govkg.errors import KgError
from govkg.rdf.namespaces import GKO, GKR, GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from govkg.server import create_app
from govkg.server.config import make_config
from govkg.server.runner import RunningServer
from govkg.store import new_generation, open_read_only

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
KAZAKHSTAN = str(GKR["Kazakhstan"])


@pytest.fixture(scope="module")
def server(built_store):
    with RunningServer(create_app({"STORE_DIR": built_store, "WORKERS": 1}), port=0, threads=4) as running:
        yield running


def fetch(server, path: str, accept: str | None = None, **kwargs) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(server.url + path, headers=headers, timeout=60, allow_redirects=False, **kwargs)


def see_other(response: requests.Response) -> tuple[str, dict]:
    """The path and parameters of a 303's Location."""
    assert response.status_code == 303, response.text
    assert "Accept" in response.headers["Vary"]
    location = urlsplit(response.headers["Location"])
    return location.path, {name: values[0] for name, values in parse_qs(location.query).items()}


def store_triples(built_store, subject=None, obj=None, graph=None) -> set[tuple[str, str, str]]:
    """Triples of the store matching the pattern, as N-Triples term strings (blank nodes left out)."""
    store = open_read_only(built_store)
    graph = pyoxigraph.NamedNode(graph) if graph else None
    subject = pyoxigraph.NamedNode(subject) if subject else None
    obj = pyoxigraph.NamedNode(obj) if obj else None
    quads = store.quads_for_pattern(subject, None, obj, graph)
    return {
        tuple(map(str, quad.triple)) for quad in quads if not any(isinstance(t, pyoxigraph.BlankNode) for t in quad)
    }


def as_ntriples_terms(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    return {
        tuple(term.n3() for term in triple) for triple in graph if not any(isinstance(t, rdflib.BNode) for t in triple)
    }


def test_entity_in_html_goes_to_its_page(server):
    path, params = see_other(fetch(server, "/id/Kazakhstan", BROWSER))
    assert (path, params) == ("/page", {"iri": KAZAKHSTAN})
    page = requests.get(server.url + "/id/Kazakhstan", headers={"Accept": BROWSER}, timeout=60)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Kazakhstan" in page.text


def test_entity_in_turtle_is_its_description(server, built_store):
    path, params = see_other(fetch(server, "/id/Kazakhstan", "text/turtle"))
    assert (path, params) == ("/data", {"iri": KAZAKHSTAN, "format": "ttl"})
    response = requests.get(server.url + "/id/Kazakhstan", headers={"Accept": "text/turtle"}, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert response.text.startswith("@prefix ")
    described = as_ntriples_terms(rdflib.Graph().parse(data=response.content, format="turtle"))
    outgoing, incoming = store_triples(built_store, subject=KAZAKHSTAN), store_triples(built_store, obj=KAZAKHSTAN)
    assert outgoing and incoming
    assert described == outgoing | incoming


def test_no_accept_means_rdf_and_format_overrides_accept(server):
    assert see_other(fetch(server, "/id/Kazakhstan"))[1]["format"] == "ttl"
    assert see_other(fetch(server, "/id/Kazakhstan?format=nt", BROWSER))[1]["format"] == "nt"
    assert see_other(fetch(server, "/id/Kazakhstan?format=html"))[0] == "/page"
    assert see_other(fetch(server, "/id/Kazakhstan", "text/html;q=0.4, application/ld+json"))[1]["format"] == "jsonld"


def test_term_in_html_goes_to_the_ontology_documentation(server):
    path, _ = see_other(fetch(server, "/ontology", BROWSER))
    assert path == "/docs/ontology/"


def test_term_in_turtle_is_the_whole_ontology_graph(server, built_store):
    path, params = see_other(fetch(server, "/ontology", "text/turtle"))
    assert (path, params) == ("/data", {"iri": ONTOLOGY_IRI, "format": "ttl"})
    response = requests.get(server.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=60)
    assert response.status_code == 200
    served = rdflib.Graph().parse(data=response.content, format="turtle")
    assert isomorphic(served, store_graphs(built_store)[str(ONTOLOGY_GRAPH)])
    person = rdflib.URIRef(str(GKO["Person"]))  # the hash term resolves in the document
    assert (person, rdflib.RDFS.label, None) in served


def test_term_description_includes_its_blank_node_structure(server, built_store):
    store = open_read_only(built_store)
    subject = next(
        quad.subject
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(ONTOLOGY_GRAPH)))
        if isinstance(quad.subject, pyoxigraph.NamedNode) and isinstance(quad.object, pyoxigraph.BlankNode)
    )
    response = fetch(server, "/data", "application/n-triples", params={"iri": subject.value})
    assert response.status_code == 200
    served = rdflib.Graph().parse(data=response.content, format="nt")
    blank_objects = {o for s, _, o in served if s == rdflib.URIRef(subject.value) and isinstance(o, rdflib.BNode)}
    assert blank_objects
    assert all((node, None, None) in served for node in blank_objects)  # their own triples came along


@pytest.mark.parametrize(
    "accept, media_type, rdflib_format",
    [
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_data_is_negotiated(server, accept, media_type, rdflib_format):
    response = fetch(server, "/data", accept, params={"iri": KAZAKHSTAN})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == media_type
    assert response.headers["X-SPARQL-Truncated"] == "false"
    parsed = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert (rdflib.URIRef(KAZAKHSTAN), rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in parsed


def test_data_takes_a_prefixed_name(server):
    by_name = fetch(server, "/data?iri=gkr:Kazakhstan&format=nt")
    assert by_name.status_code == 200
    assert by_name.content == fetch(server, "/data", params={"iri": KAZAKHSTAN, "format": "nt"}).content


def test_graph_iri_goes_to_the_graph_store(server):
    path, params = see_other(fetch(server, "/graph/links", "application/n-triples"))
    assert (path, params) == ("/rdf-graph-store", {"graph": str(LINKS_GRAPH), "format": "nt"})
    response = requests.get(server.url + "/graph/links", headers={"Accept": "application/n-triples"}, timeout=60)
    assert response.status_code == 200 and len(rdflib.Graph().parse(data=response.content, format="nt")) > 0
    assert see_other(fetch(server, "/graph/links", BROWSER)) == ("/page", {"iri": str(LINKS_GRAPH)})


@pytest.mark.parametrize("path", ["/id/NoSuchThing", "/graph/nothing", "/data?iri=urn:x:nothing"])
def test_iri_no_triple_mentions_is_404(server, path):
    response = fetch(server, path, BROWSER)
    assert response.status_code == 404
    assert "no triple of the store mentions" in response.json()["error"]


@pytest.mark.parametrize("path", ["/id/Kazakhstan", "/data?iri=gkr:Kazakhstan", "/ontology"])
def test_unacceptable_accept_is_406(server, path):
    response = fetch(server, path, "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.json()["offered"]


@pytest.mark.parametrize("query", ["", "?iri=", "?iri=Kazakhstan", "?iri=a&iri=b"])
def test_data_needs_one_absolute_iri(server, query):
    response = fetch(server, "/data" + query)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.fixture(scope="module")
def other_base_server(tmp_path_factory):
    """A store with IRIs under http://data.example.org/kg/ (and one w3id IRI), served with that PUBLIC_BASE and a
    row cap of 5."""
    store_dir = tmp_path_factory.mktemp("other-base") / "kg-store"
    base = "http://data.example.org/kg/"
    thing, link = pyoxigraph.NamedNode(base + "id/Thing"), pyoxigraph.NamedNode(base + "ontology#link")
    graph = pyoxigraph.NamedNode(str(GRAPH["loaded"]))
    with new_generation(store_dir) as store:
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(KAZAKHSTAN), link, thing, graph))
        for n in range(8):
            store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{base}id/Part{n}"), link, thing, graph))
    config = {"STORE_DIR": store_dir, "WORKERS": 1, "PUBLIC_BASE": base, "ROW_CAP": 5}
    with RunningServer(create_app(config), port=0) as running:
        yield running


def test_other_public_base_maps_the_root_onto_it(other_base_server):
    path, params = see_other(fetch(other_base_server, "/id/Thing", "text/turtle"))
    assert (path, params) == ("/data", {"iri": "http://data.example.org/kg/id/Thing", "format": "ttl"})
    assert fetch(other_base_server, "/id/Kazakhstan", "text/turtle").status_code == 404  # a w3id IRI is not here


def test_row_cap_cuts_a_description_and_says_so(other_base_server):
    response = fetch(other_base_server, "/data?iri=http://data.example.org/kg/id/Thing&format=nt")
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert response.headers["X-SPARQL-Row-Cap"] == "5"
    assert len(rdflib.Graph().parse(data=response.content, format="nt")) == 5


@pytest.mark.parametrize("base", ["https://w3id.org/govkg", "w3id.org/govkg/", "ftp://x.org/", "http://x.org/?q/"])
def test_public_base_must_be_an_http_iri_ending_in_a_slash(base):
    with pytest.raises(KgError, match="PUBLIC_BASE"):
        make_config({"PUBLIC_BASE": base})


def test_kg_serve_refuses_a_bad_public_base(built_store):
    result = run_kg("serve", "--store", built_store, "--port", free_port(), "--public-base", "w3id.org/govkg/")
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kg serve: error: server configuration PUBLIC_BASE='w3id.org/govkg/' must be an http(s)")


def test_rdflib_dereferences_an_entity_and_a_term(server):
    entity = rdflib.Graph().parse(server.url + "/id/Kazakhstan")
    assert (rdflib.URIRef(KAZAKHSTAN), rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in entity
    ontology = rdflib.Graph().parse(server.url + "/ontology")
    assert (rdflib.URIRef(str(GKO["Person"])), rdflib.RDF.type, rdflib.OWL.Class) in ontology
