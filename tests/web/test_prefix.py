"""The site under a URL prefix, through the test client: mounted at /prefix/ (SCRIPT_NAME, as behind a reverse
proxy that forwards /prefix/...), every link the pages build stays under the prefix and answers."""

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client, TestResponse

from govkg.sparql import named
from support.pages import Links
from support.served import BROWSER, built_app

#: The landing, query, queries and entity pages, and the ontology documentation (docs/build_docs.py).
PAGES = ["", "query", "query?example=visits", "queries", "queries/posts-held", "page?iri=gkr:Kazakhstan",
         "id/OlzhasBektenov", "page?iri=https://w3id.org/govkg/ontology%23holdsPost", "docs/ontology/"]


@pytest.fixture(scope="module")
def client(built_store):
    """A test client of the site mounted at /prefix/ (nothing is served outside it)."""
    mounted = DispatcherMiddleware(NotFound(), {"/prefix": built_app(built_store)})
    return Client(mounted, response_wrapper=TestResponse)


def test_nothing_is_served_outside_the_prefix(client):
    assert client.get("/query").status_code == 404
    assert client.get("/prefix/query").status_code == 200


def route(url: str) -> tuple[str, bool]:
    """What a URL exercises: the first segment of its path under the prefix, and whether it has a query."""
    parts = urlsplit(url)
    return parts.path.removeprefix("/prefix/").split("/")[0], bool(parts.query)


def test_every_link_of_the_pages_is_under_the_prefix_and_each_route_answers(client):
    """Every link and form of the landing, query, queries and entity pages is under /prefix/; one link of each
    route (downloads, entity and graph pages, queries, docs, static files, ...) is followed and answers (every
    link of the landing page answers without a prefix: tests/web/test_web_pages.py)."""
    federated = {q.name for q in named.library().values() if q.network}
    followed: dict[tuple[str, bool], str] = {}
    for page in PAGES:
        url = "http://localhost/prefix/" + page
        response = client.get(url, headers={"Accept": BROWSER}, follow_redirects=True)
        assert response.status_code == 200, (page, response.text[:300])
        links = Links(response.text)
        for link in [urljoin(url, link) for link in links.urls + links.forms]:
            if urlsplit(link).netloc != "localhost":
                continue  # a link to another site (Wikidata, a publisher)
            assert urlsplit(link).path.startswith("/prefix/"), (page, link)
            if link not in [urljoin(url, form) for form in links.forms] and link.rsplit("/", 1)[-1] not in federated:
                followed.setdefault(route(link), link)
    assert {"", "query", "queries", "page", "id", "graph", "downloads", "docs", "static", ".well-known"} <= {
        segment for segment, _ in followed
    }
    for link in followed.values():
        answer = client.get(link, headers={"Accept": BROWSER}, follow_redirects=True)
        assert answer.status_code == 200, (link, answer.status_code)
        assert answer.request.path.startswith("/prefix/")  # redirects stay under the prefix too


def test_redirects_and_the_editors_settings_carry_the_prefix(client):
    see_other = client.get("/prefix/id/Kazakhstan", headers={"Accept": BROWSER})
    assert see_other.status_code == 303 and see_other.headers["Location"].startswith("/prefix/page?iri=")
    assert client.get("/prefix/sparql", headers={"Accept": BROWSER}).headers["Location"] == "/prefix/query"
    editor = client.get("/prefix/query").text
    config = json.loads(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', editor)[1])
    assert (config["endpoint"], config["root"]) == ("/prefix/sparql", "/prefix/")
    assert config["examples"]["visits"]["page"] == "/prefix/queries/visits"
    listing = client.get("/prefix/queries").json["queries"]
    assert {q["url"] for q in listing} == {f"https://w3id.org/govkg/queries/{q}" for q in named.library()}
