"""The SPARQL endpoint through the test client: protocol, negotiation, dataset, row cap, read-only, errors, CORS,
health, service description (the timeout, concurrency and the HTTP server's limits: tests/e2e/test_server.py)."""

import json

import pyoxigraph
import pytest
import rdflib

from govkg.rdf.namespaces import GKR, INFERRED_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.store import new_generation
from support.served import serving

ARTICLE = article_graph("test-article")
ROW_CAP = 20
PERSONS = 30  # more than ROW_CAP


def _iri(name: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(GKR[name]))


def fill_test_store(store: pyoxigraph.Store) -> None:
    """A miniature of the real layout: ontology, one article and the inferred graph, nothing in the default graph."""
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    person = pyoxigraph.NamedNode("https://w3id.org/govkg/ontology#Person")
    agent = pyoxigraph.NamedNode("https://w3id.org/govkg/ontology#Agent")
    subclass = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    store.add(pyoxigraph.Quad(person, subclass, agent, pyoxigraph.NamedNode(str(ONTOLOGY_GRAPH))))
    for n in range(PERSONS):
        store.add(pyoxigraph.Quad(_iri(f"P{n}"), rdf_type, person, pyoxigraph.NamedNode(ARTICLE)))
        store.add(pyoxigraph.Quad(_iri(f"P{n}"), rdf_type, agent, pyoxigraph.NamedNode(str(INFERRED_GRAPH))))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("server") / "kg-store"
    with new_generation(path) as store:
        fill_test_store(store)
    return path


@pytest.fixture(scope="module")
def app(store_dir):
    with serving({"STORE_DIR": store_dir, "WORKERS": 2, "ROW_CAP": ROW_CAP, "MAX_REQUEST_BYTES": 20_000}) as made:
        yield made


@pytest.fixture
def client(app):
    return app.test_client()


def get(client, query, **kwargs):
    return client.get("/sparql", query_string={"query": query, **kwargs.pop("params", {})}, **kwargs)


