"""The polite SPARQL client against the local stand-in endpoint: headers, GET/POST, retries, failures."""

import email.utils
from datetime import UTC, datetime, timedelta

import pytest
from rdflib import Literal, URIRef

from conftest import FIXTURES, free_port
from govkg.errors import KgError
from govkg.link.client import MAX_GET_LENGTH, USER_AGENT, EndpointUnreachable, SparqlClient
from support.standin_endpoint import ScriptedFailure, StandinEndpoint

QUERY = """SELECT ?label WHERE {
  <http://www.wikidata.org/entity/Q232> <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) = "kk")
}"""


@pytest.fixture(scope="module")
def endpoint():
    with StandinEndpoint(FIXTURES / "wikidata-fixture.ttl") as running:
        yield running


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(endpoint, waits):
    endpoint.requests.clear()
    return SparqlClient(endpoint.url, timeout=10, retries=3, backoff=0.5, max_wait=30, sleep=waits.append)


def test_select_returns_rdflib_terms_and_sends_polite_headers(client, endpoint):
    assert client.select(QUERY) == [{"label": Literal("Қазақстан", lang="kk")}]
    (request,) = endpoint.requests
    assert request.method == "GET"
    assert request.user_agent == USER_AGENT and "govkg" in USER_AGENT and "https://" in USER_AGENT
    assert request.headers["accept"] == "application/sparql-results+json"


def test_a_long_query_goes_by_post(client, endpoint):
    padding = "# " + "x" * MAX_GET_LENGTH + "\n"
    rows = client.select(padding + "SELECT ?item WHERE { ?item <http://www.wikidata.org/prop/direct/P36> ?capital }")
    assert {row["item"] for row in rows} == {URIRef("http://www.wikidata.org/entity/Q232"), URIRef("http://www.wikidata.org/entity/Q813")}
    assert [request.method for request in endpoint.requests] == ["POST"]


def test_429_with_retry_after_seconds_then_success(client, endpoint, waits):
    endpoint.fail_next(ScriptedFailure(429, {"Retry-After": "7"}))
    assert client.select(QUERY)
    assert [request.status for request in endpoint.requests] == [429, 200]
    assert waits == [7.0]


def test_503_twice_then_success_backs_off_exponentially(client, endpoint, waits):
    endpoint.fail_next(ScriptedFailure(503), ScriptedFailure(503))
    assert client.select(QUERY)
    assert [request.status for request in endpoint.requests] == [503, 503, 200]
    assert waits == [0.5, 1.0]


def test_retry_after_as_an_http_date_and_the_cap(client, endpoint, waits):
    soon = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    endpoint.fail_next(ScriptedFailure(429, {"Retry-After": soon}), ScriptedFailure(503, {"Retry-After": "3600"}))
    assert client.select(QUERY)
    assert len(endpoint.requests) == 3
    assert 10 < waits[0] <= 20
    assert waits[1] == 30  # capped at max_wait


def test_giving_up_after_the_last_retry(client, endpoint, waits):
    endpoint.fail_next(*[ScriptedFailure(502)] * 4)
    with pytest.raises(KgError, match=r"HTTP 502 after 4 tries"):
        client.select(QUERY)
    assert len(endpoint.requests) == 4 and len(waits) == 3


def test_a_bad_query_is_not_retried(client, endpoint, waits):
    with pytest.raises(KgError, match=r"refused the query: HTTP 400 bad query"):
        client.select("SELEC nothing")
    assert len(endpoint.requests) == 1 and waits == []


def test_an_answer_that_is_not_sparql_json(endpoint):
    client = SparqlClient(endpoint.url.replace("/sparql", "/sparql?format=x"), sleep=lambda _: None)
    assert client.select(QUERY)  # extra parameters in the endpoint URL are kept
    with pytest.raises(KgError, match=r"the answer is not JSON"):
        client.select("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(KgError, match=r"the answer is not SPARQL JSON results"):
        client.select("ASK { ?s ?p ?o }")


def test_an_unreachable_endpoint_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointUnreachable, match=rf"^cannot reach {url}: .*refused"):
        SparqlClient(url, timeout=5).select(QUERY)


def test_a_slow_endpoint_times_out(endpoint):
    endpoint.fail_next(ScriptedFailure(200, delay=3))
    with pytest.raises(EndpointUnreachable, match=r"^cannot reach .*: timed out"):
        SparqlClient(endpoint.url, timeout=0.3, sleep=lambda _: None).select(QUERY)


def test_only_http_endpoints():
    with pytest.raises(KgError, match="is not an http"):
        SparqlClient("file:///etc/passwd")
