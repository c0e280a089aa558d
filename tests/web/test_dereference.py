"""Dereferenceable IRIs through the test client: 303 See Other from /id/..., /ontology and /graph/... to HTML or RDF,
and /data?iri=."""

from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import store_graphs
from govkg.errors import KgError
from govkg.rdf.namespaces import GKO, GKR, GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from govkg.server.settings import make_config
from govkg.store import new_generation, open_read_only
from support.served import BROWSER, serving

KAZAKHSTAN = str(GKR["Kazakhstan"])


def fetch(client, path: str, accept: str | None = None, follow: bool = False, **kwargs):
    headers = {"Accept": accept} if accept else {}
    return client.get(path, headers=headers, follow_redirects=follow, **kwargs)


def see_other(response) -> tuple[str, dict]:
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


def test_entity_in_html_goes_to_its_page(client):
    path, params = see_other(fetch(client, "/id/Kazakhstan", BROWSER))
    assert (path, params) == ("/page", {"iri": KAZAKHSTAN})
    page = fetch(client, "/id/Kazakhstan", BROWSER, follow=True)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Kazakhstan" in page.text


def test_entity_in_turtle_is_its_description(client, built_store):
    path, params = see_other(fetch(client, "/id/Kazakhstan", "text/turtle"))
    assert (path, params) == ("/data", {"iri": KAZAKHSTAN, "format": "ttl"})
    response = fetch(client, "/id/Kazakhstan", "text/turtle", follow=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert response.text.startswith("@prefix ")
    described = as_ntriples_terms(rdflib.Graph().parse(data=response.data, format="turtle"))
    outgoing, incoming = store_triples(built_store, subject=KAZAKHSTAN), store_triples(built_store, obj=KAZAKHSTAN)
    assert outgoing and incoming
    assert described == outgoing | incoming


def test_no_accept_means_rdf_and_format_overrides_accept(client):
    assert see_other(fetch(client, "/id/Kazakhstan"))[1]["format"] == "ttl"
    assert see_other(fetch(client, "/id/Kazakhstan?format=nt", BROWSER))[1]["format"] == "nt"
    assert see_other(fetch(client, "/id/Kazakhstan?format=html"))[0] == "/page"
    assert see_other(fetch(client, "/id/Kazakhstan", "text/html;q=0.4, application/ld+json"))[1]["format"] == "jsonld"


def test_term_in_html_goes_to_the_ontology_documentation(client):
    path, _ = see_other(fetch(client, "/ontology", BROWSER))
    assert path == "/docs/ontology/"


def test_term_in_turtle_is_the_whole_ontology_graph(client, built_store):
    path, params = see_other(fetch(client, "/ontology", "text/turtle"))
    assert (path, params) == ("/data", {"iri": ONTOLOGY_IRI, "format": "ttl"})
    response = fetch(client, "/ontology", "text/turtle", follow=True)
    assert response.status_code == 200
    served = rdflib.Graph().parse(data=response.data, format="turtle")
    assert isomorphic(served, store_graphs(built_store)[str(ONTOLOGY_GRAPH)])
    person = rdflib.URIRef(str(GKO["Person"]))  # the hash term resolves in the document
    assert (person, rdflib.RDFS.label, None) in served


def test_term_description_includes_its_blank_node_structure(client, built_store):
    store = open_read_only(built_store)
    subject = next(
        quad.subject
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(ONTOLOGY_GRAPH)))
        if isinstance(quad.subject, pyoxigraph.NamedNode) and isinstance(quad.object, pyoxigraph.BlankNode)
    )
    response = fetch(client, "/data", "application/n-triples", query_string={"iri": subject.value})
    assert response.status_code == 200
    served = rdflib.Graph().parse(data=response.data, format="nt")
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
def test_data_is_negotiated(client, accept, media_type, rdflib_format):
    response = fetch(client, "/data", accept, query_string={"iri": KAZAKHSTAN})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == media_type
    assert response.headers["X-SPARQL-Truncated"] == "false"
    parsed = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    assert (rdflib.URIRef(KAZAKHSTAN), rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in parsed


def test_data_takes_a_prefixed_name(client):
    by_name = fetch(client, "/data?iri=gkr:Kazakhstan&format=nt")
    assert by_name.status_code == 200
    assert by_name.data == fetch(client, "/data", query_string={"iri": KAZAKHSTAN, "format": "nt"}).data


def test_graph_iri_goes_to_the_graph_store(client):
    path, params = see_other(fetch(client, "/graph/links", "application/n-triples"))
    assert (path, params) == ("/rdf-graph-store", {"graph": str(LINKS_GRAPH), "format": "nt"})
    response = fetch(client, "/graph/links", "application/n-triples", follow=True)
    assert response.status_code == 200 and len(rdflib.Graph().parse(data=response.data, format="nt")) > 0
    assert see_other(fetch(client, "/graph/links", BROWSER)) == ("/page", {"iri": str(LINKS_GRAPH)})


@pytest.mark.parametrize("path", ["/id/NoSuchThing", "/graph/nothing", "/data?iri=urn:x:nothing"])
def test_iri_no_triple_mentions_is_404(client, path):
    response = fetch(client, path, "text/turtle")
    assert response.status_code == 404
    assert "no triple of the store mentions" in response.json["error"]
    page = fetch(client, path, BROWSER)  # a browser gets the message on a page with the search box
    assert page.status_code == 404 and "no triple of the store mentions" in page.text and 'id="search-q"' in page.text


@pytest.mark.parametrize("path", ["/id/Kazakhstan", "/data?iri=gkr:Kazakhstan", "/ontology"])
def test_unacceptable_accept_is_406(client, path):
    response = fetch(client, path, "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.json["offered"]


@pytest.mark.parametrize("query", ["", "?iri=", "?iri=Kazakhstan", "?iri=a&iri=b"])
def test_data_needs_one_absolute_iri(client, query):
    response = fetch(client, "/data" + query)
    assert response.status_code == 400
    assert response.json["error"]


@pytest.fixture(scope="module")
def other_base(tmp_path_factory):
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
    with serving({"STORE_DIR": store_dir, "WORKERS": 1, "PUBLIC_BASE": base, "ROW_CAP": 5}) as app:
        yield app.test_client()


def test_other_public_base_maps_the_root_onto_it(other_base):
    path, params = see_other(fetch(other_base, "/id/Thing", "text/turtle"))
    assert (path, params) == ("/data", {"iri": "http://data.example.org/kg/id/Thing", "format": "ttl"})
    assert fetch(other_base, "/id/Kazakhstan", "text/turtle").status_code == 404  # a w3id IRI is not here


def test_row_cap_cuts_a_description_and_says_so(other_base):
    response = fetch(other_base, "/data?iri=http://data.example.org/kg/id/Thing&format=nt")
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert response.headers["X-SPARQL-Row-Cap"] == "5"
    assert len(rdflib.Graph().parse(data=response.data, format="nt")) == 5


@pytest.mark.parametrize("base", ["https://w3id.org/govkg", "w3id.org/govkg/", "ftp://x.org/", "http://x.org/?q/"])
def test_public_base_must_be_an_http_iri_ending_in_a_slash(base):
    with pytest.raises(KgError, match="PUBLIC_BASE"):
        make_config({"PUBLIC_BASE": base})
