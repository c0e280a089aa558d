"""Hostile data and hostile requests, through the test client (issue 19, items 6 and 10): IRIs and literals of the
data never become links to script or to other sites by a protocol-relative path; every response carries the
Content-Security-Policy and the other protective headers; the Host header is never reflected."""

import re
from html.parser import HTMLParser

import pyoxigraph
import pytest

from govkg.rdf.namespaces import GKO, GKR, PREFIXES, article_graph
from govkg.store import new_generation
from support.served import BROWSER, serving

PUBLIC_BASE = "https://w3id.org/govkg/"
SCRIPT = "javascript:alert(1)"
#: An IRI under the public base whose rest starts with "/": cut off the base, it reads as //evil.example/x.
UNDER_BASE = PUBLIC_BASE + "/evil.example/x"
EVIL = str(GKR.Evil)


def node(iri: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(iri)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A store holding hostile IRIs and literals: as Wikidata matches, property values, a publisher's URL."""
    store_dir = tmp_path_factory.mktemp("hostile") / "kg-store"
    graph = node(article_graph("hostile"))
    article, publisher, other = node(str(GKR["article/hostile"])), node(str(GKR.Publisher)), node(str(GKR.Other))
    rdf_type, label = node(PREFIXES["rdf"] + "type"), node(PREFIXES["rdfs"] + "label")
    quads = [
        (node(EVIL), node(str(GKO.externalMatch)), node(SCRIPT)),
        (node(EVIL), node(str(GKO.externalMatch)), node(UNDER_BASE)),
        (node(EVIL), node("https://example.org/see"), node(UNDER_BASE)),
        (node(EVIL), node("https://example.org/see"), node(SCRIPT)),
        (article, rdf_type, node(str(GKO.NewsArticle))),
        (article, node(PREFIXES["dcterms"] + "publisher"), publisher),
        (publisher, label, pyoxigraph.Literal("Publisher")),
        (publisher, node(PREFIXES["schema"] + "url"), node(SCRIPT)),
        (other, rdf_type, node(str(GKO.NewsArticle))),
        (other, node(PREFIXES["dcterms"] + "publisher"), node(str(GKR.LiteralPublisher))),
        (node(str(GKR.LiteralPublisher)), node(PREFIXES["schema"] + "url"), pyoxigraph.Literal("JavaScript:alert(2)")),
    ]
    with new_generation(store_dir) as store:
        store.extend(pyoxigraph.Quad(*triple, graph) for triple in quads)
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as made:
        yield made


@pytest.fixture
def client(app):
    return app.test_client()


class Urls(HTMLParser):
    """Every URL-valued attribute of a page (href, src, action), as written."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src", "action") and value is not None]


def assert_safe_links(text: str) -> None:
    """Every URL of the page is a path of this site (one slash), an http(s) URL or a fragment."""
    for url in Urls(text).found:
        assert re.match(r"(/(?!/)|https?://|#)", url.strip()), url


@pytest.mark.parametrize("path", ["/", f"/page?iri={EVIL}", f"/page?iri={UNDER_BASE}", f"/page?iri={SCRIPT}"])
def test_data_never_becomes_a_script_or_protocol_relative_link(client, path):
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    assert_safe_links(response.text)


def test_the_hostile_values_are_shown_as_text(client):
    landing = client.get("/").text
    assert f"({SCRIPT})" in landing and "(JavaScript:alert(2))" in landing  # the publisher URLs, not linked
    page = client.get("/page", query_string={"iri": EVIL}).text
    wikidata = re.search(r'<section aria-labelledby="wikidata">(.*?)</section>', page, re.DOTALL)[1]
    assert f"<li>{SCRIPT}" in wikidata  # a match that is no http(s) URL: text
    assert f'<a href="{UNDER_BASE}">' in wikidata  # an https URL: a link to it, whole
    assert 'href="/page?iri=https://w3id.org/govkg//evil.example/x"' in page  # the value: its page on this site


@pytest.mark.parametrize("path", ["/", "/query", "/queries", f"/page?iri={EVIL}", "/sparql", "/nothing"])
def test_every_response_has_the_protective_headers(client, path):
    response = client.get(path, headers={"Accept": BROWSER})
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_ontology_documentation_may_only_use_its_inline_styles(built_store):
    with serving({"STORE_DIR": built_store, "WORKERS": 1}) as app:
        policy = app.test_client().get("/docs/ontology/").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy


@pytest.mark.parametrize(
    "path, params",
    [
        ("/sparql", {}),
        ("/sparql", {"query": 'SELECT (IRI("relative") AS ?iri) WHERE {}'}),
        ("/queries", {}),
        ("/.well-known/void", {}),
        ("/", {}),
        (f"/id/{EVIL.removeprefix(PUBLIC_BASE + 'id/')}", {}),
    ],
)
def test_the_host_header_is_not_reflected(client, path, params):
    response = client.get(path, query_string=params, headers={"Host": "evil.example"})
    assert response.status_code in (200, 303), response.text[:300]
    assert b"evil.example" not in response.data
    assert "evil.example" not in response.headers.get("Location", "")


def test_urls_for_programs_are_under_the_public_base(client):
    assert all(q["url"].startswith(PUBLIC_BASE + "queries/") for q in client.get("/queries").json["queries"])
    answer = client.get("/sparql", query_string={"query": 'SELECT (IRI("x") AS ?iri) WHERE {}'})
    assert answer.json["results"]["bindings"][0]["iri"]["value"] == PUBLIC_BASE + "x"  # the base of queries
    description = client.get("/sparql", headers={"Accept": "application/n-triples"}).text
    assert f"<http://www.w3.org/ns/sparql-service-description#endpoint> <{PUBLIC_BASE}sparql>" in description
