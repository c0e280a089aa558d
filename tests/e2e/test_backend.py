"""`kg serve --backend URL` over real engines (Oxigraph server; Virtuoso 7 where installed), each holding what
`kg publish` wrote: every named query answers as on the embedded store, the safety layers hold (a SERVICE off the
allow-list and an update never reach the engine, a slow query is abandoned with 503, the row cap), the whole-graph
reads work, and the W3C protocol tests pass over Oxigraph (docs/scale-out.md)."""

import json
import time
from urllib.parse import parse_qs, urlparse
from urllib.request import url2pathname

import pyoxigraph
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from conftest import free_port, store_graphs
from govkg.remote.publish import publish
from govkg.server import create_app
from govkg.server.serve import RunningServer
from govkg.store import new_generation
from support.answers import EXPECTED, compact_rows
from support.engines import Interposer, oxigraph, virtuoso
from support.served import serving

#: A query whose evaluation takes far longer than the test's timeout (a join of the store with itself, thrice).
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 1.5


class Traffic:
    """What reached the engine through the Interposer at ``base``: each request's method, path and body."""

    def __init__(self):
        self.base = ""
        self.requests: list[tuple[str, str, bytes]] = []

    def __call__(self, method, path, body):
        self.requests.append((method, path, body))
        return None

    def queries(self) -> list[str]:
        return [parse_qs(body.decode()).get("query", [""])[0] for _, _, body in self.requests]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request, tmp_path_factory, built_store):
    """An engine holding the seed store, published by kg publish (Oxigraph stops a query itself after 5 s)."""
    folder = tmp_path_factory.mktemp(request.param)
    running = oxigraph(folder, timeout_s=5) if request.param == "oxigraph" else virtuoso(folder)
    with running as started:
        publish(built_store, started.remote(), progress=lambda line: None)
        yield started


@pytest.fixture(scope="module")
def traffic(engine):
    """The engine behind an Interposer that records what reaches it."""
    seen = Traffic()
    with Interposer(engine.base, seen) as proxy:
        seen.base = proxy.base
        yield seen


@pytest.fixture(scope="module")
def backend_app(engine, traffic):
    url = traffic.base + engine.endpoints.query[len(engine.base):]
    config = {"BACKEND": url, "WORKERS": 2, "QUERY_TIMEOUT": TIMEOUT, "ROW_CAP": 50, "SERVICE_ALLOWLIST": []}
    with serving(config) as app:
        yield app


@pytest.fixture
def backend(backend_app):
    return backend_app.test_client()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_named_query_answers_as_on_the_embedded_store(backend, client, name):
    response = backend.get(f"/queries/{name}")
    assert response.status_code == 200, response.text
    columns, rows = EXPECTED[name]
    assert compact_rows(response.json) == (columns, sorted(rows))
    assert compact_rows(response.json) == compact_rows(client.get(f"/queries/{name}").json)


def test_a_parameter_is_bound_as_on_the_embedded_store(backend, client):
    for name, params in [("post-holders-on-day", {"day": "2024-04-20"}), ("visits", {"visitor": "gkr:OlzhasBektenov"}),
                         ("events-in-place", {"place": "gkr:Kazakhstan"})]:
        remote, local = (c.get(f"/queries/{name}", query_string=params) for c in (backend, client))
        assert remote.status_code == local.status_code == 200
        assert compact_rows(remote.json) == compact_rows(local.json)


def test_the_default_graph_is_the_union_each_triple_once(backend, client):
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    counted = [c.get("/sparql", query_string=query).json["results"]["bindings"][0]["n"]["value"] for c in (backend, client)]
    assert counted[0] == counted[1]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    listed = [{row["g"]["value"] for row in c.get("/sparql", query_string={"query": graphs}).json["results"]["bindings"]}
              for c in (backend, client)]
    assert listed[0] == listed[1]


def test_dataset_parameters_and_ask(backend, client):
    ontology = "https://w3id.org/govkg/graph/ontology"
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": ontology}
    counted = [c.get("/sparql", query_string=query).json["results"]["bindings"][0]["n"]["value"] for c in (backend, client)]
    assert counted[0] == counted[1]
    for text, expected in [("ASK { ?s ?p ?o }", True), ("ASK { <urn:x:none> ?p ?o }", False)]:
        assert backend.get("/sparql", query_string={"query": text}).json["boolean"] is expected


def test_the_row_cap_holds(backend):
    response = backend.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert len(response.json["results"]["bindings"]) == 50
    graph = backend.get("/sparql", query_string={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "format": "nt"})
    assert graph.headers["X-SPARQL-Truncated"] == "true" and graph.text.count("\n") == 50


