"""The query pages (/queries, /queries/NAME) through the test client, over the built store; the federated queries
call a real stand-in endpoint."""

import pytest

from conftest import FIXTURES
from govkg.sparql import named
from support.answers import CORPUS_EXPECTED, EXPECTED, FEDERATED, compact_rows
from support.served import BROWSER, serving
from support.standin_endpoint import StandinEndpoint

WIKIDATA = named.WIKIDATA_ENDPOINT


@pytest.fixture(scope="module")
def standin():
    with StandinEndpoint(FIXTURES / "wikidata-fixture.ttl") as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def app(built_store, standin):
    config = {
        "STORE_DIR": built_store,
        "WORKERS": 2,
        "SERVICE_ALLOWLIST": [WIKIDATA, standin.url],
        "QUERY_SERVICE_MAP": {WIKIDATA: standin.url},
    }
    with serving(config) as made:
        yield made


@pytest.fixture
def client(app):
    return app.test_client()


def test_index_as_json(client):
    response = client.get("/queries")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    listing = response.json["queries"]
    assert [q["name"] for q in listing] == sorted(named.library())
    visits = next(q for q in listing if q["name"] == "visits")
    assert visits["url"] == "https://w3id.org/govkg/queries/visits"  # under the public base, not the Host
    assert visits["params"] == [{"name": "visitor", "kind": "iri", "default": None, "required": False,
                                 "description": "only the visits of this person, e.g. gkr:OlzhasBektenov"}]


def test_index_as_html(client):
    response = client.get("/queries", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    for query in named.library().values():
        assert f'href="/queries/{query.name}"' in response.text
    assert "Do Wikidata&#39;s heads of state" in response.text  # titles are escaped


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_answer_over_http(client, name):
    response = client.get(f"/queries/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    columns, rows = EXPECTED[name]
    assert compact_rows(response.json) == (columns, sorted(rows))


@pytest.fixture(scope="module")
def corpus_client(corpus_store):
    """A client of the app over both reports (the seed and the second report)."""
    with serving({"STORE_DIR": corpus_store, "WORKERS": 2}) as made:
        yield made.test_client()


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_every_answer_on_the_corpus_over_http(corpus_client, name):
    response = corpus_client.get(f"/queries/{name}")
    assert response.status_code == 200, response.text
    columns, rows = CORPUS_EXPECTED[name]
    assert compact_rows(response.json) == (columns, sorted(rows))


@pytest.mark.parametrize("name", sorted(FEDERATED))
def test_federated_answers_through_the_standin(client, standin, name):
    before = len(standin.requests)
    response = client.get(f"/queries/{name}")
    assert response.status_code == 200, response.text
    assert len(standin.requests) > before
    columns, rows = FEDERATED[name]
    assert compact_rows(response.json) == (columns, sorted(rows))


def test_parameters_from_the_query_string(client):
    response = client.get("/queries/posts-held", query_string={"person": "gkr:AkylbekJaparov"})
    _, rows = compact_rows(response.json)
    assert {row[0] for row in rows} == {"gkr:AkylbekJaparov"} and len(rows) == 2
    empty = client.get("/queries/posts-held", query_string={"person": ""})  # an empty form field: not given
    assert len(empty.json["results"]["bindings"]) == 5


@pytest.mark.parametrize(
    "headers, params, media_type",
    [
        ({"Accept": "text/csv"}, {}, "text/csv; charset=utf-8"),
        ({"Accept": "application/sparql-results+xml"}, {}, "application/sparql-results+xml"),
        ({"Accept": "text/html;q=0.5, application/sparql-results+json"}, {}, "application/sparql-results+json"),
        ({}, {"format": "tsv"}, "text/tab-separated-values; charset=utf-8"),
        ({"Accept": BROWSER}, {"format": "json"}, "application/sparql-results+json"),
        ({}, {"format": "html"}, "text/html; charset=utf-8"),
    ],
)
def test_negotiation_as_at_sparql(client, headers, params, media_type):
    response = client.get("/queries/visits", headers=headers, query_string=params)
    assert response.status_code == 200 and response.headers["Content-Type"] == media_type
    assert "Accept" in response.headers["Vary"]


def test_html_view_has_form_result_and_downloads(client):
    response = client.get(
        "/queries/posts-held", query_string={"person": "gkr:SadyrJaparov"}, headers={"Accept": BROWSER}
    )
    assert response.status_code == 200
    page = response.text
    assert '<input name="person" value="gkr:SadyrJaparov"' in page
    president = 'href="/id/PresidentOfKyrgyzstan" title="https://w3id.org/govkg/id/PresidentOfKyrgyzstan">'
    assert f"<td><a {president}President of Kyrgyzstan</a></td>" in page and "1 row" in page  # labelled
    assert 'href="/queries/posts-held?person=gkr:SadyrJaparov&amp;format=csv"' in page
    assert "SELECT ?person ?post" in page


@pytest.mark.parametrize(
    "path, params, status, message",
    [
        ("/queries/no-such-question", {}, 404, "unknown query 'no-such-question'"),
        ("/queries/posts-held", {"person": "Bektenov"}, 400, "parameter 'person' (iri): 'Bektenov'"),
        ("/queries/posts-held", {"colour": "red"}, 400, "unknown parameter 'colour'"),
        ("/queries/posts-held", {"person": ["gkr:A", "gkr:B"]}, 400, "parameter 'person' given 2 times"),
        ("/queries/visits", {"format": "png"}, 406, "format 'png' is not offered"),
    ],
)
def test_bad_requests_are_4xx_with_a_json_body(client, path, params, status, message):
    response = client.get(path, query_string=params)
    assert response.status_code == status
    assert message in response.json["error"]


def test_bad_parameter_in_the_browser_shows_the_form_again(client):
    response = client.get("/queries/posts-held", query_string={"person": "Bektenov"}, headers={"Accept": BROWSER})
    assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/html")
    assert 'class="error"' in response.text and "Bektenov" in response.text


def test_same_safety_rules_as_sparql(built_store, standin):
    """A SERVICE endpoint off the allow-list is refused; the row cap applies and says so."""
    config = {"STORE_DIR": built_store, "WORKERS": 1, "ROW_CAP": 3, "QUERY_SERVICE_MAP": {WIKIDATA: standin.url}}
    with serving(config) as app:
        client = app.test_client()
        refused = client.get("/queries/wikidata-people")
        assert refused.status_code == 400 and "allow-list" in refused.json["error"]
        capped = client.get("/queries/source-sentence")
        assert capped.headers["X-SPARQL-Truncated"] == "true"
        assert len(capped.json["results"]["bindings"]) == 3
