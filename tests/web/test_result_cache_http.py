"""Answers kept until the store changes (issue 18): a repeated query is answered from the result cache, the same
GET again is replayed whole before Flask, a client that revalidates gets 304 without the query running, and a new
store generation (here `kg load`) empties it."""

import pytest
from flask import request

from conftest import build_fixture
from govkg.load import load_files
from govkg.server.querying.answers import result_cache
from support.served import serving

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def store(tmp_path):
    store_dir = tmp_path / "kg-store"
    build_fixture(store_dir)
    return store_dir


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def test_a_repeated_query_is_answered_from_the_cache_until_the_store_changes(store, tmp_path):
    with serving({"STORE_DIR": store, "WORKERS": 1}) as app:
        client, cache = app.test_client(), result_cache(app)
        first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        before = count(first)
        assert cache.hits == 0
        assert count(client.get("/sparql", query_string={"query": COUNT}, headers=JSON)) == before
        assert cache.hits == 1
        extra = tmp_path / "extra.nt"
        extra.write_text("<urn:a> <urn:b> <urn:c> .\n")
        load_files(store, [extra])
        after = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        assert count(after) == before + 1  # the new generation's answer, not the kept one
        assert after.headers["ETag"] != first.headers["ETag"]


def test_a_client_that_revalidates_gets_304_without_the_query_running(store):
    with serving({"STORE_DIR": store, "WORKERS": 1}) as app:
        client, cache = app.test_client(), result_cache(app)
        first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        tag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "no-cache" and tag
        again = client.get("/sparql", query_string={"query": COUNT}, headers={**JSON, "If-None-Match": tag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
        assert (cache.misses, cache.hits) == (2, 0)  # the first GET's two lookups (its request, its query); the 304 none
        other = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "text/csv"})
        assert other.status_code == 200 and other.headers["ETag"] != tag  # another format, another tag


def test_federated_and_posted_queries_have_no_tag_and_are_not_kept(store):
    with serving({"STORE_DIR": store, "WORKERS": 1, "SERVICE_ALLOWLIST": []}) as app:
        client = app.test_client()
        posted = client.post("/sparql", data={"query": COUNT}, headers=JSON)
        assert posted.status_code == 200 and "ETag" not in posted.headers
        federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        refused = client.get("/sparql", query_string={"query": federated}, headers=JSON)
        assert refused.status_code == 400 and "ETag" not in refused.headers
        assert len(result_cache(app)) == 1  # the POSTed count only


def test_the_same_get_again_is_replayed_whole_without_entering_flask(store, tmp_path):
    with serving({"STORE_DIR": store, "WORKERS": 1}) as app:
        entered: list[str] = []
        app.before_request(lambda: entered.append(request.full_path) and None)
        client = app.test_client()

        def ask(**headers):
            return client.get("/sparql", query_string={"query": COUNT}, headers={**JSON, **headers})

        first = ask()
        assert len(entered) == 1
        again = ask()
        assert len(entered) == 1  # replayed: Flask never saw it
        assert (again.status_code, again.data) == (first.status_code, first.data)
        assert sorted(again.headers.items()) == sorted(first.headers.items())
        assert client.get("/queries/greetings?format=json").status_code == 200
        assert client.get("/queries/greetings?format=json").status_code == 200
        assert len(entered) == 2  # named queries too
        assert ask(**{"X-Forwarded-For": "203.0.113.7"}).data == first.data and len(entered) == 2  # another client
        ask(**{"X-Forwarded-Host": "mirror.example"})
        assert len(entered) == 3  # a proxy's host may change the links a view writes: asked again

        other_format = ask(Accept="text/csv")
        assert len(entered) == 4 and other_format.headers["ETag"] != first.headers["ETag"]
        revalidated = ask(**{"If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304 and len(entered) == 5  # conditional requests go to Flask
        assert client.head("/sparql", query_string={"query": COUNT}, headers=JSON).status_code == 200
        assert client.post("/sparql", data={"query": COUNT}, headers=JSON).status_code == 200
        assert len(entered) == 7
        for _ in range(2):
            assert client.get("/sparql", query_string={"query": "SELECT nonsense"}, headers=JSON).status_code == 400
        assert len(entered) == 9  # refusals are never replayed

        extra = tmp_path / "extra.nt"
        extra.write_text("<urn:a> <urn:b> <urn:c> .\n")
        load_files(store, [extra])
        after = ask()
        assert len(entered) == 10 and count(after) == count(first) + 1  # a new generation: asked again
        assert count(ask()) == count(first) + 1 and len(entered) == 10


def test_replayed_responses_count_against_the_cache_budget(store):
    with serving({"STORE_DIR": store, "WORKERS": 1, "CACHE_MB": 1}) as app:
        client, cache = app.test_client(), result_cache(app)
        for limit in range(1, 400):
            query = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {limit * 5}"
            assert client.get("/sparql", query_string={"query": query}, headers=JSON).status_code == 200
            assert cache.size <= cache.max_bytes
        assert 0 < len(cache) < 2 * 399  # the oldest answers and responses went
