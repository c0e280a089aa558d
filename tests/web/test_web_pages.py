"""The web pages through the test client: the landing page /, the query editor /query and the ontology
documentation /docs/ontology/."""

import json
import re
import shutil
from html.parser import HTMLParser

import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, RDFS

from govkg.project import BUNDLED_ONTOLOGY
from govkg.rdf.namespaces import GKO, GRAPH, PREFIXES
from govkg.server.views.editor import STARTER_QUERY
from govkg.server.views.landing import ARTICLES_PER_PAGE
from govkg.sparql import named
from govkg.store import GRAPH_SIZES, current_generation, new_generation, open_read_only
from support.served import BROWSER, serving

PUBLIC_BASE = "https://w3id.org/govkg/"
#: Elements without an end tag (HTML5).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DCTERMS_PUBLISHER = rdflib.URIRef("http://purl.org/dc/terms/publisher")


def pyoxigraph_iri(term) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(term))


class Page(HTMLParser):
    """A parsed page: its elements (tag, attributes, text), and every nesting error found on the way."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.errors, self._open = [], [], []
        self.feed(text)
        self.close()
        self.errors += [f"<{element['tag']}> never closed" for element in self._open]

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": ""})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self._open or self._open[-1]["tag"] != tag:
            self.errors.append(f"</{tag}> closes <{self._open[-1]['tag'] if self._open else 'nothing'}>")
            return
        self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find(self, tag: str, **attrs) -> list[dict]:
        """The elements ``tag`` whose attributes include ``attrs`` (``class_`` for class; None: present, no value)."""
        wanted = {name.rstrip("_"): value for name, value in attrs.items()}
        return [
            e
            for e in self.elements
            if e["tag"] == tag and all(k in e["attrs"] and e["attrs"][k] == v for k, v in wanted.items())
        ]

    def hrefs(self) -> set[str]:
        return {e["attrs"]["href"] for e in self.elements if e["tag"] == "a" and "href" in e["attrs"]}


def well_formed_page(response) -> Page:
    """The parsed HTML of a 200 text/html response, checked: balanced tags, a lang, a title, site navigation."""
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = Page(response.text)
    assert page.errors == []
    assert page.find("html")[0]["attrs"].get("lang") == "en"
    assert page.find("title")[0]["text"].strip()
    assert {"/", "/query", "/queries", "/docs/ontology/"} <= page.hrefs()
    return page


def assert_controls_labelled(page: Page) -> None:
    """Every form control has a <label for> or an aria-label."""
    labelled = {e["attrs"].get("for") for e in page.find("label")}
    for element in page.elements:
        if element["tag"] in ("input", "select", "textarea") and element["attrs"].get("type") != "hidden":
            assert element["attrs"].get("id") in labelled or element["attrs"].get("aria-label"), element


def assert_no_outside_resources(page: Page) -> None:
    """Scripts, stylesheets and images come from this server (no CDN)."""
    for element in page.elements:
        source = element["attrs"].get("src") or (element["attrs"].get("href") if element["tag"] == "link" else None)
        if source:
            assert source.startswith("/") and not source.startswith("//"), element


@pytest.fixture(scope="module")
def landing(app) -> Page:
    return well_formed_page(app.test_client().get("/"))


def test_landing_page_graph_sizes_are_the_stores(landing, built_store):
    store = open_read_only(built_store)
    expected = {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}
    union = len({(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)})
    shown = {
        e["attrs"]["data-graph"]: int(e["attrs"]["value"])
        for e in landing.find("data", class_="size")
        if "data-graph" in e["attrs"]
    }
    assert shown == expected
    unions = [int(e["attrs"]["value"]) for e in landing.find("data", class_="size") if "data-graph" not in e["attrs"]]
    assert unions == [union]
    for element in landing.find("data", class_="size"):
        assert element["text"] == f"{int(element['attrs']['value']):,}"


def test_landing_page_links_downloads_by_the_url_rule(landing, built_store):
    store = open_read_only(built_store)
    hrefs = landing.hrefs()
    assert {"/downloads/dataset.nq", "/downloads/dataset.trig", "/.well-known/void"} <= hrefs
    for graph in store.named_graphs():
        key = graph.value[len(str(GRAPH)) :]
        assert {f"/downloads/{key}.{ext}" for ext in ("ttl", "nt", "jsonld", "rdf")} <= hrefs
        assert f"/graph/{key}" in hrefs  # the graph's IRI links to its dereferencing path


def test_landing_page_names_the_source_article_and_publisher(landing, built_store):
    store = open_read_only(built_store)
    articles = list(store.quads_for_pattern(None, pyoxigraph_iri(RDF.type), pyoxigraph_iri(GKO.NewsArticle), None))
    assert articles
    text = " ".join(e["text"] for e in landing.find("li"))
    for quad in articles:
        title = next(store.quads_for_pattern(quad.subject, pyoxigraph_iri(RDFS.label), None, None)).object.value
        publisher = next(store.quads_for_pattern(quad.subject, pyoxigraph_iri(DCTERMS_PUBLISHER), None, None)).object
        name = next(store.quads_for_pattern(publisher, pyoxigraph_iri(RDFS.label), None, None)).object.value
        assert title in text and name in text
        assert "/" + quad.subject.value[len(PUBLIC_BASE) :] in landing.hrefs()


def test_landing_page_lists_every_named_query_and_the_ontology(landing):
    hrefs = landing.hrefs()
    for name in named.library():
        assert f"/queries/{name}" in hrefs and f"/query?example={name}" in hrefs
    assert "/docs/ontology/" in hrefs
    assert landing.find("img", src="/docs/ontology/classes.svg")[0]["attrs"]["alt"]
    assert_no_outside_resources(landing)


def test_query_editor_page(client):
    page = well_formed_page(client.get("/query"))
    assert_controls_labelled(page)
    assert_no_outside_resources(page)
    editor = page.find("textarea", id="query")[0]
    assert editor["text"] == STARTER_QUERY  # three PREFIX lines, not the project's nineteen
    assert "PREFIX skos:" not in editor["text"] and "FILTER NOT EXISTS" in editor["text"]
    options = {e["attrs"]["value"] for e in page.find("option")}
    assert set(named.library()) <= options
    form = page.find("form", id="query-form")[0]["attrs"]
    assert form["action"] == "/sparql" and form["method"] == "get"  # without JavaScript, the form asks /sparql
    config = json.loads(page.find("script", id="editor-config")[0]["text"])
    assert config["publicBase"] == PUBLIC_BASE and config["prefixes"] == PREFIXES and config["autorun"] is True
    assert config["endpoint"] == "/sparql" and config["root"] == "/"
    assert config["examples"]["visits"]["params"] == ["visitor"]
    assert "gko:Visit" in config["terms"] and "gkr:Kazakhstan" in config["terms"]  # completions
    assert config["labels"] == "/labels"
    for script in page.find("script", defer=None):
        loaded = client.get(script["attrs"]["src"])
        assert loaded.status_code == 200 and "javascript" in loaded.headers["Content-Type"]


def test_query_editor_opens_a_named_query_or_a_given_query(client):
    visits = named.library()["visits"]
    page = well_formed_page(client.get("/query", query_string={"example": "visits"}))
    assert page.find("textarea", id="query")[0]["text"] == visits.text
    assert "selected" in page.find("option", value="visits")[0]["attrs"]
    assert json.loads(page.find("script", id="editor-config")[0]["text"])["autorun"] is True
    text = 'SELECT * WHERE { ?s ?p "<b>&" }'
    page = well_formed_page(client.get("/query", query_string={"query": text, "example": "visits"}))
    assert page.find("textarea", id="query")[0]["text"] == text
    assert not page.find("option", selected=None)


def test_query_editor_unknown_example_is_a_404_with_a_message(client):
    response = client.get("/query", query_string={"example": "no-such-query"})
    assert response.status_code == 404
    assert "unknown named query 'no-such-query'" in Page(response.text).find("p", class_="error")[0]["text"]


def test_ontology_documentation_has_an_anchor_for_every_term(client):
    response = client.get("/docs/ontology/")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    ids = set(re.findall(r'\bid="([^"]*)"', response.text))
    core = rdflib.Graph().parse(BUNDLED_ONTOLOGY / "govkg.ttl")
    terms = {str(s)[len(str(GKO)) :] for s in core.subjects() if str(s).startswith(str(GKO))}
    assert terms and terms - ids == set(), "run 'python docs/build_docs.py'"
    linked = set(re.findall(r'href="#([^"]*)"', response.text))
    assert linked - ids == set()
    assert {"../../", "../../query", "classes.svg"} <= Page(response.text).hrefs()
    svg = client.get("/docs/ontology/classes.svg")
    assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml") and "<svg" in svg.text


def test_ontology_documentation_unknown_file_is_a_404(client):
    response = client.get("/docs/ontology/secrets.txt")
    assert response.status_code == 404 and "secrets.txt" in response.json["error"]
    assert client.get("/docs/ontology/..%2Fbuild_docs.py").status_code == 404


def test_missing_ontology_documentation_is_a_clear_404(built_store, tmp_path):
    with serving({"STORE_DIR": built_store, "WORKERS": 1, "ONTOLOGY_DOCS_DIR": tmp_path / "docs"}) as app:
        for path in ("/docs/ontology/", "/docs/ontology/classes.svg"):
            response = app.test_client().get(path)
            assert response.status_code == 404
            assert "python docs/build_docs.py" in response.json["error"]


def test_landing_page_says_when_the_store_cannot_be_read(built_store):
    with serving({"STORE_DIR": built_store, "WORKERS": 1, "QUERY_TIMEOUT": 0.001}) as app:
        response = app.test_client().get("/")
    assert response.status_code == 503
    page = Page(response.text)
    alerts = " ".join(e["text"] for e in page.find("p", role="alert"))
    assert "articles: query timed out" in alerts and "(status 503)" in alerts
    # the graphs' sizes are the generation's record: no query counts them, so the table is whole
    assert "graphs:" not in alerts
    store = open_read_only(built_store)
    assert {e["attrs"]["data-graph"] for e in page.find("data", class_="size") if "data-graph" in e["attrs"]} == {
        graph.value for graph in store.named_graphs()
    }


def test_a_generation_without_a_sizes_record_is_counted_by_the_workers(built_store, tmp_path):
    store_dir = tmp_path / "store"
    shutil.copytree(built_store, store_dir, symlinks=True)
    (current_generation(store_dir) / GRAPH_SIZES).unlink()
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as app:
        page = well_formed_page(app.test_client().get("/"))
    union = int(open_read_only(store_dir).query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").__next__()["n"].value)
    assert [int(e["attrs"]["value"]) for e in page.find("data", class_="size") if "data-graph" not in e["attrs"]] == [
        union
    ]


def test_landing_page_lists_the_article_graphs_a_page_at_a_time(tmp_path):
    """With more article graphs than a page holds, the articles and their graphs come a page at a time; the other
    graphs are on every page."""
    store_dir, count = tmp_path / "store", ARTICLES_PER_PAGE * 2 + 7
    label, article_type = pyoxigraph_iri(RDFS.label), pyoxigraph_iri(GKO.NewsArticle)
    with new_generation(store_dir) as store:
        for n in range(count):
            graph = pyoxigraph.NamedNode(f"{GRAPH}article/a{n:03}")
            article = pyoxigraph.NamedNode(f"{PUBLIC_BASE}id/article-{n:03}")
            store.add(pyoxigraph.Quad(article, pyoxigraph_iri(RDF.type), article_type, graph))
            store.add(pyoxigraph.Quad(article, label, pyoxigraph.Literal(f"Article number {n:03}"), graph))
        store.add(pyoxigraph.Quad(article, label, pyoxigraph.Literal("x"), pyoxigraph.NamedNode(f"{GRAPH}links")))
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as app:
        pages = [well_formed_page(app.test_client().get(f"/?page={n}")) for n in (1, 2, 3, 4)]
    shown = [
        [e["text"] for e in page.find("a") if e["text"].startswith("Article number")] for page in pages
    ]
    assert [len(titles) for titles in shown] == [ARTICLES_PER_PAGE, ARTICLES_PER_PAGE, 7, 7]  # 4: past the end
    assert sorted(shown[0] + shown[1] + shown[2]) == [f"Article number {n:03}" for n in range(count)]
    for page, titles in zip(pages, shown, strict=True):
        graphs = {e["attrs"]["data-graph"] for e in page.find("data", class_="size") if "data-graph" in e["attrs"]}
        numbers = {title.split()[-1] for title in titles}
        assert graphs == {f"{GRAPH}article/a{n}" for n in numbers} | {f"{GRAPH}links"}
    assert "/?page=2#sources" in pages[0].hrefs() and "/?page=1#sources" in pages[1].hrefs()


def test_landing_page_says_when_there_is_no_store(tmp_path):
    with serving({"STORE_DIR": tmp_path / "none", "WORKERS": 1}) as app:
        response = app.test_client().get("/")
    assert response.status_code == 503
    alerts = " ".join(e["text"] for e in Page(response.text).find("p", role="alert"))
    assert "graphs: " in alerts and "store" in alerts


def test_landing_page_links_resolve(landing, client):
    """Every local link of the landing page answers (downloads, entity and graph pages, queries, docs); the
    federated queries' pages are left out (they would call Wikidata)."""
    federated = {f"/queries/{q.name}" for q in named.library().values() if q.network}
    for href in sorted(h for h in landing.hrefs() if h.startswith("/") and h not in federated):
        response = client.get(href, headers={"Accept": BROWSER}, follow_redirects=True)
        assert response.status_code == 200, f"{href}: {response.status_code} {response.text[:200]}"


def test_a_browser_at_the_endpoint_is_sent_to_the_editor(client):
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 303 and response.headers["Location"] == "/query"
    followed = client.get("/sparql", headers={"Accept": BROWSER}, follow_redirects=True)
    assert followed.status_code == 200 and followed.request.path == "/query" and "<textarea" in followed.text


@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "*/*", None])
def test_rdf_clients_at_the_endpoint_get_the_service_description(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200 and not response.headers["Content-Type"].startswith("text/html")
    graph = rdflib.Graph().parse(data=response.data, format=response.headers["Content-Type"].split(";")[0])
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#Service")) in graph