COUNT_AGENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?x a <https://w3id.org/govkg/ontology#Agent> }"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def test_get_select_defaults_to_sparql_json(client):
    response = get(client, "SELECT ?x WHERE { ?x a <https://w3id.org/govkg/ontology#Person> } LIMIT 3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert response.json["head"]["vars"] == ["x"]
    assert len(response.json["results"]["bindings"]) == 3


def test_post_form_and_direct_query(client):
    form = client.post("/sparql", data={"query": COUNT_AGENTS})
    direct = client.post("/sparql", data=COUNT_AGENTS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert count(form) == count(direct) == PERSONS


def test_default_graph_is_the_union_including_inferred_triples(client):
    assert count(get(client, COUNT_AGENTS)) == PERSONS  # only in the inferred graph
    graphs = get(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").json["results"]["bindings"]
    assert {row["g"]["value"] for row in graphs} == {str(ONTOLOGY_GRAPH), ARTICLE, str(INFERRED_GRAPH)}


def test_dataset_parameters_select_graphs(client):
    only_article = get(client, COUNT_AGENTS, params={"default-graph-uri": ARTICLE})
    assert count(only_article) == 0
    only_inferred = get(client, COUNT_AGENTS, params={"default-graph-uri": str(INFERRED_GRAPH)})
    assert count(only_inferred) == PERSONS
    named = get(
        client,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        params={"named-graph-uri": ARTICLE},
    )
    assert count(named) == 1


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("application/sparql-results+xml;q=0.5, text/csv;q=0.9", "text/csv; charset=utf-8"),
        ("text/*;q=0.2, application/sparql-results+xml;q=0.1", "text/csv; charset=utf-8"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("image/png, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_select_content_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = get(client, "SELECT ?x WHERE { ?x a ?c } LIMIT 2", headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    "name, media_type",
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_select_format_parameter_wins_over_accept(client, name, media_type):
    response = get(
        client, "SELECT ?x WHERE { ?x a ?c } LIMIT 2", params={"format": name}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type


def test_select_results_parse_back_identically_in_every_format(client):
    query = "SELECT ?x ?c WHERE { ?x a ?c } ORDER BY ?x ?c"
    parsed = {}
    for name, result_format in [
        ("json", pyoxigraph.QueryResultsFormat.JSON),
        ("xml", pyoxigraph.QueryResultsFormat.XML),
        ("tsv", pyoxigraph.QueryResultsFormat.TSV),
    ]:
        body = get(client, query, params={"format": name}).data
        parsed[name] = [
            tuple(str(s[v]) for v in ("x", "c")) for s in pyoxigraph.parse_query_results(body, result_format)
        ]
    assert parsed["json"] == parsed["xml"] == parsed["tsv"]
    assert len(parsed["json"]) == ROW_CAP


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(client, accept):
    response = get(client, "ASK { ?x a <https://w3id.org/govkg/ontology#Agent> }", headers={"Accept": accept})
    assert response.status_code == 200
    result = pyoxigraph.parse_query_results(
        response.data, pyoxigraph.QueryResultsFormat.JSON if "json" in accept else pyoxigraph.QueryResultsFormat.XML
    )
    assert bool(result) is True


GRAPH_FORMATS = [
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
]


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
@pytest.mark.parametrize(
    "query", ["CONSTRUCT WHERE { ?x a <https://w3id.org/govkg/ontology#Person> }", f"DESCRIBE <{GKR['P1']}>"]
)
def test_construct_and_describe_in_every_rdf_format(client, query, media_type):
    response = get(client, query, headers={"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media_type
    quads = list(pyoxigraph.parse(response.data, format=pyoxigraph.RdfFormat.from_media_type(media_type)))
    expected = min(PERSONS, ROW_CAP) if query.startswith("CONSTRUCT") else 2
    assert len(quads) == expected


def test_construct_defaults_to_turtle(client):
    response = get(client, "CONSTRUCT WHERE { ?x a ?c } LIMIT 1")
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_not_acceptable_lists_the_offered_types(client):
    response = get(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json["offered"]
    graph = get(client, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "application/sparql-results+json"})
    assert graph.status_code == 406
    assert "text/turtle" in graph.json["offered"]
    unknown_format = get(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", params={"format": "pdf"})
    assert unknown_format.status_code == 406


def test_row_cap_signals_truncation(client):
    capped = get(client, "SELECT ?x WHERE { ?x a ?c }")
    assert len(capped.json["results"]["bindings"]) == ROW_CAP
    assert capped.headers["X-SPARQL-Truncated"] == "true"
    assert capped.headers["X-SPARQL-Row-Cap"] == str(ROW_CAP)
    whole = get(client, "SELECT ?x WHERE { ?x a ?c } LIMIT 5")
    assert whole.headers["X-SPARQL-Truncated"] == "false"
    constructed = get(client, "CONSTRUCT WHERE { ?x a ?c }")
    assert constructed.headers["X-SPARQL-Truncated"] == "true"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
        {"method": "POST", "data": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "data": {"update": "LOAD <http://127.0.0.1:9/x.ttl>"}},
    ],
)
def test_updates_are_forbidden(client, request_kwargs):
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.json["error"]


def test_update_text_sent_as_a_query_is_a_bad_query(client):
    response = get(client, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert response.status_code == 400
    assert response.json["error"]


def test_malformed_query_reports_the_parser_position(client):
    response = get(client, "SELECT * WHERE {\n ?s ?p }")
    assert response.status_code == 400
    assert "line 2, column " in response.json["error"]  # line 2, with its column (govkg.sparql.errors)


def test_protocol_errors_have_bodies(client):
    cases = [
        (client.put("/sparql", data="x"), 405),
        (client.post("/sparql", data="ASK {}", headers={"Content-Type": "text/plain"}), 415),
        (
            client.post(
                "/sparql", data="ASK {}", headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
            ),
            415,
        ),
        (client.post("/sparql", data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}), 400),
        (client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400),
        (client.post("/sparql", data={"format": "json"}), 400),
        (client.get("/no-such-page"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.json["error"]


def test_request_size_cap(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    assert client.post("/sparql", data={"query": big}).status_code == 413
    assert client.get("/sparql", query_string={"query": big}).status_code == 413
    direct = client.post("/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert direct.status_code == 413
    assert "limit" in direct.json["error"]


def test_cors_allows_any_origin_without_credentials(client):
    response = get(client, "ASK {}", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code < 300
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["workers"] == 2


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_service_description(client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef("https://w3id.org/govkg/sparql")  # the public base
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    sizes = {
        str(graph.value(named, SD.name)): int(
            graph.value(graph.value(named, SD.graph), rdflib.URIRef("http://rdfs.org/ns/void#triples"))
        )
        for named in graph.subjects(rdflib.RDF.type, SD.NamedGraph)
    }
    assert sizes == {str(ONTOLOGY_GRAPH): 1, ARTICLE: PERSONS, str(INFERRED_GRAPH): PERSONS}
    assert "inferences" in " ".join(str(o) for o in graph.objects(service, rdflib.RDFS.comment))
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["Content-Type"] == "application/ld+json"
    assert len(list(pyoxigraph.parse(as_jsonld.data, format=pyoxigraph.RdfFormat.JSON_LD))) == len(graph)
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_new_store_generation_is_picked_up(tmp_path):
    store_dir = tmp_path / "kg-store"
    with new_generation(store_dir) as store:
        fill_test_store(store)
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as app:
        client = app.test_client()
        assert count(get(client, COUNT_AGENTS)) == PERSONS
        with new_generation(store_dir) as store:
            store.add(pyoxigraph.Quad(_iri("X"), _iri("p"), _iri("Y"), pyoxigraph.NamedNode(ARTICLE)))
        assert count(get(client, COUNT_AGENTS)) == 0
        assert client.get("/health").json["store_generation"].startswith("gen-")


def test_missing_store_is_a_503_with_a_message(tmp_path):
    with serving({"STORE_DIR": tmp_path / "none", "WORKERS": 1}) as app:
        client = app.test_client()
        response = get(client, "ASK {}")
        assert response.status_code == 503
        assert "no store" in response.json["error"]
        assert client.get("/health").status_code == 503


def test_error_json_is_json(client):
    body = get(client, "SELECT").json
    assert set(body) >= {"error", "status"}
    assert json.dumps(body)


def test_result_that_a_format_cannot_express_is_406(client):
    query = "CONSTRUCT { ?x <http://example.org/says> <<( ?x a ?c )>> } WHERE { ?x a ?c } LIMIT 1"
    response = get(client, query, headers={"Accept": "application/ld+json"})
    assert response.status_code == 406
    assert "cannot be written" in response.json["error"]
    assert get(client, query).status_code == 200  # Turtle can


def test_from_clauses_choose_the_dataset(client):
    agents_from = "SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?x a <https://w3id.org/govkg/ontology#Agent> }}"
    assert count(get(client, agents_from.format(ARTICLE))) == 0  # the agents are only in the inferred graph
    assert count(get(client, agents_from.format(INFERRED_GRAPH))) == PERSONS
    named_only = COUNT_AGENTS.replace(" WHERE", f" FROM NAMED <{INFERRED_GRAPH}> WHERE")
    assert count(get(client, named_only)) == 0  # FROM NAMED alone: the default graph is empty
    mentions_from = "SELECT (COUNT(*) AS ?n) WHERE { ?x a ?c FILTER(?c != 'from') } # FROM <x>"
    assert count(get(client, mentions_from)) == 2 * PERSONS  # still the union
    overridden = get(client, agents_from.format(ARTICLE), params={"default-graph-uri": str(INFERRED_GRAPH)})
    assert count(overridden) == PERSONS  # the protocol's dataset wins over FROM


SELECT_PERSONS = "SELECT ?x WHERE { ?x a <https://w3id.org/govkg/ontology#Person> } LIMIT "
CONSTRUCT_PERSONS = "CONSTRUCT { ?x a ?c } WHERE { ?x a <https://w3id.org/govkg/ontology#Person> ; a ?c } LIMIT "


@pytest.mark.parametrize("limit, truncated", [(ROW_CAP, "false"), (ROW_CAP + 1, "true")])
def test_row_cap_boundary_in_every_format(client, limit, truncated):
    rows_in = {
        "json": lambda r: len(r.json["results"]["bindings"]),
        "xml": lambda r: r.text.count("<result>"),
        "csv": lambda r: len(r.text.splitlines()) - 1,
        "tsv": lambda r: len(r.text.splitlines()) - 1,
        "ntriples": lambda r: len(r.text.splitlines()),
        "nquads": lambda r: len(r.text.splitlines()),
        "turtle": lambda r: len(list(pyoxigraph.parse(r.data, format=pyoxigraph.RdfFormat.TURTLE))),
        "jsonld": lambda r: len(list(pyoxigraph.parse(r.data, format=pyoxigraph.RdfFormat.JSON_LD))),
        "rdfxml": lambda r: len(list(pyoxigraph.parse(r.data, format=pyoxigraph.RdfFormat.RDF_XML))),
    }
    for name, rows in rows_in.items():
        query = (SELECT_PERSONS if name in ("json", "xml", "csv", "tsv") else CONSTRUCT_PERSONS) + str(limit)
        response = get(client, query, params={"format": name})
        assert response.status_code == 200, response.text
        assert response.headers["X-SPARQL-Truncated"] == truncated, name
        assert response.headers["X-SPARQL-Row-Cap"] == str(ROW_CAP)
        assert rows(response) == ROW_CAP, name


def test_head_is_answered_like_get(client):
    response = client.head("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert client.head("/sparql").headers["Content-Type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/csv;q=2", "text/csv;q=abc", ";;;,,,", "csv"])
def test_an_accept_header_with_only_malformed_members_means_the_default(client, accept):
    response = get(client, "ASK {}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert get(client, "ASK {}", headers={"Accept": "*/*;q=0"}).status_code == 406


@pytest.mark.parametrize("query", ["", "   \n"])
def test_an_empty_query_is_named_as_such(client, query):
    for response in (get(client, query), client.post("/sparql", data={"query": query})):
        assert response.status_code == 400
        assert response.json["error"] == "the query is empty"


def test_a_bad_graph_name_is_named_in_the_error(client):
    response = get(client, "ASK {}", params={"named-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "'not an iri' is not an absolute IRI" in response.json["error"]


def test_parameters_must_be_utf8_everywhere(client):
    """werkzeug would replace bad bytes with U+FFFD and run a different query than the one sent."""
    form = "application/x-www-form-urlencoded"
    bad_bytes = "ASK%7BFILTER(%22%FF%22)%7D"
    cases = [
        (client.get(f"/sparql?query={bad_bytes}"), 400),
        (client.post("/sparql", data=f"query={bad_bytes}", headers={"Content-Type": form}), 400),
        (client.post("/sparql", data="query=ASK{}", headers={"Content-Type": f"{form}; charset=latin1"}), 415),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert "UTF-8" in response.json["error"]
    accented = 'ASK { FILTER("é" = "\\u00E9") }'
    assert get(client, accented).json["boolean"] is True
    raw = client.post("/sparql", data=f"query={accented}".encode(), headers={"Content-Type": form})
    assert raw.json["boolean"] is True


