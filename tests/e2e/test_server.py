"""The SPARQL endpoint over HTTP: protocol, negotiation, dataset, safety limits, timeout, concurrency."""

import json
import os
import socket
import threading
import time

import pyoxigraph
import pytest
import rdflib
import requests

from govkg.rdf.namespaces import GKR, INFERRED_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.server import create_app
from govkg.server.execution import POOL_KEY
from govkg.server.runner import RunningServer
from govkg.store import new_generation

ARTICLE = article_graph("test-article")
ROW_CAP = 20
TIMEOUT = 2.0
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
def server(store_dir):
    config = {
        "STORE_DIR": store_dir,
        "WORKERS": 2,
        "ROW_CAP": ROW_CAP,
        "QUERY_TIMEOUT": TIMEOUT,
        "MAX_REQUEST_BYTES": 20_000,
    }
    with RunningServer(create_app(config), port=0, threads=6) as running:
        yield running


@pytest.fixture
def endpoint(server):
    return server.url + "/sparql"


def get(endpoint, query, **kwargs):
    return requests.get(endpoint, params={"query": query, **kwargs.pop("params", {})}, timeout=30, **kwargs)


COUNT_AGENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?x a <https://w3id.org/govkg/ontology#Agent> }"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_select_defaults_to_sparql_json(endpoint):
    response = get(endpoint, "SELECT ?x WHERE { ?x a <https://w3id.org/govkg/ontology#Person> } LIMIT 3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert response.json()["head"]["vars"] == ["x"]
    assert len(response.json()["results"]["bindings"]) == 3


def test_post_form_and_direct_query(endpoint):
    form = requests.post(endpoint, data={"query": COUNT_AGENTS}, timeout=30)
    direct = requests.post(
        endpoint, data=COUNT_AGENTS.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert count(form) == count(direct) == PERSONS


def test_default_graph_is_the_union_including_inferred_triples(endpoint):
    assert count(get(endpoint, COUNT_AGENTS)) == PERSONS  # only in the inferred graph
    graphs = get(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").json()["results"]["bindings"]
    assert {row["g"]["value"] for row in graphs} == {str(ONTOLOGY_GRAPH), ARTICLE, str(INFERRED_GRAPH)}


def test_dataset_parameters_select_graphs(endpoint):
    only_article = get(endpoint, COUNT_AGENTS, params={"default-graph-uri": ARTICLE})
    assert count(only_article) == 0
    only_inferred = get(endpoint, COUNT_AGENTS, params={"default-graph-uri": str(INFERRED_GRAPH)})
    assert count(only_inferred) == PERSONS
    named = get(
        endpoint,
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
def test_select_content_negotiation(endpoint, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = get(endpoint, "SELECT ?x WHERE { ?x a ?c } LIMIT 2", headers=headers)
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
def test_select_format_parameter_wins_over_accept(endpoint, name, media_type):
    response = get(
        endpoint, "SELECT ?x WHERE { ?x a ?c } LIMIT 2", params={"format": name}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type


def test_select_results_parse_back_identically_in_every_format(endpoint):
    query = "SELECT ?x ?c WHERE { ?x a ?c } ORDER BY ?x ?c"
    parsed = {}
    for name, result_format in [
        ("json", pyoxigraph.QueryResultsFormat.JSON),
        ("xml", pyoxigraph.QueryResultsFormat.XML),
        ("tsv", pyoxigraph.QueryResultsFormat.TSV),
    ]:
        body = get(endpoint, query, params={"format": name}).content
        parsed[name] = [
            tuple(str(s[v]) for v in ("x", "c")) for s in pyoxigraph.parse_query_results(body, result_format)
        ]
    assert parsed["json"] == parsed["xml"] == parsed["tsv"]
    assert len(parsed["json"]) == ROW_CAP


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(endpoint, accept):
    response = get(endpoint, "ASK { ?x a <https://w3id.org/govkg/ontology#Agent> }", headers={"Accept": accept})
    assert response.status_code == 200
    result = pyoxigraph.parse_query_results(
        response.content, pyoxigraph.QueryResultsFormat.JSON if "json" in accept else pyoxigraph.QueryResultsFormat.XML
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
def test_construct_and_describe_in_every_rdf_format(endpoint, query, media_type):
    response = get(endpoint, query, headers={"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media_type
    quads = list(pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.from_media_type(media_type)))
    expected = min(PERSONS, ROW_CAP) if query.startswith("CONSTRUCT") else 2
    assert len(quads) == expected


def test_construct_defaults_to_turtle(endpoint):
    response = get(endpoint, "CONSTRUCT WHERE { ?x a ?c } LIMIT 1")
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_not_acceptable_lists_the_offered_types(endpoint):
    response = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["offered"]
    graph = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "application/sparql-results+json"})
    assert graph.status_code == 406
    assert "text/turtle" in graph.json()["offered"]
    unknown_format = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", params={"format": "pdf"})
    assert unknown_format.status_code == 406


def test_row_cap_signals_truncation(endpoint):
    capped = get(endpoint, "SELECT ?x WHERE { ?x a ?c }")
    assert len(capped.json()["results"]["bindings"]) == ROW_CAP
    assert capped.headers["X-SPARQL-Truncated"] == "true"
    assert capped.headers["X-SPARQL-Row-Cap"] == str(ROW_CAP)
    whole = get(endpoint, "SELECT ?x WHERE { ?x a ?c } LIMIT 5")
    assert whole.headers["X-SPARQL-Truncated"] == "false"
    constructed = get(endpoint, "CONSTRUCT WHERE { ?x a ?c }")
    assert constructed.headers["X-SPARQL-Truncated"] == "true"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
        {"method": "POST", "data": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "data": {"update": "LOAD <http://127.0.0.1:9/x.ttl>"}},
    ],
)
def test_updates_are_forbidden(endpoint, request_kwargs):
    response = requests.request(url=endpoint, timeout=30, **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]


def test_update_text_sent_as_a_query_is_a_bad_query(endpoint):
    response = get(endpoint, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert response.status_code == 400
    assert response.json()["error"]


def test_malformed_query_reports_the_parser_position(endpoint):
    response = get(endpoint, "SELECT * WHERE {\n ?s ?p }")
    assert response.status_code == 400
    assert "2:" in response.json()["error"]  # line 2, with its column


def test_protocol_errors_have_bodies(endpoint, server):
    cases = [
        (requests.put(endpoint, data="x", timeout=30), 405),
        (requests.post(endpoint, data="ASK {}", headers={"Content-Type": "text/plain"}, timeout=30), 415),
        (
            requests.post(
                endpoint,
                data="ASK {}",
                headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
                timeout=30,
            ),
            415,
        ),
        (
            requests.post(
                endpoint, data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}, timeout=30
            ),
            400,
        ),
        (requests.get(endpoint + "?query=ASK%7B%7D&query=ASK%7B%7D", timeout=30), 400),
        (requests.post(endpoint, data={"format": "json"}, timeout=30), 400),
        (requests.get(server.url + "/no-such-page", timeout=30), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.json()["error"]


def test_request_size_cap(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    assert requests.post(endpoint, data={"query": big}, timeout=30).status_code == 413
    assert requests.get(endpoint, params={"query": big}, timeout=30).status_code == 413
    direct = requests.post(
        endpoint, data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert direct.status_code == 413
    assert "limit" in direct.json()["error"]


def test_cors_allows_any_origin_without_credentials(endpoint):
    response = get(endpoint, "ASK {}", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = requests.options(
        endpoint, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}, timeout=30
    )
    assert preflight.status_code < 300
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_health(server):
    response = requests.get(server.url + "/health", timeout=30)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["workers"] == 2


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_service_description(endpoint):
    response = requests.get(endpoint, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(endpoint)
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
    as_jsonld = requests.get(endpoint, headers={"Accept": "application/ld+json"}, timeout=30)
    assert as_jsonld.headers["Content-Type"] == "application/ld+json"
    assert len(list(pyoxigraph.parse(as_jsonld.content, format=pyoxigraph.RdfFormat.JSON_LD))) == len(graph)
    assert requests.get(endpoint, headers={"Accept": "image/png"}, timeout=30).status_code == 406


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"


def test_timeout_kills_the_query_and_others_are_served(server, endpoint):
    pool = server.app.extensions[POOL_KEY]
    pids_before = pool.pids()
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(response=get(endpoint, RUNAWAY)))
    thread.start()
    for _ in range(1000):  # bounded wait until a worker has taken the runaway query
        if pool.busy() == 1:
            break
        time.sleep(0.01)
    served_meanwhile = get(endpoint, COUNT_AGENTS)  # the other worker answers while the runaway query runs
    assert thread.is_alive() and "response" not in slow
    thread.join()
    assert count(served_meanwhile) == PERSONS
    response = slow["response"]
    assert response.status_code == 503
    assert "timed out" in response.json()["error"]
    killed = pids_before - pool.pids()
    assert len(killed) == 1
    for pid in killed:  # its CPU is freed: the process no longer exists
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert len(pool.pids()) == 2
    assert count(get(endpoint, COUNT_AGENTS)) == PERSONS


def test_concurrent_clients(endpoint):
    results = []

    def client():
        results.extend(count(get(endpoint, COUNT_AGENTS)) for _ in range(5))

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [PERSONS] * 30


def test_new_store_generation_is_picked_up(tmp_path):
    store_dir = tmp_path / "kg-store"
    with new_generation(store_dir) as store:
        fill_test_store(store)
    with RunningServer(create_app({"STORE_DIR": store_dir, "WORKERS": 1}), port=0) as running:
        assert count(get(running.url + "/sparql", COUNT_AGENTS)) == PERSONS
        with new_generation(store_dir) as store:
            store.add(pyoxigraph.Quad(_iri("X"), _iri("p"), _iri("Y"), pyoxigraph.NamedNode(ARTICLE)))
        assert count(get(running.url + "/sparql", COUNT_AGENTS)) == 0
        assert requests.get(running.url + "/health", timeout=30).json()["store_generation"].startswith("gen-")


def test_missing_store_is_a_503_with_a_message(tmp_path):
    with RunningServer(create_app({"STORE_DIR": tmp_path / "none", "WORKERS": 1}), port=0) as running:
        response = get(running.url + "/sparql", "ASK {}")
        assert response.status_code == 503
        assert "no store" in response.json()["error"]
        assert requests.get(running.url + "/health", timeout=30).status_code == 503


def test_error_json_is_json(endpoint):
    body = get(endpoint, "SELECT").json()
    assert set(body) >= {"error", "status"}
    assert json.dumps(body)


def test_result_that_a_format_cannot_express_is_406(endpoint):
    query = "CONSTRUCT { ?x <http://example.org/says> <<( ?x a ?c )>> } WHERE { ?x a ?c } LIMIT 1"
    response = get(endpoint, query, headers={"Accept": "application/ld+json"})
    assert response.status_code == 406
    assert "cannot be written" in response.json()["error"]
    assert get(endpoint, query).status_code == 200  # Turtle can


def test_from_clauses_choose_the_dataset(endpoint):
    agents_from = "SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?x a <https://w3id.org/govkg/ontology#Agent> }}"
    assert count(get(endpoint, agents_from.format(ARTICLE))) == 0  # the agents are only in the inferred graph
    assert count(get(endpoint, agents_from.format(INFERRED_GRAPH))) == PERSONS
    named_only = COUNT_AGENTS.replace(" WHERE", f" FROM NAMED <{INFERRED_GRAPH}> WHERE")
    assert count(get(endpoint, named_only)) == 0  # FROM NAMED alone: the default graph is empty
    mentions_from = "SELECT (COUNT(*) AS ?n) WHERE { ?x a ?c FILTER(?c != 'from') } # FROM <x>"
    assert count(get(endpoint, mentions_from)) == 2 * PERSONS  # still the union
    overridden = get(endpoint, agents_from.format(ARTICLE), params={"default-graph-uri": str(INFERRED_GRAPH)})
    assert count(overridden) == PERSONS  # the protocol's dataset wins over FROM


SELECT_PERSONS = "SELECT ?x WHERE { ?x a <https://w3id.org/govkg/ontology#Person> } LIMIT "
CONSTRUCT_PERSONS = "CONSTRUCT { ?x a ?c } WHERE { ?x a <https://w3id.org/govkg/ontology#Person> ; a ?c } LIMIT "


@pytest.mark.parametrize("limit, truncated", [(ROW_CAP, "false"), (ROW_CAP + 1, "true")])
def test_row_cap_boundary_in_every_format(endpoint, limit, truncated):
    rows_in = {
        "json": lambda r: len(r.json()["results"]["bindings"]),
        "xml": lambda r: r.text.count("<result>"),
        "csv": lambda r: len(r.text.splitlines()) - 1,
        "tsv": lambda r: len(r.text.splitlines()) - 1,
        "ntriples": lambda r: len(r.text.splitlines()),
        "nquads": lambda r: len(r.text.splitlines()),
        "turtle": lambda r: len(list(pyoxigraph.parse(r.content, format=pyoxigraph.RdfFormat.TURTLE))),
        "jsonld": lambda r: len(list(pyoxigraph.parse(r.content, format=pyoxigraph.RdfFormat.JSON_LD))),
        "rdfxml": lambda r: len(list(pyoxigraph.parse(r.content, format=pyoxigraph.RdfFormat.RDF_XML))),
    }
    for name, rows in rows_in.items():
        query = (SELECT_PERSONS if name in ("json", "xml", "csv", "tsv") else CONSTRUCT_PERSONS) + str(limit)
        response = get(endpoint, query, params={"format": name})
        assert response.status_code == 200, response.text
        assert response.headers["X-SPARQL-Truncated"] == truncated, name
        assert response.headers["X-SPARQL-Row-Cap"] == str(ROW_CAP)
        assert rows(response) == ROW_CAP, name


def test_head_is_answered_like_get(endpoint):
    response = requests.head(endpoint, params={"query": "ASK {}"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert requests.head(endpoint, timeout=30).headers["Content-Type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/csv;q=2", "text/csv;q=abc", ";;;,,,", "csv"])
def test_an_accept_header_with_only_malformed_members_means_the_default(endpoint, accept):
    response = get(endpoint, "ASK {}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert get(endpoint, "ASK {}", headers={"Accept": "*/*;q=0"}).status_code == 406


@pytest.mark.parametrize("query", ["", "   \n"])
def test_an_empty_query_is_named_as_such(endpoint, query):
    for response in (get(endpoint, query), requests.post(endpoint, data={"query": query}, timeout=30)):
        assert response.status_code == 400
        assert response.json()["error"] == "the query is empty"


def test_a_bad_graph_name_is_named_in_the_error(endpoint):
    response = get(endpoint, "ASK {}", params={"named-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "'not an iri' is not an absolute IRI" in response.json()["error"]


def test_the_url_limit_is_the_apps_not_waitress(store_dir):
    """waitress alone refuses request heads over 256 KiB with a plain-text 431; the app's cap decides instead."""
    config = {"STORE_DIR": store_dir, "WORKERS": 1, "MAX_REQUEST_BYTES": 400_000}
    with RunningServer(create_app(config), port=0) as running:
        padded = "ASK {} #" + "x" * 300_000
        assert get(running.url + "/sparql", padded).status_code == 200
        too_long = get(running.url + "/sparql", padded + "x" * 120_000)
        assert too_long.status_code == 413
        assert "limit" in too_long.json()["error"]


BOMB = "SELECT (STRLEN(?v28) AS ?n) WHERE { BIND('0123456789' AS ?v0) " + " ".join(
    f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(28)
) + " }"  # 2.7 GB of string


def test_a_crashing_query_ends_its_worker_only(store_dir):
    """A query that needs more than the worker's memory limit, or that is nested too deeply for the
    parser's stack, kills its worker (never the server): 503 saying so, and a fresh worker."""
    config = {"STORE_DIR": store_dir, "WORKERS": 1, "WORKER_MEMORY_MB": 1024}
    with RunningServer(create_app(config), port=0) as running:
        pool = running.app.extensions[POOL_KEY]
        for query in (BOMB, "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000):
            before = pool.pids()
            response = get(running.url + "/sparql", query)
            assert response.status_code == 503
            assert "crashed" in response.json()["error"]
            assert len(pool.pids()) == 1 and pool.pids() != before
            assert count(get(running.url + "/sparql", COUNT_AGENTS)) == PERSONS


@pytest.mark.parametrize("host", ["a:99999", "a b", "x>y"])
def test_an_invalid_host_header_is_a_400(endpoint, host):
    """The endpoint's URL (the queries' base IRI, the service description's sd:endpoint) comes from Host."""
    for response in (get(endpoint, "ASK {}", headers={"Host": host}), requests.get(endpoint, headers={"Host": host})):
        assert response.status_code == 400
        assert "invalid Host header" in response.json()["error"]


def test_parameters_must_be_utf8_everywhere(endpoint):
    """werkzeug would replace bad bytes with U+FFFD and run a different query than the one sent."""
    form = "application/x-www-form-urlencoded"
    bad_bytes = "ASK%7BFILTER(%22%FF%22)%7D"
    cases = [
        (requests.get(f"{endpoint}?query={bad_bytes}", timeout=30), 400),
        (requests.post(endpoint, data=f"query={bad_bytes}", headers={"Content-Type": form}, timeout=30), 400),
        (requests.post(endpoint, data="query=ASK{}", headers={"Content-Type": f"{form}; charset=latin1"}), 415),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert "UTF-8" in response.json()["error"]
    accented = 'ASK { FILTER("é" = "\\u00E9") }'
    assert get(endpoint, accented).json()["boolean"] is True
    raw = requests.post(endpoint, data=f"query={accented}".encode(), headers={"Content-Type": form}, timeout=30)
    assert raw.json()["boolean"] is True


def test_a_huge_declared_body_is_refused_before_it_is_read(server):
    """waitress would otherwise wait for (and buffer to disk) up to 1 GiB of body before the app could refuse
    it: this request declares 500 MB and sends none of it."""
    with socket.create_connection((server.host, server.port), timeout=30) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 500000000\r\n\r\nASK {}"
        )
        status_line = connection.recv(4096).split(b"\r\n")[0]
    assert status_line.split()[1] == b"413"