def test_a_service_off_the_allow_list_never_reaches_the_engine(backend, traffic):
    canary = f"http://127.0.0.1:{free_port()}/canary"
    response = backend.get("/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 400 and "allow-list" in response.json["error"]
    assert not any("canary" in query for query in traffic.queries())


def test_updates_are_refused_and_never_reach_the_engine(backend, traffic):
    assert backend.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
    response = backend.get("/sparql", query_string={"query": "DROP ALL"})
    assert response.status_code == 400 and "read-only" in response.json["error"]
    assert not any("DROP ALL" in query for query in traffic.queries())


def test_a_slow_query_is_abandoned_and_answered_503(backend, engine):
    started = time.monotonic()
    response = backend.get("/sparql", query_string={"query": SLOW})
    assert response.status_code == 503 and "timed out" in response.json["error"]
    assert time.monotonic() - started < 30  # the request was abandoned, not waited out (a bound, not a speed test)
    for _ in range(100):  # the engine is still there
        if backend.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the engine did not answer after the timeout")


def test_whole_graph_reads_come_from_the_publication(backend, built_store):
    seed = store_graphs(built_store)
    article = next(iri for iri in seed if "/article/" in iri)
    response = backend.get("/rdf-graph-store", query_string={"graph": article}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    assert isomorphic(rdflib.Graph().parse(data=response.text, format="nt"), seed[article])
    assert backend.get("/downloads/dataset.nq").status_code == 200
    assert backend.get("/").status_code == 200


def test_a_backend_without_a_publication_says_so(tmp_path):
    with oxigraph(tmp_path / "empty") as empty, serving({"BACKEND": empty.endpoints.query, "WORKERS": 1}) as app:
        client = app.test_client()
        response = client.get("/downloads/dataset.nq")
        assert response.status_code == 503 and "kg publish" in response.text
        counted = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert counted.status_code == 200


def test_an_unreachable_backend_is_a_502_not_a_traceback():
    with serving({"BACKEND": f"http://127.0.0.1:{free_port()}/query", "WORKERS": 1}) as app:
        response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 502 and "backend" in response.json["error"]


# --- the W3C SPARQL 1.1 Protocol tests over Oxigraph server ---


@pytest.fixture(scope="module")
def protocol_backend(tmp_path_factory):
    """`kg serve --backend` (a real server) over Oxigraph holding every graph the protocol tests name."""
    from test_w3c_protocol import UT, read_manifest, sparql11

    graph, _ = read_manifest(sparql11() / "protocol" / "manifest.ttl")
    folder = tmp_path_factory.mktemp("w3c-backend")
    with new_generation(folder / "store") as store:
        for data in graph.objects(None, UT.graphData):
            path = url2pathname(urlparse(str(graph.value(data, UT.graph))).path)
            name = pyoxigraph.NamedNode(str(graph.value(data, rdflib.RDFS.label)))
            store.load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=name)
    with oxigraph(folder / "oxigraph") as engine:
        publish(folder / "store", engine.remote(), progress=lambda line: None)
        port = free_port()
        config = {"BACKEND": engine.endpoints.query, "WORKERS": 2, "SERVICE_ALLOWLIST": [],
                  "PUBLIC_BASE": f"http://127.0.0.1:{port}/"}
        with RunningServer(create_app(config), port=port) as running:
            yield running


def _protocol_names() -> list[str]:
    from test_w3c_protocol import protocol_tests

    return protocol_tests()


@pytest.mark.parametrize("name", _protocol_names())
def test_w3c_protocol_over_oxigraph(name, protocol_backend):
    from test_w3c_protocol import check_response, read_manifest, requests_of, send, sparql11

    graph, entries = read_manifest(sparql11() / "protocol" / "manifest.ttl")
    test = next(entry for entry in entries if str(entry).endswith("#" + name))
    steps = requests_of(graph, test)
    if name.startswith("update_"):
        response = send(graph, steps[0], protocol_backend.url)
        assert response.status_code == 403 and "read-only" in response.json()["error"]
        return
    for step in steps:
        check_response(graph, step, send(graph, step, protocol_backend.url))


def test_kg_serve_backend_end_to_end(engine, tmp_path):
    """The real `kg serve --backend URL`: serves without building a store."""
    import signal
    import subprocess
    import sys

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "govkg.cli", "serve", "--store", str(tmp_path / "none"), "--port", str(port),
         "--backend", engine.endpoints.query],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(120):
            assert process.poll() is None, process.communicate()
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/queries/visits", timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        assert answer.status_code == 200
        assert compact_rows(json.loads(answer.text)) == (EXPECTED["visits"][0], sorted(EXPECTED["visits"][1]))
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert f"(backend {engine.endpoints.query})" in stderr and "building" not in stderr
    assert not (tmp_path / "none").exists()
