"""Answers kept until the store changes (issue 18): a repeated query is answered from the result cache, a client
that revalidates gets 304 without the query running, and a new store generation (here `kg load`) empties it."""

import pytest

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
        assert (cache.misses, cache.hits) == (1, 0)  # the 304 did not even look for the answer
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
