"""SERVICE is allowed only to listed endpoints: no spelling of a query makes the server contact another one (the
app through the test client; the allowed partner and the listener are real servers)."""

import socket
import threading

import pyoxigraph
import pytest

from govkg.server import create_app
from govkg.server.querying.service_policy import PolicyError, check
from govkg.server.serve import RunningServer
from govkg.store import new_generation
from support.served import serving


class Listener:
    """A loopback TCP listener that records every connection and closes it at once."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    running = Listener()
    yield running
    running.close()


def make_store(path, subject: str):
    with new_generation(path) as store:
        store.add(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode(subject),
                pyoxigraph.NamedNode("http://example.org/p"),
                pyoxigraph.Literal("remote"),
                pyoxigraph.NamedNode("http://example.org/g"),
            )
        )
    return path


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    """A second instance of the endpoint: the allowed federated partner."""
    store_dir = make_store(tmp_path_factory.mktemp("standin") / "store", "http://example.org/from-standin")
    with RunningServer(create_app({"STORE_DIR": store_dir, "WORKERS": 1}), port=0) as running:
        yield running


@pytest.fixture(scope="module")
def app(tmp_path_factory, standin):
    store_dir = make_store(tmp_path_factory.mktemp("main") / "store", "http://example.org/local")
    with serving({"STORE_DIR": store_dir, "WORKERS": 2, "SERVICE_ALLOWLIST": [standin.url + "/sparql"]}) as made:
        yield made


@pytest.fixture
def client(app):
    return app.test_client()


def spellings(port: int) -> list[str]:
    """Queries that all try to call the listener, in as many spellings as we could think of."""
    target = f"http://127.0.0.1:{port}/sparql"
    body = "{ ?s ?p ?o }"
    escaped_iri = target.replace("sparql", "\\u0073parql")
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {body} }}",
        f"select * where {{ service <{target}> {body} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{target}> {body} }}",
        f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE x:sparql {body} }}",
        f"PREFIX x: <{target}> SELECT * WHERE {{ SERVICE x: {body} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"BASE <http://example.org/> BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped_iri}> {body} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE <{target}> {body} }}",
        f"SELECT * WHERE {{ \\u0053\\u0045\\u0052\\u0056\\u0049\\u0043\\u0045 <{target}> {body} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{target}> {body} }}",
        f"SELECT * WHERE {{ SERVICE # comment\n <{target}> {body} }}",
        f"SELECT * WHERE {{ SERVICE<{target}>{body} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {body} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {body} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {body} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{target}> {body} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{target}> {body} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{target}> {body} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER NOT EXISTS {{ SERVICE <{target}> {body} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{target}> {body} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{target}> {body} }} }}",
        f"SELECT (EXISTS {{ SERVICE <{target}> {body} }} AS ?x) WHERE {{}}",
        f"ASK {{ SERVICE <{target}> {body} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {body} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{target}> {body} }}",
        f"BASE <http://127.0.0.1:{port}/> PREFIX x: <> SELECT * WHERE {{ SERVICE x:sparql {body} }}",
        f"SELECT * WHERE {{ SERVICE <//127.0.0.1:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <{target}?x=1> {body} }}",
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p << ?a ?b ?c >> }} }}",  # rdflib cannot parse: unverifiable
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} LATERAL {{ ?a ?b ?c }} }}",
        # pyoxigraph ends a comment at CR, rdflib only at LF
        f"SELECT * WHERE {{ ?s ?p ?o # comment\r SERVICE <{target}> {body} \n }}",
        # rdflib decodes escapes before tokenizing, pyoxigraph inside strings: one string to one is two to the other
        f'SELECT * WHERE {{ VALUES ?z {{ "x\\u0022 " }} SERVICE <{target}> {body} VALUES ?w {{ " \\u0022" }} }}',
        f"SELECT * WHERE {{ VALUES ?z {{ 'x\\u0027 ' }} SERVICE <{target}> {body} VALUES ?w {{ ' \\u0027' }} }}",
        f"SELECT * WHERE {{ SERVICE <{target}> {body} }} # \\u000A",
        f"SELECT * WHERE {{ SERVICE <https://query.wikidata.org/sp\\u00000061rql> {body} }}",
    ]


def test_policy_rejects_every_spelling(listener):
    allowlist = ["https://query.wikidata.org/sparql"]
    for query in spellings(listener.port):
        with pytest.raises(PolicyError):
            check(query, allowlist)


def test_policy_accepts_listed_endpoints_in_any_spelling():
    allowlist = ["https://query.wikidata.org/sparql"]
    check("PREFIX wd: <https://query.wikidata.org/> SELECT * { SERVICE wd:sparql { ?s ?p ?o } }", allowlist)
    check("SELECT * { SERVICE <https://query.wikidata.org/\\u0073parql> { ?s ?p ?o } }", allowlist)
    check("SELECT * { ?s ?p 'service' } # no SERVICE call here", allowlist)
    check("SELECT * {\r\n SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } # CRLF\r\n}", allowlist)


def test_relative_service_iris_are_refused_even_when_they_resolve_to_a_listed_one():
    allowlist = ["https://query.wikidata.org/sparql"]
    for query in [
        "BASE <https://query.wikidata.org/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
        "BASE <https://query.wikidata.org/> PREFIX w: <> SELECT * { SERVICE w:sparql { ?s ?p ?o } }",
    ]:
        with pytest.raises(PolicyError, match="absolute"):
            check(query, allowlist)
    with pytest.raises(PolicyError, match="absolute"):
        check("SELECT * { SERVICE <sparql> { ?s ?p ?o } }", allowlist, base_iri="https://query.wikidata.org/")


def test_no_query_makes_the_server_contact_an_unlisted_endpoint(client, listener):
    for query in spellings(listener.port):
        for response in (
            client.get("/sparql", query_string={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}),
        ):
            assert response.status_code == 400, (query, response.text)
            assert response.json["error"]
    load = client.post("/sparql", data={"update": f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"})
    assert load.status_code == 403
    assert listener.connections == 0


def test_dataset_iris_are_graph_names_never_fetched(client, listener):
    """FROM, FROM NAMED, DESCRIBE and the dataset parameters name graphs of the store: nothing is loaded."""
    before = listener.connections
    graph = f"http://127.0.0.1:{listener.port}/data.ttl"
    for query, params in [
        (f"SELECT * FROM <{graph}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{graph}> WHERE {{ ?s ?p ?o }}", {}),
        (f"DESCRIBE <{graph}>", {}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": graph}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": graph}),
    ]:
        response = client.get("/sparql", query_string={"query": query, **params}, headers={"Accept": "*/*"})
        assert response.status_code == 200, response.text
        assert b"remote" not in response.data and b"local" not in response.data  # an empty dataset
    assert listener.connections == before


def test_the_listener_would_notice_a_call(tmp_path, listener):
    """Control: with the listener allowed, pyoxigraph does contact it (so the test above proves something)."""
    store_dir = make_store(tmp_path / "store", "http://example.org/x")
    target = f"http://127.0.0.1:{listener.port}/sparql"
    before = listener.connections
    with serving({"STORE_DIR": store_dir, "WORKERS": 1, "SERVICE_ALLOWLIST": [target]}) as app:
        query = f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code in (400, 502)
    assert response.json["error"]
    assert listener.connections > before


def test_federated_query_to_an_allowed_endpoint(client, standin):
    query = (
        f"SELECT ?s WHERE {{ {{ SERVICE <{standin.url}/sparql> {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }} }} ORDER BY ?s"
    )
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.text
    subjects = [row["s"]["value"] for row in response.json["results"]["bindings"]]
    assert subjects == ["http://example.org/from-standin", "http://example.org/local"]
