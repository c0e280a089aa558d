"""The W3C SPARQL 1.1 Protocol and Service Description tests, run against a real server over HTTP.

Every query and bad-query test of protocol/manifest.ttl must pass; every update
test must get the documented 403 (the endpoint is read-only), and its
follow-up requests, which check the update's effect, are not sent.
"""

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph
import pytest
import rdflib
import requests

from conftest import free_port, shared_dir
from govkg.server import create_app
from govkg.server.serve import RunningServer
from govkg.sparql.negotiate import OFFERED
from govkg.sparql.run import BOOLEAN, GRAPH, SOLUTIONS
from govkg.store import new_generation

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

EXPECTED_TYPES = {"boolean": OFFERED[BOOLEAN][:2], "tabular": OFFERED[SOLUTIONS], "RDF": OFFERED[GRAPH]}


def sparql11() -> Path:
    return shared_dir() / "w3c-rdf-tests" / "sparql" / "sparql11"


def read_manifest(path: Path) -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(path, format="turtle")
    manifest = graph.value(predicate=rdflib.RDF.type, object=MF.Manifest)
    return graph, list(rdflib.collection.Collection(graph, graph.value(manifest, MF.entries)))


@pytest.fixture(scope="module")
def protocol_manifest():
    return read_manifest(sparql11() / "protocol" / "manifest.ttl")


@pytest.fixture(scope="module")
def server(protocol_manifest, tmp_path_factory):
    """The endpoint over a store holding every graph the protocol tests name (graph name = its rdfs:label)."""
    graph, _ = protocol_manifest
    store_dir = tmp_path_factory.mktemp("w3c-protocol") / "store"
    with new_generation(store_dir) as store:
        graphs = {
            str(graph.value(data, rdflib.RDFS.label)): graph.value(data, UT.graph)
            for data in graph.objects(None, UT.graphData)
        }
        for name, location in graphs.items():
            path = url2pathname(urlparse(str(location)).path)
            store.load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(name))
    port = free_port()
    config = {"STORE_DIR": store_dir, "WORKERS": 2, "SERVICE_ALLOWLIST": [], "PUBLIC_BASE": f"http://127.0.0.1:{port}/"}
    with RunningServer(create_app(config), port=port) as running:  # its public base is its own URL
        yield running


def requests_of(graph: rdflib.Graph, test) -> list:
    return list(rdflib.collection.Collection(graph, graph.value(graph.value(test, MF.action), HT.requests)))


def send(graph: rdflib.Graph, request_node, base_url: str) -> requests.Response:
    """Send one ht:Request of the manifest, with its method, path, headers and body exactly."""
    path = str(graph.value(request_node, HT.absolutePath))
    assert path.startswith("/sparql/")
    url = base_url + "/sparql" + path[len("/sparql/") - 1 :].removeprefix("/")
    headers = {"Accept": None, "Accept-Encoding": None}  # send no Accept header, as the tests describe
    header_list = graph.value(request_node, HT.headers)
    for header in rdflib.collection.Collection(graph, header_list) if header_list else []:
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(request_node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    method = str(graph.value(request_node, HT.methodName))
    return requests.request(method, url, data=data, headers=headers, timeout=30, allow_redirects=False)


def is_update(graph: rdflib.Graph, request_node) -> bool:
    """True for a request that carries a SPARQL Update (form field, direct body or GET parameter)."""
    path = str(graph.value(request_node, HT.absolutePath))
    body = graph.value(request_node, HT.body)
    chars = str(graph.value(body, CNT.chars)) if body is not None else ""
    header_list = graph.value(request_node, HT.headers)
    values = (
        [str(graph.value(h, HT.fieldValue)) for h in rdflib.collection.Collection(graph, header_list)]
        if header_list
        else []
    )
    return "update=" in path or chars.startswith("update=") or any("sparql-update" in v for v in values)


def check_response(graph: rdflib.Graph, request_node, response: requests.Response) -> None:
    expectation = graph.value(request_node, HT.resp)
    classes = {str(status).removeprefix(HTS) for status in graph.objects(expectation, MF.expectedStatus)}
    assert f"{str(response.status_code)[0]}xx" in classes, (response.status_code, response.text)
    if response.status_code >= 400:
        assert response.text, "an error response must say what went wrong"
    expected_format = graph.value(expectation, MF.expectedFormat)
    if expected_format is not None:
        media_type = response.headers["Content-Type"].split(";")[0]
        assert media_type in EXPECTED_TYPES[str(expected_format)], media_type
    expected_boolean = graph.value(expectation, MF.expectedBoolean)
    if expected_boolean is not None:
        result_format = pyoxigraph.QueryResultsFormat.from_media_type(response.headers["Content-Type"].split(";")[0])
        assert bool(pyoxigraph.parse_query_results(response.content, result_format)) == expected_boolean.toPython()


def protocol_tests() -> list[str]:
    try:
        _, entries = read_manifest(sparql11() / "protocol" / "manifest.ttl")
    except pytest.skip.Exception:
        return ["(shared folder missing)"]
    return [str(entry).rsplit("#", 1)[1] for entry in entries]


@pytest.mark.parametrize("name", protocol_tests())
def test_protocol(name, protocol_manifest, server):
    graph, entries = protocol_manifest
    test = next(entry for entry in entries if str(entry).endswith("#" + name))
    steps = requests_of(graph, test)
    if name.startswith("update_"):
        response = send(graph, steps[0], server.url)
        assert is_update(graph, steps[0])
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]
        return
    for step in steps:
        check_response(graph, step, send(graph, step, server.url))


def test_protocol_counts(protocol_manifest):
    """The manifest holds the 34 tests the runner knows how to run (none silently skipped)."""
    _, entries = protocol_manifest
    names = [str(entry).rsplit("#", 1)[1] for entry in entries]
    assert len(names) == 34
    assert all(name.startswith(("query_", "update_", "bad_query_", "bad_update_", "bad_multiple_")) for name in names)


# --- Service Description (service-description/manifest.ttl) ---


@pytest.fixture(scope="module")
def description(server):
    response = requests.get(server.url + "/sparql", headers={"Accept": None}, timeout=30)
    return response


def described(response) -> rdflib.Graph:
    return rdflib.Graph().parse(data=response.content, format="turtle")


def test_sd_returns_rdf(description):
    assert description.status_code == 200
    assert description.headers["Content-Type"].split(";")[0] in OFFERED[GRAPH]
    assert len(described(description)) > 0


def test_sd_has_endpoint_triple(description, server):
    graph = described(description)
    assert (None, SD.endpoint, rdflib.URIRef(server.url + "/sparql")) in graph


def test_sd_conforms_to_schema(description):
    """The shape the SD vocabulary gives: a sd:Service with endpoint, languages, formats and a dataset of graphs."""
    graph = described(description)
    services = list(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    assert isinstance(graph.value(service, SD.endpoint), rdflib.URIRef)
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert all(isinstance(f, rdflib.URIRef) for f in graph.objects(service, SD.resultFormat))
    assert all(
        str(f).startswith("http://www.w3.org/ns/sparql-service-description#")
        for f in graph.objects(service, SD.feature)
    )
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
    assert (graph.value(dataset, SD.defaultGraph), rdflib.RDF.type, SD.Graph) in graph
    named_graphs = list(graph.objects(dataset, SD.namedGraph))
    assert len(named_graphs) == 3
    for named in named_graphs:
        assert (named, rdflib.RDF.type, SD.NamedGraph) in graph
        assert isinstance(graph.value(named, SD.name), rdflib.URIRef)
        assert (graph.value(named, SD.graph), rdflib.RDF.type, SD.Graph) in graph
