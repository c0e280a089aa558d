"""The Graph Store Protocol (read-only) and the downloads, through the test client, on the built project and on
small stores."""

import pyoxigraph
import pytest
import rdflib

from govkg.export import export
from govkg.rdf.namespaces import GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.server.views.graph_store import downloads
from govkg.store import new_generation
from support.served import serving

ARTICLE = article_graph("kz-kg-government-visit")
GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def gsp(client, method="GET", params=None, **kwargs):
    return client.open("/rdf-graph-store", method=method, query_string=params, **kwargs)


def sparql_count(client, pattern: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def store_graphs(client) -> list[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    rows = client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]
    return [row["g"]["value"] for row in rows]


def exported(store_dir, tmp_path, format_name: str, graphs=None) -> bytes:
    """What `kg export` writes for ``graphs`` in ``format_name``."""
    output = tmp_path / f"export.{format_name}"
    export(store_dir, output, format_name, graphs)
    return output.read_bytes()


def test_named_graph_equals_kg_export_and_the_store(client, built_store, tmp_path):
    response = gsp(client, params={"graph": ARTICLE})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"  # the default, as at /sparql
    assert "Accept" in response.headers["Vary"]
    assert response.data == exported(built_store, tmp_path, "turtle", [ARTICLE])
    parsed = rdflib.Graph().parse(data=response.data, format="turtle")
    assert len(parsed) == sparql_count(client, f"GRAPH <{ARTICLE}> {{ ?s ?p ?o }}")


def test_default_graph_is_the_union_of_all_graphs(client):
    response = gsp(client, params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/n-triples"
    parsed = rdflib.Graph().parse(data=response.data, format="nt")
    assert len(parsed) == sparql_count(client, "?s ?p ?o") > sparql_count(client, f"GRAPH <{ARTICLE}> {{ ?s ?p ?o }}")


@pytest.mark.parametrize(
    "accept, params, expected",
    [
        ("application/rdf+xml;q=0.5, application/n-triples;q=0.9", {}, "application/n-triples"),
        ("text/*;q=0.3, application/ld+json;q=0.2", {}, "text/turtle; charset=utf-8"),
        ("image/png, */*;q=0.1", {}, "text/turtle; charset=utf-8"),
        (None, {"format": "jsonld"}, "application/ld+json"),
        ("text/turtle", {"format": "rdfxml"}, "application/rdf+xml; charset=utf-8"),
        (None, {"format": "trig"}, "application/trig"),
    ],
)
def test_negotiated_like_sparql(client, accept, params, expected):
    headers = {"Accept": accept} if accept else {}
    response = gsp(client, params={"graph": str(ONTOLOGY_GRAPH), **params}, headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected


def test_dataset_formats_keep_the_graph_names(client):
    response = gsp(client, params={"graph": ARTICLE}, headers={"Accept": "application/n-quads"})
    dataset = rdflib.Dataset()
    dataset.parse(data=response.data, format="nquads")
    assert {str(graph.identifier) for graph in dataset.graphs() if len(graph)} == {ARTICLE}


def test_not_acceptable_lists_the_offered_types(client):
    response = gsp(client, params={"default": ""}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json["offered"]
    assert gsp(client, params={"default": "", "format": "csv"}).status_code == 406


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "name the graph"),
        ({"graph": ARTICLE, "default": ""}, "not both"),
        ({"graph": [ARTICLE, ARTICLE]}, "given 2 times"),
        ({"graph": "article/kz-kg-government-visit"}, "not an absolute IRI"),
    ],
)
def test_bad_requests_are_400_with_the_reason(client, params, message):
    response = gsp(client, params=params)
    assert response.status_code == 400
    assert message in response.json["error"]


def test_unknown_graph_is_404_also_for_head(client):
    response = gsp(client, params={"graph": str(GRAPH["nothing"])})
    assert response.status_code == 404
    assert ARTICLE in response.json["error"]  # it lists the graphs there are
    assert gsp(client, "HEAD", params={"graph": str(GRAPH["nothing"])}).status_code == 404


def test_head_has_the_headers_of_get(client):
    got = gsp(client, params={"graph": ARTICLE})
    head = gsp(client, "HEAD", params={"graph": ARTICLE})
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == got.headers[name]
    assert int(head.headers["Content-Length"]) == len(got.data)


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_writes_are_405_with_allow(client, method):
    response = gsp(client, method, params={"graph": ARTICLE}, data=b"<urn:a> <urn:b> <urn:c> .")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "read-only" in response.json["error"]


def test_options_allows_only_reads(client):
    response = gsp(client, "OPTIONS")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_a_repeated_read_is_a_304(client):
    first = gsp(client, params={"graph": ARTICLE}, headers={"Accept": "application/ld+json"})
    again = gsp(
        client,
        params={"graph": ARTICLE},
        headers={"Accept": "application/ld+json", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    other_format = gsp(client, params={"graph": ARTICLE}, headers={"If-None-Match": first.headers["ETag"]})
    assert other_format.status_code == 200  # each format has its own entity tag


def test_whole_dataset_downloads_equal_kg_export(client, built_store, tmp_path):
    for extension, format_name in (("nq", "nquads"), ("trig", "trig")):
        response = client.get(f"/downloads/dataset.{extension}")
        assert response.status_code == 200
        assert response.data == exported(built_store, tmp_path, format_name)
    dataset = rdflib.Dataset()
    dataset.parse(data=client.get("/downloads/dataset.trig").data, format="trig")
    for graph in store_graphs(client):
        assert len(dataset.graph(rdflib.URIRef(graph))) == sparql_count(client, f"GRAPH <{graph}> {{ ?s ?p ?o }}")


def test_downloads_lists_every_graph_with_its_size_and_working_urls(app, client):
    with app.test_request_context():
        listing = downloads()
        urls = {entry.graph: entry.urls for entry in listing}  # made when asked for, within a request
    assert listing[0].graph is None and set(urls[None]) == {"N-Quads", "TriG"}
    assert listing[0].triples == sum(sparql_count(client, f"GRAPH <{g}> {{ ?s ?p ?o }}") for g in store_graphs(client))
    assert [entry.graph for entry in listing[1:]] == store_graphs(client)
    article = next(entry for entry in listing if entry.graph == ARTICLE)
    assert urls[ARTICLE]["Turtle"] == "/downloads/article/kz-kg-government-visit.ttl"
    assert article.triples == sparql_count(client, f"GRAPH <{ARTICLE}> {{ ?s ?p ?o }}")
    for (extension, rdflib_format), url in zip(GRAPH_FORMATS.items(), urls[ARTICLE].values(), strict=True):
        assert url.endswith("." + extension)
        response = client.get(url)
        assert response.status_code == 200
        assert "article-kz-kg-government-visit." + extension in response.headers["Content-Disposition"]
        if extension == "jsonld":
            parsed = rdflib.Dataset().parse(data=response.data, format=rdflib_format)
            assert len(parsed.graph(rdflib.URIRef(ARTICLE))) == article.triples
        else:
            assert len(rdflib.Graph().parse(data=response.data, format=rdflib_format)) == article.triples


@pytest.mark.parametrize(
    "path, message",
    [
        ("/downloads/article/nothing.ttl", "no graph"),
        ("/downloads/ontology.csv", "ontology.ttl"),
        ("/downloads/dataset.ttl", "dataset.nq"),
    ],
)
def test_unknown_downloads_are_404_with_what_there_is(client, path, message):
    response = client.get(path)
    assert response.status_code == 404
    assert message in response.json["error"]


def test_a_new_store_generation_is_served_with_a_new_etag(tmp_path):
    store_dir = tmp_path / "kg-store"
    graph = pyoxigraph.NamedNode(str(GRAPH["loaded"]))
    a, b, c = (pyoxigraph.NamedNode(f"urn:x:{name}") for name in "abc")
    with new_generation(store_dir) as store:
        store.add(pyoxigraph.Quad(a, b, c, graph))
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as app:
        client = app.test_client()
        url = "/downloads/loaded.nt"
        first = client.get(url)
        assert first.text == "<urn:x:a> <urn:x:b> <urn:x:c> .\n"
        with new_generation(store_dir, copy_current=True) as store:
            store.add(pyoxigraph.Quad(c, b, a, graph))
        second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert second.status_code == 200
        assert second.headers["ETag"] != first.headers["ETag"]
        assert len(second.text.splitlines()) == 2


def test_without_a_store_every_publishing_route_is_a_503(tmp_path):
    with serving({"STORE_DIR": tmp_path / "none", "WORKERS": 1}) as app:
        for path in [
            "/rdf-graph-store?default",
            "/downloads/dataset.nq",
            "/downloads/ontology.ttl",
            "/id/Kazakhstan",
            "/data?iri=gkr:Kazakhstan",
            "/.well-known/void",
        ]:
            response = app.test_client().get(path)
            assert response.status_code == 503, path
            assert "no store" in response.json["error"]
