"""The SPARQL endpoint on a real waitress server, where the server is the point: the timeout that kills a runaway
query while others are served, concurrent clients, a crashing worker, the request limits of the HTTP server, an
invalid Host header, and the site under a URL prefix. (The protocol itself: tests/web/test_sparql.py.)"""

import os
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from govkg.server import create_app
from govkg.server.querying.answers import query_service
from govkg.server.serve import RunningServer
from govkg.sparql import named
from support.pages import Links

TIMEOUT = 2.0
COUNT_AGENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?x a <https://w3id.org/govkg/ontology#Agent> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(built_store):
    config = {"STORE_DIR": built_store, "WORKERS": 2, "QUERY_TIMEOUT": TIMEOUT, "MAX_REQUEST_BYTES": 20_000}
    with RunningServer(create_app(config), port=0, threads=6) as running:
        yield running


@pytest.fixture
def endpoint(server):
    return server.url + "/sparql"


def get(endpoint, query, **kwargs):
    return requests.get(endpoint, params={"query": query, **kwargs.pop("params", {})}, timeout=30, **kwargs)


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def agents(server) -> int:
    """How many agents the store holds (the answer of COUNT_AGENTS)."""
    return count(get(server.url + "/sparql", COUNT_AGENTS))


def test_timeout_kills_the_query_and_others_are_served(server, endpoint, agents):
    service = query_service(server.app)
    pids_before = service.pids()
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(response=get(endpoint, RUNAWAY)))
    thread.start()
    for _ in range(1000):  # bounded wait until a worker has taken the runaway query
        if service.busy() == 1:
            break
        time.sleep(0.01)
    served_meanwhile = get(endpoint, COUNT_AGENTS)  # the other worker answers while the runaway query runs
    assert thread.is_alive() and "response" not in slow
    thread.join()
    assert count(served_meanwhile) == agents
    response = slow["response"]
    assert response.status_code == 503
    assert "timed out" in response.json()["error"]
    killed = pids_before - service.pids()
    assert len(killed) == 1
    for pid in killed:  # its CPU is freed: the process no longer exists
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert len(service.pids()) == 2
    assert count(get(endpoint, COUNT_AGENTS)) == agents


def test_concurrent_clients(endpoint, agents):
    results = []

    def client():
        results.extend(count(get(endpoint, COUNT_AGENTS)) for _ in range(5))

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [agents] * 30


def test_the_url_limit_is_the_apps_not_waitress(built_store):
    """waitress alone refuses request heads over 256 KiB with a plain-text 431; the app's cap decides instead."""
    config = {"STORE_DIR": built_store, "WORKERS": 1, "MAX_REQUEST_BYTES": 400_000}
    with RunningServer(create_app(config), port=0) as running:
        padded = "ASK {} #" + "x" * 300_000
        assert get(running.url + "/sparql", padded).status_code == 200
        too_long = get(running.url + "/sparql", padded + "x" * 120_000)
        assert too_long.status_code == 413
        assert "limit" in too_long.json()["error"]


BOMB = "SELECT (STRLEN(?v28) AS ?n) WHERE { BIND('0123456789' AS ?v0) " + " ".join(
    f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(28)
) + " }"  # 2.7 GB of string


def test_a_crashing_query_ends_its_worker_only(built_store, agents):
    """A query that needs more than the worker's memory limit, or that is nested too deeply for the
    parser's stack, kills its worker (never the server): 503 saying so, and a fresh worker."""
    config = {"STORE_DIR": built_store, "WORKERS": 1, "WORKER_MEMORY_MB": 1024}
    with RunningServer(create_app(config), port=0) as running:
        service = query_service(running.app)
        for query in (BOMB, "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000):
            before = service.pids()
            response = get(running.url + "/sparql", query)
            assert response.status_code == 503
            assert "crashed" in response.json()["error"]
            assert len(service.pids()) == 1 and service.pids() != before
            assert count(get(running.url + "/sparql", COUNT_AGENTS)) == agents


@pytest.mark.parametrize("host", ["a:99999", "a b", "x>y"])
def test_an_invalid_host_header_is_a_400(endpoint, host):
    """The endpoint's URL (the queries' base IRI, the service description's sd:endpoint) comes from Host."""
    for response in (get(endpoint, "ASK {}", headers={"Host": host}), requests.get(endpoint, headers={"Host": host})):
        assert response.status_code == 400
        assert "invalid Host header" in response.json()["error"]


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


# --- the site under a URL prefix ---


def test_every_link_resolves_under_a_url_prefix(built_store):
    """Mounted at /prefix/ (SCRIPT_NAME, as behind a reverse proxy), every link and form of the landing, query,
    queries and entity pages stays under the prefix, one link of each route answers through the real server, and
    nothing is served outside the prefix."""
    app = create_app({"STORE_DIR": built_store, "WORKERS": 2})
    app.wsgi_app = DispatcherMiddleware(NotFound(), {"/prefix": app.wsgi_app})  # type: ignore[method-assign]
    federated = {q.name for q in named.library().values() if q.network}
    with RunningServer(app, port=0, threads=4) as running:
        root = running.url + "/prefix/"
        assert requests.get(running.url + "/query", timeout=30).status_code == 404
        followed: dict[str, str] = {}
        for page in ["", "query", "queries", "page?iri=gkr:Kazakhstan", "id/OlzhasBektenov"]:
            response = requests.get(root + page, headers={"Accept": BROWSER}, timeout=30)
            assert response.status_code == 200, (page, response.text[:300])
            links = Links(response.text)
            for url in [urljoin(response.url, url) for url in links.urls + links.forms]:
                if not url.startswith(running.url):
                    continue  # a link to another site (Wikidata, a publisher)
                path = urlsplit(url).path
                assert path.startswith("/prefix/"), (page, url)
                if url not in links.forms and path.rsplit("/", 1)[-1] not in federated:
                    followed.setdefault(path.removeprefix("/prefix/").split("/")[0], url)
        assert {"", "query", "queries", "page", "id", "graph", "downloads", "docs", "static"} <= set(followed)
        for url in followed.values():
            answer = requests.get(url, headers={"Accept": BROWSER}, timeout=30)
            assert answer.status_code == 200, (url, answer.status_code)
            assert urlsplit(answer.url).path.startswith("/prefix/")
        editor = requests.get(root + "query", timeout=30).text
        assert '"endpoint": "/prefix/sparql"' in editor and '"root": "/prefix/"' in editor
